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

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

#: linprog status codes
OPTIMAL, ITERATION_LIMIT, INFEASIBLE, UNBOUNDED, NUMERICAL = 0, 1, 2, 3, 4
STATUS_NAMES = {OPTIMAL: "optimal", ITERATION_LIMIT: "iteration_limit", INFEASIBLE: "infeasible",
                UNBOUNDED: "unbounded", NUMERICAL: "numerical_difficulty"}

#: target number of LP variables in one batched (block-diagonal) call
MAX_BATCH_VARIABLES = 4_000
#: reference sets larger than this are priced by column generation (:func:`solve_blocks`)
COLUMN_GENERATION_ABOVE = 300
#: column generation: DMUs of the pilot run that learns the frontier, columns added per block
PILOT_BLOCKS = 300
COLUMNS_PER_ROUND = 3


def seed_columns(X: np.ndarray, Y: np.ndarray, size: int = 40) -> np.ndarray:
    """A starting reference subset for column generation: for every output/input pair the DMU
    with the highest ratio (CRS-efficient), the extremes of every variable (VRS frontier), and
    the best DMUs by an aggregate output/input ratio."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = Y[:, :, None] / X[:, None, :]
        agg = (Y / Y.mean(axis=0)).sum(axis=1) / (X / X.mean(axis=0)).sum(axis=1)
    picks = [np.nanargmax(ratios.reshape(len(X), -1), axis=0), X.argmin(axis=0),
             Y.argmax(axis=0), np.argsort(-np.nan_to_num(agg))[:size]]
    return np.unique(np.concatenate(picks))


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
    from scipy.optimize import linprog  # here: `import revitalize.efficiency` stays light

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
    if res.status != OPTIMAL or res.x is None:
        return res.status, None, None, None
    mu_ub = (res.ineqlin.marginals.reshape(nb, -1) if "A_ub" in kw
             else np.zeros((nb, 0)))
    mu_eq = res.eqlin.marginals.reshape(nb, -1) if "A_eq" in kw else np.zeros((nb, 0))
    return res.status, res.x.reshape(nb, width), mu_ub, mu_eq


def solve_blocks(lp: BlockLP, *, batched: bool = True, columns: np.ndarray | None = None
                 ) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray]:
    """Solve every block's LP.

    ``columns`` (optional) is a starting subset of the reference columns: the LPs are then solved
    by column generation (Dantzig-Wolfe pricing; for DEA see Ali 1993, Chen & Cho 2009): solve
    over the subset, price every other reference column with each block's duals
    (``c_j - a_j' mu``), add for each block its most negative column, repeat until none prices
    out. A block whose columns all price out is final (columns added for other blocks priced out
    at its duals). The result is the optimum over the full reference; blocks that are not optimal
    over the subset are re-solved over the full reference, so statuses are exact.

    Returns
    -------
    own : (B, p) array
        The block-specific variables (theta, slacks...); NaN rows where not optimal.
    lambdas : (B, k) sparse matrix
        The reference weights (entries below 1e-12 dropped).
    status : (B,) int array
        linprog status per block (0 optimal, 2 infeasible, 3 unbounded, ...).
    """
    n, p = lp.n_blocks, lp.p
    if columns is not None and len(columns) < lp.k:
        cols = np.unique(columns)
        if n > 2 * PILOT_BLOCKS:  # learn the frontier's columns on a sample of DMUs first
            pilot = np.linspace(0, n - 1, PILOT_BLOCKS).astype(int)
            cols = _column_generation(_blocks(lp, pilot), cols, batched)[3]
        return _column_generation(lp, cols, batched)[:3]
    x, status, _, _ = _solve_all(lp, np.arange(n), batched)
    return x[:, :p], _sparse(x[:, p:], np.arange(n), np.arange(lp.k), (n, lp.k)), status


def _sparse(lam: np.ndarray, rows: np.ndarray, cols: np.ndarray, shape) -> sp.csr_matrix:
    r, c = np.nonzero(np.nan_to_num(lam) > 1e-12)
    return sp.csr_matrix((lam[r, c], (rows[r], cols[c])), shape=shape)


def _solve_all(lp: BlockLP, blocks: np.ndarray, batched: bool):
    """Solve the blocks ``blocks``; arrays returned are indexed like ``blocks``."""
    nb = len(blocks)
    out = (np.full((nb, lp.p + lp.k), np.nan), np.full(nb, OPTIMAL, dtype=int),
           np.full((nb, lp.a_lam_ub.shape[0]), np.nan), np.full((nb, lp.a_lam_eq.shape[0]), np.nan))
    size = max(1, MAX_BATCH_VARIABLES // (lp.p + lp.k)) if batched else 1
    for start in range(0, nb, size):
        _solve_or_split(lp, blocks, np.arange(start, min(nb, start + size)), out)
    return out


def _solve_or_split(lp: BlockLP, blocks: np.ndarray, pos: np.ndarray, out) -> None:
    """Solve the blocks ``blocks[pos]`` jointly; when the joint LP is not optimal (some DMU
    infeasible or unbounded), halve the batch and recurse until every DMU's status is known."""
    x, status, mu_ub, mu_eq = out
    st, sol, dub, deq = _solve(lp, blocks[pos])
    if st == OPTIMAL:
        x[pos], mu_ub[pos], mu_eq[pos] = sol, dub, deq
    elif len(pos) == 1:
        status[pos] = st
    else:
        half = len(pos) // 2
        _solve_or_split(lp, blocks, pos[:half], out)
        _solve_or_split(lp, blocks, pos[half:], out)


def _blocks(lp: BlockLP, idx: np.ndarray) -> BlockLP:
    return replace(lp, c_own=lp.c_own[idx], a_own_ub=lp.a_own_ub[idx], b_ub=lp.b_ub[idx],
                   a_own_eq=lp.a_own_eq[idx], b_eq=lp.b_eq[idx],
                   lam_upper=None if lp.lam_upper is None else lp.lam_upper[idx])


def _restrict(lp: BlockLP, cols: np.ndarray) -> BlockLP:
    return replace(lp, c_lam=lp.c_lam[cols], a_lam_ub=lp.a_lam_ub[:, cols],
                   a_lam_eq=lp.a_lam_eq[:, cols],
                   lam_upper=None if lp.lam_upper is None else lp.lam_upper[:, cols])


def _price(lp: BlockLP, b, mu_ub, mu_eq, cols, tol):
    """Most negative reduced cost column of each block ``b`` (and whether it violates)."""
    reduced = lp.c_lam[None, :] - mu_ub @ lp.a_lam_ub - mu_eq @ lp.a_lam_eq
    if lp.lam_upper is not None:
        reduced[lp.lam_upper[b] <= 0] = np.inf
    reduced[:, cols] = np.inf
    few = min(COLUMNS_PER_ROUND, reduced.shape[1])
    best = np.argpartition(reduced, few - 1, axis=1)[:, :few]
    value = np.take_along_axis(reduced, best, axis=1)
    return best, value < -tol


def _column_generation(lp: BlockLP, cols: np.ndarray, batched: bool, *, tol: float = 1e-9,
                       max_rounds: int = 200, chunk: int = 512):
    n, p = lp.n_blocks, lp.p
    own = np.full((n, p), np.nan)
    status = np.full(n, OPTIMAL, dtype=int)
    parts: list[sp.csr_matrix] = []
    bad: list[int] = []
    active = np.arange(n)
    for _ in range(max_rounds):
        xs, st, mu_ub, mu_eq = _solve_all(_restrict(lp, cols), active, batched)
        good = np.flatnonzero(st == OPTIMAL)
        bad.extend(active[st != OPTIMAL].tolist())
        new, again = set(), []
        for start in range(0, len(good), chunk):
            g = good[start:start + chunk]
            best, neg = _price(lp, active[g], mu_ub[g], mu_eq[g], cols, tol)
            viol = neg.any(axis=1)
            new.update(best[neg].tolist())
            again.extend(active[g[viol]].tolist())
            done = g[~viol]
            own[active[done]] = xs[done, :p]
            parts.append(_sparse(xs[done, p:], active[done], cols, (n, lp.k)))
        if not new:
            break
        cols = np.union1d(cols, np.fromiter(new, dtype=int))
        active = np.array(again, dtype=int)
    else:  # no convergence within max_rounds: the rest over the full reference
        bad.extend(active.tolist())
    if bad:  # infeasible over the subset may be feasible over the full reference
        idx = np.array(sorted(bad), dtype=int)
        xb, sb, _, _ = _solve_all(lp, idx, batched)
        own[idx], status[idx] = xb[:, :p], sb
        parts.append(_sparse(xb[:, p:], idx, np.arange(lp.k), (n, lp.k)))
    lam = sum(parts[1:], parts[0]) if parts else sp.csr_matrix((n, lp.k))
    return own, lam.tocsr(), status, cols


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
