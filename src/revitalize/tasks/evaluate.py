"""Evaluation as application tasks: ``evaluate.ahp``, ``entropy``, ``critic``, ``topsis``,
``gra``, ``coupling``, ``extension`` and ``system``.

The inputs are the user's files -- judgments (YAML, JSON, a filled Excel questionnaire), a
decision matrix or subsystem indices (UTF-8 CSV), an extension configuration (YAML) -- read
through the catalog's gate (:meth:`~revitalize.data.catalog.Catalog.local_file`: any file from
the Python API and the CLI, only the upload over HTTP) and parsed by one module,
:mod:`revitalize.evaluate.io`. ``system`` reads panels by name through the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, ClassVar

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["AhpRequest", "CouplingRequest", "CriticRequest", "EntropyRequest",
           "ExtensionRequest", "GraRequest", "SystemRequest", "TopsisRequest"]

_CRITERIA_HELP = ("Criteria: 'name:direction[:weight],...' with direction + (benefit) or - "
                  "(cost), e.g. 'gdp:+:0.3,co2:-:0.2'; a JSON list of {name, direction, weight}; "
                  "or a JSON/YAML file listing them.")
_ID_HELP = ("Column holding the alternative labels (default: 'alternative' if present, else the "
            "first column).")


def _file(catalog: Any, path: str, field: str = "source"):
    return catalog.local_file(path, field=field)


def _with_input(result: Result, path, **more: Any) -> Result:
    """The input file's provenance and ``more`` added to ``meta``."""
    from revitalize.results import Provenance

    prov = Provenance.from_file(path, source="user-supplied CSV", reader="pandas.read_csv")
    meta = {**result.meta, "provenance": [prov.to_dict()], **more}
    return replace(result, meta=MappingProxyType(meta))


# ---------------------------------------------------------------------------- AHP
@dataclass(frozen=True)
class AhpRequest(Request):
    """AHP weights, lambda_max, CI and CR of judgment matrices (one, a group, or a hierarchy).

    One matrix or a group gives {criterion, weight}; a hierarchy {criterion, parent, level,
    local_weight, weight (global), leaf}. Consistency warnings (CR above cr_threshold, naming
    the most inconsistent judgment) go to meta["warnings"]."""

    upload_kind: ClassVar[str] = "judgments"

    source: tuple[str, ...] = option(
        help="Judgments: a YAML/JSON file (one matrix, a group of experts, or a hierarchy), "
             "filled Excel questionnaires (several files: one per expert) or an .xlsx of plain "
             "n x n pairwise matrices (yaahp style: names along the first row and column).",
        argument=True,
        convention=False)
    method: str = option("eigenvector", choices=("eigenvector", "geometric", "arithmetic"),
                         help="Weights: eigenvector (principal eigenvector), geometric (row "
                              "geometric means) or arithmetic (normalised columns averaged).")
    ri_table: str = option("saaty1980", help="Random-index table for CR = CI/RI.")
    group: str = option("aij", choices=("aij", "aip"),
                        help="Several experts: aij (geometric mean of judgments) or aip (mean "
                             "of priorities).")
    aip_mean: str = option("arithmetic", choices=("arithmetic", "geometric"),
                           only_with={"group": ("aip",)},
                           help="Mean of priorities under group aip.")
    cr_threshold: float = option(0.1, minimum=0.0, maximum=1.0,
                                 help="CR above which a matrix is flagged (warning).")

    def __post_init__(self) -> None:
        from revitalize.evaluate.ahp_batch import RI_TABLES

        super().__post_init__()
        if self.ri_table not in RI_TABLES:
            raise InputError(f"unknown value {self.ri_table!r}", field="ri_table",
                             expected=f"one of {list(RI_TABLES)}")


@task("evaluate.ahp", AhpRequest, "AHP weights and consistency")
def run_ahp(request: AhpRequest, catalog: Any) -> Result:
    from revitalize.evaluate.ahp_io import ahp_from_files
    from revitalize.evaluate.io import require_utf8

    paths = [_file(catalog, p) for p in request.source]
    for path in paths:
        if path.suffix.lower() in (".yaml", ".yml", ".json"):
            require_utf8(path)
    res = ahp_from_files(paths, method=request.method, ri_table=request.ri_table,
                         group=request.group, aip_mean=request.aip_mean,
                         cr_threshold=request.cr_threshold)
    # meta["method"] names the analysis; the weighting rule is a convention. One matrix has no
    # group rule: the family then names none, and neither does the result.
    conventions = {"group": None, "aip_mean": None, **res.meta.get("conventions", {}),
                   "method": request.method}
    method = res.meta.get("method")
    method = "ahp" if method in ("eigenvector", "geometric", "arithmetic") else method
    return replace(res, meta=MappingProxyType({**res.meta, "method": method,
                                               "conventions": conventions}))


