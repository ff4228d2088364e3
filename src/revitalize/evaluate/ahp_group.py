"""Group AHP: several experts' judgment matrices on the same criteria, aggregated by a named rule.

Rules (Forman & Peniwati 1998, "Aggregating individual judgments and priorities with the
analytic hierarchy process", *EJOR* 108:165-169):

* ``"aij"`` -- aggregation of individual judgments: the element-wise weighted geometric mean
  ``g_ij = prod_k a_ij(k)^lambda_k`` (``sum lambda_k = 1``), the only mean that keeps the group
  matrix reciprocal (Aczel & Saaty 1983, *J. Math. Psychol.* 27:93-102); the group matrix is
  then weighted like any matrix, with its own ``lambda_max``, CI and CR.
* ``"aip"`` -- aggregation of individual priorities: each expert's weight vector, then their
  weighted ``aip_mean`` -- ``"arithmetic"`` ``w = sum_k lambda_k w(k)`` or ``"geometric"``
  ``w ~ prod_k w(k)^lambda_k`` renormalised to sum 1. There is no group matrix, so no group CR.

Every expert's matrix is validated and its CR screened and reported (``extra["experts"]`` and
``meta["experts"]``): an inconsistent expert gets an
:class:`~revitalize.evaluate.ahp.AHPConsistencyWarning` naming the expert and the most
inconsistent judgment. ``drop_inconsistent=True`` leaves such experts out (with a warning naming
them); by default every expert counts. Expert weights ``lambda_k`` are positive numbers; when
they do not sum to 1 they are divided by their sum, with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.evaluate.ahp import (
    CR_THRESHOLD,
    RECIPROCAL_TOL,
    AHPResult,
    as_judgment_matrix,
    check_options,
    conventions_for,
    describe_inconsistency,
    most_inconsistent,
    result_from_matrix,
    warn_inconsistent,
)
from revitalize.evaluate.ahp_batch import consistency, random_index, weights_for
from revitalize.results import build_meta

__all__ = ["AHPGroupResult", "GROUP_RULES", "AIP_MEANS", "ahp_group", "aggregate_judgments",
           "aggregate_priorities", "expert_weight_vector"]

GROUP_RULES = ("aij", "aip")
AIP_MEANS = ("arithmetic", "geometric")


# ---------------------------------------------------------------------------- kernels
def aggregate_judgments(stack: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """AIJ: ``g_ij = exp(sum_k lambda_k log a_ij(k))`` over a stack ``(m, n, n)``."""
    return np.exp(np.tensordot(weights, np.log(stack), axes=1))


def aggregate_priorities(w: np.ndarray, weights: np.ndarray, mean: str) -> np.ndarray:
    """AIP: weighted arithmetic mean of the rows of ``w (m, n)``, or normalised geometric mean."""
    if mean == "arithmetic":
        return weights @ w
    g = np.exp(weights @ np.log(w))
    return g / g.sum()


def expert_weight_vector(expert_weights: Any, names: Sequence[str], where: str) -> np.ndarray:
    """Expert weights as a vector summing to 1 (equal when None; warns when renormalised)."""
    m = len(names)
    if expert_weights is None:
        return np.full(m, 1.0 / m)
    if isinstance(expert_weights, Mapping):
        missing = [n for n in names if n not in expert_weights]
        if missing:
            raise InputError(f"no weight for experts {missing}", file=where,
                             field="expert_weights", expected="one weight per expert")
        expert_weights = [expert_weights[n] for n in names]
    try:
        lam = np.array(expert_weights, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"expert weights are not numbers: {expert_weights!r}", file=where,
                         field="expert_weights", expected="positive numbers") from None
    if lam.size != m:
        raise InputError(f"{lam.size} expert weights for {m} experts", file=where,
                         field="expert_weights", expected=f"{m} weights")
    bad = np.flatnonzero(~np.isfinite(lam) | (lam <= 0))
    if bad.size:
        k = int(bad[0])
        raise InputError(f"weight {lam[k]:g} of expert {names[k]!r}", file=where,
                         field="expert_weights", expected="positive finite weights")
    total = float(lam.sum())
    if abs(total - 1) > 1e-9:
        _warn(f"{where}: expert weights sum to {total:g}, not 1; divided by their sum",
                      DataQualityWarning, stacklevel=3)
    return lam / total


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class AHPGroupResult(AHPResult):
    """Group weights: ``table`` ``criterion -> weight``; ``extra["experts"]`` one row per expert
    (weight, lambda_max, ci, cr, consistent, included), ``extra["individual_weights"]`` (criteria
    x experts) and, for AIJ, ``extra["group_matrix"]``."""

    def summary(self) -> str:
        """A statsmodels-like text table (:data:`~revitalize.results.SUMMARY_WIDTH` wide), laid
        out like :meth:`AHPResult.summary` with the same helpers.

        The one-line verdict (rule, number of experts, method, group CR), then a header (group,
        rule and its source, experts given and included, method, criteria, the AIJ group
        matrix's ``lambda_max``, ``CI``, ``RI(n)``, ``CR = CI/RI``, threshold and verdict; AIP
        has no group matrix and so no group CR), one row per expert (its weight ``lambda_k``,
        ``lambda_max``, ``CI``, ``CR`` of its own matrix, whether it is consistent and whether
        it was aggregated), and the criteria by rank (1 = largest group weight, ties share the
        smaller rank) with the between-expert dispersion of the included experts' own weights
        ``w_i(k)``: minimum, maximum and geometric standard deviation ``GSD_i = exp(sd_k ln
        w_i(k))`` (sample standard deviation; ``--`` for one expert).
        """
        import textwrap

        from revitalize.results import SUMMARY_WIDTH, _frame_text, _short, _two_columns

        m, width = self.meta, SUMMARY_WIDTH
        conv = m["conventions"]
        rule = conv["group"] + (f", {conv['aip_mean']} mean" if conv["group"] == "aip" else "")
        experts = self.extra["experts"]
        used = experts.index[experts["included"].astype(bool)]
        has_cr = m.get("cr") is not None
        verdict = ("no group matrix (AIP), so no group CR" if not has_cr else "acceptable"
                   if m["consistent"] else f"NOT acceptable (CR > {conv['cr_threshold']:g})")
        title = (f"AHP group ({rule}) of {len(experts)} experts, {conv['method']}: "
                 + (f"group CR = {m['cr']:.4f} -- {verdict}" if has_cr else verdict))
        heavy, light = "=" * width, "-" * width
        label = conv["group"].upper() + (f" ({conv['aip_mean']} mean)"
                                         if conv["group"] == "aip" else "")
        pairs = [("Group", _short(m.get("name", "group"), 24)), ("Rule", label),
                 ("Experts", str(len(experts))), ("Included", str(len(used))),
                 ("Method", conv["method"]), ("Criteria", str(m["n"]))]
        if has_cr:
            pairs += [("lambda_max", f"{m['lambda_max']:.4f}"), ("CI", f"{m['ci']:.4f}"),
                      ("RI(n)", f"{m['ri']:g}"), ("Group CR", f"{m['cr']:.4f}"),
                      ("Threshold", f"CR <= {conv['cr_threshold']:g}"), ("Verdict", verdict)]
        pairs += [("Expert CR", f"<= {conv['cr_threshold']:g} expected"),
                  ("RI table", m["ri_table"]),
                  ("Version", f"{m.get('package', 'revitalize')} {m.get('version', '')}".strip())]
        lines = [*textwrap.wrap(title, width), heavy, *_two_columns(pairs, width)]
        lines += textwrap.wrap(f"rule: {conv['group_rule']}", width, subsequent_indent="  ")
        lines += [light, "Experts (lambda_k: expert weight; CR = CI/RI(n) of the expert's own "
                         "matrix)"]
        rows = pd.DataFrame({
            "lambda_k": experts["weight"].map(lambda v: f"{v:.4f}"),
            "lambda_max": experts["lambda_max"].map(lambda v: f"{v:.4f}"),
            "CI": experts["ci"].map(lambda v: f"{v:.4f}"),
            "CR": experts["cr"].map(lambda v: f"{v:.4f}"),
            "consistent": experts["consistent"].map(lambda v: "yes" if v else "NO"),
            "included": experts["included"].map(lambda v: "yes" if v else "no")},
            index=experts.index)
        rows.index = pd.Index([_short(e, 16) for e in experts.index], name="expert")
        lines += _frame_text(rows, width, len(rows))
        w = self.table["weight"]
        ind = self.extra["individual_weights"][list(used)]
        gsd = (np.exp(np.log(ind).std(axis=1, ddof=1)) if len(used) > 1
               else pd.Series(np.nan, index=ind.index))
        order = w.sort_values(ascending=False, kind="stable").index
        rank = w.rank(ascending=False, method="min").astype(int)
        crit = pd.DataFrame({
            "weight": [f"{w[c]:.4f}" for c in order], "rank": [str(rank[c]) for c in order],
            "min": [f"{ind.loc[c].min():.4f}" for c in order],
            "max": [f"{ind.loc[c].max():.4f}" for c in order],
            "GSD": ["--" if np.isnan(gsd[c]) else f"{gsd[c]:.4f}" for c in order]},
            index=pd.Index(order, name="criterion"))
        lines += [light, *textwrap.wrap(f"Group weights by rank; min, max and GSD of the "
                                        f"{len(used)} included experts' weights", width)]
        lines += _frame_text(crit, width, len(crit))
        if has_cr and not m["consistent"] and m.get("most_inconsistent"):
            lines += [light, *textwrap.wrap("group matrix: " + describe_inconsistency(
                m["most_inconsistent"]), width)]
        lines.append(heavy)
        return "\n".join(lines)


def _expert_inputs(matrices: Any, experts: Sequence[str] | None) -> tuple[list[str], list[Any]]:
    if isinstance(matrices, Mapping):
        names, mats = [str(k) for k in matrices], list(matrices.values())
    else:
        mats = list(matrices)
        names = [str(e) for e in experts] if experts is not None else [
            f"E{k + 1}" for k in range(len(mats))]
    if not mats:
        raise InputError("no expert matrices", field="experts", expected="one matrix per expert")
    if len(names) != len(mats) or len(set(names)) != len(names):
        raise InputError(f"{len(names)} expert names for {len(mats)} matrices, or repeated names",
                         field="experts", expected="one distinct name per matrix")
    return names, mats


def _stack(mats: list[Any], names: list[str], criteria, where: str, reciprocal_tol: float,
           scale_max: float | None) -> tuple[np.ndarray, list[str]]:
    arrays, labels = [], None
    for nm, mat in zip(names, mats):
        own = criteria if criteria is not None or isinstance(mat, pd.DataFrame) else labels
        a, lab = as_judgment_matrix(mat, own,
                                    where=f"{where}: expert {nm}", reciprocal_tol=reciprocal_tol,
                                    scale_max=scale_max)
        if labels is not None and lab != labels:
            raise InputError(f"expert {nm!r} compares {lab}", file=where, field="criteria",
                             expected=f"the criteria of the first expert, in order: {labels}")
        arrays.append(a)
        labels = lab
    return np.stack(arrays), labels


def _screen(stack, names, labels, lam_w, method, ri_table, cr_threshold,
            where) -> tuple[pd.DataFrame, np.ndarray]:
    """Per-expert weights and consistency (one kernel call on the stack), warning on each CR."""
    n = stack.shape[1]
    w, lam = weights_for(stack, method)
    ci, cr = consistency(lam, n, random_index(n, ri_table))
    rows = []
    for k, nm in enumerate(names):
        ok = bool(cr[k] <= cr_threshold)
        worst = None if ok else most_inconsistent(stack[k], w[k], labels)
        if not ok:
            warn_inconsistent(f"{where}: expert {nm}", float(cr[k]), cr_threshold, ri_table,
                              worst)
        rows.append({"expert": nm, "weight": float(lam_w[k]), "lambda_max": float(lam[k]),
                     "ci": float(ci[k]), "cr": float(cr[k]), "consistent": ok,
                     "most_inconsistent": worst})
    return pd.DataFrame(rows).set_index("expert"), w


def ahp_group(matrices: Any, criteria: Sequence[str] | None = None, *,
              experts: Sequence[str] | None = None, expert_weights: Any = None,
              group: Literal["aij", "aip"] = "aij",
              aip_mean: Literal["arithmetic", "geometric"] = "arithmetic",
              method: str = "eigenvector", ri_table: str = "saaty1980",
              cr_threshold: float = CR_THRESHOLD, reciprocal_tol: float = RECIPROCAL_TOL,
              scale_max: float | None = 9.0, drop_inconsistent: bool = False,
              name: str = "group") -> AHPGroupResult:
    """Group weights from several experts' judgment matrices.

    Parameters
    ----------
    matrices : sequence of array_like, or mapping expert name -> matrix
        One ``n x n`` judgment matrix per expert, same criteria in the same order.
    criteria : sequence of str, optional
        Criterion names (default: the first DataFrame's labels, else ``C1..Cn``).
    experts : sequence of str, optional
        Expert names when ``matrices`` is a sequence (default ``E1..Em``).
    expert_weights : sequence or mapping of float, optional
        Relative weights ``lambda_k`` (default equal).
    group : {"aij", "aip"}
        Aggregation rule (module docstring).
    aip_mean : {"arithmetic", "geometric"}
        Mean of the individual priorities under ``"aip"``.
    method, ri_table, cr_threshold, reciprocal_tol, scale_max
        As in :func:`revitalize.evaluate.ahp.ahp` (applied to every expert).
    drop_inconsistent : bool
        Leave out experts whose CR exceeds ``cr_threshold`` (warns naming them).
    name : str
        What the group is called in messages.

    Returns
    -------
    AHPGroupResult
    """
    check_options(method, ri_table)
    if group not in GROUP_RULES or aip_mean not in AIP_MEANS:
        raise InputError(f"unknown group rule {group!r} / aip_mean {aip_mean!r}", file=name,
                         field="group", expected=f"group in {GROUP_RULES}, aip_mean in {AIP_MEANS}")
    names, mats = _expert_inputs(matrices, experts)
    stack, labels = _stack(mats, names, criteria, name, reciprocal_tol, scale_max)
    lam_w = expert_weight_vector(expert_weights, names, name)
    screen, w_ind = _screen(stack, names, labels, lam_w, method, ri_table, cr_threshold, name)
    keep = screen["consistent"].to_numpy() if drop_inconsistent else np.ones(len(names), bool)
    if not keep.any():
        raise InputError(f"every expert's CR exceeds {cr_threshold:g}; none left to aggregate",
                         file=name, field="drop_inconsistent",
                         expected="at least one consistent expert, or drop_inconsistent=False")
    if not keep.all():
        _warn(f"{name}: experts left out for CR > {cr_threshold:g}: "
                      f"{', '.join(n for n, k in zip(names, keep) if not k)}",
                      DataQualityWarning, stacklevel=2)
    screen["included"] = keep
    lam_used = lam_w[keep] / lam_w[keep].sum()
    return _aggregate(stack[keep], screen, w_ind, labels, lam_used, group=group, aip_mean=aip_mean,
                      method=method, ri_table=ri_table, cr_threshold=cr_threshold,
                      reciprocal_tol=reciprocal_tol, name=name)


def _aggregate(stack, screen, w_ind, labels, lam, *, group, aip_mean, method, ri_table, cr_threshold,
               reciprocal_tol, name) -> AHPGroupResult:
    conv = conventions_for(method, ri_table, cr_threshold, reciprocal_tol)
    conv.update(group=group, aip_mean=aip_mean if group == "aip" else None,
                group_rule="element-wise weighted geometric mean of judgments (Forman & "
                           "Peniwati 1998)" if group == "aij" else
                           f"weighted {aip_mean} mean of individual priorities (Forman & "
                           f"Peniwati 1998)", drop_inconsistent=bool((~screen["included"]).any()))
    individual = pd.DataFrame(w_ind.T, index=pd.Index(labels, name="criterion"),
                              columns=screen.index)
    experts = screen.reset_index()
    expert_records = experts.to_dict(orient="records")
    extra: dict[str, Any] = {"experts": screen.drop(columns="most_inconsistent"),
                             "individual_weights": individual}
    if group == "aij":
        g = aggregate_judgments(stack, lam)
        res = result_from_matrix(g, labels, method=method, ri_table=ri_table,
                                 cr_threshold=cr_threshold, reciprocal_tol=reciprocal_tol,
                                 where=f"{name} (AIJ group matrix)")
        meta = {k: res.meta[k] for k in ("n", "lambda_max", "ci", "cr", "ri", "consistent",
                                         "most_inconsistent")}
        w = res.table["weight"].to_numpy()
        extra["group_matrix"] = res.extra["matrix"]
    else:
        w = aggregate_priorities(w_ind[screen["included"].to_numpy()], lam, aip_mean)
        meta = {"n": len(labels), "lambda_max": None, "ci": None, "cr": None,
                "ri": random_index(len(labels), ri_table), "consistent": None,
                "most_inconsistent": None}
    meta_all = build_meta("ahp_group", conventions=conv, name=name, ri_table=ri_table,
                          experts=expert_records, **meta)
    meta_all = MappingProxyType({**meta_all, "method": conv["method"], "analysis": "ahp_group"})
    table = pd.DataFrame({"weight": w}, index=pd.Index(labels, name="criterion"))
    return AHPGroupResult(table=table, meta=meta_all, extra=extra)
