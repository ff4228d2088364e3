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
from rich.table import Table

from revitalize.cli.output import (
    CsvEncoding,
    EncodingOption,
    OutputFormat,
    atomic_write_text,
    check_encoding,
    console,
    emit,
)
from revitalize.errors import InputError

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


def _build(region: str, year: int | None, lang: str, catalog):
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from revitalize.report.build import build_report

    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task("report", total=None)

        def progress(key: str, done: int, total: int) -> None:
            bar.update(task, description=f"report: {key or 'done'}", completed=done, total=total)

        return build_report(region, year=year, lang=lang, catalog=catalog, progress=progress)


def _print_overview(rep, html_path: Path | None, xlsx_path: Path) -> None:
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
                      "revitalize report --mirror DIR", style="dim", soft_wrap=True,
                      highlight=False)
        console.print(MIRROR_NOTE, style="dim", highlight=False, markup=False)
    if html_path is not None:
        console.print(f"HTML report: {html_path}\nExcel workbook: {xlsx_path}",
                      highlight=False, soft_wrap=True)


def report(
    ctx: typer.Context,
    region: str = typer.Option(
        "northeast", "--region", "-r",
        help="Region: northeast (default; Liaoning, Jilin, Heilongjiang) or a province, any "
             "spelling: liaoning, 辽宁, 210000, jilin, heilongjiang, guangdong..."),
    year: int | None = typer.Option(
        None, "--year", "-y",
        help="Year of the input-output tables (the latest provincial table at or before it: "
             "2002, 2007, 2012 or 2017; default 2017) and headline year of the panel sections."),
    lang: str = typer.Option("en", "--lang", help="Language of the labels: en or zh."),
    fmt: str = typer.Option(
        "html", "--format", "-f",
        help="html (default): the HTML report and the Excel workbook of all tables beside it; "
             "json or csv: every table, to --output or standard output; table: the overview "
             "only."),
    output: Path | None = typer.Option(
        None, "--output", "-o", dir_okay=False,
        help="File to write: the HTML report (default revitalize-<region>.html; the .xlsx is "
             "written beside it) or, with --format json|csv, the tables."),
    mirror: Path | None = typer.Option(
        None, "--mirror", file_okay=False,
        help="A directory laid out like shared/data: its datasets override the bundled ones "
             "(same as the root option --mirror)."),
    out: Path | None = typer.Option(None, "--out", dir_okay=False, hidden=True,
                                    help="Deprecated: use --output."),
    data_dir: Path | None = typer.Option(None, "--data-dir", file_okay=False, hidden=True,
                                         help="Deprecated: use --mirror."),
    pdf: bool = typer.Option(
        False, "--pdf",
        help="Also print the HTML report to PDF (beside it, .pdf) with headless Chromium "
             "(needs chromium on PATH: apt-get install chromium)."),
    encoding: CsvEncoding = EncodingOption,
) -> None:
    """Build the report of a region: the founding documents' figures with their sources, then
    weight in the nation, industrial linkages, pillar-industry competitiveness, structural
    similarity, opening-up, innovation gap, productivity, the five-securities and
    economy-society-environment evaluations, forecasts with backtests and the regionalization
    check -- as one self-contained HTML file and an Excel workbook of every table. Sections
    without data name the one command that brings it; a failed section exits 1 after writing."""
    from revitalize.report.i18n import check_lang
    from revitalize.report.render import render_report_html, report_workbook_bytes

    check_lang(lang)
    if pdf:
        from revitalize.report.render import find_chromium

        find_chromium()  # say it before the long build, not after
    if fmt not in ("html", "json", "csv", "table"):
        raise InputError(f"unknown format {fmt!r}", field="--format",
                         expected="html, json, csv or table")
    check_encoding(fmt, encoding)
    if out is not None:
        sys.stderr.write("warning: --out is deprecated; use --output\n")
        output = output or out
    if data_dir is not None:
        sys.stderr.write("warning: report --data-dir is deprecated; use --mirror (the root "
                         "--data-dir names the dataset store)\n")
        mirror = mirror or data_dir
    root = ctx.find_root().obj if ctx is not None else None
    root = root if isinstance(root, dict) else {}
    mirror = mirror or root.get("mirror")
    from revitalize.data.catalog import Catalog
    from revitalize.data.store import default_data_dir

    catalog = Catalog(store_dir=root.get("data_dir") or default_data_dir(), mirror_dir=mirror)
    rep = _build(region, year, lang, catalog)
    if fmt in ("json", "csv"):
        emit(rep.to_result(), OutputFormat(fmt), output, encoding=encoding)
    else:
        slug = rep.meta["region_name_en"].lower().replace(" ", "-")
        html_path = (output if fmt == "html" else None) or Path(f"revitalize-{slug}.html")
        output = html_path
        xlsx_path = html_path.with_suffix(".xlsx")
        if fmt == "html":
            atomic_write_text(html_path, render_report_html(rep))
            _atomic_write_bytes(xlsx_path, report_workbook_bytes(rep))
            _readable(html_path, xlsx_path)
            if pdf:
                from revitalize.report.render import html_to_pdf

                html_to_pdf(html_path, html_path.with_suffix(".pdf"))
                console.print(f"PDF report: {html_path.with_suffix('.pdf')}", highlight=False,
                              soft_wrap=True)
        _print_overview(rep, html_path if fmt == "html" else None, xlsx_path)
    if rep.failed:
        where = (f"; the errors are shown in {output or 'the HTML report'}" if fmt == "html"
                 else "")
        sys.stderr.write(f"error: report sections failed: {', '.join(rep.failed)} (the other "
                         f"sections were computed{where})\n")
        raise typer.Exit(1)
