"""Reading request bodies and uploaded files safely.

Rules, in order:

1. **Size.** :class:`BodyLimitMiddleware` refuses a body over the app's ``max_upload_bytes``
   (plus a small allowance for multipart framing) with 413 -- from ``Content-Length`` before
   reading, or while streaming when the length is not declared. An uploaded file over the
   limit is 413 too, and so is an Excel (zip) file whose members would expand to more than
   :data:`EXPANSION_FACTOR` times the limit (a "zip bomb"). Then :func:`revitalize.safety.
   check_file` bounds the saved file before any parser sees it (line length, header fields,
   a workbook's declared dimension, bounding box and cell count: 422 naming the file), and a
   JSON body goes through :func:`revitalize.safety.load_json` (size, depth, number length:
   422 naming the field).
2. **Content type.** ``application/json`` or ``multipart/form-data`` (file in the part
   ``file``); anything else is 415.
3. **Text.** Endpoints that read text with the standard library or pandas (judgments, decision
   matrices) require UTF-8 and answer 422 naming the first bad byte; the table readers apply
   their own rule (:func:`revitalize.data.readers.detect.decode_text`: UTF-8, or GBK where a
   reader accepts it) and refuse anything else with 422.
4. **Never executed.** An upload is written to a fresh private directory (mode 0700, file mode
   0600) under a sanitised name, parsed only by the package readers (CSV, YAML ``safe_load``,
   JSON, openpyxl/xlrd without formula evaluation) and deleted with its directory afterwards.
   Errors name the file by its uploaded (sanitised) name, never by the temporary path.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from fastapi import Request

from revitalize.errors import InputError, RevitalizeError
from revitalize.safety import check_file
from revitalize.web.common import ApiError, error_response

__all__ = ["EXPANSION_FACTOR", "BodyLimitMiddleware", "RequestInput", "Upload", "read_input",
           "request_body_doc", "require_utf8", "saved_upload"]

log = logging.getLogger("revitalize.web")

EXPANSION_FACTOR = 10
MULTIPART_SLACK = 64 * 1024  # multipart boundaries, headers and the small form fields
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_TABLE_SUFFIXES = (".csv", ".txt", ".xls", ".xlsx", ".xlsm")
_JUDGMENT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")
_UNSAFE = re.compile(r"[^\w.\-]+")


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Pure ASGI middleware: 413 for request bodies over ``max_bytes`` (the message names the
    upload limit ``upload_limit`` users know about)."""

    def __init__(self, app, max_bytes: int, upload_limit: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_limit = upload_limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, int(declared))
            return
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, seen)

    async def _refuse(self, scope, receive, send, size: int) -> None:
        response = error_response(413, f"request body of {size} bytes or more is too large (uploads "
                                       f"up to {self.upload_limit} bytes)", field="body")
        await response(scope, receive, send)


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its sanitised name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class RequestInput:
    """A parsed request body: a JSON document, or multipart form fields and a file."""

    json: Any = None
    file: Upload | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def is_json(self) -> bool:
        return self.file is None and not self.fields and self.json is not None


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def safe_name(name: str | None, default: str) -> str:
    """The base name of an uploaded file with anything but word characters, ``.`` and ``-``
    replaced (no directories, no leading dots), at most 80 characters."""
    base = PureWindowsPath(PurePosixPath(str(name or "")).name).name
    base = _UNSAFE.sub("_", base).lstrip(".")[-80:]
    return base or default


async def read_input(request: Request, *, limit: int) -> RequestInput:
    """The request body as :class:`RequestInput` (see the module docstring for the rules)."""
    kind = _media_type(request)
    if kind == "application/json" or kind.endswith("+json"):
        from revitalize.safety import load_json

        raw = await request.body()
        if not raw.strip():
            raise InputError("empty JSON body", field="body", expected="a JSON document")
        return RequestInput(json=load_json(raw, field="body"))
    if kind == "multipart/form-data":
        return await _read_form(request, limit)
    raise ApiError(415, f"content type {kind or 'none'!r} is not accepted", field="Content-Type")


async def _read_form(request: Request, limit: int) -> RequestInput:
    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException

    try:
        form = await request.form(max_files=1, max_fields=40, max_part_size=64 * 1024)
    except HTTPException as exc:  # too many parts, malformed multipart body
        raise InputError(f"unreadable form: {exc.detail}", field="body",
                         expected="multipart/form-data with one file and at most 40 fields"
                         ) from None
    try:
        fields: dict[str, str] = {}
        upload = None
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key != "file":
                    raise InputError(f"file part {key!r} is not expected", field=key,
                                     expected="the file in the part named 'file'")
                data = await value.read(limit + 1)
                if len(data) > limit:
                    raise ApiError(413, f"uploaded file {safe_name(value.filename, 'upload')!r} "
                                        f"exceeds the limit of {limit} bytes", field="file")
                upload = Upload(safe_name(value.filename, "upload"), data)
            else:
                if key in fields:
                    raise InputError(f"field {key[:40]!r} given more than once", field=key,
                                     expected="each form field once (lists comma-separated)")
                fields[key] = str(value)
        return RequestInput(file=upload, fields=fields)
    finally:
        await form.close()


