"""Exports never carry live formulas."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------- issue 14: every writer
FORMULAS = ["=cmd|'/c calc'!A1", '=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+1+1",
            "-2+3", "\t=1", "\r=1"]


def _result() -> Result:
    return Result(table=pd.DataFrame({"sector": FORMULAS, "value": [1.0, -2.0, 3.0, 4.0, 5.0,
                                                                     6.0, 7.0]}),
                  meta=build_meta("demo"))


def _no_live_formula(cells) -> None:
    """No text cell starts like a formula (numbers, e.g. ``-2.0`` read back as text, may)."""
    for v in cells:
        if isinstance(v, str):
            try:
                float(v)
                continue
            except ValueError:
                pass
        assert not (isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")), v


def test_cli_csv_output_and_output_file_escape(tmp_path, capsys):
    """``--format csv`` (stdout) and ``--output x.csv`` both go through :func:`to_csv_text`."""
    import csv

    from revitalize.cli.output import emit

    emit(_result(), "csv")
    printed = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    _no_live_formula(c for row in printed for c in row)
    assert printed[1][0] == "'=cmd|'/c calc'!A1" and printed[2][1] == "-2.0"
    emit(_result(), "csv", tmp_path / "x.csv")
    written = list(csv.reader((tmp_path / "x.csv").open(encoding="utf-8", newline="")))
    assert written == printed
    emit(_result(), "table", tmp_path / "x.txt")
    assert "'=HYPERLINK" in (tmp_path / "x.txt").read_text(encoding="utf-8")


def test_web_csv_and_xlsx_downloads_escape():
    from revitalize.web.common import render

    text = render(_result(), "csv", "demo").body.decode("utf-8")
    assert "'@SUM(1+1)" in text
    wb = openpyxl.load_workbook(io.BytesIO(render(_result(), "xlsx", "demo").body))
    _no_live_formula(c.value for row in wb["demo"].iter_rows() for c in row)


def test_report_workbook_escapes():
    from revitalize.report.render import _write_table

    wb = openpyxl.Workbook()
    ws = wb.active
    frame = pd.DataFrame({"=label": FORMULAS})
    _write_table(ws, frame, ["=label"], ["@unit"], ["count"])
    _no_live_formula(c.value for row in ws.iter_rows() for c in row)
    assert ws.cell(row=3, column=1).value == "'=cmd|'/c calc'!A1"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_safe_text_never_leaves_a_formula(text):
    out = safe_text(text)
    assert out == text or out == "'" + text
    _no_live_formula([out])
