"""Loading Excel workbooks into plain grids (for :mod:`revitalize.data.readers.workbook`).

``.xls`` via xlrd (merged ranges from ``formatting_info`` when available; Excel error cells kept
as :class:`_CellError`, never numbers), ``.xlsx`` via openpyxl (cached values). Unreadable files
raise :class:`~revitalize.errors.LayoutError` naming the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from revitalize.errors import InputError, LayoutError

__all__: list[str] = []


class _CellError(str):
    """An Excel error value (``#DIV/0!``...) from an ``.xls`` file: never a number."""


@dataclass
class _Sheet:
    name: str
    grid: list[list[object]]  # rows x columns, None for empty cells
    merged: list[tuple[int, int, int, int]]  # (row0, row1, col0, col1), half-open, 0-based
    file: str

    def ref(self, r: int, c: int) -> str:
        """Excel address, e.g. ``Sheet1!C7``."""
        return f"{self.name}!{get_column_letter(c + 1)}{r + 1}"

    @property
    def where(self) -> str:
        return f"{self.file} [sheet {self.name}]"


def _text(value: object) -> str | None:
    """A cell's text as a label key: NFKC, all whitespace removed; ``None`` for non-text."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    return text or None


# ------------------------------------------------------------------ loading
def _load(path: Path) -> list[_Sheet]:
    suffix = path.suffix.lower()
    if suffix not in (".xls", ".xlsx", ".xlsm"):
        raise LayoutError(f"not an Excel workbook (suffix {suffix!r})", file=path,
                          expected=".xls (read with xlrd) or .xlsx (read with openpyxl)")
    if not path.is_file():
        raise InputError("file not found", file=path, expected="an existing workbook")
    from revitalize.safety import check_workbook  # sizes bounded before any cell is built

    check_workbook(path)
    try:
        return _load_xls(path) if suffix == ".xls" else _load_xlsx(path)
    except Exception as exc:  # xlrd/openpyxl/zipfile raise many unrelated types
        raise LayoutError(f"cannot read workbook ({type(exc).__name__}: {exc})", file=path,
                          expected=f"a readable {suffix} workbook") from exc


def _load_xls(path: Path) -> list[_Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except NotImplementedError:  # formatting_info unsupported for this file: no merge info
        book = xlrd.open_workbook(str(path))

    def value(sh, r: int, c: int) -> object:
        kind, v = sh.cell_type(r, c), sh.cell_value(r, c)
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or v == "":
            return None
        if kind == xlrd.XL_CELL_ERROR:
            return _CellError(xlrd.error_text_from_code.get(v, "#ERR"))
        return v

    return [_Sheet(sh.name, [[value(sh, r, c) for c in range(sh.ncols)] for r in range(sh.nrows)],
                   list(getattr(sh, "merged_cells", [])), path.name) for sh in book.sheets()]


def _load_xlsx(path: Path) -> list[_Sheet]:
    import openpyxl

    book = openpyxl.load_workbook(str(path), data_only=True)
    sheets = []
    for ws in book.worksheets:
        grid = [[None if v == "" else v for v in row] for row in ws.iter_rows(values_only=True)]
        width = max((len(r) for r in grid), default=0)
        grid = [r + [None] * (width - len(r)) for r in grid]
        merged = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col)
                  for m in ws.merged_cells.ranges]
        sheets.append(_Sheet(ws.title, grid, merged, path.name))
    book.close()
    return sheets


def _pick_sheet(sheets: list[_Sheet], sheet: str | int | None, path: Path) -> _Sheet:
    """The requested sheet, else the basic flow table (基本流量表) of a multi-sheet workbook."""
    names = [s.name for s in sheets]
    if sheet is not None:
        if isinstance(sheet, int) and 0 <= sheet < len(sheets):
            return sheets[sheet]
        if sheet in names:
            return sheets[names.index(sheet)]
        raise LayoutError(f"no sheet {sheet!r}", file=path, field="sheet",
                          expected=f"one of {names} or an index below {len(sheets)}")

    def score(s: _Sheet) -> int:
        title = "".join(_text(v) or "" for row in s.grid[:10] for v in row)
        flow = "基本流量" in s.name or "基本流量" in title
        return 2 * flow + ("流量" in s.name) - 2 * ("系数" in s.name or "系数表" in title)

    return max(sheets, key=score)  # first of equals: workbooks put the flow table first


@dataclass
class _Layout:
    """Where things are: sector code -> row/column, category code -> column/row."""

    cls: str
    name_col: int
    sector_rows: dict[str, int]
    sector_cols: dict[str, int]
    names: dict[str, str]  # sector code -> the workbook's own name
    columns: dict[str, int]
    rows: dict[str, int]
