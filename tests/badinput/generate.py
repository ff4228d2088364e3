"""Build the bad-input corpus from the real tables in ``shared/data`` (issue 14).

    python -m tests.badinput.generate OUTDIR [--shared-data DIR]

writes the malformed files under ``OUTDIR`` and ``OUTDIR/cases.json``: one case per line of
the corpus, each with its expected outcome. A case is::

    {"id": "io/cn_io_2015_42/truncated_50",   # family/base/mutation
     "task": "io.linkages",                   # the analysis (CLI `io linkages`, POST /api/io/linkages)
     "file": "io/cn_io_2015_42/truncated_50.csv" | null,   # the source, relative to OUTDIR
     "options": {"year": "2012"},             # further request fields (CLI options, form fields)
     "expect": "error" | "warning" | "said" | "ok",   # said: an error or a warning
     "words": "text the message must hold" | null,
     "doors": ["cli", "http"]}                # where it is run

plus ``raw`` cases for the HTTP API only (hostile JSON bodies, cross-origin requests, headers)
and ``cli`` cases with their own argument list (the store, dataset names). The runner is
``tests/badinput/test_corpus.py``: for ``error`` it requires one line (CLI exit 1, no traceback;
HTTP 4xx in the documented shape) naming the file, a row or a field; for ``warning`` a result
whose ``meta["warnings"]`` is not empty; for ``ok`` a result (the "ok" cases are inputs the
readers must accept: CR-only line endings, columns in another order). A ``warning`` or
``error`` case answered without a warning is a *silent answer*, the failure this corpus hunts.

Everything is derived deterministically (no randomness but a fixed seed) from:

* NBS national IO tables (``cn_io_nbs``): five 42-sector tables, competitive and not;
* an original provincial workbook (``cn_io_provincial/original_xls_northeast``);
* the NBS provincial panel (``cn_prov_nbs_2000_2019``): GDP and value added 2010-2019, long;
* a TOPSIS decision matrix of the 31 provinces in 2019 from that panel;
* the AHP examples of the package (``examples/ahp_*.yaml``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

IO_TABLES = ("cn_io_2015_42.csv", "cn_io_2005_42.csv", "cn_io_2017_42_noncomp.csv",
             "cn_io_2018_42_noncomp.csv", "cn_io_2020_42_noncomp.csv")
WORKBOOK = "cn_io_provincial/original_xls_northeast/2007_liaoning.xlsx"
XLS = "cn_io_provincial/original_xls_northeast/2017_liaoning.xls"
PANEL_SOURCE = "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv"
PANEL_INDICATORS = {"地区生产总值": "gdp", "第二产业增加值": "gdp_secondary",
                    "工业增加值": "industry_va", "金融业增加值": "finance_va"}
CRITERIA = "gdp:+:0.25,gdp_secondary:+:0.25,industry_va:+:0.25,finance_va:-:0.25"
FORMULAS = ("=cmd|'/c calc'!A1", '=HYPERLINK("http://evil.example","x")', "@SUM(1+1)",
            "+1+1", "-2+3")


def _case(cases: list, id: str, task: str | None, file: str | None, expect: str, *,
          words: str | None = None, options: dict | None = None,
          doors: tuple[str, ...] = ("cli", "http"), **extra: Any) -> None:
    cases.append({"id": id, "task": task, "file": file, "options": dict(options or {}),
                  "expect": expect, "words": words, "doors": list(doors), **extra})


def _write(root: Path, rel: str, data: bytes | str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return rel


def _rows(text: str) -> list[list[str]]:
    return [r for r in csv.reader(io.StringIO(text))]


def _csv(rows: list[list[str]], newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------------------- IO tables
def _io_mutations(text: str) -> dict[str, tuple[str | bytes, str, str | None]]:
    """mutation -> (content, expected outcome, words)."""
    rows = _rows(text)
    header = rows[0]
    first = 4 if header[3] == "Origin" else 3  # first sector column
    codes = set()
    for h in header[first:]:
        if not h.isdigit():
            break
        codes.add(h)
    sector_rows = [i for i, r in enumerate(rows) if r[0] in codes
                   and (first == 3 or r[3] == "Domestic")]
    r1 = sector_rows[0]
    out: dict[str, tuple[str | bytes, str, str | None]] = {}
    data = text.encode("utf-8")
    lines = text.splitlines(keepends=True)
    out["truncated_50"] = (data[:len(data) // 2], "error", None)
    out["truncated_90"] = (data[:len(data) * 9 // 10], "error", None)
    out["truncated_one_row"] = ("".join(lines[:len(lines) // 3]), "error", None)
    out["header_only"] = (lines[0], "error", None)
    out["empty"] = (b"", "error", "empty")
    out["blank_lines_only"] = (b"\n\n\n", "error", None)
    out["utf16"] = (text.encode("utf-16"), "error", "UTF-16")
    out["latin1_bytes"] = (text.replace("农林牧渔产品和服务", "caf\u00e9").encode("latin-1",
                           errors="replace").replace(b"?", b"\xff"), "error", None)
    out["nul_bytes"] = (b"\x00" * 64 + data, "error", None)
    out["cr_only"] = (text.replace("\r\n", "\n").replace("\n", "\r"), "ok", None)
    mixed = "".join(ln.rstrip("\r\n") + ("\r\n" if i % 2 else "\r") for i, ln in enumerate(lines))
    out["mixed_endings"] = (mixed, "ok", None)
    out["crlf"] = (text.replace("\n", "\r\n"), "ok", None)
    out["bom"] = ("\ufeff" + text, "ok", None)
    # header shuffled alone: the labels no longer sit over their numbers
    shuffled = rows[0][:first] + list(reversed(rows[0][first:first + 6])) + rows[0][first + 6:]
    out["header_shuffled"] = (_csv([shuffled] + rows[1:]), "error", None)
    # columns shuffled together (header and data): labels decide, never position
    order = list(range(first)) + list(range(len(header) - 1, first - 1, -1))
    # the NBS reader requires the sector columns in the order of the sector rows: refused,
    # naming the expected order (never read with the labels misplaced)
    out["columns_reordered"] = (_csv([[r[i] if i < len(r) else "" for i in order]
                                      for r in rows]), "error", "column order")
    dropped = [r[:first] + r[first + 1:] for r in rows]
    out["column_missing"] = (_csv(dropped), "error", None)

    def cell(value: str, row: int = r1, col: int = first + 1) -> str:
        new = [list(r) for r in rows]
        new[row][col] = value
        return _csv(new)

    for name, value in (("text_cell", "abc"), ("nan_cell", "NaN"), ("inf_cell", "inf"),
                        ("neg_inf_cell", "-inf"), ("huge_cell", "1e308"),
                        ("comma_decimal", "1,5"), ("formula_cell", "=1+1"),
                        ("long_number", "9" * 400), ("hex_cell", "0x1F")):
        out[name] = (cell(value), "error", None)
    zero = next(((i, j) for i in sector_rows for j in range(first, first + len(sector_rows))
                 if rows[i][j].strip() in ("0", "0.0")), None)
    if zero is not None:  # a blank read as 0: computable, said (warning in meta)
        out["blank_zero_cell"] = (cell("", *zero), "warning", None)
    # read as 0: a gap of the cell's size in the balances, warned within 1 %, refused beyond
    out["blank_nonzero_cell"] = (cell(""), "said", None)
    big = [list(r) for r in rows]
    big[r1][first] = str(float(big[r1][first] or 0) * -50 - 1e9)
    out["negative_flow"] = (_csv(big), "error", None)
    dup = [list(r) for r in rows]
    dup[r1 + 1][1:3] = dup[r1][1:3]  # English and Chinese names both repeated
    out["duplicate_names"] = (_csv(dup), "error", "duplicate")
    dupc = [list(r) for r in rows]
    dupc[r1 + 1][0] = dupc[r1][0]
    out["duplicate_codes"] = (_csv(dupc), "error", None)
    nonprod = [list(r) for r in rows]
    for i in sector_rows:  # every flow x 5: column sums of A above 1, balance broken
        nonprod[i][first:first + len(sector_rows)] = [
            str(float(v or 0) * 5) for v in nonprod[i][first:first + len(sector_rows)]]
    out["non_productive"] = (_csv(nonprod), "error", None)
    out["formula_labels"] = (text.replace("农林牧渔产品和服务", "=cmd|'/c calc'!A1", 1).replace(
        '"Agriculture, forestry, animal husbandry and fishery"', '"=HYPERLINK(""http://x"")"', 1),
        "ok", None)
    out["long_line"] = (text.rstrip("\n") + "," + "9" * (1100 * 1024) + "\n", "error",
                        "longer than")
    out["wide_header"] = (",".join(f"c{i}" for i in range(6000)) + "\n" + text, "error",
                          "header fields")
    out["binary_junk"] = (bytes(random.Random(14).randrange(256) for _ in range(4096)), "error",
                          None)
    out["gzip_named_csv"] = (b"\x1f\x8b\x08\x00" + data[:200], "error", None)
    return out


def io_cases(root: Path, shared: Path, cases: list) -> None:
    for name in IO_TABLES:
        text = (shared / "cn_io_nbs" / name).read_text(encoding="utf-8")
        base = name.removesuffix(".csv")
        for mutation, (content, expect, words) in _io_mutations(text).items():
            rel = _write(root, f"io/{base}/{base}_{mutation}.csv", content)
            _case(cases, f"io/{base}/{mutation}", "io.linkages", rel, expect, words=words)
        rel = _write(root, f"io/{base}/{base}.csv", text)
        year = base.split("_")[2]
        for label, options, words in (
                ("year_not_held", {"year": "1999"}, "1999"),
                ("year_20_digits", {"year": "2" * 20}, "12 digits"),
                ("year_1800", {"year": "1800"}, "1900"),
                ("year_text", {"year": "twenty"}, "integer"),
                ("region_not_held", {"region": "Liaoning"}, None),
                ("region_unknown", {"region": "Atlantis"}, "Atlantis"),
                ("region_newline", {"region": "Liaoning\nx"}, "control"),
                ("technology_unknown", {"technology": "magic"}, "magic"),
                ("aggregate_unknown", {"aggregate": "nothing"}, None)):
            _case(cases, f"io/{base}/{label}", "io.linkages", rel, "error", words=words,
                  options=options)
        _case(cases, f"io/{base}/multipliers_year_not_held", "io.multipliers", rel, "error",
              options={"year": str(int(year) - 5)})
        _case(cases, f"io/{base}/extract_unknown_sector", "io.extract", rel, "error",
              options={"sectors": "99,zz"})


# ---------------------------------------------------------------------------- workbooks
def _sheet_xml(cells: str, dimension: str | None = None, merges: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = f"<mergeCells>{merges}</mergeCells>" if merges else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
            f'formats.org/spreadsheetml/2006/main">{dim}<sheetData>{cells}</sheetData>{merge}'
            "</worksheet>")


def xlsx_bytes(sheet_xml: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid .xlsx holding one sheet (``sheet_xml``)."""
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="'
            f'{ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def wide_row_bomb(columns: int = 16384) -> bytes:
    """One row of ``columns`` numeric cells: a few tens of kB that openpyxl expands to a grid."""
    from openpyxl.utils import get_column_letter

    cells = "".join(f'<c r="{get_column_letter(j)}1"><v>1</v></c>' for j in range(1, columns + 1))
    return xlsx_bytes(_sheet_xml(f'<row r="1">{cells}</row>'))


