"""Grey model variants: DGM(1,1), grey Verhulst, rolling (metabolic) GM(1,1).

Shared conventions (class-ratio test, translation, C/P accuracy check, opt-in empirical band)
are those of :mod:`revitalize.forecast.grey`, whose module docstring gives the formulas.

* **DGM(1,1)** -- discrete grey model, Xie Naiming & Liu Sifeng (2009), "Discrete grey
  forecasting model and its optimization", *Applied Mathematical Modelling* 33(2), 1173-1186:
  ``x1(k+1) = beta1 x1(k) + beta2`` by least squares on ``k = 1..n-1``; with ``x1^(1) = x0(1)``
  the restored values are ``x0^(k+1) = beta1^(k-1) ((beta1 - 1) x0(1) + beta2)``, ``k >= 1``.
  It reproduces a homogeneous exponential sequence exactly (their Theorem), which GM(1,1)
  does not.
* **Grey Verhulst** -- Liu & Lin (2010), *Grey Systems: Theory and Applications*, sec. 6.5:
  ``x0(k) + a z1(k) = b z1(k)^2`` by least squares; whitened solution
  ``x1^(k+1) = a x0(1) / (b x0(1) + (a - b x0(1)) e^{ak})``; saturation level ``a / b``.
  For an S-shaped (saturating) series the series itself plays ``x1`` and its first differences
  ``x0`` (``series_is="levels"``, Liu & Lin's practice); ``series_is="increments"`` takes the
  series as ``x0`` and models its accumulation. The class-ratio test is a GM(1,1) condition
  and is not applied.
* **Rolling (metabolic) GM(1,1)** -- for each step ahead, fit GM(1,1) on the latest ``window``
  values (observations, then earlier forecasts), forecast one step, append it and drop the
  oldest value (Deng's "new-information and metabolism" model).
* **Many series** -- :func:`gm11_batch`: GM(1,1) of every series of an array or a wide frame
  in vector operations (kernels :func:`~revitalize.forecast.grey.gm11_many` and
  :func:`~revitalize.forecast.grey.accuracy`), with the same conventions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.forecast.base import ForecastResult, as_annual_series
from revitalize.forecast.grey import (
    GRADES,
    RESIDUAL_RULES,
    STD_DIVISORS,
    TIME_RESPONSE,
    accuracy,
    admissible_translation,
    annual_index,
    assemble,
    check_choice,
    check_options,
    class_ratio_test,
    gm11_fit,
    gm11_many,
    gm11_response,
    prepare,
    ratio_bounds,
    ratio_step,
    translation_rule,
)
from revitalize.results import build_meta

__all__ = ["BLOCK", "GreyBatch", "dgm11", "dgm11_fit", "gm11_batch", "rolling_gm11", "verhulst",
           "verhulst_fit"]


# ---------------------------------------------------------------------------- DGM(1,1)
def dgm11_fit(x0: np.ndarray) -> tuple[float, float]:
    """``(beta1, beta2)`` of DGM(1,1): lstsq of ``x1(k+1)`` on ``[x1(k), 1]``, ``k = 1..n-1``."""
    x1 = np.cumsum(x0)
    B = np.column_stack((x1[:-1], np.ones(len(x1) - 1)))
    (beta1, beta2), *_ = np.linalg.lstsq(B, x1[1:], rcond=None)
    return float(beta1), float(beta2)


def dgm11_response(x01: float, beta1: float, beta2: float, k: np.ndarray) -> np.ndarray:
    """Restored values ``x0^(k+1) = beta1^(k-1) ((beta1 - 1) x0(1) + beta2)`` at positions ``k >= 1``."""
    with np.errstate(over="ignore"):
        return ((beta1 - 1.0) * x01 + beta2) * np.power(beta1, np.asarray(k, dtype=float) - 1.0)


def dgm11(series, horizon: int = 3, *, on_ratio_fail: str = "warn",
          translation: float | None = None, residual_convention: str = "exclude_first",
          std_convention: str = "population", interval: str | None = None, level: float = 0.9,
          periods=None, name: str | None = None) -> ForecastResult:
    """DGM(1,1) (Xie & Liu 2009) of one positive annual series.

    Keywords as in :func:`revitalize.forecast.grey.gm11` (no background value: DGM has none).
    ``meta`` holds ``beta1``, ``beta2``, the equivalent growth rate ``beta1 - 1`` of ``x1``, and
    the accuracy check (``C``, ``P``, ``grade``, mean relative error).
    """
    check_options(horizon=horizon, residual_convention=residual_convention,
                  std_convention=std_convention, on_ratio_fail=on_ratio_fail, interval=interval,
                  level=level)
    name, years, x0 = prepare(series, periods, name)
    c, ratio = ratio_step(x0, name=name, on_ratio_fail=on_ratio_fail, translation=translation)
    xs = x0 + c
    beta1, beta2 = dgm11_fit(xs)
    resp = dgm11_response(xs[0], beta1, beta2, np.arange(1, len(x0) + horizon))
    fitted = np.concatenate(([xs[0]], resp[: len(x0) - 1])) - c
    conventions = {"estimation": "ordinary least squares (lstsq) on x1(k+1) = beta1 x1(k) + beta2",
                   "time_response": "x0^(k+1) = beta1^(k-1) ((beta1 - 1) x0(1) + beta2), "
                                    "x1^(1) = x0(1)",
                   "on_ratio_fail": on_ratio_fail, "translation": translation_rule(translation, c)}
    params = {"model": "DGM(1,1)", "beta1": beta1, "beta2": beta2, "translation": c,
              "ratio_test": ratio}
    return assemble(method="grey.dgm11", name=name, years=years, x0=x0, fitted=fitted,
                    forecast=resp[len(x0) - 1:] - c, conventions=conventions, params=params,
                    residual_convention=residual_convention, std_convention=std_convention,
                    interval=interval, level=level)


# ---------------------------------------------------------------------------- Verhulst
def verhulst_fit(x1: np.ndarray, background: float = 0.5) -> tuple[float, float]:
    """``(a, b)`` of grey Verhulst: lstsq of ``x0(k)`` on ``[-z1(k), z1(k)^2]``, ``k = 2..n``.

    ``x1`` is the S-shaped (accumulated) series; ``x0`` its first differences; ``z1(k) =
    w x1(k) + (1 - w) x1(k-1)``.
    """
    z = background * x1[1:] + (1.0 - background) * x1[:-1]
    B = np.column_stack((-z, z * z))
    (a, b), *_ = np.linalg.lstsq(B, np.diff(x1), rcond=None)
    return float(a), float(b)


def verhulst_response(x11: float, a: float, b: float, k: np.ndarray) -> np.ndarray:
    """``x1^(k+1) = a x1(1) / (b x1(1) + (a - b x1(1)) e^{ak})`` at 0-based positions ``k``."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return a * x11 / (b * x11 + (a - b * x11) * np.exp(a * np.asarray(k, dtype=float)))


