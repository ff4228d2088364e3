"""VIKOR: compromise ranking by group utility, individual regret and their blend.

Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A comparative analysis of
VIKOR and TOPSIS", *European Journal of Operational Research* 156(2): 445-455, section 3
(eqs. 1-5 and the two conditions)::

    f*_j = best value (max for benefit, min for cost),  f-_j = worst value
    d_ij = (f*_j - f_ij) / (f*_j - f-_j)                          (0 = best, 1 = worst)
    S_i  = sum_j w_j d_ij                                          group utility
    R_i  = max_j w_j d_ij                                          individual regret
    Q_i  = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*)    S* = min S, S- = max S, ...

Alternatives are ranked by Q (smaller is better). With a' and a'' first and second by Q and
DQ = 1/(m - 1):

* C1 "acceptable advantage": Q(a'') - Q(a') >= DQ;
* C2 "acceptable stability in decision making": a' is also best by S or by R.

Compromise set: a' alone if C1 and C2 hold; {a', a''} if only C2 fails; otherwise a' and every
a^(k) with Q(a^(k)) - Q(a') < DQ.

Conventions (named, recorded in ``meta``): ``v`` (weight of the strategy of the majority of
criteria, default 0.5); a constant criterion has ``d = 0`` for all (it cannot discriminate;
warned); when every alternative has the same S (or R) its term of Q is 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.ranking_result import RankingResult, finish, prepare

__all__ = ["VIKOR_SOURCE", "vikor", "vikor_conditions", "vikor_kernel", "vikor_scores"]

VIKOR_SOURCE = ("Opricovic & Tzeng (2004), European Journal of Operational Research 156(2): "
                "445-455, section 3")


def _scaled(values: np.ndarray) -> np.ndarray:
    lo = values.min(axis=-1, keepdims=True)
    span = values.max(axis=-1, keepdims=True) - lo
    return np.divide(values - lo, span, out=np.zeros_like(values), where=span > 0)


def vikor_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray, v: float = 0.5
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(Q, S, R)`` of ``X`` ``(..., m, n)`` under ``weights`` ``(..., n)`` (module docstring).

    A constant criterion has ``d = 0``. Not validated.
    """
    lo = X.min(axis=-2, keepdims=True)
    hi = X.max(axis=-2, keepdims=True)
    span = hi - lo
    num = np.where(benefit, hi - X, X - lo)
    d = np.divide(num, span, out=np.zeros_like(num), where=span > 0)
    wd = d * np.asarray(weights)[..., np.newaxis, :]
    S = wd.sum(axis=-1)
    R = wd.max(axis=-1)
    Q = v * _scaled(S) + (1.0 - v) * _scaled(R)
    return Q, S, R


def vikor_scores(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray, v: float = 0.5
                 ) -> np.ndarray:
    """``-Q`` (larger is better), for the stability drivers."""
    return -vikor_kernel(X, weights, benefit, v)[0]


def vikor_conditions(Q: np.ndarray, S: np.ndarray, R: np.ndarray) -> tuple[bool, bool, np.ndarray]:
    """``(C1, C2, compromise)``: the two conditions of Opricovic & Tzeng (2004) and the
    positions (indices into ``Q``) of the compromise set, best first."""
    m = Q.shape[0]
    order = np.argsort(Q, kind="stable")
    dq = 1.0 / (m - 1)
    first = order[0]
    c1 = bool(Q[order[1]] - Q[first] >= dq)
    c2 = bool(S[first] == S.min() or R[first] == R.min())
    if c1 and c2:
        return c1, c2, order[:1]
    if c1:
        return c1, c2, order[:2]
    close = Q[order] - Q[first] < dq
    return c1, c2, order[close]


def vikor(X, weights, directions, *, v: float = 0.5, name: str = "X") -> RankingResult:
    """Rank alternatives by VIKOR (Opricovic & Tzeng 2004).

    Parameters
    ----------
    X, weights, directions, name
        As :func:`revitalize.evaluate.topsis.topsis`.
    v
        Weight of the "majority of criteria" strategy in Q, in ``[0, 1]`` (default 0.5).

    Returns
    -------
    RankingResult
        ``score`` = Q (smaller is better), ``S``, ``R``, ``compromise`` (bool: in the
        compromise set); ``meta``: ``acceptable_advantage`` (C1), ``acceptable_stability``
        (C2), ``compromise_set`` (labels, best first).
    """
    if not (isinstance(v, (int, float, np.floating)) and 0.0 <= float(v) <= 1.0):
        raise InputError(f"v={v!r}", field="v", expected="a number in [0, 1] (default 0.5)")
    p = prepare(X, weights, directions, method="VIKOR",
                consequence="d = 0 for every alternative (no effect on S or R)")
    Q, S, R = vikor_kernel(p.dm.values, p.weights, p.benefit, float(v))
    c1, c2, comp = vikor_conditions(Q, S, R)
    in_set = np.zeros(len(Q), dtype=bool)
    in_set[comp] = True
    labels = [p.dm.alternatives[i] for i in comp]
    return finish(p, {"score": Q, "S": S, "R": R, "compromise": in_set}, method="VIKOR",
                  source=VIKOR_SOURCE, larger_is_better=False,
                  conventions={"v": float(v), "normalisation": "linear: d = (f* - f)/(f* - f-)",
                               "DQ": "1/(m - 1)"},
                  acceptable_advantage=c1, acceptable_stability=c2,
                  compromise_set=[x.item() if hasattr(x, "item") else x for x in labels],
                  extra={"compromise_set": pd.Index(labels, name=p.dm.alternatives.name)})
