"""``POST /api/io/linkages`` and ``POST /api/io/multipliers``: one input-output table in,
one row per sector out.

The table is either **uploaded** (``multipart/form-data``: ``file`` -- any layout
:func:`revitalize.data.readers.read_any` reads: NBS national CSV, stacked provincial CSV, OECD
CSV, an original .xls/.xlsx workbook -- with optional ``province`` and ``year`` to pick one table
of a file of several, or to label an NBS-layout file whose name does not say its year) or
**named** (``application/json``: ``{"dataset": NAME, "province": ..., "year": ...}``, a dataset
of the store or the mirror, see ``GET /api/datasets``). ``province`` and ``year`` must match
exactly one table.

The query parameters are the keywords of :func:`revitalize.io.multipliers.leontief_model`,
:func:`revitalize.io.linkages.linkages` and :func:`revitalize.io.multipliers.multipliers`,
with the same defaults as the ``revitalize io`` commands; every one is recorded in ``meta``.
"""

from __future__ import annotations

import enum
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from revitalize.errors import InputError
from revitalize.web.common import (
    Format,
    FormatQuery,
    compute,
    parse_model,
    render,
    result_responses,
    with_meta,
)
from revitalize.web.uploads import read_input, request_body_doc, saved_upload

__all__ = ["DatasetRef", "router"]

router = APIRouter(prefix="/api/io", tags=["input-output"])


class DatasetRef(BaseModel):
    """A table of a named dataset."""

    dataset: str = Field(max_length=100, description="Dataset name (GET /api/datasets).")
    province: str | None = Field(None, max_length=100,
                                 description="Province to pick (any spelling: 辽宁, Liaoning, "
                                             "210000).")
    year: int | None = Field(None, ge=1900, le=2100, description="Year to pick.")


class Technology(enum.StrEnum):
    domestic = "domestic"
    total = "total"


class ImportShare(enum.StrEnum):
    use = "use"
    supply = "supply"


class ZeroOutput(enum.StrEnum):
    raise_ = "raise"
    zero = "zero"


class Forward(enum.StrEnum):
    leontief = "leontief"
    ghosh = "ghosh"


class Weights(enum.StrEnum):
    none = "none"
    final_demand = "final_demand"
    output = "output"
    value_added = "value_added"


class MultiplierType(enum.StrEnum):
    I = "I"  # noqa: E741 - the type's name in the literature
    II = "II"


_FORM = {"province": {"type": "string", "maxLength": 100,
                      "description": "Province to pick from a file of several, or the region of "
                                     "an NBS-layout provincial table."},
         "year": {"type": "integer", "minimum": 1900, "maximum": 2100,
                  "description": "Year to pick, or the year of an NBS-layout file whose name "
                                 "does not say it."}}
_BODY = request_body_doc(DatasetRef.model_json_schema(), _FORM,
                         file_help="IO table: NBS or provincial CSV, OECD CSV, .xls/.xlsx workbook.")

TechnologyQuery = Query(Technology.domestic, description="Intermediate flows: domestic (imports "
                        "removed; default) or total.")
ImportShareQuery = Query(ImportShare.use, description="Import share of a competitive table: "
                         "m/(x-e+m) (use, default) or m/(x+m) (supply).")
ZeroOutputQuery = Query(ZeroOutput.raise_, description="Sectors with zero output: raise "
                        "(default) or zero (their coefficients set to 0, with a warning).")


def _int(fields: dict[str, str], key: str) -> int | None:
    text = fields.get(key, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{text[:40]!r} is not an integer", field=key,
                         expected="a year such as 2017") from None


def pick_table(obj, province: str | None, year: int | None, where: str):
    """The one table of ``obj`` (an IOTable or a dict of them) matching province and year."""
    from revitalize.data.panel import Panel
    from revitalize.data.regions import region_code
    from revitalize.io.table import IOTable

    if isinstance(obj, Panel) or not isinstance(obj, (IOTable, dict)):
        raise InputError("not an input-output table", file=where,
                         expected="an IO table file or dataset (not a panel)")
    tables = [obj] if isinstance(obj, IOTable) else list(obj.values())
    have = sorted({(t.region, t.year) for t in tables})
    if province is not None:
        code = region_code(province, where="province")
        tables = [t for t in tables if t.region == code]
    if year is not None:
        tables = [t for t in tables if t.year == int(year)]
    if len(tables) != 1:
        raise InputError(f"{len(tables)} tables match province={province!r}, year={year!r}",
                         file=where, field="province" if len({r for r, _ in have}) > 1 else "year",
                         expected=f"a choice that picks one of {have[:8]}"
                                  f"{'...' if len(have) > 8 else ''}")
    return tables[0]


