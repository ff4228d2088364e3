"""Contract of the read-only dataset tasks (``data.list``, ``data.show``, ``data.read``): Python
``run``, the CLI JSON and the HTTP JSON agree (timestamps aside) on the bundled datasets; a file
is read over HTTP only when uploaded."""

from __future__ import annotations

import dataclasses

import pytest
import typer

from revitalize.data.catalog import Catalog
from revitalize.tasks import TASKS, load_all, run
from revitalize.tasks.data import DataReadRequest
from tests.tasks.contract import cli_json, comparable, python_json
from tests.tasks.doors import assert_same, three_doors

load_all()

CASES = [
    ("data.list", {}),
    ("data.list", {"origin": "bundle"}),
    ("data.show", {"source": "nbs_io_2017_42_noncomp"}),
    ("data.show", {"source": "prov_io_2017", "region": "Jilin"}),
    ("data.show", {"source": "prov_rd_fiscal"}),
]
PANEL = "region,year,gdp\n辽宁,2020,25115.0\n吉林,2020,12311.3\n".encode()


@pytest.mark.parametrize("name, fields", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_python_cli_http_agree(name, fields, store, client, capsys):
    py, cli, http = three_doors(name, fields, capsys=capsys, client=client, store=store)
    assert_same(py, cli, http, name)


def test_list_all_has_an_origin_column(store):
    from revitalize.data.catalog import default_catalog

    doc = python_json(run(TASKS["data.list"].request(origin="all"),
                          default_catalog(store_dir=store)))
    assert {row["origin"] for row in doc["table"]} == {"bundle"}  # the private store is empty
    assert len(doc["table"]) >= 20 and doc["meta"]["conventions"]["origin"] == "all"


def test_read_python_cli_http_agree(tmp_path, capsys, client):
    path = tmp_path / "wide.csv"
    path.write_bytes(PANEL)
    py = python_json(run(DataReadRequest(source=str(path), unit="亿元"), Catalog()))
    cli = cli_json(capsys, "data", "read", path, "--unit", "亿元")
    http = client.post("/api/data/read", data={"unit": "亿元"}, files={"file": ("wide.csv", PANEL)})
    assert http.status_code == 200, http.text
    assert comparable(py) == comparable(cli) == comparable(http.json())
    assert py["table"][0]["regions"] == 2 and py["meta"]["analysis"] == "data.read"


def test_read_refuses_server_files_over_http(client, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(PANEL)
    resp = client.post("/api/data/read", json={"source": str(path)})
    assert resp.status_code in (400, 422) and "files on the server are not read" in resp.text


@pytest.mark.parametrize("name", ["data.list", "data.show", "data.read"])
def test_every_cli_option_is_a_request_field(name):
    from revitalize.cli.app import app

    spec = TASKS[name]
    command = typer.main.get_command(app).commands["data"].commands[spec.command]
    fields = {f.name for f in dataclasses.fields(spec.request)}
    options = {p.name for p in command.params
               if p.name not in ("fmt", "output", "encoding", "ctx") and not p.name.startswith("deprecated_")}
    assert options == fields
