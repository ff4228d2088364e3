"""Solve, don't invert: ``(I - A) X = B`` and ``(I - A)' Y = C`` without forming ``L``.

Most IO results need a few products with ``L = (I - A)^-1``, not ``L`` itself: influence and
sensitivity coefficients need ``1'L`` and ``L 1`` (two solves), multipliers ``K L`` for a few
coefficient rows ``K``, the Ghosh forward linkage ``L x``. :class:`LeontiefSolver` computes
them by one of two paths and records which ran (``describe()``, put in ``meta``):

* ``"lu"`` -- one LU factorisation of ``I - A`` (LAPACK ``getrf``, 2/3 n^3 flops) and
  triangular solves (``getrs``, 2 n^2 per right-hand side). The factors are kept for later
  solves.
* ``"iterative"`` -- block Neumann (Jacobi) iteration ``X_{k+1} = B + A X_k`` (transposed:
  ``Y_{k+1} = C + A'Y_k``), all right-hand sides together (one pass over ``A`` per step, BLAS
  level 3). For ``A >= 0`` with column sums ``<= c < 1`` the error falls by ``c`` per step
  (``||A||_1 = c``; Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 2.4, the
  power series ``L = I + A + A^2 + ...``). Stopped when the relative residual
  ``max_col ||B - (I - A) X||_inf / ||B||_inf <= tol`` (the residual of ``X_k`` is
  ``X_{k+1} - X_k``). When it has not converged after ``2 k* + 20`` steps (``k*`` the
  predicted count, below) the solver falls back to LU, and says so.
* ``"auto"`` -- iterative when its predicted cost is below one LU: the predicted number of
  steps ``k* = ceil(log(tol) / log(c))`` (``c`` the largest absolute column sum of ``A``, a bound
  of ``rho(A)``) is at most ``n / 50`` (about the break-even of a memory-bound pass over ``A``
  against the compute-bound LU on this class of machine) and ``n >= 1000``; LU otherwise.

``L`` itself is formed only when asked (:attr:`LeontiefSolver.L`: coefficients of variation,
``extra["L"]``, extraction) by ``getrf + getri`` (:func:`revitalize.io.coefficients.leontief_inverse`);
once formed, solves are products with it.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import lapack

from revitalize.io.coefficients import leontief_inverse

__all__ = ["ITERATIVE_MIN_N", "LeontiefSolver", "neumann_solve", "predicted_steps"]

ITERATIVE_MIN_N = 1000
_STEPS_PER_N = 1.0 / 50.0


def predicted_steps(c: float, tol: float) -> int | None:
    """``ceil(log(tol) / log(c))`` steps for the Neumann error bound ``c^k`` to reach ``tol``;
    None when ``c >= 1`` (no bound)."""
    if not c < 1.0:
        return None
    if c <= 0.0:
        return 1
    return max(1, math.ceil(math.log(tol) / math.log(c)))


def neumann_solve(A: np.ndarray, B: np.ndarray, *, tol: float, max_iter: int,
                  transpose: bool = False) -> tuple[np.ndarray, int, float]:
    """Block Neumann iteration for ``(I - A) X = B`` (``(I - A)' X = B`` with ``transpose``).

    Returns ``(X, steps, residual)``; ``residual`` is the largest relative residual over the
    columns, ``> tol`` when ``max_iter`` was reached. No n x n temporary.
    """
    M = A.T if transpose else A
    B2 = B.reshape(B.shape[0], -1)
    scale = np.abs(B2).max(axis=0)
    scale[scale == 0] = 1.0
    X = B2.copy()
    res = np.inf
    for k in range(1, max_iter + 1):
        X_new = M @ X
        X_new += B2
        R = X_new - X
        res = float((np.abs(R).max(axis=0) / scale).max())
        X = X_new
        if res <= tol:
            return X.reshape(B.shape), k, res
    return X.reshape(B.shape), max_iter, res


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
    """

    def __init__(self, A: np.ndarray, *, method: str = "auto", tol: float = 1e-12) -> None:
        self.A = A
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
            X, k, res = neumann_solve(self.A, B, tol=self.tol,
                                      max_iter=2 * (self.steps or 500) + 20, transpose=transpose)
            if res <= self.tol:
                self._note(f"iterative: block Neumann, relative residual <= {self.tol:g} "
                           f"(bound ||A||_1 = {self.bound:.4f}, predicted {self.steps} steps)")
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
