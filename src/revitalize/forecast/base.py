"""The result every forecasting model returns, and the checks every model's input passes.

A :class:`ForecastResult` table is long: one row per (series, period, kind) with
``kind`` in ``observed``, ``fitted``, ``forecast``, ``lower``, ``upper``. ``meta`` holds the model,
its conventions, and its parameters (for one series: at the top level, e.g. ``a``, ``b``, ``C``,
``P``, ``grade`` for grey models; for several: ``meta["parameters"]`` keyed by series).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.results import Result

__all__ = ["ForecastResult", "KINDS", "as_annual_series", "long_frame"]

KINDS = ("observed", "fitted", "forecast", "lower", "upper")


@dataclass(frozen=True)
class ForecastResult(Result):
    """Long table ``series, period, value, kind``; see the module docstring."""

    def kind(self, kind: str, series: str | None = None) -> pd.Series:
        """Values of one kind (and series) indexed by period."""
        t = self.table[self.table["kind"] == kind]
        if series is not None:
            t = t[t["series"] == series]
        return t.set_index("period")["value"]


def long_frame(series: str, periods, values, kind: str) -> pd.DataFrame:
    """One block of a :class:`ForecastResult` table."""
    if kind not in KINDS:
        raise ValueError(kind)
    return pd.DataFrame({"series": series, "period": list(periods),
                         "value": np.asarray(values, dtype=float), "kind": kind})


def as_annual_series(values, periods=None, *, name: str = "series", min_length: int = 4,
                     positive: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Validate one annual series; return ``(periods as int array, values as float array)``.

    Raises :class:`InputError` (naming the series and what was expected) for: fewer than
    ``min_length`` points, missing values, non-finite values, non-positive values when
    ``positive``, periods that are not consecutive integer years (gaps, duplicates, another
    frequency).
    """
    if isinstance(values, pd.Series) and periods is None:
        periods = values.index
    y = np.asarray(values, dtype=float)
    t = np.arange(len(y)) if periods is None else np.asarray(periods)
    if y.ndim != 1 or len(t) != len(y):
        raise InputError(f"series {name!r} is not one-dimensional with one period per value",
                         field=name, expected="a 1-D series")
    if len(y) < min_length:
        raise InputError(f"series {name!r} has {len(y)} points", field=name,
                         expected=f"at least {min_length} points")
    if not np.isfinite(y).all():
        bad = [str(p) for p, v in zip(t, y) if not np.isfinite(v)]
        raise InputError(f"series {name!r} has missing or non-finite values at {bad[:5]}",
                         field=name, expected="a value for every period (no gaps)")
    if positive and (y <= 0).any():
        bad = [str(p) for p, v in zip(t, y) if v <= 0]
        raise InputError(f"series {name!r} has non-positive values at {bad[:5]}", field=name,
                         expected="positive values (grey models need x(0) > 0)")
    try:
        ti = np.asarray(t, dtype=float)
        integer = np.all(ti == np.round(ti))
    except (TypeError, ValueError):
        integer = False
    if not integer:
        raise InputError(f"series {name!r} has periods that are not years: {list(t)[:3]}...",
                         field=name, expected="annual periods (integer years)")
    ti = ti.astype(int)
    steps = np.diff(ti)
    if len(steps) and not (steps == 1).all():
        raise InputError(f"series {name!r} is not consecutive annual data (steps {sorted(set(steps.tolist()))})",
                         field=name, expected="consecutive years with no gaps or duplicates")
    return ti, y
