"""``indicators.capital_stock`` (the perpetual-inventory capital stock as a task): the same
answer through Python, the CLI and HTTP; ``prices_of`` checked by hand from the raw CSV of
``shared/data/cn_prov_capital_inputs``; the capital-output ratio against the efficiency inputs'
real GDP (one series, not a second one) and its aggregates as sum over sum."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.data.catalog import default_catalog
from revitalize.errors import InputError
from revitalize.tasks import run
from revitalize.tasks.indicators import CapitalStockRequest
from tests.tasks.doors import contract_tests

CSV = "cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv"
NE = ("210000", "220000", "230000")

CASES = [("indicators.capital_stock", {}),
         ("indicators.capital_stock", {"ratio_to_gdp": True, "regions": ["NE"],
                                       "first_year": 2015, "last_year": 2019}),
         ("indicators.capital_stock", {"prices_of": 1952, "initial": "harberger",
                                       "growth_years": 4, "regions": ["Liaoning"],
                                       "last_year": 1960})]
test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(
    CASES, ["indicators.capital_stock"])


@pytest.fixture(scope="module")
def ratio():
    return run(CapitalStockRequest(ratio_to_gdp=True), default_catalog())


def _by_hand(raw: pd.DataFrame, code: int) -> pd.Series:
    """``K_t = (1 - 0.096) K_{t-1} + I_t / P_t``, ``K_1952 = (I / P)_1952 / 0.10`` (Zhang, Wu
    & Zhang 2004), written out as a loop over the CSV's rows, 1952 prices."""
    rows = raw[raw["province_code"] == code].sort_values("year")
    k, out = None, {}
    for year, gfcf, price in zip(rows["year"], rows["gfcf_current_100m_yuan"],
                                 rows["investment_price_index_1952eq1"]):
        real = gfcf / price
        k = real / 0.10 if k is None else (1 - 0.096) * k + real
        out[int(year)] = k
    return pd.Series(out)


def test_prices_of_by_hand_from_the_raw_csv(shared_data):
    """K in 2000 prices = K in 1952 prices x the province's own index of 2000 (Liaoning's
    index level is read from the CSV); K_1952-prices(2000) = 708 as the PROVENANCE's check."""
    path = shared_data / CSV
    raw = pd.read_csv(path)
    hand = _by_hand(raw, 210000)
    p2000 = float(raw.loc[(raw["province_code"] == 210000) & (raw["year"] == 2000),
                          "investment_price_index_1952eq1"].iloc[0])
    cat = default_catalog()
    t2000 = run(CapitalStockRequest(source=str(path), regions=("Liaoning",)), cat).table
    t1952 = run(CapitalStockRequest(source=str(path), regions=("Liaoning",), prices_of=1952),
                cat).table
    k2000, k1952 = t2000.set_index("year")["capital_stock"], t1952.set_index("year")["capital_stock"]
    np.testing.assert_allclose(k1952.loc[hand.index], hand, rtol=1e-12)
    np.testing.assert_allclose(k2000.loc[hand.index], hand * p2000, rtol=1e-12)
    assert k1952.loc[2000] == pytest.approx(708, rel=0.005)
    assert k2000.loc[2000] == pytest.approx(708 * p2000, rel=0.005)


def test_prices_of_is_recorded_with_its_unit():
    cat = default_catalog()
    a = run(CapitalStockRequest(regions=("NE",), last_year=1990), cat)
    b = run(CapitalStockRequest(regions=("NE",), last_year=1990, prices_of=1952), cat)
    assert a.meta["conventions"]["prices_of"] == 2000
    assert a.meta["conventions"]["unit"] == "100 million yuan, constant 2000 prices"
    assert b.meta["conventions"]["prices_of"] == 1952
    assert "within-province" in b.meta["conventions"]["unit"]
    assert sorted(set(a.table["region"])) == list(NE) and a.table["year"].max() == 1990


