"""The carbon section (issue 20) on the bundled data: status ok with its findings in numbers,
its tables equal to what the application tasks return (``io.emissions``,
``indicators.co2_intensity``, ``indicators.structure_shares``), the caveats adding up, and the
Chinese section without English outside the allowed names and units.

The inventory identity checked on the raw CEADs file (cn_prov_co2_ceads, Liaoning 2017): the
``Total`` row (496.832 Mt) equals the 45 production rows (479.1958 Mt, allocated to the 42 IO
sectors) plus ``Urban`` and ``Rural`` (households, 17.6369 Mt) to the inventory's rounding of
its Total (0.0007 Mt); the test allows 1e-3 Mt.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from revitalize.report import build_report, render_report_html
from revitalize.report.sections import ORDER
from tests.report.conftest import without_plotly_library
from tests.report.zh_check import english_words, figure_texts, visible_text

PROVINCES = ("210000", "220000", "230000")


@pytest.fixture(scope="module")
def report():
    return build_report("northeast", sections=["carbon", "similarity"])


@pytest.fixture(scope="module")
def catalog():
    from revitalize.data.catalog import default_catalog

    return default_catalog()


def _doc(res) -> dict:
    d = json.loads(json.dumps(res.to_json_dict(), default=str))
    return d["table"]


def test_registered_before_the_documents_table():
    assert ORDER.index("spillovers") < ORDER.index("carbon") < ORDER.index("documents")


def test_section_ok_with_numbers_sources_and_charts(report):
    sec = report.section("carbon")
    assert sec.status == "ok", sec.message
    assert len(re.findall(r"\d+(?:\.\d+)?", sec.message)) >= 20, sec.message
    assert {"cn_prov_co2_ceads", "cn_prov_nbs_2000_2019", "cn_prov_io_2017_42"} <= {
        s.get("dataset") for s in sec.sources}
    assert "emission_multipliers" in sec.conventions and "co2_intensity" in sec.conventions
    assert sec.title("zh") != sec.title("en")
    assert len(sec.figures) == 2
    for fig in sec.figures:
        layout = fig.layout
        assert layout.title.text and layout.meta["source"]
        assert layout.xaxis.title.text and layout.yaxis.title.text
        assert "(" in layout.xaxis.title.text + layout.yaxis.title.text  # a unit in brackets
    assert "t CO2 per 10,000 yuan" in sec.figures[0].layout.yaxis.title.text
    assert "Mt CO2" in sec.figures[1].layout.xaxis.title.text


def test_emission_tables_equal_the_task(report, catalog):
    from revitalize.tasks import run
    from revitalize.tasks.emissions import EmissionsRequest

    task = run(EmissionsRequest(source="cn_prov_io_2017_42", regions=PROVINCES), catalog)
    sec = report.section("carbon").tables
    shown = sec["carbon_sectors"]
    pd.testing.assert_frame_equal(shown.table.drop(columns="name_cn"), task.table)
    top = sec["carbon_top_sectors"].table
    for r in top.itertuples():
        row = task.table.loc[(r.region, r.sector)]
        assert r.embodied_mt == row["embodied_mt"] and r.linkage_class == row["linkage_class"]
        assert r.total_t_per_10k_cny == row["total_t_per_10k_cny"]
        assert r.emission_key == row["emission_key"]
    # the largest five per province, in order
    for p in PROVINCES:
        want = task.table.xs(p, level="region")["embodied_mt"].nlargest(5).index.tolist()
        assert top.loc[top["region"] == p, "sector"].tolist() == want


def test_intensity_table_equals_the_task(report, catalog):
    from revitalize.tasks import run
    from revitalize.tasks.regional import Co2IntensityRequest

    task = run(Co2IntensityRequest(regions=(*PROVINCES, "NE", "000000")), catalog)
    assert _doc(report.section("carbon").tables["carbon_intensity"]) == _doc(task)
    msg = report.section("carbon").message
    t = task.table
    ne = t[(t["region"] == "NE") & (t["year"] == 2019)]["co2_intensity"].iloc[0]
    assert f"Northeast {ne:.2f}" in msg


def test_caveats_add_up(report, catalog):
    from revitalize.tasks import run
    from revitalize.tasks.emissions import EmissionsRequest

    a = report.section("carbon").tables["carbon_allocation"].table.set_index("region")
    task = run(EmissionsRequest(source="cn_prov_io_2017_42", regions=PROVINCES), catalog)
    for p in PROVINCES:
        b = task.meta["by_region"][p]
        row = a.loc[p]
        assert row["ceads_total_mt"] == b["ceads_total_mt"]
        # to the inventory's own rounding of its Total row (Liaoning: 0.0007 Mt)
        assert row["ceads_total_mt"] - row["households_mt"] == pytest.approx(
            row["allocated_mt"], abs=1e-3)
        assert row["embodied_mt"] == pytest.approx(row["allocated_mt"], rel=1e-8)
        assert 0 < row["split_mt"] < row["allocated_mt"]
        assert row["split_share"] == pytest.approx(100 * row["split_mt"] / row["allocated_mt"])
    assert a.loc["210000", "ceads_total_mt"] == pytest.approx(496.832, abs=1e-9)
    assert a.loc["210000", "allocated_mt"] == pytest.approx(479.196, abs=5e-4)
    # the split rows carry, across the sectors they are shared among, exactly their CO2
    alloc = task.extra["allocation"]["210000"] if isinstance(task.extra["allocation"], dict) \
        else task.extra["allocation"]
    shares = alloc.loc[["Wholesale, Retail Trade and Catering Services", "Others"]]
    assert (shares.sum(axis=1) - 1).abs().max() < 1e-12


def test_total_technology_ratio_equals_a_second_task_run(report, catalog):
    from revitalize.tasks import run
    from revitalize.tasks.emissions import EmissionsRequest

    a = report.section("carbon").tables["carbon_allocation"].table.set_index("region")
    dom = run(EmissionsRequest(source="cn_prov_io_2017_42", regions=PROVINCES), catalog).table
    tot = run(EmissionsRequest(source="cn_prov_io_2017_42", regions=PROVINCES,
                               technology="total"), catalog).table
    for p in PROVINCES:
        want = (tot.xs(p, level="region")["total_t_per_10k_cny"].median()
                / dom.xs(p, level="region")["total_t_per_10k_cny"].median())
        assert a.loc[p, "multiplier_ratio_total"] == pytest.approx(want, rel=1e-12)


def test_structure_shares_beside_the_documents(report, catalog):
    from revitalize.tasks import run
    from revitalize.tasks.structure_shares import StructureSharesRequest

    sec = report.section("similarity")
    assert sec.status == "ok", sec.message
    task = run(StructureSharesRequest(source="cn_prov_io_2017_42"), catalog)
    assert _doc(sec.tables["structure_shares"]) == _doc(task)
    cmp = sec.tables["structure_vs_documents"].table.set_index("fact_id")
    # the documents' figures come from the fact base, not from this test
    assert cmp.loc["D001-009", "document_value"] == 28.0
    assert cmp.loc["D001-014", "document_value"] == 20.0
    t = task.table
    nat = t[(t["region"] == "000000") & (t["table"] == "national")].iloc[0]
    ne = t[t["region"] == "NE"].iloc[0]
    assert cmp.loc["D001-009", "national_share"] == nat["manufacturing_share"]
    assert cmp.loc["D001-014", "region_share"] == ne["producer_services_core_share"]
    assert "D001-009" in sec.message and "28.00%" in sec.message


def test_key_finding():
    from revitalize.report.build import key_findings

    rep = build_report("northeast", sections=["carbon"])
    (kf,) = key_findings(rep)
    assert kf["key"] == "carbon" and "t CO2 per 10,000 yuan" in kf["text"]


def test_chinese_section_has_no_english_outside_the_allowed_list():
    rep = build_report("northeast", sections=["carbon", "similarity"], lang="zh")
    html = without_plotly_library(render_report_html(rep))
    for key in ("carbon", "similarity"):
        assert rep.section(key).status == "ok"
        start = html.index(f'<section id="{key}"')
        words = english_words(visible_text(html[start:html.index("</section>", start)]))
        assert not words, words.most_common(20)
        for fig in rep.section(key).figures:
            left = english_words(" ".join(figure_texts(fig)))
            assert not left, (fig.layout.title.text, left.most_common(5))
    assert "百万吨" in rep.section("carbon").message
    assert "文献为 28.00%" in rep.section("similarity").message


def test_a_table_year_without_the_concordance_fails_naming_the_year():
    sec = build_report("northeast", year=2007, sections=["carbon"]).section("carbon")
    assert sec.status == "failed"
    assert sec.message.startswith("InputError: field year:") and "2007 tables" in sec.message


def test_without_data_the_section_says_what_it_needs(monkeypatch, tmp_path):
    monkeypatch.setenv("REVITALIZE_BUNDLE", "0")
    rep = build_report("northeast", sections=["carbon"], store=None, data_dir=tmp_path)
    sec = rep.section("carbon")
    assert sec.status == "needs_data" and "cn_prov_co2_ceads" in sec.needs
