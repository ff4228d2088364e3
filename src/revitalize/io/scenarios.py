"""Final-demand scenarios: a baseline table plus shocks gives a result with deltas.

Immutable objects (STYLE.md section 4): a :class:`Shock` changes one final-demand cell
``y_ik`` (sector ``i``, category ``k``) by an absolute amount (table unit) or by a per cent of
the baseline cell; a :class:`Scenario` holds the baseline table, the shocks and the
conventions; :meth:`Scenario.run` returns a :class:`ScenarioResult` and changes nothing.

Model (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., eqs. 2.11-2.12 and section 6.2):

* ``Δy`` -- the shocks, summed cell by cell (each percentage applies to the *baseline* cell,
  so shocks add and never compound);
* ``Δf_i = sum_k w_ik Δy_ik`` -- the demand for the region's own products. Competitive table
  with ``technology="domestic"``: ``w_ik = 1 - s_i`` for domestic uses and ``w_ik = 1`` for
  exports and outflows (``EX``, ``OF``, ``FU302``, ``EXPO``) and net outflow ``NOF``, with the
  import share ``s_i`` of :mod:`revitalize.io.coefficients` on the ``import_share`` basis
  (``m_i / (x_i + m_i)``, the default, or ``m_i / (x_i - e_i + m_i)``; import
  proportionality; ``m`` imports and inflows, ``e`` exports and outflows); the rest,
  ``s_i Δy_ik``, is imported at once (``final_imports_delta``). Non-competitive tables (their
  final-demand block is already domestic), ``technology="published"`` (the default: the
  table's coefficients as printed, so every input is produced in the region) and
  ``"total"``: ``w_ik = 1``;
* ``Δx = L Δf`` (a solve with the Leontief model of
  :func:`revitalize.io.multipliers.leontief_model` under the same conventions; sectors not
  computed get NaN);
* satellites, each ``Δq = diag(c) Δx`` with a coefficient per unit of output: value added
  ``c_j = v_j / x_j`` (all ``VA`` rows), income ``VA001_j / x_j`` (compensation of
  employees), employment (an optional labelled Series of persons per unit of output), and
  imported intermediate inputs ``m_j`` -- in a non-competitive table ``m_j = sum_i Z^m_ij /
  x_j`` (the imported block), in a competitive one ``m_j = sum_i s_i z_ij / x_j`` (import
  proportionality). Under ``technology="total"`` the output change already assumes every
  input is produced in the region, so the import columns then show the import content those
  inputs have in the table, not a leakage subtracted from output.

Imports include inflows from other provinces in provincial tables (``IM`` + ``IF``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.coefficients import IOOptions, Technology, ZeroOutput
from revitalize.io.multipliers import leontief_model
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta, jsonable
from revitalize.safety import load_json, load_yaml

__all__ = [
    "EXPORT_CATEGORIES",
    "Shock",
    "Scenario",
    "ScenarioResult",
    "impact",
    "import_shares",
    "read_shock_file",
]

Mode = Literal["absolute", "percent"]
EXPORT_CATEGORIES: tuple[str, ...] = ("EX", "OF", "FU302", "EXPO")
_FULLY_DOMESTIC = EXPORT_CATEGORIES + ("NOF",)
_FILE_KEYS = {"name", "description", "shocks"}
_SHOCK_KEYS = {"sector", "category", "amount", "mode"}


# ---------------------------------------------------------------------------- shocks
@dataclass(frozen=True)
class Shock:
    """A change of one final-demand cell.

    Parameters
    ----------
    sector
        Sector code of the product demanded (e.g. ``"20"``).
    category
        Final-demand category code of the table (e.g. ``"FU201"`` gross fixed capital
        formation; see :data:`revitalize.model.table.FINAL_DEMAND_CODES`).
    amount
        Table unit when ``mode="absolute"``; per cent of the baseline cell when
        ``mode="percent"`` (``-10`` is a 10 % cut; below ``-100`` is refused).
    mode
        ``"absolute"`` (default) or ``"percent"``.
    """

    sector: str
    category: str
    amount: float
    mode: Mode = "absolute"

    def __post_init__(self) -> None:
        object.__setattr__(self, "sector", str(self.sector).strip())
        object.__setattr__(self, "category", str(self.category).strip())
        try:
            amount = float(self.amount)
        except (TypeError, ValueError):
            raise InputError(f"shock amount {self.amount!r} is not a number", field="amount",
                             expected="a finite number") from None
        if not math.isfinite(amount):
            raise InputError(f"shock amount {amount} is not finite", field="amount",
                             expected="a finite number")
        object.__setattr__(self, "amount", amount)
        if self.mode not in ("absolute", "percent"):
            raise InputError(f"unknown shock mode {self.mode!r}", field="mode",
                             expected="'absolute' or 'percent'")
        if self.mode == "percent" and amount < -100.0:
            raise InputError(f"shock of {amount}% on {self.sector}:{self.category} would make "
                             "the cell's sign flip", field="amount",
                             expected="a percentage >= -100")

    @classmethod
    def parse(cls, text: str) -> Shock:
        """``"SECTOR:CATEGORY:AMOUNT"`` (absolute) or ``"SECTOR:CATEGORY:AMOUNT%"`` (percent)."""
        parts = str(text).rsplit(":", 2)
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise InputError(f"cannot read shock {text!r}", field="--shock",
                             expected="SECTOR:CATEGORY:AMOUNT or SECTOR:CATEGORY:AMOUNT%, "
                                      "e.g. 20:FU201:500000 or 14:FU201:-10%")
        sector, category, amount = (p.strip() for p in parts)
        mode: Mode = "percent" if amount.endswith("%") else "absolute"
        try:
            value = float(amount.rstrip("%"))
        except ValueError:
            raise InputError(f"shock amount {amount!r} in {text!r} is not a number",
                             field="--shock", expected="a number, optionally followed by %") from None
        return cls(sector, category, value, mode)

    def __str__(self) -> str:
        return f"{self.sector}:{self.category}:{self.amount:.15g}{'%' if self.mode == 'percent' else ''}"


def _shock_from_item(item, where: str, index: int) -> Shock:
    if isinstance(item, str):
        return Shock.parse(item)
    if not isinstance(item, Mapping):
        raise InputError("a shock is neither a mapping nor a string", file=where,
                         row=f"shocks[{index}]", expected="{sector, category, amount, mode}")
    extra = set(item) - _SHOCK_KEYS
    missing = {"sector", "category", "amount"} - set(item)
    if extra or missing:
        raise InputError(f"unknown keys {sorted(extra)} / missing keys {sorted(missing)}",
                         file=where, row=f"shocks[{index}]",
                         expected=f"keys {sorted(_SHOCK_KEYS)} (mode optional)")
    try:
        return Shock(item["sector"], item["category"], item["amount"],
                     item.get("mode", "absolute"))
    except InputError as exc:
        raise InputError(exc.message, file=where, row=f"shocks[{index}]", field=exc.field,
                         expected=exc.expected) from None


def read_shock_file(path: str | Path) -> tuple[tuple[Shock, ...], str | None]:
    """Shocks (and the scenario name) from a JSON or YAML file.

    The file holds a mapping with ``shocks`` (a list of ``{sector, category, amount, mode}``
    mappings or ``"SECTOR:CATEGORY:AMOUNT[%]"`` strings) and optional ``name`` and
    ``description``; a bare list of shocks is accepted too. Files ending ``.json`` are read as
    JSON, anything else as YAML.
    """
    import yaml

    p = Path(path)
    text = p.read_text(encoding="utf-8")
    try:
        data = (load_json(text, file=p, field="shocks") if p.suffix.lower() == ".json"
                else load_yaml(text, file=p))  # revitalize.safety: no aliases, bounded
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot parse the shock file: {exc}", file=p,
                         expected="JSON or YAML") from None
    if isinstance(data, list):
        data = {"shocks": data}
    if not isinstance(data, Mapping) or not isinstance(data.get("shocks"), list):
        raise InputError("no list of shocks", file=p, field="shocks",
                         expected="a mapping with a 'shocks' list")
    extra = set(data) - _FILE_KEYS
    if extra:
        raise InputError(f"unknown keys {sorted(extra)}", file=p,
                         expected=f"only {sorted(_FILE_KEYS)}")
    shocks = tuple(_shock_from_item(item, str(p), i) for i, item in enumerate(data["shocks"]))
    name = data.get("name")
    return shocks, (None if name is None else str(name))


# ---------------------------------------------------------------------------- coefficients
def import_shares(table: IOTable, basis: str = "supply") -> np.ndarray:
    """Import share of each product, ``m_i / (x_i - e_i + m_i)`` (``basis="use"``) or
    ``m_i / (x_i + m_i)`` (``"supply"``): the rule of
    :func:`revitalize.io.coefficients.import_shares`. Zeros for a non-competitive table."""
    from revitalize.io.coefficients import import_shares as _shares

    if table.kind == "noncompetitive":
        return np.zeros(table.n)
    m = table.imports.sum(axis=1).to_numpy(float) if table.imports.shape[1] else np.zeros(table.n)
    cols = [c for c in table.final_demand.columns if c in EXPORT_CATEGORIES]
    e = table.final_demand[cols].sum(axis=1).to_numpy(float) if cols else np.zeros(table.n)
    return _shares(table.output.to_numpy(float), m, e, basis)


def _per_output(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.divide(values, x, out=np.zeros_like(x, dtype=float), where=x > 0)


def _imported_inputs(table: IOTable, s: np.ndarray) -> tuple[np.ndarray, str]:
    """Imported intermediate inputs by using sector (table unit) and the rule's name."""
    if table.kind == "noncompetitive" and table.Z_imports is not None:
        return table.Z_imports.sum(axis=0).to_numpy(float), "noncompetitive imported block Z^m"
    return (table.Z.to_numpy(float) * s[:, np.newaxis]).sum(axis=0), \
        "import proportionality: s_i z_ij (s_i on the import_share basis)"


