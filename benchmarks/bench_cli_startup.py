"""Start-up time of the command line: what a user waits for ``revitalize --help`` to print.

Each case runs in a fresh interpreter (``subprocess``), ``N`` times; the best (minimum) wall
time, the least disturbed by the other jobs of a shared machine, is printed with its ratio to
two floors measured the same way, and the median beside it:

* ``python -c pass`` -- the interpreter alone;
* ``python -c "import pandas"`` -- pandas, which the CLI still imports (its output module and
  the task modules use it at module level).

Cases: ``import revitalize.cli`` (building the whole command tree), ``revitalize --version``,
``revitalize --help`` and ``revitalize io linkages --help`` (through the console script's
``main``, so the numbers match what a user sees minus the console-script shim). Then one
``python -X importtime -c "import revitalize.cli"`` run lists the ten slowest imports
(cumulative) and whether scipy.stats, scipy.optimize, scipy.linalg, statsmodels, plotly,
duckdb, fastapi or dask were imported at all.

Bytecode: an installed package runs from its ``.pyc`` files, but this sandbox sets
``PYTHONDONTWRITEBYTECODE=1``, so every run would recompile the package's sources (about 0.15 s
for the CLI's modules). The cases therefore run with a bytecode cache in a temporary directory
(``PYTHONPYCACHEPREFIX``, filled by one warm-up run) and ``PYTHONDONTWRITEBYTECODE`` unset; one
more line shows ``import revitalize.cli`` without it, as the sandbox runs it.

The machine is shared (2 cores, other jobs): read the ratios, not the absolute seconds.

Usage: python benchmarks/bench_cli_startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
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


def wall(code: str, n: int, env: dict[str, str]) -> tuple[float, float]:
    """Best and median wall time of ``python -c code`` over ``n`` fresh interpreters (after one
    warm-up run, which also fills the bytecode cache)."""
    times = []
    for _ in range(n + 1):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env=env, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{code!r} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return min(times[1:]), statistics.median(times[1:])


def importtime(env: dict[str, str]) -> tuple[list[tuple[int, str]], list[str]]:
    """The ten slowest imports (cumulative microseconds) of ``import revitalize.cli`` and the
    heavy modules among everything it imported."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import revitalize.cli"],
                         check=True, capture_output=True, text=True, env=env).stderr
    rows = []
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    names = {name for _, name in rows}
    return sorted(rows, reverse=True)[:10], [m for m in HEAVY if m in names]


def main(n: int = 7) -> None:
    with tempfile.TemporaryDirectory(prefix="revitalize-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        times = {label: wall(code, n, env) for label, code in CASES.items()}
        uncached = {**env, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": ""}
        uncached.pop("PYTHONPYCACHEPREFIX")
        times["import revitalize.cli (no .pyc)"] = wall("import revitalize.cli", n, uncached)
        slowest, heavy = importtime(env)
    bare, pandas = times["python -c pass"][0], times["python -c 'import pandas'"][0]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"best and median wall time of {n} fresh interpreters ({sys.executable}); "
          f"load average {load}")
    print(f"{'case':<34}{'best s':>8}{'/ python':>10}{'/ pandas':>10}{'median s':>10}")
    for label, (t, med) in times.items():
        print(f"{label:<34}{t:>8.3f}{t / bare:>10.1f}{t / pandas:>10.2f}{med:>10.3f}")
    print("\nslowest imports of `import revitalize.cli` (cumulative, -X importtime):")
    for us, name in slowest:
        print(f"  {us / 1e6:7.3f} s  {name}")
    print(f"\nheavy modules imported: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
