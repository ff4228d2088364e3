"""Regional reading of a productivity index: average annual rates, ranks and the diagnosis
"technical change or catching up" for chosen regions (e.g. the Northeast).

For each DMU the average annual index is the geometric mean over its transitions with a finite
value (``n_transitions`` says how many; infeasible pairs are excluded and counted, never
filled). The reference is the geometric mean over all DMUs of those averages. For a focus DMU,
``gap_<component> = ln(component) - ln(reference component)`` (log points a year); the
diagnosis names the component with the larger shortfall: ``"technical change"`` when the
frontier at the DMU's input mix moves slower than the average (``gap_techch`` lower), else
``"catching up"`` (efficiency change lower); ``"ahead on both"`` when neither is below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.efficiency.results import ProductivityResult
from revitalize.errors import InputError
from revitalize.results import Result, build_meta

__all__ = ["productivity_summary"]

_COMPONENTS = {"malmquist": ("tfpch", "effch", "techch"),
               "malmquist_luenberger": ("ml", "mlec", "mltc"),
               "global_malmquist_luenberger": ("ml", "mlec", "mltc")}


def productivity_summary(result: ProductivityResult, *, focus=()) -> Result:
    """Average annual index and components by DMU, rank (1 = fastest growth) and, for the
    ``focus`` DMUs, the gaps to the all-DMU reference and the diagnosis (module docstring)."""
    method = result.meta.get("method")
    if method not in _COMPONENTS:
        raise InputError(f"not a productivity index result ({method!r})", field="result",
                         expected="the result of malmquist or malmquist_luenberger")
    index, eff, tech = _COMPONENTS[method]
    dmu = result.table.columns[0]
    t = result.table
    finite = np.isfinite(t[index])

    def gmean(s):
        return float(np.exp(np.log(s).mean())) if len(s) else np.nan

    every = pd.Index(t[dmu].unique(), name=dmu)
    by = t[finite].groupby(dmu)[[index, eff, tech]].agg(gmean).reindex(every)
    by["n_transitions"] = t[finite].groupby(dmu).size().reindex(every).fillna(0).astype(int)
    by["n_infeasible"] = t[~finite].groupby(dmu).size().reindex(every).fillna(0).astype(int)
    by["rank"] = by[index].rank(ascending=False, method="min").astype("Int64")
    ref = {c: gmean(by[c].dropna()) for c in (index, eff, tech)}
    for c in (eff, tech):
        by[f"gap_{c}"] = np.log(by[c]) - np.log(ref[c])
    focus = [f for f in focus if f in by.index]
    diag = pd.Series("", index=by.index, dtype=object)
    for f in focus:
        if by.loc[f, "n_transitions"] == 0:
            diag[f] = "no feasible transition"
            continue
        ge, gt = by.loc[f, f"gap_{eff}"], by.loc[f, f"gap_{tech}"]
        diag[f] = ("ahead on both" if min(ge, gt) >= 0 else
                   "technical change" if gt < ge else "catching up")
    by["diagnosis"] = diag
    by = by.sort_values("rank")
    meta = build_meta("productivity_summary", conventions={
        "average": "geometric mean over finite transitions", "reference": "geometric mean of "
        "all DMUs' averages", "index": index, "of": method, "focus": list(focus)},
        reference_values=ref, index_conventions=dict(result.meta.get("conventions", {})))
    return Result(table=by, meta=meta)
