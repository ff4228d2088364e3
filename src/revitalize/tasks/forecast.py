"""Forecasting as an application task: ``forecast.run`` (``revitalize forecast``, ``POST
/api/forecast``).

The source is either a CSV of annual series (:func:`revitalize.forecast.series.read_series_csv`:
a ``period``/``year`` column and one column per series, or ``series, period, value``) or a panel
(a file with a ``region`` column, or a stored, mirrored or bundled panel dataset) from which
``series`` builds the series (:func:`revitalize.forecast.series.series_from_spec`:
``REGION:INDICATOR`` or ``<region>_<indicator>_share``). The model is a grey model (GM(1,1),
DGM(1,1), Verhulst), ARIMA or ETS (chosen by an information criterion), naive, or ``auto`` (the
winner of a rolling-origin backtest); ``backtest`` returns the backtest table instead.

``auto`` and ``backtest`` conventions (in ``meta["conventions"]`` and ``--help``): the last
``origins`` training windows are scored (default :data:`ORIGINS`), and ARIMA and ETS named as
candidates search the narrow grids of :data:`revitalize.forecast.backtest.AUTO_OPTIONS` at every
origin (``grids="narrow"``; ``"full"`` gives their own grids, about 60 fits per origin). With
``auto``, ``meta["choice"]`` holds, per series, the chosen model and every candidate's pooled
backtest score of ``metric`` (each candidate's n, mape, rmse, mae and coverage are in
``meta["parameters"][series]["auto"]["scores"]``, or ``meta["auto"]["scores"]`` for one series).

A door may show progress (:func:`progress`: a callable ``f(done, total, text)`` per series,
set by the CLI's ``--progress``); it never changes the numbers.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["MAX_SERIES", "ORIGINS", "ForecastRequest", "progress"]

MAX_SERIES = 20
#: backtest origins scored by default (the last ones: the windows closest to the forecast)
ORIGINS = 5
MODELS = ("gm11", "dgm", "dgm11", "verhulst", "arima", "ets", "naive", "auto")
_ALIASES = {"dgm": "dgm11"}
# Options that apply only to some models (meta["conventions"] leaves them out otherwise).
_AUTO = {"model": ("auto",)}
_BACKTESTED = [_AUTO, {"backtest": (True,)}]  # auto, or a backtest of any model
_INTERVALS = {"model": ("arima", "ets", "naive", "auto")}
_SELECTION = {"model": ("arima", "ets", "auto")}
_YEARS = re.compile(r"^\s*(\d{4})?\s*-\s*(\d{4})?\s*$")
_PROGRESS: ContextVar[Callable[[str], Callable[[int, int, str], None]] | None] = ContextVar(
    "forecast_progress", default=None)


@contextlib.contextmanager
def progress(factory: Callable[[str], Callable[[int, int, str], None]] | None) -> Iterator[None]:
    """Report the backtest progress of the forecasts run in this context: ``factory(series)``
    returns the ``f(done, total, text)`` callback of one series (``None``: no progress).

    Only a door of this machine (the CLI, the Python API) sets it; it never changes the
    numbers."""
    token = _PROGRESS.set(factory)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def _progress_of(name: str):
    factory = _PROGRESS.get()
    return None if factory is None else factory(name)


@dataclass(frozen=True)
class ForecastRequest(Request):
    """Forecast annual series with a grey model (GM(1,1), DGM(1,1), Verhulst), ARIMA or ETS
    (chosen by an information criterion), naive, or the model that wins a rolling-origin
    backtest (auto).

    Records are {series, period, value, kind} with kind observed, fitted, forecast, lower,
    upper; meta holds the model's parameters (a, b, C, P, grade for grey models; order or
    specification for ARIMA/ETS), every convention and the inputs' provenance. With backtest
    the table is series x model x horizon (n, mape, rmse, mae, coverage, level); with auto,
    meta choice holds per series the chosen model and every candidate's pooled backtest score
    (last `origins` windows, narrow ARIMA/ETS grids by default). Shares of the
    nation sum the provinces reporting the indicator; values flagged E are dropped
    (exclude_flags)."""

    source: str = option(help="A CSV of annual series (period or year column and one column per "
                              "series, or series, period, value), or a panel: a file with a "
                              "region column or a panel dataset.", argument=True,
                         convention=False)
    series: tuple[str, ...] | None = option(
        None, convention=False,
        help="Series to forecast: with a panel REGION:INDICATOR (210000:gdp, Northeast:gdp = "
             "sum of its provinces) or <region>_<indicator>_share (northeast_gdp_share); with a "
             "series CSV, column names (default all).")
    model: str = option("gm11", choices=MODELS,
                        help="Model; auto = best pooled backtest score.")
    horizon: int = option(3, minimum=1, maximum=20, help="Years to forecast.")
    years: str | None = option(None, help="Span of years used, FIRST-LAST (e.g. 1995-2020, "
                                          "2000-, -2020; default all; a gap is an error).")
    level: float = option(0.95, only_with=_INTERVALS,
                          help="Prediction-interval level, 0 < level < 1 (only with --model "
                               "arima, ets, naive, or auto for its candidates).")
    ic: str = option("aic", choices=("aic", "aicc", "bic"), only_with=_SELECTION,
                     help="ARIMA/ETS selection criterion (only with --model arima, ets or "
                          "auto).")
    metric: str = option("mape", choices=("mape", "rmse", "mae"),
                         only_with={**_AUTO, "backtest": (False,)},
                         help="Backtest metric of auto (only with --model auto, without "
                              "--backtest).")
    candidates: tuple[str, ...] = option(("gm11", "dgm11", "verhulst", "arima", "ets", "naive"),
                                         only_with=_AUTO,
                                         help="Models of auto and of its backtest (only with "
                                              "--model auto).")
    min_train: int | None = option(None, minimum=2, only_with=_BACKTESTED,
                                   help="First training window of the backtest (default "
                                        "max(5, n//2)) (only with --model auto or "
                                        "--backtest).")
    origins: int = option(ORIGINS, minimum=1, maximum=200, only_with=_BACKTESTED,
                          help=f"Backtest origins scored by auto and backtest: the last N "
                               f"training windows from min-train on (default {ORIGINS}; a "
                               f"number >= the series length scores every origin).")
    grids: str = option("narrow", choices=("narrow", "full"), only_with=_BACKTESTED,
                        help="ARIMA/ETS searches of auto and backtest: narrow (default; ARIMA "
                             "d <= 1 by KPSS tests, p, q <= 1 with a constant or drift, 4 "
                             "fits; ETS AAN, "
                             "AAdN, MAN) or full (their own grids, about 60 fits per origin).")
    backtest: bool = option(False, convention=False,
                            help="Return the backtest table instead of forecasts.")
    exclude_flags: str = option("E", max_length=10,
                                help="Panel flag letters whose values are dropped.")
    denominator: str = option("provinces", choices=("provinces", "national"),
                              help="Reference of shares: provinces (sum) or national.")

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 < self.level < 1:
            raise InputError(f"{self.level} is out of range", field="level",
                             expected="a level strictly between 0 and 1")
        bad = [c for c in self.candidates if c not in MODELS or c == "auto"]
        if bad or not self.candidates:
            raise InputError(f"unknown models {bad}", field="candidates",
                             expected=f"some of {[m for m in MODELS if m != 'auto']}")


def _span(text: str | None) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    m = _YEARS.match(text)
    if m is None or not any(m.groups()):
        raise InputError(f"{text[:30]!r} is not FIRST-LAST", field="years",
                         expected="e.g. 1995-2020, 2000-, -2020")
    return tuple(int(g) if g else None for g in m.groups())


def _is_panel_file(path: Path) -> bool:
    """Whether a file is laid out as a panel (a series CSV matches no reader layout)."""
    from revitalize.data.readers.detect import sniff
    from revitalize.errors import RevitalizeError

    try:
        return sniff(path).reader == "panel"
    except RevitalizeError:
        return False


def _inputs(request: ForecastRequest, catalog: Any):
    """Series by name, what each is (inputs) and the provenance."""
    from revitalize.forecast.series import read_series_csv, series_from_spec

    entry = catalog.entry(request.source)
    if entry.origin == "file" and not _is_panel_file(entry.path):
        path = catalog.local_file(request.source, field="source")
        found, prov = read_series_csv(path)
        if request.series:
            unknown = [n for n in request.series if n not in found]
            if unknown:
                raise InputError(f"series {unknown} are not in the file", file=path.name,
                                 field="series", expected=f"some of {list(found)}")
            found = {n: found[n] for n in request.series}
        return found, {n: {"source": path.name} for n in found}, [prov.to_dict()]
    if not request.series:
        raise InputError("a panel needs the series to build", field="series",
                         expected="e.g. northeast_gdp_share or Liaoning:gdp")
    panel = catalog.panel(request.source)
    built = [series_from_spec(panel, n, exclude_flags=request.exclude_flags,
                              denominator=request.denominator) for n in request.series]
    info = {s.name: {"unit": s.unit, **dict(s.conventions)} for s in built}
    provenance = [p.to_dict() for p in {s.provenance: None for s in built}]
    return {s.name: s.values for s in built}, info, provenance


def _model_fn(name: str, ic: str, level: float, grids: str | None = None):
    """The model's function with the request's options; ``grids="narrow"`` (auto, backtest)
    narrows ARIMA's and ETS's searches to :data:`~revitalize.forecast.backtest.AUTO_OPTIONS`."""
    from revitalize.forecast.backtest import AUTO_OPTIONS, get_model

    name = _ALIASES.get(name, name)
    fn = get_model(name)
    if name in ("arima", "ets"):
        narrow = AUTO_OPTIONS[name] if grids == "narrow" else {}
        return partial(fn, ic=ic, level=level, **narrow)
    if name == "naive":
        return partial(fn, level=level)
    return fn


def _forecast(spans: dict, r: ForecastRequest):
    from revitalize.forecast.backtest import auto_forecast, combine
    from revitalize.forecast.base import ForecastResult

    if r.model != "auto":
        fn = _model_fn(r.model, r.ic, r.level)
        results = {n: fn(s, r.horizon, name=n) for n, s in spans.items()}
        if len(results) == 1:
            res = next(iter(results.values()))
            return ForecastResult(res.table, dict(res.meta), {})
        return combine(results)
    fns = {_ALIASES.get(c, c): _model_fn(c, r.ic, r.level, r.grids) for c in r.candidates}
    # grids only names the search in meta: the callables already carry it
    results = {n: auto_forecast(s, r.horizon, models=fns, metric=r.metric, min_train=r.min_train,
                                level=r.level, name=n, max_origins=r.origins, grids=r.grids,
                                progress=_progress_of(n))
               for n, s in spans.items()}
    choice, scores = _choice(results, r.metric)
    if len(results) == 1:
        res = next(iter(results.values()))
        return ForecastResult(res.table, {**dict(res.meta), "choice": choice}, {"scores": scores})
    out = combine(results)
    return ForecastResult(out.table, {**dict(out.meta), "choice": choice}, {"scores": scores})


def _choice(results: dict, metric: str) -> tuple[dict, pd.DataFrame]:
    """Per series the chosen model and every candidate's pooled backtest ``metric`` (meta), and
    the long table of every candidate's scores (extra)."""
    choice, frames = {}, []
    for n, res in results.items():
        auto = res.meta["auto"]
        choice[n] = {"chosen": auto["chosen"], "metric": metric,
                     **{s["model"]: s[metric] for s in auto["scores"]},
                     **dict.fromkeys(auto["excluded"])}
        frame = pd.DataFrame(auto["scores"]).assign(series=n)
        frames.append(frame.assign(chosen=frame["model"] == auto["chosen"]))
    scores = pd.concat(frames, ignore_index=True)
    return choice, scores[["series"] + [c for c in scores.columns if c != "series"]]


