"""Real series for forecasting: Northeast shares of the nation, provincial and national values,
the series CSV reader. Reference values: the shared data's PROVENANCE.md checks
(cn_prov_energy_panel section 6, cn_prov_rd_fiscal "Sanity checks"), to their printed rounding."""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers import read_panel
from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.forecast.backtest import auto_forecast, get_model
from revitalize.forecast.series import (
    longest_run,
    read_series_csv,
    region_series,
    select_span,
    series_from_spec,
    share_of_nation,
)
from revitalize.forecast.statistical import ets

ENERGY = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"
RD = "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv"


@pytest.fixture(scope="module")
def energy(shared_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return read_panel(shared_data / ENERGY)


@pytest.fixture(scope="module")
def rd(shared_data):
    return read_panel(shared_data / RD)


def test_northeast_gdp_share_matches_the_provenance_check(energy):
    with pytest.warns(DataQualityWarning, match="J=13, V=42"):
        ne = share_of_nation(energy, "Northeast", "gdp")
    published = {1995: 9.95, 2000: 9.62, 2003: 8.79, 2005: 8.20, 2010: 7.21, 2015: 6.50,
                 2018: 5.21, 2020: 5.03, 2023: 4.77}
    for year, value in published.items():
        assert ne.values[year] == pytest.approx(value, abs=0.005), year
    assert ne.missing_years() == [2021, 2022, 2024]  # Hebei, Jiangsu, ... flagged E
    assert ne.name == "northeast_gdp_share"
    assert ne.conventions["denominator"] == "sum of the 31 mainland provinces reporting gdp"
    assert "flagged 'E' excluded" in ne.provenance.notes[-1]


def test_northeast_population_and_co2_shares_name_their_reference(energy):
    with pytest.warns(DataQualityWarning, match="V=11"):
        pop = series_from_spec(energy, "Northeast:population")
    with pytest.warns(DataQualityWarning, match="B=7, P=26"):
        share = series_from_spec(energy, "northeast_population_share")
    assert pop.values[2020] == pytest.approx(9825.0) and pop.values[2010] == pytest.approx(10957.6)
    assert share.values[2020] == pytest.approx(100 * 9825.0 / energy.select(
        indicator="population", years=[2020]).data["value"].sum())
    co2 = series_from_spec(energy, "northeast_co2_emissions_apparent_share")
    assert "30 mainland provinces" in co2.unit and "absent: 540000" in co2.unit
    assert list(co2.values.index[[0, -1]]) == [1997, 2022] and co2.missing_years() == []


def test_rd_series_national_rows_and_share(rd):
    china = series_from_spec(rd, "China:rd_intensity_pct_gdp")
    assert china.values[2020] == pytest.approx(2.40) and china.values[2023] == pytest.approx(2.65)
    share = series_from_spec(rd, "northeast_rd_expenditure_share", denominator="national")
    assert share.values[2011] == pytest.approx(6.7, abs=0.05)
    assert share.values[2023] == pytest.approx(3.35, abs=0.005)
    with pytest.raises(InputError, match="not additive"):
        series_from_spec(rd, "northeast_rd_intensity_pct_gdp_share")


def test_spans_gaps_and_unknown_names(energy):
    with pytest.warns(DataQualityWarning):
        hebei = region_series(energy, "河北", "gdp")
    assert hebei.name == "Hebei:gdp" and hebei.missing_years() == [2021, 2022]
    with pytest.raises(InputError, match=r"\[2021, 2022\].*1990-2020") as err:
        hebei.span()
    assert err.value.field == "Hebei:gdp"
    assert list(hebei.span(2000, 2020).index) == list(range(2000, 2021))
    with pytest.raises(UnknownLabelError, match="cannot read series"):
        series_from_spec(energy, "gdp_growth")
    with pytest.raises(UnknownLabelError):
        series_from_spec(energy, "Atlantis:gdp")
    with pytest.raises(UnknownLabelError, match="unknown indicator"):
        series_from_spec(energy, "Liaoning:steel")
    with pytest.raises(InputError, match="no national-total rows"):
        share_of_nation(energy, "Northeast", "gdp", denominator="national")
    with pytest.raises(InputError) as err:
        share_of_nation(energy, "Northeast", "gdp", denominator="world")
    assert err.value.field == "denominator"


def test_forecasting_the_northeast_gdp_share(energy):
    """GM(1,1) sees the decline (a > 0) and the backtest-chosen model forecasts below the 2020
    share; the observed 2023 share (4.77 %) is the check the data give."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        ne = share_of_nation(energy, "Northeast", "gdp").span(1995, 2020)
        grey = get_model("gm11")(ne, 3)
        auto = auto_forecast(ne, 3, min_train=21, models={
            "gm11": "gm11", "ets": partial(ets, specs=("ANN", "AAN")), "naive": "naive"})
    assert grey.meta["a"] > 0 and grey.meta["grade"] in ("good", "qualified")
    scores = {s["model"]: s["mape"] for s in auto.meta["auto"]["scores"]}
    assert auto.meta["model"] == min(scores, key=scores.get)
    fc = auto.kind("forecast")
    assert list(fc.index) == [2021, 2022, 2023] and (fc < ne[2020] + 1e-9).all()


def test_longest_run_and_select_span():
    assert longest_run([1990, 1991, 1992, 1995, 1996, 1997]) == (1995, 1997)  # tie: latest
    assert longest_run([2000, 2001, 2002, 2005]) == (2000, 2002)
    s = pd.Series([1.0, np.nan, 3.0], index=[2000, 2001, 2002])
    with pytest.raises(InputError, match="no value for"):
        select_span(s, name="x")
    with pytest.raises(InputError, match="no values"):
        select_span(pd.Series([np.nan], index=[2000]), name="x")


def test_read_series_csv_wide_and_long(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("year,a,b\n2000,1,10\n2001,2,\n2002,3,12\n", encoding="utf-8")
    found, prov = read_series_csv(wide)
    assert list(found) == ["a", "b"] and found["a"].tolist() == [1.0, 2.0, 3.0]
    assert np.isnan(found["b"][2001]) and prov.reader == "series_csv"
    long = tmp_path / "long.csv"
    long.write_text("series,period,value\nx,2001,5\nx,2000,4\ny,2000,1\n", encoding="utf-8")
    found, _ = read_series_csv(long)
    assert found["x"].index.tolist() == [2000, 2001] and found["y"].tolist() == [1.0]


@pytest.mark.parametrize("text, error, row, field", [
    ("year,a\n2000,1\n2001,x\n", InputError, 3, "a"),
    ("year,a\n2000,1\n2001.5,2\n", InputError, 3, "year"),
    ("period,a\n2000,1\n,2\n", InputError, 3, "period"),
    ("series,period,value\nx,2000,1\nx,2000,2\n", InputError, None, "period"),
    ("when,a\n2000,1\n", LayoutError, 1, "header"),
    ("year\n2000\n", LayoutError, 1, "header"),
])
def test_read_series_csv_errors_name_file_row_and_field(tmp_path, text, error, row, field):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error) as err:
        read_series_csv(path)
    assert err.value.file == str(path) and err.value.row == row and err.value.field == field
