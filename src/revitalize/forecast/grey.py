"""Grey forecasting: GM(1,1) for one series and for many series in one vectorised call.

Model (Deng Julong 1982; Liu Sifeng & Lin Yi 2010, *Grey Systems: Theory and Applications*,
Springer, ch. 6). For a positive annual series ``x0(1..n)``:

* 1-AGO ``x1(k) = sum_{i<=k} x0(i)``; background ``z(k) = w x1(k) + (1 - w) x1(k-1)``
  (``k = 2..n``; ``w`` = ``background``, 0.5 is the textbook mean);
* grey equation ``x0(k) + a z(k) = b`` fitted by least squares: ``[a, b] = argmin
  sum_k (x0(k) + a z(k) - b)^2`` -- ``a`` the development coefficient, ``b`` the grey input;
* time response ``x1^(k+1) = (x0(1) - b/a) e^{-ak} + b/a`` and restored values
  ``x0^(k+1) = (1 - e^a)(x0(1) - b/a) e^{-ak}`` (``k >= 1``; ``x0^(1) = x0(1)``), evaluated as
  ``(b expm1(a)/a - expm1(a) x0(1)) e^{-ak}`` so that ``a -> 0`` stays finite.

Admissibility (class-ratio / level-ratio test, Liu & Lin 2010 sec. 6.1): ``sigma(k) =
x0(k-1)/x0(k)``, ``k = 2..n``, must lie in ``(e^{-2/(n+1)}, e^{2/(n+1)})``. On failure
``on_ratio_fail`` decides: ``"warn"`` (default: DataQualityWarning, fit anyway), ``"raise"``
(InputError) or ``"translate"`` (shift the series by a constant ``c``, fit, subtract ``c`` from
fitted values and forecasts; ``c`` is recorded; see :func:`admissible_translation`).

Accuracy (posterior-variance test, Deng's textbook; Liu & Lin 2010 sec. 6.3): residuals
``e(k) = x0(k) - x0^(k)``; ``S1`` = standard deviation of the ``n`` observations, ``S2`` = standard
deviation of the residuals; ``C = S2 / S1``; ``P = share of k with |e(k) - mean(e)| < 0.6745 S1``.
Grade (strict, as in the classic table): good ``C < 0.35 & P > 0.95``; qualified ``C < 0.50 &
P > 0.80``; barely ``C < 0.65 & P > 0.70``; otherwise unqualified (``"undefined"`` when ``S1 = 0``). Conventions:

* ``residual_convention`` -- ``"exclude_first"`` (default: ``e(1) = 0`` by construction and would
  inflate ``P`` and shrink ``S2``) or ``"include_first"`` (Liu Sifeng's textbook sums over
  ``k = 1..n``). It applies to ``S2``, ``P`` and the mean relative error alike;
* ``std_convention`` -- ``"population"`` (default, divisor ``n`` as in Deng's textbook and Liu's)
  or ``"sample"`` (divisor ``n - 1``), for ``S1`` and ``S2`` alike.

Mean relative error ``mean |e(k)| / x0(k)`` (original scale) with Liu & Lin's grades: level I
``<= 0.01``, II ``<= 0.05``, III ``<= 0.10``, IV ``<= 0.20``, else unqualified. The development
coefficient is judged by Liu Sifeng & Deng Julong (2000), "The range suitable for GM(1,1)",
*Systems Engineering -- Theory & Practice* 20(5): ``|a| <= 0.3`` medium/long term, ``<= 0.5``
short term, ``<= 0.8`` short term with caution, ``<= 1`` residual correction needed, ``> 1``
not suitable (warned).

Grey models have no standard prediction interval. ``interval="empirical"`` (opt-in) gives a band
from the empirical quantiles of the in-sample signed relative errors ``e(k)/x0^(k)``
(``numpy.quantile``, linear), widened to contain the point forecast; it ignores parameter
uncertainty and the growth of error with the horizon, and says so in ``meta``.

Variants (DGM(1,1), grey Verhulst, rolling GM(1,1)) and the many-series :func:`gm11_batch` live
in :mod:`.grey_variants` and are importable from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.forecast.base import ForecastResult, as_annual_series, long_frame
from revitalize.results import build_meta

__all__ = [
    "RESIDUAL_RULES",
    "STD_DIVISORS",
    "TIME_RESPONSE",
    "annual_index",
    "assemble",
    "check_choice",
    "check_options",
    "prepare",
    "ratio_bounds",
    "ratio_step",
    "translation_rule",
    "GRADES",
    "accuracy",
    "admissible_translation",
    "class_ratio_test",
    "gm11",
    "gm11_fit",
    "gm11_many",
    "gm11_response",
    "grade_codes",
]

GRADES = ("good", "qualified", "barely", "unqualified", "undefined")
MRE_GRADES = ((0.01, "level I"), (0.05, "level II"), (0.10, "level III"), (0.20, "level IV"))
A_BANDS = ((0.3, "medium- and long-term forecasting"), (0.5, "short-term forecasting"),
           (0.8, "short-term forecasting with caution"), (1.0, "residual correction needed"))
RESIDUAL_CONVENTIONS = ("exclude_first", "include_first")
STD_CONVENTIONS = ("population", "sample")
ON_RATIO_FAIL = ("warn", "raise", "translate")
INTERVALS = (None, "empirical")
#: auto translation = this factor x the smallest shift that makes every ratio admissible
TRANSLATION_MARGIN = 1.1
STD_DIVISORS = {"population": "n (Deng's textbook, Liu & Lin)", "sample": "n - 1"}
RESIDUAL_RULES = {"exclude_first": "k = 2..n (e(1) = 0 by construction)",
              "include_first": "k = 1..n (Liu Sifeng's textbook)"}
TIME_RESPONSE = "x0^(k+1) = (1 - e^a)(x0(1) - b/a) e^(-ak), x1^(1) = x0(1)"


# ---------------------------------------------------------------------------- kernels
def ratio_bounds(n: int) -> tuple[float, float]:
    """Admissible open interval of the class ratio for ``n`` points: ``(e^{-2/(n+1)}, e^{2/(n+1)})``."""
    return float(np.exp(-2.0 / (n + 1))), float(np.exp(2.0 / (n + 1)))


def class_ratio_test(T: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """Class ratios ``sigma(k) = x0(k-1)/x0(k)`` and whether each series passes.

    ``T`` is time-major: (n,) for one series or (n, n_series). Returns ``(sigma (n-1, ...),
    passed (n_series,), (lower, upper))``; the bounds are open.
    """
    T = _time_major(T)
    lo, hi = ratio_bounds(T.shape[0])
    sigma = T[:-1] / T[1:]
    inside = sigma > lo
    inside &= sigma < hi  # NaN ratios compare False, so they fail
    return sigma, inside.all(axis=0), (lo, hi)


def _time_major(T: np.ndarray) -> np.ndarray:
    """One series (n,) as a column (n, 1); (n, n_series) unchanged."""
    T = np.asarray(T, dtype=float)
    return T[:, None] if T.ndim == 1 else T


def admissible_translation(T: np.ndarray) -> np.ndarray:
    """Shift ``c >= 0`` per series making every class ratio of ``x0 + c`` admissible.

    Each ratio ``(x(k-1) + c)/(x(k) + c)`` tends monotonically to 1 as ``c`` grows, so each pair
    needs ``c > (x(k-1) - hi x(k))/(hi - 1)`` (ratio too high) or ``c > (lo x(k) - x(k-1))/(1 - lo)``
    (too low). The rule used: ``c = TRANSLATION_MARGIN (1.1) x`` the largest of these bounds (0 for
    series that already pass), so ratios lie strictly inside the interval. ``T`` time-major.
    """
    T = _time_major(T)
    lo, hi = ratio_bounds(T.shape[0])
    prev, cur = T[:-1], T[1:]
    need = np.maximum((prev - hi * cur) / (hi - 1.0), (lo * cur - prev) / (1.0 - lo))
    return TRANSLATION_MARGIN * np.maximum(need.max(axis=0), 0.0)


def gm11_fit(x0: np.ndarray, background: float = 0.5) -> tuple[float, float]:
    """``(a, b)`` of GM(1,1) by least squares on ``B = [-z, 1]``, ``Y = x0(2..n)`` (lstsq, SVD).

    ``z(k) = w x1(k) + (1 - w) x1(k-1)`` with ``w = background`` (Liu & Lin 2010, sec. 6.1).
    """
    x1 = np.cumsum(x0)
    z = background * x1[1:] + (1.0 - background) * x1[:-1]
    B = np.column_stack((-z, np.ones_like(z)))
    (a, b), *_ = np.linalg.lstsq(B, x0[1:], rcond=None)
    return float(a), float(b)


def _response_coef(x01, a, b):
    """``(1 - e^a)(x0(1) - b/a)`` as ``b expm1(a)/a - expm1(a) x0(1)`` (finite at ``a = 0``)."""
    em1 = np.expm1(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.divide(em1, a)
    ratio = np.where(a == 0, 1.0, ratio)  # limit of (e^a - 1)/a
    return b * ratio - em1 * x01


def gm11_response(x01: float, a: float, b: float, k: np.ndarray) -> np.ndarray:
    """Restored values ``x0^(k+1)`` at 0-based positions ``k >= 1`` (see the module docstring)."""
    with np.errstate(over="ignore"):
        return _response_coef(x01, a, b) * np.exp(-a * np.asarray(k, dtype=float))


def gm11_many(T: np.ndarray, horizon: int, background: float = 0.5, out: np.ndarray | None = None):
    """GM(1,1) of every series at once; ``T`` time-major (n, n_series), positive.

    Returns ``(a, b, R)`` with ``R`` (n + horizon, n_series) (written into ``out`` if given):
    rows ``0..n-1`` fitted values (row 0 = ``x0(1)``), rows ``n..`` forecasts. No loop over
    series (loops run over the ``n`` periods, each step one vector operation across series).

    The 2x2 normal equations of ``x0(k) = -a z(k) + b`` (``z(k) = x1(k-1) + w x0(k)``) are
    accumulated in one pass with ``z`` shifted by ``zref = (z(2) + z(n))/2`` to avoid
    cancellation: ``a = (Sz Sy - m Szy) / (m Szz - Sz^2)``, ``b = (Sy + a (Sz + m zref)) / m``,
    ``m = n - 1``. Restored values use ``e^{-ak} = r^k``, ``r = e^{-a}``, by repeated products.
    """
    n, N = T.shape
    m = n - 1
    total = T.sum(axis=0)
    zref = 0.5 * (T[0] + background * T[1] + total - (1.0 - background) * T[-1])
    x1 = T[0] - zref
    sz, szz, szy = np.zeros(N), np.zeros(N), np.zeros(N)
    z, tmp = np.empty(N), np.empty(N)
    for j in range(1, n):
        np.multiply(T[j], background, out=z)
        z += x1
        x1 += T[j]
        sz += z
        szz += np.multiply(z, z, out=tmp)
        szy += np.multiply(z, T[j], out=tmp)
    sy = total - T[0]
    a = (sz * sy - m * szy) / (m * szz - sz * sz)
    b = (sy + a * (sz + m * zref)) / m
    R = np.empty((n + horizon, N)) if out is None else out
    R[0] = T[0]
    with np.errstate(over="ignore", invalid="ignore"):
        r = np.exp(-a)
        np.multiply(_response_coef(T[0], a, b), r, out=R[1])
        for j in range(2, n + horizon):
            np.multiply(R[j - 1], r, out=R[j])
    return a, b, R


def accuracy(T: np.ndarray, F: np.ndarray, *, residual_convention: str = "exclude_first",
             std_convention: str = "population") -> dict[str, np.ndarray]:
    """Posterior-variance test per series: ``S1, S2, C, P, mean_relative_error, grade codes``.

    ``T`` observed, ``F`` fitted, time-major ((n,) or (n, n_series)). See the module docstring
    for the formulas and the two conventions. ``C`` and ``P`` are NaN (grade code 4,
    ``"undefined"``) where ``S1 = 0``.
    """
    T, F = _time_major(T), _time_major(F)
    start = 1 if residual_convention == "exclude_first" else 0
    ddof = 0 if std_convention == "population" else 1
    n, m = T.shape[0], T.shape[0] - start
    D = T - T.sum(axis=0) / n
    S1 = np.sqrt(np.einsum("ij,ij->j", D, D) / (n - ddof))
    E = np.subtract(T[start:], F[start:], out=D[start:])
    rel = np.abs(E)
    rel /= T[start:]
    E -= E.sum(axis=0) / m  # deviations from the mean residual
    S2 = np.sqrt(np.einsum("ij,ij->j", E, E) / (m - ddof))
    np.abs(E, out=E)
    with np.errstate(divide="ignore", invalid="ignore"):
        C = S2 / S1
        P = (E < 0.6745 * S1).sum(axis=0) / m
    if not S1.all():  # constant series: C and P undefined
        C[S1 == 0], P[S1 == 0] = np.nan, np.nan
    return {"S1": S1, "S2": S2, "C": C, "P": P, "mean_relative_error": rel.sum(axis=0) / m,
            "grade": grade_codes(C, P)}


def grade_codes(C: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Index into :data:`GRADES` for each ``(C, P)`` pair (bands in the module docstring).

    The bands are nested, so the grade is the worse of the ``C`` band (``C < 0.35, 0.50,
    0.65``) and the ``P`` band (``P > 0.95, 0.80, 0.70``); NaN gives 4 (``"undefined"``).
    The limits are strict, as in the classic table (Liu & Lin 2010, Table 6.3.1; Deng's
    textbook): a model passes a grade only strictly beyond both its limits, so ``C = 0.65``
    is unqualified and ``P = 0.95`` is not good.
    """
    c_band = np.searchsorted((0.35, 0.50, 0.65), C, side="right")
    p_band = 3 - np.searchsorted((0.70, 0.80, 0.95), P, side="left")
    code = np.maximum(c_band, p_band).astype(np.int8)
    code[np.isnan(C) | np.isnan(P)] = 4
    return code


