"""Structure of the decline and ties to the rest of China as application tasks (issue 18):
``io.sda`` (structural decomposition of output and value added between benchmark years, or of
the Northeast's share in national output) and ``io.spillovers`` (a Chenery-Moses interregional
model from the provincial tables: intraregional, feedback and spillover effects and the share
of a demand shock retained).

The provincial tables come from the catalog (``prov_io_2012``, ``prov_io_2017``... or the
registry aliases ``cn_prov_io_2017_42``); each source is one benchmark year. Constant prices:
with ``deflator="nbs_gdp_index"`` every flow of a region-year is divided by the implicit price
level of the region's IO value added against the NBS chained GDP index
(:func:`revitalize.io.sda.implicit_deflator`; one deflator per region, no sectoral double
deflation); ``"none"`` (default) keeps current prices and says so in ``meta``. The default is
current prices because the implicit price level of Liaoning's 2017 table against its 2012 table
and the NBS index is 0.76 (Jilin 0.90, Heilongjiang 0.88): the 2017 tables follow the revised,
lower GDP while the chained index does not, so "deflating" would turn a revision into growth.
``prices="national_gdp_deflator"`` instead divides every flow of a year by one national price
level (:func:`revitalize.io.sda.aggregate_deflator`): the implicit GDP deflator of the sum of all
provinces in ``deflator_source`` (NBS 地区生产总值 over the GDP-weighted chained
地区生产总值指数). The bundled data hold no national real GDP index after 2014 (the national
NBS series stop there), so the provinces' sum stands in for the nation, and ``meta`` says so. A
common level leaves A, L, s and v unchanged; for the share it cancels.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import pandas as pd

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["NORTHEAST", "SdaRequest", "SpilloversRequest", "tables_by_year"]

NORTHEAST = ("210000", "220000", "230000")
_GDP_INDEX = "地区生产总值指数"
_GDP = "地区生产总值"
_PRICES = ("current", "national_gdp_deflator")


def tables_by_year(catalog: Any, sources: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    """``{year: {region: IOTable}}`` of provincial IO sources, one year per source."""
    out: dict[int, dict[str, Any]] = {}
    for src in sources:
        tables = catalog.io_tables(src)
        years = {t.year for t in tables}
        if len(years) != 1 or None in years:
            raise InputError(f"holds tables of years {sorted(years, key=str)}", file=src,
                             field="source", expected="one benchmark year per source")
        year = int(years.pop())
        if year in out:
            raise InputError(f"year {year} given twice", file=src, field="source",
                             expected="one source per benchmark year")
        out[year] = {t.region: t for t in tables}
    return dict(sorted(out.items()))


def _codes(regions: tuple[str, ...], field: str) -> list[str]:
    from revitalize.model.regions import members

    return list(dict.fromkeys(c for r in regions for c in members(r)))


def _deflator(tables: dict[int, dict[str, Any]], regions: list[str], source: str,
              catalog: Any) -> pd.DataFrame:
    from revitalize.io.sda import implicit_deflator

    panel = catalog.panel(source)
    d = panel.data[panel.data["indicator"] == _GDP_INDEX]
    index = d.pivot(index="region", columns="year", values="value")
    years = sorted(tables)
    need = list(range(years[0] + 1, years[-1] + 1))
    missing = [y for y in need if y not in index.columns]
    if missing:
        raise InputError(f"the GDP index of {source} lacks the years {missing}",
                         field="deflator_source",
                         expected=f"{_GDP_INDEX} for {need[0]}-{need[-1]} (the NBS provincial "
                                  "tables cover 2000-2019: benchmark years from 2002 on)")
    va = pd.DataFrame({y: {r: float(tables[y][r].total_value_added().sum()) for r in regions}
                       for y in years})
    return implicit_deflator(va, index.loc[:, need], base_year=years[0],
                             name=f"IO value added / {_GDP_INDEX} ({source})")


def _national_deflator(years: list[int], source: str, catalog: Any) -> pd.Series:
    from revitalize.io.sda import aggregate_deflator

    panel = catalog.panel(source)
    d = panel.data
    nominal, index = (d[d["indicator"] == name].pivot(index="region", columns="year",
                                                       values="value")
                      for name in (_GDP, _GDP_INDEX))
    need = list(range(years[0], years[-1] + 1))
    missing = [y for y in need if y not in nominal.columns or y not in index.columns]
    if missing:
        raise InputError(f"{_GDP} / {_GDP_INDEX} of {source} lack the years {missing}",
                         field="deflator_source",
                         expected=f"both series for {need[0]}-{need[-1]} (the NBS provincial "
                                  "tables cover 2000-2019: benchmark years from 2002 on)")
    regions = sorted(nominal.index)
    defl = aggregate_deflator(nominal.loc[regions], index, years)
    defl.attrs["name"] = (f"the implicit GDP deflator of the sum of the {len(regions)} "
                          f"provinces ({years[0]} = 1): {_GDP} / ({_GDP} {years[0]} x "
                          f"chained {_GDP_INDEX}), {source} (NBS National Data provincial "
                          "annual database as scraped in 2021: revised nominal GDP; indices "
                          "previous year = 100); the bundled data hold no national real GDP "
                          "index after 2014, so the provinces' sum stands in for the national "
                          "GDP deflator")
    return defl


# ---------------------------------------------------------------------------- SDA
@dataclass(frozen=True)
class SdaRequest(Request):
    """Structural decomposition of the change of output and value added by sector between
    benchmark years into value-added coefficients, technology (Leontief inverse), final-demand
    structure and level, with no residual; or (``decompose=share``) of the regions' share in
    the output of all provinces."""

    source: tuple[str, ...] = option(("cn_prov_io_2012_42", "cn_prov_io_2017_42"), argument=True,
                                     convention=False,
                                     help="Provincial IO sources, one benchmark year each "
                                          "(datasets such as prov_io_2012, or files).")
    regions: tuple[str, ...] = option(NORTHEAST, short="r", convention=False,
                                      help="Provinces decomposed (any spelling; NE = the "
                                           "three Northeast provinces).")
    decompose: str = option("regions", choices=("regions", "share"),
                            help="regions: each province's output and value added by sector; "
                                 "share: the regions' summed output as a share of all "
                                 "provinces' output.")
    method: str = option("polar_average", choices=("polar_average", "all_orderings"),
                         help="Average of the two polar decompositions, or of all k! "
                              "orderings (Dietzenbacher & Los 1998).")
    technology: str = option("total", choices=("total", "domestic"),
                             help="Intermediate flows: total (the 2002 tables cannot separate "
                                  "imports) or domestic (import proportionality).")
    import_share: str = option("use", choices=("use", "supply"),
                               only_with={"technology": ("domestic",)},
                               help="Import share basis of technology domestic.")
    zero_output: str = option("raise", choices=("raise", "zero"),
                              help="Sectors with zero output: raise, or zero coefficients.")
    negative_flows: str = option("raise", choices=("raise", "keep"),
                                 help="Negative intermediate flows or final demand: raise "
                                      "(naming the cells) or keep.")
    deflator: str = option("none", choices=("none", "nbs_gdp_index"),
                           only_with={"prices": ("current",)},
                           help="none (current prices, the default: the implicit deflator of "
                                "the 2012 and 2017 tables against the NBS index falls to "
                                "0.76 for Liaoning, a sign of GDP revisions, not of prices) or "
                                "nbs_gdp_index (IO value added over the NBS chained GDP "
                                "index, one price level per region; price levels in meta) "
                                "(only with --prices current).")
    prices: str = option("current", choices=_PRICES,
                         help="current (producers' prices of each year, the default) or "
                              "national_gdp_deflator (every flow of a year divided by one "
                              "national price level, base the first year: the implicit GDP "
                              "deflator of all provinces' sum; leaves A, L, s and v unchanged, "
                              "deflates the final-demand level; cancels in the share).")
    deflator_source: str = option("cn_prov_nbs_2000_2019", convention=False,
                                  help="Panel holding the NBS GDP (地区生产总值) and GDP index "
                                       "(地区生产总值指数).")


@task("io.sda", SdaRequest, "Structural decomposition of output and value added")
def run_sda(request: SdaRequest, catalog: Any) -> Result:
    from revitalize.io.sda import share_decomposition, structural_decomposition_panel

    if len(request.source) < 2:
        raise InputError(f"{len(request.source)} source(s)", field="source",
                         expected="two or more benchmark years")
    if request.prices != "current" and request.deflator != "none":
        raise InputError(f"prices={request.prices} with deflator={request.deflator}",
                         field="deflator", expected="one price basis: deflator none with prices "
                                                    f"{request.prices}")
    tables = tables_by_year(catalog, request.source)  # after the checks: the reads are slow
    codes = _codes(request.regions, "regions")
    kw = {"method": request.method, "technology": request.technology,
          "import_share": request.import_share, "zero_output": request.zero_output,
          "negative_flows": request.negative_flows}
    deflate_over = codes if request.decompose == "regions" else sorted(
        set.intersection(*(set(t) for t in tables.values())))
    if request.prices == "national_gdp_deflator":
        deflator = _national_deflator(sorted(tables), request.deflator_source, catalog)
    else:
        deflator = (None if request.deflator == "none" else
                    _deflator(tables, deflate_over, request.deflator_source, catalog))
    if request.decompose == "regions":
        res = structural_decomposition_panel(tables, regions=codes, deflator=deflator, **kw)
    else:
        res = share_decomposition(tables, region=codes, deflator=deflator, **kw)
    prices = ("current producers' prices" if deflator is None else
              f"constant {min(tables)} prices: {deflator.attrs.get('name', 'implicit deflator')}")
    meta = {**res.meta, "prices": prices, "years": sorted(tables)}
    if isinstance(deflator, pd.Series):
        meta["price_levels"] = {"national": {str(y): float(v) for y, v in deflator.items()}}
    elif deflator is not None:
        meta["price_levels"] = {r: {str(y): float(v) for y, v in row.items()}
                                for r, row in deflator.iterrows()}
    return replace(res, meta=MappingProxyType(meta))


# ---------------------------------------------------------------------------- spillovers
_GROUPINGS = {
    "ne_rest": "two regions: the Northeast (Liaoning + Jilin + Heilongjiang) and the rest",
    "ne_provinces": "four regions: each Northeast province and the rest",
    "provinces": "every province its own region",
}


@dataclass(frozen=True)
class SpilloversRequest(Request):
    """Interregional spillovers from one year's provincial tables (Chenery-Moses estimate of
    the interregional flows): per region of spending, the output and value added generated in
    each region per unit of final demand and the shares retained at home; with ``by_sector``,
    Miller & Blair's intraregional / feedback / spillover split of every output multiplier."""

    source: str = option("cn_prov_io_2017_42", argument=True, convention=False,
                         help="Provincial IO tables of one year with inflow and outflow "
                              "columns (2012 or 2017).")
    grouping: str = option("ne_provinces", choices=tuple(_GROUPINGS),
                           help="; ".join(f"{k}: {v}" for k, v in _GROUPINGS.items()) + ".")
    import_share: str = option("supply", choices=("supply", "use"),
                               help="Shares of domestic inflows and imports in use: of supply "
                                    "(output + inflows + imports) or of use.")
    zero_output: str = option("zero", choices=("zero", "raise"),
                              help="Sectors with zero output (e.g. Tibet): zero coefficients "
                                   "(named in a warning) or raise.")
    by_sector: bool = option(False, help="The multiplier decomposition by region and sector "
                                         "instead of the demand-shock summary.")


@task("io.spillovers", SpilloversRequest, "Interregional spillover and feedback effects")
def run_spillovers(request: SpilloversRequest, catalog: Any) -> Result:
    from revitalize.io.interregional import chenery_moses_table, spillovers

    tables = {t.region: t for t in catalog.io_tables(request.source)}
    ne = [c for c in NORTHEAST if c in tables]
    rest = [c for c in tables if c not in ne]
    if request.grouping == "ne_rest":
        groups = {"NE": ne, "rest": rest}
    elif request.grouping == "ne_provinces":
        groups = {**{c: [c] for c in ne}, "rest": rest}
    else:
        groups = None
    mrio = chenery_moses_table(tables, regions=groups, import_share=request.import_share)
    res = spillovers(mrio, zero_output=request.zero_output)
    meta = {**res.meta, "grouping": _GROUPINGS[request.grouping]}
    table = res.table.reset_index() if request.by_sector else \
        res.extra["demand_shock"].reset_index()
    return replace(res, table=table, meta=MappingProxyType(meta))
