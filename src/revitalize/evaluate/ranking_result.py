"""The result and the shell helpers shared by the ranking methods (VIKOR, PROMETHEE II, EDAS,
CODAS, MABAC, CoCoSo, WASPAS, MOORA).

Every method returns a :class:`RankingResult`: ``table`` indexed by alternative with ``score``
(the method's own quantity: Q for VIKOR, net flow for PROMETHEE II, appraisal score for
EDAS...), ``rank`` (1 = best; ties share the smallest rank) and the method's named
intermediates as further columns; ``extra["weights"]`` holds the weights used;
``meta["conventions"]`` every convention, ``meta["better"]`` whether a larger or smaller score
is better.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.validate import (
    DecisionMatrix,
    as_decision_matrix,
    as_directions,
    as_weights,
    direction_names,
    screen_columns,
)
from revitalize.results import Result, build_meta

__all__ = ["Prepared", "RankingResult", "check_choice", "check_positive", "finish", "prepare",
           "rank_scores"]

_SHOW = 5


@dataclass(frozen=True)
class RankingResult(Result):
    """``table`` by alternative: ``score``, ``rank`` (1 = best) and the method's intermediates;
    ``extra["weights"]`` by criterion; ``meta["better"]`` is ``"larger"`` or ``"smaller"``."""

    @property
    def score(self) -> pd.Series:
        return self.table["score"].copy()

    @property
    def rank(self) -> pd.Series:
        return self.table["rank"].copy()


@dataclass(frozen=True)
class Prepared:
    """A validated problem: the matrix, benefit mask and weights (sum 1) in criterion order."""

    dm: DecisionMatrix
    benefit: np.ndarray
    weights: np.ndarray


def rank_scores(score: np.ndarray, larger_is_better: bool = True) -> np.ndarray:
    """Competition ranks (1 = best; ties share the smallest rank), along the last axis."""
    from scipy.stats import rankdata  # not at module level: the CLI's choices import this module

    s = -score if larger_is_better else score
    return rankdata(s, method="min", axis=-1).astype(np.int64)


def check_choice(value, allowed, field: str) -> str:
    """``value`` if among ``allowed`` (a mapping or sequence of names), else InputError."""
    if value not in allowed:
        raise InputError(f"unknown {field} {value!r}", field=field,
                         expected="one of " + ", ".join(repr(a) for a in allowed))
    return value


def check_positive(dm: DecisionMatrix, *, method: str, reason: str,
                   columns: np.ndarray | None = None) -> None:
    """Raise naming the first cells <= 0 (in ``columns`` when given) when ``method`` needs
    strictly positive values."""
    bad = dm.values <= 0
    if columns is not None:
        bad &= columns[np.newaxis, :]
    if not bad.any():
        return
    rows, cols = np.nonzero(bad)
    cells = [f"{dm.alternatives[r]!s}/{dm.criteria[c]!s}={dm.values[r, c]:g}"
             for r, c in zip(rows[:_SHOW], cols[:_SHOW])]
    raise InputError(f"{method}: {len(rows)} value(s) <= 0, first at alternative/criterion "
                     f"{cells}; {reason}", row=dm.alternatives[rows[0]],
                     field=dm.criteria[cols[0]], expected="values > 0")


def prepare(X, weights, directions, *, method: str, consequence: str,
            name: str = "X") -> Prepared:
    """Validate matrix, directions and weights once (:mod:`revitalize.evaluate.validate`);
    constant criteria warn with ``consequence``."""
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    w = as_weights(weights, dm.criteria)
    screen_columns(dm, method=method, consequence=consequence)
    return Prepared(dm, benefit, w)


def finish(p: Prepared, columns: dict[str, np.ndarray], *, method: str, source: str,
           conventions: dict[str, Any], larger_is_better: bool = True,
           extra: dict[str, Any] | None = None, **meta_extra) -> RankingResult:
    """Wrap kernel outputs: ``columns`` must hold ``score``; ``rank`` is added after it."""
    score = np.asarray(columns["score"], dtype=float)
    cols = {"score": score, "rank": rank_scores(score, larger_is_better)}
    cols.update({k: v for k, v in columns.items() if k != "score"})
    table = pd.DataFrame(cols, index=p.dm.alternatives)
    conv = {**conventions,
            "rank": f"1 = {'largest' if larger_is_better else 'smallest'} score; ties share the "
                    "smallest rank",
            "weights": dict(zip(map(str, p.dm.criteria), p.weights.tolist())),
            "directions": direction_names(p.dm.criteria, p.benefit)}
    meta = build_meta(method, conventions=conv, source=source,
                      better="larger" if larger_is_better else "smaller",
                      alternatives=len(p.dm.alternatives), **meta_extra)
    out = {"weights": pd.Series(p.weights, index=p.dm.criteria, name="weight")}
    out.update(extra or {})
    return RankingResult(table=table, meta=meta, extra=out)
