"""AHP judgments from YAML/JSON files and Excel questionnaires, and evaluation of such files.

File formats (YAML or JSON; ``.yaml``/``.yml``/``.json``). A judgment is a number or a fraction
string (``"1/3"``; unquoted ``1/3`` in YAML is such a string); entries below the diagonal may
be ``null``, meaning the reciprocal of the mirrored entry. Optional keys everywhere at the top:
``source`` (citation, kept in the provenance), ``description``, ``notes``.

* one matrix::

      criteria: [economy, society, environment]
      matrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]

* a group (several experts, same criteria)::

      criteria: [economy, society, environment]
      experts:
        - {name: A, weight: 0.6, matrix: [[...]]}     # weight optional (default equal)
        - {name: B, weight: 0.4, matrix: [[...]]}

* a hierarchy: ``goal`` with ``matrix`` (or ``experts``) over its ``children``; each child is a
  leaf name or a node ``{name, matrix | experts, children}``, to any depth (see
  :mod:`revitalize.evaluate.ahp_hierarchy`).

Excel questionnaire (:func:`write_questionnaire`, read back by :func:`read_questionnaire`), the
way yaahp users work: a ``说明 Instructions`` sheet (the 1-9 scale), a ``Structure`` sheet
(``B1`` the expert's name; below, one row per node: node, parent, sheet) and one sheet per
comparison matrix -- node name in ``A1``, the compared elements along row 1 and column A, the
upper triangle (yellow, text cells with a drop-down of 9..1..1/9) to fill: how much more
important the ROW element is than the COLUMN element. Reading validates every cell and names it
in errors (``Sheet 'Criteria'!C4``); the lower triangle may stay empty (reciprocals are implied)
or must hold the reciprocals.

:func:`ahp_from_files` evaluates one file, or several single-expert files (one per expert, same
structure) as a group; a one-level file gives an :class:`~revitalize.evaluate.ahp.AHPResult`
(or group result), a deeper one a :class:`~revitalize.evaluate.ahp_hierarchy.HierarchyResult`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from revitalize.errors import InputError, LayoutError
from revitalize.evaluate.ahp import RECIPROCAL_TOL, ahp, format_judgment
from revitalize.evaluate.ahp_hierarchy import Hierarchy, hierarchy_weights
from revitalize.results import Provenance, Result

__all__ = ["ahp_from_files", "load_judgments", "parse_judgment", "read_questionnaire",
           "write_questionnaire"]

_TOP_KEYS = {"criteria", "matrix", "experts", "goal", "name", "children", "expert_weights",
             "source", "description", "notes"}
_META_KEYS = {"source", "description", "notes"}
_FRACTION = re.compile(r"^=?\s*(\d+(?:\.\d*)?|\.\d+)\s*(?:[/／]\s*(\d+(?:\.\d*)?|\.\d+))?\s*$")
SCALE_LIST = "9,8,7,6,5,4,3,2,1,1/2,1/3,1/4,1/5,1/6,1/7,1/8,1/9"
STRUCTURE = "Structure"
INSTRUCTIONS = "说明 Instructions"


# ---------------------------------------------------------------------------- judgments
def parse_judgment(value: Any, *, where: str, field: str) -> float | None:
    """A judgment as a float: numbers, ``"3"``, ``"1/3"``, ``"=1/3"``; None for empty.

    Raises
    ------
    InputError
        Text that is not a number or fraction, booleans, dates (Excel turns a typed ``1/3`` into
        a date when the cell is not text) -- naming ``where``/``field``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(f"judgment {value!r} is not a number", file=where, field=field,
                         expected="a number 1-9 or a fraction 1/2..1/9")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        raise InputError(f"the cell holds a date ({value}), probably a fraction typed into a "
                         "non-text cell", file=where, field=field,
                         expected="a number, or a fraction typed as text (1/3) or formula =1/3")
    m = _FRACTION.match(str(value).strip())
    if not m:
        raise InputError(f"cannot read judgment {value!r}", file=where, field=field,
                         expected="a number 1-9 or a fraction such as 1/3")
    num, den = float(m.group(1)), float(m.group(2)) if m.group(2) else 1.0
    if den == 0:
        raise InputError(f"judgment {value!r} divides by zero", file=where, field=field,
                         expected="a fraction 1/2..1/9")
    return num / den


