"""CO2 intensity of GDP by province from the CEADs sectoral inventories (issue 20).

    c_rt = 100 * sum_{p in r} E_pt / sum_{p in r} Y_pt      (t CO2 per 10,000 yuan)

``E`` = CEADs scope-1 CO2, fuels + process, ``Total`` row (Mt; Shan et al. 2018, Sci. Data
5:170201; Guan et al. 2021), ``Y`` = 地区生产总值 (100 million yuan, current prices, NBS revised
series): 1 Mt / 100 million yuan = 100 t / 10,000 yuan. CEADs has no Tibet, so the nation here
is the 30 other provinces (``nation_scope="30 provinces (no Tibet)"``). This is the *sectoral*
inventory; the energy panel's *apparent* CO2 (3-30 % higher) is a different accounting and is
never mixed in.

Emissions by IO sector (the concordance CEADs 45 sectors -> NBS 42, direct coefficients and
embodied-emission multipliers) are in :mod:`revitalize.io.emissions`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from revitalize.data.readers.nbs_provincial import ceads_indicator
from revitalize.indicators.regional import (
    DEFAULT_REGIONS,
    RegionalResult,
    aggregate,
    long_table,
    region_codes,
    series_wide,
    sum_members,
)
from revitalize.model.panel import Panel
from revitalize.model.regions import members
from revitalize.results import build_meta

__all__ = ["co2_intensity"]

_NO_CEADS = ("540000",)


def co2_intensity(ceads: Panel, gdp_panel: Panel, *,
                  regions: Iterable[str] = DEFAULT_REGIONS) -> RegionalResult:
    """CEADs CO2 (Mt), GDP (100 million yuan) and CO2 intensity (t per 10,000 yuan).

    ``"000000"`` in ``regions`` is the 30 CEADs provinces (no Tibet), recorded in meta.
    """
    codes = region_codes(regions)
    co2 = series_wide(ceads, ceads_indicator("Total"), dataset="CEADs panel")
    gdp = series_wide(gdp_panel, "地区生产总值", dataset="NBS provincial panel")
    years = co2.index.intersection(gdp.index)
    co2, gdp = co2.loc[years], gdp.loc[years]
    plain = [c for c in codes if c != "000000"]
    e, y = aggregate(co2, plain), aggregate(gdp, plain)
    if "000000" in codes:
        nation = [p for p in members("000000") if p not in _NO_CEADS]
        for frame, src in ((e, co2), (y, gdp)):
            src = src.reindex(columns=nation)
            frame["000000"] = sum_members(src.to_numpy(dtype=float),
                                          pd.Series(True, index=nation).to_numpy())
    table = long_table({"co2_mt": e[codes], "gdp_100m_yuan": y[codes],
                        "co2_intensity": 100 * e[codes] / y[codes]}, codes)
    meta = build_meta("co2_intensity", conventions={
        "co2": "CEADs sectoral inventory, scope 1, fuels + process, Total row",
        "gdp": "地区生产总值 (NBS revised series, current prices)",
        "nation_scope": "30 provinces (no Tibet)",
        "not_mixed": "apparent CO2 of cn_prov_energy_panel is a different accounting",
        "units": {"co2_mt": "Mt CO2", "gdp_100m_yuan": "100 million yuan",
                  "co2_intensity": "t CO2 per 10,000 yuan (current prices)"}},
        provenance=[ceads.provenance, gdp_panel.provenance])
    return RegionalResult(table=table, meta=meta)