# ---------------------------------------------------------------------------- matrix methods
def _matrix_source():
    return option(help="Decision matrix: a UTF-8 CSV file, one row per alternative.",
                  argument=True, convention=False)


def _criteria():
    return option(help=_CRITERIA_HELP, convention=False, max_length=4000)


def _id_column():
    return option(None, help=_ID_HELP, convention=False, max_length=100)


def _weighting(spec_help: str):
    return option("spec", choices=("spec", "entropy", "critic", "equal"),
                  help=f"Criterion weights: 'spec' ({spec_help}), 'entropy' or 'critic' "
                       "(computed from the matrix), 'equal'.")


def _matrix(request: Any, catalog: Any):
    from revitalize.evaluate.io import parse_criteria, read_matrix

    path = _file(catalog, request.source)
    criteria = parse_criteria(request.criteria,
                              open_file=lambda p: _file(catalog, p, "criteria"))
    return path, criteria, read_matrix(path, criteria, request.id_column)


def _unused_weights(criteria, method: str) -> None:
    from revitalize.errors import DataQualityWarning, warn

    if any(c.weight is not None for c in criteria):
        warn(f"{method} computes the weights: the weights given in the criteria are ignored",
             DataQualityWarning, field="criteria")


@dataclass(frozen=True)
class EntropyRequest(Request):
    """Entropy weights of the criteria: {criterion, weight, entropy, divergence}.

    e_j = -(1/ln m) sum_i p_ij ln p_ij with p_ij the shares of the (standardised, shifted)
    values; d_j = 1 - e_j; w_j = d_j / sum d."""

    source: str = _matrix_source()
    criteria: str = _criteria()
    zero_handling: str = option("shift", choices=("shift", "zero_log"),
                                help="'shift': add epsilon to the standardised values; "
                                     "'zero_log': no shift, 0*ln(0) = 0.")
    epsilon: float = option(1e-4, minimum=0.0, only_with={"zero_handling": ("shift",)},
                            help="Shift of zero_handling shift.")
    standardisation: str = option("minmax", choices=("minmax", "none"),
                                  help="'minmax' (direction-aware) or 'none' (raw values >= 0).")
    id_column: str | None = _id_column()


@task("evaluate.entropy", EntropyRequest, "Entropy weights of criteria")
def run_entropy(request: EntropyRequest, catalog: Any) -> Result:
    from revitalize.evaluate.io import directions_of
    from revitalize.evaluate.weights import entropy_weights

    path, criteria, matrix = _matrix(request, catalog)
    _unused_weights(criteria, "entropy")
    res = entropy_weights(matrix, directions_of(criteria), zero_handling=request.zero_handling,
                          epsilon=request.epsilon, standardisation=request.standardisation,
                          name=path.name)
    return _with_input(res, path)


@dataclass(frozen=True)
class CriticRequest(Request):
    """CRITIC weights: {criterion, weight, std, conflict, information}.

    Diakoulaki, Mavrotas & Papayannakis (1995): C_j = sigma_j * sum_k (1 - r_jk) on
    direction-aware min-max values; w_j = C_j / sum C."""

    source: str = _matrix_source()
    criteria: str = _criteria()
    id_column: str | None = _id_column()


@task("evaluate.critic", CriticRequest, "CRITIC weights of criteria")
def run_critic(request: CriticRequest, catalog: Any) -> Result:
    from revitalize.evaluate.io import directions_of
    from revitalize.evaluate.weights import critic_weights

    path, criteria, matrix = _matrix(request, catalog)
    _unused_weights(criteria, "critic")
    return _with_input(critic_weights(matrix, directions_of(criteria), name=path.name), path)


@dataclass(frozen=True)
class TopsisRequest(Request):
    """TOPSIS ranking: {alternative, closeness, rank}; C = D- / (D+ + D-), rank 1 = best."""

    source: str = _matrix_source()
    criteria: str = _criteria()
    normalisation: str = option("vector", choices=("vector", "minmax"),
                                help="'vector' (x / sqrt(sum x^2), Hwang & Yoon) or 'minmax'.")
    weighting: str = _weighting("the weights of the criteria")
    id_column: str | None = _id_column()


