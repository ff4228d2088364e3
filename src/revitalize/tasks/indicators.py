"""Regional indicators as application tasks: ``indicators.share``, ``rd_gap``, ``lq``,
``krugman``, ``similarity``, ``trade_dependence``, ``financial_depth``, ``convergence``,
``competitiveness``, ``fdi``, ``caveats``, ``gdp_vintages``, ``shift_share`` and ``rca``.

Panels and provincial IO tables come from the catalog (``source``: a file, a stored, mirrored or
bundled dataset; several sources where an analysis spans years). The reference economy is a
named, recorded field wherever a measure compares with one. Where the fact base holds the same
figure, it is set beside the computed one in ``meta["fact_base"]`` -- through every door alike.
The steps between provincial tables and the kernels (summing regions, aligning sector lists)
live in :mod:`revitalize.indicators.io_tables`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

import pandas as pd

from revitalize.errors import InputError
from revitalize.results import Result
from revitalize.tasks.base import Request, option, task
from revitalize.tasks.efficiency import pim_delta, pim_initial

__all__ = ["DEFAULT_PANEL", "CaveatsRequest", "CompetitivenessRequest", "ConvergenceRequest",
           "FdiRequest", "FinancialDepthRequest", "GdpVintagesRequest", "KrugmanRequest",
           "LqRequest", "RcaRequest", "RdGapRequest", "ShareRequest", "ShiftShareRequest",
           "SimilarityRequest", "TradeDependenceRequest", "CapitalStockRequest",
           "is_intensive_unit", "parse_years"]

DEFAULT_PANEL = "cn_prov_energy_panel"
_FACTS = {"gdp": "gdp_share_of_national", "population": "population_share_of_national"}
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")
# Units of intensive quantities (ratios, rates, per-capita values): their provincial values
# cannot be summed into a region's or the nation's value.
_INTENSIVE = re.compile(r"%|percent|per\s|/|人均|率|指数|index", re.IGNORECASE)


def parse_years(text: str | None, field: str = "years") -> list[int] | None:
    """``"2003-2022"`` (or ``"2017"``) as a list of years; None stays None."""
    if text is None or not str(text).strip():
        return None
    m = _YEARS.match(str(text))
    first = int(m.group(1)) if m else 0
    last = int(m.group(2) or first) if m else -1
    if m is None or first > last or first < 1900 or last > 2100:
        raise InputError(f"{str(text)[:30]!r} is not a span of years", field=field,
                         expected="FIRST-LAST within 1900-2100, e.g. 2003-2022")
    return list(range(first, last + 1))


def is_intensive_unit(unit: str | None) -> bool:
    """Whether ``unit`` is that of an intensive quantity (a ratio, rate or per-capita value)."""
    return bool(unit) and bool(_INTENSIVE.search(str(unit)))


def _panel_source(default: str = DEFAULT_PANEL):
    return option(default, argument=True, convention=False,
                  help="Panel: a file, or a stored, mirrored or bundled dataset "
                       f"(default {default}).")


@dataclass(frozen=True)
class ShareRequest(Request):
    """Share (%) of a region in a reference economy by year, beside the fact base's figures."""

    source: str = _panel_source()
    indicator: str = option("gdp", help="Panel indicator, e.g. gdp, population (an extensive "
                                        "quantity: ratios and per-capita values are refused).")
    region: str = option("NE", short="r", convention=False,
                         help="Region whose share is computed (any spelling: NE, Northeast, "
                              "辽宁, 210000).")
    reference: str = option("000000", help="Reference economy (any spelling): 000000/China, "
                                           "NE/Northeast, a province.")
    years: str | None = option(None, help="Years to keep, FIRST-LAST (e.g. 2003-2022).",
                               convention=False)
    exclude_flags: str = option("E", max_length=10,
                                help="Quality-flag letters whose values are dropped before "
                                     "summing.")


