"""``POST /api/forecast``: forecasts of annual series with a grey or statistical model.

Input: a CSV upload (``multipart/form-data``, part ``file``; the layouts of
:func:`revitalize.forecast.series.read_series_csv`: a ``period``/``year`` column and one
column per series, or ``series, period, value``) or JSON ``{"series": {"name": {"2001": v,
...}}}``. Each series must be gap-free over its years (a gap is an error naming the longest
gap-free span). At most :data:`MAX_SERIES` series.

Output: the long :class:`~revitalize.forecast.base.ForecastResult` table ``series, period,
value, kind`` with ``kind`` in observed, fitted, forecast, lower, upper (intervals for ets and
naive at ``level``).
"""

from __future__ import annotations

import enum
from functools import partial

import pandas as pd
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

__all__ = ["MAX_SERIES", "SeriesBody", "router"]

router = APIRouter(prefix="/api", tags=["forecast"])

MAX_SERIES = 20
_REGISTERED = {"gm11": "gm11", "dgm": "dgm11", "verhulst": "verhulst", "ets": "ets",
               "naive": "naive"}


class Model(enum.StrEnum):
    gm11 = "gm11"
    dgm = "dgm"
    verhulst = "verhulst"
    ets = "ets"
    naive = "naive"


class SeriesBody(BaseModel):
    """Annual series as JSON: name -> {year: value}."""

    series: dict[str, dict[str, float | None]] = Field(
        max_length=MAX_SERIES, description="Series name -> {year: value}; null is a missing "
                                           "value.")


_BODY = request_body_doc(SeriesBody.model_json_schema(), {},
                         file_help="CSV: period (or year) + one column per series, or "
                                   "series, period, value.")


def _from_json(doc: SeriesBody) -> dict[str, pd.Series]:
    out = {}
    for name, values in doc.series.items():
        try:
            years = [int(str(k).strip()) for k in values]
        except ValueError:
            raise InputError(f"series {name[:40]!r} has a period that is not an integer year",
                             field=f"series.{name[:40]}", expected="keys such as '2020'") from None
        out[name] = pd.Series(list(values.values()), index=years, dtype=float).sort_index()
    if not out:
        raise InputError("no series given", field="series", expected="at least one series")
    return out


def _forecast(found: dict[str, pd.Series], model: Model, horizon: int, level: float, where: str):
    from revitalize.forecast.backtest import combine, get_model
    from revitalize.forecast.base import ForecastResult
    from revitalize.forecast.series import select_span

    if len(found) > MAX_SERIES:
        raise InputError(f"{len(found)} series", field="series",
                         expected=f"at most {MAX_SERIES} series per request")
    fn = get_model(_REGISTERED[model.value])
    if model.value in ("ets", "naive"):
        fn = partial(fn, level=level)
    results = {n: fn(select_span(s, name=n, file=where), horizon, name=n)
               for n, s in found.items()}
    if len(results) == 1:
        res = next(iter(results.values()))
        return ForecastResult(res.table, dict(res.meta), {})
    return combine(results)


@router.post("/forecast", summary="Forecast annual series (GM(1,1), DGM, Verhulst, ETS, naive)",
             responses=result_responses(uploads=True), openapi_extra=_BODY)
async def forecast(request: Request,
                   model: Model = Query(Model.gm11, description="gm11 (default), dgm, verhulst, "
                                        "ets or naive."),
                   horizon: int = Query(3, ge=1, le=20, description="Years to forecast."),
                   level: float = Query(0.95, gt=0, lt=1, description="Prediction-interval level "
                                        "(ets, naive)."),
                   format: Format = FormatQuery):
    """Fitted values and forecasts with the model's conventions and parameters in ``meta``
    (grey models: a, b, C, P and the accuracy grade; see :mod:`revitalize.forecast.grey`)."""
    from revitalize.forecast.series import read_series_csv

    settings = request.app.state.settings
    body = await read_input(request, limit=settings.max_upload_bytes)
    if body.file is not None:
        with saved_upload(body.file, kind="table", limit=settings.max_upload_bytes) as path:
            def run_file():
                found, prov = read_series_csv(path)
                res = _forecast(found, model, horizon, level, body.file.name)
                return with_meta(res, provenance=[prov.to_dict()],
                                 input={"upload": body.file.name})
            result = await compute(request, run_file)
        return render(result, format, "forecast")
    if body.json is None:
        raise InputError("no series given", field="file",
                         expected="a CSV upload or JSON {series: {name: {year: value}}}")
    found = _from_json(parse_model(SeriesBody, body.json))
    result = await compute(request, lambda: with_meta(
        _forecast(found, model, horizon, level, "series"), input={"json": list(found)}))
    return render(result, format, "forecast")
