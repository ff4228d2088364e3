"""``POST /api/evaluate/ahp`` and ``POST /api/evaluate/topsis``.

AHP: the judgments as an uploaded file (``multipart/form-data``, part ``file``: YAML, JSON or a
filled Excel questionnaire, in the formats of :mod:`revitalize.evaluate.ahp_io`) or as the JSON
document itself (``application/json``, e.g. ``{"criteria": [...], "matrix": [[...]]}``).
YAML is read with ``yaml.safe_load`` (no tags, no code); Excel with openpyxl, formulas never
evaluated (a cell holding ``=1/3`` is read as the judgment text ``1/3``).

TOPSIS: a decision matrix (UTF-8 CSV upload, one row per alternative; labels in the column
``alternative`` if present, else ``id_column``, else the first column; or JSON ``{"matrix":
[{record}, ...]}``) and a criteria specification ``criteria``: ``"name:direction[:weight],..."``
(direction ``+``/``benefit`` or ``-``/``cost``) or a list of ``{name, direction, weight}``.
"""

from __future__ import annotations

import enum
import io
import json
from typing import Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.evaluate.ahp_batch import METHODS, RI_TABLES
from revitalize.web.common import (
    Format,
    FormatQuery,
    compute,
    parse_model,
    render,
    result_responses,
    with_meta,
)
from revitalize.web.uploads import (
    Upload,
    read_input,
    request_body_doc,
    require_utf8,
    saved_upload,
)

__all__ = ["CriterionModel", "TopsisBody", "router"]

router = APIRouter(prefix="/api/evaluate", tags=["evaluate"])

AHPMethod = enum.StrEnum("AHPMethod", {m: m for m in METHODS})
RITable = enum.StrEnum("RITable", {t: t for t in RI_TABLES})


class GroupRule(enum.StrEnum):
    aij = "aij"
    aip = "aip"


class AIPMean(enum.StrEnum):
    arithmetic = "arithmetic"
    geometric = "geometric"


class Normalisation(enum.StrEnum):
    vector = "vector"
    minmax = "minmax"


class Weighting(enum.StrEnum):
    spec = "spec"
    entropy = "entropy"
    critic = "critic"
    equal = "equal"


