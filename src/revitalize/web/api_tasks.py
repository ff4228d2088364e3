"""HTTP endpoints generated from the application layer's requests.

Every task ``family.name`` is served at ``POST /api/family/name`` (``io.linkages`` ->
``/api/io/linkages``). The request's fields are the JSON body's fields (``{"source":
"prov_io_2017", "region": "Liaoning", "technology": "published"}``); the same fields are also
accepted as query parameters (a field given in both places is an error). A table or panel can be
**uploaded** instead of named: ``multipart/form-data`` with the file in ``file`` and the other
fields as form fields; the upload becomes the request's ``source``. ``format=json|csv|xlsx``
chooses the download (``encoding=utf-8|utf-8-sig|gb18030`` that of CSV). The computation runs in a worker thread without any global lock:
warnings are recorded per request (:func:`revitalize.errors.collect_warnings`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from revitalize.errors import InputError, collect_warnings
from revitalize.tasks.base import DEPRECATED_NAMES, Task, request_fields
from revitalize.web.common import (
    CsvEncoding,
    EncodingQuery,
    Format,
    FormatQuery,
    check_encoding,
    render,
    result_responses,
)
from revitalize.web.uploads import read_input, saved_upload

__all__ = ["add_task_route", "router", "task_schema"]

router = APIRouter()
# Tasks that keep a hand-written endpoint elsewhere (uploads of judgments, matrices...).
SKIP: frozenset[str] = frozenset()


def _json_type(tp: Any) -> dict[str, Any]:
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is bool:
        return {"type": "boolean"}
    if getattr(tp, "__origin__", None) is tuple or tp is tuple:
        from revitalize.tasks.base import MAX_ITEMS

        return {"type": "array", "items": {"type": "string", "maxLength": 100},
                "maxItems": MAX_ITEMS}
    return {"type": "string", "maxLength": 500}


def task_schema(spec: Task) -> dict[str, Any]:
    """JSON schema of a task's request (the body of its endpoint)."""
    props: dict[str, Any] = {}
    required = []
    for f, tp, optional in request_fields(spec.request):
        schema = _json_type(tp)
        meta = f.metadata
        # the request's own bound on text (tasks.base.Request._check), stated in the schema
        limit = meta.get("max_length", 500)
        if schema.get("type") == "array":
            schema["items"]["maxLength"] = limit
        elif schema.get("type") == "string":
            schema["maxLength"] = limit
        if meta.get("choices"):
            schema["enum"] = list(meta["choices"])
        if f.name == "year":
            schema.update(minimum=1900, maximum=2100)
        for key, name in (("minimum", "minimum"), ("maximum", "maximum")):
            if meta.get(key) is not None:
                schema[name] = meta[key]
        schema["description"] = meta.get("help", "")
        if f.default is dataclasses.MISSING:
            required.append(f.name)
        else:
            default = f.default
            schema["default"] = list(default) if isinstance(default, tuple) else default
        if optional:
            schema = {"anyOf": [schema, {"type": "null"}], "description": schema["description"],
                      **({"default": schema["default"]} if "default" in schema else {})}
        props[f.name] = schema
    out = {"type": "object", "title": spec.request.__name__, "properties": props,
           "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def _body_doc(spec: Task) -> dict[str, Any]:
    schema = task_schema(spec)
    form = {}
    for key, prop in schema["properties"].items():
        if key == "source":
            continue
        inner = prop.get("anyOf", [prop])[0]
        if inner.get("type") == "array":  # a form field carries a list as comma-separated text
            prop = {"type": "string", "maxLength": 20_000,
                    "description": prop.get("description", "") + " Comma-separated."}
        form[key] = prop
    multipart = {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "A table or panel to analyse instead of a named source."},
        **form}, "required": ["file"]}
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema},
        "multipart/form-data": {"schema": multipart}}}}


