"""``/api/health``, ``/api/regions``, ``/api/facts``, ``/api/datasets``: what there is to analyse.

Regions come from :mod:`revitalize.model.regions`, facts from the embedded fact base
(:func:`revitalize.data.facts.facts`), datasets from the store and the mirror
(:mod:`revitalize.web.datasets`).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from revitalize.web.common import (
    CsvEncoding,
    EncodingQuery,
    Format,
    FormatQuery,
    check_encoding,
    compute,
    error_responses,
    render,
    result_responses,
    run_locked,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["data"])


class Health(BaseModel):
    status: Literal["ok"]
    package: str
    version: str
    max_upload_bytes: int


class RegionRecord(BaseModel):
    code: str = Field(description="Canonical code: GB/T 2260 for provinces, 000000 the nation, "
                                  "NE etc. for macro-regions, ISO alpha-3 for countries.")
    name_en: str
    name_cn: str
    kind: str = Field(description="province, nation, macro, group, subprovince or country.")
    members: list[str] = Field(description="Province codes of an aggregate (empty for a "
                                           "province).")


class DatasetRecord(BaseModel):
    name: str
    origin: Literal["store", "mirror", "bundle"]
    kind: str = Field(description="io_table, io_collection (by province), io_years or panel.")
    reader: str | None
    source: str | None
    regions: list[str]
    years: list[int]
    aliases: list[str] = Field(default_factory=list, description="Other names of the dataset "
                                                                  "(e.g. its fetch-registry name).")


class DatasetDetail(DatasetRecord):
    indicators: list[dict[str, str]] | None = Field(None, description="Panel indicators and "
                                                                      "units.")
    sectors: int | None = Field(None, description="Number of sectors of an IO dataset.")
    unit: str | None = None


@router.get("/health", response_model=Health, summary="Liveness and limits")
def health(request: Request) -> dict[str, Any]:
    from revitalize import __version__

    return {"status": "ok", "package": "revitalize", "version": __version__,
            "max_upload_bytes": request.app.state.settings.max_upload_bytes}


@router.get("/regions", response_model=list[RegionRecord], summary="Regions the package knows")
def regions(kind: str | None = Query(None, description="Keep one kind, e.g. province or macro.",
                                     max_length=20)) -> list[dict[str, Any]]:
    from revitalize.model.regions import regions_frame

    frame = regions_frame().reset_index()
    if kind is not None:
        frame = frame[frame["kind"] == kind]
    frame["members"] = [[m for m in str(v).split(",") if m] for v in frame["members"]]
    return frame[["code", "name_en", "name_cn", "kind", "members"]].to_dict(orient="records")


@router.get("/facts", summary="Facts of the embedded fact base, each with its source",
            responses=result_responses())
async def facts(request: Request,
                indicator: str | None = Query(None, max_length=100,
                                              description="Indicator code, exactly."),
                region: str | None = Query(None, max_length=100,
                                           description="Region, any spelling (辽宁, Liaoning, "
                                                       "210000, NE)."),
                format: Format = FormatQuery, encoding: CsvEncoding = EncodingQuery):
    from revitalize.data.facts import facts as select

    check_encoding(format, encoding)
    result = await compute(request, lambda: select(indicator=indicator, region=region))
    return render(result, format, "facts", encoding)


@router.get("/datasets", response_model=list[DatasetRecord],
            summary="Datasets in the store and the mirror")
async def datasets(request: Request) -> list[dict[str, Any]]:
    sources = request.app.state.sources
    entries = await run_locked(request, sources.entries)
    return [e.to_dict() for e in entries]


@router.get("/datasets/{name}", response_model=DatasetDetail, responses=error_responses(422),
            summary="One dataset with its regions, years and indicators (reads it)")
async def dataset(request: Request, name: str = Path(max_length=100)) -> dict[str, Any]:
    sources = request.app.state.sources
    return await run_locked(request, lambda: sources.describe(name))
