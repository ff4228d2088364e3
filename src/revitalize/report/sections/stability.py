"""Rank stability of key sectors under coefficient uncertainty (issue 8 in the report).

Monte Carlo over the provincial IO coefficients (:func:`revitalize.uncertainty.io_monte_carlo`,
lognormal noise sigma 0.1, 300 draws, seed 0: reproducible) shows how sure the influence ranking
of each province's sectors is: the probability of each rank position and percentile intervals.
"""

from __future__ import annotations

from revitalize.report.i18n import tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.industry import slug
from revitalize.report.sections.nation import io_dataset, io_tables, short_source

__all__ = ["DRAWS", "SEED", "SIGMA", "stability_section"]

DRAWS, SEED, SIGMA = 300, 0, 0.1


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
        for fig, x_title in ((heat, "rank position (1 = highest influence)"),
                             (bars, "rank (percentile interval)")):
            if not fig.layout.xaxis.title.text:
                fig.update_xaxes(title_text=x_title)
            fig.update_layout(meta={"source": source})
            figures.append(fig)
        t = mc.table
        top = t["rank"].idxmin()
        notes.append(f"{name}: sector {top} ranks first with probability "
                     f"{mc.rank_probability.loc[top].iloc[0]:.2f}; key-sector class unchanged in "
                     f"{t['p_same_class'].mean():.0%} of draws on average")
    msg = (f"{DRAWS} draws of lognormal coefficient noise (sigma {SIGMA}, seed {SEED}); ranks of "
           "the influence coefficient. " + "; ".join(notes))
    return make_section("stability", ctx, tables=out, figures=figures,
                        datasets=[io_dataset(ctx.io_year)], message=msg)
