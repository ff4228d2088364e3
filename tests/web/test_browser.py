"""A real browser on the dashboard and on the HTML report: Debian's Chromium (/usr/bin/chromium)
driven by Playwright, never a downloaded browser.

Skips cleanly without /usr/bin/chromium (or without Playwright), except under CI=true, where
that is a failure. The dashboard runs on uvicorn in a thread (127.0.0.1, a free port) over the
shared data as its mirror.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from revitalize.cli import main
from revitalize.web import create_app
from tests import browser as chromium
from tests.web.conftest import live_server, nbs_csv

browser = chromium.browser  # the shared Chromium fixture (tests/browser.py)
TIMEOUT_MS = 30_000


class Console:
    """Console errors, uncaught exceptions and failed requests of a page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"requestfailed: {r.url}"))


def distinct_colours(browser, png: bytes) -> int:
    """Distinct colours of a PNG, decoded by the browser (canvas) on a blank page."""
    page = browser.new_page()
    try:
        return page.evaluate(
            """async (b64) => {
                 const img = new Image();
                 img.src = "data:image/png;base64," + b64;
                 await img.decode();
                 const c = document.createElement("canvas");
                 c.width = img.width; c.height = img.height;
                 const ctx = c.getContext("2d");
                 ctx.drawImage(img, 0, 0);
                 const d = ctx.getImageData(0, 0, c.width, c.height).data;
                 const seen = new Set();
                 const step = Math.max(4, 4 * Math.floor(d.length / 4 / 40000));
                 for (let i = 0; i < d.length; i += step) { seen.add((d[i] << 16) | (d[i+1] << 8) | d[i+2]); }
                 return seen.size;
               }""", base64.b64encode(png).decode())
    finally:
        page.close()


def check_screenshot(browser, path: Path, min_bytes: int = 5000) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > min_bytes, (path, len(data))
    assert distinct_colours(browser, data) > 20, f"{path} looks blank"


def wait_ok(page, panel: str, title_part: str, chart: str) -> None:
    page.wait_for_selector(f'#{panel}-status[data-state="ok"]', timeout=TIMEOUT_MS)
    page.wait_for_function(
        "([id, part]) => { const gd = document.getElementById(id); return gd && gd.layout && "
        "gd.layout.title.text.includes(part); }", arg=[chart, title_part], timeout=TIMEOUT_MS)


