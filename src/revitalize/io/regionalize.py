"""Regionalization of a national IO table by location quotients (non-survey method).

Notation: ``x_i^r`` regional and ``x_i^n`` national gross output of sector ``i``, ``x^r`` and
``x^n`` their totals, ``a_ij^n`` national technical coefficients (domestic technology by
default: national imports are already out, so the quotients remove inflows from other regions).

Quotients (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 8.3; Flegg, Webber &
Elliott 1995, *Regional Studies* 29(6); Flegg & Webber 1997, *Regional Studies* 31(8) 795-805;
Flegg & Webber 2000, *Regional Studies* 34(6) 563-569; Flegg & Tohmo 2013, *Regional Studies*
47(5) 703-721):

* simple LQ            ``SLQ_i = (x_i^r / x^r) / (x_i^n / x^n)``; ``LQ_ij = SLQ_i`` for every j;
* cross-industry LQ    ``CILQ_ij = SLQ_i / SLQ_j`` (selling over buying sector);
* Flegg LQ             ``FLQ_ij = CILQ_ij * lambda``, ``lambda = [log2(1 + x^r / x^n)]^delta``,
  ``0 <= delta < 1`` (regional size: the smaller the region, the more it imports);
* augmented FLQ        ``AFLQ_ij = FLQ_ij * log2(1 + SLQ_j)`` where ``SLQ_j > 1`` (a
  specialised buying sector draws more on local suppliers), ``AFLQ_ij = FLQ_ij`` otherwise
  (Flegg & Webber 2000).

Diagonal rule (``diagonal``): ``CILQ_ii = 1`` always, so the **Smith-Morrison rule** (Smith &
Morrison 1974; Miller & Blair 2009 section 8.3; adopted for the FLQ by Flegg & Webber 1997)
replaces it by ``SLQ_i`` on the diagonal: ``CILQ_ii = SLQ_i``, ``FLQ_ii = SLQ_i * lambda``
(``diagonal="slq"``, default). ``diagonal="cilq"`` keeps ``CILQ_ii = 1``, ``FLQ_ii = lambda``.

Regional coefficients: ``a_ij^r = min(1, LQ_ij) * a_ij^n`` -- a region never buys more locally
per unit of output than the nation does (Miller & Blair 2009, section 8.3). Then
``L^r = (I - A^r)^-1`` and the simple output multipliers ``m_j = sum_i l_ij^r``.

Edge cases, named: a sector with zero regional output (``SLQ_j = 0``) has a zero row in ``A^r``
(nothing to sell locally) and unbounded column quotients (capped at 1 by the rule above); a
warning names such sectors. National zero output makes ``SLQ`` undefined and raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.coefficients import (
    Technology,
    check_output,
    intermediate_flows,
    leontief_inverse,
    technical_coefficients,
)
from revitalize.model.sectors import match_sectors
from revitalize.model.table import IOTable
from revitalize.results import Provenance, Result, build_meta

__all__ = [
    "DEFAULT_DELTA",
    "DEFAULT_DELTAS",
    "METHODS",
    "RegionalizationResult",
    "best_delta",
    "flq_lambda",
    "location_quotients",
    "match_regional_output",
    "multiplier_errors",
    "regional_coefficients",
    "regionalize",
    "simple_location_quotient",
    "validate_regionalization",
]

Method = Literal["slq", "cilq", "flq", "aflq"]
Diagonal = Literal["slq", "cilq"]
METHODS: tuple[str, ...] = ("slq", "cilq", "flq", "aflq")
DEFAULT_DELTA = 0.3  # Flegg & Webber (1997) suggested delta ~ 0.3; Flegg & Tohmo (2013) ~ 0.25


# ---------------------------------------------------------------------------- kernels
def simple_location_quotient(xr: np.ndarray, xn: np.ndarray) -> np.ndarray:
    """``SLQ_i = (x_i^r / x^r) / (x_i^n / x^n)`` (``x^n_i > 0`` assumed)."""
    return (xr / xr.sum()) / (xn / xn.sum())


def flq_lambda(regional_share: float, delta: float) -> float:
    """``lambda = [log2(1 + x^r / x^n)]^delta`` (Flegg & Webber 1997)."""
    return float(np.log2(1.0 + regional_share) ** delta)


def _cross_industry(slq: np.ndarray, diagonal: Diagonal) -> np.ndarray:
    """``CILQ_ij = SLQ_i / SLQ_j``; ``inf`` where only the buyer is absent, 0 where the seller is."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = slq[:, np.newaxis] / slq[np.newaxis, :]
    q[slq == 0, :] = 0.0
    np.fill_diagonal(q, slq if diagonal == "slq" else np.where(slq > 0, 1.0, 0.0))
    return q