def verhulst(series, horizon: int = 3, *, series_is: str = "levels", background: float = 0.5,
             residual_convention: str = "exclude_first", std_convention: str = "population",
             interval: str | None = None, level: float = 0.9, periods=None,
             name: str | None = None) -> ForecastResult:
    """Grey Verhulst model of one positive annual series (S-shaped / saturating growth).

    Parameters
    ----------
    series_is
        ``"levels"`` (default): the series is the S-shaped curve ``x1``; fitted values and
        forecasts are levels. ``"increments"``: the series is ``x0`` (its accumulation is
        S-shaped); fitted values and forecasts are increments.
    Other keywords as in :func:`revitalize.forecast.grey.gm11`. C, P and relative errors are on
    the series as given. ``meta["saturation"] = a / b`` (the limit of ``x1``); a
    DataQualityWarning says when the fit does not saturate (``a >= 0`` or ``b >= 0``).
    """
    check_options(horizon=horizon, background=background, residual_convention=residual_convention,
                  std_convention=std_convention, interval=interval, level=level)
    check_choice(series_is, ("levels", "increments"), "series_is")
    name, years, y = prepare(series, periods, name)
    x1 = y if series_is == "levels" else np.cumsum(y)
    a, b = verhulst_fit(x1, background)
    curve = verhulst_response(x1[0], a, b, np.arange(len(y) + horizon))
    if not np.isfinite(curve).all():
        raise InputError(f"grey Verhulst of series {name!r} diverges (a={a:.6g}, b={b:.6g})",
                         field=name, expected="an S-shaped series (or a shorter horizon)")
    if series_is == "increments":
        curve = np.concatenate(([x1[0]], np.diff(curve)))
    if a >= 0 or b >= 0:
        _warn(f"series {name!r}: grey Verhulst a={a:.4g}, b={b:.4g} do not describe "
                      "saturating growth (need a < 0, b < 0)", DataQualityWarning, stacklevel=2)
    conventions = {"series_is": series_is, "background": f"z1(k) = {background} x1(k) + "
                   f"{1 - background} x1(k-1)", "estimation": "ordinary least squares (lstsq) on "
                   "x0(k) = -a z1(k) + b z1(k)^2", "time_response": "x1^(k+1) = a x0(1) / "
                   "(b x0(1) + (a - b x0(1)) e^(ak)), x1^(1) = x0(1)",
                   "ratio_test": "not applied (a GM(1,1) condition)"}
    params = {"model": "grey Verhulst", "a": a, "b": b, "saturation": a / b if b else None,
              "background": background}
    return assemble(method="grey.verhulst", name=name, years=years, x0=y, fitted=curve[: len(y)],
                    forecast=curve[len(y):], conventions=conventions, params=params,
                    residual_convention=residual_convention, std_convention=std_convention,
                    interval=interval, level=level)


