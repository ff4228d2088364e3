"""Sections on provincial panels and tables: weight in the nation, opening-up, innovation gap,
productivity (capital stock). Each calls the indicator API and shows its result unchanged."""

from __future__ import annotations

import pandas as pd

from revitalize.present import colour, format_number
from revitalize.report.figures import line_figure, panels_bar_figure
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

__all__ = ["CAPITAL_PANEL", "ENERGY_PANEL", "RD_PANEL", "capital_headline_year", "headline_year",
           "innovation_section", "io_dataset", "io_tables", "opening_section", "pct",
           "productivity_section", "province_colors", "short_source", "weight_section"]

ENERGY_PANEL = "cn_prov_energy_panel"
RD_PANEL = "cn_prov_rd_fiscal"
CAPITAL_PANEL = "cn_prov_capital_inputs"


def pct(value) -> str:
    """A percent value for running text (``4.67%``)."""
    return format_number(value, "percent", unit=True)


def province_colors(ctx: ReportContext, codes, suffix: str = "") -> dict[str, str]:
    """Trace name (region name in the report's language + ``suffix``) -> the region's colour."""
    return {f"{ctx.region_name(c)}{suffix}": colour("province", c) for c in codes}


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
            head.append(tr("msg_weight_part", ctx.lang, what=tr(ind, ctx.lang), year=y,
                           value=pct(res.table.loc[y, "share_pct"])))
    tables.update(topic_facts("weight", ctx))
    fig = line_figure(series, title=f"{ctx.region_name()}: {tr('weight', ctx.lang)}",
                      x_title=tr("year", ctx.lang), y_title=tr("share_pct", ctx.lang),
                      source=short_source(ctx, ENERGY_PANEL) + "; " + tr("fact_base", ctx.lang),
                      lang=ctx.lang, points=points, mark_x=ctx.year)
    msg = tr("msg_weight", ctx.lang, parts=", ".join(head))
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


def _dependence_text(ctx: ReportContext, code: str, foreign: float, domestic: float,
                     mixed: float) -> str:
    name = ctx.region_name(code)
    if pd.notna(foreign):
        return tr("dep_foreign", ctx.lang, province=name, foreign=pct(foreign),
                  domestic=pct(domestic))
    if pd.notna(mixed):
        return tr("dep_mixed", ctx.lang, province=name, value=pct(mixed))
    return tr("dep_none", ctx.lang, province=name)


@section("opening", fallback=lambda ctx: topic_facts("opening", ctx))
def opening_section(ctx: ReportContext) -> Section:
    """Foreign and inter-provincial trade dependence of the region's provinces from their IO
    tables (:func:`revitalize.indicators.opening.trade_dependence_io`), beside the fact base."""
    from revitalize.indicators.opening import trade_dependence_io

    by_year = io_tables(ctx, [y for y in PROVINCIAL_IO_YEARS if y <= ctx.io_year])
    res = trade_dependence_io([t[p] for t in by_year.values() for p in ctx.provinces])
    t = res.table.reset_index()
    cats = [f"{ctx.region_name(r)} {y}" for r, y in zip(t["region"], t["year"])]
    # one panel (own y axis) per quantity: foreign (~30 %) and inter-provincial (~470 %)
    # trade are never read on one scale
    panels = {tr("foreign_axis", ctx.lang): t["foreign_trade_dependence"].tolist(),
              tr("domestic_axis", ctx.lang): t["domestic_trade_dependence"].tolist()}
    if t["trade_incl_interprovincial"].notna().any():
        panels[tr("incl_interprovincial", ctx.lang) + " (%)"] = \
            t["trade_incl_interprovincial"].tolist()
    names = [io_dataset(y) for y in by_year]
    fig = panels_bar_figure(cats, panels, lang=ctx.lang,
                            title=f"{ctx.region_name()}: {tr('trade_dependence', ctx.lang)}",
                            x_title=tr("region", ctx.lang), source=short_source(ctx, *names))
    last = t[t["year"] == ctx.io_year]
    head = ", ".join(_dependence_text(ctx, r, f, d, m) for r, f, d, m in
                     zip(last["region"], last["foreign_trade_dependence"],
                         last["domestic_trade_dependence"], last["trade_incl_interprovincial"]))
    msg = tr("msg_opening", ctx.lang, year=ctx.io_year, parts=head)
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
    colors = {**province_colors(ctx, regions), tr("nation", ctx.lang): colour("province", "000000")}
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
                      source=short_source(ctx, RD_PANEL) + "; " + tr("fact_base", ctx.lang),
                      lang=ctx.lang, points=points, mark_x=ctx.year, colors=colors)
    own = t.xs(ctx.region, level="region")
    y = headline_year(own["gap_pp"], ctx.year)
    gap = own.loc[y, "gap_pp"]
    msg = tr("msg_innovation", ctx.lang, region=ctx.region_name(), year=y,
             value=pct(own.loc[y, "rd_intensity"]), nation=pct(own.loc[y, "reference_intensity"]),
             gap=("+" if gap > 0 else "") + format_number(gap, "percent"))
    return make_section("innovation", ctx, tables={"innovation_rd_gap": res, **facts},
                        figures=[fig], datasets=[RD_PANEL], message=msg)