def _merge(query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    both = sorted(set(query) & set(body))
    if both:
        raise InputError(f"{both[0]!r} given both as a query parameter and in the body",
                         field=both[0], expected="each field in one place")
    return {**query, **body}


def _endpoint(spec: Task):
    from revitalize.tasks import run

    async def endpoint(request: Request, format: Format = FormatQuery,
                       encoding: CsvEncoding = EncodingQuery):
        check_encoding(format, encoding)  # refused before the work, not after
        settings = request.app.state.settings
        catalog = request.app.state.catalog
        query = {k: v for k, v in request.query_params.items()
                 if k not in ("format", "encoding")}
        body = await read_input(request, limit=settings.max_upload_bytes)
        if body.file is not None:
            data = _merge(query, dict(body.fields))
            if "source" in data or "dataset" in data:
                raise InputError("a file and a source given", field="source",
                                 expected="either an upload or a named source")
            kind = getattr(spec.request, "upload_kind", "table")  # "table" or "judgments"
            with saved_upload(body.file, kind=kind, limit=settings.max_upload_bytes) as path:
                data["source"] = str(path)

                def compute_upload():
                    with collect_warnings() as notes:
                        req = spec.request.from_mapping(data, where="form")
                    result = run(req, catalog.allowing(path))
                    return _finish(result, notes, upload=body.file.name, path=str(path))

                result = await run_in_threadpool(compute_upload)
        elif body.json is None and (body.fields or "multipart" in request.headers.get(
                "content-type", "")):
            raise InputError("a multipart request without a file", field="file",
                             expected="the table or panel in the part named 'file', or a JSON "
                                      "body naming a source")
        else:
            if body.json is None and "json" in request.headers.get("content-type", ""):
                raise InputError("is null", field="body", expected="a JSON object")
            payload = body.json if body.json is not None else {}

            def compute_json():
                with collect_warnings() as notes:
                    req = spec.request.from_json(payload, text_fields=query)
                return _finish(run(req, catalog), notes)

            result = await run_in_threadpool(compute_json)
        return render(result, format, spec.command.replace("-", "_"), encoding)

    endpoint.__name__ = spec.name.replace(".", "_")
    endpoint.__doc__ = (spec.request.__doc__ or spec.summary).strip()
    return endpoint


def _finish(result, notes, *, upload: str | None = None, path: str | None = None):
    """Add the parsing notes (deprecated names) to the warnings; name an upload by its name,
    never by its temporary path."""
    from types import MappingProxyType

    meta = dict(result.meta)
    meta["warnings"] = [w.to_dict() for w in notes] + list(meta.get("warnings") or [])
    if upload is not None:
        meta["request"] = {**meta.get("request", {}), "source": upload}
        meta["input"] = {"source": upload, "origin": "upload", "dataset": None, "file": upload}
        text = str(path)
        meta["warnings"] = [{**w, "message": str(w["message"]).replace(text, upload)}
                            for w in meta["warnings"]]
    return dataclasses.replace(result, meta=MappingProxyType(meta))


def register(app_router: APIRouter | None = None) -> APIRouter:
    """Add one POST route per task to ``router``."""
    from revitalize.tasks import load_all

    target = router if app_router is None else app_router
    for name, spec in sorted(load_all().items()):
        if name in SKIP:
            continue
        add_task_route(target, spec, f"/api/{spec.group}/{spec.command}")
    return target


def add_task_route(target: APIRouter, spec: Task, path: str, *, name: str | None = None) -> None:
    """Serve task ``spec`` at ``POST path`` (also used for a family's short path, e.g.
    ``/api/forecast`` for ``forecast.run``)."""
    target.add_api_route(path, _endpoint(spec), methods=["POST"], summary=spec.summary,
                         tags=[spec.group], responses=result_responses(uploads=True),
                         openapi_extra=_body_doc(spec), name=name or spec.name)


# Deprecated names accepted in bodies (documented here for the OpenAPI description).
DEPRECATED = dict(DEPRECATED_NAMES)
register()