def _backtest(spans: dict, r: ForecastRequest):
    from revitalize.forecast.backtest import BacktestResult, backtest

    names = list(r.candidates) if r.model == "auto" else [r.model]
    fns = {_ALIASES.get(c, c): _model_fn(c, r.ic, r.level, r.grids) for c in names}
    parts = {n: backtest(s, fns, r.horizon, r.min_train, level=r.level, name=n,
                         max_origins=r.origins, grids=r.grids, progress=_progress_of(n))
             for n, s in spans.items()}
    first = next(iter(parts.values()))
    table = pd.concat([p.table.assign(series=n) for n, p in parts.items()], ignore_index=True)
    table = table[["series"] + [c for c in table.columns if c != "series"]]
    meta = {**dict(first.meta), "series": list(parts),
            "excluded": {n: dict(p.meta["excluded"]) for n, p in parts.items()},
            "scores": {n: p.extra["scores"].reset_index().to_dict("records")
                       for n, p in parts.items()}}
    return BacktestResult(table=table, meta=meta)


@task("forecast.run", ForecastRequest, "Forecast annual series (grey, ARIMA, ETS, naive, auto)")
def run_forecast(request: ForecastRequest, catalog: Any) -> Result:
    from dataclasses import replace
    from types import MappingProxyType

    from revitalize.forecast.series import select_span

    first, last = _span(request.years)
    found, info, prov = _inputs(request, catalog)
    if len(found) > MAX_SERIES:
        raise InputError(f"{len(found)} series", field="series",
                         expected=f"at most {MAX_SERIES} series per request")
    spans = {n: select_span(v, first, last, name=n, file=request.source)
             for n, v in found.items()}
    for n, s in spans.items():
        info[n]["span"] = [int(s.index[0]), int(s.index[-1])]
    res = _backtest(spans, request) if request.backtest else _forecast(spans, request)
    # exclude_flags and denominator apply only where a series was built from a panel (its
    # inputs name them): a series CSV or a level series is not said to use them
    unused = {k: None for k in ("exclude_flags", "denominator")
              if not any(k in i for i in info.values())}
    # auto over candidates none of which selects a specification or draws an interval
    # (for one model the request leaves these out itself: only_with)
    if request.model == "auto" and not set(request.candidates) & {"arima", "ets"}:
        unused.update(ic=None, grids=None)
    if request.model == "auto" and not set(request.candidates) & {"arima", "ets", "naive"}:
        unused["level"] = None
    meta = {**dict(res.meta), "provenance": prov, "inputs": info,
            "conventions": {**dict(res.meta.get("conventions") or {}), **unused}}
    return replace(res, meta=MappingProxyType(meta))
