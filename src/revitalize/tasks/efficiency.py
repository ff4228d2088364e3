"""Efficiency and productivity as application tasks: ``efficiency.dea``, ``efficiency.malmquist``
and ``efficiency.growth_accounting`` (issue 16).

The provincial variables 2000-2019 (real GDP from one base level and the chained index, PIM
capital, the labour proxy, the income-side labour share, energy, CEADs CO2) are assembled by
:func:`revitalize.efficiency.assemble_inputs` from the datasets the request names, read through
the catalog (bundled by default; the user's store, a mirror or a file override them) and
handed to :func:`revitalize.efficiency.assemble_inputs`. The assembly's conventions and caveats
(labour-proxy coverage, missing CO2 for Tibet...) go to ``meta``; DMU-years with a missing
variable are left out with a warning naming them, never filled.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, collect_warnings, replay, warn
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["DeaRequest", "GrowthAccountingRequest", "MalmquistRequest", "NORTHEAST",
           "inputs_of"]

NORTHEAST = ("210000", "220000", "230000")
_VARIABLES = ("real_gdp", "capital_stock", "labour", "labour_share", "energy", "co2")


def _dataset(default: str, what: str, *, argument: bool = False):
    return option(default, argument=argument, convention=False,
                  help=f"{what}: a file, or a mirrored or bundled dataset (default {default}).")


def pim_delta() -> Any:
    """The perpetual inventory's depreciation rate, one declaration for every request that
    builds a capital stock (efficiency inputs, indicators.capital_stock)."""
    return option(0.096, minimum=0.0, maximum=1.0,
                  help="Depreciation rate of the perpetual inventory (Zhang et al. 2004: 9.6 %).")


def pim_initial() -> Any:
    """The perpetual inventory's initial-stock rule (see :func:`pim_delta`)."""
    return option("zhang2004", choices=("zhang2004", "harberger"),
                  help="Initial stock: zhang2004 (K_0 = I_0 / 0.10) or harberger (K_0 = I_0 / "
                       "(g + delta), g the real investment growth of the first years: "
                       "growth_years, default 5).")


def _columns(default: tuple[str, ...], what: str, **kw: Any):
    return option(default, help=f"{what}, comma-separated, from {', '.join(_VARIABLES)}.", **kw)


@dataclass(frozen=True)
class _InputsRequest(Request):
    source: str = _dataset("cn_prov_nbs_2000_2019", "NBS provincial tables 2000-2019 (GDP, GDP "
                                                 "index, income-side GDP, employment)",
                           argument=True)
    capital: str = _dataset("cn_prov_capital_inputs", "GFCF and investment price index 1952-2022")
    energy: str = _dataset("cn_prov_energy_panel", "Provincial energy panel (energy_consumption)")
    co2: str = _dataset("cn_prov_co2_ceads", "CEADs provincial CO2 inventory")
    national: str = _dataset("cn_national_nbs", "National NBS panel (total employment, for the "
                                             "labour proxy's coverage)")
    base_year: int = option(2000, minimum=2000, maximum=2019,
                            help="Price base of real GDP (its revised nominal level).")
    labour: str = option("nbs_categories_proxy", choices=("nbs_categories_proxy", "none"),
                         help="Labour input: the NBS employment categories (urban units + "
                              "private + individual; a proxy far below total employment, its "
                              "coverage reported) or none.")
    delta: float = pim_delta()
    initial: str = pim_initial()


_CACHE: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


