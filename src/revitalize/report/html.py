"""Self-contained HTML rendering of report results (no external resources, opens offline)."""

from __future__ import annotations

import datetime as _dt
import html
from importlib import resources

import jinja2
import pandas as pd

from revitalize.report.factsheet import FactSheet

__all__ = ["bar_chart_svg", "render_factsheet_html"]


def _template(name: str) -> jinja2.Template:
    text = resources.files("revitalize.report").joinpath(f"templates/{name}").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def _fmt(v: float) -> str:
    if pd.isna(v):
        return ""
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e5 else f"{v:,.0f}"


def bar_chart_svg(labels: list[str], values: list[float], unit: str, *, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG, its axis labelled with ``unit``.

    Negative values are drawn to the left of a zero line. Text is escaped.
    """
    n = len(values)
    if n == 0:
        return ""
    bar_h, gap, left, right, top = 18, 6, 210, 70, 8
    height = top + n * (bar_h + gap) + 28
    vmax = max(max(values), 0.0)
    vmin = min(min(values), 0.0)
    span = (vmax - vmin) or 1.0
    plot_w = width - left - right
    x0 = left + plot_w * (-vmin / span)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="bar chart in {html.escape(unit)}">']
    for i, (lab, v) in enumerate(zip(labels, values)):
        y = top + i * (bar_h + gap)
        w = plot_w * abs(v) / span
        x = x0 if v >= 0 else x0 - w
        parts.append(f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end">'
                     f'{html.escape(lab)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" fill="#3b6ea5"/>')
        parts.append(f'<text x="{x + w + 4 if v >= 0 else x - 4:.1f}" y="{y + 13}" font-size="12" '
                     f'text-anchor="{"start" if v >= 0 else "end"}">{html.escape(_fmt(v))}</text>')
    axis_y = top + n * (bar_h + gap) + 4
    parts.append(f'<line x1="{x0:.1f}" y1="{top - 2}" x2="{x0:.1f}" y2="{axis_y}" stroke="#888"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{axis_y + 18}" font-size="12" '
                 f'text-anchor="middle" fill="#444">{html.escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _indicator_blocks(frame: pd.DataFrame) -> list[dict]:
    blocks = []
    for code, part in frame.groupby("indicator", sort=False):
        rows = []
        for r in part.to_dict(orient="records"):
            r["value_text"] = _fmt(r["value"])
            r["sector"] = "" if pd.isna(r.get("sector")) else r.get("sector", "")
            r["note"] = "" if pd.isna(r.get("note")) else r.get("note", "")
            rows.append(r)
        units = part["unit"].dropna().unique()
        chart = ""
        if len(units) == 1 and 2 <= len(part) <= 24:
            labels = [" ".join(str(x) for x in (r["region_name_en"], r["sector"], r["period"]) if x)
                      for r in rows]
            chart = bar_chart_svg(labels, [float(r["value"]) for r in rows], str(units[0]))
        blocks.append({"code": code, "label": part["indicator_label"].iloc[0],
                       "unit": ", ".join(map(str, units)), "rows": rows, "chart": chart})
    return blocks


def render_factsheet_html(sheet: FactSheet) -> str:
    """The fact sheet as one self-contained HTML document (UTF-8 text)."""
    from revitalize.data.facts import SOURCES

    template = _template("factsheet.html.j2")
    sections = [(topic, _indicator_blocks(part)) for topic, part in sheet.sections().items()]
    sources = []
    for sid in sheet.extra["sources"]:
        sources.append({"id": sid, "title": SOURCES[sid].citation(), "file": SOURCES[sid].file})
    citations = sheet.table.drop_duplicates("fact_id").sort_values("fact_id").to_dict(orient="records")
    meta = sheet.meta
    return template.render(
        title=f"{meta['region_name_en']} {meta['region_name_cn']} \u2014 fact sheet",
        subtitle="What the founding documents on the revitalization of Northeast China state, with sources.",
        sections=sections, data_sections=sheet.extra["data_sections"], sources=sources,
        mirror_note=sheet.extra["mirror_note"],
        citations=citations, conventions=sorted(dict(meta["conventions"]).items()),
        version=meta["version"], method=meta["method"],
        generated=_dt.datetime.now().isoformat(timespec="seconds"),
    )
