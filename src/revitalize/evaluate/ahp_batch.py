"""AHP numpy kernels, vectorised over a stack of judgment matrices, and the random-index tables.

A single matrix is a stack of one: :func:`revitalize.evaluate.ahp.ahp` calls the same kernels,
so the batch and the labelled results can never disagree.

Kernels (arrays of shape ``(m, n, n)`` in, ``(m, n)`` / ``(m,)`` out, no validation):

* :func:`eigenvector_weights` -- Saaty's principal right eigenvector, ``A w = lambda_max w``,
  ``sum(w) = 1`` (Saaty 1980, *The Analytic Hierarchy Process*, McGraw-Hill, ch. 2), by power
  iteration on ``A^16`` (four batched squarings). For a positive matrix the iteration converges
  to the Perron vector (Perron-Frobenius), at the rate ``|lambda_2 / lambda_max|^16`` per step;
  it stops when no weight moves by more than ``tol`` (1e-12); agreement with LAPACK ``eig`` is
  ~1e-15 (tests and ``benchmarks/bench_ahp.py``).
* :func:`geometric_weights` -- normalised row geometric means, ``w_i ~ (prod_j a_ij)^(1/n)``
  (Crawford & Williams 1985, *J. Math. Psychol.* 29:387-405; 方根法 in Chinese textbooks).
* :func:`arithmetic_weights` -- columns normalised to sum 1, then averaged across each row,
  ``w_i = (1/n) sum_j a_ij / sum_k a_kj`` (Saaty 1980, the "average of normalised columns";
  和积法).
* :func:`principal_eigenvalue` -- ``lambda_max``, the Perron eigenvalue of ``A`` (whatever the
  weighting method: the consistency index is defined on ``A``, not on the weights).
* :func:`consistency` -- ``CI = (lambda_max - n)/(n - 1)``, ``CR = CI / RI(n)``; for ``n <= 2`` a
  reciprocal matrix is always consistent and ``CI = CR = 0`` by definition.

Public wrapper: :func:`ahp_batch` validates the stack (vectorised, no Python loop over
matrices; blocks of 1024 matrices are processed in turn so the work stays in cache) and returns
an :class:`AHPBatch` of arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np

from revitalize.errors import InputError, ValidationError

__all__ = [
    "RI_TABLES",
    "RI_SOURCES",
    "METHODS",
    "AHPBatch",
    "ahp_batch",
    "arithmetic_weights",
    "consistency",
    "eigenvector_weights",
    "geometric_weights",
    "principal_eigenvalue",
    "random_index",
    "weights_for",
]

Method = Literal["eigenvector", "geometric", "arithmetic"]
METHODS: tuple[str, ...] = ("eigenvector", "geometric", "arithmetic")

# Random (consistency) indices RI(n), n = 1, 2, ...: the mean CI of random reciprocal matrices
# with judgments drawn from the 1/9..9 scale. Tables differ by sample size and generator.
RI_TABLES: Mapping[str, tuple[float, ...]] = MappingProxyType({
    "saaty1980": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                  1.51, 1.48, 1.56, 1.57, 1.59),
    "saaty2005": (0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49,
                  1.52, 1.54, 1.56, 1.58, 1.59),
    "xu1988": (0.0, 0.0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49,
               1.52, 1.54, 1.56, 1.58, 1.59),
    "alonso_lamata2006": (0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499,
                          1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838),
    "donegan_dodd1991": (0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733,
                         1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969, 1.5078, 1.5153,
                         1.5262, 1.5313, 1.5371),
})
RI_SOURCES: Mapping[str, str] = MappingProxyType({
    "saaty1980": "Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill, p. 21 "
                 "(n = 1..10; n = 11..15 as reproduced with it in most textbooks, e.g. 姜启源 "
                 "《数学模型》; the non-monotone 1.48 at n = 12 is as published; some "
                 "reproductions print 1.54)",
    "saaty2005": "Saaty (2005), Theory and Applications of the Analytic Network Process, "
                 "RWS Publications, p. 31 (ahpy's random_index='saaty')",
    "xu1988": "the 1000-sample table common in Chinese AHP texts and modelling courses "
              "(许树柏《实用决策方法：层次分析法原理》, 天津大学出版社 1988; attribution "
              "from secondary sources)",
    "alonso_lamata2006": "Alonso & Lamata (2006), Int. J. Uncertainty, Fuzziness and "
                         "Knowledge-Based Systems 14(4):445-459 (100,000 matrices per n)",
    "donegan_dodd1991": "Donegan & Dodd (1991), Mathematical and Computer Modelling "
                        "15(10):135-137 (n = 1..20; ahpy's random_index='dd')",
})

_POWER_TOL = 1e-12
_POWER_MAX_ITER = 10_000
_SQUARINGS = 4
_BLOCK = 1024


# ---------------------------------------------------------------------------- kernels
def geometric_weights(stack: np.ndarray) -> np.ndarray:
    """Normalised row geometric means, ``w_i = g_i / sum_k g_k``, ``g_i = (prod_j a_ij)^(1/n)``."""
    g = np.exp(np.log(stack).mean(axis=-1))
    return g / g.sum(axis=-1, keepdims=True)


def arithmetic_weights(stack: np.ndarray) -> np.ndarray:
    """Average of normalised columns, ``w_i = (1/n) sum_j a_ij / sum_k a_kj``."""
    return (stack / stack.sum(axis=-2, keepdims=True)).mean(axis=-1)


def _perron_block(stack: np.ndarray, tol: float, max_iter: int) -> tuple[np.ndarray, np.ndarray,
                                                                          np.ndarray]:
    """Power iteration on one block; returns weights, lambda_max and the not-converged mask."""
    m, n, _ = stack.shape
    ones = np.ones(n)
    b = stack / (stack.reshape(m, -1).max(axis=1) * n)[:, None, None]
    buf = np.empty_like(b)
    for _ in range(_SQUARINGS):
        np.matmul(b, b, out=buf)
        b, buf = buf, b
    w = b[:, :, 0] / (b[:, :, 0] @ ones)[:, None]
    v = np.empty_like(w)
    for _ in range(max_iter):
        np.matmul(b, w[..., None], out=v[..., None])
        v /= (v @ ones)[:, None]
        step = np.abs(v - w).max()
        w, v = v, w
        if step <= tol:
            break
    bad = (np.abs(v - w).max(axis=-1) > tol) | ~np.isfinite(w).all(axis=-1) | (w <= 0).any(axis=-1)
    return w, np.matmul(stack, w[..., None])[..., 0] @ ones, bad


def eigenvector_weights(stack: np.ndarray, *, tol: float = _POWER_TOL,
                        max_iter: int = _POWER_MAX_ITER) -> tuple[np.ndarray, np.ndarray]:
    """Principal right eigenvectors (summing to 1) and eigenvalues of a stack, by power iteration.

    The iteration runs on ``B = (A / (n max_ij a_ij))^16`` (four batched squarings), which has
    the Perron vector of ``A`` and the gap ``|lambda_2 / lambda_max|^16``:
    ``w_{k+1} = B w_k / (1' B w_k)`` from the first column of ``B``, until no weight moves by
    more than ``tol``; then ``lambda_max = 1' A w`` (exact for the eigenvector, since
    ``1'w = 1``). The scaling keeps ``||B||_inf <= 1`` (no overflow); underflow would need
    ``lambda_max / (n max a_ij) < 1e-19``, impossible for reciprocal judgments below ``1e18``
    (``lambda_max >= n``). Blocks of ``1024`` matrices are processed in turn so that the work
    stays in cache (a loop over blocks, never over matrices).

    Raises
    ------
    ValidationError
        When some matrix has not converged after ``max_iter`` steps (not possible for a positive
        matrix unless ``|lambda_2|`` is within ``tol``-resolution of ``lambda_max``), or the
        iteration left the positive finite range.
    """
    parts = [_perron_block(stack[i:i + _BLOCK], tol, max_iter)
             for i in range(0, stack.shape[0], _BLOCK)]
    bad = np.flatnonzero(np.concatenate([p[2] for p in parts]))
    if bad.size:
        raise ValidationError(f"power iteration did not converge for {bad.size} matrices "
                              f"(first: matrix {int(bad[0]) + 1})", field="eigenvector",
                              expected=f"convergence to {tol:g} within {max_iter} iterations")
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def principal_eigenvalue(stack: np.ndarray) -> np.ndarray:
    """``lambda_max`` of each matrix (the Perron root, from :func:`eigenvector_weights`)."""
    return eigenvector_weights(stack)[1]


def weights_for(stack: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Weights by ``method`` and ``lambda_max`` (always the Perron root of ``A``)."""
    w_eig, lam = eigenvector_weights(stack)
    if method == "eigenvector":
        return w_eig, lam
    if method == "geometric":
        return geometric_weights(stack), lam
    return arithmetic_weights(stack), lam


def random_index(n: int, table: str = "saaty1980") -> float:
    """``RI(n)`` from a named table.

    Raises
    ------
    InputError
        Unknown table, or ``n`` beyond the table (the message names both).
    """
    if table not in RI_TABLES:
        raise InputError(f"unknown random-index table {table!r}", field="ri_table",
                         expected=f"one of {', '.join(RI_TABLES)}")
    values = RI_TABLES[table]
    if not 1 <= n <= len(values):
        raise InputError(f"a {n} x {n} matrix is beyond the random-index table {table!r}, "
                         f"which covers n = 1..{len(values)}", field="ri_table",
                         expected=f"n <= {len(values)}, or a table covering n = {n} "
                                  f"({', '.join(t for t, v in RI_TABLES.items() if len(v) >= n) or 'none'})")
    return values[n - 1]


def consistency(lam: np.ndarray, n: int, ri: float) -> tuple[np.ndarray, np.ndarray]:
    """``CI = (lambda_max - n)/(n - 1)`` and ``CR = CI / RI``; both 0 for ``n <= 2``.

    Rounding can leave ``lambda_max`` a hair below ``n`` for a consistent matrix; the tiny
    negative CI (``>= -1e-10``) is reported as 0.
    """
    lam = np.asarray(lam, dtype=float)
    if n <= 2:
        zero = np.zeros_like(lam)
        return zero, zero.copy()
    ci = (lam - n) / (n - 1)
    ci = np.where((ci < 0) & (ci > -1e-10), 0.0, ci)
    return ci, ci / ri


# ---------------------------------------------------------------------------- batch wrapper
@dataclass(frozen=True)
class AHPBatch:
    """Weights and consistency of ``m`` judgment matrices of one size ``n``.

    Attributes
    ----------
    weights : (m, n) array, rows summing to 1
    lambda_max, ci, cr : (m,) arrays
    ri : float, ``RI(n)`` of ``ri_table``
    method, ri_table : the conventions used
    """

    weights: np.ndarray
    lambda_max: np.ndarray
    ci: np.ndarray
    cr: np.ndarray
    ri: float
    method: str
    ri_table: str

    def consistent(self, threshold: float = 0.1) -> np.ndarray:
        """Boolean mask ``CR <= threshold``."""
        return self.cr <= threshold


def _check_stack(stack: np.ndarray, reciprocal_tol: float, offset: int = 0) -> None:
    """Vectorised checks: finite, positive, unit diagonal, reciprocal within ``reciprocal_tol``.

    Cheap whole-block reductions first; the offending entry is located only on failure
    (``offset``: index of the block's first matrix in the whole stack).
    """
    def bad(mask: np.ndarray, what: str, expected: str) -> None:
        k, i, j = (int(x) for x in np.argwhere(mask)[0])
        raise InputError(f"{what}: value {stack[k, i, j]:g} at matrix {offset + k + 1}, row "
                         f"{i + 1}, column {j + 1} ({int(mask.sum())} such entries in its block)",
                         field=f"stack[{offset + k}, {i}, {j}]", expected=expected)

    if not np.isfinite(stack).all():
        bad(~np.isfinite(stack), "non-finite judgment", "finite positive numbers")
    if not stack.min() > 0:
        bad(stack <= 0, "non-positive judgment", "positive judgments (1/9..9)")
    diag = np.diagonal(stack, axis1=1, axis2=2)
    if np.abs(diag - 1).max() > 1e-9:
        k, i = (int(x) for x in np.argwhere(np.abs(diag - 1) > 1e-9)[0])
        raise InputError(f"diagonal judgment {diag[k, i]:g} at matrix {offset + k + 1}, row "
                         f"{i + 1}", field=f"stack[{offset + k}, {i}, {i}]", expected="a_ii = 1")
    dev = np.abs(stack * np.swapaxes(stack, 1, 2) - 1)
    if dev.max() > reciprocal_tol:
        bad(dev > reciprocal_tol, "non-reciprocal judgment",
            f"a_ji = 1/a_ij (within {reciprocal_tol:g})")


def ahp_batch(stack, *, method: Method = "eigenvector", ri_table: str = "saaty1980",
              validate: bool = True, reciprocal_tol: float = 0.05) -> AHPBatch:
    """Weights, ``lambda_max``, CI and CR of many judgment matrices at once.

    Parameters
    ----------
    stack : array_like, shape (m, n, n)
        ``m`` positive reciprocal matrices of the same size.
    method : {"eigenvector", "geometric", "arithmetic"}
        Weighting rule (module docstring); ``lambda_max`` is always the Perron root.
    ri_table : str
        Name of a table in :data:`RI_TABLES`.
    validate : bool
        Check finiteness, positivity, unit diagonal and reciprocity (vectorised). The 1-9 scale
        is not enforced here: aggregated or simulated matrices may leave it.
    reciprocal_tol : float
        Largest tolerated ``|a_ij a_ji - 1|``.

    Returns
    -------
    AHPBatch
    """
    a = np.asarray(stack, dtype=float)
    if a.ndim != 3 or a.shape[1] != a.shape[2] or a.shape[1] == 0:
        raise InputError(f"stack has shape {a.shape}", field="stack",
                         expected="an (m, n, n) array of square judgment matrices")
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}", field="method",
                         expected=f"one of {', '.join(METHODS)}")
    n = a.shape[1]
    ri = random_index(n, ri_table)
    parts = []
    for start in range(0, a.shape[0], _BLOCK):  # blocks of matrices, each block vectorised
        block = a[start:start + _BLOCK]
        if validate:
            _check_stack(block, reciprocal_tol, offset=start)
        parts.append(weights_for(block, method))
    w = np.concatenate([p[0] for p in parts])
    lam = np.concatenate([p[1] for p in parts])
    ci, cr = consistency(lam, n, ri)
    return AHPBatch(weights=w, lambda_max=lam, ci=ci, cr=cr, ri=ri, method=method,
                    ri_table=ri_table)
