"""Ties to the rest of China (issue 18): how much of a unit of final demand spent in each
Northeast province generates output at home, in the other Northeast provinces and in the rest
of China, from a Chenery-Moses interregional model of the 2017 provincial tables
(``io.spillovers``)."""

from __future__ import annotations

from revitalize.report.figures import bar_figure
from revitalize.report.i18n import tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.efficiency import need
from revitalize.report.sections.nation import short_source

__all__ = ["spillovers_section"]

SOURCE = "cn_prov_io_2017_42"


@section("spillovers")
def spillovers_section(ctx: ReportContext) -> Section:
    """Retention and leakage of a demand shock in each Northeast province, 2017."""
    from revitalize.tasks import run
    from revitalize.tasks.structure import SpilloversRequest

    need(ctx, SOURCE)
    lang = ctx.lang
    res = run(SpilloversRequest(source=SOURCE), ctx.catalog)
    t = res.table.set_index("region")
    ne = [p for p in ctx.provinces if p in t.index]
    home = [t.loc[p, f"output_in_{p}"] for p in ne]
    other_ne = [sum(t.loc[p, f"output_in_{q}"] for q in ne if q != p) for p in ne]
    rest = [t.loc[p, "output_in_rest"] for p in ne]
    fig = bar_figure([ctx.region_name(p) for p in ne],
                     {tr("at_home", lang): home, tr("other_ne", lang): other_ne,
                      tr("rest_of_china", lang): rest},
                     title=tr("fig_spill", lang), x_title=tr("province", lang),
                     y_title=tr("ax_output_per_unit", lang), source=short_source(ctx, SOURCE),
                     lang=lang)
    parts = [tr("msg_spill_part", lang, province=ctx.region_name(p),
                out=f"{100 * t.loc[p, 'output_retained_share']:.0f}",
                va=f"{100 * t.loc[p, 'value_added_retained_share']:.0f}",
                rest=f"{rest[i]:.2f}", home=f"{home[i]:.2f}") for i, p in enumerate(ne)]
    msg = tr("msg_spillovers", lang, parts=" ".join(parts))
    return make_section("spillovers", ctx, tables={"spillovers_2017": res}, figures=[fig],
                        datasets=[SOURCE], message=msg)
