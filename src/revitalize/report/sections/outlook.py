"""Sections that judge and project: the indicator-system evaluations (five securities;
economy-society-environment) with coupling coordination, and forecasts of the region's weight
in the nation with intervals and rolling-origin backtest scores."""

from __future__ import annotations

from functools import partial

import pandas as pd

from revitalize.report.figures import band_figure, line_figure
from revitalize.report.i18n import tr
from revitalize.report.section import ReportContext, ReportTable, Section, make_section, section
from revitalize.report.sections.facts import topic_facts
from revitalize.report.sections.nation import (
    ENERGY_PANEL,
    RD_PANEL,
    headline_year,
    short_source,
)

__all__ = ["FORECAST_HORIZON", "SYSTEMS", "evaluation_section", "forecast_models",
           "forecast_section"]

SYSTEMS = ("five_securities", "economy_society_environment")
_SHORT = {"five_securities": "fs", "economy_society_environment": "ese"}
FORECAST_HORIZON = 5
BACKTEST_HORIZON = 3
FORECAST_LEVEL = 0.95


def forecast_models() -> dict:
    """The report's forecasting models: GM(1,1) with its empirical interval and the naive
    benchmark (kept small so the report stays fast; ``revitalize forecast`` runs ARIMA/ETS)."""
    from revitalize.forecast.grey import gm11

    return {"gm11": partial(gm11, interval="empirical", level=FORECAST_LEVEL), "naive": "naive"}


def _by_year(t: pd.DataFrame, column: str, ctx: ReportContext) -> dict[str, pd.Series]:
    """Province -> values by year over the full year range (gaps stay gaps in the chart)."""
    years = range(int(t["year"].min()), int(t["year"].max()) + 1) if len(t) else range(0)
    return {ctx.region_name(r): g.set_index("year")[column].reindex(years)
            for r, g in t.groupby("region", sort=False)}


def _system_figures(name: str, res, ctx: ReportContext) -> list:
    t = res.table
    source = short_source(ctx, ENERGY_PANEL, RD_PANEL) + f"; indicator system {name}"
    title = f"{ctx.region_name()}: {res.meta.get('title', name)}"
    figs = [line_figure(_by_year(t, "score", ctx), title=title, x_title=tr("year", ctx.lang),
                        y_title=tr("score", ctx.lang), source=source, lang=ctx.lang,
                        mark_x=ctx.year)]
    if "coupling_D" in t:
        figs.append(line_figure(_by_year(t, "coupling_D", ctx), title=title,
                                x_title=tr("year", ctx.lang), y_title=tr("coupling_D", ctx.lang),
                                source=source, lang=ctx.lang, mark_x=ctx.year))
    return figs


def _system_headline(res, ctx: ReportContext) -> str:
    t = res.table
    if t.empty:
        return f"{res.meta.get('system')}: no complete province-year for the region"
    y = headline_year(t.groupby("year")["score"].first(), ctx.year)
    rows = t[t["year"] == y]
    parts = [f"{ctx.region_name(r.region)} rank {r.rank}/{r.n_ranked}"
             + (f", {r.coupling_class}" if "coupling_class" in t else "")
             for r in rows.itertuples()]
    omitted = [o["key"] for o in res.meta.get("omitted", [])]
    return (f"{res.meta.get('system')} {y}: " + "; ".join(parts)
            + (f" (not measured: {', '.join(omitted)})" if omitted else ""))


