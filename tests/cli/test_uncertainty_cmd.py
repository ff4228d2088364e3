"""``revitalize uncertainty io|ahp|flq|entropy``: JSON records and meta, reproducibility across
backends through the CLI, charts, and one-line errors with exit status 1."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

NBS42 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
PROV = "cn_io_provincial/cn_prov_io_2017_42.csv"


def test_io_json_and_dask_workers_identical(shared_data, run_cli, tmp_path):
    src = shared_data / NBS42
    local = run_cli("uncertainty", "io", src, "--draws", "200", "--seed", "3", "--chunk-size",
                    "50", "--format", "json")
    assert local.code == 0, local.err
    doc = json.loads(local.out)
    assert len(doc["table"]) == 42
    row = doc["table"][0]
    assert {"sector", "influence_coefficient_lo", "rank_median", "p_key", "class"} <= set(row)
    meta = doc["meta"]
    assert meta["seed"] == 3 and meta["draws"] == 200 and meta["chunk_size"] == 50
    assert meta["conventions"]["noise"]["sigma"] == 0.1
    out = tmp_path / "dask.json"
    dask = run_cli("uncertainty", "io", src, "--draws", "200", "--seed", "3", "--chunk-size",
                   "50", "--workers", "2", "--format", "json", "--output", out)
    assert dask.code == 0, dask.err
    other = json.loads(out.read_text(encoding="utf-8"))
    assert other["table"] == doc["table"]
    assert other["meta"]["execution"] == {"backend": "dask", "local_cluster_workers": 2}


def test_flq_csv_and_chart(shared_data, run_cli, tmp_path):
    chart = tmp_path / "flq.html"
    r = run_cli("uncertainty", "flq", shared_data / NBS42, "--province", "黑龙江",
                "--from-provincial", shared_data / PROV, "--delta", "uniform(0.15, 0.35)",
                "--draws", "100", "--seed", "1", "--format", "csv", "--chart", chart)
    assert r.code == 0, r.err
    t = pd.read_csv(io.StringIO(r.out), dtype={"sector": str})
    assert len(t) == 42 and (t["output_multiplier_lo"] <= t["output_multiplier_hi"]).all()
    assert "plotly" in chart.read_text(encoding="utf-8")


def test_ahp_group_resampling(run_cli, tmp_path):
    f = tmp_path / "group.yaml"
    f.write_text("criteria: [economy, society, environment]\nexperts:\n"
                 "  - {name: A, matrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]}\n"
                 "  - {name: B, matrix: [[1, 2, 3], [1/2, 1, 2], [1/3, 1/2, 1]]}\n",
                 encoding="utf-8")
    r = run_cli("uncertainty", "ahp", f, "--resample-experts", "--draws", "100", "--seed", "2",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [row["criterion"] for row in doc["table"]] == ["economy", "society", "environment"]
    assert doc["meta"]["node_consistency"][0]["experts"] == 2
    assert doc["meta"]["provenance"][0]["file"] == "group.yaml"


def test_entropy_topsis_table_output(run_cli, tmp_path):
    f = tmp_path / "m.csv"
    f.write_text("region,gdp,rd,co2\nLN,5.2,1.8,9\nJL,3.1,1.1,6\nHL,2.9,0.8,7\nBJ,9.0,6.0,3\n"
                 "SH,8.7,4.1,4\n", encoding="utf-8")
    r = run_cli("uncertainty", "entropy", f, "--criteria", "gdp:+,rd:+,co2:-", "--score",
                "topsis", "--draws", "100", "--seed", "1")
    assert r.code == 0, r.err
    assert "BJ" in r.out and "ranked by score" in r.out.replace("\n", " ")
    csv = run_cli("uncertainty", "entropy", f, "--criteria", "gdp:+,rd:+,co2:-", "--draws",
                  "100", "--seed", "1", "--format", "csv")
    assert pd.read_csv(io.StringIO(csv.out))["criterion"].tolist() == ["gdp", "rd", "co2"]


@pytest.mark.parametrize(("args", "field"), [
    (["--draws", "0"], "draws"), (["--chunk-size", "0"], "chunk_size"),
    (["--sigma", "-1"], "sigma"), (["--distribution", "gamma"], "distribution"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "workers/scheduler"),
    (["--column-rule", "clip"], "column_rule"),
])
def test_io_bad_options_exit_1(shared_data, run_cli, args, field):
    r = run_cli("uncertainty", "io", shared_data / NBS42, *args)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("error: ") and f"field {field}" in r.err and r.err.count("\n") == 1


def test_usage_errors_exit_2(run_cli, tmp_path):
    assert run_cli("uncertainty", "io").code == 2
    r = run_cli("uncertainty", "ahp", tmp_path / "missing.yaml")  # bad input, not usage
    assert r.code == 1 and "no file" in r.err and "field source" in r.err
    assert run_cli("uncertainty", "ahp").code == 2  # missing argument
    r = run_cli("uncertainty", "flq", "x.csv", "--province", "辽宁", "--delta", "beta(1, 2)")
    assert r.code == 1
