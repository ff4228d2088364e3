"""Input-output tables and the methods on them.

Family-level names (imported lazily, on first use)::

    from revitalize.io import IOTable, LinkagesResult, hypothetical_extraction, impact, Shock
    from revitalize.io import linkages, multipliers      # the modules of the same name
    linkages.linkages(table)                              # influence/sensitivity, key sectors
    multipliers.multipliers(table, type="I")

``coefficients``, ``linkages``, ``multipliers``, ``regionalize`` and ``aggregate`` are modules
that hold a function of the same name (``linkages.linkages``...): a package attribute cannot be
both, and the modules stay importable as such (``import revitalize.io.linkages``).

Modules: ``table`` (IOTable), ``validate`` (balance rule), ``coefficients`` (A, L, B, G),
``multipliers``, ``linkages`` (influence and sensitivity coefficients, key sectors),
``extraction`` (hypothetical extraction), ``scenarios`` (Shock, Scenario, impact), ``aggregate``
(concordances), ``regionalize`` (SLQ/CILQ/FLQ/AFLQ), ``interregional`` (MRIO, spillovers),
``sda`` (structural decomposition), ``solvers`` (LU and iterative Leontief solves).
"""

from __future__ import annotations

from revitalize._lazy import lazy_exports

# public name -> the module of this family that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    "IOTable": "table",
    "BalanceReport": "validate",
    "check_io_table": "validate",
    "CoefficientsResult": "coefficients",
    "technical_coefficients": "coefficients",
    "allocation_coefficients": "coefficients",
    "leontief_inverse": "coefficients",
    "ghosh_inverse": "coefficients",
    "MultipliersResult": "multipliers",
    "leontief_model": "multipliers",
    "LinkagesResult": "linkages",
    "key_sector_class": "linkages",
    "KEY_SECTOR_CLASSES": "linkages",
    "ExtractionResult": "extraction",
    "ExtractionLinkagesResult": "extraction",
    "hypothetical_extraction": "extraction",
    "extraction_linkages": "extraction",
    "Shock": "scenarios",
    "Scenario": "scenarios",
    "ScenarioResult": "scenarios",
    "impact": "scenarios",
    "read_shock_file": "scenarios",
    "RegionalizationResult": "regionalize",
    "location_quotients": "regionalize",
    "validate_regionalization": "regionalize",
    "MultiRegionalTable": "interregional",
    "SpilloverResult": "interregional",
    "spillovers": "interregional",
    "SDAResult": "sda",
    "structural_decomposition": "sda",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
