"""Reader of original input-output workbooks (``.xls`` via xlrd, ``.xlsx`` via openpyxl).

The layout is recognised **by its labels**, never by cell positions (other years' workbooks and
shifted or re-ordered copies read the same):

1. the *sector-name column* is the column with the most cells naming sectors of the year's
   42-sector list (:func:`revitalize.data.sectors.match_sectors`); those cells are the sector
   rows, and every row above the first of them is a header row;
2. header rows are read as a hierarchy: merged cells are filled with their value, and a label
   that has sub-labels below it spans the empty cells to its right (``最终消费`` over
   ``农村居民消费 | 城镇居民消费 | 小计``); each column's path of labels is resolved from the
   bottom: the lowest label decides, ``合计``/``小计`` take their parent's code;
3. columns are sectors (a label naming a sector) or final-use / trade / subtotal columns
   (:data:`COLUMN_LABELS`); rows below the header are sectors or value-added / subtotal rows
   (:data:`ROW_LABELS`), resolved from the right of the label area (cells left of the first
   data column). Code cells (``FU101``, ``VA001``...) are accepted as labels and must agree
   with the Chinese label next to them.

The unit is read from the sheet text (``单位：万元``); province and year from the arguments, else
the title (``辽宁2017年投入产出表``), the sheet name or the file name (``2017_liaoning.xls``).
Every table is checked with :func:`revitalize.io.validate.check_io_table`, including the stated
subtotals (``中间使用合计``, ``最终使用合计``, ``增加值合计``...) against the sums of their parts.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from revitalize.data.regions import provinces, region_code
from revitalize.data.sectors import classification_for_year, match_sectors, sector_list
from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.io.table import IOTable
from revitalize.results import Provenance

__all__ = ["COLUMN_LABELS", "ROW_LABELS", "read_io_workbook"]

#: Column labels (after removing whitespace, NFKC) -> code of :mod:`revitalize.io.table`.
#: Spellings from the NBS national and provincial tables 2002-2017.
COLUMN_LABELS: dict[str, str] = {
    "农村居民消费": "FU101", "农村居民": "FU101", "农村居民消费支出": "FU101",
    "城镇居民消费": "FU102", "城镇居民": "FU102", "城镇居民消费支出": "FU102",
    "居民消费": "THC", "居民消费支出": "THC", "居民消费合计": "THC", "居民消费支出合计": "THC",
    "政府消费": "FU103", "政府消费支出": "FU103",
    "最终消费": "TC", "最终消费支出": "TC", "最终消费合计": "TC", "最终消费支出合计": "TC",
    "固定资本形成总额": "FU201", "固定资本形成": "FU201",
    "存货增加": "FU202", "存货变动": "FU202", "存货": "FU202",
    "资本形成总额": "GCF", "资本形成合计": "GCF", "出口": "EX", "净流出": "NOF", "进口": "IM",
    "国内省外流出": "OF", "省外流出": "OF", "调出": "OF",
    "流出": "FU302", "流出(出口和省外流出)": "FU302",
    "国内省外流入": "IF", "省外流入": "IF", "调入": "IF",
    "流入": "FU304", "流入(进口和省外流入)": "FU304",
    "其他": "ERR", "误差": "ERR", "统计误差": "ERR",
    "中间使用合计": "TIU", "最终使用合计": "TFU", "总产出": "GO",
}
#: Row labels of the input block -> code (value added and subtotals).
ROW_LABELS: dict[str, str] = {
    "中间投入合计": "TII", "劳动者报酬": "VA001", "生产税净额": "VA002",
    "固定资产折旧": "VA003", "固定资本消耗": "VA003", "营业盈余": "VA004",
    "增加值合计": "TVA", "增加值": "TVA", "总投入": "TI", "投入合计": "TI", "总投入合计": "TI",
}
_GENERIC = {"合计", "小计", "总计"}
_COLUMN_CODES = set(COLUMN_LABELS.values())
_ROW_CODES = set(ROW_LABELS.values())
_FINAL = ("FU101", "FU102", "FU103", "FU201", "FU202", "EX", "OF", "FU302", "NOF")
_IMPORTS = ("IM", "IF", "FU304")
_UNITS = {"万元": "10^4 CNY", "亿元": "10^8 CNY", "元": "CNY"}
_UNIT_RE = re.compile(r"单位\s*[:：]?\s*(万元|亿元|元)|[（(]\s*(万元|亿元|元)\s*[)）]")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SOURCE = ("Provincial input-output table, original workbook (provincial statistics bureau / "
           "NBS 分省投入产出表)")


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


# ------------------------------------------------------------------ region, year, unit
def _strings(sheet: _Sheet) -> list[tuple[int, int, str]]:
    return [(r, c, v) for r, row in enumerate(sheet.grid) for c, v in enumerate(row)
            if isinstance(v, str) and v.strip()]


def _province_in(text: str) -> str | None:
    """The one province named in ``text`` (Chinese or pinyin/English), else ``None``."""
    flat = re.sub(r"[\s_\-.]+", "", text.lower())
    found = set()
    for reg in provinces():
        keys = {reg.name_cn, reg.full_cn, reg.name_en.lower().replace(" ", "")}
        keys |= {a.replace(" ", "") for a in reg.aliases}
        if any(k and k in flat for k in keys):
            found.add(reg.code)
    return found.pop() if len(found) == 1 else None


def _region_year(sheet: _Sheet, path: Path, province, year) -> tuple[str, int, list[str]]:
    """Province code and year: arguments, else title text, sheet name, file name (in order)."""
    titles = [v for _, _, v in _strings(sheet) if "投入产出" in v or "年" in v][:5]
    sources = [(f"sheet text {t!r}", t) for t in titles]
    sources += [(f"sheet name {sheet.name!r}", sheet.name), (f"file name {path.name!r}", path.stem)]
    found_region = [(w, _province_in(t)) for w, t in sources if _province_in(t)]
    found_year = [(w, int(m.group(1))) for w, t in sources for m in [_YEAR_RE.search(t)] if m]
    notes = []
    region = region_code(province, where=str(path)) if province is not None else None
    if region is None and found_region:
        (where, region), = found_region[:1]
        notes.append(f"province {region} from the {where}")
    year = int(year) if year is not None else None
    if year is None and found_year:
        (where, year), = found_year[:1]
        notes.append(f"year {year} from the {where}")
    if region is None or year is None:
        missing = "province" if region is None else "year"
        raise LayoutError(f"cannot tell the {missing} of the table", file=path, field=missing,
                          expected=f"a {missing}= argument, a title like 辽宁省2017年投入产出表, "
                                   "or a file name like 2017_liaoning.xls")
    for what, value, found in (("province", region, found_region), ("year", year, found_year)):
        for where, other in found:
            if other != value:
                _warn(f"{path.name}: {what} {value} used, but the {where} says {other}",
                              DataQualityWarning, stacklevel=4)
    return region, year, notes


def _unit(sheet: _Sheet, path: Path) -> tuple[str, list[str]]:
    """Unit stated in the sheet (``单位：万元`` or ``(万元)``); 万元 with a warning if none."""
    units = {}
    for r, c, v in _strings(sheet):
        m = _UNIT_RE.search(unicodedata.normalize("NFKC", v).replace(" ", ""))
        if m:
            units.setdefault(_UNITS[m.group(1) or m.group(2)], sheet.ref(r, c))
    if len(units) > 1:
        raise LayoutError(f"the sheet states several units {units}", file=path, field="unit",
                          expected="one unit (万元, 亿元 or 元) for the whole table")
    if units:
        return next(iter(units)), []
    note = "no unit stated in the sheet; assumed 万元 (10^4 CNY), the NBS convention"
    _warn(f"{path.name}: {note}", DataQualityWarning, stacklevel=3)
    return "10^4 CNY", [note]


# ------------------------------------------------------------------ layout
def _sector_rows(sheet: _Sheet, cls: str) -> tuple[int, dict[str, int], dict[str, str]]:
    """Sector-name column, sector code -> row, code -> the workbook's name."""
    cells = _strings(sheet)
    codes = match_sectors([v for _, _, v in cells], cls, errors="coerce").tolist()
    hits = [(r, c, v, code) for (r, c, v), code in zip(cells, codes) if code is not None]
    if not hits:
        raise LayoutError("no recognisable header: no cell names a sector", file=sheet.where,
                          expected=f"sector names of the {cls} list, e.g. "
                          f"{sector_list(cls)['name_cn'].iloc[0]}, in a column of row labels")
    cols = pd.Series([c for _, c, _, _ in hits])
    name_col = int(cols.value_counts().sort_index().idxmax())
    rows: dict[str, int] = {}
    names: dict[str, str] = {}
    for r, c, v, code in hits:
        if c != name_col:
            continue
        if code in rows:
            raise LayoutError(f"two rows name sector {code}: {sheet.ref(rows[code], c)} and "
                              f"{sheet.ref(r, c)}", file=sheet.file, row=sheet.ref(r, c),
                              expected="each sector once")
        rows[code], names[code] = r, re.sub(r"\s+", "", v)
    return name_col, rows, names


