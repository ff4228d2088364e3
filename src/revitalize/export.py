"""Safe exports of result tables: CSV, Excel and JSON that never carry live formulas.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by spreadsheet programs (CSV/formula injection, OWASP). Exports prefix such text with an
apostrophe ``'`` so it shows as text; numbers are left as numbers (a negative number is a number,
not text). Uploaded content is never evaluated anywhere in the package.

CSV bytes, for the CLI's ``--encoding`` and the HTTP API's ``encoding=`` alike
(:class:`CsvEncoding`, :func:`encode_csv`, :func:`csv_charset`): ``utf-8`` (default, no
byte-order mark: what other programs and pandas read), ``utf-8-sig`` (UTF-8 with a BOM,
``EF BB BF``, which Excel on Chinese Windows needs to open Chinese names without mojibake) or
``gb18030`` (the Chinese national standard encoding, a superset of GBK, for older tools; it
encodes every Unicode character).
"""

from __future__ import annotations

import enum
import io
import json
from typing import Any

import pandas as pd

from revitalize.results import Result

__all__ = ["CsvEncoding", "csv_charset", "encode_csv", "safe_text", "safe_frame", "to_csv_bytes",
           "to_csv_text", "to_excel_bytes", "to_json_text"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell, column name and index label made safe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_text)
    out.columns = [safe_text(str(c)) for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = out.index.map(safe_text)
    return out


def _frame(result: Result | pd.DataFrame) -> pd.DataFrame:
    frame = result.table if isinstance(result, Result) else result
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    return frame


def to_csv_text(result: Result | pd.DataFrame) -> str:
    """CSV of the table with formula-like text escaped.

    Text holding a bare carriage return is quoted (the csv module quotes only the characters of
    its line terminator, ``\n``: an unquoted ``\r`` would split the row in every reader), by
    quoting every text cell of such a table."""
    import csv

    frame = safe_frame(_frame(result))
    texts = [frame[c] for c in frame.columns if frame[c].dtype == object
             or pd.api.types.is_string_dtype(frame[c])]
    bare_cr = any(s.astype(str).str.contains("\r", regex=False).any() for s in texts) or any(
        "\r" in str(c) for c in frame.columns)
    return frame.to_csv(index=False,
                        quoting=csv.QUOTE_NONNUMERIC if bare_cr else csv.QUOTE_MINIMAL)


class CsvEncoding(enum.StrEnum):
    """Encodings of CSV output (module docstring); the value is Python's codec name."""

    utf8 = "utf-8"
    utf8_sig = "utf-8-sig"
    gb18030 = "gb18030"


def encode_csv(text: str, encoding: CsvEncoding | str = CsvEncoding.utf8) -> bytes:
    """``text`` as the bytes of ``encoding`` (``utf-8-sig``: a BOM, then UTF-8)."""
    return text.encode(CsvEncoding(encoding).value)


def csv_charset(encoding: CsvEncoding | str = CsvEncoding.utf8) -> str:
    """The ``charset=`` of CSV bytes in ``encoding``: a BOM is UTF-8, so ``utf-8-sig`` is
    ``utf-8`` (charset names are case-insensitive, RFC 2046 section 4.1.2)."""
    enc = CsvEncoding(encoding)
    return "utf-8" if enc is CsvEncoding.utf8_sig else enc.value


def to_csv_bytes(result: Result | pd.DataFrame,
                 encoding: CsvEncoding | str = CsvEncoding.utf8) -> bytes:
    """:func:`to_csv_text` encoded by :func:`encode_csv`."""
    return encode_csv(to_csv_text(result), encoding)


def to_excel_bytes(sheets: dict[str, Result | pd.DataFrame]) -> bytes:
    """An .xlsx workbook (one sheet per entry; names cut to Excel's 31 characters), formula-like
    text escaped; a result's meta goes to a sheet ``<name>_meta`` as JSON lines."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, item in sheets.items():
            sheet = "".join(ch for ch in str(name) if ch not in "[]:*?/\\")[:31] or "sheet"
            safe_frame(_frame(item)).to_excel(writer, sheet_name=sheet, index=False)
            if isinstance(item, Result):
                meta = pd.DataFrame({"key": list(item.meta), "value": [
                    json.dumps(v, ensure_ascii=False, default=str) for v in item.meta.values()]})
                safe_frame(meta).to_excel(writer, sheet_name=(sheet[:26] + "_meta"), index=False)
    return buf.getvalue()


def to_json_text(result: Result) -> str:
    """The ``{"meta", "table"}`` JSON of a result (JSON carries no formulas; text unchanged)."""
    return json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2)
