"""Rolling-origin backtests, model choice by backtest score, and many series at once.

Models are named in :data:`MODELS` (grey models from :mod:`revitalize.forecast.grey`, ARIMA and
ETS from :mod:`revitalize.forecast.statistical`, and the :func:`naive` benchmark) or given as
callables ``f(series, horizon) -> ForecastResult`` (a :class:`pandas.Series` indexed by year).

Backtest scheme (Tashman 2000, "Out-of-sample tests of forecasting accuracy", *IJF* 16:437-450;
Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., section 5.10):

* rolling origin, expanding window: for every origin ``o = min_train, ..., n - 1`` each model is
  fitted on the first ``o`` observations (re-selecting its specification, as it would in use)
  and forecasts ``horizon`` years; every forecast with an observed value is scored;
* every model is scored on the same hold-out: a model that fails at any origin is excluded from
  the comparison (named in ``meta["excluded"]``, with a warning), never scored on fewer points;
* per model and horizon ``h`` over the ``n`` forecasts made ``h`` years ahead, with
  ``e = actual - forecast``: ``mape = 100/n * sum(|e / actual|)`` (%; undefined, so NaN with a
  warning, when an actual is 0), ``rmse = sqrt(mean(e^2))``, ``mae = mean(|e|)`` and
  ``coverage`` = share of actuals inside the closed interval ``[lower, upper]`` (NaN for models
  that give no interval; compare it with ``level``). ``extra["scores"]`` pools all horizons;
* warnings the models raise while fitted at the origins are summarised in one
  :class:`~revitalize.errors.DataQualityWarning` per model (all texts in
  ``meta["model_warnings"]``).

:func:`auto_forecast` picks the model with the lowest pooled score of the named ``metric``
(ties within 1e-9 relative go to the model listed first) and refits it on the whole series;
the scores table and the reason are in ``meta["auto"]``.
"""

from __future__ import annotations

import importlib
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, RevitalizeError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.forecast.base import ForecastResult, as_annual_series, long_frame
from revitalize.forecast.statistical import _one_blas_thread
from revitalize.model.panel import Panel
from revitalize.results import Result, build_meta

__all__ = ["AUTO_MODELS", "AUTO_OPTIONS", "METRICS", "MODELS", "BacktestResult", "auto_forecast", "backtest",
           "combine", "forecast_many", "get_model", "metrics", "naive"]

MODELS = {
    "gm11": "revitalize.forecast.grey:gm11",
    "dgm11": "revitalize.forecast.grey_variants:dgm11",
    "verhulst": "revitalize.forecast.grey_variants:verhulst",
    "arima": "revitalize.forecast.statistical:arima",
    "ets": "revitalize.forecast.statistical:ets",
    "naive": "revitalize.forecast.backtest:naive",
}
AUTO_MODELS = ("gm11", "dgm11", "verhulst", "arima", "ets", "naive")
#: the narrower searches ARIMA and ETS run with when :func:`auto_forecast` and :func:`backtest`
#: get them by name (re-selected at every origin, the full grids cost about 60 fits per origin)
AUTO_OPTIONS: dict[str, dict] = {
    "arima": {"max_p": 1, "max_d": 1, "max_q": 1, "trend": "with", "select_d": "kpss"},
    "ets": {"specs": ("AAN", "AAdN", "MAN")},
}
METRICS = ("mape", "rmse", "mae")
GRIDS = ("narrow", "full")
_TAKES_LEVEL = {"arima", "ets", "naive"}
_BASE_META = {"method", "conventions", "provenance", "package", "version"}
_TIE = 1e-9


@dataclass(frozen=True)
class BacktestResult(Result):
    """``table``: one row per model and horizon (n, mape, rmse, mae, coverage, level);
    ``extra``: ``errors`` (every scored forecast), ``scores`` (pooled per model), ``failures``."""