@task("evaluate.topsis", TopsisRequest, "TOPSIS ranking by closeness to the ideal")
def run_topsis(request: TopsisRequest, catalog: Any) -> Result:
    from revitalize.evaluate.io import directions_of, objective_weights
    from revitalize.evaluate.topsis import topsis

    path, criteria, matrix = _matrix(request, catalog)
    weights = objective_weights(matrix, criteria, request.weighting)
    if weights is None:
        raise InputError("no criterion weights (no weights in the criteria)", field="criteria",
                         expected="name:direction:weight for every criterion, or "
                                  "--weighting entropy|critic|equal")
    res = topsis(matrix, weights, directions_of(criteria), normalisation=request.normalisation,
                 name=path.name)
    return _with_input(res, path, weighting=request.weighting)


@dataclass(frozen=True)
class GraRequest(Request):
    """Grey relational analysis: {alternative, grade, rank}; rank 1 = largest grade.

    xi_ij = (D_min + rho D_max) / (D_ij + rho D_max) with D_ij = |x*_0j - x*_ij|;
    grade = sum_j w_j xi_ij."""

    source: str = _matrix_source()
    criteria: str = _criteria()
    rho: float = option(0.5, help="Distinguishing coefficient, 0 < rho <= 1.")
    normalisation: str = option("minmax", choices=("minmax", "mean", "none"),
                                help="'minmax', 'mean' (x / mean) or 'none'.")
    reference: str = option("ideal", max_length=4000,
                            help="'ideal' (best value per criterion) or raw values "
                                 "'name:value,...'.")
    weighting: str = _weighting("the weights of the criteria, or equal weights when none are "
                                "given")
    id_column: str | None = _id_column()


@task("evaluate.gra", GraRequest, "Grey relational analysis")
def run_gra(request: GraRequest, catalog: Any) -> Result:
    from revitalize.evaluate.gra import grey_relational
    from revitalize.evaluate.io import directions_of, objective_weights, parse_reference

    path, criteria, matrix = _matrix(request, catalog)
    weights = objective_weights(matrix, criteria, request.weighting)
    res = grey_relational(matrix, weights, directions_of(criteria), rho=request.rho,
                          normalisation=request.normalisation,
                          reference=parse_reference(request.reference), name=path.name)
    return _with_input(res, path, weighting=request.weighting)


# ---------------------------------------------------------------------------- coupling
@dataclass(frozen=True)
class CouplingRequest(Request):
    """Coupling coordination degree: {region, year, C, T, D, class}; D = sqrt(C * T)."""

    source: str = option(help="CSV: region, [year,] one column per subsystem index in [0, 1].",
                         argument=True, convention=False)
    formula: str = option("standard", choices=("standard", "wang2021"),
                          help="Coupling C: 'standard' n*[prod U / (sum U)^n]^(1/n) or "
                               "'wang2021' (王淑佳 et al. 2021, 自然资源学报 36(3): 793-810).")
    weights: str | None = option(None, help="Subsystem weights beta of T = sum beta_i U_i: "
                                            "'U1:0.5,U2:0.5' or '0.5,0.5' (default equal).")
    scheme: str = option("ten_class", choices=("ten_class", "four_class"),
                         help="Grading of D: 'ten_class' (extreme disorder ... quality "
                              "coordination) or 'four_class' (0.3/0.5/0.8).")
    subsystems: tuple[str, ...] | None = option(None, convention=False,
                                                help="Subsystem columns (default: all but "
                                                     "region/year).")


@task("evaluate.coupling", CouplingRequest, "Coupling coordination degree")
def run_coupling(request: CouplingRequest, catalog: Any) -> Result:
    from revitalize.evaluate.coupling import coupling_coordination
    from revitalize.evaluate.io import parse_subsystem_weights, read_indices

    path = _file(catalog, request.source)
    frame = read_indices(path, list(request.subsystems or ()) or None)
    res = coupling_coordination(frame, formula=request.formula,
                                weights=parse_subsystem_weights(request.weights),
                                scheme=request.scheme, name=path.name)
    return _with_input(res, path)


# ---------------------------------------------------------------------------- extension, system
@dataclass(frozen=True)
class ExtensionRequest(Request):
    """Grade objects by matter-element extension evaluation (Cai Wen): degrees K_j per grade,
    the grade of largest degree and the grade-variable characteristic value j*."""

    upload_kind: ClassVar[str] = "judgments"

    source: str = option(help="YAML configuration: grades, indicators with nodal and classical "
                              "domains and weights (and objects).", argument=True,
                         convention=False)
    values: str | None = option(None, convention=False,
                                help="Objects to grade: CSV (object, one column per indicator) "
                                     "or YAML {object: {indicator: value}}; default: the "
                                     "objects in the configuration.")
    variant: str | None = option(None, choices=("elementary", "simple"),
                                 help="Dependent function: elementary (default of the "
                                      "configuration or Cai's piecewise form) or simple.")
    outside: str | None = option(None, choices=("raise", "clip", "allow"),
                                 help="Values outside the nodal domain: raise (default), clip "
                                      "(to the nodal bound, warned) or allow.")


