"""AHP hierarchies: goal -> criteria -> sub-criteria -> ... -> indicators or alternatives.

A :class:`Hierarchy` node has a name, its children and the judgments comparing the children
(one ``matrix``, or several ``experts``' matrices). Weights (Saaty 1980, ch. 2, "hierarchic
composition"):

* local weight of a child: from its parent's judgment matrix (:func:`~revitalize.evaluate.ahp.ahp`;
  a single child has local weight 1 and needs no matrix);
* global weight: the product of local weights down the path from the goal,
  ``g(child) = g(parent) * l(child)``, ``g(goal) = 1``;
* ``extra["synthesis"]``: global weights of the leaves summed by name -- alternatives that
  appear under several criteria get ``sum_c g(c) l(alternative | c)`` (distributive synthesis).

Consistency: every judged node's CR is checked (``extra["consistency"]``, warnings naming the
node and its most inconsistent judgment), and the hierarchy as a whole by Saaty's
``CRH = M / M_bar``, ``M = sum over judged nodes of g(node) * CI(node)``, ``M_bar`` the same
with ``RI(n_node)`` (Saaty 1980, *The Analytic Hierarchy Process*, "consistency of a hierarchy"; the 层次总排序一致性
of Chinese textbooks uses the same weighted sums level by level, given per level in
``extra["level_consistency"]``).

Groups: nodes with ``experts`` are aggregated by ``group="aij"`` (each node's geometric-mean
matrix, :mod:`revitalize.evaluate.ahp_group`) or ``group="aip"``: the whole hierarchy is computed
for each expert (nodes with one shared ``matrix`` are common to all), then aggregated with
``aip_mean`` -- ``"arithmetic"``: weighted mean of the global weights (local = global / parent's
global); ``"geometric"``: normalised weighted geometric mean of each sibling group's local
weights, globals by products (Forman & Peniwati 1998). Under ``"aip"`` the experts are weighted
by the goal node's ``expert_weights`` (equal when it has none).

Dictionary form (what :meth:`Hierarchy.from_dict` reads; YAML/JSON files in
:mod:`revitalize.evaluate.ahp_io`)::

    {"goal": "...", "matrix": [[...]], "children": [
        {"name": "Economy", "matrix": [[...]], "children": ["GDP growth", "Output"]},
        {"name": "Society", "experts": [{"name": "A", "weight": 2, "matrix": [[...]]}, ...],
         "children": [...]}]}

A child given as a plain string is a leaf; ``name`` may stand for ``goal`` at the root.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.errors import warn as _warn
from revitalize.evaluate.ahp import (
    CR_THRESHOLD,
    RECIPROCAL_TOL,
    AHPResult,
    ahp,
    check_options,
    conventions_for,
)
from revitalize.results import Result, build_meta

__all__ = ["Hierarchy", "HierarchyResult", "hierarchy_weights"]

_NODE_KEYS = {"name", "goal", "matrix", "experts", "children", "expert_weights"}


@dataclass(frozen=True, eq=False)
class Hierarchy:
    """One node of an AHP hierarchy (the root is the goal).

    Parameters
    ----------
    name : str
        Node name (unique among its siblings).
    children : sequence of Hierarchy or str
        Sub-nodes, in the order of the matrix rows; strings become leaves.
    matrix : array_like, optional
        Judgments comparing the children (``len(children)`` square).
    experts : mapping expert name -> matrix, optional
        Several experts' judgments instead of ``matrix``.
    expert_weights : mapping expert name -> float, optional
        Relative expert weights for this node (default equal).
    """

    name: str
    children: tuple[Hierarchy, ...] = ()
    matrix: Any = None
    experts: Mapping[str, Any] | None = None
    expert_weights: Mapping[str, float] | None = field(default=None)

    def __post_init__(self) -> None:
        kids = tuple(c if isinstance(c, Hierarchy) else Hierarchy(str(c))
                     for c in (self.children or ()))
        object.__setattr__(self, "children", kids)
        object.__setattr__(self, "name", str(self.name))

    def __repr__(self) -> str:
        judged = ("matrix" if self.matrix is not None else
                  f"experts {list(self.experts)}" if self.experts else "no judgments")
        return (f"Hierarchy({self.name!r}, children={self.child_names}, {judged})"
                if self.children else f"Hierarchy({self.name!r})")

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def child_names(self) -> list[str]:
        return [c.name for c in self.children]

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Hierarchy]]:
        """Pre-order ``(depth, node)`` pairs, the goal at depth 0."""
        yield depth, self
        for c in self.children:
            yield from c.walk(depth + 1)

    def expert_names(self) -> list[str]:
        """Every expert named anywhere in the hierarchy, in order of appearance."""
        seen: dict[str, None] = {}
        for _, node in self.walk():
            seen.update(dict.fromkeys(node.experts or {}))
        return list(seen)

    def for_expert(self, expert: str) -> Hierarchy:
        """The hierarchy as one expert judged it (shared ``matrix`` nodes are kept)."""
        kids = tuple(c.for_expert(expert) for c in self.children)
        if not self.experts:
            return replace(self, children=kids)
        if expert not in self.experts:
            raise InputError(f"node {self.name!r} has no judgments from expert {expert!r}",
                             field="experts", expected="every expert judges every group node "
                                                       "(needed by group='aip')")
        return Hierarchy(self.name, kids, matrix=self.experts[expert])

    @classmethod
    def from_dict(cls, data: Any, *, where: str = "hierarchy") -> Hierarchy:
        """Build from the dictionary form (module docstring); unknown keys raise."""
        if isinstance(data, str):
            return cls(data)
        if not isinstance(data, Mapping):
            raise InputError(f"a node is {type(data).__name__}", file=where, field="children",
                             expected="a mapping with name/children/matrix, or a leaf name")
        unknown = sorted(set(data) - _NODE_KEYS)
        name = data.get("name", data.get("goal"))
        if unknown or name is None:
            raise InputError(f"node {name!r}: unknown keys {unknown} or no name", file=where,
                             field="/".join(unknown) or "name",
                             expected=f"keys among {sorted(_NODE_KEYS)}, with a name")
        experts = data.get("experts")
        weights = None
        if experts is not None:
            experts, weights = _experts_from(experts, f"{where}: node {name}")
        if data.get("expert_weights") is not None:
            weights = dict(data["expert_weights"])
        kids = tuple(cls.from_dict(c, where=where) for c in data.get("children") or ())
        return cls(str(name), kids, matrix=data.get("matrix"), experts=experts,
                   expert_weights=weights)

    def to_dict(self) -> dict[str, Any]:
        """The dictionary form (matrices as nested lists)."""
        if self.is_leaf:
            return {"name": self.name}
        out: dict[str, Any] = {"name": self.name}
        if self.matrix is not None:
            out["matrix"] = np.asarray(self.matrix, dtype=float).tolist()
        if self.experts:
            out["experts"] = [{"name": k, "matrix": np.asarray(v, dtype=float).tolist(),
                               **({"weight": self.expert_weights[k]} if self.expert_weights
                                  else {})} for k, v in self.experts.items()]
        out["children"] = [c.name if c.is_leaf else c.to_dict() for c in self.children]
        return out


def _experts_from(experts: Any, where: str) -> tuple[dict[str, Any], dict[str, float] | None]:
    if isinstance(experts, Mapping):
        return dict(experts), None
    out, weights = {}, {}
    for k, e in enumerate(experts):
        if not isinstance(e, Mapping) or "matrix" not in e:
            raise InputError(f"expert entry {k + 1} has no matrix", file=where, field="experts",
                             expected="{name, matrix, weight (optional)} per expert")
        nm = str(e.get("name", f"E{k + 1}"))
        if nm in out:
            raise InputError(f"expert {nm!r} appears twice", file=where, field="experts",
                             expected="distinct expert names")
        out[nm] = e["matrix"]
        if "weight" in e:
            weights[nm] = e["weight"]
    if weights and len(weights) != len(out):
        raise InputError("only some experts have a weight", file=where, field="experts",
                         expected="a weight for every expert, or for none")
    return out, (weights or None)


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class HierarchyResult(Result):
    """Weights of every node below the goal.

    ``table`` columns: ``criterion`` (node name), ``parent``, ``level`` (1 = the goal's
    children), ``local_weight``, ``weight`` (global), ``leaf``. ``extra``: ``consistency`` (one
    row per judged node; its ``level`` is that of the elements it compares, ``global_weight``
    the node's own), ``level_consistency`` (per level: ``sum g CI``, ``sum g RI``, their
    ratio), ``synthesis`` (leaves summed by name) and ``nodes`` (the per-node
    :class:`~revitalize.evaluate.ahp.AHPResult`; empty under ``group="aip"``, whose
    ``consistency`` rows carry an ``expert`` column instead).
    """

    @property
    def synthesis(self) -> pd.Series:
        return self.extra["synthesis"]["weight"].copy()

    def summary(self) -> str:
        """A statsmodels-like text table (:data:`~revitalize.results.SUMMARY_WIDTH` wide), laid
        out like :meth:`~revitalize.evaluate.ahp.AHPResult.summary` with the same helpers.

        The one-line verdict (goal, levels, hierarchic ``CRH``), then a header (goal, method,
        group rule when a node has experts, levels, nodes, judged matrices, ``CRH = sum g CI /
        sum g RI``, threshold, verdict, RI table), the consistency of every judged matrix (its level -- that of the
        elements it compares --, its own global weight ``g``, ``n``, ``lambda_max``, ``CI``,
        ``RI(n)``, ``CR``; under ``group="aip"`` one row per expert and node), the weighted
        sums per level, every node's local and global weight (pre-order, as ``table``) and
        the alternatives (leaves summed by name, ``sum_c g(c) l(a | c)``) by rank (1 = largest
        score, ties share the smaller rank).
        """
        import textwrap

        from revitalize.results import SUMMARY_WIDTH, _frame_text, _short, _two_columns

        m, width = self.meta, SUMMARY_WIDTH
        conv = m["conventions"]
        crh, threshold = m.get("cr_hierarchy"), conv["cr_threshold"]
        bad = m.get("inconsistent_nodes") or []
        cons = self.extra["consistency"]
        if crh is None:
            verdict = ("no common hierarchy (AIP: one per expert)" if "expert" in cons.columns
                       else "no judged matrix")
        else:
            verdict = "acceptable" if crh <= threshold else f"NOT acceptable (CRH > {threshold:g})"
        title = (f"AHP hierarchy '{m['goal']}' ({conv['method']}): {m['levels']} levels, CRH = "
                 f"{'n/a' if crh is None else format(crh, '.4f')} -- {verdict}")
        heavy, light = "=" * width, "-" * width
        rule = conv.get("group")  # None or absent: no node has experts
        group = [] if rule is None else [("Group rule", rule.upper() + (
            f" ({conv['aip_mean']} mean)" if rule == "aip" else ""))]
        pairs = [("Goal", _short(m["goal"], 24)), ("Method", conv["method"]),
                 ("Levels", str(m["levels"])), ("Nodes", str(m["nodes"])),
                 ("Matrices", str(len(cons))), *group,
                 ("CRH", "n/a" if crh is None else f"{crh:.4f}"),
                 ("Threshold", f"CR <= {threshold:g}"), ("Verdict", verdict),
                 ("RI table", m["ri_table"]),
                 ("Version", f"{m.get('package', 'revitalize')} {m.get('version', '')}".strip())]
        lines = [*textwrap.wrap(title, width), heavy, *_two_columns(pairs, width)]
        lines += textwrap.wrap(f"CRH = {conv['cr_hierarchy']}", width, subsequent_indent="  ")
        lines += textwrap.wrap(f"matrices with CR > {threshold:g}: {', '.join(bad) or 'none'}",
                               width, subsequent_indent="  ")
        if not cons.empty:
            lines += [light, *textwrap.wrap("Judged matrices (level: of the elements compared; "
                                            "g: the node's global weight)", width)]
            table = pd.DataFrame({
                **({"expert": cons["expert"].map(lambda v: _short(v, 12))}
                   if "expert" in cons else {}),
                "level": cons["level"].astype(int).astype(str),
                "g": cons["global_weight"].map(lambda v: f"{v:.4f}"),
                "n": cons["n"].astype(int).astype(str),
                "lambda_max": cons["lambda_max"].map(lambda v: f"{v:.4f}"),
                "CI": cons["ci"].map(lambda v: f"{v:.4f}"),
                "RI(n)": cons["ri"].map(lambda v: f"{v:g}"),
                "CR": cons["cr"].map(lambda v: f"{v:.4f}"),
                "ok": cons["consistent"].map(lambda v: "yes" if v else "NO")})
            table.index = pd.Index(cons["node"].map(lambda v: _short(v, 20)), name="node")
            lines += _frame_text(table, width, len(table))
        level_cons = self.extra["level_consistency"]
        if not level_cons.empty:
            lines += [light, "Per level: sum g CI, sum g RI and their ratio"]
            table = pd.DataFrame({
                "sum g CI": [f"{v:.4f}" for v in level_cons["ci_weighted"]],
                "sum g RI": [f"{v:.4f}" for v in level_cons["ri_weighted"]],
                "CR(level)": [f"{v:.4f}" for v in level_cons["cr_level"]]},
                index=pd.Index(level_cons["level"].astype(int).tolist(), name="level"))
            lines += _frame_text(table, width, len(table))
        rows = self.table
        lines += [light, "Weights (local: from the parent's matrix; global: product of local "
                         "weights)"]
        table = pd.DataFrame({
            "parent": rows["parent"].map(lambda v: _short(v, 20)),
            "level": rows["level"].astype(int).astype(str),
            "local": rows["local_weight"].map(lambda v: f"{v:.4f}"),
            "global": rows["weight"].map(lambda v: f"{v:.4f}"),
            "leaf": rows["leaf"].map(lambda v: "yes" if v else "no")})
        table.index = pd.Index(rows["criterion"].map(lambda v: _short(v, 24)), name="criterion")
        lines += _frame_text(table, width, len(table))
        synthesis = self.extra["synthesis"]["weight"]
        rank = synthesis.rank(ascending=False, method="min").astype(int)
        order = synthesis.sort_values(ascending=False, kind="stable").index
        lines += [light, "Alternatives (leaves summed by name): global score and rank"]
        table = pd.DataFrame({"score": [f"{synthesis[a]:.4f}" for a in order],
                              "rank": [str(rank[a]) for a in order]},
                             index=pd.Index([_short(a, 40) for a in order], name="alternative"))
        lines += _frame_text(table, width, len(table))
        lines.append(heavy)
        return "\n".join(lines)


def _check_node(node: Hierarchy, where: str) -> None:
    names = node.child_names
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InputError(f"node {node.name!r} has repeated children {dup}", file=where,
                         field="children", expected="distinct names among siblings")
    if node.is_leaf and (node.matrix is not None or node.experts):
        raise InputError(f"leaf {node.name!r} has judgments but no children", file=where,
                         field="children", expected="children for the matrix to compare")
    if len(names) > 1 and node.matrix is None and not node.experts:
        raise InputError(f"node {node.name!r} has {len(names)} children but no judgments",
                         file=where, field="matrix", expected="a matrix or experts' matrices")
    if node.matrix is not None and node.experts:
        raise InputError(f"node {node.name!r} has both a matrix and experts", file=where,
                         field="matrix/experts", expected="one of them")


def _judge(node: Hierarchy, opts: dict[str, Any], where: str) -> AHPResult | None:
    """Local weights of a node's children (None for a single unjudged child)."""
    from revitalize.evaluate.ahp_group import ahp_group

    label = f"{where}: node {node.name}"
    common = {k: opts[k] for k in ("method", "ri_table", "cr_threshold", "reciprocal_tol",
                                   "scale_max")}
    if node.experts:
        return ahp_group(node.experts, node.child_names, expert_weights=node.expert_weights,
                         group="aij", name=label, **common)
    if node.matrix is None:
        return None
    return ahp(node.matrix, node.child_names, name=label, **common)


