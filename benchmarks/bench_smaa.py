"""SMAA-2 rank acceptability with TOPSIS: 10,000 weight draws for 31 alternatives x 30 criteria
(the provinces x indicators size), ours against a plain numpy floor, a per-draw loop over our
own kernel and a per-draw loop over pymcdm's TOPSIS, measured in one run, one core.

* floor    -- plain numpy, no validation, no labels, no chunks: Dirichlet(1) weights by
              normalised exponentials, vector-normalised TOPSIS for all draws by two matrix
              products, ranks by a double ``argsort``, acceptability by ``bincount``;
* floor+   -- the floor plus the summaries ours reports (score mean/sd/interval, rank
              interval and median, central weights), plain numpy, no swap search: what
              those extras cost at the floor (informational);
* ours     -- :func:`revitalize.uncertainty.mcda_mc.smaa` end to end (validation, seeded
              chunks, acceptability, central weights, confidence factors, intervals and the
              "what would it take" swap search), ``threads=1``;
* loop     -- the same draws, one :func:`revitalize.evaluate.topsis.topsis_kernel` call per draw;
* pymcdm   -- the same draws, one ``pymcdm.methods.TOPSIS`` call per draw.

The floor, ours and the core (ours without the summaries) are timed interleaved, best of
``--repeat`` rounds, so that the load of a shared machine hits them alike; the load average is
printed. The script checks that the floor, applied to our weight draws, gives our
acceptability matrix exactly, and prints the ratios. Target: ours < 1 s and within 2x of the
floor. ``swaps`` is the "what would it take" search alone (:func:`weight_swaps`), part of ours.

Usage: OMP_NUM_THREADS=1 python benchmarks/bench_smaa.py [--draws 10000] [--rows 31]
       [--cols 30] [--repeat 7] [--quick]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

from revitalize.evaluate.topsis import rank_descending, topsis_kernel
from revitalize.uncertainty.mcda_mc import smaa, weight_swaps


def _interleaved(fns: dict, repeat: int) -> tuple[dict, dict]:
    """Best time of each function over ``repeat`` rounds, one call of each per round."""
    best, out = dict.fromkeys(fns, np.inf), {}
    for _ in range(repeat):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            out[k] = fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best, out


def _best(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def floor_acceptability(X: np.ndarray, benefit: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Acceptability ``(m, m)`` of TOPSIS under weight draws ``W`` ``(k, n)``, plain numpy."""
    r = X / np.sqrt((X * X).sum(axis=0))
    best = np.where(benefit, r.max(axis=0), r.min(axis=0))
    worst = np.where(benefit, r.min(axis=0), r.max(axis=0))
    w2 = (W * W).T
    dp = np.sqrt(((r - best) ** 2) @ w2)
    dm = np.sqrt(((r - worst) ** 2) @ w2)
    c = (dm / (dp + dm)).T  # (k, m)
    ranks = np.argsort(np.argsort(-c, axis=1), axis=1)  # 0-based, ties broken by position
    m = X.shape[0]
    counts = np.bincount((np.arange(m) * m + ranks).ravel(), minlength=m * m)
    return counts.reshape(m, m) / W.shape[0]


def floor(X, benefit, draws, seed):
    rng = np.random.default_rng(seed)
    e = rng.standard_exponential((draws, X.shape[1]))
    return floor_acceptability(X, benefit, e / e.sum(axis=1, keepdims=True))


def floor_summaries(X, benefit, draws, seed, level=0.9):
    """The floor plus, in plain numpy, the per-alternative summaries ours also reports (no
    swap search, no labels): score mean, sd and percentile interval, rank interval and median
    read off the counts, central weights. Informational: what the extras cost at the floor."""
    rng = np.random.default_rng(seed)
    e = rng.standard_exponential((draws, X.shape[1]))
    W = e / e.sum(axis=1, keepdims=True)
    r = X / np.sqrt((X * X).sum(axis=0))
    best = np.where(benefit, r.max(axis=0), r.min(axis=0))
    worst = np.where(benefit, r.min(axis=0), r.max(axis=0))
    w2 = (W * W).T
    dp, dm = np.sqrt(((r - best) ** 2) @ w2), np.sqrt(((r - worst) ** 2) @ w2)
    c = dm / (dp + dm)  # (m, k): alternatives in rows, contiguous per alternative
    ranks = np.argsort(np.argsort(-c.T, axis=1), axis=1)
    m = X.shape[0]
    counts = np.bincount((np.arange(m) * m + ranks).ravel(), minlength=m * m).reshape(m, m)
    q = ((1 - level) / 2, (1 + level) / 2)
    interval = np.quantile(c, q, axis=1)
    mean, sd = c.mean(axis=1), c.std(axis=1, ddof=1)
    cum = counts.cumsum(axis=1)
    pos = np.ceil(draws * np.array([q[0], 0.5, q[1]]) - 1).astype(int)
    rank_q = (cum[None] <= pos[:, None, None]).sum(axis=2) + 1
    first = (ranks == 0).astype(float)
    central = (first.T @ W) / np.maximum(first.sum(axis=0), 1)[:, None]
    return counts / draws, interval, mean, sd, rank_q, central