def location_quotients(xr: np.ndarray, xn: np.ndarray, method: Method, delta: float = 0.0,
                       diagonal: Diagonal = "slq") -> np.ndarray:
    """The ``n x n`` quotient matrix ``LQ_ij`` of ``method`` (formulas in the module docstring)."""
    slq = simple_location_quotient(xr, xn)
    if method == "slq":
        return np.repeat(slq[:, np.newaxis], len(slq), axis=1)
    q = _cross_industry(slq, diagonal)
    if method == "cilq":
        return q
    q = q * flq_lambda(xr.sum() / xn.sum(), delta)
    if method == "aflq":
        q = q * np.where(slq > 1.0, np.log2(1.0 + slq), 1.0)[np.newaxis, :]
    return q


def regional_coefficients(A: np.ndarray, lq: np.ndarray) -> np.ndarray:
    """``a_ij^r = min(1, LQ_ij) * a_ij^n`` (Miller & Blair 2009, section 8.3)."""
    return np.minimum(lq, 1.0) * A


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class RegionalizationResult(Result):
    """``table``: per sector ``name, regional_output, national_output, slq, output_multiplier,
    influence, sensitivity``; ``extra``: labelled ``A`` (regional), ``L``, ``lq``,
    ``A_national`` and ``x`` (regional output)."""

    @property
    def A(self) -> pd.DataFrame:
        """Regional domestic coefficients ``A^r``."""
        return self.extra["A"]

    @property
    def L(self) -> pd.DataFrame:
        """Regional Leontief inverse ``L^r = (I - A^r)^-1``."""
        return self.extra["L"]

    @property
    def lq(self) -> pd.DataFrame:
        """The quotients ``LQ_ij`` before capping at 1."""
        return self.extra["lq"]

    @property
    def multipliers(self) -> pd.Series:
        """Simple output multipliers ``m_j = sum_i l_ij^r``."""
        return self.table["output_multiplier"]


def _table_codes(table: IOTable) -> pd.Series:
    """Codes of a table's sectors on its own 42-sector list, matched by name."""
    return match_sectors(table.sectors["name_cn"], year=table.year, where=table.label)


def match_regional_output(national: IOTable, regional: IOTable) -> pd.Series:
    """Regional gross output in the national table's sector order, matched by name.

    Both tables' sector names are matched to the NBS list of their year
    (:func:`revitalize.model.sectors.match_sectors`); the two lists must be the same
    classification (e.g. ``nbs42_2017`` for the 2017 national non-competitive table and the 2017
    provincial tables), else :class:`ValidationError` -- map one of them first with
    :func:`revitalize.io.aggregate.reclassify`.
    """
    nat, reg = _table_codes(national), _table_codes(regional)
    a, b = nat.attrs["classification"], reg.attrs["classification"]
    if a != b:
        raise ValidationError(f"national sectors are {a}, regional sectors {b}", file=regional.label,
                              field="sectors", expected="the same 42-sector classification "
                                                        "(use revitalize.io.aggregate.reclassify)")
    by_list = pd.Series(regional.output.to_numpy(float), index=reg.to_numpy())
    out = by_list.reindex(nat.to_numpy())
    if out.isna().any() or len(set(reg)) != len(reg):
        raise ValidationError("regional sectors do not cover the national ones one to one",
                              file=regional.label, field="sectors",
                              expected=f"the {a} sectors once each")
    out.index = pd.Index(national.codes, name="code")
    out.name = regional.region
    return out


