"""Contract of the uncertainty tasks (``uncertainty.io|ahp|flq|entropy``): the same request
through Python ``run``, the CLI JSON and the HTTP JSON gives the same table and meta
(timestamps aside), with few draws and a fixed seed and chunk size (the reproducibility key).
IO and FLQ run on the bundled 2017 tables (no ``shared/data`` needed); AHP and entropy on
small files (uploaded over HTTP). Where the draws run (``--workers``, ``--scheduler``,
``--threads``, ``--progress``) and ``--chart`` are options of the CLI only: HTTP refuses them.
"""

from __future__ import annotations

import dataclasses

import pytest
import typer

from revitalize.data.catalog import Catalog
from revitalize.tasks import TASKS, load_all, run
from revitalize.tasks.uncertainty import AhpMonteCarloRequest, EntropyBootstrapRequest
from tests.tasks.contract import cli_json, comparable, python_json
from tests.tasks.doors import assert_same, three_doors

load_all()

CASES = [
    ("uncertainty.io", {"source": "nbs_io_2017_42_noncomp", "draws": 40, "seed": 3,
                        "chunk_size": 20}),
    ("uncertainty.io", {"source": "prov_io_2017", "region": "Liaoning", "draws": 30, "seed": 1,
                        "distribution": "uniform", "half_width": 0.2, "forward": "ghosh",
                        "aggregate": "four_groups"}),
    ("uncertainty.flq", {"source": "nbs_io_2017_42_noncomp", "region": "Heilongjiang",
                         "from_provincial": "prov_io_2017", "delta": "uniform(0.15, 0.35)",
                         "draws": 40, "seed": 1}),
]
NAMES = ("uncertainty.io", "uncertainty.ahp", "uncertainty.flq", "uncertainty.entropy")
DOOR_ONLY = {"workers", "scheduler", "threads", "progress", "chart"}
JUDGMENTS = b"criteria: [economy, society, environment]\nexperts:\n" \
            b"  - {name: A, matrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]}\n" \
            b"  - {name: B, matrix: [[1, 2, 3], [1/2, 1, 2], [1/3, 1/2, 1]]}\n"
MATRIX = b"region,gdp,rd,co2\nLN,5.2,1.8,9\nJL,3.1,1.1,6\nHL,2.9,0.8,7\nBJ,9.0,6.0,3\nSH,8.7,4.1,4\n"


@pytest.mark.parametrize("name, fields", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_python_cli_http_agree(name, fields, store, client, capsys):
    py, cli, http = three_doors(name, fields, capsys=capsys, client=client, store=store)
    assert_same(py, cli, http, name)
    assert py["meta"]["seed"] == fields["seed"] and py["meta"]["draws"] == fields["draws"]
    assert py["meta"]["execution"]["backend"] == "local"
    assert py["meta"]["input"]["origin"] == "bundle"


def test_ahp_python_cli_http_agree(tmp_path, capsys, client):
    path = tmp_path / "group.yaml"
    path.write_bytes(JUDGMENTS)
    options = {"resample_experts": True, "draws": 60, "seed": 2}
    py = python_json(run(AhpMonteCarloRequest(source=str(path), **options), Catalog()))
    cli = cli_json(capsys, "uncertainty", "ahp", path, "--resample-experts", "--draws", "60",
                   "--seed", "2")
    http = client.post("/api/uncertainty/ahp", data={k: str(v) for k, v in options.items()},
                       files={"file": ("group.yaml", JUDGMENTS)})
    assert http.status_code == 200, http.text
    assert comparable(py) == comparable(cli) == comparable(http.json())
    assert [row["criterion"] for row in py["table"]] == ["economy", "society", "environment"]
    assert py["meta"]["node_consistency"][0]["experts"] == 2


def test_entropy_python_cli_http_agree(tmp_path, capsys, client):
    path = tmp_path / "m.csv"
    path.write_bytes(MATRIX)
    options = {"criteria": "gdp:+,rd:+,co2:-", "score": "topsis", "draws": 50, "seed": 1}
    py = python_json(run(EntropyBootstrapRequest(source=str(path), **options), Catalog()))
    cli = cli_json(capsys, "uncertainty", "entropy", path, "--criteria", options["criteria"],
                   "--score", "topsis", "--draws", "50", "--seed", "1")
    http = client.post("/api/uncertainty/entropy", data={k: str(v) for k, v in options.items()},
                       files={"file": ("m.csv", MATRIX)})
    assert http.status_code == 200, http.text
    assert comparable(py) == comparable(cli) == comparable(http.json())
    assert py["meta"]["provenance"][-1]["file"] == "m.csv"


@pytest.mark.parametrize("key, value", [("workers", 2), ("scheduler", "tcp://10.0.0.1:8786"),
                                        ("threads", 64), ("chart", "/tmp/x.html")])
def test_http_cannot_reach_a_cluster_or_write_files(client, key, value):
    resp = client.post("/api/uncertainty/io", json={"source": "nbs_io_2017_42_noncomp",
                                                    "draws": 10, "seed": 1, key: value})
    assert resp.status_code in (400, 422), resp.text
    assert key in resp.text


def test_http_refuses_server_files(client, tmp_path):
    path = tmp_path / "group.yaml"
    path.write_bytes(JUDGMENTS)
    resp = client.post("/api/uncertainty/ahp", json={"source": str(path), "draws": 10})
    assert resp.status_code in (400, 422) and "files on the server are not read" in resp.text


def test_execution_context_changes_where_not_what(capsys):
    """The CLI's --threads goes through the execution context: same numbers, recorded."""
    from revitalize.tasks.uncertainty import IOMonteCarloRequest, execution

    req = IOMonteCarloRequest(source="nbs_io_2017_42_noncomp", draws=20, seed=5, chunk_size=10)
    base = run(req, Catalog())
    with execution(threads=1):
        one = run(req, Catalog())
    assert one.meta["execution"] == {"backend": "local", "threads": 1}
    assert one.table.equals(base.table)


@pytest.mark.parametrize("name", NAMES)
def test_every_cli_option_is_a_request_field_or_door_only(name):
    from revitalize.cli.app import app

    spec = TASKS[name]
    command = typer.main.get_command(app).commands["uncertainty"].commands[spec.command]
    fields = {f.name for f in dataclasses.fields(spec.request)}
    options = {p.name for p in command.params
               if p.name not in ("fmt", "output", "encoding", "ctx") and not p.name.startswith("deprecated_")}
    assert options == fields | DOOR_ONLY
    assert not fields & DOOR_ONLY
    for p in command.params:
        if p.param_type_name != "option":
            continue
        shorts = [o for o in p.opts + p.secondary_opts if not o.startswith("--")]
        assert all(o in ("-r", "-y", "-s", "-f", "-o") for o in shorts), (name, p.opts)


@pytest.mark.parametrize("fields", [
    {"source": "nbs_io_2017_42_noncomp", "region": "Heilongjiang",
     "from_provincial": "prov_io_2017", "method": "aflq", "delta": 0.2},
    {"source": "nbs_io_2017_42_noncomp", "region": "Jilin", "from_provincial": "prov_io_2017",
     "validate": True, "method": "flq"},
])
def test_regionalize_python_cli_http_agree(fields, store, client, capsys):
    """``io.regionalize``, the deterministic counterpart of ``uncertainty.flq`` (its shared
    regional input), through the three doors."""
    py, cli, http = three_doors("io.regionalize", fields, capsys=capsys, client=client,
                                store=store)
    assert_same(py, cli, http, "io.regionalize")
    assert py["meta"]["region"] == {"Heilongjiang": "230000", "Jilin": "220000"}[fields["region"]]
