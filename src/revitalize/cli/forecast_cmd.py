"""``revitalize forecast``: grey, ARIMA, ETS or backtest-chosen forecasts of annual series.

Input is either a CSV file of series (argument ``FILE``) or a panel dataset (``--dataset``: a
dataset name in the store or a panel file path) with ``--series`` selections; see
:func:`revitalize.forecast.series.series_from_spec` and
:func:`revitalize.forecast.series.read_series_csv`. Output is the long
:class:`~revitalize.forecast.base.ForecastResult` table (``series, period, value, kind``) or,
with ``--backtest``, the model x horizon backtest table.
"""

from __future__ import annotations

import enum
import re
import sys
import warnings
from functools import partial
from pathlib import Path

import pandas as pd
import typer

from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import InputError
from revitalize.forecast.backtest import (
    AUTO_MODELS,
    BacktestResult,
    auto_forecast,
    backtest,
    combine,
    get_model,
)
from revitalize.forecast.base import ForecastResult

__all__ = ["ModelName", "command"]

NAME = "forecast"


class ModelName(enum.StrEnum):
    gm11 = "gm11"
    dgm = "dgm"
    dgm11 = "dgm11"
    verhulst = "verhulst"
    arima = "arima"
    ets = "ets"
    naive = "naive"
    auto = "auto"


class Criterion(enum.StrEnum):
    aic = "aic"
    aicc = "aicc"
    bic = "bic"


class Denominator(enum.StrEnum):
    provinces = "provinces"
    national = "national"


class Metric(enum.StrEnum):
    mape = "mape"
    rmse = "rmse"
    mae = "mae"


_ALIASES = {"dgm": "dgm11"}
_YEARS_RE = re.compile(r"^\s*(\d{4})?\s*-\s*(\d{4})?\s*$")


def _model_fn(name: str, ic: str, level: float):
    """The registered model with the CLI's criterion and level bound where it takes them."""
    name = _ALIASES.get(name, name)
    fn = get_model(name)
    if name in ("arima", "ets"):
        return partial(fn, ic=ic, level=level)
    if name == "naive":
        return partial(fn, level=level)
    return fn


def _years(text: str | None) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    m = _YEARS_RE.match(text)
    if m is None or not any(m.groups()):
        raise typer.BadParameter(f"{text!r} is not FIRST-LAST (e.g. 1995-2020, 2000-, -2020)",
                                 param_hint="--years")
    return tuple(int(g) if g else None for g in m.groups())


def _from_file(file: Path, names: list[str] | None):
    from revitalize.forecast.series import read_series_csv

    found, prov = read_series_csv(file)
    if names:
        unknown = [n for n in names if n not in found]
        if unknown:
            raise InputError(f"series {unknown} are not in the file", file=file, field="--series",
                             expected=f"some of {list(found)}")
        found = {n: found[n] for n in names}
    return found, {n: {"source": file.name} for n in found}, [prov.to_dict()]


def _from_dataset(dataset: str, names: list[str], exclude_flags: str, denominator: str,
                  data_dir):
    from revitalize.data.panel import Panel
    from revitalize.forecast.series import series_from_spec

    path = Path(dataset)
    if path.exists():
        from revitalize.data.readers import read_panel

        panel = read_panel(path)
    else:
        from revitalize.data.store import Store

        panel = Store(data_dir).load(dataset)
    if not isinstance(panel, Panel):
        raise InputError("not a panel (region x year x indicator)", file=dataset,
                         field="--dataset", expected="a panel dataset or panel CSV file")
    built = [series_from_spec(panel, n, exclude_flags=exclude_flags, denominator=denominator)
             for n in names]
    info = {s.name: {"unit": s.unit, **dict(s.conventions)} for s in built}
    provenance = [p.to_dict() for p in {s.provenance: None for s in built}]
    return {s.name: s.values for s in built}, info, provenance


def _inputs(file, dataset, names, years, exclude_flags, denominator, data_dir):
    from revitalize.forecast.series import select_span

    if (file is None) == (dataset is None):
        raise typer.BadParameter("give either FILE or --dataset (exactly one)",
                                 param_hint="FILE / --dataset")
    if file is not None:
        found, info, prov = _from_file(file, names)
    else:
        if not names:
            raise typer.BadParameter("--dataset needs at least one --series", param_hint="--series")
        found, info, prov = _from_dataset(dataset, names, exclude_flags, denominator, data_dir)
    first, last = years
    where = file if file is not None else dataset
    spans = {n: select_span(v, first, last, name=n, file=where) for n, v in found.items()}
    for n, s in spans.items():
        info[n]["span"] = [int(s.index[0]), int(s.index[-1])]
    return spans, info, prov


def _forecast(spans, model, horizon, ic, level, metric, candidates, min_train) -> ForecastResult:
    if model == "auto":
        fns = {c: _model_fn(c, ic, level) for c in candidates}
        fn = partial(auto_forecast, models=fns, metric=metric, min_train=min_train, level=level)
    else:
        fn = _model_fn(model, ic, level)
    results = {n: fn(s, horizon, name=n) for n, s in spans.items()}
    if len(results) == 1:
        res = next(iter(results.values()))
        return ForecastResult(res.table, dict(res.meta), {})
    return combine(results)