def _employment_vector(series, table: IOTable) -> np.ndarray | None:
    if series is None:
        return None
    if not isinstance(series, pd.Series):
        raise InputError("employment coefficients must be a labelled pandas Series",
                         field="employment_coefficients", expected="Series indexed by sector code")
    index, codes = [str(i) for i in series.index], table.codes
    unknown = [c for c in index if c not in codes]
    if unknown:
        raise UnknownLabelError(f"employment coefficients for unknown sectors {unknown}",
                                file=table.label, field="employment_coefficients",
                                expected=f"codes among {codes}")
    missing = [c for c in codes if c not in index]
    if missing:
        raise InputError(f"employment coefficients missing for sectors {missing}",
                         field="employment_coefficients", expected="a value for every sector")
    values = pd.Series(pd.to_numeric(series.to_numpy(), errors="coerce"), index=index)
    bad = values[~np.isfinite(values.to_numpy(float)) | (values < 0)]
    if not bad.empty:
        raise InputError(f"employment coefficients {bad.to_dict()} are not finite and >= 0",
                         field="employment_coefficients", row=list(bad.index),
                         expected="persons per unit of output, finite and non-negative")
    return values.reindex(codes).to_numpy(float)


# ---------------------------------------------------------------------------- scenario
@dataclass(frozen=True)
class ScenarioResult(Result):
    """``table``: one row per sector with ``*_baseline``, ``*_scenario`` and ``*_delta`` columns
    for output, value added, income (VA001), employment (when given) and imported intermediate
    inputs, plus ``final_demand_delta`` (the domestic ``Δf``) and ``final_imports_delta``;
    ``extra``: ``totals`` (variable x baseline/scenario/delta/delta_pct; its ``imports`` row
    starts from the table's imports and inflows and adds both import deltas), ``final_demand_change``
    (``Δy``, sector x category), ``shocks`` (each shock resolved against the baseline)."""

    @property
    def totals(self) -> pd.DataFrame:
        return self.extra["totals"]

    def summary(self) -> str:
        t = self.totals
        parts = [f"{v} {t.at[v, 'delta']:+,.6g} ({t.at[v, 'delta_pct']:+.3g}%)"
                 for v in t.index if np.isfinite(t.at[v, "delta_pct"])]
        return (f"scenario {self.meta.get('scenario')!r} ({self.meta.get('unit')}, technology="
                f"{self.meta['conventions'].get('technology')}): " + "; ".join(parts))


