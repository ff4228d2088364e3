"""The bundled datasets: registry contract, cache, lookup, integrity (no shared data needed)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib import resources

import pandas as pd
import pytest

from revitalize.data import bundle as datasets
from revitalize.data.fetch import load_registry
from revitalize.data.readers.detect import READERS
from revitalize.datasets import BundledDataset
from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError

#: The contract the catalog is written against (fields of every registry entry).
CONTRACT = ("name", "aliases", "title", "description", "kind", "reader", "options", "units",
            "years", "regions", "file", "mirror_path", "packaged", "sha256", "size",
            "packaged_sha256", "packaged_size", "source", "public_url", "companions")
SOURCE_KEYS = {"repository", "path", "commit", "publisher", "licence"}
REQUIRED = {"prov_io_1997", "prov_io_2002", "prov_io_2007", "prov_io_2012", "prov_io_2017",
            "nbs_io_2017_42_noncomp", "prov_energy_panel", "prov_rd_fiscal",
            "prov_capital_inputs", "national_nbs", "national_wdi_pwt", "sector_employment",
            "prov_nbs_2000_2019", "prov_trade_totals_2016_2024", "prov_co2_ceads",
            "prov_fiscal_transfers", "city_northeast"}
#: Names the report and the doors use today (report/sections, report/factsheet, cli, web).
USED_BY_THE_PACKAGE = ("cn_prov_energy_panel", "cn_prov_rd_fiscal", "cn_prov_capital_inputs",
                       "cn_prov_io_2002_42", "cn_prov_io_2007_42", "cn_prov_io_2012_42",
                       "cn_prov_io_2017_42", "cn_io_2017_42_noncomp", "cn_prov_energy_raw",
                       "cn_sector_employment")
MAX_BUNDLE_BYTES = 8 * 1024 * 1024


def _raw_registry() -> dict:
    text = resources.files("revitalize.data.bundle").joinpath("registry.json").read_text("utf-8")
    return json.loads(text)


def test_registry_entries_follow_the_contract():
    doc = _raw_registry()
    assert doc["schema_version"] == 1
    for entry in doc["datasets"]:
        assert tuple(entry) == CONTRACT, entry["name"]
        assert set(entry["source"]) == SOURCE_KEYS, entry["name"]
        assert entry["kind"] in datasets.KINDS
        assert entry["reader"] is None or entry["reader"] in READERS
        assert entry["packaged"] == entry["file"] + ".xz"
        assert entry["mirror_path"].endswith("/" + entry["file"])
        assert len(entry["sha256"]) == len(entry["packaged_sha256"]) == 64
        first, last = entry["years"]
        assert 1950 <= first <= last <= 2030
        assert entry["source"]["repository"] and entry["source"]["commit"], entry["name"]
        assert entry["source"]["licence"] and entry["source"]["publisher"], entry["name"]
        if entry["public_url"] is not None:  # pinned at a commit, not a branch
            assert entry["public_url"].startswith("https://")
            assert entry["source"]["commit"] in entry["public_url"]


def test_names_and_aliases_are_unique_and_cover_what_the_package_uses():
    all_names = datasets.names()
    assert len(set(all_names)) == len(all_names)
    assert REQUIRED <= set(all_names)
    keys = [k for ds in map(datasets.get, all_names) for k in (ds.name, *ds.aliases)]
    assert len(set(keys)) == len(keys)
    fetchable = load_registry()
    for alias in USED_BY_THE_PACKAGE:
        ds = datasets.get(alias)
        if alias in fetchable:  # the same bytes under both names
            assert (ds.sha256, ds.size) == (fetchable[alias].sha256, fetchable[alias].size)
            assert ds.mirror_path == fetchable[alias].mirror_path


def test_bundle_is_intact_and_small():
    assert datasets.verify() == []
    assert datasets.verify(decompress=True) == []
    total = sum(ds.packaged_size + sum(c["packaged_size"] for c in ds.companions)
                for ds in map(datasets.get, datasets.names()))
    assert total < MAX_BUNDLE_BYTES


def test_get_by_name_or_alias_is_case_sensitive():
    assert datasets.get("prov_io_2017") is datasets.get("cn_prov_io_2017_42")
    with pytest.raises(UnknownLabelError, match="prov_io_2017") as exc:
        datasets.get("PROV_IO_2017")
    assert exc.value.field == "name"
    with pytest.raises(UnknownLabelError):
        datasets.get(None)


def test_dataset_is_frozen_hashable_and_round_trips():
    ds = datasets.get("prov_energy_panel")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.name = "x"
    with pytest.raises(TypeError):
        ds.options["x"] = 1
    assert hash(ds) == hash(BundledDataset.from_dict(ds.to_dict()))
    assert BundledDataset.from_dict(ds.to_dict()) == ds
    entry = next(e for e in _raw_registry()["datasets"] if e["name"] == ds.name)
    assert ds.to_dict() == entry
    assert json.loads(json.dumps(ds.to_dict())) == entry
    assert "b55589e1e406719d98d8a91fd3166a3139901e95" in ds.source_text


def test_list_datasets_frame():
    frame = datasets.list_datasets()
    assert isinstance(frame, pd.DataFrame)
    assert tuple(frame["name"]) == datasets.names()
    assert {"name", "aliases", "title", "kind", "reader", "units", "years", "regions", "file",
            "size", "packaged_size", "licence", "public_url", "sha256"} <= set(frame.columns)
    row = frame.set_index("name").loc["prov_io_2017"]
    assert row["aliases"] == "cn_prov_io_2017_42" and row["years"] == "2017-2017"


def test_path_decompresses_once_under_the_original_name(private_cache):
    ds = datasets.get("national_wdi_pwt")
    path = ds.path()
    assert path == private_cache / "bundle" / ds.sha256[:16] / ds.mirror_path
    assert path.name == ds.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == ds.sha256
    assert path.stat().st_size == ds.size
    mtime = path.stat().st_mtime_ns
    assert ds.path() == path and path.stat().st_mtime_ns == mtime  # reused, not rewritten
    assert [p.name for p in path.parent.iterdir()] == [ds.file]  # no temporary file left


def test_corrupt_cached_copy_is_recreated_with_a_warning():
    ds = datasets.get("national_wdi_pwt")
    path = ds.path()
    path.write_bytes(b"year,gdp\n2020,1\n")
    with pytest.warns(DataQualityWarning, match="fails its sha256"):
        again = ds.path()
    assert again == path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == ds.sha256


def test_cache_folder_that_is_a_file_is_an_input_error(private_cache):
    private_cache.write_text("not a folder")
    with pytest.raises(InputError, match="cannot write the bundle cache"):
        datasets.get("national_wdi_pwt").path()


def test_tampered_package_file_is_reported(monkeypatch):
    ds = datasets.get("national_wdi_pwt")
    real = datasets._packaged_bytes

    def fake(packaged):
        data = real(packaged)
        return data[:-1] + bytes([data[-1] ^ 1]) if packaged == ds.packaged else data

    monkeypatch.setattr(datasets, "_packaged_bytes", fake)
    problems = datasets.verify()
    assert problems == [f"national_wdi_pwt: {ds.packaged} fails its sha256"]
    with pytest.raises(Exception):  # noqa: B017 - xz detects the corruption (CRC64) or we do
        ds.path()


def test_missing_package_file_is_reported(monkeypatch):
    def missing(packaged):
        raise FileNotFoundError(packaged)

    monkeypatch.setattr(datasets, "_packaged_bytes", missing)
    n_files = sum(1 + len(datasets.get(n).companions) for n in datasets.names())
    problems = datasets.verify()
    assert len(problems) == n_files and all("is missing" in p for p in problems)


def test_dataset_without_reader_says_how_to_read_it():
    ds = next(datasets.get(n) for n in datasets.names() if datasets.get(n).reader is None)
    with pytest.raises(InputError, match="no reader reads bundled dataset"):
        ds.load()


def test_load_reads_with_the_registered_reader():
    table = datasets.get("nbs_io_2017_42_noncomp").load()
    assert table.kind == "noncompetitive" and table.year == 2017
    assert table.provenance.file == "cn_io_2017_42_noncomp.csv"
    assert table.provenance.sha256 == datasets.get("nbs_io_2017_42_noncomp").sha256


def test_dataset_pickles():
    import pickle

    ds = datasets.get("prov_io_2017")
    assert pickle.loads(pickle.dumps(ds)) == ds


def test_companion_files_are_materialised_beside_the_dataset():
    ds = datasets.get("prov_energy_raw")
    assert [c["file"] for c in ds.companions] == ["variable_dictionary.csv"]
    path = ds.path()
    beside = path.parent / "variable_dictionary.csv"
    assert hashlib.sha256(beside.read_bytes()).hexdigest() == ds.companions[0]["sha256"]
    panel = ds.load()
    assert "unknown" not in set(panel.data["unit"])  # units come from the companion
