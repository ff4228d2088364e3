"""Rank stability of any MCDA ranking: stochastic multicriteria acceptability analysis (SMAA-2)
and the smallest weight change that swaps two adjacent alternatives.

SMAA-2 (Lahdelma & Salminen 2001, "SMAA-2: Stochastic multicriteria acceptability analysis for
group decision making", *Operations Research* 49(3): 444-454; Tervonen & Figueira 2008, "A
survey on stochastic multicriteria acceptability analysis methods", *Journal of Multi-Criteria
Decision Analysis* 15: 1-14). In every draw the weights (and optionally the data) are drawn,
the alternatives scored by any ranking method of :mod:`revitalize.evaluate.methods` and
ranked; over the draws:

* rank acceptability ``b_i^r`` -- the share of draws in which alternative ``i`` has rank ``r``
  (``extra["rank_probability"]``; ``acceptability_1`` = ``b_i^1`` in the table);
* holistic acceptability ``a_i^h = sum_r alpha_r b_i^r`` with the linear meta-weights
  ``alpha_r = (m - r)/(m - 1)``;
* central weights ``w_i^c`` -- the mean weight vector of the draws in which ``i`` is first
  (``extra["central_weights"]``, NaN for an alternative never first);
* confidence factor ``p_i^c`` -- the share of data draws in which ``i`` is first under its own
  central weights (0 or 1 without data perturbation; NaN when never first).

Weight distributions (``weight_sampling`` in ``meta``):

* ``weights=None`` -- uniform on the simplex ``{w >= 0, sum w = 1}`` (Dirichlet(1) by
  normalised exponentials; Rubinstein & Kroese 2016, *Simulation and the Monte Carlo Method*,
  3rd ed., Wiley, algorithm 4.3.x), or, with ``weight_bounds=(lower, upper)``, uniform on the
  simplex within the bounds: ``w = l + (1 - sum l) u`` with ``u`` uniform on the simplex (exact
  for lower bounds), draws above an upper bound rejected and drawn again;
* ``weights`` and ``weight_spread=h`` -- around the given weights: ``w_j eps_j / sum_k w_k
  eps_k`` with ``eps ~ U(1 - h, 1 + h)``;
* ``weights`` without ``weight_spread`` -- fixed (only the data vary).

Data (``data_spread``): multiplicative noise on every cell, ``"uniform"`` ``U(1 - h, 1 + h)``
or ``"lognormal"`` ``exp(sigma z)`` (:func:`revitalize.uncertainty.draws.multiplicative_noise`).

Execution: chunks seeded by child ``i`` of ``SeedSequence(seed)`` on the local or Dask
backends (:mod:`revitalize.uncertainty.backends`); every chunk scores a ``(k, m, n)`` stack (or,
without data noise, one matrix under ``(k, n)`` weights) in one call: no Python loop per draw.

"What would it take" (Triantaphyllou & Sanchez 1997, "A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods", *Decision Sciences* 28(1): 151-194, the
"most critical criterion"): for every pair of adjacent alternatives of the reference ranking
and every criterion ``j``, the smallest change ``delta`` of ``w_j`` -- the other weights
rescaled in proportion, ``w_k (1 - w_j - delta)/(1 - w_j)``, so that they still sum to 1 --
after which the lower alternative scores above the higher one. Found on a grid of
``swap_grid`` steps per direction over ``[-w_j, 1 - w_j]``, the first swapped grid step then
narrowed to a bracket of width 1e-10 (of the span) by false position (:func:`_refine`); the
change reported is the bracket's swapped end. NaN when no change of that single weight swaps
the pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError, ValidationError
from revitalize.evaluate.methods import RANKING_METHODS, batched_scores, kernel_options, rank
from revitalize.evaluate.validate import (
    as_decision_matrix,
    as_directions,
    as_weights,
    direction_names,
)
from revitalize.results import build_meta
from revitalize.uncertainty.backends import run_chunks, run_options
from revitalize.uncertainty.draws import multiplicative_noise, noise_spec
from revitalize.uncertainty.results import MonteCarloResult, assemble, batched_rank

__all__ = ["SmaaResult", "sample_weights", "smaa", "weight_swaps"]

_MAX_REJECTIONS = 1000
_SAMPLING = {
    "simplex": "uniform on the simplex (Dirichlet(1))",
    "bounded": "uniform on the simplex within [lower, upper] (lower exact, upper by rejection)",
    "around": "w_j eps_j / sum w eps, eps ~ U(1 - h, 1 + h)",
    "fixed": "the given weights in every draw",
}


@dataclass(frozen=True)
class SmaaResult(MonteCarloResult):
    """:class:`MonteCarloResult` plus ``extra``: ``central_weights`` (alternatives x criteria),
    ``swaps`` (the smallest single-weight change swapping each adjacent pair),
    ``swap_changes`` (pairs x criteria), ``weight_draws`` (draws x criteria)."""

    @property
    def acceptability(self) -> pd.DataFrame:
        """Rank acceptability indices ``b_i^r`` (alternatives x ranks)."""
        return self.rank_probability

    @property
    def central_weights(self) -> pd.DataFrame:
        return self.extra["central_weights"]

    @property
    def swaps(self) -> pd.DataFrame:
        return self.extra["swaps"]


@dataclass(frozen=True)
class SmaaPayload:
    X: np.ndarray
    benefit: np.ndarray
    method: str
    kwargs: dict
    sampling: str
    w0: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    weight_spread: float
    data_distribution: str | None
    data_spread: float
    central: np.ndarray | None = None


# ---------------------------------------------------------------------------- weights
def _simplex(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    e = rng.standard_exponential((k, n))
    return e / e.sum(axis=1, keepdims=True)


def sample_weights(rng: np.random.Generator, k: int, sampling: str, w0: np.ndarray,
                   lower: np.ndarray, upper: np.ndarray, spread: float) -> np.ndarray:
    """``k`` weight vectors ``(k, n)`` by ``sampling`` (module docstring)."""
    n = len(w0)
    if sampling == "fixed":
        return np.broadcast_to(w0, (k, n)).copy()
    if sampling == "around":
        W = w0 * rng.uniform(1.0 - spread, 1.0 + spread, (k, n))
        return W / W.sum(axis=1, keepdims=True)
    free = 1.0 - lower.sum()
    W = lower + free * _simplex(rng, k, n)
    for _ in range(_MAX_REJECTIONS):
        bad = np.flatnonzero((W > upper + 1e-15).any(axis=1))
        if bad.size == 0:
            return W
        W[bad] = lower + free * _simplex(rng, bad.size, n)
    raise ValidationError(f"weight bounds accept too few draws ({bad.size} of {k} still "
                          f"outside after {_MAX_REJECTIONS} rounds)", field="weight_bounds",
                          expected="wider upper bounds")


def _data(p: SmaaPayload, rng: np.random.Generator, k: int) -> np.ndarray:
    if p.data_distribution is None:
        return p.X
    return p.X * multiplicative_noise(rng, (k, *p.X.shape), p.data_distribution, p.data_spread)


def _smaa_chunk(p: SmaaPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    Xs = _data(p, rng, k)  # data first: the confidence pass redraws the same data
    W = sample_weights(rng, k, p.sampling, p.w0, p.lower, p.upper, p.weight_spread)
    s = batched_scores(p.method, Xs, W, p.benefit, **p.kwargs)
    return {"score": s, "rank": batched_rank(s), "weight": W}


def _confidence_chunk(p: SmaaPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    Xs = _data(p, rng, k)
    first = np.empty((k, len(p.central)), dtype=bool)
    for i, c in enumerate(p.central):
        s = batched_scores(p.method, Xs, c, p.benefit, **p.kwargs)
        first[:, i] = batched_rank(s.reshape(k, -1))[:, i] == 1
    return {"first": first}


# ---------------------------------------------------------------------------- swaps
def _path(w0: np.ndarray, j: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """Weights ``(len(delta), n)``: ``w_j + delta`` for criterion ``j[t]`` in row ``t``, the
    other weights rescaled in proportion so that the sum stays 1 (shared equally when they
    are all 0)."""
    n = len(w0)
    rest = 1.0 - w0[j]
    safe = np.where(rest > 0, rest, 1.0)
    W = np.where((rest > 0)[:, None], w0[np.newaxis, :] * ((rest - delta) / safe)[:, None],
                 (-delta / max(n - 1, 1))[:, None])
    rows = np.arange(len(delta))
    W[rows, j] = w0[j] + delta
    return np.clip(W, 0.0, None)


def weight_swaps(method: str, X: np.ndarray, w0: np.ndarray, benefit: np.ndarray,
                 kwargs: dict, grid: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """``(pairs, delta)``: adjacent pairs ``(P, 2)`` of the reference ranking (positions,
    higher first) and the signed smallest change ``delta`` ``(P, n)`` of each criterion's
    weight that puts the lower above the higher (NaN: none). Module docstring."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _weight_swaps(method, X, w0, benefit, kwargs, grid)


