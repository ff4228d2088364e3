"""Synthetic control with all placebos on the Basque data (17 regions, 14 predictors): seconds,
against pysyncon and a floor.

* floor     -- the inner problem alone for the treated unit and every placebo (one NNLS solve
               each at the final ``V``): what no nested optimisation can go below;
* ours, one -- ``synthetic_control`` for the Basque Country only (nested V/w search, 2 starts);
* pysyncon  -- ``pysyncon.Synth().fit`` on the same matrices (Nelder-Mead, equal start,
               ``maxiter=1000``), when installed (a test-only peer);
* ours, all -- with the 16 in-space placebos and leave-one-out (as the report runs it);
* Northeast -- ``northeast_synthetic_control`` (4 treated units x 28 fits each) on the shared
               provincial panel, when ``--shared-data`` points to it.

Prints seconds, the ratio to the floor and the donor weights (Cataluna 0.851, Madrid 0.149 in
Abadie & Gardeazabal 2003), and the load average. Machine load matters: absolute seconds move
with it; the ratios of interleaved runs are the figures to compare.

Usage: python benchmarks/bench_synth.py [--repeat 3] [--shared-data ../shared/data]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.policy import synthetic_control
from revitalize.policy.synthetic_control import scale_predictors, simplex_weights

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "policy"))
from test_synthetic_control import BASQUE, basque  # noqa: E402


def _best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def floor(P, units, v):
    out = []
    for u in units:
        others = [d for d in units if d not in (u, BASQUE)] if u != BASQUE else \
            [d for d in units if d != BASQUE]
        X1s, X0s = scale_predictors(P[u].to_numpy(), P[others].to_numpy())
        out.append(simplex_weights(X1s, X0s, v))
    return out


def main(repeat, shared):
    print(f"load average {os.getloadavg()[0]:.1f} (1 min)")
    g, P = basque()
    kw = {"outcome": g, "treated": BASQUE, "treatment_start": 1970, "predictors": P,
          "optimisation_period": range(1960, 1970)}
    one_fit = lambda: synthetic_control(**kw, placebos=False, leave_one_out=False)  # noqa: E731
    t_one, one = _best(one_fit, repeat)
    v = one.extra["v"].to_numpy()
    t_floor, _ = _best(lambda: floor(P, list(g.columns), v), repeat)
    t_all, full = _best(lambda: synthetic_control(**kw), 1)
    w = one.weights[one.weights > 1e-3].round(3).to_dict()
    print(f"Basque: weights {w}; placebo p-value {full.p_value:.3f}")
    print(f"floor (17 inner solves)      {t_floor:8.4f} s     1.0x")
    print(f"ours, treated only           {t_one:8.3f} s  {t_one / t_floor:6.0f}x")
    print(f"ours, all placebos + LOO     {t_all:8.3f} s  {t_all / t_floor:6.0f}x "
          f"({len(full.extra['placebos'])} fits + {full.extra['leave_one_out'].shape[1]} LOO)")
    try:
        import pysyncon
    except ImportError:
        print("pysyncon                     not installed")
    else:
        donors = [c for c in g.columns if c != BASQUE]
        Z = g.loc[1960:1969]

        def peer():
            s = pysyncon.Synth()
            s.fit(X0=P[donors], X1=P[BASQUE].rename(BASQUE), Z0=Z[donors], Z1=Z[BASQUE])
            return s

        t_peer, s = _best(peer, repeat)
        pw = pd.Series(np.asarray(s.W), index=donors)
        print(f"pysyncon, treated only       {t_peer:8.3f} s  {t_peer / t_floor:6.0f}x "
              f"(weights {pw[pw > 1e-3].round(3).to_dict()})")
    if shared is not None:
        from revitalize.data.readers.panel import read_panel
        from revitalize.policy import northeast_synthetic_control

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            panel = read_panel(Path(shared) / "cn_prov_energy_panel" /
                               "cn_prov_energy_econ_panel_long.csv")
        t_ne, _ = _best(lambda: northeast_synthetic_control(panel), 1)
        print(f"Northeast (4 units, placebos, LOO) {t_ne:8.2f} s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shared-data", default=None)
    a = ap.parse_args()
    main(a.repeat, a.shared_data)
