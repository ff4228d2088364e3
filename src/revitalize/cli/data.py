"""``revitalize data ...``: the fact base, reading real tables and the dataset store."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _register() -> None:
    # Each command family lives in its own module and adds its commands to ``app``.
    from revitalize.cli import data_check_cmd, facts_cmd, read_cmd, store_cmd  # noqa: F401


_register()
