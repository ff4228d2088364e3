"""Shared fixtures. Tests that need ``../shared/data`` skip cleanly without it -- except when
``CI=true``, where a missing data directory is a failure, not a skip."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from revitalize.cli import main

_ROOT = Path(__file__).resolve().parents[1]


def _find_shared_data() -> Path:
    """REVITALIZE_SHARED_DATA, else the nearest ``shared/data`` beside the project or an ancestor."""
    if os.environ.get("REVITALIZE_SHARED_DATA"):
        return Path(os.environ["REVITALIZE_SHARED_DATA"])
    for parent in _ROOT.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return _ROOT.parent / "shared" / "data"


SHARED_DATA = _find_shared_data()
SEEDS = SHARED_DATA.parent / "seeds"


def _require(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but the shared data is missing: {path}")
    pytest.skip(f"shared data not available at {path} (set REVITALIZE_SHARED_DATA)")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (skip without it, fail under CI=true)."""
    return _require(SHARED_DATA)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """``../shared/seeds`` (the founding documents)."""
    return _require(SEEDS)


@pytest.fixture()
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty, private dataset store directory (also exported as REVITALIZE_DATA_DIR)."""
    d = tmp_path / "store"
    monkeypatch.setenv("REVITALIZE_DATA_DIR", str(d))
    return d


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


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A private, empty dataset store per test module (the bundle still resolves)."""
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="module")
def client(store):
    """The web app on :func:`store` (module scope; tests/web has its own per-test client)."""
    from fastapi.testclient import TestClient

    from revitalize.web import create_app

    return TestClient(create_app(store), base_url="http://127.0.0.1")
