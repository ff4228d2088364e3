"""IO Monte Carlo at interregional scale (issue 19): draws per second and ratios in one run.

* n = 153 (the real NBS 2018 table, ``cn_io_2018_153.csv``), one thread: the naive per-draw
  loop through the public API (noise on ``Z``, ``dataclasses.replace``, ``linkages``) against
  ``io_monte_carlo`` with ``structure="cell"`` (one LU per draw) and ``"row_column"`` (all draws
  of a chunk by one matrix product per step). Target: >= 10x the loop.
* n = 1,302 (a synthetic table the size of a 31-province x 42-sector interregional table,
  ``bench_io_analysis.synthetic``), ``structure="row_column"``, ``DRAWS`` draws (default
  10,000): local with 1 and 2 threads (BLAS single-threaded), and Dask ``LocalCluster`` with 1
  and 2 single-threaded workers (start-up and a warm-up excluded). Printed beside them, in the
  same run (so under the same load): the per-draw LU loop (scipy ``lu_factor`` of
  ``I - R A Gamma`` and two ``lu_solve``, 30 draws), the numpy floor (drawing the factors of a
  chunk and applying ``A~`` once in each direction: two ``k x n`` by ``n x n`` products, the
  least any method that looks at each perturbed matrix must do), and the solver kernels alone
  on one chunk: :func:`revitalize.io.solvers.scaled_solve` against the previous power-series
  path (:func:`revitalize.uncertainty.io_mc.row_column_sums`). Targets: 10,000 draws in about a
  minute on 2 cores; Dask 2 workers >= 1.6x 1 worker; the same seed gives the same draws on
  every backend (checked, printed).
* n = 1,302, ``structure="cell"`` (one LU per draw; an iteration preconditioned by the point
  inverse contracts only by ``rho(L Delta)`` = 0.26 there, against 0.02 for row/column noise):
  ``CELL_DRAWS`` draws (default 40) on 1 and 2 threads, and the time 10,000 draws take at
  that rate.

Run with BLAS single-threaded in every process, so that the local run and the Dask workers
configure OpenBLAS alike (the draws are then bit-identical; OpenBLAS initialised with 2 threads
and limited to 1 sums in another order):

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_io_mc.py [DRAWS] [SHARED_DATA_DIR] [CELL_DRAWS]
"""

from __future__ import annotations

import logging
import os
import re
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
from revitalize.io.coefficients import leontief_inverse
from revitalize.io.linkages import linkages
from revitalize.io.multipliers import as_model
from revitalize.io.solvers import scaled_solve
from revitalize.uncertainty import io_monte_carlo
from revitalize.uncertainty.draws import multiplicative_noise
from revitalize.uncertainty.io_mc import ROW_COLUMN_TOL, row_column_sums

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


