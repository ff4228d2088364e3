"""Tests of :func:`revitalize.data.readers.oecd.read_oecd_io`.

Inline fixtures are tiny hand-balanced tables in the OECD IOT 2021 CSV layout; the real-data
tests read ``shared/data/cn_io_oecd_2021ed`` and compare with the figures of its PROVENANCE.md.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers.oecd import IMPORTS_NOTE, read_oecd_io
from revitalize.data.store import Store
from revitalize.errors import (
    BalanceWarning,
    DataQualityWarning,
    InputError,
    LayoutError,
    StoreError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.model.table import FINAL_DEMAND_CODES, IOTable
from revitalize.model.validate import check_io_table
from tests.data.csv_edit import write_edited_csv

OECD = "cn_io_oecd_2021ed/oecd_iot2021_chn_1995_2018.csv"
FINAL = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "CONS_ABR", "CONS_NONRES", "EXPO"]

# One year of a 2-industry table (x 1000 for 2017, x 2000 for 2018, so that a small imbalance
# exceeds the absolute tolerance of 1). Rows: Z 1 + Y 1 + IMPO = OUTPUT (80, 100); columns:
# Z'1 + TXS_IMP_FNL + TXS_INT_FNL = TTL_INT_FNL (30, 50), TTL_INT_FNL + VALU = OUTPUT; under the
# final-use columns TTL_INT_FNL = product rows + the two tax rows.
HEADER = "year,Code,Description,01,02,HFCE,NPISH,GGFC,GFCF,INVNT,CONS_ABR,CONS_NONRES,EXPO,IMPO"
BLOCK = """\
01,Agriculture,10,20,30,0,5,10,2,0,1,12,-10
02,Industry,15,25,20,1,10,30,-2,3,0,20,-22
TXS_IMP_FNL,Taxes paid abroad,1,2,0,0,0,0,0,1,0,0,-1
TXS_INT_FNL,Taxes paid domestically,4,3,6,0,0,2,0,0,-1,0,0
TTL_INT_FNL,Total intermediate consumption,30,50,56,1,15,42,0,4,0,32,-33
VALU,Value added at basic prices,50,50,0,0,0,0,0,0,0,0,0
OUTPUT,Output at basic prices,80,100,0,0,0,0,0,0,0,0,0
"""


def _year_block(year: int, scale: float) -> list[str]:
    out = []
    for line in BLOCK.strip().split("\n"):
        code, desc, *values = line.split(",")
        out.append(",".join([str(year), code, desc, *(f"{float(v) * scale:g}" for v in values)]))
    return out


TWO_YEARS = "\n".join([HEADER, *_year_block(2017, 1e3), *_year_block(2018, 2e3)]) + "\n"


def _write(tmp_path, text=TWO_YEARS, name="oecd_test.csv", edits=None, drop_rows=(),
           drop_cols=()):
    return write_edited_csv(tmp_path, text, name, edits, drop_rows, drop_cols)


def _read_quiet(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the fixtures are balanced: any warning is a failure
        return read_oecd_io(path, **kw)


@pytest.fixture(scope="module")
def oecd_read(shared_data):
    """The real file read once: ``(tables, warnings)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = read_oecd_io(shared_data / OECD)
    return tables, caught


# ---------------------------------------------------------------------------- inline fixtures
def test_blocks_labels_and_signs(tmp_path):
    tables = _read_quiet(_write(tmp_path))
    assert list(tables) == [2017, 2018] and all(isinstance(k, int) for k in tables)
    t = tables[2017]
    assert t.codes == ["01", "02"] and t.Z.loc["02", "01"] == 15e3 and t.Z.loc["01", "02"] == 20e3
    assert list(t.final_demand.columns) == FINAL
    assert t.final_demand.loc["02", "INVNT"] == -2e3  # negative final use is kept as published
    # IMPO is entered negative: stored as positive imports, and said so in the notes
    assert list(t.imports.columns) == ["IM"] and t.imports["IM"].tolist() == [10e3, 22e3]
    assert IMPORTS_NOTE in t.notes and "-IMPO" in IMPORTS_NOTE
    assert list(t.value_added.index) == ["TXS_IMP_FNL", "TXS_INT_FNL", "VALU"]
    assert t.value_added.loc["VALU"].tolist() == [50e3, 50e3]
    assert t.output.tolist() == [80e3, 100e3] and t.total_input.tolist() == [80e3, 100e3]
    assert t.other.tolist() == [0, 0]
    assert t.sectors.loc["02"].tolist() == ["", "Industry"]
    assert (t.kind, t.year, t.region, t.unit, t.classification) == (
        "competitive", 2017, "000000", "10^6 USD", "oecd_iot2021_2")
    assert np.allclose(t.row_gap(), 0) and np.allclose(t.column_gap(), 0)
    assert tables[2018].Z.loc["02", "01"] == 30e3
    assert tables[2018].imports["IM"].tolist() == [20e3, 44e3]


