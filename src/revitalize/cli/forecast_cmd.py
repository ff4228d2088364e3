"""``revitalize forecast``: grey, ARIMA, ETS or backtest-chosen forecasts of annual series.

The command is generated from the application layer's request
(:class:`revitalize.tasks.forecast.ForecastRequest`): ``SOURCE`` is a CSV of series or a panel
(``--dataset`` is the deprecated spelling), ``--series`` selects or builds the series.

Examples: ``revitalize forecast cn_prov_energy_econ_panel_long.csv --series northeast_gdp_share
--years 1995-2020 --model auto --candidates gm11,ets,naive``; ``revitalize forecast series.csv
--model arima --horizon 5 --format json``.
"""

from __future__ import annotations

__all__ = ["NAME", "command"]

NAME = "forecast"


def _title(request, result) -> str:
    return "Backtest" if request.backtest else "Forecast"


def _command():
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    return add_task_command(None, TASKS["forecast.run"], title=_title)


command = _command()
