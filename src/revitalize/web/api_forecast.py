"""``POST /api/forecast``: forecasts of annual series, the task ``forecast.run``
(:class:`revitalize.tasks.forecast.ForecastRequest`) also served at its generated path
``/api/forecast/run``.

Input: a CSV upload (``multipart/form-data``, part ``file``; the layouts of
:func:`revitalize.forecast.series.read_series_csv`: a ``period``/``year`` column and one column
per series, or ``series, period, value``) or a JSON body naming a panel dataset and the series
to build (``{"source": "prov_energy_panel", "series": ["northeast_gdp_share"]}``). The
options (``model``, ``horizon``, ``level``...) are form fields, query parameters or JSON fields.
"""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter(tags=["forecast"])


def _register() -> None:
    from revitalize.tasks import TASKS, load_all
    from revitalize.web.api_tasks import add_task_route

    load_all()
    add_task_route(router, TASKS["forecast.run"], "/api/forecast", name="forecast")


_register()
