"""Output, value-added, income and employment multipliers, type I and type II.

Kernels (numpy in, numpy out, no validation) and two labelled shells: :func:`leontief_model`
(validates a table once and holds ``L``) and :func:`multipliers`.

Formulas (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 2.5 "closing the model
with respect to households" and sections 6.2.1-6.2.3 on output, income, employment and value-added
multipliers). Let ``K`` (q x n) hold one coefficient row per quantity: output ``1``, value added
``v_j / x_j``, income (compensation of employees, ``VA001``) ``w_j / x_j``, employment
``e_j / x_j``. Per unit of final demand for sector ``j``:

* direct effect    ``K[:, j]`` -- the initial round (for output the unit itself, M&B's
  "initial effect");
* indirect effect  ``(K L)[:, j] - K[:, j]`` -- all inter-industry rounds;
* induced effect   (type II only) ``(K u)(w'_j) / s`` -- the rounds of household spending out of
  the income earned, from the closed model below;
* multiplier       direct + indirect (+ induced) = ``K L`` (type I, M&B's "simple" multiplier)
  or ``K Lbar_nn`` (type II, M&B's "total" multiplier);
* ratio            multiplier / direct (M&B's "type I" and "type II" income and employment
  multipliers).

Closed model (households endogenous): ``Abar = [[A, h_c], [h_r', h_hh]]`` with the labour-income
row ``h_r`` and the household-consumption column ``h_c``. Its inverse is formed from ``L`` by the
partitioned (Schur complement) inverse, never by a second factorisation::

    u = L h_c,   w' = h_r' L,   s = 1 - h_hh - h_r' u
    Lbar = [[L + u w' / s, u / s], [w' / s, 1 / s]]

so ``K Lbar_nn = K L + (K u) w' / s``. ``s > 0`` is the productivity condition of the closed model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.coefficients import (
    FLAGS,
    ImportShare,
    IOOptions,
    IOSystem,
    Technology,
    ZeroOutput,
    domestic_flows,
    leontief_inverse,
    prepare_system,
    trade_columns,
)
from revitalize.io.solvers import LeontiefSolver
from revitalize.model.table import IOTable
from revitalize.model.validate import Tolerance
from revitalize.results import Result, build_meta

__all__ = [
    "HOUSEHOLD_COLUMN_CHOICES",
    "LeontiefModel",
    "MultipliersResult",
    "closed_inverse",
    "household_terms",
    "leontief_inverse_getri",
    "as_model",
    "leontief_model",
    "multiplier_effects",
    "multiplier_effects_from",
    "multipliers",
]

MultiplierType = Literal["I", "II"]

# Household consumption columns: the first group with a column in the table wins (rural and/or
# urban, else the subtotal, else final consumption); the columns used are recorded in ``meta``.
HOUSEHOLD_COLUMN_CHOICES: tuple[tuple[str, ...], ...] = (("FU101", "FU102"), ("THC",), ("TC",))


# ---------------------------------------------------------------------------- kernels
def leontief_inverse_getri(A: np.ndarray, *, overwrite_a: bool = False) -> np.ndarray:
    """``L = (I - A)^-1``: :func:`revitalize.io.coefficients.leontief_inverse` (getrf + getri),
    kept under this name for callers of this module."""
    return leontief_inverse(A, overwrite_a=overwrite_a)


def household_terms(L: np.ndarray, h_row: np.ndarray, h_col: np.ndarray,
                    h_hh: float = 0.0) -> tuple[np.ndarray, np.ndarray, float]:
    """``u = L h_c``, ``w' = h_r' L`` and the Schur complement ``s = 1 - h_hh - h_r' u`` of the
    closed model (module docstring). ``s <= 0``: the closed model is not productive."""
    u = L @ h_col
    w = h_row @ L
    return u, w, float(1.0 - h_hh - h_row @ u)


def closed_inverse(L: np.ndarray, h_row: np.ndarray, h_col: np.ndarray,
                   h_hh: float = 0.0) -> np.ndarray:
    """The (n+1) x (n+1) inverse ``Lbar = (I - Abar)^-1`` of the closed model from ``L``
    (partitioned inverse, module docstring; Miller & Blair 2009 section 2.5)."""
    u, w, s = household_terms(L, h_row, h_col, h_hh)
    n = L.shape[0]
    out = np.empty((n + 1, n + 1))
    out[:n, :n] = L + np.outer(u, w) / s
    out[:n, n] = u / s
    out[n, :n] = w / s
    out[n, n] = 1.0 / s
    return out


def multiplier_effects(L: np.ndarray, K: np.ndarray,
                       household: tuple[np.ndarray, np.ndarray, float] | None = None
                       ) -> dict[str, np.ndarray]:
    """Direct, indirect and (with ``household = (u, w, s)``) induced effects per unit of final
    demand, each q x n for the q coefficient rows of ``K`` (module docstring), and their sum
    ``multiplier``."""
    K = np.atleast_2d(np.asarray(K, float))
    return multiplier_effects_from(K @ L, K, household)


def multiplier_effects_from(KL: np.ndarray, K: np.ndarray,
                            household: tuple[np.ndarray, np.ndarray, float] | None = None
                            ) -> dict[str, np.ndarray]:
    """As :func:`multiplier_effects` from ``K L`` already computed (by solves, not from ``L``:
    ``K L = (L' K')'``)."""
    K = np.atleast_2d(np.asarray(K, float))
    out = {"direct": K.copy(), "indirect": KL - K}
    total = KL
    if household is not None:
        u, w, s = household
        out["induced"] = np.outer(K @ u, w) / s
        total = KL + out["induced"]
    out["multiplier"] = total
    return out


# ---------------------------------------------------------------------------- the model
@dataclass(frozen=True, eq=False)
class LeontiefModel:
    """A validated table, its coefficients and a solver for products with ``L``.

    Build it with :func:`leontief_model`; :func:`multipliers` and
    :func:`revitalize.io.linkages.linkages` accept it in place of a table, so that one
    factorisation (or one iteration) serves both. ``L`` is formed only when asked for
    (:attr:`L`; :mod:`revitalize.io.solvers`).

    Attributes
    ----------
    table
        The source table (labels, value added, final demand, provenance).
    options
        The conventions (:class:`~revitalize.io.coefficients.IOOptions`).
    system
        The prepared system (:class:`~revitalize.io.coefficients.IOSystem`): ``Z`` and ``x``
        on all n sectors, ``active`` sectors in ``I - A``, ``A`` of the active ones, ``flags``.
    solver
        :class:`~revitalize.io.solvers.LeontiefSolver` over ``A``.
    codes, index
        Sector codes of all n sectors, as a list and as the ``sector`` index results share.
    """

    table: IOTable
    options: IOOptions
    system: IOSystem
    solver: LeontiefSolver
    codes: list[str]
    index: pd.Index

    technology = property(lambda self: self.options.technology)
    zero_output = property(lambda self: self.options.zero_output)
    import_share = property(lambda self: self.options.import_share)
    productivity = property(lambda self: self.system.productivity)
    Z = property(lambda self: self.system.Z, doc="Intermediate flows used (n x n).")
    x = property(lambda self: self.system.x, doc="Gross output (n; 0 where x_j <= 0).")
    A = property(lambda self: self.system.A, doc="Technical coefficients of active sectors.")
    active = property(lambda self: self.system.active, doc="Sectors in I - A (bool, n).")
    flags = property(lambda self: self.system.flags, doc="Flags per sector (n).")

    @property
    def L(self) -> np.ndarray:
        """``(I - A)^-1`` of the active sectors (formed on first access)."""
        return self.solver.L

    @property
    def names(self) -> pd.Series:
        """English name, or the Chinese one where the English is blank."""
        s = self.table.sectors
        return s["name_en"].where(s["name_en"] != "", s["name_cn"])

    @property
    def x_active(self) -> np.ndarray:
        return self.system.x[self.system.active]

    def final_demand(self) -> np.ndarray:
        """The model's own final demand ``y = x - Z 1`` (so that ``x = L y`` exactly), on all
        sectors (excluded sectors: NaN)."""
        act = self.system.active
        Za = self.Z[np.ix_(act, act)] if not act.all() else self.Z
        return self.system.expand(self.x_active - Za.sum(axis=1))

    def per_output(self, values: np.ndarray) -> np.ndarray:
        """``values_j / x_j``; 0 where ``x_j == 0``."""
        return np.divide(values, self.x, out=np.zeros(len(self.x)), where=self.x > 0)

    def conventions(self) -> dict[str, object]:
        return {**self.options.conventions(self.table),
                "excluded_sectors": self.system.excluded, "flags": FLAGS,
                "solution": self.solver.describe(), "productivity": self.productivity}


def leontief_model(table: IOTable, *, options: IOOptions | None = None,
                   technology: Technology | None = None, zero_output: ZeroOutput | None = None,
                   import_share: ImportShare | None = None, solver: str | None = None,
                   tol: float | None = None) -> LeontiefModel:
    """Validate ``table`` once and prepare products with ``L`` (formed only when needed).

    Parameters
    ----------
    table
        The IO table.
    options
        Conventions (default :class:`~revitalize.io.coefficients.IOOptions`: technology
        ``"published"``, import_share ``"supply"``, zero_output ``"exclude"``, solver
        ``"auto"``); the other keywords override its fields.

    Raises
    ------
    ValidationError
        As :func:`revitalize.io.coefficients.prepare_system`.
    """
    opts = IOOptions.of(options, technology=technology, zero_output=zero_output,
                        import_share=import_share, solver=solver, tol=tol)
    system = prepare_system(table, opts)
    model = LeontiefModel(table=table, options=opts, system=system,
                          solver=LeontiefSolver(system.A, method=opts.solver, tol=opts.tol),
                          codes=table.sectors.index.tolist(),
                          index=pd.Index(table.sectors.index, name="sector"))
    if model.solver.method == "iterative":
        _register_companions(model)
    return model


def _register_companions(model: LeontiefModel) -> None:
    """The right-hand sides linkages and multipliers ask for, solved together on the first
    request of each direction (:class:`~revitalize.io.solvers.LeontiefSolver`): right ``1``,
    ``x``, household consumption per income; left ``1``, value added and compensation per
    output. Only a speed-up: a vector that cannot be built is simply not registered."""
    act, table = model.active, model.table
    xa = model.x_active
    right = [np.ones(len(xa)), xa]
    left = [np.ones(len(xa)), model.per_output(table.total_value_added().to_numpy(float))[act]]
    if "VA001" in table.value_added.index:
        comp = table.value_added.loc["VA001"].to_numpy(float)
        left.append(model.per_output(comp)[act])
        have = set(table.final_demand.columns)
        cols = next((c for c in ((("FU101", "FU102"), ("THC",), ("TC",)))
                     if any(k in have for k in c)), None)
        if cols is not None and comp.sum() > 0:
            cols = tuple(k for k in cols if k in have)
            right.append(_consumption(model, cols)[act] / comp.sum())
    model.solver.companions = {False: right, True: left}


def as_model(source: IOTable | LeontiefModel, technology: str | None = None,
             zero_output: str | None = None, import_share: str | None = None,
             options: IOOptions | None = None) -> LeontiefModel:
    """``source`` itself when it is a model (refusing conflicting conventions), else a new model."""
    if isinstance(source, LeontiefModel):
        for name, value in (("technology", technology), ("zero_output", zero_output),
                            ("import_share", import_share)):
            if value is not None and value != getattr(source, name):
                raise InputError(f"{name}={value!r} conflicts with the model's "
                                 f"{getattr(source, name)!r}", field=name,
                                 expected=f"no {name} (the model's) or a new model")
        return source
    return leontief_model(source, options=options, technology=technology,
                          zero_output=zero_output, import_share=import_share)


# ---------------------------------------------------------------------------- households
def _household_columns(table: IOTable, columns: tuple[str, ...] | None) -> tuple[str, ...]:
    have = list(table.final_demand.columns)
    if columns is not None:
        missing = [c for c in columns if c not in have]
        if missing or not columns:
            raise UnknownLabelError(f"household consumption columns {missing or '()'} are not in "
                                    "the table", file=table.label, field="household_columns",
                                    expected=f"codes among {have}")
        return tuple(columns)
    for choice in HOUSEHOLD_COLUMN_CHOICES:
        choice = tuple(c for c in choice if c in have)
        if choice:
            if choice == ("TC",):
                _warn(f"{table.label}: no household consumption column (FU101+FU102 or "
                              "THC); households are closed with total final consumption TC, "
                              "which includes government consumption (type II effects are "
                              "overstated)", DataQualityWarning, stacklevel=4)
            return choice
    raise ValidationError("no household consumption column for the type II closure",
                          file=table.label, field="final_demand",
                          expected=f"one of {[' + '.join(c) for c in HOUSEHOLD_COLUMN_CHOICES]} "
                                   "or household_columns=")


def _consumption(model: LeontiefModel, columns: tuple[str, ...]) -> np.ndarray:
    """Household consumption by product under the model's technology (import proportionality
    removes the imported share in competitive tables, as for ``Z``)."""
    table = model.table
    c = table.final_demand[list(columns)].sum(axis=1).to_numpy(float)
    if model.technology == "total" and table.final_demand_imports is not None:
        fdm = table.final_demand_imports
        c = c + fdm[[k for k in columns if k in fdm.columns]].sum(axis=1).to_numpy(float)
    elif model.technology == "domestic" and table.kind == "competitive":
        m, e = trade_columns(table)
        c = domestic_flows(c[:, np.newaxis], table.output.to_numpy(float), m, e,
                           model.import_share)[:, 0]
    return c


def _household_closure(model: LeontiefModel, columns: tuple[str, ...] | None
                       ) -> tuple[tuple[np.ndarray, np.ndarray, float], dict]:
    """``(u, w, s)`` of the closed model and the conventions that built it."""
    table = model.table
    if "VA001" not in table.value_added.index:
        raise ValidationError("no compensation of employees row VA001", file=table.label,
                              field="value_added", expected="a VA001 row for income multipliers")
    comp = table.value_added.loc["VA001"].to_numpy(float)
    cols = _household_columns(table, columns)
    c = _consumption(model, cols)
    negative = _check_closure_signs(model, {"VA001": comp, "household consumption": c})
    income = comp.sum()
    if not income > 0:
        raise ValidationError("total compensation of employees is not positive",
                              file=table.label, field="VA001", expected="a positive total")
    act = model.active
    h_row, h_col = model.per_output(comp)[act], c[act] / income
    u = model.solver.solve(h_col)
    w = model.solver.solve(h_row, transpose=True)
    terms = (u, w, float(1.0 - h_row @ u))
    if terms[2] <= 0:
        raise ValidationError(f"the model closed with households is not productive "
                              f"(1 - h_r' L h_c = {terms[2]:.4g} <= 0)", file=table.label,
                              field="household_columns", expected="a positive Schur complement")
    conv = {"household_columns": " + ".join(cols),
            "household_row": "compensation of employees VA001 / x",
            "household_column": "household consumption / total compensation of employees "
                                "(consumption out of labour income); household-to-household 0",
            "household_consumption_share_of_income": float(c.sum() / income),
            "household_consumption_of_excluded_sectors": float(c[~act].sum()) if
            not act.all() else None, "negative_closure_cells": negative or None}
    return terms, conv


def _check_closure_signs(model: LeontiefModel, vectors: dict[str, np.ndarray]
                         ) -> dict[str, list[str]]:
    """Negative cells of the closure vectors: computed and warned when their sum is within
    ``Tolerance.negative_tol`` of the vector's positive total (published tables hold a few, e.g.
    Inner Mongolia 2002 household consumption of construction), refused beyond it."""
    tol = Tolerance().negative_tol
    found: dict[str, list[str]] = {}
    for name, vec in vectors.items():
        if not (vec < 0).any():
            continue
        bad = [code for code, v in zip(model.codes, vec) if v < 0]
        share = -vec[vec < 0].sum() / max(vec[vec > 0].sum(), np.finfo(float).tiny)
        if share > tol:
            raise ValidationError(f"negative {name} for sectors {bad[:8]} ({share:.3g} of the "
                                  "positive total)", file=model.table.label, field=name,
                                  expected=f"non-negative flows (negatives within {tol:g} of "
                                           "the total are computed and flagged)")
        _warn(f"{model.table.label}: negative {name} for sectors {bad[:8]} ({share:.3g} of the "
              "total) kept as published in the type II closure", DataQualityWarning, stacklevel=4)
        found[name] = bad
    return found


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class MultipliersResult(Result):
    """``table``: one row per sector, for each quantity ``q`` in output, value_added, income
    (and employment) the columns ``q_direct``, ``q_indirect`` (, ``q_induced``), ``q_multiplier``
    and (not for output) ``q_ratio``; ``extra``: the coefficient rows ``K`` (DataFrame) and,
    type II, ``u``, ``w``, ``s`` of the closed model."""


def _employment_row(model: LeontiefModel, employment: pd.Series) -> np.ndarray:
    """Employment aligned to the sectors by label; missing or extra sectors are refused."""
    codes = model.codes
    index = [str(k) for k in employment.index]
    have, want = set(index), set(codes)
    missing = [c for c in codes if c not in have]
    extra = [k for k in index if k not in want]
    if missing or extra:
        parts = ([f"missing sectors {missing}"] if missing else []) + (
            [f"sectors not in the table {extra}"] if extra else [])
        raise UnknownLabelError("employment vector does not match the table: " + "; ".join(parts),
                                file=model.table.label, field="employment",
                                expected=f"exactly the table's {len(codes)} sector codes")
    if len(set(index)) != len(index):
        raise InputError("employment vector has duplicate sector codes", field="employment")
    values = pd.Series(employment.to_numpy(float), index=index).reindex(codes).to_numpy(float)
    bad = [c for c, v in zip(codes, values) if not np.isfinite(v) or v < 0]
    if bad:
        raise ValidationError(f"employment is negative or missing for sectors {bad}",
                              field="employment", expected="non-negative numbers")
    return model.per_output(values)


def _frame(model: LeontiefModel, rows: dict[str, np.ndarray], effects: dict[str, np.ndarray]
           ) -> pd.DataFrame:
    cols: dict[str, np.ndarray] = {"name": model.names.to_numpy()}
    for i, q in enumerate(rows):
        for part in ("direct", "indirect", "induced", "multiplier"):
            if part in effects:
                cols[f"{q}_{part}"] = effects[part][i]
        if q != "output":
            direct = effects["direct"][i]
            cols[f"{q}_ratio"] = np.divide(effects["multiplier"][i], direct,
                                           out=np.full(len(direct), np.nan), where=direct != 0)
    cols["flags"] = model.flags
    return pd.DataFrame(cols, index=model.index)


def _meta(model: LeontiefModel, type: str, household: dict, employment: pd.Series | None):
    table = model.table
    emp_unit = employment.attrs.get("unit", "persons") if employment is not None else None
    return build_meta("io_multipliers", conventions={
        **model.conventions(), "type": type, **household,
        "employment_split": None if employment is None else employment.attrs.get("split"),
        "direct": "initial round: K_j (output: the unit of final demand itself)",
        "indirect": "(K L)_j - K_j", "induced": "(K u) w_j / s (type II)" if type == "II" else None,
        "ratio": "multiplier / direct (Miller & Blair type I / type II multiplier)",
        "income": "compensation of employees (VA001)", "value_added": "VA001..VA004"},
        provenance=table.provenance, region=table.region, year=table.year,
        units={"output": f"{table.unit} per {table.unit} of final demand",
               "value_added": f"{table.unit} per {table.unit}",
               "income": f"{table.unit} per {table.unit}",
               "employment": f"{emp_unit} per {table.unit}" if emp_unit else None},
        employment=dict(employment.attrs) if employment is not None else None,
        flagged_sectors=model.system.flag_notes())


def multipliers(source: IOTable | LeontiefModel, *, type: MultiplierType = "II",
                technology: Technology | None = None, zero_output: ZeroOutput | None = None,
                employment: pd.Series | None = None,
                household_columns: tuple[str, ...] | None = None,
                import_share: str | None = None) -> MultipliersResult:
    """Output, value-added, income and (given ``employment``) employment multipliers by sector,
    split into direct, indirect and (type II) induced effects (formulas: module docstring).

    Parameters
    ----------
    source
        A table, or a :class:`LeontiefModel` (then ``technology``/``zero_output`` are its own).
    type
        ``"I"`` (households exogenous) or ``"II"`` (default; households endogenous: row
        ``VA001 / x``, column household consumption / total ``VA001``).
    technology, zero_output, import_share
        As in :func:`revitalize.io.coefficients.coefficients` (defaults of
        :class:`~revitalize.io.coefficients.IOOptions`). Sectors not computed (zero output,
        excluded) are NaN with their ``flags``; ``K L`` comes from solves, ``L`` is not formed.
    employment
        Persons employed by sector, indexed by the table's sector codes (e.g.
        :func:`revitalize.data.readers.employment.read_employment`); ``attrs["unit"]`` names the
        unit (default ``"persons"``). Employment effects are in that unit per unit of output.
    household_columns
        Final-demand codes of household consumption; default: the first of ``FU101 + FU102``,
        ``THC``, ``TC`` present (``TC`` includes government consumption: warned).

    Raises
    ------
    UnknownLabelError
        ``employment`` misses sectors of the table or has sectors it lacks (both are named).
    ValidationError
        As :func:`leontief_model`; negative employment, compensation or consumption; a closed
        model that is not productive.
    """
    if type not in ("I", "II"):
        raise InputError(f"unknown multiplier type {type!r}", field="type", expected="'I' or 'II'")
    model = as_model(source, technology, zero_output, import_share)
    table = model.table
    rows = {"output": np.ones(len(model.x)),
            "value_added": model.per_output(table.total_value_added().to_numpy(float)),
            "income": model.per_output(table.value_added.loc["VA001"].to_numpy(float))
            if "VA001" in table.value_added.index else None}
    if rows["income"] is None:
        raise ValidationError("no compensation of employees row VA001", file=table.label,
                              field="value_added", expected="a VA001 row for income multipliers")
    if employment is not None:
        rows["employment"] = _employment_row(model, employment)
    household, conv = _household_closure(model, household_columns) if type == "II" else (None, {})
    K = np.vstack(list(rows.values()))
    Ka = K[:, model.active]
    effects = multiplier_effects_from(model.solver.row_products(Ka), Ka, household)
    effects = {k: model.system.expand(v) for k, v in effects.items()}
    meta = _meta(model, type, conv, employment)
    extra = {"K": pd.DataFrame(K, index=list(rows), columns=model.index)}
    if household is not None:
        extra.update(u=pd.Series(model.system.expand(household[0]), index=model.index),
                     w=pd.Series(model.system.expand(household[1]), index=model.index),
                     s=household[2])
    return MultipliersResult(table=_frame(model, rows, effects), meta=meta, extra=extra)
