"""Customs foreign-trade dependence, national shares and growth (indicators/trade.py).

Hand-computed cases cite lines of ../shared/data/cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv
(header = line 1) and cn_national_nbs_1978_2014_long.csv. Tolerance 1e-9 relative.
"""

from __future__ import annotations

import numpy as np
import pytest

from revitalize.errors import InputError
from revitalize.indicators.trade import (
    YEARBOOK_RATES,
    compound_growth,
    exchange_rates,
    foreign_trade_dependence,
    trade_dependence,
    trade_totals,
)
from tests.indicators._issue20 import cell, panels


def test_kernel_units():
    # 1,000,000 thousand US$ = US$ 1 bn at 7 yuan = 70 (100 million yuan); GDP 700 -> 10 %
    assert trade_dependence(np.array([1e6]), np.array([7.0]), np.array([700.0]))[0] == pytest.approx(10)
    assert compound_growth(np.array([100.0]), np.array([121.0]), 2)[0] == pytest.approx(10)


def test_rates_without_national_are_the_yearbook_table():
    r = exchange_rates()
    assert list(r.index) == sorted(YEARBOOK_RATES) and r.loc[2017, "rate"] == 6.7518


def test_northeast_2003_first_release_by_hand(shared_data):
    p = panels(shared_data)
    res = foreign_trade_dependence(p["nbs"], national=p["national"], gdp_vintage="first_release")
    # trade lines 20764, 20784, 20804; GDP (支出法) lines 11266, 11284, 11302; rate line 93: 827.7
    trade = 26509170.0 + 6148410.0 + 5329400.0
    gdp = 6002.54 + 2598.74 + 4057.4
    expected = 100 * trade * 8.277 * 1e3 / (gdp * 1e8)
    assert cell(res, "NE", 2003, "foreign_trade_dependence") == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(24.7, abs=0.15)  # document D004-006: 24.7 %
    conv = res.meta["conventions"]
    assert conv["gdp_vintage"] == "first_release" and len(conv["exchange_rate"]) == 2
    # revised GDP (lines 118, 138, 158) gives a higher ratio
    revised = foreign_trade_dependence(p["nbs"], national=p["national"])
    gdp_rev = 5906.3 + 2141.0 + 3609.7
    assert cell(revised, "NE", 2003, "foreign_trade_dependence") == pytest.approx(
        100 * trade * 8.277 * 1e3 / (gdp_rev * 1e8), rel=1e-9)


def test_macro_region_shares_sum_to_100(shared_data):
    p = panels(shared_data)
    res = foreign_trade_dependence(p["nbs"], national=p["national"],
                                   regions=("NE", "EAST", "CENTRAL", "WEST"))
    total = res.table.groupby("year")["share_of_national_trade"].sum()
    assert np.allclose(total, 100)


def test_totals_to_2024_and_growth(shared_data):
    p = panels(shared_data)
    res = trade_totals(p["nbs"], extension=p["ext"], regions=("NE", "CENTRAL+WEST"))
    assert res.table["year"].max() == 2024
    ne = res.table[res.table["region"] == "NE"].set_index("year")
    assert ne.loc[2015, "share_of_national_trade"] == pytest.approx(3.44, abs=0.01)
    start = 26509170.0 + 6148410.0 + 5329400.0
    assert res.extra["compound_growth"]["NE"] == pytest.approx(
        100 * ((ne.loc[2015, "trade_kusd"] / start) ** (1 / 12) - 1))


def test_bad_options_raise(shared_data):
    p = panels(shared_data)
    with pytest.raises(InputError, match="gdp_vintage"):
        foreign_trade_dependence(p["nbs"], gdp_vintage="old")
    with pytest.raises(InputError, match="trade_basis"):
        trade_totals(p["nbs"], trade_basis="fob")
    with pytest.raises(InputError, match="growth period"):
        trade_totals(p["nbs"], growth_start=1990)
