"""Named datasets the web API can compute on: the dataset store, and a mirror directory.

* the **store** (:class:`revitalize.data.store.Store` in ``data_dir``): what ``revitalize data
  import`` / ``data fetch`` put there;
* a **mirror** (optional ``mirror_dir``): a directory laid out like the project's
  ``shared/data`` (the fetch registry's ``mirror_path``); each registry dataset whose file is
  present there is served under its registry name, read with the registry's reader and
  options, without importing it.

A name in both is the store's. The store's listing is reused while its database files keep
their modification time and size and were last written over two seconds before the listing
(so a write cannot hide in the file system's clock resolution). Loaded datasets are kept in a
small per-app LRU cache keyed by the stored import time, checksum, reader and size (store) or
the file's size and modification time (mirror), so a re-import or a changed file is read again.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from revitalize.errors import UnknownLabelError

__all__ = ["DataSources", "DatasetEntry"]

# A listing is reused only for a store file last modified longer ago than this: file times are
# coarse (a few ms), so a write right after a listing could leave them unchanged ("racy git").
_SETTLED_NS = 2_000_000_000
_KIND_OF_READER = {"nbs_io": "io_table", "provincial_io": "io_collection", "oecd_io": "io_years",
                   "io_workbook": "io_table"}


@dataclass(frozen=True)
class DatasetEntry:
    """One dataset the API knows by name."""

    name: str
    origin: str  # "store" or "mirror"
    kind: str  # io_table, io_collection, io_years, panel
    reader: str | None
    source: str | None
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    path: Path | None = None
    version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "origin": self.origin, "kind": self.kind,
                "reader": self.reader, "source": self.source, "regions": list(self.regions),
                "years": list(self.years)}


def _stamp(*paths: Path) -> tuple[int, ...] | None:
    """(mtime_ns, size) of each existing file; None when the first is absent."""
    out: list[int] = []
    for i, path in enumerate(paths):
        try:
            st = path.stat()
        except FileNotFoundError:
            if i == 0:
                return None
            out += [0, 0]
            continue
        out += [st.st_mtime_ns, st.st_size]
    return tuple(out)


class DataSources:
    """The store and the mirror of one app (see the module docstring)."""

    def __init__(self, data_dir: Path | None, mirror_dir: Path | None, *, cache_size: int = 6):
        self.data_dir = None if data_dir is None else Path(data_dir)
        self.mirror_dir = None if mirror_dir is None else Path(mirror_dir)
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._listing: tuple[tuple[int, ...], list[DatasetEntry]] | None = None

    # ------------------------------------------------------------------ listing
    def _store_entries(self) -> list[DatasetEntry]:
        """The store's datasets, listed again only when its database file changed."""
        from revitalize.data.store import Store

        store = Store(self.data_dir)
        stamp = _stamp(store.path, store.path.with_name(store.path.name + ".wal"))
        if stamp is None:
            return []
        with self._lock:
            if self._listing is not None and self._listing[0] == stamp:
                return self._listing[1]
        frame = store.list()
        entries = [DatasetEntry(r["name"], "store", r["kind"], r.get("reader"),
                                r.get("original_file"), tuple(r.get("regions") or ()),
                                tuple(int(y) for y in (r.get("years") or ())),
                                version="|".join(str(r.get(k)) for k in (
                                    "imported_at", "sha256", "reader", "n_rows")))
                   for r in frame.to_dict(orient="records")]
        if time.time_ns() - max(stamp[0::2]) > _SETTLED_NS:
            with self._lock:
                self._listing = (stamp, entries)
        return entries

    def _mirror_entries(self) -> list[DatasetEntry]:
        if self.mirror_dir is None or not self.mirror_dir.is_dir():
            return []
        from revitalize.data.fetch import load_registry

        out = []
        for entry in load_registry().values():
            path = self.mirror_dir / entry.mirror_path
            if path.is_file():
                stat = path.stat()
                out.append(DatasetEntry(entry.name, "mirror",
                                        _KIND_OF_READER.get(entry.reader, "panel"), entry.reader,
                                        entry.source, path=path,
                                        version=f"{stat.st_size}:{stat.st_mtime_ns}"))
        return out

    def entries(self) -> list[DatasetEntry]:
        """Every dataset by name (the store's first, then the mirror's not in the store)."""
        stored = self._store_entries()
        names = {e.name for e in stored}
        return stored + [e for e in self._mirror_entries() if e.name not in names]

    def entry(self, name: str) -> DatasetEntry:
        for e in self.entries():
            if e.name == name:
                return e
        known = sorted(e.name for e in self.entries())
        raise UnknownLabelError(f"no dataset {name!r}", field="dataset",
                                expected=f"one of {known[:20]}" if known else
                                "a dataset in the store (revitalize data import) or the mirror")

    # ------------------------------------------------------------------ loading
    def _read(self, e: DatasetEntry):
        if e.origin == "store":
            from revitalize.data.store import Store

            return Store(self.data_dir).load(e.name)
        from revitalize.data.fetch import load_registry
        from revitalize.data.readers import read_any

        reg = load_registry()[e.name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # reader caveats travel in the provenance notes
            return read_any(e.path, reader=reg.reader, **reg.options)

    def load(self, name: str):
        """The dataset ``name``: an IOTable, a dict of IOTables or a Panel (cached)."""
        e = self.entry(name)
        key = (e.origin, e.name, e.version)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            obj = self._read(e)
            self._cache[key] = obj
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return obj

    def describe(self, name: str) -> dict[str, Any]:
        """The entry with the regions, years (and panel indicators) read from the data."""
        from revitalize.data.panel import Panel
        from revitalize.io.table import IOTable

        e = self.entry(name)
        obj = self.load(name)
        out = e.to_dict()
        if isinstance(obj, Panel):
            out.update(regions=list(obj.regions), years=[int(y) for y in obj.years],
                       indicators=[{"indicator": i, "unit": obj.unit_of(i)}
                                   for i in obj.indicators])
        else:
            tables = [obj] if isinstance(obj, IOTable) else list(obj.values())
            out.update(regions=sorted({t.region for t in tables}),
                       years=sorted({int(t.year) for t in tables}),
                       sectors=len(tables[0].codes) if tables else 0,
                       unit=tables[0].unit if tables else None)
        return out
