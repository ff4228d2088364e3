"""The Northeast application on the real provincial panel (shared data)."""

from __future__ import annotations

import warnings

import pytest

from revitalize.errors import InputError
from revitalize.policy.northeast import northeast_synthetic_control, provincial_outcome


@pytest.fixture(scope="module")
def panel(shared_data):
    from revitalize.data.readers.panel import read_panel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_panel(shared_data / "cn_prov_energy_panel" /
                          "cn_prov_energy_econ_panel_long.csv")


@pytest.mark.shared_data
def test_outcome_relative_to_province_mean(panel):
    Y = provincial_outcome(panel, years=range(1990, 2011))
    assert Y.shape == (21, 32)  # 31 provinces and the Northeast aggregate
    assert Y.drop(columns="NE").mean(axis=1).sub(100).abs().max() < 1e-9
    # the aggregate lies between its members
    ne = Y[["210000", "220000", "230000"]]
    assert ((Y["NE"] <= ne.max(axis=1) + 1e-9) & (Y["NE"] >= ne.min(axis=1) - 1e-9)).all()


@pytest.mark.shared_data
def test_northeast_region_synthetic_control(panel):
    res = northeast_synthetic_control(panel, treated=["NE"])
    row = res.table.loc["NE"]
    assert row["flags"] == 0
    assert row["pre_rmspe"] < 2.0  # index points of the province mean (1.13 on 2026-12 data)
    assert 0 < row["p_value"] <= 1
    fit = res.fit("NE")
    assert len(fit.extra["placebos"]) == len(res.meta["donors"]) + 1
    assert "150000" not in res.meta["donors"]  # Inner Mongolia excluded by default
    assert res.meta["conventions"]["outcome_scale"] == "relative_to_province_mean"


@pytest.mark.shared_data
def test_a_treated_province_beside_the_northeast_is_not_its_own_donor(panel):
    res = northeast_synthetic_control(panel, treated=["NE", "Shanxi"])
    assert set(res.table.index) == {"NE", "140000"}
    assert "140000" not in res.meta["donors"] and "210000" not in res.meta["donors"]
    assert res.fit("140000").weights.index.isin(res.meta["donors"]).all()


@pytest.mark.shared_data
def test_errors(panel):
    with pytest.raises(InputError, match="outcome_scale"):
        provincial_outcome(panel, years=range(1990, 2011), outcome_scale="real")
    with pytest.raises(InputError, match="flagged E"):
        provincial_outcome(panel, years=range(1990, 2023))


def test_predictor_windows():
    from revitalize.policy.northeast import predictor_windows

    assert predictor_windows(list(range(1990, 2003))) == [(1990, 1994), (1995, 1998),
                                                          (1999, 2002)]
    assert predictor_windows([2000, 2001]) == [(2000, 2000), (2001, 2001)]


@pytest.mark.shared_data
def test_predictors_follow_treatment_start(panel):
    res = northeast_synthetic_control(panel, treated=["NE"], treatment_start=2000,
                                      end_year=2005, min_pre_periods=5)
    preds = res.meta["conventions"]["predictors"]
    assert "va_secondary_share_1990_1999" in preds and "outcome_1997_1999" in preds
