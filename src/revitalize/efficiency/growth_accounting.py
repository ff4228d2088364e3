"""Growth accounting by region: TFP growth as the Solow residual with time-varying shares.

With ``Y = A K^(1 - s_L) L^(s_L)`` and log growth rates ``g_X = ln X_t - ln X_{t-1}``, the
Törnqvist form (Solow 1957; OECD 2001 *Measuring Productivity* manual, growth-accounting
chapter; Barro & Sala-i-Martin 2004, ch. 10 -- sections not checked offline) is::

    s_bar_t = (s_L,t + s_L,t-1) / 2
    g_TFP   = g_Y - (1 - s_bar_t) g_K - s_bar_t g_L

with the contributions of capital ``(1 - s_bar) g_K``, labour ``s_bar g_L`` and TFP ``g_TFP``
summing to ``g_Y`` exactly; over a period, TFP's share of growth is ``sum g_TFP / sum g_Y``.
The labour share is an explicit argument: a column of the data (e.g. income-side labour
compensation / GDP by province and year) or one number for every region and year (named in
``meta``). Constant returns to scale and competitive factor pricing are the method's assumptions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.efficiency.results import GrowthAccountingResult
from revitalize.errors import InputError, UnknownLabelError
from revitalize.results import build_meta

__all__ = ["growth_accounting", "growth_accounting_kernel"]


def growth_accounting_kernel(Y: np.ndarray, K: np.ndarray, L: np.ndarray,
                             labour_share: np.ndarray) -> dict[str, np.ndarray]:
    """Törnqvist growth accounting along the last axis (years) of ``Y, K, L, labour_share``.

    Returns arrays one shorter along that axis: ``g_output``, ``g_capital``, ``g_labour``,
    ``labour_share_mean``, ``contribution_capital``, ``contribution_labour``, ``tfp_growth``.
    """
    gy, gk, gl = (np.diff(np.log(a), axis=-1) for a in (Y, K, L))
    s = (labour_share[..., 1:] + labour_share[..., :-1]) / 2.0
    ck, cl = (1.0 - s) * gk, s * gl
    return {"g_output": gy, "g_capital": gk, "g_labour": gl, "labour_share_mean": s,
            "contribution_capital": ck, "contribution_labour": cl, "tfp_growth": gy - ck - cl}


def growth_accounting(data: pd.DataFrame, *, output: str = "real_gdp",
                      capital: str = "capital_stock", labour: str = "labour",
                      labour_share: str | float = "labour_share", first_year: int | None = None,
                      last_year: int | None = None, region: str = "region",
                      year: str = "year") -> GrowthAccountingResult:
    """TFP growth and its contribution to output growth, by region and year.

    Parameters
    ----------
    data
        Long frame, one row per region and year (consecutive years per region), with the real
        output, real capital stock and labour input columns.
    output, capital, labour
        Column names (real output, capital stock, labour in persons or hours).
    labour_share
        A column name (share by region and year, in (0, 1)) or one number in (0, 1).
    first_year, last_year
        Years kept (default: all). Within them every region's years with all variables must be
        consecutive (e.g. the NBS labour proxy has 2004 and 2008-2019: pass ``first_year=2008``).

    Returns
    -------
    GrowthAccountingResult
        ``table``: region, year, the growth rates (log differences), mean labour share,
        contributions and ``tfp_growth``; ``extra["by_region"]``: average annual rates over the
        years with data and ``tfp_share_of_growth``.
    """
    cols = [output, capital, labour] + ([labour_share] if isinstance(labour_share, str) else [])
    for c in [region, year, *cols]:
        if c not in data.columns:
            raise UnknownLabelError(f"no column {c!r}", field="data",
                                    expected=f"one of {list(data.columns)}")
    if not isinstance(labour_share, str) and not 0 < float(labour_share) < 1:
        raise InputError(f"labour_share={labour_share} outside (0, 1)", field="labour_share")
    keep = pd.Series(True, index=data.index)
    if first_year is not None:
        keep &= data[year] >= first_year
    if last_year is not None:
        keep &= data[year] <= last_year
    rows = []
    for reg, g in data[keep].sort_values([region, year]).groupby(region, sort=True):
        g = g.dropna(subset=cols)
        yrs = g[year].to_numpy()
        if len(g) < 2:
            continue
        if (np.diff(yrs) != 1).any():
            raise InputError(f"{reg}: years with data are not consecutive ({yrs.tolist()})",
                             row=reg, field=year,
                             expected="a consecutive run of years with all variables (set "
                                  "first_year / last_year)")
        vals = {c: g[c].to_numpy(float) for c in (output, capital, labour)}
        for c, v in vals.items():
            if (v <= 0).any():
                raise InputError(f"non-positive {c}", row=reg, field=c, expected="positive levels")
        share = (g[labour_share].to_numpy(float) if isinstance(labour_share, str)
                 else np.full(len(g), float(labour_share)))
        if ((share <= 0) | (share >= 1)).any():
            raise InputError("labour share outside (0, 1)", row=reg, field=str(labour_share))
        k = growth_accounting_kernel(vals[output], vals[capital], vals[labour], share)
        rows.append(pd.DataFrame({region: reg, year: yrs[1:], **k}))
    if not rows:
        raise InputError("no region has two consecutive years with every variable",
                         field="data", expected=f"values of {cols}")
    table = pd.concat(rows, ignore_index=True)
    by = table.groupby(region).agg(first_year=(year, "min"), last_year=(year, "max"),
                                   g_output=("g_output", "mean"), g_capital=("g_capital", "mean"),
                                   g_labour=("g_labour", "mean"),
                                   tfp_growth=("tfp_growth", "mean"),
                                   contribution_capital=("contribution_capital", "mean"),
                                   contribution_labour=("contribution_labour", "mean"))
    by["first_year"] = by["first_year"] - 1  # growth from the year before the first rate
    by["tfp_share_of_growth"] = by["tfp_growth"] / by["g_output"]
    meta = build_meta("growth_accounting_tornqvist", conventions={
        "output_column": output, "capital_column": capital, "labour_column": labour,
        "labour_share": labour_share if isinstance(labour_share, str)
        else f"constant {labour_share}", "growth_rates": "log differences",
        "shares": "two-year average (Törnqvist)", "returns_to_scale": "constant",
        "first_year": first_year, "last_year": last_year},
        source="Solow (1957); OECD (2001) Measuring Productivity")
    return GrowthAccountingResult(table=table, meta=meta, extra={"by_region": by})
