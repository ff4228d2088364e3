"""Objective criterion weights (entropy, CRITIC) and combined subjective-objective weights.

Kernels take bare numpy arrays (alternatives in rows, criteria in columns) and do no
validation; the labelled functions validate once (:mod:`revitalize.evaluate.validate`) and
return a frozen :class:`WeightsResult` indexed by criterion.

Entropy weights (Shannon 1948; Zeleny 1982; Hwang & Yoon 1981, *Multiple Attribute Decision
Making*, Springer LNEMS 186, the entropy method of criterion weights)::

    z_ij  = standardised value (see ``standardisation``), shifted by epsilon if zero_handling="shift"
    p_ij  = z_ij / sum_i z_ij
    e_j   = -(1 / ln m) * sum_i p_ij ln p_ij           (entropy, 0 <= e_j <= 1)
    d_j   = 1 - e_j                                    (divergence)
    w_j   = d_j / sum_k d_k

Conventions (named keywords, recorded in ``meta``):

* ``standardisation`` -- ``"minmax"`` (default; usual in Chinese regional studies):
  ``z = (x - min) / (max - min)`` for benefit criteria, ``(max - x) / (max - min)`` for cost
  criteria; ``"none"``: the raw non-negative values, as in Hwang & Yoon (directions unused --
  entropy then measures the dispersion of each criterion's shares).
* ``zero_handling`` -- the epsilon rule that makes ``ln p`` exist (``epsilon`` named, default
  ``1e-4``; 0.01 is also common), each recorded in ``meta["conventions"]`` with its source
  (:data:`ZERO_HANDLING`):

  - ``"shift"`` (default): ``z + epsilon`` for every value ("translation" of the standardised
    data, Guo Xianguang 1998, *Systems Engineering -- Theory & Practice* 18(12): 98-102);
  - ``"rescale"``: ``epsilon + (1 - 2 epsilon) z``, the standardised values mapped into
    ``[epsilon, 1 - epsilon]`` (a common variant in applied regional-evaluation papers; no
    single canonical source -- named so that published results using it can be reproduced);
  - ``"shift_zeros"``: ``epsilon`` in place of the values equal to 0 only, the others kept
    (also a common applied variant without a canonical source);
  - ``"zero_log"``: no change, with the convention ``0 * ln 0 = 0`` (the limit ``p ln p -> 0``,
    Shannon 1948; scikit-criteria's choice via ``scipy.stats.entropy``).
* A constant criterion carries no information: its entropy is 1 and its weight 0 (warned).

CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995, *Computers & Operations Research* 22(7):
763-770, eqs. 1-6)::

    z_ij = (x_ij - worst_j) / (best_j - worst_j)       (direction-aware min-max)
    C_j  = sigma_j * sum_k (1 - r_jk)                  (sigma: standard deviation of z_j;
                                                        r: Pearson correlation of z_j, z_k)
    w_j  = C_j / sum_k C_k

``sigma`` uses ``ddof=1``; any ``ddof`` scales every ``C_j`` alike and leaves the weights
unchanged. A constant criterion has ``sigma = 0`` and weight 0 (warned) and is left out of the
correlations of the others (its correlation is undefined).

Standard-deviation weights (Diakoulaki et al. 1995, the "SD" method they compare CRITIC
with): ``w_j = sigma_j / sum_k sigma_k`` with ``sigma_j`` the standard deviation of the
direction-aware min-max standardised criterion (``normalisation="minmax"``, default) or of the
raw values (``"none"``, the convention of pymcdm 1.4 and pyrepo-mcda, scale-dependent); the
``ddof`` cancels.

MEREC (Keshavarz-Ghorabaee, Amiri, Zavadskas, Turskis & Antucheviciene 2021, "Determination
of objective weights using a new method based on the removal effects of criteria (MEREC)",
*Symmetry* 13(4): 525, steps 1-6), for ``x > 0``::

    n_ij  = min_k x_kj / x_ij (benefit),  x_ij / max_k x_kj (cost)
    S_i   = ln(1 + (1/n) sum_j |ln n_ij|)                  overall performance
    S'_ij = ln(1 + (1/n) sum_{k != j} |ln n_ik|)           performance without criterion j
    E_j   = sum_i |S'_ij - S_i|,   w_j = E_j / sum_k E_k   removal effect

Combined weights (subjective ``s``, e.g. AHP; objective ``o``, e.g. entropy):
``rule="linear"``: ``w = alpha * s + (1 - alpha) * o`` (``alpha`` named, default 0.5);
``rule="multiplicative"``: ``w_j = s_j o_j / sum_k s_k o_k``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.special import xlogy

from revitalize.errors import InputError
from revitalize.evaluate.validate import (
    as_decision_matrix,
    as_directions,
    as_weights,
    check_non_negative,
    direction_names,
    screen_columns,
)
from revitalize.results import Result, build_meta

__all__ = [
    "WeightsResult",
    "combine_kernel",
    "combine_weights",
    "critic_kernel",
    "critic_weights",
    "entropy_kernel",
    "entropy_weights",
    "merec_kernel",
    "merec_weights",
    "minmax_standardise",
    "std_kernel",
    "std_weights",
    "ZERO_HANDLING",
]

Standardisation = Literal["minmax", "none"]
ZeroHandling = Literal["shift", "rescale", "shift_zeros", "zero_log"]
CombineRule = Literal["linear", "multiplicative"]

ENTROPY_SOURCE = ("Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer LNEMS 186 "
                  "(entropy method); Zeleny (1982)")
ZERO_HANDLING: dict[str, str] = {
    "shift": "z + epsilon for every value (Guo Xianguang 1998, Systems Engineering - Theory & "
             "Practice 18(12): 98-102)",
    "rescale": "epsilon + (1 - 2 epsilon) z: standardised values rescaled into [epsilon, "
               "1 - epsilon] (applied variant, no canonical source)",
    "shift_zeros": "epsilon in place of values equal to 0 only (applied variant, no canonical "
                   "source)",
    "zero_log": "no change; 0 ln 0 = 0 (Shannon 1948 limit; scipy.stats.entropy)",
}
STD_SOURCE = ("Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research "
              "22(7): 763-770 (the SD method)")
MEREC_SOURCE = ("Keshavarz-Ghorabaee, Amiri, Zavadskas, Turskis & Antucheviciene (2021), "
                "Symmetry 13(4): 525")
CRITIC_SOURCE = ("Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research "
                 "22(7): 763-770")


# ---------------------------------------------------------------------------- kernels
def minmax_standardise(X: np.ndarray, benefit: np.ndarray, lo: np.ndarray | None = None,
                       hi: np.ndarray | None = None) -> np.ndarray:
    """Direction-aware min-max: ``(x - min)/(max - min)`` (benefit), ``(max - x)/(max - min)``
    (cost). Constant columns become 0. ``lo``/``hi`` (column minima/maxima) when known."""
    lo = X.min(axis=0) if lo is None else lo
    hi = X.max(axis=0) if hi is None else hi
    span = np.where(hi > lo, hi - lo, 1.0)
    Z = X - np.where(benefit, lo, hi)
    Z *= np.where(benefit, 1.0, -1.0) / span
    return Z


def entropy_kernel(X: np.ndarray, benefit: np.ndarray, *,
                   standardisation: Standardisation = "minmax",
                   zero_handling: ZeroHandling = "shift",
                   epsilon: float = 1e-4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entropy weights ``(w, e, d)`` of the columns of ``X`` (formula in the module docstring).

    Uses ``sum_i p ln p = (sum_i z ln z) / S - ln S`` with ``S = sum_i z`` (no share matrix is
    built). Constant columns get ``e = 1``. Not validated: ``X`` finite, and non-negative when
    ``standardisation="none"``.
    """
    m = X.shape[0]
    lo, hi = X.min(axis=0), X.max(axis=0)
    constant = hi == lo
    Z = minmax_standardise(X, benefit, lo, hi) if standardisation == "minmax" \
        else np.array(X, dtype=np.float64)
    if zero_handling == "shift":
        Z += epsilon
    elif zero_handling == "rescale":
        Z *= 1.0 - 2.0 * epsilon
        Z += epsilon
    elif zero_handling == "shift_zeros":
        Z[Z == 0] = epsilon
    S = Z.sum(axis=0)
    zlogz = xlogy(Z, Z).sum(axis=0)
    safe = np.where(S > 0, S, 1.0)
    e = -(zlogz / safe - np.log(safe)) / np.log(m)
    e = np.where(constant | (S <= 0), 1.0, np.clip(e, 0.0, 1.0))
    d = 1.0 - e
    return d / d.sum(), e, d


