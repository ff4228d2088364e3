"""Reader of the NBS national input-output tables in the ``ionet`` CSV layout.

Layout (``shared/data/cn_io_nbs/PROVENANCE.md``; NBS 《中国投入产出表》 as converted from the
R package *ionet*, Carol-seven/ionet @51145dc): one row per product with columns

* ``Code``, ``Description`` (English), ``DescriptionInChinese``; non-competitive tables add
  ``Origin`` = ``Domestic`` / ``Imports`` / ``TOT``;
* the sector codes (``"01"``..``"42"``, ``"001"``..``"153"``): intermediate use by column sector;
* ``TIU`` (row total of the intermediate block), final-use columns (``FU101`` ... ``EX``),
  their subtotals (``THC``, ``TC``, ``GCF``, ``TFU``), ``IM``, ``ERR`` and ``GO``;

followed by the rows ``TII`` (column totals), ``VA001``..``VA004``, ``TVA`` and ``TI``. The layout
is recognised by these labels, never by position. Subtotals are not kept as components but are
checked against their parts through :func:`revitalize.model.validate.check_io_table`.

The private helpers here (``_read_cells``, ``_numbers``, ``_classify_columns``, ``_finish``) are
shared with :mod:`revitalize.data.readers.provincial`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, LayoutError
from revitalize.errors import warn as _warn
from revitalize.model.regions import region_code
from revitalize.model.table import FINAL_DEMAND_CODES, IOTable
from revitalize.model.validate import check_io_table
from revitalize.results import Provenance

__all__ = ["UNKNOWN", "TableFacts", "read_nbs_io", "table_facts"]

UNIT = "10^4 CNY"
_SOURCE = "NBS national input-output table {year} (via ionet R package, Carol-seven/ionet @51145dc)"
_READER = "nbs_io_csv"
_LABELS = ("Code", "Description", "DescriptionInChinese")
VA_ROWS = ("VA001", "VA002", "VA003", "VA004")
_TOTAL_ROWS = ("TII", *VA_ROWS, "TVA", "TI")
_SECTOR = re.compile(r"\d+")
_ORIGINS = {"Domestic": "domestic", "Imports": "imports", "TOT": "total"}
# A subtotal column and its parts; a part may itself be a subtotal (NBS 编制方法, table layout).
_PARTS: dict[str, tuple[str, ...]] = {
    "THC": ("FU101", "FU102"),
    "TC": ("THC", "FU103"),
    "GCF": ("FU201", "FU202"),
}
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
Blank = Literal["error", "zero", "missing"]


# ---------------------------------------------------------------------------- shared helpers
def _read_cells(path: Path) -> pd.DataFrame:
    """Every cell of a CSV file as text; the index is the line number in the file.

    Text is UTF-8 (BOM allowed) or GBK/GB18030 (recognised by
    :func:`revitalize.data.readers.detect.decode_text`, noted in ``attrs["notes"]``); line
    endings may be ``\\n``, ``\\r\\n`` or ``\\r`` alone (old Mac), mixed. Leading lines that
    start with ``#`` are metadata ``# key: value`` (``year``, ``region``, ``unit``,
    ``classification``, ``source``), returned in ``attrs["stated"]``.

    Raises :class:`LayoutError` for an undecodable, empty or header-only file, a line whose
    number of fields differs from the header's (a truncated or ragged file) and duplicate
    column names -- each naming the file.
    """
    from revitalize.data.readers.text import decode_text

    if not path.is_file():
        raise InputError("file not found", file=path, expected="an existing CSV file")
    text, note = decode_text(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stated: dict[str, str] = {}
    try:
        reader = csv.reader(io.StringIO(text))
        header = None
        for record in reader:
            first = record[0].strip() if record else ""
            if header is None and first.startswith("#"):
                key, _, value = ",".join(record).lstrip("#").partition(":")
                if value.strip():
                    stated[key.strip().lower()] = value.strip().strip(",").strip()
                continue
            if header is None and not any(c.strip() for c in record):
                continue
            header = record
            break
        if header is None or not any(h.strip() for h in header):
            raise LayoutError("file is empty", file=path.name, expected="a header line and rows")
        header = [h.strip() for h in header]
        rows, lines = [], []
        for record in reader:
            if not any(c.strip() for c in record):
                continue
            if len(record) != len(header):
                raise LayoutError(
                    f"line has {len(record)} fields but the header has {len(header)} "
                    "(truncated or ragged file)",
                    file=path.name, row=f"line {reader.line_num}",
                    expected=f"{len(header)} comma-separated fields")
            rows.append(record)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise LayoutError(f"not a readable CSV file: {exc}", file=path.name,
                          expected="comma-separated text") from None
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise LayoutError(f"duplicate column names {dup}", file=path.name, row="line 1",
                          expected="each column label once")
    if not rows:
        raise LayoutError("file has a header but no rows", file=path.name,
                          expected="table rows after the header")
    cells = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    cells.attrs["notes"] = [note] if note else []
    cells.attrs["stated"] = stated
    return cells


def _row_name(labels: pd.Series, line: int) -> str:
    return f"{labels.get(line, '?')} (line {line})"


def _numbers(cells: pd.DataFrame, labels: pd.Series, file: str, *, blank: Blank = "error",
             blanks: list[str] | None = None) -> pd.DataFrame:
    """Parse text cells as finite floats, naming the first bad cell.

    Parameters
    ----------
    cells
        Text cells, index = line numbers.
    labels
        Row label of each line (for messages).
    blank
        What an empty cell means: ``"error"`` raise :class:`LayoutError`; ``"zero"`` read it as 0
        and append ``"row x column"`` to ``blanks`` (the caller warns); ``"missing"`` keep NaN
        (only for optional subtotal cells, which are then not checked).
    """
    shape = cells.shape
    text = np.array([str(v).strip() for v in cells.to_numpy(dtype=object).ravel()], dtype=object)
    parsed = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(float)
    values = pd.DataFrame(parsed.reshape(shape), index=cells.index, columns=cells.columns)
    is_blank = (text == "").reshape(shape)
    bad = ~np.isfinite(values.to_numpy()) & ~is_blank
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise LayoutError(f"non-numeric cell {text.reshape(shape)[i, j]!r}", file=file,
                          row=_row_name(labels, cells.index[i]), field=cells.columns[j],
                          expected="a finite number")
    if is_blank.any() and blank != "missing":
        if blank == "error":
            i, j = np.argwhere(is_blank)[0]
            raise LayoutError("empty cell", file=file, row=_row_name(labels, cells.index[i]),
                              field=cells.columns[j],
                              expected="a number (blank_as_zero=False forbids blanks)")
        for i, j in np.argwhere(is_blank):
            if blanks is not None:
                blanks.append(f"{_row_name(labels, cells.index[i])} x {cells.columns[j]}")
        values = values.mask(is_blank, 0.0)
    return values


@dataclass(frozen=True)
class _Columns:
    """Roles of the non-sector columns of a table."""

    final: list[str]  # final-use components (role final/net), file order
    imports: list[str]  # imports / inflows (subtracted in the row balance)
    other: list[str]  # statistical discrepancy ERR
    subtotals: dict[str, tuple[str, ...]]  # stated subtotal -> its leaf components (checked)

    @property
    def numeric(self) -> list[str]:
        return [*self.final, *self.imports, *self.other, *self.subtotals]


def _expand(code: str, present: set[str]) -> tuple[str, ...] | None:
    """Leaf columns that make up ``code`` (itself when present and not expandable)."""
    if code in _PARTS:
        parts = [_expand(p, present) for p in _PARTS[code]]
        if all(p is not None for p in parts):
            return tuple(c for p in parts for c in p)
    return (code,) if code in present else None


def _descendants(code: str) -> set[str]:
    out: set[str] = set()
    for part in _PARTS.get(code, ()):
        out |= {part} | _descendants(part)
    return out


def _classify_columns(names: list[str], file: str) -> _Columns:
    """Split final-use/trade column labels by role (see ``FINAL_DEMAND_CODES``).

    A subtotal (``THC``, ``TC``, ``GCF``) whose parts are all present is checked, not kept; one
    whose parts are absent is the finest category the table has and is kept as a component
    (e.g. ``TC`` in the non-competitive tables). ``TFU`` is checked against all components.
    """
    unknown = [c for c in names if c not in FINAL_DEMAND_CODES and c not in ("GCF", "TFU")]
    if unknown:
        raise LayoutError(f"unknown column(s) {unknown}", file=file, row="line 1",
                          field=unknown[0], expected="sector codes, FU..., EX, OF, IM, IF, ERR, GO")
    present = set(names)
    subtotals: dict[str, tuple[str, ...]] = {}
    for code in (c for c in names if c in _PARTS):
        parts = [_expand(p, present) for p in _PARTS[code]]
        if all(p is not None for p in parts):
            subtotals[code] = tuple(c for p in parts for c in p)
        elif _descendants(code) & present:
            raise LayoutError(
                f"column {code} and some but not all of its parts "
                f"{sorted(_descendants(code) & present)} are present (would double count)",
                file=file, field=code, expected=f"all of {list(_PARTS[code])} or none")
    roles = {c: FINAL_DEMAND_CODES[c][2] for c in names if c in FINAL_DEMAND_CODES}
    final = [c for c in names if roles.get(c) in ("final", "net") and c not in subtotals]
    imports = [c for c in names if roles.get(c) == "import"]
    if "NOF" in final and imports:
        raise LayoutError(f"net outflow NOF together with import columns {imports}",
                          file=file, field="NOF", expected="either NOF or gross imports")
    if "TFU" in present:
        subtotals["TFU"] = tuple(final)
    if not final:
        raise LayoutError("no final-use column", file=file, row="line 1",
                          expected=f"some of {[c for c in FINAL_DEMAND_CODES if c != 'ERR']}")
    return _Columns(final, imports, [c for c in names if roles.get(c) == "other"], subtotals)


def _require_columns(cells: pd.DataFrame, required, file: str, what: str) -> None:
    missing = [c for c in required if c not in cells.columns]
    if missing:
        raise LayoutError(f"missing column(s) {missing}: not {what}", file=file, row="line 1",
                          field=missing[0], expected=f"columns {list(required)}")


def _check_sector_block(row_codes: list[str], col_codes: list[str], file: str, what: str) -> None:
    """The sector rows must be the sector columns, in the same order."""
    if not col_codes:
        raise LayoutError("no sector columns", file=file, row="line 1",
                          expected="sector code columns (e.g. 01..42)")
    if len(row_codes) < len(col_codes) and row_codes == col_codes[: len(row_codes)]:
        raise LayoutError(
            f"{what} block has {len(row_codes)} rows but there are {len(col_codes)} sector "
            f"columns; rows {col_codes[len(row_codes)]}..{col_codes[-1]} are missing (truncated?)",
            file=file, field="sector rows", expected=f"{len(col_codes)} sector rows")
    if row_codes != col_codes:
        extra = [c for c in row_codes if c not in col_codes]
        missing = [c for c in col_codes if c not in row_codes]
        raise LayoutError(
            f"{what} rows do not match the sector columns (rows without column: {extra[:5]}, "
            f"columns without row: {missing[:5]})", file=file, field="sector rows",
            expected="one row per sector column, in column order")


def _unique_labels(labels: pd.Series, file: str, what: str) -> None:
    dup = labels[labels.duplicated(keep=False)]
    if len(dup):
        first = dup.iloc[0]
        lines = dup[dup == first].index.tolist()
        raise LayoutError(f"duplicate {what} {first!r} on lines {lines}", file=file,
                          row=_row_name(labels, lines[1]), expected=f"each {what} once")


def _finish(table: IOTable, subtotals: dict, where: str, blanks: list[str]) -> IOTable:
    """Validate the built table and attach its warnings as notes."""
    notes = []
    if blanks:
        msg = (f"{len(blanks)} blank cell(s) read as 0 (blank_as_zero=True): "
               + "; ".join(blanks[:10]))
        _warn(f"{where}: {msg}", DataQualityWarning, stacklevel=4)
        notes.append(msg)
    report = check_io_table(table, where=where, subtotals=subtotals)
    warned = report.table[report.table["status"] == "warn"]
    notes += [f"{r['check']}: {r['detail']}" for _, r in warned.iterrows()]
    return table.with_notes(*notes) if notes else table


def _table_year(path: Path, year: int | None) -> int:
    """Year from the file name (``cn_io_2017_149.csv``) or ``year``; they must agree."""
    found = sorted(set(_YEAR_IN_NAME.findall(path.name)))
    if year is not None:
        if found and found != [str(int(year))]:
            raise InputError(f"year={year} but the file name says {found}", file=path.name,
                             field="year", expected="the year of the table in the file")
        return int(year)
    if len(found) != 1:
        raise LayoutError("cannot tell the table year from the file name" +
                          (f" (several years {found})" if found else ""), file=path.name,
                          field="year", expected="year=... or a name like cn_io_2017_149.csv")
    return int(found[0])


_NBS_NAME = re.compile(r"cn_io_((?:19|20)\d{2})_\d+(?:_noncomp)?\.csv", re.IGNORECASE)
_STATED_KEYS = ("year", "region", "unit", "classification", "source")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class TableFacts:
    """Year, region, unit, classification and source of a table, and where each came from."""

    year: int | None
    region: str | None
    unit: str
    classification: str
    source: str
    notes: tuple[str, ...]


def _agree(what: str, given, stated, file: str, same=lambda a, b: a == b):
    if given is not None and stated is not None and not same(given, stated):
        raise InputError(f"{what}={given!r} but the file states {stated!r}", file=file,
                         field=what, expected=f"the {what} the file states, or no {what}=")


def table_facts(path: Path, stated: dict[str, str], *, year=None, region=None, unit=None,
                classification=None, nbs_default: bool = True) -> TableFacts:
    """Resolve year, region, unit and classification: the file first, then the caller.

    Order: what the file states (``# year: 2017`` metadata lines; the year of an NBS file name
    ``cn_io_<year>_<n>.csv``), else the keyword, else for an NBS file name the NBS national
    table's facts (China, 万元), else *unknown* (``None`` year/region, unit and classification
    ``"unknown"``). A keyword that contradicts the file is an :class:`InputError`; nothing is
    invented: a user's table is never labelled "NBS, China".
    """
    file = path.name
    unknown = [k for k in stated if k not in _STATED_KEYS]
    if unknown:
        raise LayoutError(f"unknown metadata line(s) {unknown}", file=file, row="# lines",
                          expected=f"'# key: value' with key one of {list(_STATED_KEYS)}")
    nbs = _NBS_NAME.fullmatch(file) if nbs_default else None
    notes: list[str] = []
    s_year = stated.get("year")
    if s_year is not None and not re.fullmatch(r"(?:19|20)\d{2}", s_year):
        raise LayoutError(f"stated year {s_year!r} is not a year", file=file, row="# year",
                          expected="a four-digit year")
    s_year = int(s_year) if s_year else (int(nbs.group(1)) if nbs else None)
    if s_year is None and year is None:
        in_name = sorted(set(_YEAR_IN_NAME.findall(file)))
        if len(in_name) == 1:
            s_year = int(in_name[0])
            notes.append(f"year {s_year} from the file name")
    _agree("year", None if year is None else int(year), s_year, file)
    t_year = s_year if s_year is not None else (None if year is None else int(year))
    s_region = stated.get("region")
    s_code = region_code(s_region, where=f"{file}: # region") if s_region else None
    g_code = region_code(region, where="region") if region is not None else None
    _agree("region", g_code, s_code, file)
    t_region = s_code or g_code or ("000000" if nbs else None)
    s_unit = _UNIT_NAMES.get(stated.get("unit"), stated.get("unit"))
    g_unit = _UNIT_NAMES.get(unit, unit) if unit is not None else None
    _agree("unit", g_unit, s_unit, file)
    t_unit = s_unit or g_unit or ("10^4 CNY" if nbs else UNKNOWN)
    t_cls = stated.get("classification") or classification or UNKNOWN
    source = stated.get("source") or (
        _SOURCE.format(year=t_year) if nbs else f"user table {file} (source not stated)")
    for what, value in (("year", t_year), ("region", t_region), ("unit", t_unit)):
        if value in (None, UNKNOWN):
            notes.append(f"{what} not stated in the file nor given: recorded as unknown")
    return TableFacts(t_year, t_region, t_unit, t_cls, source, tuple(notes))


_UNIT_NAMES = {"万元": "10^4 CNY", "亿元": "10^8 CNY", "元": "CNY", "百万美元": "10^6 USD"}


# ---------------------------------------------------------------------------- NBS layout
@dataclass(frozen=True)
class _Layout:
    """Where the blocks of an NBS table are: line numbers and column labels."""

    codes: list[str]
    cols: _Columns
    blocks: dict[str, list[int]]  # "domestic" / "imports" -> lines of sector rows
    totals: dict[str, int]  # TII, VA001.., TVA, TI -> line
    labels: pd.Series  # line -> row label for messages


def _nbs_layout(cells: pd.DataFrame, file: str) -> _Layout:
    """Recognise the NBS layout by its labels: ``Code`` column, sector codes, total rows."""
    noncomp = "Origin" in cells.columns
    labels = cells["Code"].astype(str).str.strip()
    reserved = {*_LABELS, "Origin", "TIU", "GO", "GCF", "TFU", *FINAL_DEMAND_CODES, *_TOTAL_ROWS}
    row_codes = set(labels) - set(_TOTAL_ROWS)
    codes = [c for c in cells.columns
             if c not in reserved and (_SECTOR.fullmatch(c) or c in row_codes)]
    known = {*_LABELS, "Origin", "TIU", "GO", *codes}
    rest = [c for c in cells.columns if c not in known]
    code_set = set(codes)
    origin = cells["Origin"].astype(str).str.strip() if noncomp else pd.Series("", cells.index)
    blocks: dict[str, list[int]] = {"domestic": [], "imports": []} if noncomp else {"domestic": []}
    totals: dict[str, int] = {}
    for line, label in labels.items():
        if noncomp:
            kind = _ORIGINS.get(origin[line])
        else:
            kind = "total" if label in _TOTAL_ROWS else "domestic"
        if kind is None:
            raise LayoutError(f"unknown Origin {origin[line]!r}", file=file,
                              row=_row_name(labels, line), field="Origin",
                              expected=f"one of {list(_ORIGINS)}")
        if kind == "total" and label in _TOTAL_ROWS:
            if label in totals:
                raise LayoutError(f"duplicate row {label!r} on lines {[totals[label], line]}",
                                  file=file, row=_row_name(labels, line), field="Code",
                                  expected=f"each of {list(_TOTAL_ROWS)} once")
            totals[label] = line
        elif kind != "total" and (label in code_set or _SECTOR.fullmatch(label)):
            blocks[kind].append(line)
        else:
            raise LayoutError(f"unexpected row label {label!r}", file=file,
                              row=_row_name(labels, line), field="Code",
                              expected=f"a sector code or one of {list(_TOTAL_ROWS)}")
    return _Layout(codes, _classify_columns(rest, file), blocks, totals, labels)


def _check_layout(lay: _Layout, file: str) -> None:
    for kind, lines in lay.blocks.items():
        row_codes = lay.labels[lines].tolist()
        _unique_labels(lay.labels[lines], file, f"{kind} sector code")
        _check_sector_block(row_codes, lay.codes, file, f"{kind} sector")
    missing = [r for r in _TOTAL_ROWS if r not in lay.totals]
    if missing:
        raise LayoutError(f"missing row(s) {missing} (truncated file?)", file=file,
                          field="Code", expected=f"rows {list(_TOTAL_ROWS)} after the sectors")


def read_nbs_io(path: str | Path, *, year: int | None = None, region: object = None,
                unit: str | None = None, classification: str | None = None,
                blank_as_zero: bool = True) -> IOTable:
    """Read a table in the NBS ``ionet`` CSV layout (national tables, or a user's own table).

    The layout is documented in the module docstring; sector codes may be any string (a column
    whose label is the ``Code`` of a sector row), e.g. ``AGR, MFG, SRV``
    (``examples/user_table_3sectors.csv``). Optional leading metadata lines
    ``# year: 2017``, ``# region: Liaoning``, ``# unit: 万元``, ``# classification: ...``,
    ``# source: ...`` state what the file is (see :func:`table_facts`).

    Parameters
    ----------
    path
        CSV file such as ``cn_io_2017_149.csv`` or ``cn_io_2017_42_noncomp.csv``, or a user's
        table in the same layout (any file name).
    year, region, unit, classification
        What the file does not state; contradicting the file is an :class:`InputError`. An NBS
        file name (``cn_io_<year>_<n>[_noncomp].csv``) states the year and defaults region to
        China (``"000000"``) and unit to 万元; other files without these are recorded as unknown
        (``None`` year/region, ``"unknown"`` unit and classification), never guessed.
    blank_as_zero
        Read empty numeric cells as 0 with a :class:`DataQualityWarning` naming every such cell
        and a note on the table (default). ``False`` raises :class:`LayoutError` at the first one.

    Returns
    -------
    IOTable
        Unit ``10^4 CNY`` (万元, current producers' prices). Competitive tables: ``Z`` total flows,
        ``imports["IM"]``, ``other`` = ``ERR`` (zeros when absent). Non-competitive tables
        (``Origin`` column): ``Z``/``final_demand`` from the Domestic rows, ``Z_imports`` and
        ``final_demand_imports`` from the Imports rows, ``imports["IM"]`` = their ``GO``.

    Raises
    ------
    LayoutError
        Wrong layout, missing or duplicate labels, truncated file, non-numeric or empty cells.
    ValidationError
        Imbalance beyond the tolerance of :mod:`revitalize.model.validate` (subtotals included:
        ``TIU`` = row sums of Z, ``TII`` = column sums, ``TVA`` = sum of VA rows,
        ``TI`` = ``TII + TVA``, ``THC``/``TC``/``GCF``/``TFU`` = their parts).
    """
    path = Path(path)
    file = path.name
    cells = _read_cells(path)
    _require_columns(cells, (*_LABELS, "TIU", "GO"), file, "an NBS input-output table")
    facts = table_facts(path, cells.attrs["stated"], year=year, region=region, unit=unit,
                        classification=classification)
    lay = _nbs_layout(cells, file)
    _check_layout(lay, file)
    if "imports" in lay.blocks and (lay.cols.imports or lay.cols.other):
        raise LayoutError(f"columns {lay.cols.imports + lay.cols.other} in a non-competitive table",
                          file=file, field=(lay.cols.imports + lay.cols.other)[0],
                          expected="imports as Imports rows, no IM/ERR columns")
    blanks: list[str] = []
    mode: Blank = "zero" if blank_as_zero else "error"
    table, subtotals = _build_nbs(cells, lay, file, mode, blanks, facts, path)
    table = table.with_notes(*cells.attrs["notes"], *facts.notes)
    return _finish(table, subtotals, f"{file}: {_who(table.region, table.year)}", blanks)


def _build_nbs(cells: pd.DataFrame, lay: _Layout, file: str, mode: Blank, blanks: list[str],
               facts: TableFacts, path: Path) -> tuple[IOTable, dict]:
    """Parse the numbers of the recognised blocks and assemble the :class:`IOTable`."""
    codes, cols = lay.codes, lay.cols
    value_cols = [*codes, "TIU", *cols.numeric, "GO"]
    parsed: dict[str, pd.DataFrame] = {}
    for kind, lines in lay.blocks.items():
        block = _numbers(cells.loc[lines, value_cols], lay.labels, file, blank=mode, blanks=blanks)
        block.index, block.columns.name = pd.Index(codes), None
        parsed[kind] = block
    tot_lines = [lay.totals[r] for r in _TOTAL_ROWS]
    tot = _numbers(cells.loc[tot_lines, codes], lay.labels, file, blank=mode, blanks=blanks)
    tot.index = pd.Index(_TOTAL_ROWS)
    stated = _numbers(cells.loc[tot_lines, value_cols[len(codes):]], lay.labels, file,
                      blank="missing")
    stated.index = pd.Index(_TOTAL_ROWS)
    dom, imp = parsed["domestic"], parsed.get("imports")
    text = cells.loc[lay.blocks["domestic"]]
    sectors = pd.DataFrame(
        {"name_cn": text["DescriptionInChinese"].str.strip().to_numpy(),
         "name_en": text["Description"].str.strip().to_numpy()},
        index=pd.Index(codes, name="code"))
    noncomp = imp is not None
    other = dom[cols.other[0]] if cols.other else pd.Series(0.0, index=pd.Index(codes))
    table = IOTable(
        sectors=sectors, Z=dom[codes], final_demand=dom[cols.final],
        imports=imp[["GO"]].rename(columns={"GO": "IM"}) if noncomp else dom[cols.imports],
        other=other.rename("other"), value_added=tot.loc[list(VA_ROWS)],
        output=dom["GO"].rename("output"), total_input=tot.loc["TI"].rename("total_input"),
        region=facts.region, year=facts.year, unit=facts.unit,
        kind="noncompetitive" if noncomp else "competitive",
        classification=_classification(facts, path, len(codes), noncomp),
        provenance=Provenance.from_file(path, source=facts.source, reader=_READER,
                                        notes=(*cells.attrs["notes"], *facts.notes)),
        Z_imports=imp[codes] if noncomp else None,
        final_demand_imports=imp[cols.final] if noncomp else None,
    )
    return table, _nbs_subtotals(parsed, tot, stated, cols, codes)


def _who(region: str | None, year: int | None) -> str:
    """``"China 2017"``; ``"region unknown"`` / ``"year unknown"`` when not stated."""
    from revitalize.model.regions import REGIONS

    name = REGIONS[region].name_en if region in REGIONS else (region or "region unknown")
    return f"{name} {year if year is not None else 'year unknown'}"


def _classification(facts: TableFacts, path: Path, n: int, noncomp: bool) -> str:
    if facts.classification != UNKNOWN or not _NBS_NAME.fullmatch(path.name):
        return facts.classification
    return f"nbs_{facts.year}_{n}" + ("_noncomp" if noncomp else "")


def _nbs_subtotals(parsed: dict[str, pd.DataFrame], tot: pd.DataFrame, stated: pd.DataFrame,
                   cols: _Columns, codes: list[str]) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Stated subtotal vs sum of its parts, for :func:`check_io_table`.

    ``TIU`` = row sum of the intermediate block (per Origin block), ``THC``/``TC``/``GCF``/``TFU``
    = their components, ``TII`` = column sums of all intermediate blocks, ``TVA`` = VA001..VA004,
    ``TI`` = ``TII + TVA``; the ``TII`` row under the final-use columns = column totals of the
    product rows, and the ``TIU`` cell of the total rows = their row totals.
    """
    sub: dict[str, tuple[pd.Series, pd.Series]] = {}
    for kind, block in parsed.items():
        tag = "" if len(parsed) == 1 else f" ({kind} rows)"
        sub["TIU" + tag] = (block["TIU"], block[codes].sum(axis=1))
        for name, leaves in cols.subtotals.items():
            sub[name + tag] = (block[name], block[list(leaves)].sum(axis=1))
    blocks = list(parsed.values())
    sub["TII"] = (tot.loc["TII"], sum(b[codes].sum(axis=0) for b in blocks))
    sub["TVA"] = (tot.loc["TVA"], tot.loc[list(VA_ROWS)].sum(axis=0))
    sub["TI"] = (tot.loc["TI"], tot.loc["TII"] + tot.loc["TVA"])
    stated_tii = stated.loc["TII"].dropna()
    col_totals = sum(b[list(stated_tii.index)].sum(axis=0) for b in blocks)
    sub["TII row (column totals)"] = (stated_tii, col_totals)
    stated_tiu = stated["TIU"].dropna()
    sub["TIU column (row totals)"] = (stated_tiu, tot.loc[stated_tiu.index, codes].sum(axis=1))
    return sub
