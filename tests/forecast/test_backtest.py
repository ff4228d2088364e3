"""Rolling-origin backtests: metrics on hand-checked examples, the same hold-out for every
model, auto choice with its tie rule, many series at once."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.forecast import backtest as bt_module
from revitalize.forecast.backtest import (
    auto_forecast,
    backtest,
    combine,
    forecast_many,
    get_model,
    metrics,
    naive,
)
from revitalize.forecast.base import ForecastResult, long_frame
from revitalize.model.panel import Panel


def _exponential(n: int = 12, rate: float = 1.05) -> pd.Series:
    return pd.Series(100 * rate ** np.arange(n), index=range(2000, 2000 + n), name="exp")


def exact_growth(series: pd.Series, horizon: int) -> ForecastResult:
    """Stand-in model: log-linear least squares, exact on an exponential series."""
    t = np.asarray(series.index, dtype=float)
    slope, intercept = np.polyfit(t, np.log(series.to_numpy()), 1)
    future = np.arange(t[-1] + 1, t[-1] + 1 + horizon)
    table = pd.concat([long_frame("s", series.index, series, "observed"),
                       long_frame("s", future, np.exp(intercept + slope * future), "forecast")])
    return ForecastResult(table=table, meta={"method": "exact_growth"})


def last_value_band(series: pd.Series, horizon: int) -> ForecastResult:
    """Stand-in model: last value with the interval last +/- 1 at level 0.8."""
    last, future = float(series.iloc[-1]), np.arange(series.index[-1] + 1,
                                                     series.index[-1] + 1 + horizon)
    table = pd.concat([long_frame("s", future, [last] * horizon, "forecast"),
                       long_frame("s", future, [last - 1] * horizon, "lower"),
                       long_frame("s", future, [last + 1] * horizon, "upper")])
    return ForecastResult(table=table, meta={"level": 0.8})


def test_metrics_hand_checked():
    m = metrics([100, 200, 50], [110, 190, 50], lower=[105, 180, 40], upper=[115, 200, 49])
    assert m["n"] == 3
    assert m["mape"] == pytest.approx(100 * (0.1 + 0.05 + 0) / 3)
    assert m["rmse"] == pytest.approx(math.sqrt(200 / 3))
    assert m["mae"] == pytest.approx(20 / 3)
    assert m["coverage"] == pytest.approx(1 / 3)  # 200 on the closed upper bound counts
    assert math.isnan(metrics([1, 2], [1, 2])["coverage"])


def test_metrics_mape_undefined_when_an_actual_is_zero():
    with pytest.warns(DataQualityWarning, match="MAPE is undefined"):
        m = metrics([0.0, 2.0], [1.0, 2.0])
    assert math.isnan(m["mape"]) and m["rmse"] == pytest.approx(math.sqrt(0.5))


def test_backtest_coverage_and_errors_on_a_tiny_hand_checked_series():
    y = pd.Series([10.0, 11.0, 13.0, 12.0, 15.0], index=range(2000, 2005), name="tiny")
    res = backtest(y, {"band": last_value_band}, horizon=2, min_train=3)
    # origin 2002: forecast 13 in [12, 14] for 2003 (12: inside) and 2004 (15: outside);
    # origin 2003: forecast 12 in [11, 13] for 2004 (15: outside)
    t = res.table.set_index("horizon")
    assert t.loc[1, "n"] == 2 and t.loc[2, "n"] == 1
    assert t.loc[1, "mape"] == pytest.approx(100 * (1 / 12 + 3 / 15) / 2)
    assert t.loc[1, "rmse"] == pytest.approx(math.sqrt(5))
    assert t.loc[1, "coverage"] == pytest.approx(0.5) and t.loc[2, "coverage"] == 0
    assert t.loc[2, "mape"] == pytest.approx(100 * 2 / 15)
    assert res.extra["scores"].loc["band", "coverage"] == pytest.approx(1 / 3)
    assert res.extra["scores"].loc["band", "level"] == 0.8
    assert res.meta["conventions"]["origins"] == [2002, 2003]


def test_exact_model_scores_zero_and_naive_scores_its_known_error():
    y = _exponential()
    res = backtest(y, [exact_growth, "naive"], horizon=3, min_train=6)
    t = res.table.set_index(["model", "horizon"])
    assert t.loc["exact_growth", "n"].tolist() == [6, 5, 4]
    assert t.loc["exact_growth", "mape"].max() < 1e-10
    # naive h steps ahead on growth r: relative error 1 - r^-h exactly
    expected = [100 * (1 - 1.05 ** -h) for h in (1, 2, 3)]
    np.testing.assert_allclose(t.loc["naive", "mape"].to_numpy(), expected, rtol=1e-12)
    assert set(res.extra["errors"]["model"]) == {"exact_growth", "naive"}


def test_gm11_on_an_exact_exponential_is_nearly_exact():
    """GM(1,1) on x0(k) = 100 * 1.05^k: its growth e^{2(r-1)/(r+1)} differs from r by ~1e-5
    per step (Liu & Lin 2010, ch. 6), so MAPE stays below 0.05 % (naive: 4.8 % and up)."""
    res = backtest(_exponential(), ["gm11", "naive"], horizon=3, min_train=6)
    scores = res.extra["scores"]
    assert scores.loc["gm11", "mape"] < 0.05 < 4 < scores.loc["naive", "mape"]


def test_a_failing_model_is_excluded_so_the_hold_out_stays_common():
    def fragile(series, horizon):
        if len(series) < 8:
            raise InputError("too short for this model", field=series.name)
        return exact_growth(series, horizon)

    with pytest.warns(DataQualityWarning, match="'fragile' excluded"):
        res = backtest(_exponential(), [fragile, "naive"], horizon=2, min_train=6)
    assert set(res.table["model"]) == {"naive"}
    assert "origin 2005" in res.meta["excluded"]["fragile"]
    assert res.extra["failures"]["model"].tolist() == ["fragile"]
    with pytest.raises(InputError, match="every model failed"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        backtest(_exponential(), [fragile], horizon=2, min_train=6)


def test_model_warnings_are_summarised_once_per_model():
    def noisy(series, horizon):
        warnings.warn(f"odd fit on {len(series)} points", DataQualityWarning, stacklevel=1)
        return exact_growth(series, horizon)

    with pytest.warns(DataQualityWarning) as record:
        res = backtest(_exponential(), [noisy], horizon=1, min_train=9)
    assert len(record) == 1 and "warned at 3 backtest origin(s)" in str(record[0].message)
    assert len(res.meta["model_warnings"]["noisy"]) == 3


def test_auto_picks_the_best_score_and_says_why():
    res = auto_forecast(_exponential(), 2, models=["naive", exact_growth], min_train=8)
    auto = res.meta["auto"]
    assert res.meta["method"] == "auto" and res.meta["model"] == "exact_growth"
    assert auto["chosen"] == "exact_growth" and "lowest pooled backtest mape" in auto["reason"]
    assert {s["model"] for s in auto["scores"]} == {"naive", "exact_growth"}
    np.testing.assert_allclose(res.kind("forecast").to_numpy(), 100 * 1.05 ** np.arange(12, 14))


def test_auto_tie_goes_to_the_model_listed_first():
    res = auto_forecast(_exponential(), 1, models={"b": exact_growth, "a": exact_growth},
                        metric="rmse", min_train=9)
    assert res.meta["model"] == "b" and "the first listed wins" in res.meta["auto"]["reason"]


def test_auto_refuses_an_undefined_metric():
    y = pd.Series([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], index=range(2000, 2006))
    with pytest.raises(InputError) as err:
        auto_forecast(y, 1, models=["naive"], metric="smape")
    assert err.value.field == "metric"
    with pytest.raises(InputError, match="undefined"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        auto_forecast(y.iloc[::-1].set_axis(y.index), 1, models=["naive"], min_train=3)


@pytest.mark.parametrize("kwargs, field", [
    ({"min_train": 12}, "min_train"), ({"min_train": 1}, "min_train"), ({"horizon": 0}, "horizon"),
    ({"models": [3]}, "models"), ({"models": []}, "models"),
    ({"models": ["naive", "naive"]}, "models"), ({"models": ["prophet"]}, "model"),
])
def test_backtest_argument_errors_name_the_field(kwargs, field):
    with pytest.raises(InputError) as err:
        backtest(_exponential(), **{"models": ["naive"], **kwargs})
    assert err.value.field == field
    if field == "model":
        assert isinstance(err.value, UnknownLabelError)


def test_a_registered_model_that_is_not_installed_says_so(monkeypatch):
    monkeypatch.setitem(bt_module.MODELS, "ghost", "revitalize.forecast.nowhere:ghost")
    with pytest.raises(InputError, match="not available"):
        get_model("ghost")


def test_naive_interval_is_sigma_sqrt_h():
    y = pd.Series([10.0, 12.0, 11.0, 13.0], index=range(2000, 2004))
    res = naive(y, 2, level=0.95)
    sigma = math.sqrt((4 + 1 + 4) / 3)
    half = 1.959963984540054 * sigma * np.sqrt([1, 2])
    np.testing.assert_allclose(res.kind("upper").to_numpy(), 13 + half, rtol=1e-12)
    assert res.kind("fitted").tolist() == [10.0, 12.0, 11.0]
    with pytest.raises(InputError):
        naive(y, 0)


def test_forecast_many_runs_each_series_on_its_own_span():
    wide = pd.DataFrame({"a": [np.nan, 2.0, 3.0, 4.0, 5.0], "b": [1.0, 2.0, 4.0, 8.0, 16.0]},
                        index=range(2000, 2005))
    res = forecast_many(wide, "naive", 2)
    assert res.meta["spans"] == {"a": [2001, 2004], "b": [2000, 2004]}
    assert set(res.meta["parameters"]) == {"a", "b"}
    assert res.kind("forecast", "b").tolist() == [16.0, 16.0]
    wide.loc[2002, "b"] = np.nan
    with pytest.raises(InputError) as err:
        forecast_many(wide, "naive", 1)
    assert err.value.field == "b"


def test_forecast_many_uses_the_grey_batch_on_a_common_span():
    wide = pd.DataFrame({"x": 100 * 1.05 ** np.arange(6), "y": 50 * 1.1 ** np.arange(6)},
                        index=range(2010, 2016))
    res = forecast_many(wide, "gm11", 1)
    assert res.meta["method"] == "grey.gm11_batch"
    assert set(res.meta["parameters"]) == {"x", "y"} and res.meta["parameters"]["x"]["a"] < 0
    single = get_model("gm11")(wide["y"], 1, name="y")
    assert res.kind("forecast", "y").iloc[0] == pytest.approx(single.kind("forecast").iloc[0],
                                                              rel=1e-10)


def test_forecast_many_from_a_panel_and_bad_data():
    rows = [{"region": r, "region_en": r, "region_cn": r, "year": y, "indicator": "gdp",
             "unit": "u", "value": v * (1.1 ** (y - 2000)), "flag": "", "flag_note": ""}
            for r, v in (("210000", 10.0), ("220000", 5.0)) for y in range(2000, 2006)]
    panel = Panel(pd.DataFrame(rows))
    res = forecast_many(panel, "naive", 1, indicator="gdp")
    assert set(res.table["series"]) == {"210000", "220000"} and res.meta["indicator"] == "gdp"
    with pytest.raises(InputError, match="name one"):
        forecast_many(panel, "naive")
    with pytest.raises(InputError, match="wide DataFrame"):
        forecast_many([1, 2, 3], "naive")
    with pytest.raises(InputError, match="no values"):
        forecast_many(pd.DataFrame({"z": [np.nan] * 5}, index=range(2000, 2005)), "naive")
    with pytest.raises(InputError, match="at least one"):
        combine({})
    auto = forecast_many(panel, "auto", 1, indicator="gdp", models=["naive", exact_growth],
                         min_train=4)
    assert {p["model"] for p in auto.meta["parameters"].values()} == {"exact_growth"}