def inputs_of(request: Any, catalog: Any):
    """The :class:`~revitalize.efficiency.ProvincialInputs` of the request's datasets, read
    through the catalog (cached per datasets and assumptions; the assembler's warnings replayed
    on every call)."""
    from revitalize.efficiency import assemble_inputs
    from revitalize.efficiency.data import READ_OPTIONS

    fields = {"nbs": "source", "capital": "capital", "energy": "energy", "co2": "co2",
              "national": "national"}
    needed = {k: f for k, f in fields.items()
              if k != "national" or request.labour == "nbs_categories_proxy"}
    entries = {k: catalog.entry(getattr(request, f)) for k, f in needed.items()}
    used = [{**catalog.source_info(getattr(request, f)), "field": f} for k, f in needed.items()]
    key = (tuple((k, e.origin, e.name, e.version) for k, e in entries.items()),
           request.base_year, request.labour, request.delta, request.initial)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is None:
        with collect_warnings() as caught:
            panels = {k: catalog.panel(getattr(request, f), **_hashable(READ_OPTIONS[k]))
                      for k, f in needed.items()}
            res = assemble_inputs(panels["nbs"], panels["capital"], panels["energy"],
                                  panels["co2"], panels.get("national"),
                                  base_year=request.base_year, labour=request.labour,
                                  delta=request.delta, initial=request.initial)
        hit = (res, tuple(caught))
        with _LOCK:
            _CACHE[key] = hit
            while len(_CACHE) > 4:
                _CACHE.popitem(last=False)
    res, records = hit
    replay(records)
    return res, used