def critic_kernel(X: np.ndarray, benefit: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CRITIC weights ``(w, sigma, conflict, information)`` (module docstring). ``conflict`` is
    ``sum_k (1 - r_jk)`` over the non-constant criteria; NaN for a constant criterion. When no
    criterion has information (a single varying criterion, or all perfectly correlated) the
    weights are NaN. Correlations within 1e-12 of +-1 are taken as +-1 (round-off)."""
    Z = minmax_standardise(X, benefit)
    sigma = Z.std(axis=0, ddof=1)
    varying = sigma > 0
    conflict = np.full(X.shape[1], np.nan)
    if varying.sum() == 1:
        conflict[varying] = 0.0
    elif varying.any():
        r = np.corrcoef(Z[:, varying], rowvar=False)
        r = np.where(np.abs(r) > 1.0 - 1e-12, np.sign(r), r)  # round-off of perfect correlation
        conflict[varying] = (1.0 - r).sum(axis=0)
    info = np.where(varying, sigma * np.nan_to_num(conflict), 0.0)
    total = info.sum()
    w = info / total if total > 0 else np.full_like(info, np.nan)
    return w, sigma, conflict, info


def std_kernel(X: np.ndarray, benefit: np.ndarray, normalisation: str = "minmax"
               ) -> tuple[np.ndarray, np.ndarray]:
    """Standard-deviation weights ``(w, sigma)`` (module docstring); ``ddof=1``."""
    Z = minmax_standardise(X, benefit) if normalisation == "minmax" else X
    sigma = Z.std(axis=0, ddof=1)
    return sigma / sigma.sum(), sigma


def merec_kernel(X: np.ndarray, benefit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MEREC weights ``(w, E)`` (module docstring); ``X > 0``, not validated."""
    n = X.shape[1]
    N = np.where(benefit, X.min(axis=0) / X, X / X.max(axis=0))
    A = np.abs(np.log(N))
    total = A.sum(axis=1, keepdims=True)
    S = np.log1p(total / n)
    S_removed = np.log1p((total - A) / n)
    E = np.abs(S_removed - S).sum(axis=0)
    return E / E.sum(), E


def combine_kernel(subjective: np.ndarray, objective: np.ndarray, rule: CombineRule = "linear",
                   alpha: float = 0.5) -> np.ndarray:
    """``alpha*s + (1-alpha)*o`` (linear) or ``s*o / sum(s*o)`` (multiplicative)."""
    if rule == "linear":
        return alpha * subjective + (1.0 - alpha) * objective
    prod = subjective * objective
    return prod / prod.sum()


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class WeightsResult(Result):
    """``table`` indexed by criterion with a ``weight`` column (and the method's intermediates:
    ``entropy``, ``divergence``; or ``std``, ``conflict``, ``information``; or ``subjective``,
    ``objective``)."""

    @property
    def weights(self) -> pd.Series:
        """The weights as a Series indexed by criterion (sum 1)."""
        return self.table["weight"].copy()


def _choice(value, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise InputError(f"unknown {field} {value!r}", field=field,
                         expected=" or ".join(repr(a) for a in allowed))
    return value


def entropy_weights(X, directions, *, zero_handling: ZeroHandling = "shift",
                    epsilon: float = 1e-4, standardisation: Standardisation = "minmax",
                    name: str = "X") -> WeightsResult:
    """Entropy weights of the criteria of a decision matrix.

    Parameters
    ----------
    X
        Decision matrix: DataFrame (index alternatives, columns criteria) or 2-D array.
    directions
        ``"benefit"``/``"cost"`` per criterion (sequence or mapping), or one word for all.
    zero_handling
        ``"shift"`` (default; ``z + epsilon``), ``"rescale"`` (into ``[epsilon, 1 - epsilon]``),
        ``"shift_zeros"`` (``epsilon`` for zeros only) or ``"zero_log"`` (``0 ln 0 = 0``).
    epsilon
        The epsilon of the first three rules (default ``1e-4``; > 0, and < 0.5 for rescale).
    standardisation
        ``"minmax"`` (default, direction-aware) or ``"none"`` (raw values, must be >= 0).

    Returns
    -------
    WeightsResult
        ``table``: ``weight``, ``entropy``, ``divergence`` by criterion.

    Raises
    ------
    InputError
        Invalid matrix or directions (see :mod:`revitalize.evaluate.validate`), all-zero or
        all-constant criteria, negative values with ``standardisation="none"``, bad keywords.
    """
    _choice(zero_handling, tuple(ZERO_HANDLING), "zero_handling")
    _choice(standardisation, ("minmax", "none"), "standardisation")
    if zero_handling != "zero_log" and not (np.isfinite(epsilon) and epsilon > 0):
        raise InputError(f"epsilon {epsilon!r} is not positive", field="epsilon",
                         expected="a small positive shift such as 1e-4 or 0.01")
    if zero_handling == "rescale" and not epsilon < 0.5:
        raise InputError(f"epsilon {epsilon!r} leaves no room in [epsilon, 1 - epsilon]",
                         field="epsilon", expected="0 < epsilon < 0.5, e.g. 1e-4 or 0.01")
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    if standardisation == "none":
        check_non_negative(dm, method="entropy weights",
                           reason="shares p_ij = x_ij / sum_i x_ij need x >= 0 "
                                  "(use standardisation='minmax')")
    screen_columns(dm, method="entropy weights", consequence="entropy 1, weight 0")
    w, e, d = entropy_kernel(dm.values, benefit, standardisation=standardisation,
                             zero_handling=zero_handling, epsilon=epsilon)
    table = pd.DataFrame({"weight": w, "entropy": e, "divergence": d}, index=dm.criteria)
    conventions = {"standardisation": standardisation, "zero_handling": zero_handling,
                   "epsilon": epsilon if zero_handling != "zero_log" else None,
                   "epsilon_rule": ZERO_HANDLING[zero_handling],
                   "log_base": "natural, k = 1/ln(m)",
                   "directions": direction_names(dm.criteria, benefit)}
    meta = build_meta("entropy weights", conventions=conventions, source=ENTROPY_SOURCE,
                      alternatives=len(dm.alternatives))
    return WeightsResult(table=table, meta=meta)


def critic_weights(X, directions, *, name: str = "X") -> WeightsResult:
    """CRITIC weights (Diakoulaki et al. 1995) of the criteria of a decision matrix.

    ``X`` and ``directions`` as in :func:`entropy_weights`. Returns a :class:`WeightsResult`
    whose ``table`` has ``weight``, ``std`` (sigma of the standardised criterion),
    ``conflict`` (``sum_k (1 - r_jk)``) and ``information`` (``C_j``). Raises like
    :func:`entropy_weights`, and when every ``C_j`` is 0 (a single varying criterion, or all
    criteria perfectly correlated).
    """
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    screen_columns(dm, method="CRITIC weights",
                   consequence="standard deviation 0, weight 0, left out of the correlations")
    w, sigma, conflict, info = critic_kernel(dm.values, benefit)
    if not np.isfinite(w).all():
        raise InputError("CRITIC weights are undefined: no criterion conflicts with another "
                         "(a single varying criterion, or all perfectly correlated)",
                         field="criteria", expected="at least two varying criteria that are "
                                                    "not perfectly correlated")
    table = pd.DataFrame({"weight": w, "std": sigma, "conflict": conflict, "information": info},
                         index=dm.criteria)
    conventions = {"standardisation": "minmax (direction-aware, Diakoulaki eq. 1)",
                   "correlation": "pearson", "std_ddof": 1,
                   "directions": direction_names(dm.criteria, benefit)}
    meta = build_meta("CRITIC weights", conventions=conventions, source=CRITIC_SOURCE,
                      alternatives=len(dm.alternatives))
    return WeightsResult(table=table, meta=meta)


def _criteria_of(*weights) -> pd.Index | None:
    for w in weights:
        if hasattr(w, "weights") and isinstance(w.weights, pd.Series):
            return pd.Index(w.weights.index, name="criterion")
        if isinstance(w, pd.Series):
            return pd.Index(w.index, name="criterion")
        if isinstance(w, dict):
            return pd.Index(list(w), name="criterion")
    return None


def combine_weights(subjective, objective, *, rule: CombineRule = "linear",
                    alpha: float = 0.5) -> WeightsResult:
    """Combine subjective (e.g. AHP) and objective (e.g. entropy) weights.

    Parameters
    ----------
    subjective, objective
        Weights as Series/mappings keyed by criterion, :class:`WeightsResult` objects, or
        sequences (aligned by position; labelled ``C1..Cn`` when neither side is labelled).
        Each is checked by :func:`~revitalize.evaluate.validate.as_weights` (a sum other than 1
        warns "weights renormalised").
    rule
        ``"linear"`` -- ``w = alpha*s + (1 - alpha)*o``; ``"multiplicative"`` --
        ``w_j = s_j o_j / sum_k s_k o_k``.
    alpha
        Share of the subjective weights in the linear rule, in ``[0, 1]`` (default 0.5).
    """
    _choice(rule, ("linear", "multiplicative"), "rule")
    if rule == "linear" and not (np.isfinite(alpha) and 0.0 <= alpha <= 1.0):
        raise InputError(f"alpha {alpha!r} is outside [0, 1]", field="alpha",
                         expected="the share of the subjective weights, 0 <= alpha <= 1")
    criteria = _criteria_of(subjective, objective)
    if criteria is None:
        n = len(np.atleast_1d(np.asarray(subjective, dtype=object)))
        criteria = pd.Index([f"C{j + 1}" for j in range(n)], name="criterion")
    s = as_weights(subjective, criteria, name="subjective weights")
    o = as_weights(objective, criteria, name="objective weights")
    if rule == "multiplicative" and not (s * o).sum() > 0:
        raise InputError("subjective and objective weights have no criterion where both are "
                         "positive", field="rule", expected="rule='linear'")
    w = combine_kernel(s, o, rule, alpha)
    table = pd.DataFrame({"weight": w, "subjective": s, "objective": o}, index=criteria)
    conventions = {"rule": rule, "alpha": alpha if rule == "linear" else None}
    meta = build_meta("combined weights", conventions=conventions)
    return WeightsResult(table=table, meta=meta)


def std_weights(X, directions, *, normalisation: str = "minmax", name: str = "X"
                ) -> WeightsResult:
    """Standard-deviation weights (module docstring).

    ``normalisation``: ``"minmax"`` (default; direction-aware, Diakoulaki et al. 1995) or
    ``"none"`` (raw values: the pymcdm/pyrepo-mcda convention, which depends on the units).
    ``table``: ``weight`` and ``std`` by criterion. Raises like :func:`entropy_weights`.
    """
    _choice(normalisation, ("minmax", "none"), "normalisation")
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    screen_columns(dm, method="standard-deviation weights", consequence="weight 0")
    w, sigma = std_kernel(dm.values, benefit, normalisation)
    table = pd.DataFrame({"weight": w, "std": sigma}, index=dm.criteria)
    conventions = {"normalisation": normalisation, "std_ddof": 1,
                   "directions": direction_names(dm.criteria, benefit)}
    meta = build_meta("standard-deviation weights", conventions=conventions, source=STD_SOURCE,
                      alternatives=len(dm.alternatives))
    return WeightsResult(table=table, meta=meta)


def merec_weights(X, directions, *, name: str = "X") -> WeightsResult:
    """MEREC weights (Keshavarz-Ghorabaee et al. 2021) of the criteria of a positive matrix.

    ``table``: ``weight`` and ``removal_effect`` (``E_j``) by criterion. Raises
    :class:`InputError` for values <= 0 (the ratios and logarithms need x > 0) and when no
    criterion has a removal effect (every criterion constant).
    """
    dm = as_decision_matrix(X, name=name)
    benefit = as_directions(directions, dm.criteria)
    if (dm.values <= 0).any():
        r, c = (int(a[0]) for a in np.nonzero(dm.values <= 0))
        raise InputError(f"MEREC: value {dm.values[r, c]:g} <= 0 at alternative/criterion "
                         f"{dm.alternatives[r]!s}/{dm.criteria[c]!s}; its ratios and "
                         "logarithms need x > 0", row=dm.alternatives[r], field=dm.criteria[c],
                         expected="values > 0")
    screen_columns(dm, method="MEREC weights", consequence="removal effect 0, weight 0")
    w, E = merec_kernel(dm.values, benefit)
    table = pd.DataFrame({"weight": w, "removal_effect": E}, index=dm.criteria)
    conventions = {"normalisation": "min/x (benefit), x/max (cost)",
                   "measure": "ln(1 + mean |ln n|)",
                   "directions": direction_names(dm.criteria, benefit)}
    meta = build_meta("MEREC weights", conventions=conventions, source=MEREC_SOURCE,
                      alternatives=len(dm.alternatives))
    return WeightsResult(table=table, meta=meta)
