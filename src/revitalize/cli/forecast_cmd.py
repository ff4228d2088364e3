"""``revitalize forecast``: grey, ARIMA, ETS or backtest-chosen forecasts of annual series.

The command is generated from the application layer's request
(:class:`revitalize.tasks.forecast.ForecastRequest`): ``SOURCE`` is a CSV of series or a panel
(``--dataset`` is the deprecated spelling), ``--series`` selects or builds the series.

With ``--model auto`` the summary after the forecast table has a ``choice`` table: per series
the chosen model and every candidate's pooled backtest score (``meta["choice"]`` in JSON).

One option only this door has, which never changes the numbers: ``--progress/--no-progress``, a
progress bar on standard error over the backtest fits of ``auto`` and ``--backtest`` (default:
when standard error is a terminal), through :func:`revitalize.tasks.forecast.progress`.

Examples: ``revitalize forecast cn_prov_energy_econ_panel_long.csv --series northeast_gdp_share
--years 1995-2020 --model auto --candidates gm11,ets,naive``; ``revitalize forecast series.csv
--model arima --horizon 5 --format json``.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Iterator

import typer

__all__ = ["DOOR_OPTIONS", "NAME", "command"]

NAME = "forecast"

EXTRA = [
    inspect.Parameter("progress", inspect.Parameter.KEYWORD_ONLY, annotation=bool | None,
                      default=typer.Option(
                          None, "--progress/--no-progress",
                          help="Progress bar of the backtest (auto, --backtest) on standard "
                               "error (default: when it is a terminal).")),
]
DOOR_OPTIONS = tuple(p.name for p in EXTRA)


def _title(request, result) -> str:
    return "Backtest" if request.backtest else "Forecast"


@contextlib.contextmanager
def _context(*, progress: bool | None) -> Iterator[None]:
    """A rich bar on standard error advancing per model fitted at a backtest origin; one bar
    per series (its total is known once the series' origins are)."""
    from revitalize.tasks.forecast import progress as forecast_progress

    shown = sys.stderr.isatty() if progress is None else progress
    if not shown:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.fields[step]}"),
                  console=Console(stderr=True), transient=False) as bar:

        def factory(series: str):
            job = bar.add_task(f"backtest {series}", total=None, step="")

            def advance(done: int, total: int, text: str) -> None:
                bar.update(job, completed=done, total=total, step=text.split(": ", 1)[-1])

            return advance

        with forecast_progress(factory):
            yield


def _command():
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    return add_task_command(None, TASKS["forecast.run"], title=_title, extra=EXTRA,
                            context=_context)


command = _command()
