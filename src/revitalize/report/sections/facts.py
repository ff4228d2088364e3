"""The fact-sheet part of the report: what the founding documents state, each figure with the
sentence it comes from (:func:`revitalize.report.factsheet.build_factsheet`)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from revitalize.report.figures import bar_figure
from revitalize.report.i18n import indicator_label, tr, value_label
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
# figures the documents print that are not normalised like the computed sections' (Rasmussen
# coefficients have a sector mean of 1): said on the chart itself
_NOT_NORMALISED = ("influence_coefficient", "sensitivity_coefficient")


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
    name = "region_name_cn" if ctx.lang == "zh" else "region_name_en"
    for code, part in sheet.table.groupby("indicator", sort=False):
        units = part["unit"].dropna().unique()
        if len(units) != 1 or not 2 <= len(part) <= 24:
            continue
        labels = [" ".join(str(x) for x in (r[name], value_label(r["sector"], ctx.lang)
                                            if isinstance(r["sector"], str) else "",
                                            r["period"]) if x) + f" [{r['fact_id']}]"
                  for _, r in part.iterrows()]
        unit = value_label(str(units[0]), ctx.lang)
        title = indicator_label(code, ctx.lang, str(part["indicator_label"].iloc[0]))
        if code in _NOT_NORMALISED:
            title += f"<br><sup>{tr('not_normalised', ctx.lang)}</sup>"
        fig = bar_figure(labels, {unit: part["value"].tolist()}, title=title, x_title=unit,
                         y_title="", horizontal=True, lang=ctx.lang,
                         source=tr("fact_base_source", ctx.lang, ids=", ".join(part["fact_id"])))
        if code in _NOT_NORMALISED:
            fig.update_layout(margin={"t": 110})
        out.append(fig)
        if len(out) == _MAX_FIGURES:
            break
    return out


@section("facts")
def facts_section(ctx: ReportContext) -> Section:
    """Every fact-base record on the region and its comparators, grouped by topic, with a bar
    chart per indicator that has several figures in one unit."""
    sheet = fact_sheet(ctx)
    n_docs = sheet.table["source"].nunique()
    message = tr("msg_facts", ctx.lang, n=len(sheet.table), docs=n_docs,
                 region=sheet.meta["region_name_cn" if ctx.lang == "zh" else "region_name_en"])
    return make_section("facts", ctx, tables={"facts": sheet}, figures=_figures(sheet, ctx),
                        message=message, extra_sources=fact_sources(sheet.table))
