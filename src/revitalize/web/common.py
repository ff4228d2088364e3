"""What every HTTP endpoint shares: the error shape, the download formats, the response
documentation and running a computation with its warnings recorded.

Error shape (every 4xx, and the rare 500)::

    {"error": {"message": "<one line: where, what, expected>", "file": ..., "row": ...,
               "field": ..., "expected": ...},
     "field": "<parameter or input field>" | null}

(``field`` is repeated at the top level for clients of the first version.)
:class:`~revitalize.errors.RevitalizeError` -> 422; :class:`ApiError` carries its own status
(400 unknown host, 403 cross-origin, 404, 405, 413 too large, 415 unsupported content type);
FastAPI's own parameter validation -> 422 with ``detail`` (FastAPI's list) added.

Downloads: ``format=json`` (default; ``{"meta", "table"}``), ``csv`` (the table) or ``xlsx``
(the table and a ``<name>_meta`` sheet). CSV is encoded by ``encoding=utf-8|utf-8-sig|gb18030``
(the CLI's ``--encoding``, same default, same bytes: :func:`revitalize.export.encode_csv`;
``utf-8-sig`` puts a byte-order mark first, for Excel on Chinese Windows) and says its
``charset=`` in ``Content-Type``. CSV and Excel go through
:mod:`revitalize.export`, which prefixes formula-like text (``=cmd()`` -> ``'=cmd()``) so a
spreadsheet never evaluates uploaded content.

Computations run in worker threads with no lock: warnings are recorded per request by
:func:`revitalize.errors.collect_warnings` (a context variable), so one slow request never
blocks the others.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from fastapi import Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from revitalize.errors import InputError, RevitalizeError, collect_warnings
from revitalize.export import CsvEncoding
from revitalize.results import Result, jsonable

__all__ = ["CONTENT_TYPES", "ApiError", "CsvEncoding", "EncodingQuery", "ErrorBody",
           "ErrorDetail", "Format", "FormatQuery", "ResultBody", "check_encoding", "compute",
           "error_for", "error_response", "error_responses", "parse_model", "render",
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
EncodingQuery = Query(CsvEncoding.utf8, description="Encoding of format=csv: utf-8 (default, "
                                                   "no BOM), utf-8-sig (UTF-8 with a byte-order "
                                                   "mark, for Excel on Chinese Windows) or "
                                                   "gb18030 (GBK superset). Only with format=csv.")


def check_encoding(fmt: Format | str, encoding: CsvEncoding | str | None) -> CsvEncoding:
    """The CSV encoding asked for; an :class:`InputError` (422) when one other than the default
    is given with a format that is not CSV: never ignored silently (as the CLI's
    ``--encoding``)."""
    enc = CsvEncoding(encoding or CsvEncoding.utf8)
    if enc is not CsvEncoding.utf8 and Format(fmt) is not Format.csv:
        raise InputError(f"encoding={enc.value} given with format={Format(fmt).value}",
                         field="encoding", expected="format=csv (JSON is always UTF-8; Excel "
                                                    "files carry no text encoding)")
    return enc


class ErrorDetail(BaseModel):
    """Where and what: the error's one line and its parts."""

    message: str = Field(description="One line: where (file, row, field), what is wrong and "
                                     "what was expected.")
    file: str | None = Field(None, description="The file (an upload by its name) or dataset.")
    row: str | None = Field(None, description="The row (number or label) at fault.")
    field: str | None = Field(None, description="The parameter, JSON field or column at fault.")
    expected: str | None = Field(None, description="What was expected instead.")


class ErrorBody(BaseModel):
    """An error the API returns: ``{"error": {message, file, row, field, expected}}``."""

    error: ErrorDetail
    field: str | None = Field(None, description="The parameter or input field at fault "
                                                "(same as error.field).")


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


def _text(value: object) -> str | None:
    return None if value is None else " ".join(str(value).split())[:2000]


def error_response(status_code: int, message: str, field: object = None, *, file: object = None,
                   row: object = None, expected: object = None, **extra) -> JSONResponse:
    """A JSON error response in the documented shape (see the module docstring)."""
    detail = {"message": _text(message) or "error", "file": _text(file), "row": _text(row),
              "field": _text(field), "expected": _text(expected)}
    body = {"error": detail, "field": detail["field"], **extra}
    return JSONResponse(jsonable(body), status_code=status_code)


def error_for(exc: RevitalizeError, status_code: int = 422) -> JSONResponse:
    """The documented error response of a package error."""
    return error_response(status_code, exc.one_line(), exc.field, file=exc.file, row=exc.row,
                          expected=exc.expected)


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {400: "Unknown Host header.",
            403: "Cross-origin request refused (Origin or Referer of another site).",
            413: "Upload or body larger than the server's limit.",
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


def render(result: Result, fmt: Format | str, name: str,
           encoding: CsvEncoding | str = CsvEncoding.utf8) -> Response:
    """The result as JSON, or as a CSV/Excel download named ``<name>.csv|.xlsx`` (CSV in
    ``encoding``, see :func:`check_encoding`)."""
    from revitalize.export import csv_charset, to_csv_bytes, to_excel_bytes

    enc = check_encoding(fmt, encoding)
    fmt = Format(fmt)
    if fmt is Format.json:
        body = json.dumps(result.to_json_dict(), ensure_ascii=False, default=str,
                          allow_nan=False)
        return Response(body, media_type="application/json")
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"',
                   "X-Content-Type-Options": "nosniff"}
    if fmt is Format.csv:
        return Response(to_csv_bytes(result, enc), headers=disposition,
                        media_type=f"text/csv; charset={csv_charset(enc)}")
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
    with collect_warnings() as caught:
        result = fn()
    meta = dict(result.meta)
    meta["warnings"] = list(meta.get("warnings") or []) + [w.to_dict() for w in caught]
    return replace(result, meta=MappingProxyType(meta))


async def run_locked(request: Request, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a worker thread. No lock any more (the name stays for the endpoints that
    call it): warnings are recorded per context, never through process-wide state."""
    return await run_in_threadpool(fn)


async def compute(request: Request, fn: Callable[[], Result]) -> Result:
    """Run ``fn`` in a worker thread, every package warning it emits recorded in
    ``meta["warnings"]`` (as ``{category, message, file, row, field}``)."""
    return await run_in_threadpool(lambda: _with_warnings(fn))
