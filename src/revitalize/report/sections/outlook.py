"""Sections that judge and project: the indicator-system evaluations (five securities;
economy-society-environment) with coupling coordination, and forecasts of the region's weight
in the nation with intervals and rolling-origin backtest scores."""

from __future__ import annotations

from functools import partial

import pandas as pd

from revitalize.present import colour, format_number
from revitalize.report.figures import band_figure, bar_figure, line_figure
from revitalize.report.i18n import column_label, tr, value_label
from revitalize.report.section import ReportContext, ReportTable, Section, make_section, section
from revitalize.report.sections.facts import topic_facts
from revitalize.report.sections.nation import (
    ENERGY_PANEL,
    pct,
    province_colors,
    short_source,
)

__all__ = ["FORECAST_HORIZON", "SYSTEMS", "band_text", "evaluation_section", "forecast_models",
           "forecast_section", "system_year"]

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


def _system_datasets(name: str) -> list[str]:
    from revitalize.evaluate.systems import load_system

    return load_system(name).datasets_needed()


def system_year(t: pd.DataFrame, year: int | None = None) -> int | None:
    """``year`` when evaluated, else the last year in which every province reported has
    complete data (the five securities' last years rank only 7-8 provinces, among which
    Liaoning alone of the Northeast), else the last year evaluated."""
    if t.empty:
        return None
    count = t.groupby("year")["region"].nunique()
    full = count[count == t["region"].nunique()]
    if year is not None and int(year) in count.index:
        return int(year)
    return int((full if len(full) else count).index.max())


def _subsystem_figure(res, ctx: ReportContext, title: str, source: str, colors):
    """Grouped bars: every measured subsystem's index for each province in the headline year."""
    t = res.table
    keys = [s["key"] for s in res.meta.get("subsystems", [])]
    y = system_year(t, ctx.year)
    if y is None or len(keys) < 2:
        return None
    rows = t[t["year"] == y]
    return bar_figure([column_label(k, ctx.lang, unit=False) for k in keys],
                      {ctx.region_name(r.region): [getattr(r, k) for k in keys]
                       for r in rows.itertuples()},
                      title=f"{title}, {tr('subsystem_indices_year', ctx.lang, year=y)}",
                      x_title=column_label("subsystem", ctx.lang, unit=False),
                      y_title=tr("subsystem_index", ctx.lang),
                      source=source, lang=ctx.lang, colors=colors)


def _system_figures(name: str, res, ctx: ReportContext) -> list:
    t = res.table
    source = short_source(ctx, *_system_datasets(name)) + f"; {name}"
    title = f"{ctx.region_name()}: {value_label(name, ctx.lang)}"
    colors = province_colors(ctx, t["region"].unique())
    bars = _subsystem_figure(res, ctx, title, source, colors)
    figs = [] if bars is None else [bars]
    figs += [line_figure(_by_year(t, "score", ctx), title=title, x_title=tr("year", ctx.lang),
                        y_title=tr("score", ctx.lang), source=source, lang=ctx.lang,
                        mark_x=ctx.year, colors=colors)]
    if "coupling_D" in t:
        figs.append(line_figure(_by_year(t, "coupling_D", ctx), title=title,
                                x_title=tr("year", ctx.lang), y_title=tr("coupling_D", ctx.lang),
                                source=source, lang=ctx.lang, mark_x=ctx.year, colors=colors))
    return figs


def _system_headline(res, ctx: ReportContext) -> str:
    t = res.table
    system = value_label(res.meta.get("system"), ctx.lang)
    if t.empty:
        return tr("msg_no_rows", ctx.lang, system=system)
    y = system_year(t, ctx.year)
    rows = t[t["year"] == y]
    parts = [tr("msg_system_part", ctx.lang, province=ctx.region_name(r.region), rank=r.rank,
                n=r.n_ranked, cls=(", " + value_label(r.coupling_class, ctx.lang))
                if "coupling_class" in t else "") for r in rows.itertuples()]
    omitted = [value_label(o["key"], ctx.lang) for o in res.meta.get("omitted", [])]
    return tr("msg_system", ctx.lang, system=system, year=y, parts="; ".join(parts),
              omitted=tr("msg_omitted", ctx.lang, what=", ".join(omitted)) if omitted else "")


def _years_text(res, ctx: ReportContext) -> str:
    """The years evaluated with the number of provinces complete in each, and -- where a food
    subsystem is measured -- the last year of its grain data, which ends the evaluated span."""
    per_year = res.meta.get("complete_per_year", {})
    if not per_year:
        return ""
    years = ", ".join(tr("msg_year_count", ctx.lang, year=y, n=n) for y, n in per_year.items())
    text = tr("msg_years_evaluated", ctx.lang, system=value_label(res.meta.get("system"), ctx.lang),
              years=years, total=sum(per_year.values()))
    food = next((s for s in res.meta.get("subsystems", []) if s["key"] == "food"), None)
    if food is not None:
        raw = res.extra["indicators"]
        keys = [i["key"] for i in food["indicators"]]
        others = [c for c in raw.columns if c not in (*keys, "region", "year")]
        end = raw.dropna(subset=keys)["year"].max()
        if pd.notna(end):  # later province-years complete but for the grain data
            lost = raw[(raw["year"] > end)].dropna(subset=others)
            text += tr("msg_food_years", ctx.lang, end=int(end), lost=len(lost))
    return text


