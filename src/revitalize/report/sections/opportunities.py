"""Where the Northeast can go (issue 18): industries its provinces do not yet specialise in,
ranked by relatedness density and complexity, with the out-of-sample AUC of density for the
entries of 1997-2017 (``relatedness.opportunities`` on 2002-2017 and ``relatedness.validation``
with its default span, 1997-2017)."""

from __future__ import annotations

from revitalize.report.figures import scatter_figure
from revitalize.report.i18n import tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.efficiency import need
from revitalize.report.sections.nation import short_source

__all__ = ["IO_SOURCES", "TOP", "VALIDATION_SOURCES", "opportunities_section"]

TOP = 3  # opportunities named per province

IO_SOURCES = ("cn_prov_io_2002_42", "cn_prov_io_2007_42", "cn_prov_io_2012_42",
              "cn_prov_io_2017_42")
VALIDATION_SOURCES = ("cn_prov_io_1997_38", *IO_SOURCES)


@section("opportunities")
def opportunities_section(ctx: ReportContext) -> Section:
    """Top opportunities by province (density x PCI) and the AUC of density."""
    from revitalize.tasks import run
    from revitalize.tasks.relatedness import OpportunitiesRequest, ValidationRequest

    need(ctx, *VALIDATION_SOURCES)
    lang = ctx.lang
    opp = run(OpportunitiesRequest(source=IO_SOURCES, regions=ctx.provinces), ctx.catalog)
    val = run(ValidationRequest(source=VALIDATION_SOURCES), ctx.catalog)
    years = val.meta["years"]
    v = val.table
    pooled = v[v["transition"] == "pooled"].set_index("predictor")
    t = opp.table
    name_col = "name_cn" if lang == "zh" else "name_en"
    tops = []
    for p in ctx.provinces:
        top = t[t["region"] == p].nsmallest(TOP, "rank")
        colon, comma = (": ", ", ") if lang == "en" else ("：", "、")
        tops.append(ctx.region_name(p) + colon + comma.join(top[name_col].astype(str)))
    msg = tr("msg_opportunities", lang, tops=("; " if lang == "en" else "；").join(tops),
             auc=f"{pooled.loc['density', 'auc']:.2f}", se=f"{pooled.loc['density', 'auc_se']:.2f}",
             entries=int(pooled.loc["density", "entries"]),
             span=f"{years[0]}-{years[-1]}" if lang == "en" else f"{years[0]}—{years[-1]}",
             nreg=val.meta["regions"],
             cands=int(pooled.loc["density", "candidates"]),
             rca=f"{pooled.loc['rca', 'auc']:.2f}",
             base=f"{pooled.loc['logit_baseline', 'auc']:.2f}"
             if "logit_baseline" in pooled.index else tr("n_a", lang),
             both=f"{pooled.loc['logit_density', 'auc']:.2f}"
             if "logit_density" in pooled.index else tr("n_a", lang),
             n=int(t["industry"].nunique()), year=int(opp.meta.get("year", 2017)))
    frame = t.assign(province=[ctx.region_name(r) for r in t["region"]],
                     label=t["industry"].astype(str) + " " + t[name_col].astype(str))
    fig = scatter_figure(frame, x="density", y="pci", label="label", group="province",
                         title=tr("fig_opportunities", lang), x_title=tr("ax_density", lang),
                         y_title=tr("ax_pci", lang),
                         source=short_source(ctx, *IO_SOURCES), lang=lang)
    return make_section("opportunities", ctx, tables={"opportunities": opp, "entry_auc": val},
                        figures=[fig], datasets=VALIDATION_SOURCES, message=msg)
