"""CO2 by IO sector: direct emission coefficients and embodied-emission multipliers (issue 20).

Kernels on bare arrays, then the labelled shell :func:`emission_multipliers`.

Formulas (environmentally extended IO; Miller & Blair 2009, *Input-Output Analysis*, 2nd ed.,
chapter 10; the same algebra as pymrio's ``calc_S`` / ``calc_M``, ``S = F diag(x)^-1``,
``M = S L``):

* allocation of the inventory to IO sectors ``e = C' E`` with ``E`` the CEADs sector emissions
  (Mt CO2) and ``C`` (CEADs sectors x IO sectors) the concordance: ``c_kj = 1`` for a one-to-one
  row, ``c_kj = x_j / sum_{l in T_k} x_l`` for a row ``k`` shared among its targets ``T_k`` by
  gross output (``data/concordance/ceads45_to_nbs42.csv``, every row with its reason);
* direct coefficient ``f_j = e_j / x_j``, reported in t CO2 per 10^4 CNY of output
  (``1e6 * Mt / (10^4 CNY)``);
* total (embodied) multiplier ``m = f (I - A)^-1 = f L``: CO2 emitted in the whole economy per
  unit of final demand for product ``j`` (t CO2 per 10^4 CNY of final demand); indirect part
  ``m - f``;
* embodied emissions of final demand ``m_j y_j`` with ``y = x - Z 1`` (the model's own final
  demand), so that ``sum_j m_j y_j = f x = sum_j e_j`` exactly (the check the shell runs);
* key sectors by embodied emissions: the emission-multiplier index ``m_j / mean(m)`` above 1
  (the Rasmussen rule of the linkages applied to ``m``), set beside the linkage classes of
  :func:`revitalize.io.linkages.linkages` computed on the same model.

Scope: CEADs scope-1 territorial CO2 (fossil fuels + cement process; Shan et al. 2018, Sci.
Data 5:170201), never the energy panel's apparent CO2. Household rows (``Urban``, ``Rural``)
are final-demand emissions, reported in ``meta`` and left out of ``f``. Provincial tables are
single-region and competitive: with ``technology="domestic"`` (the task's default) ``L`` covers
the province's own production only, matching the territorial inventory, and imported inputs
carry no emissions (a territorial, not a footprint, multiplier); with the published (total)
coefficients imported inputs are treated as if produced in the province, and ``y = x - Z 1``
turns negative for net-importing sectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.errors import InputError, ValidationError
from revitalize.io.multipliers import LeontiefModel, leontief_model
from revitalize.model.panel import Panel
from revitalize.model.table import IOTable
from revitalize.results import Provenance, Result, build_meta, unique_provenance

__all__ = ["CONCORDANCE", "EmissionsResult", "allocation_matrix", "combine_regions",
           "direct_coefficients", "embodied_emissions", "emission_multipliers",
           "read_concordance", "total_multipliers"]

CONCORDANCE = "ceads45_to_nbs42.csv"
HOUSEHOLD_ROWS = ("Urban", "Rural")
UNIT = "10^4 CNY"  # the coefficients are t CO2 per 10^4 CNY; other units are refused


def _concordance_column(table: IOTable) -> str:
    """The concordance column of the table's 42-sector list, recognised by its sector names
    (the 2017 list has 电力、热力 at 24, the 2012 list at 25), whatever its label says."""
    from revitalize.model.sectors import power_sector_list

    cls = power_sector_list(table.sectors["name_cn"])
    if cls is not None:
        return cls
    raise InputError(f"{table.label}: no CEADs concordance for this sector list", field="source",
                     expected="a 42-sector table of the 2012 or 2017 NBS list (nbs42_2012, "
                              "nbs42_2017)")


# ---------------------------------------------------------------------------- kernels
def allocation_matrix(targets: list[list[int]], shared: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Kernel: ``C`` (k x n) with ``c_kj = 1`` for a single target, else ``x_j / sum_T x``.

    ``targets[k]`` are the column indices of row ``k``; ``shared[k]`` says whether the row is
    split by output. A shared row whose targets all have zero output keeps equal shares.
    """
    C = np.zeros((len(targets), len(x)))
    for k, cols in enumerate(targets):
        if not shared[k] or len(cols) == 1:
            C[k, cols] = 1.0 / len(cols)
            continue
        w = x[cols]
        C[k, cols] = w / w.sum() if w.sum() > 0 else 1.0 / len(cols)
    return C


