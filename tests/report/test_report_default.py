"""The report on the embedded default (fact base only, no data directory, no store): the
documents' figures are reported, every data section says needs_data with its command."""

from __future__ import annotations

import io
import warnings

import openpyxl
import pytest

from revitalize.errors import DataQualityWarning, InputError
from revitalize.report import build_factsheet, build_report, render_report_html
from revitalize.report.i18n import column_label, tr
from revitalize.report.render import report_workbook_bytes
from revitalize.report.section import (
    MissingData,
    ReportContext,
    Section,
    fetch_command,
    section,
)
from revitalize.report.sections import ORDER
from tests.report.conftest import EXTERNAL, without_plotly_library


@pytest.fixture(autouse=True, scope="module")
def _no_bundle():
    """These tests are about the report without data: the bundled datasets are switched off
    (REVITALIZE_BUNDLE=0), as for a user who removed them; tests/report/test_report_bundle.py
    covers the default, complete report."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVITALIZE_BUNDLE", "0")
        yield


@pytest.fixture(scope="module")
def report():
    return build_report()


@pytest.fixture(scope="module")
def html(report):
    return render_report_html(report)


def test_every_data_section_needs_data_with_its_command(report):
    assert [s.key for s in report.sections] == list(ORDER)
    assert report.section("facts").status == "ok"
    assert report.needs_data == ORDER[1:] and report.failed == ()
    for s in report.sections[1:]:
        assert s.needs and s.command == fetch_command(s.needs)
        assert "--mirror DIR" in s.command or "data fetch" in s.command
    assert report.section("weight").needs == ("cn_prov_energy_panel",)
    assert report.section("regionalization").needs == ("cn_io_2017_42_noncomp",
                                                       "cn_prov_io_2017_42")


def test_fact_tables_equal_the_fact_sheet_api(report):
    sheet = build_factsheet("NE").table
    got = report.section("facts").tables["facts"].table
    assert got.equals(sheet)
    # needs_data sections still show what the documents state on their topic
    weight = report.section("weight").tables["facts_weight"].table
    assert {"D002-009", "D002-010"} <= set(weight["fact_id"])
    assert (weight["topic"] == "Weight in the nation").all()
    assert "productivity" not in {k.split("_", 1)[-1] for k in report.tables()}


def test_html_is_self_contained_with_plotly_once(html, report, plotly_head):
    assert html.count(plotly_head) == 1
    body = without_plotly_library(html)
    assert not EXTERNAL.search(body), EXTERNAL.search(body)
    assert "<link" not in body and "<script src" not in body
    for s in report.sections:
        assert f'<section id="{s.key}" data-status="{s.status}">' in body
        if s.command:
            assert s.command.replace("&", "&amp;") in body
    for fid in report.section("facts").tables["facts"].table["fact_id"]:
        assert f'id="fact-{fid}"' in body and f'href="#fact-{fid}"' in body
    assert body.count('class="plotly-graph-div"') == len(report.section("facts").figures) > 3
    assert "revitalize report --data-dir DIR" in body and "Eastern Inner Mongolia" in body


def test_chinese_labels(report):
    zh = without_plotly_library(render_report_html(build_report(lang="zh", sections=["facts",
                                                                                      "weight"])))
    for key in ("facts", "weight", "status_needs_data", "appendix", "scope_ne"):
        assert tr(key, "zh") in zh
    assert '<html lang="zh-CN">' in zh and "需要数据" not in without_plotly_library(
        render_report_html(report))
    assert column_label("share_pct", "zh") == "占全国比重 (%)"
    assert column_label("share_pct", "en") == "Share of the nation (%)"
    assert column_label("no_such_column") == "no_such_column" and tr("no_such_key") == "no_such_key"


def test_workbook_has_one_sheet_per_table(report):
    book = openpyxl.load_workbook(io.BytesIO(report_workbook_bytes(report)), read_only=True)
    tables = report.tables()
    assert book.sheetnames[:2] == ["contents", "sections"]
    assert [n for n in book.sheetnames[2:] if not n.endswith("_meta")] == list(tables)
    assert all(len(n) <= 26 for n in tables)
    rows = list(book["facts"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Topic", "Role") and len(rows) == len(tables["facts"].table) + 2
    contents = list(book["contents"].iter_rows(values_only=True))
    assert [r[0] for r in contents[2:]] == list(tables)  # row 2: units (none here)


def test_forced_failure_is_shown_and_the_rest_is_built(monkeypatch):
    import revitalize.report.sections as sections

    def boom(ctx):
        raise RuntimeError("boom in the weight section")

    monkeypatch.setattr(sections, "weight_section", boom)
    rep = build_report(sections=["facts", "weight", "innovation"])
    assert rep.failed == ("weight",)
    assert rep.section("weight").message == "RuntimeError: boom in the weight section"
    assert rep.section("facts").status == "ok" and rep.section("innovation").status == "needs_data"
    page = without_plotly_library(render_report_html(rep))
    assert '<section id="weight" data-status="failed">' in page
    assert 'id="failures"' in page and "boom in the weight section" in page


def test_guard_turns_missing_data_and_warnings_into_status():
    @section("innovation")
    def needs(ctx):
        warnings.warn("questionable input", DataQualityWarning, stacklevel=1)
        raise MissingData(["cn_prov_rd_fiscal"])

    out = needs(ReportContext())
    assert out.status == "needs_data" and out.command == fetch_command(["cn_prov_rd_fiscal"])
    assert "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv" in out.command
    assert out.warnings == ("questionable input",) and out.title("zh") == tr("innovation", "zh")
    with pytest.raises(InputError, match="unknown section status 'done'"):
        Section(key="x", title_en="x", title_zh="x", status="done")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"region": "East"}, "cannot report on East"),
    ({"region": "Atlantis"}, "unknown region 'Atlantis'"),
    ({"lang": "fr"}, "unknown language 'fr'"),
    ({"year": 1990}, "year 1990 is before the first provincial"),
])
def test_context_refuses_bad_arguments(kwargs, match):
    with pytest.raises(InputError, match=match):
        ReportContext(**kwargs)


def test_context_region_year_and_data_dir(tmp_path):
    assert ReportContext(region="NE4").region == "NE"
    assert ReportContext(region="辽宁省").provinces == ("210000",)
    assert ReportContext().provinces == ("210000", "220000", "230000")
    assert [ReportContext(year=y).io_year for y in (None, 2002, 2010, 2013, 2017, 2022)] == [
        2017, 2002, 2007, 2012, 2017, 2017]
    ctx = ReportContext(data_dir=tmp_path)
    assert ctx.where("cn_prov_rd_fiscal") is None and not ctx.has("cn_prov_rd_fiscal")
    with pytest.raises(MissingData) as info:
        ctx.datasets("cn_prov_rd_fiscal", "cn_prov_energy_panel")
    assert info.value.names == ("cn_prov_rd_fiscal", "cn_prov_energy_panel")
    with pytest.raises(InputError, match="not a directory"):
        ReportContext(data_dir=tmp_path / "nope")


def test_sections_and_progress():
    calls = []
    rep = build_report("jilin", sections=["weight", "facts"],
                       progress=lambda key, done, total: calls.append((key, done, total)))
    assert [s.key for s in rep.sections] == ["weight", "facts"] and rep.region == "220000"
    assert calls == [("weight", 0, 2), ("facts", 1, 2), ("", 2, 2)]
    with pytest.raises(InputError, match=r"unknown sections \['bogus'\]"):
        build_report(sections=["facts", "bogus"])


def test_json_of_all_tables(report):
    doc = report.to_result().to_json_dict()
    assert doc["meta"]["method"] == "report" and doc["meta"]["region"] == "NE"
    assert [s["status"] for s in doc["sections"]] == [s.status for s in report.sections]
    facts = doc["sections"][0]["tables"]["facts"]
    assert facts["meta"]["method"] == "fact_sheet" and all("quote" in r for r in facts["table"])
    assert {r["table"] for r in doc["table"]} == set(report.tables())
