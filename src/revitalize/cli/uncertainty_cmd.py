"""``revitalize uncertainty io|ahp|flq|entropy|mcda``: how stable are the rankings?

The commands are generated from the application layer's requests
(:mod:`revitalize.tasks.uncertainty`; ``mcda`` from :mod:`revitalize.tasks.mcda`). Options only
this door has -- they choose where the draws run or what to write beside the result, never the
numbers -- are added here:

* ``--workers N`` (a Dask LocalCluster of N processes on 127.0.0.1), ``--scheduler ADDRESS``
  (an existing Dask cluster, e.g. ``tcp://host:8786``), ``--threads N`` (local backend) and
  ``--progress/--no-progress`` (default: when standard error is a terminal), through
  :func:`revitalize.tasks.uncertainty.execution`;
* ``--chart FILE.html``: the rank-probability heat map and interval chart (offline HTML).

The HTTP API has none of them: over HTTP the draws run locally and nothing is written.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import typer

from revitalize.cli.groups import UNCERTAINTY_HELP as HELP
from revitalize.cli.groups import uncertainty as app

__all__ = ["COMMANDS", "DOOR_OPTIONS", "HELP", "app"]

COMMANDS = ("uncertainty.io", "uncertainty.ahp", "uncertainty.flq", "uncertainty.entropy")


def _option(name: str, annotation: Any, *decls: str, help: str, **kw: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                             default=typer.Option(None, *decls, help=help, **kw))


EXTRA = [
    _option("workers", int | None, "--workers",
            help="Run on a Dask LocalCluster of N worker processes (127.0.0.1)."),
    _option("scheduler", str | None, "--scheduler",
            help="Run on an existing Dask cluster, e.g. tcp://host:8786 (revitalize installed "
                 "on every worker)."),
    _option("threads", int | None, "--threads",
            help="Local backend: threads running chunks (default: CPU count)."),
    _option("progress", bool | None, "--progress/--no-progress",
            help="Progress bar on standard error (default: when it is a terminal)."),
    _option("chart", Path | None, "--chart", dir_okay=False,
            help="Also write the rank-stability charts (HTML, works offline)."),
]
DOOR_OPTIONS = tuple(p.name for p in EXTRA)


def _context(*, workers, scheduler, threads, progress, chart):
    from revitalize.tasks.uncertainty import execution

    shown = sys.stderr.isatty() if progress is None else progress
    return execution(workers=workers, scheduler=scheduler, threads=threads, progress=shown)


def _after(request, result, *, fmt, output, workers, scheduler, threads, progress, chart):
    from revitalize.cli.output import OutputFormat, atomic_write_text

    if chart is not None:
        from revitalize.uncertainty.charts import charts_html

        atomic_write_text(Path(chart), charts_html(result, max_items=60))
    return result.compact() if OutputFormat(fmt) is OutputFormat.table else None


def _register() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in COMMANDS:
        add_task_command(app, TASKS[name], extra=EXTRA, context=_context, after=_after)


_register()
