"""Solve, don't invert: ``(I - A) X = B`` and ``(I - A)' Y = C`` without forming ``L``.

Most IO results need a few products with ``L = (I - A)^-1``, not ``L`` itself: influence and
sensitivity coefficients need ``1'L`` and ``L 1`` (two solves), multipliers ``K L`` for a few
coefficient rows ``K``, the Ghosh forward linkage ``L x``. :class:`LeontiefSolver` computes
them by one of two paths and records which ran (``describe()``, put in ``meta``):

* ``"lu"`` -- one LU factorisation of ``I - A`` (LAPACK ``getrf``, 2/3 n^3 flops) and
  triangular solves (``getrs``, 2 n^2 per right-hand side). The factors are kept for later
  solves.
* ``"iterative"`` -- the fixed-point iteration ``X <- B + A X`` (the power series
  ``L = I + A + A^2 + ...``, Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section
  2.4; transposed ``Y <- C + A'Y``) on all right-hand sides together, one pass over ``A`` per
  step, accelerated by Anderson mixing of depth ``m = 8`` (Walker & Ni 2011, "Anderson
  acceleration for fixed-point iterations", *SIAM J. Numer. Anal.* 49(4); on a linear map it is
  a GMRES-like minimal-residual method, here about 3x fewer passes than plain Neumann). The
  plain iteration's error falls by ``c = ||A||_1`` (largest absolute column sum) per step; the
  accelerated one is stopped when the relative residual ``max_col ||B - (I - A) X||_inf /
  ||B||_inf <= tol``. When it has not converged after ``k* + 20`` steps (``k*`` the plain
  iteration's predicted count, below) the solver falls back to LU, and says so.
* ``"auto"`` -- iterative when it is expected to cost less than one LU: ``n >= 1000`` and the
  plain iteration's predicted steps ``k* = ceil(log(tol) / log(c))`` at most ``n / 10`` (the
  accelerated iteration needs about a third of them; a pass over ``A`` is memory-bound, the LU
  compute-bound: 2/3 n^3 flops); LU otherwise.

``L`` itself is formed only when asked (:attr:`LeontiefSolver.L`: coefficients of variation,
``extra["L"]``, extraction) by ``getrf + getri`` (:func:`revitalize.io.coefficients.leontief_inverse`);
once formed, solves are products with it.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import lapack

from revitalize.io.coefficients import leontief_inverse

__all__ = ["ITERATIVE_MIN_N", "LeontiefSolver", "anderson_solve", "neumann_solve",
           "predicted_steps", "scaled_solve"]

ITERATIVE_MIN_N = 1000
_STEPS_PER_N = 1.0 / 10.0
_DEPTH = 8


def predicted_steps(c: float, tol: float) -> int | None:
    """``ceil(log(tol) / log(c))`` steps for the Neumann error bound ``c^k`` to reach ``tol``;
    None when ``c >= 1`` (no bound)."""
    if not c < 1.0:
        return None
    if c <= 0.0:
        return 1
    return max(1, math.ceil(math.log(tol) / math.log(c)))


def _apply(A: np.ndarray, X: np.ndarray, transpose: bool) -> np.ndarray:
    """``A X`` or ``A'X`` for a C-ordered ``A`` as ``(X'A')'`` / ``(X'A)'`` with ``X'``
    contiguous: OpenBLAS runs a skinny ``A @ X`` with C-ordered ``X`` (n x 4) about 10x slower
    than these forms (measured at n = 2000)."""
    XT = np.ascontiguousarray(X.T)
    return (XT @ A).T if transpose else (XT @ A.T).T


def neumann_solve(A: np.ndarray, B: np.ndarray, *, tol: float, max_iter: int,
                  transpose: bool = False) -> tuple[np.ndarray, int, float]:
    """Block Neumann iteration for ``(I - A) X = B`` (``(I - A)' X = B`` with ``transpose``).

    Returns ``(X, steps, residual)``; ``residual`` is the largest relative residual over the
    columns, ``> tol`` when ``max_iter`` was reached. No n x n temporary.
    """
    B2 = B.reshape(B.shape[0], -1)
    scale = np.abs(B2).max(axis=0)
    scale[scale == 0] = 1.0
    X = B2.copy()
    res = np.inf
    for k in range(1, max_iter + 1):
        X_new = _apply(A, X, transpose)
        X_new += B2
        R = X_new - X
        res = float((np.abs(R).max(axis=0) / scale).max())
        X = X_new
        if res <= tol:
            return X.reshape(B.shape), k, res
    return X.reshape(B.shape), max_iter, res


def anderson_solve(A: np.ndarray, B: np.ndarray, *, tol: float, max_iter: int,
                   transpose: bool = False, depth: int = _DEPTH
                   ) -> tuple[np.ndarray, int, float]:
    """``(I - A) X = B`` (``(I - A)' X = B`` with ``transpose``) by the fixed-point iteration
    ``G(X) = B + A X`` with Anderson mixing (type II, Walker & Ni 2011): per column ``j``,
    ``gamma = argmin ||f_j - dF_j gamma||`` over the last ``depth`` residual differences and
    ``x_j <- G(x_j) - dG_j gamma``. One pass over ``A`` per step; memory ``2 depth`` n x k
    blocks. Returns ``(X, steps, residual)``; ``residual > tol`` when ``max_iter`` was reached.
    """
    B2 = np.asarray(B, float).reshape(B.shape[0], -1)
    scale = np.abs(B2).max(axis=0)
    scale[scale == 0] = 1.0
    X = B2.copy()
    G = _apply(A, X, transpose) + B2
    F = G - X
    dF: list[np.ndarray] = []
    dG: list[np.ndarray] = []
    res = np.inf
    for k in range(1, max_iter + 1):
        res = float((np.abs(F).max(axis=0) / scale).max())
        if res <= tol:
            return X.reshape(B.shape), k - 1, res
        X_new = G.copy()
        if dF:
            DF, DG = np.stack(dF, axis=2), np.stack(dG, axis=2)
            gram = np.einsum("nkm,nkl->kml", DF, DF)  # per column: DF_j' DF_j (m x m)
            rhs = np.einsum("nkm,nk->km", DF, F)
            for j in range(B2.shape[1]):
                gamma = np.linalg.lstsq(gram[j], rhs[j], rcond=1e-13)[0]
                X_new[:, j] -= DG[:, j, :] @ gamma
        G_new = _apply(A, X_new, transpose) + B2
        F_new = G_new - X_new
        dF.append(F_new - F)
        dG.append(G_new - G)
        if len(dF) > depth:
            dF.pop(0)
            dG.pop(0)
        X, G, F = X_new, G_new, F_new
    res = float((np.abs(F).max(axis=0) / scale).max())
    return X.reshape(B.shape), max_iter, res


def scaled_solve(A: np.ndarray, M: np.ndarray, rho: np.ndarray, gamma: np.ndarray,
                 b: np.ndarray, *, transpose: bool = False, tol: float = 1e-10,
                 max_iter: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``(I - R A Gamma) z_d = b`` (``(I - R A Gamma)' z_d = b`` with ``transpose``) for
    ``k`` diagonal scalings at once, from the point solution's ``M = L - I = A L`` (never an
    LU per draw).

    ``rho``, ``gamma`` (k, n) are the diagonals of ``R``, ``Gamma`` (rows = draws); ``b`` (n,)
    or (k, n); ``M = (I - A)^-1 - I`` for the unscaled ``A``. Similarity: ``v = Gamma z``
    solves ``(I - D A) v = Gamma b`` with the one diagonal ``D = R Gamma = I + Delta``; with
    ``w = A v`` and ``(I - A) M = A`` (``L = I + A L``, Miller & Blair 2009, *Input-Output
    Analysis*, 2nd ed., section 2.4) it becomes the fixed point

        ``w = M (Gamma b + Delta w)``,   ``z = b + R w``,

    one product with ``M`` per step for all draws together, whose error contracts by
    ``rho(M Delta)`` per step -- small because ``Delta`` is the noise only (measured 0.018 on
    one draw of ``D`` lognormal with sigma 0.1, on the n = 1,302 synthetic table of
    ``benchmarks/bench_io_analysis.py`` with ``rho(A) = 0.55``, the plain power series'
    rate; about 7 products per direction reach ``tol = 1e-10`` there). Where ``rho(M Delta)``
    nears 1 (a draw with ``rho(A~)`` near 1) the draw is left unconverged. It is Richardson's
    iteration preconditioned by the point
    inverse (Saad 2003, *Iterative Methods for Sparse Linear Systems*, 2nd ed., ch. 4).
    Start ``w_0 = 0``; ``w_{j+1} = G(w_j)``. The residual of ``z`` built from ``w_{j+1}`` is
    exactly ``R A (Delta (w_{j+1} - w_j))``, so a draw stops once

        ``max(R) ||A||_inf ||Delta (w_{j+1} - w_j)||_inf <= tol ||b||_inf``

    which bounds its relative residual ``||b - (I - R A Gamma) z||_inf / ||b||_inf`` by ``tol``
    (``A`` -> ``A'``, ``R`` <-> ``Gamma``, ``M`` -> ``M'`` with ``transpose``). Draws stop
    separately (the products shrink to the draws still running). Returns ``(z, steps,
    converged)``; a draw not converged within ``max_iter`` products keeps its last iterate and
    ``converged`` False (the caller falls back to LU).
    """
    rho, gamma = np.asarray(rho, float), np.asarray(gamma, float)
    k, n = rho.shape
    if transpose:  # c = b + gamma (A' (rho c)): the same form with A', M' and the roles swapped
        rho, gamma = gamma, rho
        step_matrix = M  # row form: w' <- y' M  (w = M' y)
        norm_A = float(np.abs(A).sum(axis=0).max()) if A.size else 0.0
    else:
        step_matrix = M.T  # row form: w' <- y' M'  (w = M y)
        norm_A = float(np.abs(A).sum(axis=1).max()) if A.size else 0.0
    b = np.broadcast_to(np.asarray(b, float), (k, n))
    g = gamma * b
    delta = rho * gamma - 1.0
    scale = np.maximum(np.abs(b).max(axis=1, initial=0.0), np.finfo(float).tiny)
    limit = tol * scale / np.maximum(rho.max(axis=1, initial=0.0) * norm_A, np.finfo(float).tiny)
    W = g @ step_matrix  # w_1 = G(0): the first step from w_0 = 0
    steps = np.ones(k, dtype=np.int64)
    done = np.abs(delta * W).max(axis=1, initial=0.0) <= limit
    Y = np.empty_like(W)
    for step in range(2, max_iter + 1):
        idx = np.flatnonzero(~done)
        if not idx.size:
            break
        if idx.size == k:
            np.multiply(delta, W, out=Y)
            Y += g
            W_new = Y @ step_matrix
            np.subtract(W_new, W, out=Y)  # Y <- F, the step
            W = W_new
            steps[:] = step
            Y *= delta
            np.abs(Y, out=Y)
            done = Y.max(axis=1, initial=0.0) <= limit
        else:
            W_old = W[idx]
            d = delta[idx]
            W_new = (g[idx] + d * W_old) @ step_matrix
            W[idx] = W_new
            steps[idx] = step
            done[idx] = np.abs(d * (W_new - W_old)).max(axis=1, initial=0.0) <= limit[idx]
    return b + rho * W, steps, done


class LeontiefSolver:
    """Products with ``L = (I - A)^-1`` by LU or iteration (module docstring).

    Parameters
    ----------
    A
        Technical coefficients (n x n, ``rho(A) < 1`` established by the caller). Not copied.
    method
        ``"auto"``, ``"lu"`` or ``"iterative"``.
    tol
        Relative residual tolerance of the iterative path.
    max_iter
        Steps of the iterative path before the LU fallback (default ``k* + 20``).
    """

    def __init__(self, A: np.ndarray, *, method: str = "auto", tol: float = 1e-12,
                 max_iter: int | None = None) -> None:
        self.A = A
        self.max_iter = max_iter
        self.n = A.shape[0]
        self.tol = float(tol)
        self.bound = float(np.abs(A).sum(axis=0).max()) if A.size and A.min() < 0 else (
            float(A.sum(axis=0).max()) if A.size else 0.0)
        self.steps = predicted_steps(self.bound, self.tol)
        if method == "auto":
            fits = self.steps is not None and self.steps <= _STEPS_PER_N * self.n
            method = "iterative" if self.n >= ITERATIVE_MIN_N and fits else "lu"
        self.method = method
        self._lu: tuple[np.ndarray, np.ndarray] | None = None
        self._L: np.ndarray | None = None
        self.log: list[str] = []
        # iterative path: right-hand sides solved for together with the first request of each
        # direction (one pass over A per step serves all), results kept by column
        self.companions: dict[bool, list[np.ndarray]] = {False: [], True: []}
        self._cache: dict[tuple[bool, bytes], np.ndarray] = {}

    # -------------------------------------------------------------------- paths
    def _factor(self) -> tuple[np.ndarray, np.ndarray]:
        if self._lu is None:
            M = np.negative(self.A)
            M.flat[:: self.n + 1] += 1.0
            # factorise M' (the F-ordered view of C-ordered M) in place
            lu, piv, info = lapack.dgetrf(M.T, overwrite_a=1)
            if info > 0:
                raise np.linalg.LinAlgError(f"I - A is singular (U[{info - 1}, {info - 1}] = 0)")
            self._lu = (lu, piv)
            self._note("lu: one LU factorisation of I - A (getrf), triangular solves (getrs)")
        return self._lu

    def _note(self, text: str) -> None:
        if text not in self.log:
            self.log.append(text)

    def _lu_solve(self, B: np.ndarray, transpose: bool) -> np.ndarray:
        lu, piv = self._factor()
        # the factors are of M' = (I - A)': M X = B is the transposed solve (trans=1)
        X, _info = lapack.dgetrs(lu, piv, np.asarray(B, float), trans=0 if transpose else 1)
        return X

    def solve(self, B: np.ndarray, *, transpose: bool = False) -> np.ndarray:
        """``L B`` (``L' B`` with ``transpose``) for ``B`` of shape (n,) or (n, k)."""
        B = np.asarray(B, float)
        if self.n == 0:
            return B.copy()
        if self._L is not None:
            return (self._L.T if transpose else self._L) @ B
        if self.method == "iterative" and self._lu is None:
            return self._iterative(B, transpose)
        return self._lu_solve(B, transpose)

    def _iterative(self, B: np.ndarray, transpose: bool) -> np.ndarray:
        """Columns of ``B`` from the cache; the missing ones, with this direction's companions
        not yet solved, in one batched iterative solve."""
        cols = B.reshape(B.shape[0], -1)
        keys = [(transpose, np.ascontiguousarray(c).tobytes()) for c in cols.T]
        todo = {k: c for k, c in zip(keys, cols.T) if k not in self._cache}
        if todo:
            extra = {(transpose, c.tobytes()): c for c in self.companions[transpose]}
            todo.update({k: c for k, c in extra.items() if k not in self._cache})
            X = self._batch(np.column_stack(list(todo.values())), transpose)
            self._cache.update(zip(todo, X.T))
        return np.column_stack([self._cache[k] for k in keys]).reshape(B.shape)

    def _batch(self, B: np.ndarray, transpose: bool) -> np.ndarray:
        if self._lu is None:
            X, k, res = anderson_solve(self.A, B, tol=self.tol,
                                       max_iter=self.max_iter or (self.steps or 500) + 20,
                                       transpose=transpose)
            if res <= self.tol:
                self._note(f"iterative: power series with Anderson mixing (depth {_DEPTH}), "
                           f"relative residual <= {self.tol:g} (||A||_1 = {self.bound:.4f})")
                self.last_steps = k
                return X
            self._note(f"iterative: no convergence to {self.tol:g} in {k} steps (residual "
                       f"{res:.3g}); fell back to LU")
        return self._lu_solve(B, transpose)

    def row_products(self, K: np.ndarray) -> np.ndarray:
        """``K L`` for coefficient rows ``K`` (q x n) -- ``(L' K')'``."""
        return self.solve(np.atleast_2d(K).T, transpose=True).T

    @property
    def L(self) -> np.ndarray:
        """``L = (I - A)^-1`` itself (formed on first access, then kept)."""
        if self._L is None:
            self._L = leontief_inverse(self.A)
            self._lu = None
            self._note("L formed: getrf + getri (full inverse requested)")
        return self._L

    @property
    def formed_L(self) -> bool:
        return self._L is not None

    def describe(self) -> str:
        """Which path(s) ran, for ``meta["conventions"]["solution"]``."""
        return "; ".join(self.log) if self.log else f"{self.method} (nothing solved yet)"
