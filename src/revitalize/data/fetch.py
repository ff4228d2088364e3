"""Download known public tables from pinned locations, verify them, cache them, import them.

The registry (``fetch_registry.csv``, shipped with the package) lists, per dataset:

``name``
    Dataset name (also the name it gets in the store).
``mirror_path``
    Path relative to a mirror laid out like the project's ``shared/data`` folder.
``sha256``, ``size``
    Checksum and size in bytes of the exact file; a download that differs is rejected.
``reader``, ``reader_options``
    Reader passed to :func:`revitalize.data.readers.read_any` on import, and its keywords as
    ``key=value`` pairs separated by ``;`` (e.g. ``blank_as_zero=true``; usually empty).
``upstream_url``
    Public raw URL pinned at a commit, when the exact bytes live upstream (the original
    provincial workbooks in ``common2016/CHNIO``, the energy panel's ``raw_data.csv``); empty
    for files the team converted (``.rda`` -> CSV), which only a mirror serves.
``source``
    Citation: original publisher, repository and commit.
``bundled``
    Name of the identical file in the package bundle (:mod:`revitalize.datasets`), or empty.

So the registry says for every dataset where an outside user gets it (:func:`availability`):
``upstream`` (a pinned public URL; the bundle may hold it too), ``bundle`` (no public copy of
the exact bytes, but the package ships them) or ``mirror`` (only a mirror laid out like the
project's ``shared/data`` serves it).

Where a file comes from: ``base_url + "/" + mirror_path`` when a base URL is given (argument,
CLI ``--base-url``, or env ``REVITALIZE_FETCH_BASE_URL``); else the package bundle when the
dataset is bundled (no network: the bundled bytes carry the same sha256, and a
:class:`~revitalize.errors.RevitalizeWarning` says the dataset needs no fetch); else
``upstream_url``; none of them is a :class:`~revitalize.errors.FetchError`. Verified downloads
are cached as ``<data_dir>/cache/<sha256>/<file name>`` (the original file name is kept so
readers can detect the format and the store records it) and reused without downloading again.
A bundled name (``prov_io_2017``) is accepted wherever a registry name is.
"""

from __future__ import annotations

import csv
import hashlib
import http.client
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

import pandas as pd

from revitalize import __version__
from revitalize.data.store import DatasetInfo, Store, default_data_dir, require_duckdb
from revitalize.errors import FetchError, InputError, RevitalizeWarning, UnknownLabelError
from revitalize.errors import warn as _warn

__all__ = [
    "ENV_BASE_URL",
    "RegistryEntry",
    "availability",
    "bundle_message",
    "download",
    "fetch",
    "load_registry",
    "parse_reader_options",
    "registry_entry",
    "registry_frame",
    "source_url",
]

ENV_BASE_URL = "REVITALIZE_FETCH_BASE_URL"
_REGISTRY_COLUMNS = ("name", "mirror_path", "sha256", "size", "reader", "reader_options",
                     "upstream_url", "source", "bundled")
