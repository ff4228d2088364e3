"""Shared pieces of the provincial-statistics indicators (issue 20): one result class, a
years x regions view of a panel indicator and aggregation of provinces into named regions.

Aggregates are always *sum over sum* of the member provinces (never a mean of ratios), and a
region-year with any member missing is missing (never a partial sum). Regions are the NBS
division of :mod:`revitalize.model.regions` (``NE``, ``EAST``, ``CENTRAL``, ``WEST``, ``000000`` =
the 31 mainland provinces).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import UnknownLabelError
from revitalize.model.panel import Panel
from revitalize.model.regions import REGIONS, members, normalise_region
from revitalize.results import Result

__all__ = ["DEFAULT_REGIONS", "RegionalResult", "aggregate", "region_codes", "series_wide",
           "sum_members"]

DEFAULT_REGIONS = ("210000", "220000", "230000", "NE", "EAST", "CENTRAL", "WEST", "000000")


@dataclass(frozen=True)
class RegionalResult(Result):
    """Region x year indicator table (long: ``region``, ``region_en``, ``year``, values)."""


def region_codes(regions: Iterable[object], *, where: str = "regions") -> list[str]:
    """Canonical codes of ``regions`` (any spelling), order kept."""
    return [normalise_region(r, where=where).code for r in regions]


def series_wide(panel: Panel, indicator: str, *, dataset: str = "panel") -> pd.DataFrame:
    """Years x province codes of one indicator (no flag warning: callers decide)."""
    if indicator not in panel.indicators:
        raise UnknownLabelError(f"the {dataset} lacks indicator {indicator!r}",
                                file=panel.provenance.file, field="indicator",
                                expected=f"a panel with {indicator!r}")
    d = panel.data[panel.data["indicator"] == indicator]
    return d.pivot(index="year", columns="region", values="value").sort_index()


def sum_members(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Kernel: per row, the sum over the columns in ``mask``; NaN when any of them is NaN.

    ``values`` is years x provinces, ``mask`` a boolean vector over provinces.
    """
    part = values[:, mask]
    out = part.sum(axis=1)
    out[np.isnan(part).any(axis=1)] = np.nan
    return out


def aggregate(wide: pd.DataFrame, regions: Iterable[str]) -> pd.DataFrame:
    """Years x regions: each region the sum of its member provinces (itself for a province)."""
    cols = {}
    values = wide.to_numpy(dtype=float)
    for code in regions:
        want = set(members(code))
        mask = np.array([c in want for c in wide.columns])
        if mask.sum() < len(want):
            cols[code] = np.full(len(wide), np.nan)
        else:
            cols[code] = sum_members(values, mask)
    return pd.DataFrame(cols, index=wide.index)


def long_table(frames: dict[str, pd.DataFrame], regions: Iterable[str]) -> pd.DataFrame:
    """Long ``region, region_en, year, <name>...`` from years x regions frames by name."""
    parts = []
    for code in regions:
        part = pd.DataFrame({name: f[code] for name, f in frames.items() if code in f.columns})
        part.index.name = "year"
        part = part.reset_index()
        part.insert(0, "region_en", REGIONS[code].name_en)
        part.insert(0, "region", code)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    value_cols = [c for c in out.columns if c not in ("region", "region_en", "year")]
    return out.dropna(subset=value_cols, how="all").reset_index(drop=True)
