"""Every CLI option of a task is a field of its request and a key of its JSON meta["request"]."""

from __future__ import annotations

import dataclasses

import pytest
import typer

from revitalize.cli.app import app
from revitalize.tasks import TASKS, load_all

load_all()
FAMILIES = ("indicators", "evaluate", "forecast")
OWN = sorted(n for n in TASKS if n.split(".")[0] in FAMILIES)
# options of the door (output format and file, encoding; the progress bar) rather than the question
DOOR_OPTIONS = {"fmt", "output", "encoding", "ctx", "progress"}


def _command(name: str):
    root = typer.main.get_command(app)
    spec = TASKS[name]
    if spec.group == "forecast":
        return root.commands["forecast"]
    return root.commands[spec.group].commands[spec.command]


@pytest.mark.parametrize("name", OWN)
def test_cli_options_are_request_fields(name):
    spec = TASKS[name]
    fields = {f.name for f in dataclasses.fields(spec.request)}
    params = {p.name for p in _command(name).params
              if p.name not in DOOR_OPTIONS and not p.name.startswith("deprecated_")}
    assert params == fields
    for p in _command(name).params:
        if p.name in fields and getattr(p, "opts", None) and p.param_type_name == "option":
            assert f"--{p.name.replace('_', '-')}" in p.opts
            shorts = [o for o in p.opts if not o.startswith("--")]
            assert all(o in ("-r", "-y", "-s") for o in shorts), (name, p.opts)


@pytest.mark.parametrize("name", OWN)
def test_request_json_keys_are_the_fields(name):
    spec = TASKS[name]
    fields = [f.name for f in dataclasses.fields(spec.request)]
    required = {f.name: "x" for f in dataclasses.fields(spec.request)
                if f.default is dataclasses.MISSING}
    if "years" in required:
        required["years"] = "2000-2010"
    request = spec.request(**required)
    assert list(request.to_dict()) == fields