def test_no_negative_zero_imports(tmp_path):
    # row 01: EXPO + IMPO 12 - 10 -> 2 - 0, and the TTL_INT_FNL cells under them to match
    path = _write(tmp_path, edits={(1, "IMPO"): "0", (1, "EXPO"): "2000", (5, "EXPO"): "22000",
                                   (5, "IMPO"): "-23000"})
    t = _read_quiet(path, year=2017)
    assert t.imports.at["01", "IM"] == 0 and not np.signbit(t.imports.at["01", "IM"])


def test_final_use_taxes_are_noted_not_silently_dropped(tmp_path):
    t = _read_quiet(_write(tmp_path), year=2017)
    note = next(n for n in t.notes if n.startswith("taxes less subsidies on final use"))
    assert "TXS_IMP_FNL 1,000.0 under HFCE..EXPO and -1,000.0 under IMPO" in note
    assert "TXS_INT_FNL 7,000.0 under HFCE..EXPO and 0.0 under IMPO" in note


def test_provenance_and_one_year(tmp_path):
    t = _read_quiet(_write(tmp_path), year=2018)
    assert isinstance(t, IOTable) and t.year == 2018
    p = t.provenance
    assert p.file == "oecd_test.csv" and p.reader == "oecd_io_csv" and len(p.sha256) == 64
    assert p.source == ("OECD Input-Output Tables 2021 edition, China "
                        "(via ionet R package, Carol-seven/ionet @51145dc)")


def test_year_not_in_file_and_region(tmp_path):
    path = _write(tmp_path)
    with pytest.raises(InputError, match=r"year 2016 is not in the file.*one of \['2017', '2018'\]"):
        read_oecd_io(path, year=2016)
    assert _read_quiet(path, year=2017, region="辽宁").region == "210000"
    with pytest.raises(UnknownLabelError, match="unknown region 'Atlantis'"):
        read_oecd_io(path, region="Atlantis")


def test_final_demand_codes_have_names():
    for code in FINAL:
        cn, en, role = FINAL_DEMAND_CODES[code]
        assert cn and en and role == "final"
    assert "IMPO" not in FINAL_DEMAND_CODES


# ---------------------------------------------------------------------------- checks
@pytest.mark.parametrize("row, col, check", [
    (1, "01", "row_balance"),  # Z cell: row and column balance both break; rows checked first
    (5, "02", "subtotal:TTL_INT_FNL fails"),
    (5, "HFCE", r"subtotal:TTL_INT_FNL \(final-use columns\) fails"),
    (6, "01", "column_balance"),
])
def test_imbalance_raises_naming_the_check(tmp_path, row, col, check):
    with pytest.raises(ValidationError, match=check):
        read_oecd_io(_write(tmp_path, edits={(row, col): "999"}))


def test_small_imbalance_warns_and_is_noted(tmp_path):
    # row 02 off by 500 in 1e5 (5e-3: warn band); TTL_INT_FNL under EXPO kept consistent
    path = _write(tmp_path, edits={(2, "EXPO"): "20500", (5, "EXPO"): "32500"})
    with pytest.warns(BalanceWarning, match=r"^oecd_test.csv: China 2017: row_balance.*02"):
        tables = read_oecd_io(path)
    assert any(n.startswith("row_balance") for n in tables[2017].notes)
    assert not any(n.startswith("row_balance") for n in tables[2018].notes)


