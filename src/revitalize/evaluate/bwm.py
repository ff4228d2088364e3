"""Best-worst method (BWM): criterion weights from two vectors of pairwise comparisons.

The decision maker names the best criterion B and the worst W, then rates on a 1-9 scale how
much B is preferred to every criterion (``a_Bj``, "best-to-others") and every criterion to W
(``a_jW``, "others-to-worst"); ``a_BB = a_WW = 1`` and ``a_BW`` appears in both vectors.

* ``model="linear"`` (default) -- Rezaei (2016), "Best-worst multi-criteria decision-making
  method: Some properties and a linear model", *Omega* 64: 126-130, model (8)::

      min xi  s.t.  |w_B - a_Bj w_j| <= xi,  |w_j - a_jW w_W| <= xi,  sum_j w_j = 1,  w >= 0

  a linear programme with a unique solution (``scipy.optimize.linprog``, HiGHS).
* ``model="nonlinear"`` -- Rezaei (2015), "Best-worst multi-criteria decision-making method",
  *Omega* 53: 49-57, model (8)::

      min xi  s.t.  |w_B / w_j - a_Bj| <= xi,  |w_j / w_W - a_jW| <= xi,  sum w = 1,  w >= 0

  For a fixed ``xi`` the constraints are linear in ``w`` (multiply by ``w_j``, ``w_W > 0``), so
  the optimum ``xi*`` is found by bisection on ``xi`` with a linear feasibility problem per step
  (to ``1e-9``): the global optimum, not a local one. The optimal weights may be non-unique
  (Rezaei 2016); the reported ones are feasible at ``xi*``, chosen to maximise ``min_j w_j``.

Consistency (recorded in ``meta``):

* output-based ratio ``CR = xi / CI(a_BW)`` with ``xi = max_j(|w_B/w_j - a_Bj|, |w_j/w_W -
  a_jW|)`` evaluated at the reported weights (equal to ``xi*`` for the nonlinear model) and the
  consistency index of Rezaei (2015): ``CI = 0, 0.44, 1.00, 1.63, 2.30, 3.00, 3.73, 4.47,
  5.23`` for ``a_BW = 1..9``, ``CI(a)`` being ``xi*`` of the most inconsistent comparisons
  with that ``a_BW`` (``a_Bj = a_jW = a_BW``). Checked against two sources (a third
  implementation's table and our own solver), see :data:`BWM_CONSISTENCY_INDEX`;
* input-based ratio (Liang, Brunelli & Rezaei 2020, *Omega* 96: 102175)
  ``CR_I = max_j |a_Bj a_jW - a_BW| / (a_BW^2 - a_BW)`` (0 when ``a_BW = 1``).

Comparisons are fully consistent when ``a_Bj a_jW = a_BW`` for every ``j``: then ``xi* = 0``
and ``w_j = w_B / a_Bj``. A CR above ``cr_threshold`` (default 0.1, a rule of thumb) warns.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.evaluate.weights import WeightsResult
from revitalize.results import build_meta

__all__ = ["BWM_CONSISTENCY_INDEX", "bwm", "bwm_kernel", "bwm_linear", "bwm_nonlinear"]

BWM_CONSISTENCY_INDEX = (0.0, 0.44, 1.00, 1.63, 2.30, 3.00, 3.73, 4.47, 5.23)
"""``CI(a_BW)`` for ``a_BW = 1..9`` (Rezaei 2015). Verified, every value, against (1) the table of
the BWM R package jakub-tomczak/BWM, ``R/solver.R`` (``consistencyIndex <- c(0, .44, 1.0, 1.63,
2.3, 3., 3.73, 4.47, 5.23)``; the stored version found by the code search, its commit not
reported), the same nine values in several independent transcriptions on GitHub; (2) the
definition: :func:`bwm_nonlinear` on ``a_Bj = a_jW = a_BW = a`` gives ``xi*`` = 0.4384,
1.0000, 1.6277, 2.2984, 3.0000, 3.7251, 4.4689, 5.2280 for ``a = 2..9``, each rounding to
the table (``tests/evaluate/test_bwm.py``)."""
BWM_SOURCE = ("Rezaei (2015), Omega 53: 49-57; Rezaei (2016), Omega 64: 126-130; input-based CR: "
              "Liang, Brunelli & Rezaei (2020), Omega 96: 102175")


def _abs_rows(n: int, b: int, w: int, a_best: np.ndarray, a_worst: np.ndarray) -> np.ndarray:
    """Rows ``L`` with ``L w`` = the deviations ``w_B - a_Bj w_j`` and ``w_j - a_jW w_W``."""
    rows = []
    for j in range(n):
        r = np.zeros(n)
        r[b] += 1.0
        r[j] -= a_best[j]
        rows.append(r)
        r = np.zeros(n)
        r[j] += 1.0
        r[w] -= a_worst[j]
        rows.append(r)
    return np.array(rows)


def bwm_linear(a_best: np.ndarray, a_worst: np.ndarray, b: int, w: int
               ) -> tuple[np.ndarray, float]:
    """Linear model of Rezaei (2016): ``(weights, xi_L)``."""
    n = len(a_best)
    L = _abs_rows(n, b, w, a_best, a_worst)
    ones = np.ones((L.shape[0], 1))
    A_ub = np.vstack([np.hstack([L, -ones]), np.hstack([-L, -ones])])
    A_eq = np.hstack([np.ones((1, n)), [[0.0]]])
    c = np.zeros(n + 1)
    c[-1] = 1.0
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(A_ub.shape[0]), A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * (n + 1), method="highs")
    if not res.success:  # pragma: no cover - the LP is always feasible (equal weights)
        raise ValidationError(f"BWM linear model failed: {res.message}", field="model")
    return res.x[:n], float(res.x[-1])


def _feasible(xi: float, n: int, b: int, w: int, a_best, a_worst) -> np.ndarray | None:
    """Weights maximising ``min_j w_j`` with the ratio constraints at ``xi``, or None."""
    rows = []
    for j in range(n):
        for sign in (1.0, -1.0):
            r = np.zeros(n + 1)  # variables: w_1..w_n, t (t <= every w_j)
            r[b] += sign
            r[j] -= sign * a_best[j] + xi
            rows.append(r)
            r = np.zeros(n + 1)
            r[j] += sign
            r[w] -= sign * a_worst[j] + xi
            rows.append(r)
    floor = np.hstack([-np.eye(n), np.ones((n, 1))])
    A_ub = np.vstack([np.array(rows), floor])
    c = np.zeros(n + 1)
    c[-1] = -1.0
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(A_ub.shape[0]),
                  A_eq=np.hstack([np.ones((1, n)), [[0.0]]]), b_eq=[1.0],
                  bounds=[(0, None)] * (n + 1), method="highs")
    if not res.success or res.x[-1] <= 1e-12:
        return None
    return res.x[:n]


def bwm_nonlinear(a_best: np.ndarray, a_worst: np.ndarray, b: int, w: int, tol: float = 1e-9
                  ) -> tuple[np.ndarray, float]:
    """Original model of Rezaei (2015) by bisection on ``xi``: ``(weights, xi*)``."""
    n = len(a_best)
    lo, hi = 0.0, float(max(a_best.max(), a_worst.max()))
    found = _feasible(lo, n, b, w, a_best, a_worst)
    if found is not None:
        return found, 0.0
    found = _feasible(hi, n, b, w, a_best, a_worst)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        x = _feasible(mid, n, b, w, a_best, a_worst)
        if x is None:
            lo = mid
        else:
            hi, found = mid, x
    return found, hi


def _ratio_gap(weights: np.ndarray, a_best, a_worst, b: int, w: int) -> float:
    return float(max(np.abs(weights[b] / weights - a_best).max(),
                     np.abs(weights / weights[w] - a_worst).max()))


def bwm_kernel(a_best: np.ndarray, a_worst: np.ndarray, b: int, w: int,
               model: str = "linear") -> tuple[np.ndarray, float, float, float]:
    """``(weights, xi, CR, CR_input)`` (module docstring). Not validated."""
    a_bw = a_best[w]
    weights, xi = (bwm_linear if model == "linear" else bwm_nonlinear)(a_best, a_worst, b, w)
    ci = BWM_CONSISTENCY_INDEX[round(float(a_bw)) - 1]
    gap = _ratio_gap(weights, a_best, a_worst, b, w) if model == "linear" else xi
    cr = gap / ci if ci > 0 else 0.0
    cr_input = float(np.abs(a_best * a_worst - a_bw).max() / (a_bw * a_bw - a_bw)) \
        if a_bw > 1 else 0.0
    return weights, xi, cr, cr_input


def _vector(values, what: str, criteria: pd.Index | None) -> pd.Series:
    if isinstance(values, (Mapping, pd.Series)):
        s = pd.Series(dict(values) if isinstance(values, Mapping) else values, dtype=object)
    else:
        items = list(values)
        labels = criteria if criteria is not None else [f"C{j + 1}" for j in range(len(items))]
        if len(items) != len(labels):
            raise InputError(f"{len(items)} {what} comparisons for {len(labels)} criteria",
                             field=what, expected="one comparison per criterion")
        s = pd.Series(items, index=labels, dtype=object)
    try:
        s = s.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"{what} comparisons are not numbers", field=what,
                         expected="numbers on the 1-9 scale") from None
    bad = s[~((s >= 1) & (s <= 9) & np.isfinite(s))]
    if len(bad):
        raise InputError(f"{what}: criterion {bad.index[0]!r} has {bad.iloc[0]!r}", field=what,
                         row=bad.index[0], expected="a comparison between 1 and 9")
    return s


def _end(s: pd.Series, given, what: str) -> int:
    if given is not None:
        if given not in s.index:
            raise InputError(f"{what} criterion {given!r} is not compared", field=what,
                             expected=f"one of {list(s.index)[:5]}")
        return int(s.index.get_loc(given))
    ones = np.flatnonzero(s.to_numpy() == 1)
    if len(ones) != 1:
        raise InputError(f"cannot tell the {what} criterion: {len(ones)} comparisons equal 1",
                         field=what, expected=f"name it ({what}=...) or give exactly one 1")
    return int(ones[0])


def bwm(best_to_others, others_to_worst, *, best=None, worst=None, model: str = "linear",
        cr_threshold: float = 0.1) -> WeightsResult:
    """Criterion weights by the best-worst method (Rezaei 2015, 2016).

    Parameters
    ----------
    best_to_others
        ``a_Bj``: how much the best criterion is preferred to each criterion (1-9), a mapping
        criterion -> value or a sequence (criteria ``C1..Cn``); 1 for the best itself.
    others_to_worst
        ``a_jW``: how much each criterion is preferred to the worst (1-9), aligned by label.
    best, worst
        Labels of the best and worst criteria; by default the one criterion rated 1 in each
        vector.
    model
        ``"linear"`` (default, Rezaei 2016, unique weights) or ``"nonlinear"`` (Rezaei 2015).
    cr_threshold
        A consistency ratio above it warns (default 0.1).

    Returns
    -------
    WeightsResult
        ``table``: ``weight``, ``best_to_others``, ``others_to_worst`` by criterion;
        ``meta``: ``xi``, ``consistency_ratio`` (output-based), ``consistency_ratio_input``.

    Raises
    ------
    InputError
        Comparisons off the 1-9 scale, misaligned vectors, ambiguous best/worst, ``a_BW``
        differing between the two vectors, best = worst, unknown ``model``.
    """
    if model not in ("linear", "nonlinear"):
        raise InputError(f"unknown model {model!r}", field="model",
                         expected="'linear' (Rezaei 2016) or 'nonlinear' (Rezaei 2015)")
    a_b = _vector(best_to_others, "best_to_others", None)
    a_w = _vector(others_to_worst, "others_to_worst", a_b.index)
    if set(a_w.index) != set(a_b.index):
        raise InputError("best_to_others and others_to_worst compare different criteria",
                         field="others_to_worst", expected=f"the criteria {list(a_b.index)[:5]}")
    a_w = a_w.reindex(a_b.index)
    b, w = _end(a_b, best, "best"), _end(a_w, worst, "worst")
    if b == w:
        raise InputError(f"best and worst are the same criterion {a_b.index[b]!r}",
                         field="worst", expected="two different criteria")
    if a_b.iloc[b] != 1 or a_w.iloc[w] != 1 or a_b.iloc[w] != a_w.iloc[b]:
        raise InputError(f"a_BW differs: best_to_others[{a_b.index[w]!r}] = {a_b.iloc[w]:g} but "
                         f"others_to_worst[{a_b.index[b]!r}] = {a_w.iloc[b]:g} (or a_BB, a_WW "
                         "is not 1)", field="others_to_worst",
                         expected="the same best-over-worst judgment in both vectors")
    weights, xi, cr, cr_in = bwm_kernel(a_b.to_numpy(), a_w.to_numpy(), b, w, model)
    if cr > cr_threshold:
        _warn(f"BWM consistency ratio {cr:.3f} exceeds {cr_threshold:g}: the comparisons are "
              "inconsistent; revise them", DataQualityWarning, stacklevel=2)
    criteria = pd.Index(a_b.index, name="criterion")
    table = pd.DataFrame({"weight": weights, "best_to_others": a_b.to_numpy(),
                          "others_to_worst": a_w.to_numpy()}, index=criteria)
    meta = build_meta("best-worst method", conventions={
        "model": model, "scale": "1-9", "cr_threshold": cr_threshold,
        "consistency_index": f"Rezaei (2015) table: {list(BWM_CONSISTENCY_INDEX)}",
        "consistency_ratio": "xi / CI(a_BW), xi from the weights' ratios"},
        source=BWM_SOURCE, best=str(criteria[b]), worst=str(criteria[w]), xi=xi,
        consistency_ratio=cr, consistency_ratio_input=cr_in)
    return WeightsResult(table=table, meta=meta)
