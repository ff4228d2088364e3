"""The dataset store: round trips, provenance, atomic imports, locking, schema versions."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from filelock import FileLock

from revitalize.data import store as store_mod
from revitalize.data.store import SCHEMA_VERSION, DatasetInfo, Store, default_data_dir
from revitalize.errors import InputError, LayoutError, StoreError, UnknownLabelError
from revitalize.model.panel import Panel
from revitalize.model.table import IOTable
from revitalize.results import Provenance, sha256_of

NONCOMP_2017 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
NONCOMP_2018 = "cn_io_nbs/cn_io_2018_42_noncomp.csv"
PROV_2017 = "cn_io_provincial/cn_prov_io_2017_42.csv"
ENERGY = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"
_CTX = mp.get_context("spawn")  # real, fresh processes (no inherited DuckDB state)
# The readers warn about real-data caveats (zero-output sectors, flagged values): not tested here.
pytestmark = pytest.mark.filterwarnings("ignore::revitalize.errors.DataQualityWarning")


# ------------------------------------------------------------------ helpers
def _read(path):
    from revitalize.data.readers import read_any

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_any(path)


def tiny_table(region: str = "210000", scale: float = 1.0) -> IOTable:
    """A balanced 2-sector competitive table (hand-made)."""
    codes = ["01", "02"]
    sectors = pd.DataFrame({"name_cn": ["农业", "工业"], "name_en": ["agriculture", "industry"]},
                           index=pd.Index(codes, name="code"))
    z = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=codes, columns=codes) * scale
    fd = pd.DataFrame({"TC": [5.0, 6.0], "EX": [1.0, 2.0]}, index=codes) * scale
    imports = pd.DataFrame({"IM": [1.0, 1.0]}, index=codes) * scale
    x = z.sum(axis=1) + fd.sum(axis=1) - imports.sum(axis=1)
    va = pd.DataFrame([x - z.sum(axis=0)], index=["VA001"], columns=codes)
    return IOTable(sectors=sectors, Z=z, final_demand=fd, imports=imports,
                   other=pd.Series(0.0, index=codes), value_added=va, output=x,
                   total_input=x.copy(), region=region, year=2017, unit="10^4 CNY",
                   classification="tiny2",
                   provenance=Provenance(source="hand-made", reader="fake"), notes=("a note",))


def fake_reader(monkeypatch, objects: dict):
    """Make the store read ``objects[file name]`` instead of parsing (exceptions are raised)."""
    def _fake(path, reader, options):
        calls.append((Path(path).name, reader, dict(options)))
        obj = objects[Path(path).name]
        if isinstance(obj, BaseException):
            raise obj
        return obj

    calls: list = []
    monkeypatch.setattr(store_mod, "_read", _fake)
    return calls


def snapshot(store: Store) -> tuple:
    """``list()`` plus a checksum of every row of every table in the database."""
    listing = store.list().to_json()
    if not store.path.exists():
        return listing, None
    digest = hashlib.sha256()
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        tables = sorted(r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables()").fetchall())
        for table in tables:
            digest.update(table.encode())
            for row in con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall():
                digest.update(repr(row).encode())
    finally:
        con.close()
    return listing, digest.hexdigest()


def assert_tables_equal(got: IOTable, want: IOTable) -> None:
    for block in ("Z", "Z_imports", "final_demand", "final_demand_imports", "imports",
                  "value_added"):
        g, w = getattr(got, block), getattr(want, block)
        assert (g is None) == (w is None), block
        if w is not None:
            pd.testing.assert_frame_equal(g, w, check_index_type=False, check_column_type=False,
                                          obj=block)
    for block in ("other", "output", "total_input"):
        pd.testing.assert_series_equal(getattr(got, block), getattr(want, block),
                                       check_names=False, check_index_type=False, obj=block)
    pd.testing.assert_frame_equal(got.sectors, want.sectors, check_index_type=False)
    for attr in ("region", "year", "unit", "kind", "classification", "notes"):
        assert getattr(got, attr) == getattr(want, attr), attr
    assert_same_provenance(got.provenance, want.provenance)


def assert_same_provenance(got: Provenance, want: Provenance) -> None:
    """Equal except ``retrieved`` (the reference was read again, seconds later)."""
    assert {**got.to_dict(), "retrieved": None} == {**want.to_dict(), "retrieved": None}
    assert got.retrieved is not None or want.retrieved is None


# ------------------------------------------------------------------ process workers (spawn)
def _import_worker(data_dir: str, path: str, name: str, barrier) -> None:
    barrier.wait(timeout=60)
    Store(data_dir, lock_timeout=60).import_file(path, name=name)


def _crash_worker(data_dir: str, path: str, name: str) -> None:
    """Import, but die (no cleanup, like a kill) after the first data insert."""
    real = store_mod._insert_frame
    calls = []

    def dying(con, table, frame):
        real(con, table, frame)
        calls.append(table)
        if len(calls) == 3:
            os._exit(3)

    store_mod._insert_frame = dying
    Store(data_dir).import_file(path, name=name)


def _hold_db_worker(db_path: str, ready, release) -> None:
    con = duckdb.connect(db_path)  # read-write: DuckDB's own lock blocks other processes
    ready.set()
    release.wait(timeout=60)
    con.close()


# ------------------------------------------------------------------ location
def test_default_data_dir_env_then_platformdirs(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.setenv("REVITALIZE_DATA_DIR", str(tmp_path / "x"))
    assert default_data_dir() == tmp_path / "x"
    assert Store().data_dir == tmp_path / "x"
    assert Store(tmp_path / "y").data_dir == tmp_path / "y"  # argument wins over env
    monkeypatch.delenv("REVITALIZE_DATA_DIR")
    assert default_data_dir() == Path(platformdirs.user_data_dir("revitalize"))


def test_empty_store_lists_nothing_and_creates_nothing(data_dir):
    store = Store(data_dir)
    frame = store.list()
    assert frame.empty and list(frame.columns)[:2] == ["name", "kind"]
    assert not data_dir.exists()
    with pytest.raises(UnknownLabelError, match="store is empty"):
        store.info("x")


# ------------------------------------------------------------------ round trips on real data
def test_io_table_round_trip_with_provenance(shared_data, data_dir):
    path = shared_data / NONCOMP_2017
    store = Store(data_dir)
    info = store.import_file(path)
    want = _read(path)
    assert info.name == "cn_io_2017_42_noncomp" and info.kind == "io_table"
    assert info.regions == ("000000",) and info.years == (2017,)
    assert info.sha256 == sha256_of(path) and info.original_file == path.name
    assert info.reader == want.provenance.reader and info.schema_version == SCHEMA_VERSION
    assert info.n_rows == len(want.to_long())
    assert store.info(info.name) == info
    got = store.load(info.name)
    assert got.Z_imports is not None and got.n == 42
    assert_tables_equal(got, want)
    row = store.list().set_index("name").loc[info.name]
    assert row["sha256"] == info.sha256 and row["regions"] == ("000000",)


def test_collection_and_panel_round_trip(shared_data, data_dir):
    store = Store(data_dir)
    coll = store.import_file(shared_data / PROV_2017, name="prov2017")
    panel_info = store.import_file(shared_data / ENERGY, name="energy")
    want = _read(shared_data / PROV_2017)
    got = store.load("prov2017")
    assert coll.kind == "io_collection" and len(coll.regions) == 31 and "210000" in coll.regions
    assert list(got) == list(want)
    assert_tables_equal(got["210000"], want["210000"])
    assert_tables_equal(got["650000"], want["650000"])
    panel = store.load("energy")
    ref = _read(shared_data / ENERGY)
    assert panel_info.kind == "panel" and panel_info.n_rows == len(ref.data) == 14293
    pd.testing.assert_frame_equal(panel.data, ref.data.reset_index(drop=True))
    assert panel.flag_legend == ref.flag_legend
    assert_same_provenance(panel.provenance, ref.provenance)
    assert (panel.data["flag"] != "").sum() > 0  # flags kept, not dropped


def test_hand_made_objects_round_trip(monkeypatch, data_dir, tmp_path):
    data = pd.DataFrame({
        "region": ["210000", "220000"], "region_en": ["Liaoning", "Jilin"],
        "region_cn": ["辽宁", "吉林"], "year": [2017, 2018], "indicator": ["gdp", "gdp"],
        "unit": ["1e8 CNY"] * 2, "value": [1.5, np.nan], "flag": ["", "E"],
        "flag_note": ["", "mis-keyed"], "extra_int": [1, 2]})
    panel = Panel(data, Provenance(source="hand", notes=("n",)), {"E": "error"})
    coll = {"220000": tiny_table("220000", 2.0), "210000": tiny_table()}
    fake_reader(monkeypatch, {"p.csv": panel, "c.csv": coll})
    for f in ("p.csv", "c.csv"):
        (tmp_path / f).write_text("x")
    store = Store(data_dir)
    assert store.import_file(tmp_path / "p.csv").notes == ("n",)
    info = store.import_file(tmp_path / "c.csv")
    assert info.notes == ("220000: a note", "210000: a note")
    pd.testing.assert_frame_equal(store.load("p").data, data)
    got = store.load("c")
    assert list(got) == ["220000", "210000"]  # order as read
    assert_tables_equal(got["220000"], coll["220000"])


# ------------------------------------------------------------------ names and bad input
def test_name_clash_raises_and_replace_replaces(shared_data, data_dir):
    store = Store(data_dir)
    store.import_file(shared_data / NONCOMP_2017, name="nat")
    before = snapshot(store)
    with pytest.raises(InputError, match="already exists"):
        store.import_file(shared_data / NONCOMP_2018, name="nat")
    assert snapshot(store) == before
    info = store.import_file(shared_data / NONCOMP_2018, name="nat", replace=True)
    assert info.years == (2018,) and store.load("nat").year == 2018
    assert store.list()["name"].tolist() == ["nat"]


@pytest.mark.parametrize("bad", ["", ".hidden", "-x", "a b", "a/b", "x" * 101])
def test_invalid_names_are_refused(monkeypatch, data_dir, tmp_path, bad):
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    (tmp_path / "t.csv").write_text("x")
    with pytest.raises(InputError, match="invalid dataset name") as exc:
        Store(data_dir).import_file(tmp_path / "t.csv", name=bad)
    assert exc.value.field == "name"


def test_default_name_is_sanitised_file_stem(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"my table (v2).csv": tiny_table(), "辽宁 2017.csv": tiny_table()})
    for f in ("my table (v2).csv", "辽宁 2017.csv"):
        (tmp_path / f).write_text("x")
    store = Store(data_dir)
    assert store.import_file(tmp_path / "my table (v2).csv").name == "my_table_v2"
    assert store.import_file(tmp_path / "辽宁 2017.csv").name == "辽宁_2017"


def test_reader_and_options_are_passed_and_recorded(monkeypatch, data_dir, tmp_path):
    calls = fake_reader(monkeypatch, {"t.csv": tiny_table()})
    (tmp_path / "t.csv").write_text("x")
    info = Store(data_dir).import_file(tmp_path / "t.csv", reader="nbs_io",
                                       reader_options={"blank_as_zero": True})
    assert calls == [("t.csv", "nbs_io", {"blank_as_zero": True})]
    assert info.notes == ("reader options: blank_as_zero=True", "a note")
    assert info.reader == "fake"  # the reader named by the parsed object's provenance


def test_missing_file_and_directory(data_dir, tmp_path):
    store = Store(data_dir)
    with pytest.raises(InputError, match="no such file") as exc:
        store.import_file(tmp_path / "nope.csv")
    assert "nope.csv" in str(exc.value)
    with pytest.raises(InputError, match="not a file"):
        store.import_file(tmp_path)


def test_truncated_file_leaves_store_unchanged(shared_data, data_dir, tmp_path):
    store = Store(data_dir)
    store.import_file(shared_data / NONCOMP_2017, name="kept")
    before = snapshot(store)
    lines = (shared_data / NONCOMP_2018).read_text(encoding="utf-8").splitlines(True)
    bad = tmp_path / "truncated.csv"
    bad.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        store.import_file(bad)
    assert "truncated.csv" in str(exc.value)
    assert snapshot(store) == before


def test_unexpected_reader_exception_becomes_one_line_input_error(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": ValueError("could not convert 'abc' to float")})
    (tmp_path / "t.csv").write_text("x")
    with pytest.raises(InputError, match="cannot read the file: ValueError") as exc:
        Store(data_dir).import_file(tmp_path / "t.csv")
    assert isinstance(exc.value.__cause__, ValueError) and "t.csv" in str(exc.value)


def test_reader_returning_something_else_is_a_store_error(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": pd.DataFrame({"a": [1]}), "e.csv": {}})
    for f in ("t.csv", "e.csv"):
        (tmp_path / f).write_text("x")
    for f in ("t.csv", "e.csv"):
        with pytest.raises(StoreError, match="cannot keep"):
            Store(data_dir).import_file(tmp_path / f)


def test_layout_error_passes_through(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": LayoutError("no header", file="t.csv", row=1)})
    (tmp_path / "t.csv").write_text("x")
    with pytest.raises(LayoutError, match="row 1"):
        Store(data_dir).import_file(tmp_path / "t.csv")


def test_unknown_names_for_info_load_remove(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    (tmp_path / "t.csv").write_text("x")
    store = Store(data_dir)
    store.import_file(tmp_path / "t.csv")
    for call in (store.info, store.load, store.remove):
        with pytest.raises(UnknownLabelError, match=r"no dataset named 'zz'.*one of \['t'\]"):
            call("zz")


def test_remove_deletes_only_that_dataset(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"a.csv": tiny_table(), "b.csv": {"210000": tiny_table()}})
    for f in ("a.csv", "b.csv"):
        (tmp_path / f).write_text("x")
    store = Store(data_dir)
    store.import_file(tmp_path / "a.csv")
    store.import_file(tmp_path / "b.csv")
    store.remove("b")
    assert store.names() == ["a"]
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        left = con.execute("SELECT DISTINCT dataset FROM io_cells").fetchall()
    finally:
        con.close()
    assert left == [("a",)]
    assert_tables_equal(store.load("a"), tiny_table())


def test_dataset_info_is_frozen_and_jsonable():
    info = DatasetInfo("n", "panel", ("210000",), (2017,), 3, "f.csv", "ab", "r", "t", 1, ("x",))
    with pytest.raises(AttributeError):
        info.name = "m"
    assert info.to_dict()["regions"] == ["210000"] and info.to_dict()["notes"] == ["x"]


# ------------------------------------------------------------------ atomicity
@pytest.mark.parametrize("fail_at", [1, 2, 4, 7])
def test_failure_midway_leaves_store_exactly_as_before(monkeypatch, data_dir, tmp_path, fail_at):
    fake_reader(monkeypatch, {"a.csv": tiny_table(),
                              "b.csv": {r: tiny_table(r) for r in ("210000", "220000", "230000")}})
    for f in ("a.csv", "b.csv"):
        (tmp_path / f).write_text("x")
    store = Store(data_dir)
    store.import_file(tmp_path / "a.csv")
    before = snapshot(store)
    real, calls = store_mod._insert_frame, []

    def failing(con, table, frame):
        calls.append(table)
        if len(calls) == fail_at:
            raise RuntimeError("disk full (simulated)")
        real(con, table, frame)

    monkeypatch.setattr(store_mod, "_insert_frame", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        store.import_file(tmp_path / "b.csv")
    calls.clear()
    with pytest.raises(RuntimeError, match="simulated"):  # replace: deletes roll back too
        store.import_file(tmp_path / "b.csv", name="a", replace=True)
    assert snapshot(store) == before
    monkeypatch.setattr(store_mod, "_insert_frame", real)
    assert store.import_file(tmp_path / "b.csv").n_rows > 0  # the lock was released


def test_process_killed_midway_leaves_store_unchanged(shared_data, data_dir):
    store = Store(data_dir)
    store.import_file(shared_data / NONCOMP_2017, name="kept")
    before = snapshot(store)
    proc = _CTX.Process(target=_crash_worker,
                        args=(str(data_dir), str(shared_data / PROV_2017), "prov"))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 3  # died inside the transaction
    assert snapshot(store) == before
    assert store.import_file(shared_data / NONCOMP_2018, name="after").years == (2018,)


# ------------------------------------------------------------------ concurrency
def test_two_processes_import_concurrently(shared_data, data_dir):
    barrier = _CTX.Barrier(2)
    jobs = [(NONCOMP_2017, "n2017"), (PROV_2017, "p2017")]
    procs = [_CTX.Process(target=_import_worker,
                          args=(str(data_dir), str(shared_data / f), n, barrier))
             for f, n in jobs]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    store = Store(data_dir)
    assert store.names() == ["n2017", "p2017"]
    assert_tables_equal(store.load("n2017"), _read(shared_data / NONCOMP_2017))
    got, want = store.load("p2017"), _read(shared_data / PROV_2017)
    assert list(got) == list(want)
    for key in ("210000", "220000", "230000"):
        assert_tables_equal(got[key], want[key])


def test_write_lock_timeout_is_a_clear_store_error(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    (tmp_path / "t.csv").write_text("x")
    store = Store(data_dir, lock_timeout=0.2)
    store.import_file(tmp_path / "t.csv")
    with FileLock(str(store.lock_path)):
        with pytest.raises(StoreError, match="locked by another write") as exc:
            store.import_file(tmp_path / "t.csv", name="u")
        assert "store.lock" in str(exc.value)
        with pytest.raises(StoreError, match="locked"):
            store.remove("t")
        assert store.names() == ["t"]  # reads do not need the write lock


def test_readers_wait_for_a_writing_process(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    (tmp_path / "t.csv").write_text("x")
    Store(data_dir).import_file(tmp_path / "t.csv")
    ready, release = _CTX.Event(), _CTX.Event()
    holder = _CTX.Process(target=_hold_db_worker, args=(str(data_dir / "store.duckdb"), ready,
                                                        release))
    holder.start()
    try:
        assert ready.wait(60)
        with pytest.raises(StoreError, match="in use by another process"):
            Store(data_dir, lock_timeout=0.2).list()
        release.set()
        assert Store(data_dir, lock_timeout=30).names() == ["t"]  # retried until free
    finally:
        release.set()
        holder.join(60)


# ------------------------------------------------------------------ schema and corruption
def test_newer_schema_version_is_refused(monkeypatch, data_dir, tmp_path):
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    (tmp_path / "t.csv").write_text("x")
    store = Store(data_dir)
    store.import_file(tmp_path / "t.csv")
    con = duckdb.connect(str(store.path))
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    con.close()
    for call in (store.list, lambda: store.info("t"), lambda: store.load("t"),
                 lambda: store.import_file(tmp_path / "t.csv", name="u")):
        with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer"):
            call()


def test_old_or_broken_schema_version_is_refused(data_dir):
    data_dir.mkdir()
    con = duckdb.connect(str(data_dir / "store.duckdb"))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="0 rows"):
        Store(data_dir).list()
    con = duckdb.connect(str(data_dir / "store.duckdb"))
    con.execute("INSERT INTO schema_version VALUES (0)")
    con.close()
    with pytest.raises(StoreError, match="schema version 0, old"):
        Store(data_dir).list()


def test_corrupt_or_foreign_database_is_a_store_error(data_dir):
    data_dir.mkdir()
    (data_dir / "store.duckdb").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="damaged: the file cannot be opened"):
        Store(data_dir).list()
    (data_dir / "store.duckdb").unlink()
    con = duckdb.connect(str(data_dir / "store.duckdb"))
    con.execute("CREATE TABLE other (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a revitalize store"):
        Store(data_dir).list()


# ---------------------------------------------------------------- damage, full disk, names (issue 14)
@pytest.mark.parametrize("name", ["ok\n", "ok\r", "a\tb", "a/b", "a\\b", "ok ", " ok", "a\x00b",
                                  "..", "a" * 101, ""])
def test_names_with_control_characters_separators_or_whitespace_are_refused(
        monkeypatch, data_dir, tmp_path, name):
    f = tmp_path / "t.csv"
    f.write_text("x")
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    with pytest.raises(InputError, match="invalid dataset name"):
        Store(data_dir).import_file(f, name=name)
    assert not (data_dir / "store.duckdb").exists()


def _filled_store(monkeypatch, data_dir, tmp_path) -> Store:
    f = tmp_path / "t.csv"
    f.write_text("x")
    fake_reader(monkeypatch, {"t.csv": tiny_table()})
    store = Store(data_dir)
    store.import_file(f, name="one")
    store.import_file(f, name="two")
    return store


@pytest.mark.parametrize("fraction", [0.95, 0.5, 0.1, 0.0])
def test_truncated_store_is_reported_damaged_and_never_written(monkeypatch, data_dir, tmp_path,
                                                               fraction):
    store = _filled_store(monkeypatch, data_dir, tmp_path)
    data = store.path.read_bytes()
    store.path.write_bytes(data[:int(len(data) * fraction)])
    before = store.path.read_bytes()
    for action in (store.list, lambda: store.load("one"), lambda: store.info("one"),
                   lambda: store.remove("one"),
                   lambda: store.import_file(tmp_path / "t.csv", name="three")):
        with pytest.raises(StoreError) as info:
            action()
        line = info.value.one_line()
        assert "damaged" in line and str(store.path) in line and "re-import" in line
        assert "\n" not in line
    assert store.path.read_bytes() == before  # never written to


def test_full_disk_aborts_the_import_in_one_line_and_keeps_the_store(monkeypatch, data_dir,
                                                                     tmp_path):
    store = _filled_store(monkeypatch, data_dir, tmp_path)
    before = snapshot(store)
    real = store_mod._insert_frame

    def full(con, table, frame):
        if table == "io_cells":
            raise duckdb.IOException('Could not write file "store.duckdb": No space left on '
                                     'device')
        return real(con, table, frame)

    monkeypatch.setattr(store_mod, "_insert_frame", full)
    with pytest.raises(StoreError, match="disk is full.*rolled back") as info:
        store.import_file(tmp_path / "t.csv", name="three")
    assert "\n" not in info.value.one_line()
    monkeypatch.setattr(store_mod, "_insert_frame", real)
    assert snapshot(store) == before
