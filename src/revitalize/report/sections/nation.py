"""Sections on provincial panels and tables: weight in the nation, opening-up, innovation gap,
productivity (capital stock). Each calls the indicator API and shows its result unchanged."""

from __future__ import annotations

import pandas as pd

from revitalize.report.figures import bar_figure, line_figure
from revitalize.report.i18n import tr
from revitalize.report.section import (
    PROVINCIAL_IO_YEARS,
    ReportContext,
    ReportTable,
    Section,
    make_section,
    section,
)
from revitalize.report.sections.facts import topic_facts
from revitalize.results import build_meta

__all__ = ["ENERGY_PANEL", "RD_PANEL", "CAPITAL_PANEL", "headline_year", "innovation_section", "io_tables",
           "io_dataset", "opening_section", "productivity_section", "short_source",
           "weight_section"]

ENERGY_PANEL = "cn_prov_energy_panel"
RD_PANEL = "cn_prov_rd_fiscal"
CAPITAL_PANEL = "cn_prov_capital_inputs"


def io_dataset(year: int) -> str:
    """Registry name of the stacked provincial IO tables of ``year``."""
    return f"cn_prov_io_{year}_42"


def short_source(ctx: ReportContext, *names: str) -> str:
    """Short citation of datasets for a figure: name and the first clause of the registry's
    source (the full citation is in the section's sources)."""
    parts = []
    for name in names:
        text = ctx.dataset_source(name)["citation"].split(";")[0].split(", long")[0]
        if len(text) > 90:
            text = text[:90].rsplit(" ", 1)[0].rstrip(",") + " ..."
        parts.append(f"{name} ({text})")
    return "; ".join(parts)


def headline_year(values: pd.Series, year: int | None) -> int | None:
    """``year`` when ``values`` has a value there, else the last year with a value."""
    v = values.dropna()
    if v.empty:
        return None
    return int(year) if year is not None and int(year) in v.index else int(v.index.max())


def _fact_points(beside: pd.DataFrame, label: str) -> dict:
    rows = beside[beside["period"].str.fullmatch(r"\d{4}")]
    if rows.empty:
        return {}
    return {label: (rows["period"].astype(int).tolist(), rows["fact_value"].tolist(),
                    rows["fact_id"].tolist())}


@section("weight", fallback=lambda ctx: topic_facts("weight", ctx))
def weight_section(ctx: ReportContext) -> Section:
    """The region's share of the nation's GDP and population by year
    (:func:`revitalize.indicators.demography.share_of_reference`, reference 000000), with the
    fact base's figures beside (:func:`~revitalize.indicators.demography.beside_facts`)."""
    from revitalize.indicators.demography import beside_facts, share_of_reference

    (panel,) = ctx.datasets(ENERGY_PANEL)
    tables, series, points, head = {}, {}, {}, []
    for ind, fact in (("gdp", "gdp_share_of_national"),
                      ("population", "population_share_of_national")):
        res = share_of_reference(panel, ind, region=ctx.region, reference="000000")
        tables[f"weight_{ind}"] = res
        series[tr(ind, ctx.lang)] = res.table["share_pct"]
        beside = beside_facts(res, fact)
        if len(beside):
            tables[f"weight_{ind}_vs_facts"] = ReportTable(table=beside, meta=build_meta(
                "beside_facts", conventions={"fact_indicator": fact,
                                             "difference": "computed - fact value"}))
            points.update(_fact_points(beside, f"{tr(ind, ctx.lang)} ({tr('fact_base', ctx.lang)})"))
        y = headline_year(res.table["share_pct"], ctx.year)
        if y is not None:
            head.append(f"{ind} {res.table.loc[y, 'share_pct']:.2f}% in {y}")
    tables.update(topic_facts("weight", ctx))
    fig = line_figure(series, title=f"{ctx.region_name()}: {tr('weight', ctx.lang)}",
                      x_title=tr("year", ctx.lang), y_title=tr("share_pct", ctx.lang),
                      source=short_source(ctx, ENERGY_PANEL) + "; fact base", lang=ctx.lang,
                      points=points, mark_x=ctx.year)
    msg = (f"Share of the 31 provinces' total: {', '.join(head)}. Years where a province's value "
           "is flagged E (do not use) have no share; see the note column.")
    return make_section("weight", ctx, tables=tables, figures=[fig], datasets=[ENERGY_PANEL],
                        message=msg)


def io_tables(ctx: ReportContext, years) -> dict[int, dict]:
    """Stacked provincial tables of ``years`` (``ctx.io_year`` required, the others optional)."""
    (main,) = ctx.datasets(io_dataset(ctx.io_year))
    out = {ctx.io_year: main}
    for y in years:
        if y != ctx.io_year and ctx.has(io_dataset(y)):
            out[y] = ctx.datasets(io_dataset(y))[0]
    return dict(sorted(out.items()))


def _dependence_text(name: str, foreign: float, mixed: float) -> str:
    if pd.notna(foreign):
        return f"{name} foreign {foreign:.1f}%"
    if pd.notna(mixed):
        return f"{name} foreign and inter-provincial {mixed:.1f}%"
    return f"{name} not computable"


