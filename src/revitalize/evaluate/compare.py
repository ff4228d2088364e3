"""Method comparison: one decision matrix ranked by several methods, side by side, with the
rank correlations between methods -- so that an analyst can say "the ranking holds across
methods", or show where it does not.

Correlations (``scipy.stats``): Spearman's rho of the ranks (``spearmanr``) and Kendall's
tau-b (``kendalltau``, which corrects for ties), for every pair of methods. Both are 1 for
identical rankings and -1 for reversed ones. A consensus ranking is added by a named
aggregation rule (:mod:`revitalize.evaluate.aggregation`; ``aggregate=None`` to skip).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import kendalltau, spearmanr

from revitalize.errors import InputError
from revitalize.evaluate.aggregation import AGGREGATION_RULES, aggregate_ranks
from revitalize.evaluate.methods import RANKING_METHODS, rank
from revitalize.evaluate.ranking_result import check_choice
from revitalize.results import Result, build_meta

__all__ = ["ComparisonResult", "DEFAULT_METHODS", "compare_methods", "rank_correlations"]

DEFAULT_METHODS = ("topsis", "vikor", "promethee_ii", "edas", "mabac", "moora")


@dataclass(frozen=True)
class ComparisonResult(Result):
    """``table``: ranks by alternative (one column per method, plus ``consensus``);
    ``extra``: ``scores`` (each method's own score), ``spearman`` and ``kendall`` (methods x
    methods), ``results`` (method -> its full result), ``consensus`` (aggregation result)."""

    @property
    def spearman(self) -> pd.DataFrame:
        return self.extra["spearman"]

    @property
    def kendall(self) -> pd.DataFrame:
        return self.extra["kendall"]

    def summary(self) -> str:
        rho = self.spearman.to_numpy()
        off = rho[~np.eye(len(rho), dtype=bool)]
        low = float(off.min()) if off.size else 1.0
        return (f"{len(self.spearman)} methods on {len(self.table)} alternatives: Spearman rho "
                f"between methods from {low:.3f} to {float(off.max()) if off.size else 1:.3f}")


def rank_correlations(ranks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Spearman and Kendall tau-b matrices between the columns of a rank frame (NaN when a
    ranking is constant)."""
    cols = list(ranks.columns)
    k = len(cols)
    rho, tau = np.eye(k), np.eye(k)
    values = ranks.to_numpy(dtype=float)
    for i in range(k):
        for j in range(i + 1, k):
            a, b = values[:, i], values[:, j]
            if np.ptp(a) == 0 or np.ptp(b) == 0:
                rho[i, j] = rho[j, i] = tau[i, j] = tau[j, i] = np.nan
                continue
            rho[i, j] = rho[j, i] = spearmanr(a, b).statistic
            tau[i, j] = tau[j, i] = kendalltau(a, b).statistic
    index = pd.Index(cols, name="method")
    return (pd.DataFrame(rho, index=index, columns=index.rename(None)),
            pd.DataFrame(tau, index=index, columns=index.rename(None)))


def compare_methods(X, weights, directions, *, methods: Sequence[str] = DEFAULT_METHODS,
                    options: Mapping[str, Mapping] | None = None,
                    aggregate: str | None = "borda") -> ComparisonResult:
    """Rank ``X`` with each of ``methods`` and compare the rankings.

    Parameters
    ----------
    X, weights, directions
        As :func:`revitalize.evaluate.topsis.topsis` (the same for every method).
    methods
        Names from :data:`revitalize.evaluate.methods.RANKING_METHODS` (at least two).
    options
        ``{method: {option: value}}``, e.g. ``{"vikor": {"v": 0.6}}``; others use defaults.
    aggregate
        Consensus rule (``"borda"``, ``"copeland"``, ``"mean_rank"``) or None.
    """
    methods = list(dict.fromkeys(methods))
    if len(methods) < 2:
        raise InputError(f"{len(methods)} method(s) to compare", field="methods",
                         expected=f"two or more of {list(RANKING_METHODS)}")
    options = dict(options or {})
    stray = [m for m in options if m not in methods]
    if stray:
        raise InputError(f"options given for {stray[0]!r}, which is not compared",
                         field="options", expected=f"options for {methods}")
    if aggregate is not None:
        check_choice(aggregate, AGGREGATION_RULES, "aggregate")
    results = {m: rank(m, X, weights, directions, **dict(options.get(m, {}))) for m in methods}
    ranks = pd.DataFrame({m: r.table["rank"] for m, r in results.items()})
    scores = pd.DataFrame({m: r.table[RANKING_METHODS[m].score_column]
                           for m, r in results.items()})
    spearman, kendall = rank_correlations(ranks)
    table = ranks.copy()
    extra = {"scores": scores, "spearman": spearman, "kendall": kendall, "results": results}
    if aggregate is not None:
        consensus = aggregate_ranks(ranks, rule=aggregate)
        table["consensus"] = consensus.table["rank"]
        extra["consensus"] = consensus
    meta = build_meta("method comparison", conventions={
        "methods": methods, "options": {m: dict(v) for m, v in options.items()},
        "correlations": "Spearman rho (scipy.stats.spearmanr), Kendall tau-b "
                        "(scipy.stats.kendalltau) of the ranks",
        "aggregate": AGGREGATION_RULES.get(aggregate) if aggregate else None},
        alternatives=len(ranks),
        method_conventions={m: dict(r.meta.get("conventions", {})) for m, r in results.items()})
    return ComparisonResult(table=table, meta=meta, extra=extra)