@task("indicators.share", ShareRequest, "Share (%) of a region in a reference economy by year")
def run_share(request: ShareRequest, catalog: Any) -> Result:
    from dataclasses import replace
    from types import MappingProxyType

    from revitalize.indicators.caveats import flags_for_meta
    from revitalize.indicators.demography import beside_facts, share_of_reference
    from revitalize.model.regions import members, region_code

    panel = catalog.panel(request.source)
    if request.indicator in panel.indicators:
        unit = panel.unit_of(request.indicator)
        if is_intensive_unit(unit):
            raise InputError(f"{request.indicator} is an intensive quantity ({unit}): a share "
                             "of a sum of provincial ratios means nothing", field="indicator",
                             expected="an extensive quantity such as gdp or population (for a "
                                      "ratio, aggregate numerator and denominator: e.g. "
                                      "`revitalize indicators rd-gap`)")
    years = parse_years(request.years)
    for code in (request.region, request.reference):
        region_code(code, where="region" if code == request.region else "reference")
    res = share_of_reference(panel, request.indicator, region=request.region,
                             reference=request.reference, exclude_flags=request.exclude_flags,
                             years=years)
    meta = dict(res.meta)
    meta["quality_flags"] = flags_for_meta(panel, indicator=request.indicator,
                                           regions=list(members(request.reference)), years=years)
    fact_code = _FACTS.get(request.indicator)
    if fact_code and region_code(request.reference, where="reference") == "000000":
        facts = beside_facts(res, fact_code)
        meta["fact_base"] = facts.to_dict(orient="records")
    return replace(res, meta=MappingProxyType(meta))


@dataclass(frozen=True)
class RdGapRequest(Request):
    """R&D intensity of Liaoning, Jilin, Heilongjiang and the Northeast and the gap to the
    reference (the Northeast aggregate as sum of R&D over sum of GDP)."""

    source: str = _panel_source("cn_prov_rd_fiscal")
    reference: str = option("000000", help="Reference economy (any spelling).")
    region: str | None = option(None, short="r", convention=False,
                                help="Keep only this region (any spelling).")
    years: str | None = option(None, help="Years to keep, FIRST-LAST.", convention=False)


@task("indicators.rd_gap", RdGapRequest, "R&D intensity and its gap to the reference")
def run_rd_gap(request: RdGapRequest, catalog: Any) -> Result:
    from dataclasses import replace
    from types import MappingProxyType

    from revitalize.indicators.caveats import flags_for_meta
    from revitalize.indicators.opening import rd_intensity_gap
    from revitalize.model.regions import region_code

    panel = catalog.panel(request.source)
    res = rd_intensity_gap(panel, reference=request.reference)
    table = res.table
    if request.region is not None:
        code = region_code(request.region, where="region")
        level = table.index.get_level_values("region")
        if code not in set(level):
            raise InputError(f"no rows for region {request.region!r} ({code})", field="region",
                             expected=f"one of {sorted(set(level))}")
        table = table[level == code]
    years = parse_years(request.years)
    if years:
        table = table[table.index.get_level_values("year").isin(years)]
    meta = {**res.meta, "quality_flags": flags_for_meta(panel, indicator="rd_intensity_pct_gdp",
                                                        years=years)}
    return replace(res, table=table, meta=MappingProxyType(meta))


# ---------------------------------------------------------------------------- IO-table structure
_IO_HELP = ("Provincial IO tables: a file (e.g. cn_prov_io_2017_42.csv) or a stored, mirrored or "
            "bundled dataset (e.g. prov_io_2017).")
_REFERENCE_HELP = "Reference economy (any spelling): 000000/China, NE/Northeast, a province."


def _io_source():
    return option(help=_IO_HELP, argument=True, convention=False)


def _io_sources(what: str):
    return option(help=f"{_IO_HELP} {what}", argument=True, convention=False)


def _measure():
    return option("value_added", choices=("value_added", "output"),
                  help="Size of a sector: total value added or output.")


def _keep_region():
    return option(None, short="r", convention=False,
                  help="Keep only the rows of this region or its member provinces (any "
                       "spelling: 辽宁, NE).")


def _pick_year():
    return option(None, short="y", convention=False,
                  help="Year to pick from a source of several years.")


