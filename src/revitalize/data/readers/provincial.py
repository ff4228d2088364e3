"""Reader of the stacked provincial 42-sector input-output tables (``CHNIO`` CSV layout).

Layout (``shared/data/cn_io_provincial/PROVENANCE.md``; provincial statistics bureaus' tables
as collected by the R package *CHNIO*, common2016/CHNIO @2878da3): all provinces of one year
stacked, columns ``year, province_code, province_cn, province_en, row_code, row_name_cn``, the
sector columns ``sec01``..``sec42``, final-use and trade columns, ``GO``; per province the rows
``sec01``..``sec42``, ``VA001``..``VA004``, ``TVA``, ``TI``. Final-use columns differ by year and
are recognised by label (:data:`revitalize.model.table.FINAL_DEMAND_CODES`):

* 2002: ``FU101 FU102 FU103 FU201 FU202 NOF`` (net outflow);
* 2007: the same without ``NOF``, plus ``FU302`` outflow, ``FU304`` inflow, ``ERR``;
* 2012/2017: ``... EX OF`` (exports, outflow), ``IM IF`` (imports, inflow), ``ERR``.

Row balance: ``sum_j z_ij + sum(final, net) - sum(imports, inflows) + ERR = GO``.

The 1997 file (``cn_prov_io_1997_38.csv``, converted from the 1997 workbooks) has its own column
set: no ``province_en``; a ``sheet`` column (the workbook sheet read, kept in the provenance
notes); 38 sectors (list ``prov38_1997``, :mod:`revitalize.data.readers.lists`); ``TIU``
(checked against the row sums of Z) and the ``TII`` row (column sums); ``THC FU103 FU201 FU202``;
``OUTFLOW`` (调出, exports included) read as ``FU302``; ``TFU``; ``INFLOW`` (调入, imports
included) *entered negative*, read as the positive inflow ``FU304 = -INFLOW`` (noted); ``ERR``;
``GO``; memo columns ``EX_memo``/``IM_memo`` (Tianjin: exports/imports already inside
调出/调入) are not components and are noted when filled. Row identity
``TIU + TFU + INFLOW + ERR = GO``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from revitalize.data.readers.collection import IOCollection
from revitalize.data.readers.nbs import (
    UNIT,
    VA_ROWS,
    Blank,
    _check_sector_block,
    _classify_columns,
    _Columns,
    _finish,
    _numbers,
    _read_cells,
    _require_columns,
    _row_name,
    _unique_labels,
)
from revitalize.errors import (
    DataQualityWarning,
    InputError,
    LayoutError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.errors import warn as _warn
from revitalize.model.regions import REGIONS, region_code
from revitalize.model.table import IOTable
from revitalize.results import Provenance

__all__ = ["read_provincial_io", "read_provincial_tables"]

_SOURCE = ("Provincial input-output tables {year}, 42 sectors (provincial statistics bureaus; "
           "via CHNIO R package, common2016/CHNIO @2878da3)")
_READER = "provincial_io_csv"
_META = ("year", "province_code", "province_cn", "province_en", "row_code", "row_name_cn")
_REQUIRED = ("year", "province_code", "province_cn", "row_code", "row_name_cn")
_OPTIONAL_META = ("province_en", "sheet")
_TOTAL_ROWS = (*VA_ROWS, "TVA", "TI")
_OPTIONAL_ROWS = ("TII",)
_RENAMED = {"OUTFLOW": "FU302", "INFLOW": "FU304"}  # 1997 file: 调出 / 调入 (entered negative)
_MEMO = re.compile(r".+_memo")
_SECTOR = re.compile(r"sec(\d+)")


def read_provincial_io(path: str | Path, *, province: object = None, year: int | None = None,
                       blank_as_zero: bool = True) -> IOCollection | IOTable:
    """Backwards-compatible form of :func:`read_provincial_tables`: with ``province`` the one
    table (``read_provincial_tables(path, year=year).pick(region=province)``), else the
    :class:`IOCollection` of all provinces (a read-only dict keyed by region code)."""
    tables = read_provincial_tables(path, province=province, year=year,
                                    blank_as_zero=blank_as_zero)
    return tables.pick(region=province) if province is not None else tables


def read_provincial_tables(path: str | Path, *, province: object = None,
                           year: int | None = None, blank_as_zero: bool = True) -> IOCollection:
    """Read a stacked provincial IO file (``cn_prov_io_<year>_42.csv``, ``..._1997_38.csv``).

    Parameters
    ----------
    path
        The CSV file.
    province
        One province in any spelling (``"辽宁"``, ``"Liaoning"``, ``210000``); default: all.
    year
        Table year to read; required only when the file holds several years (it is checked
        against the ``year`` column otherwise).
    blank_as_zero
        Read empty numeric cells as 0 with a :class:`DataQualityWarning` naming every such cell
        and a note on the table (default). ``False`` raises :class:`LayoutError` at the first one. The
        2002 file has one such cell (Guangxi, ``VA004`` of sector 42; its ``TVA`` equals the sum of
        the other three components, so the blank is a zero in the source).

    Returns
    -------
    IOCollection
        The tables (of ``province`` only, when given), keyed by canonical region code (e.g.
        ``"210000"``); ``.pick(region=...)`` chooses one. Sector codes ``"01"``..``"42"`` from ``row_code``, checked by name against
        the year's NBS 42-sector list (:func:`revitalize.model.sectors.match_sectors`); ``name_cn``
        from ``row_name_cn``, ``name_en`` from that list; unit ``10^4 CNY`` (万元);
        classification ``nbs42_<year>`` (:func:`~revitalize.model.sectors.classification_for_year`);
        1997: ``"01"``..``"38"`` checked against ``prov38_1997``.

    Raises
    ------
    LayoutError
        Missing columns or rows, unknown or duplicate labels, truncated blocks, non-numeric cells,
        province names that contradict the province code.
    UnknownLabelError
        ``province`` is not in the file.
    ValidationError
        A table fails a check of :func:`revitalize.model.validate.check_io_table`.
    """
    path = Path(path)
    file = path.name
    cells = _read_cells(path)
    _require_columns(cells, (*_REQUIRED, "GO"), file, "a stacked provincial input-output table")
    cells = _select_year(cells, year, file)
    table_year = int(cells["year"].iloc[0])
    codes = _sector_columns(cells, file)
    cells, extra_notes = _renamed_columns(cells, file)
    skip = {*_REQUIRED, *_OPTIONAL_META, "GO", "TIU", *codes}
    cols = _classify_columns([c for c in cells.columns if c not in skip and not _MEMO.fullmatch(c)],
                             file)
    groups = _province_groups(cells, file)
    if province is not None:
        wanted = _wanted(province, groups, file)
        groups = {wanted: groups[wanted]}
    mode: Blank = "zero" if blank_as_zero else "error"
    parsed = {  # every block's layout is checked before any table is built or warned about
        code: _parse_province(frame, f"{REGIONS[code].name_en} {table_year}", codes, cols,
                              file, mode)
        for code, frame in groups.items()
    }
    source = _SOURCE.format(year=table_year)
    if len(codes) != 42:
        source = source.replace("42 sectors", f"{len(codes)} sectors")
    notes = (*cells.attrs.get("notes", []), *extra_notes)
    tables, refused = [], {}
    for code, p in parsed.items():
        sheet = p.pop("sheet")
        prov = Provenance.from_file(path, source=source, reader=_READER,
                                    notes=(*notes, *([f"sheet {sheet}"] if sheet else [])))
        try:
            tables.append(_province_table(p, code, table_year, codes, cols, prov, notes))
        except ValidationError as exc:
            if province is not None or len(parsed) == 1:
                raise
            refused[(code, table_year)] = exc.one_line()
    if refused:
        if not tables:
            raise ValidationError(f"every table fails validation; first: {next(iter(refused.values()))}",
                                  file=file, expected="tables that pass revitalize.model.validate")
        _warn(f"{file}: {len(refused)} of {len(parsed)} table(s) refused (failed validation) and "
              f"left out: " + " | ".join(refused.values()), DataQualityWarning)
    return IOCollection(tables, file=file, refused=refused)


def _renamed_columns(cells: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[str]]:
    """1997 columns: ``OUTFLOW`` -> ``FU302``; ``INFLOW`` (entered negative) -> ``FU304``."""
    notes = []
    present = {k: v for k, v in _RENAMED.items() if k in cells.columns}
    if not present:
        return cells, notes
    clash = [v for v in present.values() if v in cells.columns]
    if clash:
        raise LayoutError(f"columns {list(present)} and {clash} both present", file=file,
                          row="line 1", expected="one spelling of outflow/inflow")
    attrs = dict(cells.attrs)
    cells = cells.rename(columns=present)
    cells.attrs.update(attrs)
    if "FU304" in cells.columns:
        values = pd.to_numeric(cells["FU304"].str.strip(), errors="coerce")
        if values.sum() <= 0:
            cells["FU304"] = [(str(-v) if pd.notna(v) else t)
                              for v, t in zip(values, cells["FU304"])]
            notes.append("INFLOW (调入) is entered negative in the file; read as the positive "
                         "inflow FU304 = -INFLOW")
        else:
            notes.append("INFLOW (调入) is entered positive; read as FU304 unchanged")
    memo = [c for c in cells.columns if _MEMO.fullmatch(c)]
    if memo:
        filled = [c for c in memo if cells[c].str.strip().ne("").any()]
        if filled:
            notes.append(f"memo columns {filled} (already inside OUTFLOW/INFLOW) not used "
                         "as components")
    notes.append("OUTFLOW (调出, exports included) read as FU302")
    return cells, notes


def _wanted(province: object, groups: dict[str, pd.DataFrame], file: str) -> str:
    """Canonical code of the requested province, which must be in the file."""
    wanted = region_code(province, where=file)
    if wanted not in groups:
        raise UnknownLabelError(f"province {province!r} ({wanted}) is not in the file",
                                file=file, field="province_code",
                                expected=f"one of {sorted(groups)}")
    return wanted


def _select_year(cells: pd.DataFrame, year: int | None, file: str) -> pd.DataFrame:
    years = cells["year"].astype(str).str.strip()
    bad = years[~years.str.fullmatch(r"\d{4}")]
    if len(bad):
        raise LayoutError(f"non-numeric cell {bad.iloc[0]!r}", file=file,
                          row=f"line {bad.index[0]}", field="year", expected="a four-digit year")
    found = sorted(years.unique())
    if year is None:
        if len(found) > 1:
            raise InputError(f"the file holds several years {found}", file=file, field="year",
                             expected="year=... to choose one")
        return cells
    if str(int(year)) not in found:
        raise InputError(f"year {year} is not in the file", file=file, field="year",
                         expected=f"one of {found}")
    return cells[years == str(int(year))]


def _sector_columns(cells: pd.DataFrame, file: str) -> list[str]:
    """Sector columns ``secNN`` in file order (the codes are ``NN``)."""
    cols = [c for c in cells.columns if _SECTOR.fullmatch(c)]
    if not cols:
        raise LayoutError("no sector columns", file=file, row="line 1",
                          expected="columns sec01..sec42")
    return cols


def _province_groups(cells: pd.DataFrame, file: str) -> dict[str, pd.DataFrame]:
    """Rows of each province, keyed by canonical region code; the names must agree with the code."""
    groups: dict[str, pd.DataFrame] = {}
    keys = cells["province_code"].astype(str).str.strip()
    for raw_code, frame in cells.groupby(keys, sort=False):
        where = f"{file}: line {frame.index[0]}"
        code = region_code(raw_code, where=where)
        for field in ("province_cn", "province_en"):
            if field not in frame.columns:
                continue
            names = frame[field].astype(str).str.strip().unique()
            other = [n for n in names if region_code(n, where=f"{where}: {field}") != code]
            if len(names) != 1 or other:
                raise LayoutError(f"{field} {list(names)} does not match province_code {raw_code}",
                                  file=file, row=f"line {frame.index[0]}", field=field,
                                  expected=f"the name of {REGIONS[code].name_en} only")
        if code in groups:
            raise LayoutError(f"province {code} appears under two spellings", file=file,
                              row=f"line {frame.index[0]}", field="province_code",
                              expected="one block per province")
        groups[code] = frame
    return groups


def _province_rows(frame: pd.DataFrame, codes: list[str], file: str,
                   who: str) -> tuple[list[int], dict[str, int], pd.Series]:
    """Line numbers of the sector rows and of the total rows of one province."""
    labels = frame["row_code"].astype(str).str.strip()
    _unique_labels(labels, f"{file}: {who}", "row_code")
    sector_lines, totals = [], {}
    for line, label in labels.items():
        if _SECTOR.fullmatch(label):
            sector_lines.append(line)
        elif label in _TOTAL_ROWS or label in _OPTIONAL_ROWS:
            totals[label] = line
        else:
            raise LayoutError(f"unexpected row_code {label!r}", file=f"{file}: {who}",
                              row=_row_name(labels, line), field="row_code",
                              expected=f"sec01..sec42 or one of {list(_TOTAL_ROWS)}")
    _check_sector_block(labels[sector_lines].tolist(), codes, f"{file}: {who}", "sector")
    missing = [r for r in _TOTAL_ROWS if r not in totals]
    if missing:
        raise LayoutError(f"missing row(s) {missing} (truncated file?)", file=f"{file}: {who}",
                          field="row_code", expected=f"rows {list(_TOTAL_ROWS)} after the sectors")
    return sector_lines, totals, labels


def _parse_province(frame: pd.DataFrame, who: str, sec_cols: list[str], cols: _Columns,
                    file: str, mode: Blank) -> dict:
    """Check the layout of one province's block and parse its numbers (no validation yet)."""
    lines, totals, labels = _province_rows(frame, sec_cols, file, who)
    where = f"{file}: {who}"
    blanks: list[str] = []
    codes = pd.Index([_SECTOR.fullmatch(c).group(1) for c in sec_cols])
    tiu = ["TIU"] if "TIU" in frame.columns else []
    block = _numbers(frame.loc[lines, [*sec_cols, *cols.numeric, *tiu, "GO"]], labels, where,
                     blank=mode, blanks=blanks)
    block.index = codes
    rows = [*_TOTAL_ROWS, *(r for r in _OPTIONAL_ROWS if r in totals)]
    tot = _numbers(frame.loc[[totals[r] for r in rows], sec_cols], labels, where,
                   blank=mode, blanks=blanks)
    tot.index, tot.columns = pd.Index(rows), codes
    names = frame.loc[lines, "row_name_cn"].str.strip().to_numpy()
    sheets = frame["sheet"].str.strip().unique().tolist() if "sheet" in frame.columns else []
    return {"block": block, "tot": tot, "names": names, "blanks": blanks, "where": where,
            "sheet": ", ".join(sheets)}