_OPTIONAL = ("reader_options", "upstream_url", "bundled")
_MAY_BE_ABSENT = ("bundled",)  # registries written before the bundle existed lack the column
_KEY_RE = re.compile(r"^[A-Za-z_]\w*$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class RegistryEntry:
    """One downloadable dataset (see the module docstring for the fields)."""

    name: str
    mirror_path: str
    sha256: str
    size: int
    reader: str
    reader_options: str
    upstream_url: str
    source: str
    bundled: str = ""

    @property
    def file_name(self) -> str:
        """The file's name (last component of ``mirror_path``)."""
        return PurePosixPath(self.mirror_path).name

    @property
    def options(self) -> dict[str, object]:
        """``reader_options`` parsed (see :func:`parse_reader_options`)."""
        return parse_reader_options(self.reader_options.split(";"))


def _option_value(text: str) -> object:
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def parse_reader_options(items, *, file: object = None, row: object = None,
                         field: str = "reader_options") -> dict[str, object]:
    """Parse ``key=value`` strings into reader keywords (``true``/``false``, numbers, text).

    Empty items are skipped; a missing ``=`` or a key that is not an identifier raises
    :class:`~revitalize.errors.InputError` naming ``file``, ``row`` and ``field``.
    """
    options: dict[str, object] = {}
    for item in items:
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not _KEY_RE.match(key.strip()):
            raise InputError(f"bad reader option {item!r}", file=file, row=row, field=field,
                             expected="key=value with an identifier key, e.g. blank_as_zero=true")
        options[key.strip()] = _option_value(value)
    return options


def _registry_file() -> Path:
    return Path(str(resources.files("revitalize.data").joinpath("fetch_registry.csv")))


def _parse_row(row: dict, line: int, path: Path) -> RegistryEntry:
    for col in _REGISTRY_COLUMNS:
        if col not in _OPTIONAL and not (row.get(col) or "").strip():
            raise InputError("empty value", file=path, row=line, field=col)
    if not _SHA_RE.match(row["sha256"]):
        raise InputError(f"bad checksum {row['sha256']!r}", file=path, row=line, field="sha256",
                         expected="64 lower-case hex digits")
    if not row["size"].isdigit():
        raise InputError(f"bad size {row['size']!r}", file=path, row=line, field="size",
                         expected="a whole number of bytes")
    mirror = PurePosixPath(row["mirror_path"])
    if mirror.is_absolute() or ".." in mirror.parts:
        raise InputError(f"unsafe path {row['mirror_path']!r}", file=path, row=line,
                         field="mirror_path", expected="a relative path inside the mirror")
    parse_reader_options(row["reader_options"].split(";"), file=path, row=line)
    return RegistryEntry(**{**{c: (row.get(c) or "").strip() for c in _REGISTRY_COLUMNS},
                            "size": int(row["size"])})


def load_registry(path: str | Path | None = None) -> dict[str, RegistryEntry]:
    """Read the registry CSV (default: the one shipped with the package), keyed by name.

    Raises :class:`~revitalize.errors.InputError` naming the row and field of a malformed entry.
    """
    path = Path(path) if path is not None else _registry_file()
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _REGISTRY_COLUMNS
                   if c not in (reader.fieldnames or []) and c not in _MAY_BE_ABSENT]
        if missing:
            raise InputError(f"registry lacks columns {missing}", file=path, row=1,
                             expected=f"columns {list(_REGISTRY_COLUMNS)}")
        entries: dict[str, RegistryEntry] = {}
        for line, row in enumerate(reader, start=2):
            entry = _parse_row(row, line, path)
            if entry.name in entries:
                raise InputError(f"duplicate name {entry.name!r}", file=path, row=line,
                                 field="name", expected="unique dataset names")
            entries[entry.name] = entry
    return entries


def registry_frame(path: str | Path | None = None) -> pd.DataFrame:
    """The registry as a frame (one row per dataset, in file order)."""
    entries = load_registry(path)
    return pd.DataFrame([asdict(e) for e in entries.values()], columns=list(_REGISTRY_COLUMNS))


def _bundled(name: str):
    """The bundled dataset called (or aliased) ``name``, or ``None``."""
    from revitalize.data import bundle as datasets

    try:
        return datasets.get(name)
    except UnknownLabelError:
        return None


def registry_entry(name: str, path: str | Path | None = None) -> RegistryEntry:
    """The registry entry ``name``, or the entry of bundled dataset ``name`` (``prov_io_2017``).

    Raises
    ------
    FetchError
        ``name`` is a bundled dataset that the fetch registry does not list (no reader imports
        it into the store): the message says how to use it from the bundle.
    UnknownLabelError
        Neither a registry name nor a bundled one (the message lists the registry names).
    """
    entries = load_registry(path)
    if name in entries:
        return entries[name]
    ds = _bundled(name)
    if ds is not None:
        for entry in entries.values():
            if entry.bundled == ds.name:
                return entry
        raise FetchError(f"{name} is in the package bundle as {ds.name} and needs no fetch "
                         f"(it has no store reader yet): its file is "
                         f"revitalize.datasets.get({ds.name!r}).path()", field="name")
    raise UnknownLabelError(f"no dataset {name!r} in the fetch registry", field="name",
                            expected=f"one of {sorted(entries)} (see `revitalize data fetch "
                            "--list`) or a bundled dataset (revitalize.datasets.names())")


