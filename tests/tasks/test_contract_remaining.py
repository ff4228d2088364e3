"""Same question, same answer for the tasks not covered by a family's own contract test: each
request runs through Python (`run`), the CLI (`--format json`) and the HTTP API (`POST
/api/<group>/<command>`) on the bundled datasets, and the three give equal tables and meta
(timestamps, paths and the door's own input description aside; see tests/tasks/contract.py)."""

from __future__ import annotations

import pytest

from revitalize.data.catalog import Catalog
from revitalize.tasks import load_all, run
from tests.tasks.contract import cli_json, comparable, python_json

CASES = [
    ("indicators.share", {}),
    ("indicators.share", {"indicator": "population", "region": "Jilin", "reference": "NE"}),
    ("indicators.rd_gap", {"years": "2015-2016"}),
    ("indicators.caveats", {}),
    ("indicators.convergence", {"years": "2000-2020"}),
    ("indicators.similarity", {"source": "prov_io_2017"}),
    ("indicators.trade_dependence", {"source": "prov_io_2017", "region": "Liaoning"}),
    ("indicators.trade_dependence", {"source": "national_nbs"}),
    ("indicators.financial_depth", {"source": "national_nbs"}),
    ("indicators.gdp_vintages", {"source": ["prov_io_2017"]}),
    ("indicators.competitiveness", {"source": ["prov_io_2012", "prov_io_2017"],
                                    "region": ["Liaoning"]}),
    ("indicators.shift_share", {"source": ["prov_io_2012", "prov_io_2017"],
                                "region": "Liaoning", "reference": "China"}),
    ("io.impact", {"source": "prov_io_2017", "region": "Liaoning",
                   "shock": ["17:FU201:100", "27:FU201:-100"]}),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from revitalize.web import create_app

    return TestClient(create_app(tmp_path_factory.mktemp("store")), base_url="http://127.0.0.1")


def _args(name: str, fields: dict) -> list[str]:
    spec = load_all()[name]
    args = [spec.group, spec.command]
    if "source" in fields:
        src = fields["source"]
        args += src if isinstance(src, list) else [src]
    for key, value in fields.items():
        if key == "source":
            continue
        text = ",".join(value) if isinstance(value, list) else str(value)
        args += [f"--{key.replace('_', '-')}", text]
    return args


@pytest.mark.parametrize("name, fields", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_python_cli_http_agree(name, fields, client, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REVITALIZE_DATA_DIR", str(tmp_path / "store"))
    spec = load_all()[name]
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    py = comparable(python_json(run(spec.request(**kw), Catalog(store_dir=tmp_path / "s"))))
    cli = comparable(cli_json(capsys, *_args(name, fields)))
    resp = client.post(f"/api/{spec.group}/{spec.command}", json=fields)
    assert resp.status_code == 200, resp.text
    http = comparable(resp.json())
    assert py["table"] == cli["table"] == http["table"]
    assert py["meta"] == cli["meta"] == http["meta"]
    assert py["meta"]["analysis"] == name
