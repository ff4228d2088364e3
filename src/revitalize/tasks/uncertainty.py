"""Uncertainty of rankings as application tasks: ``uncertainty.io``, ``uncertainty.ahp``,
``uncertainty.flq`` and ``uncertainty.entropy`` (``uncertainty.mcda``, SMAA-2, lives with the
ranking methods in :mod:`revitalize.tasks.mcda`).

Each request says *what* to draw: the data (through the catalog, as the family's other tasks),
the noise, the number of draws, the seed and chunk size (together the reproducibility key: the
same seed and chunk size give the same numbers on any backend) and the interval level.

*Where* the draws run is not part of the request: a Dask LocalCluster (``workers``), an
existing Dask cluster (``scheduler``), local threads and a progress bar are choices of the
machine that runs the task, made by a door with :func:`execution` (the CLI's ``--workers``,
``--scheduler``, ``--threads``, ``--progress``). The HTTP API never sets it, so a request over
HTTP cannot reach a cluster or start processes; it runs locally. ``meta["execution"]`` records
the backend used. See :mod:`revitalize.uncertainty` for the methods and their sources.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, ClassVar

from revitalize.results import Result
from revitalize.tasks.base import Request, option, task
from revitalize.tasks.io import _TableRequest, pick_table
from revitalize.tasks.io_regional import (
    from_provincial_option,
    region_option,
    regional_input,
    regional_output_option,
    source_option,
    technology_option,
)

__all__ = ["AhpMonteCarloRequest", "EntropyBootstrapRequest", "FlqMonteCarloRequest",
           "IOMonteCarloRequest", "execution"]

_EXECUTION: ContextVar[MappingProxyType] = ContextVar("revitalize_mc_execution",
                                                      default=MappingProxyType({}))


@contextlib.contextmanager
def execution(*, workers: int | None = None, scheduler: str | None = None,
              threads: int | None = None, progress: bool = False) -> Iterator[None]:
    """Run the Monte Carlo tasks of this context on a Dask LocalCluster of ``workers``
    processes, on the Dask cluster at ``scheduler`` (e.g. ``tcp://host:8786``) or locally on
    ``threads`` threads, with a progress bar on standard error when ``progress``.

    Only a door of this machine (the CLI, the Python API) sets it; it never changes the
    numbers (see :mod:`revitalize.uncertainty.backends`)."""
    token = _EXECUTION.set(MappingProxyType({"workers": workers, "scheduler": scheduler,
                                             "threads": threads, "progress": bool(progress)}))
    try:
        yield
    finally:
        _EXECUTION.reset(token)


def _draws():
    return option(1000, minimum=1, maximum=1_000_000, help="Number of draws.")


def _seed():
    return option(None, minimum=0, help="Seed (default: fresh entropy, recorded in meta).")


def _chunk_size():
    return option(None, minimum=1, help="Draws per chunk (default: 512, fewer for large "
                                        "problems); part of the reproducibility key with seed.")


def _level():
    return option(0.9, minimum=0.01, maximum=0.999, help="Level of the percentile intervals.")


def _run_options(request: Any) -> dict[str, Any]:
    """The drivers' common keywords: the request's draws and the door's execution."""
    return {"draws": request.draws, "seed": request.seed, "chunk_size": request.chunk_size,
            "level": request.level, **_EXECUTION.get()}


def _with_provenance(result: Result, *provenance: Any, **more: Any) -> Result:
    meta = dict(result.meta)
    if provenance:
        meta["provenance"] = list(meta.get("provenance") or []) + [p.to_dict()
                                                                    for p in provenance]
    return replace(result, meta=MappingProxyType({**meta, **more}))


# ---------------------------------------------------------------------------- io
@dataclass(frozen=True)
class IOMonteCarloRequest(_TableRequest):
    """Monte Carlo of influence/sensitivity coefficients, key-sector classes and ranks under
    multiplicative noise on the technical coefficients a_ij."""

    distribution: str = option("lognormal", choices=("lognormal", "uniform"),
                               help="Noise on every a_ij: lognormal (eps = exp(sigma z)) or "
                                    "uniform (eps ~ U(1-h, 1+h)).")
    sigma: float | None = option(None, only_with={"distribution": ("lognormal",)},
                                 help="Lognormal sigma (default 0.1).")
    half_width: float | None = option(None, only_with={"distribution": ("uniform",)},
                                      help="Uniform half-width h, 0 <= h < 1 (default 0.1, "
                                           "i.e. +-10%).")
    column_rule: str = option("redraw", choices=("redraw", "rescale", "raise"),
                              help="Drawn columns of A summing to >= 1: redraw, rescale (to the "
                                   "point column sum) or raise.")
    structure: str = option("cell", choices=("cell", "row_column"),
                            help="Noise per cell, or per row and column (all draws of a chunk "
                                 "solved together).")
    forward: str = option("leontief", choices=("leontief", "ghosh"),
                          help="Forward linkage: row sums of L (leontief) or of G (ghosh).")
    influence_weights: str = option("none", choices=("none", "final_demand", "output",
                                                     "value_added"),
                                    help="Weights of the influence coefficient's mean.")
    sensitivity_weights: str = option("none", choices=("none", "final_demand", "output",
                                                       "value_added"),
                                      help="Weights of the sensitivity coefficient's mean.")
    rank_by: str = option("influence_coefficient",
                          choices=("influence_coefficient", "sensitivity_coefficient",
                                   "output_multiplier", "forward_linkage"),
                          help="The ranked metric (rank 1 = largest).")
    draws: int = _draws()
    seed: int | None = _seed()
    chunk_size: int | None = _chunk_size()
    level: float = _level()


@task("uncertainty.io", IOMonteCarloRequest, "Monte Carlo of IO linkages and key sectors")
def run_io(request: IOMonteCarloRequest, catalog: Any) -> Result:
    from revitalize.uncertainty.io_mc import io_monte_carlo

    table = pick_table(request, catalog)
    return io_monte_carlo(table, distribution=request.distribution, sigma=request.sigma,
                          half_width=request.half_width, column_rule=request.column_rule,
                          structure=request.structure, forward=request.forward,
                          influence_weights=request.influence_weights,
                          sensitivity_weights=request.sensitivity_weights,
                          rank_by=request.rank_by, technology=request.technology,
                          import_share=request.import_share, zero_output=request.zero_output,
                          **_run_options(request))


# ---------------------------------------------------------------------------- ahp
@dataclass(frozen=True)
class AhpMonteCarloRequest(Request):
    """Monte Carlo of AHP (global) weights and ranks under perturbed judgments or resampled
    experts; meta["node_consistency"] gives each node's share of draws with CR <= threshold."""

    upload_kind: ClassVar[str] = "judgments"

    source: str = option(help="Judgments: YAML/JSON (one matrix, a group of experts, a "
                              "hierarchy) or a filled Excel questionnaire.", argument=True,
                         convention=False)
    steps: int = option(1, minimum=1, maximum=8,
                        help="A moved judgment moves by 1..steps steps on the Saaty scale.")
    probability: float = option(0.2, minimum=0.0, maximum=1.0,
                                help="Probability that a judgment moves (0 disables).")
    resample_experts: bool = option(False, help="Bootstrap the experts of every group node.")
    method: str = option("eigenvector", choices=("eigenvector", "geometric", "arithmetic"),
                         help="Weights: eigenvector, geometric or arithmetic.")
    ri_table: str = option("saaty1980", help="Random-index table.")
    cr_threshold: float = option(0.1, minimum=0.0, maximum=1.0,
                                 help="CR counted as consistent (share in meta).")
    draws: int = _draws()
    seed: int | None = _seed()
    chunk_size: int | None = _chunk_size()
    level: float = _level()


@task("uncertainty.ahp", AhpMonteCarloRequest, "Monte Carlo of AHP weights and ranks")
def run_ahp(request: AhpMonteCarloRequest, catalog: Any) -> Result:
    from revitalize.uncertainty.ahp_mc import ahp_monte_carlo

    path = catalog.local_file(request.source, field="source")
    res = ahp_monte_carlo(path, steps=request.steps, probability=request.probability,
                          resample_experts=request.resample_experts, method=request.method,
                          ri_table=request.ri_table, cr_threshold=request.cr_threshold,
                          name=path.name, **_run_options(request))
    cons = res.extra["consistency"].reset_index().to_dict(orient="records")
    return _with_provenance(res, node_consistency=cons)


# ---------------------------------------------------------------------------- flq
@dataclass(frozen=True)
class FlqMonteCarloRequest(Request):
    """Monte Carlo of regional multipliers, linkages, key-sector classes and ranks over a
    distribution of the FLQ/AFLQ delta."""

    source: str = source_option()
    region: str = region_option()
    from_provincial: str | None = from_provincial_option()
    regional_output: str | None = regional_output_option()
    delta: str = option("uniform(0.1, 0.4)",
                        help="Distribution of delta: uniform(a, b), triangular(a, mode, b) or "
                             "fixed(d).", max_length=100)
    method: str = option("flq", choices=("flq", "aflq"), help="flq or aflq.")
    diagonal: str = option("slq", choices=("slq", "cilq"),
                           help="Diagonal rule: slq (Smith-Morrison) or cilq.")
    rank_by: str = option("output_multiplier",
                          choices=("output_multiplier", "influence", "sensitivity"),
                          help="The ranked metric (rank 1 = largest).")
    year: int | None = option(None, help="Year to pick from a source of several years.",
                              short="y", convention=False)
    technology: str = technology_option()
    draws: int = _draws()
    seed: int | None = _seed()
    chunk_size: int | None = _chunk_size()
    level: float = _level()


@task("uncertainty.flq", FlqMonteCarloRequest, "Monte Carlo over the FLQ/AFLQ delta")
def run_flq(request: FlqMonteCarloRequest, catalog: Any) -> Result:
    from revitalize.model.regions import region_code
    from revitalize.uncertainty.flq_mc import flq_monte_carlo

    code = region_code(request.region, where="region")
    national = catalog.io_table(request.source, year=request.year)
    regional, prov = regional_input(request, national, code, catalog)
    return flq_monte_carlo(national, regional, delta=request.delta, method=request.method,
                           diagonal=request.diagonal, technology=request.technology,
                           rank_by=request.rank_by, region=code, source=prov,
                           **_run_options(request))


# ---------------------------------------------------------------------------- entropy
@dataclass(frozen=True)
class EntropyBootstrapRequest(Request):
    """Bootstrap (alternatives resampled with replacement) of entropy weights, and of the
    alternatives' scores and ranks with score weighted_sum or topsis."""

    source: str = option(help="Decision matrix: a UTF-8 CSV file, one row per alternative.",
                         argument=True, convention=False)
    criteria: str = option(help="Criteria 'name:direction,...' (+ benefit, - cost), a JSON "
                                "list, or a JSON/YAML file (as evaluate entropy).",
                           convention=False, max_length=4000)
    id_column: str | None = option(None, help="Column of the alternative labels.",
                                   convention=False, max_length=100)
    score: str = option("none", choices=("none", "weighted_sum", "topsis"),
                        help="none (rank the criteria by weight), weighted_sum "
                             "(entropy-weighted index of min-max values) or topsis.")
    normalisation: str = option("vector", choices=("vector", "minmax"),
                                only_with={"score": ("topsis",)},
                                help="TOPSIS normalisation (only with --score topsis).")
    zero_handling: str = option("shift", choices=("shift", "zero_log"),
                                help="shift (add epsilon) or zero_log (0 ln 0 = 0).")
    epsilon: float = option(1e-4, minimum=0.0, only_with={"zero_handling": ("shift",)},
                            help="Shift of zero_handling shift.")
    standardisation: str = option("minmax", choices=("minmax", "none"),
                                  help="minmax (direction-aware) or none.")
    draws: int = _draws()
    seed: int | None = _seed()
    chunk_size: int | None = _chunk_size()
    level: float = _level()


@task("uncertainty.entropy", EntropyBootstrapRequest, "Bootstrap of entropy weights and ranks")
def run_entropy(request: EntropyBootstrapRequest, catalog: Any) -> Result:
    from revitalize.evaluate.io import directions_of, parse_criteria, read_matrix
    from revitalize.results import Provenance
    from revitalize.uncertainty.entropy_mc import entropy_bootstrap

    path = catalog.local_file(request.source, field="source")
    spec = parse_criteria(request.criteria,
                          open_file=lambda p: catalog.local_file(p, field="criteria"))
    frame = read_matrix(path, spec, request.id_column)
    res = entropy_bootstrap(frame, directions_of(spec), score=request.score,
                            normalisation=request.normalisation,
                            zero_handling=request.zero_handling, epsilon=request.epsilon,
                            standardisation=request.standardisation, name=path.name,
                            **_run_options(request))
    prov = Provenance.from_file(path, source="user-supplied CSV", reader="pandas.read_csv")
    return _with_provenance(res, prov)