def _parse_matrix(raw: Any, where: str, size: int | None = None) -> np.ndarray:
    """A nested list of judgments -> float array; ``null`` below the diagonal = reciprocal."""
    if not isinstance(raw, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in raw):
        raise InputError("the matrix is not a list of rows", file=where, field="matrix",
                         expected="[[a11, a12, ...], [a21, ...], ...]")
    n = len(raw)
    if size is not None and n != size:
        raise InputError(f"the matrix has {n} rows for {size} elements", file=where,
                         field="matrix", expected=f"{size} rows of {size} judgments")
    a = np.full((n, n), np.nan)
    for i, row in enumerate(raw):
        if len(row) != n:
            raise InputError(f"row {i + 1} of the matrix has {len(row)} entries", file=where,
                             field="matrix", expected=f"{n} entries per row (a square matrix)")
        for j, v in enumerate(row):
            x = parse_judgment(v, where=where, field=f"matrix row {i + 1}, column {j + 1}")
            a[i, j] = np.nan if x is None else x
    for i, j in zip(*np.nonzero(np.isnan(a))):
        if i > j and not np.isnan(a[j, i]) and a[j, i] != 0:
            a[i, j] = 1.0 / a[j, i]
        elif i == j:
            a[i, j] = 1.0
    return a  # remaining NaN (upper triangle left empty) are reported by the validation


