"""Ranking by aggregated utility of normalised values: WASPAS, MOORA (ratio system) and CoCoSo.
Kernels batched over leading axes ``(..., m, n)``.

WASPAS -- Zavadskas, Turskis, Antucheviciene & Zakarevicius (2012), "Optimization of weighted
aggregated sum product assessment", *Elektronika ir Elektrotechnika* 122(6): 3-6, eqs. 1-6::

    n_ij = x_ij / max_i x_ij (benefit), min_i x_ij / x_ij (cost)
    Q1_i = sum_j w_j n_ij   (WSM),   Q2_i = prod_j n_ij^w_j   (WPM)
    Q_i  = lambda Q1_i + (1 - lambda) Q2_i                       (lambda default 0.5)

MOORA ratio system -- Brauers & Zavadskas (2006), "The MOORA method and its application to
privatization in a transition economy", *Control and Cybernetics* 35(2): 445-469 (the
weighted form of Brauers, Zavadskas, Peldschus & Turskis 2008)::

    n_ij = x_ij / sqrt(sum_i x_ij^2),   y_i = sum_{benefit} w_j n_ij - sum_{cost} w_j n_ij

CoCoSo -- Yazdani, Zarate, Zavadskas & Turskis (2019), "A combined compromise solution
(CoCoSo) method for multi-criteria decision-making problems", *Management Decision* 57(9):
2501-2519, eqs. 1-7::

    r_ij = direction-aware min-max;   S_i = sum_j w_j r_ij;   P_i = sum_j r_ij^w_j
    k_ia = (P_i + S_i) / sum_i (P_i + S_i)
    k_ib = S_i / min S + P_i / min P
    k_ic = (lambda S_i + (1 - lambda) P_i) / (lambda max S + (1 - lambda) max P)
    k_i  = (k_ia k_ib k_ic)^(1/3) + (k_ia + k_ib + k_ic) / 3

Larger Q, y and k are better. Conventions: WASPAS needs positive values (ratio
normalisation); CoCoSo's ``k_ib`` divides by ``min S`` and ``min P``: an alternative worst on
every criterion has ``S = 0`` (and ``P = 0`` when all weights are positive), which raises;
``0^0 = 1`` in ``P`` (a criterion of weight 0 adds 1 to every ``P``, as in the paper's formula).
"""

from __future__ import annotations

import numpy as np

from revitalize.errors import InputError
from revitalize.evaluate.normalise import linear_normalise, minmax_normalise, vector_normalise
from revitalize.evaluate.ranking_result import RankingResult, check_positive, finish, prepare

__all__ = ["COCOSO_SOURCE", "MOORA_SOURCE", "WASPAS_SOURCE", "cocoso", "cocoso_kernel",
           "cocoso_scores", "moora", "moora_kernel", "moora_scores", "waspas", "waspas_kernel",
           "waspas_scores"]

WASPAS_SOURCE = ("Zavadskas, Turskis, Antucheviciene & Zakarevicius (2012), Elektronika ir "
                 "Elektrotechnika 122(6): 3-6")
MOORA_SOURCE = "Brauers & Zavadskas (2006), Control and Cybernetics 35(2): 445-469"
COCOSO_SOURCE = ("Yazdani, Zarate, Zavadskas & Turskis (2019), Management Decision 57(9): "
                 "2501-2519")


def _w(weights: np.ndarray) -> np.ndarray:
    return np.asarray(weights)[..., np.newaxis, :]


def _lambda(value, field: str = "lambda_") -> float:
    if not (isinstance(value, (int, float, np.floating)) and 0.0 <= float(value) <= 1.0):
        raise InputError(f"{field}={value!r}", field=field, expected="a number in [0, 1]")
    return float(value)


