"""Monte Carlo of AHP weights under perturbed judgments or resampled experts.

Input: one judgment matrix, a group (several experts), or a hierarchy of any depth
(:class:`~revitalize.evaluate.ahp_hierarchy.Hierarchy`, or a judgments file read by
:func:`revitalize.evaluate.ahp_io.load_judgments`). Each draw

1. perturbs every upper-triangle judgment of every matrix (each expert's) on the Saaty scale:
   with probability ``probability`` it moves by 1..``steps`` steps up or down, clipped at 1/9
   and 9; the lower triangle is the exact reciprocal (rule:
   :mod:`revitalize.uncertainty.draws`). The upper triangle is authoritative: a lower triangle
   typed with two decimals (0.33) is replaced by the exact reciprocal, in the point estimate too;
2. with ``resample_experts``, resamples the experts of every group node with replacement
   (bootstrap, Efron 1979; an expert drawn twice counts twice: weights ``count_e lambda_e``,
   renormalised);
3. aggregates group nodes by AIJ, the weighted geometric mean of the judgments (Forman &
   Peniwati 1998; :func:`revitalize.evaluate.ahp_group.aggregate_judgments`, batched here);
4. weights every node with :func:`revitalize.evaluate.ahp_batch.ahp_batch` (eigenvector,
   geometric or arithmetic; CR with the named RI table) and composes global weights down the
   hierarchy, ``g(child) = g(parent) l(child)``, leaves with the same name summed (distributive
   synthesis, as :func:`revitalize.evaluate.ahp_hierarchy.hierarchy_weights`).

Results: the distribution of each leaf's global weight and rank, and per judged node the
distribution of CR (``extra["consistency"]``: point CR, median, share of draws with
``CR <= cr_threshold``; ``extra["cr_draws"]``). ``probability=0`` without resampling gives
every draw equal to the point estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.errors import warn as _warn
from revitalize.evaluate.ahp import (
    RECIPROCAL_TOL,
    AHPConsistencyWarning,
    as_judgment_matrix,
    check_options,
)
from revitalize.evaluate.ahp_batch import RI_SOURCES, ahp_batch
from revitalize.evaluate.ahp_group import aggregate_judgments, expert_weight_vector
from revitalize.evaluate.ahp_hierarchy import Hierarchy
from revitalize.results import Provenance, build_meta
from revitalize.uncertainty.backends import run_chunks, run_options
from revitalize.uncertainty.draws import bootstrap_indices, judgment_stack, perturb_judgments
from revitalize.uncertainty.results import MonteCarloResult, assemble, batched_rank

__all__ = ["aggregate_judgments_batched", "ahp_monte_carlo"]

PERTURBATION_RULE = ("each upper-triangle judgment moves with probability p by s steps on the "
                     "Saaty scale (1/9..1/2, 1, 2..9), s uniform on {-k..-1, 1..k}, clipped at "
                     "1/9 and 9; a_ji = 1/a_ij, a_ii = 1")


def aggregate_judgments_batched(stacks: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """AIJ per draw: ``g_ij(d) = exp(sum_e w_e(d) log a_ij(d, e))`` for ``(k, m, n, n)``
    judgments and ``(k, m)`` weights (:func:`~revitalize.evaluate.ahp_group.
    aggregate_judgments` for one weight vector and one stack)."""
    return np.exp(np.einsum("km,kmij->kij", weights, np.log(stacks)))


@dataclass(frozen=True)
class _Node:
    """A judged node: its children (leaf column or node index), experts' upper triangles."""

    name: str
    children: tuple[str, ...]
    targets: tuple[tuple[str, int], ...]  # ("leaf", column) or ("node", index) per child
    upper: np.ndarray  # (m, n(n-1)/2)
    expert_weights: np.ndarray  # (m,)
    experts: tuple[str, ...]


@dataclass(frozen=True)
class AHPPayload:
    nodes: tuple[_Node, ...]
    n_leaves: int
    steps: int
    probability: float
    resample: bool
    method: str
    ri_table: str