def direct_coefficients(e: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Kernel: ``f_j = e_j / x_j`` (0 where ``x_j == 0``)."""
    return np.divide(e, x, out=np.zeros(len(x)), where=x > 0)


def total_multipliers(f: np.ndarray, L: np.ndarray) -> np.ndarray:
    """Kernel: ``m = f L`` (row vector times the Leontief inverse)."""
    return f @ L


def embodied_emissions(m: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kernel: ``m_j y_j``, the emissions embodied in the final demand for each product."""
    return m * y


# ---------------------------------------------------------------------------- concordance
def read_concordance(path: str | Path | None = None) -> pd.DataFrame:
    """The CEADs -> NBS 42 concordance (``ceads_sector``, ``nbs42_2017``, ``nbs42_2012``,
    ``split``, ``reason``); codes are text (``"01"``). Default: the shipped :data:`CONCORDANCE`."""
    path = _shipped_concordance() if path is None else Path(path)
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return _check_concordance(frame, path.name)


def _shipped_concordance() -> Path:
    return Path(str(resources.files("revitalize.data").joinpath(f"concordance/{CONCORDANCE}")))


def _check_concordance(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The concordance's columns and ``split`` values, for a file read or a frame supplied."""
    need = {"ceads_sector", "nbs42_2017", "nbs42_2012", "split", "reason"}
    if not need <= set(frame.columns):
        raise InputError("concordance lacks columns", file=name, field="columns",
                         expected=", ".join(sorted(need)))
    bad = frame[~frame["split"].isin(("one", "output"))]
    if len(bad):
        raise InputError(f"split {bad['split'].iloc[0]!r}", file=name,
                         row=int(bad.index[0]) + 1, field="split", expected="one or output")
    return frame


def _concordance_provenance(concordance: pd.DataFrame | None) -> Provenance:
    """The shipped concordance file (name and checksum), or a user-supplied table."""
    if concordance is not None:
        return Provenance(source="user-supplied CEADs -> IO concordance")
    return Provenance.from_file(_shipped_concordance(), source="CEADs 45 sectors -> NBS 42 IO "
                                "sectors (built by name; every row states its reason; shared "
                                "rows split by gross output)", reader="read_concordance")


# ---------------------------------------------------------------------------- shell
@dataclass(frozen=True)
class EmissionsResult(Result):
    """Per IO sector: allocated CO2, direct coefficient, total multiplier, embodied emissions
    and their key-sector class beside the linkage class."""


def _ceads_vector(ceads: Panel, region: str, year: int, sectors: list[str]) -> np.ndarray:
    from revitalize.data.readers.nbs_provincial import ceads_indicator

    d = ceads.data
    d = d[(d["region"] == region) & (d["year"] == year)].set_index("indicator")["value"]
    if d.empty:
        have = sorted(ceads.data.loc[ceads.data["region"] == region, "year"].unique())
        raise InputError(f"no CEADs inventory for {region} in {year}",
                         file=ceads.provenance.file, field="year",
                         expected=f"a year the inventory holds for {region}: "
                                  f"{have[0] if have else '-'}-{have[-1] if have else '-'}")
    names = [ceads_indicator(s) for s in sectors]
    missing = [s for s, n in zip(sectors, names) if n not in d.index]
    if missing:
        raise InputError(f"CEADs sector {missing[0]!r} not in the inventory",
                         file=ceads.provenance.file, field="sector",
                         expected="the 45 CEADs sector names of the concordance")
    return d.loc[names].to_numpy(dtype=float)


def _targets(conc: pd.DataFrame, column: str, codes: list[str]) -> list[list[int]]:
    pos = {c: i for i, c in enumerate(codes)}
    out = []
    for i, text in enumerate(conc[column]):
        cols = [c.strip() for c in text.split(";")]
        unknown = [c for c in cols if c not in pos]
        if unknown:
            raise InputError(f"IO sector {unknown[0]!r} not in the table", row=i + 2,
                             field=column, expected=f"codes of the table ({codes[0]}..{codes[-1]})")
        out.append([pos[c] for c in cols])
    return out


def emission_multipliers(source: IOTable | LeontiefModel, ceads: Panel, *,
                         concordance: pd.DataFrame | None = None,
                         technology: str | None = "domestic", import_share: str | None = None,
                         zero_output: str | None = None) -> EmissionsResult:
    """Direct coefficients and embodied-emission multipliers of one provincial table.

    Parameters
    ----------
    source
        A provincial IO table in 10^4 CNY with region and year (or its Leontief model).
    ceads
        The CEADs provincial inventory panel (``prov_co2_ceads``); the table's region and year
        are taken from it.
    concordance
        Default :data:`CONCORDANCE` (column by the table's classification).
    technology, import_share, zero_output
        As :func:`revitalize.io.multipliers.leontief_model`; ``technology`` defaults to
        ``"domestic"`` here (territorial inventory, see the module docstring). Ignored when
        ``source`` is already a model.

    Returns
    -------
    EmissionsResult
        ``table`` indexed by sector: ``name``, ``co2_mt``, ``output_10k_cny``,
        ``direct_t_per_10k_cny``, ``total_t_per_10k_cny``, ``indirect_t_per_10k_cny``,
        ``final_demand_10k_cny``, ``embodied_mt``, ``embodied_share``, ``emission_index``,
        ``emission_key``, ``influence_coefficient``, ``sensitivity_coefficient``,
        ``linkage_class``; ``extra["allocation"]`` the matrix ``C`` (CEADs x IO sectors);
        ``meta``: the CEADs totals (``ceads_total_mt``, ``ceads_households_mt``,
        ``ceads_production_mt``, ``unallocated_mt``) and ``split_mt``, the CO2 of the rows
        shared among several IO sectors by output (``split_rows``: row -> number of sectors).
        ``m`` is solved (``m' = L' f'``), ``L`` is not formed.
    """
    from revitalize.io.linkages import linkages

    model = source if isinstance(source, LeontiefModel) else leontief_model(
        source, technology=technology, import_share=import_share, zero_output=zero_output)
    table = model.table
    if table.region is None or table.year is None:
        raise InputError("the table states no region or year", field="source",
                         expected="a provincial table with region and year")
    if table.unit != UNIT:
        raise InputError(f"table unit {table.unit!r}", field="source", expected=UNIT)
    column = _concordance_column(table)
    conc = (read_concordance() if concordance is None
            else _check_concordance(concordance, "concordance"))
    codes = list(table.sectors.index)
    x = model.x
    targets = _targets(conc, column, codes)
    split = (conc["split"] == "output").to_numpy()  # rows shared among targets by output
    C = allocation_matrix(targets, split, x)
    E = _ceads_vector(ceads, table.region, int(table.year), conc["ceads_sector"].tolist())
    households = _ceads_vector(ceads, table.region, int(table.year), list(HOUSEHOLD_ROWS))
    total_row = _ceads_vector(ceads, table.region, int(table.year), ["Total"])[0]
    e = C.T @ E
    f = 1e6 * direct_coefficients(e, x)  # t CO2 per 10^4 CNY
    act = model.active
    m = np.full(len(x), np.nan)
    m[act] = model.solver.solve(f[act], transpose=True)  # m' = L' f': one solve, L not formed
    y = model.final_demand()
    emb = embodied_emissions(m, y) / 1e6  # Mt
    produced = float(e[act].sum())
    if not np.isclose(np.nansum(emb), produced, rtol=1e-8, atol=1e-9):
        raise ValidationError(f"embodied emissions {np.nansum(emb):.6g} Mt differ from the "
                              f"allocated {produced:.6g} Mt", field="source",
                              expected="sum_j m_j y_j = f x (a balanced model)")
    index = m / np.nanmean(m)
    lk = linkages(model, variation=False).table
    frame = pd.DataFrame({
        "name": model.names.to_numpy(), "co2_mt": e, "output_10k_cny": x,
        "direct_t_per_10k_cny": f, "total_t_per_10k_cny": m,
        "indirect_t_per_10k_cny": m - f, "final_demand_10k_cny": y, "embodied_mt": emb,
        "embodied_share": 100 * emb / np.nansum(emb), "emission_index": index,
        "emission_key": np.where(np.isnan(index), "not_computed",
                                 np.where(index > 1, "key", "not_key")),
        "influence_coefficient": lk["influence_coefficient"].to_numpy(),
        "sensitivity_coefficient": lk["sensitivity_coefficient"].to_numpy(),
        "linkage_class": lk["key_sector_class"].to_numpy()}, index=model.index)
    meta = build_meta("emission_multipliers", conventions={
        **model.conventions(),
        "formula": "f = e / x; m = f (I - A)^-1; embodied = m * y, y = x - Z 1",
        "concordance": f"{CONCORDANCE} (column {column}); shared rows split by gross output",
        "emission_key_rule": "m_j / mean(m) > 1 (Rasmussen rule applied to the multiplier)",
        "scope": "CEADs scope-1 CO2 (fossil fuels + cement process), territorial; households "
                 "excluded from f",
        "units": {"co2_mt": "Mt CO2", "output_10k_cny": "10^4 CNY",
                  "direct_t_per_10k_cny": "t CO2 per 10^4 CNY of output",
                  "total_t_per_10k_cny": "t CO2 per 10^4 CNY of final demand",
                  "embodied_mt": "Mt CO2", "embodied_share": "%"}},
        provenance=[table.provenance, ceads.provenance, _concordance_provenance(concordance)],
        region=table.region, year=int(table.year), ceads_total_mt=float(total_row),
        ceads_households_mt=float(households.sum()), ceads_production_mt=float(E.sum()),
        unallocated_mt=float(e[~act].sum()), split_mt=float(E[split].sum()),
        split_rows={str(k): len(t) for k, t, s in zip(conc["ceads_sector"], targets, split)
                    if s})
    alloc = pd.DataFrame(C, index=conc["ceads_sector"], columns=model.index)
    return EmissionsResult(table=frame, meta=meta, extra={"allocation": alloc})


def combine_regions(results: list[EmissionsResult]) -> EmissionsResult:
    """Several provinces' :func:`emission_multipliers` in one table indexed by
    ``(region, sector)``; conventions shared by all stay in ``meta["conventions"]``, the rest
    and each province's CEADs totals go to ``meta["by_region"]``."""
    if not results:
        raise InputError("no provinces given", field="regions", expected="one or more provinces")
    if len(results) == 1:
        return results[0]
    convs = [dict(r.meta["conventions"]) for r in results]
    shared = {k: v for k, v in convs[0].items() if all(c.get(k) == v for c in convs[1:])}
    totals = ("year", "ceads_total_mt", "ceads_households_mt", "ceads_production_mt",
              "unallocated_mt", "split_mt", "split_rows")
    by_region = {r.meta["region"]: {**{k: r.meta[k] for k in totals},
                                    "conventions": {k: v for k, v in c.items() if k not in shared}}
                 for r, c in zip(results, convs)}
    table = pd.concat({r.meta["region"]: r.table for r in results}, names=["region", "sector"])
    unique = unique_provenance(p for r in results for p in r.meta["provenance"])
    meta = {**dict(results[0].meta), "conventions": shared, "provenance": unique,
            "region": [r.meta["region"] for r in results], "by_region": by_region}
    for k in totals:
        meta.pop(k, None)
    from types import MappingProxyType

    alloc = {r.meta["region"]: r.extra["allocation"] for r in results}
    return EmissionsResult(table=table, meta=MappingProxyType(meta), extra={"allocation": alloc})
