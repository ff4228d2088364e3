"""Validation of region x industry matrices -- the one place the relatedness family checks input.

==========================================  =====================================================
input                                       outcome
==========================================  =====================================================
not a non-empty DataFrame                   :class:`InputError`
missing, non-numeric or infinite cell       :class:`InputError` naming region and industry
negative cell                               :class:`InputError` naming region and industry
duplicate region or industry label          :class:`InputError`
region with zero total                      :class:`InputError` (its shares are undefined)
industry with zero total in every region    :class:`InputError` (its RCA is 0/0)
fewer than 2 regions or 2 industries        :class:`InputError`
RCA threshold not positive                  :class:`InputError`
binary matrix with a region that            :class:`InputError` from the complexity shell (its
specialises in nothing (diversity 0) or     diversity/ubiquity divides); the density and
an industry nobody specialises in           proximity shells accept them (rows/columns of 0)
(ubiquity 0)
==========================================  =====================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError

__all__ = ["as_binary_matrix", "as_size_matrix", "check_threshold"]


def _numeric(values: object, name: str) -> pd.DataFrame:
    if not isinstance(values, pd.DataFrame) or values.empty:
        raise InputError(f"{name} must be a non-empty regions x industries DataFrame", field=name,
                         expected="rows = regions, columns = industries")
    for axis, labels in (("region", values.index), ("industry", values.columns)):
        dup = labels[labels.duplicated()].unique().tolist()
        if dup:
            raise InputError(f"duplicate {axis} labels {dup}", field=name,
                             expected=f"one row/column per {axis}")
    if all(pd.api.types.is_numeric_dtype(t) for t in values.dtypes):
        X = values.astype(float)
    else:
        X = values.apply(pd.to_numeric, errors="coerce").astype(float)
    bad = ~np.isfinite(X.to_numpy())
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"missing, non-numeric or infinite value at region {X.index[i]!r}, "
                         f"industry {X.columns[j]!r}", field=name,
                         expected="a finite number for every region and industry")
    if X.shape[0] < 2 or X.shape[1] < 2:
        raise InputError(f"{name} is {X.shape[0]} x {X.shape[1]}", field=name,
                         expected="at least 2 regions and 2 industries")
    return X


def as_size_matrix(values: object, name: str = "values") -> pd.DataFrame:
    """Regions x industries sizes (output, value added, employment, exports): finite,
    non-negative, every region and every industry with a positive total (module table)."""
    X = _numeric(values, name)
    neg = np.argwhere(X.to_numpy() < 0)
    if len(neg):
        i, j = neg[0]
        raise InputError(f"negative value {X.iat[i, j]} at region {X.index[i]!r}, industry "
                         f"{X.columns[j]!r}", field=name, expected="non-negative sizes")
    zero_r = X.index[X.sum(axis=1) <= 0].tolist()
    if zero_r:
        raise InputError(f"regions {zero_r} have a zero total (shares undefined)", field=name,
                         expected="a positive total for every region")
    zero_c = X.columns[X.sum(axis=0) <= 0].tolist()
    if zero_c:
        raise InputError(f"industries {zero_c} are zero in every region (RCA is 0/0)",
                         field=name, expected="drop them or give them a positive size somewhere")
    return X


def as_binary_matrix(values: object, name: str = "specialisation") -> pd.DataFrame:
    """Regions x industries 0/1 matrix ``M`` (1 = the region specialises in the industry)."""
    M = _numeric(values, name)
    off = ~np.isin(M.to_numpy(), (0.0, 1.0))
    if off.any():
        i, j = np.argwhere(off)[0]
        raise InputError(f"value {M.iat[i, j]} at region {M.index[i]!r}, industry "
                         f"{M.columns[j]!r} is not 0 or 1", field=name,
                         expected="a binary specialisation matrix (e.g. RCA >= threshold)")
    return M


def check_threshold(threshold: object, name: str = "threshold") -> float:
    try:
        t = float(threshold)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        t = float("nan")
    if not np.isfinite(t) or t <= 0:
        raise InputError(f"{name}={threshold!r}", field=name, expected="a positive number (1.0)")
    return t
