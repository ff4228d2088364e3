"""Bootstrap of entropy weights (and of the rankings built on them).

Entropy weights move with the sample of alternatives (regions, years) they are computed from.
Each draw resamples the ``m`` alternatives with replacement (the nonparametric bootstrap,
Efron 1979) and recomputes the weights with :func:`revitalize.evaluate.weights.entropy_kernel`
(same ``standardisation``, ``zero_handling``, ``epsilon``; the min-max standardisation is
recomputed on each resample, as the method would on that sample). The kernel works column by
column, so the resamples are laid side by side as one ``m x (k c)`` matrix and each draw's
divergences ``d`` renormalised, ``w = d / sum d`` -- one kernel call per chunk, no Python loop
per draw.

Degenerate resamples: a resample in which every criterion is constant has no divergence and no
weights; it is drawn again (counted: ``meta["degenerate_redraws"]``, warned). A criterion
constant in a resample gets weight 0 in that draw (entropy 1), as in the kernel.

Scores (``score``): with weights drawn, the alternatives of the *original* matrix are scored
and ranked in every draw --

* ``"weighted_sum"``: ``s_i = sum_j w_j z_ij`` with ``z`` the direction-aware min-max
  standardisation of the full matrix (:func:`revitalize.evaluate.weights.minmax_standardise`),
  the entropy-weighted index common in Chinese regional studies;
* ``"topsis"``: TOPSIS closeness (Hwang & Yoon 1981; :mod:`revitalize.evaluate.topsis`) with
  ``normalisation`` ``"vector"`` or ``"minmax"``, batched over the weight draws:
  ``D+_i = sqrt(sum_j w_j^2 (r_ij - r+_j)^2)`` with ``r`` normalised and ``r+`` the best value
  per criterion (weights are non-negative, so the ideal of ``v = w r`` is ``w r+``);
* ``"none"`` (default): the criteria and their weights are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.evaluate.topsis import TOPSIS_SOURCE
from revitalize.evaluate.validate import as_decision_matrix, as_directions, direction_names
from revitalize.evaluate.weights import (
    ENTROPY_SOURCE,
    entropy_kernel,
    entropy_weights,
    minmax_standardise,
)
from revitalize.results import build_meta
from revitalize.uncertainty.backends import run_chunks, run_options
from revitalize.uncertainty.draws import bootstrap_indices
from revitalize.uncertainty.results import MonteCarloResult, assemble, batched_rank

__all__ = ["SCORES", "entropy_bootstrap", "entropy_weights_batched", "topsis_closeness_batched"]

SCORES: dict[str, str] = {
    "none": "criteria ranked by their entropy weight",
    "weighted_sum": "s_i = sum_j w_j z_ij, z the direction-aware min-max standardisation of the "
                    "full matrix",
    "topsis": "TOPSIS closeness D- / (D+ + D-) of the full matrix under each draw's weights",
}
_MAX_REDRAWS = 100


def entropy_weights_batched(stacks: np.ndarray, benefit: np.ndarray, **options
                            ) -> np.ndarray:
    """Entropy weights ``(k, c)`` of ``k`` matrices ``(k, m, c)``: one
    :func:`~revitalize.evaluate.weights.entropy_kernel` call on the ``m x (k c)`` side-by-side
    matrix, divergences renormalised per draw (NaN where every criterion is constant)."""
    k, m, c = stacks.shape
    wide = stacks.transpose(1, 0, 2).reshape(m, k * c)
    _, _, d = entropy_kernel(wide, np.tile(benefit, k), **options)
    d = d.reshape(k, c)
    total = d.sum(axis=1, keepdims=True)
    return np.divide(d, total, out=np.full_like(d, np.nan), where=total > 0)


def _normalised(X: np.ndarray, benefit: np.ndarray, normalisation: str
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``r``, best ``r+`` and worst ``r-`` per criterion (scales of
    :mod:`revitalize.evaluate.topsis`: ``x / ||x||`` or ``(x - min) / (max - min)``)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    if normalisation == "vector":
        norm = np.sqrt(np.einsum("ij,ij->j", X, X))
        r = X / np.where(norm > 0, norm, 1.0)
    else:
        r = (X - lo) / np.where(hi > lo, hi - lo, 1.0)
    best = np.where(benefit, r.max(axis=0), r.min(axis=0))
    worst = np.where(benefit, r.min(axis=0), r.max(axis=0))
    return r, best, worst


def topsis_closeness_batched(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                             normalisation: str = "vector") -> np.ndarray:
    """TOPSIS closeness ``(k, m)`` of the ``m`` alternatives of ``X`` under ``(k, c)`` weights
    (module docstring; :func:`revitalize.evaluate.topsis.topsis_kernel` per weight vector)."""
    r, best, worst = _normalised(X, benefit, normalisation)
    w2 = (weights * weights).T  # (c, k)
    d_plus = np.sqrt(((r - best) ** 2) @ w2).T
    d_minus = np.sqrt(((r - worst) ** 2) @ w2).T
    total = d_plus + d_minus
    return np.divide(d_minus, total, out=np.full_like(total, np.nan), where=total > 0)


@dataclass(frozen=True)
class EntropyPayload:
    X: np.ndarray
    benefit: np.ndarray
    standardisation: str
    zero_handling: str
    epsilon: float
    score: str
    normalisation: str


def _weights_draws(p: EntropyPayload, rng, k: int) -> tuple[np.ndarray, np.ndarray]:
    m = p.X.shape[0]
    opts = dict(standardisation=p.standardisation, zero_handling=p.zero_handling,
                epsilon=p.epsilon)
    picks = bootstrap_indices(rng, k, m)
    w = entropy_weights_batched(p.X[picks], p.benefit, **opts)
    redraws = np.zeros(k, dtype=np.int64)
    for _ in range(_MAX_REDRAWS):
        bad = np.flatnonzero(~np.isfinite(w).all(axis=1))
        if bad.size == 0:
            return w, redraws
        redraws[bad] += 1
        again = bootstrap_indices(rng, bad.size, m)
        w[bad] = entropy_weights_batched(p.X[again], p.benefit, **opts)
    raise ValidationError(f"{bad.size} resamples have every criterion constant after "
                          f"{_MAX_REDRAWS} redraws", field="X",
                          expected="alternatives that differ on some criterion")


def _entropy_chunk(p: EntropyPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    w, redraws = _weights_draws(p, rng, k)
    out = {"weight": w, "degenerate_redraws": redraws}
    if p.score != "none":
        out["score"] = _scores(p, w)
    out["rank"] = batched_rank(out["score"] if p.score != "none" else w)
    return out


def _scores(p: EntropyPayload, w: np.ndarray) -> np.ndarray:
    """Scores ``(k, m)`` of the alternatives under ``(k, c)`` weights (module docstring)."""
    if p.score == "weighted_sum":
        return w @ minmax_standardise(p.X, p.benefit).T
    return topsis_closeness_batched(p.X, w, p.benefit, p.normalisation)


def entropy_bootstrap(X, directions, *, draws: int = 1000, score: str = "none",
                      normalisation: str = "vector", zero_handling: str = "shift",
                      epsilon: float = 1e-4, standardisation: str = "minmax",
                      level: float = 0.9, seed: int | None = None,
                      chunk_size: int | None = None, workers: int | None = None,
                      scheduler: str | None = None, threads: int | None = None,
                      progress: bool = False, name: str = "X") -> MonteCarloResult:
    """Bootstrap distribution of entropy weights, and of the alternatives' scores and ranks.

    Parameters
    ----------
    X, directions, zero_handling, epsilon, standardisation, name
        As :func:`revitalize.evaluate.weights.entropy_weights` (which gives the point estimate).
    score
        ``"none"`` (default: the table ranks the criteria), ``"weighted_sum"`` or ``"topsis"``
        (the table ranks the alternatives; ``extra["weights"]`` summarises the weights).
    normalisation
        TOPSIS normalisation, ``"vector"`` (default) or ``"minmax"``.
    draws, level, seed, chunk_size, workers, scheduler, threads, progress
        As :func:`revitalize.uncertainty.io_mc.io_monte_carlo`.
    """
    if score not in SCORES:
        raise InputError(f"unknown score {score!r}", field="score", expected=f"one of {list(SCORES)}")
    if normalisation not in ("vector", "minmax"):
        raise InputError(f"unknown normalisation {normalisation!r}", field="normalisation",
                         expected="'vector' or 'minmax'")
    point = entropy_weights(X, directions, zero_handling=zero_handling, epsilon=epsilon,
                            standardisation=standardisation, name=name)
    dm = as_decision_matrix(X, name=name)  # validated (and warned) by entropy_weights above
    benefit = as_directions(directions, dm.criteria)
    opts = run_options(draws=draws, seed=seed, chunk_size=chunk_size, level=level,
                       workers=workers, scheduler=scheduler, threads=threads,
                       progress=progress, problem_size=1)
    payload = EntropyPayload(dm.values, benefit, standardisation, zero_handling, float(epsilon),
                             score, normalisation)
    combined = run_chunks(_entropy_chunk, payload, opts, label="entropy bootstrap")
    return _result(dm, point, payload, combined, opts, direction_names(dm.criteria, benefit))


def _result(dm, point, p: EntropyPayload, combined, opts, directions) -> MonteCarloResult:
    redraws = int(combined["degenerate_redraws"].sum())
    if redraws:
        _warn(f"{redraws} bootstrap resamples had every criterion constant and were "
                      "drawn again", DataQualityWarning, stacklevel=3)
    w_point = point.table["weight"].to_numpy(float)
    meta = build_meta("bootstrap entropy weights", conventions={
        "resampling": "alternatives with replacement (nonparametric bootstrap, Efron 1979)",
        "standardisation": p.standardisation, "zero_handling": p.zero_handling,
        "epsilon": p.epsilon if p.zero_handling == "shift" else None,
        "degenerate_resamples": "drawn again (every criterion constant)",
        "score": SCORES[p.score], "normalisation": p.normalisation if p.score == "topsis"
        else None, "directions": directions}, source=ENTROPY_SOURCE,
        topsis_source=TOPSIS_SOURCE if p.score == "topsis" else None,
        alternatives=len(dm.alternatives), degenerate_redraws=redraws,
        rank_by="weight" if p.score == "none" else "score", **opts.meta())
    criteria = pd.Index(dm.criteria, name="criterion")
    if p.score == "none":
        return assemble(criteria, None, {"weight": w_point}, batched_rank(w_point[None])[0],
                        combined, opts.level, meta, per_draw=("degenerate_redraws",))
    weights = assemble(criteria, None, {"weight": w_point}, batched_rank(w_point[None])[0],
                       {"weight": combined["weight"],
                        "rank": batched_rank(combined["weight"])}, opts.level, meta)
    s_point = _scores(p, w_point[np.newaxis])[0]
    items = dm.alternatives  # named "alternative" by as_decision_matrix (or a MultiIndex)
    return assemble(items, None, {"score": s_point}, batched_rank(s_point[None])[0], combined,
                    opts.level, meta, per_draw=("degenerate_redraws",), extra={"weights": weights.table,
                                             "weight_draws": weights.draws["weight"]})
