"""Tests of :func:`revitalize.data.readers.nbs.read_nbs_io`.

Inline fixtures are tiny hand-balanced tables in the ionet CSV layout; the real-data tests read
every file of ``shared/data/cn_io_nbs`` and compare with the figures of its PROVENANCE.md.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers import nbs
from revitalize.data.readers.nbs import read_nbs_io
from revitalize.errors import (
    BalanceWarning,
    DataQualityWarning,
    InputError,
    LayoutError,
    UnknownLabelError,
    ValidationError,
)
from tests.data.csv_edit import write_edited_csv

# A 2-sector competitive table: rows balance (TIU + TFU - IM + ERR = GO), columns balance
# (TII + TVA = TI = GO), every subtotal equals its parts.
COMPETITIVE = """\
Code,Description,DescriptionInChinese,01,02,TIU,FU101,FU102,THC,FU103,TC,FU201,FU202,GCF,EX,TFU,IM,ERR,GO
01,Agriculture,农业,10,20,30,5,15,20,10,30,20,5,25,15,70,10,0,90
02,Industry,工业,30,40,70,10,20,30,10,40,30,0,30,20,90,20,0,140
TII,Total intermediate input,中间投入合计,40,60,100,15,35,50,20,70,50,5,55,35,160,30,0,230
VA001,Compensation of employees,劳动者报酬,20,30,50,,,,,,,,,,,,,
VA002,Net taxes on production,生产税净额,5,10,15,,,,,,,,,,,,,
VA003,Depreciation of fixed assets,固定资产折旧,10,20,30,,,,,,,,,,,,,
VA004,Operating surplus,营业盈余,15,20,35,,,,,,,,,,,,,
TVA,Total value-added,增加值合计,50,80,130,,,,,,,,,,,,,
TI,Total inputs,总投入,90,140,230,,,,,,,,,,,,,
"""

# A 2-sector non-competitive table: Domestic rows, Imports rows (GO = total imports), TOT rows.
NONCOMP = """\
Code,Description,DescriptionInChinese,Origin,01,02,TIU,TC,FU201,FU202,EX,TFU,GO
01,Agriculture,农业,Domestic,10,20,30,30,20,5,15,70,100
02,Industry,工业,Domestic,30,40,70,40,30,0,20,90,160
01,Agriculture,农业,Imports,1,2,3,4,2,0,1,7,10
02,Industry,工业,Imports,3,4,7,6,5,1,1,13,20
TII,Total intermediate input,中间投入合计,TOT,44,66,110,80,57,6,37,180,290
VA001,Compensation of employees,劳动者报酬,TOT,20,40,60,,,,,,
VA002,Net taxes on production,生产税净额,TOT,6,14,20,,,,,,
VA003,Depreciation of fixed assets,固定资产折旧,TOT,10,20,30,,,,,,
VA004,Operating surplus,营业盈余,TOT,20,20,40,,,,,,
TVA,Total value-added,增加值合计,TOT,56,94,150,,,,,,
TI,Total inputs,总投入,TOT,100,160,260,,,,,,
"""


def _write(tmp_path, text, name="cn_io_2017_2.csv", edits=None, drop_rows=(), drop_cols=()):
    return write_edited_csv(tmp_path, text, name, edits, drop_rows, drop_cols)


def _read_quiet(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the fixtures are balanced: any warning is a failure
        return read_nbs_io(path, **kw)


# ---------------------------------------------------------------------------- inline fixtures
def test_competitive_blocks_and_labels(tmp_path):
    t = _read_quiet(_write(tmp_path, COMPETITIVE))
    assert t.codes == ["01", "02"]  # zero-padded strings, not integers
    assert t.Z.loc["02", "01"] == 30 and t.Z.loc["01", "02"] == 20
    assert list(t.final_demand.columns) == ["FU101", "FU102", "FU103", "FU201", "FU202", "EX"]
    assert list(t.imports.columns) == ["IM"] and t.imports["IM"].tolist() == [10, 20]
    assert t.other.tolist() == [0, 0]
    assert list(t.value_added.index) == ["VA001", "VA002", "VA003", "VA004"]
    assert t.output.tolist() == [90, 140] and t.total_input.tolist() == [90, 140]
    assert t.sectors.loc["02"].tolist() == ["工业", "Industry"]
    assert (t.kind, t.year, t.region, t.unit) == ("competitive", 2017, "000000", "10^4 CNY")
    assert t.classification == "nbs_2017_2" and t.Z_imports is None and t.notes == ()
    assert np.allclose(t.row_gap(), 0) and np.allclose(t.column_gap(), 0)


def test_provenance(tmp_path):
    t = _read_quiet(_write(tmp_path, COMPETITIVE))
    p = t.provenance
    assert p.file == "cn_io_2017_2.csv" and p.reader == "nbs_io_csv" and len(p.sha256) == 64
    assert p.source == ("NBS national input-output table 2017 "
                        "(via ionet R package, Carol-seven/ionet @51145dc)")


def test_noncompetitive_blocks(tmp_path):
    t = _read_quiet(_write(tmp_path, NONCOMP, name="cn_io_2020_2_noncomp.csv"))
    assert t.kind == "noncompetitive" and t.classification == "nbs_2020_2_noncomp"
    assert t.Z.loc["02", "02"] == 40 and t.Z_imports.loc["02", "02"] == 4
    # TC is the finest consumption category here, so it is a component, not a subtotal
    assert list(t.final_demand.columns) == ["TC", "FU201", "FU202", "EX"]
    assert t.final_demand_imports.loc["02"].tolist() == [6, 5, 1, 1]
    assert t.imports["IM"].tolist() == [10, 20]
    assert t.output.tolist() == [100, 160]
    assert np.allclose(t.import_row_gap(), 0) and np.allclose(t.column_gap(), 0)


@pytest.mark.parametrize("name, year, expected", [
    ("cn_io_2017_2.csv", None, 2017),
    ("table.csv", 2015, 2015),
    ("cn_io_2017_2.csv", 2017, 2017),
])
def test_year(tmp_path, name, year, expected):
    assert _read_quiet(_write(tmp_path, COMPETITIVE, name=name), year=year).year == expected


def test_year_missing_is_unknown_and_conflicting_is_an_error(tmp_path):
    t = read_nbs_io(_write(tmp_path, COMPETITIVE, name="table.csv"))
    assert (t.year, t.region, t.unit, t.classification) == (None, None, "unknown", "unknown")
    assert "user table table.csv" in t.provenance.source and "NBS" not in t.provenance.source
    assert any("year not stated" in n for n in t.notes)
    with pytest.raises(InputError, match="year=2018 but the file states 2017"):
        read_nbs_io(_write(tmp_path, COMPETITIVE), year=2018)


def test_region_any_spelling(tmp_path):
    path = _write(tmp_path, COMPETITIVE)
    assert _read_quiet(path, region="辽宁省").region == "210000"
    with pytest.raises(UnknownLabelError, match="unknown region 'Atlantis'"):
        read_nbs_io(path, region="Atlantis")


# ---------------------------------------------------------------------------- subtotals
def test_subtotal_mismatch_raises_naming_the_check(tmp_path):
    path = _write(tmp_path, COMPETITIVE, edits={(1, "THC"): "25"})
    with pytest.raises(ValidationError, match=r"subtotal:THC fails.*at 01"):
        read_nbs_io(path)


def test_small_subtotal_mismatch_warns_and_is_noted(tmp_path):
    path = _write(tmp_path, COMPETITIVE, edits={(3, "GO"): "232"})  # TII row, GO cell: 2 in 230
    with pytest.warns(BalanceWarning, match=r"^cn_io_2017_2.csv: China 2017: "
                                            r"subtotal:TII row \(column totals\).*GO"):
        t = read_nbs_io(path)
    assert any(n.startswith("subtotal:TII row (column totals)") for n in t.notes)


@pytest.mark.parametrize("row, col, check", [
    (1, "TIU", "subtotal:TIU"), (3, "01", "subtotal:TII"), (8, "01", "subtotal:TVA"),
    (2, "TFU", "subtotal:TFU"), (2, "GCF", "subtotal:GCF"), (6, "TIU", r"subtotal:TIU column"),
])
def test_each_subtotal_is_checked(tmp_path, row, col, check):
    path = _write(tmp_path, COMPETITIVE, edits={(row, col): "999"})
    with pytest.raises(ValidationError, match=check):
        read_nbs_io(path)


def test_partial_subtotal_parts_is_a_layout_error(tmp_path):
    path = _write(tmp_path, COMPETITIVE, drop_cols=("FU102",))
    with pytest.raises(LayoutError, match=r"column THC and some but not all of its parts"):
        read_nbs_io(path)


# ---------------------------------------------------------------------------- bad input
def test_truncated_sector_block(tmp_path):
    path = _write(tmp_path, COMPETITIVE, drop_rows=range(2, 10))
    with pytest.raises(LayoutError, match=r"block has 1 rows but there are 2 sector columns; "
                                          r"rows 02\.\.02 are missing"):
        read_nbs_io(path)


def test_missing_total_row(tmp_path):
    path = _write(tmp_path, COMPETITIVE, drop_rows=(9,))
    with pytest.raises(LayoutError, match=r"missing row\(s\) \['TI'\]"):
        read_nbs_io(path)


def test_missing_go_column(tmp_path):
    path = _write(tmp_path, COMPETITIVE, drop_cols=("GO",))
    with pytest.raises(LayoutError) as err:
        read_nbs_io(path)
    assert err.value.field == "GO"
    assert str(err.value).startswith(
        "cn_io_2017_2.csv: row line 1: field GO: missing column(s) ['GO']")


def test_non_numeric_cell_is_named(tmp_path):
    path = _write(tmp_path, COMPETITIVE, edits={(2, "01"): "3O"})
    with pytest.raises(LayoutError) as err:
        read_nbs_io(path)
    assert str(err.value) == ("cn_io_2017_2.csv: row 02 (line 3): field 01: non-numeric cell '3O' "
                              "(expected a finite number)")


def test_empty_cell_raises_or_reads_as_zero_with_warning(tmp_path):
    path = _write(tmp_path, COMPETITIVE, edits={(1, "ERR"): ""})
    with pytest.raises(LayoutError, match=r"row 01 \(line 2\): field ERR: empty cell"):
        read_nbs_io(path, blank_as_zero=False)
    with pytest.warns(DataQualityWarning,
                      match=r"1 blank cell\(s\) read as 0.*01 \(line 2\) x ERR"):
        t = read_nbs_io(path)
    assert t.other["01"] == 0 and "blank cell" in t.notes[0]


def test_duplicate_sector_code(tmp_path):
    path = _write(tmp_path, COMPETITIVE, edits={(2, "Code"): "01"})
    with pytest.raises(LayoutError, match=r"duplicate domestic sector code '01' on lines \[2, 3\]"):
        read_nbs_io(path)


def test_duplicate_column(tmp_path):
    path = _write(tmp_path, COMPETITIVE, edits={(0, "FU202"): "FU201"})
    with pytest.raises(LayoutError, match=r"duplicate column names \['FU201'\]"):
        read_nbs_io(path)


@pytest.mark.parametrize("edit, message", [
    ({(1, "Code"): "X1"}, r"row X1 \(line 2\): field Code: unexpected row label 'X1'"),
    ({(0, "ERR"): "MISC"}, r"field MISC: unknown column\(s\) \['MISC'\]"),
])
def test_unknown_labels(tmp_path, edit, message):
    with pytest.raises(LayoutError, match=message):
        read_nbs_io(_write(tmp_path, COMPETITIVE, edits=edit))


FINAL_COLUMNS = ("FU101", "FU102", "THC", "FU103", "TC", "FU201", "FU202", "GCF", "EX", "TFU",
                 "IM", "ERR")


@pytest.mark.parametrize("change, message", [
    ({"edits": {(2, "02"): "nan"}}, r"row 02 \(line 3\): field 02: non-numeric cell 'nan'"),
    ({"drop_cols": FINAL_COLUMNS}, r"no final-use column"),
    ({"drop_cols": ("01", "02")}, r"no sector columns"),
    ({"edits": {(2, "Code"): "03"}}, (r"domestic sector rows do not match the sector columns "
                                     r"\(rows without column: \['03'\], columns without row: "
                                     r"\['02'\]\)")),
    ({"edits": {(8, "Code"): "TI"}}, (r"row TI \(line 10\): field Code: duplicate row 'TI' "
                                     r"on lines \[9, 10\]")),
])
def test_more_layout_errors(tmp_path, change, message):
    with pytest.raises(LayoutError, match=message):
        read_nbs_io(_write(tmp_path, COMPETITIVE, **change))


def test_binary_file_is_a_layout_error(tmp_path):
    path = tmp_path / "cn_io_2017_9.csv"
    path.write_bytes(b"\xff\xfe\x00C\x00o\x00d\x00e\x00\n\x00\x81\x82")
    with pytest.raises(LayoutError, match="cn_io_2017_9.csv: file is UTF-16 text"):
        read_nbs_io(path)


def test_empty_and_header_only_and_ragged_files(tmp_path):
    empty = tmp_path / "cn_io_2017_0.csv"
    empty.write_text("")
    with pytest.raises(LayoutError, match="file is empty"):
        read_nbs_io(empty)
    header = tmp_path / "cn_io_2017_1.csv"
    header.write_text(COMPETITIVE.split("\n")[0] + "\n")
    with pytest.raises(LayoutError, match="header but no rows"):
        read_nbs_io(header)
    ragged = tmp_path / "cn_io_2017_3.csv"
    ragged.write_text(COMPETITIVE[: COMPETITIVE.index("\n02,") + 12])  # cut inside line 3
    with pytest.raises(LayoutError, match=r"row line 3: line has 2 fields but the header has 19"):
        read_nbs_io(ragged)
    with pytest.raises(InputError, match="file not found"):
        read_nbs_io(tmp_path / "nothing.csv")


def test_panel_csv_is_not_an_io_table(tmp_path):
    panel = tmp_path / "panel_2017.csv"
    panel.write_text("region,year,indicator,unit,value\n210000,2017,gdp,10^8 CNY,23409.2\n")
    with pytest.raises(LayoutError, match=r"missing column\(s\) \['Code', 'Description', "
                                          r"'DescriptionInChinese', 'TIU', 'GO'\]"):
        read_nbs_io(panel)


def test_noncompetitive_layout_errors(tmp_path):
    bad_origin = _write(tmp_path, NONCOMP, edits={(3, "Origin"): "Foreign"})
    with pytest.raises(LayoutError,
                       match=r"row 01 \(line 4\): field Origin: unknown Origin 'Foreign'"):
        read_nbs_io(bad_origin)
    short = _write(tmp_path, NONCOMP, drop_rows=(4,))
    with pytest.raises(LayoutError, match="imports sector block has 1 rows"):
        read_nbs_io(short)
    with_im = _write(tmp_path, NONCOMP, edits={(0, "FU202"): "IM"})
    with pytest.raises(LayoutError, match=r"columns \['IM'\] in a non-competitive table"):
        read_nbs_io(with_im)


# ---------------------------------------------------------------------------- real data
FILES = {
    # file: (sectors, kind, total value added in 10^8 CNY per PROVENANCE.md)
    "cn_io_2002_122.csv": (122, "competitive", 121_859),
    "cn_io_2005_42.csv": (42, "competitive", 186_256),
    "cn_io_2007_135.csv": (135, "competitive", 266_044),
    "cn_io_2010_41.csv": (41, "competitive", 403_649),
    "cn_io_2012_139.csv": (139, "competitive", 536_800),
    "cn_io_2015_42.csv": (42, "competitive", 680_254),
    "cn_io_2017_149.csv": (149, "competitive", 823_216),
    "cn_io_2017_42_noncomp.csv": (42, "noncompetitive", 823_216),
    "cn_io_2018_153.csv": (153, "competitive", 922_057),
    "cn_io_2018_42_noncomp.csv": (42, "noncompetitive", 922_057),
    "cn_io_2020_42_noncomp.csv": (42, "noncompetitive", 1_016_422),
}


@pytest.fixture(scope="module")
def national(shared_data):
    """Every national table with the BalanceReport the reader produced (warnings are errors)."""
    reports = {}
    original = nbs.check_io_table

    def spy(table, **kw):
        report = original(table, **kw)
        reports[kw["where"].split(": ")[0]] = report
        return report

    nbs.check_io_table = spy
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tables = {f: read_nbs_io(shared_data / "cn_io_nbs" / f) for f in FILES}
    finally:
        nbs.check_io_table = original
    return tables, reports


def test_every_national_table_reads_balanced(national):
    tables, reports = national
    assert set(tables) == set(FILES) == {p for p in reports}
    worst = []
    for f, (n, kind, tva) in FILES.items():
        t, rep = tables[f], reports[f].table
        assert (t.n, t.kind, t.region, t.unit) == (n, kind, "000000", "10^4 CNY")
        assert (rep["status"] == "ok").all(), rep[rep["status"] != "ok"]
        assert abs(t.total_value_added().sum() / 1e4 - tva) <= 1  # 亿元, rounded in PROVENANCE
        bal = rep.set_index("check")
        checks = ("row_balance", "column_balance", "input_equals_output")
        worst.append((f, *(bal.loc[c, k] for c in checks for k in ("worst_abs", "worst_rel")),
                      rep.loc[rep["check"].str.startswith("subtotal"), "worst_rel"].max()))
    frame = pd.DataFrame(worst, columns=["file", "row_abs", "row_rel", "col_abs", "col_rel",
                                         "ti_go_abs", "ti_go_rel", "subtotal_rel"])
    print("\nworst gaps (abs in 10^4 CNY), national tables\n" + frame.to_string(index=False))
    assert frame[["row_rel", "col_rel", "ti_go_rel", "subtotal_rel"]].max().max() < 1e-6


def test_national_known_values(national):
    tables, _ = national
    imports = {f: tables[f].imports["IM"].sum() / 1e4 for f in FILES}
    assert imports["cn_io_2020_42_noncomp.csv"] == pytest.approx(162_659, abs=1)
    assert imports["cn_io_2017_42_noncomp.csv"] == pytest.approx(149_268, abs=1)
    assert imports["cn_io_2018_42_noncomp.csv"] == pytest.approx(168_634, abs=1)
    assert imports["cn_io_2017_149.csv"] == pytest.approx(imports["cn_io_2017_42_noncomp.csv"],
                                                          rel=1e-12)
    t17 = tables["cn_io_2017_149.csv"]
    assert t17.classification == "nbs_2017_149" and t17.codes[:2] == ["001", "002"]
    assert tables["cn_io_2017_42_noncomp.csv"].classification == "nbs_2017_42_noncomp"
    assert "废品废料" in tables["cn_io_2017_42_noncomp.csv"].sectors.loc["22", "name_cn"]
    assert tables["cn_io_2015_42.csv"].sectors.loc["23", "name_cn"] == "废品废料"
    assert list(tables["cn_io_2005_42.csv"].final_demand.columns) == [
        "FU101", "FU102", "FU103", "FU201", "FU202", "EX"]
    # 2002 sector 084 (scrap) has no intermediate input by NBS convention: kept, not an error
    assert tables["cn_io_2002_122.csv"].Z["084"].sum() == 0


def test_truncated_real_file(shared_data, tmp_path):
    src = shared_data / "cn_io_nbs" / "cn_io_2017_149.csv"
    head = tmp_path / "cn_io_2017_149.csv"
    head.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:20]),
                    encoding="utf-8")
    with pytest.raises(LayoutError, match=r"domestic sector block has 19 rows but there are 149 "
                                          r"sector columns; rows 020\.\.149 are missing"):
        read_nbs_io(head)


def test_real_panel_csv_is_rejected(shared_data):
    panel = shared_data / "cn_prov_energy_panel" / "cn_prov_energy_econ_panel_long.csv"
    with pytest.raises(LayoutError, match=r"missing column\(s\) \['Code'"):
        read_nbs_io(panel, year=2017)
