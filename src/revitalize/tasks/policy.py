"""Did the policy work? The 2003 Northeast revitalization strategy by synthetic control, as the
application task ``policy.synthetic_control`` (issue 18).

The panel comes from the catalog (the bundled provincial energy-economy panel by default, whose
``gdp_per_capita``, ``va_secondary``, ``va_tertiary`` and ``gdp`` the method reads); every
assumption of :func:`revitalize.policy.northeast_synthetic_control` is a request field. The
result says plainly when the data cannot support a claim (flags: short pre-period, poor fit).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import pandas as pd

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["SyntheticControlRequest"]


def _scales() -> tuple[str, ...]:
    from revitalize.policy import OUTCOME_SCALES

    return tuple(OUTCOME_SCALES)


@dataclass(frozen=True)
class SyntheticControlRequest(Request):
    """Synthetic control of Liaoning, Jilin, Heilongjiang and the Northeast (GDP per capita)
    before and after the 2003 strategy: pre-period RMSPE, post/pre RMSPE ratio, in-space
    placebo p-value, main donors and a plain verdict per unit; with ``paths``, the treated,
    synthetic and gap paths by year."""

    source: str = option("cn_prov_energy_panel", argument=True, convention=False,
                         help="Provincial panel with gdp_per_capita, gdp, va_secondary, "
                              "va_tertiary (default the bundled prov_energy_panel).")
    treated: tuple[str, ...] = option(("NE", "210000", "220000", "230000"), short="r",
                                      convention=False,
                                      help="Treated units: NE (the three provinces' GDP over "
                                           "their population) and/or provinces.")
    treatment_start: int = option(2003, minimum=1991, maximum=2010,
                                  help="First treated year (the strategy of October 2003).")
    start_year: int = option(1990, minimum=1978, maximum=2010,
                             help="First year of the window.")
    end_year: int = option(2010, minimum=1991, maximum=2025,
                           help="Last year of the window (from 2011 the panel mixes GDP "
                                "vintages).")
    outcome_scale: str = option("relative_to_province_mean", choices=_scales(),
                                help="GDP per capita as % of the unweighted province mean "
                                     "(default), log, or level (nominal yuan).")
    excluded_donors: tuple[str, ...] = option(("150000",),
                                              help="Donors left out (default Inner Mongolia, "
                                                   "whose eastern leagues joined in 2007).")
    min_pre_periods: int = option(10, minimum=1, maximum=100,
                                  help="Fewer pre-treatment years flag the fit as unsupported.")
    fit_tolerance: float = option(0.05, minimum=0.0, maximum=1.0,
                                  help="Pre-RMSPE above this share of the treated outcome's "
                                       "mean flags a poor fit.")
    alpha: float = option(0.1, minimum=0.0, maximum=1.0,
                          help="Placebo p-value at or below which a gap is called unusual.")
    paths: bool = option(False, help="Treated, synthetic and gap paths by unit and year "
                                     "instead of the summary.")


@task("policy.synthetic_control", SyntheticControlRequest,
      "Synthetic control of the 2003 Northeast strategy")
def run_synthetic_control(request: SyntheticControlRequest, catalog: Any) -> Result:
    from revitalize.model.regions import region_code
    from revitalize.policy import northeast_synthetic_control

    if not request.start_year < request.treatment_start <= request.end_year:
        raise InputError(f"window {request.start_year}-{request.end_year} and treatment "
                         f"{request.treatment_start}", field="treatment_start",
                         expected="start_year < treatment_start <= end_year")
    treated = [t if t.upper() == "NE" else region_code(t, where="treated")
               for t in request.treated]
    panel = catalog.panel(request.source)
    res = northeast_synthetic_control(
        panel, treated=treated, treatment_start=request.treatment_start,
        start_year=request.start_year, end_year=request.end_year,
        outcome_scale=request.outcome_scale,
        excluded_donors=[region_code(d, where="excluded_donors")
                         for d in request.excluded_donors],
        min_pre_periods=request.min_pre_periods, fit_tolerance=request.fit_tolerance,
        alpha=request.alpha)
    if not request.paths:
        return replace(res, table=res.table.reset_index())
    frames = []
    for unit, fit in res.extra["fits"].items():
        t = fit.table.copy()
        t.index.name = "year"
        t = t.reset_index()
        t.insert(0, "unit", unit)
        frames.append(t)
    meta = {**res.meta, "summary": res.table.reset_index().to_dict(orient="records")}
    return replace(res, table=pd.concat(frames, ignore_index=True),
                   meta=MappingProxyType(meta))