def core(frame, dirs, draws):
    """Our draws, scores, ranks and acceptability only (the floor's work), via the same
    seeded chunks and kernels as :func:`smaa`, without its summaries and swap search."""
    from revitalize.evaluate.validate import as_directions
    from revitalize.uncertainty.backends import run_chunks, run_options
    from revitalize.uncertainty.mcda_mc import SmaaPayload, _smaa_chunk

    X = frame.to_numpy()
    m, n = X.shape
    benefit = as_directions(dirs, frame.columns)
    p = SmaaPayload(X, benefit, "topsis", {}, "simplex", np.full(n, 1 / n), np.zeros(n),
                    np.ones(n), 0.0, None, 0.0)
    opts = run_options(draws=draws, seed=1, chunk_size=max(1, min(2048, (1 << 21) // (m * n))),
                       level=0.9, workers=None, scheduler=None, threads=1)
    ranks = run_chunks(_smaa_chunk, p, opts)["rank"]
    counts = np.bincount((np.arange(m) * m + ranks - 1).ravel(), minlength=m * m)
    return counts.reshape(m, m) / draws


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--rows", type=int, default=31)
    ap.add_argument("--cols", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--quick", action="store_true",
                    help="skip the per-draw loops (ours and pymcdm): ratios to the floor only")
    a = ap.parse_args()
    rng = np.random.default_rng(2024)
    X = rng.lognormal(0.0, 0.6, (a.rows, a.cols)) * rng.uniform(1, 1000, a.cols)
    benefit = np.arange(a.cols) % 3 != 2
    frame = pd.DataFrame(X, index=[f"P{i:02d}" for i in range(a.rows)],
                         columns=[f"I{j:02d}" for j in range(a.cols)])
    dirs = ["benefit" if b else "cost" for b in benefit]

    w_eq = np.full(a.cols, 1.0 / a.cols)
    times, outs = _interleaved({
        "floor": lambda: floor(X, benefit, a.draws, 1),
        "floor+": lambda: floor_summaries(X, benefit, a.draws, 1),
        "ours": lambda: smaa(frame, dirs, draws=a.draws, seed=1, threads=1),
        "core": lambda: core(frame, dirs, a.draws),
        "swaps": lambda: weight_swaps("topsis", X, w_eq, benefit, {}),
    }, a.repeat)
    t_floor, t_ours, t_core, t_swaps, t_plus = (times[k] for k in ("floor", "ours", "core",
                                                                    "swaps", "floor+"))
    res = outs["ours"]
    W = res.extra["weight_draws"].to_numpy()

    def loop():
        out = np.empty((len(W), a.rows), dtype=np.int64)
        for i, w in enumerate(W):
            out[i] = rank_descending(topsis_kernel(X, w, benefit)[0])
        return out

    t_loop, loop_ranks = (np.nan, res.draws["rank"].to_numpy()) if a.quick else _best(loop, 1)
    peer = None
    try:
        if a.quick:
            raise ImportError
        from pymcdm.methods import TOPSIS

        method, types = TOPSIS(), np.where(benefit, 1, -1)
        n_peer = min(len(W), 2000)
        t0 = time.perf_counter()
        for w in W[:n_peer]:
            method(X, w, types)
        peer = (time.perf_counter() - t0) * len(W) / n_peer
    except ImportError:  # pragma: no cover - pymcdm is a test extra
        pass

    same = np.abs(floor_acceptability(X, benefit, W) - res.rank_probability.to_numpy()).max()
    loop_same = bool((loop_ranks == res.draws["rank"].to_numpy()).all())
    print(f"SMAA-2 TOPSIS, {a.draws} weight draws, {a.rows} alternatives x {a.cols} criteria, "
          f"one core; best of {a.repeat} interleaved rounds; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  floor (plain numpy)      {t_floor:8.3f} s   1.00x")
    print(f"  ours (smaa, end to end)  {t_ours:8.3f} s   {t_ours / t_floor:5.2f}x floor")
    print(f"  ours (draws + acceptability only, as the floor)  {t_core:8.3f} s   "
          f"{t_core / t_floor:5.2f}x floor")
    print(f"  floor + summaries (plain numpy, no swaps)  {t_plus:8.3f} s   "
          f"{t_plus / t_floor:5.2f}x floor; ours/that {t_ours / t_plus:5.2f}x")
    print(f"  swaps (weight_swaps, part of ours)  {t_swaps:8.3f} s   {t_swaps / t_floor:5.2f}x floor")
    if not a.quick:
        print(f"  loop (our kernel/draw)   {t_loop:8.3f} s   {t_loop / t_ours:5.1f}x ours")
    if peer is not None:
        print(f"  pymcdm TOPSIS per draw   {peer:8.3f} s   {peer / t_ours:5.1f}x ours "
              "(extrapolated from 2,000 draws)")
    print(f"  max |acceptability(floor on our draws) - ours| = {same:.2e}"
          + ("" if a.quick else f"; per-draw loop ranks identical: {loop_same}"))


if __name__ == "__main__":
    main()
