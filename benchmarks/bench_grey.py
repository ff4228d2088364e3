"""GM(1,1) fit + 5-step forecast on many series: ours (one vectorised call) vs peer vs numpy floor.

Measured in one run, on synthetic positive series (100,000 series x 10 years by default):

* ``ours``  -- :func:`revitalize.forecast.grey.gm11_batch`: validation (finite, positive, shape),
  class-ratio test, a and b, fitted values, 5 forecasts, C, P, grade, mean relative error;
* ``floor`` -- the bare numpy computation of a, b and the 5 forecasts written inline below
  (textbook normal equations, no validation, no diagnostics), in three forms (series in rows;
  time-major; time-major in cache-sized blocks of series); the fastest is the floor;
* ``peer``  -- ``greytheory.GreyGM11`` (test-only peer) fitted series by series; it is timed on
  a sample of series and extrapolated linearly to the full count (said so in the output).

Prints the times (best of 7 interleaved runs) and the ratios ours/floor (target: <= 2) and
peer/ours, and checks that the three agree on the forecasts.

Usage: python benchmarks/bench_grey.py [N_SERIES] [N_YEARS] [PEER_SAMPLE]
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from revitalize.forecast.grey import gm11_many
from revitalize.forecast.grey_variants import BLOCK, gm11_batch

HORIZON = 5


def floor(X: np.ndarray, h: int = HORIZON) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bare numpy GM(1,1), series in rows: normal equations of x0(k) = -a z(k) + b, forecasts.

    Written as fast as row-major numpy allows (1-AGO as a product with a triangular matrix of
    ones, row sums by einsum).
    """
    n = X.shape[1]
    Y = X[:, 1:]
    Z = X[:, :-1] @ np.triu(np.ones((n - 1, n - 1))) + 0.5 * Y  # z(k) = x1(k-1) + x0(k)/2
    m = n - 1
    sz, sy = np.einsum("ij->i", Z), np.einsum("ij->i", Y)
    szz, szy = np.einsum("ij,ij->i", Z, Z), np.einsum("ij,ij->i", Z, Y)
    a = (sz * sy - m * szy) / (m * szz - sz * sz)
    b = (szz * sy - sz * szy) / (m * szz - sz * sz)
    k = np.arange(n, n + h)
    F = ((1 - np.exp(a)) * (X[:, 0] - b / a))[:, None] * np.exp(-a[:, None] * k)
    return a, b, F


