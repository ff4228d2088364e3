"""The Typer groups of the command line, and nothing else.

Command modules add their commands to these objects and :mod:`revitalize.cli.app` mounts them
under the root command; neither imports the other's module, so the CLI has no import cycle.
"""

from __future__ import annotations

import typer

__all__ = ["DATA_HELP", "IO_HELP", "UNCERTAINTY_HELP", "data", "group", "io", "uncertainty"]


def group() -> typer.Typer:
    """A command group with the package's conventions (``-h`` for help, no completion)."""
    return typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                       context_settings={"help_option_names": ["-h", "--help"]})


DATA_HELP = "Fact base, readers, the dataset store and the catalog's datasets."
IO_HELP = ("Input-output analysis: linkages, multipliers, extraction, impact of demand shocks, "
           "aggregation, regionalization.")
UNCERTAINTY_HELP = ("Uncertainty of rankings: Monte Carlo over IO coefficients, AHP judgments, "
                    "the FLQ delta, a bootstrap of entropy weights, SMAA-2 (local or Dask).")

data = group()
io = group()
uncertainty = group()
