"""``revitalize data import|list|show|remove|fetch``: the dataset store from the command line.

Thin wrappers around :class:`revitalize.data.store.Store` and :mod:`revitalize.data.fetch`.
The store directory is the root option ``--data-dir`` (``ctx.obj["data_dir"]``), else env
``REVITALIZE_DATA_DIR``, else the user data directory.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import typer

from revitalize.cli.groups import data as app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, console, emit
from revitalize.data.readers.detect import READERS
from revitalize.data.store import DatasetInfo, Store
from revitalize.io.table import IOTable
from revitalize.results import Result, build_meta

__all__ = ["fetch_dataset", "import_dataset", "list_datasets", "remove_dataset", "show_dataset"]

_FETCH_ENV = "REVITALIZE_FETCH_BASE_URL"
_PATH_ARGUMENT = typer.Argument(..., help="The file to import (CSV, XLS or XLSX).",
                                show_default=False)
_READER_OPTION = typer.Option(
    [], "--reader-option", help="Reader keyword as KEY=VALUE (repeatable), e.g. "
    "blank_as_zero=true; recorded in the dataset notes.", show_default=False,
    metavar="KEY=VALUE")


def _store(ctx: typer.Context) -> Store:
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    return Store(obj.get("data_dir"))


def _span(years) -> str:
    """``1990-2025`` for consecutive years, else a comma list."""
    years = sorted(int(y) for y in years)
    if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}-{years[-1]}"
    return ",".join(str(y) for y in years)


def _regions(regions, compact: bool) -> str:
    regions = list(regions)
    if compact and len(regions) > 4:
        return f"{len(regions)} regions ({', '.join(regions[:3])}, ...)"
    return ",".join(regions)


@contextlib.contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Show the readers' warnings (data caveats) as one ``warning:`` line each on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                sys.stderr.write(f"warning: {' '.join(str(w.message).split())}\n")


def _describe(info: DatasetInfo) -> str:
    return (f"{info.kind}, regions {_regions(info.regions, True)}, years {_span(info.years)}, "
            f"{info.n_rows:,} values")


# ------------------------------------------------------------------ summaries for `show`
def _sector_summary(table: IOTable) -> pd.DataFrame:
    """Per sector: names, gross output, intermediate input, value added, final use, row gap."""
    inputs = table.Z.sum(axis=0)
    if table.Z_imports is not None:
        inputs = inputs + table.Z_imports.sum(axis=0)
    out = table.sectors.reindex(columns=["name_cn", "name_en"]).copy()
    out["output"] = table.output
    out["intermediate_input"] = inputs
    out["value_added"] = table.total_value_added()
    out["final_use"] = table.final_demand.sum(axis=1)
    out["imports"] = table.imports.sum(axis=1)
    out["row_gap"] = table.row_gap()
    out.index.name = "code"
    return out


def _collection_summary(tables: dict[str, IOTable]) -> pd.DataFrame:
    """Per member table: region, year, size, totals and the largest row-balance gap."""
    rows = [{
        "key": key, "region": t.region, "year": t.year, "sectors": t.n, "kind": t.kind,
        "unit": t.unit, "total_output": float(t.output.sum()),
        "total_value_added": float(t.total_value_added().sum()),
        "max_abs_row_gap": float(t.row_gap().abs().max()),
    } for key, t in tables.items()]
    return pd.DataFrame(rows)


def _panel_summary(panel) -> pd.DataFrame:
    """Per indicator: unit, regions, years, number of values and of flagged values."""
    d = panel.data
    flagged = d["flag"].fillna("").astype(str) != ""
    rows = []
    for indicator, part in d.groupby("indicator", sort=True):
        rows.append({
            "indicator": indicator, "unit": ";".join(sorted(part["unit"].astype(str).unique())),
            "regions": part["region"].nunique(), "years": _span(part["year"].unique()),
            "values": len(part), "flagged": int(flagged[part.index].sum()),
        })
    return pd.DataFrame(rows)


def _summary(obj, region: str | None) -> pd.DataFrame:
    if isinstance(obj, IOTable):
        return _sector_summary(obj)
    if isinstance(obj, dict):
        if region is None:
            return _collection_summary(obj)
        from revitalize.data.regions import region_code
        from revitalize.errors import UnknownLabelError

        code = region_code(region)
        if code not in obj:
            raise UnknownLabelError(f"region {region!r} ({code}) is not in this dataset",
                                    field="--region", expected=f"one of {list(obj)}")
        return _sector_summary(obj[code])
    return _panel_summary(obj)


def _print_info(info: DatasetInfo) -> None:
    lines = [
        ("dataset", info.name), ("kind", info.kind),
        ("regions", _regions(info.regions, True)), ("years", _span(info.years)),
        ("values", f"{info.n_rows:,}"), ("file", info.original_file),
        ("sha256", info.sha256), ("reader", info.reader), ("imported", info.imported_at),
    ] + [("note", n) for n in info.notes]
    for key, value in lines:
        console.print(f"{key:>9}: {value}", highlight=False)


# ------------------------------------------------------------------ commands
@app.command("import")
def import_dataset(
    ctx: typer.Context,
    path: Path = _PATH_ARGUMENT,
    name: str | None = typer.Option(
        None, "--name", "-n", help="Dataset name in the store (default: the file name without "
        "extension)."),
    reader: str = typer.Option(
        "auto", "--reader", "-r", help=f"Reader to parse the file with: {', '.join(READERS)} "
        "('auto' detects the layout)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a dataset of the same name."),
    reader_option: list[str] = _READER_OPTION,
) -> None:
    """Import a table file into the dataset store.

    The file is parsed and validated by a reader (IO table, stacked provincial IO tables or a
    panel) and stored with its provenance (file name, sha256, reader, time). The import is one
    transaction: on any error the store is left exactly as it was.
    """
    from revitalize.data.fetch import parse_reader_options

    options = parse_reader_options(reader_option, field="--reader-option")
    with _warnings_to_stderr():
        info = _store(ctx).import_file(path, name=name, reader=reader, replace=replace,
                                       reader_options=options)
    typer.echo(f"imported {info.name}: {_describe(info)} from {info.original_file} "
               f"(sha256 {info.sha256[:12]}..., reader {info.reader})")


@app.command("list")
def list_datasets(ctx: typer.Context, fmt: OutputFormat = FormatOption,
                  output: Path | None = OutputOption) -> None:
    """List the datasets in the store (name, kind, regions, years, size, provenance)."""
    store = _store(ctx)
    frame = store.list()
    compact = fmt is OutputFormat.table
    frame["regions"] = [_regions(r, compact) for r in frame["regions"]]
    frame["years"] = [_span(y) for y in frame["years"]]
    frame["notes"] = ["; ".join(n) for n in frame["notes"]]
    if compact:
        frame["sha256"] = [s[:12] if isinstance(s, str) else s for s in frame["sha256"]]
        frame = frame.drop(columns=["notes", "schema_version"])
    meta = build_meta("data.list", data_dir=str(store.data_dir), datasets=len(frame))
    if compact and frame.empty and output is None:
        console.print(f"no datasets in {store.data_dir} (see `revitalize data import --help`)",
                      highlight=False)
        return
    emit(Result(frame.reset_index(drop=True), meta), fmt, output, title="datasets")


@app.command("show")
def show_dataset(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Dataset name (see `revitalize data list`).",
                               show_default=False),
    region: str | None = typer.Option(
        None, "--region", help="For stacked provincial tables: show this region's sectors "
        "(any spelling: 辽宁, Liaoning, 210000)."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Show a dataset's provenance and a summary of its contents.

    IO table: one row per sector (output, intermediate input, value added, final use, imports,
    row-balance gap). Stacked tables: one row per region (or the sectors of --region). Panel:
    one row per indicator (unit, regions, years, values, flagged values).
    """
    store = _store(ctx)
    info = store.info(name)
    table = _summary(store.load(name), region)
    meta = build_meta("data.show", dataset=info.to_dict(), data_dir=str(store.data_dir),
                      region=region)
    if fmt is OutputFormat.table and output is None:
        _print_info(info)
    emit(Result(table, meta), fmt, output, title=name)