def capital_headline_year(table: pd.DataFrame, year: int | None) -> int:
    """The year the capital section states: ``year`` when the table has it, else the last year
    whose investment is not estimated by the source (2017: GFCF after it is estimated)."""
    years = set(table["year"])
    if year is not None and int(year) in years:
        return int(year)
    published = table.loc[~table["estimated"].astype(bool), "year"]
    return int(published.max() if len(published) else table["year"].max())


@section("productivity")
def productivity_section(ctx: ReportContext) -> Section:
    """Capital stock of the region's provinces in constant 2000 prices and the capital-output
    ratio K/Y against real GDP at 2000 prices, with the 31 provinces' (sum over sum), 2000-2019,
    through the ``indicators.capital_stock`` task (perpetual inventory, delta 0.096, Zhang, Wu
    & Zhang 2004 initial stock) -- the answer the CLI and the HTTP API give."""
    from dataclasses import replace

    from revitalize.report.section import EFFICIENCY_DATA, MissingData
    from revitalize.tasks import run
    from revitalize.tasks.indicators import CapitalStockRequest

    # real GDP is the efficiency inputs', assembled from their datasets
    needs = (CAPITAL_PANEL, *(n for n in EFFICIENCY_DATA if n != CAPITAL_PANEL))
    missing = [n for n in needs if not ctx.has(n)]
    if missing:
        raise MissingData(missing)
    res = run(CapitalStockRequest(prices_of=2000, ratio_to_gdp=True, first_year=2000,
                                  last_year=2019), ctx.catalog)
    keep = [*ctx.provinces, *(("NE",) if ctx.region == "NE" else ()), "000000"]
    t = res.table[res.table["region"].isin(keep)].reset_index(drop=True)
    res = replace(res, table=t)
    nation = tr("capital_31", ctx.lang)
    names = {**{r: ctx.region_name(r) for r in keep if r != "000000"}, "000000": nation}
    wide = {col: t.pivot(index="year", columns="region", values=col)
            for col in ("capital_stock", "capital_output_ratio")}
    colors = {**province_colors(ctx, keep[:-1]), nation: colour("province", "000000")}
    src = short_source(ctx, CAPITAL_PANEL, "cn_prov_nbs_2000_2019")
    fig_k = line_figure({names[r]: wide["capital_stock"][r] for r in ctx.provinces},
                        title=tr("capital_fig_k", ctx.lang, region=ctx.region_name()),
                        x_title=tr("year", ctx.lang), y_title=tr("capital_ax_k", ctx.lang),
                        source=src, lang=ctx.lang, mark_x=ctx.year, colors=colors)
    fig_ky = line_figure({names[r]: wide["capital_output_ratio"][r]
                          for r in (*ctx.provinces, "000000")},
                         title=tr("capital_fig_ky", ctx.lang, region=ctx.region_name()),
                         x_title=tr("year", ctx.lang), y_title=tr("capital_ax_ky", ctx.lang),
                         source=src, lang=ctx.lang, mark_x=ctx.year, colors=colors)
    y = capital_headline_year(t, ctx.year)
    row = t[t["year"] == y].set_index("region")
    parts = (", " if ctx.lang == "en" else "，").join(
        tr("capital_part", ctx.lang, region=names[r],
           k=format_number(row.loc[r, "capital_stock"], "money"),
           ky=format_number(row.loc[r, "capital_output_ratio"], decimals=2))
        for r in keep if r != "000000")
    est = sorted(t.loc[t["estimated"], "year"].unique())
    msg = tr("msg_capital", ctx.lang, delta=res.meta["conventions"]["delta"], year=y,
             parts=parts, nation=format_number(row.loc["000000", "capital_stock"], "money"),
             nation_ky=format_number(row.loc["000000", "capital_output_ratio"], decimals=2),
             est=tr("msg_capital_estimated", ctx.lang, first=est[0], last=est[-1])
             if est else "")
    return make_section("productivity", ctx, tables={"productivity_capital_stock": res},
                        figures=[fig_k, fig_ky], datasets=needs, message=msg)
