"""Reader of original provincial IO workbooks: all 12 Northeast workbooks against the stacked CSV,
label-based layout (shifted / shuffled copies), and every error and warning path."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlrd

from revitalize.data.readers.workbook import COLUMN_LABELS, ROW_LABELS, read_io_workbook
from revitalize.errors import (
    BalanceWarning,
    DataQualityWarning,
    InputError,
    LayoutError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.model.table import FINAL_DEMAND_CODES, SUBTOTAL_CODES, VALUE_ADDED_CODES

pytestmark = pytest.mark.shared_data
FILES = [f"{y}_{p}.{'xls' if y == 2017 else 'xlsx'}" for y in (2002, 2007, 2017)
         for p in ("liaoning", "jilin", "heilongjiang", "inner_mongolia")]
REGION = {"liaoning": "210000", "jilin": "220000", "heilongjiang": "230000",
          "inner_mongolia": "150000"}
_CACHE: dict[str, tuple] = {}


@pytest.fixture(scope="module")
def wb_dir(shared_data) -> Path:
    return shared_data / "cn_io_provincial" / "original_xls_northeast"


def _read(path: Path, **kw):
    """Table and the warnings raised while reading (cached per file: the tests stay fast)."""
    key = f"{path}|{sorted(kw.items())}"
    if key not in _CACHE:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = read_io_workbook(path, **kw)
        _CACHE[key] = (table, caught)
    return _CACHE[key]


def _grid(path: Path) -> list[list[object]]:
    """Cell values of the first sheet, read here with xlrd/openpyxl (independent of the reader)."""
    if path.suffix == ".xls":
        sh = xlrd.open_workbook(str(path)).sheet_by_index(0)
        return [[None if v == "" else v for v in sh.row_values(r)] for r in range(sh.nrows)]
    ws = openpyxl.load_workbook(str(path), data_only=True).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _write(grid, path: Path, sheets=None) -> Path:
    """Write ``grid`` (and extra ``sheets``: name -> grid, in order) as a plain .xlsx."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, g in (sheets or {"Sheet1": grid}).items():
        ws = book.create_sheet(name)
        for row in g:
            ws.append(list(row))
    book.save(path)
    return path


def _find(grid, text, *, label=False) -> tuple[int, int]:
    """(row, col) of the first cell equal to ``text`` (whitespace ignored); ``label``: only in
    the row-label columns A..C."""
    for r, row in enumerate(grid):
        for c, v in enumerate(row[:3] if label else row):
            if isinstance(v, str) and "".join(v.split()) == text:
                return r, c
    raise AssertionError(f"{text!r} not in grid")


def _csv(shared_data: Path, year: int, region: str) -> pd.DataFrame:
    frame = pd.read_csv(shared_data / "cn_io_provincial" / f"cn_prov_io_{year}_42.csv",
                        dtype={"province_code": str})
    return frame[frame["province_code"] == region].set_index("row_code")


# ------------------------------------------------------------------ the 12 real workbooks
@pytest.mark.parametrize("name", FILES)
def test_workbook_equals_stacked_csv(name, wb_dir, shared_data):
    table, caught = _read(wb_dir / name)
    year, prov = int(name[:4]), name[5:].split(".")[0]
    assert (table.region, table.year, table.n) == (REGION[prov], year, 42)
    assert table.classification == f"nbs42_{year}" and table.unit == "10^4 CNY"
    ref = _csv(shared_data, year, table.region)
    secs = [f"sec{c}" for c in table.codes]
    assert list(ref.loc[secs, "row_name_cn"].str.strip()) == list(table.sectors["name_cn"])
    pairs = {
        "Z": (table.Z.to_numpy(), ref.loc[secs, secs].to_numpy(float)),
        "VA": (table.value_added.loc[["VA001", "VA002", "VA003", "VA004"]].to_numpy(),
               ref.loc[["VA001", "VA002", "VA003", "VA004"], secs].to_numpy(float)),
        "GO": (table.output.to_numpy(), ref.loc[secs, "GO"].to_numpy(float)),
        "TI": (table.total_input.to_numpy(), ref.loc["TI", secs].to_numpy(float)),
    }
    cats = pd.concat([table.final_demand, table.imports, table.other.rename("ERR")], axis=1)
    fd = [c for c in ref.columns if c in FINAL_DEMAND_CODES]
    assert set(fd) <= set(cats.columns)
    pairs["final use"] = (cats[fd].to_numpy(), ref.loc[secs, fd].to_numpy(float))
    for block, (got, want) in pairs.items():
        if year == 2017:  # same numbers as the CSV
            scale = np.maximum(np.abs(want), 1e-9 * np.abs(want).sum())
            assert np.max(np.abs(got - want) / scale) <= 1e-6, block
        else:  # the 2002/2007 workbooks hold the CSV's values rounded to whole 万元
            assert np.array_equal(got, np.round(got)), block
            assert np.max(np.abs(got - want)) <= 0.5 + 1e-6, block
    unit_warned = any("assumed 万元" in str(w.message) for w in caught)
    assert unit_warned == (year < 2017)
    assert not [w for w in caught if not issubclass(w.category, DataQualityWarning)]


