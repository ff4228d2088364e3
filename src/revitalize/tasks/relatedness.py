"""Relatedness and complexity as application tasks (issue 18): ``relatedness.opportunities``,
``relatedness.complexity`` and ``relatedness.validation``.

The region x industry matrices are built by
:func:`revitalize.relatedness.industry_matrices` from the provincial IO tables of the benchmark
years the request names (one catalog source per year), with the sector lists reconciled on
their common industries (named in ``meta``). Opportunities and complexity default to the
42-sector years 2002-2017 (all 31 provinces); the validation of entries defaults to
1997-2017 (five benchmark years, four transitions): the coarser 1997 list merges a few
industries, and Liaoning's and Sichuan's 1997 tables fail validation, so the validation's
common regions are 27 provinces (``meta["dropped_regions"]``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from revitalize.errors import InputError
from revitalize.results import Result, unique_provenance
from revitalize.tasks.base import Request, option, task

__all__ = ["DEFAULT_SOURCES", "VALIDATION_SOURCES", "ComplexityRequest", "OpportunitiesRequest",
           "ValidationRequest", "matrices_of"]

DEFAULT_SOURCES = ("cn_prov_io_2002_42", "cn_prov_io_2007_42", "cn_prov_io_2012_42",
                   "cn_prov_io_2017_42")
VALIDATION_SOURCES = ("cn_prov_io_1997_38", *DEFAULT_SOURCES)
NORTHEAST = ("210000", "220000", "230000")


def _measures() -> tuple[str, ...]:
    from revitalize.relatedness import PROXIMITY_MEASURES

    return tuple(PROXIMITY_MEASURES)


def _methods() -> tuple[str, ...]:
    from revitalize.relatedness import COMPLEXITY_METHODS

    return tuple(COMPLEXITY_METHODS)


@dataclass(frozen=True)
class _MatricesRequest(Request):
    source: tuple[str, ...] = option(DEFAULT_SOURCES, argument=True, convention=False,
                                     help="Provincial IO sources, one benchmark year each "
                                          "(datasets such as prov_io_2017, or files).")
    size: str = option("output", choices=("output", "value_added"),
                       help="Size of an industry in a region: total output or value added.")
    region_set: str = option("common", choices=("common", "all"),
                             help="Regions: those with a table in every year (common) or all "
                                  "(a region missing a year is an error).")
    threshold: float = option(1.0, minimum=0.0, help="RCA threshold of specialisation.")
    proximity: str = option("min_conditional", choices=_measures(),
                            help="Proximity between industries: min of the conditional "
                                 "probabilities (Hidalgo et al. 2007), cosine or association.")


def matrices_of(request: Any, catalog: Any):
    """The :class:`~revitalize.relatedness.IndustryMatrices` of the request's sources."""
    from revitalize.relatedness import industry_matrices
    from revitalize.tasks.structure import tables_by_year

    tables = tables_by_year(catalog, request.source)
    return industry_matrices(tables, measure=request.size, regions=request.region_set)


def _with(res: Result, im: Any, **more: Any) -> Result:
    meta = dict(res.meta)
    conventions = {**dict(meta.get("conventions", {})),
                   "industries": dict(im.meta.get("conventions", {}))}
    prov = unique_provenance([*(meta.get("provenance") or []), *(im.meta.get("provenance") or [])])
    meta.update(conventions=conventions, provenance=prov, **more)
    return replace(res, meta=MappingProxyType(meta))


def _year(request: Any, im: Any) -> int:
    years = sorted(im.matrices)
    year = years[-1] if request.year is None else int(request.year)
    if year not in years:
        raise InputError(f"no matrix of year {year}", field="year", expected=f"one of {years}")
    return year


