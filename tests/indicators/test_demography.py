"""Weight in the nation and convergence, on real data beside the fact base."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.indicators.demography import (
    beside_facts,
    beta_convergence,
    share_of_reference,
    sigma_convergence,
)
from revitalize.model.panel import Panel


@pytest.fixture(scope="module")
def energy(shared_data):
    import warnings

    from revitalize.data.readers import read_panel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_panel(shared_data / "cn_prov_energy_panel" / "cn_prov_energy_econ_panel_long.csv")


def test_northeast_gdp_share_reproduces_provenance_and_explains_the_facts(energy):
    r = share_of_reference(energy, "gdp", region="Northeast", reference="China")
    share = r.table["share_pct"]
    # PROVENANCE.md of cn_prov_energy_panel: 2003 8.79 %, 2010 7.21 %, 2020 5.03 %, 2023 4.77 %
    assert share[2003] == pytest.approx(8.79, abs=0.005)
    assert share[2020] == pytest.approx(5.03, abs=0.005)
    assert share[2023] == pytest.approx(4.77, abs=0.005)
    # 2021/2022: four provinces carry flag E, so no share rather than a share of a partial total
    assert np.isnan(share[2022]) and "130000" in r.table.loc[2022, "note"]
    side = beside_facts(r, "gdp_share_of_national").set_index("period")
    # Doc 002 says 8.5 % in 2003: the sum of provincial GDP (first-release vintages, which exceed
    # national GDP) gives 8.79 %; the 0.29-point gap is the provincial-sum excess.
    assert side.loc["2003", "fact_value"] == 8.5
    assert 0.2 < side.loc["2003", "difference"] < 0.4
    assert "reference incomplete" in side.loc["2022", "note"]


def test_population_share_matches_census_figures(energy):
    r = share_of_reference(energy, "population", region="NE")
    side = beside_facts(r, "population_share_of_national").set_index("period")
    assert side.loc["2020", "computed"] == pytest.approx(6.98, abs=0.02)  # doc 002: 6.98 %
    assert abs(side.loc["2010", "difference"]) < 0.15  # doc 002: 8.18 % (census) vs 8.29 % (year-end)


def test_incomplete_region_and_flags_are_explicit():
    data = pd.DataFrame({
        "region": ["210000", "220000", "230000", "110000"] * 2,
        "region_en": "", "region_cn": "", "year": [2000] * 4 + [2001] * 4, "indicator": "gdp",
        "unit": "100 million yuan", "value": [1.0, 2.0, 3.0, 4.0] * 2,
        "flag": ["", "", "", "", "E", "", "", ""], "flag_note": "",
    })
    p = Panel(data)
    r = share_of_reference(p, "gdp", region="NE", reference="NE")
    assert r.table.loc[2000, "share_pct"] == pytest.approx(100.0)
    assert np.isnan(r.table.loc[2001, "share_pct"]) and "210000" in r.table.loc[2001, "note"]
    assert r.meta["conventions"]["dropped_values"] == 1


def test_convergence_hand_example_and_errors():
    pc = pd.DataFrame({"a": [1.0, 2.0], "b": [4.0, 4.0], "c": [2.0, 3.0]}, index=[2000, 2010])
    sig = sigma_convergence(pc).table
    assert sig.loc[2000, "sd_log"] == pytest.approx(np.std(np.log([1, 4, 2])))
    beta = beta_convergence(pc, start=2000, end=2010).table["value"]
    g = np.log(pc.loc[2010] / pc.loc[2000]) / 10
    slope = np.polyfit(np.log(pc.loc[2000]), g, 1)[0]
    assert beta["beta"] == pytest.approx(slope) and beta["beta"] < 0
    with pytest.raises(InputError, match="start 1999"):
        beta_convergence(pc, start=1999, end=2010)
    with pytest.raises(InputError, match="positive"):
        sigma_convergence(pc - 5)
