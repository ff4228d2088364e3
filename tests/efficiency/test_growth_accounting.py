"""Growth accounting: a hand-computed Törnqvist example, the additive identity, error paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.efficiency.growth_accounting import growth_accounting, growth_accounting_kernel
from revitalize.errors import InputError, UnknownLabelError


def _frame():
    return pd.DataFrame({"region": ["R"] * 3, "year": [2000, 2001, 2002],
                         "real_gdp": [100.0, 110.0, 121.0], "capital_stock": [200.0, 220.0, 242.0],
                         "labour": [50.0, 50.0, 55.0], "labour_share": [0.4, 0.6, 0.5]})


def test_hand_computed_tornqvist():
    """2001: g_Y = g_K = ln 1.1, g_L = 0, s_bar = 0.5 -> TFP = ln1.1 - 0.5 ln1.1 = 0.5 ln 1.1;
    2002: s_bar = 0.55, g_L = ln 1.1 -> TFP = ln1.1 (1 - 0.45 - 0.55) = 0 (by hand, 1e-12)."""
    t = growth_accounting(_frame()).table
    l11 = np.log(1.1)
    np.testing.assert_allclose(t["tfp_growth"], [0.5 * l11, 0.0], atol=1e-12)
    np.testing.assert_allclose(t["labour_share_mean"], [0.5, 0.55])
    by = growth_accounting(_frame()).extra["by_region"]
    assert by.loc["R", "tfp_share_of_growth"] == pytest.approx(0.25)
    assert by.loc["R", "first_year"] == 2000


def test_constant_share_is_named():
    r = growth_accounting(_frame(), labour_share=0.5)
    assert r.meta["conventions"]["labour_share"] == "constant 0.5"
    np.testing.assert_allclose(r.table["labour_share_mean"], 0.5)


@settings(max_examples=30, deadline=None)
@given(arrays(float, (3, 6), elements=st.floats(1, 1e4)),
       arrays(float, 6, elements=st.floats(0.05, 0.95)))
def test_property_contributions_sum_to_output_growth(levels, share):
    k = growth_accounting_kernel(levels[0], levels[1], levels[2], share)
    np.testing.assert_allclose(k["contribution_capital"] + k["contribution_labour"]
                               + k["tfp_growth"], k["g_output"], atol=1e-12)


def test_errors():
    f = _frame()
    with pytest.raises(UnknownLabelError, match="employment"):
        growth_accounting(f, labour="employment")
    with pytest.raises(InputError, match="labour_share"):
        growth_accounting(f, labour_share=1.5)
    gap = f.drop(index=1)
    with pytest.raises(InputError, match="not consecutive"):
        growth_accounting(gap)
    bad = f.copy()
    bad.loc[1, "labour_share"] = 0.0
    with pytest.raises(InputError, match="labour share outside"):
        growth_accounting(bad)
    neg = f.copy()
    neg.loc[1, "capital_stock"] = -1.0
    with pytest.raises(InputError, match="non-positive capital_stock"):
        growth_accounting(neg)
    with pytest.raises(InputError, match="no region"):
        growth_accounting(f, first_year=2002)
