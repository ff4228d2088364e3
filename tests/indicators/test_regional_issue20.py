"""State ownership, grain, transfers, growth, cities and carbon (issue 20 indicators).

Hand-computed cases cite lines of the shared CSVs (header = line 1); tolerance 1e-9 relative
unless said otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.carbon import co2_intensity
from revitalize.indicators.cities import city_population_change
from revitalize.indicators.food import grain_security
from revitalize.indicators.growth import aggregate_growth, growth_by_region
from revitalize.indicators.ownership import state_asset_share
from revitalize.indicators.regional import sum_members
from revitalize.indicators.transfers import central_transfers
from tests.indicators._issue20 import cell, panels


@given(st.lists(st.floats(0, 1e6), min_size=2, max_size=8))
def test_sum_members_partitions_add_up(values):
    arr = np.array([values])
    mask = np.arange(len(values)) % 2 == 0
    assert sum_members(arr, mask)[0] + sum_members(arr, ~mask)[0] == pytest.approx(arr.sum())


def test_sum_members_missing_is_missing():
    assert np.isnan(sum_members(np.array([[1.0, np.nan]]), np.array([True, True]))[0])


def test_state_asset_share_2015_by_hand(shared_data):
    res = state_asset_share(panels(shared_data)["nbs"])
    # ind_soe lines 37332, 37352, 37372; ind_above_scale lines 57096, 57116, 57136
    soe = 18658.15 + 9018.92 + 9453.65
    allv = 38573.04 + 17993.28 + 15407.96
    assert cell(res, "NE", 2015, "state_asset_share") == pytest.approx(100 * soe / allv, rel=1e-9)
    # document D004-024: national 38.8 % (reproduced to rounding)
    assert cell(res, "000000", 2015, "state_asset_share") == pytest.approx(38.8, abs=0.05)
    assert res.meta["conventions"]["reference"] == "000000"


def test_grain_2015_by_hand(shared_data):
    res = grain_security(panels(shared_data)["nbs"])
    # crop_output line 67779, population line 111388 (Heilongjiang 2015)
    assert cell(res, "230000", 2015, "grain_per_capita_kg") == pytest.approx(
        1000 * 7615.78064488813 / 3811.7, rel=1e-9)
    ne = 2186.60685420213 + 3974.09828240195 + 7615.78064488813
    assert cell(res, "NE", 2015, "grain_10kt") == pytest.approx(ne, rel=1e-9)
    # "more than one-fifth" (D002-016) holds in 2015
    assert cell(res, "NE", 2015, "share_of_national_grain") > 20


def test_transfers_by_hand_and_coverage(shared_data):
    p = panels(shared_data)
    res = central_transfers(p["fiscal"], p["nbs"])
    # fiscal line 322: Liaoning 2016 2125.24 (100 million yuan)
    assert cell(res, "210000", 2016, "transfers_100m_yuan") == 2125.24
    assert sorted(res.table["year"].unique()) == [2014, 2015, 2016]
    assert "cannot be reproduced" in res.meta["conventions"]["not_covered"]
    # PROVENANCE: Heilongjiang transfers / own revenue 2016 = 2.45
    assert cell(res, "230000", 2016, "transfers_to_own_revenue") == pytest.approx(2.45, abs=0.005)


def test_growth_kernel_and_northeast_2015_by_hand(shared_data):
    assert aggregate_growth(np.array([110.0, 100.0]), np.array([1.0, 1.0])) == pytest.approx(5)
    assert np.isnan(aggregate_growth(np.array([np.nan]), np.array([1.0])))
    res = growth_by_region(panels(shared_data)["nbs"])
    # gdp_index lines 8786, 8806, 8826 (2015); gdp lines 107, 127, 147 (2014)
    w = np.array([20025.7, 9966.5, 12170.8])
    g = np.array([102.8, 106.1, 105.4]) / 100 - 1
    assert cell(res, "NE", 2015, "real_growth_pct") == pytest.approx(100 * w @ g / w.sum(), rel=1e-9)
    claim = res.extra["claim"]
    assert claim.loc[2015, "claim_holds"] and res.meta["claim_years"] == len(claim)
    assert claim.loc[2012:2019, "claim_holds"].all()


def test_city_population_change(shared_data):
    res = city_population_change(panels(shared_data)["cities"])
    assert res.meta["n_cities"] == 41
    harbin = res.table.set_index("region").loc["230100"]
    assert harbin["change"] == 10009854.0 - 10635971.0  # lines 21-22
    groups = res.extra["groups"]
    # document D002-012: the Northeast lost 11.01 million between the censuses
    assert groups.loc["Northeast", "change"] / 1e6 == pytest.approx(-11.01, abs=0.005)
    assert res.table["rank"].min() == 1
    with pytest.raises(InputError, match="census years"):
        city_population_change(panels(shared_data)["cities"], start=2000)


def test_co2_intensity(shared_data):
    p = panels(shared_data)
    res = co2_intensity(p["ceads"], p["nbs"])
    # PROVENANCE: Liaoning CEADs 2017 = 496.8 Mt; gdp 2017 = 21,693.0 (100 million yuan)
    assert cell(res, "210000", 2017, "co2_intensity") == pytest.approx(100 * 496.832 / 21693.0,
                                                                        rel=1e-5)
    assert res.meta["conventions"]["nation_scope"].startswith("30 provinces")
    with pytest.raises(UnknownLabelError, match="lacks indicator"):
        co2_intensity(p["nbs"], p["nbs"])
