"""Recognise what a data file is and read it with the right reader.

:func:`read_any` sniffs the file -- never trusting its name beyond the Excel extensions -- and
returns the package's labelled model:

* ``.xls``/``.xlsx`` (or an Excel signature) -> ``io_workbook`` (IOTable or a dict of them);
* CSV header with ``Code``, ``Description``, sector codes (``01``, ``001``...) and ``GO``
  -> ``nbs_io`` (IOTable);
* CSV header with ``province_code``, ``row_code``, ``sec01``... -> ``provincial_io``
  (dict region code -> IOTable);
* CSV header with ``year``, ``Code``, ``Description``, industry codes and ``IMPO`` (OECD IOTs,
  2021 edition) -> ``oecd_io`` (dict year -> IOTable);
* the provincial statistics of issue 20 (NBS provincial tables, CEADs, fiscal transfers, cities)
  -> ``nbs_provincial`` (Panel, :mod:`revitalize.data.readers.nbs_provincial`);
* any other CSV whose header fits a panel layout -> ``panel`` (Panel).

Text must be UTF-8 (a BOM is fine). A GBK/GB18030 file is recognised -- decoding succeeds and
the text is mostly Chinese/ASCII -- and read, with a provenance note; anything else is refused
with the encoding that was expected. Empty files, binary non-Excel files and headers that match
no layout raise :class:`LayoutError` naming the file and the layouts tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from revitalize.data.readers.text import decode_text, header_of
from revitalize.errors import InputError, LayoutError
from revitalize.safety import check_text_file

__all__ = ["READERS", "Sniff", "decode_text", "is_resource_fork", "read_any", "read_io", "sniff"]

READERS = ("auto", "nbs_io", "provincial_io", "oecd_io", "io_workbook", "panel", "panel_long",
           "panel_wide", "panel_wide_years", "nbs_provincial")
_PANEL_LAYOUT = {"panel": "auto", "panel_long": "long", "panel_wide": "wide",
                 "panel_wide_years": "wide_years"}
_EXCEL_SUFFIXES = (".xls", ".xlsx", ".xlsm")
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound document (Excel 97-2003)
_ZIP_MAGIC = b"PK\x03\x04"  # Office Open XML is a zip archive
_SECTOR_CODE = re.compile(r"^\d{2,3}$")
_TRIED = ("io_workbook (.xls/.xlsx), nbs_io (Code, Description, sector-code columns, GO), "
          "provincial_io (province_code, row_code, sec01...), oecd_io (year, Code, "
          "Description, industry-code columns, IMPO), panel: known datasets, long "
          "(region, year, indicator, value), wide (region, year, one column per indicator), "
          "wide_years (region, one column per year)")


@dataclass(frozen=True)
class Sniff:
    """What :func:`sniff` found: the reader to use, the CSV header and an encoding note."""

    reader: str
    header: tuple[str, ...] = ()
    note: str | None = None


def _is_excel(head: bytes) -> bool:
    return head.startswith(_XLS_MAGIC) or (
        head.startswith(_ZIP_MAGIC) and (b"[Content_Types].xml" in head or b"xl/" in head))


def _io_kind(header: tuple[str, ...]) -> str | None:
    cols = set(header)
    if {"province_code", "row_code", "sec01"} <= cols:
        return "provincial_io"
    if {"year", "Code", "Description", "IMPO"} <= cols \
            and sum(bool(_SECTOR_CODE.match(c)) for c in header) >= 2:
        return "oecd_io"
    if {"Code", "Description", "GO"} <= cols and (
            "TIU" in cols or sum(bool(_SECTOR_CODE.match(c)) for c in header) >= 2):
        return "nbs_io"
    return None


def sniff(path: str | Path) -> Sniff:
    """Decide which reader a file needs (see the module docstring); raise if none fits."""
    from revitalize.data.readers.panel import detect_panel_layout

    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if _is_excel(head):
        return Sniff("io_workbook")
    if path.suffix.lower() in _EXCEL_SUFFIXES:
        raise LayoutError(f"named {path.suffix} but has no Excel signature", file=path,
                          expected="an .xls (OLE2) or .xlsx (Office Open XML) workbook")
    check_text_file(path)  # revitalize.safety: size, line length, header fields, before decoding
    text, note = decode_text(path)
    header = header_of(text)
    from revitalize.data.readers.nbs_provincial import detect_nbs_provincial

    kind = "nbs_provincial" if detect_nbs_provincial(header) else _io_kind(header)
    if kind is None:
        if detect_panel_layout(header) is None:
            raise LayoutError(f"header {list(header)[:8]} matches no layout; tried {_TRIED}",
                              file=path, row=1, field="header", expected="one of these layouts")
        kind = "panel"
    return Sniff(kind, header, note)


def is_resource_fork(path: str | Path) -> bool:
    """A macOS resource-fork file (``._name``) copied beside the real one: never a table."""
    return Path(path).name.startswith("._")


def read_io(source_path: str | Path, *, region: object = None, year: int | None = None,
            unit: str | None = None, classification: str | None = None):
    """Read any input-output table file: the one entry the catalog uses.

    Parameters
    ----------
    source_path
        An NBS-layout CSV (national tables or a user's own table), a stacked provincial CSV,
        an OECD IOT CSV, or a workbook (.xls/.xlsx; single table or one sheet per province).
    region, year
        Choose a table of a multi-table file, or state what a user's table does not. A region
        or year the file does not hold is an :class:`InputError` naming what it holds (never
        silently another table).
    unit, classification
        For a user's table that does not state them (NBS-layout CSV only).

    Returns
    -------
    IOTable | IOCollection
        One table when the file holds one (or ``region``/``year`` choose one), else the
        :class:`~revitalize.data.readers.collection.IOCollection`.
    """
    from revitalize.data.readers.collection import IOCollection
    from revitalize.model.table import IOTable

    path = Path(source_path)
    if is_resource_fork(path):
        raise LayoutError("a macOS resource-fork file (._*), not a table", file=path,
                          expected="the file without the '._' prefix")
    kind = sniff(path).reader
    if kind == "panel":
        raise LayoutError("a panel (region x year x indicator), not an input-output table",
                          file=path, expected="an IO table file")
    kw: dict = {}
    if kind == "nbs_io":
        kw = {"region": region, "year": year, "unit": unit, "classification": classification}
        return read_any(path, reader=kind, **kw)
    if (unit, classification) != (None, None):
        raise InputError(f"unit=/classification= apply to a user's table; the {kind} layout "
                         "states them", file=path.name, field="unit",
                         expected="no unit=/classification= for this file")
    obj = read_any(path, reader=kind)
    if isinstance(obj, IOTable):
        obj = IOCollection([obj], file=path.name)
    elif not isinstance(obj, IOCollection):  # the OECD reader's dict year -> IOTable
        obj = IOCollection(obj.values(), file=path.name)
    if region is None and year is None:
        return obj.tables[0] if len(obj) == 1 and not obj.refused else obj
    chosen = obj.select(region=region, year=year)
    return chosen.tables[0] if len(chosen) == 1 else chosen


def _io_reader(name: str):
    if name == "nbs_provincial":
        from revitalize.data.readers.nbs_provincial import read_nbs_provincial_any

        return read_nbs_provincial_any
    if name == "nbs_io":
        from revitalize.data.readers.nbs import read_nbs_io

        return read_nbs_io
    if name == "provincial_io":
        from revitalize.data.readers.provincial import read_provincial_io

        return read_provincial_io
    if name == "oecd_io":
        from revitalize.data.readers.oecd import read_oecd_io

        return read_oecd_io
    from revitalize.data.readers.workbook import read_io_workbook

    return read_io_workbook


def read_any(path: str | Path, *, reader: str = "auto", **kw):
    """Read any supported data file into the package's labelled model.

    Parameters
    ----------
    path
        The file.
    reader
        ``"auto"`` (sniff, see the module docstring) or one of :data:`READERS` to force it:
        ``nbs_io``, ``provincial_io``, ``oecd_io``, ``io_workbook``, ``panel`` (auto panel layout),
        ``panel_long``, ``panel_wide``, ``panel_wide_years``.
    **kw
        Passed to the reader (e.g. ``indicator=``, ``unit=`` for panels).

    Returns
    -------
    IOTable | dict[str, IOTable] | dict[int, IOTable] | Panel
    """
    if reader not in READERS:
        raise InputError(f"unknown reader {reader!r}", field="reader",
                         expected=f"one of {list(READERS)}")
    path = Path(path)
    if reader == "auto":
        reader = sniff(path).reader
    elif reader != "io_workbook":  # (workbooks are checked by their loader)
        check_text_file(path)
    if reader in _PANEL_LAYOUT:
        from revitalize.data.readers.panel import read_panel

        return read_panel(path, layout=_PANEL_LAYOUT[reader], **kw)
    if reader == "io_workbook":
        import importlib

        wb = importlib.import_module("revitalize.data.readers.workbook")
        all_tables = getattr(wb, "read_io_workbook_tables", None)  # absent in stand-in modules
        if all_tables is None or any(kw.get(k) is not None for k in ("sheet", "region",
                                                                       "province")):
            return wb.read_io_workbook(path, **kw)
        tables = all_tables(path, **kw)
        return tables.tables[0] if len(tables) == 1 and not tables.refused else tables
    return _io_reader(reader)(path, **kw)  # CSV readers decode GBK themselves (noted)
