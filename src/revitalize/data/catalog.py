"""The dataset catalog: the one place that turns a *source* into a labelled model.

Every door (Python API, CLI, HTTP API, dashboard, report) asks the catalog for its data, so the
same name means the same table everywhere. A source is resolved in this order:

1. ``file``   -- a path to an existing file (any layout :func:`~revitalize.data.readers.read_any`
   recognises);
2. ``store``  -- a dataset imported into the user's store (``revitalize data import``), in
   ``store_dir`` (default: the platformdirs user data directory). The store needs DuckDB (the
   ``store`` extra): without it, an existing store file is skipped with one warning naming it
   and the remedy, and the other origins resolve as before;
3. ``mirror`` -- a dataset of the fetch registry found in ``mirror_dir``, a directory laid out
   like the project's ``shared/data`` (read in place, never imported);
4. ``bundle`` -- a dataset shipped inside the package (:mod:`revitalize.datasets`), by name or
   alias.

A user's own store or mirror therefore overrides the bundle. Reader warnings are never
silenced: they are recorded when a dataset is read and replayed (through
:func:`revitalize.errors.warn`) every time it is handed out, so a cached read reports the same
caveats as a fresh one. Picking one table of a collection follows one rule
(:meth:`Catalog.io_table`): an explicit ``region`` or ``year`` the source does not hold is an
error naming what it holds -- never silently another table.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from revitalize.errors import (
    InputError,
    RevitalizeWarning,
    UnknownLabelError,
    WarningRecord,
    collect_warnings,
    replay,
    warn,
)

__all__ = ["Catalog", "CatalogEntry", "default_catalog"]

_ORIGINS = ("file", "store", "mirror", "bundle")
_STORE_REMEDY = "pip install 'revitalize[store]'"
# store files skipped because DuckDB is missing: each is reported once per process, whichever
# catalog (or view of one) meets it first
_SKIPPED_STORES: set[Path] = set()
_KIND_OF_READER = {"nbs_io": "io_table", "provincial_io": "io_collection", "oecd_io": "io_years",
                   "io_workbook": "io_table"}


@dataclass(frozen=True)
class CatalogEntry:
    """A dataset the catalog can hand out.

    Attributes
    ----------
    name
        The name users type (for a file: its path as given).
    origin
        ``file``, ``store``, ``mirror`` or ``bundle``.
    kind
        ``io_table``, ``io_collection``, ``io_years`` or ``panel`` (``unknown`` for a file not yet
        read).
    reader, options
        The reader and its options.
    path
        The file read (file, mirror and bundle origins).
    title
        A one-line description (registry/bundle), or ''.
    aliases
        Other names that resolve to this entry (bundle).
    version
        A stamp that changes when the underlying data change (cache key).
    """

    name: str
    origin: str
    kind: str = "unknown"
    reader: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()
    version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "origin": self.origin, "kind": self.kind,
                "reader": self.reader, "source": self.title or None, "title": self.title,
                "aliases": list(self.aliases), "regions": [], "years": [],
                "file": None if self.path is None else self.path.name}


def _file_stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


class Catalog:
    """Datasets by name, from files, the store, a mirror directory and the bundle.

    Parameters
    ----------
    store_dir
        Directory of the dataset store (``--data-dir``; None: the user data directory).
    mirror_dir
        A directory laid out like ``shared/data`` (``--mirror``), or None.
    bundled
        Whether bundled datasets resolve (default True unless the environment variable
        ``REVITALIZE_BUNDLE`` is ``0``: a user who wants only their own data, or a test of the
        report without data).
    allow_files
        Whether a source may be a path on this machine (True for the Python API and the CLI;
        the web app passes False and allows only its own uploads, see :meth:`allowing`).
    cache_size
        How many read datasets to keep in memory.
    """

    def __init__(self, *, store_dir: str | Path | None = None, mirror_dir: str | Path | None = None,
                 bundled: bool | None = None, cache_size: int = 12,
                 allow_files: bool = True) -> None:
        self.store_dir = None if store_dir is None else Path(store_dir).expanduser()
        self.mirror_dir = None if mirror_dir is None else Path(mirror_dir).expanduser()
        if self.mirror_dir is not None and not self.mirror_dir.is_dir():
            raise InputError("not a directory", file=self.mirror_dir, field="mirror",
                             expected="a directory laid out like shared/data")
        if bundled is None:  # REVITALIZE_BUNDLE=0: only the user's own data (and tests of it)
            bundled = os.environ.get("REVITALIZE_BUNDLE", "1").strip() != "0"
        self.bundled = bundled
        self.allow_files = allow_files
        self._allowed: frozenset[Path] = frozenset()
        self._cache: OrderedDict[tuple, tuple[Any, tuple[WarningRecord, ...]]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (f"Catalog(store_dir={self.store_dir!s}, mirror_dir={self.mirror_dir!s}, "
                f"bundled={self.bundled})")

    def allowing(self, *paths: str | Path) -> Catalog:
        """A view of this catalog (same cache) that also accepts the files ``paths``."""
        import copy

        view = copy.copy(self)
        view._allowed = self._allowed | {Path(p).resolve() for p in paths}
        return view

    def local_file(self, path: str | Path, *, field: str) -> Path:
        """A file a request names as an auxiliary input (a concordance, a shock or satellite
        file): only where this catalog may read this machine's files (never over HTTP unless
        uploaded)."""
        text = str(path)
        p = Path(text).expanduser()
        try:
            allowed = self.allow_files or p.resolve() in self._allowed
            exists = allowed and p.is_file()
        except (OSError, ValueError):
            allowed, exists = self.allow_files, False
        if not allowed:
            raise InputError("files on the server are not read", field=field,
                             expected="a named dataset or concordance, or an upload")
        if not exists:
            # a long path keeps its end: the file name is the part the user needs to see
            shown = text if len(text) <= 240 else "..." + text[-200:]
            raise InputError(f"no file {shown!r}", field=field,
                             expected="an existing file (or a name the command knows)")
        return p

    # ------------------------------------------------------------------ sources
    def _store(self):
        from revitalize.data.store import Store

        return Store(self.store_dir)

    def _store_entries(self) -> list[CatalogEntry]:
        from revitalize.data.store import available

        store = self._store()
        if not store.path.exists():
            return []
        if not available():  # DuckDB is the store extra: skip the file, say so once
            if store.path not in _SKIPPED_STORES:
                _SKIPPED_STORES.add(store.path)
                warn(f"{store.path}: the dataset store is skipped: DuckDB is not installed, "
                     "so its datasets do not resolve (files, the mirror and the bundled datasets "
                     f"do); to read it: {_STORE_REMEDY}", RevitalizeWarning, file=store.path)
            return []
        frame = store.list()
        return [CatalogEntry(r["name"], "store", r["kind"], r.get("reader"), {}, None,
                             str(r.get("original_file") or ""),
                             version="|".join(str(r.get(k)) for k in ("imported_at", "sha256")))
                for r in frame.to_dict(orient="records")]

    def _mirror_entries(self) -> list[CatalogEntry]:
        if self.mirror_dir is None:
            return []
        from revitalize.data.fetch import load_registry

        out = []
        for e in load_registry().values():
            path = self.mirror_dir / e.mirror_path
            if path.is_file():
                out.append(CatalogEntry(e.name, "mirror", _KIND_OF_READER.get(e.reader, "panel"),
                                        e.reader, dict(e.options), path, e.source,
                                        version=_file_stamp(path)))
        return out

    def _bundle_entries(self) -> list[CatalogEntry]:
        if not self.bundled:
            return []
        try:
            from revitalize.data import bundle as datasets
        except ImportError:  # pragma: no cover - the bundle ships with the package
            return []
        out = []
        for name in datasets.names():
            d = datasets.get(name)
            out.append(CatalogEntry(d.name, "bundle", d.kind, d.reader, dict(d.options or {}),
                                    None, d.title, tuple(d.aliases), version=d.sha256))
        return out

    def entries(self) -> list[CatalogEntry]:
        """Every named dataset: the store's, then the mirror's and the bundle's not shadowed.

        A bundled dataset whose registry name the store or the mirror also holds is shadowed by
        it; its bundle name (``prov_io_2017``) then resolves to the user's copy (see
        :meth:`entry`)."""
        return self._entries()[0]

    def _entries(self) -> tuple[list[CatalogEntry], dict[str, CatalogEntry]]:
        seen: dict[str, CatalogEntry] = {}
        out: list[CatalogEntry] = []
        shadowed: dict[str, CatalogEntry] = {}
        for e in self._store_entries() + self._mirror_entries() + self._bundle_entries():
            names = {e.name, *e.aliases}
            if e.name in seen:
                continue
            hit = next((seen[n] for n in names if n in seen), None)
            if e.origin == "bundle" and hit is not None:
                shadowed[e.name] = hit  # the user's store or mirror holds it: theirs wins
                continue
            for n in names:
                seen.setdefault(n, e)
            out.append(e)
        return out, shadowed

    def entry(self, source: str | Path) -> CatalogEntry:
        """The entry ``source`` resolves to (see the module docstring for the order)."""
        text = str(source)
        if not text.strip() or any(ord(c) < 32 for c in text):
            raise InputError(f"{text!r} is not a valid source", field="source",
                             expected="a file path or a dataset name without control characters")
        path = Path(text).expanduser()
        files_ok = self.allow_files or path.resolve() in self._allowed
        if files_ok and path.is_file():
            return CatalogEntry(text, "file", "unknown", "auto", {}, path, path.name,
                                version=_file_stamp(path))
        if files_ok and path.is_dir():
            raise InputError("is a directory", file=text, field="source",
                             expected="a file (use `revitalize data check DIR` for a folder)")
        entries, shadowed = self._entries()
        for e in entries:
            if text == e.name or text in e.aliases:
                return e
        if text in shadowed:
            return shadowed[text]
        known = sorted(e.name for e in entries)
        looks_like_path = self.allow_files and (any(s in text for s in ("/", "\\"))
                                                or Path(text).suffix != "")
        store_path = self._store().path
        skipped = (f"; the dataset store {store_path} is not read without DuckDB: "
                   f"{_STORE_REMEDY}" if store_path in _SKIPPED_STORES else "")
        raise UnknownLabelError(
            f"no file or dataset {text!r}", field="source",
            expected=("an existing file" if looks_like_path else
                      f"a file or one of the datasets {known[:25]}"
                      f"{'...' if len(known) > 25 else ''} (revitalize data list)") + skipped)

    # ------------------------------------------------------------------ loading
    def _read(self, e: CatalogEntry, read_options: Mapping[str, Any]) -> Any:
        if e.origin == "store":
            return self._store().load(e.name)
        if e.origin == "bundle":
            from revitalize.data import bundle as datasets

            return datasets.get(e.name).load()
        from revitalize.data.readers import read_any

        return read_any(e.path, reader=e.reader or "auto", **{**e.options, **read_options})

    def load(self, source: str | Path, **read_options: Any) -> Any:
        """The model ``source`` holds: an IOTable, a collection of them, or a Panel.

        ``read_options`` go to the reader of a file (e.g. ``unit=`` for a panel); reader warnings
        are replayed into the caller's context on every call.
        """
        obj, records = self._load(source, read_options)
        replay(records)
        return obj

    def _load(self, source: str | Path, read_options: Mapping[str, Any]
              ) -> tuple[Any, tuple[WarningRecord, ...]]:
        e = self.entry(source)
        key = (e.origin, e.name, e.version, tuple(sorted(read_options.items())))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is None:
            with collect_warnings() as caught:
                obj = self._read(e, read_options)
            hit = (obj, tuple(caught))
            with self._lock:
                self._cache[key] = hit
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return hit

    def source_info(self, source: str | Path) -> dict[str, Any]:
        """Where ``source`` came from, for ``meta["input"]`` and the report's header."""
        e = self.entry(source)
        out = {"source": str(source), "origin": e.origin, "dataset": e.name}
        if e.origin == "file":
            out["dataset"] = None
            out["file"] = e.path.name if e.path else None
        elif e.origin == "bundle":
            out["bundle"] = e.name
        return out

    # ------------------------------------------------------------------ picking
    def io_tables(self, source: str | Path, *, region: Any = None, year: int | None = None) -> list:
        """The IO tables of ``source`` matching ``region`` and ``year`` (each None = all).

        An explicit region or year the source does not hold raises :class:`InputError` naming
        what it holds.
        """
        from revitalize.model.table import IOTable

        obj, records = self._load(source, {})
        if isinstance(obj, IOTable):
            tables = [obj]
        elif isinstance(obj, Mapping) or hasattr(obj, "values"):
            tables = list(obj.values())
        else:
            raise InputError("not an input-output table", file=str(source), field="source",
                             expected="an IO table file or dataset (not a panel)")
        all_tables = list(tables)
        if not tables:
            raise InputError("holds no table", file=str(source), field="source",
                             expected="at least one input-output table")
        have_regions = sorted({t.region for t in tables if t.region is not None})
        have_years = sorted({int(t.year) for t in tables if t.year is not None})
        if region is not None:
            from revitalize.model.regions import region_code

            code = region_code(region, where="region")
            picked = [t for t in tables if t.region == code]
            if not picked:
                if len(tables) == 1 and tables[0].region is None:
                    # a table that states no region: the user's statement is recorded as such
                    picked = [_given(tables[0], region=code)]
                else:
                    raise InputError(f"holds no table of region {region!r} ({code})",
                                     file=str(source), field="region",
                                     expected=f"one of {have_regions}")
            tables = picked
        if year is not None:
            year = int(year)
            picked = [t for t in tables if t.year == year]
            if not picked:
                if len(tables) == 1 and tables[0].year is None:
                    picked = [_given(tables[0], year=year)]
                else:
                    raise InputError(f"holds no table of year {year}", file=str(source),
                                     field="year", expected=f"one of {have_years}")
            tables = picked
        replay(_about(records, tables, all_tables))
        return tables

    def io_table(self, source: str | Path, *, region: Any = None, year: int | None = None):
        """The one IO table of ``source`` matching ``region`` and ``year``."""
        tables = self.io_tables(source, region=region, year=year)
        if len(tables) != 1:
            missing = "region" if len({t.region for t in tables}) > 1 else "year"
            have = sorted({_table_label(t, missing) for t in tables})
            raise InputError(f"holds {len(tables)} tables; say which one", file=str(source),
                             field=missing,
                             expected=f"--{missing} one of {', '.join(have[:8])}"
                                      f"{', ...' if len(have) > 8 else ''}")
        return tables[0]

    def panel(self, source: str | Path, **read_options: Any):
        """The panel ``source`` holds (``read_options`` go to a file's reader)."""
        from revitalize.model.panel import Panel

        obj = self.load(source, **read_options)
        if not isinstance(obj, Panel):
            raise InputError("not a panel", file=str(source), field="source",
                             expected="a panel dataset (region x year x indicator), not an IO "
                                      "table")
        return obj

    def describe(self, source: str | Path) -> dict[str, Any]:
        """The entry with the regions, years (and indicators or sectors) read from the data."""
        from revitalize.model.panel import Panel
        from revitalize.model.table import IOTable

        e = self.entry(source)
        obj, _ = self._load(source, {})
        out = e.to_dict()
        if isinstance(obj, Panel):
            out.update(kind="panel", regions=list(obj.regions), years=[int(y) for y in obj.years],
                       indicators=[{"indicator": i, "unit": obj.unit_of(i)}
                                   for i in obj.indicators])
        else:
            tables = [obj] if isinstance(obj, IOTable) else list(obj.values())
            out.update(regions=sorted({t.region for t in tables if t.region is not None}),
                       years=sorted({int(t.year) for t in tables if t.year is not None}),
                       sectors=len(tables[0].codes) if tables else 0,
                       unit=tables[0].unit if tables else None)
        return out


