"""Reader of original input-output workbooks (``.xls`` via xlrd, ``.xlsx`` via openpyxl).

The layout is recognised **by its labels**, never by cell positions (other years' workbooks and
shifted or re-ordered copies read the same):

1. the *sector-name column* is the column with the most cells naming sectors of the year's
   42-sector list (:func:`revitalize.model.sectors.match_sectors`); those cells are the sector
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
Every table is checked with :func:`revitalize.model.validate.check_io_table`, including the stated
subtotals (``中间使用合计``, ``最终使用合计``, ``增加值合计``...) against the sums of their parts.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pandas as pd

from revitalize.data.readers.collection import IOCollection
from revitalize.data.readers.lists import list_for_year, match_list, sector_list
from revitalize.data.readers.workbook_blocks import _blocks
from revitalize.data.readers.workbook_load import _Layout, _load, _pick_sheet, _Sheet, _text
from revitalize.data.readers.workbook_meta import _province_in, _region_year, _strings, _unit
from revitalize.errors import (
    DataQualityWarning,
    InputError,
    LayoutError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.errors import warn as _warn
from revitalize.model.regions import region_code
from revitalize.model.table import IOTable
from revitalize.results import Provenance

__all__ = ["CODE_ALIASES", "COLUMN_LABELS", "ROW_LABELS", "read_io_workbook",
           "read_io_workbook_tables"]

#: Column labels (after removing whitespace, NFKC) -> code of :mod:`revitalize.model.table`.
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
    "其他": "ERR", "误差": "ERR", "统计误差": "ERR", "居民最终消费": "THC",
    "流出国内省外": "OF",
    "中间使用合计": "TIU", "最终使用合计": "TFU", "总产出": "GO",
}
#: Row labels of the input block -> code (value added and subtotals).
ROW_LABELS: dict[str, str] = {
    "中间投入合计": "TII", "劳动者报酬": "VA001", "生产税净额": "VA002",
    "固定资产折旧": "VA003", "固定资本消耗": "VA003", "营业盈余": "VA004",
    "增加值合计": "TVA", "增加值": "TVA", "总投入": "TI", "投入合计": "TI", "总投入合计": "TI",
}
#: Code cells other than the package's codes that workbooks use (Hebei 2012: ``TO`` 总投入).
CODE_ALIASES: dict[str, str] = {"TO": "TI"}
_GENERIC = {"合计", "小计", "总计"}
_COLUMN_CODES = set(COLUMN_LABELS.values())
_ROW_CODES = set(ROW_LABELS.values())
_CODE_LABELS = {"代码", "Code", "code"}  # a column/row of codes, not data
_SOURCE = ("Provincial input-output table, original workbook (provincial statistics bureau / "
           "NBS 分省投入产出表)")


# ------------------------------------------------------------------ layout
def _sector_rows(sheet: _Sheet, cls: str) -> tuple[int, dict[str, int], dict[str, str]]:
    """Sector-name column, sector code -> row, code -> the workbook's name."""
    cells = _strings(sheet)
    codes = match_list([v for _, _, v in cells], cls)
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
    """Code of a label path read from its end; code cells must agree with the labels.

    A label split over header rows (``国内省外 | 流出``) is joined: of the labels ending at the
    lowest one, the one agreeing with the code cell, else the longest join that is known.
    """
    token = label = None
    for j in range(len(path) - 1, -1, -1):
        text = path[j]
        up = CODE_ALIASES.get(text.upper(), text.upper())
        if up in codes and text.isascii():
            token = token or up
        elif (generic and text in _GENERIC) or text in _CODE_LABELS:
            continue
        elif text.isascii() and not table.get(text):  # an unknown code cell ('—', 'TYA'):
            continue                                   # the Chinese label beside it decides
        else:
            joined = [table.get("".join(path[i:j + 1])) for i in range(j + 1)]
            known = [k for k in joined if k]
            label = token if token in known else (known[0] if known else None)
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


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _code_row(sheet: _Sheet, top: int, name_col: int, cls: str) -> dict[str, int]:
    """Sector columns from a header row of sector numbers ``1..n`` (the bureaus' code row;
    the 1997 workbooks' first row): sector ``k`` of the list is the column holding ``k``.
    Empty when no header row holds exactly ``1..n`` left to right."""
    codes = list(sector_list(cls).index)
    for r in range(top - 1, -1, -1):
        found = [(c, _integer(v)) for c, v in enumerate(sheet.grid[r]) if c > name_col]
        found = [(c, k) for c, k in found if k is not None]
        found = found[:len(codes)]  # numbering may go on past the sectors (Tianjin 1997)
        if [k for _, k in found] == list(range(1, len(codes) + 1)):
            return {codes[k - 1]: c for c, k in found}
    return {}


