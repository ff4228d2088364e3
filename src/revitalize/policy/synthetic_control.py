"""Synthetic control (Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010).

One treated unit ``1`` and ``J`` donors. Predictors ``X1`` (k) and ``X0`` (k x J), pre-treatment
outcomes ``Z1`` (T0) and ``Z0`` (T0 x J). Each predictor row is divided by its standard deviation
across the treated unit and the donors (ddof 1; as R's Synth does). For a diagonal ``V`` (``v >=
0``, ``sum v = 1``) the donor weights solve the **inner problem** (Abadie et al. 2010, *JASA*
105(490), 493-505, eq. 1 and section 2.3)::

    w*(V) = argmin_w (X1 - X0 w)' V (X1 - X0 w)   s.t.  w >= 0,  sum w = 1

solved as a non-negative least-squares problem with the adding-up constraint as a heavily
weighted extra row (Lawson & Hanson 1974, *Solving Least Squares Problems*, ch. 22, the weighting
method; residual of the constraint below 1e-9, then divided out). The **outer problem** chooses
``V`` to minimise the pre-treatment mean squared prediction error of the outcome over the
optimisation period::

    V* = argmin_V (Z1 - Z0 w*(V))' (Z1 - Z0 w*(V)) / T0

by adaptive Nelder-Mead (``scipy.optimize.minimize``, ``adaptive=True``) on log-weights (``v = softmax(theta)``; stopping when the loss varies by less than
1e-9 of its starting value and the log-weights by less than 1e-4), from the equal start ``v = 1/k`` and from
the regression-based start (``v_m`` proportional to the sum over periods of the squared
coefficients of predictor ``m`` in the cross-unit regression of pre-period outcomes on the scaled
predictors), keeping the better (``v_start``, named in ``meta``).

Inference (Abadie et al. 2010, section 2.4 and Fig. 4-7; Abadie, Diamond & Hainmueller 2015,
*AJPS* 59(2), 495-510): **in-space placebos** -- every donor in turn treated as if treated, the
others (never the treated unit) as its donors; for each unit the ratio of post- to pre-treatment
root mean squared prediction error; the permutation **p-value** is the share of units (treated
included) whose ratio is at least the treated unit's. Optionally placebos with a pre-treatment
MSPE above ``placebo_mspe_cutoff`` times the treated unit's are left out (Abadie et al. 2010 use
20, 5 and 2). **Leave-one-out**: the fit re-run without each donor of positive weight.

The result says when the data cannot support a claim: a pre-period shorter than
``min_pre_periods``; a poor pre-treatment fit (pre-RMSPE above ``fit_tolerance`` times the mean
absolute pre-treatment outcome of the treated unit); a treated unit outside the donors' range
(no convex combination can match it). Each is a :class:`DataQualityWarning` and a flag in ``meta``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.results import Result, build_meta

__all__ = ["SyntheticControlResult", "V_STARTS", "fit_synthetic", "scale_predictors",
           "simplex_weights", "synthetic_control"]

V_STARTS: tuple[str, ...] = ("equal", "regression")
_ADDING_UP_WEIGHT = 1e4
# Nelder-Mead stops when the loss varies by less than this share of the starting loss over the
# simplex and the log-weights by less than 1e-4.
_RELATIVE_FATOL = 1e-9


# ---------------------------------------------------------------------------- kernels
def scale_predictors(X1: np.ndarray, X0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Divide each predictor row by its standard deviation over treated + donors (ddof 1);
    rows with zero spread are left as they are."""
    allx = np.column_stack([X1, X0])
    sd = allx.std(axis=1, ddof=1)
    sd = np.where(sd > 0, sd, 1.0)
    return X1 / sd, X0 / sd[:, None]


