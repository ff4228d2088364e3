"""The bundle against ``../shared/data``: a rebuild is byte-identical, every packaged file
decompresses to its source file, and every readable dataset loads to the same model as the
source file read directly."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from revitalize import datasets
from revitalize.data.readers import read_any
from revitalize.results import Provenance

pytestmark = pytest.mark.shared_data
_TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_datasets.py"


def _build_tool():
    spec = importlib.util.spec_from_file_location("build_datasets", _TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(shared_data, tmp_path_factory):
    """The bundle rebuilt from the sources once (compressing takes 10-90 s on a shared box)."""
    tool = _build_tool()
    folder = tmp_path_factory.mktemp("rebuilt")
    tool.build(shared_data, folder)
    return tool, folder


def test_committed_bundle_equals_a_rebuild(rebuilt):
    """What ``tools/build_datasets.py --check`` asserts: a rebuild is identical, byte for byte."""
    tool, folder = rebuilt
    assert tool.compare(folder) == []


def test_check_reports_a_drifted_bundle(rebuilt, tmp_path):
    tool, folder = rebuilt
    package = tmp_path / "pkg"
    shutil.copytree(folder, package)
    (package / "bundle" / "stale.csv.xz").write_bytes(b"")
    victim = package / "bundle" / "cn_national_wdi_pwt_1960_2025.csv.xz"
    victim.write_bytes(victim.read_bytes()[:-1])
    (package / "bundle" / "cn_city_northeast_long.csv.xz").unlink()
    problems = tool.compare(folder, package)
    assert sorted(problems) == [
        "bundle/cn_city_northeast_long.csv.xz: missing from the committed bundle",
        "bundle/cn_national_wdi_pwt_1960_2025.csv.xz: differs from a rebuild",
        "bundle/stale.csv.xz: not produced by a rebuild (stale)"]


def test_check_command_exit_codes(rebuilt, shared_data, monkeypatch, capsys):
    tool, _ = rebuilt
    monkeypatch.setattr(tool, "check", lambda source, package_dir=None: [])
    assert tool.main(["--source", str(shared_data), "--check"]) == 0
    monkeypatch.setattr(tool, "check", lambda source, package_dir=None: ["x: differs"])
    assert tool.main(["--source", str(shared_data), "--check"]) == 1
    assert "x: differs" in capsys.readouterr().out
    assert tool.main(["--source", str(shared_data / "no-such-folder"), "--check"]) == 2


@pytest.mark.parametrize("name", datasets.names())
def test_bundled_bytes_equal_the_source_file(name, shared_data):
    ds = datasets.get(name)
    source = (shared_data / ds.mirror_path).read_bytes()
    bundled = ds.path().read_bytes()
    assert hashlib.sha256(bundled).hexdigest() == ds.sha256 == hashlib.sha256(source).hexdigest()
    assert bundled == source
    assert ds.path().name == (shared_data / ds.mirror_path).name
    for companion in ds.companions:
        assert (ds.path().parent / companion["file"]).read_bytes() == (
            shared_data / companion["mirror_path"]).read_bytes()


def _assert_same(a, b, where: str) -> None:
    """Deep equality of the package's models (frames exactly; Provenance but its timestamp)."""
    assert type(a) is type(b), where
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=where)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=where)
    elif isinstance(a, Provenance):
        assert dataclasses.replace(a, retrieved=None) == dataclasses.replace(b, retrieved=None)
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _assert_same(a[key], b[key], f"{where}[{key!r}]")
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    else:
        assert a == b, where


@pytest.mark.parametrize("name", [n for n in datasets.names() if datasets.get(n).reader])
def test_bundled_dataset_loads_like_its_source(name, shared_data):
    ds = datasets.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the readers' data caveats, identical on both sides
        bundled = ds.load()
        original = read_any(shared_data / ds.mirror_path, reader=ds.reader, **ds.options)
    _assert_same(bundled, original, name)
