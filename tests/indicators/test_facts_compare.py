"""Documents vs data (indicators/facts_compare.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.facts_compare import (
    COMPARISON_COLUMNS,
    compare_with_facts,
    documents_vs_data,
)


def test_compare_a_frame_with_the_fact_base():
    frame = pd.DataFrame({"region": ["000000", "NE"], "year": [2015, 2015],
                          "state_asset_share": [38.83, 51.59]})
    res = compare_with_facts(frame, column="state_asset_share",
                             fact_indicator="state_owned_asset_share",
                             reasons={"D004-025": "definition"})
    t = res.table.set_index("fact_id")
    assert list(res.table.columns) == list(COMPARISON_COLUMNS)
    assert t.loc["D004-024", "difference"] == pytest.approx(0.03)
    assert t.loc["D004-025", "reason"] == "definition"


def test_year_not_covered_is_said():
    frame = pd.DataFrame({"region": ["NE"], "year": [2019], "dep": [20.0]})
    t = compare_with_facts(frame, column="dep", fact_indicator="foreign_trade_dependence").table
    assert t["data_value"].isna().all() and t["reason"].str.contains("not covered").all()


def test_errors():
    frame = pd.DataFrame({"region": ["NE"], "year": [2019]})
    with pytest.raises(InputError, match="lacks columns"):
        compare_with_facts(frame, column="x", fact_indicator="rd_intensity")
    with pytest.raises(UnknownLabelError, match="no fact"):
        compare_with_facts(frame.assign(x=1.0), column="x", fact_indicator="nosuch")


def test_documents_vs_data_on_the_shared_data(shared_data):
    res = documents_vs_data(shared_data)
    t = res.table.set_index("fact_id")
    assert t.loc["D004-030", "data_value"] == pytest.approx(5.00, abs=1e-9)  # 6.01 - 1.01
    assert t.loc["D002-012", "data_value"] == pytest.approx(-11.01, abs=0.005)
    assert t.loc["D004-024", "difference"] == pytest.approx(0, abs=0.05)
    assert t.loc["D004-006", "difference"] == pytest.approx(0, abs=0.15)  # first-release vintage
    assert t.loc["D002-016", "qualifier"] == "more than"
    assert "2014-2016" in t.loc["D002-005", "reason"]
    assert t["reason"].str.len().gt(0).all()
    assert res.meta["n_compared"] == len(t)