def _weight_swaps(method, X, w0, benefit, kwargs, grid):
    m, n = X.shape
    s0 = batched_scores(method, X, w0, benefit, **kwargs)
    order = np.argsort(-s0, kind="stable")
    pairs = np.stack([order[:-1], order[1:]], axis=1)
    steps = np.arange(1, grid + 1) / grid
    spans = np.stack([1.0 - w0, -w0], axis=1)  # (n, 2): room upward and downward
    deltas = spans[:, :, np.newaxis] * steps  # (n, 2, G)
    W = _path(w0, np.repeat(np.arange(n), 2 * grid), deltas.ravel())
    S = batched_scores(method, X, W, benefit, **kwargs).reshape(n, 2, grid, m)
    diff = S[..., pairs[:, 0]] - S[..., pairs[:, 1]]  # (n, 2, G, P)
    swapped = diff < 0
    found = swapped.any(axis=2)  # (n, 2, P)
    g = swapped.argmax(axis=2)
    hi = np.take_along_axis(np.broadcast_to(steps[:, None], (grid, len(pairs)))[None, None],
                            g[:, :, None, :], axis=2)[:, :, 0, :]
    lo = np.where(g > 0, hi - 1.0 / grid, 0.0)
    j_idx, side, p_idx = np.nonzero(found)
    a, b = lo[j_idx, side, p_idx], hi[j_idx, side, p_idx]
    d0 = s0[pairs[:, 0]] - s0[pairs[:, 1]]
    tie0 = (d0 <= 0)[p_idx]
    g_at = g[j_idx, side, p_idx]
    fb = diff[j_idx, side, g_at, p_idx]
    fa = np.where(g_at > 0, diff[j_idx, side, np.maximum(g_at - 1, 0), p_idx], d0[p_idx])

    def gap(rows: np.ndarray, frac: np.ndarray) -> np.ndarray:
        j, p = j_idx[rows], p_idx[rows]
        Sm = batched_scores(method, X, _path(w0, j, frac * spans[j, side[rows]]), benefit,
                            **kwargs)
        at = np.arange(len(rows))
        return Sm[at, pairs[p, 0]] - Sm[at, pairs[p, 1]]

    b = _refine(gap, a, b, fa, fb, active=~tie0)
    step = np.where(tie0, 0.0, b) * spans[j_idx, side]
    best = np.full((2, n, len(pairs)), np.nan)
    best[side, j_idx, p_idx] = step
    pick = np.where(np.isnan(best[1]) | (np.abs(best[0]) <= np.abs(best[1])), best[0], best[1])
    pick = np.where(np.isnan(best[0]), best[1], pick)
    return pairs, pick.T


