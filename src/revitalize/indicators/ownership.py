"""State ownership of industry by province (issue 20).

State-controlled share of above-scale industrial assets, percent::

    s_rt = 100 * sum_{p in r} A^SOE_pt / sum_{p in r} A^all_pt

``A^SOE`` = 国有控股工业企业资产总计 (state-owned and state-controlled industrial enterprises),
``A^all`` = 规模以上工业企业资产总计 (all industrial enterprises above designated size), both
100 million yuan, NBS provincial annual database. The national reference is the sum of the 31
provinces (``reference="000000"``); NBS's national table (China Statistical Yearbook 2016,
table 13-1/13-5: 38.8 % in 2015) gives the same ratio. The above-scale threshold changed in 2007
(5 -> 20 million yuan of revenue from 2011), so levels before and after are not strictly
comparable.
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

__all__ = ["SOE_ASSETS", "ALL_ASSETS", "state_asset_share"]

SOE_ASSETS = "国有控股工业企业资产总计"
ALL_ASSETS = "规模以上工业企业资产总计"


def state_asset_share(panel: Panel, *, regions: Iterable[str] = DEFAULT_REGIONS,
                      reference: str = "000000") -> RegionalResult:
    """State-controlled share (%) of above-scale industrial assets by region and year.

    Returns columns ``soe_assets``, ``all_assets`` (100 million yuan), ``state_asset_share``
    (%) and ``gap_to_reference_pp`` (percentage points above ``reference``).
    """
    codes = region_codes(regions)
    ref = region_codes([reference], where="reference")[0]
    soe = series_wide(panel, SOE_ASSETS, dataset="NBS provincial panel")
    allv = series_wide(panel, ALL_ASSETS, dataset="NBS provincial panel")
    keep = [*dict.fromkeys([*codes, ref])]
    a_soe, a_all = aggregate(soe, keep), aggregate(allv, keep)
    share = 100 * a_soe / a_all
    gap = share[codes].sub(share[ref], axis=0)
    table = long_table({"soe_assets": a_soe[codes], "all_assets": a_all[codes],
                        "state_asset_share": share[codes], "gap_to_reference_pp": gap}, codes)
    meta = build_meta("state_asset_share", conventions={
        "numerator": SOE_ASSETS, "denominator": ALL_ASSETS, "reference": ref,
        "aggregate": "sum over sum of member provinces; nation = 31 provinces",
        "units": {"soe_assets": "100 million yuan", "all_assets": "100 million yuan",
                  "state_asset_share": "%", "gap_to_reference_pp": "percentage points"}},
        provenance=panel.provenance)
    return RegionalResult(table=table, meta=meta)
