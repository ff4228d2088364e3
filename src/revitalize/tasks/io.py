"""Input-output analyses as application tasks: ``io.linkages``, ``io.multipliers``,
``io.extract``, ``io.impact`` and ``io.aggregate``.

Every request picks one table from a source (a file, a stored dataset, a mirror or a bundled
dataset such as ``prov_io_2017``) by ``region`` and ``year`` through the catalog, builds the
Leontief model with the family's defaults (:data:`IO_DEFAULTS`, defined in
:mod:`revitalize.io.coefficients`) and calls the family function. ``aggregate`` (a concordance
name such as ``four_groups`` or a concordance file) aggregates the table first, so the founding
paper's Table 1 (influence and sensitivity of agriculture, industry, high-tech industry and
services) is one request for any province and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["AggregateRequest", "ExtractRequest", "ImpactRequest", "LinkagesRequest",
           "MultipliersRequest", "io_defaults", "pick_table"]


def io_defaults() -> dict[str, Any]:
    """The IO family's model defaults and allowed values, from :mod:`revitalize.io.coefficients`."""
    from revitalize.io import coefficients as co

    opts = getattr(co, "IOOptions", None)
    if opts is not None:
        d = opts()
        return {"technology": d.technology, "import_share": d.import_share,
                "zero_output": d.zero_output,
                "technology_choices": tuple(getattr(co, "TECHNOLOGIES", ("published", "domestic",
                                                                         "total"))),
                "import_share_choices": tuple(getattr(co, "IMPORT_SHARES", ("supply", "use"))),
                "zero_output_choices": tuple(getattr(co, "ZERO_OUTPUT_RULES",
                                                     ("exclude", "raise", "zero")))}
    return {"technology": "domestic", "import_share": "supply", "zero_output": "zero",
            "technology_choices": ("domestic", "total"), "import_share_choices": ("supply", "use"),
            "zero_output_choices": ("zero", "raise")}


_D = io_defaults()
_SOURCE_HELP = ("IO table: a file (CSV, XLS, XLSX), a dataset in the store, a mirror dataset or a "
                "bundled dataset (e.g. prov_io_2017; `revitalize data list`).")


def _source():
    return option(help=_SOURCE_HELP, argument=True, convention=False)


def _region():
    return option(None, help="Region to pick from a source of several tables (any spelling: "
                             "辽宁, Liaoning, 210000).", short="r", convention=False)


def _year():
    return option(None, help="Year to pick from a source of several years; for a table that "
                             "states no year, the year to record.", short="y", convention=False)


def _technology():
    return option(_D["technology"], choices=_D["technology_choices"],
                  help="Intermediate flows: 'published' (the table as published: A = Z / x of "
                       "a competitive table, the domestic block of a non-competitive one), "
                       "'domestic' (imports removed by import proportionality) or 'total'.")


_DOMESTIC = {"technology": ("domestic",)}


def _import_share():
    return option(_D["import_share"], choices=_D["import_share_choices"], only_with=_DOMESTIC,
                  help="Import share with technology 'domestic': m/(x+m) ('supply', always in "
                       "[0, 1]) or m/(x-e+m) ('use'; refused where it leaves [0, 1]).")


def _zero_output():
    return option(_D["zero_output"], choices=_D["zero_output_choices"],
                  help="Sectors with zero output: 'exclude' (left out of the inverse, reported "
                       "as not computed), 'zero' (coefficients set to 0) or 'raise'.")


def _aggregate():
    return option(None, help="Aggregate the table first: 'four_groups' (agriculture, industry, "
                             "high-tech industry, services) or a concordance CSV file.")


@dataclass(frozen=True)
class _TableRequest(Request):
    source: str = _source()
    region: str | None = _region()
    year: int | None = _year()
    technology: str = _technology()
    import_share: str = _import_share()
    zero_output: str = _zero_output()
    aggregate: str | None = _aggregate()


def pick_table(request: Any, catalog: Any):
    """The one table the request names (aggregated when ``aggregate`` is set)."""
    table = catalog.io_table(request.source, region=request.region, year=request.year)
    concordance = getattr(request, "aggregate", None)
    if concordance:
        from revitalize.io.aggregate import aggregate

        table = aggregate(table, _concordance(concordance, catalog, "aggregate"))
    return table


def _concordance(name: str, catalog: Any, field: str) -> Any:
    """A shipped concordance by name, else a CSV file the catalog may read."""
    from revitalize.io.aggregate import NAMED_CONCORDANCES

    if name in NAMED_CONCORDANCES:
        return name
    return catalog.local_file(name, field=field)


def _is_io(obj: Any) -> bool:
    from revitalize.model.table import IOTable

    return isinstance(obj, IOTable)