# ---------------------------------------------------------------------------- rolling
def rolling_gm11(series, horizon: int = 3, window: int | None = None, *, background: float = 0.5,
                 on_ratio_fail: str = "warn", residual_convention: str = "exclude_first",
                 std_convention: str = "population", interval: str | None = None,
                 level: float = 0.9, periods=None, name: str | None = None) -> ForecastResult:
    """Rolling (metabolic) GM(1,1): re-fit on the latest ``window`` values for each step ahead.

    Parameters
    ----------
    window
        Length ``m`` of the fitting window (4 <= m <= n); ``None`` uses all ``n`` observations
        for the first step. Each later step drops the oldest value and appends the previous
        forecast.
    on_ratio_fail
        Applied to the first window (observations only): ``"warn"``, ``"raise"`` or
        ``"translate"`` (one shift ``c`` for every window, undone on output).
    Other keywords as in :func:`revitalize.forecast.grey.gm11`.

    Returns
    -------
    ForecastResult
        ``fitted`` rows and C, P come from the first window's fit; ``meta["steps"]`` lists
        ``period, a, b, window_start, window_end`` for every step.
    """
    check_options(horizon=horizon, background=background, residual_convention=residual_convention,
                  std_convention=std_convention, on_ratio_fail=on_ratio_fail, interval=interval,
                  level=level)
    name, years, x0 = prepare(series, periods, name)
    m = len(x0) if window is None else window
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 4 <= m <= len(x0):
        raise InputError(f"window={window!r} for series {name!r} of {len(x0)} points",
                         field="window", expected=f"an integer in [4, {len(x0)}]")
    c, ratio = ratio_step(x0[-m:], name=name, on_ratio_fail=on_ratio_fail, translation=None)
    buf = list(x0[-m:] + c)
    steps, forecast, first = [], [], None
    for h in range(max(horizon, 1)):
        xs = np.asarray(buf[-m:])
        a, b = gm11_fit(xs, background)
        if first is None:
            first = (a, b)
        if h < horizon:
            nxt = float(gm11_response(xs[0], a, b, [m])[0])
            forecast.append(nxt - c)
            steps.append({"period": int(years[-1] + h + 1), "a": a, "b": b,
                          "window_start": int(years[-1] - m + 1 + h), "window_end": int(years[-1] + h)})
            buf.append(nxt)
    a, b = first
    start = x0[-m] + c
    fitted = np.concatenate(([start], gm11_response(start, a, b, np.arange(1, m)))) - c
    conventions = {"background": f"z(k) = {background} x1(k) + {1 - background} x1(k-1)",
                   "window": m, "time_response": TIME_RESPONSE, "on_ratio_fail": on_ratio_fail,
                   "translation": translation_rule(None, c),
                   "metabolism": "each step drops the oldest value and appends the last forecast"}
    params = {"model": "rolling GM(1,1)", "a": a, "b": b, "window": m, "translation": c,
              "ratio_test": ratio, "steps": steps, "background": background}
    return assemble(method="grey.rolling_gm11", name=name, years=years, x0=x0, fitted=fitted,
                    forecast=np.asarray(forecast, dtype=float), fit_years=years[-m:],
                    conventions=conventions, params=params,
                    residual_convention=residual_convention, std_convention=std_convention,
                    interval=interval, level=level)


# ---------------------------------------------------------------------------- many series
@dataclass(frozen=True)
class GreyBatch:
    """GM(1,1) of many series (row ``i`` of every array is series ``i``).

    ``a, b, C, P, S1, S2, mean_relative_error, translation`` (n_series,); ``grade`` (n_series,)
    strings from :data:`~revitalize.forecast.grey.GRADES`; ``ratio_passed`` (n_series,) bool
    (before translation); ``fitted`` (n_series, n) and ``forecast`` (n_series, horizon), both
    transposed views of one time-major array (no copy).
    """

    a: np.ndarray
    b: np.ndarray
    fitted: np.ndarray
    forecast: np.ndarray
    C: np.ndarray
    P: np.ndarray
    S1: np.ndarray
    S2: np.ndarray
    mean_relative_error: np.ndarray
    grade: np.ndarray
    ratio_passed: np.ndarray
    translation: np.ndarray


