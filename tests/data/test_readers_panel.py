"""Panel readers: the six real panels of ../shared/data, generic long/wide fixtures, every error."""

from __future__ import annotations

import shutil
import warnings

import pytest

from revitalize.data.readers.panel import KNOWN_PANELS, UNKNOWN_UNIT, read_panel
from revitalize.errors import (
    DataQualityWarning,
    InputError,
    LayoutError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.model.panel import PANEL_COLUMNS, Panel

ENERGY = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"
ENERGY_RAW = "cn_prov_energy_panel/original/raw_data.csv"
RD = "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv"
CAPITAL = "cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv"
NBS = "cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv"
WDI = "cn_national_wdi_pwt/cn_national_wdi_pwt_1960_2025.csv"


def value(panel: Panel, region: str, year: int, indicator: str):
    d = panel.data
    row = d[(d["region"] == region) & (d["year"] == year) & (d["indicator"] == indicator)]
    assert len(row) == 1, (region, year, indicator)
    return row.iloc[0]


def write(tmp_path, text: str, name: str = "panel.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def quiet_read(path, **kw) -> Panel:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return read_panel(path, **kw)


# ------------------------------------------------------------------------------------ real data
@pytest.fixture(scope="module")
def energy(shared_data):
    with pytest.warns(DataQualityWarning, match=r"214 of 14293 values carry quality flags.*E=33"):
        return read_panel(shared_data / ENERGY)


def test_energy_long_values_flags_and_provenance(energy):
    assert list(energy.data.columns) == list(PANEL_COLUMNS)
    assert len(energy.data) == 14293 and len(energy.indicators) == 14
    jiangsu = value(energy, "320000", 2021, "gdp")
    assert jiangsu["flag"] == "E" and jiangsu["value"] == pytest.approx(21372.3)
    assert "do not use" in jiangsu["flag_note"]
    ne = energy.select(region=["辽宁", "Jilin", "230000"], indicator="population",
                       years=[2020]).data
    assert ne["value"].sum() == pytest.approx(9825, abs=1)
    assert value(energy, "210000", 2020, "energy_consumption")["value"] == pytest.approx(24849.5)
    assert set(energy.flag_legend) == set("EVJSBP")
    assert energy.unit_of("gdp") == "100 million yuan"
    prov = energy.provenance
    assert "WangMeng0734/china-provincial-energy-consumption-panel@b55589e" in prov.source
    assert prov.reader == "panel_long_csv" and len(prov.sha256) == 64
    assert any("cn_prov_energy_panel" in n for n in prov.notes)


def test_energy_raw_wide_matches_long(shared_data, energy):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)  # no flags, units from the dictionary
        raw = read_panel(shared_data / ENERGY_RAW)
    assert raw.provenance.reader == "panel_wide_csv"
    assert raw.unit_of("gdp") == "10^8 CNY" and raw.unit_of("population") == "10^4 persons"
    merged = energy.data.merge(raw.data, on=["region", "year", "indicator"], how="outer",
                               indicator=True)
    assert (merged["_merge"] == "both").all() and len(merged) == 14293
    assert (merged["value_x"] - merged["value_y"]).abs().max() == 0
    assert value(raw, "230000", 2020, "population")["region_cn"] == "黑龙江"  # source: 黑龙江
    assert (raw.data["flag"] == "").all()


def test_energy_raw_without_dictionary_needs_unit(shared_data, tmp_path):
    copy = tmp_path / "raw_data.csv"
    shutil.copyfile(shared_data / ENERGY_RAW, copy)
    with pytest.warns(DataQualityWarning, match="no unit stated"):
        panel = read_panel(copy)
    assert panel.unit_of("gdp") == UNKNOWN_UNIT
    units = {"Regional GDP": "10^8 CNY"}
    with pytest.warns(DataQualityWarning, match="no unit stated for .*Population"):
        panel = read_panel(copy, unit=units)
    assert panel.unit_of("gdp") == "10^8 CNY"


def test_rd_fiscal(shared_data):
    rd = read_panel(shared_data / RD)
    assert value(rd, "210000", 2020, "rd_intensity_pct_gdp")["value"] == pytest.approx(2.19)
    assert value(rd, "000000", 2023, "rd_expenditure")["value"] == pytest.approx(33357.1)
    assert value(rd, "000000", 2020, "rd_intensity_pct_gdp")["value"] == pytest.approx(2.40)
    assert rd.unit_of("rd_intensity_pct_gdp") == "%" and rd.unit_of("rd_expenditure") == "亿元"
    assert len(rd.data) == 8380 and len(rd.regions) == 32
    assert "huhuaping/techme@9ad60a1" in rd.provenance.source


def test_capital_inputs_estimated_rows_flagged(shared_data):
    with pytest.warns(DataQualityWarning, match="310 of 6335 values carry quality flags: X=310"):
        cap = read_panel(shared_data / CAPITAL)
    assert set(cap.indicators) == {"gfcf_current_100m_yuan", "gfcf_volume_index_source",
                                   "investment_price_index_1952eq1",
                                   "depreciation_current_100m_yuan"}
    assert cap.unit_of("gfcf_current_100m_yuan") == "100 million yuan, current prices"
    assert cap.unit_of("investment_price_index_1952eq1") == "index, 1952 = 1"
    before = value(cap, "210000", 2017, "gfcf_current_100m_yuan")
    after = value(cap, "210000", 2018, "gfcf_current_100m_yuan")
    assert before["value"] == pytest.approx(9639.03) and before["flag"] == ""
    assert after["flag"] == "X" and "estimated" in cap.flag_legend["X"]
    assert value(cap, "350000", 1968, "gfcf_current_100m_yuan")["value"] == pytest.approx(-1.06)
    assert "common2016/CapitalStock@35640d3" in cap.provenance.source


def test_national_nbs_long(shared_data):
    nbs = read_panel(shared_data / NBS)
    assert nbs.regions == ["000000"] and len(nbs.indicators) == 84
    assert value(nbs, "000000", 2014, "国内生产总值")["value"] == pytest.approx(635910, rel=1e-4)
    assert value(nbs, "000000", 2014, "年末总人口")["value"] == pytest.approx(136782)
    assert nbs.unit_of("年末总人口") == "万人 (10,000 persons)"
    assert "yiyuezhuo/National-Data@60fd721" in nbs.provenance.source


def test_national_wdi_pwt(shared_data):
    wdi = read_panel(shared_data / WDI)
    assert wdi.regions == ["000000"] and len(wdi.indicators) == 16
    assert value(wdi, "000000", 2020, "population_total")["value"] == pytest.approx(1411.1e6,
                                                                                     rel=1e-3)
    assert value(wdi, "000000", 2020, "gdp_current_usd")["value"] == pytest.approx(14.69e12,
                                                                                    rel=1e-3)
    assert wdi.unit_of("pwt_rkna_index_2017eq1") == "index, 2017 = 1"
    assert wdi.unit_of("population_total") == "persons"
    assert 2025 in wdi.years and "fernando-duarte/china-data@141da9a" in wdi.provenance.source


def test_known_dataset_recognised_by_header_not_name(tmp_path):
    path = write(tmp_path, "province_code,province_cn,province_en,year,indicator,indicator_cn,"
                 "unit,value,source_table,var_code\n210000,辽宁,Liaoning,2020,rd_intensity_pct_gdp,"
                 "RD强度,%,2.19,RDIntense,v4\n", name="anything.csv")
    panel = read_panel(path)
    assert "huhuaping/techme" in panel.provenance.source
    assert [k.name for k in KNOWN_PANELS][:1] == ["cn_prov_energy_panel"]


# ------------------------------------------------------------------------------------ generic
LONG = """region,year,indicator,unit,value,flag
辽宁,2019,gdp,亿元,24909.5,
Liaoning,2020,gdp,亿元,25115.0,V
210000,2021,gdp,亿元,27584.1,
吉林省,2020,gdp,亿元,12311.3,
黑龙江,2020,gdp,亿元,,
"""


def test_generic_long_normalises_regions_and_counts_flags(tmp_path):
    with pytest.warns(DataQualityWarning, match=r"1 of 4 values carry quality flags: V=1 "
                                                r"\(not in the legend\)"):
        panel = read_panel(write(tmp_path, LONG))
    assert panel.regions == ["210000", "220000"]
    assert panel.years == [2019, 2020, 2021]
    assert value(panel, "210000", 2020, "gdp")["flag"] == "V"
    assert panel.provenance.reader == "panel_long_csv"
    assert "generic" in panel.provenance.source
    assert any("1 empty/NA cells skipped" in n for n in panel.provenance.notes)
    only = quiet_read(write(tmp_path, LONG), indicator="gdp")
    assert only.indicators == ["gdp"]


def test_generic_long_units_from_argument_or_warning(tmp_path):
    path = write(tmp_path, "province,year,indicator,value\n辽宁,2020,gdp,25115\n")
    with pytest.warns(DataQualityWarning, match="no unit stated"):
        assert read_panel(path).unit_of("gdp") == UNKNOWN_UNIT
    assert read_panel(path, unit="亿元").unit_of("gdp") == "亿元"


def test_generic_wide_indicator_columns(tmp_path):
    path = write(tmp_path, "region,province_en,year,gdp,population\n"
                           "辽宁,Liaoning,2020,25115.0,4255\n吉林,Jilin,2020,12311.3,2399\n")
    panel = read_panel(path, unit={"gdp": "亿元", "population": "万人"})
    assert panel.provenance.reader == "panel_wide_csv"
    assert panel.indicators == ["gdp", "population"]
    assert panel.unit_of("population") == "万人"
    assert value(panel, "220000", 2020, "population")["value"] == 2399


def test_generic_wide_years_single_indicator(tmp_path):
    path = write(tmp_path, "region,2019,2020\n辽宁,24909.5,25115.0\nHeilongjiang,13612.7,\n")
    panel = read_panel(path, indicator="gdp", unit="亿元")
    assert panel.provenance.reader == "panel_wide_years_csv"
    assert panel.indicators == ["gdp"] and len(panel.data) == 3
    assert value(panel, "230000", 2019, "gdp")["value"] == pytest.approx(13612.7)
    with pytest.raises(InputError, match="pass indicator="):
        read_panel(path, unit="亿元")
    with pytest.raises(LayoutError, match="neither labels nor years"):
        read_panel(write(tmp_path, "region,2019,note\n辽宁,1,x\n"), layout="wide_years",
                   indicator="gdp", unit="亿元")


def test_region_and_year_column_overrides(tmp_path):
    path = write(tmp_path, "prov,yr,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n")
    panel = read_panel(path, region_col="prov", year_col="yr")
    assert value(panel, "210000", 2020, "gdp")["value"] == 1
    with pytest.raises(LayoutError, match="no region column"):
        read_panel(path, region_col="nope", year_col="yr", layout="long")
    with pytest.raises(LayoutError, match="no year column"):
        read_panel(path, region_col="prov", layout="wide")


def test_gbk_file_is_read_with_a_note(tmp_path):
    path = write(tmp_path, "地区,year,indicator,unit,value\n辽宁省,2020,gdp,亿元,25115\n",
                 encoding="gbk")
    panel = read_panel(path)
    assert value(panel, "210000", 2020, "gdp")["value"] == 25115
    assert panel.unit_of("gdp") == "亿元"
    assert any("GBK" in n for n in panel.provenance.notes)


# ------------------------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("text", "error", "pattern"),
    [
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\nAtlantis,2020,gdp,亿元,2\n",
         UnknownLabelError, r"panel.csv: row 3: field region: unknown region 'Atlantis'"),
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n辽宁,2021,gdp,亿元,1,2\n",
         InputError, r"row 3: .*record has 6 fields, the header has 5"),
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n辽宁,2021,gdp,亿元,1 234\n",
         InputError, r"row 3: field value: non-numeric value '1 234'"),
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,inf\n",
         InputError, r"row 2: field value: non-numeric value 'inf' \(expected a finite number"),
        ("region,year,gdp\n辽宁,2020,1\n辽宁,2021,n.a.\n",
         InputError, r"row 3: field gdp: non-numeric value 'n.a.'"),
        ("region,year,indicator,unit,value\n辽宁,2020年,gdp,亿元,1\n",
         InputError, r"row 2: field year: year '2020年' is not an integer"),
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\nLiaoning,2020,gdp,亿元,2\n",
         InputError, (r"row 3: field value: duplicate value for region 210000, year 2020, "
                     r"indicator 'gdp' on lines \[2, 3\]")),
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n辽宁,2021,gdp,万元,2\n",
         ValidationError, (r"row 3: field unit: indicator 'gdp' has mixed units: '亿元' \(line 2\), "
                          r"'万元' \(line 3\)")),
        ("region,year,value,value\n辽宁,2020,1,2\n", LayoutError, r"duplicate or unnamed columns"),
        ("region,year,indicator,unit,value\n", LayoutError, r"header but no data rows"),
        ("foo,bar\n1,2\n", LayoutError, (r"matches no panel layout; tried known datasets .*long "
                                        r"\(region, year, indicator, value\), wide")),
        ("region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,\n", InputError,
         r"no values in the file"),
    ],
)
def test_errors_name_file_row_and_field(tmp_path, text, error, pattern):
    with pytest.raises(error, match=pattern):
        quiet_read(write(tmp_path, text), unit=None)


