"""Draws per second of the IO linkage Monte Carlo: vectorised local vs a naive per-draw loop,
and Dask with 1 and 2 workers, on the real NBS tables at n = 42 and n = 153.

* naive  -- per draw: lognormal noise (sigma 0.1) on the intermediate flows, a new table
  (``dataclasses.replace(table, Z=...)``) and one call of the public
  :func:`revitalize.io.linkages.linkages` on it (validation, Leontief model, labelled result);
  multiplying ``Z`` is the same model as multiplying the domestic ``A`` (``x`` fixed);
* local  -- :func:`revitalize.uncertainty.io_monte_carlo` (chunks of ``(k, n, n)`` stacks, two
  batched LU solves per draw), one thread and ``threads=2`` (the default on this machine);
* dask   -- the same call with ``scheduler=`` a ``distributed.LocalCluster`` (127.0.0.1,
  single-threaded worker processes) of 1 and 2 workers; cluster start-up and a warm-up run are
  excluded; the results are checked identical to the local ones.

BLAS runs single-threaded everywhere (``threadpoolctl``; Dask's nannies set
``OMP_NUM_THREADS=1``) so that the naive loop and the workers compare per core.
Targets: local (1 thread) / naive >= 10; dask 2 workers / dask 1 worker >= 1.6.

Usage: python benchmarks/bench_uncertainty.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from revitalize.data.readers import read_nbs_io
from revitalize.io.linkages import linkages
from revitalize.uncertainty import io_monte_carlo
from revitalize.uncertainty.draws import multiplicative_noise

TABLES = {42: "cn_io_nbs/cn_io_2017_42_noncomp.csv", 153: "cn_io_nbs/cn_io_2018_153.csv"}
DRAWS = {42: {"naive": 300, "local": 20000, "dask": 20000},
         153: {"naive": 100, "local": 2000, "dask": 2000}}
SIGMA = 0.1


def shared_data() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("REVITALIZE_SHARED_DATA"):
        return Path(os.environ["REVITALIZE_SHARED_DATA"])
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def naive_rate(table, draws: int) -> float:
    """Draws per second of the per-draw loop through the public linkages API."""
    rng = np.random.default_rng(0)
    Z, codes = table.Z.to_numpy(float), table.codes
    start = time.perf_counter()
    for _ in range(draws):
        eps = multiplicative_noise(rng, Z.shape, "lognormal", SIGMA)
        linkages(replace(table, Z=pd.DataFrame(Z * eps, index=codes, columns=codes)))
    return draws / (time.perf_counter() - start)


def timed(call, repeats: int = 3):
    """Best wall time of ``repeats`` runs and the last result."""
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def dask_rates(tables) -> dict:
    from distributed import LocalCluster

    out = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster:
            addr = cluster.scheduler_address
            for n, table in tables.items():
                draws = DRAWS[n]["dask"]
                io_monte_carlo(table, draws=256, seed=1, scheduler=addr)  # warm-up
                t, res = timed(lambda t=table, d=draws, a=addr: io_monte_carlo(
                    t, draws=d, seed=7, scheduler=a))
                out[(n, workers)] = (draws / t, res)
    return out


def main() -> None:
    warnings.simplefilter("ignore")
    root = shared_data()
    tables = {n: read_nbs_io(root / path) for n, path in TABLES.items()}
    print(f"IO linkage Monte Carlo, lognormal sigma {SIGMA}, draws per second "
          f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; BLAS "
          "single-threaded)")
    local = {}
    with threadpool_limits(1):
        for n, table in tables.items():
            naive = naive_rate(table, DRAWS[n]["naive"])
            d = DRAWS[n]["local"]
            t1, res = timed(lambda t=table, d=d: io_monte_carlo(t, draws=d, seed=7, threads=1))
            t2, _ = timed(lambda t=table, d=d: io_monte_carlo(t, draws=d, seed=7, threads=2))
            local[n] = res
            print(f"n = {n:3d}: naive loop {naive:9.1f}/s | local 1 thread {d / t1:9.1f}/s "
                  f"(x{d / t1 / naive:5.1f} naive) | local 2 threads {d / t2:9.1f}/s "
                  f"(x{d / t2 / naive:5.1f} naive)")
    dask = dask_rates(tables)
    for n in tables:
        r1, res1 = dask[(n, 1)]
        r2, res2 = dask[(n, 2)]
        same = all(np.array_equal(res1.draws[k].to_numpy(), res2.draws[k].to_numpy())
                   and np.array_equal(local[n].draws[k].to_numpy(), res1.draws[k].to_numpy())
                   for k in res1.draws)
        print(f"n = {n:3d}: dask 1 worker {r1:9.1f}/s | dask 2 workers {r2:9.1f}/s "
              f"(x{r2 / r1:4.2f} of 1 worker) | results identical across backends: {same}")
    print(f"targets: local / naive >= 10; dask 2 workers / 1 worker >= 1.6 (load average now "
          f"{os.getloadavg()[0]:.2f}: other processes share the CPUs)")


if __name__ == "__main__":
    main()