def _region_rows(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """The rows of ``region`` and its members (index level or column ``region``)."""
    if region is None:
        return frame
    from revitalize.model.regions import members, region_code

    codes = {region_code(region, where="region"), *members(region)}
    if "region" in (frame.index.names or []):
        return frame[frame.index.get_level_values("region").isin(codes)]
    return frame[frame["region"].isin(codes)]


def _replaced(res: Result, table: pd.DataFrame | None = None, **meta: Any) -> Result:
    from dataclasses import replace
    from types import MappingProxyType

    return replace(res, table=res.table if table is None else table,
                   meta=MappingProxyType({**res.meta, **meta}))


def _sizes(request: Any, catalog: Any) -> pd.DataFrame:
    from revitalize.indicators.io_tables import sizes_from_tables

    tables = catalog.io_tables(request.source, year=request.year)
    return sizes_from_tables(tables, measure=request.measure)


@dataclass(frozen=True)
class LqRequest(Request):
    """Location quotient of every province and sector against the reference economy (its
    sizes: its row, or the sum of all its member provinces)."""

    source: str = _io_source()
    reference: str = option("000000", help=_REFERENCE_HELP + " With reference_values, any "
                                                             "economy by name (e.g. Sweden).")
    measure: str = _measure()
    region: str | None = _keep_region()
    year: int | None = _pick_year()
    reference_values: str | None = option(
        None, convention=False,
        help="A CSV file 'sector,value' with the reference economy's sizes by sector (a user-"
             "supplied reference: any economy), instead of a region of the source.")
    reference_total: float | None = option(
        None, minimum=0,
        help="The reference's published total (e.g. its total employment, larger than the listed "
             "sectors' sum); default the sum of the listed sectors.")


def _reference_values(path: str | None, catalog: Any):
    """A user-supplied reference economy: a CSV of ``sector,value`` (codes as in the source)."""
    if path is None:
        return None
    import pandas as pd

    file = catalog.local_file(path, field="reference_values")
    frame = pd.read_csv(file, dtype={0: str})
    if frame.shape[1] < 2:
        raise InputError("needs two columns: sector, value", file=file.name,
                         field="reference_values", expected="a CSV 'sector,value'")
    values = pd.to_numeric(frame.iloc[:, 1], errors="coerce")
    if values.isna().any():
        row = int(values.isna().to_numpy().argmax()) + 2
        raise InputError("is not a number", file=file.name, row=row, field=frame.columns[1],
                         expected="a numeric value for every sector")
    return pd.Series(values.to_numpy(float), index=frame.iloc[:, 0].astype(str).str.strip())


@task("indicators.lq", LqRequest, "Location quotients of provinces and sectors")
def run_lq(request: LqRequest, catalog: Any) -> Result:
    from revitalize.indicators.structure import location_quotient

    res = location_quotient(_sizes(request, catalog), reference=request.reference,
                            reference_values=_reference_values(request.reference_values,
                                                               catalog),
                            reference_total=request.reference_total)
    long = res.table.stack().rename("location_quotient").reset_index()
    return _replaced(res, _region_rows(long, request.region).reset_index(drop=True),
                     measure=request.measure)


@dataclass(frozen=True)
class KrugmanRequest(Request):
    """Krugman specialisation index of every province against the reference economy."""

    source: str = _io_source()
    reference: str = option("000000", help=_REFERENCE_HELP)
    measure: str = _measure()
    halved: bool = option(False, help="0-1 scale instead of 0-2.")
    region: str | None = _keep_region()
    year: int | None = _pick_year()


@task("indicators.krugman", KrugmanRequest, "Krugman specialisation index")
def run_krugman(request: KrugmanRequest, catalog: Any) -> Result:
    from revitalize.indicators.structure import krugman_index

    res = krugman_index(_sizes(request, catalog), reference=request.reference,
                        halved=request.halved)
    return _replaced(res, _region_rows(res.table, request.region))


@dataclass(frozen=True)
class SimilarityRequest(Request):
    """Structural similarity (cosine of sector shares) between every pair of provinces; with
    region, the pairs within that region (e.g. Northeast)."""

    source: str = _io_source()
    measure: str = _measure()
    region: str | None = option(None, short="r", convention=False,
                                help="Compare only the provinces of this region (e.g. NE).")
    year: int | None = _pick_year()


@task("indicators.similarity", SimilarityRequest, "Structural similarity between provinces")
def run_similarity(request: SimilarityRequest, catalog: Any) -> Result:
    from revitalize.indicators.structure import structural_similarity

    res = structural_similarity(_region_rows(_sizes(request, catalog), request.region))
    return _replaced(res, res.extra["pairs"])


@dataclass(frozen=True)
class TradeDependenceRequest(Request):
    """(Exports + imports) / GDP: by province from provincial IO tables (inter-provincial trade
    separately), or nationally from the NBS national series."""

    source: str = option(help="Provincial IO tables, or the NBS national panel (file or "
                              "dataset).", argument=True, convention=False)
    region: str | None = _keep_region()
    year: int | None = _pick_year()


@task("indicators.trade_dependence", TradeDependenceRequest, "Trade dependence (% of GDP)")
def run_trade_dependence(request: TradeDependenceRequest, catalog: Any) -> Result:
    from revitalize.indicators.opening import trade_dependence_io, trade_dependence_national
    from revitalize.model.panel import Panel

    obj = catalog.load(request.source)
    if isinstance(obj, Panel):
        return trade_dependence_national(obj)
    res = trade_dependence_io(catalog.io_tables(request.source, year=request.year))
    return _replaced(res, _region_rows(res.table, request.region))


@dataclass(frozen=True)
class FinancialDepthRequest(Request):
    """(Deposits + loans) / GDP and loans / deposits from the NBS national series."""

    source: str = option("cn_national_nbs",
                         help="The NBS national panel (file or dataset; default the bundled "
                              "cn_national_nbs, NBS National Data 1978-2014).", argument=True,
                         convention=False)


@task("indicators.financial_depth", FinancialDepthRequest, "Financial depth (% of GDP)")
def run_financial_depth(request: FinancialDepthRequest, catalog: Any) -> Result:
    from revitalize.indicators.opening import financial_depth

    return financial_depth(catalog.panel(request.source))


# ---------------------------------------------------------------------------- panels
@dataclass(frozen=True)
class ConvergenceRequest(Request):
    """Sigma convergence by year and absolute beta convergence over FIRST-LAST (31 provinces)."""

    years: str = option(help="FIRST-LAST for beta convergence (e.g. 2000-2019).",
                        convention=False)
    source: str = _panel_source()
    indicator: str = option("gdp_per_capita", help="Per-capita indicator of the panel.")
    exclude_flags: str = option("E", max_length=10,
                                help="Quality-flag letters whose values are dropped.")


@task("indicators.convergence", ConvergenceRequest, "Sigma and beta convergence")
def run_convergence(request: ConvergenceRequest, catalog: Any) -> Result:
    from revitalize.indicators.caveats import flags_for_meta
    from revitalize.indicators.demography import beta_convergence, sigma_convergence

    span = parse_years(request.years)
    if not span or len(span) < 2:
        raise InputError(f"{request.years!r} is not a span of at least two years", field="years",
                         expected="FIRST-LAST, e.g. 2000-2020")
    panel = catalog.panel(request.source)
    wide = panel.select(exclude_flags=request.exclude_flags).wide(request.indicator,
                                                                  warn_flags=False)
    wide = wide[[c for c in wide.columns if c != "000000"]]
    beta = beta_convergence(wide, start=span[0], end=span[-1])
    sig = sigma_convergence(wide.loc[wide.index.isin(span)].dropna(axis=1))
    return _replaced(sig, beta=beta.table["value"].to_dict(), beta_meta=dict(beta.meta),
                     excluded_flags=f"{request.exclude_flags} (values dropped)",
                     quality_flags=flags_for_meta(panel, indicator=request.indicator,
                                                  years=span))


def _io_collections(sources: tuple[str, ...], catalog: Any) -> list:
    return [t for s in sources for t in catalog.io_tables(s)]


@dataclass(frozen=True)
class CompetitivenessRequest(Request):
    """Market share (output / the reference's output) and profit level (operating surplus /
    output) of each sector by province and year, from provincial IO tables."""

    deprecated_names: ClassVar[dict[str, str]] = {"sector": "sectors"}

    source: tuple[str, ...] = _io_sources("Several for several years.")
    region: tuple[str, ...] = option(("210000", "220000", "230000"), short="r",
                                     convention=False, help="Provinces to report.")
    sectors: tuple[str, ...] | None = option(None, short="s", convention=False,
                                             help="Sector codes to keep (default all).")
    reference: str = option("000000", help=_REFERENCE_HELP)
    common_year: int | None = option(None, help="Put tables of different years on this year's "
                                                "sector list (matched by name; default: the "
                                                "latest year when the lists differ).")
    incomplete_reference: str = option(
        "raise", choices=("raise", "present"),
        help="raise, or present: use the provinces present when the reference lacks some "
             "(2002 and 2007 have no Tibet).")


@task("indicators.competitiveness", CompetitivenessRequest, "Market share and profit level")
def run_competitiveness(request: CompetitivenessRequest, catalog: Any) -> Result:
    from revitalize.indicators.competitiveness import market_share_profit

    collections = _io_collections(request.source, catalog)
    common = _common_year(request.common_year, collections)
    res = market_share_profit(collections, reference=request.reference,
                              sectors=request.sectors or None, regions=request.region,
                              incomplete_reference=request.incomplete_reference,
                              common_year=common)
    return _with_common_year(res, request.common_year, common)


def _common_year(given: int | None, collections) -> int | None:
    """The sector list to put tables of several years on: the one given, else -- when the
    tables use different lists -- the latest year's (matched by name; named in the
    conventions), so the default runs on real tables of different benchmark years."""
    if given is not None:
        return given
    tables = [t for c in collections for t in (c.values() if hasattr(c, "values") else [c])]
    if len({t.classification for t in tables}) <= 1:
        return None
    return max(int(t.year) for t in tables if t.year is not None)


def _with_common_year(res: Result, given: int | None, used: int | None) -> Result:
    if given is not None or used is None:
        return res
    meta = dict(res.meta)
    meta["conventions"] = {**dict(meta.get("conventions", {})),
                           "common_year": f"{used} (the latest year: tables of different "
                                          "sector lists reclassified to it by name)"}
    return dataclasses.replace(res, meta=MappingProxyType(meta))


@dataclass(frozen=True)
class FdiRequest(Request):
    """National FDI / GDP: NBS actually utilised FDI (converted with the NBS USD rate) beside WDI
    BoP net inflows, and the fact base's Northeast FDI figures (provincial FDI is not in the
    data)."""

    source: tuple[str, ...] = option(help="The NBS national panel; optionally the WDI panel "
                                          "too (e.g. cn_national_nbs cn_national_wdi_pwt, "
                                          "bundled).", argument=True, convention=False)
    years: str | None = option(None, help="Years to keep, FIRST-LAST.", convention=False)
    facts: bool = option(False, convention=False,
                         help="Show the fact base's Northeast figures and the national data of "
                              "their year instead of the yearly table.")


@task("indicators.fdi", FdiRequest, "FDI / GDP beside the fact base")
def run_fdi(request: FdiRequest, catalog: Any) -> Result:
    from revitalize.indicators.fdi import NBS_FDI, WDI_FDI, fdi_share_of_gdp

    panels = {s: catalog.panel(s) for s in request.source}
    nbs = [p for p in panels.values() if NBS_FDI in p.indicators]
    wdi = [p for p in panels.values() if WDI_FDI in p.indicators]
    if len(nbs) != 1 or len(wdi) > 1 or len(nbs) + len(wdi) != len(panels):
        raise InputError(f"cannot tell the NBS and WDI panels apart in {list(panels)}",
                         field="source",
                         expected=f"one panel with {NBS_FDI!r}, optionally one with {WDI_FDI!r}")
    res = fdi_share_of_gdp(nbs[0], wdi[0] if wdi else None, years=parse_years(request.years))
    facts = res.extra["facts"]
    return _replaced(res, facts if request.facts else None,
                     fact_base=facts.to_dict(orient="records"))


@dataclass(frozen=True)
class CaveatsRequest(Request):
    """Quality flags touching a selection of a panel, with counts and the legend."""

    source: str = _panel_source()
    indicator: tuple[str, ...] | None = option(None, convention=False,
                                               help="Panel indicator(s) to check.")
    region: str | None = option(None, short="r", convention=False,
                                help="Region (any spelling; NE = its provinces).")
    years: str | None = option(None, help="Years to keep, FIRST-LAST.", convention=False)
    rows: bool = option(False, convention=False, help="List the flagged values themselves.")
    population: bool = option(False, convention=False,
                              help="Registered-vs-resident population breaks (flag P).")


@task("indicators.caveats", CaveatsRequest, "Quality flags of a panel selection")
def run_caveats(request: CaveatsRequest, catalog: Any) -> Result:
    from revitalize.indicators.caveats import population_concept_breaks, quality_flags

    panel = catalog.panel(request.source)
    if request.population:
        res = population_concept_breaks(panel, regions=request.region)
    else:
        res = quality_flags(panel, indicator=list(request.indicator or ()) or None,
                            regions=request.region, years=parse_years(request.years))
    return _replaced(res, res.extra["rows"] if request.rows else None)


@dataclass(frozen=True)
class GdpVintagesRequest(Request):
    """IO-table total value added (first release) vs the panel's GDP (revised where flagged V),
    per province and IO year, with their ratio and status."""

    deprecated_names: ClassVar[dict[str, str]] = {"io": "source"}

    source: tuple[str, ...] = _io_sources("Several for several years.")
    panel: str = option(DEFAULT_PANEL, convention=False,
                        help=f"Provincial panel with GDP (default {DEFAULT_PANEL}).")
    region: str | None = option(None, short="r", convention=False,
                                help="Region (any spelling; NE = its provinces).")
    tolerance: float = option(0.05, minimum=0.0, maximum=1.0,
                              help="|TVA/GDP - 1| counted as consistent.")


@task("indicators.gdp_vintages", GdpVintagesRequest, "IO value added vs panel GDP")
def run_gdp_vintages(request: GdpVintagesRequest, catalog: Any) -> Result:
    from revitalize.indicators.caveats import gdp_vintages

    return gdp_vintages(_io_collections(request.source, catalog), catalog.panel(request.panel),
                        regions=request.region, tolerance=request.tolerance)


# ---------------------------------------------------------------------------- shift-share, RCA
@dataclass(frozen=True)
class ShiftShareRequest(Request):
    """Shift-share decomposition of a region's change by sector between two IO years, against a
    named reference (the sum of its member provinces), at current prices."""

    source: tuple[str, ...] = _io_sources("Tables of exactly two years.")
    region: str = option(short="r", convention=False,
                         help="Region decomposed (a province or NE; any spelling).")
    reference: str = option(help=_REFERENCE_HELP)
    variant: str = option("classic", choices=("classic", "esteban_marquillas"),
                          help="classic (NS, IM, CS) or esteban_marquillas (adds the homothetic "
                               "size and the competitive/allocation split).")
    measure: str = _measure()
    common_year: int | None = option(None, help="Put both years on this year's sector list "
                                                "(matched by name; default: the later year "
                                                "when the lists differ).")
    incomplete_reference: str = option(
        "raise", choices=("raise", "common"),
        help="raise, or common: use the reference's provinces present in both years (2002 and "
             "2007 have no Tibet).")
    unmatched: str = option("drop", choices=("drop", "raise"),
                            help="Sectors without a counterpart in the other year's list: drop "
                                 "(named in the conventions) or raise.")


@task("indicators.shift_share", ShiftShareRequest, "Shift-share decomposition between IO years")
def run_shift_share(request: ShiftShareRequest, catalog: Any) -> Result:
    from revitalize.indicators.io_tables import shift_share_from_tables

    collections = _io_collections(request.source, catalog)
    common = _common_year(request.common_year, collections)
    res = shift_share_from_tables(
        collections, region=request.region,
        reference=request.reference, variant=request.variant, measure=request.measure,
        common_year=common, incomplete_reference=request.incomplete_reference,
        unmatched=request.unmatched)
    return _with_common_year(res, request.common_year, common)


@dataclass(frozen=True)
class RcaRequest(Request):
    """Revealed comparative advantage (Balassa) of every province and sector from the provincial
    IO tables' exports column EX (2012/2017 layouts), against the named reference."""

    source: str = _io_source()
    reference: str = option(help=_REFERENCE_HELP)
    region: str | None = _keep_region()
    year: int | None = _pick_year()
    zero_reference: str = option("drop", choices=("drop", "raise"),
                                 help="Sectors the reference does not export: drop (listed in "
                                      "the conventions) or raise.")


@task("indicators.rca", RcaRequest, "Revealed comparative advantage from exports")
def run_rca(request: RcaRequest, catalog: Any) -> Result:
    from revitalize.indicators.io_tables import rca_from_tables

    res = rca_from_tables(catalog.io_tables(request.source, year=request.year),
                          reference=request.reference, zero_reference=request.zero_reference)
    return _replaced(res, _region_rows(res.table, request.region).reset_index(drop=True))


# ---------------------------------------------------------------------------- capital stock
_REAL_GDP_YEARS = (2000, 2019)  # the NBS provincial tables behind the efficiency inputs


@dataclass(frozen=True)
class CapitalStockRequest(Request):
    """Real capital stock by province and year by the perpetual inventory (Zhang, Wu & Zhang
    2004): ``K_t = (1 - delta) K_{t-1} + I_t / P_t``, in constant prices of ``prices_of``
    (each province's 1952-price stock times its own investment price index of that year); with
    ratio_to_gdp, the capital-output ratio ``K_t / Y_t`` against the efficiency inputs' real GDP
    in the same prices, and the Northeast (NE) and the 31 provinces (000000) as sum over sum."""

    source: str = _panel_source("cn_prov_capital_inputs")
    regions: tuple[str, ...] | None = option(
        None, short="r", convention=False,
        help="Provinces, comma-separated, any spelling (NE = its three); default all.")
    delta: float = pim_delta()
    initial: str = pim_initial()
    growth_years: int = option(5, minimum=1, maximum=50,
                               help="Years of investment growth behind the Harberger initial "
                                    "stock (initial harberger, and late_start harberger).")
    late_start: str = option("harberger", choices=("harberger", "same"),
                             help="Initial stock of a province starting after 1952 (Chongqing, "
                                  "1996): harberger (default; I_0 / 0.10 is Zhang et al.'s rule "
                                  "for 1952 and doubles Chongqing's stock) or same (the initial "
                                  "rule).")
    prices_of: int = option(2000, minimum=1952, maximum=2022,
                            help="Constant prices of this year: 2000 (default; comparable "
                                 "across provinces, the unit of real GDP at 2000 prices) or "
                                 "1952 (Zhang et al. 2004's convention: comparable within a "
                                 "province only).")
    first_year: int | None = option(None, minimum=1952, maximum=2022, convention=False,
                                    help="First year shown (the stock is accumulated from "
                                         "1952 regardless).")
    last_year: int | None = option(None, minimum=1952, maximum=2022, convention=False,
                                   help="Last year shown.")
    ratio_to_gdp: bool = option(False, convention=False, help="Add real GDP and the capital-output ratio K/Y "
                                            "(2000-2019; prices_of must be a year of them) and "
                                            "the NE and 31-province aggregates.")
    gdp_source: str = option("cn_prov_nbs_2000_2019", convention=False,
                             help="NBS provincial tables whose real GDP (the efficiency inputs') "
                                  "is the denominator of K/Y.")


def _capital_regions(regions: tuple[str, ...] | None) -> list[str] | None:
    from revitalize.model.regions import members, region_code

    if regions is None:
        return None
    out: list[str] = []
    for r in regions:
        region_code(r, where="regions")
        out += [m for m in members(r) if m not in out]
    return out


def _real_gdp_of(request: CapitalStockRequest, catalog: Any):
    """The efficiency inputs' real GDP (constant ``prices_of`` prices) through the catalog,
    with the warnings about its own dataset (not those of variables K/Y does not use)."""
    from revitalize.errors import collect_warnings, warn
    from revitalize.tasks.efficiency import _InputsRequest, inputs_of

    lo, hi = _REAL_GDP_YEARS
    if not lo <= request.prices_of <= hi:
        raise InputError(f"prices_of {request.prices_of} with ratio_to_gdp", field="prices_of",
                         expected=f"a year in {lo}-{hi} (the base year of real GDP)")
    # the efficiency tasks' own defaults (one cached assembly shared with them)
    carrier = _InputsRequest(source=request.gdp_source, capital=request.source,
                             base_year=request.prices_of)
    with collect_warnings() as caught:
        res, used = inputs_of(carrier, catalog)
    own = f"{res.meta['provenance'][0]['file']}:"
    for w in caught:
        if w.message.startswith(own):
            warn(w.message, field=w.field)
    return res, [{**u, "field": "gdp_source"} for u in used if u["field"] == "source"]


def _sum_over_sum(table: pd.DataFrame) -> pd.DataFrame:
    """NE and 000000 rows: sums of K, investment and Y over the aggregate's members, in the
    years where every member has a row (a partial sum is no aggregate: no row then)."""
    from revitalize.model.regions import members

    rows = []
    for code in ("NE", "000000"):
        part = table[table["region"].isin(members(code))]
        for year, g in part.groupby("year"):
            if g["region"].nunique() < len(members(code)):
                continue
            rows.append({"region": code, "year": year,
                         "real_investment": g["real_investment"].sum(),
                         "capital_stock": g["capital_stock"].sum(),
                         "estimated": bool(g["estimated"].any()),
                         "real_gdp": g["real_gdp"].sum()})
    return pd.DataFrame(rows)


@task("indicators.capital_stock", CapitalStockRequest,
      "Capital stock (perpetual inventory) and the capital-output ratio")
def run_capital_stock(request: CapitalStockRequest, catalog: Any) -> Result:
    from revitalize.indicators.productivity import capital_stock

    first, last = request.first_year, request.last_year
    if first is not None and last is not None and first > last:
        raise InputError(f"{first}-{last}", field="first_year",
                         expected="first_year <= last_year")
    panel = catalog.panel(request.source)
    res = capital_stock(panel, delta=request.delta, initial=request.initial,
                        late_start=request.late_start,
                        growth_years=request.growth_years,
                        regions=_capital_regions(request.regions),
                        prices_of=None if request.prices_of == 1952 else request.prices_of)
    t = res.table
    meta = dict(res.meta)
    conventions = dict(meta.get("conventions", {}))
    if request.ratio_to_gdp:
        inputs, used = _real_gdp_of(request, catalog)
        y = inputs.table.loc[:, ["region", "year", "real_gdp"]]
        t = t.merge(y, on=["region", "year"], how="inner")
        t = pd.concat([t, _sum_over_sum(t)], ignore_index=True)
        t["capital_output_ratio"] = t["capital_stock"] / t["real_gdp"]
        conventions.update(
            real_gdp=f"efficiency inputs, constant {request.prices_of} prices: "
                     f"{inputs.meta['conventions']['real_gdp']}",
            capital_output_ratio="K_t / Y_t, both in constant "
                                 f"{request.prices_of} prices; NE and 000000 (the 31 "
                                 "provinces) sum K over sum Y")
        meta["datasets"] = used
        meta["provenance"] = list(meta.get("provenance") or []) + \
            [inputs.meta["provenance"][0]]
    if first is not None:
        t = t[t["year"] >= first]
    if last is not None:
        t = t[t["year"] <= last]
    if t.empty:
        raise InputError(f"no year in {first}-{last}", field="first_year",
                         expected="years the data cover (1952-2022; with ratio_to_gdp "
                                  f"{_REAL_GDP_YEARS[0]}-{_REAL_GDP_YEARS[1]})")
    order = t["region"].map({"NE": 1, "000000": 2}).fillna(0)  # provinces, then aggregates
    t = t.assign(_order=order).sort_values(["_order", "region", "year"]) \
        .drop(columns="_order").reset_index(drop=True)
    est = t.loc[t["estimated"], "year"]
    caveats = [f"GFCF {est.min()}-{est.max()} estimated by the source (NBS stopped publishing "
               "provincial GFCF after 2017)"] if len(est) else []
    caveats.append("investment price index: the source's fixed-asset investment price index, "
                   "chained by its author, with the retail price index for Tibet and after 2019 "
                   "(a proxy of the price of capital goods)")
    meta.update(conventions=conventions, caveats=caveats)
    return dataclasses.replace(res, table=t, meta=MappingProxyType(meta))
