"""Decomposition of the decline (issue 18): the change of each Northeast province's output
2012-2017 into technology, final-demand structure and final-demand level, and the same for the
Northeast's share in the output of all provinces (``io.sda``), in current prices (the figure and
the tables) and, in the text, also in constant 2012 prices with one national price level
(``prices="national_gdp_deflator"``); provincial deflators are refused with the reason stated in
numbers."""

from __future__ import annotations

from revitalize.report.figures import bar_figure
from revitalize.report.i18n import tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.efficiency import need
from revitalize.report.sections.nation import short_source

__all__ = ["decline_section"]

SOURCES = ("cn_prov_io_2012_42", "cn_prov_io_2017_42")
FACTORS = ("technology", "final_demand_structure", "final_demand_level")


@section("decline")
def decline_section(ctx: ReportContext) -> Section:
    """SDA of output by province and of the Northeast's share, 2012-2017."""
    from revitalize.tasks import run
    from revitalize.tasks.structure import SdaRequest

    need(ctx, *SOURCES, "cn_prov_nbs_2000_2019")
    lang = ctx.lang
    sda = run(SdaRequest(source=SOURCES, regions=ctx.provinces), ctx.catalog)
    share = run(SdaRequest(source=SOURCES, regions=ctx.provinces, decompose="share"),
                ctx.catalog)
    deflated = run(SdaRequest(source=SOURCES, regions=ctx.provinces, decompose="share",
                              deflator="nbs_gdp_index"), ctx.catalog)
    constant = run(SdaRequest(source=SOURCES, regions=ctx.provinces,
                              prices="national_gdp_deflator"), ctx.catalog)
    tot = sda.extra["totals"]
    out = tot[tot["quantity"] == "output"].set_index("region")
    ktot = constant.extra["totals"]
    kout = ktot[ktot["quantity"] == "output"].set_index("region")
    yi = 1e4  # the tables' 10,000 yuan -> 100 million yuan
    cats = [ctx.region_name(r) for r in out.index]
    fig = bar_figure(cats, {tr(f, lang): out[f] / yi for f in (*FACTORS, "change")},
                     title=tr("fig_sda", lang), x_title=tr("province", lang),
                     y_title=tr("ax_yi_yuan", lang), source=short_source(ctx, *SOURCES),
                     lang=lang)
    s = share.table.iloc[0]
    levels = deflated.meta.get("price_levels", {})
    lv = ", ".join(f"{ctx.region_name(r)} {levels[r]['2017']:.2f}" for r in ctx.provinces
                   if r in levels)
    def sda_parts(key: str, frame) -> list[str]:
        return [tr(key, lang, province=ctx.region_name(r),
                   change=f"{frame.loc[r, 'change'] / yi:+,.0f}",
                   pct=f"{100 * frame.loc[r, 'change'] / frame.loc[r, 'start']:+.1f}",
                   tech=f"{frame.loc[r, 'technology'] / yi:+,.0f}",
                   struct=f"{frame.loc[r, 'final_demand_structure'] / yi:+,.0f}",
                   level=f"{frame.loc[r, 'final_demand_level'] / yi:+,.0f}")
                for r in frame.index]

    parts = sda_parts("msg_sda_part", out)
    kparts = sda_parts("msg_sda_part_constant", kout)
    p17 = constant.meta["price_levels"]["national"]["2017"]
    msg = tr("msg_decline_prices", lang, parts=" ".join(parts), start=f"{100 * s['start']:.2f}",
             end=f"{100 * s['end']:.2f}", tech=f"{100 * s['technology']:+.2f}",
             struct=f"{100 * s['final_demand_structure']:+.2f}",
             level=f"{100 * s['final_demand_level']:+.2f}", levels=lv, p=f"{p17:.3f}",
             constant=" ".join(kparts))
    return make_section("decline", ctx, tables={"sda_output": sda, "sda_share": share},
                        figures=[fig], datasets=[*SOURCES, "cn_prov_nbs_2000_2019"],
                        message=msg)
