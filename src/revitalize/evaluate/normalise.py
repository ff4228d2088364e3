"""Normalisations of decision matrices shared by the ranking methods, batched over draws.

Every function takes ``X`` of shape ``(..., m, n)`` (alternatives in rows, criteria in columns,
any number of leading "draw" axes) and ``benefit`` of shape ``(n,)`` (``True`` = larger is
better) and returns an array of the same shape; column statistics are taken over axis ``-2``.
No validation here: the shells check the input (:mod:`revitalize.evaluate.validate`).

=============  ==========================================================  ====================
name           formula (benefit / cost)                                    used by
=============  ==========================================================  ====================
``minmax``     ``(x - min)/(max - min)`` / ``(max - x)/(max - min)``         VIKOR, MABAC, CoCoSo
``linear``     ``x / max`` / ``min / x``  (needs x > 0)                      CODAS, WASPAS
``vector``     ``x / sqrt(sum_i x^2)`` (direction applied by the method)     MOORA, TOPSIS
=============  ==========================================================  ====================

A constant column has ``max = min``: its min-max value is 0 for every alternative (it cannot
discriminate; the shells warn). Sources: Jahan & Edwards (2015), "A state-of-the-art survey on
the influence of normalization techniques in ranking", *Materials & Design* 65: 335-342, table 1.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NORMALISATIONS", "linear_normalise", "minmax_normalise", "vector_normalise"]

NORMALISATIONS = {
    "minmax": "(x - min)/(max - min) for benefit, (max - x)/(max - min) for cost",
    "linear": "x / max for benefit, min / x for cost (x > 0)",
    "vector": "x / sqrt(sum_i x^2)",
}


def minmax_normalise(X: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Direction-aware min-max over the alternatives (axis -2); constant columns give 0."""
    lo = X.min(axis=-2, keepdims=True)
    hi = X.max(axis=-2, keepdims=True)
    span = hi - lo
    out = np.where(benefit, X - lo, hi - X)
    return np.divide(out, span, out=np.zeros_like(out), where=span > 0)


def linear_normalise(X: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """``x / max`` (benefit) and ``min / x`` (cost) over the alternatives (axis -2); x > 0."""
    hi = X.max(axis=-2, keepdims=True)
    lo = X.min(axis=-2, keepdims=True)
    return np.where(benefit, X / hi, lo / X)


def vector_normalise(X: np.ndarray) -> np.ndarray:
    """``x / sqrt(sum_i x_i^2)`` over the alternatives (axis -2); all-zero columns stay 0."""
    norm = np.sqrt((X * X).sum(axis=-2, keepdims=True))
    return np.divide(X, norm, out=np.zeros_like(X), where=norm > 0)
