"""Start-up time of the command line: what a user waits for ``revitalize --help`` to print.

Each case runs in a fresh interpreter (``subprocess``), ``N`` times; the median wall time is
printed with its ratio to two floors measured the same way:

* ``python -c pass`` -- the interpreter alone;
* ``python -c "import pandas"`` -- pandas, which the CLI still imports (its output module and
  the task modules use it at module level).

Cases: ``import revitalize.cli`` (building the whole command tree), ``revitalize --version``,
``revitalize --help`` and ``revitalize io linkages --help`` (through the console script's
``main``, so the numbers match what a user sees minus the console-script shim). Then one
``python -X importtime -c "import revitalize.cli"`` run lists the ten slowest imports
(cumulative) and whether scipy.stats, scipy.optimize, scipy.linalg, statsmodels, plotly,
duckdb, fastapi or dask were imported at all.

The machine is shared (2 cores, other jobs): read the ratios, not the absolute seconds.

Usage: python benchmarks/bench_cli_startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

HEAVY = ("scipy.stats", "scipy.optimize", "scipy.linalg", "statsmodels", "plotly", "duckdb",
         "fastapi", "dask")

CLI = "import sys; from revitalize.cli import main; sys.exit(main({args!r}))"

CASES: dict[str, str] = {
    "python -c pass": "pass",
    "python -c 'import pandas'": "import pandas",
    "import revitalize.cli": "import revitalize.cli",
    "revitalize --version": CLI.format(args=["--version"]),
    "revitalize --help": CLI.format(args=["--help"]),
    "revitalize io linkages --help": CLI.format(args=["io", "linkages", "--help"]),
}


def wall(code: str, n: int) -> float:
    """Median wall time of ``python -c code`` over ``n`` fresh interpreters."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def importtime() -> tuple[list[tuple[int, str]], list[str]]:
    """The ten slowest imports (cumulative microseconds) of ``import revitalize.cli`` and the
    heavy modules among everything it imported."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import revitalize.cli"],
                         check=True, capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    names = {name for _, name in rows}
    return sorted(rows, reverse=True)[:10], [m for m in HEAVY if m in names]


def main(n: int = 7) -> None:
    times = {label: wall(code, n) for label, code in CASES.items()}
    bare, pandas = times["python -c pass"], times["python -c 'import pandas'"]
    print(f"median wall time of {n} fresh interpreters ({sys.executable})")
    print(f"{'case':<32}{'seconds':>9}{'/ python':>10}{'/ pandas':>10}")
    for label, t in times.items():
        print(f"{label:<32}{t:>9.3f}{t / bare:>10.1f}{t / pandas:>10.2f}")
    slowest, heavy = importtime()
    print("\nslowest imports of `import revitalize.cli` (cumulative, -X importtime):")
    for us, name in slowest:
        print(f"  {us / 1e6:7.3f} s  {name}")
    print(f"\nheavy modules imported: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
