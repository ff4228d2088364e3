"""The fact-sheet part of the report: what the founding documents state, each figure with the
sentence it comes from (:func:`revitalize.report.factsheet.build_factsheet`)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from revitalize.report.figures import bar_figure
from revitalize.report.section import ReportContext, Section, make_section, section
from revitalize.results import Result

__all__ = ["TOPIC_OF_SECTION", "facts_section", "fact_sheet", "topic_facts"]

# report section -> fact-sheet topic whose facts it shows beside (or instead of) the data
TOPIC_OF_SECTION = {
    "weight": "Weight in the nation",
    "linkages": "Industrial linkages",
    "competitiveness": "Industrial structure",
    "opening": "Opening-up",
    "innovation": "Innovation and human capital",
    "evaluation": "Energy and environment",
}
_MAX_FIGURES = 14


def fact_sheet(ctx: ReportContext):
    """The region's :class:`~revitalize.report.factsheet.FactSheet` (built once per context)."""
    from revitalize.report.factsheet import build_factsheet

    if "factsheet" not in ctx.cache:
        ctx.cache["factsheet"] = build_factsheet(ctx.region)
    return ctx.cache["factsheet"]


def topic_facts(key: str, ctx: ReportContext) -> Mapping[str, Result]:
    """``{"facts_<key>": FactSheet rows of the section's topic}``, or ``{}`` when none."""
    topic = TOPIC_OF_SECTION.get(key)
    sheet = fact_sheet(ctx)
    rows = sheet.table[sheet.table["topic"] == topic] if topic else sheet.table.iloc[:0]
    if rows.empty:
        return {}
    return {f"facts_{key}": type(sheet)(table=rows.reset_index(drop=True), meta=sheet.meta,
                                        extra=sheet.extra)}


def fact_sources(frame: pd.DataFrame) -> list[dict]:
    """Fact-base documents cited by the rows of ``frame``."""
    from revitalize.data.facts import SOURCES

    return [{"kind": "fact_base", "id": sid, "citation": SOURCES[sid].citation(),
             "file": SOURCES[sid].file} for sid in sorted(frame["source"].unique())]


def _figures(sheet, ctx: ReportContext) -> list:
    out = []
    for _, part in sheet.table.groupby("indicator", sort=False):
        units = part["unit"].dropna().unique()
        if len(units) != 1 or not 2 <= len(part) <= 24:
            continue
        name = "region_name_cn" if ctx.lang == "zh" else "region_name_en"
        labels = [" ".join(str(x) for x in (r[name], r["sector"] if isinstance(r["sector"], str)
                                            else "", r["period"]) if x) + f" [{r['fact_id']}]"
                  for _, r in part.iterrows()]
        ids = ", ".join(part["fact_id"])
        out.append(bar_figure(labels, {str(units[0]): part["value"].tolist()},
                              title=str(part["indicator_label"].iloc[0]), x_title=str(units[0]),
                              y_title="", horizontal=True, lang=ctx.lang,
                              source=f"fact base {ids} (sentences cited in the appendix)"))
        if len(out) == _MAX_FIGURES:
            break
    return out


@section("facts")
def facts_section(ctx: ReportContext) -> Section:
    """Every fact-base record on the region and its comparators, grouped by topic, with a bar
    chart per indicator that has several figures in one unit."""
    sheet = fact_sheet(ctx)
    n_docs = sheet.table["source"].nunique()
    message = (f"{len(sheet.table)} figures from {n_docs} founding documents on "
               f"{sheet.meta['region_name_en']} and its comparators (grey rows: comparators); "
               "each cites the sentence it comes from.")
    return make_section("facts", ctx, tables={"facts": sheet}, figures=_figures(sheet, ctx),
                        message=message, extra_sources=fact_sources(sheet.table))