def _hashable(options: dict) -> dict:
    """Reader options with tuples for lists (the catalog caches reads by their options)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}


def _panel(request: Any, catalog: Any, columns: list[str], years: list[int]):
    """The complete DMU-years of ``columns`` in ``years``; what is left out is warned."""
    if not years:  # issue 14: first_year after last_year was an IndexError (HTTP 500)
        raise InputError("no year between first_year and last_year", field="first_year",
                         expected="first_year <= last_year")
    if getattr(request, "labour", None) == "none" and "labour" in columns:
        other = ("variables without labour (e.g. --inputs capital_stock,energy)"
                 if hasattr(request, "inputs") else "nothing else: growth accounting needs labour")
        raise InputError("labour 'none' with 'labour' among the variables", field="labour",
                         expected=f"labour nbs_categories_proxy, or {other}")
    res, used = inputs_of(request, catalog)
    t = res.table[res.table["year"].isin(years)]
    missing = sorted(set(columns) - set(t.columns))
    if missing:
        raise InputError(f"unknown variable(s) {missing}", field="inputs",
                         expected=f"names from {list(_VARIABLES)}")
    full = t.dropna(subset=columns)
    dropped = sorted(set(t["region"]) - set(full.groupby("region").size()
                                            [lambda s: s == len(years)].index))
    if dropped:
        warn(f"left out (a variable of {columns} missing in {years[0]}-{years[-1]}): "
             f"{', '.join(dropped)}", DataQualityWarning, field="inputs")
    full = full[~full["region"].isin(dropped)]
    if full.empty:
        raise InputError(f"no province has {columns} in every year {years[0]}-{years[-1]}",
                         field="first_year", expected="years where the variables exist (the "
                                                      "labour proxy: 2008-2019)")
    return full.reset_index(drop=True), res, used


# The assembly options that shape one variable: named in meta["conventions"] only when the
# analysis uses that variable (a DEA without capital_stock applies no depreciation rate).
_SHAPES = {"capital_stock": ("delta", "initial"), "real_gdp": ("base_year",),
           "labour": ("labour",)}


def _finish(result: Result, inputs: Any, used: list, columns: Any = None,
            **more: Any) -> Result:
    meta = dict(result.meta)
    unused = {name: None for column, names in _SHAPES.items()
              if columns is not None and column not in columns for name in names}
    conventions = {**dict(meta.get("conventions", {})), **unused,
                   "inputs_assembly": dict(inputs.meta.get("conventions", {}))}
    meta.update(conventions=conventions, caveats=list(inputs.meta.get("caveats", [])),
                datasets=used, **more)
    provenance = list(meta.get("provenance") or []) + list(inputs.meta.get("provenance") or [])
    meta["provenance"] = provenance
    return replace(result, meta=MappingProxyType(meta))


# ---------------------------------------------------------------------------- DEA
@dataclass(frozen=True)
class DeaRequest(_InputsRequest):
    """DEA efficiency of the provinces in one year: score, slacks, targets, peers (radial CCR/BCC,
    super-efficiency, scale efficiency or SBM with CO2 as an undesirable output)."""

    year: int = option(2017, short="y", convention=False, minimum=2000, maximum=2019,
                       help="Year of the cross-section.")
    model: str = option("radial", choices=("radial", "super_efficiency", "scale", "sbm"),
                        help="radial (CCR with rts=crs, BCC with rts=vrs; two-phase slacks), "
                             "super_efficiency (Andersen-Petersen), scale (CRS/VRS scale "
                             "efficiency and returns to scale) or sbm (Tone 2001/2004).")
    inputs: tuple[str, ...] = _columns(("capital_stock", "labour", "energy"), "Inputs")
    outputs: tuple[str, ...] = _columns(("real_gdp",), "Desirable outputs")
    undesirable: tuple[str, ...] | None = option(
        None, only_with={"model": ("sbm",)},
        help="Undesirable outputs of sbm, comma-separated (e.g. co2).")
    rts: str = option("crs", choices=("crs", "vrs", "nirs", "ndrs"),
                      only_with={"model": ("radial", "super_efficiency", "sbm")},
                      help="Returns to scale of the technology (sbm: crs or vrs; scale "
                           "computes both).")
    orientation: str = option("input", choices=("input", "output"),
                              only_with={"model": ("radial", "super_efficiency", "scale")},
                              help="Orientation of the radial models (SBM is non-oriented).")


@task("efficiency.dea", DeaRequest, "DEA efficiency of the provinces in one year")
def run_dea(request: DeaRequest, catalog: Any) -> Result:
    from revitalize.efficiency import dea, sbm, scale_efficiency, super_efficiency

    bad = list(request.undesirable or ())
    if bad and request.model != "sbm":
        raise InputError(f"undesirable outputs with model {request.model!r}",
                         field="undesirable", expected="model sbm (or no undesirable outputs)")
    cols = [*request.inputs, *request.outputs, *bad]
    data, inputs, used = _panel(request, catalog, cols, [request.year])
    data = data.set_index("region")
    kw = {"inputs": list(request.inputs), "outputs": list(request.outputs)}
    if request.model == "radial":
        res = dea(data, rts=request.rts, orientation=request.orientation, **kw)
    elif request.model == "super_efficiency":
        res = super_efficiency(data, rts=request.rts, orientation=request.orientation, **kw)
    elif request.model == "scale":
        res = scale_efficiency(data, orientation=request.orientation, **kw)
    else:
        res = sbm(data, undesirable=bad, rts=request.rts, **kw)
    return _finish(res, inputs, used, cols, year=request.year)


# ---------------------------------------------------------------------------- Malmquist
_ML = {"index": ("malmquist_luenberger",)}
_MALMQUIST = {"index": ("malmquist",)}

@dataclass(frozen=True)
class MalmquistRequest(_InputsRequest):
    """Malmquist (or Malmquist-Luenberger, green TFP with CO2 as the bad output) productivity
    index of the provinces between consecutive years, with its decomposition; ``summary``
    gives the average annual rates, ranks and, for the focus provinces, whether their problem
    is technical change or catching up."""

    first_year: int = option(2008, minimum=2000, maximum=2019, convention=False,
                             help="First year (the labour proxy is complete from 2008).")
    last_year: int = option(2017, minimum=2000, maximum=2019, convention=False,
                            help="Last year.")
    index: str = option("malmquist", choices=("malmquist", "malmquist_luenberger"),
                        help="malmquist (Färe et al. 1994) or malmquist_luenberger (Chung et "
                             "al. 1997; the undesirable outputs as bad outputs).")
    inputs: tuple[str, ...] = _columns(("capital_stock", "labour", "energy"), "Inputs")
    outputs: tuple[str, ...] = _columns(("real_gdp",), "Desirable outputs")
    undesirable: tuple[str, ...] = _columns(("co2",), "Bad outputs of malmquist_luenberger",
                                            only_with=_ML)
    rts: str = option("crs", choices=("crs", "vrs"), help="Returns to scale of the frontier.")
    orientation: str = option("output", choices=("input", "output"), only_with=_MALMQUIST,
                              help="Orientation of the Malmquist distance functions (ML uses "
                                   "the directional distance function instead).")
    reference: str = option("adjacent", choices=("adjacent", "fixed_base", "global"),
                            help="Reference technology: adjacent periods, a fixed base period "
                                 "(the first year) or the global frontier (ML: adjacent or "
                                 "global).")
    bad_disposability: str = option("weak", choices=("weak", "strong"), only_with=_ML,
                                    help="Disposability of the bad outputs (ML).")
    summary: bool = option(False, help="Average annual rates by province, ranks and the "
                                       "diagnosis of the focus provinces instead of the index.")
    focus: tuple[str, ...] = option(NORTHEAST, convention=False,
                                    help="Provinces diagnosed in the summary (default the "
                                         "Northeast's three).")


@task("efficiency.malmquist", MalmquistRequest, "Malmquist / Malmquist-Luenberger TFP index")
def run_malmquist(request: MalmquistRequest, catalog: Any) -> Result:
    from revitalize.efficiency import malmquist, malmquist_luenberger, productivity_summary
    from revitalize.model.regions import region_code

    if request.last_year <= request.first_year:
        raise InputError(f"{request.first_year}-{request.last_year}", field="last_year",
                         expected="a last year after the first year")
    years = list(range(request.first_year, request.last_year + 1))
    kw = {"inputs": list(request.inputs), "outputs": list(request.outputs), "rts": request.rts}
    if request.index == "malmquist":
        data, inputs, used = _panel(request, catalog, [*kw["inputs"], *kw["outputs"]], years)
        base = request.first_year if request.reference == "fixed_base" else None
        res = malmquist(data, orientation=request.orientation, reference=request.reference,
                        base_period=base, **kw)
    else:
        if request.reference == "fixed_base":
            raise InputError("reference 'fixed_base' with malmquist_luenberger", field="reference",
                             expected="adjacent or global")
        bad = list(request.undesirable)
        data, inputs, used = _panel(request, catalog, [*kw["inputs"], *kw["outputs"], *bad],
                                    years)
        res = malmquist_luenberger(data, undesirable=bad, reference=request.reference,
                                   bad_disposability=request.bad_disposability, **kw)
    if request.summary:
        focus = [region_code(f, where="focus") for f in request.focus]
        res = productivity_summary(res, focus=focus)
        table = res.table.reset_index()
        res = replace(res, table=table)
    columns = [*request.inputs, *request.outputs,
               *(request.undesirable if request.index == "malmquist_luenberger" else ())]
    return _finish(res, inputs, used, columns, years=[request.first_year, request.last_year])


# ---------------------------------------------------------------------------- growth accounting
@dataclass(frozen=True)
class GrowthAccountingRequest(_InputsRequest):
    """Törnqvist growth accounting by province and year: output growth split into capital,
    labour and TFP (the Solow residual), with the labour share explicit."""

    first_year: int = option(2008, minimum=2000, maximum=2019, convention=False,
                             help="First year (the labour proxy is complete from 2008).")
    last_year: int = option(2017, minimum=2000, maximum=2019, convention=False,
                            help="Last year (the income-side labour share ends in 2017).")
    labour_share: str = option("labour_share", max_length=40,
                               help="Labour share: 'labour_share' (income-side compensation / "
                                    "income-side GDP by province and year) or one number in "
                                    "(0, 1), e.g. 0.5.")
    by_region: bool = option(False, help="Averages by province instead of the yearly rows.")


@task("efficiency.growth_accounting", GrowthAccountingRequest,
      "Growth accounting: TFP growth and its contribution to output growth")
def run_growth_accounting(request: GrowthAccountingRequest, catalog: Any) -> Result:
    from revitalize.efficiency import growth_accounting

    share: str | float = request.labour_share
    if share != "labour_share":
        try:
            share = float(share)
        except ValueError:
            raise InputError(f"{share!r}", field="labour_share",
                             expected="'labour_share' or a number in (0, 1)") from None
    years = list(range(request.first_year, request.last_year + 1))
    cols = ["real_gdp", "capital_stock", "labour"] + (["labour_share"]
                                                      if isinstance(share, str) else [])
    data, inputs, used = _panel(request, catalog, cols, years)
    res = growth_accounting(data, labour_share=share, first_year=request.first_year,
                            last_year=request.last_year)
    if request.by_region:
        res = replace(res, table=pd.DataFrame(res.extra["by_region"]).reset_index())
    return _finish(res, inputs, used)
