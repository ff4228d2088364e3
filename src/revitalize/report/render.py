"""Render a :class:`~revitalize.report.build.Report`: one self-contained HTML file (plotly.js
embedded once, inline; no external resource, opens offline) and an Excel workbook of every table.

HTML: a contents table with each section's status, then each section (message, the command
that brings missing data or the error, figures, tables with their source and workbook sheet,
warnings, sources), an appendix of every method convention, the fact-base sentences cited and
the datasets used. Labels follow the report's language (:mod:`revitalize.report.i18n`).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jinja2
import pandas as pd

from revitalize.report.build import Report
from revitalize.report.factsheet import MIRROR_NOTE
from revitalize.report.i18n import column_label, tr
from revitalize.report.section import DATA_DIR_COMMAND, Section
from revitalize.results import Result, jsonable

__all__ = ["MAX_ROWS", "render_report_html", "report_workbook_bytes"]

MAX_ROWS = 40
_FACT_COLUMNS_ELSEWHERE = ("quote", "source_title")  # in the appendix and the workbook
PLOTLY_MARKER = "<!-- plotly.js (embedded once) -->"


def _fmt(v: Any) -> str:
    v = jsonable(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v == 0 or 1e-4 <= abs(v) < 1e7:
            return f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1e4 else f"{v:,.1f}"
        return f"{v:.4g}"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _frame(res: Result) -> pd.DataFrame:
    frame = res.table
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    return frame


def _source_of(res: Result, section: Section) -> str:
    provs = res.meta.get("provenance") or []
    if provs:
        return "; ".join(dict.fromkeys(f"{p.get('source')}" + (f" ({p.get('file')})" if p.get("file")
                                                                else "") for p in provs[:3]))
    names = [s["dataset"] for s in section.sources if s.get("kind") == "dataset"]
    return ", ".join(names) if names else "computed from the tables above"


def _table_view(name: str, res: Result, section: Section, lang: str) -> dict:
    frame = _frame(res)
    if "fact_id" in frame.columns:  # facts: every row; quotes go to the appendix, linked by id
        frame = frame.drop(columns=[c for c in _FACT_COLUMNS_ELSEWHERE if c in frame.columns])
        shown = frame
    else:
        shown = frame.head(MAX_ROWS)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    rows = []
    for rec in shown.itertuples(index=False):
        cells = []
        for value, num, col in zip(rec, numeric, frame.columns):
            text = _fmt(value)
            link = f"fact-{text}" if col == "fact_id" and text else None
            cells.append({"text": text, "num": bool(num), "link": link})
        role = getattr(rec, "role", None) if "role" in frame.columns else None
        rows.append({"cells": cells, "cls": role or ""})
    return {"name": name, "method": res.meta.get("method", ""), "source": _source_of(res, section),
            "headers": [column_label(c, lang) for c in frame.columns], "rows": rows,
            "total": len(res.table), "shown": len(shown)}


def _figure_html(fig: Any, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


def _section_view(i: int, s: Section, lang: str) -> dict:
    figures = [{"html": _figure_html(f, f"fig-{s.key}-{j}"),
                "title": (f.layout.title.text or ""),
                "source": (f.layout.meta or {}).get("source", "") if isinstance(f.layout.meta, dict)
                else ""} for j, f in enumerate(s.figures)]
    return {"n": i, "key": s.key, "title": s.title(lang), "status": s.status,
            "status_text": tr(f"status_{s.status}", lang), "message": s.message,
            "command": s.command, "figures": figures, "warnings": list(s.warnings),
            "tables": [_table_view(n, r, s, lang) for n, r in s.tables.items()],
            "sources": [_source_text(src) for src in s.sources]}


def _source_text(src: dict) -> str:
    kind = src.get("kind")
    if kind == "dataset":
        return (f"[{src['dataset']}] {src['citation']} -- file {src['file']}, sha256 "
                f"{str(src['sha256'])[:16]}..., read from {src.get('read_from')}")
    if kind == "fact_base":
        return f"[{src['id']}] {src['citation']} ({src.get('file') or 'fact base'})"
    tail = f" ({src['file']})" if src.get("file") else ""
    sha = f", sha256 {str(src['sha256'])[:16]}..." if src.get("sha256") else ""
    return f"{src.get('citation')}{tail}{sha}"


def _conventions(report: Report) -> list[dict]:
    merged: dict[str, dict] = {}
    for s in report.sections:
        for method, conv in s.conventions.items():
            key = method if method not in merged or merged[method] == dict(conv) else \
                f"{method} [{s.key}]"
            merged.setdefault(key, dict(conv))
    return [{"method": m, "entries": [(k, _fmt(v)) for k, v in sorted(c.items())]}
            for m, c in sorted(merged.items())]


def _citations(report: Report) -> list[dict]:
    rows = {}
    for s in report.sections:
        for res in s.tables.values():
            t = res.table
            if {"fact_id", "quote", "source"} <= set(t.columns):
                for r in t.itertuples(index=False):
                    rows.setdefault(r.fact_id, {"id": r.fact_id, "source": r.source,
                                                "quote": r.quote})
    return [rows[k] for k in sorted(rows)]


def _datasets(report: Report) -> list[str]:
    seen = {}
    for s in report.sections:
        for src in s.sources:
            if src.get("kind") == "dataset":
                seen.setdefault(src["dataset"], _source_text(src))
    return list(seen.values())


def _template() -> jinja2.Template:
    text = resources.files("revitalize.report").joinpath("templates/report.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def render_report_html(report: Report) -> str:
    """The report as one self-contained HTML document (UTF-8 text): plotly.js inline once, no
    ``src``/``href`` to any other resource."""
    from plotly.offline import get_plotlyjs

    lang, meta = report.lang, report.meta
    name = meta["region_name_cn"] if lang == "zh" else meta["region_name_en"]
    sections = [_section_view(i + 1, s, lang) for i, s in enumerate(report.sections)]
    data = ", ".join(x for x in (meta.get("data_dir"), meta.get("store") and f"store {meta['store']}")
                     if x) or tr("embedded_only", lang)
    has_figures = any(s.figures for s in report.sections)
    return _template().render(
        lang=lang, t=lambda key, **kw: tr(key, lang, **kw), sections=sections,
        title=f"{name} \u2014 {tr('report_title', lang)}", region=report.region,
        scope_note=tr("scope_ne", lang) if report.region == "NE" else "",
        data=data, io_year=meta.get("io_year"), year=meta.get("year"),
        failed=[s for s in sections if s["status"] == "failed"],
        data_dir_command=DATA_DIR_COMMAND, mirror_note=MIRROR_NOTE,
        conventions=_conventions(report),
        citations=_citations(report), datasets=_datasets(report),
        plotly_marker=PLOTLY_MARKER, plotlyjs=get_plotlyjs() if has_figures else "",
        version=meta.get("version"), generated=meta.get("generated"))


def report_workbook_bytes(report: Report) -> bytes:
    """An .xlsx workbook: a ``contents`` sheet (table -> section, status, source), then one
    sheet per table (with its ``<name>_meta`` sheet), formula-like text escaped
    (:func:`revitalize.export.to_excel_bytes`)."""
    from revitalize.export import to_excel_bytes

    tables = report.tables()
    owner = {id(r): s for s in report.sections for r in s.tables.values()}
    contents = pd.DataFrame([{"sheet": n, "section": owner[id(r)].key,
                              "title": owner[id(r)].title(report.lang),
                              "status": owner[id(r)].status, "method": r.meta.get("method"),
                              "rows": len(r.table), "source": _source_of(r, owner[id(r)])}
                             for n, r in tables.items()],
                            columns=["sheet", "section", "title", "status", "method", "rows",
                                     "source"])
    status = report.overview()[["section", "status", "message", "command"]]
    sheets: dict[str, Any] = {"contents": contents, "sections": status}
    sheets.update(tables)
    return to_excel_bytes(sheets)
