"""The dashboard page (``GET /``) and the plotly.js it draws with (``GET /static/plotly.min.js``).

The page is one HTML file shipped with the package (``static/dashboard.html``): plain
JavaScript (``fetch`` + Plotly), no build step, no CDN -- plotly.js is the copy bundled with the
installed ``plotly`` Python package (:func:`plotly.offline.get_plotlyjs`). A Content Security
Policy allows scripts only from this server and the page's own inline script (by its sha256),
and connections only back to this server; uploaded text is put on the page as text, never as
HTML.

Its labels are bilingual: ``GET /api/dashboard/strings?lang=en|zh`` serves the page's strings
(every ``dash_*`` key of the merged catalogue: :mod:`revitalize.report.catalogue.dashboard`,
``dashboard_capital``...), table headers
(:func:`revitalize.report.i18n.column_label`, with units), category values and region names from
the package catalogue, so the page holds no text of its own beyond the English it shows before
the strings arrive.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

__all__ = ["content_security_policy", "dashboard_html", "dashboard_strings", "localized_html",
           "router"]

router = APIRouter(include_in_schema=False)

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@cache
def dashboard_html() -> str:
    """The page's HTML (read once from the package)."""
    return resources.files("revitalize.web").joinpath("static/dashboard.html").read_text("utf-8")


@cache
def content_security_policy() -> str:
    """CSP of the page: its inline scripts allowed by hash, everything else from 'self'."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _SCRIPT.findall(dashboard_html()))
    return ("default-src 'self'; script-src 'self' " + hashes + "; style-src 'self' "
            "'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            "form-action 'none'")


@cache
def _plotly_js() -> tuple[bytes, str]:
    """plotly.js, then the registration of the locales kept in
    :mod:`revitalize.report.plotly_locale` (the page sets the one of its language)."""
    import plotly
    from plotly.offline import get_plotlyjs

    from revitalize.report.plotly_locale import register_js

    body = get_plotlyjs() + "\n" + register_js()
    return body.encode("utf-8"), f'"plotly-{plotly.__version__}-locales"'


@cache
def dashboard_strings(lang: str) -> dict:
    """The page's texts in ``lang``: ``strings`` (key -> text, templates with ``{field}``),
    ``columns`` (column -> header with its unit, for every table), ``table_columns`` (view ->
    column -> header, where a view's column differs), ``kinds`` and ``table_kinds`` (the
    columns' quantity kinds) with ``number_rules`` (:mod:`revitalize.present`'s decimals per
    kind: the page formats a cell by the package's rule of its kind), ``values`` (category value -> label), ``units`` (English unit -> label),
    ``regions`` (code -> name) and ``palettes`` (:data:`revitalize.present.PALETTES`: a province
    or a key-sector class has the colour it has in the report)."""
    from revitalize.model.regions import REGIONS
    from revitalize.present import KINDS, MISSING, PALETTES, format_number
    from revitalize.report import i18n

    i18n.check_lang(lang)
    k = 1 if lang == "zh" else 0
    views: dict[str, dict[str, str]] = {}
    view_kinds: dict[str, dict[str, str | None]] = {}
    for prefix, column in i18n.TABLE_COLUMNS:
        if prefix.startswith("dashboard."):
            view = prefix[len("dashboard."):] or "*"
            views.setdefault(view, {})[column] = i18n.column_label(column, lang, prefix)
            view_kinds.setdefault(view, {})[column] = i18n.column_kind(column, prefix)
    return {
        "lang": lang,
        "strings": {key: pair[k] for key, pair in i18n.STRINGS.items() if key.startswith("dash_")},
        "columns": {col: i18n.column_label(col, lang) for col in i18n.COLUMNS},
        "table_columns": views,
        "kinds": {col: i18n.column_kind(col) for col in i18n.COLUMNS},
        "table_kinds": view_kinds,
        "number_rules": {"missing": MISSING, "decimals": {  # (money: by size, in the page)
            kind: len(format_number(0.5, kind).partition(".")[2]) for kind in KINDS
            if kind != "money"}},
        "values": {str(v): pair[k] for v, pair in i18n.VALUES.items()},
        "units": {pair[0]: pair[k] for pair in i18n.UNITS.values()},
        "regions": {code: (r.name_cn if lang == "zh" else r.name_en) for code, r in REGIONS.items()},
        "palettes": PALETTES,
    }


@router.get("/api/dashboard/strings")
def strings(lang: str = "en") -> JSONResponse:
    return JSONResponse(dashboard_strings(lang), headers={"Cache-Control": "no-cache"})


_LABEL = re.compile(r'(<(\w+)[^<>]*\sdata-i18n="(dash_\w+)"[^<>]*>)([^<]*)(</\2>)')


@cache
def localized_html(lang: str) -> str:
    """The page with its labels in ``lang`` (the same the page's script sets), so the first paint
    and a reader without JavaScript see the chosen language; the inline script is unchanged, its
    CSP hash holds."""
    if lang == "en":
        return dashboard_html()
    from html import escape

    texts = dashboard_strings(lang)["strings"]

    def label(m: re.Match) -> str:
        return m.group(1) + escape(texts.get(m.group(3), m.group(4)), quote=False) + m.group(5)

    page = dashboard_html()
    cut = page.index("<script")  # the markup only: the script (its labels too) stays as it is
    html = _LABEL.sub(label, page[:cut]) + page[cut:]
    html = html.replace('<html lang="en">', '<html lang="zh-CN">', 1)
    return re.sub(r"<title>[^<]*</title>", f"<title>{escape(texts['dash_title'])}</title>", html, count=1)


@router.get("/", response_class=HTMLResponse)
def page(lang: str = "en") -> HTMLResponse:
    from revitalize.report.i18n import check_lang

    return HTMLResponse(localized_html(check_lang(lang)), headers={
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache"})


@router.get("/static/plotly.min.js")
def plotly_js(request: Request) -> Response:
    body, etag = _plotly_js()
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400",
               "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/javascript; charset=utf-8", headers=headers)