def _named_sectors(names, codes: list[str], year: int, where: str) -> tuple[pd.DataFrame, str]:
    """Sector labels checked by name against the year's NBS 42-sector list (never by position).

    The file's row codes (``sec01``...) must name the same sector as its Chinese row name in the
    concordance of :mod:`revitalize.model.sectors`; English names come from that list. A file with
    another sector count has no NBS list to match against: its codes are kept as labelled, the
    English names left empty and the classification named ``prov<n>_<year>`` to say so.
    """
    from revitalize.data.readers.lists import EXTRA_LISTS, match_list
    from revitalize.data.readers.lists import sector_list as extra_list
    from revitalize.model.sectors import match_sectors, sector_list

    if len(codes) != 42:
        cls = f"prov{len(codes)}_{year}"
        english = [""] * len(codes)
        if cls in EXTRA_LISTS:
            wrong = [(c, n, m) for c, n, m in zip(codes, names, match_list(names, cls)) if c != m]
            if wrong:
                c, n, m = wrong[0]
                raise LayoutError(f"row sec{c} is named {n!r}, which is "
                                  f"{'sector ' + m if m else 'no sector'} of {cls}", file=where,
                                  row=f"sec{c}", field="row_name_cn",
                                  expected=f"row codes and names that agree with the {cls} list")
            english = extra_list(cls)["name_en"].reindex(codes).fillna("").tolist()
        return (pd.DataFrame({"name_cn": names, "name_en": english},
                             index=pd.Index(codes, name="code")), cls)
    matched = match_sectors(names, year=year, where=f"{where}: row_name_cn")
    cls = matched.attrs["classification"]
    wrong = [(c, n, m) for c, n, m in zip(codes, names, matched) if c != m]
    if wrong:
        c, n, m = wrong[0]
        raise LayoutError(f"row sec{c} is named {n!r}, which is sector {m} of {cls}",
                          file=where, row=f"sec{c}", field="row_name_cn",
                          expected="row codes and names that agree with the NBS 42-sector list")
    english = sector_list(cls)["name_en"].reindex(codes).to_numpy()
    return (pd.DataFrame({"name_cn": names, "name_en": english}, index=pd.Index(codes, name="code")),
            cls)


