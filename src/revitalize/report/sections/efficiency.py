"""Productivity (issue 16) and the provinces' ranking by several decision methods with its
rank acceptability (issue 17), through the application tasks the CLI and HTTP API run.

* ``efficiency`` -- DEA (CCR, 2017), the Malmquist TFP index 2008-2017 and the green
  Malmquist-Luenberger index (CO2 as the bad output) of the provinces, the Northeast's ranks and
  whether its shortfall is technical change or catching up (``efficiency.*`` tasks);
* ``ranking`` -- the provinces in 2017 ranked by six MCDA methods on five criteria with entropy
  weights (``evaluate.compare``) and the TOPSIS rank acceptability under 10,000 weight draws
  uniform on the simplex (``uncertainty.mcda``, seed 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.report.figures import bar_figure
from revitalize.report.i18n import note_label, tr
from revitalize.report.section import (
    EFFICIENCY_DATA,
    MissingData,
    ReportContext,
    Section,
    make_section,
    section,
)
from revitalize.report.sections.nation import short_source

__all__ = ["SMAA_DRAWS", "SMAA_SEED", "efficiency_section", "need", "rank_scores",
           "ranking_section"]

SMAA_DRAWS, SMAA_SEED = 10_000, 0


def need(ctx: ReportContext, *names: str) -> None:
    """:class:`MissingData` naming every dataset of ``names`` the catalog cannot resolve."""
    missing = [n for n in names if not ctx.has(n)]
    if missing:
        raise MissingData(missing)


def rank_scores(score: pd.Series) -> pd.Series:
    """DEA ranks: 1 for the highest efficiency, ties sharing the best rank (``method="min"``)."""
    return score.rank(ascending=False, method="min")


def _int(x) -> object:
    """An integer rank, or '-' where there is none (NaN, NA)."""
    return "-" if x is None or bool(np.all(pd.isna(x))) else int(x)


def _pct(x: float, lang: str) -> str:
    """A change ``x`` (0.012 = +1.2 %) as a signed percent; "n/a" where there is none."""
    if x is None or bool(np.all(pd.isna(x))):
        return tr("n_a", lang)
    return f"{100 * x:+.1f} %" if lang == "en" else f"{100 * x:+.1f}%"


@section("efficiency")
def efficiency_section(ctx: ReportContext) -> Section:
    """DEA 2017, Malmquist and Malmquist-Luenberger 2008-2017 of the provinces."""
    from revitalize.tasks import run
    from revitalize.tasks.efficiency import DeaRequest, MalmquistRequest

    need(ctx, *EFFICIENCY_DATA)
    lang, names = ctx.lang, {p: ctx.region_name(p) for p in ctx.provinces}
    dea = run(DeaRequest(), ctx.catalog)
    mq = run(MalmquistRequest(summary=True), ctx.catalog)
    ml = run(MalmquistRequest(index="malmquist_luenberger", summary=True), ctx.catalog)
    score = dea.table["efficiency"]
    dea_rank = rank_scores(score)
    m, g = mq.table.set_index("region"), ml.table.set_index("region")
    parts = []
    for p, name in names.items():
        if p not in m.index:
            continue
        parts.append(tr("msg_eff_part", lang, province=name, score=f"{score.get(p, np.nan):.3f}",
                        rank=_int(dea_rank.get(p)), n=len(score),
                        tfp=_pct(m.loc[p, "tfpch"] - 1, lang), mrank=_int(m.loc[p, "rank"]),
                        mn=len(m), ec=_pct(m.loc[p, "effch"] - 1, lang),
                        tc=_pct(m.loc[p, "techch"] - 1, lang),
                        diag=tr(f"diag_{m.loc[p, 'diagnosis'].replace(' ', '_')}", lang),
                        ml=_pct(g.loc[p, "ml"] - 1, lang) if p in g.index else tr("n_a", lang),
                        mlrank=_int(g.loc[p, "rank"]) if p in g.index else "-", mln=len(g)))
    infeasible = int(ml.table["n_infeasible"].sum())
    pairs = int(ml.table["n_infeasible"].sum() + ml.table["n_transitions"].sum())
    caveats = ("；" if lang == "zh" else "; ").join(str(note_label(c, lang)) for c in dea.meta.get("caveats", []))
    none = sorted(set(m.index) - set(g.index))
    none_part = tr("msg_efficiency_none", lang, n_none=len(none),
                   none=", ".join(ctx.region_name(r) for r in none)) if none else ""
    msg = tr("msg_efficiency", lang, parts=" ".join(parts), infeasible=infeasible, pairs=pairs,
             caveats=caveats, none_part=none_part)
    src = short_source(ctx, *EFFICIENCY_DATA[:4])
    cats = [names.get(r, r) for r in m.index]
    fig1 = bar_figure(cats, {tr("effch", lang): (m["effch"] - 1) * 100,
                             tr("techch", lang): (m["techch"] - 1) * 100},
                      title=tr("fig_malmquist", lang), x_title=tr("ax_pct_year", lang),
                      y_title=tr("province", lang), source=src, lang=lang, horizontal=True)
    order = score.sort_values(ascending=False)
    fig2 = bar_figure([names.get(r, r) for r in order.index], {tr("dea_score", lang): order},
                      title=tr("fig_dea", lang), x_title=tr("ax_dea", lang),
                      y_title=tr("province", lang), source=src, lang=lang, horizontal=True)
    return make_section("efficiency", ctx, tables={"dea_2017": dea, "malmquist": mq,
                                                   "malmquist_luenberger": ml},
                        figures=[fig2, fig1], datasets=EFFICIENCY_DATA, message=msg)


@section("ranking")
def ranking_section(ctx: ReportContext) -> Section:
    """Six MCDA methods side by side and the TOPSIS rank acceptability (SMAA-2)."""
    from revitalize.tasks import run
    from revitalize.tasks.mcda import CompareRequest, SmaaRequest

    need(ctx, "cn_prov_energy_panel")
    lang = ctx.lang
    cmp_ = run(CompareRequest(), ctx.catalog)
    smaa = run(SmaaRequest(draws=SMAA_DRAWS, seed=SMAA_SEED), ctx.catalog)
    ranks, t = cmp_.table, smaa.table
    methods = [c for c in ranks.columns if c != "consensus"]
    parts = []
    for p in ctx.provinces:
        if p not in t.index:
            continue
        r = ranks.loc[p, methods]
        # the headline is the entropy-weighted TOPSIS rank of the comparison; SMAA samples
        # weights on the simplex, so its point rank is the equal-weight one
        parts.append(tr("msg_rank_part", lang, province=ctx.region_name(p),
                        rank=int(ranks.loc[p, "topsis"]), srank=int(t.loc[p, "rank"]),
                        lo=int(r.min()), hi=int(r.max()),
                        k=len(methods), ilo=int(t.loc[p, "rank_lo"]),
                        ihi=int(t.loc[p, "rank_hi"]),
                        same=f"{t.loc[p, 'p_same_rank']:.2f}", n=len(t)))
    msg = tr("msg_ranking", lang, parts=" ".join(parts), draws=SMAA_DRAWS, seed=SMAA_SEED,
             rho=f"{cmp_.meta['spearman_min']:.2f}", k=len(methods))
    prob = smaa.extra["rank_probability"]
    ne = [p for p in ctx.provinces if p in prob.index]
    fig = bar_figure([str(c) for c in prob.columns],
                     {ctx.region_name(p): prob.loc[p].to_numpy() for p in ne},
                     title=tr("fig_acceptability", lang), x_title=tr("ax_rank", lang),
                     y_title=tr("ax_probability", lang),
                     source=short_source(ctx, "cn_prov_energy_panel"), lang=lang)
    return make_section("ranking", ctx, tables={"methods": cmp_, "rank_acceptability": smaa},
                        figures=[fig], datasets=["cn_prov_energy_panel"], message=msg)