@section("evaluation", fallback=lambda ctx: topic_facts("evaluation", ctx))
def evaluation_section(ctx: ReportContext) -> Section:
    """The shipped indicator systems evaluated on the provincial panels, rows of the region's
    provinces (:func:`revitalize.evaluate.system.evaluate_system`; normalisation, weights and
    ranks use every province)."""
    from revitalize.evaluate.system import evaluate_system

    energy, rd = ctx.datasets(ENERGY_PANEL, RD_PANEL)
    panels = {ENERGY_PANEL: energy, RD_PANEL: rd}
    tables, figures, head = {}, [], []
    for name in SYSTEMS:
        res = evaluate_system(name, panels, regions=list(ctx.provinces))
        tables[f"evaluation_{_SHORT[name]}"] = res
        tables[f"evaluation_{_SHORT[name]}_weights"] = ReportTable(table=res.extra["weights"],
                                                                   meta=res.meta)
        figures += _system_figures(name, res, ctx)
        head.append(_system_headline(res, ctx))
    msg = ("; ".join(head) + ". Ranks among every province with complete data that year; "
           "coupling coordination of the subsystem indices.")
    return make_section("evaluation", ctx, tables=tables, figures=figures,
                        datasets=[ENERGY_PANEL, RD_PANEL], message=msg)


def _kind(table: pd.DataFrame, kind: str) -> pd.Series:
    part = table[table["kind"] == kind]
    return part.set_index("period")["value"].astype(float)


def _forecast_one(panel, indicator: str, ctx: ReportContext):
    from revitalize.forecast.backtest import auto_forecast
    from revitalize.forecast.series import longest_run, share_of_nation

    s = share_of_nation(panel, ctx.region, indicator)
    first, last = longest_run(s.values.dropna().index)
    y = s.span(first, last)
    fc = auto_forecast(y, horizon=FORECAST_HORIZON, models=forecast_models(), metric="mape",
                       backtest_horizon=BACKTEST_HORIZON, level=FORECAST_LEVEL)
    return s, (first, last), fc


def _forecast_note(indicator: str, s, span, fc) -> str:
    scores = {r["model"]: r["mape"] for r in fc.meta["auto"]["scores"]}
    fcast = _kind(fc.table, "forecast")
    upper, lower = _kind(fc.table, "upper"), _kind(fc.table, "lower")
    end = int(fcast.index.max())
    band = (f" [{lower[end]:.2f}, {upper[end]:.2f}]" if end in lower.index else "")
    gaps = s.missing_years()
    return (f"{indicator} share {span[0]}-{span[1]}: {fc.meta['model']} chosen by backtest MAPE "
            f"({', '.join(f'{m} {v:.2f}%' for m, v in scores.items())}); {end}: "
            f"{fcast[end]:.2f}%{band}"
            + (f" (years without a value: {gaps})" if gaps else ""))


@section("forecast")
def forecast_section(ctx: ReportContext) -> Section:
    """The region's shares of the nation's GDP and population forecast by the model that scores
    best in a rolling-origin backtest (:func:`revitalize.forecast.backtest.auto_forecast`, GM(1,1)
    with an empirical 95 % band and the naive benchmark), from the longest gap-free span
    (:func:`revitalize.forecast.series.share_of_nation`)."""
    (panel,) = ctx.datasets(ENERGY_PANEL)
    tables, figures, head = {}, [], []
    for ind in ("gdp", "population"):
        s, span, fc = _forecast_one(panel, ind, ctx)
        tables[f"forecast_{ind}_share"] = fc
        tables[f"backtest_{ind}_share"] = fc.extra["backtest"]
        t = fc.table
        figures.append(band_figure(
            _kind(t, "observed"), _kind(t, "forecast"), lower=_kind(t, "lower"),
            upper=_kind(t, "upper"), fitted=_kind(t, "fitted"), lang=ctx.lang,
            later=s.values.loc[span[1] + 1:], later_label=tr("observed_later", ctx.lang),
            title=f"{ctx.region_name()}: {tr(ind, ctx.lang)} {tr('share_pct', ctx.lang)} "
                  f"({fc.meta['model']})",
            y_title=tr("share_pct", ctx.lang), interval_label=f"{FORECAST_LEVEL:.0%}",
            source=short_source(ctx, ENERGY_PANEL)))
        head.append(_forecast_note(ind, s, span, fc))
    msg = "; ".join(head) + "."
    return make_section("forecast", ctx, tables=tables, figures=figures, datasets=[ENERGY_PANEL],
                        message=msg)
