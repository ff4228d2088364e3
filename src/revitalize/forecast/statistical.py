"""ARIMA and ETS forecasts through statsmodels, chosen by an information criterion.

Both adapters take one annual series (validated by :func:`~revitalize.forecast.base.as_annual_series`:
consecutive integer years, no gaps, at least :data:`MIN_LENGTH` points), fit every candidate of a
small named set with statsmodels, keep the one with the lowest information criterion, and return a
:class:`~revitalize.forecast.base.ForecastResult` with ``observed``, ``fitted``, ``forecast``,
``lower`` and ``upper`` rows. The numbers are statsmodels' own: refitting the chosen
specification directly with statsmodels gives the same values (tested to 1e-10).

ARIMA (:func:`arima`; Box & Jenkins; statsmodels ``tsa.arima.model.ARIMA``, exact Gaussian
likelihood by the Kalman filter with a diffuse initialisation of the ``d`` integrated states)

* grid: every ``(p, d, q)`` with ``p <= 2``, ``d <= 2``, ``q <= 2`` (``max_p``, ``max_d``,
  ``max_q`` narrow it), each *without* and *with* a trend term. "With" means a constant in the
  ``d``-times differenced series: statsmodels ``trend="c"`` (a mean) for ``d = 0``, ``"t"``
  (a drift) for ``d = 1``, ``[0, 0, 1]`` for ``d = 2``;
* a candidate is fitted only when the series leaves two degrees of freedom:
  ``n - d >= k + 2`` with ``k = p + q + (1 if trend) + 1`` (the variance);
* criterion ``ic``: ``"aic"`` (default), ``"aicc"`` or ``"bic"``, as statsmodels computes them.
  AIC across different ``d`` compares likelihoods of the levels with ``d`` diffuse states (what
  statsmodels reports); Hyndman & Khandakar (2008, "Automatic time series forecasting: the
  forecast package for R", *J. Stat. Softw.* 27(3), section 3.2) choose ``d`` by repeated KPSS
  tests instead, which ``select_d="kpss"`` does: difference while the KPSS test of level
  stationarity (statsmodels ``kpss``, ``regression="c"``, ``nlags="auto"``) rejects at 5 %, at
  most ``max_d`` times, then search ``p`` and ``q`` with that ``d`` only;
* ``fitted`` are the one-step-ahead predictions, without the first ``d`` (diffuse) periods;
  ``lower``/``upper`` the Gaussian prediction interval of ``get_forecast`` at ``level``;
  the parameters' covariance is not computed (``cov_type="none"``: no standard errors are
  reported, and the forecasts and intervals do not depend on it);

ETS (:func:`ets`; Hyndman, Koehler, Ord & Snyder 2008, *Forecasting with Exponential Smoothing*;
statsmodels ``tsa.exponential_smoothing.ets.ETSModel``, ``initialization_method="estimated"``)

* specifications named ``E T N`` as in Hyndman et al. (error ``A``/``M``, trend ``N``/``A``/
  ``Ad``/``M``/``Md``, no season for annual data); default set :data:`ETS_SPECS`
  (``ANN, AAN, AAdN, MNN, MAN, MAdN``); multiplicative ones only for positive series;
* a candidate is fitted only when ``n >= k + 2`` (``k`` smoothing parameters and initial states);
* intervals: exact for additive-error specifications (statsmodels ``method="exact"``),
  simulated otherwise (``repetitions`` paths from ``numpy.random.default_rng(seed)``).

Selection rule (both): lowest criterion among the candidates that converged (all fitted ones,
with a :class:`~revitalize.errors.DataQualityWarning`, when none converged); ties within
``1e-9`` relative go to the fewer parameters, then to the earlier candidate in grid order. The
candidates, with their criteria and status, are in ``extra["candidates"]``. statsmodels'
warnings about its own starting values are not shown (it then starts from zeros).

Speed: the state-space matrices of these models are tiny, and a multi-threaded BLAS only adds
overhead (measured 11x slower on a loaded 2-core machine); when ``threadpoolctl`` is installed
the fits run with one BLAS thread. The numbers do not change.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.forecast.base import ForecastResult, as_annual_series, long_frame
from revitalize.results import build_meta

__all__ = ["ETS_SPECS", "ICS", "MIN_LENGTH", "arima", "ets"]

ICS = ("aic", "aicc", "bic")
ETS_SPECS = ("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN")
MIN_LENGTH = 5
_TIE = 1e-9
_ETS_RE = re.compile(r"^([AM])(N|A|Ad|M|Md)N$")


# ---------------------------------------------------------------------------- checks
def _check_common(horizon: int, level: float, ic: str) -> None:
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise InputError(f"horizon {horizon!r} is not a positive integer", field="horizon",
                         expected="an integer number of years >= 1")
    if not (isinstance(level, (int, float)) and 0 < level < 1):
        raise InputError(f"level {level!r} is not a probability", field="level",
                         expected="a coverage probability strictly between 0 and 1, e.g. 0.95")
    if ic not in ICS:
        raise InputError(f"unknown information criterion {ic!r}", field="ic",
                         expected=f"one of {list(ICS)}")


def _series(series, periods, name: str | None) -> tuple[str, np.ndarray, np.ndarray]:
    label = name or (str(series.name) if isinstance(series, pd.Series) and series.name is not None
                     else "series")
    t, y = as_annual_series(series, periods, name=label, min_length=MIN_LENGTH)
    return label, t, y


# ---------------------------------------------------------------------------- selection
_LIMITED: ContextVar[bool] = ContextVar("one_blas_thread", default=False)


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """One BLAS thread while fitting, when ``threadpoolctl`` is available (see module docstring).

    Re-entrant: inside a backtest (which limits once for all its fits) the models' own calls
    do not scan the loaded libraries again (about 20 ms a call)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: only speed depends on it
        yield
        return
    if _LIMITED.get():
        yield
        return
    token = _LIMITED.set(True)
    try:
        with threadpool_limits(1, user_api="blas"):
            yield
    finally:
        _LIMITED.reset(token)


