"""Limits on what the package reads: checked before anything is materialised.

Every reader of user input (files, uploads, request bodies) goes through these checks, so a
small hostile file cannot make the package allocate gigabytes or run for minutes, and a
refusal is one line naming the file, the row or field and the limit.

What is checked, and where the limit comes from (:class:`Limits`, every value a named keyword):

* **Files** (:func:`check_file`): size (``file_bytes``); for text, the longest line
  (``line_bytes``, any of ``\\n``, ``\\r\\n`` or a lone ``\\r`` ends a line) and the number of
  fields of the header line (``columns``).
* **Workbooks** (:func:`check_workbook`), before openpyxl or xlrd build a single cell:
  ``.xlsx`` -- the archive's members (a corrupt archive is refused naming the file), their
  total uncompressed size (``unzipped_bytes``; the sizes are those the archive declares, which
  :mod:`zipfile` enforces through the CRC check), then each sheet's XML streamed in chunks: its
  declared ``<dimension ref=...>``, the bounding box of its cells and merged ranges
  (``sheet_cells`` = rows x columns, ``columns``) and the cells present (``cells``); ``.xls`` --
  xlrd's ``nrows x ncols`` of each sheet, read with ``on_demand`` and ``ragged_rows`` (so xlrd
  itself pads nothing) and released before the next sheet.
* **YAML** (:func:`load_yaml`): anchors and aliases refused (a "billion laughs" document of
  400 bytes expands to gigabytes), at most ``nodes`` nodes nested at most ``depth`` deep,
  checked on libyaml's event stream before any object is built; then ``safe_load`` (no tags,
  no code).
* **JSON** (:func:`load_json`): size (``json_bytes``), numbers of at most ``number_chars``
  characters (a 5,000-digit integer), no ``NaN``/``Infinity``, nesting at most ``depth`` deep
  (checked without recursion); the refusal names the field (``a.b[3]``) at fault.

Sources: the OWASP cheat sheets "XML External Entity Prevention" (billion laughs, zip bombs) and
"Input Validation"; YAML 1.1 section 3.2.2.2 (anchors and aliases).
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from revitalize.errors import InputError, LayoutError

__all__ = ["DEFAULT_LIMITS", "Limits", "check_file", "check_text_file", "check_workbook",
           "bad_input_exceptions", "check_depth", "input_error_from", "load_json", "load_yaml"]

MiB = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    """The limits, each a named keyword (defaults leave every published table far inside).

    Parameters
    ----------
    file_bytes
        Largest data file read (bytes).
    line_bytes
        Longest line of a text file (bytes).
    columns
        Most fields in a CSV header line, most columns of a workbook sheet.
    unzipped_bytes
        Largest total uncompressed size of an .xlsx archive (bytes).
    cells
        Most cells present in a workbook (all sheets).
    sheet_cells
        Largest bounding box (rows x columns) of one sheet, declared or actual.
    text_bytes
        Largest YAML document (bytes).
    json_bytes
        Largest JSON document (bytes).
    nodes
        Most nodes (scalars, lists, mappings) in a YAML document.
    depth
        Deepest nesting of YAML and JSON documents.
    number_chars
        Longest number literal in a JSON document (characters).
    """

    file_bytes: int = 256 * MiB
    line_bytes: int = 1 * MiB
    columns: int = 5_000
    unzipped_bytes: int = 256 * MiB
    cells: int = 2_000_000
    sheet_cells: int = 4_000_000
    text_bytes: int = 4 * MiB
    json_bytes: int = 4 * MiB
    nodes: int = 200_000
    depth: int = 64
    number_chars: int = 40


DEFAULT_LIMITS = Limits()


def _too_large(what: str, size: int, limit: int, *, file: object = None, row: object = None,
               field: object = None) -> InputError:
    return InputError(f"{what} is {size:,}, over the limit of {limit:,}", file=file, row=row,
                      field=field, expected=f"at most {limit:,} (revitalize.safety.Limits)")


# ---------------------------------------------------------------------------- files
def check_file(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file over the size limit, then check it as a workbook (by its signature) or as
    text (:func:`check_text_file`). Missing files are left to the reader's own message."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        return
    if not path.is_file():
        return
    if size > limits.file_bytes:
        raise _too_large("file size (bytes)", size, limits.file_bytes, file=path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_ZIP_MAGIC) or head.startswith(_XLS_MAGIC):
        check_workbook(path, limits=limits)
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls") and size:
        raise LayoutError(f"named {path.suffix} but has no Excel signature", file=path,
                          expected="an .xls (OLE2) or .xlsx (Office Open XML) workbook")
    else:
        check_text_file(path, limits=limits)


def check_text_file(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a text file over ``limits.file_bytes``, with a line longer than
    ``limits.line_bytes`` or a header line of more than ``limits.columns`` fields, reading it
    in 1 MiB chunks (never whole)."""
    path = Path(path)
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise _too_large("file size (bytes)", size, limits.file_bytes, file=path)
    line_no, carry, header_seen = 1, b"", False
    with open(path, "rb") as fh:
        while chunk := fh.read(MiB):
            # "\r\n" split across two chunks counts one line too many: harmless for a bound
            lines = (carry + chunk).replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
            carry = lines.pop()
            longest = max(map(len, lines), default=0)
            if longest > limits.line_bytes or len(carry) > limits.line_bytes:
                bad = next((i for i, t in enumerate(lines) if len(t) > limits.line_bytes),
                           len(lines))
                _long_line(path, line_no + bad, limits)
            if not header_seen:
                for i, text in enumerate(lines):
                    if _header_line(text, line_no + i, path, limits):
                        header_seen = True
                        break
            line_no += len(lines)
    if not header_seen and carry:
        _header_line(carry, line_no, path, limits)


