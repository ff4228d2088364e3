"""Evaluation methods: AHP, extension, weights (entropy with named epsilon rules, CRITIC,
standard deviation, MEREC, combined; best-worst method in ``bwm``), TOPSIS, GRA, coupling,
indicator systems; ranking methods VIKOR (``vikor``), PROMETHEE II (``outranking``), EDAS,
CODAS, MABAC (``distance_based``), WASPAS, MOORA, CoCoSo (``utility``), all callable by name
through :func:`revitalize.evaluate.rank`; rank aggregation (``aggregation``) and method
comparison (``compare``). Rank stability: :func:`revitalize.uncertainty.mcda_mc.smaa`.

Family-level names are imported lazily (on first use), so that no family pays for another's
imports::

    from revitalize.evaluate import entropy_weights, rank, read_questionnaire, AHPResult
    from revitalize.evaluate import ahp, topsis        # the modules of the same name
    ahp.ahp(matrix); topsis.topsis(X, weights, directions)

``ahp``, ``ahp_group``, ``ahp_batch``, ``topsis``, ``bwm`` and ``vikor`` are modules holding a
function of the same name: a package attribute cannot be both.
"""

from __future__ import annotations

from revitalize._lazy import lazy_exports

# public name -> the module of this family that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    "AHPResult": "ahp",
    "AHPConsistencyWarning": "ahp",
    "as_judgment_matrix": "ahp",
    "random_index": "ahp",
    "AHPGroupResult": "ahp_group",
    "Hierarchy": "ahp_hierarchy",
    "HierarchyResult": "ahp_hierarchy",
    "hierarchy_weights": "ahp_hierarchy",
    "ahp_from_files": "ahp_io",
    "load_judgments": "ahp_io",
    "read_questionnaire": "ahp_io",
    "write_questionnaire": "ahp_io",
    "WeightsResult": "weights",
    "entropy_weights": "weights",
    "critic_weights": "weights",
    "std_weights": "weights",
    "merec_weights": "weights",
    "combine_weights": "weights",
    "TopsisResult": "topsis",
    "GreyRelationalResult": "gra",
    "grey_relational": "gra",
    "CouplingResult": "coupling",
    "coupling_coordination": "coupling",
    "ExtensionResult": "extension",
    "evaluate_extension": "extension",
    "load_extension_config": "extension",
    "SystemResult": "system",
    "evaluate_system": "system",
    "RANKING_METHODS": "methods",
    "rank": "methods",
    "RankingResult": "ranking_result",
    "promethee_ii": "outranking",
    "edas": "distance_based",
    "codas": "distance_based",
    "mabac": "distance_based",
    "waspas": "utility",
    "moora": "utility",
    "cocoso": "utility",
    "aggregate_ranks": "aggregation",
    "ComparisonResult": "compare",
    "compare_methods": "compare",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
