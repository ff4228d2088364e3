"""``revitalize data read PATH``: read a table or panel file -- without importing it -- and
summarise what was read.

* Input-output tables: one row per table -- region, year, sectors, unit, kind, total output,
  total value added and the worst row/column imbalance of
  :func:`revitalize.io.validate.check_io_table` (relative gap ``|gap| / x``, with its sector).
* Panels (``--indicator``/``--unit`` as the ``indicator=``/``unit=`` of
  :func:`revitalize.data.readers.panel.read_panel`): one row per indicator -- unit, number of regions, year range, number of values and of
  values carrying a quality flag (with the letters; the legend goes in ``meta``).

Warnings raised while reading (quality flags, tolerated imbalances) are printed to standard
error as ``warning: ...`` lines and kept in ``meta["warnings"]``.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import typer

from revitalize.cli.groups import data as app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.data.readers.detect import READERS
from revitalize.errors import InputError, UnknownLabelError
from revitalize.results import Result, build_meta

__all__ = ["ReadSummary", "read", "summarise"]


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
    from revitalize.data.regions import members, region_code

    code = region_code(region, where="--region")
    keep = [code] if code in available else [c for c in members(code) if c in available]
    if not keep:
        raise UnknownLabelError(f"region {region!r} ({code}) is not in the file", file=file,
                                field="--region", expected=f"one of {sorted(available)[:12]}")
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
            raise UnknownLabelError(f"year {year} is not in the file", file=file, field="--year",
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
    from revitalize.data.regions import REGIONS
    from revitalize.io.validate import check_io_table

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
            raise UnknownLabelError(f"year {year} is not in the file", file=file, field="--year",
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
    from revitalize.data.panel import Panel
    from revitalize.io.table import IOTable

    if isinstance(obj, Panel):
        return _summarise_panel(obj, region, year, file)
    if isinstance(obj, IOTable):
        obj = {obj.region: obj}
    return _summarise_io(dict(obj), region, year, file)


def _read(path: Path, reader: str, indicator: str | None, unit: str | None,
          region: str | None = None, year: int | None = None):
    from revitalize.data.readers.detect import read_any, sniff
    from revitalize.data.regions import normalise_region

    panel_kw = {k: v for k, v in (("indicator", indicator), ("unit", unit)) if v is not None}
    if reader == "auto" and (panel_kw or region is not None or year is not None):
        reader = sniff(path).reader
    if reader == "oecd_io" and year is not None:  # read (and check) only that year
        return read_any(path, reader=reader, year=year)
    if reader == "provincial_io" and region is not None \
            and normalise_region(region, where="--region").kind == "province":
        # read (and check) only the requested province, not all 31
        return read_any(path, reader=reader, province=region)
    if panel_kw and not reader.startswith("panel"):
        raise InputError(f"--indicator/--unit apply to panels, but this file is read by {reader}",
                         file=path, field="--indicator/--unit", expected="a panel file")
    return read_any(path, reader=reader, **panel_kw)


@app.command("read")
def read(
    path: Path = typer.Argument(..., help="File to read: CSV (IO table or panel), .xls or .xlsx."),
    reader: str = typer.Option("auto", "--reader",
                               help=f"Force a reader: {', '.join(READERS)} (default: sniff)."),
    region: str | None = typer.Option(None, "--region",
                                      help="Keep one region (code, Chinese or English name)."),
    year: int | None = typer.Option(None, "--year", help="Keep one year."),
    indicator: str | None = typer.Option(
        None, "--indicator", help="Panels: the indicator of a region x year table (wide_years); "
                                  "otherwise keep only this indicator."),
    unit: str | None = typer.Option(None, "--unit",
                                    help="Panels: unit of values when the file states none."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Read a table or panel file (without importing it) and summarise what it holds."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = summarise(_read(path, reader, indicator, unit, region, year), region=region, year=year,
                           file=str(path))
    messages = [str(w.message) for w in caught]
    for msg in messages:
        sys.stderr.write(f"warning: {' '.join(msg.split())}\n")
    result = ReadSummary(table=result.table, meta={**result.meta, "warnings": messages})
    emit(result, fmt, output, title=f"{path.name} ({result.meta['kind']})")