@app.command("remove")
def remove_dataset(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Dataset name to delete.", show_default=False),
) -> None:
    """Delete a dataset from the store (atomic; other datasets are untouched)."""
    store = _store(ctx)
    store.remove(name)
    typer.echo(f"removed {name} from {store.data_dir}")


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
    as_name: str | None = typer.Option(None, "--name", "-n",
                                          help="Store the dataset under this name."),
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
    from revitalize.data import fetch as fetch_mod

    if list_:
        frame = fetch_mod.registry_frame()
        if fmt is OutputFormat.table:
            frame["upstream_url"] = ["yes" if u else "" for u in frame["upstream_url"]]
            frame = frame.rename(columns={"upstream_url": "upstream"}).drop(
                columns=["sha256", "source"])
        emit(Result(frame, build_meta("data.fetch.list")), fmt, output, title="fetch registry")
        return
    if name is None:
        raise typer.BadParameter("give a registry NAME or --list", param_hint="NAME")
    store = _store(ctx)
    path = fetch_mod.download(name, data_dir=store.data_dir, base_url=base_url, timeout=timeout)
    typer.echo(f"verified {path}")
    if download_only:
        return
    entry = fetch_mod.registry_entry(name)
    with _warnings_to_stderr():
        info = store.import_file(path, name=as_name or entry.name, reader=entry.reader,
                                 replace=replace, reader_options=entry.options)
    typer.echo(f"imported {info.name}: {_describe(info)}")