def _model(request: Any, table: Any):
    from revitalize.io.multipliers import leontief_model

    return leontief_model(table, technology=request.technology,
                          import_share=request.import_share, zero_output=request.zero_output)


# ---------------------------------------------------------------------------- linkages
@dataclass(frozen=True)
class LinkagesRequest(_TableRequest):
    """Influence and sensitivity coefficients, their coefficients of variation, the output
    multiplier and the key-sector class of every sector."""

    forward: str = option("leontief", choices=("leontief", "ghosh"),
                          help="Forward linkage basis of the sensitivity coefficient: row sums "
                               "of L ('leontief') or of the Ghosh inverse G ('ghosh').")
    influence_weights: str = option("none", choices=("none", "final_demand", "output",
                                                     "value_added"),
                                    help="Weights of the influence coefficient's mean: none "
                                         "(Rasmussen), final_demand (刘起运 2002), output, "
                                         "value_added.")
    sensitivity_weights: str = option("none", choices=("none", "final_demand", "output",
                                                       "value_added"),
                                      help="Weights of the sensitivity coefficient's mean: none, "
                                           "final_demand, output, value_added (刘起运 2002 with "
                                           "forward=ghosh).")


@task("io.linkages", LinkagesRequest, "Influence and sensitivity coefficients, key sectors")
def run_linkages(request: LinkagesRequest, catalog: Any) -> Result:
    from revitalize.io.linkages import linkages

    table = pick_table(request, catalog)
    return linkages(_model(request, table), forward=request.forward,
                    influence_weights=request.influence_weights,
                    sensitivity_weights=request.sensitivity_weights)


# ---------------------------------------------------------------------------- multipliers
@dataclass(frozen=True)
class MultipliersRequest(_TableRequest):
    """Output, value-added, income and employment multipliers (type I or II), each split into
    direct, indirect and induced effects."""

    type: str = option("II", choices=("I", "II"),
                       help="I: households exogenous; II: households endogenous (compensation "
                            "row VA001, household consumption columns).")
    household_columns: tuple[str, ...] | None = option(
        None, only_with={"type": ("II",)},
        help="Final-demand codes of household consumption, comma-separated (default: "
             "FU101,FU102, else THC, else TC with a warning) (only with --type II).")
    employment: str | None = option(
        None, help="Sector employment file (GB/T 4754 sections/divisions) for employment "
                   "multipliers; it must be of the table's region.", convention=False)
    employment_year: int | None = option(None, help="Year of the employment file to use "
                                                    "(default: the table's year).",
                                         convention=False)
    employment_split: str = option("divisions", choices=("divisions", "compensation"),
                                   help="Employment sections spanning several IO sectors: split "
                                        "by 'divisions' or by 'compensation'.")


def _employment(request: MultipliersRequest, table: Any, catalog: Any):
    if request.employment is None:
        return None
    path = catalog.local_file(request.employment, field="employment")

    from revitalize.data.readers.employment import check_nbs42_sectors, read_employment

    # The employment file is the national series (persons by GB/T 4754 section): dividing
    # national persons by a province's output inflates its multipliers ~30x.
    nation = "000000"
    if table.region is not None and table.region != nation:
        from revitalize.model.regions import REGIONS

        raise InputError(f"the employment file is of China ({nation}) but the table is of "
                         f"{REGIONS[table.region].name_en} ({table.region})",
                         file=path.name, field="employment",
                         expected="an employment satellite of the table's own region")
    check_nbs42_sectors(table)
    year = request.employment_year if request.employment_year is not None else table.year
    return read_employment(path, year, split=request.employment_split,
                           table=table if request.employment_split == "compensation" else None)


@task("io.multipliers", MultipliersRequest,
      "Output, value-added, income and employment multipliers (type I/II)")
def run_multipliers(request: MultipliersRequest, catalog: Any) -> Result:
    from revitalize.io.multipliers import multipliers

    table = pick_table(request, catalog)
    return multipliers(_model(request, table), type=request.type,
                       employment=_employment(request, table, catalog),
                       household_columns=request.household_columns)


# ---------------------------------------------------------------------------- extraction
@dataclass(frozen=True)
class ExtractRequest(_TableRequest):
    """Hypothetical extraction: output lost when a sector is removed."""

    # `--sector 14 --sector 27` (before the requests) is `--sectors 14,27`
    deprecated_names: ClassVar[dict[str, str]] = {"sector": "sectors"}

    sectors: tuple[str, ...] | None = option(
        None, short="s", help="Sector codes to extract, comma-separated (default: every sector, "
                              "one at a time).")
    variant: str = option("total", choices=("total", "total_keep_fd", "backward", "forward"),
                          help="total: row and column removed, final demand dropped; "
                               "total_keep_fd: row and column zeroed, final demand kept; "
                               "backward: column of A zeroed; forward: row of the Ghosh B "
                               "zeroed.")


