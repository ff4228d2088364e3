"""``revitalize report``: the main job -- the region's fact sheet in the terminal and as HTML."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from revitalize.cli.output import (
    FormatOption,
    OutputFormat,
    OutputOption,
    atomic_write_text,
    console,
    emit,
    format_cell,
)


def report(
    region: str = typer.Option(
        "northeast", "--region", "-r",
        help="Region to report on, any spelling: northeast, liaoning, 辽宁, 210000, jilin, heilongjiang...",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="HTML file to write (default: revitalize-<region>.html in the current "
                            "directory). Self-contained: opens offline.", dir_okay=False,
    ),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Build the report of a region: on the embedded default, a fact sheet of what the founding
    documents state (every figure with its source sentence), printed in the terminal and written
    as a self-contained HTML file; sections that need real tables name the command that brings them."""
    from revitalize.report.factsheet import build_factsheet
    from revitalize.report.html import render_factsheet_html

    sheet = build_factsheet(region)
    html_path = out or Path(f"revitalize-{sheet.meta['region_name_en'].lower().split()[0]}.html")
    atomic_write_text(html_path, render_factsheet_html(sheet))
    if fmt is not OutputFormat.table or output is not None:
        emit(sheet, fmt, output)
    else:
        _print_sheet(sheet)
    console.print(f"HTML report: {html_path}", highlight=False)


def _print_sheet(sheet) -> None:
    meta = sheet.meta
    console.rule(f"[bold]{meta['region_name_en']} {meta['region_name_cn']} -- fact sheet")
    for topic, part in sheet.sections().items():
        table = Table(title=topic, title_justify="left", header_style="bold", expand=False)
        for col, just in (("Indicator", "left"), ("Region", "left"), ("Period", "left"),
                          ("Value", "right"), ("Unit", "left"), ("Source", "left")):
            table.add_column(col, justify=just, overflow="fold")
        for r in part.itertuples():
            label = r.indicator_label + (f" ({r.sector})" if isinstance(r.sector, str) and r.sector else "")
            style = "dim" if r.role == "comparator" else None
            table.add_row(label, r.region_name_en, str(r.period), format_cell(r.value), str(r.unit),
                          f"{r.fact_id}", style=style)
        console.print(table)
    console.print("[bold]Sections that need data[/bold] (one command each):")
    for s in sheet.extra["data_sections"]:
        console.print(f"  {s['section']}: [cyan]{s['command']}[/cyan]", highlight=False)
    console.print(sheet.extra["mirror_note"], style="dim", highlight=False)
    console.print(sheet.summary(), style="dim", markup=False, highlight=False)