def simplex_weights(X1: np.ndarray, X0: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``argmin_w (X1 - X0 w)' diag(v) (X1 - X0 w)``, ``w >= 0``, ``sum w = 1`` (module
    docstring: NNLS with the adding-up row weighted by ``1e4 * max(1, ||A||)``)."""
    return _InnerProblem(X1, X0).weights(v)


class _InnerProblem:
    """:func:`simplex_weights` for one ``(X1, X0)`` and the thousands of ``v`` of the outer
    search: the same arithmetic on buffers allocated once."""

    __slots__ = ("A", "X0", "X1", "b", "maxiter", "nnls")

    def __init__(self, X1: np.ndarray, X0: np.ndarray):
        from scipy.optimize import nnls  # not at module level: building the CLI imports this module

        self.nnls = nnls
        self.X1, self.X0 = np.asarray(X1, float), np.asarray(X0, float)
        k, J = self.X0.shape
        self.A, self.b = np.empty((k + 1, J)), np.empty(k + 1)
        self.maxiter = 50 * J

    def weights(self, v: np.ndarray) -> np.ndarray:
        sv = np.sqrt(np.asarray(v, float))
        A, b = self.A, self.b
        np.multiply(sv[:, None], self.X0, out=A[:-1])
        np.multiply(sv, self.X1, out=b[:-1])
        m = _ADDING_UP_WEIGHT * max(1.0, float(np.abs(A[:-1]).max()))
        A[-1], b[-1] = m, m
        w = self.nnls(A, b, maxiter=self.maxiter)[0]
        total = w.sum()
        return w / total if total > 0 else np.full(A.shape[1], 1.0 / A.shape[1])


def _softmax(theta: np.ndarray) -> np.ndarray:
    e = np.exp(theta - theta.max())
    return e / e.sum()


def _regression_start(X1s, X0s, Z1, Z0) -> np.ndarray:
    X = np.column_stack([X1s, X0s]).T  # units x k
    Z = np.column_stack([Z1, Z0]).T  # units x T0
    X = np.column_stack([np.ones(len(X)), X])
    B = np.linalg.lstsq(X, Z, rcond=None)[0][1:]
    v = (B**2).sum(axis=1)
    v = np.maximum(v, 1e-8 * max(v.max(), 1e-300))
    return v / v.sum()


def fit_synthetic(X1: np.ndarray, X0: np.ndarray, Z1: np.ndarray, Z0: np.ndarray, *,
                  v: np.ndarray | None = None, v_start: Sequence[str] = V_STARTS,
                  maxiter: int | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Nested optimisation (module docstring) on unscaled arrays.

    Returns ``(w, v, loss)`` with ``loss`` the pre-period outcome MSPE. With ``v`` given only the
    inner problem is solved."""
    from scipy.optimize import minimize

    X1s, X0s = scale_predictors(np.asarray(X1, float), np.asarray(X0, float))
    Z1, Z0 = np.asarray(Z1, float), np.asarray(Z0, float)
    k = X1s.size
    inner = _InnerProblem(X1s, X0s)

    def loss_of(vv):
        w = inner.weights(vv)
        r = Z1 - Z0 @ w
        return float(r @ r) / r.size, w

    if v is not None or k == 1:
        vv = np.ones(1) if v is None else np.asarray(v, float) / np.sum(v)
        loss, w = loss_of(vv)
        return w, vv, loss
    starts = {"equal": np.full(k, 1.0 / k),
              "regression": _regression_start(X1s, X0s, Z1, Z0)}
    best = None
    for name in v_start:
        theta0 = np.log(starts[name])
        fatol = _RELATIVE_FATOL * max(loss_of(starts[name])[0], 1e-300)
        res = minimize(lambda t: loss_of(_softmax(t))[0], theta0, method="Nelder-Mead",
                       options={"maxiter": maxiter or default_outer_maxiter(k), "xatol": 1e-4,
                                "fatol": fatol, "adaptive": True})
        vv = _softmax(res.x)
        loss, w = loss_of(vv)
        if best is None or loss < best[2] - 1e-15:
            best = (w, vv, loss)
    return best


def default_outer_maxiter(k: int) -> int:
    """Nelder-Mead iterations per start for ``k`` predictors: ``50 k + 100``. On the Basque
    data the treated fit is unchanged (loss 0.008865 vs 0.008864 unbounded) and the 16 placebo
    fits lose 0.3 % of their summed loss while taking a quarter of the time."""
    return 50 * k + 100


