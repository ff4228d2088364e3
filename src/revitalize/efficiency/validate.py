"""Validation at the boundary of the efficiency family (one place, STYLE.md section 6).

DEA data are a frame of DMUs (rows, labelled by the index) x variables (columns); panels are long
frames with one row per DMU and period. Raised: a missing column, a non-numeric, missing, infinite
or negative value, a DMU whose inputs (or outputs) are all zero, a duplicated DMU label, an
unknown option. Zeros in single cells are allowed (DEA handles them) and named in a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn

__all__ = ["DEAData", "as_choice", "as_dea_data", "as_panel"]


@dataclass(frozen=True)
class DEAData:
    """Arrays of one cross-section, labels kept: ``X`` (n, m), ``Y`` (n, s), ``B`` (n, h)."""

    labels: pd.Index
    X: np.ndarray
    Y: np.ndarray
    B: np.ndarray
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    undesirable: tuple[str, ...]


def as_choice(value, name: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``, else an :class:`InputError` naming the keyword."""
    if value not in choices:
        raise InputError(f"unknown {name} {value!r}", field=name,
                         expected="one of " + ", ".join(repr(c) for c in choices))
    return value


def _names(value, name: str, *, required: bool) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value or ())
    if required and not names:
        raise InputError(f"no {name} given", field=name, expected="at least one column name")
    dup = next((c for i, c in enumerate(names) if c in names[:i]), None)
    if dup is not None:
        raise InputError(f"column {dup!r} listed twice", field=name, expected="each column once")
    return names


def _block(frame: pd.DataFrame, cols: tuple[str, ...], role: str) -> np.ndarray:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise UnknownLabelError(f"unknown {role} column(s) {missing}", field=role,
                                expected=f"columns of the data: {list(frame.columns)}")
    try:
        values = frame.loc[:, list(cols)].to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"non-numeric values in {role} {list(cols)}", field=role,
                         expected="numbers") from exc
    bad = ~np.isfinite(values)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"missing or infinite value ({int(bad.sum())} in all)",
                         row=frame.index[i], field=cols[j], expected="finite numbers")
    neg = values < 0
    if neg.any():
        i, j = np.argwhere(neg)[0]
        raise InputError(f"negative value {values[i, j]:g} ({int(neg.sum())} in all)",
                         row=frame.index[i], field=cols[j], expected="non-negative data")
    return values


def as_dea_data(data: pd.DataFrame, *, inputs, outputs, undesirable=()) -> DEAData:
    """Check a DMU x variable frame and return its arrays (labels = the frame's index)."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data is a {type(data).__name__}", field="data",
                         expected="a pandas DataFrame, DMUs as rows")
    if data.index.has_duplicates:
        dup = data.index[data.index.duplicated()][0]
        raise InputError(f"duplicated DMU label {dup!r}", row=dup, field="data",
                         expected="one row per DMU")
    if len(data) < 2:
        raise InputError(f"{len(data)} DMU(s)", field="data", expected="at least two DMUs")
    ins = _names(inputs, "inputs", required=True)
    outs = _names(outputs, "outputs", required=True)
    bads = _names(undesirable, "undesirable", required=False)
    # (a single generator: `gen_a or gen_b` is always gen_a, a generator being truthy)
    both = next((c for c in (*outs, *bads) if c in ins or (c in bads and c in outs)), None)
    if both is not None:
        raise InputError(f"column {both!r} is given two roles", field="outputs",
                         expected="each column in one role (input, output or undesirable)")
    X, Y, B = _block(data, ins, "inputs"), _block(data, outs, "outputs"), _block(data, bads,
                                                                                  "undesirable")
    for arr, role in ((X, "inputs"), (Y, "outputs")):
        empty = (arr <= 0).all(axis=1)
        if empty.any():
            raise InputError(f"all {role} are zero", row=data.index[np.argmax(empty)], field=role,
                             expected=f"at least one positive value among the {role}")
    zeros = int((np.hstack([X, Y, B]) == 0).sum())
    if zeros:
        _warn(f"{zeros} zero value(s) among the DEA variables (allowed; they bound the frontier)",
              DataQualityWarning, field="data")
    return DEAData(data.index, X, Y, B, ins, outs, bads)


def as_panel(data: pd.DataFrame, *, dmu: str, period: str, columns) -> pd.DataFrame:
    """A long panel as a (period, dmu)-indexed frame, balanced, with ``columns`` complete."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data is a {type(data).__name__}", field="data",
                         expected="a long pandas DataFrame (one row per DMU and period)")
    for key, name in ((dmu, "dmu"), (period, "period")):
        if key not in data.columns:
            raise UnknownLabelError(f"no column {key!r}", field=name,
                                    expected=f"one of {list(data.columns)}")
    missing = [c for c in columns if c not in data.columns]
    if missing:  # not pandas' KeyError: the same error as a cross-section's (as_dea_data)
        raise UnknownLabelError(f"unknown column(s) {missing}", field="data",
                                expected=f"columns of the data: {list(data.columns)}")
    frame = data.set_index([period, dmu]).sort_index()
    if frame.index.has_duplicates:
        dup = frame.index[frame.index.duplicated()][0]
        raise InputError(f"duplicated (period, dmu) {dup}", row=dup, field="data",
                         expected="one row per DMU and period")
    periods = frame.index.get_level_values(0).unique()
    if len(periods) < 2:
        raise InputError(f"{len(periods)} period(s)", field=period, expected="at least two")
    dmus = frame.index.get_level_values(1).unique()
    full = pd.MultiIndex.from_product([periods, dmus], names=[period, dmu])
    if len(full) != len(frame):
        missing = full.difference(frame.index)[0]
        raise InputError("unbalanced panel", row=missing, field="data",
                         expected="every DMU in every period (drop DMUs or periods explicitly)")
    return frame.loc[:, [c for c in columns]]