def test_2017_notes_say_where_region_year_and_unit_came_from(wb_dir):
    table, _ = _read(wb_dir / "2017_liaoning.xls")
    assert any("sheet text '辽宁2017年投入产出表'" in n for n in table.notes)
    assert not any("assumed" in n for n in table.notes)
    assert table.provenance.reader == "io_workbook" and len(table.provenance.sha256) == 64
    assert table.sectors.loc["03", "name_en"] == "Exploitation of petroleum and natural gas"
    assert list(table.imports.columns) == ["IM", "IF"]
    old, _ = _read(wb_dir / "2002_jilin.xlsx")
    assert any("file name '2002_jilin.xlsx'" in n for n in old.notes)
    assert any("assumed 万元" in n for n in old.notes)
    assert old.sectors.loc["35", "name_cn"] == "旅游业" and old.imports.shape == (42, 0)
    assert (old.other == 0).all() and "NOF" in old.final_demand


def test_known_source_anomaly_is_warned_not_fixed(wb_dir):
    table, caught = _read(wb_dir / "2002_jilin.xlsx")  # PROVENANCE: sector 13 TVA < 0
    assert table.total_value_added()["13"] < 0
    assert any(issubclass(w.category, BalanceWarning) and "13" in str(w.message)
               and "negative total value added" in str(w.message) for w in caught)


# ------------------------------------------------------------------ labels, not positions
def _shift_and_shuffle(grid, moves):
    """3 blank rows and 2 blank columns at the top-left; ``moves``: header texts whose column
    goes to the far right; sector rows 03 and 04 swapped."""
    width = max(len(r) for r in grid)
    rows = [list(r) + [None] * (width - len(r)) for r in grid]
    for text in moves:
        _, c = _find(rows, text)
        for row in rows:
            row.append(row.pop(c))
    names = [c for c in ("石油和天然气开采产品", "石油和天然气开采业")
             if any(isinstance(v, str) and "".join(v.split()) == c for r in rows for v in r[:3])]
    r3, _ = _find(rows, names[0], label=True)
    rows[r3], rows[r3 + 1] = rows[r3 + 1], rows[r3]
    blank = [None] * (width + 2)
    return [blank[:] for _ in range(3)] + [[None, None] + r for r in rows]