def _long_line(path: Path, line_no: int, limits: Limits) -> None:
    raise InputError(f"line {line_no} is longer than {limits.line_bytes:,} bytes", file=path,
                     row=line_no, expected=f"lines of at most {limits.line_bytes:,} bytes (a "
                                           "text table with line breaks; revitalize.safety.Limits)")


def _header_line(line: bytes, line_no: int, path: Path, limits: Limits) -> bool:
    """Check the first non-blank, non-comment line; ``True`` once it has been seen."""
    text = line.strip()
    if not text or text.startswith(b"#"):
        return False
    fields = max(text.count(sep) for sep in (b",", b"\t", b";")) + 1
    if fields > limits.columns:
        raise _too_large("number of header fields", fields, limits.columns, file=path,
                         row=line_no, field="header")
    return True


# ---------------------------------------------------------------------------- workbooks
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d{1,9})?(?::([A-Z]{1,3})'
                        rb'(\d{1,9}))?"')
_CELL = re.compile(rb'<(?:\w+:)?c[\s>/]')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,9})"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,9})(?::([A-Z]{1,3})(\d{1,9}))?"')
_ROW = re.compile(rb'<(?:\w+:)?row[\s>/]')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,9})"')


def _col(letters: bytes | None) -> int:
    n = 0
    for ch in letters or b"A":
        n = n * 26 + ch - 64
    return n