def _columns(sheet, labels, name_col, rows, cls) -> tuple[dict[str, int], dict[str, int]]:
    """Sector columns (by the code row when there is one, else by name) and category columns,
    by the label path of each column."""
    by_code = _code_row(sheet, min(rows.values()), name_col, cls)
    width = max(len(row) for row in sheet.grid)
    paths = [[row[c] for row in labels if c < len(row) and row[c]] for c in range(width)]
    flat = [t for p in paths[name_col + 1:] for t in p]
    codes = dict(zip(flat, match_list(flat, cls)))
    sector_cols: dict[str, int] = {}
    columns: dict[str, int] = {}
    unknown = []
    coded = {c: k for k, c in by_code.items()}
    for c in range(name_col + 1, width):
        if any(t in _CODE_LABELS for t in paths[c]):
            continue
        found = {coded[c]} if c in coded else set() if by_code else \
            {codes[t] for t in paths[c] if codes.get(t)}
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
    last = columns.get("GO", width)  # unlabelled columns right of 总产出 are outside the table
    for c in unknown:
        labelled = any(not t.isascii() for t in paths[c])
        cell = _has_data(sheet, rows.values(), [c]) if first < c and (labelled or c < last) \
            else None
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
            if "TI" in found and not path:  # unlabelled rows below 总投入: outside the table
                continue
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


def read_io_workbook(path: str | Path, *, region: object = None, year: int | None = None,
                     sheet: str | int | None = None, province: object = None) -> IOTable:
    """Read one input-output table from an original Excel workbook.

    Parameters
    ----------
    path
        ``.xls`` (xlrd) or ``.xlsx`` (openpyxl) workbook: a provincial table 1997-2017, the
        national 2012 workbook, a multi-province workbook (one sheet per province).
    region
        Region (any spelling, see :func:`revitalize.model.regions.region_code`); required to
        choose a sheet of a multi-province workbook, else checked against the sheet. Default:
        from the title (``辽宁2017年投入产出表``), the sheet name or the file name.
        ``province`` is the older spelling of the same keyword.
    year
        Table year; default: from the title, sheet or file name (``辽宁97.xls`` -> 1997), else
        from the sector list when one year only uses it (the 1997 38-sector list). The year
        selects the sector list (:func:`revitalize.data.readers.lists.list_for_year`).
    sheet
        Sheet name or index; default: the basic flow table (基本流量表, never a 系数 sheet),
        the revised sheet ``X(修正)`` when the workbook holds a revised and an original one.
        Which sheet was read is in the provenance notes.

    Returns
    -------
    IOTable
        Competitive-import table: sectors of the year's list matched by name or by the numeric
        code row (``name_cn`` as printed, ``name_en`` from the list), final use
        (:data:`COLUMN_LABELS`), imports/inflows ``IM``/``IF``/``FU304`` as positive numbers,
        ``ERR`` (0 when absent), ``VA001``..``VA004``, ``GO``, ``TI``; unit from the sheet
        (万元 -> ``10^4 CNY``). A sheet holding only part of a table (no final-use block) reads
        with ``missing=("final_demand", "other")`` and a note saying so.

    Raises
    ------
    InputError
        ``region`` names no sheet of a multi-province workbook (naming those it holds).
    LayoutError
        Unreadable file, no recognisable header, truncated workbook (sectors, 总产出 or 总投入
        missing), non-numeric data cells, contradictory labels -- naming file, sheet and cell.
    UnknownLabelError
        A data row or column whose label is neither a sector nor a known category.
    ValidationError
        The table does not balance (see :mod:`revitalize.model.validate`).
    """
    region = region if region is not None else province
    path = Path(path)
    sheets = _load(path)
    if sheet is not None:
        return _read_sheet(path, _pick_sheet(sheets, sheet, path), region, year, True, ())
    groups = _table_sheets(sheets, path)
    if len(groups) == 1:
        (chosen, note), = groups.values()
        try:
            return _read_sheet(path, chosen, region, year, True, note)
        except ValidationError as exc:
            if "修正" not in chosen.name or len(sheets) == 1:
                raise
            others = [s.name for s in sheets if s is not chosen]
            raise ValidationError(f"the revised sheet {chosen.name!r} fails validation: "
                                  f"{exc.message}", file=exc.file, field=exc.field,
                                  expected=f"a balanced sheet; sheet=... reads another of "
                                           f"{others} (the original, not revised)") from None
    if region is None:
        raise InputError(f"the workbook holds one table per province (sheets "
                         f"{[g[0].name for g in groups.values()]})", file=path.name,
                         field="region", expected="region=... to choose one, or "
                         "read_io_workbook_tables(path) for all")
    code = region_code(region, where="region")
    if code not in groups:
        raise InputError(f"the workbook holds no sheet for region {region!r} ({code}); it holds "
                         f"{sorted(groups)}", file=path.name, field="region",
                         expected="a region the workbook holds")
    chosen, note = groups[code]
    return _read_sheet(path, chosen, code, year, False, note)