@pytest.mark.parametrize("name, moves, drop_codes", [
    ("2017_liaoning.xls", ["政府消费", "纺织品"], False),
    ("2002_jilin.xlsx", ["政府消费", "纺织业", "总产出"], False),
    ("2007_heilongjiang.xlsx", ["流出", "教育"], False),
    ("2002_jilin.xlsx", ["纺织业"], True),  # Chinese labels alone (合计 under 最终消费 = TC)
    ("2017_jilin.xls", ["出口"], True),
])
def test_shifted_and_shuffled_copy_reads_identically(name, moves, drop_codes, wb_dir, tmp_path):
    original, _ = _read(wb_dir / name)
    grid = _grid(wb_dir / name)
    if drop_codes:  # blank the code row (TIU, FU101, ..., 01..42) and the code column
        r_codes, _ = _find(grid, "TIU")
        grid[r_codes] = [None] * len(grid[r_codes])
        grid = [[None if isinstance(v, str) and v.isascii() and v.strip() not in ("", "-")
                 else v for v in row] for row in grid]
    copy = _write(_shift_and_shuffle(grid, moves), tmp_path / "copy.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_io_workbook(copy, province=original.region, year=original.year)
    for block in ("Z", "final_demand", "imports", "value_added", "sectors"):  # openpyxl writes
        pd.testing.assert_frame_equal(getattr(table, block), getattr(original, block),
                                      rtol=1e-12)  # floats with ~1e-16 relative rounding
    for block in ("output", "total_input", "other"):
        pd.testing.assert_series_equal(getattr(table, block), getattr(original, block), rtol=1e-12)
    assert table.unit == original.unit


def test_truncated_copies_raise_layout_error(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r_fin, _ = _find(grid, "金融", label=True)
    with pytest.raises(LayoutError, match="truncated workbook: no sector rows for 11 .*32 金融"):
        read_io_workbook(_write(grid[:r_fin], tmp_path / "a.xlsx"))
    r_ti, _ = _find(grid, "总投入", label=True)
    with pytest.raises(LayoutError, match=r"no 总投入 \(TI\) row.*Sheet1!A50"):
        read_io_workbook(_write(grid[:r_ti], tmp_path / "b.xlsx"))
    _, c_go = _find(grid, "总产出")
    with pytest.raises(LayoutError, match="no 总产出"):
        read_io_workbook(_write([r[:c_go] for r in grid], tmp_path / "c.xlsx"))
    _, c_edu = _find(grid, "教育")
    cut = [r[:c_edu] for r in grid]
    with pytest.raises(LayoutError, match=r"no sector columns for 4 sector\(s\) \(39 教育"):
        read_io_workbook(_write(cut, tmp_path / "d.xlsx"))


@pytest.mark.parametrize("old, new, closest", [
    ("农林牧渔产品和服务", "农林牧渔产品及服务业X", "农林牧渔产品和服务"),  # first sector row
    ("金融", "金融保险服务", "金融"),  # a row inside the block
])
def test_renamed_sector_raises_with_closest_names(old, new, closest, wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r, c = _find(grid, old, label=True)
    grid[r][c] = new
    with pytest.raises(UnknownLabelError) as info:
        read_io_workbook(_write(grid, tmp_path / "x.xlsx"))
    msg = str(info.value)
    assert f"Sheet1!B{r + 1}: row with data has an unknown label '{new}'" in msg
    assert f"closest: {closest}" in msg


def test_unknown_column_with_data_raises(wb_dir, tmp_path):
    grid = [list(r) + [None] for r in _grid(wb_dir / "2017_jilin.xls")]
    r0, _ = _find(grid, "进口")
    grid[r0][-1] = "神秘流量"
    grid[r0 + 10][-1] = 5.0
    with pytest.raises(UnknownLabelError, match="column with data has an unknown label '神秘流量'"):
        read_io_workbook(_write(grid, tmp_path / "x.xlsx"))


def test_code_cell_contradicting_label_raises(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r, c = _find(grid, "FU103")
    grid[r][c] = "FU101"
    with pytest.raises(LayoutError, match="say FU103 but the code cell says FU101"):
        read_io_workbook(_write(grid, tmp_path / "x.xlsx"))


def test_non_numeric_cell_raises_naming_it(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r, _ = _find(grid, "化学产品", label=True)
    grid[r][5] = "n.a."
    with pytest.raises(LayoutError, match=rf"non-numeric cell Sheet1!F{r + 1} = 'n.a.'"):
        read_io_workbook(_write(grid, tmp_path / "x.xlsx"))


def test_blank_cells_read_as_zero_are_counted_and_warned(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r0, _ = _find(grid, "农林牧渔产品和服务", label=True)
    zeros = [(r, c) for r in range(r0, r0 + 42) for c in range(3, 45) if grid[r][c] == 0.0][:3]
    for r, c in zeros[:2]:
        grid[r][c] = None
    grid[zeros[2][0]][zeros[2][1]] = "  "  # whitespace-only text is blank too
    with pytest.warns(DataQualityWarning, match="3 empty cell"):
        table = read_io_workbook(_write(grid, tmp_path / "x.xlsx"))
    assert any("3 empty cell(s) in the data block read as 0" in n for n in table.notes)
    original, _ = _read(wb_dir / "2017_jilin.xls")
    pd.testing.assert_frame_equal(table.Z, original.Z)


def test_unit_from_sheet_and_conflicting_units(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r, c = _find(grid, "单位：万元")
    grid[r][c] = "单位：亿元"
    table = read_io_workbook(_write(grid, tmp_path / "a.xlsx"))
    assert table.unit == "10^8 CNY"
    grid[0][0] = "吉林2017年投入产出表（万元）"
    with pytest.raises(LayoutError, match="several units"):
        read_io_workbook(_write(grid, tmp_path / "b.xlsx"))


def test_region_and_year_sources(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2002_liaoning.xlsx")
    anonymous = _write(grid, tmp_path / "table.xlsx")
    with pytest.raises(LayoutError, match="cannot tell the province"):
        read_io_workbook(anonymous)
    with pytest.raises(LayoutError, match="cannot tell the year"):
        read_io_workbook(anonymous, province="辽宁")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_io_workbook(anonymous, province="Liaoning", year=2002)
        named = read_io_workbook(_write(grid, tmp_path / "2002年辽宁42部门投入产出表.xlsx"))
    assert (table.region, table.year) == (named.region, named.year) == ("210000", 2002)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        other = read_io_workbook(wb_dir / "2017_liaoning.xls", province="吉林")
    said = [str(w.message) for w in caught if w.category is DataQualityWarning]
    assert other.region == "220000" and len(said) == 2
    assert "province 220000 used, but the sheet text '辽宁2017年投入产出表' says 210000" in said[0]
    assert "the file name '2017_liaoning.xls' says 210000" in said[1]


def test_picks_the_basic_flow_table_sheet(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    junk = [["直接消耗系数表"], ["农林牧渔产品和服务", 0.1, 0.2]]
    path = _write(None, tmp_path / "multi.xlsx", sheets={"直接消耗系数": junk, "基本流量表": grid})
    table = read_io_workbook(path)
    original, _ = _read(wb_dir / "2017_jilin.xls")
    pd.testing.assert_frame_equal(table.Z, original.Z)
    assert "sheet 基本流量表" in table.provenance.notes
    with pytest.raises(LayoutError, match="no sheet 'nope'.*直接消耗系数"):
        read_io_workbook(path, sheet="nope")
    with pytest.raises(LayoutError, match="truncated"), pytest.warns(DataQualityWarning):
        read_io_workbook(path, sheet=0, province="吉林", year=2017)  # the coefficient sheet


def test_no_recognisable_header(tmp_path):
    path = _write([["吉林2017年投入产出表"], ["单位：万元"], [1.0, 2.0], [3.0, 4.0]],
                  tmp_path / "x.xlsx")
    with pytest.raises(LayoutError, match="Sheet1.*no recognisable header.*农林牧渔产品和服务"):
        read_io_workbook(path)


def test_unreadable_files(tmp_path):
    bad = tmp_path / "2017_jilin.xlsx"
    bad.write_bytes(b"this is not a zip file")
    with pytest.raises(LayoutError, match="cannot read workbook|corrupt workbook"):
        read_io_workbook(bad)
    bad_xls = tmp_path / "2017_jilin.xls"
    bad_xls.write_bytes(b"\x00" * 600)
    with pytest.raises(LayoutError, match="cannot read workbook|corrupt workbook"):
        read_io_workbook(bad_xls)
    with pytest.raises(LayoutError, match="not an Excel workbook"):
        read_io_workbook(tmp_path / "table.csv")
    with pytest.raises(InputError, match="file not found"):
        read_io_workbook(tmp_path / "missing.xlsx")


def test_unbalanced_table_is_rejected_by_the_validator(wb_dir, tmp_path):
    grid = _grid(wb_dir / "2017_jilin.xls")
    r, _ = _find(grid, "化学产品", label=True)
    _, c_go = _find(grid, "总产出")
    grid[r][c_go] = grid[r][c_go] * 2
    with pytest.raises(ValidationError, match="row_balance"):
        read_io_workbook(_write(grid, tmp_path / "x.xlsx"))


def test_synonym_tables_use_package_codes():
    codes = set(FINAL_DEMAND_CODES) | set(SUBTOTAL_CODES)
    assert set(COLUMN_LABELS.values()) <= codes
    assert set(ROW_LABELS.values()) <= set(VALUE_ADDED_CODES) | set(SUBTOTAL_CODES)
    assert COLUMN_LABELS["存货增加"] == COLUMN_LABELS["存货变动"] == "FU202"


def test_lazy_import_from_readers_package():
    from revitalize.data import readers

    assert readers.read_io_workbook is read_io_workbook


def test_a_2012_layout_reads_with_the_2012_list(wb_dir, tmp_path):
    """The 2017 workbook relabelled with the 2012 list's names (wrapped like the originals):
    the year's list decides codes and names, whatever the table's numbers."""
    from revitalize.model.sectors import sector_list

    grid = _grid(wb_dir / "2017_jilin.xls")
    new = list(sector_list(year=2012)["name_cn"])
    header, _ = _find(grid, "食品和烟草")
    codes, _ = _find(grid, "TIU")
    for k, (old, name) in enumerate(zip(sector_list(year=2017)["name_cn"], new), start=1):
        r, c = _find(grid, old, label=True)
        grid[r][c] = name
        grid[header][grid[codes].index(f"{k:02d}")] = name[:3] + "\n" + name[3:]
    grid[0][0] = "吉林2012年投入产出表"
    table = read_io_workbook(_write(grid, tmp_path / "x.xlsx"))
    original, _ = _read(wb_dir / "2017_jilin.xls")
    assert table.year == 2012 and table.classification == "nbs42_2012"
    assert list(table.sectors["name_cn"]) == new and table.sectors.loc["23", "name_cn"] == "废品废料"
    np.testing.assert_allclose(table.Z.to_numpy(), original.Z.to_numpy(), rtol=1e-12)
