"""Radial DEA: CCR and BCC (envelopment form, two phases), super-efficiency, scale efficiency.

Notation (Cooper, Seiford & Tone 2007, *Data Envelopment Analysis*, 2nd ed., ch. 3-5): ``n``
DMUs evaluated against ``k`` reference DMUs; inputs ``X`` (rows = DMUs, m columns), outputs ``Y``
(s columns); DMU ``o`` has ``x_o``, ``y_o``; intensity weights ``lambda`` (k).

Phase 1, input orientation (the CCR envelopment form, CST 2007 ch. 3; equation numbers of the
book are not cited here because they were not checked offline)::

    theta* = min theta  s.t.  X' lambda <= theta x_o,  Y' lambda >= y_o,  lambda >= 0

output orientation (CST 2007 ch. 3; efficiency reported as 1 / eta*, as Coelli et al. 2005 do)::

    eta* = max eta  s.t.  X' lambda <= x_o,  Y' lambda >= eta y_o,  lambda >= 0

Returns to scale add one row on ``sum(lambda)``: ``crs`` none (CCR, Charnes, Cooper & Rhodes
1978), ``vrs`` ``= 1`` (BCC, Banker, Charnes & Cooper 1984), ``nirs`` ``<= 1``, ``ndrs`` ``>= 1``.

Phase 2 fixes theta* (eta*) and maximises the (unweighted) sum of slacks (CST 2007 ch. 3)::

    max 1's- + 1's+  s.t.  X' lambda + s- = theta* x_o,  Y' lambda - s+ = y_o

Targets (projections onto the frontier, CST 2007 ch. 3): ``x^ = theta* x_o - s-``, ``y^ = y_o + s+``
(output: ``x^ = x_o - s-``, ``y^ = eta* y_o + s+``). A DMU is CCR/BCC-efficient when theta* = 1
and all slacks are zero (CST definition 3.2), weakly efficient when only theta* = 1.

Scale efficiency ``SE = TE_crs / TE_vrs``; returns to scale classified by the NIRS test (Färe,
Grosskopf & Lovell 1985; Coelli et al. 2005, ch. 6 on scale efficiency): constant when TE_crs = TE_vrs, else
decreasing when TE_nirs = TE_vrs, else increasing.

Super-efficiency (Andersen & Petersen 1993): the same LP with DMU ``o`` removed from its own
reference set; the score may exceed 1. Under VRS (and in some CRS output-oriented cases) the LP
may have no solution; such DMUs are reported as ``infeasible`` with a NaN score, never a number
(Seiford & Zhu 1999).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from revitalize.efficiency._lp import (
    COLUMN_GENERATION_ABOVE,
    OPTIMAL,
    STATUS_NAMES,
    BlockLP,
    nondominated,
    seed_columns,
    solve_blocks,
)
from revitalize.efficiency.results import EfficiencyResult
from revitalize.efficiency.validate import as_choice, as_dea_data
from revitalize.errors import DataQualityWarning
from revitalize.errors import warn as _warn
from revitalize.results import build_meta

__all__ = ["RadialSolution", "dea", "radial_kernel", "scale_efficiency", "super_efficiency"]

RTS = ("crs", "vrs", "nirs", "ndrs")
#: reference sets up to this size are first reduced to their non-dominated DMUs
REDUCE_UP_TO = 2000
ORIENTATIONS = ("input", "output")
_SOURCE = ("Cooper, Seiford & Tone (2007) Data Envelopment Analysis, 2nd ed., ch. 3-4 "
           "(CCR, BCC, two-phase slacks)")


@dataclass(frozen=True)
class RadialSolution:
    """Kernel output: ``score`` theta* (input) or eta* (output), ``lambdas`` (n x k, sparse),
    ``slack_in`` (n, m), ``slack_out`` (n, s), ``status`` (n,) linprog codes of phase 1 and
    ``status_phase_two`` (n,) (-1 where phase 2 was not run)."""

    score: np.ndarray
    lambdas: sp.csr_matrix
    slack_in: np.ndarray
    slack_out: np.ndarray
    status: np.ndarray
    status_phase_two: np.ndarray


def _rts_rows(rts: str, n: int, k: int, p: int):
    """(ub part, eq part) rows on sum(lambda): (own (n, r, p), lam (r, k), rhs (n, r))."""
    none = (np.zeros((n, 0, p)), np.zeros((0, k)), np.zeros((n, 0)))
    one = np.ones((1, k))
    row = (np.zeros((n, 1, p)), one, np.ones((n, 1)))
    if rts == "vrs":
        return none, row
    if rts == "nirs":
        return row, none
    if rts == "ndrs":
        return (np.zeros((n, 1, p)), -one, -np.ones((n, 1))), none
    return none, none


def _cat(*parts):
    own = np.concatenate([q[0] for q in parts], axis=1)
    lam = np.concatenate([q[1] for q in parts], axis=0)
    rhs = np.concatenate([q[2] for q in parts], axis=1)
    return own, lam, rhs


def _seeds(Xr, Yr):
    return seed_columns(Xr, Yr) if Xr.shape[0] > COLUMN_GENERATION_ABOVE else None


def _phase_one(X, Y, Xr, Yr, rts, orientation, lam_upper, batched):
    n, m = X.shape
    s, k = Y.shape[1], Xr.shape[0]
    if orientation == "input":  # -theta x_o + X'l <= 0 ; -Y'l <= -y_o
        ins = (-X[:, :, None], Xr.T, np.zeros((n, m)))
        outs = (np.zeros((n, s, 1)), -Yr.T, -Y)
        c_own = np.ones((n, 1))
    else:  # X'l <= x_o ; eta y_o - Y'l <= 0
        ins = (np.zeros((n, m, 1)), Xr.T, X)
        outs = (Y[:, :, None], -Yr.T, np.zeros((n, s)))
        c_own = -np.ones((n, 1))
    ub_rts, eq_rts = _rts_rows(rts, n, k, 1)
    a_ub, l_ub, b_ub = _cat(ins, outs, ub_rts)
    lp = BlockLP(c_own, np.zeros(k), a_ub, l_ub, b_ub, *eq_rts, ((None, None),), lam_upper)
    own, lam, status = solve_blocks(lp, batched=batched, columns=_seeds(Xr, Yr))
    return own[:, 0], lam, status


def _phase_two(X, Y, Xr, Yr, rts, orientation, score, lam_upper, batched, used=None):
    n, m = X.shape
    s, k = Y.shape[1], Xr.shape[0]
    p = m + s
    own_in = np.zeros((n, m, p))
    own_in[:, np.arange(m), np.arange(m)] = 1.0
    own_out = np.zeros((n, s, p))
    own_out[:, np.arange(s), m + np.arange(s)] = -1.0
    rhs_in = X * score[:, None] if orientation == "input" else X
    rhs_out = Y if orientation == "input" else Y * score[:, None]
    ub_rts, eq_rts = _rts_rows(rts, n, k, p)
    a_eq, l_eq, b_eq = _cat((own_in, Xr.T, rhs_in), (own_out, Yr.T, rhs_out), eq_rts)
    lp = BlockLP(-np.ones((n, p)), np.zeros(k), *ub_rts, a_eq, l_eq, b_eq,
                 tuple((0.0, None) for _ in range(p)), lam_upper)
    seeds = _seeds(Xr, Yr)
    if seeds is not None and used is not None:
        seeds = np.union1d(seeds, used)
    own, lam, status = solve_blocks(lp, batched=batched, columns=seeds)
    return own[:, :m], own[:, m:p], lam, status


def radial_kernel(X: np.ndarray, Y: np.ndarray, Xref: np.ndarray | None = None,
                  Yref: np.ndarray | None = None, *, rts: str = "crs",
                  orientation: str = "input", phase_two: bool = True, exclude_self: bool = False,
                  batched: bool = True, reduce_reference: bool = True) -> RadialSolution:
    """Two-phase radial DEA of the rows of ``(X, Y)`` against the reference ``(Xref, Yref)``.

    Formulas in the module docstring. ``Xref``/``Yref`` default to ``X``/``Y`` (the usual case);
    another period's data give the cross-period distances of the Malmquist index.
    ``exclude_self`` removes DMU ``i`` from the reference of row ``i`` (super-efficiency; the
    reference must then be the evaluated set). ``batched`` stacks the DMUs' LPs into
    block-diagonal LPs; ``reduce_reference`` restricts the reference to non-dominated DMUs
    (exact, see :mod:`revitalize.efficiency._lp`; not applied with ``exclude_self``).
    """
    Xref = X if Xref is None else Xref
    Yref = Y if Yref is None else Yref
    n, k_all = X.shape[0], Xref.shape[0]
    if exclude_self:
        ref = np.arange(k_all)
        lam_upper = np.full((n, k_all), np.inf)
        lam_upper[np.arange(n), np.arange(n)] = 0.0
    else:
        # dominance filtering is O(k^2); above REDUCE_UP_TO column generation alone is cheaper
        small = k_all <= REDUCE_UP_TO
        ref = nondominated(Xref, Yref) if reduce_reference and small else np.arange(k_all)
        lam_upper = None
    Xr, Yr = Xref[ref], Yref[ref]
    score, lam, status = _phase_one(X, Y, Xr, Yr, rts, orientation, lam_upper, batched)
    s_in = np.full(X.shape, np.nan)
    s_out = np.full(Y.shape, np.nan)
    status2 = np.full(n, -1)
    ok = status == OPTIMAL
    if phase_two and ok.any():
        up = None if lam_upper is None else lam_upper[ok]
        used = np.unique(lam[np.flatnonzero(ok)].indices)
        si, so, lam2, st2 = _phase_two(X[ok], Y[ok], Xr, Yr, rts, orientation, score[ok], up,
                                       batched, used)
        status2[ok] = st2
        done = st2 == OPTIMAL
        good = np.flatnonzero(ok)[done]
        s_in[good] = np.maximum(si[done], 0.0)  # HiGHS returns -0.0 / -1e-17
        s_out[good] = np.maximum(so[done], 0.0)
        keep = np.ones(n)
        keep[good] = 0.0
        move = sp.csr_matrix((np.ones(len(good)), (good, np.flatnonzero(done))),
                             shape=(n, len(st2)))
        lam = sp.diags(keep) @ lam + move @ lam2
    coo = sp.coo_matrix(lam)
    full = sp.csr_matrix((coo.data, (coo.row, ref[coo.col])), shape=(n, k_all))
    return RadialSolution(score, full, s_in, s_out, status, status2)


# ----------------------------------------------------------------------------- labelled shells
def _efficiency(score: np.ndarray, orientation: str) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return score if orientation == "input" else np.where(score > 0, 1.0 / score, np.nan)


def _lambda_frame(lambdas: sp.spmatrix, labels, ref_labels) -> pd.DataFrame:
    coo = lambdas.tocoo()
    return pd.DataFrame({"dmu": np.asarray(labels)[coo.row], "peer": np.asarray(ref_labels)[coo.col],
                         "lambda": coo.data})


def _peers(lam: pd.DataFrame, labels) -> list[str]:
    groups = lam.groupby("dmu", sort=False)["peer"].apply(lambda p: ", ".join(map(str, p)))
    return [groups.get(label, "") for label in labels]


def dea(data: pd.DataFrame, *, inputs, outputs, rts: str = "crs", orientation: str = "input",
        tolerance: float = 1e-6) -> EfficiencyResult:
    """CCR (``rts="crs"``) or BCC (``rts="vrs"``) efficiency with slacks, targets and peers.

    Parameters
    ----------
    data
        DMUs as rows (index = labels), variables as columns, non-negative.
    inputs, outputs
        Column names of the inputs and (desirable) outputs.
    rts
        ``"crs"`` (CCR), ``"vrs"`` (BCC), ``"nirs"`` or ``"ndrs"``.
    orientation
        ``"input"`` (theta*, radial input contraction) or ``"output"`` (eta*, radial output
        expansion; ``efficiency = 1 / eta*``).
    tolerance
        A DMU is on the frontier when ``efficiency >= 1 - tolerance``; a slack counts when it
        exceeds ``tolerance`` times the variable's value.

    Returns
    -------
    EfficiencyResult
        ``table`` by DMU: ``efficiency``, ``theta`` or ``eta``, ``efficient`` (theta* = 1, no
        slack), ``weakly_efficient``, ``slack_<var>``, ``target_<var>``, ``peers``, ``status``;
        ``extra["lambdas"]`` (dmu, peer, lambda).
    """
    as_choice(rts, "rts", RTS)
    as_choice(orientation, "orientation", ORIENTATIONS)
    d = as_dea_data(data, inputs=inputs, outputs=outputs)
    sol = radial_kernel(d.X, d.Y, rts=rts, orientation=orientation)
    eff = _efficiency(sol.score, orientation)
    table = pd.DataFrame({"efficiency": eff,
                          ("theta" if orientation == "input" else "eta"): sol.score},
                         index=d.labels)
    scale_in = np.maximum(d.X, 1.0) * tolerance
    scale_out = np.maximum(d.Y, 1.0) * tolerance
    # a slack within the tolerance is solver noise (HiGHS leaves 1e-11..1e-9): reported as 0,
    # so that the slack columns, the targets and the `efficient` flag say the same thing
    sol = replace(sol, slack_in=np.where(sol.slack_in > scale_in, sol.slack_in, 0.0),
                  slack_out=np.where(sol.slack_out > scale_out, sol.slack_out, 0.0))
    has_slack = (sol.slack_in > 0).any(axis=1) | (sol.slack_out > 0).any(axis=1)
    table["weakly_efficient"] = eff >= 1 - tolerance
    table["efficient"] = table["weakly_efficient"] & ~has_slack
    _slacks_and_targets(table, d, sol, orientation)
    lam = _lambda_frame(sol.lambdas, d.labels, d.labels)
    table["peers"] = _peers(lam, d.labels)
    table["status"] = [STATUS_NAMES.get(int(s), str(s)) for s in sol.status]
    _warn_failed(table, "dea")
    table.index.name = "dmu"
    method = {"crs": "dea_ccr", "vrs": "dea_bcc"}.get(rts, f"dea_{rts}")
    meta = build_meta(method, conventions={
        "rts": rts, "orientation": orientation, "model": "envelopment, two-phase",
        "slack_objective": "unweighted sum of slacks (CST 2007 ch. 3)",
        "tolerance": tolerance, "solver": "scipy.optimize.linprog(method='highs'), batched",
        "slacks": "0 where within tolerance x max(value, 1) (solver noise)",
        "inputs": list(d.inputs), "outputs": list(d.outputs)}, score_column="efficiency",
        source=_SOURCE)
    return EfficiencyResult(table=table, meta=meta, extra={"lambdas": lam})


def _slacks_and_targets(table: pd.DataFrame, d, sol: RadialSolution, orientation: str) -> None:
    """Add ``slack_<var>`` and ``target_<var>`` columns (module docstring: projections)."""
    n = len(table)
    theta = sol.score if orientation == "input" else np.ones(n)
    eta = sol.score if orientation == "output" else np.ones(n)
    for j, name in enumerate(d.inputs):
        table[f"slack_{name}"] = sol.slack_in[:, j]
    for j, name in enumerate(d.outputs):
        table[f"slack_{name}"] = sol.slack_out[:, j]
    for j, name in enumerate(d.inputs):
        table[f"target_{name}"] = theta * d.X[:, j] - sol.slack_in[:, j]
    for j, name in enumerate(d.outputs):
        table[f"target_{name}"] = eta * d.Y[:, j] + sol.slack_out[:, j]


def _warn_failed(table: pd.DataFrame, what: str) -> None:
    bad = table.index[table["status"] != "optimal"]
    if len(bad):
        _warn(f"{what}: {len(bad)} DMU(s) without an optimal LP solution, first {bad[0]!r} "
              f"({table.loc[bad[0], 'status']}); their scores are NaN", DataQualityWarning,
              row=bad[0])


def super_efficiency(data: pd.DataFrame, *, inputs, outputs, rts: str = "crs",
                     orientation: str = "input") -> EfficiencyResult:
    """Andersen-Petersen (1993) super-efficiency: each DMU against the others only.

    ``super_efficiency`` is ``theta*`` (input) or ``1 / eta*`` (output) and may exceed 1;
    ``feasible`` is False and the score NaN where the LP has no optimum (``status`` says
    ``infeasible`` or ``unbounded``), as happens for extreme DMUs under VRS (Seiford & Zhu 1999).
    """
    as_choice(rts, "rts", RTS)
    as_choice(orientation, "orientation", ORIENTATIONS)
    d = as_dea_data(data, inputs=inputs, outputs=outputs)
    sol = radial_kernel(d.X, d.Y, rts=rts, orientation=orientation, phase_two=False,
                        exclude_self=True)
    score = _efficiency(sol.score, orientation)
    status = [STATUS_NAMES.get(int(s), str(s)) for s in sol.status]
    status = [("unbounded" if st == "optimal" and not np.isfinite(v) else st)
              for st, v in zip(status, score, strict=True)]
    table = pd.DataFrame({"super_efficiency": score, "feasible": [s == "optimal" for s in status],
                          "status": status}, index=d.labels)
    table.loc[~table["feasible"], "super_efficiency"] = np.nan
    table.index.name = "dmu"
    meta = build_meta("super_efficiency_ap", conventions={
        "rts": rts, "orientation": orientation, "infeasible": "NaN with feasible=False",
        "inputs": list(d.inputs), "outputs": list(d.outputs)}, score_column="super_efficiency",
        source="Andersen & Petersen (1993) Management Science 39(10):1261-1264")
    return EfficiencyResult(table=table, meta=meta,
                            extra={"lambdas": _lambda_frame(sol.lambdas, d.labels, d.labels)})


def returns_to_scale_kernel(crs: np.ndarray, vrs: np.ndarray, nirs: np.ndarray,
                            tolerance: float = 1e-6) -> np.ndarray:
    """``"constant"`` where TE_crs = TE_vrs, else ``"decreasing"`` where TE_nirs = TE_vrs, else
    ``"increasing"`` (Färe, Grosskopf & Lovell 1985)."""
    return np.where(np.abs(crs - vrs) <= tolerance, "constant",
                    np.where(np.abs(nirs - vrs) <= tolerance, "decreasing", "increasing"))


def scale_efficiency(data: pd.DataFrame, *, inputs, outputs, orientation: str = "input",
                     tolerance: float = 1e-6) -> EfficiencyResult:
    """CRS, VRS and NIRS technical efficiency, ``scale_efficiency = crs / vrs`` in (0, 1] and the
    returns-to-scale class of every DMU (module docstring)."""
    as_choice(orientation, "orientation", ORIENTATIONS)
    d = as_dea_data(data, inputs=inputs, outputs=outputs)
    te = {r: _efficiency(radial_kernel(d.X, d.Y, rts=r, orientation=orientation,
                                       phase_two=False).score, orientation)
          for r in ("crs", "vrs", "nirs")}
    table = pd.DataFrame({"crs": te["crs"], "vrs": te["vrs"], "nirs": te["nirs"]}, index=d.labels)
    table["scale_efficiency"] = table["crs"] / table["vrs"]
    table["returns_to_scale"] = returns_to_scale_kernel(te["crs"], te["vrs"], te["nirs"],
                                                        tolerance)
    table.index.name = "dmu"
    meta = build_meta("dea_scale_efficiency", conventions={
        "orientation": orientation, "rts_test": "NIRS (Färe, Grosskopf & Lovell 1985)",
        "tolerance": tolerance, "inputs": list(d.inputs), "outputs": list(d.outputs)},
        score_column="scale_efficiency", source=_SOURCE)
    return EfficiencyResult(table=table, meta=meta)