# ---------------------------------------------------------------------------- WASPAS
def waspas_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                  lambda_: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(Q, Q1, Q2)`` (module docstring); ``X > 0``."""
    n = linear_normalise(X, benefit)
    w = np.asarray(weights)
    q1 = np.einsum("...ij,...j->...i", n, w)
    q2 = np.exp(np.einsum("...ij,...j->...i", np.log(n), w))
    return lambda_ * q1 + (1.0 - lambda_) * q2, q1, q2


def waspas_scores(X, weights, benefit, lambda_: float = 0.5) -> np.ndarray:
    return waspas_kernel(X, weights, benefit, lambda_)[0]


def waspas(X, weights, directions, *, lambda_: float = 0.5, name: str = "X") -> RankingResult:
    """Rank alternatives by WASPAS (Zavadskas et al. 2012).

    ``lambda_``: share of the weighted sum (WSM) in Q, in ``[0, 1]`` (default 0.5; 1 = WSM,
    0 = WPM). Returns ``score`` = Q, ``WSM`` (Q1), ``WPM`` (Q2). Raises for values <= 0.
    """
    lam = _lambda(lambda_)
    p = prepare(X, weights, directions, method="WASPAS",
                consequence="n = 1 for every alternative (no effect on the ranking)")
    check_positive(p.dm, method="WASPAS", reason="the ratio normalisation x/max, min/x needs "
                                                 "x > 0")
    Q, q1, q2 = waspas_kernel(p.dm.values, p.weights, p.benefit, lam)
    return finish(p, {"score": Q, "WSM": q1, "WPM": q2}, method="WASPAS", source=WASPAS_SOURCE,
                  conventions={"lambda_": lam, "normalisation": "linear: x/max, min/x"})


# ---------------------------------------------------------------------------- MOORA
def moora_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Ratio-system scores ``y`` (module docstring)."""
    signed = np.where(benefit, 1.0, -1.0) * np.asarray(weights)
    return np.einsum("...ij,...j->...i", vector_normalise(X), signed)


def moora_scores(X, weights, benefit) -> np.ndarray:
    return moora_kernel(X, weights, benefit)


def moora(X, weights, directions, *, name: str = "X") -> RankingResult:
    """Rank alternatives by the MOORA ratio system (Brauers & Zavadskas 2006), weighted.

    Returns ``score`` = y (larger is better).
    """
    p = prepare(X, weights, directions, method="MOORA",
                consequence="the same contribution for every alternative")
    y = moora_kernel(p.dm.values, p.weights, p.benefit)
    return finish(p, {"score": y}, method="MOORA", source=MOORA_SOURCE,
                  conventions={"system": "ratio system, weighted",
                               "normalisation": "vector: x / sqrt(sum x^2)"})


# ---------------------------------------------------------------------------- CoCoSo
def cocoso_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                  lambda_: float = 0.5) -> tuple[np.ndarray, ...]:
    """``(k, k_a, k_b, k_c, S, P)`` (module docstring); NaN where ``min S`` or ``min P`` is 0."""
    r = minmax_normalise(X, benefit)
    w = np.asarray(weights)
    S = np.einsum("...ij,...j->...i", r, w)
    P = (r ** _w(w)).sum(axis=-1)
    total = S + P
    ka = total / total.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        kb = S / S.min(axis=-1, keepdims=True) + P / P.min(axis=-1, keepdims=True)
    mixed = lambda_ * S + (1.0 - lambda_) * P
    kc = mixed / (lambda_ * S.max(axis=-1, keepdims=True)
                  + (1.0 - lambda_) * P.max(axis=-1, keepdims=True))
    k = np.cbrt(ka * kb * kc) + (ka + kb + kc) / 3.0
    return k, ka, kb, kc, S, P


def cocoso_scores(X, weights, benefit, lambda_: float = 0.5) -> np.ndarray:
    return cocoso_kernel(X, weights, benefit, lambda_)[0]


def cocoso(X, weights, directions, *, lambda_: float = 0.5, name: str = "X") -> RankingResult:
    """Rank alternatives by CoCoSo (Yazdani et al. 2019).

    ``lambda_`` (default 0.5, the paper's choice) balances S and P in ``k_c``. Returns
    ``score`` = k (larger is better), ``k_a``, ``k_b``, ``k_c``, ``S``, ``P``. Raises when an
    alternative has ``S = 0`` or ``P = 0`` (``k_b`` divides by their minimum).
    """
    lam = _lambda(lambda_)
    p = prepare(X, weights, directions, method="CoCoSo",
                consequence="r = 0 for every alternative")
    k, ka, kb, kc, S, P = cocoso_kernel(p.dm.values, p.weights, p.benefit, lam)
    if not (S.min() > 0 and P.min() > 0):
        i = int(np.argmin(np.minimum(S, P)))
        raise InputError(f"CoCoSo: alternative {p.dm.alternatives[i]!r} is worst on every "
                         "weighted criterion (S = 0), so k_b = S/min S is undefined",
                         row=p.dm.alternatives[i], field="X",
                         expected="no alternative dominated on every criterion (drop it)")
    return finish(p, {"score": k, "k_a": ka, "k_b": kb, "k_c": kc, "S": S, "P": P},
                  method="CoCoSo", source=COCOSO_SOURCE,
                  conventions={"lambda_": lam, "normalisation": "minmax (direction-aware)"})
