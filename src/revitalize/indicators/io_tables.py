"""Regional indicators from provincial input-output tables: sizes by region and sector, the
shift-share decomposition between two IO years and revealed comparative advantage from the
exports column.

These are the steps that sit between a set of provincial tables and the kernels of
:mod:`revitalize.indicators.structure` and :mod:`revitalize.indicators.shift_share`: summing a
region's member provinces, putting two years on one sector list, aligning sector lists and
recording every such choice in ``meta["conventions"]``.

* size of sector *j* in region *r*: ``TVA_rj`` (total value added, default) or ``x_rj`` (output);
  a macro-region's size is the sum over its member provinces;
* shift-share (Dunn 1960; Esteban-Marquillas 1972): see :func:`~revitalize.indicators.shift_share.
  shift_share`, applied to the region's and the reference's summed sizes of two years;
* RCA (Balassa 1965): ``(X_rj / X_r) / (X_Rj / X_R)`` with X the exports column ``EX`` of the
  provincial tables (2012/2017 layouts; 2002 has net outflow only and 2007's FU302 mixes exports
  with inter-provincial outflow, so both are refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType

import pandas as pd

from revitalize.errors import InputError

__all__ = ["MEASURES", "rca_from_tables", "shift_share_from_tables", "sizes_from_tables"]

MEASURES = ("value_added", "output")


def _flat(tables) -> list:
    from revitalize.model.table import IOTable

    items = [tables] if isinstance(tables, IOTable) else list(
        tables.values() if hasattr(tables, "values") else tables)
    flat: list = []
    for item in items:
        flat += [item] if isinstance(item, IOTable) else list(item.values())
    if not flat or not all(isinstance(t, IOTable) for t in flat):
        raise InputError("needs provincial IO tables (e.g. cn_prov_io_2017_42.csv)",
                         field="source", expected="a stacked provincial IO file or dataset")
    return flat


def _size(table, measure: str) -> pd.Series:
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}", field="measure",
                         expected="value_added or output")
    return table.total_value_added() if measure == "value_added" else table.output


def sizes_from_tables(tables, *, measure: str = "value_added") -> pd.DataFrame:
    """Regions x sectors sizes (negative sizes clipped to 0, as the structure measures need
    shares) of one year's provincial tables."""
    flat = _flat(tables)
    years = sorted({t.year for t in flat if t.year is not None})
    if len(years) > 1:
        raise InputError(f"the tables hold years {years}", field="year",
                         expected="tables of one year (pick one with --year)")
    frame = pd.DataFrame({t.region: _size(t, measure) for t in flat}).T.clip(lower=0)
    frame.index.name = "region"
    return frame


def _two_years(flat: list) -> dict[int, dict]:
    years = sorted({int(t.year) for t in flat})
    if len(years) != 2:
        raise InputError(f"the inputs hold years {years}", field="source",
                         expected="provincial IO tables of exactly two years")
    return {y: {t.region: t for t in flat if int(t.year) == y} for y in years}


def _summed(tables: dict, codes, measure: str, what: str, year: int) -> pd.Series:
    missing = [c for c in codes if c not in tables]
    if missing:
        raise InputError(f"{year}: {what} lacks tables of {missing[:5]}", field="source",
                         expected="every member province in both years")
    total = sum(_size(tables[c], measure) for c in codes)
    if (total < 0).any():
        raise InputError(f"{year}: {what} has negative {measure} in sectors "
                         f"{total.index[total < 0].tolist()} (as published)", field="measure",
                         expected="non-negative sizes; try --measure output")
    return total


def _reference_codes(by_year: dict, ref_code: str, incomplete: str) -> tuple[list, list]:
    from revitalize.model.regions import members

    want = list(members(ref_code))
    common = [c for c in want if all(c in tabs for tabs in by_year.values())]
    left_out = [c for c in want if c not in common]
    if left_out and incomplete != "common":
        raise InputError(f"reference {ref_code} lacks {left_out} in one of the years",
                         field="incomplete_reference",
                         expected="every member in both years, or --incomplete-reference common")
    return common, left_out


def _aligned(vectors: list[pd.Series], unmatched: str) -> tuple[list[pd.Series], list[str]]:
    common = [c for c in vectors[1].index if all(c in v.index for v in vectors)]
    extra = sorted(set().union(*(set(v.index) for v in vectors)) - set(common))
    if extra and unmatched != "drop":
        raise InputError(f"sectors {extra} have no counterpart in the other year's list",
                         field="unmatched", expected="--unmatched drop to leave them out")
    return [v.reindex(common) for v in vectors], extra