def test_positive_impo_is_a_layout_error(tmp_path):
    path = _write(tmp_path, edits={(2, "IMPO"): "22"})
    with pytest.raises(LayoutError) as err:
        read_oecd_io(path)
    assert str(err.value) == (
        "oecd_test.csv: China 2017: row 02 (line 3): field IMPO: IMPO is 22 (positive) "
        "(expected imports entered as negative numbers or 0 (OECD convention))")


def test_value_added_under_final_use_is_a_layout_error(tmp_path):
    path = _write(tmp_path, edits={(13, "GGFC"): "5"})  # 2018 VALU row
    with pytest.raises(LayoutError, match=r"China 2018: row VALU \(line 14\): field GGFC: "
                                          r"value 5 would be dropped"):
        read_oecd_io(path)


# ---------------------------------------------------------------------------- bad input
def test_missing_output_row(tmp_path):
    path = _write(tmp_path, drop_rows=(7,))
    with pytest.raises(LayoutError, match=r"China 2017: field Code: missing row\(s\) \['OUTPUT'\] "
                                          r"\(truncated file\?\)"):
        read_oecd_io(path)


def test_missing_impo_column(tmp_path):
    path = _write(tmp_path, drop_cols=("IMPO",))
    with pytest.raises(LayoutError) as err:
        read_oecd_io(path)
    assert err.value.field == "IMPO"
    assert str(err.value).startswith(
        "oecd_test.csv: row line 1: field IMPO: missing column(s) ['IMPO']: not an OECD")


def test_missing_industry_row(tmp_path):
    path = _write(tmp_path, drop_rows=(9,))  # 2018 row 02
    with pytest.raises(LayoutError, match=r"China 2018: field sector rows: industry block has 1 "
                                          r"rows but there are 2 sector columns"):
        read_oecd_io(path)


def test_non_numeric_cell_is_named(tmp_path):
    path = _write(tmp_path, edits={(2, "HFCE"): "2O"})
    with pytest.raises(LayoutError) as err:
        read_oecd_io(path)
    assert str(err.value) == ("oecd_test.csv: China 2017: row 02 (line 3): field HFCE: "
                              "non-numeric cell '2O' (expected a finite number)")


def test_non_numeric_year(tmp_path):
    path = _write(tmp_path, edits={(9, "year"): "2O18"})
    with pytest.raises(LayoutError, match=r"row line 10: field year: non-numeric cell '2O18'"):
        read_oecd_io(path)


@pytest.mark.parametrize("edits, drop_cols, pattern", [
    ({(3, "Code"): "TXS"}, (), r"row TXS \(line 4\): field Code: unexpected row label 'TXS'"),
    ({(4, "Code"): "TXS_IMP_FNL"}, (), r"duplicate Code 'TXS_IMP_FNL' on lines \[4, 5\]"),
    ({}, ("01", "02"), r"row line 1: no industry columns"),
])
def test_layout_errors(tmp_path, edits, drop_cols, pattern):
    with pytest.raises(LayoutError, match=pattern):
        read_oecd_io(_write(tmp_path, edits=edits, drop_cols=drop_cols))


def test_unknown_column(tmp_path):
    text = "\n".join(line + (",OUTPUT" if i == 0 else ",0")
                     for i, line in enumerate(TWO_YEARS.strip().split("\n")))
    with pytest.raises(LayoutError, match=r"row line 1: field OUTPUT: unknown column\(s\) "
                                          r"\['OUTPUT'\] \(expected \['year', 'Code'"):
        read_oecd_io(_write(tmp_path, text=text))


def test_empty_cell_raises_or_reads_as_zero_with_warning(tmp_path):
    path = _write(tmp_path, edits={(1, "NPISH"): ""})
    with pytest.raises(LayoutError, match=r"row 01 \(line 2\): field NPISH: empty cell"):
        read_oecd_io(path, blank_as_zero=False)
    with pytest.warns(DataQualityWarning, match=r"1 blank cell\(s\) read as 0.*01 \(line 2\) x NPISH"):
        t = read_oecd_io(path, year=2017)
    assert t.final_demand.at["01", "NPISH"] == 0 and any("blank cell" in n for n in t.notes)


