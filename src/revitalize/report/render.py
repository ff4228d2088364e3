"""Render a :class:`~revitalize.report.build.Report`: one self-contained HTML file (plotly.js
embedded once, inline; no external resource, opens offline) and an Excel workbook of every table.

HTML: a contents table with each section's status, then each section (message, the command
that brings missing data or the error, figures, tables with their source and workbook sheet,
warnings, sources), an appendix of every method convention, the fact-base sentences cited and
the datasets used. Labels follow the report's language (:mod:`revitalize.report.i18n`).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import jinja2
import pandas as pd

from revitalize.present import format_number
from revitalize.report.build import Report, key_findings
from revitalize.report.factsheet import MIRROR_NOTE
from revitalize.report.i18n import (
    column_kind,
    column_label,
    column_unit,
    indicator_label,
    note_label,
    tr,
    value_label,
)
from revitalize.report.section import DATA_DIR_COMMAND, Section
from revitalize.results import Result, jsonable

__all__ = ["MAX_ROWS", "display_frame", "render_report_html", "report_workbook_bytes",
           "find_chromium", "html_to_pdf", "sector_names", "strip_local_paths"]

MAX_ROWS = 40
PLOTLY_MARKER = "<!-- plotly.js (embedded once) -->"
_REGION_COLUMNS = ("region", "region_a", "region_b", "dmu", "alternative")
_CATEGORY_COLUMNS = ("key_sector_class", "class", "class_mode", "coupling_class", "kind", "model",
                     "method", "level", "subsystem", "item", "topic", "role", "unit", "estimated",
                     "diagnosis", "status", "transition", "predictor", "quantity", "qualifier",
                     "data_method", "emission_key", "linkage_class", "table")
_KIND_ORDER = ("forecast", "lower", "upper", "observed", "fitted")
# data notes written by the package (English), shown as recorded and marked so
_VERBATIM_COLUMNS = ("note", "flags")


def _fmt(v: Any) -> str:
    """A value outside a typed table column (conventions): numbers as coefficients."""
    v = jsonable(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return format_number(v, "year" if isinstance(v, int) else "coefficient",
                             decimals=None if isinstance(v, int) or abs(v) >= 1e-3 else 6)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _region_name(code: Any, lang: str) -> str:
    from revitalize.model.regions import REGIONS

    reg = REGIONS.get(str(code))
    if reg is None:
        return "" if code is None or (isinstance(code, float) and pd.isna(code)) else \
            value_label(code, lang)
    return reg.name_cn if lang == "zh" else reg.name_en


def _forecast_wide(frame: pd.DataFrame) -> pd.DataFrame:
    """A forecast table (series, period, value, kind) as one row per period with a column per
    kind, the forecast periods first (they are what the table is for)."""
    wide = frame.pivot_table(index="period", columns="kind", values="value", aggfunc="first")
    wide = wide[[k for k in _KIND_ORDER if k in wide.columns]]
    fc = wide["forecast"].notna() if "forecast" in wide else pd.Series(False, wide.index)
    wide = pd.concat([wide[fc], wide[~fc].sort_index(ascending=False)])
    wide.columns.name = None
    return wide.reset_index().rename(columns={"period": "year"})


def sector_names(report: Report) -> dict[str, str]:
    """English sector name -> Chinese, from every table of ``report`` holding both (tables
    with only the English ``name`` column show the Chinese one in a Chinese report)."""
    out: dict[str, str] = {}
    for s in report.sections:
        for res in s.tables.values():
            t = res.table
            if "name" in t.columns and "name_cn" in t.columns:
                out.update(zip(t["name"].astype(str), t["name_cn"].astype(str)))
    return out


def display_frame(name: str, res: Result, lang: str,
                  names: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table ``name`` as a reader sees it, in ``lang``: region codes as names, sector
    names in the language (the other language's column dropped), category values translated,
    fact-base labels translated, forecasts one row per year with the forecasts first. Numbers
    are left unformatted; ``names``: English -> Chinese sector names (:func:`sector_names`).
    Returns the frame and, per column, its quantity kind (or "")."""
    frame = res.table
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    frame = frame.copy()
    if {"series", "period", "value", "kind"} <= set(frame.columns):
        frame = _forecast_wide(frame)
    if {"fact_id", "indicator", "indicator_label"} <= set(frame.columns):
        frame["indicator_label"] = [indicator_label(c, lang, d) for c, d in
                                    zip(frame["indicator"], frame["indicator_label"])]
        drop = ["indicator", "quote", "source_title", "region_name_en", "region_name_cn"]
        if lang == "zh":  # curators' notes are English: shown verbatim beside the quotations
            drop.append("note")
        frame = frame.drop(columns=[c for c in drop if c in frame.columns])
        if "sector" in frame:
            frame["sector"] = frame["sector"].map(lambda v: value_label(v, lang) if v else v)
    if "name" in frame.columns and "name_cn" in frame.columns:
        frame = frame.drop(columns=["name" if lang == "zh" else "name_cn"])
    elif lang == "zh" and "name" in frame.columns and names:
        frame["name"] = frame["name"].map(lambda v: names.get(str(v), value_label(v, lang)))
    if {"name_cn", "name_en"} <= set(frame.columns):
        frame = frame.drop(columns=["name_en" if lang == "zh" else "name_cn"])
    frame = frame.drop(columns=[c for c in ("region_en", "region_cn") if c in frame.columns])
    if "reason" in frame.columns:  # the package's notes in the report's language
        frame["reason"] = frame["reason"].map(lambda v: note_label(v, lang))
    for col in _REGION_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map(lambda c: _region_name(c, lang))
    if "peers" in frame.columns:  # DEA peers: a list of region codes
        frame["peers"] = frame["peers"].map(lambda v: ", ".join(
            _region_name(c.strip(), lang) for c in v.split(",")) if isinstance(v, str) else v)
    if name.startswith("similarity_matrix"):
        frame.columns = [c if c in _REGION_COLUMNS else _region_name(c, lang)
                         for c in frame.columns]
    for col in _CATEGORY_COLUMNS:
        if col in frame.columns and not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: value_label(v, lang) if isinstance(v, str) else v)
    for col in frame.columns:  # yes / no in the report's language
        if pd.api.types.is_bool_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: value_label(str(bool(v)), lang))
    kinds = {}
    for col in frame.columns:
        kind = column_kind(col, name)
        if kind is None and name.startswith(("forecast_", "similarity_matrix")) \
                and pd.api.types.is_numeric_dtype(frame[col]):
            kind = "percent" if name.startswith("forecast_") else "coefficient"
        if kind is None and pd.api.types.is_numeric_dtype(frame[col]) \
                and not pd.api.types.is_bool_dtype(frame[col]):
            kind = "coefficient"
        kinds[str(col)] = kind or ""
    return frame, kinds


