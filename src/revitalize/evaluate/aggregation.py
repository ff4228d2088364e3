"""Rank aggregation: one consensus ranking from the rankings of several methods (or experts).

Input: ranks by alternative (rows) and method (columns), 1 = best (ties share a rank), e.g.
the ``ranks`` table of :func:`revitalize.evaluate.compare.compare_methods`. Rules:

* ``"borda"`` -- Borda count (de Borda 1781; Saari 1995, *Basic Geometry of Voting*,
  Springer, ch. 3): ``B_i = sum_k (m - r_ik)``; larger is better.
* ``"copeland"`` -- Copeland (1951) pairwise majority: ``a`` beats ``b`` when more methods rank
  ``a`` above ``b`` than the reverse; ``C_a = wins - losses``; larger is better.
* ``"mean_rank"`` -- the mean rank ``sum_k r_ik / K`` (smaller is better), the "average
  ranking" rule used to reconcile MCDA rankings (e.g. Sałabun, Wątróbski & Shekhovtsov 2020,
  *Symmetry* 12(9): 1549).

The consensus rank is 1 for the best score; ties share the smallest rank.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.ranking_result import RankingResult, check_choice, rank_scores
from revitalize.results import Result, build_meta

__all__ = ["AGGREGATION_RULES", "aggregate_kernel", "aggregate_ranks"]

AGGREGATION_RULES = {
    "borda": "B_i = sum_k (m - r_ik), larger is better (de Borda 1781)",
    "copeland": "wins - losses in pairwise majorities over the rankings (Copeland 1951)",
    "mean_rank": "mean rank over the rankings, smaller is better",
}


def aggregate_kernel(ranks: np.ndarray, rule: str = "borda") -> np.ndarray:
    """Consensus scores of ``ranks`` ``(m alternatives, K rankings)``; larger is better except
    for ``"mean_rank"``."""
    m = ranks.shape[0]
    if rule == "borda":
        return (m - ranks).sum(axis=1).astype(float)
    if rule == "mean_rank":
        return ranks.mean(axis=1)
    above = (ranks[:, np.newaxis, :] < ranks[np.newaxis, :, :]).sum(axis=2)
    wins = (above > above.T).sum(axis=1)
    losses = (above < above.T).sum(axis=1)
    return (wins - losses).astype(float)


def _rank_frame(rankings) -> pd.DataFrame:
    if isinstance(rankings, pd.DataFrame):
        frame = rankings
    elif isinstance(rankings, Mapping):
        cols = {}
        for name, r in rankings.items():
            cols[name] = r.table["rank"] if isinstance(r, Result) else pd.Series(r)
        frame = pd.DataFrame(cols)
    else:
        raise InputError(f"rankings of type {type(rankings).__name__}", field="rankings",
                         expected="a DataFrame of ranks (alternatives x methods) or a mapping "
                                  "name -> result/Series of ranks")
    if frame.shape[1] < 1 or frame.shape[0] < 2:
        raise InputError(f"{frame.shape[0]} alternatives and {frame.shape[1]} rankings",
                         field="rankings", expected="at least 2 alternatives and 1 ranking")
    if frame.isna().any().any():
        col = frame.columns[frame.isna().any()][0]
        raise InputError(f"ranking {col!r} has no rank for some alternatives", field=col,
                         expected="every alternative ranked by every method")
    values = frame.to_numpy(dtype=float)
    if (values < 1).any() or (values > len(frame)).any() or (values % 1 != 0).any():
        raise InputError("ranks must be whole numbers from 1 to the number of alternatives",
                         field="rankings", expected=f"ranks in 1..{len(frame)}")
    return frame


def aggregate_ranks(rankings, *, rule: str = "borda") -> RankingResult:
    """Consensus ranking from several rankings.

    Parameters
    ----------
    rankings
        DataFrame of ranks (index alternatives, one column per method/expert, 1 = best) or a
        mapping name -> ranking result (its ``table["rank"]``) or Series of ranks.
    rule
        ``"borda"`` (default), ``"copeland"`` or ``"mean_rank"`` (:data:`AGGREGATION_RULES`).

    Returns
    -------
    RankingResult
        ``score`` (Borda points, Copeland wins - losses, or mean rank), ``rank`` and the input
        ranks as further columns.
    """
    check_choice(rule, AGGREGATION_RULES, "rule")
    frame = _rank_frame(rankings)
    score = aggregate_kernel(frame.to_numpy(dtype=float), rule)
    larger = rule != "mean_rank"
    table = pd.concat([pd.DataFrame({"score": score, "rank": rank_scores(score, larger)},
                                    index=frame.index), frame.add_prefix("rank_")], axis=1)
    meta = build_meta(f"rank aggregation ({rule})", conventions={
        "rule": AGGREGATION_RULES[rule],
        "rank": "1 = best consensus score; ties share the smallest rank",
        "rankings": [str(c) for c in frame.columns]},
        better="larger" if larger else "smaller", alternatives=len(frame))
    return RankingResult(table=table, meta=meta, extra={"ranks": frame})
