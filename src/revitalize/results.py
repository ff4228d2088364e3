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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Provenance", "Result", "build_meta", "jsonable", "sha256_of", "summary_without_rows",
           "unique_provenance"]


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


def unique_provenance(records) -> list:
    """``records`` (:class:`Provenance` objects or their dicts) with one record per data
    source: the first of those that differ only in when they were read (``retrieved``), so a
    result does not list a file twice because two reads fell in different seconds."""
    seen, out = set(), []
    for r in records:
        d = r.to_dict() if isinstance(r, Provenance) else dict(r)
        key = repr(sorted((k, v) for k, v in d.items() if k != "retrieved"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


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
    (callers get copies from :meth:`to_frame`). ``repr`` is one line (class, method, shape,
    region and year); in a notebook ``_repr_html_`` shows the header, the statistics and the
    first rows; :meth:`summary` is the statsmodels-like text table.
    """

    table: pd.DataFrame
    meta: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # ``@dataclass`` writes a field-by-field __repr__ (the whole table) on every subclass
        # unless the class already defines one: give each subclass the short one first.
        super().__init_subclass__(**kwargs)
        if "__repr__" not in cls.__dict__:
            cls.__repr__ = Result.__repr__  # type: ignore[method-assign]

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

    # ------------------------------------------------------------------ display
    def summary(self) -> str:
        """A statsmodels-like text table (:data:`SUMMARY_WIDTH` characters wide).

        First line ``method [conventions] -- rows x columns``; then the header (result class,
        region, year, unit, source file, package version), the conventions (``*_meaning``
        explanations left to ``meta``), the statistics found in ``meta`` (scalars such as GM(1,1)
        ``a, b, C, P, grade`` or AHP ``lambda_max, ci, cr``; per-series parameters and model
        scores as small tables), the counts of each class of a categorical column (e.g. key
        sectors) and the first rows of the table.
        """
        return _summary_text(self)

    def summary_statistics(self) -> dict[str, Any]:
        """The scalar statistics of ``meta`` shown by :meth:`summary` (name -> value)."""
        return dict(_statistics(self.meta)[0])

    def __repr__(self) -> str:
        rows, cols = self.table.shape
        where = " ".join(str(self.meta[k]) for k in ("region", "year", "series")
                         if isinstance(self.meta.get(k), (str, int)) and self.meta.get(k) != "")
        extra = f"; extra: {', '.join(map(str, self.extra))}" if self.extra else ""
        return (f"<{type(self).__name__} {self.meta.get('method', '?')}"
                f"{' ' + where if where else ''}: {rows} rows x {cols} columns{extra}>")

    def _repr_html_(self) -> str:
        """Notebook view: header, statistics and the first :data:`HTML_ROWS` rows."""
        return _summary_html(self)


#: width of :meth:`Result.summary`
SUMMARY_WIDTH = 78
#: table rows shown by :meth:`Result.summary` and ``_repr_html_``
SUMMARY_ROWS = 8
HTML_ROWS = 10
_PREVIEW_ROWS: ContextVar[bool] = ContextVar("summary_preview_rows", default=True)


@contextmanager
def summary_without_rows() -> Iterator[None]:
    """Within this block :meth:`Result.summary` leaves out its preview of the table's first
    rows (the CLI prints the whole table just before the summary)."""
    token = _PREVIEW_ROWS.set(False)
    try:
        yield
    finally:
        _PREVIEW_ROWS.reset(token)

_HEADER_META = ("region", "year", "unit", "series", "model")
_SKIP_META = {"method", "conventions", "provenance", "package", "version", "request", "warnings",
              "input", "analysis", *_HEADER_META}


def _short(value: Any, width: int = 40) -> str:
    """A value in at most ``width`` characters (numbers with 6 significant digits)."""
    if isinstance(value, (bool, np.bool_)):
        text = str(bool(value))
    elif isinstance(value, (int, np.integer)):
        text = f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    elif isinstance(value, (float, np.floating)):
        text = "nan" if math.isnan(value) else f"{float(value):.6g}"
    elif value is None:
        text = "--"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(_short(v, width) for v in value)
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, np.generic))


def _statistics(meta: Mapping[str, Any]) -> tuple[list[tuple[str, Any]], dict[str, pd.DataFrame]]:
    """Scalars of ``meta`` (small dicts of scalars flattened as ``key.sub``) and sub-tables
    (dicts of dicts such as per-series parameters; lists of records such as model scores)."""
    items: list[tuple[str, Any]] = []
    tables: dict[str, pd.DataFrame] = {}
    for key, value in meta.items():
        if key in _SKIP_META:
            continue
        if _is_scalar(value):
            items.append((key, value))
        elif isinstance(value, Mapping) and value and all(_is_scalar(v) for v in value.values()):
            if len(value) <= 8:
                items.extend((f"{key}.{k}", v) for k, v in value.items())
        elif isinstance(value, Mapping) and value and all(isinstance(v, Mapping)
                                                          for v in value.values()):
            sub = _nested_table(value)
            if sub is not None:
                tables[key] = sub
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Mapping)
                                                                 for v in value):
            frame = pd.DataFrame([{k: v for k, v in r.items() if _is_scalar(v)} for r in value])
            if not frame.empty:
                tables[key] = frame
    return items, tables


def _nested_table(value: Mapping[str, Mapping]) -> pd.DataFrame | None:
    """Rows = outer keys, columns = the scalar entries of each (e.g. parameters per series);
    an ``auto`` entry contributes the chosen model."""
    rows = {}
    for name, inner in value.items():
        row = {k: v for k, v in inner.items() if _is_scalar(v)}
        auto = inner.get("auto")
        if isinstance(auto, Mapping) and "chosen" in auto:
            row["chosen"] = auto["chosen"]
        rows[str(name)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    return None if frame.empty or frame.shape[1] == 0 else frame


def _sources(meta: Mapping[str, Any]) -> str:
    provs = meta.get("provenance") or []
    names = [p.get("file") or p.get("source") for p in provs if isinstance(p, Mapping)]
    names = list(dict.fromkeys(n for n in names if n))
    return ", ".join(names) if names else "--"


def _header(result: Result) -> list[tuple[str, str]]:
    meta = result.meta
    rows, cols = result.table.shape
    pairs = [("Result", type(result).__name__), ("Method", _short(meta.get("method", "--")))]
    pairs += [(k.capitalize(), _short(meta[k])) for k in _HEADER_META
              if k in meta and _is_scalar(meta[k])]
    pairs += [("Table", f"{rows} rows x {cols} columns"), ("Source", _short(_sources(meta), 60)),
              ("Version", f"{meta.get('package', 'revitalize')} {meta.get('version', '')}".strip())]
    return pairs


def _two_columns(pairs: list[tuple[str, str]], width: int) -> list[str]:
    """statsmodels' header layout: ``Name: value`` pairs, two per line when they fit."""
    half = width // 2
    lines, i = [], 0
    while i < len(pairs):
        left = f"{pairs[i][0] + ':':<14}{pairs[i][1]}"
        if i + 1 < len(pairs) and len(left) < half and len(pairs[i + 1][1]) < half - 15:
            right = f"{pairs[i + 1][0] + ':':<14}{pairs[i + 1][1]}"
            lines.append(f"{left:<{half}}{right}")
            i += 2
        else:
            lines.append(left[:width])
            i += 1
    return lines


def _frame_text(frame: pd.DataFrame, width: int, rows: int) -> list[str]:
    shown = frame.head(rows)
    with pd.option_context("display.width", width, "display.max_columns", 12,
                           "display.max_colwidth", 24):
        text = shown.to_string(line_width=width, max_colwidth=24,
                               float_format=lambda v: f"{v:.4g}")
    more = [f"... {len(frame) - rows} more rows"] if len(frame) > rows else []
    return text.splitlines() + more


def _categories(table: pd.DataFrame) -> list[tuple[str, str]]:
    """Counts of each class in the categorical columns (few distinct values, e.g. key sectors)."""
    out = []
    for col in table.columns:
        values = table[col]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)
                or isinstance(values.dtype, pd.CategoricalDtype)) or len(values) < 4:
            continue
        counts = values.dropna().astype(str).value_counts()
        counts = counts[counts.index != ""]
        if 1 < len(counts) <= 8 and len(counts) < len(values) / 2:
            out.append((str(col), ", ".join(f"{k} {v}" for k, v in counts.items())))
    return out


