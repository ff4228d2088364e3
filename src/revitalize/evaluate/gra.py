"""Grey relational analysis (GRA) of alternatives against a reference sequence.

Deng Julong (1982), "Control problems of grey systems", *Systems & Control Letters* 1(5):
288-294; for decision making: Kuo, Yang & Huang (2008), "The use of grey relational analysis in
solving multiple attribute decision-making problems", *Computers & Industrial Engineering* 55(1):
80-93, eqs. 1-6::

    x*_ij   = normalised x_ij                                  (see ``normalisation``)
    x*_0j   = reference: the ideal per criterion (max for benefit, min for cost) or given
    D_ij    = |x*_0j - x*_ij|,  D_min = min_ij D_ij,  D_max = max_ij D_ij   (over all i and j)
    xi_ij   = (D_min + rho D_max) / (D_ij + rho D_max)        grey relational coefficient
    gamma_i = sum_j w_j xi_ij                                  grey relational grade

Conventions (named keywords, recorded in ``meta``):

* ``normalisation`` -- ``"minmax"`` (default): ``(x - min)/(max - min)``; ``"mean"``: ``x / mean``
  (均值化, needs positive column means); ``"none"``: values used as given. Cost criteria are
  handled by the reference (the minimum is ideal); with min-max this is the same as the
  "smaller-the-better" transform ``(max - x)/(max - min)`` against a reference of 1.
* ``reference`` -- ``"ideal"`` (default) or one raw value per criterion (same units as ``X``),
  normalised with the columns' own transform.
* ``rho`` -- distinguishing coefficient in ``(0, 1]``, default 0.5.
* ``weights`` -- ``None``: equal weights ``1/n`` (Deng's mean grade); otherwise weighted grade.
* ``rank`` -- 1 = largest grade; ties share the smallest rank.
* A constant criterion gets ``D = 0`` for every alternative (coefficient 1; warned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.topsis import rank_descending
from revitalize.evaluate.validate import (
    align_to_criteria,
    as_decision_matrix,
    as_directions,
    as_weights,
    direction_names,
    screen_columns,
)
from revitalize.results import Result, build_meta

__all__ = ["GreyRelationalResult", "gra_normalise", "grey_relational", "grey_relational_kernel"]

GraNormalisation = Literal["minmax", "mean", "none"]
GRA_SOURCE = ("Deng (1982), Systems & Control Letters 1(5): 288-294; Kuo, Yang & Huang (2008), "
              "Computers & Industrial Engineering 55(1): 80-93")


def gra_normalise(X: np.ndarray, normalisation: GraNormalisation,
                  reference: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Normalise the columns of ``X`` (and a raw ``reference`` row with the same transform)."""
    if normalisation == "none":
        return X, reference
    if normalisation == "mean":
        offset, scale = np.zeros(X.shape[1]), X.mean(axis=0)
    else:
        offset = X.min(axis=0)
        scale = X.max(axis=0) - offset
    scale = np.where(scale != 0, scale, 1.0)
    ref = None if reference is None else (reference - offset) / scale
    return (X - offset) / scale, ref


def grey_relational_kernel(Xn: np.ndarray, reference: np.ndarray, weights: np.ndarray,
                           rho: float = 0.5) -> tuple[np.ndarray, np.ndarray, float, float]:
    """``(grades, coefficients, D_min, D_max)`` of normalised ``Xn`` against ``reference``
    (formula in the module docstring). When ``D_max = 0`` every coefficient is 1."""
    delta = np.abs(Xn - reference)
    dmin, dmax = float(delta.min()), float(delta.max())
    if dmax == 0:
        coeff = np.ones_like(delta)
    else:
        coeff = (dmin + rho * dmax) / (delta + rho * dmax)
    return coeff @ weights, coeff, dmin, dmax


@dataclass(frozen=True)
class GreyRelationalResult(Result):
    """``table`` indexed by alternative: ``grade`` and ``rank`` (1 = best). ``extra``:
    ``coefficients`` (alternatives x criteria), ``normalised`` matrix, ``reference``,
    ``weights`` (by criterion), ``delta_min`` and ``delta_max``."""

    @property
    def grade(self) -> pd.Series:
        return self.table["grade"].copy()


