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
