"""Relatedness for 31 regions x 42 industries x 5 years: ours against ecomplexity and a numpy floor.

Per year: Balassa RCA, ``M``, proximity (minimum conditional probability), density, ECI and PCI;
then entry prediction (AUC of density and baselines over the 4 transitions, rolling-origin logit).

* floor       -- the same formulas in bare numpy (RCA, ``M'M``, density, an eigen-decomposition of
                 ``Mcc``), no validation, no labels, no entry prediction;
* kernels     -- our kernels on arrays (``balassa_rca``, ``proximity_kernel``, ``density_kernel``,
                 ``complexity_eigenvector``) for the 5 years;
* ours        -- the labelled API: ``rca`` -> ``density`` -> ``complexity`` per year and
                 ``entry_prediction`` over the 5 years (frozen results, labels in and out);
* ecomplexity -- ``ecomplexity.ecomplexity`` on the long frame (RCA, M, ECI/PCI, proximity,
                 density, COI/COG) for the 5 years, when installed (a test-only peer).

Best of ``--repeat`` runs; prints seconds and ratios to the floor; checks ECI agreement.

Usage: python benchmarks/bench_relatedness.py [--regions 31] [--industries 42] [--years 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
import warnings

import numpy as np
import pandas as pd

from revitalize.relatedness import (
    balassa_rca,
    complexity,
    complexity_eigenvector,
    density,
    density_kernel,
    entry_prediction,
    proximity_kernel,
    rca,
    specialisation_matrix,
)


def _best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def _data(regions, industries, years, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.gamma(0.8, 1.0, size=(regions, industries)) * rng.gamma(2, 1, size=(1, industries))
    return {2000 + 5 * t: pd.DataFrame(base * rng.lognormal(0, 0.3 * (t + 1), base.shape),
                                      index=[f"r{i:02d}" for i in range(regions)],
                                      columns=[f"i{j:02d}" for j in range(industries)])
            for t in range(years)}


def floor(arrays):
    out = []
    for X in arrays:
        R = (X / X.sum(1, keepdims=True)) / (X.sum(0) / X.sum())
        M = (R >= 1).astype(float)
        C = M.T @ M
        k = np.diag(C)
        phi = C / np.maximum.outer(k, k)
        dens = (M @ phi) / phi.sum(0)
        kc, kp = M.sum(1), M.sum(0)
        vals, vecs = np.linalg.eig((M / kc[:, None]) @ (M / kp).T)
        K = np.real(vecs[:, np.argsort(np.real(vals))[-2]])
        out.append((dens, (K - K.mean()) / K.std()))
    return out


def kernels(arrays):
    out = []
    for X in arrays:
        M = specialisation_matrix(balassa_rca(X))
        out.append((density_kernel(M, proximity_kernel(M)), complexity_eigenvector(M)[0]))
    return out


def ours(frames):
    out = []
    for X in frames.values():
        r = rca(X)
        out.append((density(r.specialisation).table, complexity(r.specialisation).eci))
    return out


def peer(frames):
    import ecomplexity

    long = pd.concat({y: f.stack() for y, f in frames.items()}, names=["year", "loc", "prod"])
    long = long.rename("val").reset_index()
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        return ecomplexity.ecomplexity(long, {"time": "year", "loc": "loc", "prod": "prod",
                                              "val": "val"}, verbose=False,
                                       check_logsupermodularity=False)


def main(regions, industries, years, repeat):
    frames = _data(regions, industries, years)
    arrays = [f.to_numpy() for f in frames.values()]
    t_floor, _ = _best(lambda: floor(arrays), repeat)
    t_kern, _ = _best(lambda: kernels(arrays), repeat)
    t_ours, res = _best(lambda: ours(frames), repeat)
    t_auc, ep = _best(lambda: entry_prediction(frames), repeat)
    print(f"{regions} regions x {industries} industries x {years} years")
    print(f"floor (numpy)          {t_floor * 1e3:8.2f} ms   1.00x")
    print(f"kernels                {t_kern * 1e3:8.2f} ms   {t_kern / t_floor:5.2f}x")
    print(f"ours (labelled)        {t_ours * 1e3:8.2f} ms   {t_ours / t_floor:5.2f}x")
    print(f"entry_prediction (AUC) {t_auc * 1e3:8.2f} ms   (pooled density AUC "
          f"{ep.auc('density'):.3f} on random data; no floor counterpart)")
    try:
        t_peer, out = _best(lambda: peer(frames), repeat)
    except ImportError:
        print("ecomplexity            not installed")
        return
    print(f"ecomplexity            {t_peer * 1e3:8.2f} ms   {t_peer / t_floor:5.2f}x "
          f"(ours is {t_peer / t_ours:.1f}x faster)")
    last = list(frames)[-1]
    peer_eci = out[out["year"] == last].groupby("loc")["eci"].first()
    ours_eci = res[-1][1]
    print(f"max |ECI ours - ecomplexity| in {last}: "
          f"{np.abs(ours_eci - peer_eci.reindex(ours_eci.index)).max():.2e}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=31)
    ap.add_argument("--industries", type=int, default=42)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    main(a.regions, a.industries, a.years, a.repeat)
