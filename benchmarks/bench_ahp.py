"""Batch AHP (weights and CR of 10,000 random 9x9 judgment matrices) against ahpy's per-matrix
use and the bare numpy floors, measured in one run.

* ours: :func:`revitalize.evaluate.ahp_batch.ahp_batch` on the (10000, 9, 9) stack --
  validation, eigenvector weights (power iteration on A^16), lambda_max, CI, CR; no Python loop
  over matrices (blocks of 1024 matrices, each vectorised);
* ahpy 2.1: one ``ahpy.Compare`` per matrix (comparisons dict prepared beforehand, not timed; best of 3),
  ``random_index='saaty'``, default precision 4. ahpy is too slow to run 10,000 times here, so
  a sample of ``AHPY_SAMPLE`` matrices is timed and the total EXTRAPOLATED linearly (printed as
  such);
* our labelled per-matrix API ``ahp()`` in a Python loop, on the same sample, extrapolated;
* numpy floors: batched LAPACK ``np.linalg.eig`` on the stack plus the same CR arithmetic (what a
  vectorised bare-numpy user writes), and the cheapest pass over the data (row geometric means).

Both sides use Saaty's 2005 RI table (ahpy's 'saaty'; our ``ri_table="saaty2005"``) so the CR
agreement can be printed too.

Usage: python benchmarks/bench_ahp.py [M] [AHPY_SAMPLE]
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from revitalize.evaluate.ahp import SCALE, ahp
from revitalize.evaluate.ahp_batch import RI_TABLES, ahp_batch


def random_stack(m: int, n: int, seed: int = 2024) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = np.ones((m, n, n))
    iu = np.triu_indices(n, 1)
    vals = rng.choice(np.asarray(SCALE), size=(m, iu[0].size))
    a[:, iu[0], iu[1]] = vals
    a[:, iu[1], iu[0]] = 1 / vals
    return a


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def numpy_eig(a: np.ndarray, ri: float):
    vals, vecs = np.linalg.eig(a)
    k = vals.real.argmax(axis=1)
    idx = np.arange(a.shape[0])
    lam = vals.real[idx, k]
    w = np.abs(vecs.real[idx, :, k])
    w /= w.sum(axis=1, keepdims=True)
    n = a.shape[1]
    return w, (lam - n) / (n - 1) / ri


def main(m: int = 10_000, sample: int = 200) -> None:
    n = 9
    a = random_stack(m, n)
    ri = RI_TABLES["saaty2005"][n - 1]
    labels = [f"c{i}" for i in range(n)]

    t_ours = best(lambda: ahp_batch(a, ri_table="saaty2005"))
    t_eig = best(lambda: numpy_eig(a, ri))
    t_geo = best(lambda: np.exp(np.log(a).mean(axis=-1)))
    ours = ahp_batch(a, ri_table="saaty2005")

    import ahpy

    dicts = [{(labels[i], labels[j]): float(x[i, j]) for i in range(n) for j in range(i + 1, n)}
             for x in a[:sample]]
    peers = [ahpy.Compare("c", d, random_index="saaty") for d in dicts]
    t_ahpy = best(lambda: [ahpy.Compare("c", d, random_index="saaty") for d in dicts],
                  repeat=3) * m / sample

    def loop():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for x in a[:sample]:
                ahp(x, labels, ri_table="saaty2005")

    t_loop = best(loop, repeat=3) * m / sample

    dw = max(abs(p.local_weights[c] - ours.weights[k, i])
             for k, p in enumerate(peers) for i, c in enumerate(labels))
    dcr = max(abs(p.consistency_ratio - ours.cr[k]) for k, p in enumerate(peers))
    w_eig, cr_eig = numpy_eig(a, ri)

    print(f"{m} random {n}x{n} reciprocal matrices (Saaty scale), weights + CR "
          f"(RI table saaty2005); best of 5 unless marked")
    print(f"{'variant':52} {'seconds':>9} {'vs ours':>9}")
    rows = [("ours: ahp_batch (validated, power iteration)", t_ours),
            (f"ahpy 2.1 Compare per matrix (EXTRAPOLATED from {sample})", t_ahpy),
            (f"ours: ahp() labelled, Python loop (EXTRAPOLATED from {sample})", t_loop),
            ("numpy floor: batched np.linalg.eig + CR", t_eig),
            ("numpy floor: row geometric means only (one pass)", t_geo)]
    for label, t in rows:
        print(f"{label:52} {t:9.4f} {t / t_ours:9.2f}x")
    print(f"speed-up over ahpy: {t_ahpy / t_ours:,.0f}x (target >= 100x)")
    print(f"agreement on the sample: max |w - w_ahpy| = {dw:.1e} (ahpy rounds to 4 decimals), "
          f"max |CR - CR_ahpy| = {dcr:.1e}")
    print(f"agreement with LAPACK eig on all {m}: max |w - w_eig| = "
          f"{np.abs(ours.weights - w_eig).max():.1e}, max |CR - CR_eig| = "
          f"{np.abs(ours.cr - cr_eig).max():.1e}")


if __name__ == "__main__":
    args = [int(x) for x in sys.argv[1:3]]
    main(*args)
