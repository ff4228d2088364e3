"""``revitalize indicators fdi|caveats|gdp-vintages|shift-share|rca`` on the real data."""

from __future__ import annotations

import json

import pytest

IO = "cn_io_provincial"
ENERGY = ("cn_prov_energy_panel", "cn_prov_energy_econ_panel_long.csv")
NBS = ("cn_national_nbs_1978_2014", "cn_national_nbs_1978_2014_long.csv")
WDI = ("cn_national_wdi_pwt", "cn_national_wdi_pwt_1960_2025.csv")


def _io(shared_data, year):
    return shared_data / IO / f"cn_prov_io_{year}_42.csv"


def test_fdi_side_by_side_with_the_fact_base(run_cli, shared_data):
    r = run_cli("indicators", "fdi", "--data", shared_data.joinpath(*NBS), "--data",
                shared_data.joinpath(*WDI), "--years", "1995-2014", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    by_year = {rec["year"]: rec for rec in doc["table"]}
    assert by_year[1995]["fdi_utilised_pct_gdp"] == pytest.approx(5.1, abs=0.05)
    assert by_year[2014]["fdi_utilised_pct_gdp"] == pytest.approx(1.15, abs=0.005)
    assert by_year[2014]["wdi_net_inflows_pct_gdp"] == pytest.approx(2.56)
    assert "人民币对美元汇率(美元=100)" in doc["meta"]["conventions"]["conversion"]
    items = {f["item"]: f for f in doc["meta"]["fact_base"]}
    assert items["fdi_inflow"]["value"] == 3.6
    assert items["implied_national_fdi_utilised"]["value"] == pytest.approx(144.0)
    r = run_cli("indicators", "fdi", "--data", shared_data.joinpath(*NBS), "--facts", "--format", "csv")
    lines = r.out.strip().splitlines()
    assert lines[0].startswith("item,period,value,unit") and len(lines) == 5  # 2 facts, implied, NBS
    assert lines[-1].startswith("national_fdi_utilised_nbs,2020,,")


def test_fdi_refuses_other_inputs(run_cli, shared_data):
    r = run_cli("indicators", "fdi", "--data", shared_data.joinpath(*ENERGY))
    assert r.code == 1 and "cannot tell the NBS and WDI panels apart" in r.err
    r = run_cli("indicators", "fdi", "--data", _io(shared_data, 2017))
    assert r.code == 1 and "not a panel" in r.err


def test_caveats_flags_rows_and_population(run_cli, shared_data):
    energy = shared_data.joinpath(*ENERGY)
    r = run_cli("indicators", "caveats", "--data", energy, "--indicator", "gdp", "--region", "NE",
                "--years", "2011-2018", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [(f["flag"], f["n_values"]) for f in doc["table"]] == [("V", 16)]
    assert doc["meta"]["flag_legend"]["P"].startswith("population concept break")
    r = run_cli("indicators", "caveats", "--data", energy, "--region", "吉林", "--indicator", "gdp",
                "--rows", "--format", "csv")
    lines = r.out.strip().splitlines()
    assert lines[0] == "region,region_en,year,indicator,value,flag,flag_note" and len(lines) == 4
    r = run_cli("indicators", "caveats", "--data", energy, "--population", "--format", "csv")
    assert r.out.splitlines()[1].startswith("330000,Zhejiang,2003,2014,12,")
    bad = run_cli("indicators", "caveats", "--data", _io(shared_data, 2017))
    assert bad.code == 1 and "not a panel" in bad.err


def test_gdp_vintages(run_cli, shared_data):
    r = run_cli("indicators", "gdp-vintages", "--io", _io(shared_data, 2017), "--panel",
                shared_data.joinpath(*ENERGY), "--region", "NE", "--format", "json")
    assert r.code == 0, r.err
    rows = {rec["region"]: rec for rec in json.loads(r.out)["table"]}
    assert rows["220000"]["io_tva_100m_yuan"] == pytest.approx(14806.6, abs=0.05)
    assert rows["220000"]["ratio"] == pytest.approx(1.3557, abs=1e-4)
    assert rows["220000"]["panel_flag"] == "V" and rows["210000"]["panel_flag"] == ""
    bad = run_cli("indicators", "gdp-vintages", "--io", shared_data.joinpath(*ENERGY), "--panel",
                  shared_data.joinpath(*ENERGY))
    assert bad.code == 1 and "not an input-output table" in bad.err


def test_shift_share_2007_2017_on_the_2017_list(run_cli, shared_data):
    r = run_cli("indicators", "shift-share", "--data", _io(shared_data, 2007), "--data",
                _io(shared_data, 2017), "--region", "辽宁", "--reference", "000000",
                "--common-year", "2017", "--incomplete-reference", "common",
                "--variant", "esteban_marquillas", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    conv = doc["meta"]["conventions"]
    assert conv["reference"] == "000000" and conv["variant"] == "esteban_marquillas"
    assert conv["unmatched_sectors_dropped"] == ["23"]  # 2017 repair services: no 2007 sector
    assert conv["reference_members_left_out"] == ["540000"] and conv["years"] == "2007-2017"
    rows = {rec["sector"]: rec for rec in doc["table"]}
    total = rows.pop("total")
    assert len(rows) == 41 and rows["14"]["name"] == "金属冶炼和压延加工品"
    parts = total["national_share"] + total["industry_mix"] + total["competitive_shift"]
    assert parts == pytest.approx(total["actual_change"], rel=1e-12)
    # Liaoning value added 2007 (homothetic total = its base-year size, 11,193.6 亿元)
    assert total["homothetic"] == pytest.approx(11193.6e4, abs=0.05e4)
    assert total["competitive_shift"] < 0  # Liaoning grew slower than its structure implied


def test_shift_share_refusals(run_cli, shared_data):
    y07, y17 = _io(shared_data, 2007), _io(shared_data, 2017)
    base = ("indicators", "shift-share", "--region", "辽宁", "--reference", "000000")
    r = run_cli(*base, "--data", y07, "--data", y17, "--common-year", "2017")
    assert r.code == 1 and "540000" in r.err and "--incomplete-reference common" in r.err
    r = run_cli(*base, "--data", y17)
    assert r.code == 1 and "exactly two years" in r.err
    r = run_cli(*base, "--data", y07, "--data", y17, "--measure", "jobs")
    assert r.code == 1 and "field measure" in r.err
    r = run_cli(*base, "--data", y07, "--data", y17, "--incomplete-reference", "present")
    assert r.code == 1 and "field incomplete_reference" in r.err
    assert run_cli("indicators", "shift-share", "--data", y17, "--region", "辽宁").code == 2


def test_shift_share_unmatched_raise_and_negative_value_added(run_cli, shared_data):
    r = run_cli("indicators", "shift-share", "--data", _io(shared_data, 2007), "--data",
                _io(shared_data, 2017), "--region", "NE", "--reference", "NE",
                "--common-year", "2017", "--unmatched", "raise")
    assert r.code == 1 and "sectors ['23'] have no counterpart" in r.err
    r = run_cli("indicators", "shift-share", "--data", _io(shared_data, 2002), "--data",
                _io(shared_data, 2007), "--region", "吉林", "--reference", "NE",
                "--common-year", "2007")
    # Jilin 2002 non-metallic minerals: negative value added as published (PROVENANCE)
    assert r.code == 1 and "negative value_added in sectors ['13']" in r.err
    assert "--measure output" in r.err


def test_rca_from_exports(run_cli, shared_data):
    r = run_cli("indicators", "rca", "--data", _io(shared_data, 2017), "--reference", "000000",
                "--region", "NE", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["meta"]["method"] == "revealed_comparative_advantage"
    assert doc["meta"]["conventions"]["dropped_sectors"] == ["26"]  # no province exports it
    recs = [rec for rec in doc["table"] if rec["region"] == "210000"]
    assert len(recs) == 41 and {rec["region"] for rec in doc["table"]} == {"210000", "220000", "230000"}
    metals = next(rec for rec in recs if rec["sector"] == "04")
    assert metals["rca"] > 1 and metals["exports"] > 0
    r = run_cli("indicators", "rca", "--data", _io(shared_data, 2017), "--reference", "000000",
                "--zero-reference", "raise")
    assert r.code == 1 and "zero size in sectors ['26']" in r.err
    r = run_cli("indicators", "rca", "--data", _io(shared_data, 2007), "--reference", "000000")
    assert r.code == 1 and "no exports column EX" in r.err
    r = run_cli("indicators", "rca", "--data", _io(shared_data, 2017), "--reference", "000000",
                "--zero-reference", "keep")
    assert r.code == 1 and "field zero_reference" in r.err
    assert run_cli("indicators", "rca", "--data", _io(shared_data, 2017)).code == 2