def _rmspe(gap: np.ndarray) -> float:
    return float(np.sqrt(np.mean(gap**2))) if gap.size else float("nan")


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class SyntheticControlResult(Result):
    """``table``: per period ``treated, synthetic, gap``; ``extra``: ``weights`` (donor ->
    w), ``v`` (predictor -> v), ``balance`` (predictors: treated, synthetic, donor mean),
    ``placebos`` (unit -> pre/post RMSPE, ratio, included), ``placebo_gaps`` (periods x units),
    ``leave_one_out`` (periods x dropped donor: synthetic path). ``meta``: ``pre_rmspe``,
    ``post_rmspe``, ``ratio``, ``p_value``, ``flags`` and the conventions."""

    @property
    def weights(self) -> pd.Series:
        return self.extra["weights"].copy()

    @property
    def p_value(self) -> float:
        return self.meta["p_value"]


def _check_panel(outcome: pd.DataFrame, treated, treatment_start, donors) -> tuple:
    if not isinstance(outcome, pd.DataFrame) or outcome.empty:
        raise InputError("outcome must be a periods x units DataFrame", field="outcome")
    if treated not in outcome.columns:
        raise UnknownLabelError(f"treated unit {treated!r} is not a column of the outcome",
                                field="treated", expected=f"one of {list(outcome.columns)}")
    pool = [c for c in outcome.columns if c != treated] if donors is None else list(donors)
    bad = [d for d in pool if d not in outcome.columns or d == treated]
    if bad:
        raise UnknownLabelError(f"donors {bad} are not other units of the outcome",
                                field="donors", expected="columns of the outcome other than "
                                "the treated unit")
    if len(pool) < 2:
        raise InputError(f"{len(pool)} donor(s)", field="donors", expected="at least 2 donors")
    Y = outcome[[treated, *pool]].apply(pd.to_numeric, errors="coerce").astype(float)
    missing = Y.columns[Y.isna().any()].tolist()
    if missing:
        raise InputError(f"outcome has missing values for units {missing}", field="outcome",
                         expected="a balanced panel (drop those units from the donors or "
                                  "fill the gaps explicitly)")
    Y = Y.sort_index()
    pre = Y.index < treatment_start
    if pre.sum() < 1 or (~pre).sum() < 1:
        raise InputError(f"treatment_start={treatment_start!r} leaves no pre- or post-period",
                         field="treatment_start",
                         expected=f"a period inside ({Y.index[0]}, {Y.index[-1]}]")
    return Y, pool, pre


def _predictor_matrix(predictors, Y, pre, units) -> pd.DataFrame:
    if predictors is None:
        P = Y.loc[pre].copy()
        P.index = [f"outcome_{i}" for i in P.index]
        return P
    if not isinstance(predictors, pd.DataFrame):
        raise InputError("predictors must be a predictors x units DataFrame",
                         field="predictors")
    missing = [u for u in units if u not in predictors.columns]
    if missing:
        raise UnknownLabelError(f"predictors lack units {missing}", field="predictors",
                                expected="a column for the treated unit and every donor")
    P = predictors[units].apply(pd.to_numeric, errors="coerce").astype(float)
    if not np.isfinite(P.to_numpy()).all():
        bad = P.index[~np.isfinite(P.to_numpy()).all(axis=1)].tolist()
        raise InputError(f"predictors {bad} have missing values", field="predictors",
                         expected="a value of every predictor for every unit")
    return P


def _one_fit(P: pd.DataFrame, Y: pd.DataFrame, opt: np.ndarray, unit, pool, v_start,
             maxiter: int | None = None):
    """``v_start=None``: equal predictor weights, no outer search."""
    X1, X0 = P[unit].to_numpy(), P[pool].to_numpy()
    Z1, Z0 = Y.loc[opt, unit].to_numpy(), Y.loc[opt, pool].to_numpy()
    v = None if v_start is not None else np.full(len(P), 1.0 / len(P))
    w, v, _ = fit_synthetic(X1, X0, Z1, Z0, v=v, v_start=v_start or V_STARTS, maxiter=maxiter)
    synth = Y[pool].to_numpy() @ w
    return w, v, synth


