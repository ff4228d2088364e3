"""PROMETHEE II: complete ranking by net outranking flows.

Brans & Vincke (1985), "A preference ranking organisation method (The PROMETHEE method for
multiple criteria decision-making)", *Management Science* 31(6): 647-656; Brans, Vincke &
Mareschal (1986), *European Journal of Operational Research* 24(2): 228-238, the six
generalised criteria (table 1)::

    d_j(a, b)  = g_j(a) - g_j(b)          (benefit; g_j(b) - g_j(a) for a cost criterion)
    pi(a, b)   = sum_j w_j P_j(d_j(a, b))  aggregated preference index
    phi+(a)    = sum_b pi(a, b) / (m - 1),  phi-(a) = sum_b pi(b, a) / (m - 1)
    phi(a)     = phi+(a) - phi-(a)          net flow (larger is better), sum_a phi(a) = 0

Preference functions ``P(d)`` (0 for ``d <= 0`` in every case):

=================  ========================================================  ==========
name               P(d) for d > 0                                            parameters
=================  ========================================================  ==========
``usual``          1                                                         --
``u_shape``        1 if d > q, else 0                                        q
``v_shape``        d / p if d <= p, else 1                                   p
``level``          0 if d <= q; 1/2 if q < d <= p; 1 if d > p                 q, p
``linear``         0 if d <= q; (d - q)/(p - q) if q < d <= p; 1 if d > p     q, p
``gaussian``       1 - exp(-d^2 / (2 s^2))                                   s
=================  ========================================================  ==========

``q`` (indifference), ``p`` (preference) and ``s`` thresholds are in the criterion's own units,
one per criterion or one for all; ``q <= p`` is required.

Since ``pi`` is linear in the weights, ``phi = F w`` with ``F_aj = sum_b (P_j(a,b) - P_j(b,a))
/ (m - 1)``: the stability drivers reuse ``F`` for every weight draw.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.evaluate.ranking_result import RankingResult, finish, prepare
from revitalize.evaluate.validate import align_to_criteria

__all__ = ["PREFERENCE_FUNCTIONS", "PROMETHEE_SOURCE", "PreferenceParameters",
           "preference_degrees", "promethee_flow_matrix", "promethee_ii", "promethee_kernel",
           "promethee_scores"]

PROMETHEE_SOURCE = ("Brans & Vincke (1985), Management Science 31(6): 647-656; Brans, Vincke & "
                    "Mareschal (1986), European Journal of Operational Research 24(2): 228-238")
PREFERENCE_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "usual": (), "u_shape": ("q",), "v_shape": ("p",), "level": ("q", "p"),
    "linear": ("q", "p"), "gaussian": ("s",)}
_CODES = {name: i for i, name in enumerate(PREFERENCE_FUNCTIONS)}

PreferenceParameters = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # code, q, p, s


def preference_degrees(d: np.ndarray, code: np.ndarray, q: np.ndarray, p: np.ndarray,
                       s: np.ndarray) -> np.ndarray:
    """``P_j(d)`` for differences ``d`` ``(..., n)`` with per-criterion function ``code``
    (positions in :data:`PREFERENCE_FUNCTIONS`) and thresholds ``q``, ``p``, ``s``."""
    pos = d > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = np.clip((d - q) / np.where(p > q, p - q, 1.0), 0.0, 1.0)
        vshape = np.clip(d / np.where(p > 0, p, 1.0), 0.0, 1.0)
        gauss = -np.expm1(-(d * d) / (2.0 * np.where(s > 0, s, 1.0) ** 2))
    choices = [np.ones_like(d), (d > q).astype(float), np.where(p > 0, vshape, 1.0),
               np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0)),
               np.where(p > q, linear, (d > q).astype(float)), gauss]
    out = np.choose(np.broadcast_to(code, d.shape), choices)
    return np.where(pos, out, 0.0)


def promethee_flow_matrix(X: np.ndarray, benefit: np.ndarray, params: PreferenceParameters
                          ) -> np.ndarray:
    """``F`` ``(..., m, n)``: ``F_aj = sum_b (P_j(a, b) - P_j(b, a)) / (m - 1)``, so that the net
    flows are ``phi = F w``."""
    m = X.shape[-2]
    signed = np.where(benefit, X, -X)
    d = signed[..., :, np.newaxis, :] - signed[..., np.newaxis, :, :]  # (..., a, b, n)
    P = preference_degrees(d, *params)
    return (P.sum(axis=-2) - P.sum(axis=-3)) / (m - 1)


def promethee_kernel(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                     params: PreferenceParameters) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(phi, phi+, phi-)`` of ``X`` ``(..., m, n)`` under ``weights`` ``(..., n)``."""
    m = X.shape[-2]
    signed = np.where(benefit, X, -X)
    d = signed[..., :, np.newaxis, :] - signed[..., np.newaxis, :, :]
    pi = (preference_degrees(d, *params) * np.asarray(weights)[..., None, None, :]).sum(-1)
    plus = pi.sum(axis=-1) / (m - 1)
    minus = pi.sum(axis=-2) / (m - 1)
    return plus - minus, plus, minus


