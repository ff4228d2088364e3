"""Weight in the nation and convergence: a region's share of a reference economy over time, and
sigma / beta convergence of per-capita income.

Shares: ``share_t = sum_{r in region} x_rt / sum_{r in reference} x_rt``. The reference is named
and its members must all be present in a year, or that year's share is left empty with a note
(never a share of an incomplete total). Values carrying an excluded quality flag (default ``E``,
"do not use" in the provincial energy panel) are dropped explicitly and counted in the notes.

Convergence (Barro & Sala-i-Martin 1992; Sala-i-Martin 1996):

* sigma: the cross-regional dispersion of ``ln y`` per year (standard deviation, ddof named) and
  the coefficient of variation of ``y``;
* absolute beta: OLS of average annual growth ``(1/T) ln(y_T / y_0)`` on ``ln y_0``; ``beta < 0``
  means poorer regions grew faster; speed ``lambda = -ln(1 + beta T) / T``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.indicators.structure import StructureResult
from revitalize.model.panel import Panel
from revitalize.model.regions import members, normalise_region
from revitalize.results import build_meta

__all__ = ["share_of_reference", "sigma_convergence", "beta_convergence"]


def _flag_mask(frame: pd.DataFrame, exclude_flags: str) -> pd.Series:
    """Rows whose flag contains any of the letters of ``exclude_flags`` (none when empty)."""
    flags = frame["flag"].fillna("").astype(str)
    return flags.apply(lambda f: any(ch in f for ch in exclude_flags))


def share_of_reference(panel: Panel, indicator: str, *, region="NE", reference="000000",
                       exclude_flags: str = "E", years=None) -> StructureResult:
    """Share (%) of ``region`` in ``reference`` for ``indicator``, year by year.

    Parameters
    ----------
    panel
        Provincial panel (e.g. the energy/economy panel), values by province and year.
    indicator
        E.g. ``"gdp"``, ``"population"``.
    region, reference
        Any spelling; both are summed over their member provinces (a province is its own member).
    exclude_flags
        Flag letters whose values are dropped before summing (default ``"E"``); a year missing
        any member after that has no share.

    Returns
    -------
    StructureResult
        ``table`` indexed by year: ``region_total``, ``reference_total``, ``share_pct``,
        ``n_region``, ``n_reference``, ``note``.
    """
    reg, ref = normalise_region(region, where="region"), normalise_region(reference, where="reference")
    want_r, want_ref = list(members(reg.code)), list(members(ref.code))
    d = panel.select(indicator=indicator).data
    if years is not None:
        held = sorted({int(y) for y in d["year"]})
        d = d[d["year"].isin(list(years))]
        if d.empty:  # issue 14: never a KeyError, never an empty answer
            raise InputError(f"the panel holds no {indicator!r} value in the years asked",
                             field="years", expected=f"years among {held[:1] + held[-1:]}")
    if (d["value"] < 0).any():  # issue 14: a share of a negative total means nothing
        bad = d[d["value"] < 0].iloc[0]
        raise InputError(f"{indicator} of {bad['region']} in {bad['year']} is {bad['value']:g}",
                         field="value", expected="non-negative values of an extensive quantity")
    bad = _flag_mask(d, exclude_flags)
    dropped = d[bad]
    d = d[~bad]
    rows = []
    for year in sorted(set(panel.select(indicator=indicator).data["year"]) if years is None else years):
        dy = d[d["year"] == year].set_index("region")["value"]
        miss_r = [m for m in want_r if m not in dy.index]
        miss_ref = [m for m in want_ref if m not in dy.index]
        note = []
        if miss_ref:
            note.append(f"reference incomplete: {len(miss_ref)} member(s) missing or excluded "
                        f"({', '.join(miss_ref[:4])}{'...' if len(miss_ref) > 4 else ''})")
        if miss_r:
            note.append(f"region incomplete: {', '.join(miss_r)} missing or excluded")
        if not miss_ref and float(dy.reindex(want_ref).sum()) <= 0:
            note.append("reference total is zero: no share")
        rt = float(dy.reindex(want_r).sum()) if not miss_r else np.nan
        reft = float(dy.reindex(want_ref).sum()) if not miss_ref else np.nan
        rows.append({"year": int(year), "region_total": rt, "reference_total": reft,
                     "share_pct": 100.0 * rt / reft if not (miss_r or miss_ref or reft <= 0)
                     else np.nan,
                     "n_region": len(want_r) - len(miss_r), "n_reference": len(want_ref) - len(miss_ref),
                     "note": "; ".join(note)})
    if not rows:
        raise InputError(f"no values of {indicator!r} in the selected years", field="years")
    table = pd.DataFrame(rows).set_index("year")
    meta = build_meta("share_of_reference", conventions={
        "indicator": indicator, "unit": panel.unit_of(indicator), "region": reg.code,
        "reference": ref.code, "reference_rule": "sum of member provinces (all must be present)",
        "exclude_flags": exclude_flags, "dropped_values": len(dropped)},
        provenance=panel.provenance)
    return StructureResult(table=table, meta=meta)


def sigma_convergence(per_capita: pd.DataFrame, *, ddof: int = 0) -> StructureResult:
    """Sigma convergence: per year (rows of ``per_capita``: years x regions), the standard
    deviation of ``ln y`` across regions (``ddof`` named) and the coefficient of variation."""
    if (per_capita <= 0).any().any():
        raise InputError("per-capita values must be positive", field="per_capita")
    logs = np.log(per_capita)
    table = pd.DataFrame({
        "sd_log": logs.std(axis=1, ddof=ddof),
        "cv": per_capita.std(axis=1, ddof=ddof) / per_capita.mean(axis=1),
        "n_regions": per_capita.notna().sum(axis=1),
    })
    table.index.name = "year"
    return StructureResult(table=table, meta=build_meta("sigma_convergence",
                                                        conventions={"ddof": ddof}))


def beta_convergence(per_capita: pd.DataFrame, *, start: int, end: int) -> StructureResult:
    """Absolute beta convergence between ``start`` and ``end`` (OLS via statsmodels).

    ``g_r = (1/T) ln(y_rT / y_r0) = alpha + beta ln y_r0 + e_r``; ``table`` holds beta, its
    standard error and p-value, R^2, the implied speed ``lambda`` and the number of regions.
    """
    import statsmodels.api as sm

    if start not in per_capita.index or end not in per_capita.index or end <= start:
        raise InputError(f"start {start} and end {end} must be years of the data, end > start",
                         field="start/end")
    y0, yT = per_capita.loc[start], per_capita.loc[end]
    ok = y0.notna() & yT.notna() & (y0 > 0) & (yT > 0)
    if ok.sum() < 3:
        raise InputError("fewer than 3 regions with both years", field="per_capita")
    T = end - start
    g = np.log(yT[ok] / y0[ok]) / T
    X = sm.add_constant(np.log(y0[ok]).to_numpy())
    fit = sm.OLS(g.to_numpy(), X).fit()
    beta = float(fit.params[1])
    speed = float(-np.log(1 + beta * T) / T) if 1 + beta * T > 0 else np.nan
    table = pd.DataFrame({"value": [beta, float(fit.bse[1]), float(fit.pvalues[1]),
                                    float(fit.rsquared), speed, int(ok.sum())]},
                         index=pd.Index(["beta", "std_error", "p_value", "r_squared", "speed_lambda",
                                         "n_regions"], name="statistic"))
    return StructureResult(table=table, meta=build_meta("beta_convergence", conventions={
        "start": start, "end": end, "growth": "(1/T) ln(y_T / y_0)", "estimator": "OLS"},
        excluded_regions=sorted(per_capita.columns[~ok].astype(str))))


def beside_facts(result: StructureResult, fact_indicator: str) -> pd.DataFrame:
    """The computed shares next to the fact base's figures for the same region and years.

    Returns one row per fact: ``fact_id, period, fact_value, computed, difference, source, note``
    (``computed`` empty when the data give no share for that year, with the reason in ``note``).
    """
    from revitalize.data.facts import facts

    region = result.meta["conventions"]["region"]
    f = facts(indicator=fact_indicator, region=region).table
    rows = []
    for rec in f.itertuples():
        period = str(rec.period)
        year = int(period) if period.isdigit() else None
        comp = result.table["share_pct"].get(year, np.nan) if year is not None else np.nan
        why = result.table["note"].get(year, "year not in the data") if year is not None else \
            "fact has no single year"
        rows.append({"fact_id": rec.fact_id, "period": period, "fact_value": rec.value,
                     "computed": comp, "difference": comp - rec.value if pd.notna(comp) else np.nan,
                     "source": rec.source, "note": why if pd.isna(comp) else ""})
    return pd.DataFrame(rows)
