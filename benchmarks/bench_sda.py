"""Structural decomposition over all provinces and transitions, against a numpy floor and a peer.

One run on the provincial tables 2002, 2007, 2012, 2017 (30 provinces in every year; Tibet has
2012 and 2017 only, so 30 x 3 + 1 = 91 province-transitions), output and value added, on the
39-sector common classification, total technology, current prices; best of several interleaved
rounds:

* ``shell``       -- :func:`structural_decomposition_panel` for the 30 provinces plus
  :func:`structural_decomposition` for Tibet 2012 -> 2017 (labelled tables, validation,
  reconciliation, both quantities, labelled long result);
* ``all_orders``  -- the same with ``method="all_orderings"`` (2^4 factor states for value added);
* ``floor``       -- numpy only: the same aggregated ``Z, x, va`` arrays prepared beforehand, then
  ``A``, ``L`` (``numpy.linalg.inv``) and the polar-average formulas of Dietzenbacher & Los
  written out for output and value added -- the least any implementation must do;
* ``peer``        -- pymrio 0.7 (when installed) has no SDA: it is timed on the part it can do,
  ``calc_A`` + ``calc_L`` for the same 182 tables, a lower bound of an SDA built on it.

Reading the four CSV files (about 6 s) is not counted.

Usage: python benchmarks/bench_sda.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import itertools
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.data.readers import read_provincial_io
from revitalize.io.aggregate import aggregation_matrix
from revitalize.io.sda import (
    common_sectors,
    structural_decomposition,
    structural_decomposition_panel,
)

YEARS = (2002, 2007, 2012, 2017)
OPTS = dict(zero_output="zero", negative_flows="keep")


def _interleaved(cases: dict, rounds: int) -> dict[str, float]:
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def _arrays(tables) -> dict:
    maps, sectors = common_sectors([tables[y][next(iter(tables[y]))].classification for y in YEARS])
    out = {}
    for y in YEARS:
        for r, t in tables[y].items():
            m = maps[t.classification]
            C = aggregation_matrix(t.codes, list(sectors.index), m["from_code"], m["to_code"],
                                   np.ones(len(m)))
            Z = t.Z.to_numpy(float)
            out[y, r] = (C.T @ Z @ C, C.T @ t.output.to_numpy(float),
                         t.total_value_added().to_numpy(float) @ C)
    return out


def _floor_state(Z, x, va):
    inv = np.divide(1.0, x, out=np.zeros(len(x)), where=x != 0)
    L = np.linalg.inv(np.eye(len(x)) - Z * inv)
    y = x - Z.sum(axis=1)
    f = y.sum()
    return va * inv, L, y / f, f


def _floor(arrays, pairs) -> None:
    for r, a, b in pairs:
        v0, L0, s0, f0 = _floor_state(*arrays[a, r])
        v1, L1, s1, f1 = _floor_state(*arrays[b, r])
        dL, ds, df = L1 - L0, s1 - s0, f1 - f0
        out = 0.5 * np.array([dL @ s0 * f0 + dL @ s1 * f1, L1 @ ds * f0 + L0 @ ds * f1,
                              L1 @ s1 * df + L0 @ s0 * df])
        # value added: polar 1 switches v, L, s, f in order; polar 2 in reverse
        p1 = [(v1 - v0) * (L0 @ s0 * f0), v1 * (dL @ s0 * f0), v1 * (L1 @ ds * f0),
              v1 * (L1 @ s1 * df)]
        p2 = [(v1 - v0) * (L1 @ s1 * f1), v0 * (dL @ s1 * f1), v0 * (L0 @ ds * f1),
              v0 * (L0 @ s0 * df)]
        _ = out, 0.5 * (np.array(p1) + np.array(p2))


def main(shared: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        tables = {y: read_provincial_io(shared / "cn_io_provincial" / f"cn_prov_io_{y}_42.csv")
                  for y in YEARS}
        print(f"read 4 files: {time.perf_counter() - t0:.1f} s (not counted)")
        common = sorted(set.intersection(*(set(tables[y]) for y in YEARS)))
        pairs = [(r, a, b) for r in common for a, b in itertools.pairwise(YEARS)]
        pairs.append(("540000", 2012, 2017))
        arrays = _arrays(tables)

        def shell(method="polar_average"):
            structural_decomposition_panel(tables, regions=common, method=method, **OPTS)
            structural_decomposition(tables[2012]["540000"], tables[2017]["540000"],
                                     method=method, **OPTS)

        cases = {"shell": shell, "all_orders": lambda: shell("all_orderings"),
                 "floor": lambda: _floor(arrays, pairs)}
        try:
            import pymrio

            def peer():
                for r, a, b in pairs:
                    for y in (a, b):
                        Z, x, _ = arrays[y, r]
                        x = np.where(x > 0, x, 1.0)
                        pymrio.calc_L(pymrio.calc_A(pd.DataFrame(Z), pd.Series(x)))
            cases["peer"] = peer
        except ImportError:
            print("pymrio not installed: no peer timing")
        best = _interleaved(cases, rounds=3)
    print(f"{len(pairs)} province-transitions x (output + value added), 39 common sectors")
    for name, sec in best.items():
        print(f"  {name:11s} {sec:7.3f} s   {sec / best['floor']:6.1f} x floor")
    if "peer" in best:
        print(f"  shell / peer (pymrio A + L only) = {best['shell'] / best['peer']:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(__file__).resolve().parents[2] / "shared" / "data")