@task("io.extract", ExtractRequest, "Hypothetical extraction: output lost per sector removed")
def run_extract(request: ExtractRequest, catalog: Any) -> Result:
    from revitalize.io.extraction import hypothetical_extraction

    table = pick_table(request, catalog)
    kw = {"variant": request.variant, "technology": request.technology,
          "import_share": request.import_share}
    try:
        return hypothetical_extraction(table, request.sectors or None,
                                       zero_output=request.zero_output, **kw)
    except TypeError:  # the family without a zero-output keyword
        return hypothetical_extraction(table, request.sectors or None, **kw)


# ---------------------------------------------------------------------------- impact
@dataclass(frozen=True)
class ImpactRequest(_TableRequest):
    """Impact of final-demand shocks: baseline, scenario and change of output, value added,
    income and imports by sector."""

    # the imported-inputs satellite applies the import share under every technology
    import_share: str = option(_D["import_share"], choices=_D["import_share_choices"],
                               help="Import share m/(x+m) ('supply') or m/(x-e+m) ('use'): "
                                    "the imported inputs of a competitive table under every "
                                    "technology, and with technology 'domestic' also the "
                                    "domestic flows and final demand.")
    shock: tuple[str, ...] | None = option(
        None, help="Shocks SECTOR:CATEGORY:AMOUNT (table unit) or SECTOR:CATEGORY:AMOUNT% "
                   "(per cent of the baseline cell), comma-separated.", convention=False)
    shocks: str | None = option(None, help="JSON or YAML file with the shocks (see "
                                           "examples/liaoning_investment_shift.yaml).",
                                convention=False)
    name: str | None = option(None, help="Scenario name (default: the file's name, else "
                                         "'scenario').", convention=False)


@task("io.impact", ImpactRequest, "Impact of final-demand shocks on output, value added, income")
def run_impact(request: ImpactRequest, catalog: Any) -> Result:
    from revitalize.io.scenarios import Scenario, Shock, read_shock_file

    if bool(request.shock) == (request.shocks is not None):
        raise InputError("give the shocks inline or as a file, not both or neither",
                         field="shock", expected="--shock S1,S2 or --shocks FILE")
    if request.shocks is not None:
        shocks, file_name = read_shock_file(catalog.local_file(request.shocks, field="shocks"))
    else:
        shocks, file_name = tuple(Shock.parse(s) for s in request.shock), None
    table = pick_table(request, catalog)
    kw = {"technology": request.technology, "import_share": request.import_share,
          "zero_output": request.zero_output}
    scenario = Scenario(table, shocks, name=request.name or file_name or "scenario", **kw)
    return scenario.run()


# ---------------------------------------------------------------------------- aggregate
@dataclass(frozen=True)
class AggregateRequest(Request):
    """Aggregate a table by a concordance and print the aggregated flows."""

    source: str = _source()
    concordance: str = option("four_groups", help="'four_groups' (agriculture, industry, "
                                                  "high-tech industry, services) or a "
                                                  "concordance CSV file.")
    region: str | None = _region()
    year: int | None = _year()


@task("io.aggregate", AggregateRequest, "Aggregate a table by a concordance")
def run_aggregate(request: AggregateRequest, catalog: Any) -> Result:
    from revitalize.io.aggregate import aggregate
    from revitalize.results import build_meta

    table = catalog.io_table(request.source, region=request.region, year=request.year)
    agg = aggregate(table, _concordance(request.concordance, catalog, "concordance"))
    frame = pd.concat([agg.sectors, agg.Z], axis=1)
    frame["final_use"] = agg.final_demand.sum(axis=1)
    if agg.imports.shape[1]:
        frame["imports"] = agg.imports.sum(axis=1)
    frame["output"] = agg.output
    frame["value_added"] = agg.total_value_added()
    frame["total_input"] = agg.total_input
    frame.index.name = "code"
    meta = build_meta(
        "io_aggregate", conventions={
            "concordance": request.concordance,
            "rule": "Z* = C'ZC, Y* = C'Y, V* = VC, x* = C'x",
            "classification": agg.classification},
        provenance=table.provenance, table=table.label, region=table.region, year=table.year,
        unit=table.unit, sectors_from=table.n, sectors_to=agg.n,
        max_row_gap=float(agg.row_gap().abs().max()),
        max_column_gap=float(agg.column_gap().abs().max()))
    return Result(table=frame, meta=meta)
