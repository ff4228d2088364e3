"""``revitalize relatedness opportunities|complexity|validation``: where the Northeast can go.
The commands are generated from the application layer's requests
(:mod:`revitalize.tasks.relatedness`) over the bundled provincial IO tables by default."""

from __future__ import annotations

import typer

HELP = ("Relatedness and complexity: opportunities (density x PCI), ECI/PCI, out-of-sample AUC "
        "of density for entries.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

COMMANDS = ("opportunities", "complexity", "validation")


def _register() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in COMMANDS:
        add_task_command(app, TASKS[f"relatedness.{name}"])


_register()
