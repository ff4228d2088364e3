"""Real GDP growth by macro-region from the provincial GDP index (issue 20).

A region's real growth in year ``t`` aggregates its provinces' growth rates with their GDP
of the previous year as weights (chain-linking at previous-year prices)::

    g_Rt = 100 * sum_p Y_p,t-1 * (I_pt / 100 - 1) / sum_p Y_p,t-1

``I`` = 地区生产总值指数 (previous year = 100), ``Y`` = 地区生产总值 (100 million yuan, current
prices), both from one vintage: the NBS provincial annual database as scraped in 2021 (revised
indices for some years, e.g. Liaoning 2016 = 100.5 where the first release said -2.5 %). The
weighting is the standard one for volume aggregates (SNA 2008, para. 15.44: chain-linked
Laspeyres volume indices with previous-year price weights). Ranks: 1 = fastest of the four NBS
macro-regions (East, Central, West, Northeast).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from revitalize.indicators.regional import RegionalResult, region_codes, series_wide
from revitalize.model.panel import Panel
from revitalize.model.regions import REGIONS, members
from revitalize.results import build_meta

__all__ = ["MACRO_REGIONS", "aggregate_growth", "growth_by_region"]

MACRO_REGIONS = ("EAST", "CENTRAL", "WEST", "NE")
GDP_INDEX = "地区生产总值指数"
GDP = "地区生产总值"


def aggregate_growth(index_t: np.ndarray, gdp_prev: np.ndarray) -> float:
    """Kernel: ``100 * sum(Y_prev * (I/100 - 1)) / sum(Y_prev)``; NaN if any input is NaN."""
    if np.isnan(index_t).any() or np.isnan(gdp_prev).any():
        return float("nan")
    return float(100.0 * np.sum(gdp_prev * (index_t / 100.0 - 1.0)) / np.sum(gdp_prev))


def growth_by_region(panel: Panel, *, regions: Iterable[str] = MACRO_REGIONS,
                     claim_region: str = "NE") -> RegionalResult:
    """Real GDP growth (%) of each region by year, its rank and whether ``claim_region`` is
    the slowest (the documents: the Northeast grows slowest of the four macro-regions).

    Returns
    -------
    RegionalResult
        Long table ``region, region_en, year, real_growth_pct, rank``; ``extra["claim"]`` a
        frame by year: ``slowest`` (region code), ``claim_region_rank``, ``claim_holds``.
    """
    codes = region_codes(regions)
    claim = region_codes([claim_region], where="claim_region")[0]
    idx = series_wide(panel, GDP_INDEX, dataset="NBS provincial panel")
    gdp = series_wide(panel, GDP, dataset="NBS provincial panel")
    rows = []
    for year in idx.index:
        if year - 1 not in gdp.index:
            continue
        for code in codes:
            mem = list(members(code))
            i_t = idx.loc[year].reindex(mem).to_numpy(dtype=float)
            y_prev = gdp.loc[year - 1].reindex(mem).to_numpy(dtype=float)
            rows.append({"region": code, "region_en": REGIONS[code].name_en, "year": int(year),
                         "real_growth_pct": aggregate_growth(i_t, y_prev)})
    table = pd.DataFrame(rows)
    table["rank"] = table.groupby("year")["real_growth_pct"].rank(ascending=False, method="min")
    wide = table.pivot(index="year", columns="region", values="real_growth_pct")
    ranks = table.pivot(index="year", columns="region", values="rank")
    claim_frame = pd.DataFrame({"slowest": wide.idxmin(axis=1),
                                "claim_region_rank": ranks[claim] if claim in ranks else np.nan})
    claim_frame["claim_holds"] = claim_frame["slowest"] == claim
    meta = build_meta("growth_by_region", conventions={
        "formula": "sum_p GDP_p,t-1 * (index_pt/100 - 1) / sum_p GDP_p,t-1 x 100",
        "index": GDP_INDEX, "weights": f"{GDP} of the previous year (current prices)",
        "vintage": "NBS provincial database as scraped in 2021 (one vintage for index and weights)",
        "rank": "1 = fastest", "claim_region": claim,
        "units": {"real_growth_pct": "% on previous year, constant prices"}},
        provenance=panel.provenance,
        claim_years_held=int(claim_frame["claim_holds"].sum()),
        claim_years=len(claim_frame))
    return RegionalResult(table=table, meta=meta, extra={"claim": claim_frame})
