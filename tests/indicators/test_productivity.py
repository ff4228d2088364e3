"""Perpetual-inventory capital stock: recursion, assumptions named, the PROVENANCE check."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.productivity import capital_stock, pim_kernel
from revitalize.model.panel import Panel


def test_pim_recursion_by_hand():
    k = pim_kernel(np.array([10.0, 20.0, 30.0]), 0.1, 100.0)
    np.testing.assert_allclose(k, [100.0, 110.0, 129.0])


def _toy(years=(2000, 2001, 2002), gfcf=(10.0, 11.0, 12.1), price=(1.0, 1.0, 1.0)):
    rows = []
    for y, i, p in zip(years, gfcf, price):
        rows.append({"region": "210000", "year": y, "indicator": "gfcf_current_100m_yuan", "value": i})
        rows.append({"region": "210000", "year": y, "indicator": "investment_price_index_1952eq1", "value": p})
    d = pd.DataFrame(rows).assign(region_en="", region_cn="", unit="", flag="", flag_note="")
    return Panel(d)


def test_initial_rules_named():
    r = capital_stock(_toy(), initial="zhang2004")
    assert r.table["capital_stock"].iloc[0] == pytest.approx(100.0)
    h = capital_stock(_toy(), initial="harberger", growth_years=2, delta=0.05)
    assert h.table["capital_stock"].iloc[0] == pytest.approx(10.0 / (0.10 + 0.05))
    assert h.meta["conventions"]["initial"] == "harberger"
    with pytest.raises(InputError, match="delta"):
        capital_stock(_toy(), delta=1.5)
    with pytest.raises(InputError, match="gaps"):
        capital_stock(_toy(years=(2000, 2001, 2003)))
    with pytest.raises(UnknownLabelError, match="lacks"):
        capital_stock(Panel(_toy().data.replace({"gfcf_current_100m_yuan": "other"})))


def test_liaoning_matches_the_provenance_check(shared_data):
    """PROVENANCE of cn_prov_capital_inputs: delta = 0.096, K1952 = I1952 / 0.1 gives Liaoning
    125 (1978), 708 (2000), 6,037 (2017) 亿元 at 1952 prices."""
    from revitalize.data.readers import read_panel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = read_panel(shared_data / "cn_prov_capital_inputs" /
                           "cn_prov_gfcf_investment_price_1952_2022.csv")
    t = capital_stock(panel, regions=["Liaoning"]).table.set_index("year")
    for year, value in ((1978, 125), (2000, 708), (2017, 6037)):
        assert t.loc[year, "capital_stock"] == pytest.approx(value, rel=0.005)
    assert t.loc[2018, "estimated"] and not t.loc[2017, "estimated"]


def test_late_start_province_gets_the_harberger_stock():
    """A province whose series starts after the panel's first year (Chongqing, 1996) starts from
    Harberger's I_0 / (g + delta) by default, named in meta; ``late_start="same"`` applies the
    ``initial`` rule (I_0 / 0.10) as before."""
    early = _toy().data
    late = _toy(years=(2001, 2002), gfcf=(10.0, 11.0)).data.assign(region="500000")
    panel = Panel(pd.concat([early, late], ignore_index=True))
    r = capital_stock(panel, delta=0.05, growth_years=1)
    t = r.table.set_index(["region", "year"])["capital_stock"]
    assert t[("210000", 2000)] == pytest.approx(100.0)  # the early start keeps zhang2004
    assert t[("500000", 2001)] == pytest.approx(10.0 / (0.10 + 0.05))  # g = 11 / 10 - 1
    assert r.meta["conventions"]["late_start"] == "harberger (500000 from 2001)"
    same = capital_stock(panel, delta=0.05, late_start="same").table
    assert same.set_index(["region", "year"]).loc[("500000", 2001), "capital_stock"] == \
        pytest.approx(100.0)
    with pytest.raises(InputError, match="late_start"):
        capital_stock(panel, late_start="split")


def test_chongqing_late_start_on_the_real_data(shared_data):
    """Chongqing's 2000 stock in 2000 prices: I_1996 / 0.10 gave 4,041, about twice the source
    package's 2,144 (its split of Sichuan's 1995 stock, CHNCapitalStock test-provinces.R); the
    Harberger start lies between, nearer the package's."""
    from revitalize.data.catalog import Catalog

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = Catalog(mirror_dir=shared_data).panel("cn_prov_capital_inputs")
    k = {rule: capital_stock(panel, regions=["500000"], prices_of=2000, late_start=rule)
         .table.set_index("year").loc[2000, "capital_stock"] for rule in ("harberger", "same")}
    assert k["same"] == pytest.approx(4041.2, abs=0.1)
    assert 2143.6 < k["harberger"] < 0.7 * k["same"]