def _fill_merged(sheet: _Sheet, top: int, bottom: int) -> list[list[str | None]]:
    """Header labels of rows ``top..bottom-1``; merged ranges carry their top-left text."""
    labels = [[_text(v) for v in sheet.grid[r]] for r in range(top, bottom)]
    for r0, r1, c0, c1 in sheet.merged:
        if r0 >= bottom or r1 <= top or r0 < top:
            continue
        value = _text(sheet.grid[r0][c0])
        for r in range(r0, min(r1, bottom)):
            for c in range(c0, min(c1, len(labels[0]))):
                labels[r - top][c] = labels[r - top][c] or value
    return labels


def _span_headers(labels: list[list[str | None]]) -> list[list[str | None]]:
    """Spread a parent label over the empty cells to its right (unmerged headers).

    A label spans right while the cells are empty, the label has a different label below it (it
    is a parent) and the row above continues the same parent.
    """
    filled = [row[:] for row in labels]
    start = [[c if v else None for c, v in enumerate(row)] for row in labels]
    for r, row in enumerate(labels):
        for c in range(1, len(row)):
            s = start[r][c - 1]
            if row[c] or s is None:
                continue
            below = labels[r + 1][s] if r + 1 < len(labels) else None
            if not below or below == filled[r][c - 1]:
                continue
            if r > 0 and filled[r - 1][c] != filled[r - 1][c - 1]:
                continue
            filled[r][c], start[r][c] = filled[r][c - 1], s
    return filled


