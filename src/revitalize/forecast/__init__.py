"""Forecasting: grey models (GM(1,1) and variants) beside ARIMA/ETS, judged by backtests.

Family-level names (imported lazily, on first use: ARIMA/ETS need the ``forecast`` extra,
``pip install 'revitalize[forecast]'``, only when called)::

    from revitalize.forecast import gm11, auto_forecast, forecast_many, ForecastResult
    from revitalize.forecast import backtest            # the module (function backtest.backtest)

``backtest`` is a module holding a function of the same name: a package attribute cannot be
both.
"""

from __future__ import annotations

from revitalize._lazy import lazy_exports

# public name -> the module of this family that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    "ForecastResult": "base",
    "as_annual_series": "base",
    "gm11": "grey",
    "dgm11": "grey_variants",
    "verhulst": "grey_variants",
    "rolling_gm11": "grey_variants",
    "gm11_batch": "grey_variants",
    "arima": "statistical",
    "ets": "statistical",
    "AUTO_MODELS": "backtest",
    "MODELS": "backtest",
    "BacktestResult": "backtest",
    "auto_forecast": "backtest",
    "forecast_many": "backtest",
    "naive": "backtest",
    "combine": "backtest",
    "region_series": "series",
    "share_of_nation": "series",
    "read_series_csv": "series",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
