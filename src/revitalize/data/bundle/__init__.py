"""The real tables shipped inside the package: read-only, offline, byte-identical to their sources.

Each bundled dataset is one source file of the project's data folder (``shared/data``: the
provincial and national IO tables, the provincial and national panels), copied byte for byte and
compressed with xz (``bundle/<file>.xz``), and described in ``registry.json``: name, aliases
(the fetch-registry names, so ``cn_prov_io_2017_42`` resolves like ``prov_io_2017``), title,
description, kind (``io_collection`` | ``io_table`` | ``panel``), the reader and reader options
that :func:`revitalize.data.readers.read_any` needs (``null`` where no reader reads the layout
yet), units, years, regions, the original file name, the sha256 and size of the original and of
the packaged file, the source (repository, path, commit, publisher, licence) and the pinned
public URL where the exact bytes are public.

:meth:`BundledDataset.path` decompresses a dataset once into a cache folder, under its original
file name, verified against the original sha256 (so readers see the original name and
provenance records the original checksum):

``$REVITALIZE_CACHE_DIR`` (else ``platformdirs.user_cache_dir("revitalize")``)
``/bundle/<sha256[:16]>/<file name>``

The bundle is rebuilt from the sources by ``tools/build_datasets.py`` (``--check`` fails when
the committed files differ from a rebuild).

Examples
--------
>>> from revitalize.data import bundle as datasets
>>> ds = datasets.get("prov_io_2017")        # or the alias "cn_prov_io_2017_42"
>>> tables = ds.load()                        # dict: province code -> IOTable
>>> datasets.list_datasets()[["name", "kind", "years"]]  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import tempfile
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn

__all__ = ["ENV_CACHE_DIR", "BundledDataset", "cache_dir", "get", "list_datasets", "names",
           "verify"]

ENV_CACHE_DIR = "REVITALIZE_CACHE_DIR"
KINDS = ("io_collection", "io_table", "panel")
_REGISTRY = "registry.json"
_BUNDLE = "bundle"
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """Root of the decompressed copies: env ``REVITALIZE_CACHE_DIR``, else the user cache dir."""
    env = os.environ.get(ENV_CACHE_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("revitalize"))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _packaged_bytes(packaged: str) -> bytes:
    return resources.files(__name__).joinpath(_BUNDLE, packaged).read_bytes()


class _FrozenDict(dict):
    """A read-only ``dict`` (picklable; mutation raises ``TypeError``)."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("bundled dataset metadata is read-only")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):
        return (type(self), (dict(self),))


@dataclass(frozen=True)
class BundledDataset:
    """One bundled dataset (fields: see the module docstring and ``registry.json``)."""

    name: str
    aliases: tuple[str, ...]
    title: str
    description: str
    kind: str
    reader: str | None
    options: dict = field(hash=False)
    units: str
    years: tuple[int, int]
    regions: str
    file: str
    mirror_path: str
    packaged: str
    sha256: str
    size: int
    packaged_sha256: str
    packaged_size: int
    source: dict = field(hash=False)
    public_url: str | None = None
    companions: tuple = field(default=(), hash=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BundledDataset:
        """Build from one ``registry.json`` entry."""
        return cls(**{**d, "aliases": tuple(d["aliases"]), "years": tuple(d["years"]),
                      "options": _FrozenDict(d["options"]), "source": _FrozenDict(d["source"]),
                      "companions": tuple(_FrozenDict(c) for c in d.get("companions", ()))})

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the ``registry.json`` entry)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        return d | {"aliases": list(self.aliases), "years": list(self.years),
                    "options": dict(self.options), "source": dict(self.source),
                    "companions": [dict(c) for c in self.companions]}

    @property
    def source_text(self) -> str:
        """One-line citation: publisher; repository@commit path; licence."""
        s = self.source
        return (f"{s.get('publisher')}; {s.get('repository')}@{s.get('commit')} "
                f"{s.get('path')}; licence: {s.get('licence')}; bundled as {self.name}")

    def cache_path(self) -> Path:
        """Where :meth:`path` puts the decompressed file (it may not exist yet).

        ``<cache_dir()>/bundle/<sha256[:16]>/<mirror_path>``: the file keeps its name and its
        path relative to the data folder, so a reader that looks beside the file (e.g. the
        energy panel's ``variable_dictionary.csv``, a companion) or at its folder's name sees
        what it would see in ``shared/data``.
        """
        return _cache_root(self.sha256) / _relative(self.mirror_path)

    def path(self) -> Path:
        """The original file, decompressed once into the cache and verified (sha256).

        Companion files (``companions``) are materialised beside it the same way. A cached copy
        that fails its checksum is replaced (with a
        :class:`~revitalize.errors.DataQualityWarning`). Raises
        :class:`~revitalize.errors.InputError` when a packaged file does not decompress to the
        registered bytes or the cache folder cannot be written.
        """
        root = _cache_root(self.sha256)
        for companion in self.companions:
            _materialise(root / _relative(companion["mirror_path"]), companion, self.name)
        return _materialise(self.cache_path(), self.to_dict(), self.name)

    def load(self):
        """The dataset read by its reader: ``read_any(self.path(), reader=..., **options)``."""
        if self.reader is None:
            raise InputError(f"no reader reads bundled dataset {self.name} yet", field="reader",
                             expected=f"read {self.path()} directly (e.g. pandas.read_csv)")
        from revitalize.data.readers import read_any

        return read_any(self.path(), reader=self.reader, **dict(self.options))


