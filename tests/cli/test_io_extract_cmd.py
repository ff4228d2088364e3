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


# The defaults of the io commands before the application layer (technology 'domestic', import
# share 'use', zero output 'raise'), given explicitly so that the numbers below keep their meaning.
OLD_DEFAULTS = ("--technology", "domestic", "--import-share", "use", "--zero-output", "raise")


def test_extract_sectors_json(run_cli, nbs):
    r = run_cli("io", "extract", nbs, "--sector", "14", "-s", "27", "--variant", "backward",
                *OLD_DEFAULTS, "--format", "json")
    assert r.code == 0, r.err
    assert r.err == "warning: --sector is deprecated; use --sectors\n"
    doc = json.loads(r.out)
    assert [row["sector"] for row in doc["table"]] == ["14", "27"]
    assert all(row["loss"] > 0 and 0 < row["loss_pct"] < 100 for row in doc["table"])
    conv = doc["meta"]["conventions"]
    assert conv["variant"] == "backward" and conv["technology"] == "domestic"
    assert doc["meta"]["warnings"] == []
    new = run_cli("io", "extract", nbs, "--sectors", "14,27", "--variant", "backward",
                  *OLD_DEFAULTS, "--format", "json")
    assert new.code == 0 and new.err == "" and json.loads(new.out)["table"] == doc["table"]


def test_extract_all_csv_to_file(run_cli, nbs, tmp_path):
    out = tmp_path / "x.csv"
    r = run_cli("io", "extract", nbs, "--all", "--variant", "forward", "--technology", "total",
                "--format", "csv", "--output", out)
    assert r.code == 0, r.err
    assert "--all is deprecated" in r.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("sector,name_cn,name_en,output") and len(lines) == 43


def test_extract_usage_and_input_errors(run_cli, nbs):
    r = run_cli("io", "extract", nbs, "--sector", "14", "--all")
    assert r.code == 2 and "not both" in r.err
    r = run_cli("io", "extract", nbs, "--variant", "sideways")  # bad input: names the field
    assert r.code == 1 and "field variant" in r.err and "sideways" in r.err
    r = run_cli("io", "extract", nbs, "--sector", "99")
    assert r.code == 1 and "['99']" in r.err and "'42'" in r.err and "Traceback" not in r.err


def test_impact_with_shock_file(run_cli, provincial):
    r = run_cli("io", "impact", provincial, "--province", "辽宁", "--shocks", EXAMPLE,
                *OLD_DEFAULTS, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    rows = {row["sector"]: row for row in doc["table"]}
    assert rows["14"]["output_delta"] < 0 < rows["20"]["output_delta"]
    assert doc["meta"]["scenario"].startswith("heavy-to-emerging")
    totals = doc["meta"]["totals"]
    assert totals["value_added"]["delta"] + totals["imports"]["delta"] == pytest.approx(0, abs=1e-3)


def test_impact_with_shock_options_warns_on_stderr(run_cli, provincial):
    r = run_cli("io", "impact", provincial, "-r", "Liaoning", "--shock", "14:FU201:-10%",
                "--shock", "20:FU201:1000", "--name", "cut", *OLD_DEFAULTS, "--format", "json")
    assert r.code == 0, r.err
    assert "warning:" in r.err and "percentage of a zero cell" in r.err
    doc = json.loads(r.out)
    assert doc["meta"]["shocks"] == ["14:FU201:-10%", "20:FU201:1000"]
    assert doc["meta"]["scenario"] == "cut" and len(doc["meta"]["warnings"]) == 1


def test_impact_errors(run_cli, provincial):
    r = run_cli("io", "impact", provincial, "-r", "辽宁")
    assert r.code == 2 and "--shock" in r.err
    r = run_cli("io", "impact", provincial, "-r", "辽宁", "--shock", "14:FU201:5", "--shocks",
                EXAMPLE)
    assert r.code == 2 and "not both" in r.err
    r = run_cli("io", "impact", provincial, "-p", "辽宁", "--shock", "14:FU201:5")
    assert r.code == 2  # -p no longer means province (one meaning per short flag)
    r = run_cli("io", "impact", provincial, "-r", "辽宁", "--shock", "14:FU999:5")
    assert r.code == 1 and "FU999" in r.err and "FU201" in r.err
    r = run_cli("io", "impact", provincial, "-r", "辽宁", "--shock", "14-FU201-5")
    assert r.code == 1 and "SECTOR:CATEGORY:AMOUNT" in r.err
    r = run_cli("io", "impact", provincial, "-r", "辽宁", "--shock", "14:FU201:-150%")
    assert r.code == 1 and "-100" in r.err
