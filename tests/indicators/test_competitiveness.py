"""Market share and profit level of pillar industries, and the Gini coefficient."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.indicators.competitiveness import gini, market_share_profit


def test_gini_hand_values():
    assert gini(pd.Series([1.0, 1.0, 1.0])) == pytest.approx(0.0)
    # two regions, incomes 0 and 1: mean |diff| over all ordered pairs 0.5, mean 0.5 -> G = 0.5
    assert gini(pd.Series([0.0, 1.0])) == pytest.approx(0.5)
    # weights replicate observations: weight 2 on the first equals listing it twice
    a = gini(pd.Series([1.0, 3.0]), pd.Series([2.0, 1.0]))
    assert a == pytest.approx(gini(pd.Series([1.0, 1.0, 3.0])))
    with pytest.raises(InputError, match="non-negative"):
        gini(pd.Series([-1.0, 2.0]))


@pytest.fixture(scope="module")
def tables(shared_data):
    from revitalize.data.readers import read_provincial_io

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [read_provincial_io(shared_data / "cn_io_provincial" / f"cn_prov_io_{y}_42.csv")
                for y in (2002, 2007, 2017)]


def test_shares_sum_to_100_and_profit_is_surplus_over_output(tables):
    t17 = tables[2]
    r = market_share_profit(t17, regions=list(t17), sectors=["14"])
    assert r.table["market_share_pct"].sum() == pytest.approx(100.0)
    ln = t17["210000"]
    row = r.table.set_index("region").loc["210000"]
    assert row["profit_level_pct"] == pytest.approx(
        100 * ln.value_added.loc["VA004", "14"] / ln.output["14"])


def test_lists_must_be_made_comparable(tables):
    with pytest.raises(InputError, match="different sector lists"):
        market_share_profit(tables, incomplete_reference="present")
    with pytest.raises(InputError, match="lacks provinces"):
        market_share_profit(tables[0])  # 2002 has no Tibet
    r = market_share_profit(tables, incomplete_reference="present", common_year=2017,
                            sectors=["14", "18"])
    t = r.table.set_index(["region", "sector", "year"])["market_share_pct"]
    # Liaoning's metal smelting loses market share 2002 -> 2017 (the pillar-decline argument)
    assert t[("210000", "14", 2002)] > t[("210000", "14", 2007)] > t[("210000", "14", 2017)]
    # Jilin's transport equipment (code 17 in 2002/2007, 18 in 2017) is matched by name
    assert 6 < t[("220000", "18", 2002)] < 10 and 6 < t[("220000", "18", 2017)] < 10
    assert r.meta["missing_reference_members"] == {2002: ["540000"], 2007: ["540000"], 2017: []}
    assert np.isfinite(r.table["profit_level_pct"]).all()
