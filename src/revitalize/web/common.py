"""What every HTTP endpoint shares: the error shape, the download formats, the response
documentation and running a computation with its warnings recorded.

Error shape (every 4xx the API returns on purpose)::

    {"error": "<one line: where, what, expected>", "field": "<parameter or input field>" | null}

:class:`~revitalize.errors.RevitalizeError` -> 422; :class:`ApiError` carries its own status
(413 too large, 415 unsupported content type); FastAPI's own parameter validation -> 422 with the
same two keys plus ``detail`` (FastAPI's list).

Downloads: ``format=json`` (default; ``{"meta", "table"}``), ``csv`` (the table, UTF-8) or
``xlsx`` (the table and a ``<name>_meta`` sheet). CSV and Excel go through
:mod:`revitalize.export`, which prefixes formula-like text (``=cmd()`` -> ``'=cmd()``) so a
spreadsheet never evaluates uploaded content.
"""

from __future__ import annotations

import enum
import json
import threading
import warnings
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from fastapi import Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from revitalize.errors import InputError
from revitalize.results import Result, jsonable

__all__ = ["CONTENT_TYPES", "ApiError", "ErrorBody", "Format", "FormatQuery", "ResultBody",
           "compute", "error_response", "error_responses", "parse_model", "render",
           "result_responses", "run_locked", "with_meta"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "xlsx": XLSX}


class Format(enum.StrEnum):
    """Download format of a computation."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


FormatQuery = Query(Format.json, description="Response format: json ({meta, table}), csv (the "
                                             "table; formula-like text escaped) or xlsx.")


class ErrorBody(BaseModel):
    """An error the API returns on purpose."""

    error: str = Field(description="One line: where (file, row, field), what is wrong and what "
                                   "was expected.")
    field: str | None = Field(None, description="The parameter or input field at fault.")


class ResultBody(BaseModel):
    """A computation's result: ``meta`` (method, every convention by name, provenance, package
    version, warnings) and ``table`` (one record per row)."""

    meta: dict[str, Any]
    table: list[dict[str, Any]]


class ApiError(Exception):
    """An HTTP-level refusal (too large, wrong content type) with its status code."""

    def __init__(self, status_code: int, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = " ".join(message.split())
        self.field = field


def error_response(status_code: int, message: str, field: object = None, **extra) -> JSONResponse:
    body = {"error": " ".join(str(message).split()),
            "field": None if field is None else str(field), **extra}
    return JSONResponse(jsonable(body), status_code=status_code)


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {413: "Upload or body larger than the server's limit.",
            415: "Unsupported content type.",
            422: "Invalid input: the message names the file, row or field and what was expected."}
    return {c: {"model": ErrorBody, "description": text[c]} for c in codes}


def result_responses(*, uploads: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` of a computation: the JSON result, CSV and Excel downloads, errors."""
    ok = {"model": ResultBody, "description": "The result ({meta, table}), or the table as CSV "
                                              "or Excel with format=csv|xlsx.",
          "content": {"text/csv": {"schema": {"type": "string"}},
                      XLSX: {"schema": {"type": "string", "format": "binary"}}}}
    codes = (413, 415, 422) if uploads else (422,)
    return {200: ok, **error_responses(*codes)}


def render(result: Result, fmt: Format | str, name: str) -> Response:
    """The result as JSON, or as a CSV/Excel download named ``<name>.csv|.xlsx``."""
    from revitalize.export import to_csv_text, to_excel_bytes

    fmt = Format(fmt)
    if fmt is Format.json:
        body = json.dumps(result.to_json_dict(), ensure_ascii=False, default=str,
                          allow_nan=False)
        return Response(body, media_type="application/json")
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"',
                   "X-Content-Type-Options": "nosniff"}
    if fmt is Format.csv:
        return Response(to_csv_text(result), media_type=CONTENT_TYPES["csv"], headers=disposition)
    return Response(to_excel_bytes({name: result}), media_type=XLSX, headers=disposition)


def parse_model(model: type[BaseModel], data: Any, *, where: str = "body") -> Any:
    """``data`` validated as ``model``; the first problem as :class:`InputError` (422)."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        loc = (loc or where) if where == "body" else ".".join(p for p in (where, loc) if p)
        fields = ", ".join(model.model_fields)
        raise InputError(str(first.get("msg", "invalid")), field=loc,
                         expected=f"{where}: a JSON object with the fields {fields}") from None


def with_meta(result: Result, **items: Any) -> Result:
    """A copy of ``result`` with ``items`` added to its ``meta``."""
    return replace(result, meta=MappingProxyType({**result.meta, **items}))


def _with_warnings(fn: Callable[[], Result]) -> Result:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    messages = list(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
    meta = dict(result.meta)
    meta["warnings"] = list(meta.get("warnings") or []) + messages
    return replace(result, meta=MappingProxyType(meta))


async def run_locked(request: Request, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a worker thread holding the app's computation lock.

    One at a time because :func:`warnings.catch_warnings` (used to record warnings, and by the
    readers to silence theirs) changes process-wide state: two threads doing it concurrently
    would swap, lose or leak warnings.
    """
    lock: threading.Lock = request.app.state.compute_lock

    def locked() -> Any:
        with lock:
            return fn()

    return await run_in_threadpool(locked)


async def compute(request: Request, fn: Callable[[], Result]) -> Result:
    """Run ``fn`` with :func:`run_locked`, every warning it emits recorded in
    ``meta["warnings"]``."""
    return await run_locked(request, lambda: _with_warnings(fn))
