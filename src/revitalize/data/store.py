"""The dataset store: imported tables kept in an embedded DuckDB database.

Location: ``<data_dir>/store.duckdb`` where ``data_dir`` is, in order of precedence, the
``data_dir`` argument (the CLI's root option ``--data-dir``), the environment variable
``REVITALIZE_DATA_DIR``, or ``platformdirs.user_data_dir("revitalize")``.

What is stored
--------------
* an :class:`~revitalize.model.table.IOTable` as its long frame (:meth:`IOTable.to_long`: block,
  row, col, value) plus its sectors and attributes (region, year, unit, kind, classification,
  provenance, notes); a ``dict`` of tables as one member per key: region codes (kind
  ``io_collection``) or ``int`` years (``io_years``, e.g. an OECD file; restored as ``int``);
* a :class:`~revitalize.model.panel.Panel` as its long frame plus its flag legend, provenance
  and the dtypes of its columns;
* per dataset, the import provenance: original file name, its sha256, the reader, the time;
* a ``schema_version`` table. A store written by a newer version of the code is refused.

Guarantees
----------
* **Atomic**: an import (or removal) is one DuckDB transaction; a failure anywhere -- the
  reader, an insert, a crash -- leaves the store exactly as it was.
* **Concurrent writers are serialised** by a :class:`filelock.FileLock` on
  ``<data_dir>/store.lock`` (at most ``lock_timeout`` seconds, then :class:`StoreError`).
  Readers open the database read-only; as DuckDB allows one writing process *or* several
  reading ones, both sides retry opening for up to ``lock_timeout`` seconds.
* **A damaged store is reported, never written to**: every open compares the file's size with
  the extent its data needs (3 header blocks of 4 KiB + ``block_size`` x (the highest block id
  ``pragma_storage_info`` lists + 1, at least ``used_blocks``)); a shorter file (cut by a full disk, a partial copy), a file
  DuckDB cannot open, or a read error later is one :class:`StoreError` line naming the path and
  the remedy (move the file away and re-import, or restore a backup). A write opens the file
  read-only and checks it first, so a damaged store is never opened for writing.
* **A full disk** (``No space left on device``) during an import rolls the transaction back
  and is one :class:`StoreError` line; the store keeps its previous content.
* **DuckDB is optional** (the ``store`` extra, ``pip install 'revitalize[store]'``): this
  module imports it on first use. Without it, a store that does not exist reads as empty (the
  catalog then resolves files, the mirror and the bundle as before) and anything that must open
  or write the file is one :class:`StoreError` line naming the extra.
* **Dataset names** are 1-100 letters, digits, ``_``, ``.``, ``-`` (no control characters,
  no path separators, no whitespace -- a trailing newline included).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from filelock import FileLock, Timeout

from revitalize.errors import InputError, RevitalizeError, StoreError, UnknownLabelError
from revitalize.model.panel import PANEL_COLUMNS, Panel
from revitalize.model.table import IOTable
from revitalize.results import Provenance, jsonable, sha256_of

if TYPE_CHECKING:
    import duckdb

__all__ = ["DB_FILE", "LOCK_FILE", "SCHEMA_VERSION", "DatasetInfo", "Store", "available",
           "default_data_dir", "require_duckdb"]

SCHEMA_VERSION = 1
DB_FILE = "store.duckdb"
LOCK_FILE = "store.lock"
_ENV_DATA_DIR = "REVITALIZE_DATA_DIR"
_NAME_RE = re.compile(r"\w[\w.\-]{0,99}")  # fullmatch: "$" would let a trailing newline in
_HEADER_BYTES = 3 * 4096  # DuckDB's main header and its two database headers
_REMEDY = ("an intact store: move this file away (e.g. to store.duckdb.damaged) and re-import "
           "the datasets with `revitalize data import`, or restore a backup of it")
_RETRY_SECONDS = 0.05

Stored = IOTable | dict[str, IOTable] | dict[int, IOTable] | Panel

_V, _NN = "VARCHAR", "VARCHAR NOT NULL"
_DDL = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    f"""CREATE TABLE datasets (name {_NN}, kind {_NN}, regions {_NN}, years {_NN},
        n_rows BIGINT NOT NULL, original_file {_V}, sha256 {_V}, reader {_V},
        imported_at {_NN}, schema_version INTEGER NOT NULL, notes {_NN})""",
    f"""CREATE TABLE io_tables (dataset {_NN}, member INTEGER NOT NULL, key {_NN}, region {_NN},
        year INTEGER NOT NULL, unit {_NN}, kind {_NN}, classification {_NN}, sectors {_NN},
        provenance {_NN}, notes {_NN})""",
    f"""CREATE TABLE io_cells (dataset {_NN}, member INTEGER NOT NULL, seq INTEGER NOT NULL,
        block {_NN}, "row" {_NN}, col {_NN}, value DOUBLE)""",
    f"CREATE TABLE panels (dataset {_NN}, provenance {_NN}, flag_legend {_NN}, columns {_NN})",
    f"""CREATE TABLE panel_rows (dataset {_NN}, seq INTEGER NOT NULL, region {_V},
        region_en {_V}, region_cn {_V}, year BIGINT, indicator {_V}, unit {_V}, value DOUBLE,
        flag {_V}, flag_note {_V}, extra {_V})""",
)
_DATA_TABLES = ("datasets", "io_tables", "io_cells", "panels", "panel_rows")
_INFO_COLUMNS = ("name", "kind", "regions", "years", "n_rows", "original_file", "sha256",
                 "reader", "imported_at", "schema_version", "notes")
_JSON_COLUMNS = ("regions", "years", "notes")  # tuples, stored as JSON lists


def require_duckdb():
    """The :mod:`duckdb` module, imported on first use: DuckDB is the ``store`` extra, so the
    core install (every analysis, the report) runs without it. Missing, it is one
    :class:`~revitalize.errors.StoreError` line naming the extra
    (:func:`revitalize.missing_extra_message`)."""
    try:
        import duckdb
    except ModuleNotFoundError as exc:
        from revitalize import missing_extra_message

        message = missing_extra_message(exc, "the dataset store")
        if message is None:  # not duckdb itself: a broken installation, not an install choice
            raise
        raise StoreError(message) from None
    return duckdb


def available() -> bool:
    """Whether the store can be opened here (the ``store`` extra, i.e. DuckDB, is installed)."""
    try:
        require_duckdb()
    except StoreError:
        return False
    return True


def default_data_dir() -> Path:
    """The store directory: env ``REVITALIZE_DATA_DIR``, else the platform user data directory."""
    env = os.environ.get(_ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("revitalize"))


@dataclass(frozen=True)
class DatasetInfo:
    """What the store knows about one dataset.

    Attributes
    ----------
    name
        Dataset name (unique in the store).
    kind
        ``"io_table"`` (one IOTable), ``"io_collection"`` (IOTables keyed by region code),
        ``"io_years"`` (IOTables keyed by year, ``int``) or ``"panel"``.
    regions, years
        Canonical region codes and years covered, sorted.
    n_rows
        Number of stored values (long-frame rows).
    original_file, sha256, reader, imported_at
        Import provenance: the file's name (not its full path), its checksum, the reader that
        parsed it and the UTC import time (ISO 8601).
    schema_version
        Store schema version the dataset was written with.
    notes
        Caveats carried by the data (reader notes, provenance notes).
    """

    name: str
    kind: Literal["io_table", "io_collection", "io_years", "panel"]
    regions: tuple[str, ...]
    years: tuple[int, ...]
    n_rows: int
    original_file: str | None
    sha256: str | None
    reader: str | None
    imported_at: str
    schema_version: int
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (tuples as lists)."""
        return jsonable(asdict(self))