def _given(table, **fields):
    """``table`` with metadata the user gave (``region``/``year``) where the file states none;
    the table's notes say so."""
    import dataclasses

    said = ", ".join(f"{k} {v}" for k, v in fields.items())
    notes = tuple(getattr(table, "notes", ()) or ()) + (f"{said}: given by the user, not stated "
                                                         "in the file",)
    return dataclasses.replace(table, notes=notes, **fields)


def _about(records, picked: list, tables: list) -> list:
    """The reader warnings that concern the picked tables: a warning naming another table's
    region (``Shanghai 2017: ...``) is left out; one naming no region is kept."""
    if len(tables) <= 1:
        return list(records)
    from revitalize.model.regions import REGIONS

    def names(ts) -> set[str]:
        out = set()
        for t in ts:
            reg = REGIONS.get(t.region) if t.region is not None else None
            if reg is not None:
                out |= {reg.name_en, reg.name_cn}
        return out

    mine, others = names(picked), names(tables) - names(picked)
    return [r for r in records
            if any(n in r.message for n in mine) or not any(n in r.message for n in others)]


_DEFAULT: dict[tuple, Catalog] = {}


def default_catalog(*, store_dir: str | Path | None = None,
                    mirror_dir: str | Path | None = None) -> Catalog:
    """A catalog per (store_dir, mirror_dir), shared within the process (its cache too)."""
    key = (None if store_dir is None else str(store_dir),
           None if mirror_dir is None else str(mirror_dir))
    if key not in _DEFAULT:
        _DEFAULT[key] = Catalog(store_dir=store_dir, mirror_dir=mirror_dir)
    return _DEFAULT[key]


def _table_label(table: Any, field: str) -> str:
    """How a user names one of several tables: ``210000 (Liaoning)`` or a year."""
    from revitalize.model.regions import REGIONS

    if field == "year":
        return str(table.year)
    reg = REGIONS.get(str(table.region))
    return str(table.region) if reg is None else f"{table.region} ({reg.name_en})"
