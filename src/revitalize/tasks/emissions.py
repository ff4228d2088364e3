"""CO2 by IO sector as an application task (issue 20): ``io.emissions``.

Direct emission coefficients and embodied-emission multipliers of one provincial table from the
CEADs inventory of the same province and year, through the shipped CEADs-45 -> NBS-42
concordance (:mod:`revitalize.io.emissions`), with the key sectors by embodied emissions beside
the key sectors by linkages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from revitalize.results import Result
from revitalize.tasks.base import Request, option, task
from revitalize.tasks.io import _D, _import_share, _zero_output

__all__ = ["EmissionsRequest"]


@dataclass(frozen=True)
class EmissionsRequest(Request):
    """CO2 by IO sector for one provincial table: CEADs scope-1 CO2 allocated to the 42 IO
    sectors by a named concordance, direct coefficients f = e / x and embodied multipliers
    m = f (I - A)^-1 (t CO2 per 10^4 CNY), emissions embodied in final demand, and the key
    sectors by embodied emissions beside the key sectors by linkages."""

    source: str = option("prov_io_2017", argument=True, convention=False,
                         help="Provincial 42-sector IO table of 2012 or 2017 (default "
                              "prov_io_2017; prov_io_2012, or a file).")
    regions: tuple[str, ...] = option(("Liaoning", "Jilin", "Heilongjiang"), short="r",
                                      convention=False,
                                      help="Provinces (any spelling: 辽宁, Liaoning, 210000); "
                                           "default the three Northeast provinces.")
    year: int | None = option(None, short="y", convention=False,
                              help="Year to pick from a source of several years.")
    ceads: str = option("cn_prov_co2_ceads", convention=False,
                        help="CEADs provincial CO2 inventory (default cn_prov_co2_ceads).")
    technology: str = option(
        "domestic", choices=_D["technology_choices"],
        help="Intermediate flows: 'domestic' (default here: imports and inflows removed by "
             "import proportionality, so that L covers the province's own production, the "
             "territory CEADs counts), 'published' or 'total' (imported inputs treated as "
             "produced in the province: their CO2 is not in the inventory).")
    import_share: str = _import_share()
    zero_output: str = _zero_output()


@task("io.emissions", EmissionsRequest,
      "CO2 by IO sector: emission coefficients and embodied-emission multipliers")
def run_emissions(request: EmissionsRequest, catalog: Any) -> Result:
    from revitalize.io.emissions import combine_regions, emission_multipliers
    from revitalize.io.multipliers import leontief_model

    ceads = catalog.panel(request.ceads)
    results = []
    for region in request.regions:
        table = catalog.io_table(request.source, region=region, year=request.year)
        model = leontief_model(table, technology=request.technology,
                               import_share=request.import_share,
                               zero_output=request.zero_output)
        results.append(emission_multipliers(model, ceads))
    return combine_regions(results)
