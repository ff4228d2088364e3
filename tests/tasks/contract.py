"""Helpers of the contract tests: one question asked through Python, the CLI and HTTP."""

from __future__ import annotations

import json
from typing import Any

from revitalize.cli import main

# meta keys that name where the input came from (a path, an upload) rather than the answer
_DOOR_KEYS = ("input", "request")


def _scrub(value: Any) -> Any:
    """``value`` without timestamps (``retrieved``) and paths (provenance ``path``)."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in ("retrieved", "path")}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def comparable(doc: dict) -> dict:
    meta = {k: v for k, v in doc["meta"].items() if k not in _DOOR_KEYS}
    request = {k: v for k, v in doc["meta"].get("request", {}).items() if k != "source"}
    return {"table": doc["table"], "meta": _scrub(meta), "request": request}


def cli_json(capsys, *args: str) -> dict:
    code = main([str(a) for a in args] + ["--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def python_json(result) -> dict:
    return json.loads(json.dumps(result.to_json_dict(), default=str))
