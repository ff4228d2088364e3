"""``revitalize io linkages`` and ``io multipliers`` on the real tables: JSON records, variants
in meta, employment, warnings and errors."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

PROV = "cn_io_provincial/cn_prov_io_2017_42.csv"
NBS_2017 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
NBS_2020 = "cn_io_nbs/cn_io_2020_42_noncomp.csv"
EMP = "cn_sector_employment/cn_employment_by_sector_1990_2018.csv"


def test_linkages_json_liaoning(shared_data, run_cli):
    r = run_cli("io", "linkages", shared_data / PROV, "--province", "辽宁", "--forward", "ghosh",
                "--influence-weights", "final_demand", "--technology", "domestic",
                "--import-share", "use", "--zero-output", "raise", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    rows = doc["table"]
    assert len(rows) == 42
    need = {"sector", "name", "influence_coefficient", "sensitivity_coefficient",
            "output_multiplier", "key_sector_class", "influence_cv", "sensitivity_cv"}
    assert need <= set(rows[0])
    assert {row["key_sector_class"] for row in rows} <= {"key", "backward_oriented",
                                                         "forward_oriented", "weak"}
    conv = doc["meta"]["conventions"]
    assert conv["forward"] == "ghosh" and conv["influence_weights"] == "final_demand"
    assert conv["sensitivity_weights"] == "none" and conv["technology"] == "domestic"
    assert doc["meta"]["region"] == "210000" and doc["meta"]["year"] == 2017
    sens = [row["sensitivity_coefficient"] for row in rows]
    assert sum(sens) / 42 == pytest.approx(1.0)


def test_multipliers_csv_with_employment_type_i(shared_data, run_cli):
    r = run_cli("io", "multipliers", shared_data / NBS_2017, "--type", "I", "--employment",
                shared_data / EMP, "--format", "csv")
    assert r.code == 0, r.err
    t = pd.read_csv(io.StringIO(r.out), dtype={"sector": str}).set_index("sector")
    assert "output_induced" not in t.columns and "employment_multiplier" in t.columns
    assert (t["employment_multiplier"] >= t["employment_direct"]).all()
    assert r.err == ""  # type I needs no household closure, so no TC warning


def test_multipliers_type_ii_warns_and_records(shared_data, run_cli, tmp_path):
    out = tmp_path / "m.json"
    r = run_cli("io", "multipliers", shared_data / NBS_2017, "--format", "json", "--output", out)
    assert r.code == 0, r.err
    assert "warning:" in r.err and "government consumption" in r.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["meta"]["conventions"]["household_columns"] == "TC"
    assert doc["meta"]["warnings"] and doc["table"][0]["output_induced"] > 0


def test_2020_table_needs_an_employment_year(shared_data, run_cli):
    r = run_cli("io", "multipliers", shared_data / NBS_2020, "--type", "I", "--employment",
                shared_data / EMP)
    assert r.code == 1 and "year 2020 is not in the file" in r.err
    assert len(r.err.strip().splitlines()) == 1
    ok = run_cli("io", "multipliers", shared_data / NBS_2020, "--type", "I", "--employment",
                 shared_data / EMP, "--employment-year", "2018", "--format", "json")
    assert ok.code == 0, ok.err
    assert json.loads(ok.out)["meta"]["employment"]["year"] == 2018


def test_bad_options(shared_data, run_cli):
    r = run_cli("io", "linkages", shared_data / NBS_2017, "--forward", "sideways")
    assert r.code == 1 and "field forward" in r.err and "sideways" in r.err
    r = run_cli("io", "multipliers", shared_data / NBS_2017, "--type", "III")
    assert r.code == 1 and "field type" in r.err
    r = run_cli("io", "linkages", shared_data / NBS_2017, "--no-such-option")
    assert r.code == 2
    r = run_cli("io", "linkages", shared_data / PROV)  # 31 provinces: pick one
    assert r.code == 1 and "--region" in r.err


def test_employment_on_a_non_2017_list_table_is_refused(shared_data, run_cli):
    r = run_cli("io", "multipliers", shared_data / "cn_io_nbs/cn_io_2015_42.csv", "--type", "I",
                "--employment", shared_data / EMP)
    assert r.code == 1 and "nbs42" in r.err
