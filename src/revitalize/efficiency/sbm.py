"""Non-radial DEA: slacks-based measure (SBM) and directional distance functions (DDF).

**SBM** (Tone 2001, EJOR 130:498-509; with undesirable outputs Tone 2004 and
the undesirable-outputs chapter of Cooper, Seiford & Tone 2007 -- section number not checked
offline)::

    rho* = min (1 - (1/m) sum_i s-_i / x_io) / (1 + 1/(s + h) (sum_r s+_r / y_ro + sum_l sb_l / b_lo))
    s.t.  x_o = X' lambda + s-,  y_o = Y' lambda - s+,  b_o = B' lambda + sb,  lambda, s >= 0
    (+ sum(lambda) = 1 under VRS)

solved through the Charnes-Cooper transformation (as in Tone 2001): with ``t > 0``,
``Lambda = t lambda``, ``S = t s``::

    min t - (1/m) sum S-_i / x_io
    s.t. t + 1/(s + h) (sum S+_r / y_ro + sum Sb_l / b_lo) = 1
         X' Lambda + S- = t x_o,  Y' Lambda - S+ = t y_o,  B' Lambda + Sb = t b_o

so ``rho* = objective``, ``lambda = Lambda / t``, ``s = S / t``. A zero input (or bad output)
drops its term from the ratio, as Tone (2001) prescribes; a zero desirable output is
refused (Tone replaces it by a small positive number, which would be a silent change here).
Properties (Tone 2001; theorem numbers not checked offline): ``0 < rho* <= 1``,
``rho* <= theta*_CCR`` (CRS), and
``rho* = 1`` iff the DMU is CCR-efficient (no slack).

**Directional distance function** (Chambers, Chung & Färe 1996; with bad outputs Chung, Färe &
Grosskopf 1997, J. Environ. Manage. 51:229-240)::

    beta* = max beta  s.t.  Y' lambda >= y_o + beta g_y,  X' lambda <= x_o - beta g_x,
                            B' lambda  = b_o - beta g_b   (weak disposability of bads),
                            lambda >= 0 (+ sum(lambda) = 1 under VRS)

with the direction ``g = (0, y_o, b_o)`` (expand goods, contract bads: "(y, -b)") by default.
``beta* = 0`` on the frontier; cross-period (or other-reference) LPs can be infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from revitalize.efficiency._lp import OPTIMAL, STATUS_NAMES, BlockLP, nondominated, solve_blocks
from revitalize.efficiency.dea import RTS, _lambda_frame, _peers, _rts_rows, _warn_failed
from revitalize.efficiency.results import EfficiencyResult
from revitalize.efficiency.validate import as_choice, as_dea_data
from revitalize.errors import InputError
from revitalize.results import build_meta

__all__ = ["DIRECTIONS", "ddf", "ddf_kernel", "sbm", "sbm_kernel"]

DIRECTIONS = ("outputs", "inputs_outputs")
BAD_DISPOSABILITY = ("weak", "strong")


@dataclass(frozen=True)
class SBMSolution:
    """``rho`` (n,), ``lambdas`` (n x k sparse), slacks ``s_in`` (n, m), ``s_out`` (n, s),
    ``s_bad`` (n, h), ``status`` (n,)."""

    rho: np.ndarray
    lambdas: sp.csr_matrix
    s_in: np.ndarray
    s_out: np.ndarray
    s_bad: np.ndarray
    status: np.ndarray


def _inv(a: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.where(a > 0, 1.0 / np.where(a > 0, a, 1.0), 0.0)


def _sparse_lambdas(lam: sp.spmatrix, ref: np.ndarray, k_all: int) -> sp.csr_matrix:
    """Weights over the reduced reference ``ref`` as columns of the full reference."""
    coo = sp.coo_matrix(lam)
    big = np.abs(coo.data) > 1e-12
    return sp.csr_matrix((coo.data[big], (coo.row[big], ref[coo.col[big]])),
                         shape=(lam.shape[0], k_all))


def sbm_kernel(X: np.ndarray, Y: np.ndarray, B: np.ndarray | None = None,
               Xref: np.ndarray | None = None, Yref: np.ndarray | None = None,
               Bref: np.ndarray | None = None, *, rts: str = "crs",
               batched: bool = True) -> SBMSolution:
    """Non-oriented SBM (Tone 2001), with undesirable outputs ``B`` when given (Tone 2004).

    Linearised as in the module docstring; per DMU the variables are ``[t, S-, S+, Sb]`` and
    ``Lambda``. The reference is reduced to its non-dominated DMUs (bads counted as inputs),
    which leaves ``rho*`` unchanged.
    """
    n, m = X.shape
    s = Y.shape[1]
    B = np.zeros((n, 0)) if B is None else B
    h = B.shape[1]
    Xref, Yref = (X, Y) if Xref is None else (Xref, Yref)
    Bref = (B if Bref is None else Bref) if h else np.zeros((Xref.shape[0], 0))
    ref = nondominated(np.hstack([Xref, Bref]), Yref)
    Xr, Yr, Br = Xref[ref], Yref[ref], Bref[ref]
    k, p = len(ref), 1 + m + s + h
    c_own = np.zeros((n, p))
    c_own[:, 0] = 1.0
    c_own[:, 1:1 + m] = -_inv(X) / m
    # normalisation row: t + 1/(s+h) (sum S+/y + sum Sb/b) = 1
    norm = np.zeros((n, 1, p))
    norm[:, 0, 0] = 1.0
    norm[:, 0, 1 + m:1 + m + s] = _inv(Y) / (s + h)
    norm[:, 0, 1 + m + s:] = _inv(B) / (s + h)
    rows = [(norm, np.zeros((1, k)), np.ones((n, 1)))]
    for data, ref_data, offset, sign in ((X, Xr, 1, 1.0), (Y, Yr, 1 + m, -1.0),
                                         (B, Br, 1 + m + s, 1.0)):
        q = data.shape[1]
        own = np.zeros((n, q, p))
        own[:, :, 0] = -data
        own[:, np.arange(q), offset + np.arange(q)] = sign
        rows.append((own, ref_data.T, np.zeros((n, q))))
    ub_rts, eq_rts = _rts_rows(rts, n, k, p)
    if rts == "vrs":  # sum(Lambda) = t
        own = np.zeros((n, 1, p))
        own[:, 0, 0] = -1.0
        eq_rts = (own, np.ones((1, k)), np.zeros((n, 1)))
    elif rts in ("nirs", "ndrs"):
        raise InputError(f"rts={rts!r} is not implemented for SBM", field="rts",
                         expected="'crs' or 'vrs'")
    rows.append(eq_rts)
    a_eq = np.concatenate([r[0] for r in rows], axis=1)
    l_eq = np.concatenate([r[1] for r in rows], axis=0)
    b_eq = np.concatenate([r[2] for r in rows], axis=1)
    lp = BlockLP(c_own, np.zeros(k), *ub_rts, a_eq, l_eq, b_eq,
                 tuple((0.0, None) for _ in range(p)))
    own, lam, status = solve_blocks(lp, batched=batched)
    t = own[:, :1]
    rho = np.sum(c_own * own, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = own / t
        lam = sp.diags(np.where(status == OPTIMAL, 1.0 / t[:, 0], 0.0)) @ lam
    return SBMSolution(rho, _sparse_lambdas(lam, ref, Xref.shape[0]),
                       np.maximum(scaled[:, 1:1 + m], 0.0),
                       np.maximum(scaled[:, 1 + m:1 + m + s], 0.0),
                       np.maximum(scaled[:, 1 + m + s:p], 0.0), status)


def ddf_kernel(X: np.ndarray, Y: np.ndarray, B: np.ndarray | None = None,
               Xref: np.ndarray | None = None, Yref: np.ndarray | None = None,
               Bref: np.ndarray | None = None, *, gx: np.ndarray | None = None,
               gy: np.ndarray | None = None, gb: np.ndarray | None = None, rts: str = "crs",
               bad_disposability: str = "weak", batched: bool = True):
    """Directional distance ``beta*`` of each row (module docstring) with direction
    ``(-gx, gy, -gb)``, default ``(0, y_o, b_o)``. Returns ``(beta, lambdas, status)``;
    ``beta`` is NaN where the LP is infeasible or unbounded."""
    n = X.shape[0]
    B = np.zeros((n, 0)) if B is None else B
    h = B.shape[1]
    Xref, Yref = (X, Y) if Xref is None else (Xref, Yref)
    Bref = (B if Bref is None else Bref) if h else np.zeros((Xref.shape[0], 0))
    gx = np.zeros_like(X) if gx is None else gx
    gy = Y if gy is None else gy
    gb = B if gb is None else gb
    if h and bad_disposability == "weak":
        ref = np.arange(Xref.shape[0])  # equality rows: dominance reduction is not exact
    else:
        ref = nondominated(np.hstack([Xref, Bref]), Yref)
    Xr, Yr, Br = Xref[ref], Yref[ref], Bref[ref]
    k = len(ref)
    ub = [(gy[:, :, None], -Yr.T, -Y), (gx[:, :, None], Xr.T, X)]
    bad = (gb[:, :, None], Br.T, B)
    ub_rts, eq_rts = _rts_rows(rts, n, k, 1)
    if h and bad_disposability == "weak":
        eq_rows = [bad, eq_rts]
    else:
        ub.append(bad)
        eq_rows = [eq_rts]
    ub.append(ub_rts)
    cat = [np.concatenate([r[i] for r in rows], axis=1 if i != 1 else 0) for rows in (ub, eq_rows)
           for i in range(3)]
    lp = BlockLP(-np.ones((n, 1)), np.zeros(k), *cat, ((None, None),))
    own, lam, status = solve_blocks(lp, batched=batched)
    beta = np.where(status == OPTIMAL, own[:, 0], np.nan)
    return beta, _sparse_lambdas(lam, ref, Xref.shape[0]), status


# ----------------------------------------------------------------------------- labelled shells
def sbm(data: pd.DataFrame, *, inputs, outputs, undesirable=(), rts: str = "crs",
        tolerance: float = 1e-6) -> EfficiencyResult:
    """Slacks-based measure of efficiency (Tone 2001), with undesirable outputs (Tone 2004).

    Parameters
    ----------
    data, inputs, outputs
        As for :func:`revitalize.efficiency.dea.dea`.
    undesirable
        Columns of bad outputs (e.g. CO2), treated with strong disposability (the Tone 2004 /
        Cooper, Seiford & Tone 2007 SBM with undesirable outputs: ``b_o = B' lambda + sb``).
    rts
        ``"crs"`` or ``"vrs"``.

    Returns
    -------
    EfficiencyResult
        ``table``: ``sbm`` (rho*), ``efficient`` (rho* = 1), ``slack_<var>``, ``target_<var>``,
        ``peers``, ``status``; ``extra["lambdas"]``.
    """
    as_choice(rts, "rts", ("crs", "vrs"))
    d = as_dea_data(data, inputs=inputs, outputs=outputs, undesirable=undesirable)
    zero = (d.Y == 0)
    if zero.any():
        i, j = np.argwhere(zero)[0]
        raise InputError("zero desirable output in SBM (its slack ratio is undefined)",
                         row=d.labels[i], field=d.outputs[j],
                         expected="positive desirable outputs (replace zeros explicitly)")
    sol = sbm_kernel(d.X, d.Y, d.B if d.B.shape[1] else None, rts=rts)
    table = pd.DataFrame({"sbm": np.where(sol.status == OPTIMAL, sol.rho, np.nan)},
                         index=d.labels)
    table["efficient"] = table["sbm"] >= 1 - tolerance
    blocks = ((d.inputs, d.X, sol.s_in, -1.0), (d.outputs, d.Y, sol.s_out, 1.0),
              (d.undesirable, d.B, sol.s_bad, -1.0))
    for names, _values, slack, _sign in blocks:
        for j, name in enumerate(names):
            table[f"slack_{name}"] = slack[:, j]
    for names, values, slack, sign in blocks:
        for j, name in enumerate(names):
            table[f"target_{name}"] = values[:, j] + sign * slack[:, j]
    lam = _lambda_frame(sol.lambdas, d.labels, d.labels)
    table["peers"] = _peers(lam, d.labels)
    table["status"] = [STATUS_NAMES.get(int(s), str(s)) for s in sol.status]
    _warn_failed(table, "sbm")
    table.index.name = "dmu"
    method = "sbm_undesirable" if d.undesirable else "sbm"
    meta = build_meta(method, conventions={
        "rts": rts, "orientation": "non-oriented",
        "bad_disposability": "strong (b_o = B'lambda + s_b)" if d.undesirable else None,
        "zero_input_terms": "dropped from the ratio (Tone 2001)", "tolerance": tolerance,
        "inputs": list(d.inputs), "outputs": list(d.outputs),
        "undesirable": list(d.undesirable)}, score_column="sbm",
        source="Tone (2001) EJOR 130:498-509; Tone (2004) undesirable outputs; Cooper, Seiford & "
               "Tone (2007) DEA 2nd ed.")
    return EfficiencyResult(table=table, meta=meta, extra={"lambdas": lam})


def ddf(data: pd.DataFrame, *, inputs, outputs, undesirable=(), rts: str = "crs",
        direction: str = "outputs", bad_disposability: str = "weak") -> EfficiencyResult:
    """Directional distance function (Chambers, Chung & Färe 1996; Chung, Färe & Grosskopf 1997).

    Parameters
    ----------
    direction
        ``"outputs"``: ``g = (0, y_o, b_o)`` -- expand goods and contract bads proportionally
        (the "(y, -b)" direction of the Malmquist-Luenberger literature); ``"inputs_outputs"``:
        ``g = (x_o, y_o, b_o)``.
    bad_disposability
        ``"weak"`` (equality on bads, Färe et al. 1989) or ``"strong"`` (bads like inputs).

    Returns
    -------
    EfficiencyResult
        ``table``: ``beta`` (0 on the frontier), ``efficiency = 1 / (1 + beta)``, ``feasible``,
        ``peers``, ``status``.
    """
    as_choice(rts, "rts", RTS)
    as_choice(direction, "direction", DIRECTIONS)
    as_choice(bad_disposability, "bad_disposability", BAD_DISPOSABILITY)
    d = as_dea_data(data, inputs=inputs, outputs=outputs, undesirable=undesirable)
    gx = d.X if direction == "inputs_outputs" else None
    beta, lambdas, status = ddf_kernel(d.X, d.Y, d.B if d.B.shape[1] else None, gx=gx, rts=rts,
                                       bad_disposability=bad_disposability)
    table = pd.DataFrame({"beta": beta, "efficiency": 1.0 / (1.0 + beta),
                          "feasible": status == OPTIMAL}, index=d.labels)
    lam = _lambda_frame(lambdas, d.labels, d.labels)
    table["peers"] = _peers(lam, d.labels)
    table["status"] = [STATUS_NAMES.get(int(s), str(s)) for s in status]
    _warn_failed(table, "ddf")
    table.index.name = "dmu"
    meta = build_meta("directional_distance", conventions={
        "rts": rts, "direction": {"outputs": "(0, y, -b)", "inputs_outputs": "(-x, y, -b)"}[
            direction], "bad_disposability": bad_disposability if d.undesirable else None,
        "inputs": list(d.inputs), "outputs": list(d.outputs),
        "undesirable": list(d.undesirable)}, score_column="efficiency",
        source="Chambers, Chung & Färe (1996); Chung, Färe & Grosskopf (1997)")
    return EfficiencyResult(table=table, meta=meta, extra={"lambdas": lam})
