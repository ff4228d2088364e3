"""``revitalize io ...``: input-output analysis of any table the catalog resolves (a file, a
stored, mirrored or bundled dataset). The commands are generated from the application layer's
requests (:mod:`revitalize.tasks.io`); ``regionalize`` has its own module."""

from __future__ import annotations

import typer

HELP = ("Input-output analysis: linkages, multipliers, extraction, impact of demand shocks, "
        "aggregation, regionalization.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _register() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in ("io.linkages", "io.multipliers", "io.extract", "io.impact", "io.aggregate"):
        add_task_command(app, TASKS[name])
    from revitalize.cli import io_regional_cmd  # noqa: F401


_register()
