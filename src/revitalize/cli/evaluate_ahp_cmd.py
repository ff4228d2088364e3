"""``revitalize evaluate ahp FILE...`` and ``revitalize evaluate ahp-questionnaire``.

``ahp`` reads judgments (formats in :mod:`revitalize.evaluate.ahp_io`): a YAML/JSON file with
``{"criteria": [...], "matrix": [[...]]}``, a group ``{"criteria": [...], "experts": [{"name",
"weight", "matrix"}]}``, a hierarchy ``{"goal", "matrix", "children": [...]}``, or filled Excel
questionnaires (several files = one expert each). Output records:

* one matrix or a group: ``{criterion, weight}``; ``meta``: ``lambda_max``, ``ci``, ``cr``,
  ``ri``, ``ri_table``, ``conventions.method`` (and ``experts``: each expert's CR, for a group);
* a hierarchy: ``{criterion, parent, level, local_weight, weight (global), leaf}``; ``meta``:
  the goal matrix's ``lambda_max``/``ci``/``cr``, ``cr_hierarchy``, ``inconsistent_nodes``.

Consistency warnings (CR above ``--cr-threshold``, naming the most inconsistent judgment) go
to standard error as ``warning: ...`` lines and into ``meta["warnings"]``.
"""

from __future__ import annotations

import enum
import sys
import warnings
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import typer

from revitalize.cli.evaluate_cmd import app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, console, emit
from revitalize.errors import InputError
from revitalize.evaluate.ahp_batch import METHODS, RI_TABLES

__all__ = ["ahp_command", "questionnaire_command"]

AHPMethod = enum.StrEnum("AHPMethod", {m: m for m in METHODS})
RITable = enum.StrEnum("RITable", {t: t for t in RI_TABLES})


class GroupRule(enum.StrEnum):
    aij = "aij"
    aip = "aip"


class AIPMean(enum.StrEnum):
    arithmetic = "arithmetic"
    geometric = "geometric"


@app.command("ahp")
def ahp_command(
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help="Judgments: a YAML/JSON file (one matrix, a group of experts, or a "
                  "hierarchy) or filled Excel questionnaires (several files: one per expert)."),
    method: AHPMethod = typer.Option(
        "eigenvector", "--method", case_sensitive=False,
        help="Weights: eigenvector (principal eigenvector, default), geometric (row geometric "
             "means) or arithmetic (normalised columns averaged)."),
    ri_table: RITable = typer.Option(
        "saaty1980", "--ri-table", case_sensitive=False,
        help="Random-index table for CR = CI/RI: " + ", ".join(RI_TABLES) + "."),
    group: GroupRule = typer.Option(
        "aij", "--group", case_sensitive=False,
        help="Several experts: aij (geometric mean of judgments) or aip (mean of priorities)."),
    aip_mean: AIPMean = typer.Option("arithmetic", "--aip-mean", case_sensitive=False,
                                     help="Mean of priorities under --group aip."),
    cr_threshold: float = typer.Option(0.1, "--cr-threshold",
                                       help="CR above which a matrix is flagged (warning)."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """AHP weights, lambda_max, CI and CR of judgment matrices (one, a group, or a hierarchy)."""
    from revitalize.evaluate.ahp_io import ahp_from_files

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ahp_from_files(files, method=str(method), ri_table=str(ri_table),
                                group=str(group), aip_mean=str(aip_mean),
                                cr_threshold=cr_threshold)
    messages = [" ".join(str(w.message).split()) for w in caught]
    for msg in messages:
        sys.stderr.write(f"warning: {msg}\n")
    result = replace(result, meta=MappingProxyType({**result.meta, "warnings": messages}))
    emit(result, fmt, output, title=f"AHP: {', '.join(f.name for f in files)}")


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(s.strip() for s in v.replace("，", ",").split(",") if s.strip())
    return out


@app.command("ahp-questionnaire")
def questionnaire_command(
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False,
                                help="Excel file to write (.xlsx)."),
    criteria: list[str] | None = typer.Option(
        None, "--criteria", "-c", help="Criteria to compare, comma-separated (or repeat)."),
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
    if hierarchy is not None:
        source = load_judgments(hierarchy, require_judgments=False)[0]
    else:
        source = names
    path = write_questionnaire(output, source, goal=goal, expert=expert)
    console.print(f"wrote {path}", style="dim", highlight=False)
