"""``revitalize forecast --model auto``: the chosen model and every candidate's backtest score
per series (table summary and JSON, the same as the Python API), the named defaults (origins,
grids) in --help and meta, and the progress bar (--progress / --no-progress)."""

from __future__ import annotations

import json

import pytest

from revitalize.data.catalog import default_catalog
from revitalize.tasks import run
from revitalize.tasks.forecast import ORIGINS, ForecastRequest, progress


@pytest.fixture()
def series_csv(tmp_path):
    path = tmp_path / "series.csv"
    rows = ["year,a,b"] + [f"{2000 + i},{100 * 1.05 ** i:.4f},{50 + 3 * i + (-1) ** i}"
                           for i in range(14)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


ARGS = ("--model", "auto", "--candidates", "gm11,arima,naive")


def test_json_names_the_choice_and_every_score_per_series(run_cli, series_csv):
    r = run_cli("forecast", series_csv, *ARGS, "--format", "json")
    assert r.code == 0, r.err
    meta = json.loads(r.out)["meta"]
    assert set(meta["choice"]) == {"a", "b"}
    for name, row in meta["choice"].items():
        scores = {s["model"]: s for s in meta["parameters"][name]["auto"]["scores"]}
        assert set(scores) == {"gm11", "arima", "naive"} and row["metric"] == "mape"
        assert row["chosen"] == min(scores, key=lambda m: scores[m]["mape"])
        assert all(row[m] == scores[m]["mape"] for m in scores)
        assert {"n", "rmse", "mae", "coverage"} <= set(scores["naive"])
    assert meta["conventions"]["origins"] == ORIGINS and meta["conventions"]["grids"] == "narrow"
    assert meta["parameters"]["a"]["auto"]["backtest"]["max_origins"] == ORIGINS


def test_same_answer_through_python(run_cli, series_csv):
    r = run_cli("forecast", series_csv, *ARGS, "--format", "json")
    request = ForecastRequest(source=str(series_csv), model="auto",
                              candidates=("gm11", "arima", "naive"))
    res = run(request, default_catalog())
    doc = json.loads(r.out)
    py = json.loads(json.dumps(res.to_json_dict(), default=str))
    assert py["meta"]["choice"] == doc["meta"]["choice"] and py["table"] == doc["table"]
    scores = res.extra["scores"]
    assert list(scores.columns[:2]) == ["series", "model"] and scores["chosen"].sum() == 2


def test_table_output_prints_the_choice_after_the_forecasts(run_cli, series_csv):
    r = run_cli("forecast", series_csv, *ARGS, "--no-progress")
    assert r.code == 0, r.err
    assert r.out.index("choice") > r.out.index("kind")
    assert "backtest" not in r.err  # no bar when asked for none


def test_progress_bar_on_stderr(run_cli, series_csv):
    r = run_cli("forecast", series_csv, "--series", "a", *ARGS, "--progress")
    assert r.code == 0, r.err
    assert "backtest a" in r.err and "naive, origin 2012" in r.err


def test_progress_context_reports_every_fit():
    seen = {}

    def factory(series):
        return lambda done, total, text: seen.setdefault(series, []).append((done, total))

    request = ForecastRequest(source="prov_energy_panel", series=("liaoning_gdp_share",),
                              years="2000-2020", model="auto", candidates=("gm11", "naive"),
                              origins=3)
    with progress(factory):
        res = run(request, default_catalog())
    assert seen["liaoning_gdp_share"][-1] == (6, 6)
    assert res.meta["choice"]["liaoning_gdp_share"]["chosen"] in ("gm11", "naive")


def test_help_names_the_defaults(run_cli):
    r = run_cli("forecast", "--help")
    text = " ".join(r.out.split())
    assert "--origins" in text and "default 5" in text and "--grids" in text
    assert "KPSS" in text and "--progress" in text and "--no-progress" in text


def test_same_choice_over_http(run_cli, series_csv, tmp_path):
    from fastapi.testclient import TestClient

    from revitalize.web import create_app

    client = TestClient(create_app(tmp_path / "store"), base_url="http://127.0.0.1")
    http = client.post("/api/forecast", params={"model": "auto", "candidates": "gm11,arima,naive"},
                       files={"file": ("series.csv", series_csv.read_bytes())})
    assert http.status_code == 200, http.text
    cli = json.loads(run_cli("forecast", series_csv, *ARGS, "--format", "json").out)
    assert http.json()["meta"]["choice"] == cli["meta"]["choice"]
    assert http.json()["table"] == cli["table"]
