"""``revitalize indicators ...`` on the real data: JSON shape, reference recorded, errors."""

from __future__ import annotations

import json

import pytest

PROV17 = ("cn_io_provincial", "cn_prov_io_2017_42.csv")
ENERGY = ("cn_prov_energy_panel", "cn_prov_energy_econ_panel_long.csv")
RD = ("cn_prov_rd_fiscal", "cn_prov_rd_fiscal_long.csv")


def _path(shared_data, parts):
    return shared_data.joinpath(*parts)


def test_lq_json_records_reference(run_cli, shared_data):
    r = run_cli("indicators", "lq", "--data", _path(shared_data, PROV17), "--region", "辽宁",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["meta"]["conventions"]["reference"] == "000000"
    assert doc["meta"]["conventions"]["reference_values"] == "sum of member regions"
    recs = {rec["sector"]: rec["location_quotient"] for rec in doc["table"]}
    assert len(recs) == 42 and recs["14"] > 1  # Liaoning: metal smelting above the national share


def test_share_shows_the_fact_base_beside(run_cli, shared_data):
    r = run_cli("indicators", "share", "--data", _path(shared_data, ENERGY), "--years", "2003-2003",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["table"][0]["share_pct"] == pytest.approx(8.79, abs=0.005)
    fact = {f["period"]: f for f in doc["meta"]["fact_base"]}["2003"]
    assert fact["fact_value"] == 8.5 and fact["computed"] == pytest.approx(8.79, abs=0.005)


def test_similarity_within_the_northeast(run_cli, shared_data):
    r = run_cli("indicators", "similarity", "--data", _path(shared_data, PROV17), "--region", "NE",
                "--format", "csv")
    assert r.code == 0, r.err
    lines = r.out.strip().splitlines()
    assert lines[0] == "region_a,region_b,similarity" and len(lines) == 4


def test_rd_gap_and_bad_inputs(run_cli, shared_data):
    r = run_cli("indicators", "rd-gap", "--data", _path(shared_data, RD), "--years", "2015-2015",
                "--format", "json")
    doc = json.loads(r.out)
    ln = next(rec for rec in doc["table"] if rec["region"] == "210000")
    assert ln["rd_intensity"] == pytest.approx(1.27) and ln["gap_pp"] == pytest.approx(-0.80)
    bad = run_cli("indicators", "lq", "--data", _path(shared_data, RD))
    assert bad.code == 1 and "not an input-output table" in bad.err
    bad = run_cli("indicators", "share", "--data", _path(shared_data, ENERGY), "--years", "x")
    assert bad.code == 1 and "field years" in bad.err
    assert run_cli("indicators", "lq").code == 2  # --data missing: usage error