# ---------------------------------------------------------------------------- models
def get_model(name: str) -> Callable[..., ForecastResult]:
    """The forecasting function registered as ``name`` in :data:`MODELS` (imported lazily)."""
    if name not in MODELS:
        raise UnknownLabelError(f"unknown model {name!r}", field="model",
                                expected=f"one of {sorted(MODELS)}")
    module, func = MODELS[name].split(":")
    try:
        fn = getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError):
        raise InputError(f"model {name!r} is not available in this installation", field="model",
                         expected=f"a model of {module} ({func})") from None
    if name in ("arima", "ets"):
        try:
            importlib.import_module("statsmodels")
        except ImportError:
            raise InputError(f"model {name!r} needs the forecast extra (statsmodels is not "
                             "installed): pip install 'revitalize[forecast]'", field="model",
                             expected="an installed model: gm11, dgm11, verhulst or naive") from None
    return fn


def _resolve(models, level: float, grids: str = "narrow") -> list[tuple[str, Callable]]:
    """``(label, callable)`` pairs from names, callables or a mapping label -> either; named
    ARIMA and ETS take :data:`AUTO_OPTIONS` when ``grids == "narrow"``."""
    if grids not in GRIDS:
        raise InputError(f"unknown grids {grids!r}", field="grids", expected=f"one of {GRIDS}")
    items = list(models.items()) if isinstance(models, Mapping) else [(None, m) for m in models]
    out = []
    for label, m in items:
        if isinstance(m, str):
            fn = get_model(m)
            fn = partial(fn, level=level) if m in _TAKES_LEVEL else fn
            if grids == "narrow" and m in AUTO_OPTIONS:
                fn = partial(fn, **AUTO_OPTIONS[m])
            out.append((label or m, fn))
        elif callable(m):
            base = m.func if isinstance(m, partial) else m
            out.append((label or getattr(base, "__name__", repr(m)), m))
        else:
            raise InputError(f"model {m!r} is neither a name nor a callable", field="models",
                             expected=f"names from {sorted(MODELS)} or functions")
    labels = [lab for lab, _ in out]
    if not out or len(set(labels)) != len(labels):
        raise InputError(f"models {labels} are empty or repeat a label", field="models",
                         expected="at least one model, each label once")
    return out


def naive(series, horizon: int = 3, *, level: float = 0.95, periods=None,
          name: str | None = None) -> ForecastResult:
    """Naive (random-walk) benchmark: every forecast is the last observation.

    ``fitted`` is the previous year's value; the interval is ``y_n +/- z * sigma * sqrt(h)``
    with ``sigma^2`` the mean squared first difference and ``z`` the standard normal quantile
    of ``(1 + level) / 2`` (Hyndman & Athanasopoulos, FPP3, section 5.5, table 5.2).
    """
    from scipy.stats import norm

    label = name or (str(series.name) if isinstance(series, pd.Series) and series.name is not None
                     else "series")
    t, y = as_annual_series(series, periods, name=label, min_length=2)
    if not (isinstance(horizon, (int, np.integer)) and horizon >= 1) or not 0 < level < 1:
        raise InputError(f"horizon {horizon!r} / level {level!r} out of range",
                         field="horizon/level", expected="horizon >= 1 and 0 < level < 1")
    steps = np.arange(1, horizon + 1)
    sigma = float(np.sqrt(np.mean(np.diff(y) ** 2)))
    half = norm.ppf(0.5 + level / 2) * sigma * np.sqrt(steps)
    future, fc = t[-1] + steps, np.full(horizon, y[-1])
    table = pd.concat([long_frame(label, t, y, "observed"), long_frame(label, t[1:], y[:-1], "fitted"),
                       long_frame(label, future, fc, "forecast"),
                       long_frame(label, future, fc - half, "lower"),
                       long_frame(label, future, fc + half, "upper")], ignore_index=True)
    meta = build_meta("naive", conventions={
        "forecast": "last observation", "interval": f"y_n +/- z sigma sqrt(h), level {level}",
        "sigma": "root mean squared first difference"}, sigma=sigma, level=level, nobs=len(y))
    return ForecastResult(table=table, meta=meta)