def test_capital_output_ratio_in_2000_lies_in_1_to_4(ratio):
    y2000 = ratio.table[ratio.table["year"] == 2000].set_index("region")
    assert len(y2000) == 31 + 2  # every province, NE and the 31 provinces
    assert y2000["capital_output_ratio"].between(1, 4).all(), \
        y2000["capital_output_ratio"].sort_values()
    assert set(ratio.table["year"]) == set(range(2000, 2020))


def test_real_gdp_is_the_efficiency_inputs_series(ratio):
    from revitalize.errors import collect_warnings
    from revitalize.tasks.efficiency import DeaRequest, inputs_of

    with collect_warnings():  # the assembly's caveats, asserted in tests/efficiency
        inputs, _ = inputs_of(DeaRequest(), default_catalog())
    y = inputs.table.set_index(["region", "year"])["real_gdp"]
    t = ratio.table[~ratio.table["region"].isin(["NE", "000000"])]
    got = t.set_index(["region", "year"])["real_gdp"]
    pd.testing.assert_series_equal(got, y.loc[got.index], check_names=False)
    assert "efficiency inputs" in ratio.meta["conventions"]["real_gdp"]
    assert [d["field"] for d in ratio.meta["datasets"]] == ["gdp_source"]


def test_aggregates_are_sum_over_sum(ratio):
    t = ratio.table
    for code, members in (("NE", NE), ("000000", None)):
        part = t[~t["region"].isin(["NE", "000000"])] if members is None \
            else t[t["region"].isin(members)]
        k = part.groupby("year")["capital_stock"].sum()
        y = part.groupby("year")["real_gdp"].sum()
        agg = t[t["region"] == code].set_index("year")
        np.testing.assert_allclose(agg["capital_stock"], k.loc[agg.index], rtol=1e-12)
        np.testing.assert_allclose(agg["capital_output_ratio"], (k / y).loc[agg.index],
                                   rtol=1e-12)
    assert t[t["region"] == "000000"]["estimated"].tolist() == [False] * 18 + [True] * 2
    assert "GFCF 2018-2019 estimated" in ratio.meta["caveats"][0]


@pytest.mark.parametrize("fields, field", [
    ({"ratio_to_gdp": True, "prices_of": 1952}, "prices_of"),
    ({"first_year": 2010, "last_year": 2005}, "first_year"),
    ({"regions": ("Atlantis",)}, "regions"),
    ({"ratio_to_gdp": True, "first_year": 1960, "last_year": 1970}, "first_year"),
])
def test_bad_requests_name_their_field(fields, field):
    with pytest.raises(InputError) as info:
        run(CapitalStockRequest(**fields), default_catalog())
    assert info.value.field == field


def test_beijing_matches_the_peer_package(shared_data):
    """CHNCapitalStock's own test: ``CompK(prv = 'beijing', bt = 2000)`` K(2000) = 7066.979
    (common2016/CapitalStock tests/testthat/test-provinces.R; see reference/
    capital_stock_chncapitalstock.md). The package keeps the initial stock in 1952 money: the
    difference is 7.9 x (P_2000 - 1) x 0.904^48, to 0.001 (three printed decimals)."""
    raw = pd.read_csv(shared_data / CSV)
    bj = raw[raw["province_code"] == 110000].set_index("year")
    p2000 = float(bj.loc[2000, "investment_price_index_1952eq1"])
    k0 = float(bj.loc[1952, "gfcf_current_100m_yuan"]) / 0.10
    assert k0 == pytest.approx(7.9)  # the package's second assertion (bt = 1952)
    t = run(CapitalStockRequest(source=str(shared_data / CSV), regions=("Beijing",),
                                first_year=2000, last_year=2000), default_catalog()).table
    ours = float(t["capital_stock"].iloc[0])
    assert ours - k0 * (p2000 - 1) * (1 - 0.096) ** 48 == pytest.approx(7066.979, abs=1e-3)
