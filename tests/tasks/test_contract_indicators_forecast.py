"""Contract of the indicators and forecast tasks: Python ``run``, the CLI JSON and the HTTP JSON
agree (table and meta, timestamps and the input's location aside). Indicators read the bundled
2017 provincial IO tables (from cn_prov_io_2017_42.csv); forecast a small series CSV."""

from __future__ import annotations

import pytest

from revitalize.data.catalog import default_catalog
from revitalize.tasks import run
from revitalize.tasks.forecast import ForecastRequest
from revitalize.tasks.indicators import KrugmanRequest, LqRequest, RcaRequest
from tests.tasks.contract import cli_json, comparable, python_json
from tests.web.conftest import make_client

SERIES = "year,a,b\n" + "".join(f"{2010 + i},{100 * 1.05 ** i:.4f},{50 + 3 * i}\n"
                                for i in range(9))


@pytest.fixture()
def client(tmp_path):
    from revitalize.web import create_app

    return make_client(create_app(tmp_path / "store"))


@pytest.mark.parametrize("request_cls, command, options", [
    (LqRequest, "lq", {"region": "NE"}),
    (KrugmanRequest, "krugman", {"reference": "NE", "halved": True}),
    (RcaRequest, "rca", {"reference": "000000", "region": "辽宁"}),
])
def test_indicators_agree(capsys, client, request_cls, command, options):
    py = python_json(run(request_cls(source="prov_io_2017", **options), default_catalog()))
    args = []
    for k, v in options.items():
        args += [f"--{k}"] if v is True else [f"--{k}", str(v)]
    cli = cli_json(capsys, "indicators", command, "prov_io_2017", *args)
    http = client.post(f"/api/indicators/{command}", json={"source": "prov_io_2017", **options})
    assert http.status_code == 200, http.text
    assert comparable(py) == comparable(cli) == comparable(http.json())
    assert py["meta"]["input"] == http.json()["meta"]["input"]


def test_forecast_agrees(tmp_path, capsys, client):
    path = tmp_path / "s.csv"
    path.write_text(SERIES, encoding="utf-8")
    py = python_json(run(ForecastRequest(source=str(path), model="naive", horizon=2),
                         default_catalog()))
    cli = cli_json(capsys, "forecast", path, "--model", "naive", "--horizon", "2")
    http = client.post("/api/forecast", params={"model": "naive", "horizon": 2},
                       files={"file": ("s.csv", SERIES.encode())})
    assert http.status_code == 200, http.text
    assert comparable(py) == comparable(cli) == comparable(http.json())
