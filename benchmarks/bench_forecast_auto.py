"""``forecast --model auto`` on three provincial series: the default path vs the old one vs a floor.

The question is the issue's: ``revitalize forecast prov_energy_panel --series liaoning_gdp_share
--series jilin_gdp_share --series heilongjiang_gdp_share --years 1990-2020 --model auto`` (the
three Northeast provinces' shares of the 31 provinces' GDP, 31 years each), asked through the
application layer (:func:`revitalize.tasks.run` of :class:`~revitalize.tasks.forecast.
ForecastRequest`, what the CLI, the HTTP API and the Python API run). Each configuration prints
its wall and CPU time, the model chosen per series and its ratio to the floor:

* ``floor``   -- the same request with ``--model gm11`` (reading the panel, building the three
  shares, one GM(1,1) each): what any forecast of these series costs;
* ``default`` -- ``--model auto`` with the defaults: the last :data:`~revitalize.tasks.forecast.
  ORIGINS` (5) backtest origins, ``grids="narrow"`` (ARIMA ``d`` by KPSS tests then ``p, q <= 1``
  with a constant or drift: 4 fits; ETS AAN, AAdN, MAN), specification re-selected at every
  origin; the target is under 10 s;
* ``narrow, every origin`` -- ``--origins 200`` (all 15-16 origins from ``max(5, n // 2)``);
* ``old``     -- the path before issue 15: every origin and ARIMA's and ETS's full grids (54 + 6
  fits per origin), i.e. ``--origins 200 --grids full``. It takes minutes, so it runs on ONE
  series and is multiplied by three (said so), unless ``--full`` is given.

No peer: statsforecast (AutoARIMA/AutoETS) is not installed in the project's environment and
pulls numba and llvmlite (a JIT compilation on first use), too heavy for the optional extras.
The machine is shared (2 cores, other sessions): the CPU time (``process_time``) is the figure
least moved by the load; the load average is printed.

Usage: python benchmarks/bench_forecast_auto.py [DATA_DIR] [--full]
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

SERIES = ("liaoning_gdp_share", "jilin_gdp_share", "heilongjiang_gdp_share")
SOURCE = "prov_energy_panel"
YEARS = "1990-2020"


def ask(catalog, series=SERIES, **options) -> tuple[float, float, dict]:
    from revitalize.tasks import run
    from revitalize.tasks.forecast import ForecastRequest

    request = ForecastRequest(source=SOURCE, series=tuple(series), years=YEARS, **options)
    wall, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run(request, catalog)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    choice = res.meta.get("choice", {})
    return wall, cpu, {s.split("_")[0]: c["chosen"] for s, c in choice.items()}


def line(label: str, wall: float, cpu: float, chosen: dict, ref: tuple[str, float] | None) -> None:
    ratio = f"  x{wall / ref[1]:.1f} {ref[0]}" if ref else ""
    print(f"{label:<34}{wall:8.2f} s wall {cpu:7.2f} s cpu{ratio}  {chosen or ''}")


def main(argv: list[str]) -> None:
    from revitalize.data.catalog import default_catalog
    from revitalize.tasks import load_all

    args = [a for a in argv if not a.startswith("--")]
    catalog = default_catalog(mirror_dir=Path(args[0])) if args else default_catalog()
    load_all()
    print(f"load average {os.getloadavg()[0]:.1f}; series {', '.join(SERIES)} ({YEARS})")
    ask(catalog, model="arima")  # imports (statsmodels) and the panel read outside the timings
    floor = ask(catalog, model="gm11")
    line("floor (gm11)", *floor, None)
    default = ask(catalog, model="auto")
    line("default auto (5 origins, narrow)", *default, ("floor", floor[0]))
    every = ask(catalog, model="auto", origins=200)
    line("narrow, every origin", *every, ("floor", floor[0]))
    if "--full" in argv:
        old = ask(catalog, model="auto", origins=200, grids="full")
        line("old (every origin, full grids)", *old, ("default", default[0]))
    else:
        wall, cpu, chosen = ask(catalog, series=SERIES[:1], model="auto", origins=200,
                                grids="full")
        line("old (1 series x 3, extrapolated)", 3 * wall, 3 * cpu, chosen,
             ("default", default[0]))
    verdict = lambda v: "met" if v < 10 else "NOT met"  # noqa: E731
    print(f"target under 10 s: wall {default[0]:.1f} s {verdict(default[0])}, cpu "
          f"{default[1]:.1f} s {verdict(default[1])} (load average {os.getloadavg()[0]:.1f}; "
          f"the CLI adds its start-up, about 2 s of cpu)")


if __name__ == "__main__":
    main(sys.argv[1:])
