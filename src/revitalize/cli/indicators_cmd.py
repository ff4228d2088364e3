"""``revitalize indicators NAME``: regional indicators for every province and year the data allow.

The commands are generated from the application layer's requests
(:mod:`revitalize.tasks.indicators`): the data come from ``SOURCE`` (a file, or a stored,
mirrored or bundled dataset; ``--data`` is the deprecated spelling), and the reference economy is
a named, recorded option wherever a measure compares with one.
"""

from __future__ import annotations

import typer

HELP = ("Regional indicators: location quotients, specialisation, structural similarity, shares "
        "of the nation, convergence, R&D gap, trade dependence, financial depth.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

COMMANDS = ("share", "rd_gap", "lq", "krugman", "similarity", "trade_dependence",
            "financial_depth", "convergence", "competitiveness", "fdi", "caveats",
            "gdp_vintages", "shift_share", "rca", "capital_stock")


def _register_tasks() -> None:
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in COMMANDS:
        add_task_command(app, TASKS[f"indicators.{name}"])


_register_tasks()