def _refine(gap, a: np.ndarray, b: np.ndarray, fa: np.ndarray, fb: np.ndarray, *,
            active: np.ndarray, tol: float = 1e-10, rounds: int = 60) -> np.ndarray:
    """Per row, a point ``b`` with ``gap(b) < 0`` and ``b - a <= tol`` for some ``a`` with
    ``gap(a) >= 0``, from the brackets ``a < b`` (``gap(a) = fa >= 0 > fb = gap(b)``).

    Each round scores two probes ``x -+ tol/4`` around an estimate ``x`` of the sign change
    and keeps the tighter bracket; once ``x`` is within ``tol/4`` of the change the probes
    straddle it and the row is done. ``x`` is the Newton step from the previous round's probes
    (their difference quotient is the slope), or, when that step leaves the bracket, false
    position ``b - fb (b - a) / (fb - fa)`` (Illinois variant: the value kept at an end that
    stayed twice in a row is halved; Dowell & Jarratt 1971, *BIT* 11: 168-174), or the
    midpoint. From a 1/64 grid step this takes 3-5 rounds instead of 27 bisection steps;
    only the rows not yet within ``tol`` are scored."""
    a, b, fa, fb = (np.array(v, dtype=float) for v in (a, b, fa, fb))
    moved = np.zeros(len(a), dtype=np.int8)  # +1: b moved last, -1: a moved last
    newton = np.full(len(a), np.nan)
    half = 0.25 * tol  # a crossing bracket is tol/2 wide, safely below tol after rounding
    for _ in range(rounds):
        rows = np.flatnonzero(active & (b - a > tol))
        if rows.size == 0:
            break
        A, B, FA, FB = a[rows], b[rows], fa[rows], fb[rows]
        x = newton[rows]
        inside = (x > A) & (x < B)
        x = np.where(inside, x, B - FB * (B - A) / (FB - FA))
        x = np.where((x > A) & (x < B), x, 0.5 * (A + B))
        lo, hi = np.maximum(x - half, A), np.minimum(x + half, B)
        f = gap(np.concatenate([rows, rows]), np.concatenate([lo, hi]))
        flo, fhi = f[:rows.size], f[rows.size:]
        down = flo < 0  # the change happens below lo: b moves to lo
        cross = ~down & (fhi < 0)  # between lo and hi: both move
        up = ~down & ~cross  # above hi: a moves to hi
        last = moved[rows]
        FA = np.where(down & (last == 1), 0.5 * FA, FA)
        FB = np.where(up & (last == -1), 0.5 * FB, FB)
        a[rows] = np.where(cross, lo, np.where(up, hi, A))
        fa[rows] = np.where(cross, flo, np.where(up, fhi, FA))
        b[rows] = np.where(down, lo, np.where(cross, hi, B))
        fb[rows] = np.where(down, flo, np.where(cross, fhi, FB))
        moved[rows] = np.where(down, 1, np.where(up, -1, 0))
        slope = (fhi - flo) / (hi - lo)
        newton[rows] = 0.5 * (lo + hi) - 0.5 * (flo + fhi) / slope
    return b


