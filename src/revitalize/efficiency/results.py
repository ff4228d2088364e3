"""Result objects of the efficiency family (frozen, see :mod:`revitalize.results`)."""

from __future__ import annotations

from dataclasses import dataclass

from revitalize.results import Result

__all__ = ["EfficiencyResult", "GrowthAccountingResult", "ProductivityResult"]


@dataclass(frozen=True)
class EfficiencyResult(Result):
    """DEA scores of a cross-section: ``table`` indexed by DMU (score, status, slacks, targets,
    peers); ``extra["lambdas"]`` the intensity weights as a long frame (dmu, peer, lambda)."""

    def summary(self) -> str:
        base = super().summary()
        col = self.meta.get("score_column")
        if col and col in self.table:
            s = self.table[col]
            base += (f"; {col}: mean {s.mean():.4f}, {int((s >= 1 - 1e-9).sum())} of {len(s)} "
                     "on the frontier")
        return base


@dataclass(frozen=True)
class ProductivityResult(Result):
    """A productivity index by DMU and pair of periods (``table``: dmu, period_from, period_to,
    the index and its components, flags); ``extra["cumulative"]`` the chained indices and
    ``extra["distances"]`` every distance function solved."""


@dataclass(frozen=True)
class GrowthAccountingResult(Result):
    """Growth accounting by region and year (``table``) and averaged by region
    (``extra["by_region"]``)."""
