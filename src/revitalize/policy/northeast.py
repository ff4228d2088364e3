"""The 2003 Northeast revitalization strategy by synthetic control, on the provincial panel.

Treated units: Liaoning, Jilin, Heilongjiang and the Northeast as a whole (``"NE"``: the sum of
their GDP over the sum of their population). Treatment: the strategy of October 2003 (中共中央
国务院关于实施东北地区等老工业基地振兴战略的若干意见), first treated year ``2003``. Donors: the
other provinces, less ``excluded_donors`` (default Inner Mongolia, whose eastern leagues joined the
strategy in 2007).

Outcome (``outcome_scale``): GDP per capita (yuan, current prices, ``gdp_per_capita`` of
``shared/data/cn_prov_energy_panel``) as a percentage of the **unweighted mean over all provinces
in that year** (``"relative_to_province_mean"``, default). A common price level cancels in the
ratio, so this is a real relative-income measure without a provincial deflator (NBS provincial GDP
indices exist only from 2000, after the pre-period starts); provincial price differences remain.
``"log"`` (log nominal GDP per capita: the common deflator cancels in the gap because the donor
weights sum to 1) and ``"level"`` (nominal yuan; not comparable over time) are the alternatives.

Predictors (named in ``meta``): the outcome averaged over three consecutive windows of the
pre-period (:func:`predictor_windows`; 1990-1994, 1995-1998, 1999-2002 by default), and the
secondary and tertiary shares of GDP averaged over the pre-period. The window ends at
``end_year`` (default 2010): from 2011 the panel mixes GDP vintages (flag V, the post-2017
revisions that cut Liaoning, Jilin and Heilongjiang), which would be read as a policy effect.
Values flagged ``E`` (do not use) inside the window are refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.model.panel import Panel
from revitalize.model.regions import NORTHEAST, normalise_region
from revitalize.policy.synthetic_control import SyntheticControlResult, synthetic_control
from revitalize.results import Result, build_meta

__all__ = ["OUTCOME_SCALES", "NortheastPolicyResult", "northeast_synthetic_control",
           "predictor_windows", "provincial_outcome"]

OUTCOME_SCALES: tuple[str, ...] = ("relative_to_province_mean", "log", "level")
NE_CODE = "NE"


def _wide(panel: Panel, indicator: str, years: range) -> pd.DataFrame:
    d = panel.data
    d = d[(d["indicator"] == indicator) & d["year"].isin(list(years))]
    bad = d[d["flag"].fillna("").str.contains("E")]
    if len(bad):
        cells = ", ".join(f"{r}/{y}" for r, y in zip(bad["region"], bad["year"]))
        raise InputError(f"{indicator} values flagged E (do not use) inside the window: "
                         f"{cells}", field="end_year", expected="a window without E flags")
    return d.pivot(index="year", columns="region", values="value").sort_index()


def provincial_outcome(panel: Panel, *, years: range,
                       outcome_scale: str = "relative_to_province_mean") -> pd.DataFrame:
    """Years x regions outcome: the provinces' GDP per capita and the Northeast aggregate
    (``"NE"``) on ``outcome_scale`` (module docstring)."""
    if outcome_scale not in OUTCOME_SCALES:
        raise InputError(f"outcome_scale={outcome_scale!r}", field="outcome_scale",
                         expected=f"one of {list(OUTCOME_SCALES)}")
    pc = _wide(panel, "gdp_per_capita", years)
    gdp, pop = _wide(panel, "gdp", years), _wide(panel, "population", years)
    ne = list(NORTHEAST)
    pc[NE_CODE] = gdp[ne].sum(axis=1) / pop[ne].sum(axis=1) * 1e4  # 亿元 / 万人 -> yuan
    missing = pc.columns[pc.isna().any()].tolist()
    if missing:
        raise InputError(f"GDP per capita missing for {missing} in {years.start}-"
                         f"{years.stop - 1}", field="panel", expected="a balanced panel")
    if outcome_scale == "relative_to_province_mean":
        return pc.div(pc.drop(columns=NE_CODE).mean(axis=1), axis=0) * 100
    return np.log(pc) if outcome_scale == "log" else pc


def predictor_windows(pre_years: list[int], n: int = 3) -> list[tuple[int, int]]:
    """The pre-period cut into ``n`` consecutive windows of (nearly) equal length; 1990-2002
    gives 1990-1994, 1995-1998, 1999-2002."""
    parts = [list(a) for a in np.array_split(np.asarray(pre_years), min(n, len(pre_years)))]
    return [(int(a[0]), int(a[-1])) for a in parts if len(a)]


def _predictors(panel: Panel, outcome: pd.DataFrame, years: range,
                treatment_start: int) -> pd.DataFrame:
    pre = [y for y in years if y < treatment_start]
    rows = {f"outcome_{a}_{b}": outcome.loc[a:b].mean() for a, b in predictor_windows(pre)}
    gdp = _wide(panel, "gdp", years).loc[pre]
    for ind in ("va_secondary", "va_tertiary"):
        va = _wide(panel, ind, years).loc[pre]
        share = va / gdp
        share[NE_CODE] = va[list(NORTHEAST)].sum(axis=1) / gdp[list(NORTHEAST)].sum(axis=1)
        rows[f"{ind}_share_{pre[0]}_{pre[-1]}"] = share.mean() * 100
    return pd.DataFrame(rows).T[outcome.columns]


@dataclass(frozen=True)
class NortheastPolicyResult(Result):
    """``table``: one row per treated unit -- pre-period RMSPE, mean post-period gap, post/pre
    RMSPE ratio, placebo p-value, main donors, flags and a plain verdict; ``extra["fits"]``: the
    :class:`SyntheticControlResult` of each unit."""

    def fit(self, unit: str) -> SyntheticControlResult:
        return self.extra["fits"][unit]


def _verdict(res: SyntheticControlResult, alpha: float) -> str:
    if res.meta["flags"]:
        return "not supported by the data (" + "; ".join(
            f.split(":")[0] for f in res.meta["flags"]) + ")"
    if res.p_value <= alpha:
        return f"gap unusual among placebos (p = {res.p_value:.2f})"
    return f"gap within the placebo distribution (p = {res.p_value:.2f}): no detectable effect"


def northeast_synthetic_control(panel: Panel, *, treated: Iterable[object] | None = None,
                                treatment_start: int = 2003, start_year: int = 1990,
                                end_year: int = 2010,
                                outcome_scale: str = "relative_to_province_mean",
                                excluded_donors: Iterable[object] = ("150000",),
                                min_pre_periods: int = 10, fit_tolerance: float = 0.05,
                                alpha: float = 0.1) -> NortheastPolicyResult:
    """Synthetic control of each Northeast province and of the region (module docstring).

    Parameters
    ----------
    panel
        The provincial panel (``read_panel(".../cn_prov_energy_econ_panel_long.csv")``).
    treated
        Units to evaluate: provinces in any spelling and/or ``"NE"``; default the three
        provinces and ``"NE"``.
    treatment_start, start_year, end_year
        First treated year and the window (pre-period ``start_year .. treatment_start - 1``).
    outcome_scale
        ``"relative_to_province_mean"`` (default), ``"log"`` or ``"level"``.
    excluded_donors
        Provinces left out of every donor pool besides the Northeast (default Inner Mongolia).
    min_pre_periods, fit_tolerance
        Passed to :func:`synthetic_control` (the "cannot support a claim" thresholds).
        ``fit_tolerance`` is relative to the treated unit's mean outcome level: meaningful for
        ``"relative_to_province_mean"`` and ``"level"``; on the ``"log"`` scale (levels near 9)
        0.05 tolerates 0.45 log points, so pass a much smaller value there (e.g. 0.002).
    alpha
        Placebo p-value at or below which the verdict calls the gap unusual.
    """
    years = range(int(start_year), int(end_year) + 1)
    Y = provincial_outcome(panel, years=years, outcome_scale=outcome_scale)
    P = _predictors(panel, Y, years, int(treatment_start))
    units = [NE_CODE, *NORTHEAST] if treated is None else [
        NE_CODE if str(t).upper() == NE_CODE else normalise_region(t, where="treated").code
        for t in treated]
    excluded = {normalise_region(e, where="excluded_donors").code for e in excluded_donors}
    # every treated unit leaves the pool (a province asked for beside the Northeast is not its
    # own donor), so all units share one pool and one set of placebos
    donors = [c for c in Y.columns if c not in {*NORTHEAST, NE_CODE, *excluded, *units}]
    fits, rows = {}, []
    shared: dict = {}  # one donor pool outside every treated unit: the placebos are the same
    for unit in units:
        res = synthetic_control(Y, treated=unit, treatment_start=int(treatment_start),
                                predictors=P, donors=donors, min_pre_periods=min_pre_periods,
                                fit_tolerance=fit_tolerance, placebo_cache=shared)
        fits[unit] = res
        post = res.table.loc[res.table.index >= treatment_start, "gap"]
        w = res.weights.sort_values(ascending=False)
        rows.append({"unit": unit, "pre_rmspe": res.meta["pre_rmspe"],
                     "mean_post_gap": float(post.mean()), "gap_end": float(post.iloc[-1]),
                     "ratio": res.meta["ratio"], "p_value": res.p_value,
                     "main_donors": ", ".join(f"{d} {x:.2f}" for d, x in w[w > 0.05].items()),
                     "flags": len(res.meta["flags"]), "verdict": _verdict(res, alpha)})
    meta = build_meta("northeast_synthetic_control", conventions={
        "treatment_start": int(treatment_start), "window": [years.start, years.stop - 1],
        "outcome": "gdp_per_capita", "outcome_scale": outcome_scale,
        "reference": "unweighted_mean_of_provinces", "ne_aggregate": "sum_gdp_over_sum_population",
        "excluded_donors": sorted(excluded), "predictors": list(P.index),
        "min_pre_periods": min_pre_periods, "fit_tolerance": fit_tolerance, "alpha": alpha},
        provenance=panel.provenance, donors=donors)
    return NortheastPolicyResult(table=pd.DataFrame(rows).set_index("unit"), meta=meta,
                                 extra={"fits": fits})
