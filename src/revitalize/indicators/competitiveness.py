"""Pillar-industry competitiveness from provincial IO tables: market share and profit level, and
the Gini coefficient of a distribution across regions.

* market share (市场占有率) of province ``r`` in sector ``i``:
  ``MS_ri = x_ri / sum_{q in R} x_qi`` (gross output; the reference ``R`` -- by default the nation
  as the sum of all 31 provinces -- is named and must be complete in every year);
* profit level (利润水平) ``PL_ri = operating surplus_ri / x_ri`` (row VA004 over gross output),
  as the founding paper (document 000) measures pillar industries; ``x_ri = 0`` leaves it empty;
* Gini coefficient (mean absolute difference / twice the mean, optionally population-weighted):
  ``G = sum_i sum_j w_i w_j |y_i - y_j| / (2 (sum w)^2 mean_w(y))``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.indicators.structure import StructureResult
from revitalize.model.regions import members, normalise_region
from revitalize.model.table import IOTable
from revitalize.results import build_meta

__all__ = ["market_share_profit", "gini", "gini_kernel"]


def gini_kernel(y: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted Gini coefficient of ``y`` (non-negative) with weights ``w`` (default equal)."""
    w = np.ones_like(y, dtype=float) if w is None else np.asarray(w, dtype=float)
    mean = np.sum(w * y) / np.sum(w)
    diff = np.abs(y[:, None] - y[None, :])
    return float(np.sum(w[:, None] * w[None, :] * diff) / (2 * np.sum(w) ** 2 * mean))


def gini(values: pd.Series, weights: pd.Series | None = None) -> float:
    """Gini coefficient of a distribution across regions (e.g. per-capita GDP weighted by
    population). Raises on negative values or a zero mean."""
    y = pd.Series(values, dtype=float)
    if y.isna().any() or (y < 0).any() or y.sum() <= 0:
        raise InputError("Gini needs non-negative values with a positive sum", field="values")
    w = None
    if weights is not None:
        w = pd.Series(weights, dtype=float).reindex(y.index)
        if w.isna().any() or (w <= 0).any():
            raise InputError("weights must be positive for every region", field="weights")
        w = w.to_numpy()
    return gini_kernel(y.to_numpy(), w)


def common_sector_list(flat: list[IOTable], common_year: int | None) -> list[IOTable]:
    """All tables on one sector list: as they are, or reclassified to ``common_year``'s list."""
    classes = sorted({t.classification for t in flat})
    if common_year is None:
        if len(classes) > 1:
            raise InputError(f"tables use different sector lists {classes}; codes are not comparable",
                             field="common_year", expected="common_year=YEAR to reclassify by name")
        return flat
    from revitalize.io.aggregate import reclassify
    from revitalize.model.sectors import classification_for_year

    target = classification_for_year(int(common_year))
    anchors = {t.region: t for t in flat if t.classification == target}
    out = []
    for t in flat:
        if t.classification == target:
            out.append(t)
            continue
        if t.region not in anchors:
            raise InputError(f"no {target} table of {t.region} to split merged sectors by",
                             field="common_year", expected=f"a {common_year} table of every province")
        out.append(reclassify(t, common_year, reference=anchors[t.region]))
    return out


def market_share_profit(tables, *, reference="000000", sectors=None,
                        regions=("210000", "220000", "230000"),
                        incomplete_reference: str = "raise",
                        common_year: int | None = None) -> StructureResult:
    """Market share and profit level by province, sector and year.

    Parameters
    ----------
    tables
        Provincial IO tables: a ``dict`` keyed by region (one year, as a stacked file reads) or an
        iterable of such dicts / tables (several years).
    reference
        Economy whose total output is the market (all its member provinces must be present).
    sectors
        Sector codes to keep (default all).
    regions
        Provinces to report (any spelling).
    incomplete_reference
        ``"raise"`` (default) when a year lacks a member of the reference; ``"present"`` uses the
        provinces present that year (the 2002 and 2007 tables have no Tibet) and records the
        missing ones per year in ``meta["missing_reference_members"]``.
    common_year
        Sector lists change between years (2002/2007 vs 2012/2017: e.g. code 18 is electrical
        machinery in 2007 and transport equipment in 2017). Tables on different lists are
        refused unless ``common_year`` names the list to put them all on; each table is then
        reclassified by name (:func:`revitalize.io.aggregate.reclassify`), splits allocated by the
        same province's output in the ``common_year`` table.

    Returns
    -------
    StructureResult
        Long table: region, year, sector, name, output, market_share_pct, operating_surplus,
        profit_level_pct.
    """
    flat: list[IOTable] = []
    for item in ([tables] if isinstance(tables, (dict, IOTable)) else list(tables)):
        flat += list(item.values()) if isinstance(item, dict) else [item]
    flat = common_sector_list(flat, common_year)
    ref = normalise_region(reference, where="reference")
    want = [normalise_region(r, where="regions").code for r in regions]
    if incomplete_reference not in ("raise", "present"):
        raise InputError(f"unknown incomplete_reference {incomplete_reference!r}",
                         field="incomplete_reference", expected="'raise' or 'present'")
    rows, missing_by_year = [], {}
    for year in sorted({t.year for t in flat}):
        by_region = {t.region: t for t in flat if t.year == year}
        missing = [m for m in members(ref.code) if m not in by_region]
        if missing and incomplete_reference == "raise":
            raise InputError(f"{year}: reference {ref.name_en} lacks provinces {missing[:5]}",
                             field="tables", expected="every member province of the reference "
                                                      "(or incomplete_reference='present')")
        missing_by_year[int(year)] = missing
        market = sum(by_region[m].output for m in members(ref.code) if m in by_region)
        for code in want:
            if code not in by_region:
                raise InputError(f"{year}: no table for {code}", field="regions")
            t = by_region[code]
            x = t.output
            surplus = t.value_added.loc["VA004"] if "VA004" in t.value_added.index else np.nan * x
            frame = pd.DataFrame({
                "region": code, "year": year, "sector": t.codes, "name": t.sectors["name_cn"].to_numpy(),
                "output": x.to_numpy(),
                "market_share_pct": 100 * np.divide(x.to_numpy(), market.reindex(t.codes).to_numpy(),
                                                    out=np.full(len(x), np.nan),
                                                    where=market.reindex(t.codes).to_numpy() > 0),
                "operating_surplus": surplus.to_numpy(),
                "profit_level_pct": 100 * np.divide(surplus.to_numpy(), x.to_numpy(),
                                                    out=np.full(len(x), np.nan), where=x.to_numpy() > 0),
            })
            rows.append(frame if sectors is None else frame[frame["sector"].isin(list(sectors))])
    table = pd.concat(rows, ignore_index=True)
    return StructureResult(table=table, meta=build_meta("market_share_profit", conventions={
        "market_share": "x_ri / sum of x_i over the reference's provinces (gross output)",
        "profit_level": "operating surplus (VA004) / gross output",
        "reference": ref.code, "incomplete_reference": incomplete_reference,
        "sector_list": flat[0].classification if flat else None,
        "source": "provincial input-output tables"},
        missing_reference_members=missing_by_year))