def floor_time_major(X: np.ndarray, h: int = HORIZON) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bare numpy GM(1,1), one transposed copy then one in-place vector operation per period.

    The faster of the two floors on short series; it includes the transposition that the
    (n_series, n) input needs, as ``gm11_batch`` does. No centring (textbook normal equations).
    """
    n, N = X.shape[1], X.shape[0]
    T = np.ascontiguousarray(X.T)
    m = n - 1
    x1 = T[0].copy()
    sz, szz, szy = np.zeros(N), np.zeros(N), np.zeros(N)
    z, tmp = np.empty(N), np.empty(N)
    for j in range(1, n):
        np.multiply(T[j], 0.5, out=z)
        z += x1
        x1 += T[j]
        sz += z
        szz += np.multiply(z, z, out=tmp)
        szy += np.multiply(z, T[j], out=tmp)
    sy = x1 - T[0]
    a = (sz * sy - m * szy) / (m * szz - sz * sz)
    b = (szz * sy - sz * szy) / (m * szz - sz * sz)
    k = np.arange(n, n + h)
    return a, b, ((1 - np.exp(a)) * (T[0] - b / a)) * np.exp(-np.multiply.outer(k, a))


def floor_blocked(X: np.ndarray, h: int = HORIZON, block: int = 8192) -> np.ndarray:
    """:func:`floor_time_major` on blocks of ``block`` series (cache-sized, as ``gm11_batch``)."""
    F = np.empty((X.shape[0], h))
    for s in range(0, X.shape[0], block):
        F[s:s + block] = floor_time_major(X[s:s + block], h)[2].T
    return F


def kernel_only(X: np.ndarray, h: int = HORIZON) -> np.ndarray:
    """Our kernel alone (:func:`gm11_many` by blocks): a, b, fitted values and forecasts, without
    validation, class-ratio test or accuracy diagnostics -- to show where our time goes."""
    R = np.empty((X.shape[1] + h, X.shape[0]))
    for s in range(0, X.shape[0], BLOCK):
        gm11_many(np.ascontiguousarray(X[s:s + BLOCK].T), h, out=R[:, s:s + BLOCK])
    return R


def peer(X: np.ndarray, h: int = HORIZON) -> np.ndarray:
    """greytheory, one series at a time (its public fit/predict API)."""
    from greytheory import GreyGM11

    out = np.empty((X.shape[0], h))
    for i, row in enumerate(X):
        model = GreyGM11(horizon=h)
        model.fit(row)
        out[i] = model.predict(h)
    return out


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def synthetic(n_series: int, n_years: int, seed: int = 0) -> np.ndarray:
    """Positive series with growth 0-10 % a year and 2 % noise, scales 1 to 1e6."""
    rng = np.random.default_rng(seed)
    growth = rng.uniform(0.0, 0.10, (n_series, 1))
    noise = rng.normal(0.0, 0.02, (n_series, n_years))
    scale = 10 ** rng.uniform(0, 6, (n_series, 1))
    return scale * np.exp(np.cumsum(growth + noise, axis=1))


def main(n_series: int = 100_000, n_years: int = 10, sample: int = 1_000) -> None:
    X = synthetic(n_series, n_years)
    warnings.simplefilter("ignore")  # class-ratio warnings are expected on random series
    floors = {"rows": floor, "time-major": floor_time_major, "time-major, blocked": floor_blocked}
    times = {name: [] for name in ["ours", "ours_fit", "kernel", *floors]}
    for _ in range(9):  # interleaved, best of 9: the floors and ours see the same machine load
        times["ours"].append(_best(lambda: gm11_batch(X, HORIZON), repeat=1))
        times["ours_fit"].append(_best(lambda: gm11_batch(X, HORIZON, diagnostics=False), repeat=1))
        times["kernel"].append(_best(lambda: kernel_only(X), repeat=1))
        for name, fn in floors.items():
            times[name].append(_best(lambda f=fn: f(X), repeat=1))
    best = {name: min(t) for name, t in times.items()}
    ours, ours_fit, kernel = best.pop("ours"), best.pop("ours_fit"), best.pop("kernel")
    bare = min(best.values())
    sub = X[:sample]
    peer_sample = _best(lambda: peer(sub), repeat=1)
    peer_full = peer_sample * n_series / sample
    r, P = gm11_batch(X, HORIZON), peer(sub)
    agree_floor = np.max(np.abs(r.forecast - floor(X)[2]) / np.abs(r.forecast))
    agree_peer = np.max(np.abs(r.forecast[:sample] - P) / np.abs(P))
    print(f"GM(1,1) fit + {HORIZON}-step forecast, {n_series:,} series x {n_years} years")
    print(f"{'ours (gm11_batch, with diagnostics)':44} {ours:9.4f} s")
    print(f"{'ours (gm11_batch, diagnostics=False)':44} {ours_fit:9.4f} s")
    print(f"{'ours, kernel only (no checks, no C/P)':44} {kernel:9.4f} s")
    for name, t in best.items():
        print(f"{'numpy floor, ' + name:44} {t:9.4f} s")
    print(f"{'peer greytheory loop (extrapolated)':44} {peer_full:9.4f} s"
          f"   [timed {sample:,} series: {peer_sample:.3f} s, x {n_series / sample:g}]")
    print(f"ratio ours / floor (fastest floor) = {ours / bare:.2f} with diagnostics, "
          f"{ours_fit / bare:.2f} fit + forecast only (target <= 2); "
          f"kernel only / floor = {kernel / bare:.2f}")
    print(f"ratio peer / ours = {peer_full / ours:.0f}")
    print(f"max relative difference of forecasts: vs floor {agree_floor:.1e}, "
          f"vs peer {agree_peer:.1e}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    main(*args)
