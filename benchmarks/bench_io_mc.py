"""IO Monte Carlo at interregional scale (issue 19): draws per second and ratios in one run.

* n = 153 (the real NBS 2018 table, ``cn_io_2018_153.csv``), one thread: the naive per-draw
  loop through the public API (noise on ``Z``, ``dataclasses.replace``, ``linkages``) against
  ``io_monte_carlo`` with ``structure="cell"`` (one LU per draw) and ``"row_column"`` (all draws
  of a chunk by one matrix product per step). Target: >= 10x the loop.
* n = 1,302 (a synthetic table the size of a 31-province x 42-sector interregional table,
  ``bench_io_analysis.synthetic``), ``structure="row_column"``, ``DRAWS`` draws (default
  10,000): local with 1 and 2 threads (BLAS single-threaded), and Dask ``LocalCluster`` with 1
  and 2 single-threaded workers (start-up and a warm-up excluded). Targets: 10,000 draws in
  about a minute on 2 cores; Dask 2 workers >= 1.6x 1 worker; the same seed gives the same
  draws on every backend (checked, printed).

Run with BLAS single-threaded in every process, so that the local run and the Dask workers
configure OpenBLAS alike (the draws are then bit-identical; OpenBLAS initialised with 2 threads
and limited to 1 sums in another order):

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_io_mc.py [DRAWS] [SHARED_DATA_DIR]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_io_analysis import synthetic

from revitalize.data.readers import read_nbs_io
from revitalize.io.linkages import linkages
from revitalize.uncertainty import io_monte_carlo
from revitalize.uncertainty.draws import multiplicative_noise

SIGMA = 0.1


def shared_data() -> Path:
    if len(sys.argv) > 2:
        return Path(sys.argv[2])
    if os.environ.get("REVITALIZE_SHARED_DATA"):
        return Path(os.environ["REVITALIZE_SHARED_DATA"])
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def naive_rate(table, draws: int) -> float:
    rng = np.random.default_rng(0)
    Z, codes = table.Z.to_numpy(float), table.codes
    start = time.perf_counter()
    for _ in range(draws):
        eps = multiplicative_noise(rng, Z.shape, "lognormal", SIGMA)
        linkages(replace(table, Z=pd.DataFrame(Z * eps, index=codes, columns=codes)),
                 variation=False)
    return draws / (time.perf_counter() - start)


def timed(call):
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def small(root: Path) -> None:
    table = read_nbs_io(root / "cn_io_nbs" / "cn_io_2018_153.csv")
    with threadpool_limits(1):
        naive = naive_rate(table, 100)
        t_cell, _ = timed(lambda: io_monte_carlo(table, draws=2000, seed=7, threads=1))
        t_rc, _ = timed(lambda: io_monte_carlo(table, draws=2000, seed=7, threads=1,
                                               structure="row_column"))
    print(f"n =  153, 1 thread: naive loop {naive:8.1f}/s | cell {2000 / t_cell:8.1f}/s "
          f"(x{2000 / t_cell / naive:5.1f}) | row_column {2000 / t_rc:8.1f}/s "
          f"(x{2000 / t_rc / naive:5.1f})   target >= 10x", flush=True)


def large(draws: int) -> None:
    from distributed import LocalCluster

    table, _ = synthetic(1302)
    kw = dict(draws=draws, seed=7, sigma=SIGMA, structure="row_column")
    with threadpool_limits(1):
        t1, r1 = timed(lambda: io_monte_carlo(table, threads=1, **kw))
        t2, r2 = timed(lambda: io_monte_carlo(table, threads=2, **kw))
    rates, same = {}, [np.array_equal(r1.draws["influence_coefficient"],
                                      r2.draws["influence_coefficient"])]
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster:
            addr = cluster.scheduler_address
            io_monte_carlo(table, draws=700, seed=1, structure="row_column", scheduler=addr)
            t, r = timed(lambda a=addr: io_monte_carlo(table, scheduler=a, **kw))
            rates[workers] = draws / t
            same.append(np.array_equal(r1.draws["influence_coefficient"],
                                       r.draws["influence_coefficient"]))
    print(f"n = 1302, {draws} draws (chunks of {r1.meta['chunk_size']}): local 1 thread "
          f"{t1:6.1f} s ({draws / t1:6.1f}/s) | local 2 threads {t2:6.1f} s ({draws / t2:6.1f}/s)"
          f" | dask 1 worker {rates[1]:6.1f}/s, 2 workers {rates[2]:6.1f}/s "
          f"(x{rates[2] / rates[1]:4.2f}) | identical across backends: {all(same)}", flush=True)
    print("targets: 10,000 draws in about a minute on 2 cores; dask 2/1 workers >= 1.6")


def main() -> None:
    warnings.simplefilter("ignore")
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"IO Monte Carlo, lognormal sigma {SIGMA} ({os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f})", flush=True)
    small(shared_data())
    large(draws)


if __name__ == "__main__":
    main()
