"""``revitalize evaluate entropy|critic|topsis|gra|coupling``: records, formats, criteria specs,
warnings and errors."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.evaluate.io import parse_criteria

FIGHTER_CSV = """alternative,speed,range,payload,cost,reliability,manoeuvre
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
SPEC = "speed:+:0.2,range:+:0.1,payload:+:0.1,cost:-:0.1,reliability:+:0.2,manoeuvre:+:0.3"


@pytest.fixture()
def matrix(tmp_path):
    path = tmp_path / "fighter.csv"
    path.write_text(FIGHTER_CSV, encoding="utf-8")
    return path


def _json(r):
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_topsis_json_records(run_cli, matrix):
    doc = _json(run_cli("evaluate", "topsis", matrix, "--criteria", SPEC, "--format", "json"))
    assert [set(rec) for rec in doc["table"]] == [{"alternative", "closeness", "rank"}] * 4
    ranks = {rec["alternative"]: rec["rank"] for rec in doc["table"]}
    assert ranks == {"A1": 1, "A2": 4, "A3": 2, "A4": 3}
    assert doc["table"][0]["closeness"] == pytest.approx(0.6433, abs=1e-4)
    meta = doc["meta"]
    assert meta["method"] == "TOPSIS" and meta["conventions"]["normalisation"] == "vector"
    assert meta["conventions"]["directions"]["cost"] == "cost"
    assert meta["provenance"][0]["file"] == "fighter.csv" and len(meta["provenance"][0]["sha256"]) == 64
    assert meta["weighting"] == "spec" and meta["warnings"] == []


def test_topsis_minmax_entropy_weighting_csv(run_cli, matrix):
    spec = "speed:+,range:+,payload:+,cost:-,reliability:+,manoeuvre:+"
    r = run_cli("evaluate", "topsis", matrix, "--criteria", spec, "--weighting", "entropy",
                "--normalisation", "minmax", "--format", "csv")
    assert r.code == 0, r.err
    table = pd.read_csv(io.StringIO(r.out))
    assert list(table.columns) == ["alternative", "closeness", "rank"]
    assert sorted(table["rank"]) == [1, 2, 3, 4]
    missing = run_cli("evaluate", "topsis", matrix, "--criteria", spec)
    assert missing.code == 1 and "no criterion weights" in missing.err
    assert "--weighting entropy|critic|equal" in missing.err


def test_criteria_file_json_and_yaml(run_cli, matrix, tmp_path):
    records = [{"name": "speed", "direction": "benefit", "weight": 0.5},
               {"name": "cost", "direction": "cost", "weight": 0.5}]
    js = tmp_path / "criteria.json"
    js.write_text(json.dumps(records), encoding="utf-8")
    yml = tmp_path / "criteria.yaml"
    yml.write_text("speed: {direction: benefit, weight: 0.5}\ncost: {direction: cost, "
                   "weight: 0.5}\n", encoding="utf-8")
    a = _json(run_cli("evaluate", "topsis", matrix, "--criteria", js, "-f", "json"))
    b = _json(run_cli("evaluate", "topsis", matrix, "--criteria", yml, "-f", "json"))
    assert a["table"] == b["table"]
    assert a["meta"]["conventions"]["weights"] == {"speed": 0.5, "cost": 0.5}
    assert any("columns ['range', 'payload', 'reliability', 'manoeuvre'] are not in the criteria"
               in w["message"] for w in a["meta"]["warnings"])


def test_entropy_and_critic_records(run_cli, matrix):
    spec = "speed:+,range:+,payload:+,cost:-,reliability:+,manoeuvre:+"
    doc = _json(run_cli("evaluate", "entropy", matrix, "--criteria", spec, "-f", "json",
                        "--zero-handling", "zero_log"))
    assert [set(rec) for rec in doc["table"]] == [{"criterion", "weight", "entropy",
                                                   "divergence"}] * 6
    assert sum(rec["weight"] for rec in doc["table"]) == pytest.approx(1.0)
    assert doc["meta"]["conventions"]["zero_handling"] == "zero_log"
    doc = _json(run_cli("evaluate", "critic", matrix, "--criteria", spec, "-f", "json"))
    assert {rec["criterion"] for rec in doc["table"]} == {"speed", "range", "payload", "cost",
                                                          "reliability", "manoeuvre"}
    assert doc["meta"]["method"] == "CRITIC weights"


def test_gra_records_and_reference(run_cli, matrix):
    doc = _json(run_cli("evaluate", "gra", matrix, "--criteria", SPEC, "-f", "json", "--rho", "0.5"))
    assert [set(rec) for rec in doc["table"]] == [{"alternative", "grade", "rank"}] * 4
    assert doc["meta"]["conventions"]["grade"] == "weighted"
    doc = _json(run_cli("evaluate", "gra", matrix, "--criteria", "speed:+,cost:-", "-f", "json",
                        "--reference", "speed:3,cost:4"))
    assert doc["meta"]["conventions"]["reference"] == "given"
    assert doc["meta"]["conventions"]["grade"] == "equal weights"
    bad = run_cli("evaluate", "gra", matrix, "--criteria", "speed:+", "--rho", "2")
    assert bad.code == 1 and "rho 2.0 is outside (0, 1]" in bad.err