#: series per block in :func:`gm11_batch` (a block's time-major working set stays in cache)
BLOCK = 8192


def gm11_batch(Y, horizon: int = 3, *, background: float = 0.5, on_ratio_fail: str = "warn",
               residual_convention: str = "exclude_first", std_convention: str = "population",
               diagnostics: bool = True):
    """GM(1,1) of every series at once (no Python loop over series).

    Parameters
    ----------
    Y
        ``ndarray`` (n_series, n) -> :class:`GreyBatch`; or a wide ``DataFrame`` (rows = years,
        columns = series; a column MultiIndex such as (province, indicator) is joined with
        ``"/"``) -> :class:`ForecastResult` for all series, with ``meta["parameters"]`` keyed by
        series and ``extra["parameters"]`` the same as a frame.
    horizon, background, residual_convention, std_convention
        As in :func:`revitalize.forecast.grey.gm11`.
    diagnostics
        ``True`` (default): C, P, grade and mean relative error for every series. ``False``: fit
        and forecast only (the class-ratio test still runs); the accuracy arrays are NaN and
        grades ``"not computed"`` -- for very large batches where only forecasts are needed.
    on_ratio_fail
        As in :func:`revitalize.forecast.grey.gm11`, applied per series: one warning counts and
        names the failing series; ``"translate"`` shifts each failing series by its own
        :func:`~revitalize.forecast.grey.admissible_translation`.

    Notes
    -----
    ``a, b`` come from the closed-form 2x2 normal equations
    (:func:`~revitalize.forecast.grey.gm11_many`); they equal the lstsq estimates of
    :func:`~revitalize.forecast.grey.gm11` to rounding (tested to 1e-12). Series are processed
    in blocks of :data:`BLOCK` (time-major copies that stay in cache), each block in vector
    operations over its series.
    """
    check_options(horizon=horizon, background=background, residual_convention=residual_convention,
                  std_convention=std_convention, on_ratio_fail=on_ratio_fail)
    options = dict(background=background, on_ratio_fail=on_ratio_fail,
                   residual_convention=residual_convention, std_convention=std_convention,
                   diagnostics=diagnostics)
    if isinstance(Y, pd.DataFrame):
        return _batch_frame(Y, horizon, **options)
    return _batch_rows(np.asarray(Y, dtype=float), horizon, **options)


def _batch_rows(X: np.ndarray, horizon: int, *, labels=None, background, on_ratio_fail,
                residual_convention, std_convention, diagnostics=True) -> GreyBatch:
    """:func:`gm11_batch` on an (n_series, n) array, block by block; warnings once at the end."""
    _check_matrix(X, labels)
    N, n = X.shape
    out = {k: np.full(N, np.nan) for k in ("a", "b", "C", "P", "S1", "S2", "mean_relative_error")}
    grade, passed, c = np.full(N, -1, np.int8), np.empty(N, bool), np.zeros(N)
    R = np.empty((n + horizon, N))  # time-major fitted values and forecasts of all series
    for s in range(0, N, BLOCK):
        sl = slice(s, s + BLOCK)
        T = np.ascontiguousarray(X[sl].T)
        passed[sl] = class_ratio_test(T)[1]
        if on_ratio_fail == "raise" and not passed[sl].all():
            passed[s + BLOCK:] = class_ratio_test(X[s + BLOCK:].T)[1]
            break
        shift = admissible_translation(T) if on_ratio_fail == "translate" else None
        if shift is not None and shift.any():
            c[sl] = shift
            out["a"][sl], out["b"][sl], _ = gm11_many(T + shift, horizon, background, out=R[:, sl])
            R[:, sl] -= shift
        else:
            out["a"][sl], out["b"][sl], _ = gm11_many(T, horizon, background, out=R[:, sl])
        if not diagnostics:
            continue
        acc = accuracy(T, R[:n, sl], residual_convention=residual_convention,
                       std_convention=std_convention)
        grade[sl] = acc.pop("grade")
        for k, v in acc.items():
            out[k][sl] = v
    fitted, forecast = R[:n].T, R[n:].T
    _batch_warnings(passed, grade, forecast, n, labels, on_ratio_fail)
    labels_g = np.asarray([*GRADES, "not computed"], dtype=object)  # index -1 -> "not computed"
    return GreyBatch(fitted=fitted, forecast=forecast, grade=labels_g[grade],
                     ratio_passed=passed, translation=c, **out)