# ---------------------------------------------------------------------------- metrics
def metrics(actual, forecast, lower=None, upper=None) -> dict[str, float]:
    """Accuracy of forecasts against actuals (formulas in the module docstring).

    ``lower``/``upper`` may be ``None`` (no interval: coverage NaN). MAPE is NaN, with a
    :class:`DataQualityWarning`, when an actual is zero.
    """
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    e = a - f
    if (a == 0).any():
        _warn("an actual value is 0: MAPE is undefined (NaN)", DataQualityWarning,
                      stacklevel=2)
        mape = math.nan
    else:
        mape = float(100 * np.mean(np.abs(e / a)))
    coverage = math.nan
    if lower is not None and upper is not None:
        lo, up = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
        if np.isfinite(lo).all() and np.isfinite(up).all():
            coverage = float(np.mean((lo <= a) & (a <= up)))
    return {"n": len(a), "mape": mape, "rmse": float(np.sqrt(np.mean(e ** 2))),
            "mae": float(np.mean(np.abs(e))), "coverage": coverage}


def _level_of(res: ForecastResult) -> float:
    level = res.meta.get("level", dict(res.meta.get("conventions", {})).get("level"))
    return float(level) if isinstance(level, (int, float)) else math.nan


def _one_origin(fn, train: pd.Series, horizon: int, actual: pd.Series) -> pd.DataFrame:
    """Forecasts of one model from one origin, aligned with the observed ``actual`` periods."""
    res = fn(train, horizon)
    fc = res.kind("forecast")
    missing = [p for p in actual.index if p not in fc.index]
    if missing:
        raise InputError(f"model gave no forecast for periods {missing}", field="model",
                         expected=f"forecasts for {list(actual.index)}")
    lo, up = res.kind("lower"), res.kind("upper")
    has_interval = all(p in lo.index and p in up.index for p in actual.index)
    periods = list(actual.index)
    return pd.DataFrame({
        "origin": int(train.index[-1]), "horizon": [int(p - train.index[-1]) for p in periods],
        "period": periods, "actual": actual.to_numpy(), "forecast": fc.loc[periods].to_numpy(),
        "lower": lo.loc[periods].to_numpy() if has_interval else np.nan,
        "upper": up.loc[periods].to_numpy() if has_interval else np.nan,
        "level": _level_of(res) if has_interval else np.nan})


