"""Reports: the fact sheet of a region (terminal and self-contained HTML)."""

from revitalize.report.factsheet import FactSheet, build_factsheet

__all__ = ["FactSheet", "build_factsheet"]
