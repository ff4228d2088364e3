"""Regional indicators: structure and competitiveness, opening-up, finance, innovation,
productivity, demography.

Family-level names (imported lazily, on first use)::

    from revitalize.indicators import location_quotient, krugman_index, share_of_reference
    from revitalize.indicators import shift_share      # the module (function shift_share.shift_share)

``shift_share`` is a module holding a function of the same name: a package attribute cannot be
both.
"""

from __future__ import annotations

from revitalize._lazy import lazy_exports

# public name -> the module of this family that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    "StructureResult": "structure",
    "location_quotient": "structure",
    "revealed_comparative_advantage": "structure",
    "krugman_index": "structure",
    "structural_similarity": "structure",
    "hoover_concentration": "structure",
    "theil_decomposition": "structure",
    "dynamic_shift_share": "shift_share",
    "share_of_reference": "demography",
    "sigma_convergence": "demography",
    "beta_convergence": "demography",
    "trade_dependence_io": "opening",
    "trade_dependence_national": "opening",
    "financial_depth": "opening",
    "rd_intensity_gap": "opening",
    "foreign_trade_dependence": "trade",
    "trade_dependence": "trade",
    "capital_stock": "productivity",
    "market_share_profit": "competitiveness",
    "gini": "competitiveness",
    "co2_intensity": "carbon",
    "RegionalResult": "regional",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
