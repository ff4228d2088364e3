"""The limits of :mod:`revitalize.safety`: files, workbooks, YAML and JSON refused before
anything is materialised, in one line naming the file, row or field; real tables pass.

References: OWASP "XML External Entity Prevention" and "Denial of Service" cheat sheets (the
billion-laughs document and the zip bomb, reproduced here at small scale); YAML 1.1 section
3.2.2.2 (anchors and aliases). No published numbers are involved: the tests state exact
expectations (tolerance: none).
"""

from __future__ import annotations

import io
import json
import resource
import time
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import InputError, LayoutError
from revitalize.safety import (
    Limits,
    check_depth,
    check_file,
    check_text_file,
    check_workbook,
    input_error_from,
    load_json,
    load_yaml,
)
from tests.badinput.generate import _sheet_xml, wide_row_bomb, xlsx_bytes, zip_bomb


# ---------------------------------------------------------------------------- text files
def test_line_length_and_header_fields(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes(b"a,b\n1,2\n" + b"9" * 2000 + b"\n")
    check_text_file(f)
    with pytest.raises(InputError, match="line 3 is longer than 1,000") as info:
        check_text_file(f, limits=Limits(line_bytes=1000))
    assert info.value.row == 3 and info.value.file == str(f)
    f.write_bytes(b"# comment\n" + b",".join(b"c%d" % i for i in range(50)) + b"\n1\n")
    with pytest.raises(InputError, match="header fields") as info:
        check_text_file(f, limits=Limits(columns=20))
    assert info.value.row == 2 and info.value.field == "header"


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"])
def test_every_line_ending_ends_a_line(tmp_path, ending):
    f = tmp_path / "t.csv"
    f.write_bytes(ending.join([b"a,b"] + [b"1,2"] * 5000) + ending)
    check_text_file(f, limits=Limits(line_bytes=10))


def test_a_long_line_is_found_across_chunks(tmp_path):
    f = tmp_path / "big.csv"
    f.write_bytes(b"a,b\n" + b"x" * (3 * 1024 * 1024) + b"\n")
    started = time.perf_counter()
    with pytest.raises(InputError, match="line 2 is longer"):
        check_text_file(f)
    assert time.perf_counter() - started < 5


def test_file_size_limit(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes(b"a,b\n" * 100)
    with pytest.raises(InputError, match="file size"):
        check_file(f, limits=Limits(file_bytes=100))


def test_check_file_leaves_missing_files_to_the_reader(tmp_path):
    check_file(tmp_path / "missing.csv")  # the reader says "not found" in its own words


def test_csv_named_xlsx_is_refused(tmp_path):
    f = tmp_path / "t.xlsx"
    f.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(LayoutError, match="no Excel signature"):
        check_file(f)


# ---------------------------------------------------------------------------- workbooks
def _wb(tmp_path, data: bytes, name: str = "w.xlsx"):
    f = tmp_path / name
    f.write_bytes(data)
    return f


@pytest.mark.parametrize("sheet, words", [
    (_sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576"),
     "columns"),
    (_sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:Z1048576"),
     "rows x columns"),
    (_sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="ZZ900000"><v>1</v></c></row>'),
     "rows x columns"),
    (_sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', merges='<mergeCell ref="A1:Z999999"/>'),
     "rows x columns"),
])
def test_workbook_bounding_box_declared_or_actual(tmp_path, sheet, words):
    with pytest.raises(InputError, match=words) as info:
        check_workbook(_wb(tmp_path, xlsx_bytes(sheet)))
    assert info.value.field == "sheet1"


def test_cells_present_are_counted(tmp_path):
    cells = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c><c r="B{i}"><v>2</v></c></row>'
                    for i in range(1, 2001))
    f = _wb(tmp_path, xlsx_bytes(_sheet_xml(cells)))
    check_workbook(f)
    with pytest.raises(InputError, match="number of cells"):
        check_workbook(f, limits=Limits(cells=3000))


def test_cells_without_references_count_as_columns(tmp_path):
    row = "<row>" + "<c><v>1</v></c>" * 300 + "</row>"
    with pytest.raises(InputError, match="columns"):
        check_workbook(_wb(tmp_path, xlsx_bytes(_sheet_xml(row))), limits=Limits(columns=100))


def test_wide_row_bomb_is_refused_fast_and_small(tmp_path):
    """A 44 kB workbook whose one row has 16,384 cells: refused before openpyxl runs."""
    f = _wb(tmp_path, wide_row_bomb())
    assert f.stat().st_size < 100_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(InputError, match="16,384"):
        check_workbook(f)
    assert time.perf_counter() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB


def test_zip_bomb_member_is_refused_from_declared_sizes(tmp_path):
    f = _wb(tmp_path, zip_bomb(mib=300))
    with pytest.raises(InputError, match="uncompressed size"):
        check_workbook(f)


@pytest.mark.parametrize("mutate", ["truncate", "zero_middle", "not_a_workbook"])
def test_corrupt_xlsx_names_the_file(tmp_path, mutate):
    cells = "".join(f'<row r="{i}"><c r="A{i}"><v>{i * 7919 % 1000}</v></c></row>'
                    for i in range(1, 3000))
    data = bytearray(xlsx_bytes(_sheet_xml(cells)))
    if mutate == "truncate":
        data = data[: len(data) // 2]
    elif mutate == "zero_middle":
        mid = len(data) // 3
        data[mid:mid + 200] = bytes(200)
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "hello")
        data = buf.getvalue()
    f = _wb(tmp_path, bytes(data))
    with pytest.raises(LayoutError) as info:
        check_workbook(f)
    assert info.value.file == str(f) and "\n" not in info.value.one_line()


def test_corrupt_xls_names_the_file(tmp_path):
    f = _wb(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "w.xls")
    with pytest.raises(LayoutError, match="corrupt workbook") as info:
        check_workbook(f)
    assert info.value.file == str(f)


@pytest.mark.shared_data
def test_every_real_table_passes(shared_data):
    """All published tables and workbooks of shared/data are inside the default limits."""
    files = [p for p in shared_data.rglob("*") if p.is_file()
             and p.suffix.lower() in (".csv", ".xls", ".xlsx")]
    assert len(files) > 100
    for p in files:
        check_file(p)


@pytest.mark.shared_data
def test_xls_dimensions_are_checked(shared_data):
    xls = next((shared_data / "cn_io_provincial" / "original_xls_northeast").glob("*.xls"))
    check_workbook(xls)
    with pytest.raises(InputError, match="rows x columns"):
        check_workbook(xls, limits=Limits(sheet_cells=100))


# ---------------------------------------------------------------------------- YAML
def test_billion_laughs_is_refused_before_expansion():
    doc = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
        for i in range(8))
    assert len(doc) < 600
    started = time.perf_counter()
    with pytest.raises(LayoutError, match="aliases") as info:
        load_yaml(doc, file="bomb.yaml")
    assert time.perf_counter() - started < 1
    assert info.value.file == "bomb.yaml" and info.value.row == 1


