"""Sections on the provincial input-output tables: industrial linkages and multipliers,
pillar-industry competitiveness, structural similarity of the provinces and the check of the
regionalization method. Each calls the io / indicators API and shows its result unchanged."""

from __future__ import annotations

import pandas as pd

from revitalize.present import colour, format_number
from revitalize.report.figures import bar_figure, heatmap_figure, line_figure, scatter_figure
from revitalize.report.i18n import tr, value_label
from revitalize.report.section import (
    PROVINCIAL_IO_YEARS,
    ReportContext,
    ReportTable,
    Section,
    make_section,
    section,
)
from revitalize.report.sections.facts import topic_facts
from revitalize.report.sections.nation import (
    io_dataset,
    io_tables,
    pct,
    province_colors,
    short_source,
)
from revitalize.results import build_meta

__all__ = ["NATIONAL_IO", "class_colors", "competitiveness_section", "linkages_section",
           "regionalization_section", "similarity_section", "slug"]

NATIONAL_IO = "cn_io_2017_42_noncomp"
REGIONALIZATION_YEAR = 2017
PILLARS = 10


def slug(code: str) -> str:
    """A short sheet-name-safe name of a region (``heilongjiang``, ``inner_mongolia``)."""
    from revitalize.model.regions import REGIONS

    return REGIONS[code].name_en.lower().replace(" ", "_")


def _sector_name(frame: pd.DataFrame, lang: str) -> pd.Series:
    return (frame["name_cn"] if lang == "zh" and "name_cn" in frame else frame["name"]).astype(str)


def _sector_label(frame: pd.DataFrame, lang: str) -> pd.Series:
    return frame.index.to_series().astype(str) + " " + _sector_name(frame, lang)


def class_colors(lang: str) -> dict[str, str]:
    """Key-sector class label in ``lang`` -> its colour (one palette for every chart)."""
    from revitalize.present import PALETTES

    return {value_label(k, lang): colour("key_sector_class", k)
            for k in PALETTES["key_sector_class"]}


@section("linkages", fallback=lambda ctx: topic_facts("linkages", ctx))
def linkages_section(ctx: ReportContext) -> Section:
    """Influence and sensitivity coefficients with key-sector classes
    (:func:`revitalize.io.linkages.linkages`) and type II multipliers
    (:func:`revitalize.io.multipliers.multipliers`) of each province's IO table."""
    from revitalize.tasks import run
    from revitalize.tasks.io import LinkagesRequest, MultipliersRequest

    io_tables(ctx, [])  # needs_data when the year's tables are absent
    source = io_dataset(ctx.io_year)
    out, figures, head, mult, techs = {}, [], [], {}, set()
    for p in ctx.provinces:
        # the same tasks, with the same defaults, as `revitalize io linkages|multipliers`
        lk = run(LinkagesRequest(source=source, region=p), ctx.catalog)
        mu = run(MultipliersRequest(source=source, region=p, type="II"), ctx.catalog)
        techs.add(str(lk.meta["conventions"].get("technology")))
        out[f"linkages_{slug(p)}"], out[f"multipliers_{slug(p)}"] = lk, mu
        frame = lk.table.assign(label=_sector_label(lk.table, ctx.lang),
                                code=lk.table.index.astype(str),
                                cls=lk.table["key_sector_class"].map(
                                    lambda v: value_label(v, ctx.lang)))
        figures.append(scatter_figure(
            frame, x="influence_coefficient", y="sensitivity_coefficient", label="label",
            group="cls", text="code", cross=(1.0, 1.0), lang=ctx.lang,
            colors=class_colors(ctx.lang),
            title=f"{ctx.region_name(p)} {ctx.io_year}: {tr('linkages', ctx.lang)}",
            x_title=tr("influence", ctx.lang), y_title=tr("sensitivity", ctx.lang),
            source=short_source(ctx, io_dataset(ctx.io_year))))
        mult[ctx.region_name(p)] = mu.table["output_multiplier"]
        top = lk.table["influence_coefficient"].idxmax()
        keys = lk.key_sectors().index.tolist()
        head.append(tr("msg_linkages_part", ctx.lang, province=ctx.region_name(p), code=top,
                       name=_sector_name(lk.table, ctx.lang)[top],
                       value=format_number(lk.table.loc[top, "influence_coefficient"]),
                       keys=", ".join(map(str, keys)) or "-"))
    labels = _sector_label(out[f"linkages_{slug(ctx.provinces[0])}"].table, ctx.lang)
    figures.append(bar_figure(labels.tolist(), {k: v.tolist() for k, v in mult.items()},
                              title=f"{ctx.region_name()} {ctx.io_year}: "
                                    f"{tr('output_multiplier', ctx.lang)}",
                              x_title=tr("output_multiplier", ctx.lang), y_title="",
                              source=short_source(ctx, io_dataset(ctx.io_year)), lang=ctx.lang,
                              horizontal=True, colors=province_colors(ctx, ctx.provinces)))
    out.update(topic_facts("linkages", ctx))
    how = "; ".join(tr(f"tech_{t}", ctx.lang) for t in sorted(techs))
    msg = tr("msg_linkages", ctx.lang, year=ctx.io_year, how=how, parts="; ".join(head))
    return make_section("linkages", ctx, tables=out, figures=figures,
                        datasets=[io_dataset(ctx.io_year)], message=msg)


