"""Regionalization of a national input-output table as an application task: ``io.regionalize``.

The national table comes from the catalog (a file, a stored, mirrored or bundled dataset); the
region's sector outputs either from a stacked provincial table (``from_provincial``, any source
the catalog resolves, e.g. ``cn_prov_io_2017_42``: the region's table is picked, and serves as
the survey table of ``validate``) or from a CSV of outputs (``regional_output``, read by
:func:`revitalize.data.readers.regional_output.read_regional_output`). The location-quotient
method, FLQ/AFLQ delta and diagonal rule are the family's
(:func:`revitalize.io.regionalize.regionalize`, Flegg & Webber 1997; Flegg & Tohmo 2013).

:func:`regional_input` is shared with the FLQ Monte Carlo (:mod:`revitalize.tasks.uncertainty`).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task
from revitalize.tasks.io import io_defaults

__all__ = ["RegionalValidation", "RegionalizeRequest", "regional_input", "technology_default"]

_METHODS = ("slq", "cilq", "flq", "aflq")


@dataclass(frozen=True)
class RegionalValidation(Result):
    """Regionalization errors against a survey table, one row per method and delta."""


def technology_default() -> str:
    """The regionalization family's default ``technology`` (its function's keyword default)."""
    from revitalize.io.regionalize import regionalize

    return inspect.signature(regionalize).parameters["technology"].default


def source_option():
    return option(help="National IO table: a file, a dataset in the store, a mirror dataset or "
                       "a bundled dataset (`revitalize data list`).", argument=True,
                  convention=False)


def region_option():
    return option(help="Region to regionalize to (any spelling: 辽宁, Liaoning, 210000).",
                  short="r", convention=False)


def regional_output_option():
    return option(None, help="CSV of the region's sector outputs: 'output' and 'code' (national "
                             "codes) or 'name_cn' columns; an optional 'region' column is "
                             "filtered to the region.", convention=False)


def from_provincial_option():
    return option(None, help="Stacked provincial IO tables (a file or a dataset such as "
                             "cn_prov_io_2017_42): the region's sector outputs are taken from "
                             "its table (the survey table of --validate).", convention=False)


def technology_option():
    return option(technology_default(), choices=io_defaults()["technology_choices"],
                  help="Intermediate flows of the national A: 'domestic' (imports removed), "
                       "'total' or 'published'.")


@dataclass(frozen=True)
class RegionalizeRequest(Request):
    """Regionalize a national IO table to a province by location quotients (SLQ, CILQ, FLQ,
    AFLQ): per sector the SLQ, output multiplier, influence and sensitivity coefficients. With
    validate, the comparison with the province's survey table over methods and deltas."""

    source: str = source_option()
    region: str = region_option()
    regional_output: str | None = regional_output_option()
    from_provincial: str | None = from_provincial_option()
    method: str | None = option(None, choices=_METHODS,
                                help="slq, cilq, flq or aflq (default flq; with validate: all "
                                     "four).")
    # method None is flq (or, with validate, all four): delta applies
    delta: float | None = option(None, only_with={"method": (None, "flq", "aflq")},
                                 help="FLQ/AFLQ size parameter in [0, 1) (default 0.3; "
                                      "with validate: 0.05..0.5).")
    diagonal: str = option("slq", choices=("slq", "cilq"),
                           only_with={"method": (None, "cilq", "flq", "aflq")},
                           help="Diagonal rule of the cross-industry quotients: slq "
                                "(Smith-Morrison) or cilq (not used by --method slq).")
    validate: bool = option(False, help="Compare with the survey table of from_provincial over "
                                        "methods and deltas (or the given ones).")
    survey_import_share: str = option("supply", choices=("supply", "use"),
                                      only_with={"validate": (True,)},
                                      help="validate: net survey imports by m/(x+m) ('supply') "
                                           "or m/(x-e+m) ('use').")
    year: int | None = option(None, help="Year to pick from a source of several years.",
                              short="y", convention=False)
    technology: str = technology_option()


def regional_input(request: Any, national: Any, code: str, catalog: Any) -> tuple[Any, Any]:
    """``(regional outputs or the region's IOTable, provenance or None)`` of ``request``
    (fields ``regional_output`` and ``from_provincial``: exactly one is given)."""
    from revitalize.results import Provenance

    if (request.regional_output is None) == (request.from_provincial is None):
        raise InputError("give exactly one of regional_output and from_provincial",
                         field="regional_output/from_provincial",
                         expected="one source of regional sector outputs")
    if request.from_provincial is not None:
        return catalog.io_table(request.from_provincial, region=code), None
    from revitalize.data.readers.regional_output import read_regional_output

    path = catalog.local_file(request.regional_output, field="regional_output")
    prov = Provenance.from_file(path, source="regional sector outputs",
                                reader="revitalize.data.readers.regional_output")
    return read_regional_output(path, national, code), prov


@task("io.regionalize", RegionalizeRequest, "National IO table regionalized by location quotients")
def run_regionalize(request: RegionalizeRequest, catalog: Any) -> Result:
    from revitalize.io.regionalize import regionalize
    from revitalize.model.regions import region_code

    code = region_code(request.region, where="region")
    national = catalog.io_table(request.source, year=request.year)
    regional, prov = regional_input(request, national, code, catalog)
    if request.validate:
        return _validation(request, national, regional, prov)
    return regionalize(national, regional, method=request.method or "flq", delta=request.delta,
                       diagonal=request.diagonal, technology=request.technology, region=code,
                       source=prov)


def _validation(request: RegionalizeRequest, national: Any, survey: Any, prov: Any) -> Result:
    from revitalize.io.regionalize import DEFAULT_DELTAS, METHODS, best_delta
    from revitalize.io.regionalize import validate_regionalization as compare
    from revitalize.results import build_meta

    if prov is not None or request.from_provincial is None:
        raise InputError("validate needs the survey table", field="validate",
                         expected="from_provincial (not regional_output)")
    frame = compare(national, survey,
                    methods=(request.method,) if request.method else METHODS,
                    deltas=(request.delta,) if request.delta is not None else DEFAULT_DELTAS,
                    diagonal=request.diagonal, technology=request.technology,
                    survey_import_share=request.survey_import_share)
    best = best_delta(frame) if frame["delta"].notna().any() else frame.iloc[0:0]
    meta = build_meta(
        "io_regionalize_validation", conventions=frame.attrs["conventions"],
        provenance=[national.provenance, survey.provenance], region=survey.region,
        best_delta={m: float(d) for m, d in zip(best["method"], best["delta"])})
    return RegionalValidation(table=frame, meta=meta)
