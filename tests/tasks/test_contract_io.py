"""Same question, same answer: the IO tasks through the Python API, the CLI, the HTTP API and
the report give equal tables and meta (timestamps aside), on real data."""

from __future__ import annotations

import dataclasses
import json

import pytest

from revitalize.data.catalog import Catalog, default_catalog
from revitalize.tasks import TASKS, load_all, run
from revitalize.tasks.base import request_fields
from revitalize.tasks.io import LinkagesRequest, MultipliersRequest

pytestmark = pytest.mark.shared_data


def _strip(doc: dict) -> dict:
    """The JSON document without the read timestamps of the provenance."""
    doc = json.loads(json.dumps(doc, ensure_ascii=False, default=str))
    for p in doc["meta"].get("provenance", []):
        p.pop("retrieved", None)
    doc["meta"].pop("generated", None)
    return doc


@pytest.fixture(scope="module")
def client(shared_data):
    from fastapi.testclient import TestClient

    from revitalize.web import create_app

    return TestClient(create_app(mirror_dir=shared_data), base_url="http://127.0.0.1")


CASES = [
    ("io.linkages", {"source": "cn_prov_io_2017_42", "region": "Liaoning"}),
    ("io.linkages", {"source": "cn_prov_io_2017_42", "region": "Jilin", "forward": "ghosh",
                     "influence_weights": "final_demand"}),
    ("io.linkages", {"source": "cn_prov_io_2002_42", "region": "Heilongjiang",
                     "aggregate": "four_groups"}),
    ("io.multipliers", {"source": "cn_prov_io_2017_42", "region": "210000", "type": "I"}),
    ("io.extract", {"source": "cn_prov_io_2017_42", "region": "Liaoning", "sectors": ["06", "14"]}),
    ("io.aggregate", {"source": "cn_prov_io_2007_42", "region": "Jilin"}),
]


def _cli_args(name: str, fields: dict) -> list[str]:
    group, command = name.split(".")
    args = [group, command.replace("_", "-"), fields["source"]]
    for key, value in fields.items():
        if key == "source":
            continue
        text = ",".join(value) if isinstance(value, list) else str(value)
        args += [f"--{key.replace('_', '-')}", text]
    return args + ["--format", "json"]


@pytest.mark.parametrize("name, fields", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_python_cli_http_agree(name, fields, shared_data, client, run_cli):
    spec = load_all()[name]
    catalog = Catalog(mirror_dir=shared_data)
    py = _strip(run(spec.request(**fields), catalog).to_json_dict())
    r = run_cli("--mirror", shared_data, *_cli_args(name, fields))
    assert r.code == 0, r.err
    cli = _strip(json.loads(r.out))
    resp = client.post(f"/api/{spec.group}/{spec.command}", json=fields)
    assert resp.status_code == 200, resp.text
    http = _strip(resp.json())
    assert py["table"] == cli["table"] == http["table"]
    assert py["meta"] == cli["meta"] == http["meta"]
    assert py["meta"]["analysis"] == name and py["meta"]["input"]["origin"] == "mirror"


def test_report_linkages_equal_the_task(shared_data):
    from revitalize.report import build_report

    rep = build_report("northeast", data_dir=shared_data, sections=["linkages"])
    sec = rep.section("linkages")
    assert sec.status == "ok", sec.message
    catalog = Catalog(mirror_dir=shared_data)
    for region, slug in (("210000", "liaoning"), ("220000", "jilin"), ("230000", "heilongjiang")):
        task = run(LinkagesRequest(source="cn_prov_io_2017_42", region=region), catalog)
        assert _strip(sec.tables[f"linkages_{slug}"].to_json_dict()) == _strip(task.to_json_dict())
        mu = run(MultipliersRequest(source="cn_prov_io_2017_42", region=region), catalog)
        assert (_strip(sec.tables[f"multipliers_{slug}"].to_json_dict())["table"]
                == _strip(mu.to_json_dict())["table"])


def test_bundle_and_mirror_give_the_same_linkages(shared_data):
    """The bundled copy of a table and the file it was built from give the same answer."""
    bundle = default_catalog()
    mirror = Catalog(mirror_dir=shared_data, bundled=False)
    req = LinkagesRequest(source="cn_prov_io_2017_42", region="Liaoning")
    a, b = run(req, bundle), run(req, mirror)
    assert a.meta["input"]["origin"] == "bundle" and b.meta["input"]["origin"] == "mirror"
    assert a.table.equals(b.table)


@pytest.mark.parametrize("name", sorted(n for n in load_all() if n.startswith("io.")))
def test_every_cli_option_is_a_request_field_and_a_json_key(name):
    import typer.main

    from revitalize.cli.app import app

    spec = TASKS[name]
    group = typer.main.get_command(app).commands[spec.group]
    command = group.commands[spec.command]
    fields = {f.name for f, _, _ in request_fields(spec.request)}
    options = {p.name for p in command.params
               if p.param_type_name in ("option", "argument")
               and p.name not in ("fmt", "output", "encoding") and not p.name.startswith("deprecated_")}
    assert options == fields
    request_keys = {f.name for f in dataclasses.fields(spec.request)}
    assert request_keys == fields
    minimal = {f.name: "x" for f, _, _ in request_fields(spec.request)
               if f.default is dataclasses.MISSING}
    assert set(spec.request(**minimal).to_dict()) == fields


def test_bundle_names_resolve_to_the_users_copy(shared_data):
    """With a mirror holding the same file, the bundle's short name reaches the user's copy."""
    cat = Catalog(mirror_dir=shared_data)
    assert cat.entry("prov_io_2017").origin == "mirror"
    assert cat.entry("prov_io_2017") == cat.entry("cn_prov_io_2017_42")
    assert Catalog(bundled=True).entry("prov_io_2017").origin == "bundle"