def check_workbook(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a corrupt workbook, or one whose sheets would expand beyond the limits (see the
    module docstring), before any cell is built."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_XLS_MAGIC):
        _check_xls(path, limits)
    else:
        _check_xlsx(path, limits)


def _check_xlsx(path: Path, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise LayoutError(f"corrupt workbook: not a readable .xlsx workbook (zip: {exc})",
                          file=path,
                          expected="a valid .xlsx workbook (save it again from Excel)") from None
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.unzipped_bytes:
            raise _too_large("uncompressed size of the workbook (bytes)", total,
                             limits.unzipped_bytes, file=path)
        sheets = [i for i in infos if i.filename.startswith("xl/worksheets/")
                  and i.filename.endswith(".xml")]
        if not sheets and not any(i.filename == "[Content_Types].xml" for i in infos):
            raise LayoutError("a zip archive without workbook parts", file=path,
                              expected="an .xlsx workbook")
        cells = 0
        for info in sheets:
            cells += _scan_sheet(archive, info, path, limits, cells)


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: Limits,
                cells_before: int) -> int:
    """Stream one sheet's XML: its declared dimension, cell and merge bounding box, cells."""
    name = info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
    max_row = max_col = cells = rows = 0
    tail = b""
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(MiB):
                data = tail + chunk
                cut = max(data.rfind(b"<"), 0) if len(chunk) == MiB else len(data)
                part, tail = data[:cut], data[cut:]
                for m in _DIMENSION.finditer(part):
                    r2, c2 = m.group(4) or m.group(2), m.group(3) or m.group(1)
                    max_row, max_col = max(max_row, int(r2 or 1)), max(max_col, _col(c2))
                for m in _MERGE.finditer(part):
                    r2, c2 = m.group(4) or m.group(2), m.group(3) or m.group(1)
                    max_row, max_col = max(max_row, int(r2)), max(max_col, _col(c2))
                n = len(_CELL.findall(part))
                cells += n
                refs = _CELL_REF.findall(part)
                if refs:
                    max_col = max(max_col, max(_col(c) for c, _ in refs))
                    max_row = max(max_row, max(int(r) for _, r in refs))
                if len(refs) < n:  # cells without r=: openpyxl numbers them in turn
                    max_col = max(max_col, n - len(refs))
                rows += len(_ROW.findall(part))
                row_refs = _ROW_REF.findall(part)
                max_row = max(max_row, rows, *(int(r) for r in row_refs)) if row_refs else \
                    max(max_row, rows)
                _check_box(path, name, max_row, max_col, cells_before + cells, limits)
    except InputError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error) as exc:
        raise LayoutError(f"corrupt workbook: sheet {name} cannot be decompressed ({exc})",
                          file=path, expected="a valid .xlsx workbook") from None
    return cells


def _check_box(path: Path, sheet: str, rows: int, cols: int, cells: int, limits: Limits) -> None:
    if cols > limits.columns:
        raise _too_large(f"number of columns of sheet {sheet}", cols, limits.columns,
                         file=path, field=sheet)
    if rows * cols > limits.sheet_cells:
        raise _too_large(f"rows x columns of sheet {sheet} ({rows:,} x {cols:,})", rows * cols,
                         limits.sheet_cells, file=path, field=sheet)
    if cells > limits.cells:
        raise _too_large("number of cells in the workbook", cells, limits.cells, file=path)


def _check_xls(path: Path, limits: Limits) -> None:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True)
    except Exception as exc:  # xlrd raises XLRDError, struct.error, IndexError, ...
        raise LayoutError(f"corrupt workbook, cannot read it ({type(exc).__name__}: {exc})", file=path,
                          expected="a valid .xls workbook (save it again from Excel)") from None
    cells = 0
    try:
        for i in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(i)
            except Exception as exc:
                raise LayoutError(f"corrupt workbook: sheet {i + 1} ({type(exc).__name__}: "
                                  f"{exc})", file=path, expected="a valid .xls workbook") from None
            cells += sum(sheet.row_len(r) for r in range(sheet.nrows))
            _check_box(path, sheet.name, sheet.nrows, sheet.ncols, cells, limits)
            book.unload_sheet(i)
    finally:
        book.release_resources()


