"""TOPSIS: ranking alternatives by relative closeness to the ideal solution.

Hwang & Yoon (1981), *Multiple Attribute Decision Making: Methods and Applications*, Springer
(Lecture Notes in Economics and Mathematical Systems 186), chapter "Methods for multiple
attribute decision making" (pp. 58-191), TOPSIS section::

    r_ij  = normalised x_ij                       (see ``normalisation``)
    v_ij  = w_j r_ij
    A+_j  = max_i v_ij (benefit) | min_i v_ij (cost)          ideal solution
    A-_j  = min_i v_ij (benefit) | max_i v_ij (cost)          anti-ideal (negative ideal)
    D+_i  = sqrt(sum_j (v_ij - A+_j)^2),   D-_i = sqrt(sum_j (v_ij - A-_j)^2)
    C_i   = D-_i / (D+_i + D-_i)                                relative closeness, in [0, 1]

Conventions (named keywords, recorded in ``meta``):

* ``normalisation`` -- ``"vector"`` (default; Hwang & Yoon): ``r_ij = x_ij / sqrt(sum_i x_ij^2)``;
  ``"minmax"``: ``r_ij = (x_ij - min_j) / (max_j - min_j)``. Cost criteria are handled by the
  choice of the ideal (the minimum), not by transforming the values; tools that instead map cost
  columns to ``1 - r`` (vector) or ``(max - x)/(max - min)`` (min-max), as pymcdm does, give the
  same distances because the map is a reflection.
* ``rank`` -- 1 = closest to the ideal; ties share the smallest rank ("competition" ranking).
* A constant criterion adds nothing to either distance (warned); an all-zero criterion raises
  (vector normalisation would divide by zero; see :mod:`revitalize.evaluate.validate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.validate import (
    as_decision_matrix,
    as_directions,
    as_weights,
    direction_names,
    screen_columns,
)
from revitalize.results import Result, build_meta

__all__ = ["TopsisResult", "rank_descending", "topsis", "topsis_kernel"]

Normalisation = Literal["vector", "minmax"]
TOPSIS_SOURCE = ("Hwang & Yoon (1981), Multiple Attribute Decision Making: Methods and "
                 "Applications, Springer LNEMS 186, pp. 58-191 (TOPSIS)")
_CHUNK = 1 << 15  # rows per block: keeps the temporaries in cache


def rank_descending(values: np.ndarray) -> np.ndarray:
    """Rank 1 for the largest value; ties share the smallest rank (1, 2, 2, 4)."""
    from scipy.stats import rankdata  # not at module level: the CLI's choices import this module

    return rankdata(-values, method="min").astype(np.int64)


def _scaling(X: np.ndarray, weights: np.ndarray, normalisation: Normalisation,
             lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(offset, scale)`` with ``v = (x - offset) * scale`` (scale >= 0)."""
    if normalisation == "vector":
        norm = np.sqrt(np.einsum("ij,ij->j", X, X))
        return np.zeros_like(lo), weights / np.where(norm > 0, norm, 1.0)
    span = hi - lo
    return lo, weights / np.where(span > 0, span, 1.0)


def topsis_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                  normalisation: Normalisation = "vector"
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """TOPSIS on a bare matrix: ``(closeness, D+, D-, ideal, anti_ideal)``.

    ``ideal``/``anti_ideal`` are in weighted-normalised units ``v``. The weighted matrix is
    never materialised: distances are accumulated over row blocks of ``_CHUNK`` rows, with the
    ideal points taken from the column extremes (``v`` is increasing in ``x``). Not validated.
    """
    lo, hi = X.min(axis=0), X.max(axis=0)
    offset, scale = _scaling(X, weights, normalisation, lo, hi)
    best_x = np.where(benefit, hi, lo)
    worst_x = np.where(benefit, lo, hi)
    m = X.shape[0]
    d_plus, d_minus = np.empty(m), np.empty(m)
    for start in range(0, m, _CHUNK):
        block = X[start:start + _CHUNK]
        diff = block - best_x
        diff *= scale
        d_plus[start:start + _CHUNK] = np.einsum("ij,ij->i", diff, diff)
        np.subtract(block, worst_x, out=diff)
        diff *= scale
        d_minus[start:start + _CHUNK] = np.einsum("ij,ij->i", diff, diff)
    np.sqrt(d_plus, out=d_plus)
    np.sqrt(d_minus, out=d_minus)
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = d_minus / (d_plus + d_minus)
    return closeness, d_plus, d_minus, (best_x - offset) * scale, (worst_x - offset) * scale


