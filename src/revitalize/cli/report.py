"""``revitalize report``: the main job -- the report of a region as one self-contained HTML file
(charts embedded, opens offline) with an Excel workbook of every table beside it.

On the embedded default it reports what the fact base holds and names, per section, the one
command that brings the data; with ``--data-dir`` (a directory laid out like ``shared/data``) or
datasets fetched into the store, every section is computed. A section that fails is shown as
failed in the report, the files are still written, and the command exits 1 naming it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from revitalize.cli.output import (
    FormatOption,
    OutputFormat,
    OutputOption,
    atomic_write_text,
    console,
    emit,
)

__all__ = ["report"]

_STYLE = {"ok": "green", "needs_data": "yellow", "failed": "bold red"}


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _readable(*paths: Path) -> None:
    """Give the written files the permissions a plain ``open`` would (temporary files are
    created private): a report is meant to be opened and shared."""
    mask = os.umask(0)
    os.umask(mask)
    for p in paths:
        os.chmod(p, 0o666 & ~mask)


def _build(region: str, year: int | None, lang: str, data_dir: Path | None, store):
    from revitalize.report.build import build_report

    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task("report", total=None)

        def progress(key: str, done: int, total: int) -> None:
            bar.update(task, description=f"report: {key or 'done'}", completed=done, total=total)

        return build_report(region, year=year, lang=lang, data_dir=data_dir, store=store,
                            progress=progress)


def _print_overview(rep, html_path: Path, xlsx_path: Path) -> None:
    from revitalize.report.factsheet import MIRROR_NOTE

    meta = rep.meta
    name = meta["region_name_cn"] if rep.lang == "zh" else meta["region_name_en"]
    console.rule(f"[bold]{name} -- report", style="dim")
    table = Table(header_style="bold", expand=False, show_lines=False)
    for col in ("Section", "Status", "Findings / command"):
        table.add_column(col, overflow="fold")
    for s in rep.sections:
        text = f"needs {', '.join(s.needs)}" if s.status == "needs_data" else s.message
        table.add_row(s.title(rep.lang), f"[{_STYLE[s.status]}]{s.status}[/]", text)
    console.print(table)
    if rep.needs_data:
        console.print("Sections that need data, and the one command that brings it:")
        for s in rep.sections:
            if s.status == "needs_data":
                console.print(f"  {s.key}: {s.command}", soft_wrap=True, markup=False,
                              highlight=False)
        console.print("or point the report at a directory laid out like shared/data: "
                      "revitalize report --data-dir DIR", style="dim", soft_wrap=True,
                      highlight=False)
        console.print(MIRROR_NOTE, style="dim", highlight=False, markup=False)
    console.print(f"HTML report: {html_path}\nExcel workbook: {xlsx_path}", highlight=False,
                  soft_wrap=True)


def report(
    ctx: typer.Context,
    region: str = typer.Option(
        "northeast", "--region", "-r",
        help="Region: northeast (default; Liaoning, Jilin, Heilongjiang) or a province, any "
             "spelling: liaoning, 辽宁, 210000, jilin, heilongjiang, guangdong..."),
    year: int | None = typer.Option(
        None, "--year", "-y",
        help="Year of the input-output tables (the latest provincial table at or before it: "
             "2002, 2007 or 2017; default 2017) and headline year of the panel sections."),
    lang: str = typer.Option("en", "--lang", help="Language of the labels: en or zh."),
    out: Path | None = typer.Option(
        None, "--out", dir_okay=False,
        help="HTML file to write (default revitalize-<region>.html); the Excel workbook of all "
             "tables is written beside it with the suffix .xlsx. Self-contained: opens offline."),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", file_okay=False,
        help="A directory laid out like shared/data (files found by the fetch registry's mirror "
             "paths). Datasets not there are taken from the store when fetched into it."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Build the report of a region: the founding documents' figures with their sources, then
    weight in the nation, industrial linkages, pillar-industry competitiveness, structural
    similarity, opening-up, innovation gap, productivity, the five-securities and
    economy-society-environment evaluations, forecasts with backtests and the regionalization
    check -- as one self-contained HTML file and an Excel workbook of every table. Sections
    without data name the one command that brings it; a failed section exits 1 after writing."""
    from revitalize.data.store import Store
    from revitalize.report.i18n import check_lang
    from revitalize.report.render import render_report_html, report_workbook_bytes

    check_lang(lang)
    root = ctx.find_root().obj if ctx is not None else None
    store = Store((root or {}).get("data_dir") if isinstance(root, dict) else None)
    rep = _build(region, year, lang, data_dir, store)
    slug = rep.meta["region_name_en"].lower().replace(" ", "-")
    html_path = out or Path(f"revitalize-{slug}.html")
    xlsx_path = html_path.with_suffix(".xlsx")
    atomic_write_text(html_path, render_report_html(rep))
    _atomic_write_bytes(xlsx_path, report_workbook_bytes(rep))
    _readable(html_path, xlsx_path)
    if fmt is not OutputFormat.table or output is not None:
        emit(rep.to_result(), fmt, output)
    else:
        _print_overview(rep, html_path, xlsx_path)
    if rep.failed:
        sys.stderr.write(f"error: report sections failed: {', '.join(rep.failed)} (the errors are "
                         f"shown in {html_path}; the other sections were written)\n")
        raise typer.Exit(1)