def workbook_cases(root: Path, shared: Path, cases: list) -> None:
    real = (shared / WORKBOOK).read_bytes()
    xls = (shared / XLS).read_bytes()
    corrupt = bytearray(real)
    mid = len(corrupt) // 2
    corrupt[mid:mid + 512] = bytes(512)
    bombs = {
        "truncated_xlsx": (real[:len(real) // 2], ".xlsx", None),
        "truncated_xlsx_90": (real[:len(real) * 9 // 10], ".xlsx", None),
        "corrupt_deflate": (bytes(corrupt), ".xlsx", None),
        "truncated_xls": (xls[:len(xls) // 2], ".xls", None),
        "xls_header_only": (xls[:512], ".xls", None),
        "zip_not_workbook": (_zip({"hello.txt": b"hello"}), ".xlsx", None),
        "wide_row_bomb": (wide_row_bomb(), ".xlsx", "columns"),
        "corner_cells_bomb": (xlsx_bytes(_sheet_xml(
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576">'
            "<v>1</v></c></row>")), ".xlsx", None),
        "declared_dimension_bomb": (xlsx_bytes(_sheet_xml(
            '<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576")), ".xlsx",
            None),
        "merged_range_bomb": (xlsx_bytes(_sheet_xml(
            '<row r="1"><c r="A1"><v>1</v></c></row>', merges='<mergeCell ref="A1:ZZ99999"/>')),
            ".xlsx", None),
        "zip_bomb_member": (zip_bomb(), ".xlsx", None),
        "csv_named_xlsx": (b"a,b\n1,2\n", ".xlsx", None),
        "tiny_valid_workbook": (xlsx_bytes(_sheet_xml('<row r="1"><c r="A1" t="inlineStr">'
                                                      "<is><t>hello</t></is></c></row>")),
                                ".xlsx", None),
    }
    for name, (data, suffix, words) in bombs.items():
        rel = _write(root, f"workbook/{name}{suffix}", data)
        _case(cases, f"workbook/{name}", "io.linkages", rel, "error", words=words)
    rel = _write(root, "workbook/liaoning_2007.xlsx", real)
    _case(cases, "workbook/liaoning_2007_year_not_held", "io.linkages", rel, "error",
          options={"year": "2012"})


def zip_bomb(mib: int = 300) -> bytes:
    """A valid one-sheet workbook plus a member of ``mib`` MiB of zeros (about 0.3 MB zipped),
    written in 1 MiB pieces."""
    buf = io.BytesIO(xlsx_bytes(_sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z, \
            z.open("xl/media/big.bin", "w", force_zip64=True) as fh:
        block = bytes(1024 * 1024)
        for _ in range(mib):
            fh.write(block)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


# ---------------------------------------------------------------------------- panels
def panel_text(shared: Path) -> str:
    rows = [["region", "year", "indicator", "value", "unit"]]
    with open(shared / PANEL_SOURCE, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["indicator_cn"] in PANEL_INDICATORS and 2010 <= int(r["year"]) <= 2019:
                rows.append([r["province_code"], r["year"], PANEL_INDICATORS[r["indicator_cn"]],
                             r["value"], r["unit"]])
    return _csv(rows)


def panel_cases(root: Path, shared: Path, cases: list) -> None:
    text = panel_text(shared)
    rows = _rows(text)
    liaoning = next(i for i, r in enumerate(rows) if r[0] == "210000" and r[2] == "gdp")
    share = {"indicator": "gdp", "region": "NE", "reference": "000000"}

    def edit(i: int, col: int, value: str) -> str:
        new = [list(r) for r in rows]
        new[i][col] = value
        return _csv(new)

    mutations = {
        "negative_gdp": (edit(liaoning, 3, "-" + rows[liaoning][3]), "error", "-"),
        "zero_all_gdp": (_csv([r if r[2] != "gdp" else r[:3] + ["0"] + r[4:] for r in rows]),
                         "warning", None),
        "na_value": (edit(liaoning, 3, "n/a"), "warning", None),  # NA: skipped, noted
        "text_value": (edit(liaoning, 3, "lots"), "error", None),
        "inf_value": (edit(liaoning, 3, "inf"), "error", None),
        "huge_value": (edit(liaoning, 3, "1e309"), "error", None),
        "year_20_digits": (edit(liaoning, 1, "2" * 20), "error", None),
        "year_text": (edit(liaoning, 1, "MMXV"), "error", None),
        "region_unknown": (edit(liaoning, 0, "Atlantis"), "error", "Atlantis"),
        "duplicate_row": (text + _csv([rows[liaoning]]), "error", None),
        "truncated_mid_row": (text[:text.index("\n", len(text) // 2) + 12], "error", None),
        "cr_only": (text.replace("\n", "\r"), "ok", None),
        "mixed_endings": ("".join(ln + ("\r" if i % 3 else "\r\n") for i, ln in
                                  enumerate(text.splitlines())), "ok", None),
        "columns_reordered": (_csv([[r[3], r[0], r[4], r[2], r[1]] for r in rows]), "ok",
                              None),
        "value_missing_column": (_csv([r[:3] + r[4:] for r in rows]), "error", None),
        "header_shuffled": (_csv([["year", "region", "indicator", "value", "unit"]] + rows[1:]),
                            "error", None),
        "blank_value": (edit(liaoning, 3, ""), "warning", None),
        "utf16": (text.encode("utf-16"), "error", "UTF-16"),
        "empty": (b"", "error", "empty"),
        "long_line": ("region,year,indicator,value,unit," + "x" * (1100 * 1024) + "\n" + text,
                      "error", "longer than"),
    }
    for name, (content, expect, words) in mutations.items():
        rel = _write(root, f"panel/{name}.csv", content)
        _case(cases, f"panel/{name}", "indicators.share", rel, expect, words=words,
              options=share)
    rel = _write(root, "panel/original.csv", text)
    for label, options, words in (
            ("years_1800_1805", {"years": "1800-1805"}, "1900"),
            ("years_not_held", {"years": "2030-2035"}, "2019"),
            ("years_reversed", {"years": "2019-2010"}, None),
            ("years_20_digits", {"years": "2" * 20 + "-" + "2" * 20}, None),
            ("indicator_unknown", {"indicator": "happiness"}, "happiness"),
            ("region_unknown", {"region": "Atlantis"}, "Atlantis"),
            ("reference_unknown", {"reference": "Mars"}, "Mars"),
            ("region_control_chars", {"region": "NE\x1b[31m"}, "control")):
        _case(cases, f"panel/share_{label}", "indicators.share", rel, "error", words=words,
              options={**share, **options})


# ---------------------------------------------------------------------------- TOPSIS
def matrix_text(panel: str) -> str:
    values: dict[str, dict[str, str]] = {}
    for r in csv.DictReader(io.StringIO(panel)):
        if r["year"] == "2019":
            values.setdefault(r["region"], {})[r["indicator"]] = r["value"]
    cols = list(PANEL_INDICATORS.values())
    rows = [["alternative", *cols]]
    rows += [[k, *(v[c] for c in cols)] for k, v in sorted(values.items())
             if all(c in v for c in cols)]
    return _csv(rows)


def topsis_cases(root: Path, shared: Path, cases: list) -> None:
    text = matrix_text(panel_text(shared))
    rows = _rows(text)

    def edit(i: int, col: int, value: str) -> str:
        new = [list(r) for r in rows]
        new[i][col] = value
        return _csv(new)

    mutations = {
        "cell_1e308": (edit(3, 1, "1e308"), "error", "overflow"),
        "column_1e308": (_csv([rows[0]] + [[r[0], "1e308", *r[2:]] for r in rows[1:]]), "error",
                         None),
        "cell_inf": (edit(3, 1, "inf"), "error", None),
        "cell_nan": (edit(3, 1, "nan"), "error", None),
        "cell_blank": (edit(3, 1, ""), "error", None),
        "cell_text": (edit(3, 1, "lots"), "error", None),
        "duplicate_alternative": (edit(4, 0, rows[3][0]), "error", None),
        "constant_column": (_csv([rows[0]] + [[r[0], "5", *r[2:]] for r in rows[1:]]),
                            "warning", None),
        "one_alternative": (_csv(rows[:2]), "error", None),
        "header_only": (_csv(rows[:1]), "error", None),
        "criterion_missing": (_csv([r[:-1] for r in rows]), "error", "finance_va"),
        "negative_cells": (_csv([rows[0]] + [[r[0], "-" + r[1], *r[2:]] for r in rows[1:]]),
                           "ok", None),  # computable (distances to the ideal): not refused
        "cr_only": (text.replace("\n", "\r"), "ok", None),
        "utf16": (text.encode("utf-16"), "error", None),
    }
    for name, (content, expect, words) in mutations.items():
        rel = _write(root, f"topsis/{name}.csv", content)
        _case(cases, f"topsis/{name}", "evaluate.topsis", rel, expect, words=words,
              options={"criteria": CRITERIA})
    rel = _write(root, "topsis/original.csv", text)
    for label, crit in (("criteria_unknown", "happiness:+:1"), ("criteria_bad_direction",
                                                                "gdp:up:1"),
                        ("criteria_negative_weight", "gdp:+:-1,finance_va:-:2"),
                        ("criteria_huge_weight", "gdp:+:1e400"),
                        ("criteria_empty", ","),
                        ("criteria_json_deep", "[" * 5000 + "]" * 5000)):
        _case(cases, f"topsis/{label}", "evaluate.topsis", rel, "error",
              options={"criteria": crit})


# ---------------------------------------------------------------------------- AHP
def ahp_cases(root: Path, examples: Path, cases: list) -> None:
    good = (examples / "ahp_saaty1990_house.yaml").read_text(encoding="utf-8")
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
        for i in range(8)) + "criteria: [*i]\nmatrix: [[1]]\n"
    docs = {
        "billion_laughs.yaml": (laughs, "alias"),
        "small_expansion.yaml": ("x: &x [1, 2, 3]\ncriteria: [a, b]\nmatrix: [*x, *x]\n",
                                 "alias"),
        "python_tag.yaml": ("criteria: !!python/object/apply:os.system ['echo hi']\n", None),
        "deep_nesting.yaml": ("criteria: " + "[" * 200 + "]" * 200 + "\n", "depth"),
        "deep_nesting.json": ('{"criteria": ' + "[" * 100000 + "]" * 100000 + "}", None),
        "long_integer.json": ('{"criteria": ["a", "b"], "matrix": [[1, ' + "9" * 5000
                              + "], [1, 1]]}", "characters"),
        "nan.json": ('{"criteria": ["a", "b"], "matrix": [[1, NaN], [1, 1]]}', None),
        "not_reciprocal.yaml": ("criteria: [a, b]\nmatrix: [[1, 3], [3, 1]]\n", None),
        "zero_judgment.yaml": ("criteria: [a, b]\nmatrix: [[1, 0], [0, 1]]\n", None),
        "text_judgment.yaml": ("criteria: [a, b]\nmatrix: [[1, lots], [1/3, 1]]\n", None),
        "duplicate_criteria.yaml": ("criteria: [a, a]\nmatrix: [[1, 3], [1/3, 1]]\n", None),
        "truncated.yaml": (good[:len(good) // 2], None),
        "list_document.yaml": ("- 1\n- 2\n", None),
        "empty.yaml": ("", None),
        "binary.yaml": (bytes(range(256)) * 4, None),
        "utf16.yaml": (good.encode("utf-16"), None),
        "inconsistent.yaml": ("criteria: [a, b, c]\nmatrix: [[1, 9, 1/9], [1/9, 1, 9], "
                              "[9, 1/9, 1]]\n", "warning"),
    }
    for name, (content, words) in docs.items():
        rel = _write(root, f"ahp/{name}", content)
        expect = "warning" if words == "warning" else "error"
        _case(cases, f"ahp/{name}", "evaluate.ahp", rel, expect,
              words=None if words == "warning" else words)


# ---------------------------------------------------------------------------- HTTP only
def http_cases(cases: list, tasks: dict[str, dict[str, list[str]]]) -> None:
    """Hostile requests on every task endpoint: ``tasks`` maps ``group/command`` to its
    request ``fields`` and ``required`` fields (given ``"x"`` so that the field under test is
    reached)."""
    deep = '{"source": ' + "[" * 30000 + "]" * 30000 + "}"  # the parser's recursion limit
    for path, spec in sorted(tasks.items()):
        url = f"/api/{path}"
        fields = spec["fields"]
        given = "".join(f'"{f}": "x", ' for f in spec["required"] if f not in ("year", "years"))
        raw = [("deep_json", deep, {}, "depth"),
               ("long_integer", '{"year": ' + "9" * 5000 + "}", {}, "characters"),
               ("nan_literal", '{"year": NaN}', {}, None),
               ("not_json", "{'source': 1", {}, "JSON"),
               ("json_list", "[1, 2, 3]", {}, None),
               ("wrong_type", '{"source": {"a": 1}}', {}, None),
               ("unknown_field", '{"no_such_field": 1}', {}, "no_such_field"),
               ("cross_origin", "{}", {"Origin": "http://evil.example"}, "cross-origin"),
               ("cross_referer", "{}", {"Referer": "http://evil.example/page"}, "cross-origin")]
        if "year" in fields:
            raw.append(("year_20_digits", "{" + given + '"year": ' + "2" * 20 + "}", {}, None))
            raw.append(("year_1800", "{" + given + '"year": 1800}', {}, None))
        if "years" in fields:
            raw.append(("years_1800", "{" + given + '"years": "1800-1805"}', {}, None))
        for label, body, headers, words in raw:
            _case(cases, f"http/{path}/{label}", None, None, "error", words=words,
                  doors=("http",), url=url, body=body, headers=headers)
    _case(cases, "http/multipart_cross_origin", "io.linkages", "io/cn_io_2015_42/cn_io_2015_42.csv",
          "error", words="cross-origin", doors=("http",), headers={"Origin": "http://evil.example"})
    _case(cases, "http/unknown_path", None, None, "error", doors=("http",), url="/api/nothing",
          body="{}", headers={})
    _case(cases, "http/text_plain", None, None, "error", doors=("http",), url="/api/io/linkages",
          body="source=x", headers={"Content-Type": "text/plain"})


# ---------------------------------------------------------------------------- CLI only
def cli_cases(root: Path, cases: list) -> None:
    """The store and dataset names (``{store}`` is replaced by a fresh store directory,
    ``{damaged}`` by one whose store.duckdb was cut in half, ``{root}`` by OUTDIR)."""
    table = "{root}/io/cn_io_2015_42/cn_io_2015_42.csv"
    for label, argv, words in (
            ("name_newline", ["data", "import", table, "--name", "ok\n"], "name"),
            ("name_slash", ["data", "import", table, "--name", "../etc/passwd"], "name"),
            ("name_control", ["data", "import", table, "--name", "a\x1bb"], "name"),
            ("name_trailing_space", ["data", "import", table, "--name", "ok "], "name"),
            ("damaged_list", ["data", "list"], "damaged"),
            ("damaged_show", ["data", "show", "one"], "damaged"),
            ("damaged_import", ["data", "import", table, "--name", "two"], "damaged"),
            ("damaged_remove", ["data", "remove", "one"], "damaged"),
            ("damaged_linkages", ["io", "linkages", "one"], "damaged"),
            ("unknown_dataset", ["io", "linkages", "no_such_dataset"], None),
            ("missing_file", ["data", "read", "{root}/nothing.csv"], None),
            ("directory_as_file", ["data", "read", "{root}/io"], None),
            ("read_cr_only", ["data", "read", "{root}/io/cn_io_2015_42/cn_io_2015_42_cr_only.csv"], "ok"),
            ("read_truncated", ["data", "read", "{root}/io/cn_io_2015_42/cn_io_2015_42_truncated_50.csv"],
             None),
            ("read_bomb", ["data", "read", "{root}/workbook/wide_row_bomb.xlsx"], "columns"),
            ("read_corrupt_xlsx", ["data", "read", "{root}/workbook/corrupt_deflate.xlsx"],
             None),
            ("read_panel_cr_only", ["data", "read", "{root}/panel/cr_only.csv"], "ok")):
        store = "{damaged}" if label.startswith("damaged") else "{store}"
        expect = "ok" if words == "ok" else "error"
        _case(cases, f"cli/{label}", None, None, expect, words=None if expect == "ok" else words,
              doors=("cli",), argv=["--data-dir", store, *argv])


def build(root: Path, shared: Path, examples: Path, tasks: dict[str, dict[str, list[str]]]
          ) -> list[dict]:
    """Write the corpus under ``root`` and return its cases (also in ``root/cases.json``)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    cases: list[dict] = []
    io_cases(root, shared, cases)
    workbook_cases(root, shared, cases)
    panel_cases(root, shared, cases)
    topsis_cases(root, shared, cases)
    ahp_cases(root, examples, cases)
    http_cases(cases, tasks)
    cli_cases(root, cases)
    (root / "cases.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    return cases


def task_fields() -> dict[str, dict[str, list[str]]]:
    """``group/command`` -> ``{"fields": [...], "required": [...]}`` of every task."""
    import dataclasses

    from revitalize.tasks import load_all

    out = {}
    for s in load_all().values():
        fields = dataclasses.fields(s.request)
        out[f"{s.group}/{s.command}"] = {
            "fields": [f.name for f in fields],
            "required": [f.name for f in fields if f.default is dataclasses.MISSING]}
    return out


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--shared-data", type=Path, default=here.parents[3] / "shared" / "data")
    args = parser.parse_args(argv)
    cases = build(args.outdir, args.shared_data, here.parents[2] / "examples", task_fields())
    kinds: dict[str, int] = {}
    for c in cases:
        kinds[c["expect"]] = kinds.get(c["expect"], 0) + 1
    print(f"{len(cases)} cases in {args.outdir} ({kinds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
