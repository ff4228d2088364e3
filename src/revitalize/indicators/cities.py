"""Census population change of the Northeast and eastern-Inner-Mongolia cities, 2010-2020.

Change ``P_2020 - P_2010`` (persons) and percent change of each of the 41 prefecture-level
units (14 Liaoning, 9 Jilin, 13 Heilongjiang, 5 eastern Inner Mongolia) from the census
gazettes as boundary-adjusted to 2020 by Dong et al. (leiii/census); ranked by change (1 =
largest loss). Province and group sums are sums over cities: for the three provinces the city
sums equal the provincial census totals (every prefecture is included); eastern Inner Mongolia
(Hulunbuir, Hinggan, Tongliao, Chifeng, Xilingol) is available only as the sum of its five
units -- its share of the Inner Mongolia total and any league-level series (GDP, employment)
cannot be computed without league-level statistics, which are not in ``shared/data``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.indicators.regional import RegionalResult
from revitalize.model.panel import Panel
from revitalize.results import build_meta

__all__ = ["CENSUS_POPULATION", "city_population_change"]

CENSUS_POPULATION = "population_census_resident"


def city_population_change(cities: Panel, *, start: int = 2010, end: int = 2020) -> RegionalResult:
    """Census population change by city, ranked; group totals in ``extra["groups"]``.

    Returns
    -------
    RegionalResult
        Columns ``region`` (city code), ``city``, ``province``, ``population_<start>``,
        ``population_<end>``, ``change``, ``change_pct``, ``rank`` (1 = largest loss).
        ``extra["groups"]``: the same sums for each province, ``Northeast`` (three provinces),
        ``Inner Mongolia (east)`` and ``Northeast + eastern Inner Mongolia``.
    """
    d = cities.data[cities.data["indicator"] == CENSUS_POPULATION]
    if start >= end:
        raise InputError(f"start {start} is not before end {end}", field="start",
                         expected="an earlier census year than end (e.g. 2010 and 2020)")
    if not {start, end} <= set(d["year"]):
        raise InputError(f"census years {start} and {end} not both in the city panel",
                         file=cities.provenance.file, field="start",
                         expected=f"years among {sorted(set(d['year']))}")
    w = d.pivot(index="region", columns="year", values="value")[[start, end]]
    labels = d.drop_duplicates("region").set_index("region")
    province = labels["region_en"].str.split(": ").str[0]
    a, b = f"population_{start}", f"population_{end}"
    table = pd.DataFrame({"city": labels["region_cn"], "province": province,
                          a: w[start], b: w[end]}).dropna()
    table["change"] = table[b] - table[a]
    table["change_pct"] = 100 * table["change"] / table[a]
    table["rank"] = table["change"].rank(method="min").astype(int)
    table = table.sort_values("rank").rename_axis("region").reset_index()
    groups = table.groupby("province")[[a, b, "change"]].sum()
    three = table["province"].isin(["Liaoning", "Jilin", "Heilongjiang"])
    groups.loc["Northeast"] = table.loc[three, [a, b, "change"]].sum()
    groups.loc["Northeast + eastern Inner Mongolia"] = table[[a, b, "change"]].sum()
    groups["change_pct"] = 100 * groups["change"] / groups[a]
    meta = build_meta("city_population_change", conventions={
        "indicator": CENSUS_POPULATION, "start": start, "end": end,
        "boundaries": "2020 boundaries (Dong et al. adjustment)", "rank": "1 = largest loss",
        "not_computable": "eastern Inner Mongolia's share of Inner Mongolia, league-level GDP or "
                          "employment: no league-level statistics in shared/data",
        "units": {a: "persons", b: "persons", "change": "persons", "change_pct": "%"}},
        provenance=cities.provenance, n_cities=len(table),
        n_declining=int(np.sum(table["change"] < 0)))
    return RegionalResult(table=table, meta=meta, extra={"groups": groups})
