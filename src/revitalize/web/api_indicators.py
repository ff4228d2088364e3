"""``GET /api/indicators/share``: a region's share of a reference economy, year by year, from a
panel dataset of the store or the mirror
(:func:`revitalize.indicators.demography.share_of_reference`).

The reference economy is a named, recorded argument (default the nation, ``000000``); both
region and reference are sums over their member provinces, and a year missing a member has no
share (the reason is in ``note``). Where the fact base holds the same share (GDP, population,
against the nation), its figures are put beside the computed ones in ``meta["fact_base"]``.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Query, Request

from revitalize.errors import InputError
from revitalize.web.common import Format, FormatQuery, compute, render, result_responses, with_meta

__all__ = ["DEFAULT_PANEL", "router"]

router = APIRouter(prefix="/api/indicators", tags=["indicators"])

DEFAULT_PANEL = "cn_prov_energy_panel"
_FACTS = {"gdp": "gdp_share_of_national", "population": "population_share_of_national"}
_YEARS = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})\s*$")


def _years(text: str | None) -> list[int] | None:
    if not text:
        return None
    m = _YEARS.match(text)
    if m is None or int(m.group(1)) > int(m.group(2)):
        raise InputError(f"years {text[:30]!r} is not FIRST-LAST", field="years",
                         expected="e.g. 2003-2022")
    return list(range(int(m.group(1)), int(m.group(2)) + 1))


def _panel_name(sources, dataset: str | None) -> str:
    if dataset:
        return dataset
    panels = [e.name for e in sources.entries() if e.kind == "panel"]
    if not panels:
        raise InputError("no panel dataset in the store or the mirror", field="dataset",
                         expected=f"a panel dataset (e.g. {DEFAULT_PANEL}: revitalize data fetch "
                                  f"{DEFAULT_PANEL})")
    return DEFAULT_PANEL if DEFAULT_PANEL in panels else panels[0]


@router.get("/share", summary="Share (%) of a region in a reference economy by year",
            responses=result_responses())
async def share(request: Request,
                indicator: str = Query("gdp", min_length=1, max_length=100,
                                       description="Panel indicator, e.g. gdp, population."),
                region: str = Query("NE", min_length=1, max_length=100,
                                    description="Region whose share is computed (any spelling)."),
                reference: str = Query("000000", min_length=1, max_length=100,
                                       description="Reference economy (default the nation)."),
                dataset: str | None = Query(None, max_length=100,
                                            description=f"Panel dataset (default {DEFAULT_PANEL} "
                                                        "when present)."),
                exclude_flags: str = Query("E", max_length=10,
                                           description="Quality-flag letters whose values are "
                                                       "dropped."),
                years: str | None = Query(None, max_length=20,
                                          description="Years to keep, FIRST-LAST."),
                format: Format = FormatQuery):
    """Records ``{year, region_total, reference_total, share_pct, n_region, n_reference,
    note}``; ``share_pct`` in percent, totals in the indicator's unit (``meta.conventions.unit``)."""
    from revitalize.data.panel import Panel
    from revitalize.data.regions import region_code
    from revitalize.indicators.demography import beside_facts, share_of_reference

    sources = request.app.state.sources
    span = _years(years)

    def run():
        name = _panel_name(sources, dataset)
        panel = sources.load(name)
        if not isinstance(panel, Panel):
            raise InputError("not a panel dataset", file=name, field="dataset",
                             expected="a panel (region x year x indicator)")
        result = share_of_reference(panel, indicator, region=region, reference=reference,
                                    exclude_flags=exclude_flags, years=span)
        extra = {"input": {"dataset": name}}
        if indicator in _FACTS and region_code(reference, where="reference") == "000000":
            facts = beside_facts(result, _FACTS[indicator])
            extra["fact_base"] = facts.to_dict(orient="records")
        return with_meta(result, **extra)

    return render(await compute(request, run), format, "share")