@pytest.mark.parametrize("doc, words", [
    ("a: " + "[" * 100 + "]" * 100, "depth"),
    ("a: !!python/object/apply:os.system ['true']\n", "cannot parse"),
    ("a: [1, 2\n", "cannot parse"),
    ("x: &x 1\n", "anchors"),
])
def test_hostile_yaml(doc, words):
    with pytest.raises(InputError, match=words) as info:
        load_yaml(doc, file="f.yaml")
    assert info.value.file == "f.yaml"


def test_yaml_nodes_and_size():
    with pytest.raises(InputError, match="nodes"):
        load_yaml("[" + ", ".join(["1"] * 500) + "]", limits=Limits(nodes=100))
    with pytest.raises(InputError, match="document size"):
        load_yaml("a: 1\n" * 100, limits=Limits(text_bytes=50))


def test_plain_yaml_still_loads():
    assert load_yaml("criteria: [a, b]\nmatrix: [[1, 3], [1/3, 1]]\n") == {
        "criteria": ["a", "b"], "matrix": [[1, 3], ["1/3", 1]]}


# ---------------------------------------------------------------------------- JSON
@pytest.mark.parametrize("text, field, words", [
    ('{"a": {"b": [1, ' + "9" * 5000 + "]}}", "a.b[1]", "5,000 characters"),
    ('{"year": ' + "2" * 50 + "}", "year", "50 characters"),
    ('{"x": NaN}', "x", "not a JSON number"),
    ('{"x": -Infinity}', "x", "not a JSON number"),
    ('{"a": ' + "[" * 200000 + "]" * 200000 + "}", "body", "depth"),
    ('{"a": ' + "[" * 100 + "]" * 100 + "}", "a" + "[0]" * 63, "nested more than 64"),
    ("[1, 2", "body", "cannot parse"),
])
def test_hostile_json_names_the_field(text, field, words):
    with pytest.raises(InputError, match=words) as info:
        load_json(text)
    assert info.value.field == field


def test_json_size_limit():
    with pytest.raises(InputError, match="document size") as info:
        load_json(b'{"a": "' + b"x" * 200 + b'"}', field="body", limits=Limits(json_bytes=100))
    assert info.value.field == "body"


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers(-10**30, 10**30)
                    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=30))
def test_ordinary_json_round_trips(doc):
    assert load_json(json.dumps(doc)) == doc


def test_check_depth_walks_without_recursion():
    deep: list = []
    node = deep
    for _ in range(100000):
        node.append([])
        node = node[0]
    with pytest.raises(InputError, match="nested more than 64"):
        check_depth(deep)


# ---------------------------------------------------------------------------- last resort
@pytest.mark.parametrize("exc, words", [
    (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
    (MemoryError(), "too large to hold in memory"),
    (OverflowError("int too large to convert to float"), "out of range"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "cannot read"),
    (zipfile.BadZipFile("File is not a zip file"), "cannot read"),
])
def test_bad_input_exceptions_become_input_errors(exc, words):
    assert words in input_error_from(exc).one_line()


def test_other_exceptions_are_bugs():
    assert input_error_from(TypeError("unsupported operand")) is None
    assert input_error_from(KeyError("year")) is None
