"""``revitalize report``: HTML + workbook written, overview printed, JSON of all tables, exit 1
naming the failed sections while the files are still written."""

from __future__ import annotations

import io
import json
import os

import openpyxl
import pytest

from tests.report.conftest import without_plotly_library


@pytest.fixture(autouse=True, scope="module")
def _no_bundle():
    """These tests are about the report without data: the bundled datasets are switched off
    (REVITALIZE_BUNDLE=0), as for a user who removed them; tests/report/test_report_bundle.py
    covers the default, complete report."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVITALIZE_BUNDLE", "0")
        yield


def test_default_writes_html_and_workbook(run_cli, data_dir, tmp_path):
    out = tmp_path / "site" / "ne.html"
    r = run_cli("report", "--output", out)
    assert r.code == 0, r.err
    html = out.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'data-status="needs_data"' in html
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "site" / "ne.xlsx").read_bytes()))
    assert "facts" in book.sheetnames
    assert "cn_prov_energy_panel" in r.out and "--mirror DIR" in r.out and "needs_data" in r.out
    assert "HTML report:" in r.out and "Excel workbook:" in r.out
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_chinese_and_json_of_all_tables(run_cli, data_dir, tmp_path):
    j = tmp_path / "ln.json"
    h = run_cli("report", "--region", "辽宁", "--lang", "zh", "--output", tmp_path / "ln.html")
    assert h.code == 0, h.err
    assert "文献所述" in without_plotly_library((tmp_path / "ln.html").read_text("utf-8"))
    r = run_cli("report", "--region", "辽宁", "--lang", "zh", "--format", "json", "--output", j)
    assert r.code == 0, r.err
    doc = json.loads(j.read_text("utf-8"))
    assert doc["meta"]["method"] == "report" and doc["meta"]["region"] == "210000"
    assert doc["meta"]["lang"] == "zh"
    facts = doc["sections"][0]["tables"]["facts"]["table"]
    assert all("fact_id" in rec and "quote" in rec for rec in facts)
    assert doc["sections"][1]["status"] == "needs_data"


def test_failed_section_exits_1_and_still_writes(run_cli, data_dir, tmp_path, monkeypatch):
    import revitalize.report.sections as sections

    def boom(ctx):
        raise ValueError("forced failure")

    monkeypatch.setattr(sections, "linkages_section", boom)
    out = tmp_path / "ne.html"
    r = run_cli("report", "--output", out)
    assert r.code == 1
    assert "error: report sections failed: linkages" in r.err and str(out) in r.err
    html = without_plotly_library(out.read_text("utf-8"))
    assert '<section id="linkages" data-status="failed">' in html
    assert "ValueError: forced failure" in html and (tmp_path / "ne.xlsx").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--region", "Atlantis"), "unknown region 'Atlantis'"),
    (("--region", "East"), "cannot report on East"),
    (("--lang", "fr"), "unknown language 'fr'"),
    (("--data-dir", "no/such/dir"), "not a directory"),
])
def test_bad_arguments_exit_1_without_files(run_cli, data_dir, tmp_path, args, message):
    r = run_cli("report", *args, "--output", tmp_path / "x.html")
    assert r.code == 1 and message in r.err
    assert not (tmp_path / "x.html").exists()


def test_datasets_fetched_into_the_store_fill_their_sections(run_cli, data_dir, tmp_path,
                                                            shared_data):
    from revitalize.data.store import Store

    Store(data_dir).import_file(shared_data / "cn_prov_rd_fiscal" / "cn_prov_rd_fiscal_long.csv",
                                name="cn_prov_rd_fiscal")
    j = tmp_path / "ne.json"
    r = run_cli("report", "--output", tmp_path / "ne.html", "--format", "json", "--output", j)
    assert r.code == 0, r.err
    status = {s["key"]: s for s in json.loads(j.read_text("utf-8"))["sections"]}
    assert status["innovation"]["status"] == "ok"
    assert status["innovation"]["sources"][0]["read_from"] == "store"
    assert status["weight"]["status"] == "needs_data"


def test_pdf_without_chromium_says_so_before_building(run_cli, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    r = run_cli("report", "--pdf", "--output", tmp_path / "ne.html")
    assert r.code == 1 and "no Chromium found" in r.err and "apt-get install chromium" in r.err
    assert not (tmp_path / "ne.html").exists()


def test_pdf_is_printed_by_chromium(run_cli, data_dir, tmp_path):
    import shutil

    if shutil.which("chromium") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but chromium is not installed")
        pytest.skip("chromium not installed")
    r = run_cli("report", "--pdf", "--output", tmp_path / "ne.html")
    assert r.code == 0, r.err
    pdf = (tmp_path / "ne.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000 and "PDF report:" in r.out