def _backtest(spans, model, horizon, ic, level, candidates, min_train) -> BacktestResult:
    names = candidates if model == "auto" else [model]
    fns = {_ALIASES.get(c, c): _model_fn(c, ic, level) for c in names}
    parts = {n: backtest(s, fns, horizon, min_train, level=level, name=n) for n, s in spans.items()}
    first = next(iter(parts.values()))
    table = pd.concat([r.table.assign(series=n) for n, r in parts.items()], ignore_index=True)
    table = table[["series"] + [c for c in table.columns if c != "series"]]
    meta = {**dict(first.meta), "series": list(parts),
            "excluded": {n: dict(r.meta["excluded"]) for n, r in parts.items()},
            "scores": {n: r.extra["scores"].reset_index().to_dict("records")
                       for n, r in parts.items()}}
    return BacktestResult(table=table, meta=meta)


def _candidates(text: str | None) -> list[str]:
    if text is None:
        return list(AUTO_MODELS)
    names = [c.strip() for c in text.split(",") if c.strip()]
    allowed = {m.value for m in ModelName} - {"auto"}
    bad = [c for c in names if c not in allowed]
    if bad or not names:
        raise typer.BadParameter(f"unknown models {bad}; choose from {sorted(allowed)}",
                                 param_hint="--candidates")
    return names


def _print_warnings(caught) -> list[str]:
    """Each distinct warning once on standard error as ``warning: ...``; returns the texts."""
    texts = list(dict.fromkeys(" ".join(f"{w.category.__name__}: {w.message}".split())
                               for w in caught))
    for text in texts:
        sys.stderr.write(f"warning: {text}\n")
    return texts


def command(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, help="CSV of annual series: a period (or year) column and one column per series, "
                   "or the columns series, period, value.", dir_okay=False),
    dataset: str | None = typer.Option(
        None, "--dataset", "-d", help="Panel dataset: a name in the store or a panel CSV path."),
    series: list[str] | None = typer.Option(
        None, "--series", "-s",
        help="Series to forecast (repeatable): REGION:INDICATOR (210000:gdp, Liaoning:gdp, "
             "Northeast:gdp = sum of its provinces) or <region>_<indicator>_share "
             "(northeast_gdp_share, northeast_population_share); with FILE: column names."),
    model: ModelName = typer.Option(ModelName.gm11, "--model", "-m", case_sensitive=False,
                                    help="Model; auto = best pooled backtest score."),
    horizon: int = typer.Option(3, "--horizon", min=1, help="Years to forecast."),
    years: str | None = typer.Option(
        None, "--years", help="Span of years used, FIRST-LAST (default: all; a gap is an error)."),
    level: float = typer.Option(0.95, "--level", min=0.0, max=1.0,
                                help="Prediction-interval level (ARIMA, ETS, naive)."),
    ic: Criterion = typer.Option(Criterion.aic, "--ic", help="ARIMA/ETS selection criterion."),
    metric: Metric = typer.Option(Metric.mape, "--metric", help="Backtest metric of auto."),
    candidates: str | None = typer.Option(
        None, "--candidates", help="Comma-separated models for auto and --backtest "
                                   "(default gm11,dgm11,verhulst,arima,ets,naive)."),
    min_train: int | None = typer.Option(
        None, "--min-train", help="First training window of the backtest (default max(5, n//2))."),
    run_backtest: bool = typer.Option(False, "--backtest",
                                      help="Print the backtest table instead of forecasts."),
    exclude_flags: str = typer.Option("E", "--exclude-flags",
                                      help="Panel flag letters whose values are dropped."),
    denominator: Denominator = typer.Option(Denominator.provinces, "--denominator",
                                    help="Reference of shares: provinces (sum) or national."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Forecast annual series with a grey model (GM(1,1), DGM(1,1), Verhulst), ARIMA or ETS
    (chosen by AIC), or the model that wins a rolling-origin backtest (auto).

    Records are {series, period, value, kind} with kind observed, fitted, forecast, lower,
    upper; meta holds the model's parameters (a, b, C, P, grade for grey models; order or
    specification for ARIMA/ETS), every convention, the inputs and their provenance. With
    --backtest the table is series x model x horizon (n, mape, rmse, mae, coverage, level).
    Shares of the nation sum the provinces reporting the indicator; values flagged E are
    dropped (--exclude-flags). Backtests re-select each model at every origin: ARIMA's grid
    (p, d, q <= 2, with and without trend: up to 54 fits) costs seconds per origin, so narrow
    auto with --candidates when speed matters.

    Examples: revitalize forecast --dataset ../shared/data/cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv
    --series northeast_gdp_share --years 1995-2020 --model auto --candidates gm11,ets,naive;
    revitalize forecast series.csv --model arima --horizon 5 --format json.
    """
    data_dir = (ctx.obj or {}).get("data_dir") if ctx is not None else None
    span = _years(years)
    cands = _candidates(candidates)
    conventions = {"model": model.value, "horizon": horizon, "years": years, "level": level,
                   "ic": ic.value, "metric": metric.value, "candidates": cands,
                   "min_train": min_train, "exclude_flags": exclude_flags,
                   "denominator": denominator.value}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            spans, info, prov = _inputs(file, dataset, series, span, exclude_flags,
                                        denominator.value, data_dir)
            if run_backtest:
                result = _backtest(spans, model.value, horizon, ic.value, level, cands, min_train)
            else:
                result = _forecast(spans, model.value, horizon, ic.value, level, metric.value,
                                   cands, min_train)
        finally:
            texts = _print_warnings(caught)
    meta = {**dict(result.meta), "provenance": prov, "inputs": info, "cli": conventions,
            "warnings": texts}
    emit(type(result)(table=result.table, meta=meta), fmt, output,
         title="Backtest" if run_backtest else "Forecast")