def _compose(root: Hierarchy, opts: dict[str, Any], where: str):
    """Rows (node weights) and per-node consistency by one pre-order pass."""
    rows, cons, results = [], [], {}

    def visit(node: Hierarchy, gw: float, level: int) -> None:
        if node.is_leaf:
            return
        res = _judge(node, opts, where)
        local = [1.0] if res is None else res.table["weight"].tolist()
        if res is not None:
            m = res.meta
            results[node.name] = res
            cons.append({"node": node.name, "level": level + 1, "global_weight": gw, "n": m["n"],
                         "lambda_max": m["lambda_max"], "ci": m["ci"], "ri": m["ri"],
                         "cr": m["cr"], "consistent": m["consistent"]})
        for child, lw in zip(node.children, local):
            rows.append({"criterion": child.name, "parent": node.name, "level": level + 1,
                         "local_weight": lw, "weight": gw * lw, "leaf": child.is_leaf})
            visit(child, gw * lw, level + 1)

    visit(root, 1.0, 0)
    return pd.DataFrame(rows), pd.DataFrame(cons), results


def _level_consistency(cons: pd.DataFrame) -> tuple[pd.DataFrame, float | None]:
    """Weighted CI and RI sums per level of judged nodes and ``CRH = sum CI_w / sum RI_w``."""
    if cons.empty or cons["ci"].isna().any():
        return pd.DataFrame(columns=["level", "ci_weighted", "ri_weighted", "cr_level"]), None
    c = cons.assign(ci_w=cons["global_weight"] * cons["ci"],
                    ri_w=cons["global_weight"] * cons["ri"])
    lv = c.groupby("level", sort=True)[["ci_w", "ri_w"]].sum()
    lv.columns = ["ci_weighted", "ri_weighted"]
    lv["cr_level"] = np.where(lv["ri_weighted"] > 0,
                              lv["ci_weighted"] / lv["ri_weighted"].where(lv["ri_weighted"] > 0),
                              0.0)
    total_ri = float(lv["ri_weighted"].sum())
    crh = float(lv["ci_weighted"].sum()) / total_ri if total_ri > 0 else 0.0
    return lv.reset_index(), crh