def _node_from_dict(data: Any, where: str) -> Any:
    """Parse the matrices of a node dictionary (recursively) into arrays, in place of lists."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    kids = out.get("children") or out.get("criteria") or []
    n = len(kids)
    label = out.get("name", out.get("goal", "goal"))
    if out.get("matrix") is not None:
        out["matrix"] = _parse_matrix(out["matrix"], f"{where}: node {label}", n or None)
    if isinstance(out.get("experts"), list):
        out["experts"] = [{**e, "matrix": _parse_matrix(e.get("matrix"),
                                                        f"{where}: node {label}: expert "
                                                        f"{e.get('name', k + 1)}", n or None)}
                          if isinstance(e, dict) else e for k, e in enumerate(out["experts"])]
    if "children" in out:
        out["children"] = [_node_from_dict(c, where) for c in out["children"] or []]
    return out


def load_judgments(path: str | Path, *,
                   require_judgments: bool = True) -> tuple[Hierarchy, dict[str, Any]]:
    """Read a YAML/JSON judgments file or an Excel questionnaire into a :class:`Hierarchy`.

    Returns the hierarchy (a one-matrix or group file gives a goal whose children are the
    criteria) and the file's metadata (``source``, ``description``, ``notes``, ``expert``).
    ``require_judgments=False`` accepts a bare structure (criteria or children without
    matrices), e.g. to generate a questionnaire from it.
    """
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return read_questionnaire(p)
    doc = _read_document(p)
    unknown = sorted(set(doc) - _TOP_KEYS)
    if unknown:
        raise InputError(f"unknown keys {unknown}", file=p, field=", ".join(unknown),
                         expected=f"keys among {sorted(_TOP_KEYS)}")
    meta = {k: doc[k] for k in _META_KEYS if k in doc}
    body = {k: v for k, v in doc.items() if k not in _META_KEYS}
    if "children" in body:
        if "criteria" in body:
            raise InputError("both 'children' (hierarchy) and 'criteria'", file=p,
                             field="criteria", expected="one of the two forms")
    elif "criteria" in body:
        body["children"] = body.pop("criteria")
    else:
        raise InputError("no 'criteria' and no 'children'", file=p, field="criteria",
                         expected="criteria + matrix, criteria + experts, or a hierarchy")
    if require_judgments and "matrix" not in body and "experts" not in body and all(
            isinstance(c, str) for c in body["children"]) and len(body["children"]) > 1:
        raise InputError("no 'matrix' and no 'experts'", file=p, field="matrix",
                         expected="the judgments comparing the criteria")
    body.setdefault("goal", body.pop("name", "goal"))
    return Hierarchy.from_dict(_node_from_dict(body, str(p)), where=str(p)), meta


def _read_document(p: Path) -> dict[str, Any]:
    """The YAML/JSON document of ``p``, through :mod:`revitalize.safety`: anchors and aliases
    refused (a 400-byte "billion laughs" file), size, nodes, depth and number length bounded."""
    from revitalize.safety import load_json, load_yaml

    suffix = p.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise InputError(f"unsupported file type {p.suffix!r}", file=p, field="suffix",
                         expected=".yaml, .yml, .json or .xlsx")
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LayoutError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                          f"{exc.start})", file=p, expected="a UTF-8 YAML or JSON file") from None
    doc = load_json(text, file=p, field="document") if suffix == ".json" else \
        load_yaml(text, file=p)
    if not isinstance(doc, dict):
        raise LayoutError(f"the file holds a {type(doc).__name__}", file=p,
                          expected="a mapping with criteria/matrix, experts or children")
    return doc


# ---------------------------------------------------------------------------- evaluation
def _merge_experts(loaded: list[tuple[Hierarchy, str, Path]]) -> Hierarchy:
    """Several single-expert hierarchies of one structure -> one hierarchy with experts."""
    base_path = loaded[0][2]

    def merge(nodes: list[Hierarchy], path: str) -> Hierarchy:
        first = nodes[0]
        for node, (_, _, p) in zip(nodes, loaded):
            if node.name != first.name or node.child_names != first.child_names:
                raise InputError(f"node {path}/{node.name} has children {node.child_names}",
                                 file=p, field="structure",
                                 expected=f"the structure of {base_path.name}: {first.name} -> "
                                          f"{first.child_names}")
            if node.experts:
                raise InputError(f"node {node.name!r} already holds several experts", file=p,
                                 field="experts", expected="one expert per file when several "
                                                           "files are given")
        kids = tuple(merge([n.children[k] for n in nodes], f"{path}/{first.name}")
                     for k in range(len(first.children)))
        if first.matrix is None:
            return Hierarchy(first.name, kids)
        return Hierarchy(first.name, kids, experts={e: n.matrix for n, (_, e, _) in
                                                    zip(nodes, loaded)})

    names = [e for _, e, _ in loaded]
    if len(set(names)) != len(names):
        raise InputError(f"expert names repeat across files: {names}", field="expert",
                         expected="distinct names (the Structure!B1 cell, else the file name)")
    return merge([h for h, _, _ in loaded], "")


def ahp_from_files(paths: Sequence[str | Path] | str | Path, *, method: str = "eigenvector",
                   ri_table: str = "saaty1980", group: str = "aij",
                   aip_mean: str = "arithmetic", cr_threshold: float = 0.1,
                   reciprocal_tol: float = RECIPROCAL_TOL) -> Result:
    """Evaluate judgments files (module docstring); the provenance names every file read."""
    from revitalize.evaluate.ahp_group import ahp_group

    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not paths:
        raise InputError("no judgments file given", field="FILE", expected="one or more files")
    loaded, provs = [], []
    for p in paths:
        h, meta = load_judgments(p)
        loaded.append((h, str(meta.get("expert") or p.stem), p))
        provs.append(Provenance.from_file(p, source=str(meta.get("source") or p.name),
                                          reader="ahp_excel" if p.suffix.lower().startswith(".xls")
                                          else "ahp_judgments",
                                          notes=[str(meta["notes"])] if meta.get("notes") else ()))
    root = loaded[0][0] if len(loaded) == 1 else _merge_experts(loaded)
    where = paths[0].name if len(paths) == 1 else f"{len(paths)} expert files"
    common = dict(method=method, ri_table=ri_table, cr_threshold=cr_threshold,
                  reciprocal_tol=reciprocal_tol)
    if all(c.is_leaf for c in root.children) and (root.matrix is not None or root.experts):
        if root.experts:
            res = ahp_group(root.experts, root.child_names, expert_weights=root.expert_weights,
                            group=group, aip_mean=aip_mean, name=where, **common)
        else:
            res = ahp(root.matrix, root.child_names, name=where, **common)
    else:
        res = hierarchy_weights(root, group=group, aip_mean=aip_mean, name=where, **common)
    meta = dict(res.meta)
    meta["provenance"] = [p.to_dict() for p in provs]
    return replace(res, meta=MappingProxyType(meta))


# ---------------------------------------------------------------------------- Excel
def _sheet_names(nodes: list[Hierarchy]) -> dict[str, str]:
    """Excel-safe, unique sheet names (<= 31 characters, no []:*?/\\)."""
    used = {STRUCTURE.lower(), INSTRUCTIONS.lower()}
    out = {}
    for node in nodes:
        base = re.sub(r"[\[\]:*?/\\']", "_", node.name).strip() or "node"
        name, k = base[:31].strip(), 2
        while name.lower() in used:
            suffix = f"~{k}"
            name, k = base[:31 - len(suffix)].strip() + suffix, k + 1
        used.add(name.lower())
        out[node.name] = name
    return out


def write_questionnaire(path: str | Path, criteria: Sequence[str] | Hierarchy, *,
                        goal: str = "Goal", expert: str | None = None) -> Path:
    """Write an Excel AHP questionnaire: one sheet per comparison matrix (module docstring).

    ``criteria`` is a list of names (one matrix under ``goal``) or a :class:`Hierarchy` (one
    sheet per node with two or more children; matrices it holds pre-fill the forms).
    """
    from openpyxl import Workbook

    root = criteria if isinstance(criteria, Hierarchy) else Hierarchy(goal, list(criteria))
    judged = [n for _, n in root.walk() if len(n.children) >= 2]
    if not judged:
        raise InputError(f"nothing to compare under {root.name!r}", field="criteria",
                         expected="at least two criteria (or a node with two children)")
    parents = [n.name for _, n in root.walk() if not n.is_leaf]
    if len(set(parents)) != len(parents):
        raise InputError(f"repeated node names among {parents}", field="criteria",
                         expected="a unique name for every node that has children")
    sheets = _sheet_names(judged)
    wb = Workbook()
    _write_instructions(wb.active)
    _write_structure(wb.create_sheet(STRUCTURE), root, sheets, expert)
    for node in judged:
        _write_matrix_sheet(wb.create_sheet(sheets[node.name]), node)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


_SCALE_ROWS = [("1", "同等重要", "equal importance"), ("3", "稍微重要", "moderate importance"),
               ("5", "明显重要", "strong importance"), ("7", "强烈重要", "very strong importance"),
               ("9", "极端重要", "extreme importance"),
               ("2, 4, 6, 8", "相邻判断的中间值", "intermediate values"),
               ("1/2 .. 1/9", "列因素比行因素重要（倒数）", "the column element is the more "
                                                          "important one (reciprocals)")]


def _write_instructions(ws) -> None:
    from openpyxl.styles import Font

    ws.title = INSTRUCTIONS
    ws["A1"] = "AHP questionnaire / 层次分析法判断矩阵调查表"
    ws["A1"].font = Font(bold=True, size=13)
    lines = ["Each sheet after 'Structure' is one comparison matrix. Fill the YELLOW cells above "
             "the diagonal: how much more important is the ROW element than the COLUMN element?",
             "每个矩阵表只填对角线上方的黄色单元格：行因素相对于列因素的重要程度。",
             "Enter 1-9, or 1/2..1/9 when the column element is more important (cells are text: "
             "type 1/3 as it is). Leave the grey cells empty. Your name goes in Structure!B1."]
    for k, text in enumerate(lines, start=3):
        ws.cell(row=k, column=1, value=text)
    ws.cell(row=7, column=1, value="scale / 标度").font = Font(bold=True)
    for k, row in enumerate(_SCALE_ROWS, start=8):
        for c, v in enumerate(row, start=1):
            ws.cell(row=k, column=c, value=v)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 50


def _write_structure(ws, root: Hierarchy, sheets: dict[str, str], expert: str | None) -> None:
    from openpyxl.styles import Font

    ws["A1"], ws["B1"] = "expert", expert or ""
    for c, head in enumerate(("node", "parent", "sheet"), start=1):
        ws.cell(row=3, column=c, value=head).font = Font(bold=True)
    row = 4

    def put(node: Hierarchy, parent: str) -> None:
        nonlocal row
        for c, v in enumerate((node.name, parent, sheets.get(node.name, "")), start=1):
            ws.cell(row=row, column=c, value=v)
        row += 1
        for child in node.children:
            put(child, node.name)

    put(root, "")
    for col in "ABC":
        ws.column_dimensions[col].width = 30


def _write_matrix_sheet(ws, node: Hierarchy) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    yellow, grey = PatternFill("solid", fgColor="FFF2CC"), PatternFill("solid", fgColor="D9D9D9")
    dv = DataValidation(type="list", formula1=f'"{SCALE_LIST}"', allow_blank=True,
                        showErrorMessage=True, errorStyle="warning",
                        error="Use 1-9 or 1/2..1/9 (Saaty scale).")
    ws.add_data_validation(dv)
    ws["A1"] = node.name
    ws["A1"].font = Font(bold=True)
    given = None if node.matrix is None else np.asarray(node.matrix, dtype=float)
    for k, name in enumerate(node.child_names):
        ws.cell(row=1, column=k + 2, value=name).font = Font(bold=True)
        ws.cell(row=k + 2, column=1, value=name).font = Font(bold=True)
    n = len(node.children)
    for i in range(n):
        for j in range(n):
            cell = ws.cell(row=i + 2, column=j + 2)
            if i == j:
                cell.value, cell.fill = 1, grey
            elif i > j:
                cell.fill = grey
            else:
                cell.fill, cell.number_format = yellow, "@"
                if given is not None:
                    cell.value = format_judgment(float(given[i, j]))
                dv.add(cell.coordinate)
    ws.cell(row=n + 3, column=1, value="Row vs column: how much more important is the row "
                                       "element? 行因素比列因素重要的程度（1-9 或 1/2..1/9）")
    ws.column_dimensions["A"].width = 28


def _structure_rows(ws, path: Path) -> list[tuple[str, str, str]]:
    rows = []
    heads = [str(ws.cell(row=3, column=c).value or "").strip().lower() for c in (1, 2, 3)]
    if heads != ["node", "parent", "sheet"]:
        raise LayoutError(f"Sheet '{STRUCTURE}' row 3 is {heads}", file=path,
                          field=f"Sheet '{STRUCTURE}'!A3:C3", expected="node, parent, sheet")
    for r in range(4, ws.max_row + 1):
        vals = [ws.cell(row=r, column=c).value for c in (1, 2, 3)]
        if vals[0] is None or not str(vals[0]).strip():
            break
        rows.append(tuple("" if v is None else str(v).strip() for v in vals))
    if not rows or rows[0][1]:
        raise LayoutError(f"Sheet '{STRUCTURE}' lists no goal", file=path,
                          field=f"Sheet '{STRUCTURE}'!A4",
                          expected="the goal (empty parent) in row 4, then its descendants")
    return rows


def _cell_value(ws, r: int, c: int, path: Path, tol: float) -> tuple[float | None, str]:
    cell = ws.cell(row=r, column=c)
    ref = f"Sheet '{ws.title}'!{cell.coordinate}"
    x = parse_judgment(cell.value, where=str(path), field=ref)
    if x is not None and not (1 / (9 * (1 + tol)) <= x <= 9 * (1 + tol)):
        raise InputError(f"judgment {cell.value!r} is off the 1-9 scale", file=path, field=ref,
                         expected="1-9 or 1/2..1/9")
    return x, ref


def _read_matrix(ws, node: str, children: list[str], path: Path, tol: float) -> np.ndarray:
    """The judgments of one sheet: headers checked, upper triangle required, lower reciprocal."""
    expected = {(1, 1): node} | {(1, k + 2): c for k, c in enumerate(children)} | {
        (k + 2, 1): c for k, c in enumerate(children)}
    for (r, c), want in expected.items():
        got = ws.cell(row=r, column=c).value
        if str(got if got is not None else "").strip() != want:
            raise LayoutError(f"header {got!r}", file=path,
                              field=f"Sheet '{ws.title}'!{ws.cell(row=r, column=c).coordinate}",
                              expected=f"{want!r} (as listed in the Structure sheet)")
    n = len(children)
    a = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            x, ref = _cell_value(ws, i + 2, j + 2, path, tol)
            if x is None:
                raise InputError(f"empty judgment: {children[i]} vs {children[j]}", file=path,
                                 field=ref, expected="1-9 or 1/2..1/9")
            a[i, j], a[j, i] = x, 1 / x
            low, low_ref = _cell_value(ws, j + 2, i + 2, path, tol)
            if low is not None and abs(low * x - 1) > tol:
                raise InputError(f"{low_ref} = {low:g} is not the reciprocal of {ref} = {x:g}",
                                 file=path, field=low_ref,
                                 expected=f"empty or {format_judgment(1 / x)}")
        diag, ref = _cell_value(ws, i + 2, i + 2, path, tol)
        if diag is not None and abs(diag - 1) > 1e-9:
            raise InputError(f"diagonal judgment {diag:g}", file=path, field=ref,
                             expected="1 (or empty)")
    return a


def read_questionnaire(path: str | Path) -> tuple[Hierarchy, dict[str, Any]]:
    """Read a filled questionnaire back into a :class:`Hierarchy` (cells validated and named).

    Returns the hierarchy and ``{"expert": Structure!B1 or None}``. A workbook without a
    ``Structure`` sheet is read as plain n x n matrices (yaahp export style,
    :func:`revitalize.evaluate.io.read_matrix_workbook`).
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from revitalize.safety import check_workbook

    p = Path(path)
    check_workbook(p)  # corrupt archives, bombs: refused before openpyxl builds a cell
    try:
        wb = load_workbook(p, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise LayoutError(f"not a readable .xlsx workbook ({exc})", file=p,
                          expected="a questionnaire written by 'evaluate ahp-questionnaire'"
                          ) from None
    if STRUCTURE not in wb.sheetnames:  # plain n x n matrices (yaahp export style)
        from revitalize.evaluate.io import read_matrix_workbook

        return read_matrix_workbook(wb, p, parse=parse_judgment, tol=RECIPROCAL_TOL)
    rows = _structure_rows(wb[STRUCTURE], p)
    kids: dict[str, list[str]] = {}
    for node, parent, _ in rows[1:]:
        kids.setdefault(parent, []).append(node)
    sheet_of = {node: sheet for node, _, sheet in rows if sheet}

    def build(name: str) -> Hierarchy:
        children = kids.get(name, [])
        sheet = sheet_of.get(name)
        if sheet and sheet not in wb.sheetnames:
            raise LayoutError(f"no sheet {sheet!r} for node {name!r}", file=p, field="sheets",
                              expected="every sheet listed in the Structure sheet")
        matrix = _read_matrix(wb[sheet], name, children, p, RECIPROCAL_TOL) if sheet else None
        return Hierarchy(name, [build(c) if c in kids else c for c in children], matrix=matrix)

    expert = wb[STRUCTURE]["B1"].value
    return build(rows[0][0]), {"expert": str(expert).strip() if expert else None}
