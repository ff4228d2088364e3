"""Contract of the evaluate tasks: Python ``run``, the CLI JSON and the HTTP JSON agree (table and
meta, timestamps and the input's location aside). Fixture: the fighter-aircraft decision matrix
of Hwang & Yoon (1981), as tests/cli/test_evaluate_mcda_cmd.py."""

from __future__ import annotations

import pytest

from revitalize.data.catalog import Catalog
from revitalize.tasks import run
from revitalize.tasks.evaluate import AhpRequest, EntropyRequest, GraRequest, TopsisRequest
from tests.tasks.contract import cli_json, comparable, python_json
from tests.web.conftest import JUDGMENTS_YAML, make_client

FIGHTER = """alternative,speed,range,payload,cost,reliability,manoeuvre
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
SPEC = "speed:+:0.2,range:+:0.1,payload:+:0.1,cost:-:0.1,reliability:+:0.2,manoeuvre:+:0.3"


@pytest.fixture()
def client(tmp_path):
    from revitalize.web import create_app

    return make_client(create_app(tmp_path / "store"))


@pytest.mark.parametrize("request_cls, command, options", [
    (TopsisRequest, "topsis", {"criteria": SPEC}),
    (TopsisRequest, "topsis", {"criteria": SPEC.replace(":0.", ":"), "weighting": "entropy",
                               "normalisation": "minmax"}),
    (EntropyRequest, "entropy", {"criteria": SPEC}),
    (GraRequest, "gra", {"criteria": SPEC, "rho": 0.4}),
])
def test_matrix_methods_agree(tmp_path, capsys, client, request_cls, command, options):
    path = tmp_path / "fighter.csv"
    path.write_text(FIGHTER, encoding="utf-8")
    py = python_json(run(request_cls(source=str(path), **options), Catalog(bundled=False)))
    args = [a for k, v in options.items() for a in (f"--{k.replace('_', '-')}", str(v))]
    cli = cli_json(capsys, "evaluate", command, path, *args)
    http = client.post(f"/api/evaluate/{command}", data={k: str(v) for k, v in options.items()},
                       files={"file": ("fighter.csv", FIGHTER.encode())})
    assert http.status_code == 200, http.text
    assert comparable(py) == comparable(cli) == comparable(http.json())
    assert py["meta"]["analysis"] == f"evaluate.{command}"


def test_ahp_agrees(tmp_path, capsys, client):
    path = tmp_path / "judgments.yaml"
    path.write_bytes(JUDGMENTS_YAML)
    py = python_json(run(AhpRequest(source=(str(path),), method="geometric"), Catalog()))
    cli = cli_json(capsys, "evaluate", "ahp", path, "--method", "geometric")
    http = client.post("/api/evaluate/ahp", params={"method": "geometric"},
                       files={"file": ("judgments.yaml", JUDGMENTS_YAML)})
    assert comparable(py) == comparable(cli) == comparable(http.json())
    assert py["meta"]["method"] == "ahp" and py["meta"]["conventions"]["method"] == "geometric"