def _cache_root(sha256: str) -> Path:
    return cache_dir() / _BUNDLE / sha256[:16]


def _relative(mirror_path: str) -> PurePosixPath:
    rel = PurePosixPath(mirror_path)
    if rel.is_absolute() or ".." in rel.parts:
        raise InputError(f"unsafe path {mirror_path!r}", file=_REGISTRY, field="mirror_path",
                         expected="a relative path inside the data folder")
    return rel


def _materialise(target: Path, entry: dict, name: str) -> Path:
    """Decompress ``entry["packaged"]`` to ``target`` unless a verified copy is there."""
    if target.is_file():
        if _verified(target, entry["sha256"]):
            return target
        _warn(f"{target}: cached copy of bundled dataset {name} fails its sha256; "
              "re-created from the bundle", DataQualityWarning, stacklevel=3)
    data = lzma.decompress(_packaged_bytes(entry["packaged"]), format=lzma.FORMAT_XZ)
    if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise InputError("packaged file does not decompress to the registered bytes",
                         file=entry["packaged"], field="sha256",
                         expected=f"{entry['size']} bytes with sha256 {entry['sha256']} "
                                  "(reinstall the package)")
    _write_atomic(target, data)
    stat = target.stat()
    _VERIFIED[(str(target), entry["sha256"])] = (stat.st_mtime_ns, stat.st_size)
    return target


_VERIFIED: dict[tuple[str, str], tuple[int, int]] = {}  # (path, sha256) -> (mtime_ns, size)


def _verified(path: Path, sha256: str) -> bool:
    """``path`` has checksum ``sha256`` (hashed once per process and file modification)."""
    stat = path.stat()
    key, token = (str(path), sha256), (stat.st_mtime_ns, stat.st_size)
    if _VERIFIED.get(key) == token:
        return True
    if _sha256_file(path) != sha256:
        return False
    _VERIFIED[key] = token
    return True


def _write_atomic(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write the bundle cache: {exc.strerror}", file=target.parent,
                         expected=f"a writable folder (set {ENV_CACHE_DIR})") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


@cache
def _registry() -> tuple[BundledDataset, ...]:
    text = resources.files(__name__).joinpath(_REGISTRY).read_text(encoding="utf-8")
    return tuple(BundledDataset.from_dict(d) for d in json.loads(text)["datasets"])


@cache
def _index() -> dict[str, BundledDataset]:
    index: dict[str, BundledDataset] = {}
    for ds in _registry():
        for key in (ds.name, *ds.aliases):
            index.setdefault(key, ds)
    return index


def names() -> tuple[str, ...]:
    """The bundled dataset names, in registry order."""
    return tuple(ds.name for ds in _registry())


def get(name: str) -> BundledDataset:
    """The bundled dataset called ``name`` or having the alias ``name`` (case-sensitive).

    Raises :class:`~revitalize.errors.UnknownLabelError` listing the names otherwise.
    """
    try:
        return _index()[name]
    except (KeyError, TypeError):
        raise UnknownLabelError(f"no bundled dataset {name!r}", field="name",
                                expected=f"one of {list(names())} or an alias "
                                         "(see revitalize.datasets.list_datasets())") from None


def list_datasets():
    """One row per bundled dataset: name, aliases, title, kind, reader, units, years, regions,
    file, sizes, licence, public URL and sha256 (a :class:`pandas.DataFrame`)."""
    import pandas as pd

    rows = [{"name": ds.name, "aliases": ", ".join(ds.aliases), "title": ds.title,
             "kind": ds.kind, "reader": ds.reader, "units": ds.units,
             "years": f"{ds.years[0]}-{ds.years[1]}", "regions": ds.regions, "file": ds.file,
             "size": ds.size, "packaged_size": ds.packaged_size,
             "repository": ds.source.get("repository"), "licence": ds.source.get("licence"),
             "public_url": ds.public_url, "sha256": ds.sha256} for ds in _registry()]
    return pd.DataFrame(rows)


def _problems(entry: dict, name: str, decompress: bool) -> list[str]:
    packaged = entry["packaged"]
    try:
        packed = _packaged_bytes(packaged)
    except OSError:
        return [f"{name}: packaged file {packaged} is missing"]
    if len(packed) != entry["packaged_size"]:
        return [f"{name}: {packaged} has {len(packed)} bytes, registry says "
                f"{entry['packaged_size']}"]
    if hashlib.sha256(packed).hexdigest() != entry["packaged_sha256"]:
        return [f"{name}: {packaged} fails its sha256"]
    if decompress:
        data = lzma.decompress(packed, format=lzma.FORMAT_XZ)
        if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return [f"{name}: {packaged} does not decompress to {entry['mirror_path']} "
                    f"(sha256 {entry['sha256']})"]
    return []


def verify(*, decompress: bool = False) -> list[str]:
    """Problems with the packaged files (empty list when all are intact).

    Checks each packaged file's size and sha256 (companions included) against the registry;
    with ``decompress`` also that it decompresses to the original's size and sha256.
    """
    problems: list[str] = []
    for ds in _registry():
        for entry in (ds.to_dict(), *ds.companions):
            problems += _problems(entry, ds.name, decompress)
    return problems