def availability(entry: RegistryEntry) -> str:
    """Where an outside user gets ``entry``: ``"upstream"``, ``"bundle"`` or ``"mirror"``."""
    if entry.upstream_url:
        return "upstream"
    return "bundle" if entry.bundled else "mirror"


def _offline_example(name: str) -> str:
    ds = _bundled(name)
    if ds is None or ds.kind == "panel" or ds.reader is None:
        return f"`revitalize.datasets.get({name!r}).load()` in Python"
    region = " --region Liaoning" if ds.kind == "io_collection" and name.startswith("prov") else ""
    return f"`revitalize io linkages {name}{region}`"


def bundle_message(entry: RegistryEntry) -> str:
    """What ``data fetch`` says about a dataset taken from the package bundle."""
    return (f"{entry.name} is already in the package bundle as {entry.bundled} (same bytes, "
            f"sha256 {entry.sha256[:12]}...): taken from there, no download. Bundled datasets "
            f"work offline with no fetch, e.g. {_offline_example(entry.bundled)}")


def _base_url(base_url: str | None) -> str | None:
    value = base_url if base_url is not None else os.environ.get(ENV_BASE_URL, "")
    return value.strip().rstrip("/") or None


def source_url(entry: RegistryEntry, base_url: str | None = None) -> str:
    """Where ``entry`` is downloaded from: the mirror when a base URL is set, else upstream."""
    base = _base_url(base_url)
    if base is not None:
        return base + "/" + urllib.parse.quote(entry.mirror_path)
    if entry.upstream_url:
        return entry.upstream_url
    if entry.bundled:
        raise FetchError(f"{entry.name}: no upstream URL is pinned for this file, and it needs "
                         f"none: it is in the package bundle as {entry.bundled}",
                         field="base_url", expected=f"the bundled dataset {entry.bundled} (no "
                         f"fetch), or --base-url URL / env {ENV_BASE_URL} for a mirror")
    raise FetchError(f"{entry.name}: no upstream URL is pinned for this file (it is a converted "
                     f"table only a mirror serves)", field="base_url",
                     expected=f"--base-url URL or env {ENV_BASE_URL} pointing at a mirror")


def _stream(url: str, out, entry: RegistryEntry, timeout: float) -> str:
    """Copy the response body of ``url`` into ``out``; return its sha256 (hex)."""
    request = urllib.request.Request(url, headers={"User-Agent": f"revitalize/{__version__}"})
    digest, n = hashlib.sha256(), 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        while block := response.read(_CHUNK):
            n += len(block)
            if n > entry.size:
                raise FetchError(f"download is larger than the registered {entry.size} bytes",
                                 file=url, expected=f"{entry.size} bytes, sha256 {entry.sha256}")
            digest.update(block)
            out.write(block)
    if n != entry.size:
        raise FetchError(f"download has {n} bytes", file=url,
                         expected=f"{entry.size} bytes (truncated transfer?)")
    return digest.hexdigest()


