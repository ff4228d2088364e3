"""``revitalize io ...``: input-output analysis of any table the readers read (or the store holds)."""

from __future__ import annotations

import typer

HELP = ("Input-output analysis: linkages, multipliers, extraction, impact of demand shocks, "
        "aggregation, regionalization.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _register() -> None:
    # One module per command family adds its commands to ``app``.
    import importlib
    import importlib.util

    for module in ("io_linkages_cmd", "io_extract_cmd", "io_regional_cmd"):
        if importlib.util.find_spec(f"revitalize.cli.{module}") is not None:
            importlib.import_module(f"revitalize.cli.{module}")


_register()