def _header(col: str, name: str, lang: str) -> tuple[str, str]:
    """(label, unit) of a displayed column."""
    if name.startswith("forecast_") and col in _KIND_ORDER:
        return value_label(col, lang), column_unit("value", lang, "forecast")
    if name.startswith("similarity_matrix") and col not in _REGION_COLUMNS:
        return col, column_unit("similarity", lang)
    label = column_label(col, lang, name, unit=False)
    return label, column_unit(col, lang, name)


def _source_of(res: Result, section: Section, lang: str = "en") -> str:
    provs = res.meta.get("provenance") or []
    if provs:
        return "; ".join(dict.fromkeys(f"{p.get('source')}" + (f" ({_short_path(p.get('file'))})"
                                                                if p.get("file") else "")
                                       for p in provs[:3]))
    names = [s["dataset"] for s in section.sources if s.get("kind") == "dataset"]
    return ", ".join(names) if names else tr("computed_above", lang)


def _short_path(path: Any) -> str:
    """A file or directory name without the local absolute part (shared files carry no
    /home, /tmp... paths)."""
    from pathlib import PurePath

    text = str(path)
    return PurePath(text).name if PurePath(text).is_absolute() else text


_ABS_DIR = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?(?:[/\\][^\s/\\:;,'\"()<>]+)+[/\\]")


def strip_local_paths(text: str) -> str:
    """``text`` with the directory part of absolute paths removed (``/home/u/data/x.csv`` ->
    ``x.csv``): a shared report names files, never the machine it was built on."""
    return _ABS_DIR.sub("", str(text))


def _table_view(name: str, res: Result, section: Section, lang: str,
                names: dict[str, str] | None = None) -> dict:
    frame, kinds = display_frame(name, res, lang, names)
    shown = frame if "fact_id" in frame.columns else frame.head(MAX_ROWS)
    headers = []
    for col in frame.columns:
        label, unit = _header(str(col), name, lang)
        headers.append({"label": label, "unit": unit, "kind": kinds[str(col)]})
    rows = []
    for rec in shown.itertuples(index=False):
        cells = []
        for value, col in zip(rec, frame.columns):
            kind = kinds[str(col)]
            text = format_number(value, kind) if kind else ("" if value is None or (
                isinstance(value, float) and pd.isna(value)) else str(value))
            link = f"fact-{text}" if col == "fact_id" and text else None
            cells.append({"text": text, "num": bool(kind), "link": link,
                          "verbatim": col in _VERBATIM_COLUMNS and bool(text)})
        rows.append({"cells": cells, "cls": "comparator" if getattr(rec, "role", "") in (
            "comparator", value_label("comparator", lang)) else ""})
    return {"name": name, "method": res.meta.get("method", ""),
            "source": _source_of(res, section, lang), "headers": headers, "rows": rows,
            "total": len(frame), "shown": len(shown),
            "note": tr("forecast_rows", lang) if name.startswith("forecast_") else ""}


def _figure_html(fig: Any, div_id: str, lang: str = "en") -> str:
    """A figure's ``<div>`` and script; plotly.js' own interface (modebar tooltips, date
    formats) in the report's language (:mod:`revitalize.report.plotly_locale`)."""
    from revitalize.report.plotly_locale import plotly_config

    # showSendToCloud: plotly.js 4 adds a "Share chart..." button by default, which offers to
    # upload the chart's data to Plotly Cloud -- not what a shared report should offer (and
    # plotly.js has no Chinese for it)
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=plotly_config(lang, displaylogo=False, responsive=True,
                                            showSendToCloud=False))


def _figure_view(f: Any, div_id: str, lang: str = "en") -> dict:
    meta = f.layout.meta if isinstance(f.layout.meta, dict) else {}
    return {"html": _figure_html(f, div_id, lang), "title": f.layout.title.text or "",
            "source": meta.get("source", "")}


def _section_view(i: int, s: Section, lang: str, names: dict[str, str] | None = None) -> dict:
    message = strip_local_paths(s.message)
    if s.status == "needs_data":
        message = tr("msg_needs", lang, names=", ".join(s.needs))
    return {"n": i, "key": s.key, "title": s.title(lang), "status": s.status,
            "status_text": tr(f"status_{s.status}", lang), "message": message,
            "command": s.command,
            "figures": [_figure_view(f, f"fig-{s.key}-{j}", lang)
                        for j, f in enumerate(s.figures)],
            "warnings": [strip_local_paths(w) for w in s.warnings],
            "tables": [_table_view(n, r, s, lang, names) for n, r in s.tables.items()],
            "sources": [_source_text(src, lang) for src in s.sources]}


def _source_text(src: dict, lang: str = "en") -> dict:
    """A source as its parts: ``label`` (dataset or document id), ``citation`` (the
    publisher's own text, shown verbatim), ``file`` and ``sha256`` (codes) and where the file
    was read from (translated)."""
    kind = src.get("kind")
    out = {"label": "", "citation": str(src.get("citation") or ""), "file": "", "sha256": "",
           "read_from": ""}
    if kind == "dataset":
        out.update(label=f"[{src['dataset']}]", read_from=value_label(src.get("read_from"), lang))
    elif kind == "fact_base":
        out.update(label=f"[{src['id']}]")
    if src.get("file"):
        out["file"] = _short_path(src["file"])
    if src.get("sha256"):
        out["sha256"] = f"sha256 {str(src['sha256'])[:16]}..."
    return out


def _conventions(report: Report) -> list[dict]:
    merged: dict[str, dict] = {}
    for s in report.sections:
        for method, conv in s.conventions.items():
            key = method if method not in merged or merged[method] == dict(conv) else \
                f"{method} [{s.key}]"
            merged.setdefault(key, dict(conv))
    return [{"method": m, "entries": [(k, strip_local_paths(_fmt(v))) for k, v in sorted(c.items())]}
            for m, c in sorted(merged.items())]


def _citations(report: Report) -> list[dict]:
    rows = {}
    for s in report.sections:
        for res in s.tables.values():
            t = res.table
            if {"fact_id", "quote", "source"} <= set(t.columns):
                for r in t.itertuples(index=False):
                    rows.setdefault(r.fact_id, {"id": r.fact_id, "source": r.source,
                                                "quote": r.quote,
                                                "note": getattr(r, "note", "") or ""})
    return [rows[k] for k in sorted(rows)]


def _datasets(report: Report) -> list[str]:
    seen = {}
    for s in report.sections:
        for src in s.sources:
            if src.get("kind") == "dataset":
                seen.setdefault(src["dataset"], _source_text(src, report.lang))
    return list(seen.values())


def _template() -> jinja2.Template:
    text = resources.files("revitalize.report").joinpath("templates/report.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def _data_line(meta, lang: str) -> str:
    parts = []
    if meta.get("data_dir"):
        parts.append(f"{tr('mirror_dir', lang)} {_short_path(meta['data_dir'])}")
    if meta.get("store"):
        parts.append(f"{tr('store_dir', lang)} {_short_path(meta['store'])}")
    return ", ".join(parts) or tr("bundle_or_facts", lang)


def render_report_html(report: Report) -> str:
    """The report as one self-contained HTML document (UTF-8 text): plotly.js inline once, no
    ``src``/``href`` to any other resource, no absolute local path; the key findings first,
    then each section; a print stylesheet expands every table."""
    from plotly.offline import get_plotlyjs

    from revitalize.report.plotly_locale import register_js

    lang, meta = report.lang, report.meta
    name = meta["region_name_cn"] if lang == "zh" else meta["region_name_en"]
    names = sector_names(report)
    sections = [_section_view(i + 1, s, lang, names) for i, s in enumerate(report.sections)]
    has_figures = any(s.figures for s in report.sections)
    return _template().render(
        lang=lang, t=lambda key, **kw: tr(key, lang, **kw), sections=sections,
        title=f"{name} \u2014 {tr('report_title', lang)}", region=report.region,
        scope_note=tr("scope_ne", lang) if report.region == "NE" else "",
        data=_data_line(meta, lang), io_year=meta.get("io_year"), year=meta.get("year"),
        failed=[s for s in sections if s["status"] == "failed"],
        findings=key_findings(report),
        data_dir_command=DATA_DIR_COMMAND, mirror_note=MIRROR_NOTE,
        conventions=_conventions(report),
        citations=_citations(report), datasets=_datasets(report),
        plotly_marker=PLOTLY_MARKER,
        plotlyjs=get_plotlyjs() + "\n" + register_js(lang) if has_figures else "",
        version=meta.get("version"), generated=meta.get("generated"))


def _sheet_frame(name: str, res: Result, lang: str, names: dict[str, str]
                 ) -> tuple[pd.DataFrame, list[str], list[str], list[str]]:
    frame, kinds = display_frame(name, res, lang, names)
    labels, units = [], []
    for col in frame.columns:
        label, unit = _header(str(col), name, lang)
        labels.append(label)
        units.append(unit)
    return frame, labels, units, [kinds[str(c)] for c in frame.columns]


def _write_table(ws, frame: pd.DataFrame, labels, units, kinds) -> None:
    """Header row (labels), units row, the data; number formats by kind, frozen headers,
    a filter on the units row over the data, readable widths."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from revitalize.export import safe_text
    from revitalize.present import excel_format

    bold, grey = Font(bold=True), PatternFill("solid", fgColor="F4F7FA")
    for j, (label, unit) in enumerate(zip(labels, units), start=1):
        ws.cell(row=1, column=j, value=safe_text(str(label))).font = bold
        cell = ws.cell(row=2, column=j, value=safe_text(unit) if unit else None)
        cell.font, cell.fill = Font(italic=True, color="5A6B7B"), grey
    for i, rec in enumerate(frame.itertuples(index=False), start=3):
        for j, (v, kind) in enumerate(zip(rec, kinds), start=1):
            v = jsonable(v)
            if isinstance(v, (list, dict)):
                v = json.dumps(v, ensure_ascii=False)
            cell = ws.cell(row=i, column=j, value=safe_text(v))
            if kind and isinstance(v, (int, float)) and not isinstance(v, bool):
                cell.number_format = excel_format(kind)
    ws.freeze_panes = "B3" if len(labels) > 1 and not kinds[0] else "A3"
    last = get_column_letter(max(1, len(labels)))
    ws.auto_filter.ref = f"A2:{last}{max(2, len(frame) + 2)}"
    for j, (label, unit, kind) in enumerate(zip(labels, units, kinds), start=1):
        col = frame.iloc[:, j - 1]
        sample = [str(x) for x in col.head(200)] if not kind else \
            [format_number(x, kind) for x in col.head(200)]
        width = max([len(str(label)) * (2 if lang_wide(str(label)) else 1), len(unit or "")]
                    + [len(x) * (2 if lang_wide(x) else 1) for x in sample] + [6])
        ws.column_dimensions[get_column_letter(j)].width = min(width + 2, 60)
        if not kind:
            for row in ws.iter_rows(min_row=3, min_col=j, max_col=j):
                row[0].alignment = Alignment(wrap_text=width > 60, vertical="top")


def lang_wide(text: str) -> bool:
    """Whether ``text`` holds CJK characters (two columns wide in a spreadsheet)."""
    return any("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def _write_meta(ws, res: Result, names: list[str], labels: list[str]) -> None:
    from revitalize.export import safe_text

    ws.append(["key", "value"])
    for k, v in res.meta.items():
        ws.append([safe_text(str(k)), safe_text(json.dumps(jsonable(v), ensure_ascii=False,
                                                           default=str))])
    ws.append(["columns", json.dumps(dict(zip(labels, names)), ensure_ascii=False)])


def report_workbook_bytes(report: Report) -> bytes:
    """An .xlsx workbook: a ``contents`` sheet (table -> section, status, source), the
    ``sections`` sheet, then one sheet per table (with its ``<name>_meta`` sheet). Each table
    sheet has the labels of the report's language in row 1, the units in row 2, the data (full
    precision, number formats by quantity kind, region names instead of codes) from row 3,
    frozen headers, a filter and readable column widths; the API column names are in the meta
    sheet (``columns``). Formula-like text is escaped."""
    import io

    import openpyxl

    lang = report.lang
    tables = report.tables()
    names = sector_names(report)
    owner = {id(r): s for s in report.sections for r in s.tables.values()}
    contents = pd.DataFrame([{"sheet": n, "section": owner[id(r)].key,
                              "title": owner[id(r)].title(lang),
                              "status": tr(f"status_{owner[id(r)].status}", lang),
                              "method": r.meta.get("method"), "rows": len(r.table),
                              "source": _source_of(r, owner[id(r)], lang)}
                             for n, r in tables.items()],
                            columns=["sheet", "section", "title", "status", "method", "rows",
                                     "source"])
    status = report.overview()[["section", "status", "message", "command"]]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, frame in (("contents", contents), ("sections", status)):
        labels = [tr(f"wb_{c}", lang) for c in frame.columns]
        _write_table(book.create_sheet(sheet), frame, labels, [""] * len(labels),
                     [("count" if c == "rows" else "") for c in frame.columns])
    for name, res in tables.items():
        sheet = "".join(ch for ch in str(name) if ch not in "[]:*?/\\")[:31] or "sheet"
        frame, labels, units, kinds = _sheet_frame(name, res, lang, names)
        _write_table(book.create_sheet(sheet), frame, labels, units, kinds)
        _write_meta(book.create_sheet(sheet[:26] + "_meta"), res, [str(c) for c in frame.columns],
                    labels)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- PDF
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str:
    """Path of a Chromium (or Chrome) executable on ``PATH``; :class:`InputError` naming the
    package to install when there is none."""
    import shutil

    from revitalize.errors import InputError

    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise InputError("no Chromium found to print the report to PDF", field="--pdf",
                     expected="chromium on PATH (Debian/Ubuntu: apt-get install chromium)")


def html_to_pdf(html_path, pdf_path, *, chromium: str | None = None,
                timeout: float = 300.0) -> None:
    """Print the HTML file ``html_path`` to ``pdf_path`` with headless Chromium
    (``--print-to-pdf``; the report's print stylesheet applies: tables expanded, one section
    per page). The charts are drawn before printing (virtual time budget)."""
    import subprocess
    import tempfile
    from pathlib import Path

    from revitalize.errors import InputError

    exe = chromium or find_chromium()
    src, out = Path(html_path).resolve(), Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="revitalize-chromium-") as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
               "--virtual-time-budget=20000", "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"Chromium did not print within {timeout:.0f} s", file=src,
                             field="--pdf", expected="a report Chromium can print") from exc
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        tail = " ".join((proc.stderr or "").split())[-300:]
        raise InputError(f"Chromium failed to print the report (exit {proc.returncode}): {tail}",
                         file=src, field="--pdf", expected="a PDF written by Chromium")
