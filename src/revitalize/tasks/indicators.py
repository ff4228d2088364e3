"""Regional indicators as application tasks (``indicators.share``, ``indicators.rd_gap``).

Panels come from the catalog (``source``: a file, a stored, mirrored or bundled dataset; default
the provincial energy/economy panel). Where the fact base holds the same figure, it is set beside
the computed one in ``meta["fact_base"]`` -- through every door alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["DEFAULT_PANEL", "RdGapRequest", "ShareRequest", "is_intensive_unit", "parse_years"]

DEFAULT_PANEL = "cn_prov_energy_panel"
_FACTS = {"gdp": "gdp_share_of_national", "population": "population_share_of_national"}
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")
# Units of intensive quantities (ratios, rates, per-capita values): their provincial values
# cannot be summed into a region's or the nation's value.
_INTENSIVE = re.compile(r"%|percent|per\s|/|人均|率|指数|index", re.IGNORECASE)


def parse_years(text: str | None, field: str = "years") -> list[int] | None:
    """``"2003-2022"`` (or ``"2017"``) as a list of years; None stays None."""
    if text is None or not str(text).strip():
        return None
    m = _YEARS.match(str(text))
    first = int(m.group(1)) if m else 0
    last = int(m.group(2) or first) if m else -1
    if m is None or first > last or first < 1900 or last > 2100:
        raise InputError(f"{str(text)[:30]!r} is not a span of years", field=field,
                         expected="FIRST-LAST within 1900-2100, e.g. 2003-2022")
    return list(range(first, last + 1))


def is_intensive_unit(unit: str | None) -> bool:
    """Whether ``unit`` is that of an intensive quantity (a ratio, rate or per-capita value)."""
    return bool(unit) and bool(_INTENSIVE.search(str(unit)))


def _panel_source(default: str = DEFAULT_PANEL):
    return option(default, argument=True, convention=False,
                  help="Panel: a file, or a stored, mirrored or bundled dataset "
                       f"(default {default}).")


@dataclass(frozen=True)
class ShareRequest(Request):
    """Share (%) of a region in a reference economy by year, beside the fact base's figures."""

    source: str = _panel_source()
    indicator: str = option("gdp", help="Panel indicator, e.g. gdp, population (an extensive "
                                        "quantity: ratios and per-capita values are refused).")
    region: str = option("NE", short="r", convention=False,
                         help="Region whose share is computed (any spelling: NE, Northeast, "
                              "辽宁, 210000).")
    reference: str = option("000000", help="Reference economy (any spelling): 000000/China, "
                                           "NE/Northeast, a province.")
    years: str | None = option(None, help="Years to keep, FIRST-LAST (e.g. 2003-2022).",
                               convention=False)
    exclude_flags: str = option("E", max_length=10,
                                help="Quality-flag letters whose values are dropped before "
                                     "summing.")


@task("indicators.share", ShareRequest, "Share (%) of a region in a reference economy by year")
def run_share(request: ShareRequest, catalog: Any) -> Result:
    from dataclasses import replace
    from types import MappingProxyType

    from revitalize.data.regions import members, region_code
    from revitalize.indicators.caveats import flags_for_meta
    from revitalize.indicators.demography import beside_facts, share_of_reference

    panel = catalog.panel(request.source)
    if request.indicator in panel.indicators:
        unit = panel.unit_of(request.indicator)
        if is_intensive_unit(unit):
            raise InputError(f"{request.indicator} is an intensive quantity ({unit}): a share "
                             "of a sum of provincial ratios means nothing", field="indicator",
                             expected="an extensive quantity such as gdp or population (for a "
                                      "ratio, aggregate numerator and denominator: e.g. "
                                      "`revitalize indicators rd-gap`)")
    years = parse_years(request.years)
    for code in (request.region, request.reference):
        region_code(code, where="region" if code == request.region else "reference")
    res = share_of_reference(panel, request.indicator, region=request.region,
                             reference=request.reference, exclude_flags=request.exclude_flags,
                             years=years)
    meta = dict(res.meta)
    meta["quality_flags"] = flags_for_meta(panel, indicator=request.indicator,
                                           regions=list(members(request.reference)), years=years)
    fact_code = _FACTS.get(request.indicator)
    if fact_code and region_code(request.reference, where="reference") == "000000":
        facts = beside_facts(res, fact_code)
        meta["fact_base"] = facts.to_dict(orient="records")
    return replace(res, meta=MappingProxyType(meta))


@dataclass(frozen=True)
class RdGapRequest(Request):
    """R&D intensity of Liaoning, Jilin, Heilongjiang and the Northeast and the gap to the
    reference (the Northeast aggregate as sum of R&D over sum of GDP)."""

    source: str = _panel_source("cn_prov_rd_fiscal")
    reference: str = option("000000", help="Reference economy (any spelling).")
    region: str | None = option(None, short="r", convention=False,
                                help="Keep only this region (any spelling).")
    years: str | None = option(None, help="Years to keep, FIRST-LAST.", convention=False)


@task("indicators.rd_gap", RdGapRequest, "R&D intensity and its gap to the reference")
def run_rd_gap(request: RdGapRequest, catalog: Any) -> Result:
    from dataclasses import replace
    from types import MappingProxyType

    from revitalize.data.regions import region_code
    from revitalize.indicators.caveats import flags_for_meta
    from revitalize.indicators.opening import rd_intensity_gap

    panel = catalog.panel(request.source)
    res = rd_intensity_gap(panel, reference=request.reference)
    table = res.table
    if request.region is not None:
        code = region_code(request.region, where="region")
        level = table.index.get_level_values("region")
        if code not in set(level):
            raise InputError(f"no rows for region {request.region!r} ({code})", field="region",
                             expected=f"one of {sorted(set(level))}")
        table = table[level == code]
    years = parse_years(request.years)
    if years:
        table = table[table.index.get_level_values("year").isin(years)]
    meta = {**res.meta, "quality_flags": flags_for_meta(panel, indicator="rd_intensity_pct_gdp",
                                                        years=years)}
    return replace(res, table=table, meta=MappingProxyType(meta))
