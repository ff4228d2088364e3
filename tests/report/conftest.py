"""CLI test helper: run ``revitalize`` in-process and capture exit code, stdout, stderr."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from revitalize.cli import main


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture()
def run_cli(capsys):
    def _run(*args: str) -> Run:
        code = main([str(a) for a in args])
        cap = capsys.readouterr()
        return Run(code, cap.out, cap.err)

    return _run
