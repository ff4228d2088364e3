"""The datasets as application tasks: ``data.read`` (what a file holds, without importing it),
``data.list`` (the datasets the catalog resolves by name, with their origin) and ``data.show``
(one dataset's contents and provenance).

They only read. Changing the store (``revitalize data import|remove|fetch``) is the CLI's and
the Python API's business (:mod:`revitalize.data.datasets_api`), never a request over HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["DataListRequest", "DataReadRequest", "DataShowRequest"]


@dataclass(frozen=True)
class DataReadRequest(Request):
    """Read a table or panel file (without importing it) and summarise what it holds: one row
    per IO table (totals, worst row/column imbalance) or per panel indicator (unit, regions,
    years, values, quality flags)."""

    source: str = option(help="File to read: CSV (IO table or panel), .xls or .xlsx.",
                         argument=True, convention=False)
    reader: str = option("auto", help="Force a reader (default 'auto': sniff the layout); "
                                      "`revitalize data import --help` lists them.",
                         convention=False)
    region: str | None = option(None, short="r", convention=False,
                                help="Keep one region (code, Chinese or English name; a "
                                     "macro-region keeps its member provinces).")
    year: int | None = option(None, short="y", convention=False, help="Keep one year.")
    indicator: str | None = option(None, convention=False,
                                   help="Panels: the indicator of a region x year table; "
                                        "otherwise keep only this indicator.")
    unit: str | None = option(None, convention=False,
                              help="Panels: unit of the values when the file states none.")


@task("data.read", DataReadRequest, "Summary of a table or panel file")
def run_read(request: DataReadRequest, catalog: Any) -> Result:
    from revitalize.data.datasets_api import read_file, summarise

    path = catalog.local_file(request.source, field="source")
    obj = read_file(path, request.reader, request.indicator, request.unit, request.region,
                    request.year)
    return summarise(obj, region=request.region, year=request.year, file=path.name)


@dataclass(frozen=True)
class DataListRequest(Request):
    """The datasets the catalog resolves by name: name, origin (store, mirror, bundle), kind,
    title; for the store also regions, years, values, file, reader, sha256, import time."""

    origin: str = option("all", choices=("all", "store", "mirror", "bundle"),
                         help="Which datasets: all that resolve by name (the store's first, "
                              "then the mirror's and the bundled ones not shadowed), or only "
                              "the store's (imported), the mirror's (--mirror) or the bundle's.")


@task("data.list", DataListRequest, "Datasets of the store, the mirror and the bundle")
def run_list(request: DataListRequest, catalog: Any) -> Result:
    from revitalize.data.datasets_api import list_datasets

    return list_datasets(catalog, origin=request.origin)


@dataclass(frozen=True)
class DataShowRequest(Request):
    """A dataset's provenance and a summary of its contents: an IO table's sectors (output,
    intermediate input, value added, final use, imports, row gap), a collection's tables (or
    the sectors of region), a panel's indicators."""

    source: str = option(help="Dataset name (`revitalize data list --origin all`) or a file.",
                         argument=True, convention=False)
    region: str | None = option(None, short="r", convention=False,
                                help="A collection of tables: show this region's sectors.")


@task("data.show", DataShowRequest, "Summary and provenance of one dataset")
def run_show(request: DataShowRequest, catalog: Any) -> Result:
    from revitalize.data.datasets_api import show_dataset

    return show_dataset(catalog, request.source, region=request.region)
