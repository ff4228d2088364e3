"""Entropy weights + TOPSIS on a 1,000,000 x 20 decision matrix: ours against pymcdm and a bare
numpy floor, measured in one run.

* floor   -- the textbook steps in plain numpy, no validation, no labels: raw-share entropy
             weights, vector-normalised TOPSIS, ranking by ``argsort``;
* ours    -- the labelled API (DataFrame in, validated, frozen results with labels out):
             ``entropy_weights(..., standardisation="none", zero_handling="zero_log")`` (the
             convention pymcdm uses on positive data) then ``topsis(..., "vector")``;
* kernels -- our numpy kernels alone (``entropy_kernel``, ``topsis_kernel``, ``rank_descending``)
             on the frame's array (column-major, as pandas stores it; the floor and pymcdm get
             the row-major array numpy creates);
* pymcdm  -- ``pymcdm.weights.entropy_weights`` then ``TOPSIS(vector_normalization)``.

Each is the best of ``--repeat`` runs; the script checks that all four give the same closeness
(max |difference|) and prints the ratios to the floor. Target: TOPSIS within 2x of the floor.

Usage: python benchmarks/bench_topsis.py [--rows 1000000] [--cols 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from revitalize.evaluate.topsis import rank_descending, topsis, topsis_kernel
from revitalize.evaluate.weights import entropy_kernel, entropy_weights


def _best(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def floor_entropy(X):
    P = X / X.sum(axis=0)
    e = -(P * np.log(P)).sum(axis=0) / np.log(X.shape[0])
    d = 1 - e
    return d / d.sum()


def floor_topsis(X, w, benefit):
    V = X / np.sqrt((X**2).sum(axis=0)) * w
    ideal = np.where(benefit, V.max(axis=0), V.min(axis=0))
    anti = np.where(benefit, V.min(axis=0), V.max(axis=0))
    dp = np.sqrt(((V - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((V - anti) ** 2).sum(axis=1))
    c = dm / (dp + dm)
    return c, np.argsort(-c, kind="stable")


def main(rows: int, cols: int, repeat: int) -> None:
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS
    from pymcdm.weights import entropy_weights as pymcdm_entropy

    rng = np.random.default_rng(2024)
    X = rng.lognormal(mean=1.0, sigma=0.8, size=(rows, cols))
    frame = pd.DataFrame(X, columns=[f"c{j:02d}" for j in range(cols)])
    benefit = np.arange(cols) % 4 != 3
    dirs = np.where(benefit, "benefit", "cost").tolist()
    types = np.where(benefit, 1, -1)
    warnings.simplefilter("ignore")

    t_fe, w_floor = _best(lambda: floor_entropy(X), repeat)
    t_ft, (c_floor, _) = _best(lambda: floor_topsis(X, w_floor, benefit), repeat)
    t_oe, w_ours = _best(lambda: entropy_weights(frame, dirs, standardisation="none",
                                                 zero_handling="zero_log"), repeat)
    t_ot, r_ours = _best(lambda: topsis(frame, w_ours, dirs), repeat)
    Xf = frame.to_numpy()
    t_ke, (w_k, _, _) = _best(lambda: entropy_kernel(Xf, benefit, standardisation="none",
                                                     zero_handling="zero_log"), repeat)
    t_kt, c_k = _best(lambda: (lambda c: (c, rank_descending(c)))(
        topsis_kernel(Xf, w_k, benefit)[0])[0], repeat)
    t_pe, w_p = _best(lambda: pymcdm_entropy(X), repeat)
    t_pt, c_p = _best(lambda: TOPSIS(normalizations.vector_normalization)(X, w_p, types), repeat)

    c_ours = r_ours.closeness.to_numpy()
    diff = max(np.abs(c_ours - c_floor).max(), np.abs(c_k - c_floor).max(),
               np.abs(c_p - c_floor).max(), np.abs(w_ours.weights.to_numpy() - w_floor).max())
    print(f"entropy + TOPSIS on {rows:,} x {cols}, best of {repeat}; "
          f"max |difference| to the floor {diff:.1e}")
    print(f"{'':14} {'entropy s':>10} {'TOPSIS s':>10} {'total s':>9} {'TOPSIS/floor':>13} "
          f"{'total/floor':>12}")
    rows_out = [("numpy floor", t_fe, t_ft), ("ours (labelled)", t_oe, t_ot),
                ("ours (kernels)", t_ke, t_kt), ("pymcdm 1.4", t_pe, t_pt)]
    for name, te, tt in rows_out:
        print(f"{name:14} {te:10.3f} {tt:10.3f} {te + tt:9.3f} {tt / t_ft:13.2f} "
              f"{(te + tt) / (t_fe + t_ft):12.2f}")
    verdict = "met" if t_ot <= 2 * t_ft else "NOT met"
    print(f"target TOPSIS (labelled) within 2x of the floor: {verdict} ({t_ot / t_ft:.2f}x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    main(args.rows, args.cols, args.repeat)