def _local_weights(node: _Node, p: AHPPayload, rng, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Local weights ``(k, c)`` and CR ``(k,)`` of one node over ``k`` draws."""
    m, q = node.upper.shape
    c = len(node.children)
    if c == 1:
        return np.ones((k, 1)), np.zeros(k)
    upper = perturb_judgments(node.upper.ravel(), rng, k, p.steps, p.probability)
    stacks = judgment_stack(upper.reshape(k * m, q), c).reshape(k, m, c, c)
    if m == 1:
        matrices = stacks[:, 0]
    else:
        w = np.broadcast_to(node.expert_weights, (k, m))
        if p.resample:
            picks = bootstrap_indices(rng, k, m)
            counts = (picks[:, :, np.newaxis] == np.arange(m)).sum(axis=1)
            w = counts * node.expert_weights
            w = w / w.sum(axis=1, keepdims=True)
        matrices = aggregate_judgments_batched(stacks, w)
    res = ahp_batch(matrices, method=p.method, ri_table=p.ri_table)
    return res.weights, res.cr


def _ahp_chunk(p: AHPPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    weights = np.zeros((k, p.n_leaves))
    cr = np.full((k, len(p.nodes)), np.nan)
    glob = {0: np.ones(k)}
    for idx, node in enumerate(p.nodes):  # nodes in pre-order: parents before children
        local, cr[:, idx] = _local_weights(node, p, rng, k)
        for j, (kind, target) in enumerate(node.targets):
            g = glob[idx] * local[:, j]
            if kind == "leaf":
                weights[:, target] += g
            else:
                glob[target] = g
    return {"weight": weights, "rank": batched_rank(weights), "cr": cr}


# ---------------------------------------------------------------------------- input
def _node_matrices(node: Hierarchy, where: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Upper triangles ``(m, q)``, expert weights and names of a judged node (validated)."""
    names = node.child_names
    label = f"{where}: node {node.name}"
    if node.experts:
        experts = tuple(node.experts)
        mats = [as_judgment_matrix(node.experts[e], names, where=f"{label}: expert {e}")[0]
                for e in experts]
        lam = expert_weight_vector(node.expert_weights, list(experts), label)
    else:
        experts, lam = ("",), np.ones(1)
        mats = [as_judgment_matrix(node.matrix, names, where=label)[0]]
    iu = np.triu_indices(len(names), 1)
    return np.stack([a[iu] for a in mats]), lam, experts


def _flatten(root: Hierarchy, where: str) -> tuple[tuple[_Node, ...], list[str]]:
    """Judged nodes in pre-order and the leaf names (first appearance order)."""
    nodes: list[_Node] = []
    leaves: dict[str, int] = {}

    def visit(node: Hierarchy) -> int:
        names = node.child_names
        if len(set(names)) != len(names):
            raise InputError(f"node {node.name!r} has repeated children", file=where,
                             field="children", expected="distinct names among siblings")
        if len(names) > 1 and node.matrix is None and not node.experts:
            raise InputError(f"node {node.name!r} has {len(names)} children but no judgments",
                             file=where, field="matrix", expected="a matrix or experts")
        idx = len(nodes)
        upper, lam, experts = (_node_matrices(node, where) if len(names) > 1 else
                               (np.ones((1, 0)), np.ones(1), ("",)))
        nodes.append(None)  # placeholder keeps pre-order indices
        targets = []
        for child in node.children:
            if child.is_leaf:
                targets.append(("leaf", leaves.setdefault(child.name, len(leaves))))
            else:
                targets.append(("node", visit(child)))
        nodes[idx] = _Node(node.name, tuple(names), tuple(targets), upper, lam, experts)
        return idx

    visit(root)
    return tuple(nodes), list(leaves)


def _hierarchy(judgments, criteria, where: str) -> tuple[Hierarchy, list[Provenance]]:
    if isinstance(judgments, (str, Path)):
        from revitalize.evaluate.ahp_io import load_judgments

        p = Path(judgments)
        root, meta = load_judgments(p)
        prov = Provenance.from_file(p, source=str(meta.get("source") or p.name),
                                    reader="ahp_judgments")
        return root, [prov]
    if isinstance(judgments, Hierarchy):
        return judgments, []
    if isinstance(judgments, Mapping):
        return Hierarchy.from_dict(judgments, where=where), []
    a, labels = as_judgment_matrix(judgments, criteria, where=where)
    return Hierarchy(where, tuple(labels), matrix=a), []


# ---------------------------------------------------------------------------- driver
def _check(steps, probability, resample, nodes) -> None:
    if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or not 1 <= steps <= 16:
        raise InputError(f"steps={steps!r}", field="steps",
                         expected="an integer 1..16 (steps on the 17-point Saaty scale)")
    if not isinstance(probability, (int, float)) or not 0.0 <= float(probability) <= 1.0:
        raise InputError(f"probability={probability!r}", field="probability",
                         expected="a probability in [0, 1]")
    if resample and not any(len(n.experts) > 1 for n in nodes):
        raise InputError("no node has several experts to resample", field="resample_experts",
                         expected="a group judgments file (experts), or resample_experts=False")


def ahp_monte_carlo(judgments, criteria=None, *, draws: int = 1000, steps: int = 1,
                    probability: float = 0.2, resample_experts: bool = False,
                    method: str = "eigenvector", ri_table: str = "saaty1980",
                    cr_threshold: float = 0.1, level: float = 0.9, seed: int | None = None,
                    chunk_size: int | None = None, workers: int | None = None,
                    scheduler: str | None = None, threads: int | None = None,
                    progress: bool = False, name: str = "judgments") -> MonteCarloResult:
    """Distribution of AHP (global) weights and ranks under perturbed or resampled judgments.

    Parameters
    ----------
    judgments
        A judgments file (YAML/JSON/Excel questionnaire), a :class:`Hierarchy`, its dictionary
        form, or one matrix (with ``criteria``).
    steps, probability
        Saaty-scale perturbation: each upper-triangle judgment moves with ``probability`` by
        1..``steps`` steps (module docstring); ``probability=0`` disables it.
    resample_experts
        Bootstrap the experts of every group node (AIJ aggregation of the resample).
    method, ri_table, cr_threshold
        As :func:`revitalize.evaluate.ahp.ahp`.
    draws, level, seed, chunk_size, workers, scheduler, threads, progress
        As :func:`revitalize.uncertainty.io_mc.io_monte_carlo`.
    """
    check_options(method, ri_table)
    if isinstance(judgments, (str, Path)) and name == "judgments":
        name = Path(judgments).name
    root, provenance = _hierarchy(judgments, criteria, name)
    nodes, leaves = _flatten(root, name)
    _check(steps, probability, resample_experts, nodes)
    opts = run_options(draws=draws, seed=seed, chunk_size=chunk_size, level=level,
                       workers=workers, scheduler=scheduler, threads=threads,
                       progress=progress, problem_size=1)
    payload = AHPPayload(nodes, len(leaves), int(steps), float(probability),
                         bool(resample_experts), method, ri_table)
    point_w, point_cr = _point(payload)
    _warn_inconsistent(nodes, point_cr, cr_threshold, name)
    combined = run_chunks(_ahp_chunk, payload, opts, label="ahp judgments")
    items = pd.Index(leaves, name="criterion")
    consistency, cr_draws = _consistency(nodes, point_cr, combined["cr"], cr_threshold)
    meta = build_meta("monte_carlo ahp", conventions={
        "perturbation": PERTURBATION_RULE if probability > 0 else "none (probability 0)",
        "steps": int(steps) if probability > 0 else None, "probability": float(probability),
        "resample_experts": bool(resample_experts),
        "group": "aij: weighted geometric mean of the judgments; a resampled expert counts "
                 "as often as drawn" if any(len(n.experts) > 1 for n in nodes) else None,
        "reciprocity": "upper triangle authoritative, a_ji = 1/a_ij exactly",
        "method": method, "ri_table": ri_table, "ri_source": RI_SOURCES[ri_table],
        "cr_threshold": cr_threshold, "synthesis": "distributive: leaves summed by name",
        "reciprocal_tol": RECIPROCAL_TOL}, provenance=provenance, rank_by="weight",
        **opts.meta())
    return assemble(items, None, {"weight": point_w}, batched_rank(point_w[np.newaxis])[0],
                    combined, opts.level, meta,
                    extra={"consistency": consistency, "cr_draws": cr_draws})


def _point(p: AHPPayload) -> tuple[np.ndarray, np.ndarray]:
    """Global leaf weights and node CRs of the unperturbed judgments (AIJ with the experts'
    weights, :func:`~revitalize.evaluate.ahp_group.aggregate_judgments`)."""
    weights, crs, glob = np.zeros(p.n_leaves), np.full(len(p.nodes), np.nan), {0: 1.0}
    for idx, node in enumerate(p.nodes):
        c = len(node.children)
        if c == 1:
            local, crs[idx] = np.ones(1), 0.0
        else:
            stack = judgment_stack(node.upper, c)
            res = ahp_batch(aggregate_judgments(stack, node.expert_weights)[np.newaxis],
                            method=p.method, ri_table=p.ri_table)
            local, crs[idx] = res.weights[0], res.cr[0]
        for j, (kind, target) in enumerate(node.targets):
            if kind == "leaf":
                weights[target] += glob[idx] * local[j]
            else:
                glob[target] = glob[idx] * local[j]
    return weights, crs


def _warn_inconsistent(nodes, point_cr, threshold: float, where: str) -> None:
    bad = [f"{n.name} ({cr:.3f})" for n, cr in zip(nodes, point_cr) if cr > threshold]
    if bad:
        _warn(f"{where}: the unperturbed judgments of nodes {bad} have CR > "
                      f"{threshold:g}; the draws start from inconsistent judgments",
                      AHPConsistencyWarning, stacklevel=3)


def _consistency(nodes, point_cr, cr, threshold) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = pd.Index([n.name for n in nodes], name="node")
    frame = pd.DataFrame({"experts": [len(n.experts) for n in nodes], "cr": point_cr,
                          "cr_median": np.median(cr, axis=0),
                          "p_consistent": (cr <= threshold).mean(axis=0)}, index=names)
    return frame, pd.DataFrame(cr, index=pd.RangeIndex(cr.shape[0], name="draw"), columns=names)

