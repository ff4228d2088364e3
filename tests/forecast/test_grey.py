"""GM(1,1) and its variants: published worked examples, the greytheory peer, every error path."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError
from revitalize.forecast.base import ForecastResult
from revitalize.forecast.grey import admissible_translation, gm11
from revitalize.forecast.grey_variants import dgm11, rolling_gm11, verhulst

NOISE = pd.Series([71.1, 72.4, 72.4, 72.1, 71.4, 72.0, 71.6], index=range(1986, 1993), name="Leq")
LIU = pd.Series([27260.0, 29547.0, 32411.0, 35388.0], index=range(1, 5), name="liu")
FAILS_RATIO = pd.Series([1.0, 10.0, 11.0, 12.0, 13.0], index=range(2001, 2006), name="jump")


def test_si_shoukui_traffic_noise_example_to_printed_precision():
    """Si Shoukui & Sun Xijing, *Shuxue jianmo suanfa yu yingyong* (数学建模算法与应用, National
    Defense Industry Press, 2011), ch. 10 (grey systems), GM(1,1) example: road-traffic noise of a
    northern city 1986-1992, x0 = (71.1, 72.4, 72.4, 72.1, 71.4, 72.0, 71.6). Printed: class
    ratios (0.9820, 1.0000, 1.0042, 1.0098, 0.9917, 1.0056) within (0.7788, 1.2840);
    a = 0.0023, b = 72.6573; model values 71.1000, 72.4057, 72.2362, 72.0671, 71.8984, 71.7301,
    71.5622 and residuals 0, -0.0057, 0.1638, 0.0329, -0.4984, 0.2699, 0.0378.
    Tolerance: half a unit of the last printed digit (5e-5 at 4 decimals).
    (The ratios and bounds are also printed in the transcription at coloradmin.cn/o/1047614.html;
    the book's page number was not available to check.)"""
    r = gm11(NOISE, horizon=2)
    rt = r.meta["ratio_test"]
    assert rt["passed"]
    np.testing.assert_allclose([rt["lower"], rt["upper"]], [0.7788, 1.2840], atol=5e-5)
    np.testing.assert_allclose([rt["min"], rt["max"]], [0.9820, 1.0098], atol=5e-5)
    assert round(r.meta["a"], 4) == 0.0023 and abs(r.meta["b"] - 72.6573) < 5e-5
    res = r.extra["residuals"]
    np.testing.assert_allclose(res["fitted"], [71.1, 72.4057, 72.2362, 72.0671, 71.8984,
                                               71.7301, 71.5622], atol=5e-5)
    np.testing.assert_allclose(res["residual"], [0, -0.0057, 0.1638, 0.0329, -0.4984, 0.2699,
                                                 0.0378], atol=5e-5)
    assert list(res["period"]) == list(range(1986, 1993))
    assert list(r.kind("forecast").index) == [1993, 1994]


def test_liu_sifeng_accuracy_example_c_and_p():
    """Liu Sifeng et al., *Huise xitong lilun ji qi yingyong* (灰色系统理论及其应用, Science Press),
    GM(1,1) accuracy-check example, X0 = (27260, 29547, 32411, 35388), as transcribed at
    xueke.org/wenku/42327_8.html (edition and page not checked). Printed: mean 31151.5,
    S1^2 = 9313116.25, S1 = 3051.74, |e(k) - mean e| = 19, 25, 56, 12, S2 = 32.66,
    C = 0.011 < 0.35, 0.6745 S1 = 2058.40, P = 1, mean relative error 0.068 %, relative error at
    k = 4 0.02 %. Liu's convention: sums over k = 1..n (e(1) = 0 included), divisor n.
    Tolerances: printed precision (half a unit of the last digit), except S2: the book squares
    residuals rounded to integers, so S2 agrees to 0.3 % (32.60 here)."""
    r = gm11(LIU, horizon=1, residual_convention="include_first", std_convention="population")
    m = r.meta
    assert m["conventions"]["residual_convention"] == "include_first"
    assert abs(m["S1"] ** 2 - 9313116.25) < 0.005 and abs(m["S1"] - 3051.74) < 0.005
    assert abs(0.6745 * m["S1"] - 2058.40) < 0.005
    res = r.extra["residuals"]
    dev = np.abs(res["residual"] - res["residual"].mean())
    np.testing.assert_array_equal(np.round(dev), [19, 25, 56, 12])
    assert m["S2"] == pytest.approx(32.66, rel=3e-3)
    assert round(m["C"], 3) == 0.011 and m["P"] == 1.0 and m["grade"] == "good"
    assert round(m["mean_relative_error"], 5) == 0.00068
    assert round(res["relative_error"].iloc[3], 4) == 0.0002
    assert m["mean_relative_error_grade"] == "level I"
    # the default convention (e(1) excluded) gives another C, and says so
    d = gm11(LIU, horizon=1).meta
    assert d["conventions"]["residual_convention"] == "exclude_first"
    assert d["C"] != pytest.approx(m["C"], rel=1e-3)


@pytest.mark.parametrize("background", [0.5, 0.3])
@pytest.mark.parametrize("series", [NOISE, LIU, pd.Series([2.874, 3.278, 3.337, 3.390, 3.679])])
def test_agrees_with_greytheory_peer(series, background):
    """greytheory 2.0.5 (GreyGM11, lstsq): same a, b, fitted and forecast values to 1e-10.
    Convention map: our z(k) = w x1(k) + (1 - w) x1(k-1) is greytheory's
    background_mode="corrected" with alpha = w (its "legacy" mode equals ours only at w = 0.5)."""
    from greytheory import GreyGM11

    peer = GreyGM11(horizon=3, alpha=background, background_mode="corrected")
    peer.fit(series.to_numpy())
    r = gm11(series, horizon=3, background=background)
    np.testing.assert_allclose([r.meta["a"], r.meta["b"]], peer.coefficients_, rtol=1e-10)
    history = [x.forecast_value for x in peer.analyzed_results if x.tag == "history"]
    np.testing.assert_allclose(r.kind("fitted").to_numpy()[1:], history, rtol=1e-10)
    np.testing.assert_allclose(r.kind("forecast").to_numpy(), peer.predict(3), rtol=1e-10)


def test_result_shape_meta_and_json():
    r = gm11(NOISE, horizon=3)
    assert isinstance(r, ForecastResult)
    assert list(r.table.columns) == ["series", "period", "value", "kind"]
    assert r.table.groupby("kind").size().to_dict() == {"observed": 7, "fitted": 7, "forecast": 3}
    assert set(r.table["series"]) == {"Leq"}
    for key in ("a", "b", "C", "P", "grade", "mean_relative_error", "ratio_test", "S1", "S2"):
        assert key in r.meta
    assert r.meta["conventions"]["std_convention"] == "population"
    assert r.meta["conventions"]["interval"] is None
    assert r.meta["grade"] == "barely"  # C = 0.519 > 0.50, P = 0.833
    json.dumps(r.to_json_dict())


def test_sample_std_convention_matches_formula():
    r = gm11(NOISE, std_convention="sample")
    e = r.extra["residuals"]["residual"].to_numpy()[1:]
    assert r.meta["C"] == pytest.approx(e.std(ddof=1) / NOISE.std(ddof=1), rel=1e-12)
    assert r.meta["conventions"]["std_convention"] == "sample"


def test_empirical_interval_is_opt_in_and_named():
    assert not r_kinds(gm11(NOISE)) & {"lower", "upper"}
    r = gm11(NOISE, horizon=3, interval="empirical", level=0.8)
    lo, f, hi = r.kind("lower"), r.kind("forecast"), r.kind("upper")
    assert (lo <= f).all() and (f <= hi).all() and (hi - lo > 0).all()
    assert "empirical quantiles" in r.meta["conventions"]["interval"]
    assert r.meta["conventions"]["interval_level"] == 0.8


def r_kinds(r: ForecastResult) -> set[str]:
    return set(r.table["kind"])


# ---------------------------------------------------------------------------- ratio test
def test_ratio_failure_warns_by_default():
    with pytest.warns(DataQualityWarning, match="class-ratio test"):
        r = gm11(FAILS_RATIO)
    assert r.meta["ratio_test"]["passed"] is False and r.meta["translation"] == 0.0


def test_ratio_failure_raises_on_request():
    with pytest.raises(InputError, match="class-ratio"):
        gm11(FAILS_RATIO, on_ratio_fail="raise")


def test_ratio_failure_translates_records_and_undoes():
    with pytest.warns(DataQualityWarning, match="translated by c"):
        r = gm11(FAILS_RATIO, on_ratio_fail="translate")
    c = r.meta["translation"]
    assert c > 0 and r.meta["ratio_test"]["passed_after_translation"]
    assert c == pytest.approx(float(admissible_translation(FAILS_RATIO.to_numpy())[0]))
    assert "automatic" in r.meta["conventions"]["translation"]
    manual = gm11(FAILS_RATIO + c)  # fitting the shifted series, then subtracting c
    np.testing.assert_allclose(r.kind("fitted"), manual.kind("fitted") - c, rtol=1e-12)
    np.testing.assert_allclose(r.kind("forecast"), manual.kind("forecast") - c, rtol=1e-12)
    assert r.kind("fitted").iloc[0] == FAILS_RATIO.iloc[0]  # original scale


def test_admissible_translation_is_tight():
    x = FAILS_RATIO.to_numpy()
    c = float(admissible_translation(x)[0])
    lo, hi = np.exp(-2 / 6), np.exp(2 / 6)
    ok = lambda s: bool(((s[:-1] / s[1:] > lo) & (s[:-1] / s[1:] < hi)).all())  # noqa: E731
    assert ok(x + c) and not ok(x + c / 1.1 * 0.999)


def test_explicit_translation_is_used_and_checked():
    r = gm11(FAILS_RATIO, translation=30.0)
    assert r.meta["translation"] == 30.0 and r.meta["ratio_test"]["passed"]
    assert "given" in r.meta["conventions"]["translation"]
    with pytest.raises(InputError, match="after translation"):
        gm11(FAILS_RATIO, translation=0.5, on_ratio_fail="translate")
    with pytest.raises(InputError, match="non-positive"):
        gm11(FAILS_RATIO, translation=-2.0)


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("series, match", [
    (pd.Series([1.0, 2.0, 3.0], index=[2001, 2002, 2003]), "3 points"),
    (pd.Series([1.0, 2.0, 0.0, 3.0], index=range(2001, 2005)), "non-positive"),
    (pd.Series([1.0, -2.0, 3.0, 3.0], index=range(2001, 2005)), "non-positive"),
    (pd.Series([1.0, np.nan, 3.0, 3.5], index=range(2001, 2005)), "missing"),
    (pd.Series([1.0, 2.0, 3.0, 3.5], index=[2001, 2002, 2004, 2005]), "consecutive"),
    (pd.Series([1.0, 2.0, 3.0, 3.5], index=[2001.0, 2001.5, 2002.0, 2002.5]), "not years"),
    (pd.Series([1.0, 2.0, 3.0, 3.5], index=pd.period_range("2001Q1", periods=4, freq="Q")), "Q"),
    (pd.Series([1.0, 2.0, 3.0, 3.5], index=pd.date_range("2001", periods=4, freq="YS")), "timestamps"),
])
def test_bad_series_raise_input_error(series, match):
    for model in (gm11, dgm11, verhulst, rolling_gm11):
        with pytest.raises(InputError, match=match):
            model(series)


def test_annual_period_index_is_accepted():
    s = pd.Series(NOISE.to_numpy(), index=pd.period_range("1986", periods=7, freq="Y"))
    assert list(gm11(s, horizon=1).kind("forecast").index) == [1993]


@pytest.mark.parametrize("kwargs, field", [
    ({"horizon": -1}, "horizon"), ({"horizon": 1.5}, "horizon"), ({"background": 1.5}, "background"),
    ({"residual_convention": "all"}, "residual_convention"), ({"std_convention": "n-2"}, "std_convention"),
    ({"on_ratio_fail": "ignore"}, "on_ratio_fail"), ({"interval": "bootstrap"}, "interval"),
    ({"interval": "empirical", "level": 1.5}, "level"),
])
def test_bad_options_raise_input_error(kwargs, field):
    with pytest.raises(InputError, match=field):
        gm11(NOISE, **kwargs)


def test_unsuitable_development_coefficient_warns():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = gm11(pd.Series(4.0 ** np.arange(5)))
    assert r.meta["a_band"] == "GM(1,1) not suitable"
    with pytest.warns(DataQualityWarning) as record:
        gm11(pd.Series(4.0 ** np.arange(5)))
    messages = [str(w.message) for w in record]
    assert any("not suitable" in m for m in messages) and any("class-ratio" in m for m in messages)


def test_constant_series_has_undefined_grade():
    with pytest.warns(DataQualityWarning, match="undefined"):
        r = gm11(pd.Series([5.0] * 6))
    assert r.meta["grade"] == "undefined" and np.isnan(r.meta["C"])
    np.testing.assert_allclose(r.kind("forecast"), 5.0, rtol=1e-12)


# ---------------------------------------------------------------------------- variants
def test_dgm11_reproduces_exponential_sequence_exactly():
    """Xie & Liu (2009), Applied Mathematical Modelling 33: 1173-1186: DGM(1,1) simulates a
    homogeneous exponential sequence without error (GM(1,1) does not). Tolerance 1e-10."""
    x = pd.Series(2.0 * 1.1 ** np.arange(8), index=range(2010, 2018))
    r = dgm11(x, horizon=3)
    np.testing.assert_allclose(r.kind("fitted"), x, rtol=1e-10)
    np.testing.assert_allclose(r.kind("forecast"), 2.0 * 1.1 ** np.arange(8, 11), rtol=1e-10)
    assert r.meta["beta1"] == pytest.approx(1.1, rel=1e-12)
    assert np.abs(gm11(x).kind("fitted").to_numpy() - x.to_numpy()).max() > 1e-3


def test_dgm11_parameters_solve_its_least_squares():
    r = dgm11(NOISE, horizon=2)
    x1 = NOISE.cumsum().to_numpy()
    beta1, beta2 = np.polyfit(x1[:-1], x1[1:], 1)
    assert (r.meta["beta1"], r.meta["beta2"]) == pytest.approx((beta1, beta2), rel=1e-9)
    assert r.meta["model"] == "DGM(1,1)" and r.meta["ratio_test"]["passed"]
    with pytest.raises(InputError, match="class-ratio"):
        dgm11(FAILS_RATIO, on_ratio_fail="raise")


def test_verhulst_recovers_a_logistic_curve():
    t = np.arange(12)
    y = pd.Series(100 / (1 + 20 * np.exp(-0.5 * t)), index=range(2000, 2012))
    r = verhulst(y, horizon=5)
    assert r.meta["saturation"] == pytest.approx(100, rel=0.01)
    assert r.meta["mean_relative_error"] < 0.01 and r.meta["grade"] == "good"
    assert (r.kind("forecast").diff().dropna() > 0).all() and r.kind("forecast").max() < 100
    assert r.meta["conventions"]["series_is"] == "levels"


def test_verhulst_least_squares_and_increments_mode():
    x0 = np.array([4.93, 2.33, 3.87, 4.35, 6.63, 7.15, 5.37, 6.39, 7.81, 8.35])
    r = verhulst(x0, horizon=2, series_is="increments")
    x1 = np.cumsum(x0)
    z = 0.5 * (x1[1:] + x1[:-1])
    B = np.column_stack((-z, z**2))
    u = np.array([r.meta["a"], r.meta["b"]])
    np.testing.assert_allclose(B.T @ (x0[1:] - B @ u), 0, atol=1e-8)  # normal equations
    fitted_x1 = verhulst(x1, horizon=2).kind("fitted").to_numpy()
    np.testing.assert_allclose(r.kind("fitted").to_numpy(), np.diff(fitted_x1, prepend=0), rtol=1e-12)
    with pytest.raises(InputError, match="series_is"):
        verhulst(x0, series_is="cumulative")


def test_verhulst_warns_when_not_saturating():
    with pytest.warns(DataQualityWarning, match="saturating"):
        verhulst(pd.Series([10.0, 9.0, 8.0, 7.0, 6.0, 5.0]))


def test_rolling_gm11_refits_on_the_latest_window():
    r = rolling_gm11(NOISE, horizon=3, window=5)
    x = NOISE.to_numpy()
    f1 = gm11(x[-5:], horizon=1).kind("forecast").iloc[0]
    f2 = gm11(np.append(x[-4:], f1), horizon=1).kind("forecast").iloc[0]
    np.testing.assert_allclose(r.kind("forecast").to_numpy()[:2], [f1, f2], rtol=1e-12)
    steps = r.meta["steps"]
    assert [s["period"] for s in steps] == [1993, 1994, 1995]
    assert (steps[1]["window_start"], steps[1]["window_end"]) == (1989, 1993)
    assert list(r.kind("fitted").index) == list(range(1988, 1993))
    assert r.meta["a"] == pytest.approx(gm11(x[-5:]).meta["a"], rel=1e-12)


def test_rolling_gm11_full_window_one_step_equals_gm11():
    r = rolling_gm11(NOISE, horizon=1)
    assert r.kind("forecast").iloc[0] == pytest.approx(gm11(NOISE, horizon=1).kind("forecast").iloc[0])


@pytest.mark.parametrize("window", [3, 8, 4.5, True])
def test_rolling_gm11_bad_window(window):
    with pytest.raises(InputError, match="window"):
        rolling_gm11(NOISE, horizon=2, window=window)


def test_grade_bands_at_their_edges():
    """Strict limits of the classic table (Liu & Lin 2010, Table 6.3.1): good C < 0.35 &
    P > 0.95; qualified C < 0.50 & P > 0.80; barely C < 0.65 & P > 0.70; else unqualified;
    NaN undefined. A value on a limit fails that grade (issue 15: C = 0.65 is unqualified)."""
    from revitalize.forecast.grey import GRADES, grade_codes

    C = np.array([0.35, 0.3499999, 0.50, 0.65, 0.6499, 0.10, 0.10, 0.10, 0.10, 0.10, np.nan])
    P = np.array([1.0, 0.95, 0.90, 1.0, 0.71, 0.9500001, 0.80, 0.70, 0.7000001, 0.81, 1.0])
    assert [GRADES[i] for i in grade_codes(C, P)] == [
        "qualified", "qualified", "barely", "unqualified", "barely", "good", "barely",
        "unqualified", "barely", "qualified", "undefined"]