def _reference(reference, dm, benefit, normalisation):
    """Normalised matrix and reference sequence."""
    if isinstance(reference, str):
        if reference != "ideal":
            raise InputError(f"unknown reference {reference!r}", field="reference",
                             expected="'ideal' or one value per criterion")
        Xn, _ = gra_normalise(dm.values, normalisation)
        return Xn, np.where(benefit, Xn.max(axis=0), Xn.min(axis=0))
    items = align_to_criteria(reference, dm.criteria, "reference")
    try:
        raw = np.array(items, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("reference values are not numbers", field="reference",
                         expected="one number per criterion") from None
    if not np.isfinite(raw).all():
        raise InputError("reference has missing or infinite values", field="reference",
                         expected="a finite value per criterion")
    return gra_normalise(dm.values, normalisation, raw)


def _meta(normalisation, rho, reference, equal: bool, directions: dict, alternatives: int):
    conventions = {"normalisation": normalisation, "rho": rho,
                   "reference": reference if isinstance(reference, str) else "given",
                   "grade": "equal weights" if equal else "weighted",
                   "delta_extremes": "global (over all alternatives and criteria)",
                   "rank": "1 = best; ties share the smallest rank", "directions": directions}
    return build_meta("grey relational analysis", conventions=conventions, source=GRA_SOURCE,
                      alternatives=alternatives)


def grey_relational(X, weights=None, directions=None, *, rho: float = 0.5,
                    normalisation: GraNormalisation = "minmax", reference="ideal",
                    name: str = "X") -> GreyRelationalResult:
    """Grey relational grades and ranks of the alternatives of a decision matrix.

    Parameters
    ----------
    X
        Decision matrix: DataFrame (index alternatives, columns criteria) or 2-D array.
    weights
        ``None`` (equal weights) or one weight per criterion (sequence, mapping, or a
        :class:`~revitalize.evaluate.weights.WeightsResult`).
    directions
        ``"benefit"``/``"cost"`` per criterion, or one word for all (required).
    rho
        Distinguishing coefficient, ``0 < rho <= 1`` (default 0.5).
    normalisation
        ``"minmax"`` (default), ``"mean"`` or ``"none"``.
    reference
        ``"ideal"`` (default) or one raw value per criterion (sequence or mapping).

    Raises
    ------
    InputError
        Invalid matrix/weights/directions, all-zero or all-constant criteria, ``rho`` outside
        ``(0, 1]``, non-positive column means with ``normalisation="mean"``.
    """
    if not (np.isfinite(rho) and 0 < rho <= 1):
        raise InputError(f"rho {rho!r} is outside (0, 1]", field="rho",
                         expected="a distinguishing coefficient 0 < rho <= 1 (usually 0.5)")
    if normalisation not in ("minmax", "mean", "none"):
        raise InputError(f"unknown normalisation {normalisation!r}", field="normalisation",
                         expected="'minmax', 'mean' or 'none'")
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    w = np.full(dm.shape[1], 1.0 / dm.shape[1]) if weights is None \
        else as_weights(weights, dm.criteria)
    constant = screen_columns(dm, method="grey relational analysis",
                              consequence="relational coefficient 1 for every alternative")
    if normalisation == "mean" and (dm.values.mean(axis=0) <= 0).any():
        bad = list(dm.criteria[dm.values.mean(axis=0) <= 0][:5])
        raise InputError(f"grey relational analysis: criteria {bad} have a non-positive mean",
                         field=bad[0], expected="positive values for normalisation='mean'")
    Xn, ref = _reference(reference, dm, benefit, normalisation)
    Xn = np.where(constant, ref, Xn)
    grades, coeff, dmin, dmax = grey_relational_kernel(Xn, ref, w, rho)
    table = pd.DataFrame({"grade": grades, "rank": rank_descending(grades)},
                         index=dm.alternatives)
    extra = {"coefficients": pd.DataFrame(coeff, index=dm.alternatives, columns=dm.criteria),
             "normalised": pd.DataFrame(Xn, index=dm.alternatives, columns=dm.criteria),
             "reference": pd.Series(ref, index=dm.criteria),
             "weights": pd.Series(w, index=dm.criteria), "delta_min": dmin, "delta_max": dmax}
    meta = _meta(normalisation, rho, reference, weights is None,
                 direction_names(dm.criteria, benefit), len(dm.alternatives))
    return GreyRelationalResult(table=table, meta=meta, extra=extra)