def _flags(Y, pre, treated, pool, gap, min_pre_periods, fit_tolerance) -> list[str]:
    flags = []
    n_pre = int(pre.sum())
    if n_pre < min_pre_periods:
        flags.append(f"short_pre_period: {n_pre} pre-treatment periods < min_pre_periods="
                     f"{min_pre_periods}; weights and p-value rest on little history")
    level = float(np.mean(np.abs(Y.loc[pre, treated])))
    rel = _rmspe(gap[pre]) / level if level > 0 else float("inf")
    if rel > fit_tolerance:
        flags.append(f"poor_fit: pre-treatment RMSPE is {rel:.1%} of the treated unit's mean "
                     f"pre-treatment outcome > fit_tolerance={fit_tolerance:g}; the post-"
                     "treatment gap cannot be read as an effect")
    m1 = Y.loc[pre, treated].mean()
    m0 = Y.loc[pre, pool].mean()
    if m1 > m0.max() or m1 < m0.min():
        flags.append("outside_donor_range: the treated unit's mean pre-treatment outcome lies "
                     "outside every donor's; no convex combination can match it")
    return flags


def synthetic_control(outcome: pd.DataFrame, *, treated, treatment_start,
                      predictors: pd.DataFrame | None = None,
                      donors: Iterable | None = None, optimisation_period=None,
                      v_start: Sequence[str] = V_STARTS, placebos: bool = True,
                      leave_one_out: bool = True, placebo_mspe_cutoff: float | None = None,
                      min_pre_periods: int = 10, fit_tolerance: float = 0.05,
                      outer_maxiter: int | None = None, provenance=None,
                      placebo_cache: dict | None = None) -> SyntheticControlResult:
    """Synthetic control of ``treated`` from ``donors`` (module docstring).

    Parameters
    ----------
    outcome
        Periods (index, sortable: years) x units (columns) outcome, balanced.
    treated
        Column label of the treated unit.
    treatment_start
        First treated period (periods ``< treatment_start`` are the pre-period).
    predictors
        Predictors x units frame (e.g. averages of covariates over the pre-period); default: the
        pre-period outcome values themselves (one predictor per period), with equal ``v`` and
        no outer search (with every lag as a predictor the choice of ``V`` hardly matters:
        Kaul, Klossner, Pfeifer & Schieler 2022, *Journal of Business & Economic
        Statistics* 40(3), 1362-1376; reference from memory).
    donors
        Donor pool (default: every other column).
    optimisation_period
        Periods whose outcome MSPE the outer problem minimises (default: the whole pre-period).
    v_start
        Starting points of the outer search, among ``"equal"`` and ``"regression"``.
    placebos, leave_one_out
        Run the in-space placebos (needed for the p-value) and the leave-one-out fits.
    placebo_mspe_cutoff
        Leave out placebos whose pre-MSPE exceeds this multiple of the treated unit's
        (default ``None``: keep all).
    min_pre_periods, fit_tolerance
        Thresholds of the "cannot support a claim" flags (module docstring).
    outer_maxiter
        Nelder-Mead iterations per start (default :func:`default_outer_maxiter`: ``50 k + 100``
        for ``k`` predictors); the same for the treated unit and every placebo.
    placebo_cache
        A dict shared by calls on the same ``outcome``, ``predictors``, periods and search
        settings that differ only in the treated unit: a placebo fit (unit, its donors) is
        computed once and reused. Several treated units with one donor pool outside them (the
        Northeast provinces and the region) share every placebo. Default: no sharing.
    """
    Y, pool, pre = _check_panel(outcome, treated, treatment_start, donors)
    if any(s not in V_STARTS for s in v_start) or not v_start:
        raise InputError(f"v_start={list(v_start)!r}", field="v_start",
                         expected=f"a non-empty subset of {list(V_STARTS)}")
    units = [treated, *pool]
    P = _predictor_matrix(predictors, Y, pre, units)
    search = v_start if predictors is not None else None
    maxiter = outer_maxiter or default_outer_maxiter(len(P))
    opt = pre if optimisation_period is None else (Y.index.isin(list(optimisation_period)) & pre)
    if not opt.any():
        raise InputError("optimisation_period has no pre-treatment period",
                         field="optimisation_period", expected="pre-treatment periods")
    w, v, synth = _one_fit(P, Y, opt, treated, pool, search, maxiter)
    y1 = Y[treated].to_numpy()
    gap = y1 - synth
    pre_r, post_r = _rmspe(gap[pre]), _rmspe(gap[~pre])
    table = pd.DataFrame({"treated": y1, "synthetic": synth, "gap": gap}, index=Y.index)
    table.index.name = "period"
    X0 = P[pool].to_numpy()
    balance = pd.DataFrame({"treated": P[treated], "synthetic": X0 @ w,
                            "donor_mean": X0.mean(axis=1)}, index=P.index)
    extra = {"weights": pd.Series(w, index=pd.Index(pool, name="donor"), name="weight"),
             "v": pd.Series(v, index=P.index, name="v"), "balance": balance}
    p_value = float("nan")
    if placebos:
        extra["placebos"], extra["placebo_gaps"], p_value = _placebos(
            P, Y, opt, pre, treated, pool, search, gap, placebo_mspe_cutoff, maxiter,
            placebo_cache)
    if leave_one_out:
        extra["leave_one_out"] = _leave_one_out(P, Y, opt, treated, pool, w, search, maxiter)
    flags = _flags(Y, pre, treated, pool, gap, min_pre_periods, fit_tolerance)
    for f in flags:
        _warn(f"synthetic control of {treated}: {f}", DataQualityWarning, field="treated")
    meta = build_meta(
        "synthetic_control",
        conventions={"treatment_start": treatment_start, "inner": "nnls_weighted_adding_up",
                     "outer": "nelder_mead_log_v" if search else "none_equal_v_on_outcome_lags",
                     "v_start": list(search) if search else None,
                     "outer_maxiter": maxiter if search else None,
                     "predictor_scaling": "sd_over_units_ddof1",
                     "optimisation_period": [p for p, o in zip(Y.index, opt) if o],
                     "predictors": list(P.index), "placebo_mspe_cutoff": placebo_mspe_cutoff,
                     "min_pre_periods": min_pre_periods, "fit_tolerance": fit_tolerance,
                     "p_value": "share_of_units_with_ratio_at_least_treated"},
        provenance=provenance, treated=treated, donors=pool, pre_rmspe=pre_r,
        post_rmspe=post_r, ratio=post_r / pre_r if pre_r > 0 else float("inf"),
        p_value=p_value, flags=flags, pre_periods=int(pre.sum()))
    return SyntheticControlResult(table=table, meta=meta, extra=extra)


