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
def test_errors(panel):
    with pytest.raises(InputError, match="outcome_scale"):
        provincial_outcome(panel, years=range(1990, 2011), outcome_scale="real")
    with pytest.raises(InputError, match="flagged E"):
        provincial_outcome(panel, years=range(1990, 2023))
