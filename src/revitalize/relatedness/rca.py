"""Revealed comparative advantage (Balassa) and the binary specialisation matrix ``M``.

For a regions x industries size matrix ``X`` (output, value added, employment, exports)::

    RCA_cp = (X_cp / sum_p X_cp) / (sum_c X_cp / sum_cp X_cp)          (Balassa 1965)
    M_cp   = 1 if RCA_cp >= threshold else 0

Balassa, B. (1965), "Trade liberalisation and 'revealed' comparative advantage", *The Manchester
School* 33(2), 99-123, p. 106 (the export-share ratio); used on production data by Hidalgo,
Klinger, Barabasi & Hausmann (2007), *Science* 317, 482-487 (supporting material, eq. S1) and by
Hidalgo & Hausmann (2009), *PNAS* 106(26), 10570-10575 (``M_cp``, threshold 1).

The reference economy is the sum of the regions in ``X`` (named ``reference="matrix_total"`` in
``meta``): the relatedness literature always takes the world (here: all provinces given) as the
denominator. For a named reference economy use
:func:`revitalize.indicators.structure.revealed_comparative_advantage`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.relatedness.validate import as_size_matrix, check_threshold
from revitalize.results import Result, build_meta

__all__ = ["RCAResult", "balassa_rca", "rca", "specialisation_matrix"]


# ---------------------------------------------------------------------------- kernels
def balassa_rca(X: np.ndarray) -> np.ndarray:
    """``RCA = (X / X 1) / (1'X / 1'X1)`` for a regions x industries array (module docstring).

    Rows and columns must have positive totals (the shell checks)."""
    X = np.asarray(X, float)
    share_in_region = X / X.sum(axis=1, keepdims=True)
    share_in_total = X.sum(axis=0) / X.sum()
    return share_in_region / share_in_total


def specialisation_matrix(R: np.ndarray, threshold: float = 1.0) -> np.ndarray:
    """``M_cp = 1[RCA_cp >= threshold]`` as float 0/1 (Hidalgo & Hausmann 2009, threshold 1)."""
    return (np.asarray(R, float) >= threshold).astype(float)


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class RCAResult(Result):
    """``table``: regions x industries RCA; ``extra["specialisation"]``: the 0/1 frame ``M``."""

    @property
    def specialisation(self) -> pd.DataFrame:
        return self.extra["specialisation"].copy()


def rca(values: pd.DataFrame, *, threshold: float = 1.0, provenance=None) -> RCAResult:
    """Balassa RCA of every region in every industry, and ``M`` at ``threshold``.

    Parameters
    ----------
    values
        Regions x industries sizes (any unit; same unit everywhere), non-negative.
    threshold
        ``M_cp = 1`` when ``RCA_cp >= threshold`` (default 1, Hidalgo & Hausmann 2009).
    provenance
        Recorded in ``meta`` (e.g. the provincial IO files the matrix came from).

    Returns
    -------
    RCAResult
        ``table`` RCA with the labels of ``values``; ``extra["specialisation"]`` ``M``.
    """
    X = as_size_matrix(values)
    t = check_threshold(threshold)
    R = balassa_rca(X.to_numpy())
    table = pd.DataFrame(R, index=X.index, columns=X.columns)
    M = pd.DataFrame(specialisation_matrix(R, t), index=X.index, columns=X.columns)
    meta = build_meta("rca_balassa", conventions={"reference": "matrix_total", "threshold": t},
                      provenance=provenance)
    return RCAResult(table=table, meta=meta, extra={"specialisation": M})
