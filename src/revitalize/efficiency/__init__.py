"""Efficiency and productivity: DEA, Malmquist and green TFP, growth accounting.

* :mod:`.dea` -- CCR/BCC envelopment models (two-phase slacks, targets, peers), super-efficiency,
  scale efficiency and returns to scale;
* :mod:`.sbm` -- slacks-based measure (with undesirable outputs) and directional distances;
* :mod:`.malmquist` -- Malmquist (adjacent, fixed-base, global; FGNZ decomposition) and
  Malmquist-Luenberger (adjacent, global) indices, cumulative;
* :mod:`.growth_accounting` -- Törnqvist TFP growth with an explicit labour share;
* :mod:`.data` -- the provincial variables 2000-2019 from ``shared/data``;
* :mod:`.regional` -- average rates, ranks and "technical change or catching up".

All LPs go through ``scipy.optimize.linprog(method="highs")``, batched over DMUs
(:mod:`._lp`).
"""

from revitalize.efficiency.data import ProvincialInputs, assemble_inputs, provincial_inputs
from revitalize.efficiency.dea import dea, scale_efficiency, super_efficiency
from revitalize.efficiency.growth_accounting import growth_accounting
from revitalize.efficiency.malmquist import malmquist, malmquist_luenberger
from revitalize.efficiency.regional import productivity_summary
from revitalize.efficiency.results import (
    EfficiencyResult,
    GrowthAccountingResult,
    ProductivityResult,
)
from revitalize.efficiency.sbm import ddf, sbm

__all__ = [
    "EfficiencyResult",
    "GrowthAccountingResult",
    "ProductivityResult",
    "ProvincialInputs",
    "assemble_inputs",
    "ddf",
    "dea",
    "growth_accounting",
    "malmquist",
    "malmquist_luenberger",
    "productivity_summary",
    "provincial_inputs",
    "sbm",
    "scale_efficiency",
    "super_efficiency",
]