# ---------------------------------------------------------------------------------- helpers
def _read(path: Path, reader: str, options: Mapping[str, Any]) -> Stored:
    """Parse ``path`` with :func:`revitalize.data.readers.read_any` (indirection for tests)."""
    from revitalize.data.readers import read_any

    return read_any(path, reader=reader, **options)


def _parse(path: Path, name: str, reader: str, options: Mapping[str, Any]
           ) -> tuple[Stored, DatasetInfo]:
    """Read ``path`` and describe it (``n_rows`` is filled in on insert)."""
    digest = sha256_of(path)
    try:
        obj = _read(path, reader, options)
    except RevitalizeError:
        raise
    except Exception as exc:  # a reader bug or an unforeseen layout: still one clear line
        raise InputError(f"cannot read the file: {type(exc).__name__}: {exc}", file=path) from exc
    kind = _kind_of(obj, path)
    if kind != "panel":
        tables = {"": obj} if kind == "io_table" else obj
        if any(t.year is None for t in tables.values()):  # the store keys tables by year
            raise InputError("the table states no year", file=path, field="year",
                             expected="a '# year: 2017' line in the file, or the year in its "
                                      "name (cn_io_2017_42.csv)")
    regions, years, notes = _summary(obj, kind)
    if options:
        opts = ", ".join(f"{k}={v!r}" for k, v in options.items())
        notes = (f"reader options: {opts}",) + notes
    info = DatasetInfo(name=name, kind=kind, regions=regions, years=years, n_rows=0,
                       original_file=path.name, sha256=digest,
                       reader=_reader_name(obj, kind, reader), imported_at=_now(),
                       schema_version=SCHEMA_VERSION, notes=notes)
    return obj, info


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise InputError(f"invalid dataset name {name!r}", field="name",
                         expected="1-100 letters, digits, '_', '.', '-', not starting with '.' or '-'")
    return name


