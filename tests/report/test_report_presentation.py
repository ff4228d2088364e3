"""The report as a reader gets it (issue 15), built from the bundled real data: Chinese without
English outside the allowed names, codes and units; units in every numeric header; one colour
per category in every chart; labelled intervals; key findings; no local paths; intensive
quantities never summed into a "share of the nation"."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from revitalize.report import build_report, render_report_html
from revitalize.report.i18n import COLUMNS, STRINGS, UNITS, VALUES
from revitalize.report.sections import ORDER
from tests.report.conftest import without_plotly_library
from tests.report.zh_check import english_words, figure_texts, visible_text


@pytest.fixture(scope="module")
def zh():
    return build_report("northeast", lang="zh")


@pytest.fixture(scope="module")
def zh_html(zh):
    return render_report_html(zh)


@pytest.fixture(scope="module")
def en():
    return build_report("northeast", lang="en", sections=["facts", "weight", "opening",
                                                          "productivity", "forecast"])


def test_catalogue_has_both_languages():
    for table in (STRINGS, UNITS, VALUES):
        for key, pair in table.items():
            assert len(pair) == 2 and all(pair), key
    for col, (en_label, zh_label, kind, unit) in COLUMNS.items():
        assert en_label and zh_label, col
        assert unit is None or unit in UNITS, col
        assert kind is None or unit is not None or kind == "year", col  # numbers carry a unit


def test_every_section_is_computed(zh):
    assert {s.key: s.status for s in zh.sections if s.status != "ok"} == {}



def _section_html(html: str, key: str) -> str:
    start = html.index(f'<section id="{key}"')
    return html[start:html.index("</section>", start)]


@pytest.mark.parametrize("key", ORDER)
def test_chinese_section_has_no_untranslated_english(zh, zh_html, key):
    body = without_plotly_library(zh_html)
    words = english_words(visible_text(_section_html(body, key)))
    assert not words, words.most_common(20)
    for fig in zh.section(key).figures:
        left = english_words(" ".join(figure_texts(fig)))
        assert not left, (fig.layout.title.text, left.most_common(5))


def test_chinese_page_structure_has_no_untranslated_english(zh_html):
    body = without_plotly_library(zh_html)
    head = body[:body.index("<section ")]
    tail = body[body.rindex("</section>"):]
    words = english_words(visible_text(head) + " " + visible_text(tail))
    assert not words, words.most_common(20)


def test_numeric_headers_carry_a_unit(zh_html):
    body = without_plotly_library(zh_html)
    headers = re.findall(r'<th data-kind="([a-z]*)" data-unit="([^"]*)">', body)
    assert len(headers) > 300
    missing = [(k, u) for k, u in headers if k and k != "year" and not u]
    assert missing == []


def test_no_scientific_notation_and_names_not_codes(zh_html):
    body = without_plotly_library(zh_html)
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', body)
    assert cells and not [c for c in cells if re.search(r"\de[+-]\d", c)]
    table = body[body.index('data-table="competitiveness"'):]
    table = table[:table.index("</table>")]
    assert "辽宁" in table and ">210000<" not in table


def test_same_category_same_colour_in_every_chart(zh):
    seen = defaultdict(set)
    for s in zh.sections:
        for fig in s.figures:
            for trace in fig.data:
                marker = getattr(trace, "marker", None)
                colour = getattr(marker, "color", None) if marker is not None else None
                if trace.name and isinstance(colour, str):
                    seen[trace.name].add(colour)
    assert {"辽宁", "吉林", "黑龙江", "关键部门", "弱关联"} <= set(seen)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def test_forecast_band_is_labelled_with_its_coverage_and_forecasts_come_first(zh, zh_html):
    sec = zh.section("forecast")
    for fig in sec.figures:
        names = [t.name for t in fig.data]
        band = next(n for n in names if "覆盖率" in n)
        assert "95" not in band or "预测区间" in band
    gm = [f for f in sec.figures if "GM(1,1)" in f.layout.title.text]
    assert all("非预测区间" in next(t.name for t in f.data if "覆盖率" in t.name) for f in gm)
    table = without_plotly_library(zh_html)
    table = table[table.index('data-table="forecast_gdp_share"'):]
    first = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", first)[0] == "2021"  # the first forecast year


def test_misleading_charts_are_fixed(en):
    facts = en.section("facts").figures
    infl = [f for f in facts if "Influence" in f.layout.title.text]
    assert infl and all("not normalised" in f.layout.title.text for f in infl)
    trade = en.section("opening").figures[0]
    axes = {t.yaxis for t in trade.data}
    assert len(axes) >= 2  # foreign and inter-provincial trade on separate axes
    cap = en.section("productivity").figures[0]  # comparable levels, no longer an index
    assert "constant 2000 prices" in cap.layout.yaxis.title.text


def test_key_findings_link_their_sections_with_numbers(zh_html):
    body = without_plotly_library(zh_html)
    block = body[body.index('id="findings"'):body.index('id="contents"')]
    items = re.findall(r'<li><a href="#(\w+)">[^<]*</a>: ([^<]*)</li>', block)
    assert len(items) >= 6
    assert all(re.search(r"\d", text) for _, text in items)
    assert {"weight", "linkages", "forecast"} <= {k for k, _ in items}
    assert "badge ok" not in body


def test_no_absolute_local_path(shared_data):
    rep = build_report("northeast", lang="en", data_dir=shared_data,
                       sections=["facts", "weight"])
    html = without_plotly_library(render_report_html(rep))
    for root in ("/work", "/tmp", "/home", "/root", str(shared_data)):
        assert root not in html, root


def test_report_never_sums_an_intensive_quantity(zh):
    """The weight section's shares are of extensive quantities only; the task refuses a share
    of an intensive one (R&D intensity)."""
    from revitalize.data.catalog import Catalog
    from revitalize.errors import InputError
    from revitalize.tasks import run
    from revitalize.tasks.indicators import ShareRequest, is_intensive_unit

    shares = [r for s in zh.sections for r in s.tables.values()
              if r.meta.get("method") == "share_of_reference"]
    assert shares and not [r for r in shares
                           if is_intensive_unit(r.meta["conventions"]["unit"])]
    with pytest.raises(InputError, match="intensive"):
        run(ShareRequest(source="cn_prov_rd_fiscal", indicator="rd_intensity_pct_gdp", region="NE"),
            Catalog())


def test_local_paths_are_stripped():
    from revitalize.report.render import strip_local_paths

    assert strip_local_paths("/work/shared/data/x/y.csv: 3 flags") == "y.csv: 3 flags"
    assert strip_local_paths("read C:\\Users\\me\\t.csv, ok") == "read t.csv, ok"
    assert strip_local_paths("A = Z / x and 1/2") == "A = Z / x and 1/2"


def test_print_stylesheet_expands_tables(zh_html):
    css = zh_html[zh_html.index("@media print"):]
    assert "max-height: none" in css and "overflow: visible" in css
    assert "break-before: page" in css


def test_package_notes_keep_their_numbers_in_chinese():
    """The package's English notes (documents-vs-data reasons, data caveats, verdicts) are
    shown in Chinese with every number as written; a note the catalogue does not know stays as
    it is (and the section test above then finds its English)."""
    from revitalize.report.i18n import note_label

    en = ("year: the share is 4.31 % in 2013 but 3.44 % in 2015 and 3.50 % in 2018 -- the 3.5 % "
          "fits 2015-2018, not the 2013 inferred from the preceding sentence")
    zh = note_label(en, "zh")
    assert not english_words(zh)
    assert re.findall(r"\d+(?:\.\d+)?", zh) == ["2013", "4.31", "2015", "3.44", "2018", "3.50",
                                                 "3.5", "2015", "2018", "2013"]
    assert note_label("CO2: no data for 540000", "zh") == "CO2：西藏 无数据"
    assert note_label(en, "en") == en
    assert note_label("an unknown note 1.5", "zh") == "an unknown note 1.5"
    assert note_label(None, "zh") is None
