"""gm11_batch: the vectorised fit equals the per-series fit; labelled wrapper; every error path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError
from revitalize.forecast.base import ForecastResult
from revitalize.forecast.grey import gm11
from revitalize.forecast.grey_variants import GreyBatch, gm11_batch


def _series(n_series: int = 60, n: int = 9, seed: int = 1) -> np.ndarray:
    """Positive series growing 2-10 % a year with 1 % noise, scales 1 to 1e6 (all admissible)."""
    rng = np.random.default_rng(seed)
    growth = rng.uniform(0.02, 0.10, (n_series, 1))
    return 10 ** rng.uniform(0, 6, (n_series, 1)) * np.exp(
        np.cumsum(growth + rng.normal(0, 0.01, (n_series, n)), axis=1))


@pytest.mark.parametrize("conventions", [
    {}, {"residual_convention": "include_first", "std_convention": "sample", "background": 0.4}])
def test_batch_equals_per_series_fit(conventions):
    """Closed-form vectorised 2x2 least squares vs gm11's lstsq, series by series: 1e-12."""
    Y = _series()
    r = gm11_batch(Y, 4, **conventions)
    assert isinstance(r, GreyBatch) and r.fitted.shape == (60, 9) and r.forecast.shape == (60, 4)
    for i in range(Y.shape[0]):
        s = gm11(Y[i], 4, **conventions)
        m = s.meta
        np.testing.assert_allclose([r.a[i], r.b[i]], [m["a"], m["b"]], rtol=1e-12)
        np.testing.assert_allclose(r.fitted[i], s.kind("fitted"), rtol=1e-12)
        np.testing.assert_allclose(r.forecast[i], s.kind("forecast"), rtol=1e-12)
        np.testing.assert_allclose([r.P[i], r.mean_relative_error[i], r.S1[i]],
                                   [m["P"], m["mean_relative_error"], m["S1"]], rtol=1e-12)
        # residuals are small differences of large numbers: a 1e-14 change of a fitted value
        # moves S2 (and C) by up to x/e times more, hence 1e-10 there
        np.testing.assert_allclose([r.C[i], r.S2[i]], [m["C"], m["S2"]], rtol=1e-10)
        assert r.grade[i] == m["grade"]
    assert r.ratio_passed.all() and not r.translation.any()


def test_labelled_wrapper_long_table_and_parameters():
    Y = _series(3, 8)
    cols = pd.MultiIndex.from_tuples([("210000", "gdp"), ("220000", "gdp"), ("230000", "output")])
    frame = pd.DataFrame(Y.T, index=range(2011, 2019), columns=cols)
    r = gm11_batch(frame, 2)
    assert isinstance(r, ForecastResult)
    assert list(r.table.columns) == ["series", "period", "value", "kind"]
    assert r.table.groupby("kind").size().to_dict() == {"observed": 24, "fitted": 24, "forecast": 6}
    assert list(r.kind("forecast", "220000/gdp").index) == [2019, 2020]
    one = gm11(frame[("230000", "output")], 2)
    np.testing.assert_allclose(r.kind("forecast", "230000/output"), one.kind("forecast"), rtol=1e-12)
    np.testing.assert_allclose(r.kind("observed", "210000/gdp"), Y[0], rtol=0)
    assert r.meta["parameters"]["220000/gdp"]["a"] == pytest.approx(gm11(Y[1]).meta["a"], rel=1e-12)
    assert list(r.extra["parameters"].index) == ["210000/gdp", "220000/gdp", "230000/output"]
    assert r.meta["n_series"] == 3 and r.meta["conventions"]["residual_convention"] == "exclude_first"
    r.to_json_dict()


def test_ratio_failures_warn_once_raise_or_translate_per_series():
    Y = _series(5, 6)
    Y[2] = [1.0, 10.0, 11.0, 12.0, 13.0, 14.0]
    with pytest.warns(DataQualityWarning, match=r"1 of 5 series .*row 2") as record:
        r = gm11_batch(Y, 2)
    assert len(record) == 1 and not r.ratio_passed[2] and r.ratio_passed.sum() == 4
    with pytest.raises(InputError, match="class-ratio"):
        gm11_batch(Y, 2, on_ratio_fail="raise")
    with pytest.warns(DataQualityWarning, match="translated"):
        t = gm11_batch(Y, 2, on_ratio_fail="translate")
    with pytest.warns(DataQualityWarning, match="translated"):
        one = gm11(Y[2], 2, on_ratio_fail="translate")
    assert t.translation[2] == pytest.approx(one.meta["translation"], rel=1e-12)
    assert t.translation[[0, 1, 3, 4]].tolist() == [0, 0, 0, 0]
    np.testing.assert_allclose(t.forecast[2], one.kind("forecast"), rtol=1e-12)
    np.testing.assert_allclose(t.forecast[0], r.forecast[0], rtol=0)