def _placebos(P, Y, opt, pre, treated, pool, v_start, gap, cutoff, maxiter, cache=None):
    rows = {treated: (_rmspe(gap[pre]), _rmspe(gap[~pre]))}
    gaps = {treated: gap}
    for unit in pool:
        others = [d for d in pool if d != unit]
        key = (unit, tuple(others))
        if cache is not None and key in cache:
            s = cache[key]
        else:
            _, _, s = _one_fit(P, Y, opt, unit, others, v_start, maxiter)
            if cache is not None:
                cache[key] = s
        g = Y[unit].to_numpy() - s
        gaps[unit] = g
        rows[unit] = (_rmspe(g[pre]), _rmspe(g[~pre]))
    t = pd.DataFrame(rows, index=["pre_rmspe", "post_rmspe"]).T
    t.index.name = "unit"
    t["ratio"] = t["post_rmspe"] / t["pre_rmspe"]
    t["included"] = True
    if cutoff is not None:
        t["included"] = t["pre_rmspe"] ** 2 <= cutoff * t.loc[treated, "pre_rmspe"] ** 2
    inc = t[t["included"]]
    p = float((inc["ratio"] >= t.loc[treated, "ratio"] - 1e-12).sum() / len(inc))
    return t, pd.DataFrame(gaps, index=Y.index), p


def _leave_one_out(P, Y, opt, treated, pool, w, v_start, maxiter, min_weight: float = 1e-3):
    out = {}
    for d in [d for d, wd in zip(pool, w) if wd > min_weight]:
        others = [x for x in pool if x != d]
        if len(others) < 2:
            continue
        _, _, s = _one_fit(P, Y, opt, treated, others, v_start, maxiter)
        out[d] = s
    frame = pd.DataFrame(out, index=Y.index)
    frame.columns.name = "dropped_donor"
    return frame