def _pillars(t: pd.DataFrame, year: int, n: int) -> list[str]:
    """The ``n`` largest sectors of a province by gross output in ``year`` (its pillars)."""
    now = t[t["year"] == year]
    return now.sort_values("output", ascending=False)["sector"].head(n).tolist()


@section("competitiveness", fallback=lambda ctx: topic_facts("competitiveness", ctx))
def competitiveness_section(ctx: ReportContext) -> Section:
    """Market share in the nation and profit level of every sector of the region's provinces,
    in every provincial IO year up to the report's, on the report year's sector list
    (:func:`revitalize.indicators.competitiveness.market_share_profit`)."""
    from revitalize.indicators.competitiveness import market_share_profit

    by_year = io_tables(ctx, [y for y in PROVINCIAL_IO_YEARS if y <= ctx.io_year])
    res = market_share_profit(list(by_year.values()), reference="000000", regions=ctx.provinces,
                              incomplete_reference="present",
                              common_year=ctx.io_year if len(by_year) > 1 else None)
    t = res.table
    now = t[t["year"] == ctx.io_year].assign(
        label=lambda d: d["sector"] + " " + d["name"],
        province=lambda d: d["region"].map(ctx.region_name))
    names = [io_dataset(y) for y in by_year]
    source = short_source(ctx, *names)
    figures = [scatter_figure(now, x="market_share_pct", y="profit_level_pct", label="label",
                              group="province", lang=ctx.lang, source=source,
                              colors=province_colors(ctx, ctx.provinces),
                              title=f"{ctx.region_name()} {ctx.io_year}: "
                                    f"{tr('competitiveness', ctx.lang)}",
                              x_title=tr("market_share", ctx.lang),
                              y_title=tr("profit_level", ctx.lang))]
    head = []
    for p, part in t.groupby("region", sort=False):
        top = _pillars(part, ctx.io_year, PILLARS)
        sub = part[part["sector"].isin(top)]
        cats = [f"{s} {n}" for s, n in sub[sub["year"] == ctx.io_year][["sector", "name"]]
                .drop_duplicates().set_index("sector").reindex(top).reset_index().itertuples(
                    index=False)]
        groups = {str(y): g.set_index("sector")["market_share_pct"].reindex(top).tolist()
                  for y, g in sub.groupby("year")}
        figures.append(bar_figure(cats, groups, title=f"{ctx.region_name(p)}: "
                                  f"{tr('pillars', ctx.lang)}", lang=ctx.lang,
                                  x_title=tr("market_share", ctx.lang), y_title="",
                                  source=source, horizontal=True))
        lead = part[(part["year"] == ctx.io_year) & (part["sector"] == top[0])].iloc[0]
        head.append(tr("msg_competitiveness_part", ctx.lang, province=ctx.region_name(p),
                       code=lead["sector"], name=lead["name"],
                       share=pct(lead["market_share_pct"]), profit=pct(lead["profit_level_pct"])))
    missing = {y: m for y, m in res.meta.get("missing_reference_members", {}).items() if m}
    absent = "; ".join(f"{y}: {', '.join(ctx.region_name(c) for c in m)}"
                       for y, m in missing.items())
    msg = tr("msg_competitiveness", ctx.lang, n=PILLARS, year=ctx.io_year, parts="; ".join(head),
             missing=tr("msg_absent", ctx.lang, missing=absent) if missing else "")
    return make_section("competitiveness", ctx, tables={"competitiveness": res,
                                                        **topic_facts("competitiveness", ctx)},
                        figures=figures, datasets=names, message=msg)


def _sizes(tables: dict) -> tuple[pd.DataFrame, int]:
    sizes = pd.DataFrame({code: t.total_value_added() for code, t in tables.items()}).T
    sizes.index.name = "region"
    return sizes.clip(lower=0), int((sizes < 0).sum().sum())