def _swap_tables(pairs, delta, dm, w0) -> tuple[pd.DataFrame, pd.DataFrame]:
    alts = np.asarray(dm.alternatives, dtype=object)
    crit = np.asarray(dm.criteria, dtype=object)
    labels = [f"{a!s} > {b!s}" for a, b in zip(alts[pairs[:, 0]], alts[pairs[:, 1]])]
    index = pd.Index(labels, name="pair")
    full = pd.DataFrame(delta, index=index, columns=dm.criteria)
    ok = ~np.isnan(delta)
    has = ok.any(axis=1)
    j = np.where(ok, np.abs(delta), np.inf).argmin(axis=1)  # first smallest, as before
    change = np.where(has, delta[np.arange(len(pairs)), j], np.nan)
    weight = np.where(has, w0[j], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(has & (weight != 0), change / weight, np.nan)
    table = pd.DataFrame({"higher": alts[pairs[:, 0]], "lower": alts[pairs[:, 1]],
                          "criterion": np.where(has, crit[j], None), "weight": weight,
                          "change": change, "new_weight": weight + change,
                          "relative_change": relative}, index=index)
    return table, full


# ---------------------------------------------------------------------------- driver
def _bounds(weight_bounds, criteria) -> tuple[np.ndarray, np.ndarray]:
    n = len(criteria)
    if weight_bounds is None:
        return np.zeros(n), np.ones(n)
    try:
        lower, upper = weight_bounds
    except (TypeError, ValueError):
        raise InputError("weight_bounds is not a (lower, upper) pair", field="weight_bounds",
                         expected="(lower, upper), each one number per criterion") from None
    lo = np.zeros(n) if lower is None else np.broadcast_to(
        np.asarray(lower if np.isscalar(lower) else _aligned(lower, criteria), float), n)
    hi = np.ones(n) if upper is None else np.broadcast_to(
        np.asarray(upper if np.isscalar(upper) else _aligned(upper, criteria), float), n)
    if (lo < 0).any() or (hi > 1).any() or (lo > hi).any() or lo.sum() > 1 or hi.sum() < 1:
        raise InputError(f"weight bounds lower={lo.tolist()} upper={hi.tolist()} admit no "
                         "weights", field="weight_bounds",
                         expected="0 <= lower <= upper <= 1, sum(lower) <= 1 <= sum(upper)")
    return lo.astype(float), hi.astype(float)


def _aligned(values, criteria):
    from revitalize.evaluate.validate import align_to_criteria

    return np.array(align_to_criteria(values, criteria, "weight_bounds"), dtype=float)


def _sampling(weights, weight_bounds, weight_spread, data_spread) -> str:
    if weights is None:
        if weight_spread is not None:
            raise InputError("weight_spread needs weights to spread around", field="weight_spread",
                             expected="weights=... or no weight_spread")
        return "simplex" if weight_bounds is None else "bounded"
    if weight_bounds is not None:
        raise InputError("weight_bounds apply to weights drawn on the simplex (weights=None)",
                         field="weight_bounds", expected="weights=None with bounds")
    if weight_spread is None:
        if data_spread is None:
            raise InputError("nothing varies: weights fixed and no data_spread",
                             field="weight_spread", expected="weight_spread or data_spread")
        return "fixed"
    if not (np.isfinite(weight_spread) and 0.0 <= weight_spread < 1.0):
        raise InputError(f"weight_spread={weight_spread!r}", field="weight_spread",
                         expected="a half-width 0 <= h < 1")
    return "around"


def smaa(X, directions, *, method: str = "topsis", weights=None, weight_bounds=None,
         weight_spread: float | None = None, data_spread: float | None = None,
         data_distribution: str = "uniform", options: dict | None = None, draws: int = 10_000,
         level: float = 0.9, seed: int | None = None, chunk_size: int | None = None,
         workers: int | None = None, scheduler: str | None = None, threads: int | None = None,
         progress: bool = False, swap_grid: int = 64, name: str = "X") -> SmaaResult:
    """Rank acceptability (SMAA-2) of the ranking of ``X`` by ``method``, and the smallest
    weight changes that swap adjacent alternatives (module docstring).

    Parameters
    ----------
    X, directions, name
        As :func:`revitalize.evaluate.topsis.topsis`.
    method, options
        A name of :data:`revitalize.evaluate.methods.RANKING_METHODS` and its keywords.
    weights
        Reference weights (the point estimate and the swaps); None: uniform on the simplex,
        with equal weights as the reference.
    weight_bounds
        ``(lower, upper)`` (numbers, or one per criterion; None for no bound) with
        ``weights=None``.
    weight_spread
        Half-width ``h`` of the uniform multiplicative noise around ``weights``.
    data_spread, data_distribution
        Size (half-width or sigma) and kind (``"uniform"``, ``"lognormal"``) of the noise on
        the data; None (default) keeps the data fixed.
    draws, level, seed, chunk_size, workers, scheduler, threads, progress
        As :func:`revitalize.uncertainty.io_mc.io_monte_carlo`.
    swap_grid
        Grid steps per direction of the swap search (default 64).
    """
    options = dict(options or {})
    dm = as_decision_matrix(X, name=name)
    point = rank(method, X, weights if weights is not None else
                 pd.Series(1.0 / dm.shape[1], index=dm.criteria), directions, **options)
    benefit = as_directions(directions, dm.criteria)
    w0 = as_weights(weights, dm.criteria) if weights is not None else \
        np.full(dm.shape[1], 1.0 / dm.shape[1])
    sampling = _sampling(weights, weight_bounds, weight_spread, data_spread)
    lower, upper = _bounds(weight_bounds, dm.criteria)
    dist, size = (None, 0.0) if data_spread is None else noise_spec(
        data_distribution, data_spread if data_distribution == "lognormal" else None,
        data_spread if data_distribution == "uniform" else None)
    kwargs = kernel_options(method, dm.criteria, **options)
    m, n = dm.shape
    per_draw = m * n * (m if method == "promethee_ii" else 1)
    opts = run_options(draws=draws, seed=seed, chunk_size=chunk_size or max(
        1, min(2048, (1 << 21) // per_draw)), level=level, workers=workers,
        scheduler=scheduler, threads=threads, progress=progress)
    payload = SmaaPayload(dm.values, benefit, method, kwargs, sampling, w0, lower, upper,
                          float(weight_spread or 0.0), dist, size)
    combined = run_chunks(_smaa_chunk, payload, opts, label=f"SMAA {method}")
    return _result(dm, benefit, payload, combined, opts, point, swap_grid)


def _central(ranks: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first = (ranks == 1).astype(float)
    count = first.sum(axis=0)
    total = first.T @ W
    return np.divide(total, count[:, None], out=np.full_like(total, np.nan),
                     where=count[:, None] > 0), count


def _confidence(p: SmaaPayload, central: np.ndarray, opts) -> np.ndarray:
    seen = np.flatnonzero(~np.isnan(central).any(axis=1))
    conf = np.full(len(central), np.nan)
    if seen.size == 0:
        return conf
    if p.data_distribution is None:
        s = batched_scores(p.method, p.X, central[seen], p.benefit, **p.kwargs)
        conf[seen] = (batched_rank(s)[np.arange(seen.size), seen] == 1).astype(float)
        return conf
    from dataclasses import replace

    out = run_chunks(_confidence_chunk, replace(p, central=central[seen]), opts,
                     label="SMAA confidence factors")
    first = out["first"]
    conf[seen] = first[:, np.arange(seen.size)].mean(axis=0) if seen.size else conf[seen]
    return conf


def _result(dm, benefit, p: SmaaPayload, combined, opts, point, swap_grid) -> SmaaResult:
    m = dm.shape[0]
    spec = RANKING_METHODS[p.method]
    s_point = batched_scores(p.method, p.X, p.w0, benefit, **p.kwargs)
    central, _ = _central(combined["rank"], combined["weight"])
    conf = _confidence(p, central, opts)
    pairs, delta = weight_swaps(p.method, p.X, p.w0, benefit, p.kwargs, swap_grid)
    swaps, swap_full = _swap_tables(pairs, delta, dm, p.w0)
    meta = build_meta(f"SMAA-2 rank acceptability ({p.method})", conventions={
        "method": p.method, "method_conventions": dict(point.meta.get("conventions", {})),
        "score": "the method's score, larger is better"
                 + ("" if spec.larger_is_better else " (VIKOR: -Q)"),
        "weight_sampling": _SAMPLING[p.sampling], "weight_spread": p.weight_spread or None,
        "weight_bounds": None if p.sampling != "bounded" else
        {"lower": p.lower.tolist(), "upper": p.upper.tolist()},
        "reference_weights": dict(zip(map(str, dm.criteria), p.w0.tolist())),
        "data_noise": None if p.data_distribution is None else
        f"{p.data_distribution}, size {p.data_spread:g}",
        "holistic_meta_weights": "linear, alpha_r = (m - r)/(m - 1)",
        "swaps": f"single-weight change, others rescaled in proportion; grid {swap_grid} "
                 "steps per direction + false-position refinement to 1e-10 "
                 "(Triantaphyllou & Sanchez 1997)",
        "directions": direction_names(dm.criteria, benefit)},
        source="Lahdelma & Salminen (2001), Operations Research 49(3): 444-454",
        rank_by="score", alternatives=m, **opts.meta())
    res = assemble(dm.alternatives, None, {"score": s_point}, batched_rank(s_point[None])[0],
                   combined, opts.level, meta)
    acc = res.rank_probability.to_numpy()
    alpha = (m - np.arange(1, m + 1)) / (m - 1)
    table = res.table.assign(acceptability_1=acc[:, 0], holistic_acceptability=acc @ alpha,
                             confidence_factor=conf)
    extra = dict(res.extra)
    extra.update({"central_weights": pd.DataFrame(central, index=dm.alternatives,
                                                  columns=dm.criteria),
                  "swaps": swaps, "swap_changes": swap_full,
                  "weight_draws": pd.DataFrame(combined["weight"], columns=dm.criteria)})
    return SmaaResult(table=table, meta=meta, extra=extra)
