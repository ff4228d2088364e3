"""Backward and forward linkages: influence and sensitivity coefficients, their coefficients of
variation, and the four-way key-sector classification.

Kernels (numpy, no validation) and the labelled shell :func:`linkages`.

Formulas. ``L = (I - A)^-1`` (Leontief), ``G = (I - B)^-1 = diag(x)^-1 L diag(x)`` (Ghosh;
Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 12.2, so ``G`` is never factorised
on its own). With weights ``w`` summing to 1:

* influence coefficient (影响力系数; Rasmussen 1956 "power of dispersion")
  ``F_j = sum_i l_ij / sum_k w_k (sum_i l_ik)``;
* sensitivity coefficient (感应度系数; Rasmussen 1956 "sensitivity of dispersion")
  ``E_i = r_i / sum_k w_k r_k`` with the row sums ``r_i = sum_j l_ij`` (``forward="leontief"``,
  the form of the NBS and of most Chinese textbooks) or ``r_i = sum_j g_ij``
  (``forward="ghosh"``: supply-side forward linkage, Miller & Blair 2009 section 12.2; Beyers
  1976, Jones 1976);
* weights: ``"none"`` ``w = 1/n`` (Rasmussen; the coefficients then average 1); ``"final_demand"``
  the model's final-demand shares ``y_j / sum y`` with ``y = x - Z 1``; ``"output"`` ``x_j / sum x``;
  ``"value_added"`` ``v_j / sum v``. 刘起运 (2002, 《统计研究》 2002(2)) weights the influence
  coefficient by the final-demand structure and the (Ghosh-based) sensitivity coefficient by the
  primary-input (value-added) structure: ``influence_weights="final_demand",
  forward="ghosh", sensitivity_weights="value_added"``. The weighted mean of each coefficient
  is 1;
* coefficient of variation (Rasmussen 1956; Hazari 1970), of column ``j`` / row ``i`` of ``L``
  (or ``G``): ``V = sqrt(sum (l - mean)^2 / (n - 1)) / mean`` -- a high value means the effect is
  concentrated on few sectors;
* key sectors (Rasmussen-Hirschman): ``F > 1`` and ``E > 1`` ``"key"`` (关键部门);
  ``F > 1`` only ``"backward_oriented"`` (后向关联型); ``E > 1`` only ``"forward_oriented"``
  (前向关联型); neither ``"weak"`` (弱关联型).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.multipliers import LeontiefModel, as_model
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta

__all__ = [
    "KEY_SECTOR_CLASSES",
    "LinkagesResult",
    "coefficient_of_variation",
    "dispersion_index",
    "ghosh_row_moments",
    "key_sector_class",
    "leontief_moments",
    "linkages",
]

Forward = Literal["leontief", "ghosh"]
Weights = Literal["none", "final_demand", "output", "value_added"]
WEIGHTS: tuple[str, ...] = ("none", "final_demand", "output", "value_added")

KEY_SECTOR_CLASSES: dict[str, str] = {
    "key": "关键部门: influence > 1 and sensitivity > 1",
    "backward_oriented": "后向关联型: influence > 1, sensitivity <= 1",
    "forward_oriented": "前向关联型: sensitivity > 1, influence <= 1",
    "weak": "弱关联型: influence <= 1 and sensitivity <= 1",
}

_BLOCK = 512  # rows per block when summing squares (bounded temporary memory)


# ---------------------------------------------------------------------------- kernels
def leontief_moments(L: np.ndarray) -> dict[str, np.ndarray]:
    """Column and row sums of ``L`` and of ``L**2`` in one blocked pass (no n x n temporary)."""
    n = L.shape[0]
    col_sq = np.zeros(n)
    row_sq = np.empty(n)
    for i0 in range(0, n, _BLOCK):
        blk = L[i0:i0 + _BLOCK]
        sq = blk * blk
        col_sq += sq.sum(axis=0)
        row_sq[i0:i0 + _BLOCK] = sq.sum(axis=1)
    return {"col_sum": L.sum(axis=0), "row_sum": L.sum(axis=1), "col_sq": col_sq,
            "row_sq": row_sq}


def ghosh_row_moments(L: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row sums of ``G = diag(x)^-1 L diag(x)`` and of ``G**2`` without forming ``G``.

    ``sum_j g_ij = (L x)_i / x_i``, ``sum_j g_ij^2 = (L**2 x**2)_i / x_i^2``. A zero-output
    sector ``i`` has a zero row in ``B``, so row ``i`` of ``G`` is the unit row: sums 1 and 1.
    """
    n = L.shape[0]
    x2 = x * x
    sq = np.empty(n)
    for i0 in range(0, n, _BLOCK):
        blk = L[i0:i0 + _BLOCK]
        sq[i0:i0 + _BLOCK] = (blk * blk) @ x2
    pos = x > 0
    row = np.ones(n)
    row_sq = np.ones(n)
    row[pos] = (L @ x)[pos] / x[pos]
    row_sq[pos] = sq[pos] / x2[pos]
    return row, row_sq