class CriterionModel(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    direction: str = Field(description="benefit (+) or cost (-).", max_length=20)
    weight: float | None = Field(None, ge=0, allow_inf_nan=False)


class TopsisBody(BaseModel):
    """A decision matrix and its criteria as JSON."""

    matrix: list[dict[str, str | float | None]] = Field(
        max_length=100_000, description="One record per alternative: label and criterion values.")
    criteria: str | list[CriterionModel] = Field(description="'name:direction[:weight],...' or "
                                                             "records.")
    id_column: str | None = Field(None, max_length=100)


_AHP_DOC = {"type": "object", "description": "The judgments document (criteria + matrix, "
            "criteria + experts, or a hierarchy).", "additionalProperties": True}
_AHP_BODY = request_body_doc(_AHP_DOC, {}, file_help="Judgments: YAML, JSON or a filled .xlsx "
                                                     "questionnaire.")
_TOPSIS_FORM = {"criteria": {"type": "string", "maxLength": 4000,
                             "description": "'name:direction[:weight],...' or a JSON list of "
                                            "{name, direction, weight}."},
                "id_column": {"type": "string", "maxLength": 100}}
_TOPSIS_BODY = request_body_doc(TopsisBody.model_json_schema(), _TOPSIS_FORM,
                                file_help="Decision matrix: UTF-8 CSV, one row per alternative.")


@router.post("/ahp", summary="AHP weights, lambda_max, CI and CR",
             responses=result_responses(uploads=True), openapi_extra=_AHP_BODY)
async def ahp(request: Request,
              method: AHPMethod = Query("eigenvector", description="eigenvector (default), "
                                        "geometric (row geometric means) or arithmetic."),
              ri_table: RITable = Query("saaty1980", description="Random-index table of "
                                        "CR = CI/RI."),
              group: GroupRule = Query(GroupRule.aij, description="Several experts: aij "
                                       "(geometric mean of judgments) or aip."),
              aip_mean: AIPMean = Query(AIPMean.arithmetic, description="Mean of priorities "
                                        "under group=aip."),
              cr_threshold: float = Query(0.1, ge=0, le=1, description="CR above which a matrix "
                                          "is flagged (warning)."),
              format: Format = FormatQuery):
    """Weights of one judgment matrix, a group of experts or a hierarchy
    (:func:`revitalize.evaluate.ahp_io.ahp_from_files`): records ``{criterion, weight}`` (or
    the hierarchy's ``{criterion, parent, level, local_weight, weight, leaf}``)."""
    from revitalize.evaluate.ahp_io import ahp_from_files

    settings = request.app.state.settings
    body = await read_input(request, limit=settings.max_upload_bytes)
    if body.file is not None:
        upload = body.file
        if not upload.data.startswith(b"PK"):
            require_utf8(upload)
    elif isinstance(body.json, dict):
        upload = Upload("judgments.json", json.dumps(body.json, ensure_ascii=False).encode())
    else:
        raise InputError("no judgments given", field="file",
                         expected="a YAML/JSON/xlsx upload or a JSON object")
    with saved_upload(upload, kind="judgments", limit=settings.max_upload_bytes) as path:
        result = await compute(request, lambda: ahp_from_files(
            [path], method=str(method), ri_table=str(ri_table), group=group.value,
            aip_mean=aip_mean.value, cr_threshold=cr_threshold))
    return render(with_meta(result, input={"upload": upload.name}), format, "ahp")


# ---------------------------------------------------------------------------- TOPSIS
def parse_criteria(spec: Any) -> list[CriterionModel]:
    """Criteria from ``"name:direction[:weight],..."``, a JSON list text, or records."""
    from revitalize.evaluate.validate import parse_direction

    if isinstance(spec, str) and spec.strip().startswith("["):
        try:
            spec = json.loads(spec)
        except json.JSONDecodeError as exc:
            raise InputError(f"criteria is not valid JSON ({exc})", field="criteria",
                             expected="a JSON list of {name, direction, weight}") from None
    if isinstance(spec, str):
        out = []
        for token in (t.strip() for t in spec.split(",")):
            parts = [p.strip() for p in token.split(":")]
            if not token or len(parts) not in (2, 3) or not parts[0]:
                raise InputError(f"criterion {token[:60]!r} is not name:direction[:weight]",
                                 field="criteria", expected="e.g. 'gdp:+:0.3,co2:-:0.2'")
            out.append({"name": parts[0], "direction": parts[1],
                        "weight": parts[2] if len(parts) == 3 else None})
        spec = out
    if not isinstance(spec, list):
        raise InputError("criteria is neither a spec string nor a list", field="criteria",
                         expected="'name:direction[:weight],...' or [{name, direction, weight}]")
    criteria = [c if isinstance(c, CriterionModel) else parse_model(CriterionModel, c,
                                                                    where="criteria")
                for c in spec]
    names = [c.name for c in criteria]
    if not criteria or len(set(names)) != len(names):
        raise InputError(f"criteria are empty or repeat a name: {names[:10]}", field="criteria",
                         expected="each criterion once")
    for c in criteria:
        parse_direction(c.direction, c.name)
    return criteria


def matrix_frame(frame: pd.DataFrame, criteria: list[CriterionModel], id_column: str | None,
                 where: str) -> pd.DataFrame:
    """Index = alternatives (the id column), columns = the criteria, in the spec's order."""

    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty or not len(frame.columns):
        raise InputError("the matrix is empty", file=where, expected="a header row and rows")
    ident = id_column or ("alternative" if "alternative" in frame.columns else frame.columns[0])
    names = [c.name for c in criteria]
    missing = [n for n in [ident, *names] if n not in frame.columns]
    if missing:
        raise UnknownLabelError(f"columns {missing[:8]} are not in the matrix", file=where,
                                field="criteria" if ident not in missing else "id_column",
                                expected=f"columns among {list(frame.columns)[:12]}")
    ignored = [c for c in frame.columns if c != ident and c not in names]
    if ignored:
        _warn(f"{where}: columns {ignored[:8]} are not in the criteria and are ignored",
                      DataQualityWarning, stacklevel=2)
    matrix = frame.set_index(frame[ident].astype(str).rename("alternative"))[names]
    matrix.columns.name = "criterion"
    return matrix


def _weights(matrix, directions, weighting: Weighting, criteria: list[CriterionModel]):
    from revitalize.evaluate.weights import critic_weights, entropy_weights

    if weighting is Weighting.entropy:
        return entropy_weights(matrix, directions, name="matrix").weights.to_dict()
    if weighting is Weighting.critic:
        return critic_weights(matrix, directions, name="matrix").weights.to_dict()
    given = [c.weight for c in criteria]
    if weighting is Weighting.equal or all(w is None for w in given):
        if weighting is Weighting.spec:
            raise InputError("no weights in the criteria", field="criteria",
                             expected="name:direction:weight for every criterion, or "
                                      "weighting=entropy|critic|equal")
        return dict.fromkeys(matrix.columns, 1.0 / matrix.shape[1])
    if any(w is None for w in given):
        raise InputError("weights given for some criteria but not all", field="criteria",
                         expected="a weight for every criterion or for none")
    return {c.name: c.weight for c in criteria}


def _frame_of(body) -> tuple[pd.DataFrame, Any, str | None, str]:
    if body.file is not None:
        text = require_utf8(body.file)
        try:
            frame = pd.read_csv(io.StringIO(text), skipinitialspace=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            raise InputError(f"cannot read the CSV ({' '.join(str(exc).split())[:200]})",
                             file=body.file.name, field="file",
                             expected="a CSV with a header row") from None
        return (frame, body.fields.get("criteria", ""), body.fields.get("id_column") or None,
                body.file.name)
    if body.json is None:
        raise InputError("no matrix given", field="file",
                         expected="a CSV upload or JSON {matrix, criteria}")
    doc = parse_model(TopsisBody, body.json)
    return pd.DataFrame(doc.matrix), doc.criteria, doc.id_column, "matrix"


@router.post("/topsis", summary="TOPSIS ranking by closeness to the ideal",
             responses=result_responses(uploads=True), openapi_extra=_TOPSIS_BODY)
async def topsis(request: Request,
                 normalisation: Normalisation = Query(Normalisation.vector, description="vector "
                                                      "(x / sqrt(sum x^2), Hwang & Yoon; "
                                                      "default) or minmax."),
                 weighting: Weighting = Query(Weighting.spec, description="spec (the weights "
                                              "in criteria; default), entropy, critic or equal."),
                 format: Format = FormatQuery):
    """TOPSIS closeness ``C = D- / (D+ + D-)`` and rank (1 = best) of every alternative
    (:func:`revitalize.evaluate.topsis.topsis`)."""
    from revitalize.evaluate.topsis import topsis as compute_topsis

    body = await read_input(request, limit=request.app.state.settings.max_upload_bytes)
    frame, spec, id_column, where = _frame_of(body)

    def run():
        criteria = parse_criteria(spec)
        matrix = matrix_frame(frame, criteria, id_column, where)
        directions = {c.name: c.direction for c in criteria}
        weights = _weights(matrix, directions, weighting, criteria)
        result = compute_topsis(matrix, weights, directions,
                                normalisation=normalisation.value, name=where)
        return with_meta(result, input={"upload" if body.file else "json": where},
                         weighting=weighting.value)

    return render(await compute(request, run), format, "topsis")
