"""Manufacturing and producer-services shares of GDP from the IO tables, as an application task
(issue 20): ``indicators.structure_shares`` (:mod:`revitalize.indicators.structure_shares`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["StructureSharesRequest"]

# the national 42-sector table of the same year as a provincial collection
_NATIONAL_OF_YEAR = {2017: "nbs_io_2017_42_noncomp"}


@dataclass(frozen=True)
class StructureSharesRequest(Request):
    """Manufacturing (GB/T 4754-2017 section C, IO sectors 06-23) and producer-services (NBS
    生产性服务业分类 mapped to whole IO sectors) shares of value added, by province, for the
    Northeast and the sum of provinces (sum over sum), beside a national table."""

    source: str = option("prov_io_2017", argument=True, convention=False,
                         help="Provincial 42-sector IO tables of 2012 or 2017 (default "
                              "prov_io_2017; prov_io_2012, or a file).")
    year: int | None = option(None, short="y", convention=False,
                              help="Year to pick from a source of several years.")
    national: str = option("auto", convention=False,
                           help="National 42-sector table shown beside: a dataset or file, "
                                "'auto' (the national table of the same year where one is "
                                "bundled: 2017 -> nbs_io_2017_42_noncomp) or 'none'.")


@task("indicators.structure_shares", StructureSharesRequest,
      "Manufacturing and producer-services shares of GDP (IO tables)")
def run_structure_shares(request: StructureSharesRequest, catalog: Any) -> Result:
    from revitalize.indicators.structure_shares import structure_shares

    tables = catalog.io_tables(request.source, year=request.year)
    name = request.national
    if name == "auto":
        years = {int(t.year) for t in tables if t.year is not None}
        name = _NATIONAL_OF_YEAR.get(years.pop()) if len(years) == 1 else None
    national = None if name in (None, "none") else catalog.io_table(name)
    return structure_shares(tables, national=national)
