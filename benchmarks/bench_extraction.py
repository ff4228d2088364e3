"""All-sector hypothetical extraction at n = 153 against the cost of one Leontief inverse.

Measured in one run on the NBS 2018 153-sector table (domestic technology), best of several
repeats:

* ``inverse``  -- one ``leontief_inverse(A)`` (LU of I - A, n right-hand sides): the unit;
* ``kernel``   -- every sector extracted from ``A``/``B``: the inverse(s) the variant needs plus
  the closed forms of :mod:`revitalize.io.extraction` (full n x n loss matrix and totals);
* ``shell``    -- :func:`hypothetical_extraction` on the labelled table (coefficients with the
  spectral-radius check, both inverses, labelled frames); its floor is ``coefficients`` --
  :func:`revitalize.io.coefficients.coefficients` alone, which the shell calls once;
* ``brute``    -- n fresh solves, one per extracted sector (:func:`output_after_extraction`),
  what the definition costs without the rank-one / block formulas.

The target is ``kernel`` and ``shell`` within 20x ``inverse``; ``brute`` shows what is avoided.

Usage: python benchmarks/bench_extraction.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np

from revitalize.io.coefficients import (
    allocation_coefficients,
    coefficients,
    ghosh_inverse,
    intermediate_flows,
    leontief_inverse,
    technical_coefficients,
)
from revitalize.io.extraction import (
    VARIANTS,
    extraction_losses,
    hypothetical_extraction,
    output_after_extraction,
    total_extraction_losses,
)


def _interleaved(cases: dict, rounds: int) -> dict[str, float]:
    """Best time of each case over ``rounds`` rounds that run every case once, so a burst of
    load on a shared machine hits all cases alike instead of one."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def _kernel(Z: np.ndarray, x: np.ndarray, variant: str) -> np.ndarray:
    A = technical_coefficients(Z, x)
    L = leontief_inverse(A)
    G = ghosh_inverse(allocation_coefficients(Z, x)) if variant == "forward" else None
    f = x - A @ x
    total_extraction_losses(L, x, f, variant, G)
    return extraction_losses(L, x, f, np.arange(x.size), variant, G)


def _brute(Z: np.ndarray, x: np.ndarray, variant: str) -> np.ndarray:
    return np.column_stack([x - output_after_extraction(Z, x, j, variant)
                            for j in range(x.size)])


def _table(shared: Path):
    from revitalize.data.readers import read_nbs_io

    path = shared / "cn_io_nbs" / "cn_io_2018_153.csv"
    warnings.simplefilter("ignore")
    return read_nbs_io(path)


def main(shared: Path, rounds: int = 15) -> None:
    table = _table(shared)
    Z = intermediate_flows(table, "domestic")
    x = table.output.to_numpy(float)
    A = technical_coefficients(Z, x)
    print(f"NBS 2018, n = {x.size}, technology=domestic; best of {rounds} interleaved rounds; "
          "ratios to one Leontief inverse")
    print(f"{'variant':14} {'inverse ms':>10} {'kernel x':>9} {'shell x':>8} {'coeffs x':>9} "
          f"{'brute x':>8} {'max|fast-brute|/sum(x)':>23}")
    for variant in VARIANTS:
        t = _interleaved({
            "inverse": lambda: leontief_inverse(A),
            "kernel": lambda v=variant: _kernel(Z, x, v),
            "shell": lambda v=variant: hypothetical_extraction(table, variant=v),
            "coefficients": lambda: coefficients(table),
            "brute": lambda v=variant: _brute(Z, x, v),
        }, rounds)
        err = np.abs(_kernel(Z, x, variant) - _brute(Z, x, variant)).max() / x.sum()
        u = t["inverse"]
        print(f"{variant:14} {u * 1e3:10.3f} {t['kernel'] / u:9.2f} {t['shell'] / u:8.1f} "
              f"{t['coefficients'] / u:9.1f} {t['brute'] / u:8.1f} {err:23.2e}")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data")
