"""``revitalize io extract`` (hypothetical extraction) and ``revitalize io impact`` (final-demand
shocks) on any IO table a reader reads or the store holds.

Both print through :func:`revitalize.cli.output.emit` (``--format table|json|csv``,
``--output FILE``). Warnings (data caveats, questionable shocks) go to standard error as
``warning: ...`` lines and into ``meta["warnings"]``.
"""

from __future__ import annotations

import enum
import sys
import warnings
from collections.abc import Callable
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
from revitalize.results import Result

__all__ = ["extract", "impact"]


class VariantChoice(enum.StrEnum):
    total = "total"
    total_keep_fd = "total_keep_fd"
    backward = "backward"
    forward = "forward"


def _data_dir(ctx: typer.Context) -> Path | None:
    return (ctx.obj or {}).get("data_dir") if isinstance(ctx.obj, dict) else None


def _with_warnings(compute: Callable[[], Result]) -> Result:
    """Run ``compute``; print its warnings to stderr and keep them in ``meta["warnings"]``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compute()
    messages = [" ".join(str(w.message).split()) for w in caught]
    for msg in messages:
        sys.stderr.write(f"warning: {msg}\n")
    return replace(result, meta={**result.meta, "warnings": messages})


@app.command("extract")
def extract(
    ctx: typer.Context,
    source: str = SourceArgument,
    sector: list[str] | None = typer.Option(
        None, "--sector", "-s", help="Sector code to extract (repeat for several)."),
    all_sectors: bool = typer.Option(False, "--all", help="Extract every sector, one at a time "
                                                          "(the default)."),
    variant: VariantChoice = typer.Option(
        VariantChoice.total, "--variant",
        help="total: row and column removed, final demand dropped; total_keep_fd: row and "
             "column zeroed, final demand kept; backward: column of A zeroed; forward: row of "
             "the Ghosh B zeroed."),
    province: str | None = ProvinceOption,
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    import_share: str = ImportShareOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Hypothetical extraction: output lost (absolute and % of total) when a sector is removed."""
    from revitalize.io.extraction import hypothetical_extraction

    if sector and all_sectors:
        raise typer.BadParameter("give --sector or --all, not both", param_hint="--sector/--all")
    table = load_io_table(source, province=province, year=year, data_dir=_data_dir(ctx))
    result = _with_warnings(lambda: hypothetical_extraction(
        table, sector or None, variant=variant.value, technology=technology,
        import_share=import_share))
    emit(result, fmt, output, title=f"hypothetical extraction ({variant.value}), {table.label}")


@app.command("impact")
def impact(
    ctx: typer.Context,
    source: str = SourceArgument,
    shock: list[str] | None = typer.Option(
        None, "--shock", help="SECTOR:CATEGORY:AMOUNT (table unit) or SECTOR:CATEGORY:AMOUNT% "
                              "(per cent of the baseline cell); repeat for several."),
    shocks_file: Path | None = typer.Option(
        None, "--shocks", exists=True, dir_okay=False,
        help="JSON or YAML file with the shocks (see examples/liaoning_investment_shift.yaml)."),
    name: str | None = typer.Option(None, "--name", help="Scenario name (default: the file's "
                                                         "name, else 'scenario')."),
    province: str | None = ProvinceOption,
    year: int | None = YearOption,
    technology: str = TechnologyOption,
    import_share: str = ImportShareOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Impact of final-demand shocks: baseline, scenario and change of output, value added,
    income and imports by sector (totals in the JSON meta)."""
    from revitalize.io.scenarios import Scenario, Shock, read_shock_file

    if bool(shock) == (shocks_file is not None):
        raise typer.BadParameter("give --shock (one or more) or --shocks FILE",
                                 param_hint="--shock/--shocks")
    if shocks_file is not None:
        shocks, file_name = read_shock_file(shocks_file)
    else:
        shocks, file_name = tuple(Shock.parse(s) for s in shock), None
    table = load_io_table(source, province=province, year=year, data_dir=_data_dir(ctx))
    scenario = Scenario(table, shocks, technology=technology, import_share=import_share,
                        name=name or file_name or "scenario")
    result = _with_warnings(scenario.run)
    emit(result, fmt, output, title=f"scenario {scenario.name!r}, {table.label}")