def promethee_scores(X: np.ndarray, weights: np.ndarray, benefit: np.ndarray,
                     params: PreferenceParameters) -> np.ndarray:
    """Net flows ``phi`` ``(..., m)`` via ``F w`` (larger is better)."""
    F = promethee_flow_matrix(X, benefit, params)
    return np.einsum("...an,...n->...a", F, np.asarray(weights))


def _per_criterion(value, criteria: pd.Index, field: str) -> list:
    if isinstance(value, (str, int, float, np.floating, np.integer)) or value is None:
        return [value] * len(criteria)
    return align_to_criteria(value, criteria, field)


def preference_parameters(criteria: pd.Index, preference_function, q, p, s
                          ) -> tuple[PreferenceParameters, dict]:
    """Validate the preference functions and thresholds; ``(params, description)``."""
    names = _per_criterion(preference_function, criteria, "preference_function")
    qs, ps, ss = (_per_criterion(x, criteria, f) for x, f in ((q, "q"), (p, "p"), (s, "s")))
    code, arr = np.empty(len(criteria), dtype=np.int64), np.zeros((3, len(criteria)))
    described = {}
    for j, c in enumerate(criteria):
        fn = names[j]
        if fn not in PREFERENCE_FUNCTIONS:
            raise InputError(f"criterion {c!r} has preference function {fn!r}",
                             field="preference_function",
                             expected=f"one of {list(PREFERENCE_FUNCTIONS)}")
        code[j] = _CODES[fn]
        given = {"q": qs[j], "p": ps[j], "s": ss[j]}
        for k, key in enumerate(("q", "p", "s")):
            needed = key in PREFERENCE_FUNCTIONS[fn]
            if needed and (given[key] is None or not np.isfinite(given[key]) or given[key] < 0):
                raise InputError(f"criterion {c!r}: the {fn} preference function needs "
                                 f"{key} >= 0, got {given[key]!r}", field=key,
                                 expected=f"a threshold in the units of {c!r}")
            arr[k, j] = float(given[key]) if needed else 0.0
        if "q" in PREFERENCE_FUNCTIONS[fn] and "p" in PREFERENCE_FUNCTIONS[fn] \
                and arr[0, j] > arr[1, j]:
            raise InputError(f"criterion {c!r}: q={arr[0, j]:g} > p={arr[1, j]:g}", field="q",
                             expected="indifference threshold q <= preference threshold p")
        described[str(c)] = {"function": fn, **{key: arr[k, j] for k, key in
                                                enumerate(("q", "p", "s"))
                                                if key in PREFERENCE_FUNCTIONS[fn]}}
    return (code, arr[0], arr[1], arr[2]), described


def promethee_ii(X, weights, directions, *, preference_function: str | Mapping = "usual",
                 q=None, p=None, s=None, name: str = "X") -> RankingResult:
    """Rank alternatives by PROMETHEE II net flows (Brans & Vincke 1985).

    Parameters
    ----------
    X, weights, directions, name
        As :func:`revitalize.evaluate.topsis.topsis`.
    preference_function
        One of :data:`PREFERENCE_FUNCTIONS` for all criteria, or one per criterion (sequence
        or mapping). Default ``"usual"``.
    q, p, s
        Indifference, preference and Gaussian thresholds (criterion units): one number for all
        criteria or one per criterion; required by the functions that use them.

    Returns
    -------
    RankingResult
        ``score`` = net flow phi (larger is better), ``phi_plus``, ``phi_minus``.
    """
    prep = prepare(X, weights, directions, method="PROMETHEE II",
                   consequence="P = 0 for every pair (no effect on the flows)")
    params, described = preference_parameters(prep.dm.criteria, preference_function, q, p, s)
    phi, plus, minus = promethee_kernel(prep.dm.values, prep.weights, prep.benefit, params)
    return finish(prep, {"score": phi, "phi_plus": plus, "phi_minus": minus},
                  method="PROMETHEE II", source=PROMETHEE_SOURCE,
                  conventions={"preference_functions": described,
                               "flows": "divided by m - 1"})