@pytest.mark.parametrize("bad, match", [
    (np.nan, "missing"), (0.0, "non-positive"), (-1.0, "non-positive"), (np.inf, "non-finite")])
def test_bad_values_name_the_series(bad, match):
    Y = _series(4, 6)
    Y[3, 2] = bad
    with pytest.raises(InputError, match=match) as err:
        gm11_batch(Y, 2)
    assert err.value.row == "row 3"
    frame = pd.DataFrame(Y.T, index=range(2001, 2007), columns=["a", "b", "c", "liaoning"])
    with pytest.raises(InputError, match="liaoning"):
        gm11_batch(frame, 2)


@pytest.mark.parametrize("Y", [np.ones(6), np.ones((3, 3)), np.ones((0, 6))])
def test_bad_shapes(Y):
    with pytest.raises(InputError):
        gm11_batch(Y, 2)


def test_frame_periods_and_labels_are_checked():
    Y = _series(2, 5)
    with pytest.raises(InputError, match="consecutive"):
        gm11_batch(pd.DataFrame(Y.T, index=[2001, 2002, 2003, 2005, 2006]), 1)
    with pytest.raises(InputError, match="Q"):
        gm11_batch(pd.DataFrame(Y.T, index=pd.period_range("2001Q1", periods=5, freq="Q")), 1)
    with pytest.raises(InputError, match="duplicate"):
        gm11_batch(pd.DataFrame(Y.T, index=range(2001, 2006), columns=["x", "x"]), 1)
    with pytest.raises(InputError, match="horizon"):
        gm11_batch(Y, -2)


def test_many_series_across_blocks():
    """Series are processed in blocks of BLOCK: results at the block edges equal gm11's, and a
    failure in a later block is counted with the others."""
    from revitalize.forecast.grey_variants import BLOCK

    Y = _series(2 * BLOCK + 10, 10, seed=3)
    r = gm11_batch(Y, 5)
    assert r.forecast.shape == (2 * BLOCK + 10, 5) and np.isfinite(r.forecast).all()
    assert set(np.unique(r.grade)) <= {"good", "qualified", "barely", "unqualified"}
    for i in (BLOCK - 1, BLOCK, 2 * BLOCK + 9):
        np.testing.assert_allclose(r.forecast[i], gm11(Y[i], 5).kind("forecast"), rtol=1e-12)
    Y[[5, BLOCK + 5, 2 * BLOCK + 5], 1] *= 10
    with pytest.raises(InputError, match=rf"3 of {2 * BLOCK + 10} series .*row {BLOCK + 5}"):
        gm11_batch(Y, 5, on_ratio_fail="raise")


def test_constant_and_overflowing_series_warn():
    Y = _series(3, 6)
    Y[1] = 5.0
    with pytest.warns(DataQualityWarning, match=r"1 of 3 series are constant.*row 1"):
        r = gm11_batch(Y, 2)
    assert r.grade[1] == "undefined" and np.isnan(r.C[1])
    with pytest.warns(DataQualityWarning, match="overflowing"):
        gm11_batch(np.array([1.3 ** np.arange(5)]), 4000)


def test_batch_without_diagnostics_gives_the_same_forecasts():
    import numpy as np

    from revitalize.forecast.grey_variants import gm11_batch

    rng = np.random.default_rng(3)
    X = 100 * np.exp(np.cumsum(rng.uniform(0.01, 0.08, (50, 8)), axis=1))
    full, fast = gm11_batch(X, 5), gm11_batch(X, 5, diagnostics=False)
    np.testing.assert_array_equal(full.forecast, fast.forecast)
    np.testing.assert_array_equal(full.a, fast.a)
    assert np.isnan(fast.C).all() and set(fast.grade) == {"not computed"}