# ---------------------------------------------------------------------------- opportunities
@dataclass(frozen=True)
class OpportunitiesRequest(_MatricesRequest):
    """Industries the focus regions do not yet specialise in (RCA below the threshold),
    ranked by relatedness density and industry complexity (PCI)."""

    year: int | None = option(None, short="y", convention=False,
                              help="Benchmark year of the opportunities (default the last).")
    regions: tuple[str, ...] = option(NORTHEAST, short="r", convention=False,
                                      help="Focus regions (any spelling; default the three "
                                           "Northeast provinces).")
    complexity_method: str = option("eigenvector", choices=_methods(),
                                    help="ECI/PCI by the eigenvector of Mcc or the method of "
                                         "reflections (shown equal in the tests).")
    density_weight: float = option(0.5, minimum=0.0, maximum=1.0,
                                   help="Weight of the standardised density in the score "
                                        "(1 - weight: of the standardised PCI).")


@task("relatedness.opportunities", OpportunitiesRequest,
      "Industries to grow next: relatedness density x complexity")
def run_opportunities(request: OpportunitiesRequest, catalog: Any) -> Result:
    from revitalize.model.regions import region_code
    from revitalize.relatedness import opportunities

    im = matrices_of(request, catalog)
    year = _year(request, im)
    regions = [region_code(r, where="regions") for r in request.regions]
    res = opportunities(im.matrices[year], regions=regions, threshold=request.threshold,
                        measure=request.proximity, complexity_method=request.complexity_method,
                        density_weight=request.density_weight,
                        industry_names=im.extra["industries"])
    return _with(res, im, year=year)


# ---------------------------------------------------------------------------- complexity
@dataclass(frozen=True)
class ComplexityRequest(_MatricesRequest):
    """Economic complexity of the regions (ECI, with diversity) in one benchmark year; with
    ``industries``, the industry complexity (PCI, with ubiquity)."""

    year: int | None = option(None, short="y", convention=False,
                              help="Benchmark year (default the last).")
    # ECI and PCI come from the specialisation matrix alone: no proximity is computed
    proximity: str = option("min_conditional", choices=_measures(), convention=False,
                            help="Not used by complexity (ECI and PCI need no proximity); "
                                 "accepted for the requests of opportunities and validation.")
    method: str = option("eigenvector", choices=_methods(),
                         help="Eigenvector of Mcc or the method of reflections.")
    industries: bool = option(False, help="PCI by industry instead of ECI by region.")


@task("relatedness.complexity", ComplexityRequest, "Economic (ECI) and industry (PCI) complexity")
def run_complexity(request: ComplexityRequest, catalog: Any) -> Result:
    from revitalize.relatedness import complexity, rca

    im = matrices_of(request, catalog)
    year = _year(request, im)
    spec = rca(im.matrices[year], threshold=request.threshold).specialisation
    res = complexity(spec, method=request.method)
    if request.industries:
        res = replace(res, table=res.extra["pci"])
    return _with(res, im, year=year)


# ---------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class ValidationRequest(_MatricesRequest):
    """Does relatedness density predict entries? Out-of-sample AUC of density (and of the
    no-relatedness baselines) for the industries each region enters (RCA crossing the
    threshold) between consecutive benchmark years, pooled and by transition."""

    source: tuple[str, ...] = option(VALIDATION_SOURCES, argument=True, convention=False,
                                     help="Provincial IO sources, one benchmark year each "
                                          "(default 1997-2017: the 1997 tables' 38-sector list "
                                          "is linked to the later 42-sector lists).")
    candidate_threshold: float | None = option(
        None, minimum=0.0, help="Candidates have RCA below this at the start (default the "
                                "threshold; Hidalgo et al. 2007 also use 0.5).")


@task("relatedness.validation", ValidationRequest, "Out-of-sample AUC of density for entries")
def run_validation(request: ValidationRequest, catalog: Any) -> Result:
    from revitalize.relatedness import entry_prediction

    im = matrices_of(request, catalog)
    if len(im.matrices) < 2:
        raise InputError(f"{len(im.matrices)} benchmark year(s)", field="source",
                         expected="two or more benchmark years")
    res = entry_prediction(im.matrices, threshold=request.threshold,
                           candidate_threshold=request.candidate_threshold,
                           measure=request.proximity)
    return _with(res, im, years=sorted(im.matrices),
                 regions=len(next(iter(im.matrices.values())).index),
                 dropped_regions=list(im.meta.get("dropped_regions", [])),
                 industries=len(im.extra["industries"]))