def _province_table(parsed: dict, region: str, year: int, sec_cols: list[str], cols: _Columns,
                    prov: Provenance, notes=()) -> IOTable:
    """Assemble and validate the table of one province."""
    block, tot = parsed["block"], parsed["tot"]
    codes = tot.columns
    other = block[cols.other[0]] if cols.other else pd.Series(0.0, index=codes)
    sectors, classification = _named_sectors(parsed["names"], list(codes), year, parsed["where"])
    table = IOTable(
        sectors=sectors,
        Z=block[sec_cols].set_axis(codes, axis=1), final_demand=block[cols.final],
        imports=block[cols.imports], other=other.rename("other"),
        value_added=tot.loc[list(VA_ROWS)], output=block["GO"].rename("output"),
        total_input=tot.loc["TI"].rename("total_input"),
        region=region, year=year, unit=UNIT, kind="competitive",
        classification=classification, provenance=prov, notes=tuple(notes),
    )
    z = block[sec_cols].set_axis(codes, axis=1)
    subtotals = {"TVA": (tot.loc["TVA"], tot.loc[list(VA_ROWS)].sum(axis=0))}
    if "TII" in tot.index:
        subtotals["TII"] = (tot.loc["TII"], z.sum(axis=0))
    if "TIU" in block.columns:
        subtotals["TIU"] = (block["TIU"], z.sum(axis=1))
    for name, leaves in cols.subtotals.items():
        subtotals[name] = (block[name], block[list(leaves)].sum(axis=1))
    return _finish(table, subtotals, parsed["where"], parsed["blanks"])