def _resolve(path: list[str], table: dict[str, str], codes: set[str], generic: bool,
             sheet: _Sheet, cell: tuple[int, int]) -> str | None:
    """Code of a label path read from its end; code cells must agree with the labels."""
    token = label = None
    for text in reversed(path):
        if text.upper() in codes and text.isascii():
            token = token or text.upper()
        elif generic and text in _GENERIC:
            continue
        else:
            label = table.get(text)
            break
    if token and label and token != label:
        raise LayoutError(f"labels {path} say {label} but the code cell says {token}",
                          file=sheet.file, row=sheet.ref(*cell),
                          expected="a code matching the Chinese label")
    return label or token


def _has_data(sheet: _Sheet, rows, cols) -> tuple[int, int] | None:
    """First non-empty cell of ``rows`` x ``cols``."""
    return next(((r, c) for r in rows for c in cols
                 if c < len(sheet.grid[r]) and sheet.grid[r][c] not in (None, "")), None)


def _unknown(sheet: _Sheet, what: str, label: str, cell: tuple[int, int], cls: str,
             labels: dict[str, str]) -> UnknownLabelError:
    """Error for a data row/column whose label is neither a sector nor a known category."""
    known = list(sector_list(cls)["name_cn"]) + list(labels)
    near = difflib.get_close_matches(label, known, n=3, cutoff=0.3)
    return UnknownLabelError(
        f"{what} with data has an unknown label {label!r} (closest: "
        f"{', '.join(near) if near else 'none'})", file=sheet.file, row=sheet.ref(*cell),
        expected=f"a sector of the {cls} list or one of {sorted(set(labels.values()))}")


