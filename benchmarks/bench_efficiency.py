"""Efficiency family benchmark: seconds and ratios in one run (not a unit test).

1. Provincial scale -- CCR and BCC (two phases: scores, slacks, peers) for 31 DMUs x 20 years and
   the Malmquist index (adjacent, CRS + VRS decomposition) over the panel; the same DEA by a
   per-DMU ``linprog`` loop, by the peer Pyfrontier (if installed; CBC through PuLP, measured on
   ``--peer-years`` years and scaled), and the numpy floor: the closed-form CRS efficiency
   ``(y/x) / max(y/x)`` of a one-input one-output problem of the same size (no LP at all).
2. Large scale -- CCR input-oriented, two phases, on 10,000 DMUs (2 inputs, 2 outputs): the
   batched path (block-diagonal LPs, column generation over the 10,000 reference DMUs) against
   the per-DMU loop over the full reference, the loop timed on ``--loop-sample`` DMUs and scaled
   to 10,000 (stated in the output).

Run: ``OMP_NUM_THREADS=1 python benchmarks/bench_efficiency.py``.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from revitalize.efficiency.dea import dea, radial_kernel
from revitalize.efficiency.malmquist import malmquist


def _panel(n: int, years: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0, 1, n)
    rows = []
    for t in range(years):
        k = size * rng.uniform(0.5, 1.5, n) * 1.1 ** t
        e = size * rng.uniform(0.5, 1.5, n) * 1.05 ** t
        y = (k ** 0.5) * (e ** 0.4) * rng.uniform(0.5, 1.0, n) * 1.03 ** t
        rows.append(pd.DataFrame({"region": [f"p{i:02d}" for i in range(n)], "year": 2000 + t,
                                  "capital": k, "energy": e, "gdp": y}))
    return pd.concat(rows, ignore_index=True)


def _timed(fn, repeat: int = 1) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def provincial(n: int, years: int, peer_years: int) -> None:
    panel = _panel(n, years)
    kw = {"inputs": ["capital", "energy"], "outputs": "gdp"}
    by_year = [g.set_index("region") for _, g in panel.groupby("year")]

    def ours():
        for g in by_year:
            dea(g, **kw, rts="crs")
            dea(g, **kw, rts="vrs")

    def loop():
        for g in by_year:
            X, Y = g[kw["inputs"]].to_numpy(), g[["gdp"]].to_numpy()
            for rts in ("crs", "vrs"):
                radial_kernel(X, Y, rts=rts, batched=False, reduce_reference=False)

    def floor():
        for g in by_year:
            r = g["gdp"].to_numpy() / g["capital"].to_numpy()
            _ = r / r.max()

    t_dea = _timed(ours, 2)
    t_mq = _timed(lambda: malmquist(panel, **kw), 2)
    t_loop = _timed(loop)
    t_floor = _timed(floor, 5)
    print(f"[provincial] {n} DMUs x {years} years, 2 inputs, 1 output")
    print(f"  CCR + BCC two-phase (scores, slacks, peers): {t_dea:.3f} s")
    print(f"  Malmquist (adjacent; EC, TC, PEC, SEC):      {t_mq:.3f} s")
    print(f"  total DEA + Malmquist:                        {t_dea + t_mq:.3f} s")
    print(f"  per-DMU linprog loop / ours (kernel only):    {t_loop / t_dea:.2f}x")
    print(f"  ours / numpy floor (closed-form 1x1 CRS):     {t_dea / t_floor:.0f}x "
          f"(floor {t_floor * 1e3:.2f} ms)")
    try:
        from Pyfrontier.frontier_model import EnvelopDEA
    except ImportError:
        print("  Pyfrontier not installed: peer ratio skipped")
        return

    def peer():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for g in by_year[:peer_years]:
                X, Y = g[kw["inputs"]].to_numpy(), g[["gdp"]].to_numpy()
                for rts in ("CRS", "VRS"):
                    EnvelopDEA(rts, "in").fit(X, Y)

    t_peer = _timed(peer) * years / peer_years
    print(f"  Pyfrontier (CBC/PuLP) / ours:                 {t_peer / t_dea:.1f}x "
          f"(peer measured on {peer_years} years, scaled to {years})")


def large(n: int, loop_sample: int) -> None:
    rng = np.random.default_rng(1)
    X = rng.uniform(1, 10, (n, 2))
    Y = (X.prod(axis=1, keepdims=True) ** 0.45) * rng.uniform(0.3, 1.0, (n, 2))
    t0 = time.perf_counter()
    fast = radial_kernel(X, Y, rts="crs")
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    slow = radial_kernel(X[:loop_sample], Y[:loop_sample], X, Y, rts="crs", batched=False,
                         reduce_reference=False)
    t_loop = (time.perf_counter() - t0) * n / loop_sample
    diff = np.abs(fast.score[:loop_sample] - slow.score).max()
    peers = np.unique(fast.lambdas.indices).size
    print(f"[large] {n} DMUs, 2 inputs, 2 outputs, CCR input-oriented, two phases")
    print(f"  batched + column generation ({peers} reference DMUs used as peers): {t_fast:.1f} s")
    print(f"  per-DMU linprog loop over the full reference "
          f"(timed on {loop_sample} DMUs, scaled): {t_loop:.1f} s")
    print(f"  loop / batched: {t_loop / t_fast:.1f}x   max |theta difference| {diff:.1e}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=31)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--peer-years", type=int, default=2)
    ap.add_argument("--large", type=int, default=10_000)
    ap.add_argument("--loop-sample", type=int, default=100)
    a = ap.parse_args()
    provincial(a.n, a.years, a.peer_years)
    large(a.large, a.loop_sample)


if __name__ == "__main__":
    main()
