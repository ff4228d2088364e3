"""``revitalize evaluate ...``: AHP, matter-element extension, entropy/CRITIC, TOPSIS, GRA,
coupling coordination and declared indicator systems."""

from __future__ import annotations

import typer

HELP = ("Evaluation: AHP (group judgments), matter-element extension, entropy/CRITIC weights, "
        "TOPSIS, grey relational analysis, coupling coordination, indicator systems.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _register() -> None:
    import importlib
    import importlib.util

    for module in ("evaluate_ahp_cmd", "evaluate_mcda_cmd", "evaluate_system_cmd"):
        if importlib.util.find_spec(f"revitalize.cli.{module}") is not None:
            importlib.import_module(f"revitalize.cli.{module}")


_register()
