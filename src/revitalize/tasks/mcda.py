"""Decision methods at full breadth as application tasks (issue 17): ``evaluate.vikor``,
``promethee``, ``edas``, ``codas``, ``mabac``, ``cocoso``, ``waspas``, ``moora``, ``bwm`` and
``compare``, and the rank stability ``uncertainty.mcda`` (SMAA-2).

A decision matrix comes from one of two kinds of ``source``, both through the catalog:

* a **panel** (a stored, mirrored or bundled dataset such as ``prov_energy_panel``, or a panel
  file) with a ``year``: one row per province, one column per criterion; a criterion is a panel
  indicator or the ratio of two (``energy_consumption/gdp``: energy per unit of GDP), so
  intensities are built from the published levels in one place. Provinces lacking a value are
  left out with a warning naming them;
* a **decision-matrix CSV** (no ``year``): one row per alternative, read by
  :func:`revitalize.evaluate.io.read_matrix` as ``evaluate topsis`` reads it.

The default is the provinces of the bundled energy panel in 2017 under five criteria (GDP per
capita, the tertiary share of GDP, and energy, SO2 and apparent CO2 per unit of GDP) with entropy
weights. Criterion weights: those of the criteria spec (``weighting=spec``) or computed
(``entropy``, ``critic``, ``equal``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, warn
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["BwmRequest", "CocosoRequest", "CodasRequest", "CompareRequest", "DEFAULT_CRITERIA",
           "EdasRequest", "MabacRequest", "MooraRequest", "PrometheeRequest", "SmaaRequest",
           "VikorRequest", "WaspasRequest", "decision_matrix"]

DEFAULT_SOURCE = "cn_prov_energy_panel"
DEFAULT_CRITERIA = ("gdp_per_capita:+,va_tertiary/gdp:+,energy_consumption/gdp:-,"
                    "so2_emissions/gdp:-,co2_emissions_apparent/gdp:-")
_CRITERIA_HELP = ("Criteria 'name:direction[:weight],...' (direction + benefit, - cost); with a "
                  "panel a name is an indicator or a ratio of two ('energy_consumption/gdp'). "
                  "A JSON list of {name, direction, weight} or a JSON/YAML file also work.")


def _source():
    return option(DEFAULT_SOURCE, argument=True, convention=False,
                  help="A panel dataset or file (with --year: provinces x indicators) or a "
                       f"decision-matrix CSV (without --year). Default {DEFAULT_SOURCE}.")


def _year():
    return option(2017, short="y", convention=False,
                  help="Year of the panel's cross-section (None/empty: the source is a "
                       "decision-matrix CSV).")


def _criteria():
    return option(DEFAULT_CRITERIA, help=_CRITERIA_HELP, convention=False, max_length=4000)


def _regions():
    return option(None, short="r", convention=False,
                  help="Alternatives of a panel: provinces or regions whose member provinces "
                       "are kept (default: the 31 provinces).")


def _weighting():
    return option("entropy", choices=("spec", "entropy", "critic", "equal"),
                  help="Criterion weights: 'spec' (given in the criteria), 'entropy' or "
                       "'critic' (computed from the matrix) or 'equal'.")


def _id_column():
    return option(None, convention=False, max_length=100,
                  help="CSV column of the alternative labels (default 'alternative', else "
                       "the first column).")


@dataclass(frozen=True)
class _MatrixRequest(Request):
    source: str = _source()
    year: int | None = _year()
    criteria: str = _criteria()
    regions: tuple[str, ...] | None = _regions()
    weighting: str = _weighting()
    id_column: str | None = _id_column()


# ---------------------------------------------------------------------------- the matrix
def _indicator(panel: Any, name: str, year: int) -> pd.Series:
    d = panel.data
    d = d[(d["indicator"] == name) & (d["year"] == year)]
    if d.empty:
        have = sorted(set(panel.data.loc[panel.data["year"] == year, "indicator"]))
        raise UnknownLabelError(f"no indicator {name!r} in {year}", field="criteria",
                                expected=f"indicators of the panel in {year}: {have[:30]}")
    return d.set_index("region")["value"].astype(float)


def _panel_matrix(panel: Any, names: list[str], year: int,
                  regions: tuple[str, ...] | None) -> tuple[pd.DataFrame, dict[str, str]]:
    from revitalize.model.regions import REGIONS, members

    codes = list(dict.fromkeys(c for r in (regions or ("000000",)) for c in members(r)))
    cols, units = {}, {}
    for name in names:
        num, _, den = name.partition("/")
        value = _indicator(panel, num.strip(), year)
        unit = panel.unit_of(num.strip())
        if den:
            value = value / _indicator(panel, den.strip(), year)
            unit = f"{unit} per {panel.unit_of(den.strip())}"
        cols[name], units[name] = value.reindex(codes), unit
    frame = pd.DataFrame(cols, index=pd.Index(codes, name="alternative"))
    bad = frame.index[~np.isfinite(frame.to_numpy()).all(axis=1)]
    if len(bad):
        names_ = ", ".join(f"{c} {REGIONS[c].name_en}" if c in REGIONS else c for c in bad)
        warn(f"left out (a criterion missing in {year}): {names_}", DataQualityWarning,
             field="regions")
        frame = frame.drop(index=bad)
    if len(frame) < 2:
        raise InputError(f"{len(frame)} alternative(s) with every criterion in {year}",
                         field="year", expected="a year with at least two complete provinces")
    return frame, units


def decision_matrix(request: Any, catalog: Any, *, need_weights: bool = True
                    ) -> tuple[pd.DataFrame, dict, Any, dict]:
    """``(matrix, directions, weights, facts)`` of a matrix request: ``facts`` holds what
    ``meta`` records (kind of source, year, units). Without ``need_weights`` (SMAA drawing the
    weights on the simplex) the weighting is neither computed nor required: weights None."""
    from revitalize.evaluate.io import (
        directions_of,
        objective_weights,
        parse_criteria,
        read_matrix,
    )

    criteria = parse_criteria(request.criteria,
                              open_file=lambda p: catalog.local_file(p, field="criteria"))
    if request.year is not None:
        panel = catalog.panel(request.source)
        matrix, units = _panel_matrix(panel, [c.name for c in criteria], request.year,
                                      request.regions)
        facts = {"matrix": "panel cross-section", "year": request.year, "units": units,
                 "provenance": [panel.provenance.to_dict()]
                 if getattr(panel, "provenance", None) is not None else []}
    else:
        if request.regions:
            raise InputError("regions select provinces of a panel", field="regions",
                             expected="a panel source with --year, or no --regions")
        path = catalog.local_file(request.source, field="source")
        matrix = read_matrix(path, criteria, request.id_column)
        from revitalize.results import Provenance

        prov = Provenance.from_file(path, source="user-supplied CSV", reader="pandas.read_csv")
        facts = {"matrix": "decision-matrix CSV", "provenance": [prov.to_dict()]}
    if not need_weights:
        return matrix, directions_of(criteria), None, facts
    weights = objective_weights(matrix, criteria, request.weighting)
    if weights is None:
        raise InputError("no criterion weights", field="criteria",
                         expected="name:direction:weight for every criterion, or --weighting "
                                  "entropy|critic|equal")
    return matrix, directions_of(criteria), weights, facts


def _finish(result: Result, facts: dict, weights: Any, **more: Any) -> Result:
    meta = dict(result.meta)
    prov = list(meta.get("provenance") or []) + list(facts.get("provenance", []))
    w = {str(k): float(v) for k, v in dict(weights).items()}
    meta.update({k: v for k, v in facts.items() if k != "provenance"}, provenance=prov,
                weights=w, **more)
    return replace(result, meta=MappingProxyType(meta))


def _ranked(method: str, request: Any, catalog: Any, **options: Any) -> Result:
    from revitalize.evaluate.methods import rank

    X, directions, weights, facts = decision_matrix(request, catalog)
    return _finish(rank(method, X, weights, directions, **options), facts, weights)


# ---------------------------------------------------------------------------- ranking methods
@dataclass(frozen=True)
class VikorRequest(_MatrixRequest):
    """VIKOR (Opricovic & Tzeng 2004): S, R, Q (smaller is better), the two acceptance
    conditions and the compromise set."""

    v: float = option(0.5, minimum=0.0, maximum=1.0,
                      help="Weight of the 'majority of criteria' strategy in Q.")


@task("evaluate.vikor", VikorRequest, "VIKOR compromise ranking")
def run_vikor(request: VikorRequest, catalog: Any) -> Result:
    return _ranked("vikor", request, catalog, v=request.v)


def _promethee_functions() -> tuple[str, ...]:
    from revitalize.evaluate.outranking import PREFERENCE_FUNCTIONS

    return tuple(PREFERENCE_FUNCTIONS)


def _threshold_of(key: str) -> dict[str, tuple[str, ...]]:
    """``only_with`` of threshold ``key``: the preference functions that use it."""
    from revitalize.evaluate.outranking import PREFERENCE_FUNCTIONS

    return {"preference_function": tuple(f for f, keys in PREFERENCE_FUNCTIONS.items()
                                         if key in keys)}


@dataclass(frozen=True)
class PrometheeRequest(_MatrixRequest):
    """PROMETHEE II (Brans & Vincke 1985): net outranking flows (larger is better)."""

    preference_function: str = option("usual", choices=_promethee_functions(),
                                      help="Preference function of every criterion.")
    q: float | None = option(None, minimum=0.0, only_with=_threshold_of("q"),
                             help="Indifference threshold (criterion units; one number for "
                                  "every criterion) (only with --preference-function u_shape, "
                                  "level or linear).")
    p: float | None = option(None, minimum=0.0, only_with=_threshold_of("p"),
                             help="Preference threshold (criterion units) (only with "
                                  "--preference-function v_shape, level or linear).")
    s: float | None = option(None, minimum=0.0, only_with=_threshold_of("s"),
                             help="Gaussian threshold (criterion units) (only with "
                                  "--preference-function gaussian).")


@task("evaluate.promethee", PrometheeRequest, "PROMETHEE II net flows")
def run_promethee(request: PrometheeRequest, catalog: Any) -> Result:
    return _ranked("promethee_ii", request, catalog,
                   preference_function=request.preference_function, q=request.q, p=request.p,
                   s=request.s)


@dataclass(frozen=True)
class EdasRequest(_MatrixRequest):
    """EDAS (Keshavarz Ghorabaee et al. 2015): appraisal score from the distances to the
    average solution."""


@task("evaluate.edas", EdasRequest, "EDAS: distance from the average solution")
def run_edas(request: EdasRequest, catalog: Any) -> Result:
    return _ranked("edas", request, catalog)


@dataclass(frozen=True)
class CodasRequest(_MatrixRequest):
    """CODAS (Keshavarz Ghorabaee et al. 2016): Euclidean and taxicab distances from the
    negative-ideal solution."""

    tau: float = option(0.02, minimum=0.0, maximum=1.0,
                        help="Threshold of the taxicab term (the paper: 0.01-0.05).")


@task("evaluate.codas", CodasRequest, "CODAS: distance from the negative ideal")
def run_codas(request: CodasRequest, catalog: Any) -> Result:
    return _ranked("codas", request, catalog, tau=request.tau)


@dataclass(frozen=True)
class MabacRequest(_MatrixRequest):
    """MABAC (Pamučar & Ćirović 2015): distance from the border approximation area."""


@task("evaluate.mabac", MabacRequest, "MABAC: distance from the border approximation area")
def run_mabac(request: MabacRequest, catalog: Any) -> Result:
    return _ranked("mabac", request, catalog)


@dataclass(frozen=True)
class CocosoRequest(_MatrixRequest):
    """CoCoSo (Yazdani et al. 2019): combined compromise solution."""

    lambda_: float = option(0.5, minimum=0.0, maximum=1.0,
                            help="Balance of the compromise score k_c (the paper: 0.5).")


@task("evaluate.cocoso", CocosoRequest, "CoCoSo combined compromise solution")
def run_cocoso(request: CocosoRequest, catalog: Any) -> Result:
    return _ranked("cocoso", request, catalog, lambda_=request.lambda_)


@dataclass(frozen=True)
class WaspasRequest(_MatrixRequest):
    """WASPAS (Zavadskas et al. 2012): weighted sum and weighted product combined."""

    lambda_: float = option(0.5, minimum=0.0, maximum=1.0,
                            help="Share of the weighted sum (1 - share of the weighted product).")


@task("evaluate.waspas", WaspasRequest, "WASPAS weighted sum and product")
def run_waspas(request: WaspasRequest, catalog: Any) -> Result:
    return _ranked("waspas", request, catalog, lambda_=request.lambda_)


@dataclass(frozen=True)
class MooraRequest(_MatrixRequest):
    """MOORA ratio system (Brauers & Zavadskas 2006)."""


@task("evaluate.moora", MooraRequest, "MOORA ratio system")
def run_moora(request: MooraRequest, catalog: Any) -> Result:
    return _ranked("moora", request, catalog)


# ---------------------------------------------------------------------------- BWM
def _vector(text: str, field: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for token in (t.strip() for t in text.split(",") if t.strip()):
        name, _, value = token.rpartition(":")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"{token[:40]!r} is not criterion:value", field=field,
                             expected="e.g. 'quality:1,price:3,comfort:5'") from None
        if not name.strip():
            raise InputError(f"{token[:40]!r} has no criterion", field=field,
                             expected="criterion:value")
    return out


@dataclass(frozen=True)
class BwmRequest(Request):
    """Best-worst method (Rezaei 2015, 2016): criterion weights from two comparison vectors,
    with the consistency ratio."""

    best_to_others: str = option(help="How much the best criterion is preferred to each "
                                      "(1-9): 'c1:1,c2:3,...' (1 for the best itself).",
                                 argument=True, convention=False, max_length=4000)
    others_to_worst: str = option(help="How much each criterion is preferred to the worst "
                                       "(1-9): 'c1:8,c2:4,...'.", convention=False,
                                  max_length=4000)
    best: str | None = option(None, convention=False,
                              help="The best criterion (default: the one rated 1 in "
                                   "best_to_others).")
    worst: str | None = option(None, convention=False,
                               help="The worst criterion (default: the one rated 1 in "
                                    "others_to_worst).")
    model: str = option("linear", choices=("linear", "nonlinear"),
                        help="linear (Rezaei 2016, unique weights) or nonlinear (Rezaei 2015).")
    cr_threshold: float = option(0.1, minimum=0.0, maximum=1.0,
                                 help="Consistency ratio above which a warning is given.")


@task("evaluate.bwm", BwmRequest, "Best-worst method weights and consistency ratio")
def run_bwm(request: BwmRequest, catalog: Any) -> Result:
    from revitalize.evaluate.bwm import bwm

    return bwm(_vector(request.best_to_others, "best_to_others"),
               _vector(request.others_to_worst, "others_to_worst"), best=request.best,
               worst=request.worst, model=request.model, cr_threshold=request.cr_threshold)


# ---------------------------------------------------------------------------- comparison
def _method_names() -> tuple[str, ...]:
    from revitalize.evaluate.methods import RANKING_METHODS

    return tuple(RANKING_METHODS)


@dataclass(frozen=True)
class CompareRequest(_MatrixRequest):
    """One decision matrix ranked by several methods side by side, with the Spearman and
    Kendall correlations between the rankings (extra) and a consensus rank."""

    methods: tuple[str, ...] = option(("topsis", "vikor", "promethee_ii", "edas", "mabac",
                                       "moora"),
                                      help="Ranking methods, comma-separated (two or more of "
                                           "topsis, vikor, promethee_ii, edas, codas, mabac, "
                                           "cocoso, waspas, moora), each with its defaults.")
    aggregate: str | None = option("borda", choices=("borda", "copeland", "mean_rank"),
                                   help="Consensus rule over the rankings (None: no "
                                        "consensus).")

    def __post_init__(self) -> None:
        super().__post_init__()
        unknown = [m for m in self.methods if m not in _method_names()]
        if unknown:
            raise InputError(f"unknown method {unknown[0]!r}", field="methods",
                             expected=f"names from {list(_method_names())}")


@task("evaluate.compare", CompareRequest, "Rank with several methods and compare the rankings")
def run_compare(request: CompareRequest, catalog: Any) -> Result:
    from revitalize.evaluate.compare import compare_methods

    X, directions, weights, facts = decision_matrix(request, catalog)
    res = compare_methods(X, weights, directions, methods=list(request.methods),
                          aggregate=request.aggregate)
    rho, tau = res.extra["spearman"], res.extra["kendall"]
    off = ~np.eye(len(rho), dtype=bool)
    return _finish(res, facts, weights,
                   spearman_min=float(rho.to_numpy()[off].min()),
                   kendall_min=float(tau.to_numpy()[off].min()),
                   spearman=rho.round(6).to_dict(), kendall=tau.round(6).to_dict())


# ---------------------------------------------------------------------------- SMAA
@dataclass(frozen=True)
class SmaaRequest(_MatrixRequest):
    """Rank acceptability of a ranking (SMAA-2, Lahdelma & Salminen 2001): the probability of
    each rank for each alternative under sampled weights (and optionally noisy data), central
    weights, confidence factors, and the smallest single-weight change that swaps each pair of
    adjacent alternatives."""

    # simplex sampling draws the weights: the weighting is used only around its weights
    weighting: str = option("entropy", choices=("spec", "entropy", "critic", "equal"),
                            only_with={"weight_sampling": ("around",)},
                            help="Criterion weights: 'spec' (given in the criteria), 'entropy' "
                                 "or 'critic' (computed from the matrix) or 'equal' (only with "
                                 "--weight-sampling around).")
    method: str = option("topsis", choices=_method_names(),
                         help="Ranking method (its default options).")
    weight_sampling: str = option("simplex", choices=("simplex", "around"),
                                  help="simplex: weights uniform on the simplex; around: "
                                       "multiplicative noise of half-width weight_spread "
                                       "around the weighting's weights.")
    weight_spread: float = option(0.2, minimum=0.0, maximum=1.0,
                                  only_with={"weight_sampling": ("around",)},
                                  help="Half-width h of U(1-h, 1+h) around the weights "
                                       "(weight_sampling around).")
    data_spread: float | None = option(None, minimum=0.0, maximum=1.0,
                                       help="Half-width of uniform multiplicative noise on "
                                            "every cell (None: data fixed).")
    draws: int = option(10_000, minimum=1, maximum=1_000_000, help="Number of draws.")
    seed: int | None = option(None, minimum=0, help="Seed (recorded in meta; default fresh).")
    level: float = option(0.9, minimum=0.01, maximum=0.999,
                          help="Level of the rank intervals.")
    swap_grid: int = option(64, minimum=4, maximum=4096,
                            help="Grid steps per direction of the swap search.")


@task("uncertainty.mcda", SmaaRequest, "SMAA-2 rank acceptability of an MCDA ranking")
def run_smaa(request: SmaaRequest, catalog: Any) -> Result:
    from revitalize.uncertainty.mcda_mc import smaa

    around = request.weight_sampling == "around"
    # simplex sampling never uses the weighting: weighting spec needs no weights in the criteria
    X, directions, weights, facts = decision_matrix(request, catalog, need_weights=around)
    res = smaa(X, directions, method=request.method, weights=weights,
               weight_spread=request.weight_spread if around else None,
               data_spread=request.data_spread, draws=request.draws, seed=request.seed,
               level=request.level, swap_grid=request.swap_grid)
    if around:
        return _finish(res, facts, weights)
    return _finish(res, facts, {}, reference_weights="equal (weights sampled on the simplex; "
                                                     "the weighting is not used)")
