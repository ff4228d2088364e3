"""Packaging: a light core, optional extras named when missing, LICENSE, py.typed and the
examples inside the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import revitalize
from revitalize import examples

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
HEAVY = ("fastapi", "uvicorn", "python-multipart", "swagger-ui-bundle", "dask", "statsmodels",
         "duckdb")
_NETWORK = ("Could not find a version", "No matching distribution", "Failed to establish",
            "Temporary failure in name resolution", "Network is unreachable")


def _name(requirement: str) -> str:
    return requirement.split(">")[0].split("=")[0].split("[")[0].split("<")[0].strip().lower()


def test_core_dependencies_leave_the_optional_subsystems_out():
    core = {_name(r) for r in PYPROJECT["dependencies"]}
    assert not core & set(HEAVY), core & set(HEAVY)
    assert {"numpy", "pandas", "scipy", "plotly", "typer"} <= core


def test_extras_cover_the_optional_subsystems_and_the_test_peers():
    extras = PYPROJECT["optional-dependencies"]
    assert {"web", "dask", "forecast", "all", "docs", "test"} <= set(extras)
    assert {"fastapi", "uvicorn", "python-multipart"} <= {_name(r) for r in extras["web"]}
    assert any(_name(r) == "statsmodels" for r in extras["forecast"])
    assert any(_name(r) == "duckdb" for r in extras["store"])
    assert "revitalize[store,web,dask,forecast]" in extras["all"]
    test = {_name(r) for r in extras["test"]}
    assert {"pyrepo-mcda", "pysyncon", "ecomplexity", "pytest", "hypothesis"} <= test


def test_metadata_license_classifiers_and_urls():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    # an SPDX expression (PEP 639) with its file; license classifiers are deprecated with it
    assert PYPROJECT["license"] == "MIT" and PYPROJECT["license-files"] == ["LICENSE"]
    assert not any(c.startswith("License ::") for c in PYPROJECT["classifiers"])
    assert "Typing :: Typed" in PYPROJECT["classifiers"]
    assert {"Homepage", "Documentation", "Source", "Issues"} <= set(PYPROJECT["urls"])
    assert (Path(revitalize.__file__).parent / "py.typed").exists()


def test_examples_are_package_data():
    names = examples.names()
    assert {"ahp_founding_paper.yaml", "liaoning_investment_shift.yaml",
            "user_table_3sectors.csv"} <= set(names)
    assert all(examples.path(n).is_file() for n in names)
    # the repository's examples/ is the package's folder (one copy, no drift)
    assert (ROOT / "examples").resolve() == examples.path(names[0]).parent


def test_unknown_example_is_named(tmp_path):
    from revitalize.errors import UnknownLabelError

    with pytest.raises(UnknownLabelError, match="no example named 'nope.yaml'"):
        examples.path("nope.yaml")
    written = examples.copy_to(tmp_path)
    assert sorted(p.name for p in written) == examples.names()
    assert examples.copy_to(tmp_path) == []  # never overwrites


def test_python_m_examples_lists_them():
    run = subprocess.run([sys.executable, "-m", "revitalize.examples"], capture_output=True,
                         text=True, check=True)
    assert run.stdout.splitlines()[0].startswith(examples.names()[0] + "\t")


def test_missing_extra_message():
    exc = ModuleNotFoundError("No module named 'fastapi'", name="fastapi")
    assert revitalize.missing_extra_message(exc, "revitalize serve") == (
        "revitalize serve needs the web extra (fastapi is not installed): "
        "pip install 'revitalize[web]'")
    assert revitalize.missing_extra_message(ModuleNotFoundError("x", name="numpy.linalg")) is None
    assert "forecast extra" in revitalize.missing_extra_message(
        ModuleNotFoundError("x", name="statsmodels.tsa"))


def test_serve_without_the_web_extra_says_which_extra(monkeypatch, capsys):
    from revitalize.cli import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # "not installed"
    assert main(["serve"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("error: this command needs the web extra (uvicorn is not installed): "
                   "pip install 'revitalize[web]'")


def test_arima_without_statsmodels_says_which_extra(monkeypatch):
    from revitalize.errors import InputError
    from revitalize.forecast.backtest import get_model

    monkeypatch.setitem(sys.modules, "statsmodels", None)
    with pytest.raises(InputError, match=r"forecast extra .*pip install 'revitalize\[forecast\]'"):
        get_model("arima")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    tree = tmp_path_factory.mktemp("tree") / "revitalize"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "out", "site", "*.egg-info", "__pycache__", ".*_cache"))
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "-q",
                          "-w", str(out)], capture_output=True, text=True, timeout=900,
                         check=False)
    if run.returncode != 0:
        if any(marker in run.stderr for marker in _NETWORK):
            pytest.skip(f"cannot build the wheel without the package registry: {run.stderr[-300:]}")
        pytest.fail(f"pip wheel failed:\n{run.stderr[-2000:]}")
    (found,) = out.glob("revitalize-*.whl")
    return found


def test_wheel_holds_license_py_typed_and_examples(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "revitalize/py.typed" in names
    assert {f"revitalize/examples/{n}" for n in examples.names()} <= names
    assert "revitalize/examples/__main__.py" in names
    assert any(n.endswith("LICENSE") for n in names)
    assert "Provides-Extra: web" in metadata and "Provides-Extra: forecast" in metadata
    assert "Requires-Dist: fastapi" in metadata and "extra == \"web\"" in metadata