def test_dashboard_interactions(browser, shared_data, tmp_path):
    app = create_app(tmp_path / "store", mirror_dir=shared_data)
    with live_server(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        console = Console(page)
        page.goto(url + "/")
        page.wait_for_selector('body[data-ready="true"]', timeout=TIMEOUT_MS)
        # all three charts drawn, with their data and axis titles (units)
        assert page.locator("#lk-chart .scatterlayer .point").count() == 42
        assert "Influence coefficient" in page.text_content("#lk-chart .g-xtitle")
        assert "Sensitivity coefficient" in page.text_content("#lk-chart .g-ytitle")
        assert page.locator("#ahp-chart .barlayer .point").count() == 3
        assert "Weight" in page.text_content("#ahp-chart .g-ytitle")
        assert page.locator("#sh-chart .scatterlayer .trace path.js-line").count() >= 1
        assert "(%)" in page.text_content("#sh-chart .g-ytitle")
        assert "Liaoning" in page.evaluate("document.getElementById('lk-chart').layout.title.text")
        page.screenshot(path=tmp_path / "dashboard.png", full_page=True)

        # change the variant, then the region (Jilin needs the supply import-share basis)
        page.select_option("#lk-forward", "ghosh")
        wait_ok(page, "lk", "forward ghosh", "lk-chart")
        page.select_option("#lk-import-share", "supply")
        wait_ok(page, "lk", "forward ghosh", "lk-chart")
        page.select_option("#lk-region", "220000")
        wait_ok(page, "lk", "Jilin", "lk-chart")
        assert page.locator("#lk-chart .scatterlayer .point").count() == 42
        page.select_option("#sh-region", "210000")
        wait_ok(page, "sh", "Liaoning", "sh-chart")

        # upload a tiny table whose sector name is a formula and HTML: shown as text only
        name = '=cmd()<img src=x onerror="window.pwned=1">'
        page.set_input_files("#lk-file", files=[{"name": "tiny_io.csv", "mimeType": "text/csv",
                                                 "buffer": nbs_csv(name)}])
        page.fill("#lk-upload-year", "2017")
        page.click("#lk-upload-button")
        wait_ok(page, "lk", "upload tiny_io.csv", "lk-chart")
        assert page.locator("#lk-chart .scatterlayer .point").count() == 2
        assert name in page.inner_text("#lk-table")
        assert page.evaluate("window.pwned === undefined")
        with page.expect_download() as info:
            page.click('button[data-panel="lk"][data-format="csv"]')
        downloaded = Path(info.value.path()).read_text(encoding="utf-8")
        assert "'=cmd()<img" in downloaded and "\n=cmd()" not in downloaded

        page.locator("#lk-chart").screenshot(path=tmp_path / "linkages.png")
        page.locator("#ahp-chart").screenshot(path=tmp_path / "ahp.png")
        page.locator("#sh-chart").screenshot(path=tmp_path / "share.png")
        assert console.errors == []
        page.close()
    for shot in ("dashboard.png", "linkages.png", "ahp.png", "share.png"):
        check_screenshot(browser, tmp_path / shot)


def test_report_renders(browser, tmp_path, data_dir, capsys):
    """Every chart of the report is drawn (an SVG, and its own screenshot is not blank), the
    first screen is not blank and no console error is raised. One screenshot per chart and one
    of the viewport: a full-page screenshot of a report some 80,000 px tall is scaled down by
    the browser to a near-uniform image."""
    out = tmp_path / "report.html"
    assert main(["--data-dir", str(data_dir), "report", "--output", str(out)]) == 0
    capsys.readouterr()
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    console = Console(page)
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    charts = page.locator(".js-plotly-plot")
    n = charts.count()
    assert n > 0
    for i in range(n):
        assert charts.nth(i).locator("svg").count() > 0, f"chart {i} not drawn"
        charts.nth(i).screenshot(path=tmp_path / f"chart_{i}.png")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=tmp_path / "report.png")
    assert console.errors == []
    assert page.inner_text("body").strip()
    page.close()
    check_screenshot(browser, tmp_path / "report.png")
    for i in range(n):
        check_screenshot(browser, tmp_path / f"chart_{i}.png", min_bytes=2000)


