"""Reading cost of the IO readers against the bare pandas floor, measured in one run.

Prints, for each file, the time of ``read_nbs_io`` / ``read_provincial_io`` (parse + label checks
+ validation) and the ratio to ``pandas.read_csv`` of the same file (the floor: parsing alone),
and the peak memory of the read (tracemalloc).

Usage: python benchmarks/bench_readers.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd

from revitalize.data.readers import read_nbs_io, read_provincial_io


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(shared: Path) -> None:
    cases = [
        ("nbs 153 sectors", shared / "cn_io_nbs" / "cn_io_2018_153.csv", read_nbs_io),
        ("nbs 42 noncomp", shared / "cn_io_nbs" / "cn_io_2017_42_noncomp.csv", read_nbs_io),
        ("provincial 2017 (31 tables)", shared / "cn_io_provincial" / "cn_prov_io_2017_42.csv",
         read_provincial_io),
    ]
    print(f"{'file':32} {'reader s':>9} {'floor s':>8} {'ratio':>6} {'peak MB':>8}")
    for label, path, reader in cases:
        warnings.simplefilter("ignore")
        ours = _best(lambda r=reader, p=path: r(p))
        floor = _best(lambda p=path: pd.read_csv(p, dtype=str))
        peak = _peak_mb(lambda r=reader, p=path: r(p))
        print(f"{label:32} {ours:9.4f} {floor:8.4f} {ours / floor:6.1f} {peak:8.1f}")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data")
