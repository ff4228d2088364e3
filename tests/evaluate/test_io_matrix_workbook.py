"""yaahp-style judgment-matrix workbooks (issue 15: "a yaahp-style n x n matrix workbook is
refused"): plain pairwise matrices, criteria along the first row and column, read into AHP
through every reader of judgments (``revitalize evaluate ahp matrix.xlsx``)."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction

import pytest
from openpyxl import Workbook

from revitalize.errors import DataQualityWarning, InputError, LayoutError
from revitalize.evaluate.ahp import AHPConsistencyWarning
from revitalize.evaluate.ahp_io import ahp_from_files, load_judgments
from tests.evaluate.test_ahp import (
    HOUSE,
    HOUSE_ALTERNATIVES,
    HOUSE_CRITERIA,
    NATIONS,
    WEALTH,
)


def _text(x: float) -> object:
    """A judgment as a yaahp user types it: integers as numbers, reciprocals as "1/k" text."""
    if x >= 1:
        return int(x) if float(x).is_integer() else x
    return str(Fraction(x).limit_denominator(9))


def _put(ws, top: int, left: int, name: str | None, labels, matrix, *, full: bool,
         weights=None) -> int:
    """Write one block with its top-left cell at (top, left) (1-based); return the next row."""
    ws.cell(top, left, name)
    for k, lab in enumerate(labels):
        ws.cell(top, left + 1 + k, lab)
        ws.cell(top + 1 + k, left, lab)
    if weights is not None:
        ws.cell(top, left + 1 + len(labels), "Wi")
    for i, row in enumerate(matrix):
        for j, x in enumerate(row):
            if full or j >= i:
                ws.cell(top + 1 + i, left + 1 + j, _text(x))
        if weights is not None:
            ws.cell(top + 1 + i, left + 1 + len(labels), weights[i])
    return top + 1 + len(labels)


def test_wealth_of_nations_upper_triangle_reads_into_the_ahp_command(tmp_path, run_cli):
    """Saaty (1977) wealth of nations (tests/evaluate/test_ahp.py): printed weights .427 .230
    .021 .052 .052 .123 .094 and lambda_max 7.61, from an upper-triangle workbook whose
    fractions are text, through the CLI."""
    wb = Workbook()
    _put(wb.active, 1, 1, None, NATIONS, WEALTH, full=False)
    wb.save(tmp_path / "matrix.xlsx")
    r = run_cli("evaluate", "ahp", tmp_path / "matrix.xlsx", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    weights = [round(row["weight"], 3) for row in doc["table"]]
    assert [row["criterion"] for row in doc["table"]] == NATIONS
    assert weights == [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    assert doc["meta"]["lambda_max"] == pytest.approx(7.61, abs=5e-3)


def test_full_matrix_with_a_weight_column_and_chinese_names(tmp_path):
    labels = ["经济", "社会", "环境"]
    a = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    wb = Workbook()
    ws = wb.active
    ws.title = "判断矩阵"
    ws.cell(1, 2, "振兴 判断矩阵")  # title lines above the matrix
    ws.cell(2, 2, "判断矩阵一致性比例：0.0032")
    _put(ws, 3, 2, "振兴", labels, a, full=True, weights=[0.65, 0.23, 0.12])
    wb.save(tmp_path / "m.xlsx")
    with pytest.warns(DataQualityWarning, match=r"'Wi'.*ignored"):
        root, meta = load_judgments(tmp_path / "m.xlsx")
    assert root.name == "振兴" and root.child_names == labels
    assert root.matrix[2, 0] == pytest.approx(0.2)
    assert "一致性比例" in meta["notes"]


def test_hierarchy_one_block_per_sheet_and_blocks_on_one_sheet_agree(tmp_path):
    """Saaty (1990) EJOR 48:9-26 house example: overall priorities A, B, C = .396, .341, .263
    (as tests/evaluate/test_ahp.py), from one sheet per matrix and from one sheet of blocks
    separated by blank rows, each named after the element it decomposes."""
    per_sheet, one_sheet = Workbook(), Workbook()
    ws = per_sheet.active
    ws.title = "house"
    _put(ws, 1, 1, None, HOUSE_CRITERIA, HOUSE, full=False)
    for crit, m in zip(HOUSE_CRITERIA, HOUSE_ALTERNATIVES):
        _put(per_sheet.create_sheet(crit), 1, 1, None, ["A", "B", "C"], m, full=True)
    row = _put(one_sheet.active, 1, 1, "house", HOUSE_CRITERIA, HOUSE, full=False) + 1
    for crit, m in zip(HOUSE_CRITERIA, HOUSE_ALTERNATIVES):
        row = _put(one_sheet.active, row, 1, crit, ["A", "B", "C"], m, full=False) + 1
    per_sheet.save(tmp_path / "sheets.xlsx")
    one_sheet.save(tmp_path / "blocks.xlsx")
    for name in ("sheets.xlsx", "blocks.xlsx"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AHPConsistencyWarning)
            res = ahp_from_files(tmp_path / name)
        assert res.synthesis.round(3).to_dict() == {"A": 0.396, "B": 0.341, "C": 0.263}, name


def test_inconsistent_reciprocal_is_refused_naming_the_cell(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Criteria"
    _put(ws, 1, 1, None, ["a", "b", "c"], [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]],
         full=True)
    ws["B3"] = "1/2"  # a(b, a) should be 1/3
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as exc:
        load_judgments(tmp_path / "bad.xlsx")
    text = str(exc.value)
    assert "bad.xlsx" in text and "Sheet 'Criteria'!B3" in text and "1/3 = 0.3333" in text
    ws["B3"] = "0.33"  # typed with two decimals: within the tolerance
    wb.save(tmp_path / "ok.xlsx")
    assert load_judgments(tmp_path / "ok.xlsx")[0].matrix[1, 0] == pytest.approx(1 / 3)


def test_layout_errors_name_the_cell(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    _put(ws, 1, 1, None, ["a", "b", "c"], [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]],
         full=False)
    ws["C1"] = "x"
    wb.save(tmp_path / "hdr.xlsx")
    with pytest.raises(LayoutError, match=r"Sheet 'S'!C1.*'b'"):
        load_judgments(tmp_path / "hdr.xlsx")
    ws["C1"], ws["D2"] = "b", None  # a(a, c) left empty in an upper-triangle matrix
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match=r"Sheet 'S'!D2: empty judgment: a vs c"):
        load_judgments(tmp_path / "empty.xlsx")
    ws["D2"] = "abc"
    wb.save(tmp_path / "text.xlsx")
    with pytest.raises(InputError, match=r"Sheet 'S'!D2"):
        load_judgments(tmp_path / "text.xlsx")


def test_several_unnamed_blocks_are_refused_rather_than_guessed(tmp_path):
    wb = Workbook()
    m = [[1, 3], [1 / 3, 1]]
    row = _put(wb.active, 1, 1, None, ["a", "b"], m, full=False) + 1
    _put(wb.active, row, 1, None, ["c", "d"], m, full=False)
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(LayoutError, match="unnamed"):
        load_judgments(tmp_path / "two.xlsx")
    wb.active["A5"] = "z"  # names a block after no element: two top matrices
    wb.active["A1"] = "goal"
    wb.save(tmp_path / "tops.xlsx")
    with pytest.raises(LayoutError, match="2 top matrices"):
        load_judgments(tmp_path / "tops.xlsx")


def test_empty_workbook_still_says_what_is_expected(tmp_path):
    Workbook().save(tmp_path / "plain.xlsx")
    with pytest.raises(LayoutError, match="no 'Structure' sheet and no n x n judgment matrix"):
        load_judgments(tmp_path / "plain.xlsx")


# "用电子表格(Excel)实现层次分析法(AHP)的简捷计算" (tree-species choice; a spreadsheet AHP
# tutorial, https://m.docduoduo.com/p-3820731.html, found with the pages search corpus): the
# criteria matrix and the four alternative matrices as printed, each block a title line, the
# matrix with its corner name, then computed columns (row product, n-th root, weight W1, AW1)
# and a row of column totals -- the layout spreadsheet users send.
TREE_CRITERIA = ["经济效益", "社会效益", "生态效益", "技术要求"]
TREES = ["松树", "杉木", "桉树"]
TREE_MATRIX = [[1, 3, 4, 2], [1 / 3, 1, 1 / 2, 1 / 2], [1 / 4, 2, 1, 2], [1 / 2, 2, 1 / 2, 1]]
TREE_ALTERNATIVES = [[[1, 2, 1 / 7], [1 / 2, 1, 1 / 4], [7, 4, 1]],
                     [[1, 1 / 2, 1 / 5], [2, 1, 1 / 3], [5, 3, 1]],
                     [[1, 2, 3], [1 / 2, 1, 3], [1 / 3, 1 / 3, 1]],
                     [[1, 1 / 2, 6], [2, 1, 4], [1 / 6, 1 / 4, 1]]]
# printed weights ("权重W1", square-root / geometric-mean method), 6 decimals
TREE_WEIGHTS = {"树种选择": [0.482052, 0.117016, 0.217792, 0.183140],
                "经济效益": [0.156996, 0.119183, 0.723821],
                "社会效益": [0.122020, 0.229651, 0.648329],
                "生态效益": [0.527836, 0.332516, 0.139648],
                "技术要求": [0.380648, 0.527853, 0.091498]}


def _spreadsheet_block(ws, top: int, title: str, corner: str, labels, matrix) -> int:
    import math

    ws.cell(top, 1, title)
    _put(ws, top + 1, 1, corner, labels, matrix, full=True)
    n = len(labels)
    for k, head in enumerate(("按行相乘", "开N次方", "权重W1")):
        ws.cell(top + 1, n + 2 + k, head)
    roots = [math.prod(row) ** (1 / n) for row in matrix]
    for i, row in enumerate(matrix):
        ws.cell(top + 2 + i, n + 2, math.prod(row))
        ws.cell(top + 2 + i, n + 3, roots[i])
        ws.cell(top + 2 + i, n + 4, roots[i] / sum(roots))
    ws.cell(top + 2 + n, n + 3, sum(roots))  # the totals row, no name in column A
    return top + 4 + n


def test_spreadsheet_tutorial_layout_reads_as_a_hierarchy(tmp_path):
    """Weights of every matrix equal the printed W1 within half a unit of the 6th decimal; the
    overall priorities of 松树 and 桉树 equal the sums of the page's printed products
    (0.07568 + 0.014278334 + 0.114958278 + 0.069712 = 0.274629 and 0.348919 + 0.075864968 +
    0.030414149 + 0.016757 = 0.471955) within 1e-5 (the products are printed to 5 decimals).
    The page's total for 杉木 (0.265452) multiplies its social-benefit weight as 0.332516 -- its
    ecological weight -- instead of its own printed 0.229651, so it is not compared."""
    wb = Workbook()
    ws = wb.active
    row = _spreadsheet_block(ws, 1, "准则层对目标层判断", "树种选择", TREE_CRITERIA, TREE_MATRIX)
    for crit, m in zip(TREE_CRITERIA, TREE_ALTERNATIVES):
        row = _spreadsheet_block(ws, row, f"方案层对{crit}判断", crit, TREES, m)
    wb.save(tmp_path / "trees.xlsx")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        root, meta = load_judgments(tmp_path / "trees.xlsx")
    texts = [str(w.message) for w in rec]
    assert len(texts) == 5 and all("lie past the" in t for t in texts)
    assert "'按行相乘'" in texts[0] and "past the 4 x 4 matrix" in texts[0]
    assert root.name == "树种选择" and root.child_names == TREE_CRITERIA
    assert "准则层对目标层判断" in meta["notes"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        res = ahp_from_files(tmp_path / "trees.xlsx", method="geometric")
    local = res.table.set_index(["parent", "criterion"])["local_weight"]
    for parent, printed in TREE_WEIGHTS.items():
        kids = TREE_CRITERIA if parent == "树种选择" else TREES
        got = [local[(parent, k)] for k in kids]
        assert got == pytest.approx(printed, abs=5e-7), parent
    assert res.synthesis["松树"] == pytest.approx(0.274629, abs=1e-5)
    assert res.synthesis["桉树"] == pytest.approx(0.471955, abs=1e-5)


def test_the_three_doors_agree_on_a_matrix_workbook(tmp_path, run_cli):
    """Python (ahp_from_files), the CLI and an HTTP upload give the same weights."""
    from tests.web.conftest import create_app, make_client

    wb = Workbook()
    _put(wb.active, 1, 1, None, NATIONS, WEALTH, full=False)
    book = tmp_path / "matrix.xlsx"
    wb.save(book)
    python = ahp_from_files(book).weights.round(12).tolist()
    r = run_cli("evaluate", "ahp", book, "--format", "json")
    cli = [round(row["weight"], 12) for row in json.loads(r.out)["table"]]
    client = make_client(create_app(tmp_path / "store"))
    resp = client.post("/api/evaluate/ahp", files={"file": ("matrix.xlsx", book.read_bytes())})
    assert resp.status_code == 200, resp.text
    http = [round(row["weight"], 12) for row in resp.json()["table"]]
    assert python == cli == http