@section("similarity")
def similarity_section(ctx: ReportContext) -> Section:
    """Structural similarity coefficient of every pair of provinces
    (:func:`revitalize.indicators.structure.structural_similarity`) and the Krugman
    specialisation index against the nation (:func:`~revitalize.indicators.structure.krugman_index`),
    on sector value added of the provincial IO tables."""
    from revitalize.indicators.structure import krugman_index, structural_similarity
    from revitalize.model.regions import members

    (tables,) = ctx.datasets(io_dataset(ctx.io_year))
    sizes, clipped = _sizes(tables)
    absent = [m for m in members("000000") if m not in sizes.index]
    # the 2002 and 2007 tables lack Tibet: the reference is then the provinces present, named
    ref_values = sizes.sum(axis=0) if absent else None
    sim = structural_similarity(sizes)
    kr = krugman_index(sizes, reference="000000", reference_values=ref_values)
    note = {"measure": "sector value added (VA001..VA004) of the provincial IO tables",
            "negative_value_added": f"{clipped} negative sector values set to 0 before shares",
            "krugman_reference": "sum of the provinces in the table" + (
                f" (absent: {', '.join(absent)})" if absent else " (all 31)")}
    kr = type(kr)(table=kr.table, meta={**kr.meta, "inputs": note})
    sim = type(sim)(table=sim.table, meta={**sim.meta, "inputs": note}, extra=sim.extra)
    pairs = sim.extra["pairs"]
    own = pairs[pairs["region_a"].isin(ctx.provinces) | pairs["region_b"].isin(ctx.provinces)]
    order = list(ctx.provinces) + [c for c in sim.table.index if c not in ctx.provinces]
    matrix = sim.table.loc[order, order]
    matrix.index = matrix.columns = [ctx.region_name(c) for c in order]
    fig = heatmap_figure(matrix, title=f"{tr('similarity', ctx.lang)} ({ctx.io_year})",
                         z_title=tr("similarity_coef", ctx.lang), lang=ctx.lang,
                         source=short_source(ctx, io_dataset(ctx.io_year)))
    inner = own[own["region_a"].isin(ctx.provinces) & own["region_b"].isin(ctx.provinces)]
    shown = inner if len(inner) else own.sort_values("similarity", ascending=False).head(3)
    head = ", ".join(f"{ctx.region_name(a)}-{ctx.region_name(b)} {format_number(s)}"
                     for a, b, s in shown.itertuples(index=False))
    msg = tr("msg_similarity", ctx.lang, year=ctx.io_year, parts=head, clipped=clipped)
    tables_out = {"similarity_matrix": sim, "krugman_index": kr,
                  "similarity_pairs": ReportTable(table=own.reset_index(drop=True), meta=sim.meta)}
    # manufacturing and producer-services shares beside the documents' 28 % / 20 % (issue 20)
    from revitalize.report.sections.carbon import structure_part

    shares, sentence, more, cited = structure_part(ctx)
    tables_out.update(shares)
    return make_section("similarity", ctx, tables=tables_out, figures=[fig],
                        datasets=[io_dataset(ctx.io_year), *more], message=msg + sentence,
                        extra_sources=cited)


@section("regionalization")
def regionalization_section(ctx: ReportContext) -> Section:
    """How well location-quotient regionalizations of the 2017 national table reproduce each
    province's survey table (:func:`revitalize.io.regionalize.validate_regionalization`, SLQ
    and FLQ over the delta grid; :func:`~revitalize.io.regionalize.best_delta`)."""
    from revitalize.io.regionalize import best_delta, validate_regionalization

    national, prov = ctx.datasets(NATIONAL_IO, io_dataset(REGIONALIZATION_YEAR))
    frame = validate_regionalization(national, [prov[p] for p in ctx.provinces],
                                     methods=("slq", "flq"))
    conv = dict(frame.attrs.get("conventions", {}))
    frame = frame.copy()
    frame.attrs = {}
    best = best_delta(frame)
    meta = build_meta("regionalization_validation", conventions=conv)
    series, points, head, colors = {}, {}, [], {}
    for p, g in frame.groupby("region", sort=False):
        flq = g[g["method"] == "flq"].set_index("delta")["mape_multiplier"]
        series[f"{ctx.region_name(p)} FLQ"] = flq
        slq = float(g.loc[g["method"] == "slq", "mape_multiplier"].iloc[0])
        points[f"{ctx.region_name(p)} SLQ"] = ([0.0], [slq], ["SLQ"])
        colors.update(province_colors(ctx, [p], " FLQ"))
        colors.update(province_colors(ctx, [p], " SLQ"))
        b = best[best["region"] == p].iloc[0]
        head.append(tr("msg_regionalization_part", ctx.lang, province=ctx.region_name(p),
                       delta=format_number(b["delta"], decimals=2),
                       mape=pct(b["mape_multiplier"]), slq=pct(slq)))
    fig = line_figure(series, title=f"{tr('regionalization', ctx.lang)} ({REGIONALIZATION_YEAR})",
                      x_title=tr("delta", ctx.lang), y_title=tr("mape_multiplier", ctx.lang),
                      source=short_source(ctx, NATIONAL_IO, io_dataset(REGIONALIZATION_YEAR)),
                      lang=ctx.lang, points=points, colors=colors)
    msg = tr("msg_regionalization", ctx.lang, year=REGIONALIZATION_YEAR, parts="; ".join(head))
    tables = {"regionalization_check": ReportTable(table=frame, meta=meta),
              "regionalization_best": ReportTable(table=best, meta=meta)}
    return make_section("regionalization", ctx, tables=tables, figures=[fig],
                        datasets=[NATIONAL_IO, io_dataset(REGIONALIZATION_YEAR)], message=msg)
