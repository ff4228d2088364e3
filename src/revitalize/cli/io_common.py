"""Shared arguments of the ``io`` commands: which table to analyse.

``SOURCE`` is a file path (any layout :func:`revitalize.data.readers.read_any` reads) or the name
of a dataset in the store. Files and datasets that hold several tables (stacked provincial
tables, the OECD years) need ``--province`` and/or ``--year`` to pick one.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import typer

from revitalize.errors import InputError
from revitalize.io.table import IOTable

__all__ = ["ImportShareOption", "ProvinceOption", "SourceArgument", "TechnologyOption",
           "YearOption", "load_io_table"]

SourceArgument = typer.Argument(..., help="IO table: a file (CSV, XLS, XLSX) or a dataset name in "
                                          "the store.")
ProvinceOption = typer.Option(None, "--province", "-p",
                              help="Province to pick from a file of several (any spelling: "
                                   "辽宁, Liaoning, 210000).")
YearOption = typer.Option(None, "--year", "-y", help="Year to pick from a file of several years.")
TechnologyOption = typer.Option(
    "domestic", "--technology",
    help="Intermediate flows used: 'domestic' (default; imports removed: the domestic block of a "
         "non-competitive table, import proportionality otherwise) or 'total'.")


ImportShareOption = typer.Option(
    "use", "--import-share",
    help="Domestic technology in a competitive table: import share m/(x-e+m) ('use', default; "
         "refused where it leaves [0, 1], e.g. re-export sectors) or m/(x+m) ('supply').")


def _pick(obj, province, year, where: str) -> IOTable:
    from revitalize.data.regions import region_code

    if isinstance(obj, IOTable):
        return obj
    tables = list(obj.values())
    if province is not None:
        code = region_code(province, where="--province")
        tables = [t for t in tables if t.region == code]
    if year is not None:
        tables = [t for t in tables if t.year == int(year)]
    if len(tables) != 1:
        have = sorted({(t.region, t.year) for t in obj.values()})
        raise InputError(f"{len(tables)} tables match province={province!r}, year={year!r}",
                         file=where, field="--province/--year",
                         expected=f"a choice that picks one of {have[:8]}{'...' if len(have) > 8 else ''}")
    return tables[0]


def load_io_table(source: str, *, province=None, year=None, data_dir: Path | None = None,
                  quiet: bool = False) -> IOTable:
    """Read ``source`` (path or stored dataset name) and pick one table.

    Reader warnings are re-emitted unless ``quiet``.
    """
    path = Path(source)
    with warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore")
        if path.exists():
            from revitalize.data.readers import read_any

            kw = {}
            from revitalize.data.readers.detect import sniff

            reader = sniff(path).reader
            if reader == "provincial_io" and province is not None:
                kw["province"] = province
            if reader == "oecd_io" and year is not None:
                kw["year"] = int(year)
            obj = read_any(path, reader=reader, **kw)
        else:
            from revitalize.data.store import Store

            obj = Store(data_dir).load(source)
    if not isinstance(obj, (IOTable, dict)):
        raise InputError("not an input-output table", file=source,
                         expected="an IO table file or dataset (not a panel)")
    return _pick(obj, province, year, source)
