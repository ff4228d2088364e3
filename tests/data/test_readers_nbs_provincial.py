"""Readers of the provincial statistics of issue 20 (NBS provincial tables, CEADs, transfers, cities).

Real-file cells cited by line of the shared CSVs (header = line 1).
"""

from __future__ import annotations

import pytest

from revitalize.data.readers.detect import read_any, sniff
from revitalize.data.readers.nbs_provincial import (
    ceads_indicator,
    detect_nbs_provincial,
    read_ceads_provincial,
    read_city_northeast,
    read_fiscal_transfers,
    read_nbs_provincial,
)
from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.model.panel import Panel

NBS_HEADER = "province_code,province_en,year,source_table,indicator_cn,unit,value\n"


def write(tmp_path, text, name="f.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------------------ synthetic files
def test_nbs_minimal_file_and_vintage_flag(tmp_path):
    p = write(tmp_path, NBS_HEADER + "210000,Liaoning,2017,gdp,地区生产总值,亿元,21693.0\n"
              "210000,Liaoning,2017,gdp_expenditure,支出法生产总值,亿元,23409.24\n"
              "220000,Jilin,2017,gdp,地区生产总值,亿元,\n")
    with pytest.warns(DataQualityWarning, match="V=1"):
        panel = read_nbs_provincial(p)
    assert isinstance(panel, Panel)
    d = panel.data.set_index("indicator")
    assert d.loc["支出法生产总值", "flag"] == "V" and d.loc["地区生产总值", "flag"] == ""
    assert d.loc["地区生产总值", "region_en"] == "Liaoning" and panel.unit_of("地区生产总值") == "亿元"
    assert any("1 empty/NA cells skipped" in n for n in panel.provenance.notes)


def test_nbs_split_header_is_rejoined_and_noted(tmp_path):
    p = write(tmp_path, NBS_HEADER + "210000,Liaoning,2017,fiscal_revenue,地方财政国有资源,"
              "资产)有偿使用收入(亿元,12.5\n")
    panel = read_nbs_provincial(p)
    assert panel.indicators == ["地方财政国有资源(资产)有偿使用收入"]
    assert panel.unit_of(panel.indicators[0]) == "亿元"
    assert any("re-joined" in n for n in panel.provenance.notes)


@pytest.mark.parametrize(("row", "field", "match"), [
    ("999999,Atlantis,2017,gdp,地区生产总值,亿元,1\n", "province_code", "unknown region"),
    ("210000,Liaoning,17,gdp,地区生产总值,亿元,1\n", "year", "not an integer"),
    ("210000,Liaoning,2017,gdp,地区生产总值,亿元,1;2\n", "value", "non-numeric"),
])
def test_nbs_bad_cells_name_file_line_and_field(tmp_path, row, field, match):
    p = write(tmp_path, NBS_HEADER + "210000,Liaoning,2016,gdp,地区生产总值,亿元,1\n" + row)
    with pytest.raises((InputError, UnknownLabelError), match=match) as exc:
        read_nbs_provincial(p)
    assert exc.value.row == 3 and exc.value.field == field and exc.value.file == "f.csv"


def test_nbs_duplicates_and_mixed_units_raise(tmp_path):
    dup = write(tmp_path, NBS_HEADER + "210000,Liaoning,2017,gdp,地区生产总值,亿元,1\n"
                "210000,Liaoning,2017,gdp,地区生产总值,亿元,2\n", "dup.csv")
    with pytest.raises(InputError, match="duplicate"):
        read_nbs_provincial(dup)
    mixed = write(tmp_path, NBS_HEADER + "210000,Liaoning,2017,gdp,地区生产总值,亿元,1\n"
                  "210000,Liaoning,2016,gdp,地区生产总值,万元,2\n", "mixed.csv")
    with pytest.raises(InputError, match="mixed units") as exc:
        read_nbs_provincial(mixed)
    assert exc.value.row == 3


def test_nbs_missing_column_and_unknown_indicator(tmp_path):
    p = write(tmp_path, "province_code,year,value\n210000,2017,1\n")
    with pytest.raises(LayoutError, match="missing columns"):
        read_nbs_provincial(p)
    ok = write(tmp_path, NBS_HEADER + "210000,Liaoning,2017,gdp,地区生产总值,亿元,1\n", "ok.csv")
    with pytest.raises(UnknownLabelError, match="GDP"):
        read_nbs_provincial(ok, indicator="GDP")


def test_detection_needs_the_exact_header():
    assert detect_nbs_provincial(NBS_HEADER.strip().split(",")) == "nbs_provincial"
    assert detect_nbs_provincial([*NBS_HEADER.strip().split(","), "var_code"]) is None
    assert detect_nbs_provincial("region,year,sector,indicator,unit,value".split(",")) \
        == "ceads_provincial"


def test_ceads_sector_in_indicator_and_variant(tmp_path):
    p = write(tmp_path, "region,year,sector,indicator,unit,value\n"
              "InnerMongolia,2017,Total,CO2 from CleanedCoal,Mt CO2,1.5\n"
              "Liaoning,2017,Construction,\"CO2 total (scope 1, fuels + process)\",Mt CO2,2\n")
    panel = read_ceads_provincial(p)
    assert set(panel.indicators) == {"CO2 from Cleaned Coal | Total",
                                     ceads_indicator("Construction")}
    assert set(panel.regions) == {"150000", "210000"}
    with pytest.raises(UnknownLabelError, match="sector"):
        read_ceads_provincial(p, sector="Steel")


def test_city_codes_checked(tmp_path):
    head = "city_code,city_name,province,year,indicator,unit,value,source\n"
    p = write(tmp_path, head + "2101,沈阳市,Liaoning,2010,population_census_resident,persons,1,x\n")
    with pytest.raises(InputError, match="city code") as exc:
        read_city_northeast(p)
    assert exc.value.row == 2


# ------------------------------------------------------------------------------ real files
@pytest.mark.parametrize("relpath", [
    "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv",
    "cn_prov_nbs_2000_2019/cn_prov_trade_totals_2016_2024_long.csv",
    "cn_prov_co2_ceads/cn_prov_co2_ceads_sectoral_long.csv",
    "cn_prov_fiscal_transfers_2014_2016/cn_prov_fiscal_transfers_2014_2016_long.csv",
    "cn_city_northeast/cn_city_northeast_long.csv",
])
def test_sniffed_as_nbs_provincial(shared_data, relpath):
    assert sniff(shared_data / relpath).reader == "nbs_provincial"


def _value(panel, region, year, indicator):
    d = panel.data
    return d.loc[(d["region"] == region) & (d["year"] == year)
                 & (d["indicator"] == indicator), "value"].item()


def test_real_nbs_cells(shared_data):
    path = shared_data / "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv"
    with pytest.warns(DataQualityWarning, match="V="):
        panel = read_any(path)
    assert len(panel.data) == 135815 and len(panel.regions) == 31
    # line 20750: 210000,Liaoning,2017,trade_by_firm_location,经营单位所在地进出口总额,千美元,99595084.0
    assert _value(panel, "210000", 2017, "经营单位所在地进出口总额") == 99595084.0
    assert panel.unit_of("经营单位所在地进出口总额") == "千美元"
    # line 37352: 220000,Jilin,2015,ind_soe,国有控股工业企业资产总计,亿元,9018.92
    assert _value(panel, "220000", 2015, "国有控股工业企业资产总计") == 9018.92
    # line 11270: 220000,Jilin,2017,gdp_expenditure,支出法生产总值,亿元,14944.53 (flag V)
    d = panel.data
    row = d[(d["region"] == "220000") & (d["year"] == 2017) & (d["indicator"] == "支出法生产总值")]
    assert row["value"].item() == 14944.53 and row["flag"].item() == "V"


def test_real_other_files(shared_data):
    ceads = read_ceads_provincial(shared_data / "cn_prov_co2_ceads/cn_prov_co2_ceads_sectoral_long.csv",
                                  sector="Total")
    assert _value(ceads, "210000", 2017, ceads_indicator()) == pytest.approx(496.8, abs=0.05)
    assert len(ceads.regions) == 30 and "540000" not in ceads.regions  # no Tibet
    fiscal = read_fiscal_transfers(
        shared_data / "cn_prov_fiscal_transfers_2014_2016/cn_prov_fiscal_transfers_2014_2016_long.csv")
    # line 322: 210000,Liaoning,辽宁省,2016,revenue_central_transfer,...,2125.24
    assert _value(fiscal, "210000", 2016, "revenue_central_transfer") == 2125.24
    cities = read_city_northeast(shared_data / "cn_city_northeast/cn_city_northeast_long.csv")
    # lines 21-22: Harbin 10,635,971 (2010) and 10,009,854 (2020)
    assert _value(cities, "230100", 2020, "population_census_resident") == 10009854.0
    census = cities.data[cities.data["indicator"] == "population_census_resident"]
    assert census["region"].nunique() == 41
