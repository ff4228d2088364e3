"""Reading evaluation inputs: criteria specifications, decision matrices and subsystem indices.

The one parser every door uses (the CLI, the HTTP API and the Python tasks of
:mod:`revitalize.tasks.evaluate`).

Criteria specification (``criteria``):

* inline: ``"name:direction[:weight],..."``, e.g. ``"gdp:+:0.3,co2:-:0.2,rd:benefit:0.5"``;
  direction ``+``/``benefit`` (larger is better) or ``-``/``cost`` (smaller is better);
* a JSON list text ``[{"name": ..., "direction": ..., "weight": ...}, ...]``;
* or the path of a JSON/YAML file: a list of ``{name, direction, weight}`` records, or a mapping
  ``name: {direction: ..., weight: ...}`` (``name: direction`` when there is no weight).

Weights, when given, must be given for every criterion (or for none).

Decision matrix: a UTF-8 CSV, one row per alternative; the labels are in the column
``alternative`` if there is one (or the column named by ``id_column``), else in the first column;
the criteria are the columns named in the specification (other columns are ignored, with a
warning).

Subsystem indices (coupling): a UTF-8 CSV with a ``region`` column, optionally ``year``, and one
column per subsystem index in [0, 1].
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.safety import load_json, load_yaml

__all__ = ["CriterionSpec", "criteria_weights", "directions_of", "objective_weights",
           "parse_criteria", "parse_reference", "parse_subsystem_weights", "read_csv_text",
           "read_indices", "read_matrix", "require_utf8"]

_FILE_SUFFIXES = (".json", ".yaml", ".yml")


class CriterionSpec(NamedTuple):
    """A criterion: its name, direction (as given) and weight (None when not given)."""

    name: str
    direction: str
    weight: float | None


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InputError(f"weight {str(value)[:40]!r} is not a number", field=where,
                         expected="name:direction:weight with a numeric weight") from None


def _records(doc: Any, where: str) -> list[CriterionSpec]:
    if isinstance(doc, dict):
        doc = [{"name": k, **(v if isinstance(v, dict) else {"direction": v})}
               for k, v in doc.items()]
    if not isinstance(doc, list) or not all(isinstance(d, dict) for d in doc):
        raise InputError("criteria are neither a list of records nor a mapping", file=where,
                         field="criteria",
                         expected="[{name, direction, weight}, ...] or {name: {direction, weight}}")
    out = []
    for i, d in enumerate(doc, start=1):
        for key in ("name", "direction"):
            if key not in d:
                raise InputError(f"criterion record {i} lacks name or direction", file=where, row=i,
                                 field=f"criteria.{key}",
                                 expected="name and direction (weight optional)")
        out.append(CriterionSpec(str(d["name"]), str(d["direction"]),
                                 _number(d.get("weight"), f"criteria.{d['name']}")))
    return out


def _from_file(path: Path) -> list[CriterionSpec]:
    import yaml

    text = path.read_text(encoding="utf-8-sig")
    try:
        doc = (load_json(text, file=path.name, field="criteria") if path.suffix.lower() == ".json"
               else load_yaml(text, file=path.name))  # revitalize.safety: no aliases, bounded
    except (json.JSONDecodeError, yaml.YAMLError, LayoutError) as exc:
        raise InputError(f"cannot parse the criteria file ({' '.join(str(exc).split())[:200]})",
                         file=path.name, field="criteria", expected="JSON or YAML") from None
    return _records(doc, path.name)


def _inline(spec: str) -> list[CriterionSpec]:
    out = []
    for token in (t.strip() for t in spec.replace("，", ",").split(",")):
        parts = [p.strip() for p in token.split(":")]
        if not token or len(parts) not in (2, 3) or not parts[0]:
            raise InputError(f"criterion {token[:60]!r} is not name:direction[:weight]",
                             field="criteria", expected="e.g. 'gdp:+:0.3,co2:-:0.2'")
        out.append(CriterionSpec(parts[0], parts[1],
                                 _number(parts[2] if len(parts) == 3 else None,
                                         f"criteria.{parts[0]}")))
    return out


def parse_criteria(spec: str, *, open_file: Callable[[str], Path] | None = None
                   ) -> list[CriterionSpec]:
    """The criteria of ``spec`` (see the module docstring).

    ``open_file`` turns a file name into a readable path or refuses it (the catalog's
    :meth:`~revitalize.data.catalog.Catalog.local_file`); default: any existing file.
    """
    from revitalize.evaluate.validate import parse_direction

    text = str(spec).strip()
    if text.startswith("["):
        try:
            out = _records(load_json(text, field="criteria"), "criteria")
        except json.JSONDecodeError as exc:
            raise InputError(f"criteria is not valid JSON ({exc})", field="criteria",
                             expected="a JSON list of {name, direction, weight}") from None
    elif Path(text).suffix.lower() in _FILE_SUFFIXES:
        if open_file is not None:
            path = open_file(text)
        else:
            path = Path(text)
            if not path.is_file():
                raise InputError("criteria file not found", file=text, field="criteria",
                                 expected="an existing file")
        out = _from_file(path)
    else:
        out = _inline(text)
    for c in out:
        parse_direction(c.direction, c.name)
    names = [c.name for c in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if not out or dup:
        raise InputError(f"the criteria spec is empty or repeats {dup}", field="criteria",
                         expected="each criterion once")
    return out


def directions_of(criteria: list[CriterionSpec]) -> dict[str, str]:
    return {c.name: c.direction for c in criteria}


def criteria_weights(criteria: list[CriterionSpec]) -> dict[str, float] | None:
    """The weights given in the criteria (None when none is given; all or none)."""
    given = {c.name: c.weight for c in criteria if c.weight is not None}
    if not given:
        return None
    missing = [c.name for c in criteria if c.weight is None]
    if missing:
        raise InputError(f"weights given for some criteria but not for {missing}",
                         field="criteria", expected="a weight for every criterion or for none")
    return given


def objective_weights(matrix: pd.DataFrame, criteria: list[CriterionSpec], weighting: str
                      ) -> dict[str, float] | None:
    """Criterion weights by ``weighting``: ``spec`` (those of the criteria, or None),
    ``entropy``, ``critic`` (computed from the matrix) or ``equal``."""
    from revitalize.evaluate.weights import critic_weights, entropy_weights

    directions = directions_of(criteria)
    if weighting == "entropy":
        return entropy_weights(matrix, directions, name="matrix").weights.to_dict()
    if weighting == "critic":
        return critic_weights(matrix, directions, name="matrix").weights.to_dict()
    if weighting == "equal":
        return dict.fromkeys(matrix.columns, 1.0 / matrix.shape[1])
    return criteria_weights(criteria)


def require_utf8(path: str | Path) -> str:
    """The text of a UTF-8 file (a BOM is dropped); InputError naming the first bad byte."""
    path = Path(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         file=path.name, field="source",
                         expected="UTF-8 text (save as 'CSV UTF-8' or UTF-8 YAML/JSON)") from None


def read_csv_text(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """A UTF-8 CSV file (a BOM is dropped) as a frame; InputError naming the file otherwise."""
    path = Path(path)
    text = require_utf8(path)
    try:
        return pd.read_csv(io.StringIO(text), skipinitialspace=True, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"cannot read the CSV ({' '.join(str(exc).split())[:200]})",
                         file=path.name, field="source",
                         expected="a CSV with a header row") from None


def read_matrix(path: str | Path, criteria: list[CriterionSpec], id_column: str | None = None
                ) -> pd.DataFrame:
    """The decision matrix of ``path``: index = alternatives, columns = the criteria."""
    name = Path(path).name
    frame = read_csv_text(path)
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty or not len(frame.columns):
        raise InputError("the matrix is empty", file=name, field="source",
                         expected="a header row and rows")
    ident = id_column or ("alternative" if "alternative" in frame.columns else frame.columns[0])
    if ident not in frame.columns:
        raise UnknownLabelError(f"no column {ident!r}", file=name, field="id_column",
                                expected=f"one of {list(frame.columns)[:10]}")
    names = [c.name for c in criteria]
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise UnknownLabelError(f"criteria {missing} are not columns of the file", file=name,
                                field="criteria",
                                expected=f"columns among {list(frame.columns)[:12]}")
    ignored = [c for c in frame.columns if c != ident and c not in names]
    if ignored:
        _warn(f"{name}: columns {ignored[:8]} are not in the criteria and are ignored",
              DataQualityWarning, file=name, field="criteria")
    matrix = frame.set_index(frame[ident].astype(str).rename("alternative"))[names]
    matrix.columns.name = "criterion"
    return matrix


def read_indices(path: str | Path, subsystems: list[str] | None = None) -> pd.DataFrame:
    """Subsystem indices indexed by region (and year) from a CSV."""
    name = Path(path).name
    frame = read_csv_text(path, dtype={"region": str})
    if "region" not in frame.columns:
        raise InputError("no 'region' column", file=name, field="region",
                         expected="columns region, [year,] U1..Un")
    keys = ["region"] + (["year"] if "year" in frame.columns else [])
    frame = frame.set_index(keys)
    if not subsystems:
        return frame
    missing = [s for s in subsystems if s not in frame.columns]
    if missing:
        raise UnknownLabelError(f"subsystems {missing} are not columns of the file", file=name,
                                field="subsystems", expected=f"among {list(frame.columns)}")
    return frame[list(subsystems)]


def parse_reference(value: str) -> str | dict[str, float | None]:
    """GRA reference: ``ideal`` or raw values ``name:value,...``."""
    if value == "ideal":
        return "ideal"
    pairs = [p.split(":") for p in value.split(",")]
    if not all(len(p) == 2 for p in pairs):
        raise InputError(f"reference {value[:60]!r} is not 'ideal' or name:value,...",
                         field="reference", expected="e.g. 'gdp:120,co2:0.5'")
    return {k.strip(): _number(v.strip(), f"reference.{k.strip()}") for k, v in pairs}


def parse_subsystem_weights(value: str | None):
    """Coupling weights ``U1:0.5,U2:0.5`` (by name) or ``0.5,0.5`` (in order); None = equal."""
    if value is None:
        return None
    items = [p.strip() for p in value.split(",")]
    if all(":" in p for p in items):
        return {k.strip(): _number(v.strip(), "weights") for k, v in
                (p.split(":", 1) for p in items)}
    return [_number(p, "weights") for p in items]
