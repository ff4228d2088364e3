"""``revitalize io extract`` and ``revitalize io impact`` on the real tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "liaoning_investment_shift.yaml"


@pytest.fixture(scope="module")
def nbs(shared_data) -> Path:
    return shared_data / "cn_io_nbs" / "cn_io_2017_42_noncomp.csv"


@pytest.fixture(scope="module")
def provincial(shared_data) -> Path:
    return shared_data / "cn_io_provincial" / "cn_prov_io_2017_42.csv"


def test_extract_sectors_json(run_cli, nbs):
    r = run_cli("io", "extract", nbs, "--sector", "14", "-s", "27", "--variant", "backward",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [row["sector"] for row in doc["table"]] == ["14", "27"]
    assert all(row["loss"] > 0 and 0 < row["loss_pct"] < 100 for row in doc["table"])
    conv = doc["meta"]["conventions"]
    assert conv["variant"] == "backward" and conv["technology"] == "domestic"
    assert doc["meta"]["warnings"] == []


def test_extract_all_csv_to_file(run_cli, nbs, tmp_path):
    out = tmp_path / "x.csv"
    r = run_cli("io", "extract", nbs, "--all", "--variant", "forward", "--technology", "total",
                "--format", "csv", "--output", out)
    assert r.code == 0, r.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("sector,name_cn,name_en,output") and len(lines) == 43


def test_extract_usage_and_input_errors(run_cli, nbs):
    r = run_cli("io", "extract", nbs, "--sector", "14", "--all")
    assert r.code == 2 and "not both" in r.err
    r = run_cli("io", "extract", nbs, "--variant", "sideways")
    assert r.code == 2
    r = run_cli("io", "extract", nbs, "--sector", "99")
    assert r.code == 1 and "['99']" in r.err and "'42'" in r.err and "Traceback" not in r.err


def test_impact_with_shock_file(run_cli, provincial):
    r = run_cli("io", "impact", provincial, "--province", "辽宁", "--shocks", EXAMPLE,
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    rows = {row["sector"]: row for row in doc["table"]}
    assert rows["14"]["output_delta"] < 0 < rows["20"]["output_delta"]
    assert doc["meta"]["scenario"].startswith("heavy-to-emerging")
    totals = doc["meta"]["totals"]
    assert totals["value_added"]["delta"] + totals["imports"]["delta"] == pytest.approx(0, abs=1e-3)


def test_impact_with_shock_options_warns_on_stderr(run_cli, provincial):
    r = run_cli("io", "impact", provincial, "-p", "Liaoning", "--shock", "14:FU201:-10%",
                "--shock", "20:FU201:1000", "--name", "cut", "--format", "json")
    assert r.code == 0, r.err
    assert "warning:" in r.err and "percentage of a zero cell" in r.err
    doc = json.loads(r.out)
    assert doc["meta"]["shocks"] == ["14:FU201:-10%", "20:FU201:1000"]
    assert doc["meta"]["scenario"] == "cut" and len(doc["meta"]["warnings"]) == 1


def test_impact_errors(run_cli, provincial):
    r = run_cli("io", "impact", provincial, "-p", "辽宁")
    assert r.code == 2 and "--shock" in r.err
    r = run_cli("io", "impact", provincial, "-p", "辽宁", "--shock", "14:FU999:5")
    assert r.code == 1 and "FU999" in r.err and "FU201" in r.err
    r = run_cli("io", "impact", provincial, "-p", "辽宁", "--shock", "14-FU201-5")
    assert r.code == 1 and "SECTOR:CATEGORY:AMOUNT" in r.err
    r = run_cli("io", "impact", provincial, "-p", "辽宁", "--shock", "14:FU201:-150%")
    assert r.code == 1 and "-100" in r.err
