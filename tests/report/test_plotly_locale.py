"""plotly.js' own interface (modebar tooltips, date formats) in Chinese in the zh report and the
zh dashboard (issue 15): the zh-CN locale module of :mod:`revitalize.report.plotly_locale`
(transcribed from plotly.js, lib/locales/zh-cn.js @ 3a078e6e) registered after the embedded
plotly.js and chosen by every figure's config; checked in the HTML and, in Chromium, on the
buttons' ``data-title``."""

from __future__ import annotations

import json
import re

import pytest

from revitalize.report import build_report, render_report_html
from revitalize.report.plotly_locale import ZH_CN, plotly_config, register_js
from tests import browser as chromium

browser = chromium.browser  # the shared Chromium fixture (tests/browser.py)
CJK = re.compile(r"[\u4e00-\u9fff]")
# the tooltips of the modebar buttons plotly.js shows on the report's 2-D charts
MODEBAR = ("Download plot as a PNG", "Zoom", "Pan", "Box Select", "Lasso Select", "Zoom in",
           "Zoom out", "Autoscale", "Reset axes", "Toggle Spike Lines",
           "Show closest data on hover", "Compare data on hover")
TITLES = """(sel) => [...new Set([...document.querySelectorAll(sel + ' .modebar-btn')]
                       .map(b => b.getAttribute('data-title')))]"""


@pytest.fixture(scope="module")
def small_reports():
    """lang -> HTML of the facts section alone (its charts; under a second to build)."""
    return {lang: render_report_html(build_report(lang=lang, sections=["facts"]))
            for lang in ("zh", "en")}


def test_the_dictionary_translates_the_modebar_of_the_bundled_plotlyjs():
    """Every modebar tooltip above is a key plotly.js (the copy the package embeds) looks up,
    and the transcribed module has a Chinese text for it."""
    from plotly.offline import get_plotlyjs

    js = get_plotlyjs()
    for key in MODEBAR:
        assert f'"{key}"' in js, key
        assert CJK.search(ZH_CN["dictionary"][key]), key
    assert ZH_CN["name"] == "zh-CN" and ZH_CN["moduleType"] == "locale"
    assert len(ZH_CN["format"]["months"]) == 12 and len(ZH_CN["format"]["days"]) == 7


def test_register_js_and_config():
    js = register_js("zh")
    assert js.startswith("if (window.Plotly) { Plotly.register([")
    body = json.loads(js[js.index("(["):].removeprefix("(").split("); }")[0])
    assert body == [ZH_CN]
    assert register_js("en") == "" and register_js() == js
    assert plotly_config("zh", responsive=True) == {"responsive": True, "locale": "zh-CN"}
    assert plotly_config("en")["locale"] == "en-US"
    assert "</" not in js


def test_zh_report_registers_the_locale_and_every_figure_chooses_it(small_reports):
    zh, en = small_reports["zh"], small_reports["en"]
    figures = zh.count('class="plotly-graph-div"')
    assert figures > 3
    assert zh.count("Plotly.register([") == 1 and '"name":"zh-CN"' in zh
    assert zh.index("Plotly.register([") > zh.index("plotly.js v")  # after the library
    assert zh.count('"locale": "zh-CN"') == figures
    assert zh.count('"showSendToCloud": false') == figures
    assert "Plotly.register(" not in en and en.count('"locale": "en-US"') == figures


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_modebar_tooltips_in_the_report_language_in_chromium(browser, small_reports, tmp_path,
                                                            lang):
    path = tmp_path / f"report-{lang}.html"
    path.write_text(small_reports[lang], "utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("() => [...document.querySelectorAll('.plotly-graph-div')]"
                               ".every(d => d._fullData)", timeout=120_000)
        titles = page.evaluate(TITLES, ".plotly-graph-div")
        locales = page.evaluate("() => [...new Set([...document.querySelectorAll("
                                "'.plotly-graph-div')].map(d => d._context.locale))]")
    finally:
        page.close()
    assert titles and all(titles)
    if lang == "zh":
        assert locales == ["zh-CN"]
        assert all(CJK.search(t) for t in titles), titles
        assert ZH_CN["dictionary"]["Download plot as a PNG"] in titles
        assert ZH_CN["dictionary"]["Reset axes"] in titles
    else:
        assert locales == ["en-US"] and "Download plot as a PNG" in titles
    assert not any("Share chart" in t or "分享" in t for t in titles)  # no upload button


def test_dashboard_serves_the_locale_with_plotlyjs(tmp_path):
    from revitalize.web import create_app
    from tests.web.conftest import make_client

    client = make_client(create_app(tmp_path / "store"))
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and js.text.rstrip().endswith(register_js().rstrip())
    page = client.get("/", params={"lang": "zh"}).text
    assert "Plotly.setPlotConfig({ locale: LANG === \"zh\" ? \"zh-CN\" : \"en-US\"" in page


def test_dashboard_modebar_follows_the_language_in_chromium(browser, shared_data, tmp_path):
    """/?lang=zh draws with the Chinese modebar; switching the page to English and back
    redraws the charts with the tooltips of the new language."""
    from revitalize.web import create_app
    from tests.web.conftest import live_server

    app = create_app(tmp_path / "store", mirror_dir=shared_data)
    with live_server(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(url + "/?lang=zh")
            page.wait_for_selector('body[data-ready="true"]', timeout=60_000)
            zh = page.evaluate(TITLES, "#lk-chart")
            page.select_option("#lang", "en")
            page.wait_for_function("(sel) => [...document.querySelectorAll(sel + ' .modebar-btn')]"
                                   ".some(b => b.getAttribute('data-title') === 'Zoom')",
                                   arg="#lk-chart", timeout=60_000)
            en = page.evaluate(TITLES, "#lk-chart")
        finally:
            page.close()
    assert zh and all(CJK.search(t) for t in zh), zh
    assert "Download plot as a PNG" in en and not any(CJK.search(t) for t in en)
    assert errors == []