def read_io_workbook_tables(path: str | Path, *, year: int | None = None) -> IOCollection:
    """Every table of a workbook (one per province sheet; one for a single-table workbook).

    A province sheet that fails validation is left out by name (warned; ``.pick`` raises its
    error); see :func:`read_io_workbook` for the rules of each sheet.
    """
    path = Path(path)
    groups = _table_sheets(_load(path), path)
    if len(groups) == 1:
        return IOCollection([read_io_workbook(path, year=year)], file=path.name)
    tables, refused = [], {}
    for code, (chosen, note) in groups.items():
        try:
            tables.append(_read_sheet(path, chosen, code, year, False, note))
        except ValidationError as exc:
            refused[(code, year)] = exc.one_line()
    if refused and not tables:
        raise ValidationError(f"every sheet fails validation; first: {next(iter(refused.values()))}",
                              file=path.name, expected="tables that pass revitalize.model.validate")
    if refused:
        _warn(f"{path.name}: {len(refused)} sheet(s) refused (failed validation) and left out: "
              + " | ".join(refused.values()), DataQualityWarning)
    year_of = {t.region: t.year for t in tables}
    refused = {(r, y if y is not None else next(iter(year_of.values()), None)): m
               for (r, y), m in refused.items()}
    return IOCollection(tables, file=path.name, refused=refused)


def _table_sheets(sheets: list[_Sheet], path: Path) -> dict[str | None, tuple[_Sheet, tuple]]:
    """Region (``None`` when the sheets do not name distinct provinces) -> the sheet to read and
    notes on the choice. Empty sheets are skipped; coefficient sheets (系数) are not tables;
    of several sheets of one province the revised one (``X(修正)``) is read."""
    full = [s for s in sheets if any(v is not None for row in s.grid for v in row)]
    if not full:
        raise LayoutError("every sheet is empty", file=path.name, expected="a table")
    flows = [s for s in full if not _is_coefficients(s)] or full
    by_region: dict[str | None, list[_Sheet]] = {}
    for s in flows:
        by_region.setdefault(_province_in(s.name), []).append(s)
    named = {k: v for k, v in by_region.items() if k is not None}
    if len(named) <= 1:
        by_region = {None: flows}
    else:
        by_region = named
    out = {}
    for region, group in by_region.items():
        revised = [s for s in group if "修正" in s.name]
        chosen = revised[0] if revised else _pick_sheet(group, None, path)
        others = [s.name for s in full if s is not chosen and (region is None or s in group)]
        why = "the revised sheet" if revised else "the basic flow table"
        note = (f"sheet {chosen.name!r} read ({why}); also in the workbook: {others}",) \
            if others else ()
        out[region] = (chosen, note)
    return out


def _is_coefficients(sheet: _Sheet) -> bool:
    title = "".join(_text(v) or "" for row in sheet.grid[:6] for v in row)
    return "系数" in sheet.name or ("系数" in title and "流量" not in title)


def _read_sheet(path: Path, sh: _Sheet, region, year, use_file_name: bool,
                choice: tuple[str, ...]) -> IOTable:
    from revitalize.model.validate import check_io_table

    region, year, notes = _region_year(sh, path, region, year, use_file_name=use_file_name)
    cls = list_for_year(year)
    unit, unit_notes = _unit(sh, path)
    lay = _layout(sh, cls)
    blocks, block_notes, blanks = _blocks(sh, lay)
    notes = [*choice, *notes, *unit_notes, *block_notes]
    if blanks:
        _warn(f"{path.name}: {block_notes[0]}", DataQualityWarning, stacklevel=3)
    if blocks["missing"]:
        _warn(f"{path.name}[{sh.name}]: {notes[-1]}", DataQualityWarning, stacklevel=3)
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
