"""The fact sheet (the report's "what the documents state" part) and its own HTML rendering.
The report CLI is tested in test_report_cli.py."""

from __future__ import annotations

import re

import pytest

from revitalize.data.facts import facts
from revitalize.report.factsheet import DATA_SECTIONS, build_factsheet, topic_of
from revitalize.report.html import bar_chart_svg, render_factsheet_html


@pytest.fixture(scope="module")
def sheet():
    return build_factsheet("northeast")


def test_sheet_holds_region_facts_and_comparators(sheet):
    t = sheet.to_frame()
    own = t[t["role"] == "region"]
    assert {"NE", "210000", "220000", "230000"} <= set(own["region"])
    assert "000000" in set(t.loc[t["role"] == "comparator", "region"])
    share = t[(t["indicator"] == "gdp_share_of_national") & (t["region"] == "NE")]
    assert sorted(share["value"]) == [4.8, 8.5]
    # every row is a fact-base record, unchanged
    base = facts().table.set_index("fact_id")
    for r in t.itertuples():
        assert base.loc[r.fact_id, "value"] == r.value


def test_sheet_for_a_province_is_narrower(sheet):
    jl = build_factsheet("吉林")
    assert jl.meta["region"] == "220000"
    assert len(jl.table) < len(sheet.table)
    assert "220000" in set(jl.table.loc[jl.table["role"] == "region", "region"])


def test_topics_keyword_rule():
    assert topic_of("gdp_share_of_national") == "Weight in the nation"
    assert topic_of("foreign_trade_dependence") == "Opening-up"
    assert topic_of("rd_intensity") == "Innovation and human capital"
    assert topic_of("influence_coefficient") == "Industrial linkages"
    assert topic_of("zzz") == "Other facts"


def test_html_is_self_contained_and_cites_every_fact(sheet):
    html = render_factsheet_html(sheet)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "external resource"
    assert "<script" not in html
    for fid in sheet.table["fact_id"]:
        assert f'id="{fid}"' in html and f'href="#{fid}"' in html
    for s in DATA_SECTIONS:
        assert s["command"] in html
    assert "Zhang" in html  # document 000 cited by author
    assert html.count("<svg") >= 3


def test_bar_chart_labels_unit_and_escapes():
    svg = bar_chart_svg(["A<b>", "B"], [19.3, -2.0], "% of GDP")
    assert "% of GDP" in svg and "A&lt;b&gt;" in svg and "<b>" not in svg
    assert svg.count("<rect") == 2