@section("evaluation", fallback=lambda ctx: topic_facts("evaluation", ctx))
def evaluation_section(ctx: ReportContext) -> Section:
    """The shipped indicator systems evaluated on the provincial panels, rows of the region's
    provinces (:func:`revitalize.evaluate.system.evaluate_system`; normalisation, weights and
    ranks use every province)."""
    from revitalize.evaluate.system import evaluate_system

    names = sorted({n for name in SYSTEMS for n in _system_datasets(name)})
    panels = dict(zip(names, ctx.datasets(*names)))
    tables, figures, head, years = {}, [], [], []
    for name in SYSTEMS:
        res = evaluate_system(name, panels, regions=list(ctx.provinces))
        tables[f"evaluation_{_SHORT[name]}"] = res
        tables[f"evaluation_{_SHORT[name]}_weights"] = ReportTable(table=res.extra["weights"],
                                                                   meta=res.meta)
        figures += _system_figures(name, res, ctx)
        head.append(_system_headline(res, ctx))
        years.append(_years_text(res, ctx))
    msg = tr("msg_evaluation", ctx.lang, parts="; ".join(head)) + "".join(years)
    return make_section("evaluation", ctx, tables=tables, figures=figures, datasets=names,
                        message=msg)


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


def band_text(fc, lang: str) -> tuple[str, str]:
    """What the forecast's band is and its backtest coverage, in ``lang``: GM(1,1)'s empirical
    band is an in-sample error range, not a prediction interval (its backtest coverage is far
    from the nominal level), so it is never called "95 %"."""
    chosen = fc.meta.get("model")
    scores = {r["model"]: r for r in fc.meta.get("auto", {}).get("scores", [])}
    interval = str(fc.meta.get("conventions", {}).get("interval", ""))
    if chosen == "gm11" or interval.startswith("empirical"):
        band = tr("empirical_band", lang)
    else:
        band = tr("prediction_interval", lang,
                  level=format_number(100 * FORECAST_LEVEL, "percent", decimals=0, unit=True))
    cov = scores.get(chosen, {}).get("coverage")
    return band, tr("interval_coverage", lang, coverage=pct(100 * cov) if cov is not None
                    else "-")


def _forecast_note(indicator: str, s, span, fc, lang: str) -> str:
    scores = {r["model"]: r["mape"] for r in fc.meta["auto"]["scores"]}
    fcast = _kind(fc.table, "forecast")
    upper, lower = _kind(fc.table, "upper"), _kind(fc.table, "lower")
    end = int(fcast.index.max())
    band, coverage = band_text(fc, lang)
    gaps = s.missing_years()
    return tr("msg_forecast_part", lang, what=tr(f"{indicator}_share", lang), a=span[0],
              b=span[1], model=value_label(fc.meta["model"], lang),
              scores=", ".join(f"{value_label(m, lang)} {pct(v)}" for m, v in scores.items()),
              end=end, value=pct(fcast[end]), band=band, lo=pct(lower.get(end)),
              hi=pct(upper.get(end)), coverage=coverage,
              gaps=tr("msg_gaps", lang, years=", ".join(map(str, gaps))) if gaps else "")


@section("forecast")
def forecast_section(ctx: ReportContext) -> Section:
    """The region's shares of the nation's GDP and population forecast by the model that scores
    best in a rolling-origin backtest (:func:`revitalize.forecast.backtest.auto_forecast`, GM(1,1)
    with its empirical in-sample error band -- labelled as such, with its backtest coverage --
    and the naive benchmark), from the longest gap-free span
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
                  f"({value_label(fc.meta['model'], ctx.lang)})",
            y_title=tr("share_pct", ctx.lang), interval_label=", ".join(band_text(fc, ctx.lang)),
            forecast_color=colour("model", fc.meta["model"]),
            forecast_name=f"{tr('forecast_label', ctx.lang)}: "
                          f"{value_label(fc.meta['model'], ctx.lang)}",
            source=short_source(ctx, ENERGY_PANEL)))
        head.append(_forecast_note(ind, s, span, fc, ctx.lang))
    msg = "; ".join(head) + ("。" if ctx.lang == "zh" else ".")
    return make_section("forecast", ctx, tables=tables, figures=figures, datasets=[ENERGY_PANEL],
                        message=msg)