def test_forced_layout_missing_columns(tmp_path):
    path = write(tmp_path, "region,year,gdp\n辽宁,2020,1\n")
    with pytest.raises(LayoutError, match=r"row 1: field header: missing columns \['indicator', "
                                          r"'value'\] for the long layout"):
        read_panel(path, layout="long", unit="亿元")
    with pytest.raises(InputError, match="unknown layout 'tall'"):
        read_panel(path, layout="tall")
    with pytest.raises(LayoutError, match="no value columns"):
        read_panel(write(tmp_path, "region,year,name\n辽宁,2020,x\n"), layout="wide")


def test_unit_argument_conflicts(tmp_path):
    long = write(tmp_path, "region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n")
    with pytest.raises(InputError, match="unit= given, but the file states units"):
        read_panel(long, unit="万元")
    wide = write(tmp_path, "region,year,gdp\n辽宁,2020,1\n", name="wide.csv")
    with pytest.raises(UnknownLabelError, match=r"unit= names columns \['GDP'\] not in the file"):
        read_panel(wide, unit={"GDP": "亿元"})
    wdi = write(tmp_path, "year,gdp_current_usd,pwt_hc_index\n2020,1,2\n", name="wdi.csv")
    with pytest.raises(InputError, match="this file states its own units"):
        read_panel(wdi, unit="US$")


def test_capital_estimated_flag_must_be_zero_or_one(tmp_path):
    path = write(tmp_path, "province_code,year,gfcf_current_100m_yuan,"
                           "investment_price_index_1952eq1,estimated_2018_2022\n"
                           "210000,2017,9639.03,15.5,0\n210000,2018,9995.7,16.1,yes\n")
    with pytest.raises(InputError, match=r"row 3: field estimated_2018_2022: .*\(expected 0 or 1\)"):
        read_panel(path)


def test_unknown_indicator_filter(tmp_path):
    with pytest.raises(UnknownLabelError, match="unknown indicator"):
        read_panel(write(tmp_path, "region,year,indicator,unit,value\n辽宁,2020,gdp,亿元,1\n"),
                   indicator="pop")
