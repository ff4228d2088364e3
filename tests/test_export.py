"""Exports never carry live formulas."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from revitalize.export import safe_text, to_csv_text, to_excel_bytes
from revitalize.results import Result, build_meta


def test_formula_like_text_is_escaped_numbers_kept():
    assert safe_text("=cmd()") == "'=cmd()" and safe_text("@SUM(A1)") == "'@SUM(A1)"
    assert safe_text("-2+3") == "'-2+3" and safe_text("Liaoning") == "Liaoning"
    assert safe_text(-2.5) == -2.5


def test_csv_and_excel_escape_cells_and_headers():
    r = Result(table=pd.DataFrame({"name": ["=cmd()", "ok"], "=x": [1.0, -2.0]}),
               meta=build_meta("demo"))
    csv = to_csv_text(r)
    assert "'=cmd()" in csv and "'=x" in csv and ",-2.0" in csv
    wb = openpyxl.load_workbook(io.BytesIO(to_excel_bytes({"demo": r})))
    ws = wb["demo"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'=cmd()" in values and -2.0 in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert "demo_meta" in wb.sheetnames