def _checked_output(national: IOTable, regional_output) -> pd.Series:
    if isinstance(regional_output, IOTable):
        return match_regional_output(national, regional_output)
    if not isinstance(regional_output, pd.Series):
        raise InputError(f"regional_output is a {type(regional_output).__name__}",
                         field="regional_output",
                         expected="a Series of output by national sector code, or an IOTable")
    s = regional_output.copy()
    s.index = s.index.astype(str)
    unknown = [c for c in s.index if c not in set(national.codes)]
    if unknown:
        raise UnknownLabelError(f"sectors {unknown} are not in {national.label}",
                                field="regional_output",
                                expected=f"national sector codes {national.codes[:5]}...")
    if s.index.duplicated().any():
        raise InputError(f"sectors {sorted(set(s.index[s.index.duplicated()]))} appear twice",
                         field="regional_output", expected="one output per sector")
    missing = [c for c in national.codes if c not in set(s.index)]
    if missing:
        raise InputError(f"no regional output for sectors {missing}", field="regional_output",
                         expected="output for every national sector (0 where absent)")
    s = pd.to_numeric(s.reindex(national.codes), errors="coerce").astype(float)
    bad = s.index[~np.isfinite(s.to_numpy()) | (s.to_numpy() < 0)].tolist()
    if bad:
        raise ValidationError(f"regional output is negative or not a number for sectors {bad}",
                              field="regional_output", expected="non-negative numbers")
    if not s.sum() > 0:
        raise ValidationError("regional output sums to zero", field="regional_output",
                              expected="positive total output")
    return s


def _check_method(method: str, delta: float | None) -> float:
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}", field="method", expected=f"one of {METHODS}")
    if method in ("slq", "cilq"):
        if delta is not None:
            raise InputError(f"delta={delta} has no role in {method}", field="delta",
                             expected="no delta (it applies to flq and aflq only)")
        return 0.0
    d = DEFAULT_DELTA if delta is None else delta
    if not (isinstance(d, (int, float)) and 0.0 <= float(d) < 1.0):
        raise InputError(f"delta={d!r} is outside [0, 1)", field="delta",
                         expected="0 <= delta < 1 (Flegg & Tohmo 2013 find 0.1-0.4)")
    return float(d)


