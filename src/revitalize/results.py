"""Result objects and provenance shared by every method family.

Every computation returns a small frozen dataclass with

* ``table`` -- the main labelled :class:`pandas.DataFrame`;
* ``extra`` -- named intermediates (matrices, ideal points...);
* ``meta``  -- the method, every convention chosen (by name), the inputs' provenance and the
  package version.

``to_frame()`` gives the table; ``to_json_dict()`` gives the CLI/HTTP shape
``{"meta": {...}, "table": [{record}, ...]}``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Provenance", "Result", "build_meta", "jsonable", "sha256_of"]


def sha256_of(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Where a set of numbers comes from.

    Attributes
    ----------
    source
        Human-readable source: publisher, table, document title.
    file
        Original file name (not the full local path) or dataset name.
    sha256
        Checksum of the file as read, when read from a file.
    reader
        Name of the reader that parsed it (e.g. ``"nbs_national_csv"``).
    retrieved
        ISO timestamp of reading/importing.
    notes
        Caveats that travel with the data (e.g. "first-release GDP vintage").
    """

    source: str
    file: str | None = None
    sha256: str | None = None
    reader: str | None = None
    retrieved: str | None = None
    notes: tuple[str, ...] = ()

    @classmethod
    def from_file(cls, path: str | Path, *, source: str, reader: str, notes=()) -> Provenance:
        p = Path(path)
        return cls(
            source=source,
            file=p.name,
            sha256=sha256_of(p),
            reader=reader,
            retrieved=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            notes=tuple(notes),
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["notes"] = list(self.notes)
        return d


def build_meta(
    method: str,
    *,
    conventions: Mapping[str, Any] | None = None,
    provenance: Provenance | list[Provenance] | tuple[Provenance, ...] | None = None,
    **extra: Any,
) -> Mapping[str, Any]:
    """Assemble the ``meta`` mapping every result carries (read-only)."""
    from revitalize import __version__

    if provenance is None:
        provs: list[dict] = []
    elif isinstance(provenance, Provenance):
        provs = [provenance.to_dict()]
    else:
        provs = [p.to_dict() for p in provenance]
    meta = {
        "method": method,
        "conventions": dict(conventions or {}),
        "provenance": provs,
        "package": "revitalize",
        "version": __version__,
    }
    meta.update(extra)
    return MappingProxyType(meta)


def jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers into plain JSON types (NaN -> None)."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, _dt.date)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


@dataclass(frozen=True)
class Result:
    """Base result: a labelled table, named intermediates and meta.

    Subclasses add typed fields; they stay frozen. ``table`` is never mutated after creation
    (callers get copies from :meth:`to_frame`).
    """

    table: pd.DataFrame
    meta: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The main table, as a copy."""
        return self.table.copy()

    def records(self) -> list[dict[str, Any]]:
        """The table as JSON-ready records (index reset into columns when it is named)."""
        frame = self.table
        if any(name is not None for name in frame.index.names):
            frame = frame.reset_index()
        return [jsonable(r) for r in frame.to_dict(orient="records")]

    def to_json_dict(self) -> dict[str, Any]:
        """``{"meta": {...}, "table": [records]}`` -- the CLI and HTTP JSON shape."""
        return {"meta": jsonable(dict(self.meta)), "table": self.records()}

    def summary(self) -> str:
        """A short plain-text description: method, conventions, size."""
        conv = ", ".join(f"{k}={v}" for k, v in dict(self.meta.get("conventions", {})).items())
        rows, cols = self.table.shape
        return f"{self.meta.get('method', type(self).__name__)} [{conv}] -- {rows} rows x {cols} columns"