def require_utf8(upload: Upload) -> str:
    """The upload's text, which must be UTF-8 (a BOM is dropped); 422 naming the first bad byte."""
    try:
        return upload.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{upload.data[exc.start]:02x} at offset "
                         f"{exc.start})", file=upload.name, field="file",
                         expected="UTF-8 text (save as 'CSV UTF-8' or UTF-8 YAML/JSON)") from None


def _check_zip(upload: Upload, limit: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputError("corrupt zip/xlsx archive", file=upload.name, field="file",
                         expected="a valid .xlsx workbook") from None
    if expanded > EXPANSION_FACTOR * limit:
        raise ApiError(413, f"{upload.name}: workbook expands to {expanded} bytes, over "
                            f"{EXPANSION_FACTOR} x the upload limit", field="file")


def _suffix(upload: Upload, kind: str) -> str:
    given = Path(upload.name).suffix.lower()
    head = upload.data[:8]
    if head.startswith(_ZIP_MAGIC):
        return given if given in (".xlsx", ".xlsm") else ".xlsx"
    if head.startswith(_XLS_MAGIC) and kind == "table":
        return ".xls"
    if kind == "table":
        return given if given in (".csv", ".txt") else ".csv"
    if given in (".yaml", ".yml", ".json"):
        return given
    return ".json" if upload.data.lstrip()[:1] in (b"{", b"[") else ".yaml"


def _parse_errors() -> tuple[type[BaseException], ...]:
    """Exceptions third-party parsers raise on malformed content (turned into 422)."""
    import csv
    import zlib

    import xlrd
    import yaml

    return (ValueError, LookupError, TypeError, UnicodeError, EOFError, zipfile.BadZipFile,
            xlrd.XLRDError, yaml.YAMLError, OverflowError, csv.Error, zlib.error,
            RecursionError, ArithmeticError)


def _rename_paths(exc: RevitalizeError, folder: Path, name: str) -> None:
    for attr in ("file", "message", "expected"):
        text = getattr(exc, attr)
        if isinstance(text, str):
            text = text.replace(str(folder / name), name).replace(str(folder) + os.sep, "")
            setattr(exc, attr, text)
    if exc.field is None:
        exc.field = "file"
    exc.args = (exc.one_line(),)


@contextlib.contextmanager
def saved_upload(upload: Upload, *, kind: str, limit: int) -> Iterator[Path]:
    """The upload written to a private temporary directory, deleted on exit.

    ``kind`` -- ``"table"`` (CSV or Excel data) or ``"judgments"`` (YAML/JSON/Excel) -- decides
    the file suffix the readers see (from the name when it is one of theirs, else from the
    content). Errors raised inside the block name the upload, not the temporary path; parser
    failures of third-party libraries become :class:`~revitalize.errors.InputError` (422).
    """
    if upload.data[:4] == _ZIP_MAGIC:
        _check_zip(upload, limit)
    suffix = _suffix(upload, kind)
    stem = Path(upload.name).stem if Path(upload.name).suffix.lower() in (
        _TABLE_SUFFIXES + _JUDGMENT_SUFFIXES) else upload.name
    name = safe_name(stem, "upload")[:70] + suffix
    folder = Path(tempfile.mkdtemp(prefix="revitalize-upload-"))
    try:
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(upload.data)
        try:
            check_file(path)  # size, lines, workbook dimensions: before any parsing
            yield path
        except RevitalizeError as exc:
            _rename_paths(exc, folder, name)
            raise
        except _parse_errors() as exc:
            log.info("upload %s could not be parsed", name, exc_info=True)
            text = " ".join(str(exc).replace(str(folder / name), name).split())[:300]
            raise InputError(f"cannot read the upload ({type(exc).__name__}: {text})",
                             file=name, field="file",
                             expected="a file in one of the documented layouts") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def request_body_doc(json_schema: dict[str, Any] | None, form: dict[str, dict[str, Any]],
                     *, file_help: str, file_required: bool = True) -> dict[str, Any]:
    """OpenAPI ``requestBody`` of an endpoint taking multipart (``file`` + ``form`` fields) and,
    when ``json_schema`` is given, a JSON document."""
    props = {"file": {"type": "string", "format": "binary", "description": file_help}, **form}
    multipart = {"type": "object", "properties": props}
    if file_required:
        multipart["required"] = ["file"]
    content: dict[str, Any] = {"multipart/form-data": {"schema": multipart}}
    if json_schema is not None:
        content["application/json"] = {"schema": json_schema}
    return {"requestBody": {"required": True, "content": content}}