def _linkage_coefficients(L: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rasmussen (1956) influence and sensitivity coefficients (unweighted, Leontief rows): the
    dispersion index of :mod:`revitalize.io.linkages` with equal weights."""
    from revitalize.io.linkages import dispersion_index

    equal = np.full(L.shape[0], 1.0 / L.shape[0])
    return dispersion_index(L.sum(axis=0), equal), dispersion_index(L.sum(axis=1), equal)


def regionalize(national: IOTable, regional_output: pd.Series | IOTable, *,
                method: Method = "flq", delta: float | None = None, diagonal: Diagonal = "slq",
                technology: Technology = "domestic", region: str | None = None,
                source: Provenance | None = None) -> RegionalizationResult:
    """Regional coefficients, Leontief inverse and multipliers of ``national`` scaled to a region.

    Parameters
    ----------
    national
        National table; ``A^n`` uses ``technology`` (see :mod:`revitalize.io.coefficients`).
    regional_output
        Regional gross output by national sector code (same unit as the table), or a regional
        IOTable whose output is matched by name (:func:`match_regional_output`).
    method
        ``"slq"``, ``"cilq"``, ``"flq"`` (default) or ``"aflq"`` (module docstring).
    delta
        FLQ/AFLQ size parameter in ``[0, 1)``; default :data:`DEFAULT_DELTA` (0.3); must be
        ``None`` for SLQ and CILQ.
    diagonal
        ``"slq"`` (Smith-Morrison rule, default) or ``"cilq"``.
    region, source
        Region named in ``meta`` (any spelling) and the regional data's provenance.

    Raises
    ------
    UnknownLabelError, InputError, ValidationError
        Unknown/missing/duplicated sectors, negative outputs, ``delta`` outside ``[0, 1)``.
    """
    from revitalize.model.regions import region_code

    d = _check_method(method, delta)
    if diagonal not in ("slq", "cilq"):
        raise InputError(f"unknown diagonal {diagonal!r}", field="diagonal",
                         expected="'slq' (Smith-Morrison) or 'cilq'")
    xr = _checked_output(national, regional_output).to_numpy(float)
    xn = check_output(national, "raise")
    if isinstance(regional_output, IOTable):
        region = regional_output.region if region is None else region
        source = regional_output.provenance if source is None else source
    absent = [c for c, v in zip(national.codes, xr) if v == 0]
    if absent:
        _warn(f"sectors {absent} have zero regional output: their rows of A^r are zero "
                      "and their column quotients are capped at 1", DataQualityWarning,
                      stacklevel=2)
    An = technical_coefficients(intermediate_flows(national, technology), xn)
    lq = location_quotients(xr, xn, method, d, diagonal)
    Ar = regional_coefficients(An, lq)
    L = leontief_inverse(Ar)
    return _result(national, xr, xn, An, lq, Ar, L, dict(
        method=method, delta=d if method in ("flq", "aflq") else None,
        diagonal=None if method == "slq" else diagonal,
        technology=technology, region=None if region is None else region_code(region),
        source=source))


def _result(national, xr, xn, An, lq, Ar, L, conv) -> RegionalizationResult:
    codes = national.codes
    frame = lambda M: pd.DataFrame(M, index=codes, columns=codes)  # noqa: E731
    influence, sensitivity = _linkage_coefficients(L)
    names = national.sectors["name_en"].where(national.sectors["name_en"] != "",
                                              national.sectors["name_cn"])
    table = pd.DataFrame({
        "name": names.to_numpy(), "regional_output": xr, "national_output": xn,
        "slq": simple_location_quotient(xr, xn), "output_multiplier": L.sum(axis=0),
        "influence": influence, "sensitivity": sensitivity,
    }, index=pd.Index(codes, name="sector"))
    lam = flq_lambda(xr.sum() / xn.sum(), conv["delta"]) if conv["delta"] is not None else None
    provs = [national.provenance] + ([conv["source"]] if conv["source"] is not None else [])
    meta = build_meta("io_regionalize", conventions={
        "method": conv["method"], "delta": conv["delta"], "diagonal": conv["diagonal"],
        "technology": conv["technology"], "cap": "a_ij^r = min(1, LQ_ij) * a_ij^n",
        "lambda": None if conv["delta"] is None else "[log2(1 + x^r/x^n)]^delta",
        "sensitivity_basis": "Leontief inverse row sums (Rasmussen)",
        "reference_economy": national.region}, provenance=provs, region=conv["region"],
        national=national.label, year=national.year, unit=national.unit,
        regional_share=float(xr.sum() / xn.sum()), flq_lambda=lam)
    return RegionalizationResult(table=table, meta=meta, extra={
        "A": frame(Ar), "L": frame(L), "lq": frame(lq), "A_national": frame(An),
        "x": pd.Series(xr, index=codes)})


# ---------------------------------------------------------------------------- validation
DEFAULT_DELTAS: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(1, 11))


def multiplier_errors(estimated: np.ndarray, survey: np.ndarray) -> tuple[float, float]:
    """Mean absolute percentage error ``(100/n) sum_j |m^_j - m_j| / m_j`` and Theil's U
    ``100 sqrt(sum_j (m^_j - m_j)^2 / sum_j m_j^2)`` of output multipliers (the two criteria of
    Flegg & Tohmo 2013, section 4)."""
    mape = 100.0 * float(np.mean(np.abs(estimated - survey) / survey))
    theil = 100.0 * float(np.sqrt(np.sum((estimated - survey) ** 2) / np.sum(survey ** 2)))
    return mape, theil


def _survey_order(national: IOTable, survey: IOTable) -> np.ndarray:
    """Positions of the survey sectors in the national order (same list asserted before)."""
    pos = {c: i for i, c in enumerate(_table_codes(survey).to_numpy())}
    return np.array([pos[c] for c in _table_codes(national).to_numpy()])


SurveyShare = Literal["use", "supply"]


def _survey_side(national: IOTable, survey: IOTable, technology: Technology,
                 share: SurveyShare) -> dict:
    """Survey multipliers and linkages; the import-share basis is ``coefficients``'
    ``import_share`` (``"use"`` refuses sectors whose share leaves [0, 1])."""
    from revitalize.io.coefficients import coefficients

    order = _survey_order(national, survey)
    L = coefficients(survey, technology=technology, import_share=share,
                     zero_output="raise").L.to_numpy()
    L = L[np.ix_(order, order)]
    influence, sensitivity = _linkage_coefficients(L)
    return {"m": L.sum(axis=0), "influence": influence, "sensitivity": sensitivity}


def _compare(est: RegionalizationResult, truth: dict) -> dict:
    from scipy.stats import spearmanr

    t = est.table
    mape, theil = multiplier_errors(t["output_multiplier"].to_numpy(), truth["m"])
    return {
        "lambda": est.meta["flq_lambda"], "mape_multiplier": mape, "theil_u_multiplier": theil,
        "spearman_influence": float(spearmanr(t["influence"], truth["influence"])[0]),
        "spearman_sensitivity": float(spearmanr(t["sensitivity"], truth["sensitivity"])[0]),
        "mean_multiplier": float(t["output_multiplier"].mean()),
        "mean_multiplier_survey": float(truth["m"].mean()),
    }


def validate_regionalization(national: IOTable, survey, *, methods=METHODS,
                             deltas=DEFAULT_DELTAS, diagonal: Diagonal = "slq",
                             technology: Technology = "domestic",
                             survey_import_share: SurveyShare = "supply") -> pd.DataFrame:
    """Compare LQ regionalizations of ``national`` with survey-based regional tables.

    For each survey table: its gross output (matched by name, same classification asserted)
    regionalizes ``national`` by each method (FLQ/AFLQ for each ``delta``); the estimate is
    compared with the survey table's own domestic regional model (``technology="domestic"``
    nets imports and inflows from other provinces out proportionally,
    :mod:`revitalize.io.coefficients`), as in Flegg & Tohmo (2013):

    * output multipliers ``m_j``: MAPE and Theil's U (:func:`multiplier_errors`), in percent;
    * linkages: Spearman rank correlation of the influence and of the sensitivity coefficients
      (Rasmussen, Leontief-inverse column and row sums over their mean).

    Parameters
    ----------
    survey
        One regional IOTable, or an iterable / mapping of them.
    survey_import_share
        How imports and inflows ``m`` are netted out of a competitive survey table:
        ``"supply"`` (default) -- ``s_i = m_i / (x_i + m_i)``, the share in total supply
        (outflows assumed to draw on inflows in the same proportion), always in ``[0, 1)``;
        ``"use"`` -- ``s_i = m_i / (x_i - e_i + m_i)``, the share in domestic use
        (:func:`revitalize.io.coefficients.coefficients`, Miller & Blair 2009 section 2.6).
        Where exports and outflows ``e`` exceed ``x - m`` (re-exports through a province: Jilin
        and Heilongjiang 2017) the "use" share leaves ``[0, 1]``;
        :func:`~revitalize.io.coefficients.coefficients` then raises, naming the sectors. That
        is why the validation defaults to ``"supply"``.

    Returns
    -------
    pandas.DataFrame
        One row per region, method and delta: ``region, method, delta, lambda,
        mape_multiplier, theil_u_multiplier, spearman_influence, spearman_sensitivity,
        mean_multiplier, mean_multiplier_survey``; ``attrs["conventions"]`` names the choices.
    """
    if survey_import_share not in ("use", "supply"):
        raise InputError(f"unknown survey_import_share {survey_import_share!r}",
                         field="survey_import_share", expected="'use' or 'supply'")
    tables = [survey] if isinstance(survey, IOTable) else list(
        survey.values() if isinstance(survey, dict) else survey)
    rows = []
    for table in tables:
        truth = _survey_side(national, table, technology, survey_import_share)
        xr = match_regional_output(national, table)  # matched once, not per delta
        for method in methods:
            for delta in (deltas if method in ("flq", "aflq") else (None,)):
                est = regionalize(national, xr, method=method, delta=delta, diagonal=diagonal,
                                  technology=technology, region=table.region,
                                  source=table.provenance)
                rows.append({"region": table.region, "method": method, "delta": delta,
                             **_compare(est, truth)})
    frame = pd.DataFrame(rows)
    frame.attrs["conventions"] = {
        "national": national.label, "technology": technology,
        "diagonal": None if set(methods) <= {"slq"} else diagonal,
        "survey_import_share": {"use": "m/(x-e+m)", "supply": "m/(x+m)"}[survey_import_share],
        "survey": [t.label for t in tables], "mape": "(100/n) sum |m^-m|/m",
        "theil_u": "100 sqrt(sum (m^-m)^2 / sum m^2)", "linkages": "Spearman rank correlation"}
    return frame


def best_delta(frame: pd.DataFrame, *, criterion: str = "mape_multiplier") -> pd.DataFrame:
    """Row of the best ``delta`` per region and method (FLQ/AFLQ) of a
    :func:`validate_regionalization` frame: lowest error, or highest rank correlation for
    ``spearman_*`` criteria."""
    if criterion not in frame.columns:
        raise InputError(f"unknown criterion {criterion!r}", field="criterion",
                         expected=f"one of {[c for c in frame.columns if c.startswith(('mape', 'theil', 'spearman'))]}")
    sized = frame[frame["delta"].notna()]
    pick = sized.groupby(["region", "method"])[criterion]
    best = pick.idxmax() if criterion.startswith("spearman") else pick.idxmin()
    return sized.loc[best.to_numpy()].reset_index(drop=True)
