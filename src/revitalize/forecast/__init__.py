"""Forecasting: grey models (GM(1,1) and variants) beside ARIMA/ETS, judged by backtests."""
