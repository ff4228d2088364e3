"""Monte Carlo of FLQ/AFLQ regionalization over a distribution of ``delta``.

Flegg & Tohmo (2013, *Regional Studies* 47(5)) find the best ``delta`` between about 0.1 and
0.4 depending on the region; rather than one value, each draw takes ``delta`` from a named
distribution (default ``uniform(0.1, 0.4)``; :mod:`revitalize.uncertainty.draws`) and
recomputes the regional model with the kernels of :mod:`revitalize.io.regionalize`:

* ``lambda(delta) = [log2(1 + x^r / x^n)]^delta`` (:func:`~revitalize.io.regionalize.flq_lambda`,
  batched over the draws);
* ``FLQ_ij(delta) = CILQ_ij lambda(delta)`` (AFLQ with its ``log2(1 + SLQ_j)`` factor): since
  ``lambda(0) = 1``, the quotients of a draw are those of
  :func:`~revitalize.io.regionalize.location_quotients` at ``delta = 0`` times the draw's
  ``lambda`` -- computed once;
* ``a^r_ij = min(1, FLQ_ij) a^n_ij`` (:func:`~revitalize.io.regionalize.regional_coefficients`,
  broadcast over the stack);
* ``L^r = (I - A^r)^-1`` by two batched solves per draw: column sums (the output multipliers
  ``m_j``) and row sums; influence ``n m_j / sum_j m_j`` and sensitivity (row sums over their
  mean) exactly as :func:`~revitalize.io.regionalize.regionalize` reports them (Rasmussen 1956,
  unweighted, Leontief rows); key-sector classes as :mod:`revitalize.io.linkages`.

The point estimate is :func:`~revitalize.io.regionalize.regionalize` at the distribution's
central ``delta`` (midpoint of a uniform, mode of a triangular, the fixed value).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.io.linkages import KEY_SECTOR_CLASSES
from revitalize.io.regionalize import location_quotients, regional_coefficients, regionalize
from revitalize.model.table import IOTable
from revitalize.results import build_meta
from revitalize.uncertainty.backends import RunOptions, run_chunks, run_options
from revitalize.uncertainty.draws import DeltaDistribution, parse_delta_distribution
from revitalize.uncertainty.io_mc import (
    CLASS_NAMES,
    batched_dispersion_index,
    class_codes,
    leontief_sums,
)
from revitalize.uncertainty.results import MonteCarloResult, assemble, batched_rank

__all__ = ["FLQ_METRICS", "flq_lambdas", "flq_monte_carlo"]

FLQ_METRICS = ("output_multiplier", "influence", "sensitivity")
DEFAULT_DELTA_DISTRIBUTION = "uniform(0.1, 0.4)"


def flq_lambdas(regional_share: float, deltas: np.ndarray) -> np.ndarray:
    """:func:`revitalize.io.regionalize.flq_lambda` for an array of deltas:
    ``[log2(1 + x^r/x^n)]^delta``."""
    return np.log2(1.0 + regional_share) ** np.asarray(deltas, dtype=float)


@dataclass(frozen=True)
class FLQPayload:
    """Quotients at ``delta = 0``, national coefficients, regional share, delta distribution."""

    quotients: np.ndarray
    A_national: np.ndarray
    share: float
    delta: DeltaDistribution
    rank_by: str


def _flq_chunk(p: FLQPayload, rng: np.random.Generator, k: int) -> dict[str, np.ndarray]:
    deltas = p.delta.draw(rng, k)
    lam = flq_lambdas(p.share, deltas)
    n = p.A_national.shape[0]
    M = regional_coefficients(p.A_national, p.quotients * lam[:, np.newaxis, np.newaxis])
    np.negative(M, out=M)
    M[:, np.arange(n), np.arange(n)] += 1.0
    col, row = leontief_sums(M, np.ones(n), "leontief")
    equal = np.full(n, 1.0 / n)
    influence = batched_dispersion_index(col, equal)
    sensitivity = batched_dispersion_index(row, equal)
    out = {"output_multiplier": col, "influence": influence, "sensitivity": sensitivity}
    out["rank"] = batched_rank(out[p.rank_by])
    out["class"] = class_codes(influence, sensitivity)
    out["delta"], out["lambda"] = deltas, lam
    return out


def _meta(point, p: FLQPayload, opts: RunOptions, method: str):
    conv = dict(point.meta["conventions"])
    conv.update(delta=p.delta.describe(), point_delta=p.delta.central(),
                delta_rule="each draw takes delta from the distribution; lambda = "
                           "[log2(1 + x^r/x^n)]^delta; FLQ(delta) = LQ(delta = 0) * lambda",
                solver="two batched LU solves per draw (numpy.linalg.solve over (k, n, n) "
                       "stacks)",
                key_sector_rule="influence > 1 and sensitivity > 1 (Rasmussen, unweighted)")
    m = point.meta
    meta = build_meta(f"monte_carlo io_regionalize ({method})", conventions=conv,
                      region=m["region"], national=m["national"], year=m["year"],
                      unit=m["unit"], regional_share=p.share, rank_by=p.rank_by,
                      key_sector_classes=KEY_SECTOR_CLASSES, **opts.meta())
    return MappingProxyType({**meta, "provenance": list(m["provenance"])})


def flq_monte_carlo(national: IOTable, regional_output: pd.Series | IOTable, *,
                    delta=DEFAULT_DELTA_DISTRIBUTION, method: str = "flq",
                    diagonal: str = "slq", technology: str = "domestic",
                    rank_by: str = "output_multiplier", draws: int = 1000,
                    level: float = 0.9, seed: int | None = None, chunk_size: int | None = None,
                    workers: int | None = None, scheduler: str | None = None,
                    threads: int | None = None, progress: bool = False,
                    region: str | None = None, source=None) -> MonteCarloResult:
    """Distribution of regional multipliers, linkages, key-sector classes and ranks over delta.

    Parameters
    ----------
    national, regional_output, diagonal, technology, region, source
        As :func:`revitalize.io.regionalize.regionalize` (which validates them).
    delta
        Distribution of ``delta``: ``"uniform(a, b)"`` (default ``uniform(0.1, 0.4)``),
        ``"triangular(a, mode, b)"``, ``"fixed(d)"``, or a tuple ``("uniform", a, b)``.
    method
        ``"flq"`` (default) or ``"aflq"`` (SLQ and CILQ have no delta).
    rank_by
        ``"output_multiplier"`` (default), ``"influence"`` or ``"sensitivity"``.
    draws, level, seed, chunk_size, workers, scheduler, threads, progress
        As :func:`revitalize.uncertainty.io_mc.io_monte_carlo`.
    """
    dist = parse_delta_distribution(delta)
    if method not in ("flq", "aflq"):
        raise InputError(f"method {method!r} has no delta", field="method",
                         expected="'flq' or 'aflq'")
    if rank_by not in FLQ_METRICS:
        raise InputError(f"unknown rank_by {rank_by!r}", field="rank_by",
                         expected=f"one of {list(FLQ_METRICS)}")
    point = regionalize(national, regional_output, method=method, delta=dist.central(),
                        diagonal=diagonal, technology=technology, region=region, source=source)
    opts = run_options(draws=draws, seed=seed, chunk_size=chunk_size, level=level,
                       workers=workers, scheduler=scheduler, threads=threads,
                       progress=progress, problem_size=national.n)
    t = point.table
    xr, xn = t["regional_output"].to_numpy(float), t["national_output"].to_numpy(float)
    payload = FLQPayload(quotients=location_quotients(xr, xn, method, 0.0, diagonal),
                         A_national=point.extra["A_national"].to_numpy(float),
                         share=float(xr.sum() / xn.sum()), delta=dist, rank_by=rank_by)
    combined = run_chunks(_flq_chunk, payload, opts, label=f"{method} regionalization")
    values = {m: t[m].to_numpy(float) for m in FLQ_METRICS}
    point_class = class_codes(values["influence"], values["sensitivity"])
    return assemble(t.index, t[["name"]], values, batched_rank(values[rank_by]), combined,
                    opts.level, _meta(point, payload, opts, method), class_names=CLASS_NAMES,
                    point_class=point_class, per_draw=("delta", "lambda"))
