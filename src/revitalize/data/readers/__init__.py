"""Readers of real tables. Every reader returns the package's labelled model:

* :class:`revitalize.io.IOTable` (one input-output table), or an
  :class:`~revitalize.data.readers.collection.IOCollection` of them (a stacked provincial file,
  a multi-province workbook; a read-only dict keyed by region code, ``.pick(region=, year=)``);
  :func:`read_io` is the one entry for any IO file;
* :class:`revitalize.model.panel.Panel` (region x year x indicator values).

Readers validate on read (see :mod:`revitalize.model.validate`): they raise on what makes results
wrong and warn on what is computable but questionable; they never fix input silently.
"""

from __future__ import annotations

__all__ = [
    "IOCollection",
    "read_any",
    "read_io",
    "read_io_workbook_tables",
    "read_provincial_tables",
    "read_employment",
    "read_io_workbook",
    "read_nbs_io",
    "read_oecd_io",
    "read_panel",
    "read_provincial_io",
]


def __getattr__(name: str):  # lazy: keep `import revitalize` light
    if name == "read_nbs_io":
        from revitalize.data.readers.nbs import read_nbs_io

        return read_nbs_io
    if name == "read_oecd_io":
        from revitalize.data.readers.oecd import read_oecd_io

        return read_oecd_io
    if name == "read_provincial_io":
        from revitalize.data.readers.provincial import read_provincial_io

        return read_provincial_io
    if name == "read_io_workbook":
        from revitalize.data.readers.workbook import read_io_workbook

        return read_io_workbook
    if name == "read_panel":
        from revitalize.data.readers.panel import read_panel

        return read_panel
    if name == "read_employment":
        from revitalize.data.readers.employment import read_employment

        return read_employment
    if name == "IOCollection":
        from revitalize.data.readers.collection import IOCollection

        return IOCollection
    if name == "read_io":
        from revitalize.data.readers.detect import read_io

        return read_io
    if name == "read_io_workbook_tables":
        from revitalize.data.readers.workbook import read_io_workbook_tables

        return read_io_workbook_tables
    if name == "read_provincial_tables":
        from revitalize.data.readers.provincial import read_provincial_tables

        return read_provincial_tables
    if name == "read_any":
        from revitalize.data.readers.detect import read_any

        return read_any
    raise AttributeError(name)
