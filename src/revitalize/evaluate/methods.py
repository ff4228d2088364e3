"""One door to every ranking method: :func:`rank` by name, and the batched score functions the
stability drivers (:mod:`revitalize.uncertainty.mcda_mc`) and the comparison use.

================  =====================================  =============================  =======
name              shell                                  options (keywords = CLI flags)  better
================  =====================================  =============================  =======
``topsis``        :func:`~.topsis.topsis`                ``normalisation``               larger
``vikor``         :func:`~.vikor.vikor`                  ``v``                           smaller
``promethee_ii``  :func:`~.outranking.promethee_ii`      ``preference_function, q, p,    larger
                                                         s``
``edas``          :func:`~.distance_based.edas`          --                              larger
``codas``         :func:`~.distance_based.codas`         ``tau``                         larger
``mabac``         :func:`~.distance_based.mabac`         --                              larger
``cocoso``        :func:`~.utility.cocoso`               ``lambda_``                     larger
``waspas``        :func:`~.utility.waspas`               ``lambda_``                     larger
``moora``         :func:`~.utility.moora`                --                              larger
================  =====================================  =============================  =======

Every shell is called ``shell(X, weights, directions, **options)``; its result's ``table`` has
a ``rank`` column (1 = best) and the score column named in :class:`MethodSpec`. The batched
score of a method is "larger is better" for every method (VIKOR's is ``-Q``), on ``X`` of shape
``(m, n)`` or ``(k, m, n)`` and weights ``(n,)`` or ``(k, n)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.distance_based import (
    codas,
    codas_scores,
    edas,
    edas_scores,
    mabac,
    mabac_scores,
)
from revitalize.evaluate.outranking import preference_parameters, promethee_ii, promethee_scores
from revitalize.evaluate.topsis import topsis
from revitalize.evaluate.utility import (
    cocoso,
    cocoso_scores,
    moora,
    moora_scores,
    waspas,
    waspas_scores,
)
from revitalize.evaluate.vikor import vikor, vikor_scores
from revitalize.results import Result

__all__ = ["RANKING_METHODS", "MethodSpec", "batched_scores", "kernel_options", "rank",
           "topsis_scores"]


def topsis_scores(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                  normalisation: str = "vector") -> np.ndarray:
    """TOPSIS closeness ``(..., m)`` (Hwang & Yoon 1981), batched. With one matrix and ``(k, n)``
    weights the squared gaps are weighted by one matrix product (``D^2 = G^2 (w^2)^T``)."""
    w = np.asarray(weights)
    if normalisation == "vector":
        norm = np.sqrt((X * X).sum(axis=-2, keepdims=True))
        r = np.divide(X, norm, out=np.zeros_like(X, dtype=float), where=norm > 0)
    else:
        lo, hi = X.min(axis=-2, keepdims=True), X.max(axis=-2, keepdims=True)
        r = np.divide(X - lo, hi - lo, out=np.zeros_like(X, dtype=float), where=hi > lo)
    top, bottom = r.max(axis=-2, keepdims=True), r.min(axis=-2, keepdims=True)
    gap_best = r - np.where(benefit, top, bottom)
    gap_worst = r - np.where(benefit, bottom, top)
    if X.ndim == 2 and w.ndim == 2:
        w2 = (w * w).T
        d_plus, d_minus = np.sqrt((gap_best ** 2) @ w2).T, np.sqrt((gap_worst ** 2) @ w2).T
    else:
        w2 = (w * w)[..., np.newaxis, :]
        d_plus = np.sqrt((gap_best ** 2 * w2).sum(-1))
        d_minus = np.sqrt((gap_worst ** 2 * w2).sum(-1))
    with np.errstate(invalid="ignore"):  # total = 0 only where d_minus = 0: 0/0 is the NaN
        return d_minus / (d_plus + d_minus)


@dataclass(frozen=True)
class MethodSpec:
    """A ranking method: its shell, batched scores, option names, the score column of its
    table and whether a larger score is better there."""

    shell: Callable[..., Result]
    scores: Callable[..., np.ndarray]
    options: tuple[str, ...]
    score_column: str = "score"
    larger_is_better: bool = True


RANKING_METHODS: dict[str, MethodSpec] = {
    "topsis": MethodSpec(topsis, topsis_scores, ("normalisation",), "closeness"),
    "vikor": MethodSpec(vikor, vikor_scores, ("v",), larger_is_better=False),
    "promethee_ii": MethodSpec(promethee_ii, promethee_scores,
                               ("preference_function", "q", "p", "s")),
    "edas": MethodSpec(edas, edas_scores, ()),
    "codas": MethodSpec(codas, codas_scores, ("tau",)),
    "mabac": MethodSpec(mabac, mabac_scores, ()),
    "cocoso": MethodSpec(cocoso, cocoso_scores, ("lambda_",)),
    "waspas": MethodSpec(waspas, waspas_scores, ("lambda_",)),
    "moora": MethodSpec(moora, moora_scores, ()),
}


def _spec(method: str) -> MethodSpec:
    if method not in RANKING_METHODS:
        raise InputError(f"unknown ranking method {method!r}", field="method",
                         expected=f"one of {list(RANKING_METHODS)}")
    return RANKING_METHODS[method]


def _check_options(method: str, options: dict[str, Any]) -> None:
    unknown = sorted(set(options) - set(_spec(method).options))
    if unknown:
        raise InputError(f"{method} has no option {unknown[0]!r}", field=unknown[0],
                         expected=f"options of {method}: {list(_spec(method).options) or 'none'}")


def rank(method: str, X, weights, directions, **options) -> Result:
    """Rank the alternatives of ``X`` with ``method`` (a name of :data:`RANKING_METHODS`).

    ``X``, ``weights``, ``directions`` as :func:`revitalize.evaluate.topsis.topsis`;
    ``options`` are the method's own keywords (module table). Returns the method's result
    (``table`` with ``rank`` and the score column). Raises :class:`InputError` for an unknown
    method or option.
    """
    _check_options(method, options)
    return _spec(method).shell(X, weights, directions, **options)


def kernel_options(method: str, criteria: pd.Index, **options) -> dict[str, Any]:
    """The keyword arguments of the method's batched scores for validated ``options``
    (PROMETHEE II's preference functions and thresholds become arrays)."""
    _check_options(method, options)
    if method == "promethee_ii":
        params, _ = preference_parameters(criteria, options.get("preference_function", "usual"),
                                          options.get("q"), options.get("p"), options.get("s"))
        return {"params": params}
    return dict(options)


def batched_scores(method: str, X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                   **kernel_kwargs) -> np.ndarray:
    """Scores ``(..., m)``, larger is better, of ``X`` ``(m, n)`` or ``(k, m, n)`` under
    ``weights`` ``(n,)`` or ``(k, n)``; ``kernel_kwargs`` from :func:`kernel_options`."""
    return _spec(method).scores(X, weights, benefit, **kernel_kwargs)
