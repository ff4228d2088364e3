"""Helpers of the contract tests of the issue 16-18 and 20 tasks: one request asked through
Python, the CLI and HTTP, on the bundled data (no ``shared/data`` needed)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from revitalize.cli import main
from revitalize.data.catalog import default_catalog
from revitalize.tasks import load_all, run
from revitalize.tasks.base import request_fields


def _scrub(value: Any) -> Any:
    """``value`` without read timestamps (``retrieved``, ``generated``)."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in ("retrieved", "generated")}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _doc(obj: Any) -> dict:
    return _scrub(json.loads(json.dumps(obj, ensure_ascii=False, default=str)))


def cli_args(name: str, fields: dict[str, Any]) -> list[str]:
    """The command line of task ``name`` with ``fields`` (the argument first)."""
    spec = load_all()[name]
    args = [spec.group, spec.command]
    for f, tp, _ in request_fields(spec.request):
        if f.name not in fields:
            continue
        value = fields[f.name]
        if f.metadata.get("argument"):
            args += list(value) if isinstance(value, (list, tuple)) else [str(value)]
            continue
        flag = "--" + f.name.replace("_", "-")
        if tp is bool:
            args.append(flag if value else "--no-" + f.name.replace("_", "-"))
        elif isinstance(value, (list, tuple)):
            args += [flag, ",".join(map(str, value))]
        else:
            args += [flag, str(value)]
    return args


def three_doors(name: str, fields: dict[str, Any], *, capsys, client, store) -> tuple:
    """``(python, cli, http)`` JSON documents of task ``name`` with ``fields``."""
    spec = load_all()[name]
    py = _doc(run(spec.request(**fields), default_catalog(store_dir=store)).to_json_dict())
    code = main(["--data-dir", str(store), *cli_args(name, fields), "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    cli = _doc(json.loads(out.out))
    resp = client.post(f"/api/{spec.group}/{spec.command}", json=fields)
    assert resp.status_code == 200, resp.text
    return py, cli, _doc(resp.json())


def assert_same(py: dict, cli: dict, http: dict, name: str) -> None:
    assert py["table"] == cli["table"] == http["table"]
    for other in (cli, http):
        differ = sorted(k for k in set(py["meta"]) | set(other["meta"])
                        if py["meta"].get(k) != other["meta"].get(k))
        assert not differ, differ
    assert py["meta"]["analysis"] == name
    assert py["table"], "an empty table proves nothing"


def options_are_fields(name: str) -> None:
    """Every CLI option of task ``name`` is a request field and a JSON key, and back."""
    import typer.main

    from revitalize.cli.app import app

    spec = load_all()[name]
    group = typer.main.get_command(app).commands[spec.group]
    command = group.commands[spec.command]
    fields = {f.name for f, _, _ in request_fields(spec.request)}
    options = {p.name for p in command.params
               if getattr(p, "param_type_name", "") in ("option", "argument")
               and p.name not in ("fmt", "output", "encoding") and not p.name.startswith("deprecated_")}
    assert options == fields
    minimal = {f.name: "x" for f, _, _ in request_fields(spec.request)
               if f.default is dataclasses.MISSING}
    assert set(spec.request(**minimal).to_dict()) == fields


def contract_tests(cases: list[tuple[str, dict[str, Any]]], names: list[str]) -> tuple:
    """The two contract tests of a family's tasks, for a test module to bind at top level::

        test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(
            CASES, NAMES)

    (the ``store`` and ``client`` fixtures come from ``tests/conftest.py``)."""
    import pytest

    @pytest.mark.parametrize("name, fields", cases,
                             ids=[f"{n}-{i}" for i, (n, _) in enumerate(cases)])
    def agree(name, fields, store, client, capsys):
        py, cli, http = three_doors(name, fields, capsys=capsys, client=client, store=store)
        assert_same(py, cli, http, name)
        assert py["meta"]["conventions"], "every convention is recorded"

    @pytest.mark.parametrize("name", names)
    def options(name):
        options_are_fields(name)

    return agree, options
