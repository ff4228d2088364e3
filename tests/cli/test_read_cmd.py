"""``revitalize data read``: summaries of real panels and IO tables, formats, errors."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from revitalize.data.datasets_api import summarise
from revitalize.errors import UnknownLabelError
from tests.io.fixtures import miller_blair_2x2

RD = "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv"
ENERGY = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"


def test_panel_json_with_region_and_year(shared_data, run_cli):
    r = run_cli("data", "read", shared_data / RD, "--region", "Liaoning", "--year", "2020",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    rows = {row["indicator"]: row for row in doc["table"]}
    assert len(rows) == 19
    assert rows["rd_intensity_pct_gdp"] == {
        "indicator": "rd_intensity_pct_gdp", "unit": "%", "regions": 1, "first_year": 2020,
        "last_year": 2020, "values": 1, "flagged": 0, "flags": ""}
    meta = doc["meta"]
    assert meta["kind"] == "panel" and meta["regions"] == ["210000"]
    assert meta["reader"] == "panel_long_csv"
    assert "huhuaping/techme" in meta["provenance"][0]["source"]
    assert meta["conventions"] == {"region": "Liaoning", "year": 2020}


def test_panel_flags_csv_and_warning(shared_data, run_cli):
    r = run_cli("data", "read", shared_data / ENERGY, "--format", "csv")
    assert r.code == 0, r.err
    table = pd.read_csv(io.StringIO(r.out), keep_default_na=False).set_index("indicator")
    assert table.loc["gdp", "flags"] == "E:9 J:13 V:26" and table.loc["gdp", "flagged"] == 48
    assert table.loc["population", "first_year"] == 1990
    assert table.loc["population", "last_year"] == 2024
    assert int(table["flagged"].sum()) == 214
    assert r.err.startswith("warning: ") and "214 of 14293 values carry quality flags" in r.err


def test_macro_region_keeps_members(shared_data, run_cli):
    r = run_cli("data", "read", shared_data / ENERGY, "--region", "东北", "--year", "2020",
                "--format", "json")
    doc = json.loads(r.out)
    assert doc["meta"]["regions"] == ["210000", "220000", "230000"]
    pop = next(row for row in doc["table"] if row["indicator"] == "population")
    assert pop["values"] == 3


def test_table_format_and_output_file(shared_data, run_cli, tmp_path):
    r = run_cli("data", "read", shared_data / RD)
    assert r.code == 0 and "┃ indicator" in r.out and "huhuaping/techme" in r.out
    text = tmp_path / "summary.txt"
    assert run_cli("data", "read", shared_data / RD, "--output", text).code == 0
    assert re.search(r"rd_expenditure\s+亿元\s+32\s+2011\s+2023", text.read_text(encoding="utf-8"))
    out = tmp_path / "summary.json"
    r = run_cli("data", "read", shared_data / RD, "--format", "json", "--output", out)
    assert r.code == 0 and r.out.startswith("wrote") and '"table"' not in r.out
    assert len(json.loads(out.read_text(encoding="utf-8"))["table"]) == 19


def test_provincial_io_summary(shared_data, run_cli):
    pytest.importorskip("revitalize.data.readers.provincial")
    r = run_cli("data", "read", shared_data / "cn_io_provincial/cn_prov_io_2017_42.csv",
                "--region", "Northeast", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [row["region"] for row in doc["table"]] == ["210000", "220000", "230000"]
    row = doc["table"][0]
    assert row["sectors"] == 42 and row["unit"] == "10^4 CNY" and row["year"] == 2017
    assert row["total_output"] > row["total_value_added"] > 0
    assert row["worst_row_gap_rel"] < 1e-6 and row["checks"] == "ok"
    assert doc["meta"]["kind"] == "io_table" and doc["meta"]["tables"] == 3


def test_summarise_io_table_fixture():
    result = summarise(miller_blair_2x2(), file="mb.csv")
    row = result.table.iloc[0]
    assert row["total_output"] == 3000 and row["total_value_added"] == 2050
    assert row["worst_row_gap_rel"] == 0 and row["worst_column_gap_rel"] == 0
    assert row["sectors"] == 2 and row["name"] == "China" and row["checks"] == "ok"
    tables = {"000000": miller_blair_2x2()}
    with pytest.raises(UnknownLabelError, match=r"year 2017 is not in the file.*\[2009\]"):
        summarise(tables, year=2017, file="mb.csv")
    with pytest.raises(UnknownLabelError, match=r"region 'Liaoning' \(210000\) is not in the file"):
        summarise(tables, region="Liaoning", file="mb.csv")


def test_unbalanced_table_names_worst_sector():
    table = miller_blair_2x2()
    bad = miller_blair_2x2(output=table.output + pd.Series([0.0, 20.0], index=table.codes))
    row = summarise(bad).table.iloc[0]
    assert row["worst_row_sector"] == "02" and row["worst_row_gap_rel"] == pytest.approx(20 / 2020)
    assert "row_balance" in row["checks"]


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["--region", "Atlantis"], "unknown region 'Atlantis'"),
        (["--region", "Liaoning", "--year", "1900"], "year 1900 is not in the file"),
        (["--reader", "excel"], "unknown reader 'excel'"),
    ],
)
def test_errors_are_one_line(shared_data, run_cli, args, pattern):
    r = run_cli("data", "read", shared_data / RD, *args)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("error: ") and pattern in r.err and r.err.count("\n") == 1


def test_bad_files(run_cli, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    r = run_cli("data", "read", empty)
    assert r.code == 1 and "empty.csv: file is empty" in r.err
    r = run_cli("data", "read", tmp_path / "missing.csv")
    assert r.code == 1 and "no file" in r.err and "missing.csv" in r.err
    r = run_cli("data", "read", empty, "--format", "xml")
    assert r.code == 2


def test_generic_panel_fixture(run_cli, tmp_path):
    path = tmp_path / "gdp.csv"
    path.write_text("region,2019,2020\n辽宁,24909.5,25115.0\n吉林,11726.8,\n", encoding="utf-8")
    r = run_cli("data", "read", path, "--format", "json")
    assert r.code == 1 and "pass indicator=" in r.err
    r = run_cli("data", "read", path, "--indicator", "gdp", "--unit", "亿元", "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["table"] == [{
        "indicator": "gdp", "unit": "亿元", "regions": 2, "first_year": 2019, "last_year": 2020,
        "values": 3, "flagged": 0, "flags": ""}]
    wide = tmp_path / "wide.csv"
    wide.write_text("region,year,gdp\n辽宁,2020,25115.0\n吉林,2020,12311.3\n", encoding="utf-8")
    r = run_cli("data", "read", wide, "--format", "json")
    doc = json.loads(r.out)
    assert doc["table"][0]["unit"] == "unknown" and doc["table"][0]["regions"] == 2
    assert "no unit stated" in r.err and doc["meta"]["warnings"]


def test_panel_options_refused_for_io_tables(run_cli, tmp_path):
    path = tmp_path / "io.csv"
    path.write_text("Code,Description,01,02,GO\n01,Agri,1,2,3\n", encoding="utf-8")
    r = run_cli("data", "read", path, "--unit", "万元")
    assert r.code == 1 and "field indicator/unit: indicator/unit apply to panels" in r.err
