"""``revitalize evaluate extension`` and ``revitalize evaluate system``: records, formats,
warnings and errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.tasks.evaluate import parse_year_list as parse_years

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "extension_innovation_capability.yaml"


def test_extension_example_json_records(run_cli):
    r = run_cli("evaluate", "extension", EXAMPLE, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [row["grade"] for row in doc["table"]] == ["weak", "good", "strong"]
    assert set(doc["table"][0]) == {"object", "grade", "grade_index", "K_1", "K_2", "K_3",
                                    "K_4", "j_star"}
    assert doc["meta"]["conventions"]["dependent_function"] == "elementary"
    assert doc["meta"]["grades"] == ["weak", "fair", "good", "strong"]
    assert doc["meta"]["warnings"] == []


def test_extension_values_file_and_clip_warning(run_cli, tmp_path):
    values = tmp_path / "values.csv"
    values.write_text("object,rd_intensity,rd_personnel_share,new_product_sales_share,"
                      "invention_patents_per_100_rd_staff,absorption_to_import_spending\n"
                      "Z,12,14,31,18,0.9\n", encoding="utf-8")
    r = run_cli("evaluate", "extension", EXAMPLE, "--values", values, "--format", "csv")
    assert r.code == 1 and "outside the nodal domain" in r.err and r.err.count("\n") == 1
    r = run_cli("evaluate", "extension", EXAMPLE, "--values", values, "--outside", "clip",
                "--format", "json")
    assert r.code == 0, r.err
    assert "warning: 1 value(s) outside the nodal domain" in r.err
    doc = json.loads(r.out)
    assert doc["table"][0]["object"] == "Z" and doc["table"][0]["grade"] == "strong"
    assert doc["meta"]["conventions"]["outside_nodal_domain"] == "clip"
    assert len(doc["meta"]["warnings"]) == 1


def test_extension_errors(run_cli, tmp_path):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("grades: [a, b]\nindicators:\n  - {name: x, weight: 1, nodal: [0, 10], "
                   "classical: [[0, 6], [5, 10]]}\n", encoding="utf-8")
    r = run_cli("evaluate", "extension", cfg)
    assert r.code == 1
    assert "field indicator x" in r.err and "overlap" in r.err and r.err.count("\n") == 1
    cfg.write_text("grades: [a, b]\nindicators:\n  - {name: x, weight: 1, nodal: [0, 10], "
                   "classical: [[0, 5], [5, 10]]}\n", encoding="utf-8")
    r = run_cli("evaluate", "extension", cfg)
    assert r.code == 1 and "no objects to evaluate" in r.err
    r = run_cli("evaluate", "extension", EXAMPLE, "--variant", "fancy")
    assert r.code == 1 and "field variant" in r.err
    r = run_cli("evaluate", "extension", tmp_path / "absent.yaml")
    assert r.code == 1 and "absent.yaml" in r.err


def test_system_northeast_records(run_cli, shared_data):
    r = run_cli("evaluate", "system", "five_securities", "--data", shared_data, "--years",
                "2014", "--region", "NE", "--weights", "equal", "--format", "csv")
    assert r.code == 0, r.err
    table = pd.read_csv(io.StringIO(r.out))
    assert sorted(table["region_en"]) == ["Heilongjiang", "Jilin", "Liaoning"]
    assert list(table.columns[:11]) == ["region", "region_en", "region_cn", "year", "energy",
                                        "ecology", "industry", "food", "score", "rank",
                                        "n_ranked"]
    assert (table["n_ranked"] == 30).all() and table["rank"].between(1, 30).all()
    assert "warning: " in r.err  # quality flags of the values used


def test_system_json_meta_and_no_coupling(run_cli, shared_data):
    r = run_cli("evaluate", "system", "economy_society_environment", "--data",
                f"{shared_data}", "--years", "2019", "--region", "Liaoning", "--weights",
                "equal", "--no-coupling", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert len(doc["table"]) == 1 and doc["table"][0]["region"] == "210000"
    assert not any(k.startswith("coupling") for k in doc["table"][0])
    assert doc["meta"]["system"] == "economy_society_environment"
    assert doc["meta"]["conventions"]["weight_override"] == "equal"
    assert doc["meta"]["warnings"]


def test_system_errors(run_cli, shared_data, data_dir):
    r = run_cli("evaluate", "system", "nosuch", "--data", shared_data)
    assert r.code == 1 and "no indicator system 'nosuch'" in r.err
    r = run_cli("evaluate", "system", "five_securities", "--data", shared_data, "--years", "20x")
    assert r.code == 1 and "field years" in r.err
    r = run_cli("evaluate", "system", "five_securities", "--panels", "absent")
    assert r.code == 1 and "no file or dataset 'absent'" in r.err
    r = run_cli("evaluate", "system", "five_securities")
    assert r.code == 2


def test_parse_years():
    assert parse_years(None) is None
    assert parse_years("2015") == [2015]
    assert parse_years("2011-2013, 2015") == [2011, 2012, 2013, 2015]
    for bad in ("2015-2011", "15", ","):
        with pytest.raises(InputError):
            parse_years(bad)