def _columns(sheet, labels, name_col, rows, cls) -> tuple[dict[str, int], dict[str, int]]:
    """Sector columns and category columns, by the label path of each column."""
    width = max(len(row) for row in sheet.grid)
    paths = [[row[c] for row in labels if c < len(row) and row[c]] for c in range(width)]
    flat = [t for p in paths[name_col + 1:] for t in p]
    codes = dict(zip(flat, match_sectors(flat, cls, errors="coerce")))
    sector_cols: dict[str, int] = {}
    columns: dict[str, int] = {}
    unknown = []
    for c in range(name_col + 1, width):
        found = {codes[t] for t in paths[c] if codes.get(t)}
        if len(found) > 1:
            raise LayoutError(f"column labels {paths[c]} name several sectors {sorted(found)}",
                              file=sheet.file, row=sheet.ref(0, c), expected="one sector")
        code = next(iter(found)) if found else _resolve(paths[c], COLUMN_LABELS, _COLUMN_CODES,
                                                        True, sheet, (0, c))
        target = sector_cols if found else columns
        if code is None:
            unknown.append(c)
        elif code in target:
            raise LayoutError(f"two columns are labelled {code}: {sheet.ref(0, target[code])} "
                              f"and {sheet.ref(0, c)}", file=sheet.file, row=sheet.ref(0, c),
                              expected="each column label once")
        else:
            target[code] = c
    first = min([*sector_cols.values(), *columns.values()], default=width)
    for c in unknown:
        cell = _has_data(sheet, rows.values(), [c]) if c > first else None
        if cell:
            label = next((t for t in reversed(paths[c]) if not t.isascii()), "(blank)")
            raise _unknown(sheet, "column", label, cell, cls, COLUMN_LABELS)
    return sector_cols, columns


def _rows(sheet: _Sheet, first_data: int, sector_rows: dict[str, int], data_cols: list[int],
          cls: str, name_col: int) -> dict[str, int]:
    """Value-added and subtotal rows: code -> row, from the labels left of the data."""
    found: dict[str, int] = {}
    skip = set(sector_rows.values())
    for r in range(min(sector_rows.values()), len(sheet.grid)):
        if r in skip:
            continue
        path = [t for t in (_text(v) for v in sheet.grid[r][:first_data]) if t]
        code = _resolve(path, ROW_LABELS, _ROW_CODES, False, sheet, (r, 0))
        if code is None:
            if _has_data(sheet, [r], data_cols):
                label = next((t for t in reversed(path) if not t.isascii()), "(blank)")
                raise _unknown(sheet, "row", label, (r, name_col), cls, ROW_LABELS)
        elif code in found:
            raise LayoutError(f"two rows are labelled {code}: {sheet.ref(found[code], 0)} and "
                              f"{sheet.ref(r, 0)}", file=sheet.file, row=sheet.ref(r, 0),
                              expected="each row label once")
        else:
            found[code] = r
    return found


def _require(sheet: _Sheet, lay: _Layout) -> None:
    """Raise on a truncated or incomplete layout (sectors, 总产出, 总投入, value added)."""
    names = sector_list(lay.cls)["name_cn"]
    last = sheet.ref(max(lay.sector_rows.values()), 0)
    for what, have in (("rows", lay.sector_rows), ("columns", lay.sector_cols)):
        missing = [k for k in names.index if k not in have]
        if missing and what == "rows":  # a renamed sector above the first known one?
            _renamed_row(sheet, lay)
        if missing:
            listed = ", ".join(f"{k} {names[k]}" for k in missing[:6])
            raise LayoutError(
                f"truncated workbook: no sector {what} for {len(missing)} sector(s) ({listed}"
                f"{'...' if len(missing) > 6 else ''}); last sector row read at {last}",
                file=sheet.where,
                expected=f"{what} labelled with all {len(names)} sectors of the {lay.cls} list")
    needs = (("column", lay.columns, "GO", "总产出"), ("row", lay.rows, "TI", "总投入"))
    for what, have, code, label in needs:
        if code not in have:
            raise LayoutError(f"truncated workbook: no {label} ({code}) {what} found "
                              f"(last sector row {last})", file=sheet.where,
                              expected=f"a {what} labelled {label}")
    if not any(k in lay.rows for k in ("VA001", "VA002", "VA003", "VA004")):
        raise LayoutError("no value-added rows found", file=sheet.where,
                          expected="rows labelled 劳动者报酬, 生产税净额, 固定资产折旧, 营业盈余")


