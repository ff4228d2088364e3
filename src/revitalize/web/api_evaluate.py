"""Evaluation over HTTP: ``POST /api/evaluate/ahp``, ``/api/evaluate/topsis``, ``entropy``,
``critic``, ``gra``, ``coupling``, ``extension`` and ``system``.

The endpoints are generated from the application layer's requests
(:mod:`revitalize.tasks.evaluate`) by :mod:`revitalize.web.api_tasks`: the judgments (YAML, JSON
or a filled Excel questionnaire) or the decision matrix (UTF-8 CSV) are the ``file`` part of a
``multipart/form-data`` upload, the other fields (``criteria``, ``method``, ``weighting``...)
form fields, query parameters or -- for a named source -- a JSON body. YAML is read with
``yaml.safe_load`` (no tags, no code); Excel with openpyxl, formulas never evaluated. This module
keeps the family's router for endpoints that are not tasks (none today).
"""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter(prefix="/api/evaluate", tags=["evaluate"])