def factors(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    size = SIGMA / np.sqrt(2.0)
    return (multiplicative_noise(rng, (k, n), "lognormal", size),
            multiplicative_noise(rng, (k, n), "lognormal", size))


def lu_loop_rate(A: np.ndarray, draws: int = 30) -> float:
    """Per-draw LU: factorise I - R A Gamma, solve for the column and the row sums."""
    from scipy import linalg

    n = A.shape[0]
    rho, gamma = factors(n, draws)
    ones = np.ones(n)
    start = time.perf_counter()
    for d in range(draws):
        lu = linalg.lu_factor(np.eye(n) - rho[d][:, None] * A * gamma[d][None, :],
                              check_finite=False)
        linalg.lu_solve(lu, ones, trans=1, check_finite=False)
        linalg.lu_solve(lu, ones, check_finite=False)
    return draws / (time.perf_counter() - start)


def floor_rate(A: np.ndarray, k: int) -> float:
    """Draw a chunk's factors and apply A~ = R A Gamma once in each direction."""
    start = time.perf_counter()
    rho, gamma = factors(A.shape[0], k, seed=1)
    _ = gamma * ((rho * rho) @ A)
    _ = rho * ((gamma * gamma) @ A.T)
    return k / (time.perf_counter() - start)


def kernels(A: np.ndarray, k: int) -> tuple[float, float, float]:
    """One chunk, both directions: scaled_solve (the point M = L - I) against the previous
    power series warm-started at the point sums; seconds each and the largest relative
    difference."""
    n = A.shape[0]
    rho, gamma = factors(n, k, seed=2)
    M = leontief_inverse(A)
    c0, r0 = M.sum(axis=0), M.sum(axis=1)
    M.flat[:: n + 1] -= 1.0
    ones = np.ones(n)
    start = time.perf_counter()
    c, _, ok_c = scaled_solve(A, M, rho, gamma, ones, transpose=True, tol=ROW_COLUMN_TOL)
    r, _, ok_r = scaled_solve(A, M, rho, gamma, ones, tol=ROW_COLUMN_TOL)
    t_new = time.perf_counter() - start
    start = time.perf_counter()
    c_old, r_old, ok = row_column_sums(A, rho, gamma, ones, c0, r0, max_iter=200)
    t_old = time.perf_counter() - start
    if not (ok.all() and ok_c.all() and ok_r.all()):
        raise RuntimeError(f"not converged: previous {int((~ok).sum())}, scaled_solve "
                           f"{int((~ok_c).sum())} + {int((~ok_r).sum())} draws")
    diff = max(float(np.abs(c / c_old - 1).max()), float(np.abs(r / r_old - 1).max()))
    return t_new, t_old, diff


def large(draws: int) -> None:
    from distributed import LocalCluster

    table, _ = synthetic(1302)
    A = as_model(table, None, None, None).A
    kw = dict(draws=draws, seed=7, sigma=SIGMA, structure="row_column")
    with threadpool_limits(1):
        lu = lu_loop_rate(A)
        t1, r1 = timed(lambda: io_monte_carlo(table, threads=1, **kw))
        t2, r2 = timed(lambda: io_monte_carlo(table, threads=2, **kw))
        k = r1.meta["chunk_size"]
        floor = floor_rate(A, k)
        t_new, t_old, diff = kernels(A, k)
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
    solver = r1.meta["conventions"]["solver"]
    products = re.search(r"([\d.]+) products per draw", solver).group(1)
    fallback = re.search(r"\((\d+) draws\)", solver).group(1)
    print(f"n = 1302 row_column, {draws} draws (chunks of {k}, {products} products per draw, "
          f"LU fallback for {fallback} draws):", flush=True)
    for name, rate in (("local 1 thread", draws / t1), ("local 2 threads", draws / t2),
                       ("dask 1 worker", rates[1]), ("dask 2 workers", rates[2])):
        print(f"  {name:16s} {draws / rate:6.1f} s  {rate:7.1f} draws/s  x{rate / lu:5.1f} the "
              f"per-draw LU loop  {floor / rate:5.1f}x the numpy floor's time")
    print(f"  per-draw LU loop {lu:7.1f} draws/s (10,000 draws: {10_000 / lu:6.0f} s); numpy "
          f"floor {floor:7.1f} draws/s", flush=True)
    print(f"  kernels on one chunk of {k}: scaled_solve {t_new:5.2f} s, previous power series "
          f"{t_old:5.2f} s (x{t_old / t_new:4.2f}); largest relative difference {diff:.1e}")
    print(f"  dask 2/1 workers x{rates[2] / rates[1]:4.2f}; identical across backends: "
          f"{all(same)}")
    print("targets: 10,000 draws in about a minute on 2 cores; dask 2/1 workers >= 1.6",
          flush=True)


def cell(draws: int) -> None:
    table, _ = synthetic(1302)
    kw = dict(draws=draws, seed=7, sigma=SIGMA, structure="cell")
    with threadpool_limits(1):
        t1, r1 = timed(lambda: io_monte_carlo(table, threads=1, **kw))
        t2, _ = timed(lambda: io_monte_carlo(table, threads=2, **kw))
    print(f"n = 1302 cell, {draws} draws (chunks of {r1.meta['chunk_size']}, one LU each): "
          f"1 thread {draws / t1:5.1f} draws/s (10,000 draws: {10_000 * t1 / draws:5.0f} s) | "
          f"2 threads {draws / t2:5.1f} draws/s (10,000 draws: {10_000 * t2 / draws:5.0f} s)",
          flush=True)


def main() -> None:
    warnings.simplefilter("ignore")
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"IO Monte Carlo, lognormal sigma {SIGMA} ({os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f})", flush=True)
    small(shared_data())
    large(draws)
    cell(int(sys.argv[3]) if len(sys.argv) > 3 else 40)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