def _aip(root: Hierarchy, opts: dict[str, Any], where: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows aggregated over experts (each expert's complete hierarchy), rule in the docstring;
    the consistency rows of every expert's nodes, with an ``expert`` column."""
    from revitalize.evaluate.ahp_group import aggregate_priorities, expert_weight_vector

    names = root.expert_names()
    weights = expert_weight_vector(root.expert_weights and [root.expert_weights[n] for n in names],
                                   names, where)
    runs = [_compose(root.for_expert(e), opts, f"{where}: expert {e}") for e in names]
    cons = pd.concat([r[1].assign(expert=e) for r, e in zip(runs, names)], ignore_index=True)
    per = [r[0] for r in runs]
    rows = per[0].copy()
    inner = ~rows["leaf"]
    if opts["aip_mean"] == "arithmetic":
        rows["weight"] = aggregate_priorities(np.column_stack([p["weight"] for p in per]).T,
                                              weights, "arithmetic")
        parent_w = dict(zip(rows.loc[inner, "criterion"], rows.loc[inner, "weight"]))
        rows["local_weight"] = [w / parent_w.get(p, 1.0)
                                for p, w in zip(rows["parent"], rows["weight"])]
        return rows, cons
    locs = np.column_stack([p["local_weight"] for p in per])
    for idx in rows.groupby("parent", sort=False).indices.values():
        rows.loc[rows.index[idx], "local_weight"] = aggregate_priorities(locs[idx].T, weights,
                                                                        "geometric")
    globals_: dict[str, float] = {root.name: 1.0}
    for i, r in rows.iterrows():  # pre-order: a parent's global weight is known before its children
        rows.at[i, "weight"] = globals_[r["parent"]] * r["local_weight"]
        if not r["leaf"]:
            globals_[r["criterion"]] = rows.at[i, "weight"]
    return rows, cons


def hierarchy_weights(hierarchy: Hierarchy | Mapping[str, Any], *, method: str = "eigenvector",
                      ri_table: str = "saaty1980", group: str = "aij",
                      aip_mean: str = "arithmetic", cr_threshold: float = CR_THRESHOLD,
                      reciprocal_tol: float = RECIPROCAL_TOL, scale_max: float | None = 9.0,
                      name: str | None = None) -> HierarchyResult:
    """Local and global weights of every node of an AHP hierarchy.

    Parameters
    ----------
    hierarchy : Hierarchy or mapping
        The goal node (or its dictionary form, module docstring).
    method, ri_table, cr_threshold, reciprocal_tol, scale_max
        As in :func:`revitalize.evaluate.ahp.ahp`, for every judged node.
    group : {"aij", "aip"}
        How nodes judged by several experts are aggregated (module docstring).
    aip_mean : {"arithmetic", "geometric"}
        Mean used by ``group="aip"``.
    name : str, optional
        What to call the hierarchy in messages (default: the goal's name).

    Returns
    -------
    HierarchyResult
    """
    check_options(method, ri_table)
    if group not in ("aij", "aip") or aip_mean not in ("arithmetic", "geometric"):
        raise InputError(f"unknown group rule {group!r} / aip_mean {aip_mean!r}", field="group",
                         expected="group in ('aij', 'aip'), aip_mean in ('arithmetic', "
                                  "'geometric')")
    root = hierarchy if isinstance(hierarchy, Hierarchy) else Hierarchy.from_dict(hierarchy)
    if root.is_leaf:
        raise InputError(f"hierarchy {root.name!r} has no children", field="children",
                         expected="a goal with criteria below it")
    where = name or root.name
    _check_unique_parents(root, where)
    for _, node in root.walk():
        _check_node(node, where)
    opts = dict(method=method, ri_table=ri_table, cr_threshold=cr_threshold,
                reciprocal_tol=reciprocal_tol, scale_max=scale_max, aip_mean=aip_mean)
    if group == "aip" and root.expert_names():
        rows, cons = _aip(root, opts, where)
        return _result(root, rows, cons, {}, opts, group)
    rows, cons, results = _compose(root, opts, where)
    return _result(root, rows, cons, results, opts, group)


def _check_unique_parents(root: Hierarchy, where: str) -> None:
    seen: dict[str, int] = {}
    for _, node in root.walk():
        if not node.is_leaf:
            seen[node.name] = seen.get(node.name, 0) + 1
    dup = sorted(n for n, k in seen.items() if k > 1)
    if dup:
        raise InputError(f"nodes with children must have distinct names; repeated: {dup}",
                         file=where, field="name", expected="a unique name per judged node")


def _result(root, rows, cons, results, opts, group) -> HierarchyResult:
    per_expert = "expert" in cons.columns  # group="aip": one run per expert, no common CRH
    level_cons, crh = _level_consistency(cons.iloc[:0] if per_expert else cons)
    conv = conventions_for(opts["method"], opts["ri_table"], opts["cr_threshold"],
                           opts["reciprocal_tol"])
    if root.expert_names():  # judgments of one hand have no group rule (as ahp())
        conv.update(group=group, aip_mean=opts["aip_mean"] if group == "aip" else None)
    conv.update(global_weight="product of local weights down the tree",
                synthesis="leaves summed by name (distributive)",
                cr_hierarchy="sum g(node) CI(node) / sum g(node) RI(n_node) (Saaty 1980)")
    bad_rows = cons.iloc[:0] if cons.empty else cons[~cons["consistent"].astype(bool)]
    bad = [f"{r['node']} ({r['expert']})" if per_expert else r["node"]
           for _, r in bad_rows.iterrows()]
    if crh is not None and crh > opts["cr_threshold"]:
        from revitalize.evaluate.ahp import AHPConsistencyWarning

        _warn(f"{root.name}: hierarchy consistency CRH = {crh:.4f} > "
                      f"{opts['cr_threshold']:g}", AHPConsistencyWarning, stacklevel=3)
    root_res = results.get(root.name)
    root_meta = {k: (root_res.meta[k] if root_res is not None else None)
                 for k in ("lambda_max", "ci", "cr")}
    leaves = rows[rows["leaf"]].groupby("criterion", sort=False)["weight"].sum()
    meta = build_meta("ahp_hierarchy", conventions=conv, goal=root.name,
                      ri_table=opts["ri_table"], cr_hierarchy=crh, inconsistent_nodes=bad,
                      nodes=len(rows), levels=int(rows["level"].max()),
                      synthesis={str(k): float(v) for k, v in leaves.items()}, **root_meta)
    extra = {"consistency": cons, "level_consistency": level_cons,
             "synthesis": leaves.to_frame("weight").rename_axis("criterion"), "nodes": results}
    return HierarchyResult(table=rows.reset_index(drop=True), meta=meta, extra=extra)
