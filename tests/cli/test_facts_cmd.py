"""``revitalize data facts``."""

from __future__ import annotations

import io
import json

import pandas as pd


def test_json_shape_and_filter(run_cli):
    r = run_cli("data", "facts", "--indicator", "gdp_share_of_national", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert set(doc) == {"meta", "table"}
    assert doc["meta"]["method"] == "fact_base"
    assert doc["meta"]["conventions"]["indicator"] == "gdp_share_of_national"
    assert {(row["period"], row["value"]) for row in doc["table"]} == {("2003", 8.5), ("2022", 4.8)}
    assert all(row["quote"] and row["region_name_en"] == "Northeast" for row in doc["table"])
    assert [p["file"] for p in doc["meta"]["provenance"]] == ["002_036cff7a7d528828.txt"]


def test_csv_with_region_in_chinese_and_source(run_cli):
    r = run_cli("data", "facts", "-r", "辽宁", "--source", "4", "-f", "csv")
    assert r.code == 0, r.err
    frame = pd.read_csv(io.StringIO(r.out), dtype={"source": str, "region": str})
    assert set(frame["region"]) == {"210000"} and set(frame["source"]) == {"004"}
    assert sorted(frame["value"]) == [1.27, 9.6]
    assert {"quote", "note", "region_name_cn"} <= set(frame.columns)


def test_sector_filter_and_output_file(run_cli, tmp_path):
    out = tmp_path / "agri.json"
    r = run_cli("data", "facts", "--sector", "agriculture", "--format", "json", "--output", out)
    assert r.code == 0, r.err
    table = json.loads(out.read_text(encoding="utf-8"))["table"]
    assert {row["indicator"]: row["value"] for row in table} == {
        "influence_coefficient": 11.655, "sensitivity_coefficient": 17.368}


def test_table_format_shows_key_columns(run_cli, tmp_path):
    out = tmp_path / "t.txt"
    r = run_cli("data", "facts", "--indicator", "rd_intensity", "--output", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    assert "Heilongjiang" in text and "1.05" in text and "quote" not in text
    r = run_cli("data", "facts", "--indicator", "population_census")
    assert r.code == 0 and "98.51" in r.out


def test_unknown_indicator_is_one_line_exit_1(run_cli):
    r = run_cli("data", "facts", "--indicator", "gdp_growth")
    assert r.code == 1 and r.out == ""
    assert r.err.count("\n") == 1 and r.err.startswith("error:")
    assert "unknown indicator 'gdp_growth'" in r.err and "rd_intensity" in r.err


def test_unknown_region_and_source_exit_1(run_cli):
    assert run_cli("data", "facts", "--region", "Atlantis").code == 1
    r = run_cli("data", "facts", "--source", "9")
    assert r.code == 1 and "unknown source" in r.err


def test_usage_errors_exit_2(run_cli):
    assert run_cli("data", "facts", "--format", "xml").code == 2
    assert run_cli("data", "facts", "--bogus").code == 2


def test_help(run_cli):
    r = run_cli("data", "facts", "--help")
    assert r.code == 0
    for flag in ("--indicator", "--region", "--source", "--sector", "--format", "--output"):
        assert flag in r.out
