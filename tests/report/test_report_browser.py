"""The zh and en reports in a real browser (Debian's Chromium driven by Playwright, as in
tests/web/test_browser.py): no English in the Chinese text outside the allowed names, codes and
units; no number in a table without a unit in its header; one colour per category in every
chart; Chromium's print to PDF loses no table row or column.

Skips cleanly without /usr/bin/chromium or Playwright, except under CI=true (a failure)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from revitalize.report import build_report, render_report_html
from tests import browser as chromium
from tests.report.zh_check import english_words

browser = chromium.browser  # the shared Chromium fixture (tests/browser.py)
EN_SECTIONS = ["facts", "weight", "linkages", "competitiveness", "opening", "innovation",
               "productivity", "evaluation", "forecast", "regionalization"]


@pytest.fixture(scope="module")
def pages(browser, tmp_path_factory):
    """lang -> (opened page, HTML file)."""
    out, opened = {}, []
    root = tmp_path_factory.mktemp("reports")
    for lang, sections in (("zh", None), ("en", EN_SECTIONS)):
        path = root / f"report-{lang}.html"
        path.write_text(render_report_html(build_report("northeast", lang=lang,
                                                        sections=sections)), "utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("() => [...document.querySelectorAll('.plotly-graph-div')]"
                               ".every(d => d._fullData)", timeout=120_000)
        out[lang] = (page, path)
        opened.append(page)
    yield out
    for p in opened:
        p.close()


_SECTION_TEXT = """(key) => {
  const sec = document.getElementById(key).cloneNode(true);
  sec.querySelectorAll('[data-verbatim], code, script, style, .plotly-graph-div')
     .forEach(e => e.remove());
  const live = document.getElementById(key);
  const svg = [...live.querySelectorAll('.gtitle, .xtitle, .ytitle, .legendtext, .cbtitle, '
                                         + '.annotation-text, .ytick text, .xtick text')]
     .map(e => e.textContent).filter(t => !t.startsWith('来源'));
  return sec.innerText + '\\n' + svg.join('\\n');
}"""


@pytest.mark.parametrize("key", [k for k in __import__("revitalize.report.sections",
                                                         fromlist=["ORDER"]).ORDER])
def test_zh_has_no_english_outside_the_allowed_list(pages, key):
    page, _ = pages["zh"]
    words = english_words(page.evaluate(_SECTION_TEXT, key))
    assert not words, words.most_common(15)


_TABLES = """() => [...document.querySelectorAll('table[data-table]')].map(t => ({
  name: t.dataset.table,
  heads: [...t.querySelectorAll('thead th')].map(h => ({kind: h.dataset.kind,
                                                       unit: h.dataset.unit})),
  rows: [...t.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => ({
        text: c.innerText.trim(), num: c.classList.contains('num')})))}))"""
_NUMBER = re.compile(r"^-?[\d,]*\.\d+%?$")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_number_without_a_unit_in_its_header(pages, lang):
    page, _ = pages[lang]
    bad = []
    for t in page.evaluate(_TABLES):
        for j, head in enumerate(t["heads"]):
            cells = [r[j]["text"] for r in t["rows"] if j < len(r)]
            numeric = head["kind"] or any(_NUMBER.match(c) for c in cells)
            if numeric and head["kind"] != "year" and not head["unit"]:
                bad.append((t["name"], j))
    assert not bad, bad[:20]


_COLOURS = """() => [...document.querySelectorAll('.plotly-graph-div')].map(gd => gd._fullData
  .filter(d => d.name).map(d => [d.name, (d.marker && typeof d.marker.color === 'string')
                                 ? d.marker.color : (d.line && d.line.color) || null]))"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_same_category_same_colour_in_every_chart(pages, lang):
    from revitalize.model.regions import REGIONS
    from revitalize.present import PALETTES
    from revitalize.report.i18n import value_label

    page, _ = pages[lang]
    categories = {value_label(k, lang) for k in PALETTES["key_sector_class"]}
    categories |= {(REGIONS[c].name_cn if lang == "zh" else REGIONS[c].name_en)
                   for c in PALETTES["province"] if c in REGIONS}
    seen = defaultdict(set)
    for fig in page.evaluate(_COLOURS):
        for name, colour in fig:
            if name in categories and colour:
                seen[name].add(colour.lower())
    assert len(seen) >= 5, dict(seen)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def _pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(pdf)).pages)


def _signature(row: list[dict]) -> str:
    """The longest run of adjacent number cells (numbers never wrap: white-space nowrap),
    whitespace removed; the first cell for a row without two adjacent numbers."""
    best, run = [], []
    for c in row:
        run = run + [c["text"]] if c["num"] and c["text"] else []
        if len(run) > len(best):
            best = run
    return re.sub(r"\s+", "", "".join(best if len(best) >= 2 else [row[0]["text"]]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_to_pdf_loses_no_table_row_or_column(pages, lang, tmp_path):
    page, _ = pages[lang]
    page.emulate_media(media="print")
    pdf = tmp_path / f"report-{lang}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.emulate_media(media="screen")
    text = re.sub(r"\s+", "", _pdf_text(pdf))
    wanted = defaultdict(int)
    n_rows = 0
    for t in page.evaluate(_TABLES):
        for row in t["rows"]:
            if row and row[0]["text"]:
                wanted[_signature(row)] += 1
                n_rows += 1
    assert n_rows > 500
    lost = {sig: n for sig, n in wanted.items() if text.count(sig) < n}
    assert not lost, list(lost.items())[:10]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plotly_modebar_speaks_the_report_language(pages, lang):
    """plotly.js' own tooltips (revitalize.report.plotly_locale): every modebar button of
    every chart titled in Chinese in the zh report, in English in the en one."""
    page, _ = pages[lang]
    titles = page.evaluate("() => [...new Set([...document.querySelectorAll('.modebar-btn')]"
                           ".map(b => b.getAttribute('data-title')))]")
    assert titles and all(titles)
    chinese = [bool(re.search(r"[\u4e00-\u9fff]", t)) for t in titles]
    assert all(chinese) if lang == "zh" else not any(chinese), titles
