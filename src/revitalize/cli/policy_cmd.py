"""``revitalize policy synthetic-control``: did the 2003 Northeast strategy change the
trajectory? Generated from :mod:`revitalize.tasks.policy`."""

from __future__ import annotations

import typer

HELP = "Policy evaluation: synthetic control of the 2003 Northeast strategy with placebos."

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _register() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    add_task_command(app, TASKS["policy.synthetic_control"])


_register()