def test_coupling_csv_keeps_region_codes(run_cli, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("region,year,economy,society\n210000,2019,0.30,0.50\n210000,2020,0.40,0.40\n"
                    "220000,2020,0.90,0.10\n", encoding="utf-8")
    doc = _json(run_cli("evaluate", "coupling", path, "--formula", "wang2021", "-f", "json",
                        "--weights", "economy:0.6,society:0.4", "--scheme", "four_class"))
    assert [set(rec) for rec in doc["table"]] == [{"region", "year", "C", "T", "D", "class"}] * 3
    first = doc["table"][0]
    assert first["region"] == "210000" and first["year"] == 2019
    assert first["T"] == pytest.approx(0.6 * 0.3 + 0.4 * 0.5)
    assert doc["meta"]["conventions"]["formula"] == "wang2021"
    assert doc["meta"]["grading"][-1]["class_zh"] == "极度协调"
    out = tmp_path / "out.csv"
    r = run_cli("evaluate", "coupling", path, "--weights", "0.5,0.5", "-f", "csv", "-o", out)
    assert r.code == 0 and pd.read_csv(out, dtype={"region": str})["region"].tolist()[0] == "210000"


def test_coupling_errors(run_cli, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("region,year,a,b\n210000,2020,0.3,1.4\n", encoding="utf-8")
    r = run_cli("evaluate", "coupling", path)
    assert r.code == 1 and "outside [0, 1]" in r.err and r.err.count("\n") == 1
    noreg = tmp_path / "v.csv"
    noreg.write_text("year,a,b\n2020,0.3,0.4\n", encoding="utf-8")
    r = run_cli("evaluate", "coupling", noreg)
    assert r.code == 1 and "no 'region' column" in r.err
    r = run_cli("evaluate", "coupling", path, "--subsystems", "a,zz")
    assert r.code == 1 and "subsystems ['zz'] are not columns" in r.err


def test_user_errors_are_one_line(run_cli, matrix, tmp_path):
    r = run_cli("evaluate", "topsis", matrix, "--criteria", "speed:+:0.5,nope:-:0.5")
    assert r.code == 1 and "criteria ['nope'] are not columns of the file" in r.err
    r = run_cli("evaluate", "topsis", matrix, "--criteria", "speed:up:1")
    assert r.code == 1 and "criterion 'speed' has direction 'up'" in r.err
    r = run_cli("evaluate", "topsis", matrix, "--criteria", "speed:+:0.5,cost:-")
    assert r.code == 1 and "weights given for some criteria but not for ['cost']" in r.err
    broken = tmp_path / "broken.csv"
    broken.write_text(FIGHTER_CSV.replace("1500", "about 1500"), encoding="utf-8")
    r = run_cli("evaluate", "topsis", broken, "--criteria", SPEC)
    assert r.code == 1 and "row A1" in r.err and "field range" in r.err
    assert "non-numeric value 'about 1500'" in r.err
    assert r.err.strip().count("\n") == 0 and r.err.startswith("error: ")
    broken.write_text(FIGHTER_CSV.replace("21000", "n/a"), encoding="utf-8")
    r = run_cli("evaluate", "entropy", broken, "--criteria", SPEC)
    assert r.code == 1 and "['A3/payload']" in r.err and "missing or infinite" in r.err
    # the run failed: its warnings are not printed (only a result carries them)
    assert r.err.startswith("error: ")


def test_warnings_go_to_stderr_and_meta(run_cli, matrix):
    r = run_cli("evaluate", "topsis", matrix, "--criteria", "speed:+:1,cost:-:1", "-f", "json")
    assert r.code == 0
    assert "warning: weights sum to 2, not 1: weights renormalised" in r.err
    assert any("weights renormalised" in w["message"]
               for w in json.loads(r.out)["meta"]["warnings"])


def test_usage_errors_exit_2(run_cli, matrix):
    # an unknown choice is bad input (exit 1, naming the field), as in every generated command
    assert run_cli("evaluate", "topsis", matrix, "--criteria", SPEC, "--normalisation", "sum").code == 1
    assert run_cli("evaluate", "topsis", matrix).code == 2
    assert run_cli("evaluate", "coupling", matrix, "--formula", "liao").code == 1


def test_help_documents_the_spec(run_cli):
    r = run_cli("evaluate", "topsis", "--help")
    assert r.code == 0 and "name:direction[:weight]" in r.out and "JSON/YAML" in r.out


def test_parse_criteria_errors(tmp_path):
    assert parse_criteria(" gdp : + : 0.3 , co2:cost") == [("gdp", "+", 0.3), ("co2", "cost", None)]
    with pytest.raises(InputError, match="is not name:direction"):
        parse_criteria("gdp")
    with pytest.raises(InputError, match=r"repeats \['gdp'\]"):
        parse_criteria("gdp:+,gdp:-")
    with pytest.raises(InputError, match="weight 'x' is not a number"):
        parse_criteria("gdp:+:x")
    with pytest.raises(InputError, match="criteria file not found"):
        parse_criteria(str(tmp_path / "none.yaml"))
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "gdp"}]', encoding="utf-8")
    with pytest.raises(InputError, match="lacks name or direction"):
        parse_criteria(str(bad))
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse the criteria file"):
        parse_criteria(str(bad))
