"""The dataset store is the ``store`` extra (DuckDB): the core install runs every analysis, the
CLI and the report without it; the store's commands say which extra they need; a store file the
installation cannot open is skipped with one warning and the bundle still resolves.

"DuckDB missing" is simulated in a fresh interpreter (``python -c``) whose first act is to put a
meta-path finder refusing ``duckdb`` in front of every other, so nothing imported or cached by the
test process leaks into it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import revitalize
from revitalize.errors import StoreError

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ("the dataset store needs the store extra (duckdb is not installed): "
         "pip install 'revitalize[store]'")
BLOCK = textwrap.dedent("""
    import sys

    class _NoDuckDB:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("duckdb", "_duckdb"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _NoDuckDB())
""")
CLI = BLOCK + textwrap.dedent("""
    from revitalize.cli import main

    code = main(sys.argv[1:])
    assert "duckdb" not in sys.modules
    sys.exit(code)
""")


def _python(code: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "REVITALIZE_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1",
           "COLUMNS": "200"}
    env.pop("REVITALIZE_MIRROR", None)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return _python(CLI, *args, data_dir=data_dir)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """A real store (written with DuckDB, which the test extra installs) holding ``mypanel``."""
    from revitalize import datasets
    from revitalize.data.store import Store

    where = tmp_path_factory.mktemp("store")
    Store(where).import_file(datasets.get("prov_fiscal_transfers").path(), name="mypanel")
    return where


# ------------------------------------------------------------------ packaging
def test_duckdb_is_the_store_extra_and_in_all():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(r.startswith("duckdb") for r in project["dependencies"])
    extras = project["optional-dependencies"]
    assert any(r.startswith("duckdb") for r in extras["store"])
    assert "store" in extras["all"][0].split("[")[1]  # test installs all, hence the store
    assert revitalize.EXTRAS["duckdb"] == "store"


def test_missing_extra_message_names_the_store_extra():
    exc = ModuleNotFoundError("No module named 'duckdb'", name="duckdb")
    assert revitalize.missing_extra_message(exc, "the dataset store") == EXTRA


def test_require_duckdb_is_one_store_error(monkeypatch):
    from revitalize.data import store

    monkeypatch.setitem(sys.modules, "duckdb", None)  # "not installed"
    assert not store.available()
    with pytest.raises(StoreError) as info:
        store.require_duckdb()
    assert info.value.one_line() == EXTRA


# ------------------------------------------------------------------ core install: no duckdb
def test_report_help_and_an_analysis_run_without_duckdb(tmp_path):
    run = _cli("report", "--help", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "--region" in run.stdout and "Traceback" not in run.stderr
    run = _cli("io", "linkages", "prov_io_2017", "--region", "Liaoning", "--format", "csv",
               data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("sector,name,")
    assert len(run.stdout.splitlines()) == 43  # header + 42 sectors
    assert "store" not in run.stderr


def test_data_list_shows_the_bundle_without_duckdb(tmp_path):
    run = _cli("data", "list", "--format", "csv", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "prov_io_2017,bundle," in run.stdout
    assert run.stderr == ""  # no store file: exactly as if there were no store
    assert not (tmp_path / "store.duckdb").exists()


@pytest.mark.parametrize("args", [
    ("data", "import", "__EXAMPLE__", "--name", "t"),
    ("data", "remove", "mypanel"),
    ("data", "fetch", "prov_fiscal_transfers"),
])
def test_store_commands_name_the_extra(tmp_path, args):
    from revitalize import examples

    example = str(examples.path("user_table_3sectors.csv"))
    args = tuple(example if a == "__EXAMPLE__" else a for a in args)
    run = _cli(*args, data_dir=tmp_path / "store")
    # a missing extra exits like the web extra's `serve` (status 1: one line, no traceback)
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert run.stderr == f"error: {EXTRA}\n"
    assert not (tmp_path / "store").exists()  # nothing created, nothing downloaded


def test_fetch_download_only_needs_no_store(tmp_path):
    run = _cli("data", "fetch", "prov_fiscal_transfers", "--download-only", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("verified ")


# ------------------------------------------------------------------ an existing store file
CATALOG = BLOCK + textwrap.dedent("""
    import json, warnings
    from revitalize.data.catalog import Catalog
    from revitalize.errors import UnknownLabelError

    catalog = Catalog(store_dir=sys.argv[1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = [e.name for e in catalog.entries()]
        panel = catalog.panel("prov_fiscal_transfers")
        catalog.entries()
        Catalog(store_dir=sys.argv[1]).entries()  # another catalog, a view: still once
        catalog.allowing().entries()
        try:
            catalog.load("mypanel")
            unknown = None
        except UnknownLabelError as exc:
            unknown = exc.one_line()
    print(json.dumps({"names": names, "rows": len(panel.data), "unknown": unknown,
                      "warnings": [[w.category.__name__, str(w.message)] for w in caught],
                      "duckdb": "duckdb" in sys.modules}))
""")


def test_catalog_skips_an_existing_store_with_one_warning(store_dir, tmp_path):
    from revitalize.data.catalog import Catalog

    assert "mypanel" in [e.name for e in Catalog(store_dir=store_dir).entries()]  # with DuckDB
    run = _python(CATALOG, str(store_dir), data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["warnings"] == [[
        "RevitalizeWarning",
        f"{store_dir / 'store.duckdb'}: the dataset store is skipped: DuckDB is not installed, "
        "so its datasets do not resolve (files, the mirror and the bundled datasets do); to "
        "read it: pip install 'revitalize[store]'"]]
    assert "mypanel" not in out["names"] and "prov_io_2017" in out["names"]
    assert out["rows"] > 0 and not out["duckdb"]
    assert out["unknown"].startswith("field source: no file or dataset 'mypanel'")
    assert out["unknown"].endswith(f"the dataset store {store_dir / 'store.duckdb'} is not read "
                                   "without DuckDB: pip install 'revitalize[store]')")


def test_catalog_without_a_store_file_says_nothing(tmp_path):
    run = _python(CATALOG, str(tmp_path / "none"), data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["warnings"] == [] and "prov_io_2017" in out["names"]
    assert "without DuckDB" not in out["unknown"]


def test_cli_with_an_existing_store_warns_and_uses_the_bundle(store_dir):
    run = _cli("data", "show", "prov_fiscal_transfers", "--format", "csv", data_dir=store_dir)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("pip install 'revitalize[store]'") == 1
    assert str(store_dir / "store.duckdb") in run.stderr and "Traceback" not in run.stderr
    run = _cli("data", "list", "--format", "csv", data_dir=store_dir)
    assert run.returncode == 0 and "mypanel" not in run.stdout
    assert run.stderr.count("the dataset store is skipped") == 1
