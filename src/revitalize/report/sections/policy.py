"""Did the policy work? (issue 18): synthetic control of the Northeast's GDP per capita (as %
of the province mean) before and after the 2003 strategy, with the pre-period fit, the post/pre
RMSPE ratio and the in-space placebo p-value (``policy.synthetic_control``). The report fits the
Northeast aggregate only (about 5 s with its 28 placebos); the three provinces are one command
away (``revitalize policy synthetic-control``, about 20 s)."""

from __future__ import annotations

import re

from revitalize.report.figures import line_figure
from revitalize.report.i18n import note_label, tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.efficiency import need
from revitalize.report.sections.nation import short_source

__all__ = ["placebo_count", "policy_section"]


def placebo_count(fit) -> int:
    """The in-space placebos the p-value counts: those ``included`` (pre-period fit within the
    cutoff), else every placebo path."""
    placebos = fit.extra.get("placebos")
    if placebos is not None and "included" in placebos:
        return int(placebos["included"].sum())
    return len(fit.extra.get("placebo_gaps", {}).columns)


@section("policy")
def policy_section(ctx: ReportContext) -> Section:
    """Synthetic control of the Northeast, 1990-2010, treatment 2003."""
    from revitalize.tasks import run
    from revitalize.tasks.policy import SyntheticControlRequest

    need(ctx, "cn_prov_energy_panel")
    lang = ctx.lang
    req = SyntheticControlRequest(treated=("NE",), paths=True)
    res = run(req, ctx.catalog)
    summary = res.meta["summary"][0]
    n_placebo = placebo_count(res.extra["fits"]["NE"])
    t = res.table.set_index("year")
    fig = line_figure({tr("treated_ne", lang): t["treated"], tr("synthetic", lang): t["synthetic"]},
                      title=tr("fig_synth", lang), x_title=tr("year", lang),
                      y_title=tr("ax_rel_gdp_pc", lang), mark_x=req.treatment_start - 0.5,
                      source=short_source(ctx, "cn_prov_energy_panel"), lang=lang)
    msg = tr("msg_policy", lang, rmspe=f"{summary['pre_rmspe']:.2f}",
             gap=f"{summary['mean_post_gap']:+.2f}", ratio=f"{summary['ratio']:.2f}",
             p=f"{summary['p_value']:.2f}", n=n_placebo, pmin=f"{1 / (n_placebo + 1):.3f}",
             donors=re.sub(r"\b\d{6}\b", lambda m: ctx.region_name(m.group(0)),
                           str(summary["main_donors"])),
             verdict=note_label(summary["verdict"], lang))
    return make_section("policy", ctx, tables={"synthetic_control_ne": res}, figures=[fig],
                        datasets=["cn_prov_energy_panel"], message=msg)
