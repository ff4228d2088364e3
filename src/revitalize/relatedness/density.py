"""Relatedness density of each industry around each region.

Density of industry ``p`` around region ``c`` (Hidalgo et al. 2007, p. 485, "density")::

    omega_cp = sum_q M_cq phi_qp / sum_q phi_qp

the proximity-weighted share of ``p``'s neighbours in which ``c`` is specialised, in [0, 1] for
the ``min_conditional`` and ``cosine`` proximities (:mod:`.proximity`). The sum runs over every ``q`` including ``p`` itself (``phi_pp = 1``), as
in the published formula and in the ``ecomplexity`` package; ``exclude_self=True`` drops it (named
in ``meta``), which matters only for industries the region already has.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.relatedness.proximity import ProximityMeasure, check_measure, proximity_kernel
from revitalize.relatedness.validate import as_binary_matrix
from revitalize.results import Result, build_meta

__all__ = ["DensityResult", "density", "density_kernel"]


# ---------------------------------------------------------------------------- kernels
def density_kernel(M: np.ndarray, phi: np.ndarray, exclude_self: bool = False) -> np.ndarray:
    """``omega = M phi / (1' phi)`` (columns of ``phi`` normalised; module docstring).

    Industries whose proximity column sums to 0 get density 0."""
    phi = np.array(phi, float)
    if exclude_self:
        np.fill_diagonal(phi, 0.0)
    col = phi.sum(axis=0)
    out = np.zeros((np.shape(M)[0], phi.shape[1]))
    np.divide(np.asarray(M, float) @ phi, col, out=out, where=col > 0)
    return out


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class DensityResult(Result):
    """``table``: regions x industries relatedness density; ``extra["proximity"]``."""


def density(specialisation: pd.DataFrame, *, proximity_matrix: pd.DataFrame | None = None,
            measure: ProximityMeasure = "min_conditional", exclude_self: bool = False,
            provenance=None) -> DensityResult:
    """Relatedness density of every industry around every region.

    Parameters
    ----------
    specialisation
        ``M``, regions x industries 0/1.
    proximity_matrix
        Industries x industries proximity with the industries of ``M`` (in any order); default:
        computed from ``M`` with ``measure``. Pass one from another year or matrix to measure
        density on a fixed product space.
    measure
        Proximity measure when ``proximity_matrix`` is not given.
    exclude_self
        Leave ``phi_pp`` out of the sums (default ``False``: the published formula).
    """
    M = as_binary_matrix(specialisation)
    if proximity_matrix is None:
        check_measure(measure)
        phi = pd.DataFrame(proximity_kernel(M.to_numpy(), measure), index=M.columns,
                           columns=M.columns)
        source = measure
    else:
        phi = _aligned_proximity(proximity_matrix, M.columns)
        source = "given"
    omega = density_kernel(M.to_numpy(), phi.to_numpy(), exclude_self)
    table = pd.DataFrame(omega, index=M.index, columns=M.columns)
    meta = build_meta("relatedness_density", conventions={
        "proximity": source, "exclude_self": bool(exclude_self)}, provenance=provenance)
    return DensityResult(table=table, meta=meta, extra={"proximity": phi})


def _aligned_proximity(phi: pd.DataFrame, industries: pd.Index) -> pd.DataFrame:
    if not isinstance(phi, pd.DataFrame):
        raise InputError("proximity_matrix must be an industries x industries DataFrame",
                         field="proximity_matrix")
    missing = [p for p in industries if p not in phi.index or p not in phi.columns]
    if missing:
        raise InputError(f"proximity_matrix lacks industries {missing}",
                         field="proximity_matrix", expected="the industries of the matrix")
    out = phi.loc[industries, industries].astype(float)
    if not np.isfinite(out.to_numpy()).all() or (out.to_numpy() < 0).any():
        raise InputError("proximity_matrix has missing, infinite or negative values",
                         field="proximity_matrix", expected="finite non-negative proximities")
    return out
