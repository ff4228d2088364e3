"""Rank stability of key sectors under coefficient uncertainty (issue 8 in the report).

Monte Carlo over the provincial IO coefficients (:func:`revitalize.uncertainty.io_monte_carlo`,
lognormal noise sigma 0.1, 300 draws, seed 0: reproducible) shows how sure the influence ranking
of each province's sectors is: the probability of each rank position and percentile intervals.
"""

from __future__ import annotations

from revitalize.present import format_number
from revitalize.report.i18n import tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.industry import slug
from revitalize.report.sections.nation import io_dataset, io_tables, short_source

__all__ = ["DRAWS", "SEED", "SIGMA", "stability_section"]

DRAWS, SEED, SIGMA = 300, 0, 0.1


def _relabel(heat, bars, table, lang: str) -> None:
    """Sector labels, legend names and the colour-bar title in the report's language."""
    names = table["name_cn"] if lang == "zh" and "name_cn" in table else table["name"]
    by_en = {f"{code} {en}": f"{code} {names[code]}" for code, en in table["name"].items()}
    for fig in (heat, bars):
        for trace in fig.data:
            if trace.y is not None:
                trace.y = [by_en.get(str(y), y) for y in trace.y]
    heat.data[0].colorbar.title.text = tr("p_rank", lang)
    for trace in bars.data:
        trace.name = tr({"point estimate": "point_estimate"}.get(trace.name, trace.name), lang)


@section("stability")
def stability_section(ctx: ReportContext) -> Section:
    """Rank-probability heat map and interval chart of the influence coefficient per province."""
    from revitalize.io.multipliers import leontief_model
    from revitalize.uncertainty import interval_chart, io_monte_carlo, rank_probability_heatmap

    tables = io_tables(ctx, [])[ctx.io_year]
    out, figures, notes = {}, [], []
    for p in ctx.provinces:
        model = leontief_model(tables[p])  # the IO family's defaults, as io linkages uses
        mc = io_monte_carlo(model, draws=DRAWS, sigma=SIGMA, seed=SEED)
        out[f"rank_stability_{slug(p)}"] = mc
        name = ctx.region_name(p)
        source = short_source(ctx, io_dataset(ctx.io_year))
        title = f"{name} {ctx.io_year}: {tr('stability', ctx.lang)}"
        heat = rank_probability_heatmap(mc, max_items=15, title=title)
        bars = interval_chart(mc, "rank", max_items=15, title=title)
        _relabel(heat, bars, mc.table, ctx.lang)
        for fig, x_title in ((heat, tr("rank_position", ctx.lang)),
                             (bars, tr("rank_interval", ctx.lang))):
            fig.update_xaxes(title_text=x_title)
            fig.update_layout(meta={"source": source})
            figures.append(fig)
        t = mc.table
        top = t["rank"].idxmin()
        notes.append(tr("msg_stability_part", ctx.lang, province=name, code=top,
                        p=format_number(mc.rank_probability.loc[top].iloc[0], "probability"),
                        share=format_number(100 * t["p_same_class"].mean(), "percent",
                                            decimals=0, unit=True)))
    msg = tr("msg_stability", ctx.lang, draws=DRAWS, sigma=SIGMA, seed=SEED,
             parts="; ".join(notes))
    return make_section("stability", ctx, tables=out, figures=figures,
                        datasets=[io_dataset(ctx.io_year)], message=msg)
