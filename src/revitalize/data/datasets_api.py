"""The datasets as the doors show them: summaries of a file, the catalog's datasets and the
store's, one dataset's contents, and the store operations (import, remove, fetch) with the
readers' warnings returned rather than printed.

Every door (the CLI's ``data`` commands, the ``data.*`` tasks of :mod:`revitalize.tasks.data`)
calls these functions; none of them opens the store, reads a file or captures warnings itself.

* :func:`summarise` / :func:`read_file` -- what a file holds, without importing it: one row per
  IO table (region, year, sectors, unit, kind, totals, worst row/column imbalance of
  :func:`revitalize.model.validate.check_io_table`) or per panel indicator (unit, regions, years,
  values, values carrying a quality flag);
* :func:`list_datasets` -- the datasets of the store, a mirror and the bundle, with their origin;
* :func:`show_dataset` -- one dataset's summary (sectors of a table, tables of a collection,
  indicators of a panel) and its provenance;
* :func:`import_dataset`, :func:`remove_dataset`, :func:`fetch_dataset` -- the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from revitalize.errors import InputError, UnknownLabelError, WarningRecord, collect_warnings
from revitalize.results import Result, build_meta

__all__ = ["ReadSummary", "describe_info", "fetch_dataset", "import_dataset", "list_datasets",
           "read_file", "remove_dataset", "show_dataset", "span", "summarise"]

@dataclass(frozen=True)
class ReadSummary(Result):
    """What ``data read`` found: one row per table (IO) or per indicator (panel)."""

    def summary(self) -> str:
        m = self.meta
        text = f"{m.get('file')}: {m.get('kind')}, {len(self.table)} rows; reader {m.get('reader')}"
        sources = {p.get("source") for p in m.get("provenance", [])}
        if sources:
            text += f"; source: {'; '.join(sorted(s for s in sources if s))}"
        legend = m.get("flag_legend") or {}
        if legend:
            text += "\nflags: " + "; ".join(f"{k} = {v}" for k, v in legend.items())
        return text


def _region_codes(region: str, available: list[str], file: str) -> list[str]:
    """The region itself when the file has it, else its member provinces that the file has."""
    from revitalize.model.regions import members, region_code

    code = region_code(region, where="region")
    keep = [code] if code in available else [c for c in members(code) if c in available]
    if not keep:
        raise UnknownLabelError(f"region {region!r} ({code}) is not in the file", file=file,
                                field="region", expected=f"one of {sorted(available)[:12]}")
    return keep


def _panel_rows(panel) -> pd.DataFrame:
    rows = []
    for ind, d in panel.data.groupby("indicator", sort=True):
        flags = Counter(f for cell in d["flag"] for f in cell.split(";") if f)
        rows.append({
            "indicator": ind, "unit": "; ".join(sorted(d["unit"].unique())),
            "regions": d["region"].nunique(), "first_year": int(d["year"].min()),
            "last_year": int(d["year"].max()), "values": len(d),
            "flagged": int((d["flag"] != "").sum()),
            "flags": " ".join(f"{k}:{n}" for k, n in sorted(flags.items())),
        })
    return pd.DataFrame(rows)


def _summarise_panel(panel, region, year, file) -> ReadSummary:
    if region is not None:
        panel = panel.select(region=_region_codes(region, panel.regions, file))
    if year is not None:
        if year not in panel.years:
            raise UnknownLabelError(f"year {year} is not in the file", file=file, field="year",
                                    expected=f"a year in {panel.years[0]}..{panel.years[-1]}")
        panel = panel.select(years=[year])
    prov = panel.provenance
    meta = build_meta("data_read", conventions={"region": region, "year": year},
                      provenance=prov, kind="panel", file=file, reader=prov.reader,
                      regions=panel.regions, years=[panel.years[0], panel.years[-1]],
                      flagged_values=int((panel.data["flag"] != "").sum()),
                      flag_legend=dict(panel.flag_legend))
    return ReadSummary(table=_panel_rows(panel), meta=meta)


def _io_row(table) -> dict:
    from revitalize.model.regions import REGIONS
    from revitalize.model.validate import check_io_table

    report = check_io_table(table, emit=False).table.set_index("check")
    bad = report[report["status"] != "ok"]
    reg = REGIONS.get(table.region)
    return {
        "region": table.region, "name": reg.name_en if reg else "", "year": table.year,
        "sectors": table.n, "unit": table.unit, "kind": table.kind,
        "classification": table.classification,
        "total_output": float(table.output.sum()),
        "total_value_added": float(table.total_value_added().sum()),
        "worst_row_gap_rel": float(report.loc["row_balance", "worst_rel"]),
        "worst_row_sector": report.loc["row_balance", "sector"],
        "worst_column_gap_rel": float(report.loc["column_balance", "worst_rel"]),
        "worst_column_sector": report.loc["column_balance", "sector"],
        "checks": "ok" if bad.empty else ", ".join(f"{c}:{s}" for c, s in bad["status"].items()),
    }


def _summarise_io(tables: dict, region, year, file) -> ReadSummary:
    if region is not None:
        keep = _region_codes(region, sorted({t.region for t in tables.values()}), file)
        tables = {k: t for k, t in tables.items() if t.region in keep}
    if year is not None:
        years = sorted({t.year for t in tables.values()})
        tables = {k: t for k, t in tables.items() if t.year == year}
        if not tables:
            raise UnknownLabelError(f"year {year} is not in the file", file=file, field="year",
                                    expected=f"one of {years}")
    provs = list({id(t.provenance): t.provenance for t in tables.values()}.values())
    meta = build_meta("data_read", conventions={"region": region, "year": year},
                      provenance=provs, kind="io_table", file=file,
                      reader=provs[0].reader if provs else None, tables=len(tables))
    return ReadSummary(table=pd.DataFrame([_io_row(t) for t in tables.values()]), meta=meta)


def summarise(obj, *, region: str | None = None, year: int | None = None,
              file: str = "") -> ReadSummary:
    """Summary of what a reader returned (see the module docstring).

    ``region`` keeps that region (any spelling; a macro-region keeps its member provinces when
    the file does not hold the aggregate itself); ``year`` keeps one year. Either raises
    :class:`UnknownLabelError` when the file does not hold it.
    """
    from revitalize.model.panel import Panel
    from revitalize.model.table import IOTable

    if isinstance(obj, Panel):
        return _summarise_panel(obj, region, year, file)
    if isinstance(obj, IOTable):
        obj = {obj.region: obj}
    return _summarise_io(dict(obj), region, year, file)


def read_file(path: Path, reader: str, indicator: str | None, unit: str | None,
          region: str | None = None, year: int | None = None):
    """What the reader of ``path`` returns (only the region/year asked for where the reader
    can read part of a file: one province of a stacked table, one OECD year)."""
    from revitalize.data.readers.detect import read_any, sniff
    from revitalize.model.regions import normalise_region

    panel_kw = {k: v for k, v in (("indicator", indicator), ("unit", unit)) if v is not None}
    if reader == "auto" and (panel_kw or region is not None or year is not None):
        reader = sniff(path).reader
    if reader == "oecd_io" and year is not None:  # read (and check) only that year
        return read_any(path, reader=reader, year=year)
    if reader == "provincial_io" and region is not None \
            and normalise_region(region, where="region").kind == "province":
        # read (and check) only the requested province, not all 31
        return read_any(path, reader=reader, province=region)
    if panel_kw and not reader.startswith("panel"):
        raise InputError(f"indicator/unit apply to panels, but this file is read by {reader}",
                         file=path, field="indicator/unit", expected="a panel file")
    return read_any(path, reader=reader, **panel_kw)


# ------------------------------------------------------------------ the catalog's datasets
def span(years) -> str:
    """``1990-2025`` for consecutive years, else a comma list."""
    years = sorted(int(y) for y in years)
    if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}-{years[-1]}"
    return ",".join(str(y) for y in years)


def compact_regions(regions, compact: bool = True) -> str:
    """Regions as one cell: all of them, or the first three and the count."""
    regions = list(regions)
    if compact and len(regions) > 4:
        return f"{len(regions)} regions ({', '.join(regions[:3])}, ...)"
    return ",".join(regions)


def describe_info(info: Any) -> str:
    """One line on a stored dataset: kind, regions, years, number of values."""
    return (f"{info.kind}, regions {compact_regions(info.regions)}, years {span(info.years)}, "
            f"{info.n_rows:,} values")


ORIGINS = ("store", "mirror", "bundle", "all")


def _store(catalog: Any):
    from revitalize.data.store import Store

    return Store(catalog.store_dir)


def list_datasets(catalog: Any, *, origin: str = "all") -> Result:
    """The datasets ``catalog`` resolves by name, one row each with its ``origin`` (``store``,
    ``mirror`` or ``bundle``; ``all``: every one the catalog hands out, the store's first)."""
    if origin not in ORIGINS:
        raise InputError(f"unknown value {origin!r}", field="origin", expected=f"one of {ORIGINS}")
    store = _store(catalog)
    entries = catalog.entries()  # without DuckDB (the store extra) it holds no store entry
    stored = (store.list() if any(e.origin == "store" for e in entries) else pd.DataFrame())
    details = {r["name"]: r for r in stored.to_dict(orient="records")}
    rows = []
    for e in entries:
        if origin not in ("all", e.origin):
            continue
        row = {"name": e.name, "origin": e.origin, "kind": e.kind, "title": e.title,
               "aliases": ",".join(e.aliases), "file": e.path.name if e.path else None}
        if e.origin == "store" and e.name in details:
            d = details[e.name]
            row.update(regions=",".join(d["regions"]), years=span(d["years"]),
                       values=int(d["n_rows"]), sha256=d["sha256"], reader=d["reader"],
                       file=d["original_file"], imported_at=str(d["imported_at"]),
                       notes="; ".join(d["notes"]))
        rows.append(row)
    columns = ["name", "origin", "kind", "title", "regions", "years", "values", "file",
               "reader", "sha256", "imported_at", "aliases", "notes"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.astype(object).where(frame.notna(), None)
    meta = build_meta("data.list", conventions={"origin": origin},
                      data_dir=str(store.data_dir), datasets=len(frame))
    return Result(table=frame.dropna(axis=1, how="all").reset_index(drop=True), meta=meta)


def _sector_summary(table: Any) -> pd.DataFrame:
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
    return out.reset_index()


def _collection_summary(tables: Mapping[str, Any]) -> pd.DataFrame:
    """Per member table: region, year, size, totals and the largest row-balance gap."""
    return pd.DataFrame([{
        "key": key, "region": t.region, "year": t.year, "sectors": t.n, "kind": t.kind,
        "unit": t.unit, "total_output": float(t.output.sum()),
        "total_value_added": float(t.total_value_added().sum()),
        "max_abs_row_gap": float(t.row_gap().abs().max()),
    } for key, t in tables.items()])


def _panel_summary(panel: Any) -> pd.DataFrame:
    """Per indicator: unit, regions, years, number of values and of flagged values."""
    d = panel.data
    flagged = d["flag"].fillna("").astype(str) != ""
    return pd.DataFrame([{
        "indicator": indicator, "unit": ";".join(sorted(part["unit"].astype(str).unique())),
        "regions": part["region"].nunique(), "years": span(part["year"].unique()),
        "values": len(part), "flagged": int(flagged[part.index].sum()),
    } for indicator, part in d.groupby("indicator", sort=True)])


def show_dataset(catalog: Any, source: str, *, region: str | None = None) -> Result:
    """``source``'s summary (see :func:`_sector_summary`, :func:`_collection_summary`,
    :func:`_panel_summary`; ``region`` picks one table of a collection) and its provenance in
    ``meta["dataset"]``."""
    from revitalize.model.panel import Panel

    entry = catalog.entry(source)
    obj = catalog.load(source)
    if isinstance(obj, Panel):
        table = _panel_summary(obj)
    elif isinstance(obj, Mapping) and region is None:
        table = _collection_summary(obj)
    else:
        table = _sector_summary(catalog.io_table(source, region=region))
    info = (_store(catalog).info(entry.name).to_dict() if entry.origin == "store"
            else entry.to_dict())
    meta = build_meta("data.show", conventions={}, dataset=info, origin=entry.origin,
                      region=region)
    return Result(table=table, meta=meta)


# ------------------------------------------------------------------ the store
def import_dataset(store_dir: str | Path | None, path: str | Path, *, name: str | None = None,
                   reader: str = "auto", replace: bool = False,
                   reader_options: Mapping[str, Any] | None = None
                   ) -> tuple[Any, list[WarningRecord]]:
    """Import ``path`` into the store of ``store_dir``: ``(DatasetInfo, reader warnings)``."""
    from revitalize.data.store import Store

    with collect_warnings() as caught:
        info = Store(store_dir).import_file(path, name=name, reader=reader, replace=replace,
                                            reader_options=dict(reader_options or {}))
    return info, list(caught)


def remove_dataset(store_dir: str | Path | None, name: str) -> Path:
    """Delete ``name`` from the store; returns the store directory."""
    from revitalize.data.store import Store

    store = Store(store_dir)
    store.remove(name)
    return store.data_dir


def fetch_dataset(store_dir: str | Path | None, name: str, *, base_url: str | None = None,
                  timeout: float = 60.0, download_only: bool = False, as_name: str | None = None,
                  replace: bool = False) -> tuple[Path, Any, list[WarningRecord]]:
    """Download registry dataset ``name`` (sha256 verified, cached) and, unless
    ``download_only``, import it: ``(file, DatasetInfo or None, reader warnings)``."""
    from revitalize.data import fetch
    from revitalize.data.store import Store, require_duckdb

    if not download_only:
        require_duckdb()  # the store extra: say so before a download, not after it
    data_dir = Store(store_dir).data_dir
    with collect_warnings() as fetched:  # e.g. "already in the bundle: no download"
        path = fetch.download(name, data_dir=data_dir, base_url=base_url, timeout=timeout)
    if download_only:
        return path, None, list(fetched)
    entry = fetch.registry_entry(name)
    info, caught = import_dataset(store_dir, path, name=as_name or entry.name,
                                  reader=entry.reader, replace=replace,
                                  reader_options=entry.options)
    return path, info, [*fetched, *caught]
