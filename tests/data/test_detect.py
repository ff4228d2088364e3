"""Format auto-detection: which reader each file needs, and every refusal."""

from __future__ import annotations

import sys
import types

import pytest

from revitalize.data.readers.detect import READERS, decode_text, read_any, sniff
from revitalize.errors import BalanceWarning, InputError, LayoutError
from revitalize.model.panel import Panel

NBS_HEADER = "Code,Description,DescriptionInChinese,01,02,TIU,GO\n"
PROV_HEADER = "year,province_code,province_cn,province_en,row_code,row_name_cn,sec01,sec02,GO\n"
OECD_HEADER = "year,Code,Description,01,02,HFCE,EXPO,IMPO\n"


def write(tmp_path, data, name="file.csv"):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ------------------------------------------------------------------------------------ real files
@pytest.mark.parametrize(
    ("relpath", "reader"),
    [
        ("cn_io_nbs/cn_io_2017_42_noncomp.csv", "nbs_io"),
        ("cn_io_nbs/cn_io_2002_122.csv", "nbs_io"),
        ("cn_io_provincial/cn_prov_io_2017_42.csv", "provincial_io"),
        ("cn_io_oecd_2021ed/oecd_iot2021_chn_1995_2018.csv", "oecd_io"),
        ("cn_io_provincial/original_xls_northeast/2017_liaoning.xls", "io_workbook"),
        ("cn_io_provincial/original_xls_northeast/2002_jilin.xlsx", "io_workbook"),
        ("cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv", "panel"),
        ("cn_prov_energy_panel/original/raw_data.csv", "panel"),
        ("cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv", "panel"),
        ("cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv", "panel"),
        ("cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv", "panel"),
        ("cn_national_wdi_pwt/cn_national_wdi_pwt_1960_2025.csv", "panel"),
    ],
)
def test_sniff_real_files(shared_data, relpath, reader):
    assert sniff(shared_data / relpath).reader == reader


@pytest.mark.parametrize("relpath", ["cn_sector_employment/cn_employment_by_sector_1990_2018.csv"])
def test_real_files_without_a_reader_list_the_layouts_tried(shared_data, relpath):
    with pytest.raises(LayoutError, match=r"matches no layout; tried io_workbook .*nbs_io .*"
                                          r"provincial_io .*oecd_io .*panel: known datasets, long"):
        sniff(shared_data / relpath)


def test_read_any_panel_real(shared_data):
    panel = read_any(shared_data / "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv")
    assert isinstance(panel, Panel) and "000000" in panel.regions


def test_read_any_io_real(shared_data):
    pytest.importorskip("revitalize.data.readers.nbs")
    from revitalize.model.table import IOTable

    table = read_any(shared_data / "cn_io_nbs/cn_io_2017_42_noncomp.csv")
    assert isinstance(table, IOTable) and table.n == 42 and table.kind == "noncompetitive"


def test_read_any_oecd_real(shared_data):
    from revitalize.model.table import IOTable

    path = shared_data / "cn_io_oecd_2021ed/oecd_iot2021_chn_1995_2018.csv"
    with pytest.warns(BalanceWarning, match=r"China 2018: zero_output.*\['45'\]"):
        table = read_any(path, year=2018)
    assert isinstance(table, IOTable) and table.n == 45 and table.year == 2018
    assert table.classification == "oecd_iot2021_45" and table.unit == "10^6 USD"


# ------------------------------------------------------------------------------------ dispatch
@pytest.fixture()
def fake_io_readers(monkeypatch):
    """Stand-ins for the IO reader modules, imported lazily by their exact names."""
    calls = []
    for module, name in [("nbs", "read_nbs_io"), ("provincial", "read_provincial_io"),
                         ("oecd", "read_oecd_io"), ("workbook", "read_io_workbook")]:
        mod = types.ModuleType(f"revitalize.data.readers.{module}")
        setattr(mod, name, lambda path, _n=name, **kw: calls.append((_n, path.name, kw)) or _n)
        monkeypatch.setitem(sys.modules, mod.__name__, mod)
    return calls


