"""Reports: the full report of a region (sections computed with the package API, rendered as
one self-contained HTML file and an Excel workbook) and its fact-sheet part.

``build_report(region, year, lang, data_dir, store) -> Report``; ``render_report_html(report)``;
``report_workbook_bytes(report)``. Sections: :mod:`revitalize.report.sections`.
"""

from revitalize.report.build import Report, ReportTables, build_report
from revitalize.report.factsheet import FactSheet, build_factsheet
from revitalize.report.render import render_report_html, report_workbook_bytes
from revitalize.report.section import ReportContext, Section

__all__ = ["FactSheet", "Report", "ReportContext", "ReportTables", "Section", "build_factsheet",
           "build_report", "render_report_html", "report_workbook_bytes"]
