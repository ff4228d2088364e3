"""Food security by province (issue 20): grain output, share of the nation, grain per person.

* Grain output ``G`` = 粮食产量 (10,000 t), NBS provincial annual database (cereals, beans and
  tubers; tubers at 5:1 fresh-to-grain weight, NBS convention).
* Share of national grain ``100 * sum_{p in r} G_p / sum_{31 provinces} G`` (the sum of the 31
  provinces equals the national total: 66,384 vs 66,384.3 in 2019).
* Grain per person (kg) ``1000 * G / P`` with ``P`` = 年末常住人口 (10,000 persons, year end):
  10,000 t / 10,000 persons = 1 t per person. The usual food-security line is 400 kg per person
  (State Council, 国家粮食安全中长期规划纲要 2008-2020).
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

__all__ = ["GRAIN", "POPULATION", "grain_security"]

GRAIN = "粮食产量"
POPULATION = "年末常住人口"


def grain_security(panel: Panel, *, regions: Iterable[str] = DEFAULT_REGIONS) -> RegionalResult:
    """Grain output (10,000 t), share of national output (%) and grain per person (kg).

    Returns columns ``grain_10kt``, ``share_of_national_grain``, ``population_10k``,
    ``grain_per_capita_kg``.
    """
    codes = region_codes(regions)
    grain = series_wide(panel, GRAIN, dataset="NBS provincial panel")
    pop = series_wide(panel, POPULATION, dataset="NBS provincial panel")
    g, p = aggregate(grain, [*codes, "000000"]), aggregate(pop, codes)
    table = long_table({
        "grain_10kt": g[codes], "share_of_national_grain": 100 * g[codes].div(g["000000"], axis=0),
        "population_10k": p, "grain_per_capita_kg": 1000 * g[codes] / p}, codes)
    meta = build_meta("grain_security", conventions={
        "grain": GRAIN, "population": POPULATION, "national": "sum of the 31 provinces",
        "units": {"grain_10kt": "10,000 t", "share_of_national_grain": "%",
                  "population_10k": "10,000 persons (year end, resident)",
                  "grain_per_capita_kg": "kg per person"}}, provenance=panel.provenance)
    return RegionalResult(table=table, meta=meta)
