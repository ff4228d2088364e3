"""The report on ../shared/data: every section is filled, and its numbers equal the package
API's for the same inputs (the sections call the API; these tests call it again, independently)."""

from __future__ import annotations

import io
import json
import warnings

import openpyxl
import pandas as pd
import pytest

from revitalize.report import build_report, render_report_html
from revitalize.report.render import report_workbook_bytes
from tests.report.conftest import EXTERNAL, without_plotly_library

NE = ("210000", "220000", "230000")


@pytest.fixture(scope="module")
def report(shared_data):
    return build_report("northeast", data_dir=shared_data)


def _panel(shared_data, folder, name):
    from revitalize.data.readers import read_panel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_panel(shared_data / folder / name)


@pytest.fixture(scope="module")
def energy(shared_data):
    return _panel(shared_data, "cn_prov_energy_panel", "cn_prov_energy_econ_panel_long.csv")


def test_every_section_is_filled(report):
    assert {s.key: s.status for s in report.sections if s.status != "ok"} == {}
    for s in report.sections:
        assert s.tables and s.figures and s.sources and s.conventions, s.key
    weight = report.section("weight")
    assert weight.sources[0]["dataset"] == "cn_prov_energy_panel"
    assert weight.sources[0]["read_from"] == "mirror"


def test_northeast_gdp_share_equals_the_api(report, energy):
    """Northeast share of the 31 provinces' GDP, 2020: the fact base's PROVENANCE check gives
    5.03 %; the report's table is the API's table, exactly."""
    from revitalize.indicators.demography import share_of_reference

    api = share_of_reference(energy, "gdp", region="NE", reference="000000")
    got = report.section("weight").tables["weight_gdp"]
    pd.testing.assert_frame_equal(got.table, api.table)
    assert got.table.loc[2020, "share_pct"] == api.table.loc[2020, "share_pct"]
    assert got.table.loc[2020, "share_pct"] == pytest.approx(5.03, abs=0.005)


def test_liaoning_2017_top_influence_sector_equals_the_api(report, shared_data):
    """The report's linkages are the task's with the family defaults (the table as published:
    A = Z / x), so they equal `revitalize io linkages` and the Python API."""
    from revitalize.data.readers import read_provincial_io
    from revitalize.io.linkages import linkages

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_provincial_io(shared_data / "cn_io_provincial" / "cn_prov_io_2017_42.csv",
                                   province="辽宁")
    api = linkages(table)
    got = report.section("linkages").tables["linkages_liaoning"]
    pd.testing.assert_frame_equal(got.table, api.table)
    assert got.table["influence_coefficient"].idxmax() == "17"  # special-purpose machinery
    assert got.meta["conventions"]["technology"] == "published"


def test_rd_gap_2015_equals_the_api_and_the_documents(report, shared_data):
    """Document 004 gives 2015 R&D intensities Liaoning 1.27 %, Jilin 1.01 %, Heilongjiang
    1.05 %, nation 2.07 % (facts D004-026..029); the bulletin data give the same."""
    from revitalize.indicators.opening import rd_intensity_gap

    rd = _panel(shared_data, "cn_prov_rd_fiscal", "cn_prov_rd_fiscal_long.csv")
    api = rd_intensity_gap(rd, regions=(*NE, "NE"), reference="000000")
    got = report.section("innovation").tables["innovation_rd_gap"].table
    pd.testing.assert_frame_equal(got, api.table)
    assert got.loc[("NE", 2015), "gap_pp"] == api.table.loc[("NE", 2015), "gap_pp"]
    assert got.loc[("210000", 2015), "rd_intensity"] == pytest.approx(1.27, abs=1e-9)
    assert got.loc[("NE", 2015), "reference_intensity"] == pytest.approx(2.07, abs=1e-9)