# ---------------------------------------------------------------------------- YAML
def load_yaml(text: str | bytes, *, file: object = None,
              limits: Limits = DEFAULT_LIMITS) -> Any:
    """``yaml.safe_load(text)`` after refusing aliases, anchors, too many or too deep nodes.

    Raises
    ------
    LayoutError
        Naming the file, the line and what was expected.
    """
    import yaml

    size = len(text)
    if size > limits.text_bytes:
        raise _too_large("document size (bytes)", size, limits.text_bytes, file=file)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise LayoutError("YAML anchors and aliases (&name, *name) are not accepted",
                                  file=file, row=line,
                                  expected="plain YAML (write each value out)")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if nodes > limits.nodes:
                    raise _too_large("number of YAML nodes", nodes, limits.nodes, file=file,
                                     row=line)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.depth:
                    raise _too_large("YAML nesting depth", depth, limits.depth, file=file,
                                     row=line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LayoutError("cannot parse the file: not valid YAML ("
                          f"{' '.join(str(getattr(exc, 'problem', None) or exc).split())})",
                          file=file, row=None if mark is None else mark.line + 1,
                          expected="valid YAML") from None
    except RecursionError:
        raise _too_large("YAML nesting depth", limits.depth + 1, limits.depth,
                         file=file) from None


# ---------------------------------------------------------------------------- JSON
class _LongNumber(str):
    """A number literal over the length limit, kept as text until its field is found."""


class _NonFinite(str):
    """``NaN``, ``Infinity`` or ``-Infinity``."""


def load_json(text: str | bytes, *, file: object = None, field: str = "body",
              limits: Limits = DEFAULT_LIMITS) -> Any:
    """``json.loads(text)`` with size, depth and number-length limits and no NaN/Infinity.

    Raises
    ------
    InputError
        Naming ``field`` (and the path inside the document, ``field.a.b[2]``) and the limit.
    """
    size = len(text)
    if size > limits.json_bytes:
        raise _too_large("JSON document size (bytes)", size, limits.json_bytes, file=file,
                         field=field)
    n = limits.number_chars

    def number(kind):
        def parse(s: str):
            return _LongNumber(s) if len(s) > n else kind(s)
        return parse

    try:
        doc = json.loads(text, parse_int=number(int), parse_float=number(float),
                         parse_constant=_NonFinite)
    except RecursionError:
        raise _too_large("JSON nesting depth", limits.depth + 1, limits.depth, file=file,
                         field=field) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayoutError(f"cannot parse the JSON: not valid UTF-8 JSON ({exc})", file=file,
                          field=field, expected="a JSON document") from None
    check_depth(doc, file=file, field=field, limits=limits)
    return doc


def check_depth(doc: Any, *, file: object = None, field: str = "body",
                limits: Limits = DEFAULT_LIMITS) -> None:
    """Walk ``doc`` without recursion: nesting over ``limits.depth``, numbers over
    ``limits.number_chars`` and non-finite constants are refused naming their path."""
    stack: list[tuple[Any, str, int]] = [(doc, field, 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, _LongNumber):
            raise InputError(f"a number of {len(value):,} characters", file=file, field=where,
                             expected=f"a number of at most {limits.number_chars} characters")
        if isinstance(value, _NonFinite):
            raise InputError(f"{value!s} is not a JSON number", file=file, field=where,
                             expected="a finite number")
        if isinstance(value, (dict, list)):
            if depth >= limits.depth:
                raise InputError(f"nested more than {limits.depth} levels deep", file=file,
                                 field=where, expected=f"at most {limits.depth} levels")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(value, list):
                    sub = f"{where}[{key}]"
                else:
                    sub = str(key)[:40] if depth == 0 else f"{where}.{str(key)[:40]}"
                stack.append((item, sub, depth + 1))


# ---------------------------------------------------------------------------- last resort
def input_error_from(exc: BaseException) -> InputError | None:
    """The :class:`InputError` a door reports for an exception that bad input makes third-party
    code raise (a parser's, the interpreter's limits), or ``None`` for anything else (a bug).

    The doors (CLI, HTTP) call this last, after the package's own errors, so such input is one
    line (CLI exit 1, HTTP 422/413) rather than a traceback or a 500.
    """
    name = type(exc).__name__
    text = " ".join(str(exc).split())[:300]
    if isinstance(exc, RecursionError):
        return InputError("input nested too deeply", expected=f"at most {DEFAULT_LIMITS.depth} "
                                                              "levels of nesting")
    if isinstance(exc, MemoryError):
        return InputError("input too large to hold in memory",
                          expected="a smaller input (see revitalize.safety.Limits)")
    if isinstance(exc, OverflowError):
        return InputError(f"a number is out of range ({text})",
                          expected="numbers within the range of a 64-bit float")
    if isinstance(exc, bad_input_exceptions()):
        return InputError(f"cannot read the input ({name}: {text})",
                          expected="a file in one of the documented layouts")
    return None


def bad_input_exceptions() -> tuple[type[BaseException], ...]:
    """Exception classes that bad input makes parsers and the interpreter raise."""
    import csv

    import xlrd
    import yaml

    return (RecursionError, MemoryError, OverflowError, csv.Error, UnicodeError, zlib.error,
            zipfile.BadZipFile, EOFError, yaml.YAMLError, xlrd.XLRDError)
