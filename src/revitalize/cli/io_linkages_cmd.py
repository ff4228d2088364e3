"""``revitalize io linkages`` and ``revitalize io multipliers``.

Both read one table (``SOURCE``: a file or a stored dataset; ``--province``/``--year`` pick one
table of a file of several), build the Leontief model once and print one row per sector.
Options are named like the Python keywords of :func:`revitalize.io.linkages.linkages` and
:func:`revitalize.io.multipliers.multipliers`. Warnings go to standard error as
``warning: ...`` lines and into ``meta["warnings"]``.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace
from pathlib import Path

import typer

from revitalize.cli.io_cmd import app
from revitalize.cli.io_common import (
    ImportShareOption,
    ProvinceOption,
    SourceArgument,
    TechnologyOption,
    YearOption,
    load_io_table,
)
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import InputError
from revitalize.results import Result

__all__ = ["linkages_command", "multipliers_command"]

ZeroOutputOption = typer.Option(
    "raise", "--zero-output",
    help="Sectors with zero output: 'raise' (default) or 'zero' (their coefficients set to 0, "
         "with a warning).")


def _data_dir(ctx: typer.Context) -> Path | None:
    obj = ctx.find_root().obj
    return obj.get("data_dir") if isinstance(obj, dict) else None


def _with_warnings(compute) -> Result:
    """Run ``compute()``, echo its warnings to stderr and keep them in ``meta``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compute()
    messages = list(dict.fromkeys(str(w.message) for w in caught))
    for msg in messages:
        sys.stderr.write(f"warning: {' '.join(msg.split())}\n")
    return replace(result, meta={**result.meta, "warnings": messages})


def _choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise InputError(f"unknown value {value!r}", field=flag, expected=f"one of {list(allowed)}")
    return value


@app.command("linkages")
def linkages_command(
    ctx: typer.Context,
    source: str = SourceArgument,
    province: str | None = ProvinceOption,
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    import_share: str = ImportShareOption,
    zero_output: str = ZeroOutputOption,
    forward: str = typer.Option(
        "leontief", "--forward",
        help="Forward linkage basis of the sensitivity coefficient: 'leontief' (row sums of L, "
             "default) or 'ghosh' (row sums of the Ghosh inverse G)."),
    influence_weights: str = typer.Option(
        "none", "--influence-weights",
        help="Weights of the influence coefficient's mean: none (Rasmussen, default), "
             "final_demand (刘起运 2002), output, value_added."),
    sensitivity_weights: str = typer.Option(
        "none", "--sensitivity-weights",
        help="Weights of the sensitivity coefficient's mean: none (default), final_demand, "
             "output, value_added (刘起运 2002, with --forward ghosh)."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Influence and sensitivity coefficients, their coefficients of variation, the output
    multiplier and the key-sector class of every sector."""
    from revitalize.io.linkages import WEIGHTS, linkages
    from revitalize.io.multipliers import leontief_model

    def compute() -> Result:
        table = load_io_table(source, province=province, year=year, data_dir=_data_dir(ctx))
        model = leontief_model(table, technology=_choice(technology, ("domestic", "total"),
                                                         "--technology"),
                               zero_output=_choice(zero_output, ("raise", "zero"), "--zero-output"),
                               import_share=_choice(import_share, ("use", "supply"), "--import-share"))
        return linkages(model, forward=_choice(forward, ("leontief", "ghosh"), "--forward"),
                        influence_weights=_choice(influence_weights, WEIGHTS, "--influence-weights"),
                        sensitivity_weights=_choice(sensitivity_weights, WEIGHTS,
                                                    "--sensitivity-weights"))

    result = _with_warnings(compute)
    emit(result, fmt, output, title=f"linkages: {source}")


def _employment(path: Path | None, year: int | None, split: str, table):
    if path is None:
        return None
    from revitalize.data.readers.employment import check_nbs42_sectors, read_employment

    check_nbs42_sectors(table)
    return read_employment(path, year if year is not None else table.year,
                           split=_choice(split, ("divisions", "compensation"), "--employment-split"),
                           table=table if split == "compensation" else None)


@app.command("multipliers")
def multipliers_command(
    ctx: typer.Context,
    source: str = SourceArgument,
    province: str | None = ProvinceOption,
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    import_share: str = ImportShareOption,
    zero_output: str = ZeroOutputOption,
    type: str = typer.Option(
        "II", "--type",
        help="I: households exogenous; II (default): households endogenous (compensation row "
             "VA001, household consumption column)."),
    employment: Path | None = typer.Option(
        None, "--employment", dir_okay=False,
        help="Sector employment file (GB/T 4754 sections/divisions, e.g. shared/data/"
             "cn_sector_employment) for employment multipliers; 42-sector 2017-list tables."),
    employment_year: int | None = typer.Option(
        None, "--employment-year", help="Year of the employment file to use (default: the "
                                        "table's year)."),
    employment_split: str = typer.Option(
        "divisions", "--employment-split",
        help="Sections spanning several IO sectors: 'divisions' (default) or 'compensation'."),
    household_columns: str | None = typer.Option(
        None, "--household-columns",
        help="Comma-separated final-demand codes of household consumption (default: FU101,FU102, "
             "else THC, else TC with a warning)."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Output, value-added, income and employment multipliers (type I or II), each split into
    direct, indirect and induced effects."""
    from revitalize.io.multipliers import leontief_model, multipliers

    def compute() -> Result:
        table = load_io_table(source, province=province, year=year, data_dir=_data_dir(ctx))
        model = leontief_model(table, technology=_choice(technology, ("domestic", "total"),
                                                         "--technology"),
                               zero_output=_choice(zero_output, ("raise", "zero"), "--zero-output"),
                               import_share=_choice(import_share, ("use", "supply"), "--import-share"))
        cols = tuple(c.strip() for c in household_columns.split(",")) if household_columns else None
        return multipliers(model, type=_choice(type, ("I", "II"), "--type"),
                           employment=_employment(employment, employment_year, employment_split,
                                                  table),
                           household_columns=cols)

    result = _with_warnings(compute)
    emit(result, fmt, output, title=f"multipliers (type {type}): {source}")
