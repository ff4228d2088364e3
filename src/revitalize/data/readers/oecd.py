"""Reader of the OECD Input-Output Tables (2021 edition) in the ``ionet`` CSV layout.

Layout (``shared/data/cn_io_oecd_2021ed/PROVENANCE.md``; OECD IOTs 2021 edition, China, as
converted from the R package *ionet*, Carol-seven/ionet @51145dc): all years stacked, one block
of rows per year, columns

* ``year``, ``Code``, ``Description`` (English);
* the industry codes ``01``..``45``: intermediate use by column industry (total use, domestic +
  imported: a competitive-import table);
* final use ``HFCE NPISH GGFC GFCF INVNT CONS_ABR CONS_NONRES EXPO`` and imports ``IMPO``
  (entered as **negative** numbers);

and per year the rows ``01``..``45`` followed by ``TXS_IMP_FNL`` (taxes less subsidies on
products paid abroad), ``TXS_INT_FNL`` (paid domestically), ``TTL_INT_FNL`` (total intermediate
consumption at purchasers' prices, a subtotal), ``VALU`` (value added at basic prices) and
``OUTPUT`` (output at basic prices). There is no output *column*: the ``OUTPUT`` row is both
gross output ``x`` and total input. The layout is recognised by these labels, never by position.

Identities checked on read (:func:`revitalize.model.validate.check_io_table`), per year:

* row ``i``: ``sum_j z_ij + sum_k y_ik + IMPO_i = OUTPUT_i`` (``IMPO <= 0``), i.e.
  ``Z 1 + Y 1 - IM = x`` with ``IM = -IMPO``;
* column ``j``: ``sum_i z_ij + TXS_IMP_FNL_j + TXS_INT_FNL_j + VALU_j = OUTPUT_j``;
* subtotals: ``TTL_INT_FNL_j = sum_i z_ij + TXS_IMP_FNL_j + TXS_INT_FNL_j`` (industry columns),
  the same under the final-use columns, and ``OUTPUT_j = TTL_INT_FNL_j + VALU_j``.

The private helpers of :mod:`revitalize.data.readers.nbs` and
:mod:`revitalize.data.readers.provincial` are reused, so messages have the same shape.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from revitalize.data.readers.nbs import (
    Blank,
    _check_sector_block,
    _finish,
    _numbers,
    _read_cells,
    _require_columns,
    _row_name,
    _unique_labels,
)
from revitalize.data.readers.provincial import _select_year
from revitalize.errors import LayoutError
from revitalize.model.regions import REGIONS, region_code
from revitalize.model.table import IOTable
from revitalize.results import Provenance

__all__ = ["read_oecd_io"]

UNIT = "10^6 USD"
_SOURCE = ("OECD Input-Output Tables 2021 edition, China (via ionet R package, "
           "Carol-seven/ionet @51145dc)")
_READER = "oecd_io_csv"
_LABELS = ("year", "Code", "Description")
_FINAL = ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "CONS_ABR", "CONS_NONRES", "EXPO")
_IMPO = "IMPO"
_USES = (*_FINAL, _IMPO)  # the non-industry columns
_TAX_ROWS = ("TXS_IMP_FNL", "TXS_INT_FNL")
_VA_ROWS = (*_TAX_ROWS, "VALU")  # kept in IOTable.value_added, labelled by their OECD codes
_TOTAL_ROWS = (*_TAX_ROWS, "TTL_INT_FNL", "VALU", "OUTPUT")
_ZERO_ROWS = ("VALU", "OUTPUT")  # no entries under the final-use columns
_SECTOR = re.compile(r"\d+")
IMPORTS_NOTE = ("imports: the OECD column IMPO is entered as negative numbers; stored as "
                "positive imports['IM'] = -IMPO")


def read_oecd_io(path: str | Path, *, year: int | None = None, region: object = "000000",
                 blank_as_zero: bool = True) -> dict[int, IOTable] | IOTable:
    """Read an OECD IOT 2021-edition CSV (all years stacked) into :class:`IOTable` objects.

    Parameters
    ----------
    path
        CSV file such as ``oecd_iot2021_chn_1995_2018.csv``.
    year
        One year to read; default: every year in the file.
    region
        Region the tables describe (any spelling, see :mod:`revitalize.model.regions`).
    blank_as_zero
        Read empty numeric cells as 0 with a :class:`DataQualityWarning` naming every such cell
        and a note on the table (default). ``False`` raises :class:`LayoutError` at the first one.

    Returns
    -------
    dict[int, IOTable] or IOTable
        Tables keyed by year (``int``), or the one table of ``year``. Each table: unit
        ``10^6 USD`` (current prices), kind ``competitive`` (``Z`` is total use), classification
        ``oecd_iot2021_45``; sector codes ``"01"``..``"45"``, ``name_en`` from ``Description``,
        ``name_cn`` empty (no reliable Chinese list of the OECD industries is at hand);
        ``final_demand`` = ``HFCE``..``EXPO``; ``imports["IM"] = -IMPO`` (**sign flipped**: the
        OECD file enters imports as negative numbers; said in every table's notes);
        ``value_added`` rows ``TXS_IMP_FNL``, ``TXS_INT_FNL``, ``VALU`` (OECD codes kept);
        ``output`` = ``total_input`` = the ``OUTPUT`` row; ``other`` zeros.

    Notes
    -----
    The tax rows also hold taxes less subsidies on *final* products (under ``HFCE``..``IMPO``);
    an :class:`IOTable` has no final-use tax row, so those cells are not kept: they enter the
    checked subtotal ``TTL_INT_FNL (final-use columns)`` and their sums are stated in the
    table's notes. Industry 45 (households as employers) has zero output in every year of the
    China file; it is kept, and the validator warns (``zero_output``, a :class:`BalanceWarning`
    and a note): drop it before computing coefficients.

    Raises
    ------
    LayoutError
        Missing or unknown columns, missing/duplicate/unexpected rows (a truncated file),
        non-numeric cells, a positive ``IMPO`` (imports must be entered as negative numbers),
        a non-zero ``VALU``/``OUTPUT`` cell under a final-use column.
    InputError
        ``year`` is not in the file.
    ValidationError
        A table fails a check of :func:`revitalize.model.validate.check_io_table`.
    """
    path = Path(path)
    file = path.name
    cells = _read_cells(path)
    _require_columns(cells, (*_LABELS, *_USES), file, "an OECD input-output table")
    codes = _industry_columns(cells, file)
    code = region_code(region, where=file)
    mode: Blank = "zero" if blank_as_zero else "error"
    parsed = {  # every year's layout is checked before any table is built or warned about
        y: _parse_year(frame, codes, f"{file}: {REGIONS[code].name_en} {y}", mode)
        for y, frame in _year_groups(cells, year, file).items()
    }
    prov = Provenance.from_file(path, source=_SOURCE, reader=_READER)
    tables = {y: _year_table(p, code, y, prov) for y, p in parsed.items()}
    return tables[int(year)] if year is not None else tables


def _industry_columns(cells: pd.DataFrame, file: str) -> list[str]:
    """Industry columns (``01``...) in file order; any other column must be a known label."""
    codes = [c for c in cells.columns if _SECTOR.fullmatch(c)]
    unknown = [c for c in cells.columns if c not in (*_LABELS, *_USES, *codes)]
    if unknown:
        raise LayoutError(f"unknown column(s) {unknown}", file=file, row="line 1",
                          field=unknown[0],
                          expected=f"{list(_LABELS)}, industry codes, {list(_USES)}")
    if not codes:
        raise LayoutError("no industry columns", file=file, row="line 1",
                          expected="industry code columns 01..45")
    return codes


def _year_groups(cells: pd.DataFrame, year: int | None, file: str) -> dict[int, pd.DataFrame]:
    """Rows of each year (checked four-digit years), sorted; only ``year`` when given."""
    if year is not None:
        return {int(year): _select_year(cells, year, file)}
    keys = cells["year"].astype(str).str.strip()
    groups = {}
    for _, frame in cells.groupby(keys, sort=False):
        frame = _select_year(frame, None, file)  # one year per group: checks its spelling
        groups[int(str(frame["year"].iloc[0]).strip())] = frame
    return dict(sorted(groups.items()))


def _parse_year(frame: pd.DataFrame, codes: list[str], where: str, mode: Blank) -> dict:
    """Check the layout of one year's rows and parse its numbers (no validation yet)."""
    labels = frame["Code"].astype(str).str.strip()
    _unique_labels(labels, where, "Code")
    lines, totals = [], {}
    for line, label in labels.items():
        if _SECTOR.fullmatch(label):
            lines.append(line)
        elif label in _TOTAL_ROWS:
            totals[label] = line
        else:
            raise LayoutError(f"unexpected row label {label!r}", file=where,
                              row=_row_name(labels, line), field="Code",
                              expected=f"an industry code or one of {list(_TOTAL_ROWS)}")
    _check_sector_block(labels[lines].tolist(), codes, where, "industry")
    missing = [r for r in _TOTAL_ROWS if r not in totals]
    if missing:
        raise LayoutError(f"missing row(s) {missing} (truncated file?)", file=where,
                          field="Code", expected=f"rows {list(_TOTAL_ROWS)} after the industries")
    blanks: list[str] = []
    value_cols = [*codes, *_USES]
    block = _numbers(frame.loc[lines, value_cols], labels, where, blank=mode, blanks=blanks)
    tot = _numbers(frame.loc[[totals[r] for r in _TOTAL_ROWS], value_cols], labels, where,
                   blank=mode, blanks=blanks)
    _check_signs(block, tot, labels, where)
    block.index, tot.index = pd.Index(codes), pd.Index(_TOTAL_ROWS)
    block.columns.name = tot.columns.name = None
    names = frame.loc[lines, "Description"].astype(str).str.strip().to_numpy()
    return {"block": block, "tot": tot, "names": names, "blanks": blanks, "where": where}


def _check_signs(block: pd.DataFrame, tot: pd.DataFrame, labels: pd.Series, where: str) -> None:
    """``IMPO <= 0`` in the industry rows; ``VALU``/``OUTPUT`` rows empty under final use."""
    positive = block[_IMPO] > 0
    if positive.any():
        line = positive.idxmax()
        raise LayoutError(f"IMPO is {block.at[line, _IMPO]:g} (positive)", file=where,
                          row=_row_name(labels, line), field=_IMPO,
                          expected="imports entered as negative numbers or 0 (OECD convention)")
    zero_rows = tot.loc[[line for line in tot.index if labels[line] in _ZERO_ROWS], list(_USES)]
    stack = zero_rows.stack()
    nonzero = stack[stack != 0]
    if len(nonzero):
        (line, col), value = nonzero.index[0], nonzero.iloc[0]
        raise LayoutError(f"value {value:g} would be dropped", file=where,
                          row=_row_name(labels, line), field=col,
                          expected="0: VALU and OUTPUT have no entries under final-use columns")


def _tax_note(taxes: pd.DataFrame) -> str:
    final = taxes[list(_FINAL)].sum(axis=1)
    parts = "; ".join(f"{r} {final[r]:,.1f} under {_FINAL[0]}..{_FINAL[-1]} and "
                      f"{taxes.at[r, _IMPO]:,.1f} under {_IMPO}" for r in taxes.index)
    return (f"taxes less subsidies on final use not kept (IOTable has no final-use tax row), "
            f"in {UNIT}: {parts}; checked in the subtotal 'TTL_INT_FNL (final-use columns)'")


def _year_table(parsed: dict, region: str, year: int, prov: Provenance) -> IOTable:
    """Assemble and validate the table of one year (see the module docstring)."""
    block, tot = parsed["block"], parsed["tot"]
    codes = list(block.index)
    z = block[codes]
    taxes = tot.loc[list(_TAX_ROWS)]
    x = tot.loc["OUTPUT", codes]
    table = IOTable(
        sectors=pd.DataFrame({"name_cn": "", "name_en": parsed["names"]},
                             index=pd.Index(codes, name="code")),
        Z=z, final_demand=block[list(_FINAL)],
        imports=pd.DataFrame({"IM": 0.0 - block[_IMPO]}),  # 0.0 - v: no negative zeros
        other=pd.Series(0.0, index=pd.Index(codes), name="other"),
        value_added=tot.loc[list(_VA_ROWS), codes],
        output=x.rename("output"), total_input=x.rename("total_input"),
        region=region, year=int(year), unit=UNIT, kind="competitive",
        classification=f"oecd_iot2021_{len(codes)}", provenance=prov,
        notes=(IMPORTS_NOTE, _tax_note(taxes)),
    )
    uses = list(_USES)
    subtotals = {
        "TTL_INT_FNL": (tot.loc["TTL_INT_FNL", codes], z.sum(axis=0) + taxes[codes].sum(axis=0)),
        "TTL_INT_FNL (final-use columns)": (tot.loc["TTL_INT_FNL", uses],
                                            block[uses].sum(axis=0) + taxes[uses].sum(axis=0)),
        "OUTPUT": (x, tot.loc["TTL_INT_FNL", codes] + tot.loc["VALU", codes]),
    }
    return _finish(table, subtotals, parsed["where"], parsed["blanks"])