@task("evaluate.extension", ExtensionRequest, "Matter-element extension evaluation")
def run_extension(request: ExtensionRequest, catalog: Any) -> Result:
    from revitalize.evaluate.extension import (
        evaluate_extension,
        load_extension_config,
        read_extension_values,
    )

    config = _file(catalog, request.source)
    model, objects, options = load_extension_config(config)
    if request.values is not None:
        objects = read_extension_values(_file(catalog, request.values, "values"))
    if objects is None:
        raise InputError("no objects to evaluate", file=config.name, field="values",
                         expected="objects in the configuration or a values file")
    options.update({k: v for k, v in (("variant", request.variant),
                                      ("outside", request.outside)) if v})
    return evaluate_extension(objects, model, **options)


@dataclass(frozen=True)
class SystemRequest(Request):
    """Evaluate an indicator system for every province and year with complete data: subsystem
    indices, overall score, rank within the year and coupling coordination. Ranks and the
    min-max normalisation always use every province; years/region only select rows."""

    deprecated_names: ClassVar[dict[str, str]] = {"weights": "weighting", "data": "panels"}

    system: str = option(help="Indicator system: a shipped name (five_securities, "
                              "economy_society_environment) or a YAML file.", argument=True,
                         convention=False)
    panels: tuple[str, ...] = option(
        help="Panels, as [dataset=]ref: a dataset name (store, mirror, bundle), a panel CSV "
             "file or a directory holding the datasets (e.g. ../shared/data; not over HTTP).",
        convention=False)
    years: str | None = option(None, short="y", convention=False,
                               help="Years reported: 2015, 2011-2015 or 2011,2015.")
    region: tuple[str, ...] | None = option(None, short="r", convention=False,
                                            help="Regions reported (any spelling; NE = the "
                                                 "three Northeast provinces).")
    weighting: str | None = option(None, choices=("equal", "entropy", "critic"),
                                   help="Override every declared weight method.")
    coupling: bool = option(True, help="Add the coupling coordination of the subsystems.")


def parse_year_list(text: str | None, field: str = "years") -> list[int] | None:
    """``"2015"``, ``"2011-2015"`` or ``"2011,2013,2015-2016"`` -> sorted years."""
    import re

    if text is None:
        return None
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        m = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", part)
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise InputError(f"years {part!r}", field=field,
                             expected="YYYY, YYYY-YYYY (ascending) or a comma-separated list")
        years.update(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
    if not years:
        raise InputError("no years given", field=field, expected="e.g. 2011-2015")
    return sorted(years)


def _system_panels(refs: tuple[str, ...], needed: list[str], catalog: Any) -> dict:
    from pathlib import Path

    from revitalize.evaluate.system import load_panels

    panels: dict = {}
    for item in refs:
        name, _, ref = item.rpartition("=")
        path = Path(ref).expanduser()
        if catalog.allow_files and path.is_dir():
            panels.update(load_panels([item], needed=needed))
        elif Path(ref).suffix:
            panels.update(load_panels([f"{name}={_file(catalog, ref, 'panels')}" if name
                                       else str(_file(catalog, ref, "panels"))]))
        else:
            panels[name or ref] = catalog.panel(ref)
    return panels


@task("evaluate.system", SystemRequest, "Indicator system: indices, score, rank, coupling")
def run_system(request: SystemRequest, catalog: Any) -> Result:
    from revitalize.evaluate.system import evaluate_system
    from revitalize.evaluate.systems import available_systems, load_system

    name = request.system
    # a shipped system by name; a .yaml/.json file only where the catalog may read this
    # machine's files (never over HTTP); anything else is an unknown name
    if name in available_systems():
        spec = load_system(name)
    elif name.lower().endswith((".yaml", ".yml", ".json")):
        spec = load_system(_file(catalog, name))
    else:
        from revitalize.errors import UnknownLabelError

        raise UnknownLabelError(f"no indicator system {name!r}", field="system",
                                expected=f"one of {sorted(available_systems())} or a YAML file")
    panels = _system_panels(request.panels, spec.datasets_needed(), catalog)
    return evaluate_system(spec, panels, years=parse_year_list(request.years),
                           regions=list(request.region) if request.region else None,
                           weight_method=request.weighting, coupling=request.coupling)