def test_truncated_copy_of_the_real_file(shared_data, tmp_path):
    lines = (shared_data / OECD).read_text(encoding="utf-8").splitlines(keepends=True)
    at_line = tmp_path / "cut_rows.csv"  # 21 full years, then 2016 without its OUTPUT row
    at_line.write_text("".join(lines[:1100]), encoding="utf-8")
    with pytest.raises(LayoutError, match=r"^cut_rows.csv: China 2016: field Code: missing "
                                          r"row\(s\) \['OUTPUT'\] \(truncated file\?\)"):
        read_oecd_io(at_line)
    mid_line = tmp_path / "cut_mid.csv"
    mid_line.write_text("".join(lines[:700]) + lines[700][:40], encoding="utf-8")
    with pytest.raises(LayoutError, match=r"^cut_mid.csv: row line 701: line has \d+ fields but "
                                          r"the header has 57 \(truncated or ragged file\)"):
        read_oecd_io(mid_line)


# ---------------------------------------------------------------------------- real data
def test_real_all_years_balanced(oecd_read):
    tables, _ = oecd_read
    assert list(tables) == list(range(1995, 2019))
    worst = {}
    for year, t in tables.items():
        assert t.n == 45 and t.unit == "10^6 USD" and t.classification == "oecd_iot2021_45"
        assert t.sectors.at["15", "name_en"] == "Basic metals"
        assert (t.imports["IM"] >= 0).all() and t.imports["IM"].sum() > 0
        report = check_io_table(t, emit=False).table.set_index("check")
        row, col = report.at["row_balance", "worst_abs"], report.at["column_balance", "worst_abs"]
        assert row <= 1.0 and col <= 1.0  # the OECD figures are rounded to 0.1 million USD
        worst[year] = (round(float(row), 2), round(float(col), 2))
    print("worst |row gap|, |column gap| (10^6 USD):", worst)


@pytest.mark.parametrize("year, bn", [(1995, 691), (2005, 2054), (2012, 7721), (2017, 11332),
                                      (2018, 12790)])
def test_real_value_added_totals(oecd_read, year, bn):
    t = oecd_read[0][year]
    assert abs(t.value_added.loc["VALU"].sum() / 1000 - bn) <= 1.0


def test_real_zero_output_industry_45_is_kept_and_warned(oecd_read):
    tables, caught = oecd_read
    zero = [w for w in caught if issubclass(w.category, BalanceWarning)
            and "zero_output" in str(w.message)]
    assert len(zero) == 24 and all("['45']" in str(w.message) for w in zero)
    assert {type(w.message) for w in caught} == {BalanceWarning}  # nothing else is questionable
    for t in tables.values():
        assert "45" in t.codes and t.output["45"] == 0
        assert "zero_output: sectors with zero output: ['45']" in t.notes


def test_real_imports_sign(oecd_read, shared_data):
    raw = pd.read_csv(shared_data / OECD, dtype={"Code": str})
    raw = raw[(raw["year"] == 2018) & raw["Code"].str.fullmatch(r"\d+")].set_index("Code")
    t = oecd_read[0][2018]
    assert (raw["IMPO"] <= 0).all()
    pd.testing.assert_series_equal(t.imports["IM"], -raw["IMPO"], check_names=False)


# ---------------------------------------------------------------------------- store
def test_store_round_trip(shared_data, data_dir):
    from tests.data.test_store import assert_tables_equal

    store = Store(data_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BalanceWarning)
        info = store.import_file(shared_data / OECD, name="oecd")
        ref = read_oecd_io(shared_data / OECD)
    assert info.kind == "io_years" and info.reader == "oecd_io_csv"
    assert info.years == tuple(range(1995, 2019)) and info.regions == ("000000",)
    assert any(IMPORTS_NOTE in n for n in info.notes)
    loaded = store.load("oecd")
    assert list(loaded) == list(ref) and all(isinstance(k, int) for k in loaded)
    for year in ref:
        assert_tables_equal(loaded[year], ref[year])


def test_store_refuses_mixed_keys(tmp_path, data_dir, monkeypatch):
    from tests.data.test_store import fake_reader, tiny_table

    fake_reader(monkeypatch, {"mixed.csv": {2017: tiny_table(), "210000": tiny_table()}})
    (tmp_path / "mixed.csv").write_text("x")
    store = Store(data_dir)
    with pytest.raises(StoreError, match=r"keyed by \['int', 'str'\].*all years \(int\)"):
        store.import_file(tmp_path / "mixed.csv")
    assert store.names() == []
