"""``revitalize efficiency dea|malmquist|growth-accounting``: efficiency and productivity of the
provinces. The commands are generated from the application layer's requests
(:mod:`revitalize.tasks.efficiency`); the data are the bundled provincial datasets unless
``--mirror`` or a dataset option names others."""

from __future__ import annotations

import typer

HELP = ("Efficiency and productivity: DEA (CCR/BCC, super-efficiency, scale, SBM), Malmquist and "
        "Malmquist-Luenberger (green TFP) indices, growth accounting.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

COMMANDS = ("dea", "malmquist", "growth_accounting")


def _register() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in COMMANDS:
        add_task_command(app, TASKS[f"efficiency.{name}"])


_register()