def test_dispatch_by_content(tmp_path, fake_io_readers):
    nbs = write(tmp_path, NBS_HEADER + "01,Agri,农业,1,2,3,4\n", "table.txt")
    prov = write(tmp_path, PROV_HEADER + "2017,210000,辽宁,Liaoning,sec01,农业,1,2,3\n")
    oecd = write(tmp_path, OECD_HEADER + "2018,01,Agriculture,1,2,3,4,-5\n", "oecd.csv")
    xls = write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "book.dat")
    xlsx = write(tmp_path, b"PK\x03\x04" + b"\x14\x00[Content_Types].xml", "book.xlsx")
    assert read_any(nbs, year=2017) == "read_nbs_io"
    assert read_any(prov) == "read_provincial_io"
    assert read_any(oecd, year=2018) == "read_oecd_io"
    assert read_any(xls) == "read_io_workbook" and read_any(xlsx) == "read_io_workbook"
    assert fake_io_readers[0] == ("read_nbs_io", "table.txt", {"year": 2017})


def test_forced_reader(tmp_path, fake_io_readers):
    panel_file = write(tmp_path, "region,2019,2020\n辽宁,1,2\n")
    assert read_any(panel_file, reader="nbs_io") == "read_nbs_io"
    panel = read_any(panel_file, reader="panel_wide_years", indicator="gdp", unit="亿元")
    assert panel.provenance.reader == "panel_wide_years_csv" and len(panel.data) == 2
    with pytest.raises(LayoutError, match="no year column"):
        read_any(panel_file, reader="panel_long")
    with pytest.raises(InputError, match=r"unknown reader 'excel'.*expected one of"):
        read_any(panel_file, reader="excel")
    assert read_any(panel_file, reader="oecd_io") == "read_oecd_io"
    assert set(READERS) >= {"nbs_io", "provincial_io", "oecd_io", "io_workbook", "panel_long",
                            "panel_wide"}


# ------------------------------------------------------------------------------------ refusals
@pytest.mark.parametrize(
    ("data", "name", "pattern"),
    [
        (b"", "empty.csv", r"empty.csv: file is empty"),
        (b"  \n\n", "blank.csv", r"file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv", (r"binary file, not text \(expected "
                                                              r"CSV as UTF-8")),
        ("region,year\n".encode("utf-16"), "u16.csv", r"file is UTF-16 text"),
        (b"region,year,value\nCura\xe7ao,2020,1\n", "latin1.csv",
         (r"not UTF-8 text \(byte 0xe7 at offset 22\) and not GBK \(expected UTF-8 \(with or "
         r"without BOM\) or GBK text\)")),
        (b"region,year\n1,2\n", "fake.xlsx", r"named .xlsx but has no Excel signature"),
        (b"a,b\n1,2\n", "other.csv", (r"other.csv: row 1: field header: header \['a', 'b'\] "
                                     r"matches no layout; tried")),
    ],
)
def test_refusals_name_the_file(tmp_path, data, name, pattern):
    with pytest.raises(LayoutError, match=pattern):
        read_any(write(tmp_path, data, name))


def test_gbk_panel_is_read_with_a_note(tmp_path):
    path = write(tmp_path, "地区,年份,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n".encode("gbk"))
    text, note = decode_text(path)
    assert text.startswith("地区") and "GBK" in note
    panel = read_any(path)
    assert panel.regions == ["210000"] and any("GBK" in n for n in panel.provenance.notes)


def test_gbk_io_table_is_sniffed_with_a_note(tmp_path, fake_io_readers):
    """A GBK CSV saved by Excel on Chinese Windows is recognised and handed to the reader (which
    decodes it and records the encoding) instead of being refused."""
    path = write(tmp_path, (NBS_HEADER + "01,Agri,农林牧渔产品和服务,1,2,3,4\n").encode("gbk"))
    assert sniff(path).reader == "nbs_io" and "GBK" in sniff(path).note
    read_any(path)
    assert fake_io_readers and fake_io_readers[0][0] == "read_nbs_io"


def test_utf8_bom_is_fine(tmp_path):
    path = write(tmp_path, "\ufeffregion,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n")
    assert decode_text(path)[1] is None
    assert read_any(path).unit_of("gdp") == "亿元"
