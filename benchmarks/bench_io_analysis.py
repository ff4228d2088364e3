"""Cost of the full linkage-and-multiplier analysis against pymrio and the LAPACK floor.

For synthetic tables of realistic structure (sparse log-normal flows, intermediate-input shares
0.35-0.75, positive final demand, households and employment) at n = 153, 1000, 2000, 4000, prints
in one run the best wall time and the peak traced memory (tracemalloc) of

* ours   -- ``leontief_model`` + ``linkages(forward="ghosh")`` (influence, sensitivity, both
  coefficients of variation, key-sector classes) + ``multipliers(type="II")`` (output, value
  added, income, employment; direct, indirect, induced), from the labelled ``IOTable``: the
  coefficients of variation need all of L, so L is formed (getrf + getri);
* noL    -- the same without the coefficients of variation (``linkages(variation=False)``):
  solves only, L never formed; ``solver="auto"`` (iterative from n = 1000 when the series
  bound allows, LU otherwise) and ``noL-lu`` (``solver="lu"``: one LU, a few solves);
* pymrio -- the same quantities with pymrio 0.7 (``calc_A``, ``calc_L``, ``calc_B``,
  ``calc_G(B, L, x)`` (its no-inverse path), ``calc_S``, ``calc_M``, ``calc_L`` of the closed
  (n+1) model for type II) plus numpy for the indices and coefficients of variation; and
  pymrio type I only (``calc_A``, ``calc_L``, ``calc_S``, ``calc_M``), for reference;
* floor  -- one LAPACK LU factorisation of ``I - A`` and a solve with n right-hand sides
  (``scipy.linalg.lu_factor`` + ``lu_solve(eye)``), starting from ``A``;
* LU     -- one LU factorisation of ``I - A`` alone (``lu_factor``).

Targets (issues 15, 19): ours <= 1.5 x floor and pymrio / ours >= 2 at n >= 2000; without L:
pymrio / noL >= 5 and noL < one LU at n >= 4000, peak memory <= 1/4 of pymrio's.

Usage: python benchmarks/bench_io_analysis.py [n ...]
"""

from __future__ import annotations

import sys
import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd
from scipy import linalg

from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model, multipliers
from revitalize.model.table import IOTable


def synthetic(n: int, seed: int = 0) -> tuple[IOTable, pd.Series]:
    """A balanced non-competitive table: A with ~35 % zeros and heavy-tailed entries, column sums
    0.35-0.75; x = L f for log-normal final demand f; value added = x - Z'1 (half compensation);
    household consumption 20-50 % of each product's final demand; employment ~ output."""
    rng = np.random.default_rng(seed)
    A = rng.lognormal(0.0, 2.0, (n, n)) * (rng.random((n, n)) > 0.35)
    A[np.diag_indices(n)] *= 5.0
    A *= rng.uniform(0.35, 0.75, n) / A.sum(axis=0)
    f = rng.lognormal(8.0, 1.5, n)
    x = linalg.solve(np.eye(n) - A, f)
    Z = A * x
    codes = [f"{i:04d}" for i in range(n)]
    c = f * rng.uniform(0.2, 0.5, n)
    va = x - Z.sum(axis=0)
    frame = lambda M: pd.DataFrame(M, index=codes, columns=codes, copy=False)  # noqa: E731
    table = IOTable(
        sectors=pd.DataFrame({"name_cn": codes, "name_en": codes}, index=pd.Index(codes, name="code")),
        Z=frame(Z), final_demand=pd.DataFrame({"FU101": c, "FU201": f - c}, index=codes),
        imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
        value_added=pd.DataFrame([0.5 * va, 0.5 * va], index=["VA001", "VA004"], columns=codes),
        output=pd.Series(x, index=codes), total_input=pd.Series(x, index=codes),
        region="000000", year=2020, unit="10^4 CNY", kind="noncompetitive")
    employment = pd.Series(x * rng.lognormal(-3.0, 0.5, n), index=codes)
    return table, employment


def ours(table: IOTable, employment: pd.Series) -> None:
    model = leontief_model(table)
    linkages(model, forward="ghosh")
    multipliers(model, type="II", employment=employment)


def ours_no_l(table: IOTable, employment: pd.Series, solver: str) -> None:
    model = leontief_model(table, solver=solver)
    linkages(model, forward="ghosh", variation=False)
    multipliers(model, type="II", employment=employment)
    assert not model.solver.formed_L


