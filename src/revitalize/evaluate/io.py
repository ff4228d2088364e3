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

Judgment-matrix workbook (yaahp export style; :func:`read_matrix_workbook`, used by the AHP
readers when a workbook has no ``Structure`` sheet of the package's own questionnaire): on each
sheet, one or more blocks of non-blank rows separated by blank rows (or one block per sheet).
A block is a plain pairwise matrix: the compared elements along its first row and down its
first column (same names, same order), judgments ``a_ij`` (row over column) as numbers or
fraction text (``1/3``) in the upper triangle or in the full matrix; the top-left cell may name
the element the block decomposes (e.g. the goal, or a criterion for its sub-criteria); lines of
a single cell above the header (e.g. yaahp's consistency line) are kept as notes; columns past
the ``n`` compared elements (e.g. yaahp's ``Wi`` weights) are ignored with a warning. A lower-
triangle judgment that is not the reciprocal of its mirror (``|a_ij a_ji - 1| > tol``) is
refused naming its cell (sheet, row, column). Several blocks form a hierarchy through their
top-left names: each names an element of another block, except the top one.
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

__all__ = ["CriterionSpec", "MatrixBlock", "criteria_weights", "directions_of",
           "matrix_blocks", "objective_weights", "parse_criteria", "parse_reference",
           "parse_subsystem_weights", "read_csv_text", "read_indices", "read_matrix",
           "read_matrix_workbook", "require_utf8"]

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


# ---------------------------------------------------------------------------- matrix workbook
class MatrixBlock(NamedTuple):
    """One pairwise matrix found on a sheet (:func:`matrix_blocks`)."""

    sheet: str
    name: str  # the top-left cell ('' when blank)
    labels: list[str]
    cells: list[list[Any]]  # n x n raw cell values, row-major
    refs: list[list[str]]  # "Sheet 'S'!C4" of each cell
    notes: list[str]  # single-cell lines above the header
    corner: str  # the reference of the top-left cell


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _ref(sheet: str, r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"Sheet '{sheet}'!{get_column_letter(c + 1)}{r + 1}"


def _groups(grid: list[list[Any]]) -> list[list[int]]:
    """Runs of non-blank rows (row indices), blank rows separating them."""
    out: list[list[int]] = []
    run: list[int] = []
    for r, row in enumerate(grid):
        if all(_blank(v) for v in row):
            if run:
                out.append(run)
            run = []
        else:
            run.append(r)
    return out + ([run] if run else [])


def _block(sheet: str, grid: list[list[Any]], rows: list[int], path: Path) -> MatrixBlock | None:
    notes = []

    def filled(r: int) -> int:
        return sum(not _blank(v) for v in grid[r])

    while len(rows) > 1 and filled(rows[0]) == 1 and any(filled(r) > 1 for r in rows[1:]):
        notes.append(" ".join(str(next(v for v in grid[rows[0]] if not _blank(v))).split()))
        rows = rows[1:]
    if len(rows) < 2:  # a lone line (a title, a note): not a matrix
        return None
    c0 = min(next(c for c, v in enumerate(grid[r]) if not _blank(v)) for r in rows[1:])
    body = rows[1:]

    def text(r: int, c: int) -> str:
        v = grid[r][c] if c < len(grid[r]) else None
        return "" if _blank(v) else " ".join(str(v).split())

    labels = [text(r, c0) for r in body]
    names = [text(rows[0], c) for c in range(c0 + 1, max(len(grid[r]) for r in rows))]
    n = _size(labels, names, sheet, rows[0], c0, path)
    labels, body = labels[:n], body[:n]
    _warn_ignored(grid, rows, c0, n, sheet, path)
    cells = [[grid[r][c] if c < len(grid[r]) else None for c in range(c0 + 1, c0 + 1 + n)]
             for r in body]
    refs = [[_ref(sheet, r, c) for c in range(c0 + 1, c0 + 1 + n)] for r in body]
    return MatrixBlock(sheet, text(rows[0], c0), labels, cells, refs, notes,
                       _ref(sheet, rows[0], c0))


def _size(labels: list[str], names: list[str], sheet: str, top: int, c0: int,
          path: Path) -> int:
    """``n``: the row names that run along the header in the same order. Rows or columns past
    them (computed weights, ``Wi``, column sums) end the matrix; a name left on both sides past
    that point (a typo or a reordering), or fewer than two elements, is a broken matrix,
    refused naming the header cell."""
    n = 0
    while n < min(len(labels), len(names)) and labels[n] and labels[n] == names[n]:
        n += 1
    rest = {x for x in labels[n:] if x} & {x for x in names[n:] if x}
    if n < min(2, len([x for x in labels if x])) or rest:
        got = names[n] if n < len(names) else ""
        raise LayoutError(f"column header {got!r} differs from row name "
                          f"{labels[n] if n < len(labels) else ''!r}", file=path.name,
                          field=_ref(sheet, top, c0 + 1 + n),
                          expected=f"the row names {[x for x in labels if x][:6]} in the same "
                                   "order along the first row (a square n x n matrix)")
    return n


def _warn_ignored(grid: list[list[Any]], rows: list[int], c0: int, n: int, sheet: str,
                  path: Path) -> None:
    """Warn (never drop silently) about the cells of a block past its n x n matrix."""
    width = max(len(grid[r]) for r in rows)
    cols = [c for c in range(c0 + 1 + n, width)
            if any(c < len(grid[r]) and not _blank(grid[r][c]) for r in rows)]
    below = [r for r in rows[1 + n:] if any(not _blank(v) for v in grid[r])]
    where = ([_ref(sheet, rows[0], cols[0]) + " onwards (columns)"] if cols else []) + (
        [_ref(sheet, below[0], c0) + " onwards (rows)"] if below else [])
    if where:
        heads = [str(grid[rows[0]][c]) for c in cols if not _blank(grid[rows[0]][c])]
        heads += [str(grid[r][c0]) for r in below if not _blank(grid[r][c0])]
        _warn(f"{path.name}: {' and '.join(where)} {heads[:4] or ''} lie past the {n} x {n} "
              "matrix and are ignored", DataQualityWarning, file=path.name,
              field=where[0].split(" ")[0])


def matrix_blocks(wb: Any, path: str | Path) -> list[MatrixBlock]:
    """Every pairwise-matrix block of an openpyxl workbook (module docstring), sheet by sheet."""
    path = Path(path)
    out = []
    for ws in wb.worksheets:
        grid = [list(row) for row in ws.iter_rows(values_only=True)]
        for rows in _groups(grid):
            block = _block(ws.title, grid, rows, path)
            if block is not None:
                out.append(block)
    return out


def _judgments(block: MatrixBlock, path: Path, parse: Callable[..., float | None],
               tol: float) -> Any:
    """The block's numbers: upper triangle or full matrix; reciprocals checked cell by cell."""
    import numpy as np

    n = len(block.labels)
    raw = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            x = parse(block.cells[i][j], where=path.name, field=block.refs[i][j])
            if x is not None and not (1 / (9 * (1 + tol)) <= x <= 9 * (1 + tol)):
                raise InputError(f"judgment {block.cells[i][j]!r} is off the 1-9 scale",
                                 file=path.name, field=block.refs[i][j],
                                 expected="1-9 or 1/2..1/9")
            raw[i, j] = np.nan if x is None else x
    a = np.eye(n)
    for i in range(n):
        if not np.isnan(raw[i, i]) and abs(raw[i, i] - 1) > 1e-9:
            raise InputError(f"diagonal judgment {raw[i, i]:g}", file=path.name,
                             field=block.refs[i][i], expected="1 (or empty)")
        for j in range(i + 1, n):
            up, low = raw[i, j], raw[j, i]
            if np.isnan(up) and np.isnan(low):
                raise InputError(f"empty judgment: {block.labels[i]} vs {block.labels[j]}",
                                 file=path.name, field=block.refs[i][j],
                                 expected="1-9 or 1/2..1/9 (upper triangle or full matrix)")
            if not np.isnan(up) and not np.isnan(low) and abs(up * low - 1) > tol:
                raise InputError(
                    f"a({block.labels[j]}, {block.labels[i]}) = {block.cells[j][i]} is not the "
                    f"reciprocal of a({block.labels[i]}, {block.labels[j]}) = "
                    f"{block.cells[i][j]} ({block.refs[i][j]})", file=path.name,
                    field=block.refs[j][i],
                    expected=f"empty or 1/{up:g} = {1 / up:.4g} (a_ji = 1/a_ij within {tol:g})")
            a[i, j] = up if not np.isnan(up) else 1 / low
            a[j, i] = 1 / a[i, j]
    return a


def read_matrix_workbook(wb: Any, path: str | Path, *, parse: Callable[..., float | None],
                         tol: float) -> tuple[Any, dict[str, Any]]:
    """A workbook of plain pairwise matrices (module docstring) as an AHP hierarchy.

    ``parse(value, where=, field=)`` reads one judgment cell (the AHP readers pass
    :func:`revitalize.evaluate.ahp_io.parse_judgment`), ``tol`` the reciprocal tolerance.
    Returns the :class:`~revitalize.evaluate.ahp_hierarchy.Hierarchy` (one block: the goal over
    its elements) and ``{"expert": None, "notes": ...}``.
    """
    from revitalize.evaluate.ahp_hierarchy import Hierarchy

    path = Path(path)
    blocks = matrix_blocks(wb, path)
    if not blocks:
        raise LayoutError("no 'Structure' sheet and no n x n judgment matrix", file=path.name,
                          field="sheets",
                          expected="a questionnaire written by 'evaluate ahp-questionnaire', or "
                                   "pairwise matrices with the elements' names along the first "
                                   "row and down the first column")
    per_sheet = {b.sheet: sum(c.sheet == b.sheet for c in blocks) for b in blocks}
    named = [b._replace(name=b.name or (b.sheet if per_sheet[b.sheet] == 1 else "")) for b in blocks]
    notes = "; ".join(n for b in named for n in b.notes)
    meta: dict[str, Any] = {"expert": None, **({"notes": notes} if notes else {})}
    matrices = [_judgments(b, path, parse, tol) for b in named]
    if len(named) == 1:
        return Hierarchy(named[0].name or "goal", named[0].labels, matrix=matrices[0]), meta
    by_name: dict[str, int] = {}
    for k, b in enumerate(named):
        if not b.name or b.name in by_name:
            raise LayoutError(f"{len(named)} matrices; the one at {b.refs[0][0]} is "
                              f"{'unnamed' if not b.name else 'named ' + repr(b.name) + ' twice'}",
                              file=path.name, field=b.corner,
                              expected="each matrix named in its top-left cell after the "
                                       "element it decomposes (the goal for the top one)")
        by_name[b.name] = k
    elements = {lab for b in named for lab in b.labels}
    tops = [b.name for b in named if b.name not in elements]
    if len(tops) != 1:
        raise LayoutError(f"{len(named)} matrices with {len(tops)} top matrices {tops[:5]}",
                          file=path.name, field="top-left cells",
                          expected="one top matrix; every other matrix named after an element "
                                   "of another matrix (its top-left cell)")
    seen: set[str] = set()

    def build(name: str) -> Hierarchy:
        if name in seen:
            raise LayoutError(f"matrix {name!r} is reached twice", file=path.name,
                              field=named[by_name[name]].corner,
                              expected="a tree: each matrix under one element")
        seen.add(name)
        k = by_name[name]
        kids = [build(c) if c in by_name else c for c in named[k].labels]
        return Hierarchy(name, kids, matrix=matrices[k])

    return build(tops[0]), meta