def _batch_warnings(passed, grade, forecast, n, labels, on_ratio_fail) -> None:
    """One warning (or error) per kind of problem, counting and naming the series."""
    lo, hi = ratio_bounds(n)
    named = lambda idx: [labels[i] if labels is not None else f"row {i}" for i in idx[:5]]  # noqa: E731
    checks = ((~passed, f"fail the class-ratio test ({lo:.4f}, {hi:.4f})"),
              (grade == 4, "are constant: C and P undefined"),
              (~np.isfinite(forecast).all(axis=1), "have overflowing forecasts"))
    for i, (bad, what) in enumerate(checks):
        if not bad.any():
            continue
        idx = np.flatnonzero(bad)
        msg = f"{idx.size} of {bad.size} series {what}, e.g. {named(idx)}"
        if i == 0 and on_ratio_fail == "raise":
            raise InputError(msg, field="Y", expected="admissible series, or on_ratio_fail='translate'")
        if i == 0 and on_ratio_fail == "translate":
            msg += "; each translated by its own c (undone on output)"
        _warn(msg, DataQualityWarning, stacklevel=4)


def _check_matrix(X: np.ndarray, labels=None) -> None:
    """Raise InputError unless ``X`` is (n_series >= 1, n >= 4), finite and positive.

    ``labels`` names the series in messages (default ``"row i"``); built only on failure.
    """
    if X.ndim != 2 or X.shape[1] < 4 or X.shape[0] == 0:
        raise InputError(f"Y has shape {X.shape}", field="Y",
                         expected="a 2-D array (n_series, n) with at least one series, n >= 4")
    if X.min() > 0 and np.isfinite(X.max()):  # NaN fails both comparisons: one fast pass
        return
    for test, what in ((~np.isfinite(X), "missing or non-finite"), (X <= 0, "non-positive")):
        rows = np.flatnonzero(test.any(axis=1))
        if rows.size:
            names = [labels[i] if labels is not None else f"row {i}" for i in rows[:5]]
            raise InputError(f"series {names} have {what} values", field="Y", row=names[0],
                             expected="positive values for every period (no gaps)")


def _batch_frame(frame: pd.DataFrame, horizon: int, **options) -> ForecastResult:
    """Labelled shell of :func:`gm11_batch`: wide frame in, long :class:`ForecastResult` out."""
    names = ["/".join(map(str, col)) if isinstance(col, tuple) else str(col) for col in frame.columns]
    if len(set(names)) != len(names):
        raise InputError("duplicate series labels", field="columns", expected="unique series labels")
    years, _ = as_annual_series(np.ones(len(frame)), annual_index(frame.index, "index"),
                                name="index", min_length=4)
    X = frame.to_numpy(dtype=float).T
    r = _batch_rows(X, horizon, labels=names, **options)
    future = np.arange(years[-1] + 1, years[-1] + 1 + horizon)
    n, s = len(years), len(names)
    blocks = [(years, X, "observed"), (years, r.fitted, "fitted"), (future, r.forecast, "forecast")]
    table = pd.concat([pd.DataFrame({"series": np.repeat(names, len(p)), "period": np.tile(p, s),
                                     "value": V.ravel(), "kind": kind}) for p, V, kind in blocks],
                      ignore_index=True)
    params = pd.DataFrame({"a": r.a, "b": r.b, "C": r.C, "P": r.P, "grade": r.grade,
                           "mean_relative_error": r.mean_relative_error,
                           "ratio_passed": r.ratio_passed, "translation": r.translation},
                          index=pd.Index(names, name="series"))
    conv = {"background": f"z(k) = {options['background']} x1(k) + {1 - options['background']} x1(k-1)",
            "estimation": "closed-form 2x2 normal equations (z shifted by (z(2) + z(n))/2), "
                          "vectorised over series",
            "ratio_bounds": list(ratio_bounds(n)),
            "time_response": TIME_RESPONSE, "on_ratio_fail": options["on_ratio_fail"],
            "residual_convention": options["residual_convention"],
            "residuals_used": RESIDUAL_RULES[options["residual_convention"]],
            "std_convention": options["std_convention"],
            "std_divisor": STD_DIVISORS[options["std_convention"]],
            "series_label": "column label, tuples joined by '/'"}
    meta = build_meta("grey.gm11_batch", conventions=conv, model="GM(1,1)", n=n, horizon=horizon,
                      n_series=s, parameters=params.to_dict(orient="index"))
    return ForecastResult(table=table, meta=meta, extra={"parameters": params})
