"""FDI relative to GDP: NBS actually utilised FDI (converted with the NBS USD rate) beside WDI
BoP net inflows, reproducing the PROVENANCE checks of cn_national_nbs_1978_2014."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.fdi import (
    NBS_FDI,
    NBS_GDP,
    NBS_USD_RATE,
    fdi_share_of_gdp,
    fdi_to_gdp_kernel,
    northeast_fdi_facts,
)
from revitalize.model.panel import Panel

UNITS = {NBS_FDI: "万美元 (10,000 US$)", NBS_USD_RATE: "yuan per 100 units of foreign currency",
         NBS_GDP: "亿元 (100 million yuan)"}


def _panel(values: dict[str, dict[int, float]], units=UNITS) -> Panel:
    rows = [{"region": "000000", "region_en": "China", "region_cn": "全国", "year": y,
             "indicator": ind, "unit": units[ind], "value": v, "flag": "", "flag_note": ""}
            for ind, by_year in values.items() for y, v in by_year.items()]
    return Panel(pd.DataFrame(rows))


def _read(path):
    from revitalize.data.readers import read_panel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_panel(path)


@pytest.fixture(scope="module")
def nbs(shared_data):
    return _read(shared_data / "cn_national_nbs_1978_2014" / "cn_national_nbs_1978_2014_long.csv")


@pytest.fixture(scope="module")
def wdi(shared_data):
    return _read(shared_data / "cn_national_wdi_pwt" / "cn_national_wdi_pwt_1960_2025.csv")


def test_kernel_converts_10k_usd_at_the_rate_per_100():
    # 10,000 x 10^4 US$ = 10^8 US$ at 700 yuan per 100 US$ = 7 x 10^8 yuan; GDP 700 x 10^8 -> 1 %
    assert fdi_to_gdp_kernel(np.array([1e4]), np.array([700.0]), np.array([700.0])) == \
        pytest.approx([1.0])


def test_reproduces_provenance_fdi_to_gdp(nbs, wdi):
    """PROVENANCE: 'FDI actually utilised: US$3.49 bn (1990), 40.7 bn (2000), 105.7 bn (2010),
    119.6 bn (2014); FDI/GDP 5.1% in 1995 falling to 1.15% in 2014' (tol: half the last digit)."""
    t = fdi_share_of_gdp(nbs, wdi).table
    assert t.loc[1995, "fdi_utilised_pct_gdp"] == pytest.approx(5.1, abs=0.05)
    assert t.loc[2014, "fdi_utilised_pct_gdp"] == pytest.approx(1.15, abs=0.005)
    assert t.loc[[1990, 2000, 2010, 2014], "fdi_utilised_bn_usd"].to_numpy() == \
        pytest.approx([3.49, 40.7, 105.7, 119.6], abs=0.05)
    # WDI BoP net inflows beside, as read; the two concepts differ (2014: 1.15 vs 2.56 %)
    assert t.loc[2014, "wdi_net_inflows_pct_gdp"] == pytest.approx(2.56)
    assert t.loc[2014, "difference_pp"] == pytest.approx(t.loc[2014, "fdi_utilised_pct_gdp"] - 2.56)
    assert t.loc[2014, "wdi_net_inflows_bn_usd"] > 2 * t.loc[2014, "fdi_utilised_bn_usd"]


def test_no_conversion_without_a_rate_and_concepts_named(nbs, wdi):
    res = fdi_share_of_gdp(nbs, wdi)
    t = res.table
    assert np.isnan(t.loc[1983, "fdi_utilised_pct_gdp"]) and "exchange rate" in t.loc[1983, "note"]
    assert "1985-2014" in t.loc[1984, "note"]
    assert "NBS series 1983-2014" in t.loc[2020, "note"] and t.loc[2020, "wdi_net_inflows_pct_gdp"] == 1.72
    conv = res.meta["conventions"]
    assert "人民币对美元汇率(美元=100)" in conv["conversion"] and "/ 100" in conv["conversion"]
    assert "actually utilised" in conv["concept_nbs"] and "net inflows" in conv["concept_wdi"]
    assert len(res.meta["provenance"]) == 2


def test_northeast_facts_beside_with_the_implied_national_total(nbs, wdi):
    """Fact base D001-005/006: 'USD 3.6 billion in 2020, ... only 2.5% of the national total'
    -> national 144 bn (139.2-149.0 from rounding); the data have no 2020 NBS value, WDI's BoP
    net inflow (252.6 bn) is a different concept."""
    f = fdi_share_of_gdp(nbs, wdi).extra["facts"].set_index("item")
    assert f.loc["fdi_inflow", "value"] == 3.6 and f.loc["fdi_share_of_national", "value"] == 2.5
    assert "provincial FDI is not in the data" in f.loc["fdi_inflow", "note"]
    imp = f.loc["implied_national_fdi_utilised"]
    assert imp["value"] == pytest.approx(144.0)
    assert (imp["low"], imp["high"]) == pytest.approx((3.55 / 0.0255, 3.65 / 0.0245))
    assert np.isnan(f.loc["national_fdi_utilised_nbs", "value"])
    assert "ends 2014" in f.loc["national_fdi_utilised_nbs", "note"]
    assert f.loc["national_fdi_net_inflows_wdi", "value"] == pytest.approx(252.6, abs=0.05)
    assert "different concept" in f.loc["national_fdi_net_inflows_wdi", "note"]
    assert len(northeast_fdi_facts()) == 3  # without data: the two facts and the implied total


def test_nbs_only_and_years():
    p = _panel({NBS_FDI: {1995: 3752100.0, 1996: 4172600.0}, NBS_USD_RATE: {1995: 835.10},
                NBS_GDP: {1995: 61129.795851, 1996: 71572.3}})
    res = fdi_share_of_gdp(p, years=[1995, 1996])
    assert res.table.loc[1995, "fdi_utilised_pct_gdp"] == pytest.approx(5.12578, abs=1e-5)
    assert np.isnan(res.table.loc[1996, "fdi_utilised_pct_gdp"])
    assert "wdi_net_inflows_pct_gdp" not in res.table.columns
    assert res.meta["conventions"]["concept_wdi"] is None is res.meta["conventions"]["difference_pp"]
    with pytest.raises(InputError, match="no FDI values"):
        fdi_share_of_gdp(p, years=[2020])


def test_errors_name_the_series_and_unit():
    missing = _panel({NBS_FDI: {1995: 1.0}, NBS_GDP: {1995: 1.0}})
    with pytest.raises(UnknownLabelError, match="人民币对美元汇率"):
        fdi_share_of_gdp(missing)
    wrong = _panel({NBS_FDI: {1995: 1.0}, NBS_USD_RATE: {1995: 8.0}, NBS_GDP: {1995: 1.0}},
                   units={**UNITS, NBS_USD_RATE: "yuan per US$"})
    with pytest.raises(InputError, match="per 100"):
        fdi_share_of_gdp(wrong)


def test_a_wdi_panel_is_not_the_nbs_panel(wdi):
    with pytest.raises(UnknownLabelError, match="实际利用外商直接投资金额"):
        fdi_share_of_gdp(wdi)