def _renamed_row(sheet: _Sheet, lay: _Layout) -> None:
    """Raise for a row whose sector-name cell is unknown but which holds sector data."""
    known = set(lay.sector_rows.values())
    for r, row in enumerate(sheet.grid):
        label = _text(row[lay.name_col]) if lay.name_col < len(row) else None
        if (label and r not in known and label not in ROW_LABELS
                and _has_data(sheet, [r], lay.sector_cols.values())):
            raise _unknown(sheet, "row", label, (r, lay.name_col), lay.cls, ROW_LABELS)


def _numbers(sheet: _Sheet, rows: list[int], cols: list[int], what: str,
             blanks: list[str]) -> np.ndarray:
    """Numeric block; empty cells read as 0 and are listed in ``blanks`` (never silent)."""
    out = np.zeros((len(rows), len(cols)))
    for i, r in enumerate(rows):
        line = sheet.grid[r]
        for j, c in enumerate(cols):
            v = line[c] if c < len(line) else None
            if v is None or (type(v) is str and not v.strip()):
                blanks.append(sheet.ref(r, c))
                continue
            value = np.nan
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                value = float(v)
            elif type(v) is str:
                try:
                    value = float(v.replace(",", "").strip())
                except ValueError:
                    pass
            if not np.isfinite(value):
                raise LayoutError(f"non-numeric cell {sheet.ref(r, c)} = {v!r} in the {what} block",
                                  file=sheet.file, row=sheet.ref(r, c), field=what,
                                  expected="a number (an empty cell reads as 0)")
            out[i, j] = value
    return out


def _subtotals(z: pd.DataFrame, cat: pd.DataFrame, va: pd.DataFrame) -> dict:
    """Stated subtotal -> (stated, sum of its components), for the validator."""
    final = [k for k in _FINAL if k in cat]
    out = {}
    if "TIU" in cat:
        out["TIU"] = (cat["TIU"], z.sum(axis=1))
    for code, parts in (("THC", ["FU101", "FU102"]), ("TC", ["FU101", "FU102", "FU103"]),
                        ("GCF", ["FU201", "FU202"]), ("TFU", final)):
        if code in cat and parts and all(p in cat for p in parts):
            out[code] = (cat[code], cat[parts].sum(axis=1))
    components = [k for k in va.index if k.startswith("VA")]
    if "TII" in va.index:
        out["TII"] = (va.loc["TII"], z.sum(axis=0))
    if "TVA" in va.index:
        out["TVA"] = (va.loc["TVA"], va.loc[components].sum(axis=0))
    return out


def _blocks(sheet: _Sheet, lay: _Layout) -> tuple[dict, list[str], list[str]]:
    """The labelled frames of the table, notes on how they were read, empty cells read as 0."""
    codes = list(sector_list(lay.cls).index)
    rows = [lay.sector_rows[k] for k in codes]
    cols = [lay.sector_cols[k] for k in codes]
    cat_codes = [k for k in (*_FINAL, *_IMPORTS, "ERR", "GO", "TIU", "THC", "TC", "GCF", "TFU")
                 if k in lay.columns]
    va_codes = [k for k in ("VA001", "VA002", "VA003", "VA004", "TII", "TVA", "TI")
                if k in lay.rows]
    blanks: list[str] = []
    z = pd.DataFrame(_numbers(sheet, rows, cols, "intermediate", blanks), codes, codes)
    cat = pd.DataFrame(_numbers(sheet, rows, [lay.columns[k] for k in cat_codes], "final-use",
                                blanks), codes, cat_codes)
    va = pd.DataFrame(_numbers(sheet, [lay.rows[k] for k in va_codes], cols, "value-added",
                               blanks), va_codes, codes)
    notes = [f"{len(blanks)} empty cell(s) in the data block read as 0: " + ", ".join(blanks[:8])
             + ("..." if len(blanks) > 8 else "")] if blanks else []
    if "ERR" not in cat:
        notes.append("no 其他 (ERR) column: statistical discrepancy set to 0")
    absent = [k for k in ("VA001", "VA002", "VA003", "VA004") if k not in va.index]
    if absent:
        notes.append(f"value-added rows {absent} not in the workbook")
    components = [k for k in va_codes if k.startswith("VA")]
    blocks = {
        "Z": z, "final_demand": cat[[k for k in _FINAL if k in cat]],
        "imports": cat[[k for k in _IMPORTS if k in cat]],
        "other": cat["ERR"] if "ERR" in cat else pd.Series(0.0, index=codes),
        "value_added": va.loc[components], "output": cat["GO"], "total_input": va.loc["TI"],
        "subtotals": _subtotals(z, cat, va),
    }
    return blocks, notes, blanks