def _preview(table: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """What the summary shows of the table: forecasts (not the observed years) of a long
    forecast table, by series and period; rows in rank order when there is a ``rank``."""
    if {"kind", "period", "value"} <= set(table.columns) and (table["kind"] == "forecast").any():
        part = table[table["kind"].isin(("forecast", "lower", "upper"))]
        keys = [c for c in ("series", "period") if c in part.columns]
        wide = part.pivot_table(index=keys, columns="kind", values="value", aggfunc="first")
        return "Forecasts", wide[[c for c in ("forecast", "lower", "upper") if c in wide]]
    if "rank" in table.columns and pd.api.types.is_numeric_dtype(table["rank"]):
        return "Table by rank", table.sort_values("rank", kind="stable")
    return "Table", table


def _summary_text(result: Result, width: int = SUMMARY_WIDTH) -> str:
    meta = result.meta
    conventions = dict(meta.get("conventions", {}))
    rows, cols = result.table.shape
    conv = ", ".join(f"{k}={v}" for k, v in conventions.items())
    title = f"{meta.get('method', type(result).__name__)} [{conv}] -- {rows} rows x {cols} columns"
    heavy, light = "=" * width, "-" * width
    lines = [_short(title, width), heavy, *_two_columns(_header(result), width)]
    shown = [(k, v) for k, v in conventions.items() if not str(k).endswith("_meaning")]
    if shown:
        lines += [light, "Conventions"]
        lines += [f"  {str(k) + ':':<26}{_short(v, width - 28)}" for k, v in shown]
    items, tables = _statistics(meta)
    if items:
        lines += [light, "Statistics"]
        lines += [f"  {str(k) + ':':<26} {_short(v, width - 29)}" for k, v in items]
    for name, frame in tables.items():
        lines += [light, name]
        lines += ["  " + line for line in _frame_text(frame, width - 2, 12)]
    cats = _categories(result.table)
    if cats:
        lines += [light, "Classes"]
        lines += [f"  {k + ':':<26}{_short(v, width - 28)}" for k, v in cats]
    if rows and cols and _PREVIEW_ROWS.get():
        name, frame = _preview(result.table)
        lines += [light, f"{name} (first {min(len(frame), SUMMARY_ROWS)} of {len(frame)} rows)"]
        lines += _frame_text(frame, width, SUMMARY_ROWS)
    lines.append(heavy)
    return "\n".join(lines)


def _summary_html(result: Result) -> str:
    import html

    def rows_html(pairs) -> str:
        return "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
                       f"<td style='text-align:left'>{html.escape(_short(v, 80))}</td></tr>"
                       for k, v in pairs)

    meta = result.meta
    items, tables = _statistics(meta)
    conventions = [(k, v) for k, v in dict(meta.get("conventions", {})).items()
                   if not str(k).endswith("_meaning")]
    parts = [f"<div class='revitalize-result'><strong>{html.escape(type(result).__name__)}</strong>"
             f" <code>{html.escape(str(meta.get('method', '')))}</code>",
             f"<table>{rows_html(_header(result)[1:])}</table>"]
    if conventions:
        parts.append(f"<details><summary>Conventions ({len(conventions)})</summary>"
                     f"<table>{rows_html(conventions)}</table></details>")
    if items:
        parts.append(f"<details open><summary>Statistics</summary><table>{rows_html(items)}"
                     "</table></details>")
    for name, frame in tables.items():
        parts.append(f"<details><summary>{html.escape(name)}</summary>"
                     f"{frame.head(20).to_html(float_format=lambda v: f'{v:.4g}')}</details>")
    n = len(result.table)
    parts.append(result.table.head(HTML_ROWS).to_html(float_format=lambda v: f"{v:.4g}"))
    if n > HTML_ROWS:
        parts.append(f"<p>{n - HTML_ROWS} more rows: <code>.to_frame()</code></p>")
    parts.append("</div>")
    return "".join(parts)