def test_forecast_and_evaluation_equal_the_api(report, energy, shared_data):
    from revitalize.evaluate.system import evaluate_system
    from revitalize.forecast.backtest import auto_forecast
    from revitalize.forecast.series import longest_run, share_of_nation
    from revitalize.report.sections.outlook import forecast_models

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = share_of_nation(energy, "NE", "gdp")
        span = longest_run(s.values.dropna().index)
        fc = auto_forecast(s.span(*span), horizon=5, models=forecast_models(), metric="mape",
                           backtest_horizon=3, level=0.95)
    got = report.section("forecast").tables["forecast_gdp_share"]
    pd.testing.assert_frame_equal(got.table, fc.table)
    assert got.meta["model"] == fc.meta["model"] and span == (1990, 2020)
    assert {"lower", "upper"} <= set(got.table["kind"])
    rd = _panel(shared_data, "cn_prov_rd_fiscal", "cn_prov_rd_fiscal_long.csv")
    from revitalize.data.readers.nbs_provincial import read_nbs_provincial

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nbs = read_nbs_provincial(shared_data / "cn_prov_nbs_2000_2019"  # the food subsystem
                                  / "cn_prov_nbs_2000_2019_long.csv")
        ev = evaluate_system("five_securities", {"cn_prov_energy_panel": energy,
                                                 "cn_prov_rd_fiscal": rd,
                                                 "cn_prov_nbs_2000_2019": nbs}, regions=list(NE))
    pd.testing.assert_frame_equal(report.section("evaluation").tables["evaluation_fs"].table,
                                  ev.table)


def test_html_workbook_and_figures(report, plotly_head):
    html = render_report_html(report)
    assert html.count(plotly_head) == 1
    body = without_plotly_library(html)
    assert not EXTERNAL.search(body)
    n_figures = sum(len(s.figures) for s in report.sections)
    assert body.count('class="plotly-graph-div"') == n_figures > 20
    for s in report.sections:
        for fig in s.figures:
            assert fig.layout.xaxis.title.text and fig.layout.meta["source"], (s.key, fig.layout.title.text)
    assert "io_linkages" in body and "key_sector_rule" in body  # appendix of conventions
    doc = json.loads(json.dumps(report.to_result().to_json_dict()))
    assert doc["sections"][2]["tables"]["linkages_liaoning"]["meta"]["method"] == "io_linkages"
    book = openpyxl.load_workbook(io.BytesIO(report_workbook_bytes(report)), read_only=True)
    tables = report.tables()
    assert [n for n in book.sheetnames[2:] if not n.endswith("_meta")] == list(tables)
    rows = list(book["weight_gdp"].iter_rows(values_only=True))
    year2020 = next(r for r in rows if r[0] == 2020)
    col = rows[0].index("Share of the nation")  # labels in row 1, units in row 2 (issue 15)
    assert rows[1][col] == "%"
    assert year2020[col] == tables["weight_gdp"].table.loc[2020, "share_pct"]  # full precision
    full = openpyxl.load_workbook(io.BytesIO(report_workbook_bytes(report)))
    ws = full["weight_gdp"]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    assert ws.cell(row=3, column=col + 1).number_format == "0.00"
    assert ws.cell(row=3, column=rows[0].index("Region's GDP") + 1).number_format == "#,##0"


def test_province_and_year(shared_data):
    rep = build_report("吉林", year=2010, data_dir=shared_data,
                       sections=["linkages", "similarity", "opening", "innovation"])
    assert {s.key: s.status for s in rep.sections} == dict.fromkeys(
        ["linkages", "similarity", "opening", "innovation"], "ok")
    assert rep.meta["io_year"] == 2007 and list(rep.section("linkages").tables) == [
        "linkages_jilin", "multipliers_jilin", "facts_linkages"]
    opening = rep.section("opening").tables["opening_trade_dependence"].table
    assert set(opening.index.get_level_values("region")) == {"220000"}
    assert set(opening.index.get_level_values("year")) == {2002, 2007}
    kr = rep.section("similarity").tables["krugman_index"]
    assert "540000" in kr.meta["inputs"]["krugman_reference"]  # the 2007 tables lack Tibet
