"""ARIMA and ETS adapters: equal to statsmodels called directly with the chosen specification
(statsmodels 0.14, tolerance 1e-10), selection by the named criterion, input errors."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from revitalize.errors import DataQualityWarning, InputError
from revitalize.forecast import statistical
from revitalize.forecast.statistical import (
    _arima_grid,
    _arima_trend,
    _fit_quietly,
    _parse_spec,
    arima,
    ets,
)

TOL = 1e-10


def _series(n: int = 12, seed: int = 1) -> pd.Series:
    rng = np.random.default_rng(seed)
    y = 50 * 1.04 ** np.arange(n) + rng.normal(0, 1.5, n)
    return pd.Series(y, index=range(2005, 2005 + n), name="demo")


def test_arima_equals_statsmodels_with_the_chosen_order():
    y = _series()
    res = arima(y, 3, max_p=1, max_d=1, max_q=0)
    p, d, q = res.meta["order"]
    direct = ARIMA(y.to_numpy(), order=(p, d, q), trend=res.meta["statsmodels_trend"]).fit()
    fc = direct.get_forecast(3)
    ci = fc.conf_int(alpha=0.05)
    np.testing.assert_allclose(res.kind("forecast").to_numpy(), fc.predicted_mean, rtol=TOL)
    np.testing.assert_allclose(res.kind("lower").to_numpy(), ci[:, 0], rtol=TOL)
    np.testing.assert_allclose(res.kind("upper").to_numpy(), ci[:, 1], rtol=TOL)
    np.testing.assert_allclose(res.kind("fitted").to_numpy(), direct.fittedvalues[d:], rtol=TOL)
    assert res.meta["aic"] == pytest.approx(direct.aic, rel=TOL)
    assert list(res.kind("forecast").index) == [2017, 2018, 2019]
    assert list(res.kind("fitted").index) == list(range(2005 + d, 2017))


def test_arima_selects_the_lowest_criterion_among_fitted_candidates():
    y = _series()
    for ic in ("aic", "bic"):
        res = arima(y, 2, ic=ic, max_p=1, max_d=0, max_q=1, trend="with")
        cand = res.extra["candidates"]
        fitted = cand[cand["status"] == "fitted"]
        assert len(cand) == 4 and res.meta["selected"] == fitted[ic].idxmin()
        assert res.meta["conventions"]["ic"] == ic


def test_arima_trend_term_is_a_constant_of_the_differenced_series():
    assert [_arima_trend(d, True) for d in (0, 1, 2)] == ["c", "t", [0, 0, 1]]
    assert _arima_trend(1, False) == "n"
    y = _series()
    res = arima(y, 3, order=(0, 1, 0), trend="with")
    drift = res.meta["params"]["x1"]
    expected = y.iloc[-1] + drift * np.arange(1, 4)
    np.testing.assert_allclose(res.kind("forecast").to_numpy(), expected, rtol=1e-9)
    assert res.meta["trend"] == "with" and res.meta["statsmodels_trend"] == "t"


def test_arima_grid_keeps_two_degrees_of_freedom():
    rows = _arima_grid(6, 2, 1, 2, "without", None)
    infeasible = {(r["p"], r["d"], r["q"]) for r in rows if not r["feasible"]}
    # k = p + q + 1 (variance); feasible when n - d >= k + 2
    assert infeasible == {(2, 0, 2), (1, 1, 2), (2, 1, 1), (2, 1, 2)}
    assert len(rows) == 18 and {r["trend"] for r in rows} == {"without"}
    with pytest.raises(InputError, match="no ARIMA candidate"):
        arima(_series(6), 1, order=(2, 2, 2))


def test_ets_equals_statsmodels_for_an_additive_specification():
    y = _series()
    res = ets(y, 3, specs=("ANN", "AAN"), level=0.9)
    spec = res.meta["spec"]
    direct = ETSModel(pd.Series(y.to_numpy()), error="add",
                      trend="add" if spec == "AAN" else None).fit(disp=False)
    frame = direct.get_prediction(start=12, end=14).summary_frame(alpha=0.1)
    np.testing.assert_allclose(res.kind("forecast").to_numpy(), frame["mean"], rtol=TOL)
    np.testing.assert_allclose(res.kind("lower").to_numpy(), frame["pi_lower"], rtol=TOL)
    np.testing.assert_allclose(res.kind("upper").to_numpy(), frame["pi_upper"], rtol=TOL)
    np.testing.assert_allclose(res.kind("fitted").to_numpy(), direct.fittedvalues, rtol=TOL)
    cand = res.extra["candidates"]
    assert res.meta["aic"] == pytest.approx(cand["aic"].min(), rel=TOL)
    assert res.meta["interval_method"] == "exact" and res.meta["level"] == 0.9


def test_ets_multiplicative_intervals_are_simulated_with_the_named_seed():
    y = _series()
    res = ets(y, 2, spec="MAdN", seed=7, repetitions=200)
    direct = ETSModel(pd.Series(y.to_numpy()), error="mul", trend="add",
                      damped_trend=True).fit(disp=False)
    frame = direct.get_prediction(start=12, end=13, simulate_repetitions=200,
                                  rng=np.random.default_rng(7)).summary_frame(alpha=0.05)
    np.testing.assert_allclose(res.kind("lower").to_numpy(), frame["pi_lower"], rtol=TOL)
    np.testing.assert_allclose(res.kind("upper").to_numpy(), frame["pi_upper"], rtol=TOL)
    assert res.meta["interval_method"] == "simulated" and res.meta["damped"] is True


def test_ets_skips_multiplicative_specifications_for_non_positive_series():
    y = _series() - 60  # crosses zero
    res = ets(y, 1, specs=("ANN", "MNN"))
    cand = res.extra["candidates"]
    assert cand.loc["ETS(MNN)", "status"] == "skipped: multiplicative needs positive values"
    assert res.meta["spec"] == "ANN"


@pytest.mark.parametrize("kwargs, field", [
    ({"horizon": 0}, "horizon"), ({"level": 1.5}, "level"), ({"ic": "hqic"}, "ic"),
    ({"trend": "maybe"}, "trend"), ({"order": (1, 1)}, "order"), ({"max_p": 3}, "max_p"),
])
def test_arima_argument_errors_name_the_field(kwargs, field):
    with pytest.raises(InputError) as err:
        arima(_series(), **kwargs)
    assert err.value.field == field


def test_ets_unknown_specification_names_the_field():
    with pytest.raises(InputError) as err:
        ets(_series(), spec="AAA")
    assert err.value.field == "spec"
    assert _parse_spec("MMdN") == {"spec": "MMdN", "error": "mul", "trend": "mul",
                                   "damped": True, "k": 5}
    with pytest.raises(InputError, match="no ETS specification"):
        ets(_series(), specs=())


@pytest.mark.parametrize("values, periods, expected", [
    ([1.0, 2.0, 3.0, 4.0], None, "at least 5 points"),
    ([1.0, 2.0, np.nan, 4.0, 5.0], None, "no gaps"),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [2000, 2001, 2003, 2004, 2005], "consecutive years"),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [2000.0, 2000.5, 2001.0, 2001.5, 2002.0], "annual periods"),
])
def test_bad_series_raise_input_error_naming_the_series(values, periods, expected):
    for model in (arima, ets):
        with pytest.raises(InputError, match=expected) as err:
            model(values, 2, periods=periods, name="gdp")
        assert err.value.field == "gdp"


def test_fit_status_records_failures_and_non_convergence():
    def boom():
        raise ValueError("singular\n matrix")

    def slow():
        warnings.warn("did not converge", ConvergenceWarning, stacklevel=1)
        return "res"

    assert _fit_quietly(boom) == (None, "failed: singular matrix")
    assert _fit_quietly(slow) == ("res", "fitted, not converged")


def test_choice_among_non_converged_fits_warns(monkeypatch):
    monkeypatch.setattr(statistical, "_fit_quietly", lambda fit: (fit(), "fitted, not converged"))
    with pytest.warns(DataQualityWarning, match="no ETS candidate converged"):
        res = ets(_series(), 1, specs=("ANN",))
    assert res.extra["candidates"].loc["ETS(ANN)", "status"] == "fitted, not converged"