def mre_grade(mre: float) -> str:
    """Liu & Lin's relative-error grade of a mean relative error."""
    return next((label for limit, label in MRE_GRADES if mre <= limit), "unqualified")


def a_band(a: float) -> str:
    """Applicability of GM(1,1) by ``|a|`` (Liu & Deng 2000, stated there for ``-a``)."""
    return next((label for limit, label in A_BANDS if abs(a) <= limit), "GM(1,1) not suitable")


# ---------------------------------------------------------------------------- validation
def check_choice(value, allowed, field: str) -> None:
    """Raise :class:`InputError` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise InputError(f"{field}={value!r} is not a known option", field=field,
                         expected=" or ".join(repr(a) for a in allowed))


def check_options(*, horizon=0, background=0.5, residual_convention="exclude_first",
                  std_convention="population", on_ratio_fail="warn", interval=None,
                  level=0.9) -> None:
    """Validate the keywords every grey model shares."""
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 0:
        raise InputError(f"horizon={horizon!r}", field="horizon", expected="an integer >= 0")
    if not (isinstance(background, (int, float)) and 0.0 <= background <= 1.0):
        raise InputError(f"background={background!r}", field="background",
                         expected="a weight in [0, 1] on x1(k) in z(k)")
    check_choice(residual_convention, RESIDUAL_CONVENTIONS, "residual_convention")
    check_choice(std_convention, STD_CONVENTIONS, "std_convention")
    check_choice(on_ratio_fail, ON_RATIO_FAIL, "on_ratio_fail")
    check_choice(interval, INTERVALS, "interval")
    if not 0.0 < level < 1.0:
        raise InputError(f"level={level!r}", field="level", expected="a coverage in (0, 1)")


def prepare(series, periods, name, min_length: int = 4) -> tuple[str, np.ndarray, np.ndarray]:
    """Validated ``(name, years, values)`` of one positive annual series."""
    if name is None:
        name = str(series.name) if isinstance(series, pd.Series) and series.name is not None else "series"
    if periods is None and isinstance(series, pd.Series):
        periods = annual_index(series.index, name)
    years, values = as_annual_series(series, periods, name=name, min_length=min_length, positive=True)
    return name, years, values


def annual_index(index: pd.Index, name: str):
    """Years of an annual PeriodIndex; other datetime-like indexes are refused by name."""
    if isinstance(index, pd.PeriodIndex):
        if index.freqstr[0] not in "AY":
            raise InputError(f"series {name!r} has {index.freqstr} periods", field=name,
                             expected="annual periods (integer years)")
        return index.year
    if isinstance(index, pd.DatetimeIndex):
        raise InputError(f"series {name!r} is indexed by timestamps", field=name,
                         expected="integer years (use index.year for annual data)")
    return index


def ratio_step(x0, *, name, on_ratio_fail, translation) -> tuple[float, dict[str, Any]]:
    """Apply the class-ratio test and the translation rule; return ``(c, ratio_test meta)``."""
    c = 0.0 if translation is None else float(translation)
    if translation is not None and not np.isfinite(c):
        raise InputError(f"translation={translation!r}", field="translation", expected="a finite number")
    if c and (x0 + c <= 0).any():
        raise InputError(f"translation {c} makes series {name!r} non-positive", field="translation",
                         expected="a shift keeping every value positive")
    sigma, passed, (lo, hi) = class_ratio_test(x0 + c)
    sigma = sigma[:, 0]
    info = {"passed": bool(passed[0]), "lower": lo, "upper": hi,
            "min": float(sigma.min()), "max": float(sigma.max()), "translation": c}
    if passed[0]:
        return c, info
    bad = int((~((sigma > lo) & (sigma < hi))).sum())
    msg = (f"series {name!r} fails the class-ratio test: {bad} ratio(s) x(k-1)/x(k) outside "
           f"({lo:.4f}, {hi:.4f}), range [{info['min']:.4f}, {info['max']:.4f}]")
    if on_ratio_fail == "raise" or (on_ratio_fail == "translate" and translation is not None):
        raise InputError(msg + ("" if translation is None else f" after translation {c}"),
                         field=name, expected="an admissible series, or on_ratio_fail='translate'")
    if on_ratio_fail == "warn":
        _warn(msg + "; fitted anyway", DataQualityWarning, stacklevel=3)
        return c, info
    c = float(admissible_translation(x0)[0])
    _warn(msg + f"; translated by c = {c:.6g} (undone on output)", DataQualityWarning,
                  stacklevel=3)
    sigma, passed, _ = class_ratio_test(x0 + c)
    info.update(passed_after_translation=bool(passed[0]), translation=c,
                min_after=float(sigma.min()), max_after=float(sigma.max()))
    return c, info


# ---------------------------------------------------------------------------- result assembly
def diagnostics(x0, fitted, *, residual_convention, std_convention) -> tuple[dict, pd.DataFrame]:
    """Accuracy meta (C, P, grade, mean relative error) and the residual table of one fit."""
    acc = accuracy(x0, fitted, residual_convention=residual_convention, std_convention=std_convention)
    vals = {k: float(v[0]) for k, v in acc.items() if k != "grade"}
    vals["grade"] = GRADES[int(acc["grade"][0])]
    vals["mean_relative_error_grade"] = mre_grade(vals["mean_relative_error"])
    if vals["grade"] == "undefined":
        _warn("constant series: S1 = 0, so C and P are undefined", DataQualityWarning,
                      stacklevel=3)
    e = x0 - fitted
    table = pd.DataFrame({"observed": x0, "fitted": fitted, "residual": e,
                          "relative_error": np.abs(e) / x0})
    table["in_accuracy"] = np.arange(len(x0)) >= (1 if residual_convention == "exclude_first" else 0)
    return vals, table


def empirical_band(fitted, x0, forecast, *, residual_convention, level):
    """Opt-in band: forecast x (1 + quantiles of the in-sample signed relative errors)."""
    start = 1 if residual_convention == "exclude_first" else 0
    r = (x0[start:] - fitted[start:]) / fitted[start:]
    q_lo, q_hi = np.quantile(r, [(1 - level) / 2, (1 + level) / 2])
    return forecast * (1 + min(q_lo, 0.0)), forecast * (1 + max(q_hi, 0.0))


def assemble(*, method, name, years, x0, fitted, forecast, fit_years=None, conventions, params,
             residual_convention, std_convention, interval=None, level=0.9,
             extra=None) -> ForecastResult:
    """Build the :class:`ForecastResult` of one grey fit (table, residual table, meta)."""
    fit_years = years if fit_years is None else fit_years
    obs_fit = x0[-len(fit_years):]
    acc, resid = diagnostics(obs_fit, fitted, residual_convention=residual_convention,
                             std_convention=std_convention)
    resid.insert(0, "period", fit_years)
    future = np.arange(years[-1] + 1, years[-1] + 1 + len(forecast))
    if not np.isfinite(forecast).all():
        raise InputError(f"{method} forecasts of series {name!r} overflow or diverge "
                         f"(parameters {params})", field=name, expected="a shorter horizon")
    blocks = [long_frame(name, years, x0, "observed"), long_frame(name, fit_years, fitted, "fitted"),
              long_frame(name, future, forecast, "forecast")]
    band = {"interval": None}
    if interval == "empirical":
        lower, upper = empirical_band(fitted, obs_fit, forecast,
                                      residual_convention=residual_convention, level=level)
        blocks += [long_frame(name, future, lower, "lower"), long_frame(name, future, upper, "upper")]
        band = {"interval": "empirical quantiles of in-sample signed relative errors e(k)/x^(k), "
                            "widened to contain the forecast; not a probabilistic prediction "
                            "interval (ignores parameter uncertainty and horizon growth)",
                "interval_level": level}
    table = pd.concat(blocks, ignore_index=True)
    conv = {"residual_convention": residual_convention, "std_convention": std_convention,
            "S1": "standard deviation of all n observations", "P": "|e(k) - mean(e)| < 0.6745 S1",
            "std_divisor": STD_DIVISORS[std_convention], "residuals_used": RESIDUAL_RULES[residual_convention],
            "relative_error": "|e(k)| / x0(k), original scale", **conventions, **band}
    meta = build_meta(method, conventions=conv, series=name, n=len(x0), horizon=len(forecast),
                      **params, **acc)
    return ForecastResult(table=table, meta=meta, extra={"residuals": resid, **(extra or {})})


# ---------------------------------------------------------------------------- GM(1,1)
def gm11(series, horizon: int = 3, *, background: float = 0.5, on_ratio_fail: str = "warn",
         translation: float | None = None, residual_convention: str = "exclude_first",
         std_convention: str = "population", interval: str | None = None, level: float = 0.9,
         periods=None, name: str | None = None) -> ForecastResult:
    """GM(1,1) of one positive annual series, with the class-ratio test and the C/P check.

    Parameters
    ----------
    series
        Annual values (``pd.Series`` indexed by year, or array-like with ``periods``); at least
        4 positive values, no gaps.
    horizon
        Number of years to forecast after the last observation.
    background
        Weight ``w`` of ``x1(k)`` in the background value ``z(k)`` (0.5: the textbook mean).
    on_ratio_fail, translation
        Class-ratio test failure: ``"warn"`` (default), ``"raise"`` or ``"translate"``. An
        explicit ``translation`` shifts the series by that constant before fitting (always
        undone on output); with ``"translate"`` and no ``translation`` the shift is
        :func:`admissible_translation`; an explicit shift that leaves the series inadmissible
        warns (``"warn"``) or raises (``"raise"``, ``"translate"``).
    residual_convention, std_convention
        Conventions of ``C``, ``P`` and the mean relative error (module docstring).
    interval, level
        ``"empirical"`` adds ``lower``/``upper`` rows (module docstring); default none.

    Returns
    -------
    ForecastResult
        Table rows ``observed``, ``fitted``, ``forecast`` (and ``lower``/``upper``); ``meta`` with
        ``a``, ``b``, ``C``, ``P``, ``grade``, ``S1``, ``S2``, ``mean_relative_error`` (and grade),
        ``ratio_test``, ``translation``, ``a_band`` and the conventions; ``extra["residuals"]``
        the fitted values, residuals and relative errors by period.
    """
    check_options(horizon=horizon, background=background, residual_convention=residual_convention,
                  std_convention=std_convention, on_ratio_fail=on_ratio_fail, interval=interval,
                  level=level)
    name, years, x0 = prepare(series, periods, name)
    c, ratio = ratio_step(x0, name=name, on_ratio_fail=on_ratio_fail, translation=translation)
    xs = x0 + c
    a, b = gm11_fit(xs, background)
    resp = gm11_response(xs[0], a, b, np.arange(1, len(x0) + horizon))
    fitted = np.concatenate(([xs[0]], resp[: len(x0) - 1])) - c
    if abs(a) > 1:
        _warn(f"series {name!r}: |a| = {abs(a):.3f} > 1, GM(1,1) is not suitable "
                      "(Liu & Deng 2000)", DataQualityWarning, stacklevel=2)
    conventions = {"background": f"z(k) = {background} x1(k) + {1 - background} x1(k-1)",
                   "estimation": "ordinary least squares (lstsq) on x0(k) = -a z(k) + b",
                   "time_response": TIME_RESPONSE, "on_ratio_fail": on_ratio_fail,
                   "translation": translation_rule(translation, c)}
    params = {"model": "GM(1,1)", "a": a, "b": b, "a_band": a_band(a), "translation": c,
              "ratio_test": ratio, "background": background}
    return assemble(method="grey.gm11", name=name, years=years, x0=x0, fitted=fitted,
                    forecast=resp[len(x0) - 1:] - c, conventions=conventions, params=params,
                    residual_convention=residual_convention, std_convention=std_convention,
                    interval=interval, level=level)


def translation_rule(translation, c: float) -> str:
    if translation is not None:
        return f"given: c = {c:g}, undone on output"
    if c:
        return f"automatic: c = {TRANSLATION_MARGIN} x smallest admissible shift = {c:.6g}, undone on output"
    return "none"