def pymrio_full(Z, x, F, c, comp) -> None:
    import pymrio

    A = pymrio.calc_A(Z, x)
    L = pymrio.calc_L(A)
    G = pymrio.calc_G(pymrio.calc_B(Z, x), L=L, x=x)
    col, row = L.sum(axis=0), G.sum(axis=1)
    _ = (col / col.mean(), row / row.mean(), L.std(axis=0, ddof=1) / L.mean(axis=0),
         G.std(axis=1, ddof=1) / G.mean(axis=1))
    S = pymrio.calc_S(F, x)
    pymrio.calc_M(S, L)
    n = len(x)
    Abar = np.zeros((n + 1, n + 1))
    Abar[:n, :n], Abar[:n, n], Abar[n, :n] = A, c / comp.sum(), comp / x
    Lbar = pymrio.calc_L(Abar)
    pymrio.calc_M(S, Lbar[:n, :n])


def pymrio_type_one(Z, x, F) -> None:
    import pymrio

    L = pymrio.calc_L(pymrio.calc_A(Z, x))
    pymrio.calc_M(pymrio.calc_S(F, x), L)


def floor(A) -> None:
    n = A.shape[0]
    linalg.lu_solve(linalg.lu_factor(np.eye(n) - A, overwrite_a=True), np.eye(n),
                    overwrite_b=True)


LARGE = 5000  # above it only the no-L path and one LU are timed


def one_lu(A) -> None:
    linalg.lu_factor(np.eye(A.shape[0]) - A, overwrite_a=True)


def _best_interleaved(cases: dict, repeat: int) -> dict[str, float]:
    """Best wall time of each case, the cases taking turns (a busy machine slows all alike)."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(repeat):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def _peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def run(n: int) -> dict[str, float]:
    table, employment = synthetic(n)
    Z, x = table.Z.to_numpy(float), table.output.to_numpy(float)
    comp = table.value_added.loc["VA001"].to_numpy(float)
    F = np.vstack([table.total_value_added().to_numpy(float), comp, employment.to_numpy(float)])
    c = table.final_demand["FU101"].to_numpy(float)
    A = Z / x
    cases = {"ours": lambda: ours(table, employment),
             "noL": lambda: ours_no_l(table, employment, "auto"),
             "noL_lu": lambda: ours_no_l(table, employment, "lu"),
             "lu": lambda: one_lu(A),
             "pymrio": lambda: pymrio_full(Z, x, F, c, comp),
             "pymrio_I": lambda: pymrio_type_one(Z, x, F),
             "floor": lambda: floor(A)}
    if n > LARGE:  # the largest MRIO size: the no-L path and one LU only, once each
        cases = {k: cases[k] for k in ("noL", "lu")}
    repeat = 1 if n > LARGE else 3 if n >= 4000 else 5
    out = {f"{name}_s": t for name, t in _best_interleaved(cases, repeat).items()}
    for name, fn in cases.items():
        out[f"{name}_mb"] = _peak_mb(fn)
    return out


def main(sizes: list[int]) -> None:
    warnings.simplefilter("ignore")
    if any(n > LARGE for n in sizes):
        for n in (n for n in sizes if n > LARGE):
            r = run(n)
            print(f"n = {n}: noL {r['noL_s']:.1f} s, peak {r['noL_mb']:.0f} MB (A alone "
                  f"{8 * n * n / 2**20:.0f} MB); one LU {r['lu_s']:.1f} s, peak {r['lu_mb']:.0f} "
                  f"MB; noL/LU {r['noL_s'] / r['lu_s']:.2f}  (pymrio and the L paths not run at "
                  "this size)", flush=True)
        sizes = [n for n in sizes if n <= LARGE]
        if not sizes:
            return
    print(f"{'n':>5} {'ours s':>7} {'noL s':>7} {'noLlu s':>7} {'LU s':>7} {'floor s':>7} "
          f"{'pymrio s':>8} {'ours/fl':>7} {'noL/LU':>6} {'pym/ours':>8} {'pym/noL':>7} "
          f"{'ours MB':>7} {'noL MB':>6} {'pym MB':>6} {'noL/pym':>7}")
    for n in sizes:
        r = run(n)
        print(f"{n:>5} {r['ours_s']:>7.3f} {r['noL_s']:>7.3f} {r['noL_lu_s']:>7.3f} "
              f"{r['lu_s']:>7.3f} {r['floor_s']:>7.3f} {r['pymrio_s']:>8.3f} "
              f"{r['ours_s'] / r['floor_s']:>7.2f} {r['noL_s'] / r['lu_s']:>6.2f} "
              f"{r['pymrio_s'] / r['ours_s']:>8.2f} {r['pymrio_s'] / r['noL_s']:>7.2f} "
              f"{r['ours_mb']:>7.0f} {r['noL_mb']:>6.0f} {r['pymrio_mb']:>6.0f} "
              f"{r['noL_mb'] / r['pymrio_mb']:>7.3f}", flush=True)
    print("targets: ours/floor <= 1.5, pymrio/ours >= 2 at n >= 2000; without L: pymrio/noL >= 5"
          " and noL/LU < 1 at n >= 4000, noL/pymrio memory <= 0.25")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [153, 1000, 2000, 4000])
