"""``revitalize data import|remove|fetch``: the dataset store from the command line.

Thin wrappers around :mod:`revitalize.data.datasets_api` (which opens the store and collects the
readers' warnings). The store directory is the root option ``--data-dir``, else env
``REVITALIZE_DATA_DIR``, else the user data directory. ``data list`` and ``data show`` are the
read-only tasks of :mod:`revitalize.cli.datasets_cmd`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from revitalize.cli.groups import data as app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit

__all__ = ["fetch_dataset", "import_dataset", "remove_dataset"]

_FETCH_ENV = "REVITALIZE_FETCH_BASE_URL"
_READER_OPTION = typer.Option(
    [], "--reader-option", help="Reader keyword as KEY=VALUE (repeatable), e.g. "
    "blank_as_zero=true; recorded in the dataset notes.", show_default=False,
    metavar="KEY=VALUE")


def _store_dir(ctx: typer.Context) -> Path | None:
    obj = ctx.find_root().obj
    return obj.get("data_dir") if isinstance(obj, dict) else None


def _print_warnings(records) -> None:
    for w in records:
        sys.stderr.write(f"warning: {' '.join(str(w.message).split())}\n")


@app.command("import")
def import_dataset(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="The file to import (CSV, XLS or XLSX).",
                                show_default=False),
    name: str | None = typer.Option(
        None, "--name", help="Dataset name in the store (default: the file name without "
        "extension)."),
    reader: str = typer.Option(
        "auto", "--reader", help="Reader to parse the file with ('auto' detects the layout; "
                                 "`revitalize data read --help`)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a dataset of the same name."),
    reader_option: list[str] = _READER_OPTION,
) -> None:
    """Import a table file into the dataset store.

    The file is parsed and validated by a reader (IO table, stacked provincial IO tables or a
    panel) and stored with its provenance (file name, sha256, reader, time). The import is one
    transaction: on any error the store is left exactly as it was.
    """
    from revitalize.data.datasets_api import describe_info
    from revitalize.data.datasets_api import import_dataset as run_import
    from revitalize.data.fetch import parse_reader_options

    options = parse_reader_options(reader_option, field="--reader-option")
    info, caught = run_import(_store_dir(ctx), path, name=name, reader=reader, replace=replace,
                              reader_options=options)
    _print_warnings(caught)
    typer.echo(f"imported {info.name}: {describe_info(info)} from {info.original_file} "
               f"(sha256 {info.sha256[:12]}..., reader {info.reader})")


@app.command("remove")
def remove_dataset(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Dataset name to delete.", show_default=False),
) -> None:
    """Delete a dataset from the store (atomic; other datasets are untouched)."""
    from revitalize.data.datasets_api import remove_dataset as run_remove

    where = run_remove(_store_dir(ctx), name)
    typer.echo(f"removed {name} from {where}")


@app.command("fetch")
def fetch_dataset(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="Registry name (see --list).",
                                      show_default=False),
    list_: bool = typer.Option(False, "--list", help="Show the registry of fetchable datasets."),
    base_url: str | None = typer.Option(
        None, "--base-url", envvar=_FETCH_ENV, help="Root URL of a mirror laid out like "
        "shared/data (http://, https:// or file://); default: the pinned upstream URL. "
        f"Env {_FETCH_ENV}."),
    as_name: str | None = typer.Option(None, "--name", help="Store the dataset under this name."),
    replace: bool = typer.Option(False, "--replace", help="Replace a dataset of the same name."),
    download_only: bool = typer.Option(False, "--download-only",
                                       help="Download and verify into the cache; do not import."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.1,
                                  help="Network timeout in seconds."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Download a known public table, verify its sha256, cache it and import it.

    Files come from BASE_URL/<mirror path> when --base-url (or the env variable) is set, else
    from the upstream URL pinned at a commit. A download whose size or checksum differs from
    the registry is deleted and never imported.
    """
    from revitalize.data import datasets_api

    if list_:
        _emit_registry(fmt, output)
        return
    if name is None:
        raise typer.BadParameter("give a registry NAME or --list", param_hint="NAME")
    path, info, caught = datasets_api.fetch_dataset(
        _store_dir(ctx), name, base_url=base_url, timeout=timeout, download_only=download_only,
        as_name=as_name, replace=replace)
    _print_warnings(caught)
    typer.echo(f"verified {path}")
    if info is not None:
        typer.echo(f"imported {info.name}: {datasets_api.describe_info(info)}")


def _emit_registry(fmt: OutputFormat, output: Path | None) -> None:
    from revitalize.data.fetch import registry_frame
    from revitalize.results import Result, build_meta

    frame = registry_frame()
    if fmt is OutputFormat.table:
        frame["upstream_url"] = ["yes" if u else "" for u in frame["upstream_url"]]
        frame = frame.rename(columns={"upstream_url": "upstream"}).drop(
            columns=["sha256", "source"])
    emit(Result(frame, build_meta("data.fetch.list")), fmt, output, title="fetch registry")
