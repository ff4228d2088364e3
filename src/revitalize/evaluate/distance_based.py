"""Ranking by distances from a reference point: EDAS (average solution), CODAS (negative ideal)
and MABAC (border approximation area). Kernels batched over leading axes ``(..., m, n)``.

EDAS -- Keshavarz Ghorabaee, Zavadskas, Olfat & Turskis (2015), "Multi-criteria inventory
classification using a new method of Evaluation based on Distance from Average Solution
(EDAS)", *Informatica* 26(3): 435-451, steps 1-8::

    AV_j  = mean_i x_ij
    PDA_ij = max(0, x_ij - AV_j) / AV_j   (benefit; max(0, AV_j - x_ij) / AV_j for cost)
    NDA_ij = max(0, AV_j - x_ij) / AV_j   (benefit; max(0, x_ij - AV_j) / AV_j for cost)
    SP_i = sum_j w_j PDA_ij,  SN_i = sum_j w_j NDA_ij
    NSP_i = SP_i / max SP,  NSN_i = 1 - SN_i / max SN,  AS_i = (NSP_i + NSN_i) / 2

CODAS -- Keshavarz Ghorabaee, Zavadskas, Turskis & Antucheviciene (2016), "A new
COmbinative Distance-based ASsessment (CODAS) method for multi-criteria decision-making",
*Economic Computation and Economic Cybernetics Studies and Research* 50(3): 25-44, steps 1-7::

    n_ij = x_ij / max_i x_ij (benefit), min_i x_ij / x_ij (cost);   r_ij = w_j n_ij
    ns_j = min_i r_ij                                              negative-ideal solution
    E_i  = sqrt(sum_j (r_ij - ns_j)^2),  T_i = sum_j |r_ij - ns_j|   Euclidean, taxicab
    h_ik = (E_i - E_k) + psi(E_i - E_k) (T_i - T_k),  psi(x) = 1 if |x| >= tau else 0
    H_i  = sum_k h_ik                                                (tau default 0.02)

MABAC -- Pamucar & Cirovic (2015), "The selection of transport and handling resources in
logistics centers using Multi-Attributive Border Approximation area Comparison (MABAC)",
*Expert Systems with Applications* 42(6): 3016-3028, steps 1-6::

    n_ij = (x_ij - x-_j) / (x+_j - x-_j)   (direction-aware min-max)
    v_ij = w_j (n_ij + 1),  g_j = (prod_i v_ij)^(1/m),  S_i = sum_j (v_ij - g_j)

Larger AS, H and S are better. Conventions: EDAS needs a positive average per criterion (its
distances are relative to it); CODAS needs positive values (ratio normalisation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.normalise import linear_normalise, minmax_normalise
from revitalize.evaluate.ranking_result import RankingResult, check_positive, finish, prepare

__all__ = ["CODAS_SOURCE", "EDAS_SOURCE", "MABAC_SOURCE", "codas", "codas_kernel",
           "codas_scores", "edas", "edas_kernel", "edas_scores", "mabac", "mabac_kernel",
           "mabac_scores"]

EDAS_SOURCE = ("Keshavarz Ghorabaee, Zavadskas, Olfat & Turskis (2015), Informatica 26(3): "
               "435-451")
CODAS_SOURCE = ("Keshavarz Ghorabaee, Zavadskas, Turskis & Antucheviciene (2016), Economic "
                "Computation and Economic Cybernetics Studies and Research 50(3): 25-44")
MABAC_SOURCE = ("Pamucar & Cirovic (2015), Expert Systems with Applications 42(6): 3016-3028")


def _w(weights: np.ndarray) -> np.ndarray:
    return np.asarray(weights)[..., np.newaxis, :]


def _ratio_to_max(values: np.ndarray) -> np.ndarray:
    top = values.max(axis=-1, keepdims=True)
    return np.divide(values, top, out=np.zeros_like(values), where=top > 0)


# ---------------------------------------------------------------------------- EDAS
def edas_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(AS, SP, SN)`` (module docstring). A zero max SP (or SN) gives NSP = 0 (NSN = 1)."""
    av = X.mean(axis=-2, keepdims=True)
    dev = np.where(benefit, X - av, av - X) / av
    sp = (np.maximum(dev, 0.0) * _w(weights)).sum(axis=-1)
    sn = (np.maximum(-dev, 0.0) * _w(weights)).sum(axis=-1)
    return 0.5 * (_ratio_to_max(sp) + 1.0 - _ratio_to_max(sn)), sp, sn


def edas_scores(X, weights, benefit) -> np.ndarray:
    """Appraisal scores AS (larger is better)."""
    return edas_kernel(X, weights, benefit)[0]


