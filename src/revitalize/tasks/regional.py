"""The founding documents' figures recomputed from raw data, as application tasks (issue 20):
``indicators.customs_trade``, ``trade_totals``, ``state_ownership``, ``grain``, ``transfers``,
``macro_growth``, ``city_population``, ``co2_intensity`` and ``documents_vs_data``.

Every panel comes from the catalog by name (bundled ``prov_nbs_2000_2019``,
``prov_trade_totals_2016_2024``, ``national_nbs``, ``prov_fiscal_transfers``,
``city_northeast``, ``prov_co2_ceads`` by default; the registry aliases such as
``cn_prov_nbs_2000_2019`` resolve too). Regions are any spelling of provinces or aggregates
(``NE``, ``EAST``, ``CENTRAL``, ``WEST``, ``000000``); an aggregate is a sum over sum, never a
mean of ratios (the family's rule). ``documents_vs_data`` sets every supported figure of the
fact base beside the system's number and the reason they differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task

__all__ = ["CityPopulationRequest", "Co2IntensityRequest", "CustomsTradeRequest",
           "DocumentsVsDataRequest", "GrainRequest", "MacroGrowthRequest",
           "StateOwnershipRequest", "TradeTotalsRequest", "TransfersRequest"]

DEFAULT_REGIONS = ("210000", "220000", "230000", "NE", "EAST", "CENTRAL", "WEST", "000000")
_NBS = "cn_prov_nbs_2000_2019"


def _nbs(help_: str = "NBS provincial panel 2000-2019"):
    return option(_NBS, argument=True, convention=False,
                  help=f"{help_}: a file, or a stored, mirrored or bundled dataset "
                       f"(default {_NBS}).")


def _dataset(default: str, what: str):
    return option(default, convention=False, help=f"{what} (default {default}).")


def _regions(default: tuple[str, ...] = DEFAULT_REGIONS):
    return option(default, short="r", convention=False,
                  help="Regions (any spelling): provinces, NE, EAST, CENTRAL, WEST, 000000.")


def _years():
    return option(None, short="y", convention=False,
                  help="Years kept, FIRST-LAST (e.g. 2003-2015); default all.")


def _keep_years(res: Result, text: str | None) -> Result:
    if text is None or not str(text).strip():
        return res
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", str(text))
    if m is None or int(m.group(2) or m.group(1)) < int(m.group(1)):
        raise InputError(f"{str(text)[:30]!r} is not a span of years", field="years",
                         expected="FIRST-LAST, e.g. 2003-2015")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    t = res.table
    if "year" not in t.columns:
        return res
    kept = t[(t["year"] >= lo) & (t["year"] <= hi)].reset_index(drop=True)
    if kept.empty and not t.empty:  # issue 14: never an empty answer for years not held
        raise InputError(f"no year of {lo}-{hi} in the data", field="years",
                         expected=f"years within {int(t['year'].min())}-{int(t['year'].max())}")
    return replace(res, table=kept)


def _codes(regions: tuple[str, ...]) -> list[str]:
    from revitalize.indicators.regional import region_codes

    return region_codes(regions)


# ---------------------------------------------------------------------------- trade
@dataclass(frozen=True)
class CustomsTradeRequest(Request):
    """Foreign-trade dependence (% of GDP) from customs trade by province and year, 2000-2019:
    trade in thousand US$ converted at the year's exchange rate over GDP; aggregates as sum
    over sum. Not the IO-table trade dependence (``indicators trade-dependence``), which
    includes re-exports and inter-provincial flows."""

    source: str = _nbs()
    national: str = _dataset("cn_national_nbs", "National panel with the yuan/US$ rate "
                                             "2000-2014 (yearbook rates after)")
    regions: tuple[str, ...] = _regions()
    gdp_vintage: str = option("revised", choices=("revised", "first_release"),
                              help="GDP denominator: the revised series (地区生产总值) or the "
                                   "first release (支出法生产总值, the documents' basis to 2017).")
    trade_basis: str = option("firm_location", choices=("firm_location", "destination_source"),
                              help="Trade by location of the trading firm (经营单位所在地) or by "
                                   "domestic destination and source (境内目的地和货源地).")
    years: str | None = _years()


@task("indicators.customs_trade", CustomsTradeRequest,
      "Foreign-trade dependence from customs trade (% of GDP)")
def run_customs_trade(request: CustomsTradeRequest, catalog: Any) -> Result:
    from revitalize.indicators.trade import foreign_trade_dependence

    res = foreign_trade_dependence(catalog.panel(request.source),
                                   national=catalog.panel(request.national),
                                   regions=_codes(request.regions),
                                   gdp_vintage=request.gdp_vintage,
                                   trade_basis=request.trade_basis)
    return _keep_years(res, request.years)


@dataclass(frozen=True)
class TradeTotalsRequest(Request):
    """Customs trade totals by region and year to 2024 (the NBS panel continued by the trade
    extension), the share of national trade and the compound growth between two years."""

    source: str = _nbs()
    extension: str = _dataset("cn_prov_trade_totals_2016_2024", "Trade extension panel 2016-2024")
    regions: tuple[str, ...] = _regions()
    trade_basis: str = option("firm_location", choices=("firm_location", "destination_source"),
                              help="Trade by location of the trading firm or by destination "
                                   "and source.")
    growth_start: int = option(2003, minimum=2000, maximum=2024,
                               help="First year of the compound growth rate.")
    growth_end: int = option(2015, minimum=2000, maximum=2024,
                             help="Last year of the compound growth rate.")
    years: str | None = _years()


@task("indicators.trade_totals", TradeTotalsRequest,
      "Customs trade totals, share of national trade and growth")
def run_trade_totals(request: TradeTotalsRequest, catalog: Any) -> Result:
    from revitalize.indicators.trade import trade_totals

    res = trade_totals(catalog.panel(request.source),
                       extension=catalog.panel(request.extension),
                       regions=_codes(request.regions), trade_basis=request.trade_basis,
                       growth_start=request.growth_start, growth_end=request.growth_end)
    return _keep_years(res, request.years)


# ---------------------------------------------------------------------------- ownership, food
@dataclass(frozen=True)
class StateOwnershipRequest(Request):
    """State-controlled share (%) of above-scale industrial assets by region and year, and its
    gap to the reference economy (document: Northeast 52.1 % vs national 38.8 % in 2015)."""

    source: str = _nbs()
    regions: tuple[str, ...] = _regions()
    reference: str = option("000000", help="Reference economy of the gap (any spelling).")
    years: str | None = _years()


@task("indicators.state_ownership", StateOwnershipRequest,
      "State-controlled share of industrial assets")
def run_state_ownership(request: StateOwnershipRequest, catalog: Any) -> Result:
    from revitalize.indicators.ownership import state_asset_share

    res = state_asset_share(catalog.panel(request.source), regions=_codes(request.regions),
                            reference=_codes((request.reference,))[0])
    return _keep_years(res, request.years)


@dataclass(frozen=True)
class GrainRequest(Request):
    """Grain output (10,000 t), share of national grain (%) and grain per person (kg) by region
    and year (document: the Northeast grows more than one-fifth of China's grain)."""

    source: str = _nbs()
    regions: tuple[str, ...] = _regions()
    years: str | None = _years()


@task("indicators.grain", GrainRequest, "Grain output, share of national grain, per person")
def run_grain(request: GrainRequest, catalog: Any) -> Result:
    from revitalize.indicators.food import grain_security

    res = grain_security(catalog.panel(request.source), regions=_codes(request.regions))
    return _keep_years(res, request.years)


# ---------------------------------------------------------------------------- transfers, growth
@dataclass(frozen=True)
class TransfersRequest(Request):
    """Central transfers to provincial budgets 2014-2016 by region, total and per person,
    beside the documents' "about 12 trillion yuan 2003-2022" (which these years do not
    cover)."""

    source: str = option("cn_prov_fiscal_transfers_2014_2016", argument=True, convention=False,
                         help="Fiscal transfers panel 2014-2016 (default prov_fiscal_transfers).")
    population: str = _dataset(_NBS, "Panel with 年末常住人口 (year-end resident population)")
    regions: tuple[str, ...] = _regions()


@task("indicators.transfers", TransfersRequest, "Central transfers by province, per person")
def run_transfers(request: TransfersRequest, catalog: Any) -> Result:
    from revitalize.indicators.transfers import central_transfers

    return central_transfers(catalog.panel(request.source), catalog.panel(request.population),
                             regions=_codes(request.regions))


@dataclass(frozen=True)
class MacroGrowthRequest(Request):
    """Real GDP growth of the macro-regions by year from the chained GDP index (one vintage;
    regions weighted by the previous year's GDP) and, year by year, whether the claim region
    grows slowest (the documents: the Northeast grows slowest of the four)."""

    source: str = _nbs()
    regions: tuple[str, ...] = _regions(("EAST", "CENTRAL", "WEST", "NE"))
    claim_region: str = option("NE", help="Region the claim 'grows slowest' is tested for.")
    years: str | None = _years()


@task("indicators.macro_growth", MacroGrowthRequest,
      "Real growth by macro-region and the 'slowest' claim")
def run_macro_growth(request: MacroGrowthRequest, catalog: Any) -> Result:
    from revitalize.indicators.growth import growth_by_region

    res = growth_by_region(catalog.panel(request.source), regions=_codes(request.regions),
                           claim_region=_codes((request.claim_region,))[0])
    return _keep_years(res, request.years)


# ---------------------------------------------------------------------------- cities, carbon
@dataclass(frozen=True)
class CityPopulationRequest(Request):
    """Census population change of the Northeast and eastern Inner Mongolia cities between two
    censuses, ranked (1 = largest loss); group totals in extra."""

    source: str = option("cn_city_northeast", argument=True, convention=False,
                         help="City panel (default city_northeast).")
    start: int = option(2010, minimum=2000, maximum=2020, help="First census year.")
    end: int = option(2020, minimum=2000, maximum=2020, help="Second census year.")


@task("indicators.city_population", CityPopulationRequest,
      "Census population change of the Northeast cities")
def run_city_population(request: CityPopulationRequest, catalog: Any) -> Result:
    from revitalize.indicators.cities import city_population_change

    return city_population_change(catalog.panel(request.source), start=request.start,
                                  end=request.end)


@dataclass(frozen=True)
class Co2IntensityRequest(Request):
    """CO2 intensity of GDP (t CO2 per 10,000 yuan) by region and year from the CEADs
    sectoral inventory (never mixed with the energy panel's apparent CO2); aggregates as sum
    over sum, Tibet absent from CEADs."""

    source: str = option("cn_prov_co2_ceads", argument=True, convention=False,
                         help="CEADs provincial CO2 inventory (default prov_co2_ceads).")
    gdp: str = _dataset(_NBS, "Panel with 地区生产总值 (GDP, 100 million yuan)")
    regions: tuple[str, ...] = _regions()
    years: str | None = _years()


@task("indicators.co2_intensity", Co2IntensityRequest, "CO2 intensity of GDP (CEADs)")
def run_co2_intensity(request: Co2IntensityRequest, catalog: Any) -> Result:
    from revitalize.indicators.carbon import co2_intensity

    res = co2_intensity(catalog.panel(request.source), catalog.panel(request.gdp),
                        regions=_codes(request.regions))
    return _keep_years(res, request.years)


# ---------------------------------------------------------------------------- documents vs data
@dataclass(frozen=True)
class DocumentsVsDataRequest(Request):
    """Every figure of the founding documents that the data support: the document's number,
    the system's number from raw data, the difference and the reason they differ."""

    source: str = _nbs()
    trade_extension: str = _dataset("cn_prov_trade_totals_2016_2024",
                                    "Trade extension panel 2016-2024")
    national: str = _dataset("cn_national_nbs", "National NBS panel 1978-2014")
    rd: str = _dataset("cn_prov_rd_fiscal", "Provincial R&D and fiscal panel")
    transfers: str = _dataset("cn_prov_fiscal_transfers_2014_2016", "Fiscal transfers panel 2014-2016")
    cities: str = _dataset("cn_city_northeast", "City panel")


@task("indicators.documents_vs_data", DocumentsVsDataRequest,
      "What the documents say vs what the data say")
def run_documents_vs_data(request: DocumentsVsDataRequest, catalog: Any) -> Result:
    from revitalize.errors import collect_warnings, replay
    from revitalize.indicators.facts_compare import compare_documents, structure_tables, without

    fields = ("source", "trade_extension", "national", "rd", "transfers", "cities")
    used = [{**catalog.source_info(getattr(request, f)), "field": f} for f in fields]
    with collect_warnings() as caught:
        nbs, ext, national, rd = (catalog.panel(getattr(request, f)) for f in fields[:4])
    replay(without(caught, "DataQualityWarning"))  # the quality flags are handled by name
    fiscal, cities = catalog.panel(request.transfers), catalog.panel(request.cities)
    national_io, provincial_io = structure_tables(catalog)
    res = compare_documents(nbs, ext, national, rd, fiscal, cities, national_io=national_io,
                            provincial_io=provincial_io)
    from types import MappingProxyType

    return replace(res, meta=MappingProxyType({**res.meta, "datasets": used}))
