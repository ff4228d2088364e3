"""The report's sections of issues 16-18 and 20 build from the bundled data with real Northeast
results: status ok, findings written in numbers, every chart with titled axes and a source
note, and tables equal to what the application tasks return through every door."""

from __future__ import annotations

import json
import re

import pytest

from revitalize.report import build_report
from revitalize.report.sections import ORDER

NEW = ("efficiency", "ranking", "opportunities", "decline", "policy", "spillovers", "documents")


@pytest.fixture(scope="module")
def report():
    return build_report("northeast", sections=list(NEW))


def test_new_sections_are_registered_in_order():
    assert all(k in ORDER for k in NEW)
    assert ORDER.index("efficiency") > ORDER.index("productivity")


@pytest.mark.parametrize("key", NEW)
def test_section_ok_with_numbers_and_sources(report, key):
    sec = report.section(key)
    assert sec.status == "ok", sec.message
    assert len(re.findall(r"\d+(?:\.\d+)?", sec.message)) >= 4, sec.message
    assert sec.sources and sec.conventions
    assert sec.title("zh") != sec.title("en")


@pytest.mark.parametrize("key", NEW)
def test_every_chart_has_axis_titles_units_and_source(report, key):
    figs = report.section(key).figures
    assert figs
    for fig in figs:
        layout = fig.layout
        assert layout.title.text
        assert layout.xaxis.title.text and layout.yaxis.title.text
        assert "(" in layout.xaxis.title.text + layout.yaxis.title.text  # a unit in brackets
        assert layout.meta["source"]
        assert any("Source" in (a.text or "") for a in layout.annotations)


def test_findings_say_what_the_data_cannot_support(report):
    assert "cannot support" in report.section("policy").message
    assert "p-value" in report.section("policy").message
    assert "AUC" in report.section("opportunities").message
    assert "implicit price levels" in report.section("decline").message
    assert "constant 2012 prices" in report.section("decline").message
    assert "90 % probability" in report.section("ranking").message
    assert "technical change" in report.section("efficiency").message


def test_section_tables_equal_the_tasks(report):
    from revitalize.data.catalog import default_catalog
    from revitalize.tasks import run
    from revitalize.tasks.structure import SpilloversRequest

    task = run(SpilloversRequest(source="cn_prov_io_2017_42"), default_catalog())
    sec = report.section("spillovers").tables["spillovers_2017"]

    def doc(r):
        d = json.loads(json.dumps(r.to_json_dict(), default=str))
        d["meta"].pop("generated", None)
        for p in d["meta"].get("provenance", []):
            p.pop("retrieved", None)
        return d

    assert doc(sec)["table"] == doc(task)["table"]


def test_chinese_titles_and_findings():
    rep = build_report("northeast", sections=["spillovers"], lang="zh")
    sec = rep.section("spillovers")
    assert sec.status == "ok"
    assert "留在本省" in sec.message
    assert "元" in sec.figures[0].layout.yaxis.title.text


def test_without_data_the_sections_say_what_they_need(monkeypatch, tmp_path):
    monkeypatch.setenv("REVITALIZE_BUNDLE", "0")
    rep = build_report("northeast", sections=["decline", "ranking"], store=None,
                       data_dir=tmp_path)
    for key in ("decline", "ranking"):
        assert rep.section(key).status == "needs_data"