def _check_backtest_args(n: int, horizon: int, min_train, label: str) -> int:
    if not (isinstance(horizon, (int, np.integer)) and horizon >= 1):
        raise InputError(f"horizon {horizon!r} is not a positive integer", field="horizon",
                         expected="an integer >= 1")
    if min_train is None:
        min_train = max(5, n // 2)
    if not (isinstance(min_train, (int, np.integer)) and 2 <= min_train < n):
        raise InputError(f"min_train {min_train!r} leaves no hold-out in {n} points of {label!r}",
                         field="min_train", expected=f"an integer from 2 to {n - 1}")
    return int(min_train)


def _origins(n: int, min_train: int, max_origins: int | None) -> range:
    """Training-window lengths of the backtest: all from ``min_train``, or the last
    ``max_origins`` of them."""
    if max_origins is None:
        return range(min_train, n)
    if not (isinstance(max_origins, (int, np.integer)) and max_origins >= 1):
        raise InputError(f"max_origins {max_origins!r} is not a positive integer",
                         field="max_origins", expected="an integer >= 1, or None for every origin")
    return range(max(min_train, n - int(max_origins)), n)


def _run(specs, t, y, label, horizon, origins, progress=None) -> tuple[dict, list, dict]:
    errors, failures, caught = {lab: [] for lab, _ in specs}, [], {lab: [] for lab, _ in specs}
    total, done = len(origins) * len(specs), 0
    for o in origins:
        train = pd.Series(y[:o], index=t[:o], name=label)
        actual = pd.Series(y[o:o + horizon], index=t[o:o + horizon])
        for lab, fn in specs:
            if lab in {f["model"] for f in failures}:
                continue
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                try:
                    errors[lab].append(_one_origin(fn, train, horizon, actual))
                except (RevitalizeError, np.linalg.LinAlgError) as exc:
                    failures.append({"model": lab, "origin": int(t[o - 1]), "error": str(exc)})
            caught[lab].extend((int(t[o - 1]), w) for w in seen)
            done += 1
            if progress is not None:
                progress(done, total, f"{label}: {lab}, origin {int(t[o - 1])}")
    return errors, failures, caught


def _rewarn(caught: dict, label: str) -> dict[str, list[str]]:
    """One warning per model summarising the warnings its fits raised at the origins."""
    out = {}
    for lab, items in caught.items():
        if not items:
            continue
        texts = list(dict.fromkeys(" ".join(str(w.message).split()) for _, w in items))
        origins = sorted({o for o, _ in items})
        out[lab] = texts
        _warn(f"model {lab!r} warned at {len(origins)} backtest origin(s) of {label!r} "
                      f"({origins[0]}-{origins[-1]}), e.g.: {texts[0]}", DataQualityWarning,
                      stacklevel=3)
    return out


def _score_rows(errors: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    rows = []
    for key, g in errors.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        m = metrics(g["actual"], g["forecast"], g["lower"], g["upper"])
        rows.append({**dict(zip(keys, key)), **m, "level": g["level"].iloc[0]})
    return pd.DataFrame(rows)


def backtest(series, models: Sequence | Mapping = ("gm11", "arima", "ets"), horizon: int = 3,
             min_train: int | None = None, *, level: float = 0.95, periods=None,
             name: str | None = None, max_origins: int | None = None, grids: str = "narrow",
             progress: Callable[[int, int, str], None] | None = None) -> BacktestResult:
    """Rolling-origin evaluation of every model on the same hold-out (see the module docstring).

    Parameters
    ----------
    series
        One annual series (:class:`pandas.Series` indexed by year, or values with ``periods``).
    models
        Names from :data:`MODELS`, callables ``f(series, horizon)``, or a mapping label -> either.
    horizon
        Forecast horizons 1..``horizon`` are scored.
    min_train
        Observations in the first training window (default ``max(5, n // 2)``).
    level
        Interval level passed to the models that take one (arima, ets, naive).
    max_origins
        Score only the last ``max_origins`` origins (default ``None``: every origin from
        ``min_train``); recorded in ``meta["conventions"]``.
    grids
        ``"narrow"`` (default): ARIMA and ETS given by name search :data:`AUTO_OPTIONS`
        (d <= 1 by KPSS tests, then p, q <= 1 with a constant/drift: 4 fits; ETS AAN, AAdN,
        MAN); ``"full"``: their
        own default grids (54 ARIMA candidates, 6 ETS specifications). Callables are used as given.
    progress
        Called as ``progress(done, total, text)`` after each model at each origin (a CLI
        progress bar); ``None`` (default) for none.

    Returns
    -------
    BacktestResult
        ``table``: model x horizon metrics; ``extra["scores"]`` pooled per model,
        ``extra["errors"]`` every scored forecast, ``extra["failures"]``.
    """
    label = name or (str(series.name) if isinstance(series, pd.Series) and series.name is not None
                     else "series")
    t, y = as_annual_series(series, periods, name=label, min_length=3)
    min_train = _check_backtest_args(len(y), horizon, min_train, label)
    specs = _resolve(models, level, grids)
    origins = _origins(len(y), min_train, max_origins)
    with _one_blas_thread():
        errors, failures, caught = _run(specs, t, y, label, horizon, origins, progress)
    model_warnings = _rewarn(caught, label)
    failed = {f["model"]: f"origin {f['origin']}: {f['error']}" for f in failures}
    for lab, why in failed.items():
        _warn(f"model {lab!r} excluded from the backtest of {label!r}: failed at {why}",
                      DataQualityWarning, stacklevel=2)
    kept = [lab for lab, _ in specs if lab not in failed]
    if not kept:
        raise InputError(f"every model failed in the backtest of {label!r}: {failed}",
                         field="models", expected="at least one model that fits every window")
    errs = pd.concat([pd.concat(errors[lab], ignore_index=True).assign(model=lab)
                      for lab in kept], ignore_index=True)
    errs = errs[["model"] + [c for c in errs.columns if c != "model"]]
    table = _score_rows(errs, ["model", "horizon"])
    scores = _score_rows(errs, ["model"]).set_index("model")
    meta = build_meta("backtest", conventions={
        "scheme": "rolling origin, expanding window; specification re-selected at every origin",
        "min_train": min_train, "horizon": horizon,
        "origins": [int(t[origins[0] - 1]), int(t[-2])], "max_origins": max_origins,
        "grids": None if not any(lab in AUTO_OPTIONS for lab, _ in specs) else
        grids if grids == "full" else f"narrow: {AUTO_OPTIONS}",
        "hold_out": "the same for every model; a model failing at any origin is excluded",
        "mape": "100 * mean(|actual - forecast| / |actual|)", "rmse": "sqrt(mean(error^2))",
        "coverage": "share of actuals with lower <= actual <= upper"},
        series=label, models=[lab for lab, _ in specs], excluded=failed, level=level,
        model_warnings=model_warnings)
    return BacktestResult(table=table, meta=meta, extra={
        "errors": errs, "scores": scores, "failures": pd.DataFrame(
            failures, columns=["model", "origin", "error"])})


# ---------------------------------------------------------------------------- auto
def _pick(scores: pd.DataFrame, metric: str, order: list[str]) -> tuple[str, str]:
    values = scores[metric]
    if values.isna().any():
        raise InputError(f"{metric} is undefined for models {values[values.isna()].index.tolist()}",
                         field="metric", expected="another metric (e.g. rmse) for this series")
    best = float(values.min())
    tied = [m for m in order if m in values.index
            and values[m] - best <= _TIE * max(1.0, abs(best))]
    chosen = tied[0]
    reason = (f"lowest pooled backtest {metric} ({best:.6g}) among {len(values)} models"
              + (f"; tied with {tied[1:]}, the first listed wins" if len(tied) > 1 else ""))
    return chosen, reason


def auto_forecast(series, horizon: int = 3, *, models: Sequence | Mapping = AUTO_MODELS,
                  metric: str = "mape", min_train: int | None = None,
                  backtest_horizon: int | None = None, level: float = 0.95, periods=None,
                  name: str | None = None, max_origins: int | None = None,
                  grids: str = "narrow",
                  progress: Callable[[int, int, str], None] | None = None) -> ForecastResult:
    """Forecast with the model that scores best in a rolling-origin backtest.

    Parameters
    ----------
    series, models, min_train, level, periods, name
        As for :func:`backtest` (``models`` default :data:`AUTO_MODELS`, in tie-break order).
    horizon
        Years to forecast with the chosen model.
    metric
        ``"mape"`` (default), ``"rmse"`` or ``"mae"``, pooled over all backtest horizons.
    backtest_horizon
        Horizons scored in the backtest (default ``horizon``).
    max_origins, grids, progress
        As for :func:`backtest` (the chosen model is refitted with the same grid).

    Returns
    -------
    ForecastResult
        The chosen model's forecast and meta (its parameters at the top level), with
        ``meta["method"] == "auto"``, ``meta["model"]`` and ``meta["auto"]``: metric, chosen,
        reason, tie rule and the scores table (records), plus the backtest conventions.
    """
    if metric not in METRICS:
        raise InputError(f"unknown metric {metric!r}", field="metric",
                         expected=f"one of {list(METRICS)}")
    bt = backtest(series, models, backtest_horizon or horizon, min_train, level=level,
                  periods=periods, name=name, max_origins=max_origins, grids=grids,
                  progress=progress)
    specs = dict(_resolve(models, level, grids))
    chosen, reason = _pick(bt.extra["scores"], metric, list(specs))
    label = bt.meta["series"]
    t, y = as_annual_series(series, periods, name=label, min_length=3)
    res = specs[chosen](pd.Series(y, index=t, name=label), horizon)
    auto = {"metric": metric, "chosen": chosen, "reason": reason,
            "tie_rule": "within 1e-9 relative, the model listed first",
            "scores": [dict(model=m, **r) for m, r in bt.extra["scores"].to_dict("index").items()],
            "excluded": dict(bt.meta["excluded"]), "backtest": dict(bt.meta["conventions"])}
    meta = {**dict(res.meta), "method": "auto", "model": chosen, "auto": auto}
    return ForecastResult(table=res.table, meta=meta, extra={**dict(res.extra), "backtest": bt})


# ---------------------------------------------------------------------------- many series
def combine(results: Mapping[str, ForecastResult], **meta_extra) -> ForecastResult:
    """One :class:`ForecastResult` from several (one per series, same model).

    ``meta``: the first result's method and conventions; ``meta["parameters"]`` keyed by series
    holds each result's own fields (order, a, b, C, P, grade, ...).
    """
    if not results:
        raise InputError("no series to combine", field="results", expected="at least one")
    first = next(iter(results.values()))
    params = {s: {k: v for k, v in r.meta.items() if k not in _BASE_META}
              for s, r in results.items()}
    provenance = [p for r in results.values() for p in r.meta.get("provenance", [])]
    meta = {**{k: first.meta[k] for k in _BASE_META if k in first.meta},
            "provenance": provenance, "series": list(results), "parameters": params, **meta_extra}
    table = pd.concat([r.table for r in results.values()], ignore_index=True)
    extra = {s: dict(r.extra) for s, r in results.items() if r.extra}
    return ForecastResult(table=table, meta=meta, extra=extra)


def _trim(column: pd.Series) -> pd.Series:
    """The column from its first to its last value (an inner gap stays and is refused later)."""
    valid = column.dropna()
    if valid.empty:
        raise InputError(f"series {column.name!r} has no values", field=str(column.name),
                         expected="at least a few annual values")
    return column.loc[valid.index[0]:valid.index[-1]]


def _wide(data, indicator, exclude_flags) -> tuple[pd.DataFrame, list]:
    if isinstance(data, Panel):
        if indicator is None:
            raise InputError("a panel holds several indicators: name one", field="indicator",
                             expected=f"one of {data.indicators}")
        sel = data.select(indicator=indicator, exclude_flags=exclude_flags)
        return sel.wide(indicator), [sel.provenance.to_dict()]
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data of type {type(data).__name__}", field="data",
                         expected="a wide DataFrame (periods x series) or a Panel")
    return data, []


def forecast_many(data, model: str | Callable = "gm11", horizon: int = 3, *,
                  indicator: str | None = None, exclude_flags: str = "E",
                  **kwargs) -> ForecastResult:
    """Run one model on every series of a wide frame (periods x series) or a panel indicator.

    Parameters
    ----------
    data
        Wide :class:`pandas.DataFrame` (index: years, one column per series) or a
        :class:`~revitalize.model.panel.Panel` (with ``indicator``; its columns are region codes).
    model
        A name from :data:`MODELS`, ``"auto"``, or a callable ``f(series, horizon, **kwargs)``.
    indicator, exclude_flags
        Panel only: the indicator, and the flag letters whose values are dropped (default
        ``"E"``, values the source marks as errors).
    kwargs
        Passed to the model.

    Each series runs from its first to its last value (recorded in ``meta["spans"]``); a gap
    inside raises :class:`InputError` naming the series. ``gm11`` on series sharing one span
    runs as one vectorised ``grey.gm11_batch`` call; otherwise the model runs once per series
    and the results are :func:`combine`'d.
    """
    wide, provenance = _wide(data, indicator, exclude_flags)
    columns = {str(c): _trim(wide[c].rename(str(c))) for c in wide.columns}
    spans = {c: [int(s.index[0]), int(s.index[-1])] for c, s in columns.items()}
    out = _batch(model, columns, horizon, kwargs)
    if out is None:
        if model == "auto":
            fn = partial(auto_forecast, **kwargs)
        elif isinstance(model, str):
            fn = partial(get_model(model), **kwargs)
        else:
            fn = partial(model, **kwargs)
        out = combine({c: fn(s, horizon, name=c) for c, s in columns.items()})
    more = {"spans": spans}
    if provenance:
        more.update(provenance=provenance, indicator=indicator, exclude_flags=exclude_flags)
    return ForecastResult(out.table, {**out.meta, **more}, out.extra)


def _batch(model, columns: dict[str, pd.Series], horizon: int, kwargs) -> ForecastResult | None:
    """GM(1,1) of every series at once through ``grey.gm11_batch``, when the series share one
    span without gaps (otherwise ``None``: the caller runs ``gm11`` per series)."""
    if model != "gm11":
        return None
    frame = pd.DataFrame(columns)
    if frame.isna().to_numpy().any():
        return None
    from revitalize.forecast.grey_variants import gm11_batch

    return gm11_batch(frame, horizon=horizon, **kwargs)
