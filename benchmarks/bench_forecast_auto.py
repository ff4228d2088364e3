"""``auto`` forecasts of three provincial series: narrow grids vs full grids vs a numpy floor.

The series are the GDP of Liaoning, Jilin and Heilongjiang (``cn_prov_energy_panel``, the
longest run without gaps). Every configuration runs :func:`revitalize.forecast.backtest.
auto_forecast` on the three series (rolling-origin backtest with every model re-selected at every
origin, then the winner refitted), and prints its wall time, the chosen model per series and the
ratio to the floor:

* ``floor``  -- the grey and naive candidates only (``gm11, dgm11, verhulst, naive``: closed-form
  numpy fits), the cost of the backtest machinery itself;
* ``narrow`` -- the default: :data:`~revitalize.forecast.backtest.AUTO_MODELS` with ARIMA and
  ETS searching :data:`~revitalize.forecast.backtest.AUTO_OPTIONS` (8 ARIMA fits and 3 ETS
  specifications per origin);
* ``narrow, last 5 origins`` -- the same, scored on the last five origins (``max_origins=5``);
* ``full``   -- ARIMA's and ETS's own grids (54 + 6 fits per origin; the behaviour before),
  run on ONE series and multiplied by three (said so), unless ``--full`` is given.

No peer: statsforecast (AutoARIMA/AutoETS) installs from PyPI but pulls numba and llvmlite (about
150 MB and a JIT compilation on first use), too heavy for the package's optional extras.

Usage: python benchmarks/bench_forecast_auto.py [DATA_DIR] [--full]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

from revitalize.data.readers import read_panel
from revitalize.forecast.backtest import auto_forecast
from revitalize.forecast.series import longest_run, region_series

PANEL = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"
REGIONS = ("Liaoning", "Jilin", "Heilongjiang")
FLOOR = ("gm11", "dgm11", "verhulst", "naive")


def series(data_dir: Path) -> dict:
    panel = read_panel(data_dir / PANEL)
    out = {}
    for region in REGIONS:
        s = region_series(panel, region, "gdp")
        first, last = longest_run(s.values.dropna().index)
        out[region] = s.span(first, last)
    return out


def run(ys: dict, **kwargs) -> tuple[float, dict]:
    t0 = time.perf_counter()
    chosen = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, y in ys.items():
            res = auto_forecast(y, horizon=3, name=name, **kwargs)
            chosen[name] = res.meta["model"]
    return time.perf_counter() - t0, chosen


def main(argv: list[str]) -> None:
    data_dir = Path(next((a for a in argv if not a.startswith("--")), "../shared/data"))
    ys = series(data_dir)
    print("series:", {k: f"{int(v.index[0])}-{int(v.index[-1])} ({len(v)} years)"
                      for k, v in ys.items()})
    from revitalize.forecast.statistical import arima

    arima(next(iter(ys.values())), 1, order=(0, 1, 0))  # statsmodels imported outside the timing
    t_floor, c_floor = run(ys, models=FLOOR)
    print(f"floor  (grey + naive)           {t_floor:7.2f} s  {c_floor}")
    t_narrow, c_narrow = run(ys)
    print(f"narrow (default)                {t_narrow:7.2f} s  {c_narrow}  "
          f"x{t_narrow / t_floor:.1f} floor")
    t_last, c_last = run(ys, max_origins=5)
    print(f"narrow, last 5 origins          {t_last:7.2f} s  {c_last}  x{t_last / t_floor:.1f} floor")
    if "--full" in argv:
        t_full, c_full = run(ys, grids="full")
        print(f"full grids                      {t_full:7.2f} s  {c_full}  "
              f"x{t_full / t_narrow:.1f} narrow")
    else:
        one = dict([next(iter(ys.items()))])
        t_one, c_one = run(one, grids="full")
        print(f"full grids (1 series x 3)       {3 * t_one:7.2f} s  {c_one}  "
              f"x{3 * t_one / t_narrow:.1f} narrow (extrapolated)")


if __name__ == "__main__":
    main(sys.argv[1:])