@dataclass(frozen=True)
class TopsisResult(Result):
    """``table`` indexed by alternative: ``closeness`` (C, in [0, 1]) and ``rank`` (1 = best).
    ``extra``: ``distance_to_ideal`` (D+), ``distance_to_anti_ideal`` (D-) by alternative;
    ``ideal``, ``anti_ideal`` (weighted-normalised) and ``weights`` by criterion."""

    @property
    def closeness(self) -> pd.Series:
        return self.table["closeness"].copy()

    @property
    def rank(self) -> pd.Series:
        return self.table["rank"].copy()


def topsis(X, weights, directions, *, normalisation: Normalisation = "vector",
           name: str = "X") -> TopsisResult:
    """Rank alternatives by TOPSIS relative closeness (Hwang & Yoon 1981).

    Parameters
    ----------
    X
        Decision matrix: DataFrame (index alternatives, columns criteria) or 2-D array.
    weights
        One weight per criterion: sequence, mapping/Series keyed by criterion, or a
        :class:`~revitalize.evaluate.weights.WeightsResult` (e.g. from ``entropy_weights``).
        A sum other than 1 warns "weights renormalised".
    directions
        ``"benefit"``/``"cost"`` per criterion (sequence or mapping), or one word for all.
    normalisation
        ``"vector"`` (default) or ``"minmax"``.

    Returns
    -------
    TopsisResult

    Raises
    ------
    InputError
        Invalid matrix, weights or directions (:mod:`revitalize.evaluate.validate`), an
        all-zero criterion, every criterion constant, an unknown ``normalisation``.
    """
    if normalisation not in ("vector", "minmax"):
        raise InputError(f"unknown normalisation {normalisation!r}", field="normalisation",
                         expected="'vector' or 'minmax'")
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    w = as_weights(weights, dm.criteria)
    screen_columns(dm, method="TOPSIS", consequence="they add nothing to either distance")
    with np.errstate(over="ignore", invalid="ignore"):  # issue 14: overflow named, not ranked
        spread = (np.einsum("ij,ij->j", dm.values, dm.values) if normalisation == "vector"
                  else np.ptp(dm.values, axis=0))
    if not np.isfinite(spread).all():
        raise InputError("values too large: the criterion's normalisation overflows float64",
                         field=str(dm.criteria[int(np.argmin(np.isfinite(spread)))]),
                         expected="values below about 1e150 (rescale the criterion)")
    closeness, d_plus, d_minus, ideal, anti = topsis_kernel(dm.values, w, benefit, normalisation)
    table = pd.DataFrame({"closeness": closeness, "rank": rank_descending(closeness)},
                         index=dm.alternatives)
    extra = {"distance_to_ideal": pd.Series(d_plus, index=dm.alternatives),
             "distance_to_anti_ideal": pd.Series(d_minus, index=dm.alternatives),
             "ideal": pd.Series(ideal, index=dm.criteria),
             "anti_ideal": pd.Series(anti, index=dm.criteria),
             "weights": pd.Series(w, index=dm.criteria)}
    conventions = {"normalisation": normalisation, "distance": "euclidean",
                   "rank": "1 = best; ties share the smallest rank",
                   "weights": dict(zip(map(str, dm.criteria), w.tolist())),
                   "directions": direction_names(dm.criteria, benefit)}
    meta = build_meta("TOPSIS", conventions=conventions, source=TOPSIS_SOURCE,
                      alternatives=len(dm.alternatives))
    return TopsisResult(table=table, meta=meta, extra=extra)