def _fit_quietly(fit: Callable[[], object]) -> tuple[object | None, str]:
    """Run one statsmodels fit; return ``(results or None, status)``."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = fit()
        except (ValueError, np.linalg.LinAlgError, IndexError) as exc:
            return None, f"failed: {' '.join(str(exc).split())[:120]}"
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return res, "fitted" if converged else "fitted, not converged"


def _choose(rows: list[dict], ic: str, what: str) -> int:
    """Index into ``rows`` of the selected candidate (see the module docstring)."""
    fitted = [i for i, r in enumerate(rows) if r["status"].startswith("fitted")
              and np.isfinite(r[ic])]
    if not fitted:
        raise InputError(f"no {what} candidate could be fitted", field="series",
                         expected="a longer or less degenerate series "
                                  f"(statuses: {sorted({r['status'] for r in rows})[:3]})")
    pool = [i for i in fitted if rows[i]["status"] == "fitted"]
    if not pool:
        _warn(f"no {what} candidate converged; choosing among non-converged fits",
                      DataQualityWarning, stacklevel=3)
        pool = fitted
    best = min(rows[i][ic] for i in pool)
    tied = [i for i in pool if rows[i][ic] - best <= _TIE * max(1.0, abs(best))]
    return min(tied, key=lambda i: (rows[i]["k"], i))


def _table(label, t, y, fitted_t, fitted, fc, lower, upper) -> pd.DataFrame:
    future = np.arange(t[-1] + 1, t[-1] + 1 + len(fc))
    blocks = [long_frame(label, t, y, "observed"), long_frame(label, fitted_t, fitted, "fitted"),
              long_frame(label, future, fc, "forecast"), long_frame(label, future, lower, "lower"),
              long_frame(label, future, upper, "upper")]
    return pd.concat(blocks, ignore_index=True)


# ---------------------------------------------------------------------------- ARIMA
def _arima_trend(d: int, with_trend: bool):
    """statsmodels ``trend`` argument: a constant of the ``d``-times differenced series."""
    if not with_trend:
        return "n"
    return {0: "c", 1: "t"}.get(d, [0] * d + [1])


def _kpss_d(y: np.ndarray, max_d: int, alpha: float = 0.05) -> int:
    """Differences needed for the KPSS test of level stationarity not to reject at ``alpha``
    (Hyndman & Khandakar 2008, section 3.2), at most ``max_d``."""
    from statsmodels.tsa.stattools import kpss

    x = np.asarray(y, dtype=float)
    for d in range(max_d):
        if len(x) < 4 or np.ptp(x) == 0:
            return d
        with warnings.catch_warnings():  # p-values beyond the table are clipped to 0.01-0.1
            warnings.simplefilter("ignore")
            pvalue = kpss(x, regression="c", nlags="auto")[1]
        if pvalue >= alpha:
            return d
        x = np.diff(x)
    return max_d


def _arima_grid(n: int, max_p: int, max_d: int, max_q: int, trend: str, order,
                d_only: int | None = None) -> list[dict]:
    trends = {"auto": (False, True), "without": (False,), "with": (True,)}[trend]
    ds = range(max_d + 1) if d_only is None else (d_only,)
    orders = ([tuple(order)] if order is not None else
              [(p, d, q) for d in ds for p in range(max_p + 1) for q in range(max_q + 1)])
    rows = []
    for p, d, q in orders:
        for tr in trends:
            k = p + q + int(tr) + 1
            rows.append({"model": f"ARIMA({p},{d},{q}) {'with' if tr else 'without'} trend",
                         "p": p, "d": d, "q": q, "trend": "with" if tr else "without", "k": k,
                         "feasible": n - d >= k + 2})
    return rows


def _fit_arima_rows(endog: pd.Series, rows: list[dict]) -> list:
    """Fit every feasible candidate; record status and criteria in ``rows``."""
    from statsmodels.tsa.arima.model import ARIMA

    fits = []
    for row in rows:
        res, status = None, "skipped: too few points"
        if row["feasible"]:
            spec = _arima_trend(row["d"], row["trend"] == "with")
            res, status = _fit_quietly(lambda r=row, s=spec: ARIMA(
                endog, order=(r["p"], r["d"], r["q"]), trend=s).fit(cov_type="none"))
        row.update(status=status, **{c: getattr(res, c, np.nan) for c in ICS})
        fits.append(res)
    return fits


def _check_arima_args(order, trend, max_p, max_d, max_q, select_d="ic") -> None:
    if select_d not in ("ic", "kpss"):
        raise InputError(f"unknown select_d {select_d!r}", field="select_d",
                         expected="'ic' (d searched with p and q) or 'kpss' (d by KPSS tests)")
    if trend not in ("auto", "with", "without"):
        raise InputError(f"unknown trend option {trend!r}", field="trend",
                         expected="'auto' (both), 'with' or 'without'")
    if order is not None and (len(order) != 3 or any(int(v) < 0 for v in order)):
        raise InputError(f"order {order!r} is not (p, d, q)", field="order",
                         expected="three non-negative integers")
    for field_name, v in (("max_p", max_p), ("max_d", max_d), ("max_q", max_q)):
        if not 0 <= int(v) <= 2:
            raise InputError(f"{field_name}={v!r} is outside the searched grid", field=field_name,
                             expected="an integer from 0 to 2")


def arima(series, horizon: int = 3, *, ic: str = "aic", level: float = 0.95,
          order: Sequence[int] | None = None, trend: str = "auto", max_p: int = 2,
          max_d: int = 2, max_q: int = 2, select_d: str = "ic", periods=None,
          name: str | None = None) -> ForecastResult:
    """ARIMA(p, d, q) forecast with the order chosen by an information criterion.

    Parameters
    ----------
    series
        Annual values: a :class:`pandas.Series` indexed by year, or an array with ``periods``.
    horizon
        Number of years to forecast after the last observation.
    ic
        ``"aic"`` (default), ``"aicc"`` or ``"bic"``.
    level
        Coverage of the prediction interval (default 0.95).
    order
        Fit only this ``(p, d, q)`` (no order search); ``trend`` still applies.
    trend
        ``"auto"`` (search without and with), ``"without"`` or ``"with"`` (see module docstring).
    max_p, max_d, max_q
        Narrow the grid (each at most 2).
    select_d
        ``"ic"`` (default): ``d`` from 0 to ``max_d`` searched with ``p`` and ``q`` by ``ic``;
        ``"kpss"``: ``d`` fixed first by repeated KPSS tests (see the module docstring), then
        only ``p`` and ``q`` searched (``meta["kpss_d"]``).
    name
        Series label in the table (default: the Series' name, else ``"series"``).

    Returns
    -------
    ForecastResult
        ``meta``: ``order``, ``trend``, ``statsmodels_trend``, ``params``, ``aic``, ``aicc``,
        ``bic``, ``level``; ``extra["candidates"]``: every candidate with criteria and status.
    """
    _check_common(horizon, level, ic)
    _check_arima_args(order, trend, max_p, max_d, max_q, select_d)
    label, t, y = _series(series, periods, name)
    kpss_d = _kpss_d(y, max_d) if select_d == "kpss" and order is None else None
    rows = _arima_grid(len(y), max_p, max_d, max_q, trend, order, kpss_d)
    with _one_blas_thread():
        fits = _fit_arima_rows(pd.Series(y), rows)
        best = _choose(rows, ic, "ARIMA")
        res, row = fits[best], rows[best]
        fc = res.get_forecast(horizon)
        ci = np.asarray(fc.conf_int(alpha=1 - level))
    d = row["d"]
    table = _table(label, t, y, t[d:], np.asarray(res.fittedvalues)[d:],
                   np.asarray(fc.predicted_mean), ci[:, 0], ci[:, 1])
    meta = build_meta(
        "arima",
        conventions={"library": "statsmodels ARIMA (exact likelihood, Kalman filter)",
                     "ic": ic, "grid": f"p<={max_p}, d<={max_d}, q<={max_q}; trend {trend}",
                     "select_d": "KPSS tests at 5 % (Hyndman & Khandakar 2008)"
                                 if kpss_d is not None else f"by {ic} with p and q",
                     "trend_meaning": "constant of the d-times differenced series",
                     "feasible": "n - d >= k + 2", "tie_rule": "fewer parameters, then grid order",
                     "fitted": "one-step-ahead predictions, first d periods omitted",
                     "interval": f"Gaussian prediction interval at level {level}"},
        order=[row["p"], d, row["q"]], trend=row["trend"],
        **({"kpss_d": kpss_d} if kpss_d is not None else {}),
        statsmodels_trend=_arima_trend(d, row["trend"] == "with"),
        params={str(k): float(v) for k, v in res.params.items()},
        aic=float(res.aic), aicc=float(res.aicc), bic=float(res.bic), nobs=len(y), level=level,
        selected=row["model"], reason=f"lowest {ic} among {_n_fitted(rows)} fitted candidates")
    return ForecastResult(table=table, meta=meta, extra={"candidates": _candidates(rows)})


def _n_fitted(rows) -> int:
    return sum(r["status"].startswith("fitted") for r in rows)


def _candidates(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows).drop(columns=["feasible"], errors="ignore")
    return frame.set_index("model")


# ---------------------------------------------------------------------------- ETS
def _parse_spec(spec: str) -> dict:
    m = _ETS_RE.match(str(spec))
    if m is None:
        raise InputError(f"unknown ETS specification {spec!r}", field="spec",
                         expected="error A/M, trend N/A/Ad/M/Md, season N, e.g. 'AAdN'")
    error, trend = m.groups()
    return {"spec": spec, "error": {"A": "add", "M": "mul"}[error],
            "trend": {"N": None, "A": "add", "M": "mul"}[trend[0]],
            "damped": trend.endswith("d"), "k": 2 + 2 * (trend != "N") + trend.endswith("d")}


def _fit_ets_specs(y: np.ndarray, parsed: list[dict]) -> tuple[list[dict], list]:
    """Fit every feasible specification; one row (status, criteria) per specification."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    endog, positive = pd.Series(y), bool((y > 0).all())
    rows, fits = [], []
    for p in parsed:
        res, status = None, "skipped: too few points"
        multiplicative = p["error"] == "mul" or p["trend"] == "mul"
        if multiplicative and not positive:
            status = "skipped: multiplicative needs positive values"
        elif len(y) >= p["k"] + 2:
            res, status = _fit_quietly(lambda p=p: ETSModel(
                endog, error=p["error"], trend=p["trend"], damped_trend=p["damped"]).fit(disp=False))
        rows.append({"model": f"ETS({p['spec']})", **p, "status": status,
                     **{c: getattr(res, c, np.nan) for c in ICS}})
        fits.append(res)
    return rows, fits


def _ets_prediction(res, n: int, horizon: int, level: float, repetitions: int, seed: int):
    pred = res.get_prediction(start=n, end=n + horizon - 1, simulate_repetitions=repetitions,
                              rng=np.random.default_rng(seed))
    frame = pred.summary_frame(alpha=1 - level)
    return pred.method, frame


def ets(series, horizon: int = 3, *, ic: str = "aic", level: float = 0.95,
        spec: str | None = None, specs: Sequence[str] = ETS_SPECS, repetitions: int = 1000,
        seed: int = 0, periods=None, name: str | None = None) -> ForecastResult:
    """Exponential smoothing (ETS) forecast, the specification chosen by an information criterion.

    Parameters
    ----------
    series, horizon, ic, level, periods, name
        As for :func:`arima`.
    spec
        Fit only this specification (e.g. ``"AAdN"``); otherwise search ``specs``.
    specs
        Candidate specifications (default :data:`ETS_SPECS`).
    repetitions, seed
        Simulated intervals of multiplicative-error specifications: number of paths and the
        seed of ``numpy.random.default_rng``.

    Returns
    -------
    ForecastResult
        ``meta``: ``spec``, ``error``, ``trend``, ``damped``, ``params``, ``aic``, ``aicc``,
        ``bic``, ``level``, ``interval_method``; ``extra["candidates"]``.
    """
    _check_common(horizon, level, ic)
    parsed = [_parse_spec(s) for s in ([spec] if spec is not None else list(specs))]
    if not parsed:
        raise InputError("no ETS specification given", field="specs", expected="at least one")
    label, t, y = _series(series, periods, name)
    with _one_blas_thread():
        rows, fits = _fit_ets_specs(y, parsed)
        best = _choose(rows, ic, "ETS")
        res, row = fits[best], rows[best]
        method, frame = _ets_prediction(res, len(y), horizon, level, repetitions, seed)
    table = _table(label, t, y, t, np.asarray(res.fittedvalues), frame["mean"].to_numpy(),
                   frame["pi_lower"].to_numpy(), frame["pi_upper"].to_numpy())
    meta = build_meta(
        "ets",
        conventions={"library": "statsmodels ETSModel (initialization_method='estimated')",
                     "ic": ic, "specs": [p["spec"] for p in parsed], "feasible": "n >= k + 2",
                     "tie_rule": "fewer parameters, then listed order",
                     "fitted": "one-step-ahead predictions",
                     "interval": f"prediction interval at level {level}: exact for additive "
                                 f"error, else simulated ({repetitions} paths, seed {seed})"},
        spec=row["spec"], error=row["error"], trend=row["trend"], damped=row["damped"],
        params={str(k): float(v) for k, v in zip(res.param_names, res.params)},
        aic=float(res.aic), aicc=float(res.aicc), bic=float(res.bic), nobs=len(y), level=level,
        interval_method=method, selected=row["model"],
        reason=f"lowest {ic} among {_n_fitted(rows)} fitted candidates")
    return ForecastResult(table=table, meta=meta, extra={"candidates": _candidates(rows)})
