"""Evaluation methods: AHP, extension, weights (entropy with named epsilon rules, CRITIC,
standard deviation, MEREC, combined; best-worst method in ``bwm``), TOPSIS, GRA, coupling,
indicator systems; ranking methods VIKOR (``vikor``), PROMETHEE II (``outranking``), EDAS,
CODAS, MABAC (``distance_based``), WASPAS, MOORA, CoCoSo (``utility``), all callable by name
through :func:`revitalize.evaluate.methods.rank`; rank aggregation (``aggregation``) and method
comparison (``compare``). Rank stability: :func:`revitalize.uncertainty.mcda_mc.smaa`.

Modules are imported where used (``from revitalize.evaluate.vikor import vikor``); this package
file imports nothing, so that no family pays for another's imports.
"""
