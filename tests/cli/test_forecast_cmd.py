"""``revitalize forecast``: JSON shape, grey meta, datasets and derived series, backtest table,
exit codes 0 / 1 (bad input, one line) / 2 (usage)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from revitalize.data.store import Store

ENERGY = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"


@pytest.fixture()
def series_csv(tmp_path):
    path = tmp_path / "series.csv"
    rows = ["year,a,b"] + [f"{2010 + i},{100 * 1.05 ** i:.4f},{50 + 3 * i + (-1) ** i}"
                           for i in range(9)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_json_records_and_per_series_parameters(run_cli, series_csv):
    r = run_cli("forecast", series_csv, "--model", "naive", "--horizon", "2", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert {tuple(sorted(rec)) for rec in doc["table"]} == {("kind", "period", "series", "value")}
    kinds = {(rec["series"], rec["kind"]) for rec in doc["table"]}
    assert kinds == {(s, k) for s in "ab" for k in
                     ("observed", "fitted", "forecast", "lower", "upper")}
    meta = doc["meta"]
    assert set(meta["parameters"]) == {"a", "b"} and meta["conventions"]["horizon"] == 2
    assert meta["inputs"]["a"]["span"] == [2010, 2018]
    assert meta["provenance"][0]["file"] == "series.csv"


@pytest.mark.parametrize("model, method", [("gm11", "grey.gm11"), ("dgm", "grey.dgm11"),
                                           ("verhulst", "grey.verhulst")])
def test_grey_meta_carries_c_p_grade(run_cli, series_csv, model, method):
    r = run_cli("forecast", series_csv, "--series", "a", "--model", model, "--format", "json")
    assert r.code == 0, r.err
    meta = json.loads(r.out)["meta"]
    assert {"C", "P", "grade"} <= set(meta) and meta["method"] == method
    if model == "gm11":
        assert meta["a"] < 0 and meta["b"] > 0 and meta["grade"] == "good"


def test_ets_on_a_long_file_writes_the_output_file(run_cli, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("series,period,value\n" + "".join(
        f"x,{2000 + i},{10 + i + 0.3 * (i % 3)}\n" for i in range(10)), encoding="utf-8")
    out = tmp_path / "fc.csv"
    r = run_cli("forecast", path, "--model", "ets", "--ic", "bic", "--format", "csv",
                "--output", out)
    assert r.code == 0, r.err
    table = pd.read_csv(out)
    assert table.loc[table["kind"] == "forecast", "period"].tolist() == [2010, 2011, 2012]
    assert (table.loc[table["kind"] == "lower", "value"].to_numpy()
            < table.loc[table["kind"] == "upper", "value"].to_numpy()).all()


def test_backtest_table(run_cli, series_csv):
    r = run_cli("forecast", series_csv, "--series", "a", "--model", "auto", "--candidates",
                "gm11,naive", "--backtest", "--min-train", "5", "--format", "csv")
    assert r.code == 0, r.err
    table = pd.read_csv(io.StringIO(r.out))
    assert list(table.columns) == ["series", "model", "horizon", "n", "mape", "rmse", "mae",
                                   "coverage", "level"]
    assert set(table["model"]) == {"gm11", "naive"} and table["n"].tolist()[:3] == [4, 3, 2]
    gm = table[table["model"] == "gm11"]
    assert (gm["mape"] < 0.1).all() and gm["coverage"].isna().all()


def test_dataset_file_with_a_derived_series(run_cli, shared_data):
    r = run_cli("forecast", "--dataset", shared_data / ENERGY, "--series", "northeast_gdp_share",
                "--years", "1995-2020", "--model", "gm11", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    meta = doc["meta"]
    assert meta["a"] > 0 and meta["inputs"]["northeast_gdp_share"]["span"] == [1995, 2020]
    assert "31 mainland provinces" in meta["inputs"]["northeast_gdp_share"]["denominator"]
    assert any("quality flags" in w["message"] for w in meta["warnings"]) and "warning:" in r.err
    obs = [rec for rec in doc["table"] if rec["kind"] == "observed"]
    assert obs[0]["period"] == 1995 and obs[0]["value"] == pytest.approx(9.95, abs=0.005)


def test_a_gap_is_an_error_that_suggests_a_span(run_cli, shared_data):
    r = run_cli("forecast", "--dataset", shared_data / ENERGY, "--series", "Hebei:gdp")
    *warned, error = r.err.splitlines()
    assert r.code == 1 and all(w.startswith("warning:") for w in warned)
    assert error.startswith("error:") and "[2021, 2022]" in error and "1990-2020" in error


def test_store_dataset_by_name(run_cli, data_dir, tmp_path):
    panel = tmp_path / "p.csv"
    panel.write_text("region,year,indicator,unit,value\n" + "".join(
        f"{reg},{y},gdp,bn,{v * 1.06 ** (y - 2010):.3f}\n"
        for reg, v in (("Liaoning", 20), ("Jilin", 10), ("Heilongjiang", 12))
        for y in range(2010, 2018)), encoding="utf-8")
    Store(data_dir).import_file(panel, name="ne_gdp")
    r = run_cli("forecast", "--dataset", "ne_gdp", "--series", "210000:gdp", "--series",
                "Northeast:gdp", "--model", "gm11", "--format", "json")
    assert r.code == 0, r.err
    meta = json.loads(r.out)["meta"]
    assert meta["series"] == ["210000:gdp", "Northeast:gdp"]
    assert meta["inputs"]["Northeast:gdp"]["values"].startswith("sum of 210000, 220000, 230000")
    r = run_cli("forecast", "--dataset", "missing", "--series", "210000:gdp")
    assert r.code == 1 and "missing" in r.err


def test_missing_source_exits_2(run_cli):
    assert run_cli("forecast").code == 2  # neither SOURCE nor --dataset: usage error


@pytest.mark.parametrize("args", [
    ("--dataset", "x"),                           # --dataset without --series
    ("--model", "prophet"),
    ("--years", "1995..2020"),
    ("--candidates", "gm11,lstm"),
])
def test_bad_options_exit_1(run_cli, series_csv, args):
    """Bad values of known options are bad input (exit 1, naming the field), as in every
    command generated from a request."""
    extra = () if args[0] == "--dataset" else (series_csv,)
    r = run_cli("forecast", *extra, *args)
    assert r.code == 1 and r.err.count("error:") == 1


def test_file_and_dataset_together_exit_1(run_cli, series_csv):
    r = run_cli("forecast", series_csv, "--dataset", "x", "--series", "a")
    assert r.code == 1 and "both --dataset and --source" in r.err


@pytest.mark.parametrize("content, args, expected", [
    ("year,a\n2000,1\n2001,oops\n", (), "row 3: field a"),
    ("year,a\n2000,1\n2001,2\n2002,3\n", (), "at least 4 points"),
    ("year,a\n2000,1\n2001,-2\n2002,3\n2003,4\n2004,5\n", (), "non-positive"),
    ("year,a\n2000,1\n2001,2\n2002,3\n2003,4\n2004,5\n", ("--series", "b"), "not in the file"),
    ("year,a\n2000,1\n2001,2\n2002,3\n2003,4\n2004,5\n", ("--level", "1"), "level"),
])
def test_bad_input_exits_1_with_one_line(run_cli, tmp_path, content, args, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    r = run_cli("forecast", path, *args, "--model", "gm11" if "--level" not in args else "ets")
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("error:") and r.err.count("\n") == 1 and expected in r.err
