"""Analytic hierarchy process (AHP): weights and consistency of a pairwise judgment matrix.

``a_ij`` says how much more important criterion ``i`` is than criterion ``j`` on Saaty's 1-9
scale (1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme; 2, 4, 6, 8 in between; the
reverse comparison is the reciprocal, ``a_ji = 1/a_ij``). From the matrix ``A``:

* weights ``w`` by ``method`` -- ``"eigenvector"`` (default; ``A w = lambda_max w``, Saaty 1980),
  ``"geometric"`` (normalised row geometric means) or ``"arithmetic"`` (normalised columns
  averaged); formulas in :mod:`revitalize.evaluate.ahp_batch`, whose kernels do the arithmetic;
* ``lambda_max``, the Perron root of ``A`` (for every method);
* ``CI = (lambda_max - n)/(n - 1)`` and ``CR = CI / RI(n)`` with ``RI`` from the table named by
  ``ri_table`` (default ``"saaty1980"``; :data:`RI_TABLES`, sources in :data:`RI_SOURCES`).
  ``CR <= cr_threshold`` (0.1, Saaty 1980) is acceptable; above it an
  :class:`AHPConsistencyWarning` names the most inconsistent judgment.

Messages write the judgment of row ``i`` over column ``j`` as ``a(row name, column name)``.

Most inconsistent judgment (Saaty 2003, "Decision-making with the AHP: why is the principal
eigenvector necessary", *EJOR* 145:85-91): with ``e_ij = a_ij w_j / w_i`` (1 for a consistent
judgment), the pair ``i < j`` maximising ``max(e_ij, 1/e_ij)``. The value suggested instead is
the one the other judgments imply, the geometric mean of the indirect comparisons
``a_ik a_kj`` over every other element ``k``, rounded to the 1/9..9 scale (Saaty's ``w_i / w_j``
is reported too, but it is pulled towards the faulty judgment); see :func:`most_inconsistent`.

Validation (raise :class:`~revitalize.errors.InputError` naming row, column, value and what was
expected): square, finite, positive, unit diagonal, reciprocal (``|a_ij a_ji - 1| <=
reciprocal_tol``, 0.05 by default so that judgments typed with two decimals, ``0.33`` or
``0.14``, pass), on the scale (``1/9 <= a_ij <= 9`` within the same relative tolerance;
``scale_max=None`` lifts it, e.g. for aggregated matrices). The matrix is used as given.

Group decisions are in :mod:`revitalize.evaluate.ahp_group` and hierarchies in
:mod:`revitalize.evaluate.ahp_hierarchy`; both names are importable from here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.evaluate.ahp_batch import (
    METHODS,
    RI_SOURCES,
    RI_TABLES,
    ahp_batch,
    consistency,
    random_index,
    weights_for,
)
from revitalize.results import Result, build_meta

__all__ = [
    "AHPConsistencyWarning",
    "AHPResult",
    "CR_THRESHOLD",
    "RI_SOURCES",
    "RI_TABLES",
    "SCALE",
    "Hierarchy",  # noqa: F822 -- lazy, see __getattr__
    "ahp",
    "ahp_batch",
    "ahp_group",  # noqa: F822 -- lazy, see __getattr__
    "as_judgment_matrix",
    "format_judgment",
    "hierarchy_weights",  # noqa: F822 -- lazy, see __getattr__
    "most_inconsistent",
    "random_index",
]

CR_THRESHOLD = 0.1
RECIPROCAL_TOL = 0.05
SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))
INCONSISTENCY_RULE = ("judgment: max over i<j of max(e_ij, 1/e_ij), e_ij = a_ij w_j / w_i "
                      "(Saaty 2003, EJOR 145:85-91); suggested value: the one the other "
                      "judgments imply, (prod_k a_ik a_kj)^(1/(n-2)) over k != i, j, rounded to "
                      "the 1/9..9 scale")
_LAZY = {"ahp_group": "revitalize.evaluate.ahp_group",
         "AHPGroupResult": "revitalize.evaluate.ahp_group",
         "Hierarchy": "revitalize.evaluate.ahp_hierarchy",
         "HierarchyResult": "revitalize.evaluate.ahp_hierarchy",
         "hierarchy_weights": "revitalize.evaluate.ahp_hierarchy"}


def __getattr__(name: str) -> Any:  # lazy re-exports: those modules import this one
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class AHPConsistencyWarning(DataQualityWarning):
    """A judgment matrix has ``CR`` above the threshold (computable, but questionable)."""


# ---------------------------------------------------------------------------- judgments
def format_judgment(value: float) -> str:
    """``3`` -> ``"3"``, ``0.3333`` -> ``"1/3"``, ``2.5`` -> ``"2.5"`` (reciprocals of integers)."""
    if value >= 1:
        return f"{value:.4g}" if abs(value - round(value)) > 1e-6 else str(round(value))
    inv = 1 / value
    return f"1/{round(inv)}" if abs(inv - round(inv)) < 1e-3 else f"{value:.4g}"


def nearest_scale_value(value: float) -> float:
    """The point of the 1/9..9 scale nearest to ``value`` in ratio (log) distance."""
    scale = np.asarray(SCALE)
    return float(scale[np.argmin(np.abs(np.log(scale) - math.log(value)))])


def _labels(criteria: Sequence[str] | None, n: int, where: str) -> list[str]:
    if criteria is None:
        return [f"C{i + 1}" for i in range(n)]
    labels = [str(c) for c in criteria]
    if len(labels) != n:
        raise InputError(f"{len(labels)} criteria for a {n} x {n} matrix", file=where,
                         field="criteria", expected=f"{n} names, one per row/column")
    dup = sorted({c for c in labels if labels.count(c) > 1})
    if dup or any(not c.strip() for c in labels):
        raise InputError(f"criteria names must be unique and non-empty (repeated: {dup})",
                         file=where, field="criteria", expected="distinct names")
    return labels


def _to_array(matrix: Any, where: str) -> tuple[np.ndarray, list[str] | None]:
    names = None
    if isinstance(matrix, pd.DataFrame):
        if list(map(str, matrix.index)) != list(map(str, matrix.columns)):
            raise InputError("the matrix's row labels differ from its column labels", file=where,
                             field="matrix", expected="the same criteria, in the same order, "
                                                      "on rows and columns")
        names = [str(c) for c in matrix.columns]
        matrix = matrix.to_numpy()
    try:
        a = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"the judgments are not all numbers ({exc})", file=where, field="matrix",
                         expected="a square table of numbers") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise InputError(f"the judgment matrix has shape {a.shape}", file=where, field="matrix",
                         expected="a square n x n matrix (n >= 1)")
    return a, names


def _entry_error(what: str, a: np.ndarray, labels: list[str], i: int, j: int, where: str,
                 expected: str) -> InputError:
    return InputError(f"{what}: a({labels[i]}, {labels[j]}) = {a[i, j]:g}", file=where,
                      row=f"{i + 1} ({labels[i]})", field=f"column {j + 1} ({labels[j]})",
                      expected=expected)


def _first(mask: np.ndarray) -> tuple[int, int] | None:
    idx = np.argwhere(mask)
    return None if idx.size == 0 else (int(idx[0][0]), int(idx[0][-1]))


def _check_entries(a: np.ndarray, labels: list[str], where: str, reciprocal_tol: float,
                   scale_max: float | None) -> None:
    """Raise on the first entry (row-major) that is not finite, positive, on scale, reciprocal."""
    checks = [(~np.isfinite(a), "missing or non-finite judgment", "a number on the 1/9..9 scale"),
              (a <= 0, "non-positive judgment", "a positive judgment (1/9..9)"),
              (np.diag(np.abs(np.diag(a) - 1) > 1e-9), "diagonal judgment is not 1", "a_ii = 1")]
    if scale_max is not None:
        lo, hi = 1 / (scale_max * (1 + reciprocal_tol)), scale_max * (1 + reciprocal_tol)
        checks.append(((a < lo) | (a > hi), f"judgment off the 1-{scale_max:g} scale",
                       f"1/{scale_max:g} <= a_ij <= {scale_max:g}"))
    for mask, what, expected in checks:
        hit = _first(mask)
        if hit is not None:
            raise _entry_error(what, a, labels, *hit, where, expected)
    hit = _first(np.triu(np.abs(a * a.T - 1) > reciprocal_tol, 1))
    if hit is not None:
        i, j = hit
        raise _entry_error(f"non-reciprocal judgments (a({labels[j]}, {labels[i]}) = "
                           f"{a[j, i]:g})", a, labels, i, j, where,
                           f"a({labels[j]}, {labels[i]}) = 1/{a[i, j]:g} = {1 / a[i, j]:.4g} "
                           f"(a_ji = 1/a_ij within {reciprocal_tol:g})")


def as_judgment_matrix(matrix: Any, criteria: Sequence[str] | None = None, *,
                       where: str = "matrix", reciprocal_tol: float = RECIPROCAL_TOL,
                       scale_max: float | None = 9.0) -> tuple[np.ndarray, list[str]]:
    """Validate a judgment matrix and return it as a float array with its labels.

    Parameters
    ----------
    matrix : array_like or DataFrame
        ``n x n`` judgments; a DataFrame's labels are used when ``criteria`` is None.
    criteria : sequence of str, optional
        Names of the rows/columns (default ``C1..Cn``).
    where : str
        What to name in error messages (file, expert, node).
    reciprocal_tol : float
        Largest tolerated ``|a_ij a_ji - 1|`` (and relative slack on the scale bounds).
    scale_max : float or None
        Upper end of the judgment scale (9); None disables the scale check.

    Raises
    ------
    InputError
        Naming the row, column and value of the first bad entry and what was expected.
    """
    a, names = _to_array(matrix, where)
    labels = _labels(criteria if criteria is not None else names, a.shape[0], where)
    _check_entries(a, labels, where, reciprocal_tol, scale_max)
    return a, labels


def most_inconsistent(a: np.ndarray, w: np.ndarray, labels: Sequence[str]) -> dict[str, Any] | None:
    """The judgment ``a_ij`` (``i < j``) furthest from ``w_i / w_j`` and the value to put instead.

    Rule (:data:`INCONSISTENCY_RULE`): the pair maximising ``|log e_ij|``, ``e_ij = a_ij w_j /
    w_i``. Two candidate values: ``eigen_ratio = w_i / w_j`` (Saaty's; pulled towards the bad
    judgment itself, since ``w`` was derived with it) and ``implied = (prod_{k != i,j} a_ik
    a_kj)^(1/(n-2))``, the geometric mean of the indirect comparisons through every other
    element, which ignores ``a_ij``; ``suggested`` is ``implied`` rounded to the 1/9..9 scale.
    For ``n = 3`` the three deviations are nearly equal and the choice is weakly determined.

    Returns ``None`` for ``n < 3`` (no inconsistency is possible), else a dict with ``row``,
    ``column`` (labels), ``i``, ``j`` (1-based), ``value``, ``ratio`` (``e_ij``),
    ``eigen_ratio``, ``implied`` and ``suggested``.
    """
    n = a.shape[0]
    if n < 3:
        return None
    e = a * w[None, :] / w[:, None]
    dev = np.triu(np.abs(np.log(e)), 1)
    i, j = (int(x) for x in np.unravel_index(np.argmax(dev), dev.shape))
    others = [k for k in range(n) if k not in (i, j)]
    implied = float(np.exp(np.mean(np.log(a[i, others] * a[others, j]))))
    return {"row": labels[i], "column": labels[j], "i": i + 1, "j": j + 1,
            "value": float(a[i, j]), "ratio": float(e[i, j]), "eigen_ratio": float(w[i] / w[j]),
            "implied": implied, "suggested": nearest_scale_value(implied)}


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class AHPResult(Result):
    """Weights of one judgment matrix: ``table`` indexed by ``criterion`` with column ``weight``.

    ``meta`` holds ``lambda_max``, ``ci``, ``cr``, ``ri``, ``ri_table``, ``n``, ``consistent`` and
    ``most_inconsistent`` (or None) beside the conventions; ``extra["matrix"]`` is the labelled
    judgment matrix.
    """

    @property
    def weights(self) -> pd.Series:
        return self.table["weight"].copy()

    @property
    def lambda_max(self) -> float:
        return self.meta["lambda_max"]

    @property
    def ci(self) -> float:
        return self.meta["ci"]

    @property
    def cr(self) -> float:
        return self.meta["cr"]

    @property
    def consistent(self) -> bool:
        return self.meta["consistent"]

    def summary(self) -> str:
        """A statsmodels-like text table (:data:`~revitalize.results.SUMMARY_WIDTH` wide).

        The one-line verdict (method, ``n``, ``lambda_max``, ``CI``, ``CR``, ``RI`` and its
        table), then a header (matrix, method, ``lambda_max``, ``CI = (lambda_max - n)/(n - 1)``,
        ``RI(n)``, ``CR = CI/RI``, threshold, verdict), the random-index table used (its source
        and its values for ``n = 1..``), the criteria with weight and rank (1 = largest weight,
        ties share the smaller rank), and for an unacceptable matrix the most inconsistent
        judgment.
        """
        import textwrap

        from revitalize.results import SUMMARY_WIDTH, _short, _two_columns

        m, width = self.meta, SUMMARY_WIDTH
        conv = m["conventions"]
        verdict = ("acceptable" if m["consistent"]
                   else f"NOT acceptable (CR > {conv['cr_threshold']:g})")
        title = (f"AHP {conv['method']}: n = {m['n']}, lambda_max = {m['lambda_max']:.4f}, "
                 f"CR = {m['cr']:.4f} -- {verdict}")
        heavy, light = "=" * width, "-" * width
        pairs = [("Matrix", _short(m.get("name", "matrix"), 24)), ("Method", conv["method"]),
                 ("Criteria", str(m["n"])), ("lambda_max", f"{m['lambda_max']:.4f}"),
                 ("CI", f"{m['ci']:.4f}"), ("RI(n)", f"{m['ri']:g}"),
                 ("CR = CI/RI", f"{m['cr']:.4f}"), ("Threshold", f"CR <= {conv['cr_threshold']:g}"),
                 ("Verdict", verdict),
                 ("Version", f"{m.get('package', 'revitalize')} {m.get('version', '')}".strip())]
        lines = [*textwrap.wrap(title, width), heavy, *_two_columns(pairs, width), light]
        values = RI_TABLES.get(m["ri_table"], ())
        lines.append(f"Random index table '{m['ri_table']}' (RI(n), n = 1..{len(values)}; "
                     f"RI({m['n']}) = {m['ri']:g} used)")
        lines += textwrap.wrap(" ".join(f"{v:g}" for v in values), width,
                               initial_indent="  ", subsequent_indent="  ")
        lines += textwrap.wrap(f"source: {RI_SOURCES.get(m['ri_table'], '--')}", width,
                               initial_indent="  ", subsequent_indent="    ")
        w = self.table["weight"]
        rank = w.rank(ascending=False, method="min").astype(int)
        name_width = min(max([len("criterion"), *(len(str(c)) for c in w.index)]), 40)
        lines += [light, f"{'criterion':<{name_width}}  {'weight':>10}  {'rank':>5}", light]
        for c in w.sort_values(ascending=False, kind="stable").index:
            lines.append(f"{_short(c, name_width):<{name_width}}  {w[c]:>10.4f}  {rank[c]:>5d}")
        if not m["consistent"] and m.get("most_inconsistent"):
            lines += [light, *textwrap.wrap(describe_inconsistency(m["most_inconsistent"]), width)]
        lines.append(heavy)
        return "\n".join(lines)


def describe_inconsistency(info: dict[str, Any]) -> str:
    """One sentence naming the most inconsistent judgment and the value to consider instead."""
    return (f"most inconsistent judgment: a({info['row']}, {info['column']}) = "
            f"{format_judgment(info['value'])} (row {info['i']}, column {info['j']}); the other "
            f"judgments imply {info['implied']:.3g} (w_i/w_j = {info['eigen_ratio']:.3g}); "
            f"suggested: {format_judgment(info['suggested'])}")


def conventions_for(method: str, ri_table: str, cr_threshold: float,
                    reciprocal_tol: float) -> dict[str, Any]:
    """The conventions every AHP result records in ``meta["conventions"]``."""
    return {"method": method, "ri_table": ri_table, "ri_source": RI_SOURCES[ri_table],
            "cr_threshold": cr_threshold,
            "lambda_max": "Perron root of A (power iteration on A^16, tol 1e-12)",
            "inconsistency_rule": INCONSISTENCY_RULE, "reciprocal_tol": reciprocal_tol}


def check_options(method: str, ri_table: str) -> None:
    """Raise on an unknown weighting method or random-index table."""
    if method not in METHODS:
        raise InputError(f"unknown AHP method {method!r}", field="method",
                         expected=f"one of {', '.join(METHODS)}")
    if ri_table not in RI_TABLES:
        raise InputError(f"unknown random-index table {ri_table!r}", field="ri_table",
                         expected=f"one of {', '.join(RI_TABLES)}")


def result_from_matrix(a: np.ndarray, labels: list[str], *, method: str, ri_table: str,
                       cr_threshold: float, reciprocal_tol: float, where: str,
                       warn: bool = True, **meta_extra: Any) -> AHPResult:
    """Run the kernels on one validated matrix and wrap the labelled result (warns on CR)."""
    n = a.shape[0]
    ri = random_index(n, ri_table)
    w, lam = weights_for(a[None], method)
    ci, cr = consistency(lam, n, ri)
    w, lam, ci, cr = w[0], float(lam[0]), float(ci[0]), float(cr[0])
    ok = cr <= cr_threshold
    worst = most_inconsistent(a, w, labels)
    meta = build_meta("ahp", conventions=conventions_for(method, ri_table, cr_threshold,
                                                          reciprocal_tol),
                      name=where, n=n, lambda_max=lam, ci=ci, cr=cr, ri=ri, ri_table=ri_table,
                      consistent=ok, most_inconsistent=None if ok else worst, **meta_extra)
    # The AHP JSON names its weighting method in meta["method"] (issue 4's contract); the
    # analysis itself is meta["analysis"].
    meta = MappingProxyType({**meta, "method": method, "analysis": "ahp"})
    table = pd.DataFrame({"weight": w}, index=pd.Index(labels, name="criterion"))
    result = AHPResult(table=table, meta=meta,
                       extra={"matrix": pd.DataFrame(a, index=labels, columns=labels)})
    if warn and not ok:
        warn_inconsistent(where, cr, cr_threshold, ri_table, worst)
    return result


def warn_inconsistent(where: str, cr: float, threshold: float, ri_table: str,
                      worst: dict[str, Any] | None) -> None:
    """Emit the :class:`AHPConsistencyWarning` for one matrix."""
    text = f"{where}: CR = {cr:.4f} > {threshold:g} (ri_table {ri_table})"
    if worst:
        text += ("; " + describe_inconsistency(worst) + " (rule: max a_ij*w_j/w_i, Saaty 2003; "
                 "implied = geometric mean of a_ik*a_kj)")
    _warn(text, AHPConsistencyWarning, stacklevel=3)


def ahp(matrix: Any, criteria: Sequence[str] | None = None, *, method: str = "eigenvector",
        ri_table: str = "saaty1980", cr_threshold: float = CR_THRESHOLD,
        reciprocal_tol: float = RECIPROCAL_TOL, scale_max: float | None = 9.0,
        name: str = "matrix") -> AHPResult:
    """Weights and consistency of one pairwise judgment matrix.

    Parameters
    ----------
    matrix : array_like or DataFrame
        ``n x n`` positive reciprocal judgments on the 1/9..9 scale; ``a_ij`` = importance of
        criterion ``i`` over criterion ``j``.
    criteria : sequence of str, optional
        Criterion names (default: the DataFrame's labels, else ``C1..Cn``).
    method : {"eigenvector", "geometric", "arithmetic"}
        Weighting rule (module docstring).
    ri_table : str
        Random-index table (:data:`RI_TABLES`); a matrix larger than the table raises.
    cr_threshold : float
        ``CR`` above which the matrix is flagged and an :class:`AHPConsistencyWarning` names the
        most inconsistent judgment.
    reciprocal_tol, scale_max
        Validation tolerances (see :func:`as_judgment_matrix`).
    name : str
        What the matrix is called in messages and ``meta["name"]``.

    Returns
    -------
    AHPResult
        ``table``: ``criterion -> weight`` (sums to 1); ``meta``: ``lambda_max``, ``ci``, ``cr``,
        ``ri``, ``ri_table``, conventions.

    Examples
    --------
    >>> r = ahp([[1, 3], [1/3, 1]], ["economy", "environment"])
    >>> round(float(r.weights["economy"]), 2)
    0.75
    """
    check_options(method, ri_table)
    a, labels = as_judgment_matrix(matrix, criteria, where=name, reciprocal_tol=reciprocal_tol,
                                   scale_max=scale_max)
    return result_from_matrix(a, labels, method=method, ri_table=ri_table,
                              cr_threshold=cr_threshold, reciprocal_tol=reciprocal_tol,
                              where=name)
