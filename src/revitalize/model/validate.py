"""Validation of input-output tables on read: the one place where the IO family's rule lives.

The rule (STYLE.md section 6): raise on what makes results wrong, warn on what is computable but
questionable, never fix silently. For an :class:`~revitalize.model.table.IOTable` that means:

==========================  ===========================================  =======================
check                       passes (``ok``)                              otherwise
==========================  ===========================================  =======================
``row_balance``             ``|gap| <= abs_tol`` or ``rel <= rel_tol``     warn if ``rel <= warn_rel``,
``import_row_balance``      (``rel = |gap| / max(|x_i|, floor)``,          else raise
``column_balance``          ``floor = 1e-9 * sum |x|``)                    :class:`ValidationError`
``input_equals_output``
``subtotal:<NAME>``         stated subtotal equals the sum of components   same bands
``negative_intermediate``   no ``z_ij < 0``                                warn if ``|z_ij| <= negative_tol
                                                                           * x_j``, else raise
``negative_value_added``    every sector's total value added >= 0          warn
``zero_output``             every sector has ``x_j > 0``                   warn (coefficients of
                                                                           that column undefined)
``unit``                    unit is one of :data:`KNOWN_UNITS`             raise
==========================  ===========================================  =======================

A table published in whole units (every cell an integer: e.g. the bureaus' 2012 ``.xlsx``
files) carries up to half a unit of rounding in each term of an identity, so its absolute band
is half the number of terms summed (e.g. 29 万元 for a 42-sector row with 16 final-use columns);
the convention ``rounded_table`` says so.

Defaults: ``abs_tol = 1`` (one unit of the table, e.g. 1 万元), ``rel_tol = 1e-6``,
``warn_rel = 1e-2``, ``negative_tol = 0.05``. Published tables contain a few small negative
intermediate flows (e.g. Guangdong 2002 provincial table, sector 11 -> 30: -73,305 万元, 0.4 % of
the column's total input) and sectors with negative value added (Jilin 2002 sector 13); these are
warned about with their cells named, and kept as published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import BalanceWarning, ValidationError
from revitalize.errors import warn as _warn
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta

__all__ = ["KNOWN_UNITS", "BalanceReport", "Tolerance", "check_io_table", "check_same_unit"]

KNOWN_UNITS: dict[str, str] = {
    "10^4 CNY": "万元 (10,000 yuan)",
    "10^8 CNY": "亿元 (100 million yuan)",
    "CNY": "元 (yuan)",
    "10^6 USD": "million US dollars",
    "unknown": "not stated by the source nor the user (a user's table; recorded, never guessed)",
}


@dataclass(frozen=True)
class Tolerance:
    """Tolerances of :func:`check_io_table` (see the module docstring for the rule)."""

    abs_tol: float = 1.0
    rel_tol: float = 1e-6
    warn_rel: float = 1e-2
    negative_tol: float = 0.05


@dataclass(frozen=True)
class BalanceReport(Result):
    """Outcome of every check: columns ``check, status, worst_abs, worst_rel, sector, n_flagged,
    detail``; ``status`` is ``ok``, ``warn`` or ``error``."""

    @property
    def worst(self) -> pd.Series:
        """Worst relative gap per balance check (the numbers quoted in closing notes)."""
        t = self.table
        return t.loc[t["check"].str.contains("balance|input_equals|subtotal"), ["check", "worst_abs", "worst_rel"]].set_index("check")

    @property
    def ok(self) -> bool:
        return bool((self.table["status"] == "ok").all())


def _gap_row(check: str, gap: pd.Series, scale: pd.Series, tol: Tolerance,
             abs_tol: float | None = None) -> dict:
    gap = gap.astype(float)
    absgap = gap.abs().fillna(0.0)
    floor = max(1e-9 * float(scale.abs().sum()), np.finfo(float).tiny)
    rel = absgap / np.maximum(scale.abs().to_numpy(float), floor)
    passes = (absgap <= (tol.abs_tol if abs_tol is None else abs_tol)) | (rel <= tol.rel_tol)
    if len(gap) == 0:
        return {"check": check, "status": "ok", "worst_abs": 0.0, "worst_rel": 0.0, "sector": "",
                "n_flagged": 0, "detail": ""}
    worst = rel.idxmax()
    failing = rel[~passes]
    if failing.empty:
        status = "ok"
    elif float(failing.max()) <= tol.warn_rel:
        status = "warn"
    else:
        status = "error"
    return {
        "check": check,
        "status": status,
        "worst_abs": float(absgap.max()),
        "worst_rel": float(rel.max()),
        "sector": str(worst),
        "n_flagged": len(failing),
        "detail": "" if failing.empty else
        f"sectors {list(map(str, failing.sort_values(ascending=False).index[:5]))} "
        f"(worst gap {float(gap[worst]):.6g} at {worst})",
    }


def _negative_rows(table: IOTable, tol: Tolerance) -> list[dict]:
    rows = []
    z = table.Z.to_numpy(float)
    x = table.output.to_numpy(float)
    neg = np.argwhere(z < 0)
    if len(neg) == 0:
        rows.append({"check": "negative_intermediate", "status": "ok", "worst_abs": 0.0,
                     "worst_rel": 0.0, "sector": "", "n_flagged": 0, "detail": ""})
    else:
        codes = table.codes
        share = np.array([abs(z[i, j]) / x[j] if x[j] > 0 else np.inf for i, j in neg])
        k = int(np.argmax(share))
        cells = [f"{codes[i]}->{codes[j]}: {z[i, j]:.6g}" for i, j in neg[:5]]
        rows.append({
            "check": "negative_intermediate",
            "status": "error" if share.max() > tol.negative_tol else "warn",
            "worst_abs": float(-z[tuple(neg[k])]), "worst_rel": float(share.max()),
            "sector": f"{codes[neg[k][0]]}->{codes[neg[k][1]]}", "n_flagged": len(neg),
            "detail": "negative flows (row->column) " + "; ".join(cells),
        })
    va = table.total_value_added()
    bad_va = va[va < 0]
    rows.append({
        "check": "negative_value_added", "status": "warn" if len(bad_va) else "ok",
        "worst_abs": float(-bad_va.min()) if len(bad_va) else 0.0, "worst_rel": np.nan,
        "sector": str(bad_va.idxmin()) if len(bad_va) else "", "n_flagged": len(bad_va),
        "detail": "" if not len(bad_va) else "sectors with negative total value added "
        + ", ".join(f"{c}: {v:.6g}" for c, v in bad_va.items()),
    })
    zero = table.output[table.output <= 0]
    rows.append({
        "check": "zero_output", "status": "warn" if len(zero) else "ok", "worst_abs": np.nan,
        "worst_rel": np.nan, "sector": ",".join(map(str, zero.index)), "n_flagged": len(zero),
        "detail": "" if not len(zero) else f"sectors with zero output: {list(map(str, zero.index))}",
    })
    return rows


def check_io_table(
    table: IOTable,
    *,
    where: str | None = None,
    subtotals: Mapping[str, tuple[pd.Series, pd.Series]] | None = None,
    tolerance: Tolerance = Tolerance(),
    emit: bool = True,
) -> BalanceReport:
    """Check an IO table's identities, signs and unit; raise or warn per the module's rule.

    Parameters
    ----------
    table
        The table to check.
    where
        Where it came from (file name, region, year), used in messages.
    subtotals
        Stated subtotal vs sum of its components, e.g. ``{"TVA": (stated, computed)}``; each is a
        pair of Series indexed by sector.
    tolerance
        Tolerances (see :class:`Tolerance`).
    emit
        If false, only return the report (no warnings, no exception).

    Returns
    -------
    BalanceReport
        One row per check. Raises :class:`ValidationError` (when ``emit``) if any check errs.
    """
    where = where or f"{table.provenance.file or 'table'}: {table.label}"
    x = table.output
    row_terms, column_terms = _identity_terms(table)
    rounded = _published_rounded(table)
    # a table published in whole units carries up to half a unit of rounding in every term of
    # an identity: its absolute band is half the number of terms (never below abs_tol)
    row_tol = max(tolerance.abs_tol, 0.5 * row_terms) if rounded else None
    col_tol = max(tolerance.abs_tol, 0.5 * column_terms) if rounded else None
    rows = [_gap_row("row_balance", table.row_gap(), x, tolerance, row_tol)]
    imp_gap = table.import_row_gap()
    if imp_gap is not None:
        total_m = table.imports["IM"] if "IM" in table.imports else table.imports.sum(axis=1)
        rows.append(_gap_row("import_row_balance", imp_gap, total_m, tolerance, row_tol))
    rows.append(_gap_row("column_balance", table.column_gap(), table.total_input, tolerance,
                         col_tol))
    rows.append(_gap_row("input_equals_output", table.total_input - x, x, tolerance))
    for name, (stated, computed) in (subtotals or {}).items():
        rows.append(_gap_row(f"subtotal:{name}", stated - computed, stated, tolerance))
    rows += _negative_rows(table, tolerance)
    unit_ok = table.unit in KNOWN_UNITS
    rows.append({"check": "unit", "status": "ok" if unit_ok else "error", "worst_abs": np.nan,
                 "worst_rel": np.nan, "sector": "", "n_flagged": 0 if unit_ok else 1,
                 "detail": "" if unit_ok else f"unit {table.unit!r} is not one of {list(KNOWN_UNITS)}"})
    report = BalanceReport(
        table=pd.DataFrame(rows),
        meta=build_meta("io_table_checks", conventions={
            "abs_tol": tolerance.abs_tol, "rel_tol": tolerance.rel_tol,
            "rounded_table": (f"every cell a whole unit: absolute band {row_tol:g} (rows), "
                              f"{col_tol:g} (columns) = half a unit per term" if rounded
                              else "no"),
            "warn_rel": tolerance.warn_rel, "negative_tol": tolerance.negative_tol,
            "rel_gap": "|gap| / max(|x_i|, 1e-9 * sum|x|)"}, provenance=table.provenance,
            where=where),
    )
    if emit:
        _emit(report, where)
    return report


def _identity_terms(table: IOTable) -> tuple[int, int]:
    """Number of published cells summed in a row identity and in a column identity."""
    n = table.n
    fd = 0 if table.final_demand is None else table.final_demand.shape[1]
    imp = 0 if table.imports is None else table.imports.shape[1]
    return n + fd + imp + 2, n + table.value_added.shape[0] + 1


def _published_rounded(table: IOTable) -> bool:
    """Whether every cell of the table is a whole number (a table published rounded)."""
    blocks = [table.Z, table.final_demand, table.value_added, table.output.to_frame(),
              table.imports, None if table.other is None else table.other.to_frame()]
    for block in blocks:
        if block is None:
            continue
        v = block.to_numpy(float)
        v = v[np.isfinite(v)]
        if v.size and not np.all(np.abs(v - np.round(v)) < 1e-9):
            return False
    return True


def _emit(report: BalanceReport, where: str) -> None:
    t = report.table
    errors = t[t["status"] == "error"]
    if len(errors):
        first = errors.iloc[0]
        raise ValidationError(
            f"{first['check']} fails: {first['detail'] or first['sector']} "
            f"(worst relative gap {first['worst_rel']:.3g})",
            file=where, field=first["check"],
            expected="balanced within the tolerance of revitalize.model.validate",
        )
    for _, r in t[t["status"] == "warn"].iterrows():
        _warn(f"{where}: {r['check']}: {r['detail']}", BalanceWarning, stacklevel=3)


def check_same_unit(tables, *, where: str | None = None) -> str:
    """Return the common unit of several tables; raise :class:`ValidationError` on a mismatch."""
    units = {t.label: t.unit for t in tables}
    distinct = set(units.values())
    if len(distinct) > 1:
        raise ValidationError(f"tables have different units {units}", file=where, field="unit",
                              expected="one unit (convert first)")
    return distinct.pop() if distinct else ""
