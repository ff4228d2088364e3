"""Validation of decision matrices, criterion directions and weights -- the one place every
objective-weighting, TOPSIS, grey relational and coupling-coordination function checks its input.

Rule (STYLE.md section 6), applied the same way by every method of the family:

==========================================  =====================================================
input                                       outcome
==========================================  =====================================================
non-numeric cell                            :class:`InputError` naming criterion and alternative
missing or infinite value (NaN, inf)        :class:`InputError` naming criterion and alternative
fewer than 2 alternatives                   :class:`InputError`
duplicate alternative or criterion label    :class:`InputError`
criterion that is zero for every            :class:`InputError` (usually a missing indicator
alternative (all-zero column)               coded 0; including it would silently drop it)
constant criterion (same non-zero value     :class:`DataQualityWarning`; it cannot discriminate:
for every alternative)                      weight 0 (entropy, CRITIC), no contribution to the
                                            distances (TOPSIS) or the same coefficient 1 for all
                                            (grey relational analysis)
every criterion constant                    :class:`InputError` (no weight or ranking exists)
negative value where the method needs       :class:`InputError` naming criterion and alternative
non-negative values (entropy without
standardisation, coupling indices)
direction other than benefit/cost           :class:`InputError` naming the criterion
weights: NaN, negative, all zero,           :class:`InputError`
wrong length or labels
weights not summing to 1 (beyond 1e-6)      :class:`DataQualityWarning` "weights renormalised",
                                            then divided by their sum -- never silently
==========================================  =====================================================

Directions: ``"benefit"`` (also ``"+"``, ``"max"``, ``1``) -- larger is better; ``"cost"``
(also ``"-"``, ``"min"``, ``-1``) -- smaller is better.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn

__all__ = [
    "BENEFIT_WORDS",
    "align_to_criteria",
    "COST_WORDS",
    "DecisionMatrix",
    "WEIGHT_SUM_TOLERANCE",
    "as_decision_matrix",
    "as_directions",
    "as_weights",
    "check_non_negative",
    "check_unit_interval",
    "direction_names",
    "parse_direction",
    "screen_columns",
]

BENEFIT_WORDS = ("benefit", "+", "max", "positive", "1")
COST_WORDS = ("cost", "-", "min", "negative", "-1")
WEIGHT_SUM_TOLERANCE = 1e-6
_SHOW = 5  # offending labels listed in a message


@dataclass(frozen=True)
class DecisionMatrix:
    """A validated decision matrix: ``values`` (alternatives x criteria, float64, finite) with
    the labels of its rows (``alternatives``) and columns (``criteria``)."""

    values: np.ndarray
    alternatives: pd.Index
    criteria: pd.Index

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.values, index=self.alternatives, columns=self.criteria)


def _labels(items) -> list[str]:
    items = list(items)
    return [str(x) for x in items[:_SHOW]] + (["..."] if len(items) > _SHOW else [])


def _numeric_frame(frame: pd.DataFrame, name: str, words: tuple[str, str]) -> np.ndarray:
    """Columns as float64; a non-numeric cell raises, naming its criterion and alternative."""
    for col, dtype in zip(frame.columns, frame.dtypes):
        is_bool = pd.api.types.is_bool_dtype(dtype)
        if pd.api.types.is_numeric_dtype(dtype) and not is_bool:
            continue  # decided on the dtype: no Series per numeric column (1-2 ms for 30)
        s = frame[col]
        bad = s if is_bool else s[pd.to_numeric(s, errors="coerce").isna() & s.notna()]
        if len(bad):
            value = bad.iloc[0].item() if hasattr(bad.iloc[0], "item") else bad.iloc[0]
            raise InputError(f"{words[1]} {col!r} has a non-numeric value {value!r} for "
                             f"{words[0]} {bad.index[0]!r}", file=name, row=bad.index[0],
                             field=col, expected=f"numbers in every {words[1]} column")
    return frame.to_numpy(dtype=np.float64)


def _check_labels(index: pd.Index, what: str, name: str) -> None:
    if index.has_duplicates:
        dup = index[index.duplicated()].unique()
        raise InputError(f"duplicate {what} labels {_labels(dup)}", file=name,
                         expected=f"each {what} once")


def _check_finite(values: np.ndarray, alternatives, criteria, name: str,
                  words: tuple[str, str]) -> None:
    if np.isfinite(values).all():
        return
    rows, cols = np.nonzero(~np.isfinite(values))
    cells = [f"{alternatives[r]!s}/{criteria[c]!s}" for r, c in zip(rows[:_SHOW], cols[:_SHOW])]
    raise InputError(f"{len(rows)} missing or infinite value(s), first at {words[0]}/{words[1]} "
                     f"{cells}", file=name, row=alternatives[rows[0]], field=criteria[cols[0]],
                     expected=f"a finite number for every {words[0]} and {words[1]} "
                              "(impute or drop beforehand)")


def as_decision_matrix(X, *, name: str = "X", min_alternatives: int = 2,
                       words: tuple[str, str] = ("alternative", "criterion")) -> DecisionMatrix:
    """Validate a decision matrix (rows alternatives, columns criteria).

    ``X`` is a :class:`pandas.DataFrame` (index = alternatives, columns = criteria) or a 2-D
    array-like (alternatives numbered ``1..m``, criteria labelled ``C1..Cn``). Raises :class:`InputError` for non-numeric
    cells, NaN/inf, duplicate labels, fewer than ``min_alternatives`` rows or no column.
    ``words`` names rows and columns in messages (e.g. ``("observation", "subsystem")``).
    """
    if isinstance(X, pd.DataFrame):
        alternatives, criteria = X.index, X.columns
        values = _numeric_frame(X, name, words)
    else:
        try:
            values = np.asarray(X, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InputError(f"decision matrix is not numeric ({exc})", file=name,
                             expected="a 2-D array of numbers or a DataFrame") from None
        if values.ndim != 2:
            raise InputError(f"decision matrix has {values.ndim} dimension(s)", file=name,
                             expected="2-D: alternatives in rows, criteria in columns")
        alternatives = pd.RangeIndex(1, values.shape[0] + 1, name="alternative")
        criteria = pd.Index([f"C{j + 1}" for j in range(values.shape[1])], name="criterion")
    m, n = values.shape
    if m < min_alternatives or n < 1:
        raise InputError(f"matrix has {m} {words[0]}(s) and {n} {words[1]}(s)", file=name,
                         expected=f"at least {min_alternatives} {words[0]}s and 1 {words[1]}")
    _check_labels(alternatives, words[0], name)
    _check_labels(criteria, words[1], name)
    _check_finite(values, alternatives, criteria, name, words)
    if not isinstance(alternatives, pd.MultiIndex):
        alternatives = alternatives.rename(alternatives.name or words[0])
    criteria = criteria.rename(criteria.name or words[1])
    return DecisionMatrix(values, alternatives, criteria)


def parse_direction(value, criterion) -> bool:
    """``True`` for a benefit word (benefit, +, max, positive, 1), ``False`` for a cost word."""
    word = str(value).strip().lower()
    if isinstance(value, (bool, np.bool_)):
        word = "1" if value else "-1"
    elif isinstance(value, (int, float, np.integer, np.floating)) and value in (1, -1):
        word = str(int(value))
    if word in BENEFIT_WORDS:
        return True
    if word in COST_WORDS:
        return False
    raise InputError(f"criterion {criterion!r} has direction {value!r}", field=criterion,
                     expected="'benefit' (+, max, 1) or 'cost' (-, min, -1)")


def _by_label(values, criteria: pd.Index, what: str) -> list:
    """Values of a mapping/Series in criterion order; missing or unknown labels raise."""
    keys = list(values.keys())
    unknown = [k for k in keys if k not in criteria]
    if unknown:
        raise UnknownLabelError(f"{what} name criteria not in the matrix: {_labels(unknown)}",
                                field=what, expected=f"criteria among {_labels(criteria)}")
    missing = [c for c in criteria if c not in values]
    if missing:
        raise InputError(f"{what} missing for criteria {_labels(missing)}", field=what,
                         expected="one entry per criterion")
    return [values[c] for c in criteria]


def align_to_criteria(values, criteria: pd.Index, what: str) -> list:
    """Items of a sequence (by position) or mapping/Series (by label) in criterion order."""
    if isinstance(values, (Mapping, pd.Series)):
        return _by_label(values, criteria, what)
    items = list(np.asarray(values, dtype=object).ravel())
    if len(items) != len(criteria):
        raise InputError(f"{len(items)} {what} for {len(criteria)} criteria", field=what,
                         expected=f"one per criterion: {_labels(criteria)}")
    return items


def as_directions(directions, criteria: pd.Index) -> np.ndarray:
    """Boolean array, ``True`` for benefit criteria. ``directions`` is one word for all criteria,
    a sequence in criterion order, or a mapping/Series criterion -> direction (required)."""
    if directions is None:
        raise InputError("criterion directions are required", field="directions",
                         expected="'benefit'/'cost' per criterion (or one word for all)")
    if isinstance(directions, str):
        return np.full(len(criteria), parse_direction(directions, "all criteria"))
    items = align_to_criteria(directions, criteria, "directions")
    return np.array([parse_direction(v, c) for v, c in zip(items, criteria)], dtype=bool)


def direction_names(criteria: pd.Index, benefit: np.ndarray) -> dict[str, str]:
    """``{criterion: "benefit" | "cost"}`` for ``meta``."""
    return {str(c): ("benefit" if b else "cost") for c, b in zip(criteria, benefit)}


def as_weights(weights, criteria: pd.Index, *, name: str = "weights",
               tolerance: float = WEIGHT_SUM_TOLERANCE) -> np.ndarray:
    """Weights as a float array in criterion order, summing to 1.

    Accepts a sequence, a mapping/Series keyed by criterion, or a result with a ``weights``
    Series (e.g. :func:`revitalize.evaluate.weights.entropy_weights`). Raises on NaN, negative,
    all-zero or misaligned weights; warns ``weights renormalised`` when the sum differs from 1
    by more than ``tolerance`` and divides by the sum.
    """
    if hasattr(weights, "weights") and isinstance(weights.weights, pd.Series):
        weights = weights.weights
    items = align_to_criteria(weights, criteria, name)
    try:
        w = np.array(items, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{name} are not numbers", field=name,
                         expected="one number per criterion") from None
    bad = [f"{c}={v}" for c, v in zip(criteria, w) if not np.isfinite(v) or v < 0]
    if bad:
        raise InputError(f"{name} must be finite and non-negative: {bad[:_SHOW]}", field=name,
                         expected="weights >= 0")
    total = float(w.sum())
    if total <= 0:
        raise InputError(f"{name} are all zero", field=name, expected="a positive weight")
    if abs(total - 1.0) > tolerance:
        _warn(f"{name} sum to {total:.6g}, not 1: weights renormalised (each divided "
                      f"by {total:.6g})", DataQualityWarning, stacklevel=3)
        w = w / total
    return w


def screen_columns(dm: DecisionMatrix, *, method: str, consequence: str,
                   mins: np.ndarray | None = None, maxs: np.ndarray | None = None) -> np.ndarray:
    """Check the columns of a matrix; return the mask of constant criteria.

    All-zero columns raise; constant columns warn (naming them and ``consequence``); a matrix
    whose every column is constant raises. ``mins``/``maxs`` may be passed when already known.
    """
    mins = dm.values.min(axis=0) if mins is None else mins
    maxs = dm.values.max(axis=0) if maxs is None else maxs
    constant = maxs == mins
    zero = constant & (maxs == 0)
    if zero.any():
        names = _labels(dm.criteria[zero])
        raise InputError(f"{method}: criteria {names} are zero for every alternative "
                         "(a missing indicator coded 0?)", field=dm.criteria[zero][0],
                         expected="drop the criterion or supply its values")
    if constant.all():
        raise InputError(f"{method}: every criterion is constant across the alternatives; "
                         "nothing discriminates between them", field="criteria",
                         expected="at least one criterion that varies")
    if constant.any():
        names = [f"{c}={v:g}" for c, v in zip(dm.criteria[constant], mins[constant])]
        _warn(f"{method}: criteria {names[:_SHOW]} are constant across the alternatives "
                      f"and cannot discriminate; {consequence}", DataQualityWarning, stacklevel=3)
    return constant


def check_non_negative(dm: DecisionMatrix, *, method: str, reason: str) -> None:
    """Raise naming the first negative cells when ``method`` needs non-negative values."""
    neg = dm.values < 0
    if not neg.any():
        return
    rows, cols = np.nonzero(neg)
    cells = [f"{dm.alternatives[r]!s}/{dm.criteria[c]!s}={dm.values[r, c]:g}"
             for r, c in zip(rows[:_SHOW], cols[:_SHOW])]
    raise InputError(f"{method}: {len(rows)} negative value(s), first at alternative/criterion "
                     f"{cells}; {reason}", row=dm.alternatives[rows[0]],
                     field=dm.criteria[cols[0]], expected="values >= 0")


def check_unit_interval(dm: DecisionMatrix, *, method: str, what: str) -> None:
    """Raise naming the first cells outside ``[0, 1]``."""
    out = (dm.values < 0) | (dm.values > 1)
    if not out.any():
        return
    rows, cols = np.nonzero(out)
    cells = [f"{dm.alternatives[r]!s}/{dm.criteria[c]!s}={dm.values[r, c]:g}"
             for r, c in zip(rows[:_SHOW], cols[:_SHOW])]
    raise InputError(f"{method}: {len(rows)} {what} outside [0, 1], first at {cells}",
                     row=dm.alternatives[rows[0]], field=dm.criteria[cols[0]],
                     expected=f"{what} in [0, 1] (standardised composite indices)")