def _read_upload(path, province: str | None, year: int | None):
    from revitalize.data.readers import read_any
    from revitalize.data.readers.detect import sniff

    reader = sniff(path).reader
    kw: dict[str, Any] = {}
    if reader == "provincial_io" and province is not None:
        kw["province"] = province
    if reader == "nbs_io":
        kw.update({k: v for k, v in (("year", year), ("region", province)) if v is not None})
    if reader == "oecd_io" and year is not None:
        kw["year"] = year
    if reader.startswith("panel"):
        raise InputError("is a panel, not an input-output table", file=path.name, field="file",
                         expected="an IO table (NBS, provincial or OECD CSV, or a workbook)")
    return read_any(path, reader=reader, **kw)


async def _run(request: Request, analyse) -> Any:
    """Load the table (upload or dataset) and run ``analyse(table)`` under :func:`compute`;
    ``meta["input"]`` names the upload or the dataset."""
    settings = request.app.state.settings
    body = await read_input(request, limit=settings.max_upload_bytes)
    if body.file is not None:
        province, year, name = body.fields.get("province") or None, _int(body.fields, "year"), \
            body.file.name
        with saved_upload(body.file, kind="table", limit=settings.max_upload_bytes) as path:
            def run_upload():
                table = pick_table(_read_upload(path, province, year), province, year, name)
                return with_meta(analyse(table), input={"upload": name})
            return await compute(request, run_upload)
    if body.json is None:
        raise InputError("no table given", field="file",
                         expected="a multipart upload with 'file', or JSON {dataset, province, "
                                  "year}")
    ref = parse_model(DatasetRef, body.json)
    sources = request.app.state.sources

    def run_dataset():
        table = pick_table(sources.load(ref.dataset), ref.province, ref.year, ref.dataset)
        return with_meta(analyse(table), input={"dataset": ref.dataset})
    return await compute(request, run_dataset)


def _model(table, technology, zero_output, import_share):
    from revitalize.io.multipliers import leontief_model

    return leontief_model(table, technology=technology.value, zero_output=zero_output.value,
                          import_share=import_share.value)


@router.post("/linkages", summary="Influence and sensitivity coefficients, key sectors",
             responses=result_responses(uploads=True), openapi_extra=_BODY)
async def linkages(request: Request,
                   technology: Technology = TechnologyQuery,
                   import_share: ImportShare = ImportShareQuery,
                   zero_output: ZeroOutput = ZeroOutputQuery,
                   forward: Forward = Query(Forward.leontief, description="Forward linkage basis "
                                            "of the sensitivity coefficient: row sums of L "
                                            "(leontief, default) or of the Ghosh inverse G."),
                   influence_weights: Weights = Query(Weights.none, description="Weights of the "
                                                      "influence coefficient's mean (none: "
                                                      "Rasmussen; final_demand: 刘起运 2002)."),
                   sensitivity_weights: Weights = Query(Weights.none, description="Weights of "
                                                        "the sensitivity coefficient's mean."),
                   format: Format = FormatQuery):
    """Rasmussen-Hirschman influence (backward) and sensitivity (forward) coefficients, their
    coefficients of variation, the output multiplier and the key-sector class of every sector
    (:func:`revitalize.io.linkages.linkages`; dimensionless, weighted mean 1)."""
    from revitalize.io.linkages import linkages as compute_linkages

    def analyse(table):
        return compute_linkages(_model(table, technology, zero_output, import_share),
                                forward=forward.value, influence_weights=influence_weights.value,
                                sensitivity_weights=sensitivity_weights.value)

    return render(await _run(request, analyse), format, "linkages")


@router.post("/multipliers", summary="Output, value-added and income multipliers (type I/II)",
             responses=result_responses(uploads=True), openapi_extra=_BODY)
async def multipliers(request: Request,
                      technology: Technology = TechnologyQuery,
                      import_share: ImportShare = ImportShareQuery,
                      zero_output: ZeroOutput = ZeroOutputQuery,
                      type: MultiplierType = Query(MultiplierType.II, description="I: households "
                                                   "exogenous; II (default): households "
                                                   "endogenous."),
                      household_columns: str | None = Query(
                          None, max_length=200, description="Comma-separated final-demand codes "
                          "of household consumption (default FU101,FU102, else THC, else TC)."),
                      format: Format = FormatQuery):
    """Output, value-added and income multipliers split into direct, indirect and induced
    effects (:func:`revitalize.io.multipliers.multipliers`; per unit of final demand)."""
    from revitalize.io.multipliers import multipliers as compute_multipliers

    columns = tuple(c.strip() for c in household_columns.split(",") if c.strip()) \
        if household_columns else None

    def analyse(table):
        return compute_multipliers(_model(table, technology, zero_output, import_share),
                                   type=type.value, household_columns=columns or None)

    return render(await _run(request, analyse), format, "multipliers")
