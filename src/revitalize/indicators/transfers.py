"""Central transfers to provinces, 2014-2016 (issue 20).

``revenue_central_transfer`` (中央补助收入: tax rebates + general + earmarked transfers, from
the provincial general-budget final accounts) by province and year, per person (yuan) with
year-end resident population from the NBS provincial panel, and relative to the province's own
general budget revenue (``revenue_all``). Aggregates are sums over member provinces.

What the data cover: three years, 2014-2016, total transfers only (no split). What they do not
cover: 2003-2013 and 2017-2022, so the documents' "about 12 trillion yuan, 2003-2022" (a
cumulative figure for twenty years, China Business Network) can only be set beside the
2014-2016 sum, never reproduced.
"""

from __future__ import annotations

from collections.abc import Iterable

from revitalize.indicators.regional import (
    DEFAULT_REGIONS,
    RegionalResult,
    aggregate,
    long_table,
    region_codes,
    series_wide,
)
from revitalize.model.panel import Panel
from revitalize.results import build_meta

__all__ = ["central_transfers"]


def central_transfers(fiscal: Panel, population: Panel, *,
                      regions: Iterable[str] = DEFAULT_REGIONS) -> RegionalResult:
    """Central transfers (100 million yuan), per person (yuan) and per yuan of own revenue.

    Parameters
    ----------
    fiscal
        ``cn_prov_fiscal_transfers_2014_2016`` (read by ``read_fiscal_transfers``).
    population
        A panel with 年末常住人口 (10,000 persons): the NBS provincial panel.

    Returns
    -------
    RegionalResult
        Columns ``transfers_100m_yuan``, ``own_revenue_100m_yuan``, ``population_10k``,
        ``transfers_per_capita_yuan``, ``transfers_to_own_revenue``; ``extra["cumulative"]``
        the sum over the years covered per region (100 million yuan).
    """
    codes = region_codes(regions)
    tr = series_wide(fiscal, "revenue_central_transfer", dataset="fiscal panel")
    own = series_wide(fiscal, "revenue_all", dataset="fiscal panel")
    pop = series_wide(population, "年末常住人口", dataset="population panel")
    years = tr.dropna(how="all").index
    t, o = aggregate(tr.loc[years], codes), aggregate(own.loc[years], codes)
    p = aggregate(pop.reindex(years), codes)
    table = long_table({"transfers_100m_yuan": t, "own_revenue_100m_yuan": o,
                        "population_10k": p, "transfers_per_capita_yuan": 1e4 * t / p,
                        "transfers_to_own_revenue": t / o}, codes)
    cumulative = t.sum(min_count=len(years)).rename("transfers_100m_yuan")
    meta = build_meta("central_transfers", conventions={
        "transfers": "revenue_central_transfer (中央补助收入)", "own_revenue": "revenue_all",
        "years_covered": f"{years.min()}-{years.max()}",
        "not_covered": "2003-2013 and 2017-2022: no provincial series found; the documents' "
                       "cumulative 2003-2022 figure cannot be reproduced",
        "units": {"transfers_100m_yuan": "100 million yuan", "population_10k": "10,000 persons",
                  "transfers_per_capita_yuan": "yuan per person",
                  "transfers_to_own_revenue": "ratio"}},
        provenance=[fiscal.provenance, population.provenance])
    return RegionalResult(table=table, meta=meta, extra={"cumulative": cumulative})
