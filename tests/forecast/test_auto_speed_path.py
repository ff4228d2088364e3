"""The default ``auto`` path of issue 15: ARIMA's ``d`` by KPSS tests (checked against
statsmodels' ``kpss`` called directly, and the chosen order against statsmodels' ARIMA to
1e-10), the narrow grids, the last origins, and the progress callback."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.stattools import kpss

from revitalize.errors import InputError
from revitalize.forecast.backtest import AUTO_OPTIONS, auto_forecast, backtest
from revitalize.forecast.statistical import _kpss_d, arima

TOL = 1e-10


def _walk(n: int = 30, seed: int = 3) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100 + np.cumsum(rng.normal(1.0, 2.0, n)), index=range(1991, 1991 + n),
                     name="walk")


def _direct_d(y: np.ndarray, max_d: int) -> int:
    """The differencing rule written out with statsmodels' kpss (5 %, constant, auto lags)."""
    x = np.asarray(y, dtype=float)
    for d in range(max_d):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kpss(x, regression="c", nlags="auto")[1] >= 0.05:
                return d
        x = np.diff(x)
    return max_d


@pytest.mark.parametrize("seed", range(6))
def test_kpss_d_follows_statsmodels_kpss(seed):
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 1, 40)
    for y in (noise, np.cumsum(noise) + 5, np.cumsum(np.cumsum(noise))):
        assert _kpss_d(y, 2) == _direct_d(y, 2)
    assert _kpss_d(noise, 0) == 0


def test_kpss_d_on_a_random_walk_and_white_noise():
    assert _kpss_d(_walk().to_numpy(), 1) == 1
    assert _kpss_d(np.random.default_rng(0).normal(0, 1, 40), 1) == 0


def test_arima_with_kpss_d_equals_statsmodels_with_the_chosen_order():
    y = _walk()
    res = arima(y, 3, **AUTO_OPTIONS["arima"])
    p, d, q = res.meta["order"]
    assert d == res.meta["kpss_d"] == 1 and p <= 1 and q <= 1
    cands = res.extra["candidates"]
    assert set(cands["d"]) == {1} and len(cands) == 4  # only p, q searched once d is fixed
    direct = ARIMA(y.to_numpy(), order=(p, d, q), trend=res.meta["statsmodels_trend"]).fit()
    fc = res.kind("forecast").to_numpy()
    assert np.allclose(fc, direct.get_forecast(3).predicted_mean, rtol=TOL, atol=0)
    assert "KPSS" in res.meta["conventions"]["select_d"]


def test_select_d_is_checked():
    with pytest.raises(InputError) as err:
        arima(_walk(), 1, select_d="adf")
    assert err.value.field == "select_d"


@pytest.mark.filterwarnings("ignore:model 'gm11' warned")
def test_progress_counts_every_fit_of_the_last_origins():
    calls = []
    res = backtest(_walk(), ["gm11", "naive"], 2, max_origins=4,
                   progress=lambda done, total, text: calls.append((done, total, text)))
    assert [c[0] for c in calls] == list(range(1, 9)) and {c[1] for c in calls} == {8}
    assert calls[-1][2] == "walk: naive, origin 2019"
    assert res.meta["conventions"]["max_origins"] == 4
    assert res.meta["conventions"]["origins"] == [2016, 2019]


@pytest.mark.filterwarnings("ignore:model 'gm11' warned")
def test_auto_scores_every_candidate_on_the_same_origins():
    res = auto_forecast(_walk(), 2, models=["gm11", "arima", "naive"], max_origins=3)
    scores = pd.DataFrame(res.meta["auto"]["scores"]).set_index("model")
    assert list(scores.index) == ["gm11", "arima", "naive"]
    assert scores["n"].nunique() == 1 and scores["n"].iloc[0] == 5  # 2 + 2 + 1 forecasts
    assert res.meta["model"] == scores["mape"].idxmin()
    assert "narrow" in res.meta["auto"]["backtest"]["grids"]