def edas(X, weights, directions, *, name: str = "X") -> RankingResult:
    """Rank alternatives by EDAS (Keshavarz Ghorabaee et al. 2015).

    ``X``, ``weights``, ``directions``, ``name`` as :func:`revitalize.evaluate.topsis.topsis`.
    Returns a :class:`RankingResult`: ``score`` = appraisal score AS in ``[0, 1]`` (larger is
    better), ``SP``, ``SN`` (weighted positive / negative distances from the average).
    Raises :class:`InputError` when a criterion's average is not positive.
    """
    p = prepare(X, weights, directions, method="EDAS",
                consequence="every alternative equals the average (PDA = NDA = 0)")
    av = p.dm.values.mean(axis=0)
    if (av <= 0).any():
        j = int(np.flatnonzero(av <= 0)[0])
        raise InputError(f"EDAS: the average of criterion {p.dm.criteria[j]!r} is {av[j]:g}; "
                         "distances from the average are relative to it", field=p.dm.criteria[j],
                         expected="a positive average per criterion (shift or rescale it)")
    AS, sp, sn = edas_kernel(p.dm.values, p.weights, p.benefit)
    return finish(p, {"score": AS, "SP": sp, "SN": sn}, method="EDAS", source=EDAS_SOURCE,
                  conventions={"reference": "average solution AV_j = mean_i x_ij"})


# ---------------------------------------------------------------------------- CODAS
def codas_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray, tau: float = 0.02
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(H, E, T)`` (module docstring)."""
    r = linear_normalise(X, benefit) * _w(weights)
    gap = r - r.min(axis=-2, keepdims=True)
    E = np.sqrt((gap * gap).sum(axis=-1))
    T = gap.sum(axis=-1)
    dE = E[..., :, np.newaxis] - E[..., np.newaxis, :]
    dT = T[..., :, np.newaxis] - T[..., np.newaxis, :]
    H = (dE + (np.abs(dE) >= tau) * dT).sum(axis=-1)
    return H, E, T


def codas_scores(X, weights, benefit, tau: float = 0.02) -> np.ndarray:
    """Assessment scores H (larger is better)."""
    return codas_kernel(X, weights, benefit, tau)[0]


def codas(X, weights, directions, *, tau: float = 0.02, name: str = "X") -> RankingResult:
    """Rank alternatives by CODAS (Keshavarz Ghorabaee et al. 2016).

    ``tau``: threshold of the taxicab term (the paper suggests 0.01-0.05; default 0.02).
    Returns ``score`` = H (larger is better), ``E`` (Euclidean) and ``T`` (taxicab) distances
    from the negative-ideal solution. Raises :class:`InputError` for values <= 0.
    """
    if not (isinstance(tau, (int, float, np.floating)) and np.isfinite(tau) and tau >= 0):
        raise InputError(f"tau={tau!r}", field="tau", expected="a threshold >= 0, e.g. 0.02")
    p = prepare(X, weights, directions, method="CODAS",
                consequence="it adds nothing to either distance")
    check_positive(p.dm, method="CODAS", reason="the ratio normalisation x/max, min/x needs x > 0")
    H, E, T = codas_kernel(p.dm.values, p.weights, p.benefit, float(tau))
    return finish(p, {"score": H, "E": E, "T": T}, method="CODAS", source=CODAS_SOURCE,
                  conventions={"tau": float(tau), "normalisation": "linear: x/max, min/x",
                               "distances": "euclidean and taxicab from the negative ideal"})


# ---------------------------------------------------------------------------- MABAC
def mabac_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """``(S, g)``: sums of the distances from the border area, and the border area ``g``."""
    v = (minmax_normalise(X, benefit) + 1.0) * _w(weights)
    with np.errstate(divide="ignore"):
        g = np.exp(np.log(v).mean(axis=-2, keepdims=True))
    return (v - g).sum(axis=-1), g[..., 0, :]


def mabac_scores(X, weights, benefit) -> np.ndarray:
    """MABAC sums S (larger is better)."""
    return mabac_kernel(X, weights, benefit)[0]


def mabac(X, weights, directions, *, name: str = "X") -> RankingResult:
    """Rank alternatives by MABAC (Pamucar & Cirovic 2015).

    Returns ``score`` = S (larger is better: above the border approximation area);
    ``extra["border_area"]`` holds ``g`` by criterion.
    """
    p = prepare(X, weights, directions, method="MABAC",
                consequence="v = w for every alternative (no effect on S)")
    S, g = mabac_kernel(p.dm.values, p.weights, p.benefit)
    return finish(p, {"score": S}, method="MABAC", source=MABAC_SOURCE,
                  conventions={"normalisation": "minmax (direction-aware)",
                               "border_area": "geometric mean of v_ij over the alternatives"},
                  extra={"border_area": pd.Series(g, index=p.dm.criteria, name="g")})