def test_dashboard_error_clears_the_previous_region(browser, shared_data, tmp_path):
    """An error for Jilin (the 'use' import-share basis is refused for its re-export sectors)
    must not leave Liaoning's chart and table on the page under the new choice."""
    app = create_app(tmp_path / "store", mirror_dir=shared_data)
    with live_server(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/")
        page.wait_for_selector('body[data-ready="true"]', timeout=TIMEOUT_MS)
        assert "Liaoning" in page.evaluate("document.getElementById('lk-chart').layout.title.text")
        page.select_option("#lk-technology", "domestic")
        wait_ok(page, "lk", "Liaoning", "lk-chart")
        page.select_option("#lk-import-share", "use")
        page.select_option("#lk-region", "220000")
        page.wait_for_selector('#lk-status[data-state="error"]', timeout=TIMEOUT_MS)
        assert "import share" in page.inner_text("#lk-status").lower() or \
            "[0, 1]" in page.inner_text("#lk-status")
        assert page.locator("#lk-chart .scatterlayer .point").count() == 0
        assert page.locator("#lk-table tr").count() == 0
        for part in ("#lk-chart", "#lk-table", "#lk-status"):
            assert "Liaoning" not in page.inner_text(part)
        # back to a valid choice: Jilin is drawn under its own name
        page.select_option("#lk-import-share", "supply")
        wait_ok(page, "lk", "Jilin", "lk-chart")
        page.close()


def test_api_docs_list_the_operations(browser, tmp_path):
    """/docs renders the OpenAPI 3.1 document (operations listed), offline."""
    app = create_app(tmp_path / "store")
    with live_server(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        console = Console(page)
        page.goto(url + "/docs")
        page.wait_for_selector(".opblock", timeout=TIMEOUT_MS)
        text = page.inner_text("body")
        assert "/api/io/linkages" in text and "/api/indicators/share" in text
        assert "Unable to render this definition" not in text
        assert not [e for e in console.errors if "requestfailed" in e]
        page.close()


# The zh page's text a reader sees, without what is shown as recorded (dataset names, the
# package's messages, recorded methods and sources: data-verbatim), code and the charts' DOM,
# plus the charts' titles, axis titles, legends and tick labels.
_DASHBOARD_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[data-verbatim], code, script, style, .js-plotly-plot').forEach(e => e.remove());
  const svg = [...document.querySelectorAll('.gtitle, .g-xtitle, .g-ytitle, .g-y2title, .legendtext, '
                                            + '.xtick text, .ytick text, .y2tick text')]
     .map(e => e.textContent);
  const walk = document.createTreeWalker(body, NodeFilter.SHOW_TEXT), parts = [];
  while (walk.nextNode()) { parts.push(walk.currentNode.data); }
  return parts.join(' ') + '\\n' + svg.join('\\n');
}"""
# one view per family (Malmquist left out: the DEA view covers the efficiency family, and each
# view costs seconds); DEA as SBM, the fastest of its models; ks: capital stock and K/Y
NEW_VIEWS = ("ef", "mc", "sm", "rl", "sc", "sp", "ks")
# the capital view's lines (K/Y on, its default): legend name and the palette's colour
_KS_LINES = """() => document.getElementById('ks-chart').data.map(d => [d.name, d.line.color, d.y.length])"""


def test_dashboard_in_chinese_with_a_view_of_each_family(browser, shared_data, tmp_path):
    """Opened in zh, every view of the new families computed through its endpoint draws a chart
    (with a unit in its y-axis title) and the page shows no English label outside the allowed
    names; switching to en redraws the same results in English; an error clears its view."""
    from tests.report.zh_check import english_words
    from tests.web.test_dashboard import DASHBOARD_ALLOWED

    app = create_app(tmp_path / "store", mirror_dir=shared_data)
    with live_server(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        console = Console(page)
        page.goto(url + "/?lang=zh")
        page.wait_for_selector('body[data-ready="true"]', timeout=TIMEOUT_MS)
        page.select_option("#ef-model", "sbm")
        for view in NEW_VIEWS:
            page.click(f"#{view}-run")
        for view in NEW_VIEWS:
            page.wait_for_selector(f'#{view}-status[data-state="ok"]', timeout=120_000)
        drawn = page.evaluate("""(views) => views.map(v => {
            const gd = document.getElementById(v + '-chart');
            return [v, gd.querySelectorAll('.point, .js-line').length, gd.layout.yaxis.title.text,
                    document.querySelectorAll('#' + v + '-table tbody tr').length]; })""",
                              list(NEW_VIEWS))
        for view, marks, y_title, rows in drawn:
            assert marks > 0 and rows > 0, (view, marks, rows)
            assert "（" in y_title or "%" in y_title, (view, y_title)  # a unit or scale stated
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        words = english_words(page.evaluate(_DASHBOARD_TEXT))
        extra = {w: n for w, n in words.items() if w not in DASHBOARD_ALLOWED}
        assert not extra, sorted(extra.items(), key=lambda kv: -kv[1])[:15]
        assert "省份" in page.text_content("#ef-table thead")
        _check_capital_lines(page, ["辽宁", "吉林", "黑龙江", "东北", "31个省份合计"])
        assert "K/Y" in page.evaluate("document.getElementById('ks-chart').layout.title.text")
        cells = page.eval_on_selector_all("#ef-table td.num", "tds => tds.map(td => td.textContent)")
        assert cells and all(re.fullmatch(r"-?[\d,]*(\.\d{1,3})?|\u2013", c) for c in cells), cells[:20]

        # the same results in English, redrawn without a new request
        page.select_option("#lang", "en")
        wait_ok(page, "ef", "DEA efficiency of the provinces", "ef-chart")
        assert "Efficiency score" in page.text_content("#ef-chart .g-ytitle")
        assert "Liaoning" in page.text_content("#ef-table")
        assert "lang=en" in page.url
        wait_ok(page, "ks", "Capital-output ratio K/Y", "ks-chart")
        _check_capital_lines(page, ["Liaoning", "Jilin", "Heilongjiang", "Northeast", "31 provinces (sum)"])
        assert "both at constant 2000 prices" in page.text_content("#ks-chart .g-ytitle")
        # 1952 prices: refused with K/Y (one line naming the field), drawn as the stock alone
        page.select_option("#ks-prices", "1952")
        page.wait_for_selector('#ks-status[data-state="error"]', timeout=TIMEOUT_MS)
        assert "prices_of" in page.inner_text("#ks-status") and "\n" not in page.inner_text("#ks-status").strip()
        assert page.locator("#ks-chart .js-line").count() == 0
        page.select_option("#ks-ratio", "off")
        wait_ok(page, "ks", "each province's constant 1952 prices", "ks-chart")
        lines = page.evaluate(_KS_LINES)
        assert [n for n, _, _ in lines] == ["Liaoning", "Jilin", "Heilongjiang"], lines
        assert all(n == 2022 - 1952 + 1 for _, _, n in lines), lines
        assert "1952" in page.text_content("#ks-chart .g-ytitle")
        assert "1952" in page.text_content("#ks-table thead") and "2000" not in page.text_content("#ks-table thead")
        with page.expect_download() as info:  # the same request as a file
            page.click('button[data-panel="ks"][data-format="csv"]')
        assert info.value.suggested_filename == "capital_stock.csv"
        head, *body = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
        assert "capital_stock" in head and len(body) == 3 * (2022 - 1952 + 1), (head, len(body))
        page.wait_for_function("() => document.getElementById('ahp-chart').data[0].x.includes('economy')",
                               timeout=TIMEOUT_MS)  # the untouched example follows the language

        # an error: one line, and the view cleared (no numbers under the new choice)
        page.fill("#ef-year", "1950")
        page.dispatch_event("#ef-year", "change")
        page.wait_for_selector('#ef-status[data-state="error"]', timeout=TIMEOUT_MS)
        assert "\n" not in page.inner_text("#ef-status").strip()
        assert page.locator("#ef-chart .point").count() == 0
        assert page.locator("#ef-table tr").count() == 0
        assert [e for e in console.errors if "422" not in e and "400" not in e] == []
        page.close()


def _check_capital_lines(page, names: list[str]) -> None:
    """The K/Y view: one line per Northeast province, the Northeast and the 31 provinces, each
    in the shared province palette's colour (revitalize.present.PALETTES), 2000-2019."""
    from revitalize.present import PALETTES

    lines = page.evaluate(_KS_LINES)
    assert [n for n, _, _ in lines] == names, lines
    codes = ["210000", "220000", "230000", "NE", "000000"]
    assert [c for _, c, _ in lines] == [PALETTES["province"][c] for c in codes], lines
    assert all(n == 20 for _, _, n in lines), lines
    assert page.locator("#ks-chart .js-line").count() >= 5
    assert page.locator("#ks-table tbody tr").count() == 5 * 20