def _download_to(url: str, target: Path, entry: RegistryEntry, timeout: float) -> None:
    """Download ``url`` to ``target`` via a temporary file; nothing is left behind on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            got = _stream(url, out, entry, timeout)
        if got != entry.sha256:
            raise FetchError(f"checksum mismatch: got sha256 {got}", file=url,
                             expected=f"sha256 {entry.sha256} as registered for {entry.name}")
        os.replace(tmp, target)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}", file=url,
                         expected=f"the file {entry.mirror_path}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot connect: {exc.reason}", file=url,
                         expected="a reachable server") from exc
    except TimeoutError as exc:
        raise FetchError(f"timed out after {timeout:g} s", file=url) from exc
    except (OSError, http.client.HTTPException) as exc:  # connection reset, disk full, ...
        raise FetchError(f"download failed: {exc}", file=url) from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
        _remove_empty(target.parent)


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()  # only succeeds when empty: a failed first download leaves no folder
    except OSError:
        pass


def _cached(entry: RegistryEntry, cache_dir: Path) -> Path | None:
    """The verified cached copy of ``entry``, or ``None``; a corrupt copy is deleted (warned)."""
    path = cache_dir / entry.sha256 / entry.file_name
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() == entry.sha256:
        return path
    _warn(f"{path}: cached copy fails its checksum; deleted, downloading again",
                  RevitalizeWarning, stacklevel=3)
    path.unlink()
    return None


def download(name: str, *, data_dir: str | Path | None = None, base_url: str | None = None,
             timeout: float = 60.0) -> Path:
    """Download registry entry ``name`` (or reuse the verified cache); return the local path.

    Parameters
    ----------
    name
        Registry name (see :func:`registry_frame`).
    data_dir
        Store directory holding ``cache/``; default :func:`revitalize.data.store.default_data_dir`.
    base_url
        Mirror root URL (``http(s)://`` or ``file://``); default env ``REVITALIZE_FETCH_BASE_URL``,
        else the package bundle when the dataset is bundled (the bundle's own cache path is
        returned, verified, with a :class:`~revitalize.errors.RevitalizeWarning` saying so),
        else the pinned upstream URL.
    timeout
        Seconds to wait for the server at each network operation.

    Raises
    ------
    FetchError
        HTTP error, unreachable server, timeout, wrong size or checksum (the partial download is
        deleted), or no URL to fetch from.
    UnknownLabelError
        ``name`` is not in the registry.
    """
    entry = registry_entry(name)
    if entry.bundled and _base_url(base_url) is None:
        return _from_bundle(entry)
    cache_dir = Path(data_dir if data_dir is not None else default_data_dir()) / "cache"
    hit = _cached(entry, cache_dir)
    if hit is not None:
        return hit
    target = cache_dir / entry.sha256 / entry.file_name
    _download_to(source_url(entry, base_url), target, entry, timeout)
    return target


def _from_bundle(entry: RegistryEntry) -> Path:
    """The bundled copy of ``entry`` (verified against the registry's sha256 and size)."""
    from revitalize.data import bundle as datasets

    ds = datasets.get(entry.bundled)
    if (ds.sha256, ds.size) != (entry.sha256, entry.size):
        raise FetchError(f"bundled dataset {ds.name} is not the registered file",
                         file=ds.packaged, field="bundled",
                         expected=f"{entry.size} bytes with sha256 {entry.sha256}")
    path = ds.path()
    _warn(bundle_message(entry), RevitalizeWarning, stacklevel=3)
    return path


def fetch(name: str, *, data_dir: str | Path | None = None, base_url: str | None = None,
          dataset_name: str | None = None, replace: bool = False,
          timeout: float = 60.0) -> DatasetInfo:
    """Download (see :func:`download`) and import registry entry ``name`` into the store.

    A bundled dataset is imported from the bundle (no network) unless ``base_url`` (or the env
    variable) names a mirror. The dataset is stored as ``dataset_name`` (default: the registry
    name) with the entry's reader and reader options; a name clash raises
    :class:`~revitalize.errors.InputError` unless ``replace``.
    """
    entry = registry_entry(name)
    require_duckdb()  # the store extra: say so before a download, not after it
    store = Store(data_dir)
    path = download(name, data_dir=store.data_dir, base_url=base_url, timeout=timeout)
    return store.import_file(path, name=dataset_name or entry.name, reader=entry.reader,
                             replace=replace, reader_options=entry.options)
