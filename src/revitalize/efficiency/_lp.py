"""Batched linear programmes for DEA: many small LPs that share one reference matrix.

Every DEA model in this family solves, for each evaluated DMU ``b``, an LP in the variables
``v_b = [own_b (p), lambda_b (k)]``::

    min  c_own_b . own_b + c_lam . lambda_b
    s.t. A_own_ub[b] own_b + A_lam_ub lambda_b <= b_ub[b]
         A_own_eq[b] own_b + A_lam_eq lambda_b  = b_eq[b]
         own_b within own_bounds,  0 <= lambda_b <= lam_upper[b]

where the reference block ``A_lam`` (the reference DMUs' data) is the same for every DMU and only
the small ``own`` block (theta, eta, slacks, beta) and the right-hand side change. The LPs are
independent, so a stack of them is one block-diagonal LP whose optimum is the stack of optima:
:func:`solve_blocks` builds that matrix once per chunk (``kron``-like tiling of the shared block)
and makes one call to ``scipy.optimize.linprog(method="highs")`` per chunk instead of one per DMU,
which removes the per-call set-up cost that dominates small DEA problems. A chunk whose joint LP
is not optimal (one DMU infeasible or unbounded, which super-efficiency and cross-period models
produce on purpose) is split in halves and re-solved until each DMU's status is known exactly.

:func:`nondominated` gives the reference DMUs that no other reference DMU dominates. Restricting
the reference set to them leaves the optimum of every radial, slack-maximising and SBM model
unchanged (moving a weight from a dominated DMU to its dominator keeps feasibility and can only
enlarge slacks; with VRS the weights still sum to one), so large problems solve over a few hundred
reference columns instead of thousands. It is *not* valid when a DMU is removed from its own
reference set (super-efficiency) nor with equality constraints on undesirable outputs (weak
disposability), and is not used there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

#: linprog status codes
OPTIMAL, ITERATION_LIMIT, INFEASIBLE, UNBOUNDED, NUMERICAL = 0, 1, 2, 3, 4
STATUS_NAMES = {OPTIMAL: "optimal", ITERATION_LIMIT: "iteration_limit", INFEASIBLE: "infeasible",
                UNBOUNDED: "unbounded", NUMERICAL: "numerical_difficulty"}

#: target number of LP variables in one batched (block-diagonal) call
MAX_BATCH_VARIABLES = 20_000


@dataclass(frozen=True)
class BlockLP:
    """The per-DMU LPs of one model (see the module docstring for the shapes).

    ``c_own`` (B, p); ``c_lam`` (k,); ``a_own_ub`` (B, r_ub, p); ``a_lam_ub`` (r_ub, k);
    ``b_ub`` (B, r_ub); the same for ``eq``; ``own_bounds`` p (low, high) pairs;
    ``lam_upper`` (B, k) or None (no upper bound).
    """

    c_own: np.ndarray
    c_lam: np.ndarray
    a_own_ub: np.ndarray
    a_lam_ub: np.ndarray
    b_ub: np.ndarray
    a_own_eq: np.ndarray
    a_lam_eq: np.ndarray
    b_eq: np.ndarray
    own_bounds: tuple[tuple[float | None, float | None], ...]
    lam_upper: np.ndarray | None = None

    @property
    def n_blocks(self) -> int:
        return self.c_own.shape[0]

    @property
    def p(self) -> int:
        return self.c_own.shape[1]

    @property
    def k(self) -> int:
        return self.c_lam.shape[0]


def _stack(own: np.ndarray, lam: np.ndarray, idx: np.ndarray, width: int) -> sp.csr_matrix:
    """Block-diagonal constraint matrix of the blocks ``idx``: rows ``b*r + i``, columns
    ``b*width + j`` (own part, j < p) and ``b*width + p + l`` (shared reference part)."""
    nb, r, p = len(idx), lam.shape[0], own.shape[2]
    if r == 0:
        return sp.csr_matrix((0, nb * width))
    oi, oj = np.nonzero(np.ones((r, p), dtype=bool))
    li, lj = np.nonzero(lam)
    blocks = np.arange(nb)
    rows = np.concatenate([(blocks[:, None] * r + oi[None]).ravel(),
                           (blocks[:, None] * r + li[None]).ravel()])
    cols = np.concatenate([(blocks[:, None] * width + oj[None]).ravel(),
                           (blocks[:, None] * width + p + lj[None]).ravel()])
    vals = np.concatenate([own[idx][:, oi, oj].ravel(), np.tile(lam[li, lj], nb)])
    return sp.csr_matrix((vals, (rows, cols)), shape=(nb * r, nb * width))


def _solve(lp: BlockLP, idx: np.ndarray):
    width = lp.p + lp.k
    nb = len(idx)
    c = np.hstack([lp.c_own[idx], np.broadcast_to(lp.c_lam, (nb, lp.k))]).ravel()
    low = np.array([b[0] if b[0] is not None else -np.inf for b in lp.own_bounds])
    high = np.array([b[1] if b[1] is not None else np.inf for b in lp.own_bounds])
    lam_hi = (np.full((nb, lp.k), np.inf) if lp.lam_upper is None else lp.lam_upper[idx])
    bounds = np.column_stack([
        np.hstack([np.broadcast_to(low, (nb, lp.p)), np.zeros((nb, lp.k))]).ravel(),
        np.hstack([np.broadcast_to(high, (nb, lp.p)), lam_hi]).ravel()])
    kw = {}
    if lp.a_lam_ub.shape[0]:
        kw["A_ub"] = _stack(lp.a_own_ub, lp.a_lam_ub, idx, width)
        kw["b_ub"] = lp.b_ub[idx].ravel()
    if lp.a_lam_eq.shape[0]:
        kw["A_eq"] = _stack(lp.a_own_eq, lp.a_lam_eq, idx, width)
        kw["b_eq"] = lp.b_eq[idx].ravel()
    res = linprog(c, bounds=bounds, method="highs", **kw)
    return res.status, (res.x.reshape(nb, width) if res.x is not None else None)


def solve_blocks(lp: BlockLP, *, batched: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Solve every block's LP.

    Returns
    -------
    x : (B, p + k) array
        The solution of each block (``own`` then ``lambda``); NaN rows where not optimal.
    status : (B,) int array
        linprog status per block (0 optimal, 2 infeasible, 3 unbounded, ...).
    """
    n = lp.n_blocks
    x = np.full((n, lp.p + lp.k), np.nan)
    status = np.full(n, OPTIMAL, dtype=int)
    size = max(1, MAX_BATCH_VARIABLES // (lp.p + lp.k)) if batched else 1
    for start in range(0, n, size):
        _solve_or_split(lp, np.arange(start, min(n, start + size)), x, status)
    return x, status


def _solve_or_split(lp: BlockLP, idx: np.ndarray, x: np.ndarray, status: np.ndarray) -> None:
    """Solve the blocks ``idx`` jointly; when the joint LP is not optimal (some DMU infeasible or
    unbounded), halve the batch and recurse until every DMU's own status is known."""
    st, sol = _solve(lp, idx)
    if st == OPTIMAL:
        x[idx] = sol
    elif len(idx) == 1:
        status[idx] = st
    else:
        half = len(idx) // 2
        _solve_or_split(lp, idx[:half], x, status)
        _solve_or_split(lp, idx[half:], x, status)


def nondominated(X: np.ndarray, Y: np.ndarray, *, chunk: int = 256) -> np.ndarray:
    """Indices of the rows that no other row dominates.

    Row ``j`` dominates row ``i`` when ``X_j <= X_i`` and ``Y_j >= Y_i`` element-wise and they
    differ somewhere; of identical rows the first is kept.
    """
    n = X.shape[0]
    data = np.hstack([X, -Y])
    keep = np.ones(n, dtype=bool)
    for start in range(0, n, chunk):
        block = data[start:start + chunk]
        le = (data[None, :, :] <= block[:, None, :]).all(axis=2)  # (chunk, n): j weakly better
        eq = (data[None, :, :] == block[:, None, :]).all(axis=2)
        earlier = np.arange(n)[None, :] < (start + np.arange(len(block)))[:, None]
        dominated = (le & ~eq).any(axis=1) | (eq & earlier).any(axis=1)
        keep[start:start + len(block)] = ~dominated
    return np.flatnonzero(keep)
