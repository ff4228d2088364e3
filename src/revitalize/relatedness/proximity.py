"""Proximity between industries (the "product space").

From the binary specialisation matrix ``M`` (regions x industries, :mod:`.rca`), with
ubiquity ``k_p = sum_c M_cp`` and co-occurrence ``C = M'M`` (``C_pq`` = regions specialised in
both ``p`` and ``q``):

* ``"min_conditional"`` (default) -- Hidalgo, Klinger, Barabasi & Hausmann (2007), *Science* 317,
  482-487, p. 483: ``phi_pq = min{P(M_p | M_q), P(M_q | M_p)} = C_pq / max(k_p, k_q)``;
* ``"cosine"`` -- the symmetric co-occurrence normalisation by the geometric mean of the
  ubiquities, ``phi_pq = C_pq / sqrt(k_p k_q)`` (Salton's cosine; van Eck & Waltman 2009, *JASIST*
  60(8), 1635-1651, eq. 3, who compare it with the association strength);
* ``"association"`` -- the association strength (probabilistic affinity) of van Eck & Waltman
  (2009), eq. 5, rescaled by the number of regions ``N``: ``phi_pq = N C_pq / (k_p k_q)`` (1 =
  co-occurrence as often as independence predicts). Not bounded by 1.

An industry with ubiquity 0 has proximity 0 to every other (its row and column are 0; 0/0 is
defined as 0 and the zero ubiquities are listed in ``meta["zero_ubiquity"]``). The diagonal is 1
for the first two measures (``C_pp = k_p``).

Relatedness density built on it is in :mod:`.density`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.relatedness.validate import as_binary_matrix
from revitalize.results import Result, build_meta

__all__ = ["PROXIMITY_MEASURES", "ProximityResult", "check_measure", "proximity",
           "proximity_kernel"]

ProximityMeasure = Literal["min_conditional", "cosine", "association"]
PROXIMITY_MEASURES: tuple[str, ...] = ("min_conditional", "cosine", "association")


# ---------------------------------------------------------------------------- kernels
def proximity_kernel(M: np.ndarray, measure: str = "min_conditional") -> np.ndarray:
    """Industries x industries proximity from the 0/1 matrix ``M`` (module docstring)."""
    M = np.asarray(M, float)
    C = M.T @ M
    k = np.diag(C).copy()
    if measure == "min_conditional":
        den = np.maximum.outer(k, k)
    elif measure == "cosine":
        den = np.sqrt(np.outer(k, k))
    elif measure == "association":
        den = np.outer(k, k) / M.shape[0]
    else:
        raise InputError(f"measure={measure!r}", field="measure",
                         expected=f"one of {list(PROXIMITY_MEASURES)}")
    out = np.zeros_like(C)
    np.divide(C, den, out=out, where=den > 0)
    return out


# ---------------------------------------------------------------------------- labelled shells
@dataclass(frozen=True)
class ProximityResult(Result):
    """``table``: industries x industries proximity; ``extra["ubiquity"]``: ``k_p``."""


def check_measure(measure: str) -> str:
    if measure not in PROXIMITY_MEASURES:
        raise InputError(f"measure={measure!r}", field="measure",
                         expected=f"one of {list(PROXIMITY_MEASURES)}")
    return measure


def proximity(specialisation: pd.DataFrame, *, measure: ProximityMeasure = "min_conditional",
              provenance=None) -> ProximityResult:
    """Proximity between the industries of a regions x industries 0/1 matrix.

    Parameters
    ----------
    specialisation
        ``M`` (e.g. ``rca(X).specialisation``).
    measure
        ``"min_conditional"`` (Hidalgo et al. 2007, default), ``"cosine"`` or ``"association"``
        (module docstring).
    """
    M = as_binary_matrix(specialisation)
    check_measure(measure)
    phi = proximity_kernel(M.to_numpy(), measure)
    k = M.sum(axis=0)
    table = pd.DataFrame(phi, index=M.columns, columns=M.columns)
    meta = build_meta("proximity", conventions={"measure": measure, "zero_over_zero": 0.0},
                      provenance=provenance, zero_ubiquity=k.index[k == 0].tolist())
    return ProximityResult(table=table, meta=meta, extra={"ubiquity": k})