def _default_name(path: Path) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", path.stem).strip("._-")
    return stem[:100] or "dataset"


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append ``frame`` (columns in the table's order) to ``table``."""
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def _first(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> tuple | None:
    """First row of a query, consuming the whole result (DuckDB refuses new work otherwise)."""
    rows = con.execute(sql, params).fetchall()
    return rows[0] if rows else None


def _last_block(con: duckdb.DuckDBPyConnection) -> int:
    """The highest block id any table's data uses (-1 for none): the file must reach it."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
    if not tables:
        return -1
    union = " UNION ALL ".join("SELECT max(block_id) AS b FROM pragma_storage_info(?)"
                               for _ in tables)
    return int(con.execute(f"SELECT coalesce(max(b), -1) FROM ({union})", tables).fetchone()[0])


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _is_lock_conflict(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def _prov_from_json(text: str) -> Provenance:
    d = json.loads(text)
    d["notes"] = tuple(d.get("notes") or ())
    return Provenance(**d)


# ---------------------------------------------------------------------------------- (de)serialise
def _kind_of(obj: object, path: Path) -> str:
    if isinstance(obj, IOTable):
        return "io_table"
    if isinstance(obj, Panel):
        return "panel"
    if isinstance(obj, dict) and obj and all(isinstance(v, IOTable) for v in obj.values()):
        key_types = {type(k) for k in obj}  # bool or numpy keys are neither
        if key_types in ({str}, {int}):
            return "io_collection" if key_types == {str} else "io_years"
        raise StoreError(f"dict of IOTables keyed by {sorted(t.__name__ for t in key_types)}",
                         file=path.name, expected="keys all region codes (str) or all years (int)")
    raise StoreError(f"the reader returned {type(obj).__name__}, which the store cannot keep",
                     file=path.name, expected="an IOTable, a non-empty dict of IOTables or a Panel")


def _sectors_json(sectors: pd.DataFrame) -> str:
    return json.dumps({
        "index_name": sectors.index.name,
        "index": [str(c) for c in sectors.index],
        "columns": [str(c) for c in sectors.columns],
        "data": jsonable(sectors.to_numpy(object).tolist()),
    }, ensure_ascii=False)


def _sectors_from_json(text: str) -> pd.DataFrame:
    d = json.loads(text)
    index = pd.Index(d["index"], name=d["index_name"])
    frame = pd.DataFrame(d["data"], index=index, columns=d["columns"])
    return frame.reindex(columns=d["columns"])


def _io_rows(dataset: str, member: int, key: str, table: IOTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``io_tables`` row and the ``io_cells`` rows of one IOTable."""
    meta = pd.DataFrame([{
        "dataset": dataset, "member": member, "key": key, "region": str(table.region),
        "year": int(table.year), "unit": str(table.unit), "kind": table.kind,
        "classification": str(table.classification), "sectors": _sectors_json(table.sectors),
        "provenance": json.dumps(jsonable(table.provenance.to_dict()), ensure_ascii=False),
        "notes": json.dumps(list(table.notes), ensure_ascii=False),
    }])
    long = table.to_long()
    cells = pd.DataFrame({
        "dataset": dataset, "member": np.int32(member), "seq": np.arange(len(long), dtype=np.int32),
        "block": long["block"].astype(str).to_numpy(object),
        "row": long["row"].astype(str).to_numpy(object),
        "col": long["col"].astype(str).to_numpy(object),
        "value": long["value"].to_numpy(float),
    })
    return meta, cells


def _panel_rows(dataset: str, panel: Panel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``panels`` row and the ``panel_rows`` rows of a Panel (extra columns as JSON)."""
    data = panel.data.reset_index(drop=True)
    extra_cols = [c for c in data.columns if c not in PANEL_COLUMNS]
    columns = [{"name": str(c), "dtype": str(data[c].dtype)} for c in data.columns]
    meta = pd.DataFrame([{
        "dataset": dataset,
        "provenance": json.dumps(jsonable(panel.provenance.to_dict()), ensure_ascii=False),
        "flag_legend": json.dumps(jsonable(dict(panel.flag_legend)), ensure_ascii=False),
        "columns": json.dumps(columns, ensure_ascii=False),
    }])
    rows = pd.DataFrame({"dataset": dataset, "seq": np.arange(len(data), dtype=np.int32)})
    for col in PANEL_COLUMNS:
        values = data[col]
        if col == "year":
            rows[col] = pd.to_numeric(values).astype("Int64")
        elif col == "value":
            rows[col] = pd.to_numeric(values).astype(float)
        else:
            rows[col] = values.astype(object).where(values.notna(), None)
    if extra_cols:
        records = data[extra_cols].to_dict(orient="records")
        rows["extra"] = [json.dumps(jsonable(r), ensure_ascii=False) for r in records]
    else:
        rows["extra"] = None
    return meta, rows


def _panel_from_rows(meta: tuple, rows: pd.DataFrame) -> Panel:
    provenance, flag_legend, columns = (json.loads(meta[0]), json.loads(meta[1]),
                                        json.loads(meta[2]))
    data = rows[list(PANEL_COLUMNS)].copy()
    extra_names = [c["name"] for c in columns if c["name"] not in PANEL_COLUMNS]
    if extra_names:
        extra = pd.DataFrame([json.loads(e) for e in rows["extra"]], index=data.index)
        data = pd.concat([data, extra.reindex(columns=extra_names)], axis=1)
    data = data[[c["name"] for c in columns]]
    for c in columns:
        with contextlib.suppress(TypeError, ValueError):
            data[c["name"]] = data[c["name"]].astype(c["dtype"])
    provenance["notes"] = tuple(provenance.get("notes") or ())
    return Panel(data, Provenance(**provenance), dict(flag_legend))


def _summary(obj: Stored, kind: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...]]:
    """Regions, years and notes of a parsed object."""
    if kind == "panel":
        return tuple(obj.regions), tuple(obj.years), tuple(obj.provenance.notes)
    tables = {"": obj} if kind == "io_table" else obj
    regions = tuple(sorted({str(t.region) for t in tables.values()}))
    years = tuple(sorted({int(t.year) for t in tables.values()}))
    notes: list[str] = []
    for key, t in tables.items():
        prefix = f"{key}: " if key else ""
        notes += [prefix + n for n in tuple(t.notes) + tuple(t.provenance.notes)]
    return regions, years, tuple(dict.fromkeys(notes))


def _reader_name(obj: Stored, kind: str, requested: str) -> str:
    if kind in ("io_collection", "io_years"):
        obj = next(iter(obj.values()))
    return obj.provenance.reader or requested


# ---------------------------------------------------------------------------------- the store
class Store:
    """The dataset store in ``data_dir`` (see the module docstring).

    Parameters
    ----------
    data_dir
        Store directory; ``None`` uses :func:`default_data_dir`. Created on the first write.
    lock_timeout
        Seconds to wait for another process's write (the lock file) or for DuckDB's own file
        lock before raising :class:`~revitalize.errors.StoreError`.
    """

    def __init__(self, data_dir: str | Path | None = None, *, lock_timeout: float = 30.0) -> None:
        self.data_dir = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
        self.lock_timeout = float(lock_timeout)

    @property
    def path(self) -> Path:
        """The DuckDB database file."""
        return self.data_dir / DB_FILE

    @property
    def lock_path(self) -> Path:
        """The lock file serialising writers."""
        return self.data_dir / LOCK_FILE

    # ------------------------------------------------------------------ connections
    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Open the database, retrying while another process holds DuckDB's file lock."""
        duckdb = require_duckdb()
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.Error as exc:
                if not _is_lock_conflict(exc):
                    raise self._damaged(f"cannot be opened ({_one_line(exc)})") from None
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"the store is in use by another process (waited {self.lock_timeout:g} s)",
                        file=self.path, expected="no concurrent writer; retry later") from exc
                time.sleep(_RETRY_SECONDS)

    def _connect_checked(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """:meth:`_connect`, then the file's size against its header (see the module
        docstring); a damaged store raises :class:`StoreError` and the connection is closed."""
        duckdb = require_duckdb()
        con = self._connect(read_only)
        try:
            size, used = con.execute(
                "SELECT block_size, used_blocks FROM pragma_database_size()").fetchone()
            declared = _HEADER_BYTES + int(size) * max(int(used), _last_block(con) + 1)
            actual = self.path.stat().st_size
            if actual < declared:
                raise self._damaged(f"is truncated: {actual:,} bytes, its header declares "
                                    f"{declared:,}")
        except duckdb.Error as exc:
            con.close()
            raise self._damaged(f"cannot be read ({_one_line(exc)})") from None
        except BaseException:
            con.close()
            raise
        return con

    def _damaged(self, what: str) -> StoreError:
        return StoreError(f"the store is damaged: the file {what}; it was not changed",
                          file=self.path, expected=_REMEDY)

    def _check_schema(self, con: duckdb.DuckDBPyConnection, *, create: bool) -> bool:
        """Check (or create) the schema; return whether the store has its tables."""
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        if "schema_version" not in tables:
            if tables:
                raise StoreError(f"not a revitalize store (tables {sorted(tables)})",
                                 file=self.path, expected="a schema_version table")
            if not create:
                return False
            with self._transaction(con):
                for ddl in _DDL:
                    con.execute(ddl)
                con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            return True
        rows = con.execute("SELECT version FROM schema_version").fetchall()
        if len(rows) != 1:
            raise StoreError(f"schema_version has {len(rows)} rows", file=self.path,
                             expected="exactly one row")
        version = int(rows[0][0])
        if version != SCHEMA_VERSION:
            newer = version > SCHEMA_VERSION
            raise StoreError(
                f"the store has schema version {version}, " + (
                    f"newer than this code's {SCHEMA_VERSION}" if newer else "old (no migration)"),
                file=self.path, expected="upgrade revitalize to read it" if newer
                else f"schema version {SCHEMA_VERSION}")
        return True

    @contextlib.contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A read-only connection, or ``None`` when the store does not exist yet."""
        if not self.path.exists():
            yield None
            return
        duckdb = require_duckdb()
        con = self._connect_checked(read_only=True)
        try:
            yield con if self._check_schema(con, create=False) else None
        except duckdb.Error as exc:
            raise self._damaged(f"cannot be read ({_one_line(exc)})") from None
        finally:
            con.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection held under the store's file lock."""
        duckdb = require_duckdb()  # before creating the directory and the lock file
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreError(f"the store is locked by another write (waited "
                             f"{self.lock_timeout:g} s)", file=self.lock_path,
                             expected="no concurrent import or removal; retry later") from exc
        try:
            if self.path.exists():  # checked read-only first: a damaged store is never written
                self._connect_checked(read_only=True).close()
            con = self._connect_checked(read_only=False)
            try:
                self._check_schema(con, create=True)
                yield con
            except duckdb.Error as exc:
                raise self._write_error(exc) from None
            finally:
                con.close()
        finally:
            lock.release()

    def _write_error(self, exc: duckdb.Error) -> StoreError:
        text = _one_line(exc)
        if "no space left" in text.lower() or "disk is full" in text.lower():
            return StoreError("the disk is full; the import was rolled back and the store "
                              "keeps its previous content", file=self.path,
                              expected="free disk space, then run the command again")
        return self._damaged(f"cannot be written ({text})")

    @staticmethod
    @contextlib.contextmanager
    def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
        con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            # keep the original error (a full disk...)
            with contextlib.suppress(require_duckdb().Error):
                con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # ------------------------------------------------------------------ public API
    def import_file(self, path: str | Path, *, name: str | None = None, reader: str = "auto",
                    replace: bool = False,
                    reader_options: Mapping[str, Any] | None = None) -> DatasetInfo:
        """Read ``path`` with the named reader and store it as dataset ``name``.

        Parameters
        ----------
        path
            The file (CSV/XLS/XLSX as the readers accept).
        name
            Dataset name; default: the file name without extension (invalid characters -> ``_``).
        reader
            Reader name passed to :func:`revitalize.data.readers.read_any` (``"auto"`` detects).
        replace
            Replace an existing dataset of that name (in the same transaction) instead of
            raising :class:`~revitalize.errors.InputError`.
        reader_options
            Keywords for the reader (e.g. ``{"blank_as_zero": True}``); recorded in the notes.

        Returns
        -------
        DatasetInfo
            What was stored.

        Raises
        ------
        InputError
            Missing file, unreadable file or wrong layout (from the reader, naming file/row/
            field), invalid name, or name already used and ``replace`` is false.
        StoreError
            Store locked, corrupt or of a newer schema version; DuckDB (the ``store`` extra)
            not installed.
        """
        path = Path(path)
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a file", file=path)
        require_duckdb()  # before a long parse
        name = _check_name(name) if name is not None else _default_name(path)
        self._refuse_clash(name, replace)  # early, before a long parse; re-checked under lock
        obj, info = _parse(path, name, reader, dict(reader_options or {}))
        with self._writing() as con, self._transaction(con):
            if self._exists(con, name):
                if not replace:
                    raise self._clash_error(name)
                self._delete(con, name)
            n_rows = self._insert(con, name, info.kind, obj)
            info = DatasetInfo(**{**asdict(info), "n_rows": n_rows})
            _insert_frame(con, "datasets", self._info_frame(info))
        return info

    def list(self) -> pd.DataFrame:
        """All datasets, one row each (columns as :class:`DatasetInfo`), sorted by name."""
        with self._reading() as con:
            if con is None:
                return pd.DataFrame(columns=list(_INFO_COLUMNS))
            frame = con.execute(
                f"SELECT {', '.join(_INFO_COLUMNS)} FROM datasets ORDER BY name").df()
        for col in _JSON_COLUMNS:
            frame[col] = [tuple(json.loads(v)) for v in frame[col]]
        return frame

    def info(self, name: str) -> DatasetInfo:
        """The :class:`DatasetInfo` of ``name`` (:class:`UnknownLabelError` if absent)."""
        with self._reading() as con:
            return self._info(con, name)

    def names(self) -> list[str]:
        """Dataset names, sorted."""
        return self.list()["name"].tolist()

    def load(self, name: str) -> Stored:
        """The stored dataset: an IOTable, a dict of IOTables (keyed as read) or a Panel."""
        with self._reading() as con:
            info = self._info(con, name)
            if info.kind == "panel":
                meta = _first(con, "SELECT provenance, flag_legend, columns FROM panels "
                              "WHERE dataset = ?", [name])
                rows = con.execute(f"SELECT {', '.join(PANEL_COLUMNS)}, extra FROM panel_rows "
                                   "WHERE dataset = ? ORDER BY seq", [name]).df()
                return _panel_from_rows(meta, rows)
            members = con.execute(
                "SELECT member, key, region, year, unit, kind, classification, sectors, "
                "provenance, notes FROM io_tables WHERE dataset = ? ORDER BY member",
                [name]).fetchall()
            cells = con.execute('SELECT member, block, "row", col, value FROM io_cells '
                                "WHERE dataset = ? ORDER BY member, seq", [name]).df()
        by_member = dict(tuple(cells.groupby("member", sort=False)))
        restore = int if info.kind == "io_years" else str
        tables = {restore(m[1]): self._table_from(m, by_member.get(m[0])) for m in members}
        return tables[""] if info.kind == "io_table" else tables

    def remove(self, name: str) -> None:
        """Delete dataset ``name`` (:class:`UnknownLabelError` if absent), atomically."""
        with self._writing() as con, self._transaction(con):
            if not self._exists(con, name):
                raise self._unknown(con, name)
            self._delete(con, name)

    # ------------------------------------------------------------------ internals
    def _refuse_clash(self, name: str, replace: bool) -> None:
        if replace:
            return
        with self._reading() as con:
            if con is not None and self._exists(con, name):
                raise self._clash_error(name)

    def _clash_error(self, name: str) -> InputError:
        return InputError(f"a dataset named {name!r} already exists", field="name",
                          expected="another --name, or --replace to overwrite it")

    @staticmethod
    def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
        return _first(con, "SELECT count(*) FROM datasets WHERE name = ?", [name])[0] > 0

    def _unknown(self, con: duckdb.DuckDBPyConnection | None, name: str) -> UnknownLabelError:
        known = [] if con is None else [r[0] for r in con.execute(
            "SELECT name FROM datasets ORDER BY name").fetchall()]
        return UnknownLabelError(f"no dataset named {name!r} in the store", file=self.path,
                                 expected=f"one of {known}" if known else "an imported dataset; "
                                 "the store is empty, see `revitalize data import`")

    def _info(self, con: duckdb.DuckDBPyConnection | None, name: str) -> DatasetInfo:
        row = None if con is None else _first(
            con, f"SELECT {', '.join(_INFO_COLUMNS)} FROM datasets WHERE name = ?", [name])
        if row is None:
            raise self._unknown(con, name)
        d = dict(zip(_INFO_COLUMNS, row))
        return DatasetInfo(**{**d, **{c: tuple(json.loads(d[c])) for c in _JSON_COLUMNS}})

    @staticmethod
    def _info_frame(info: DatasetInfo) -> pd.DataFrame:
        d = asdict(info)
        for col in _JSON_COLUMNS:
            d[col] = json.dumps(jsonable(list(d[col])), ensure_ascii=False)
        return pd.DataFrame([d])[list(_INFO_COLUMNS)]

    @staticmethod
    def _delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
        for table in _DATA_TABLES:
            column = "name" if table == "datasets" else "dataset"
            con.execute(f"DELETE FROM {table} WHERE {column} = ?", [name])

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, name: str, kind: str, obj: Stored) -> int:
        """Insert the data rows of ``obj``; return the number of values stored."""
        if kind == "panel":
            meta, rows = _panel_rows(name, obj)
            _insert_frame(con, "panels", meta)
            _insert_frame(con, "panel_rows", rows)
            return len(rows)
        tables = {"": obj} if kind == "io_table" else obj
        n_rows = 0
        for member, (key, table) in enumerate(tables.items()):
            meta, cells = _io_rows(name, member, str(key), table)
            _insert_frame(con, "io_tables", meta)
            _insert_frame(con, "io_cells", cells)
            n_rows += len(cells)
        return n_rows

    @staticmethod
    def _table_from(member: tuple, cells: pd.DataFrame | None) -> IOTable:
        _, _, region, year, unit, kind, classification, sectors, provenance, notes = member
        long = (cells if cells is not None else pd.DataFrame(
            columns=["block", "row", "col", "value"]))[["block", "row", "col", "value"]]
        return IOTable.from_long(
            long.reset_index(drop=True), _sectors_from_json(sectors), region=region,
            year=int(year), unit=unit, kind=kind, classification=classification,
            provenance=_prov_from_json(provenance), notes=tuple(json.loads(notes)))