def _layout(sheet: _Sheet, cls: str) -> _Layout:
    name_col, sector_rows, names = _sector_rows(sheet, cls)
    top = min(sector_rows.values())
    labels = _span_headers(_fill_merged(sheet, 0, top)) if top else []
    sector_cols, columns = _columns(sheet, labels, name_col, sector_rows, cls)
    data_cols = [*sector_cols.values(), *columns.values()]
    first_data = min(data_cols, default=name_col + 1)
    rows = _rows(sheet, first_data, sector_rows, data_cols, cls, name_col)
    lay = _Layout(cls, name_col, sector_rows, sector_cols, names, columns, rows)
    _require(sheet, lay)
    return lay


def read_io_workbook(path: str | Path, *, province: object = None, year: int | None = None,
                     sheet: str | int | None = None) -> IOTable:
    """Read one input-output table from an original Excel workbook.

    Parameters
    ----------
    path
        ``.xls`` (xlrd) or ``.xlsx`` (openpyxl) workbook, e.g. a provincial table 2002-2017.
    province, year
        Region (any spelling, see :func:`revitalize.data.regions.region_code`) and table year;
        default: from the title (``辽宁2017年投入产出表``), the sheet name or the file name
        (``2017_liaoning.xls``). The year selects the 42-sector list
        (:func:`revitalize.data.sectors.classification_for_year`).
    sheet
        Sheet name or index; default: the only sheet, else the basic flow table (基本流量表).

    Returns
    -------
    IOTable
        Competitive-import table: sectors ``"01"``..``"42"`` of the year's list matched by name
        (``name_cn`` as printed, ``name_en`` from the list), final use (:data:`COLUMN_LABELS`),
        imports/inflows ``IM``/``IF``/``FU304`` as positive numbers, ``ERR`` (0 when absent),
        ``VA001``..``VA004``, ``GO``, ``TI``; unit from the sheet (万元 -> ``10^4 CNY``).

    Raises
    ------
    LayoutError
        Unreadable file, no recognisable header, truncated workbook (sectors, 总产出 or 总投入
        missing), non-numeric data cells, contradictory labels -- naming file, sheet and cell.
    UnknownLabelError
        A data row or column whose label is neither a sector nor a known category (with the
        closest known labels); a year without a 42-sector list.
    ValidationError
        The table does not balance (see :mod:`revitalize.io.validate`).

    Warns
    -----
    DataQualityWarning
        No unit stated (万元 assumed), empty data cells read as 0, province/year sources disagree.
    """
    from revitalize.io.validate import check_io_table

    path = Path(path)
    sh = _pick_sheet(_load(path), sheet, path)
    region, year, notes = _region_year(sh, path, province, year)
    cls = classification_for_year(year)
    unit, unit_notes = _unit(sh, path)
    lay = _layout(sh, cls)
    blocks, block_notes, blanks = _blocks(sh, lay)
    notes = [*notes, *unit_notes, *block_notes]
    if blanks:
        _warn(f"{path.name}: {block_notes[0]}", DataQualityWarning, stacklevel=2)
    subtotals = blocks.pop("subtotals")
    sectors = pd.DataFrame({"name_cn": [lay.names[k] for k in blocks["Z"].index],
                            "name_en": sector_list(cls)["name_en"].to_numpy()},
                           index=pd.Index(blocks["Z"].index, name="code"))
    prov = Provenance.from_file(path, source=_SOURCE, reader="io_workbook",
                                notes=(f"sheet {sh.name}", *notes))
    table = IOTable(sectors=sectors, **blocks, region=region, year=year, unit=unit,
                    classification=cls, provenance=prov, notes=tuple(notes))
    check_io_table(table, where=f"{path.name}[{sh.name}]", subtotals=subtotals)
    return table