@section("opening", fallback=lambda ctx: topic_facts("opening", ctx))
def opening_section(ctx: ReportContext) -> Section:
    """Foreign and inter-provincial trade dependence of the region's provinces from their IO
    tables (:func:`revitalize.indicators.opening.trade_dependence_io`), beside the fact base."""
    from revitalize.indicators.opening import trade_dependence_io

    by_year = io_tables(ctx, [y for y in PROVINCIAL_IO_YEARS if y <= ctx.io_year])
    res = trade_dependence_io([t[p] for t in by_year.values() for p in ctx.provinces])
    t = res.table.reset_index()
    cats = [f"{ctx.region_name(r)} {y}" for r, y in zip(t["region"], t["year"])]
    groups = {tr("foreign", ctx.lang): t["foreign_trade_dependence"].tolist(),
              tr("domestic", ctx.lang): t["domestic_trade_dependence"].tolist(),
              tr("incl_interprovincial", ctx.lang): t["trade_incl_interprovincial"].tolist()}
    names = [io_dataset(y) for y in by_year]
    fig = bar_figure(cats, groups, title=f"{ctx.region_name()}: {tr('trade_dependence', ctx.lang)}",
                     x_title=tr("region", ctx.lang), y_title=tr("trade_dependence", ctx.lang),
                     source=short_source(ctx, *names), lang=ctx.lang)
    last = t[t["year"] == ctx.io_year]
    head = ", ".join(_dependence_text(ctx.region_name(r), f, m) for r, f, m in
                     zip(last["region"], last["foreign_trade_dependence"],
                         last["trade_incl_interprovincial"]))
    msg = (f"Trade dependence in {ctx.io_year} (over the table's value added): {head}. The 2007 "
           "tables mix foreign and inter-provincial trade and the 2002 tables hold only net "
           "outflow (see the note column).")
    tables = {"opening_trade_dependence": res, **topic_facts("opening", ctx)}
    return make_section("opening", ctx, tables=tables, figures=[fig], datasets=names, message=msg)


@section("innovation", fallback=lambda ctx: topic_facts("innovation", ctx))
def innovation_section(ctx: ReportContext) -> Section:
    """R&D intensity of the region (and each province) and its gap to the nation by year
    (:func:`revitalize.indicators.opening.rd_intensity_gap`), beside the fact base."""
    from revitalize.indicators.opening import rd_intensity_gap

    (panel,) = ctx.datasets(RD_PANEL)
    regions = ctx.provinces + (("NE",) if ctx.region == "NE" else ())
    res = rd_intensity_gap(panel, regions=regions, reference="000000")
    t = res.table
    series = {ctx.region_name(r): t.xs(r, level="region")["rd_intensity"] for r in regions}
    series[tr("nation", ctx.lang)] = t.xs(regions[0], level="region")["reference_intensity"]
    facts = topic_facts("innovation", ctx)
    points = {}
    for rows in facts.values():
        f = rows.table[(rows.table["indicator"] == "rd_intensity")
                       & rows.table["region"].isin([*regions, "000000"])]
        if len(f):
            points[tr("fact_base", ctx.lang)] = (f["period"].astype(int).tolist(),
                                                 f["value"].tolist(), f["fact_id"].tolist())
    fig = line_figure(series, title=f"{ctx.region_name()}: {tr('rd_intensity', ctx.lang)}",
                      x_title=tr("year", ctx.lang), y_title=tr("rd_intensity", ctx.lang),
                      source=short_source(ctx, RD_PANEL) + "; fact base", lang=ctx.lang,
                      points=points, mark_x=ctx.year)
    own = t.xs(ctx.region, level="region")
    y = headline_year(own["gap_pp"], ctx.year)
    msg = (f"{ctx.region_name()} R&D intensity {own.loc[y, 'rd_intensity']:.2f}% of GDP in {y}, "
           f"{own.loc[y, 'gap_pp']:+.2f} percentage points from the nation "
           f"({own.loc[y, 'reference_intensity']:.2f}%).")
    return make_section("innovation", ctx, tables={"innovation_rd_gap": res, **facts},
                        figures=[fig], datasets=[RD_PANEL], message=msg)


@section("productivity")
def productivity_section(ctx: ReportContext) -> Section:
    """Real capital stock of the region's provinces by the perpetual-inventory method
    (:func:`revitalize.indicators.productivity.capital_stock`, defaults: delta 0.096, Zhang et
    al. 2004 initial stock)."""
    from revitalize.indicators.productivity import capital_stock

    (panel,) = ctx.datasets(CAPITAL_PANEL)
    res = capital_stock(panel, regions=list(ctx.provinces))
    t = res.table
    series = {ctx.region_name(r): g.set_index("year")["capital_stock"] for r, g in t.groupby("region")}
    fig = line_figure(series, title=f"{ctx.region_name()}: {tr('capital_stock', ctx.lang)}",
                      x_title=tr("year", ctx.lang), y_title=tr("capital_stock", ctx.lang),
                      source=short_source(ctx, CAPITAL_PANEL), lang=ctx.lang, mark_x=ctx.year)
    est = sorted(t.loc[t["estimated"], "year"].unique())
    msg = ("Capital stock in constant 1952 prices, comparable within a province only (price-index "
           "levels differ across provinces). "
           + (f"Years {est[0]}-{est[-1]} rest on estimated investment (flag X). " if est else "")
           + "Total factor productivity is not computed: it needs provincial real output and "
             "employment series, which the registry's datasets do not hold.")
    return make_section("productivity", ctx, tables={"productivity_capital_stock": res},
                        figures=[fig], datasets=[CAPITAL_PANEL], message=msg)
