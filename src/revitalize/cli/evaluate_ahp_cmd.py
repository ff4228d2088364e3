"""``revitalize evaluate ahp-questionnaire``: write an Excel AHP questionnaire (one sheet per
comparison matrix) to fill and read back with ``revitalize evaluate ahp FILE.xlsx``.

It writes a workbook rather than computing a result, so it is a command of the CLI only (the
HTTP API never writes files on the server).
"""

from __future__ import annotations

from pathlib import Path

import typer

from revitalize.cli.output import console
from revitalize.errors import InputError

__all__ = ["questionnaire_command"]


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(s.strip() for s in v.replace("，", ",").split(",") if s.strip())
    return out


def questionnaire_command(
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False,
                                help="Excel file to write (.xlsx)."),
    criteria: list[str] | None = typer.Option(
        None, "--criteria", help="Criteria to compare, comma-separated (or repeat)."),
    goal: str = typer.Option("Goal", "--goal", help="Name of the goal (the compared level's "
                                                    "parent)."),
    hierarchy: Path | None = typer.Option(
        None, "--hierarchy", help="YAML/JSON hierarchy (matrices optional: they pre-fill the "
                                  "forms): one sheet per node with two or more children."),
    expert: str | None = typer.Option(None, "--expert", help="Expert's name (Structure!B1)."),
) -> None:
    """Write an Excel AHP questionnaire (one sheet per comparison matrix) to fill and read back
    with 'evaluate ahp FILE.xlsx'."""
    from revitalize.evaluate.ahp_io import load_judgments, write_questionnaire

    names = _split(criteria)
    if bool(names) == (hierarchy is not None):
        raise InputError("give either --criteria or --hierarchy", field="--criteria/--hierarchy",
                         expected="exactly one of them")
    if output.suffix.lower() != ".xlsx":
        raise InputError(f"output {output.name!r} is not an .xlsx file", field="--output",
                         expected="a file name ending in .xlsx")
    source = load_judgments(hierarchy, require_judgments=False)[0] if hierarchy else names
    path = write_questionnaire(output, source, goal=goal, expert=expert)
    console.print(f"wrote {path}", style="dim", highlight=False)