def _check_labels(table: IOTable, shocks: Sequence[Shock]) -> None:
    codes, categories = table.codes, list(table.final_demand.columns)
    for shock in shocks:
        if not isinstance(shock, Shock):
            raise InputError(f"{shock!r} is not a Shock", field="shocks",
                             expected="Shock(sector, category, amount, mode) objects")
        if shock.sector not in codes:
            raise UnknownLabelError(f"shock {shock}: sector {shock.sector!r} is not in the table",
                                    file=table.label, field="sector",
                                    expected=f"one of {codes}")
        if shock.category not in categories:
            raise UnknownLabelError(
                f"shock {shock}: category {shock.category!r} is not a final-demand category "
                "of the table", file=table.label, field="category",
                expected=f"one of {categories}")


@dataclass(frozen=True, eq=False)
class Scenario:
    """A baseline table, final-demand shocks and the conventions to evaluate them (immutable).

    Parameters
    ----------
    baseline
        The IO table.
    shocks
        :class:`Shock` objects (any iterable; kept as a tuple).
    technology, zero_output, import_share
        As in :func:`revitalize.io.coefficients.coefficients` (defaults of
        :class:`~revitalize.io.coefficients.IOOptions`). Sectors not computed (zero output,
        excluded) get NaN changes; a shock that reaches one is refused.
    name
        Label carried into the result's ``meta``.
    employment_coefficients
        Optional Series indexed by sector code: persons employed per unit of output (per the
        table's unit, e.g. persons per 10^4 CNY); ``employment_unit`` names it.

    Raises
    ------
    UnknownLabelError
        A shock names a sector or category the table does not have (the valid ones listed),
        or the employment Series has unknown sectors.
    InputError
        Not a :class:`Shock`, unknown ``technology``, incomplete employment coefficients.

    Examples
    --------
    Move 200 亿元 (2,000,000 万元) of gross fixed capital formation (``FU201``) in Liaoning
    2017 from the investment goods that carry heavy industry -- construction (27, the channel
    to cement 13, steel 14 and coal 02, whose own ``FU201`` cells are zero) and special
    equipment (17) -- to electronics (20), transport equipment (18), R&D (35) and technical
    services (36), same total (``examples/liaoning_investment_shift.yaml``):

    >>> from revitalize.data.readers import read_provincial_io
    >>> t = read_provincial_io("cn_prov_io_2017_42.csv", province="辽宁")  # doctest: +SKIP
    >>> s = Scenario(t, [Shock("27", "FU201", -1_500_000), Shock("17", "FU201", -500_000),
    ...                  Shock("20", "FU201", 500_000), Shock("18", "FU201", 500_000),
    ...                  Shock("35", "FU201", 500_000), Shock("36", "FU201", 500_000)],
    ...              name="heavy-to-emerging investment")  # doctest: +SKIP
    >>> r = s.run()  # doctest: +SKIP
    >>> r.table.loc[["14", "13", "02"], "output_delta"] < 0  # doctest: +SKIP
    >>> r.totals.loc["output", "delta"]  # doctest: +SKIP
    """

    baseline: IOTable
    shocks: tuple[Shock, ...] = ()
    technology: Technology = IOOptions.technology
    name: str = "scenario"
    employment_coefficients: pd.Series | None = None
    employment_unit: str = "persons per table unit of output"
    zero_output: ZeroOutput = IOOptions.zero_output
    import_share: str = IOOptions.import_share

    def __post_init__(self) -> None:
        if not isinstance(self.baseline, IOTable):
            raise InputError("baseline is not an IOTable", field="baseline",
                             expected="an IOTable from a reader")
        shocks = (self.shocks,) if isinstance(self.shocks, Shock) else tuple(self.shocks)
        object.__setattr__(self, "shocks", shocks)
        IOOptions(technology=self.technology, zero_output=self.zero_output,
                  import_share=self.import_share)  # validates the names
        _check_labels(self.baseline, shocks)
        _employment_vector(self.employment_coefficients, self.baseline)
        if self.employment_coefficients is not None:
            object.__setattr__(self, "employment_coefficients",
                               self.employment_coefficients.copy())

    @classmethod
    def from_file(cls, path: str | Path, baseline: IOTable, **kwargs) -> Scenario:
        """A scenario whose shocks (and name, unless given) come from :func:`read_shock_file`."""
        shocks, name = read_shock_file(path)
        if name is not None:
            kwargs.setdefault("name", name)
        return cls(baseline, shocks, **kwargs)

    def with_shocks(self, *shocks: Shock) -> Scenario:
        """A new scenario with ``shocks`` added (this one is unchanged)."""
        return replace(self, shocks=self.shocks + tuple(shocks))

    # ------------------------------------------------------------------ evaluation
    def final_demand_change(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``Δy`` (sector x category) and one row per shock resolved against the baseline.

        Warns (:class:`DataQualityWarning`) when the shocks make a final-demand cell negative
        and when a percentage shock hits a zero cell (it changes nothing).
        """
        t = self.baseline
        Y = t.final_demand
        dY = pd.DataFrame(0.0, index=Y.index, columns=Y.columns)
        rows = []
        for shock in self.shocks:
            base = float(Y.at[shock.sector, shock.category])
            delta = shock.amount if shock.mode == "absolute" else base * shock.amount / 100.0 + 0.0
            if shock.mode == "percent" and base == 0.0 and shock.amount != 0.0:
                _warn(f"{t.label}: shock {shock} is a percentage of a zero cell "
                              f"({shock.category} of sector {shock.sector}); it changes nothing",
                              DataQualityWarning, stacklevel=3)
            dY.at[shock.sector, shock.category] += delta
            rows.append({"shock": str(shock), "sector": shock.sector,
                         "category": shock.category, "mode": shock.mode,
                         "amount": shock.amount, "baseline_cell": base, "delta": delta})
        new = Y + dY
        negative = ((dY < 0) & (new < 0)).stack()
        for sector, category in negative[negative].index:
            _warn(f"{t.label}: the shocks make final demand {category} of sector "
                          f"{sector} negative: {Y.at[sector, category]:,.6g} "
                          f"{dY.at[sector, category]:+,.6g} = {new.at[sector, category]:,.6g} "
                          f"{t.unit}", DataQualityWarning, stacklevel=3)
        shocks = pd.DataFrame(rows, columns=["shock", "sector", "category", "mode", "amount",
                                             "baseline_cell", "delta"])
        return dY, shocks

    def _domestic_weights(self, categories: Iterable[str]) -> np.ndarray:
        t = self.baseline
        cats = list(categories)
        W = np.ones((t.n, len(cats)))
        if self.technology == "domestic" and t.kind == "competitive":
            s = import_shares(t, self.import_share)
            for k, c in enumerate(cats):
                if c not in _FULLY_DOMESTIC:
                    W[:, k] = 1.0 - s
        return W

    def run(self) -> ScenarioResult:
        """Evaluate the scenario (see the module docstring for the model)."""
        t = self.baseline
        m = leontief_model(t, technology=self.technology, zero_output=self.zero_output,
                           import_share=self.import_share)
        x = m.x
        dY, shocks = self.final_demand_change()
        W = self._domestic_weights(dY.columns)
        dy = dY.to_numpy(float)
        df = (dy * W).sum(axis=1)
        lost = [c for c, a, v in zip(t.codes, m.active, df) if not a and v != 0]
        if lost:
            raise ValidationError(f"shocks reach sectors {lost}, which are not computed (zero "
                                  "output, zero_output='exclude')", file=t.label, field="sector",
                                  expected="shocks on computed sectors")
        dx = m.system.expand(m.solver.solve(df[m.active]))
        satellites, import_rule = self._satellites(x)
        frame = t.sectors[["name_cn", "name_en"]].copy()
        frame["final_demand_delta"] = df
        for var, (base, coef) in satellites.items():
            frame[f"{var}_baseline"] = base
            frame[f"{var}_scenario"] = base + coef * dx
            frame[f"{var}_delta"] = coef * dx
        frame["final_imports_delta"] = (dy * (1.0 - W)).sum(axis=1)
        frame["flags"] = m.flags
        frame.index = pd.Index(t.codes, name="sector")
        totals = self._totals(frame, satellites)
        return ScenarioResult(table=frame, meta=self._meta(m, totals, import_rule), extra={
            "totals": totals, "final_demand_change": dY, "shocks": shocks,
            "domestic_final_demand_change": pd.Series(df, index=t.codes)})

    def _satellites(self, x: np.ndarray) -> tuple[dict, str]:
        """Variable -> (baseline by sector, coefficient per unit of output)."""
        t = self.baseline
        out = {"output": (x, np.ones_like(x))}
        va = t.total_value_added().to_numpy(float)
        out["value_added"] = (va, _per_output(va, x))
        if "VA001" in t.value_added.index:
            income = t.value_added.loc["VA001"].to_numpy(float)
            out["income"] = (income, _per_output(income, x))
        emp = _employment_vector(self.employment_coefficients, t)
        if emp is not None:
            out["employment"] = (emp * x, emp)
        imported, rule = _imported_inputs(t, import_shares(t, self.import_share))
        out["imported_inputs"] = (imported, _per_output(imported, x))
        return out, rule

    def _totals(self, frame: pd.DataFrame, satellites: Mapping) -> pd.DataFrame:
        rows = {}
        for var in satellites:
            base, delta = frame[f"{var}_baseline"].sum(), frame[f"{var}_delta"].sum()
            rows[var] = (base, base + delta, delta)
        base = float(self.baseline.imports.to_numpy(float).sum())
        delta = frame["imported_inputs_delta"].sum() + frame["final_imports_delta"].sum()
        rows["imports"] = (base, base + delta, delta)
        totals = pd.DataFrame.from_dict(rows, orient="index",
                                        columns=["baseline", "scenario", "delta"])
        totals["delta_pct"] = np.divide(100.0 * totals["delta"], totals["baseline"],
                                        out=np.full(len(totals), np.nan),
                                        where=totals["baseline"].to_numpy() != 0)
        totals.index.name = "variable"
        return totals

    def _meta(self, m, totals: pd.DataFrame, import_rule: str) -> Mapping:
        t = self.baseline
        competitive_domestic = self.technology == "domestic" and t.kind == "competitive"
        return build_meta("io_scenario", conventions={
            **m.conventions(),
            "import_share": self.import_share if t.kind == "competitive" else None,
            "shock_basis": "percent of the baseline cell; shocks add, never compound",
            "domestic_final_demand": ("(1 - s_i) of domestic uses, all of exports/outflows"
                                      if competitive_domestic else "all of the shocked demand"),
            "imported_inputs": import_rule,
            "income": "VA001 compensation of employees" if "VA001" in t.value_added.index
                      else None,
            "employment_unit": self.employment_unit if self.employment_coefficients is not None
                               else None},
            provenance=t.provenance, scenario=self.name, shocks=[str(s) for s in self.shocks],
            region=t.region, year=t.year, unit=t.unit, kind=t.kind,
            totals=jsonable(totals.to_dict(orient="index")),
            productivity_check=m.productivity, flagged_sectors=m.system.flag_notes())


def impact(table: IOTable, shocks: Iterable[Shock], *,
           technology: Technology = IOOptions.technology, name: str = "scenario",
           employment_coefficients: pd.Series | None = None,
           zero_output: ZeroOutput = IOOptions.zero_output,
           import_share: str = IOOptions.import_share) -> ScenarioResult:
    """``Scenario(table, shocks, ...).run()`` in one call."""
    return Scenario(table, tuple(shocks), technology=technology, name=name,
                    employment_coefficients=employment_coefficients,
                    zero_output=zero_output, import_share=import_share).run()
