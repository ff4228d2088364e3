"""Provincial inputs from ../shared/data and the Northeast application (real data; skipped
without the shared data, failing under CI=true)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.efficiency import (
    malmquist,
    malmquist_luenberger,
    productivity_summary,
    provincial_inputs,
)
from revitalize.efficiency.data import chain_real_series
from revitalize.errors import DataQualityWarning, InputError

NE = ["210000", "220000", "230000"]


def test_chain_real_series_by_hand():
    years = np.array([2000, 2001, 2002])
    out = chain_real_series(100.0, np.array([999.0, 110.0, 105.0]), years, 2001)
    np.testing.assert_allclose(out, [100 / 1.1, 100.0, 105.0])


@pytest.fixture(scope="module")
def inputs(shared_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return provincial_inputs(shared_data)


def test_panel_shape_and_caveats(inputs):
    t = inputs.table
    assert t["region"].nunique() == 31 and t["year"].min() == 2000 and t["year"].max() == 2019
    assert len(t) == 620
    # real GDP in 2000 prices equals the nominal 2000 level (base year)
    ln = t[(t["region"] == "210000") & (t["year"] == 2000)]["real_gdp"].iloc[0]
    assert ln == pytest.approx(4669.1, rel=1e-6)
    caveats = " | ".join(inputs.meta["caveats"])
    assert "no data for 540000" in caveats  # Tibet: no CEADs CO2, energy only 2017
    assert "not total employment" in caveats
    cov = inputs.extra["labour_coverage"]
    assert list(cov["year"]) == list(range(2008, 2015))
    assert 0.3 < cov["coverage"].min() < cov["coverage"].max() < 0.6
    assert t.loc[t["year"] <= 2017, "labour_share"].between(0.2, 0.8).all()
    assert t.loc[t["year"] >= 2018, "labour_share"].isna().all()


def test_capital_stock_in_the_prices_of_real_gdp(inputs, shared_data):
    """K and Y both in constant 2000 prices: K_2000 = K(1952 prices) x the province's own
    investment price index of 2000 (PROVENANCE of cn_prov_capital_inputs: Liaoning 708 in 1952
    prices, index 11.03 in 2000). In 1952 prices Liaoning's K/Y in 2000 would be 0.15 against
    Beijing's 1.5 -- the index levels are not comparable across provinces -- and put Liaoning on
    the DEA frontier; in 2000 prices every province's capital-output ratio lies in [1, 4]."""
    t = inputs.table.set_index(["region", "year"])
    assert t.loc[("210000", 2000), "capital_stock"] == pytest.approx(708.0 * 11.0297, rel=2e-3)
    ky = t.xs(2000, level="year").eval("capital_stock / real_gdp")
    assert ky.between(1.0, 4.0).all(), ky[~ky.between(1.0, 4.0)]
    assert "constant 2000 prices" in inputs.meta["conventions"]["capital"]
    # Chongqing's stock starts in 1996 from Harberger's rule, not `initial` (said, not silent)
    assert "late start harberger (500000 from 1996)" in inputs.meta["conventions"]["capital"]


def test_real_gdp_uses_one_vintage(inputs):
    """Jilin's implied deflator (nominal revised level / chained real) jumps, as the PROVENANCE
    warns; the real series itself grows exactly by the published index."""
    t = inputs.table[inputs.table["region"] == "220000"].set_index("year")["real_gdp"]
    assert t.loc[2011] / t.loc[2010] == pytest.approx(1.105, abs=1e-12)  # index 110.5
    d = inputs.extra["implied_deflator"]["220000"]
    assert d.loc[2010] / d.loc[2005] > 1.3


def test_northeast_malmquist_and_ml(inputs):
    t = inputs.table
    d30 = t[t["region"] != "540000"]
    kw = {"inputs": ["capital_stock", "energy"], "outputs": "real_gdp"}
    m = malmquist(d30, **kw)
    np.testing.assert_allclose(m.table["tfpch"], m.table["effch"] * m.table["techch"],
                               rtol=1e-12)
    s = productivity_summary(m, focus=NE).table
    assert len(s) == 30 and set(s.loc[NE, "diagnosis"]) <= {
        "technical change", "catching up", "ahead on both"}
    g = malmquist_luenberger(d30, **kw, undesirable="co2", reference="global")
    assert (g.table["infeasible"] == "").all()
    sg = productivity_summary(g, focus=NE).table
    assert sg["n_transitions"].eq(19).all()


def test_labour_choices(shared_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        user = pd.DataFrame({"region": ["Liaoning"] * 2, "year": [2000, 2001],
                             "labour": [2000.0, 2010.0]})
        r = provincial_inputs(shared_data, labour=user, first_year=2000, last_year=2001)
        t = r.table.set_index(["region", "year"])
        assert t.loc[("210000", 2001), "labour"] == 2010.0
        assert np.isnan(t.loc[("220000", 2001), "labour"])
        assert r.meta["conventions"]["labour"] == "user-supplied total employment"
        with pytest.raises(InputError, match="labour"):
            provincial_inputs(shared_data, labour="census")
        with pytest.raises(InputError, match="base_year"):
            provincial_inputs(shared_data, base_year=1990)