def coefficient_of_variation(total: np.ndarray, total_sq: np.ndarray, n: int) -> np.ndarray:
    """``sqrt((sum l^2 - n m^2) / (n - 1)) / m`` with ``m = total / n`` (n - 1 denominator)."""
    mean = total / n
    var = np.maximum(total_sq - n * mean * mean, 0.0) / max(n - 1, 1)
    return np.sqrt(var) / mean


def dispersion_index(sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rasmussen index ``sums / (weights @ sums)``; its ``weights``-average is 1."""
    return sums / float(weights @ sums)


def key_sector_class(influence: np.ndarray, sensitivity: np.ndarray) -> np.ndarray:
    """Labels of :data:`KEY_SECTOR_CLASSES` (strictly greater than 1)."""
    back, fwd = influence > 1.0, sensitivity > 1.0
    return np.select([back & fwd, back, fwd], ["key", "backward_oriented", "forward_oriented"],
                     default="weak").astype(object)


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class LinkagesResult(Result):
    """``table``: one row per sector (``name``, ``name_cn``, ``influence_coefficient``,
    ``sensitivity_coefficient``, ``influence_cv``, ``sensitivity_cv``, ``output_multiplier``,
    ``forward_linkage``, ``key_sector_class``); ``extra``: ``L`` (DataFrame) and the weights."""

    def key_sectors(self) -> pd.DataFrame:
        """Rows classed ``"key"``, by decreasing influence coefficient."""
        t = self.table
        return t[t["key_sector_class"] == "key"].sort_values("influence_coefficient",
                                                                 ascending=False)


def _weights(model: LeontiefModel, basis: str, field: str) -> np.ndarray:
    """Weights over the computed (active) sectors, summing to 1."""
    if basis not in WEIGHTS:
        raise InputError(f"unknown {field} {basis!r}", field=field, expected=f"one of {list(WEIGHTS)}")
    act = model.active
    n = int(act.sum())
    if basis == "none":
        return np.full(n, 1.0 / n)
    if basis == "final_demand":
        raw = model.final_demand()[act]
    elif basis == "output":
        raw = model.x[act]
    else:
        raw = model.table.total_value_added().to_numpy(float)[act]
    total = raw.sum()
    if not total > 0:
        raise ValidationError(f"{basis} weights sum to {total:.6g}", file=model.table.label,
                              field=field, expected="a positive total")
    if (raw < 0).any():
        codes = [c for c, a in zip(model.codes, act) if a]
        bad = [c for c, v in zip(codes, raw) if v < 0]
        _warn(f"{model.table.label}: {field}={basis!r} has negative weights for sectors "
                      f"{bad}; the weighted mean is still 1", DataQualityWarning, stacklevel=3)
    return raw / total


def _index(sums: np.ndarray, weights: np.ndarray, field: str, label: str) -> np.ndarray:
    denom = float(weights @ sums)
    if not denom > 0:
        raise ValidationError(f"the weighted mean of the linkages is {denom:.6g}", file=label,
                              field=field, expected="a positive weighted mean")
    return dispersion_index(sums, weights)


def _top_flagged(model: LeontiefModel, influence: np.ndarray, sensitivity: np.ndarray
                 ) -> list[str]:
    """Say when the top influence or sensitivity sector carries a flag (never silently)."""
    notes = []
    for what, values in (("influence", influence), ("sensitivity", sensitivity)):
        if not np.isfinite(values).any():
            continue
        i = int(np.nanargmax(values))
        if model.flags[i]:
            notes.append(f"the top {what} sector {model.codes[i]} is flagged {model.flags[i]} "
                         f"({what} coefficient {values[i]:.4g})")
    if notes:
        _warn(f"{model.table.label}: " + "; ".join(notes), DataQualityWarning, stacklevel=3)
    return notes


def _meta(model: LeontiefModel, forward: str, influence_weights: str, sensitivity_weights: str,
          variation: bool, top_flagged: list[str]):
    t = model.table
    return build_meta("io_linkages", conventions={
        **model.conventions(), "forward": forward,
        "forward_linkage": "row sums of L" if forward == "leontief"
        else "row sums of G = diag(x)^-1 L diag(x)",
        "influence_weights": influence_weights, "sensitivity_weights": sensitivity_weights,
        "final_demand": "y = x - Z 1 (the model's own final demand)",
        "coefficient_of_variation": "sample standard deviation (n - 1) / mean of the column "
                                    "(influence) or row (sensitivity)" if variation
                                    else "not computed (variation=False: L not formed)",
        "output_multiplier": "type I simple output multiplier: column sums of L",
        "key_sector_rule": "strictly greater than 1 (weighted mean over the computed sectors)"},
        provenance=t.provenance, region=t.region, year=t.year, unit=t.unit,
        key_sector_classes=KEY_SECTOR_CLASSES, flagged_sectors=model.system.flag_notes(),
        top_sector_flagged=top_flagged)


def _sums(model: LeontiefModel, forward: str, variation: bool) -> dict[str, np.ndarray]:
    """Column and forward row sums (and their squares with ``variation``) of the active block:
    by solves, or from ``L`` when the coefficients of variation need it."""
    xa = model.x_active
    if variation:
        L = model.L
        mom = leontief_moments(L)
        if forward == "ghosh":
            mom["row_sum"], mom["row_sq"] = ghosh_row_moments(L, xa)
        return mom
    ones = np.ones(len(xa))
    col = model.solver.solve(ones, transpose=True)
    rhs = np.column_stack([ones, xa]) if forward == "ghosh" else ones[:, np.newaxis]
    R = model.solver.solve(rhs)
    row = R[:, 1] / xa if forward == "ghosh" else R[:, 0]
    return {"col_sum": col, "row_sum": row}


def linkages(source: IOTable | LeontiefModel, *, forward: Forward = "leontief",
             influence_weights: Weights = "none", sensitivity_weights: Weights = "none",
             variation: bool = True, include_L: bool = False,
             technology: str | None = None, zero_output: str | None = None,
             import_share: str | None = None) -> LinkagesResult:
    """Influence and sensitivity coefficients, their coefficients of variation, the type I
    output multiplier and the key-sector class of every sector (formulas: module docstring).

    Parameters
    ----------
    source
        A table, or a :class:`~revitalize.io.multipliers.LeontiefModel` (reuses its solver).
    forward
        ``"leontief"`` (default; row sums of ``L``) or ``"ghosh"`` (row sums of ``G``).
    influence_weights, sensitivity_weights
        ``"none"`` (default, Rasmussen), ``"final_demand"``, ``"output"`` or ``"value_added"``.
    variation
        Compute the coefficients of variation (default). They need all of ``L``, which is then
        formed; with ``False`` only the column and row sums are solved for (two solves, no
        n x n temporary beyond ``A``) and the ``*_cv`` columns are NaN.
    include_L
        Put ``L`` in ``extra["L"]`` (forming it if ``variation=False``). Default: ``L`` is in
        ``extra`` only when it was formed anyway.
    technology, zero_output, import_share
        As in :func:`revitalize.io.coefficients.coefficients` (defaults of
        :class:`~revitalize.io.coefficients.IOOptions`). Sectors not computed are NaN with
        their ``flags``; the means are over the computed sectors.

    Raises
    ------
    ValidationError
        As :func:`~revitalize.io.multipliers.leontief_model`; weights or weighted means that are
        not positive.
    """
    if forward not in ("leontief", "ghosh"):
        raise InputError(f"unknown forward {forward!r}", field="forward",
                         expected="'leontief' or 'ghosh'")
    model = as_model(source, technology, zero_output, import_share)
    n, label, sys_ = int(model.active.sum()), model.table.label, model.system
    w_in = _weights(model, influence_weights, "influence_weights")
    w_out = _weights(model, sensitivity_weights, "sensitivity_weights")
    mom = _sums(model, forward, variation)
    influence = _index(mom["col_sum"], w_in, "influence_weights", label)
    sensitivity = _index(mom["row_sum"], w_out, "sensitivity_weights", label)
    nan = np.full(n, np.nan)
    cls = key_sector_class(influence, sensitivity)
    table = pd.DataFrame({
        "name": model.names.to_numpy(), "name_cn": model.table.sectors["name_cn"].to_numpy(),
        "influence_coefficient": sys_.expand(influence),
        "sensitivity_coefficient": sys_.expand(sensitivity),
        "influence_cv": sys_.expand(coefficient_of_variation(mom["col_sum"], mom["col_sq"], n)
                                    if variation else nan),
        "sensitivity_cv": sys_.expand(coefficient_of_variation(mom["row_sum"], mom["row_sq"], n)
                                      if variation else nan),
        "output_multiplier": sys_.expand(mom["col_sum"]), "forward_linkage": sys_.expand(mom["row_sum"]),
        "key_sector_class": sys_.expand(cls, fill="not_computed") if not model.active.all() else cls,
        "flags": model.flags,
    }, index=model.index)
    top = _top_flagged(model, table["influence_coefficient"].to_numpy(float),
                       table["sensitivity_coefficient"].to_numpy(float))
    extra = {"influence_weights": pd.Series(sys_.expand(w_in), index=model.index),
             "sensitivity_weights": pd.Series(sys_.expand(w_out), index=model.index)}
    if include_L or model.solver.formed_L:
        act = pd.Index(sys_.active_codes, name="sector")
        extra["L"] = pd.DataFrame(model.L, index=act, columns=act, copy=False)
    meta = _meta(model, forward, influence_weights, sensitivity_weights, variation, top)
    return LinkagesResult(table=table, meta=meta, extra=extra)
