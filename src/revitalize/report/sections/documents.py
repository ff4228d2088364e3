"""What the documents say vs what the data say (issue 20): every founding-document figure the
raw data support, the system's number beside it, the difference and the reason
(``indicators.documents_vs_data``)."""

from __future__ import annotations

import pandas as pd

from revitalize.report.figures import bar_figure
from revitalize.report.i18n import indicator_label, tr
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.report.sections.efficiency import need
from revitalize.report.sections.nation import short_source

__all__ = ["CLOSE", "documents_section", "relative_gap"]

DATA = ("cn_prov_nbs_2000_2019", "cn_prov_trade_totals_2016_2024", "cn_national_nbs",
        "cn_prov_rd_fiscal", "cn_prov_fiscal_transfers_2014_2016", "cn_city_northeast")

CLOSE = 0.05  # a document's figure is reproduced when its relative gap is at most this


def relative_gap(table: pd.DataFrame) -> pd.Series:
    """|data - document| / |document| of each figure the data give a value for (NaN elsewhere)."""
    return (table["difference"].abs() / table["document_value"].abs()).where(
        table["data_value"].notna())


@section("documents")
def documents_section(ctx: ReportContext) -> Section:
    """The comparison table, and how many figures the data reproduce."""
    from revitalize.tasks import run
    from revitalize.tasks.regional import DocumentsVsDataRequest

    need(ctx, *DATA)
    res = run(DocumentsVsDataRequest(), ctx.catalog)
    t = res.table
    rel = relative_gap(t)
    close = int((rel <= CLOSE).sum())
    worst = t.loc[rel.idxmax()] if rel.notna().any() else None
    msg = tr("msg_documents", ctx.lang, n=len(t), with_value=int(t["data_value"].notna().sum()),
             close=close, worst=("" if worst is None else
                                 f"{worst['fact_id']} {indicator_label(worst['indicator'], ctx.lang)} "
                                 "(" + tr("doc_vs_data", ctx.lang, doc=worst["document_value"],
                                       data=f"{worst['data_value']:.2f}") + ")"))
    shown = t[rel.notna()]
    fig = bar_figure([f"{f} {i}" for f, i in zip(shown["fact_id"], shown["indicator"])],
                     {tr("ax_gap_pct", ctx.lang): 100 * (shown["difference"]
                                                         / shown["document_value"].abs())},
                     title=tr("fig_documents", ctx.lang), x_title=tr("ax_gap_pct", ctx.lang),
                     y_title=tr("ax_fact", ctx.lang),
                     source=short_source(ctx, *DATA[:2]) + "; " + tr("fact_base", ctx.lang), lang=ctx.lang,
                     horizontal=True)
    return make_section("documents", ctx, tables={"documents_vs_data": res}, figures=[fig],
                        datasets=DATA, message=msg)
