"""``revitalize evaluate ahp`` and ``evaluate ahp-questionnaire``: records, meta, options,
groups, hierarchies, Excel round trip, warnings and errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WEALTH = {"criteria": ["US", "USSR", "China", "France", "UK", "Japan", "W. Germany"],
          "matrix": [[1, 4, 9, 6, 6, 5, 5], [None, 1, 7, 5, 5, 3, 4],
                     [None, None, 1, "1/5", "1/5", "1/7", "1/5"],
                     [None, None, None, 1, 1, "1/3", "1/3"], [None, None, None, None, 1, "1/3", "1/3"],
                     [None, None, None, None, None, 1, 2], [None] * 6 + [1]]}


@pytest.fixture()
def wealth(tmp_path) -> Path:
    f = tmp_path / "wealth.json"
    f.write_text(json.dumps(WEALTH), encoding="utf-8")
    return f


def test_json_records_and_meta(run_cli, wealth):
    """Saaty (1977) wealth of nations: US 0.427, lambda_max 7.61 (see tests/evaluate)."""
    r = run_cli("evaluate", "ahp", wealth, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["table"][0] == {"criterion": "US", "weight": pytest.approx(0.427, abs=5e-4)}
    assert sum(row["weight"] for row in doc["table"]) == pytest.approx(1.0)
    meta = doc["meta"]
    assert meta["lambda_max"] == pytest.approx(7.61, abs=5e-3)
    assert meta["ci"] == pytest.approx((meta["lambda_max"] - 7) / 6)
    assert meta["cr"] == pytest.approx(meta["ci"] / 1.32)
    assert meta["ri_table"] == "saaty1980" and meta["conventions"]["method"] == "eigenvector"
    assert meta["method"] == "ahp" and meta["analysis"] == "evaluate.ahp"  # issue 11: one meaning
    assert meta["warnings"] == [] and r.err == ""


def test_options_change_the_conventions(run_cli, wealth):
    r = run_cli("evaluate", "ahp", wealth, "--method", "geometric", "--ri-table",
                "alonso_lamata2006", "--format", "json")
    meta = json.loads(r.out)["meta"]
    assert meta["conventions"]["method"] == "geometric" and meta["ri"] == 1.3417
    assert meta["cr"] == pytest.approx(meta["ci"] / 1.3417)
    r = run_cli("evaluate", "ahp", wealth, "--cr-threshold", "0.05", "--format", "csv")
    assert r.code == 0
    table = pd.read_csv(io.StringIO(r.out))
    assert list(table.columns) == ["criterion", "weight"]
    assert r.err.startswith("warning: wealth.json: CR = 0.07") and "most inconsistent" in r.err


def test_table_format_and_output_file(run_cli, wealth, tmp_path):
    r = run_cli("evaluate", "ahp", wealth)
    assert r.code == 0 and "USSR" in r.out and "lambda_max = 7.6" in r.out
    out = tmp_path / "w.json"
    r = run_cli("evaluate", "ahp", wealth, "--format", "json", "--output", out)
    assert r.code == 0 and json.loads(out.read_text())["meta"]["n"] == 7


def test_group_file_aip_and_warning(run_cli):
    r = run_cli("evaluate", "ahp", EXAMPLES / "ahp_group_experts.yaml", "--group", "aip",
                "--aip-mean", "geometric", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [row["criterion"] for row in doc["table"]] == ["Economy", "Society", "Environment"]
    meta = doc["meta"]
    assert meta["conventions"]["group"] == "aip" and meta["conventions"]["aip_mean"] == "geometric"
    assert [e["expert"] for e in meta["experts"]] == ["A", "B", "C"]
    assert meta["experts"][2]["cr"] > 0.1
    assert len(meta["warnings"]) == 1 and "expert C: CR" in meta["warnings"][0]["message"]
    assert "warning: ahp_group_experts.yaml: expert C: CR" in r.err


def test_hierarchy_file(run_cli):
    r = run_cli("evaluate", "ahp", EXAMPLES / "ahp_founding_paper.yaml", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    row = doc["table"][1]
    assert set(row) == {"criterion", "parent", "level", "local_weight", "weight", "leaf"}
    assert row["criterion"] == "Market share" and row["level"] == 2
    assert doc["meta"]["method"] == "ahp_hierarchy" and doc["meta"]["cr_hierarchy"] < 0.1


def test_questionnaire_generate_fill_evaluate(run_cli, tmp_path):
    q = tmp_path / "form.xlsx"
    r = run_cli("evaluate", "ahp-questionnaire", "--criteria", "经济,社会", "--criteria", "环境",
                "--goal", "振兴", "--expert", "Li", "--output", q)
    assert r.code == 0, r.err
    wb = load_workbook(q)
    ws = wb["振兴"]
    ws["C2"], ws["D2"], ws["D3"] = "3", "5", "2"
    wb.save(q)
    r = run_cli("evaluate", "ahp", q, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [row["criterion"] for row in doc["table"]] == ["经济", "社会", "环境"]
    assert doc["meta"]["provenance"][0]["reader"] == "ahp_excel"


def test_questionnaire_from_hierarchy(run_cli, tmp_path):
    q = tmp_path / "h.xlsx"
    r = run_cli("evaluate", "ahp-questionnaire", "--hierarchy",
                EXAMPLES / "ahp_founding_paper.yaml", "-o", q)
    assert r.code == 0, r.err
    assert len(load_workbook(q).sheetnames) == 6  # instructions, structure, 4 matrices
    r = run_cli("evaluate", "ahp", q, "--format", "json")  # pre-filled with the example's values
    assert r.code == 0, r.err


@pytest.mark.parametrize(("args", "message"), [
    (["ahp-questionnaire", "-o", "x.xlsx"], "give either --criteria or --hierarchy"),
    (["ahp-questionnaire", "--criteria", "a,b", "-o", "x.csv"], "is not an .xlsx file"),
    (["ahp-questionnaire", "--criteria", "a", "-o", "x.xlsx"], "nothing to compare"),
])
def test_questionnaire_errors(run_cli, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    r = run_cli("evaluate", *args)
    assert r.code == 1 and message in r.err and r.err.count("\n") == 1


def test_bad_input_exit_1_one_line(run_cli, tmp_path):
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"criteria": ["a", "b", "c"],
                             "matrix": [[1, 3, 10], [None, 1, 2], [None, None, 1]]}))
    r = run_cli("evaluate", "ahp", f)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("error: ") and r.err.count("\n") == 1
    assert "row 1 (a): field column 3 (c): judgment off the 1-9 scale: a(a, c) = 10" in r.err
    big = tmp_path / "big.json"
    n = 16
    big.write_text(json.dumps({"criteria": [f"c{i}" for i in range(n)],
                               "matrix": [[1] * n for _ in range(n)]}))
    r = run_cli("evaluate", "ahp", big)
    assert r.code == 1 and "16 x 16 matrix is beyond the random-index table 'saaty1980'" in r.err
    r = run_cli("evaluate", "ahp", big, "--ri-table", "donegan_dodd1991", "--format", "json")
    assert r.code == 0
    r = run_cli("evaluate", "ahp", tmp_path / "missing.yaml")
    assert r.code == 1 and "no file" in r.err and "missing.yaml" in r.err


def test_usage_errors_exit_2(run_cli, wealth):
    # unknown choices are bad input (exit 1, naming the field), as in every generated command
    assert run_cli("evaluate", "ahp", wealth, "--method", "power").code == 1
    assert run_cli("evaluate", "ahp", wealth, "--ri-table", "saaty").code == 1
    assert run_cli("evaluate", "ahp").code == 2