def shift_share_from_tables(tables: Iterable, *, region, reference, variant: str = "classic",
                            measure: str = "value_added", common_year: int | None = None,
                            incomplete_reference: str = "raise", unmatched: str = "drop"):
    """Shift-share decomposition of ``region``'s change by sector between the two years of
    ``tables`` (provincial IO tables), against ``reference`` (the sum of its member provinces),
    at current prices.

    Parameters
    ----------
    tables
        Provincial tables of exactly two years (IOTables, or collections of them).
    region, reference
        Any spelling of a province, macro-region or the nation.
    variant
        ``classic`` or ``esteban_marquillas``.
    measure
        ``value_added`` (total value added) or ``output``.
    common_year
        Put both years on this year's sector list (matched by name).
    incomplete_reference
        ``raise`` or ``common`` (use the reference's provinces present in both years).
    unmatched
        Sectors without a counterpart in the other year's list: ``drop`` (named in the
        conventions) or ``raise``.
    """
    from revitalize.indicators.competitiveness import common_sector_list
    from revitalize.indicators.shift_share import shift_share
    from revitalize.model.regions import members, region_code

    if incomplete_reference not in ("raise", "common"):
        raise InputError(f"unknown rule {incomplete_reference!r}", field="incomplete_reference",
                         expected="raise|common")
    by_year = _two_years(_flat(tables))
    ref, reg = region_code(reference, where="reference"), region_code(region, where="region")
    ref_codes, left_out = _reference_codes(by_year, ref, incomplete_reference)
    reg_codes = list(members(reg))
    keep = set(ref_codes) | set(reg_codes)
    flat = common_sector_list([t for tabs in by_year.values() for c, t in tabs.items()
                               if c in keep], common_year)
    (y0, tabs0), (yt, tabs_t) = {y: {t.region: t for t in flat if int(t.year) == y}
                                 for y in by_year}.items()
    vectors, dropped = _aligned([_summed(tabs0, reg_codes, measure, reg, y0),
                                 _summed(tabs_t, reg_codes, measure, reg, yt),
                                 _summed(tabs0, ref_codes, measure, ref, y0),
                                 _summed(tabs_t, ref_codes, measure, ref, yt)], unmatched)
    res = shift_share(*vectors, reference=ref, variant=variant)
    last = next(iter(tabs_t.values()))
    table = res.table.copy()
    table.insert(0, "name", [last.sectors["name_cn"].get(s, "") for s in table.index])
    conventions = {**res.meta["conventions"], "region": reg, "years": f"{y0}-{yt}",
                   "measure": measure, "prices": "current (no deflation)",
                   "sector_list": last.classification, "unmatched_sectors_dropped": dropped,
                   "reference_members_left_out": left_out}
    meta = {**res.meta, "conventions": conventions, "unit": last.unit}
    return replace(res, table=table, meta=MappingProxyType(meta))


def rca_from_tables(tables, *, reference, zero_reference: str = "drop"):
    """Revealed comparative advantage (Balassa) of every province and sector from the exports
    column ``EX`` of one year's provincial tables, against ``reference``.

    ``zero_reference``: sectors the reference does not export are ``drop``-ped (listed in the
    conventions) or ``raise``.
    """
    from revitalize.indicators.structure import revealed_comparative_advantage
    from revitalize.model.regions import members, region_code

    if zero_reference not in ("drop", "raise"):
        raise InputError(f"unknown rule {zero_reference!r}", field="zero_reference",
                         expected="drop or raise")
    flat = _flat(tables)
    no_ex = sorted({t.year for t in flat if "EX" not in t.final_demand.columns})
    if no_ex:
        raise InputError(f"the {no_ex} tables have no exports column EX (2002: net outflow only; "
                         "2007: FU302 mixes exports and inter-provincial outflow)", field="EX",
                         expected="a 2012 or 2017 provincial IO file")
    X = pd.DataFrame({t.region: t.final_demand["EX"] for t in flat}).T
    ref = region_code(reference, where="reference")
    want = [ref] if ref in X.index else [m for m in members(ref) if m in X.index]
    zero = X.columns[X.reindex(want).sum() <= 0].tolist()
    if zero_reference == "drop":
        X = X.drop(columns=zero)
    res = revealed_comparative_advantage(X, reference=ref)
    names = flat[0].sectors["name_cn"]
    long = res.table.stack().rename("rca").reset_index()
    long.insert(2, "name", long["sector"].map(names))
    long.insert(3, "exports", [X.loc[r, s] for r, s in zip(long["region"], long["sector"])])
    conventions = {**res.meta["conventions"], "exports": "EX column of the provincial IO tables",
                   "zero_reference": zero_reference,
                   "dropped_sectors": zero if zero_reference == "drop" else []}
    return replace(res, table=long, meta=MappingProxyType({**res.meta,
                                                           "conventions": conventions}))
