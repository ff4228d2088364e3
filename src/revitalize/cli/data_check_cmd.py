"""``revitalize data check DIR``: read every table of a folder and say which ones work.

One row per table (:func:`revitalize.tasks.check.check_directory`): file, reader recognised,
region, year, sectors, worst row/column balance gaps, warnings, whether the default
``io linkages`` runs, and the error when not. Exit status 1 when any file fails.
"""

from __future__ import annotations

from pathlib import Path

import typer

from revitalize.cli.groups import data as app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit

__all__ = ["check_command"]


@app.command("check")
def check_command(
    directory: Path = typer.Argument(..., help="Directory of .csv/.xls/.xlsx table files.",
                                     exists=True, file_okay=False, dir_okay=True),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Read every table in DIRECTORY; report layout, region, year, balance, warnings and whether
    the default linkages run. Exit 1 if any file fails."""
    from revitalize.tasks.check import check_directory

    result = check_directory(directory)
    emit(result, fmt, output, title=f"data check {directory}")
    if len(result.failed):
        raise typer.Exit(1)
