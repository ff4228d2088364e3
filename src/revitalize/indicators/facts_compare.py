"""What the documents say vs what the data say (issue 20).

:func:`compare_with_facts` sets an indicator result beside the fact-base records
(:mod:`revitalize.data.facts`) of the same quantity: both numbers, the difference (data minus
document, in the fact's unit) and the reason when known (vintage, definition, coverage,
rounding, a "more than" bound). :func:`documents_vs_data` recomputes every figure of the
founding documents that the shared data support and returns one table over all of them.

Reasons are written from the computations themselves (both vintages are computed where the
vintage matters), never guessed: when a gap has no explanation the reason says "not explained".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from revitalize.data.facts import load_facts
from revitalize.errors import InputError, UnknownLabelError, collect_warnings, replay
from revitalize.model.regions import REGIONS
from revitalize.results import Result, build_meta

__all__ = ["COMPARISON_COLUMNS", "STRUCTURE_TABLES", "ComparisonResult", "compare_documents",
           "compare_with_facts", "documents_vs_data", "structure_tables"]

COMPARISON_COLUMNS = ("fact_id", "indicator", "region", "region_en", "period", "document_value",
                      "unit", "data_value", "data_year", "difference", "qualifier", "reason",
                      "data_method")
_QUALIFIERS = ("more than", "nearly", "about", "only about", "lower bound")


@dataclass(frozen=True)
class ComparisonResult(Result):
    """Fact-base figures beside recomputed ones (columns :data:`COMPARISON_COLUMNS`)."""


def _qualifier(note: str) -> str:
    low = note.lower()
    return next((q for q in _QUALIFIERS if f"'{q}" in low or f"{q} " in low), "")


def _row(fact: Mapping, value: float, year, method: str, reason: str) -> dict:
    doc = float(fact["value"])
    diff = value - doc if value is not None and not math.isnan(value) else math.nan
    return {"fact_id": fact["fact_id"], "indicator": fact["indicator"], "region": fact["region"],
            "region_en": REGIONS[fact["region"]].name_en, "period": fact["period"],
            "document_value": doc, "unit": fact["unit"],
            "data_value": math.nan if value is None else float(value),
            "data_year": year, "difference": diff, "qualifier": _qualifier(fact["note"]),
            "reason": reason, "data_method": method}


def compare_with_facts(result_or_frame, *, column: str, fact_indicator: str,
                       reasons: Mapping[str, str] | None = None, year: int | None = None,
                       facts: pd.DataFrame | None = None) -> ComparisonResult:
    """Set one computed column beside the fact-base records of ``fact_indicator``.

    Parameters
    ----------
    result_or_frame
        A result whose ``table`` (or a frame) is long with ``region``, ``year`` and ``column``.
    column
        The computed quantity (same unit as the facts, e.g. percent).
    fact_indicator
        Fact-base indicator code (e.g. ``"foreign_trade_dependence"``).
    reasons
        Known reasons by ``fact_id``.
    year
        Year to use for facts without a single-year period (default: the latest year with a
        value for the region); facts with a single-year period use that year.
    facts
        The fact base (default: the embedded one).

    Returns
    -------
    ComparisonResult
        One row per fact of that indicator whose region the table has; ``data_value`` NaN when
        the year is not covered (said in ``reason``).
    """
    frame = getattr(result_or_frame, "table", result_or_frame)
    missing = [c for c in ("region", "year", column) if c not in frame.columns]
    if missing:
        raise InputError(f"the table lacks columns {missing}", field="column",
                         expected="a long table with region, year and the computed column")
    base = load_facts() if facts is None else facts
    chosen = base[base["indicator"] == fact_indicator]
    if chosen.empty:
        raise UnknownLabelError(f"no fact with indicator {fact_indicator!r}",
                                field="fact_indicator", expected="a fact-base indicator code")
    method = str(getattr(result_or_frame, "meta", {}).get("method", "frame"))
    reasons = dict(reasons or {})
    rows = []
    for fact in chosen.to_dict(orient="records"):
        own = frame[(frame["region"] == fact["region"]) & frame[column].notna()]
        if own.empty:
            continue
        period = fact["period"]
        want = int(period) if period.isdigit() else (year or int(own["year"].max()))
        hit = own.loc[own["year"] == want, column]
        value = float(hit.iloc[0]) if len(hit) else math.nan
        reason = reasons.get(fact["fact_id"], "")
        if not len(hit):
            reason = (f"{want} not covered by the data ({own['year'].min()}-"
                      f"{own['year'].max()}); " + reason).rstrip("; ")
        rows.append(_row(fact, value, want, f"{method}:{column}", reason))
    table = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    meta = build_meta("compare_with_facts", conventions={
        "column": column, "fact_indicator": fact_indicator, "year": year,
        "difference": "data minus document, in the fact's unit"})
    return ComparisonResult(table=table, meta=meta)


# ------------------------------------------------------------------------------ all figures
_REASONS = {
    "D004-006": "vintage: the document used first-release GDP; with first-release GDP (支出法生产"
                "总值) the data give {first:.1f} %, with the revised GDP {revised:.1f} %",
    "D004-007": "vintage: first-release GDP gives {first:.1f} %, revised GDP {revised:.1f} % "
                "(Jilin and Heilongjiang GDP were revised down, raising their ratios)",
    "D004-016": "not explained by vintage (first release {first:.1f} %, revised {revised:.1f} %): "
                "the document's 2013 figures for the Northeast, nation and East are all far below "
                "customs trade / GDP; another trade or GDP base is likely",
    "D004-015": "nation = sum of 31 provinces (first release {first:.1f} %, revised "
                "{revised:.1f} %); the NBS national goods-trade ratio (RMB trade / national GDP, "
                "cn_national_nbs_1978_2014) is {nat:.1f} % in 2013; the document's 32.8 % is not "
                "explained",
    "D004-014": "East, sum over sum (first release {first:.1f} %, revised {revised:.1f} %); "
                "not explained",
    "D001-001": "GDP after 2019 is not in cn_prov_nbs_2000_2019 (trade is, to 2024)",
    "D001-002": "GDP after 2019 is not in cn_prov_nbs_2000_2019 (trade is, to 2024)",
    "D001-003": "GDP after 2019 is not in cn_prov_nbs_2000_2019",
    "D001-004": "GDP after 2019 is not in cn_prov_nbs_2000_2019",
    "D004-018": "year: the share is {y2013:.2f} % in 2013 but {y2015:.2f} % in 2015 and "
                "{y2018:.2f} % in 2018 -- the 3.5 % fits 2015-2018, not the 2013 inferred from the "
                "preceding sentence",
    "D004-011": "compound annual growth in US$ over the 12 intervals 2003-2015; the document "
                "counts '13 years' and may have used RMB values or a different end point",
    "D004-012": "Northeast minus Central + West compound growth 2003-2015 (percentage points "
                "of annual growth): {ne:.1f} - {cw:.1f}",
    "D004-024": "definition identical: state-controlled / above-scale industrial assets; "
                "reproduced to rounding",
    "D004-025": "definition: sum over sum of the three provinces ({sos:.1f} %); the unweighted "
                "mean of the provincial shares is {mean:.1f} %; neither gives 52.1 exactly",
    "D002-016": "'more than one-fifth' is a lower bound: the share is >= 20 % in {years} of "
                "{n} years ({first}-{last}); latest year shown",
    "D002-005": "coverage: transfers by province exist only for 2014-2016; the value shown is "
                "the 2014-2016 sum for the three provinces in trillion yuan (2003-2022 cannot "
                "be summed)",
    "D003-002": "rank 4 of 4 (slowest) in {held} of {n} years 2001-2019 (exceptions: {exc}); "
                "latest year shown",
    "D002-012": "census 2010 -> 2020, sum of the 36 prefecture-level units (2020 boundaries)",
    "D002-011": "sum of the 36 prefecture-level units of the 2020 census (Dong et al., boundary-"
                "adjusted); the gazette total is 98.51 million",
    "D004-030": "Beijing 2015 R&D intensity minus Jilin's, NBS/MOST/MOF bulletin values",
    "D001-009": "year not stated (article of 2023): national IO table 2017, manufacturing = "
                "GB/T 4754-2017 section C (IO 06-23) value added / total value added; 2018 "
                "{y2018:.1f} %, 2020 {y2020:.1f} %; sum of provincial tables 2017 {prov:.1f} %",
    "D001-014": "year not stated (article of 2023): national IO table 2017, producer services = "
                "NBS 生产性服务业分类 groups on whole IO sectors (transport, information, finance, "
                "leasing and business, R&D, technical services); with wholesale and retail "
                "{trade:.1f} %; 2018 {y2018:.1f} %, 2020 {y2020:.1f} %",
}


def _dep_rows(facts, first, revised, nat: float) -> list[dict]:
    rows = []
    for fid in ("D004-006", "D004-007", "D004-016", "D004-015", "D004-014", "D001-001",
                "D001-002", "D001-003", "D001-004"):
        fact = facts.loc[fid]
        y, reg = int(fact["period"]), fact["region"]
        pick = first if y <= 2017 else revised

        def val(t, reg=reg, y=y):
            hit = t[(t["region"] == reg) & (t["year"] == y)]["foreign_trade_dependence"]
            return float(hit.iloc[0]) if len(hit) else math.nan

        reason = _REASONS[fid].format(first=val(first.table), revised=val(revised.table), nat=nat)
        rows.append(_row(fact, val(pick.table), y, "foreign_trade_dependence(gdp_vintage="
                         f"{pick.meta['conventions']['gdp_vintage']})", reason))
    return rows


# The IO tables of the structure shares (D001-009, D001-014), by catalog name.
STRUCTURE_TABLES = {2017: "nbs_io_2017_42_noncomp", 2018: "nbs_io_2018_42_noncomp",
                    2020: "nbs_io_2020_42_noncomp"}
STRUCTURE_PROVINCIAL = "prov_io_2017"


def documents_vs_data(shared_data: str | Path) -> ComparisonResult:
    """:func:`compare_documents` on the files of a folder laid out like ``shared/data``.

    Reads ``cn_prov_nbs_2000_2019`` (+ trade 2016-2024), ``cn_national_nbs_1978_2014`` (exchange
    rates 2000-2014), ``cn_prov_fiscal_transfers_2014_2016``, ``cn_city_northeast`` and
    ``cn_prov_rd_fiscal`` under ``shared_data``; the IO tables of the structure shares through
    the catalog with ``shared_data`` as its mirror (else the bundled tables).
    """
    from revitalize.data.catalog import default_catalog
    from revitalize.data.readers.detect import read_any
    from revitalize.data.readers.nbs_provincial import (
        read_city_northeast,
        read_fiscal_transfers,
        read_nbs_provincial,
    )

    root = Path(shared_data)
    with collect_warnings() as caught:
        nbs = read_nbs_provincial(root / "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv")
        ext = read_nbs_provincial(root / "cn_prov_nbs_2000_2019/"
                                  "cn_prov_trade_totals_2016_2024_long.csv")
        national = read_any(root / "cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv")
        rd = read_any(root / "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv")
    replay(without(caught, "DataQualityWarning"))  # the quality flags are handled by name
    fiscal = read_fiscal_transfers(root / "cn_prov_fiscal_transfers_2014_2016/"
                                   "cn_prov_fiscal_transfers_2014_2016_long.csv")
    cities = read_city_northeast(root / "cn_city_northeast/cn_city_northeast_long.csv")
    national_io, provincial_io = structure_tables(default_catalog(mirror_dir=root))
    return compare_documents(nbs, ext, national, rd, fiscal, cities, national_io=national_io,
                             provincial_io=provincial_io)


def structure_tables(catalog) -> tuple[dict, list]:
    """The national IO tables of :data:`STRUCTURE_TABLES` and the 2017 provincial tables, read
    through ``catalog`` (their zero-output sectors of small provinces do not matter to the
    national shares, so the tables' balance warnings are not passed on)."""
    with collect_warnings() as caught:
        national = {y: catalog.io_table(n) for y, n in STRUCTURE_TABLES.items()}
        provincial = catalog.io_tables(STRUCTURE_PROVINCIAL)
    replay(without(caught, "BalanceWarning"))
    return national, provincial


def without(records, category: str) -> list:
    """The warning records of another category than ``category`` (one this analysis handles)."""
    return [r for r in records if r.category != category]


def compare_documents(nbs, ext, national, rd, fiscal, cities, *, national_io: Mapping,
                      provincial_io: list) -> ComparisonResult:
    """Every founding-document figure the data support, recomputed beside the fact base.

    Parameters
    ----------
    nbs, ext
        Panels of ``cn_prov_nbs_2000_2019`` and its trade extension 2016-2024.
    national
        The national NBS panel (``cn_national_nbs_1978_2014``: exchange rates 2000-2014).
    rd, fiscal, cities
        Panels of ``cn_prov_rd_fiscal``, ``cn_prov_fiscal_transfers_2014_2016`` and
        ``cn_city_northeast``.
    national_io, provincial_io
        ``{year: IOTable}`` of the national tables of :data:`STRUCTURE_TABLES` and the 2017
        provincial tables (:func:`structure_tables`).
    """
    from revitalize.indicators.cities import city_population_change
    from revitalize.indicators.food import grain_security
    from revitalize.indicators.growth import growth_by_region
    from revitalize.indicators.opening import rd_intensity_gap, trade_dependence_national
    from revitalize.indicators.ownership import state_asset_share
    from revitalize.indicators.trade import foreign_trade_dependence, trade_totals
    from revitalize.indicators.transfers import central_transfers

    facts = load_facts().set_index("fact_id", drop=False)
    rows = _dep_rows(facts, foreign_trade_dependence(nbs, national=national,
                                                     gdp_vintage="first_release"),
                     foreign_trade_dependence(nbs, national=national),
                     float(trade_dependence_national(national).table.loc[2013,
                                                                         "foreign_trade_dependence"]))
    rows += _trade_rows(facts, trade_totals(nbs, extension=ext,
                                            regions=("NE", "CENTRAL+WEST", "000000")))
    rows += _ownership_rows(facts, state_asset_share(nbs))
    rows += _grain_rows(facts, grain_security(nbs, regions=("NE",)))
    rows += _transfer_rows(facts, central_transfers(fiscal, nbs, regions=("NE",)))
    rows += _growth_rows(facts, growth_by_region(nbs))
    rows += _city_rows(facts, city_population_change(cities))
    gap = rd_intensity_gap(rd, regions=("110000",), reference="220000").table
    rows.append(_row(facts.loc["D004-030"], float(gap.loc[("110000", 2015), "gap_pp"]), 2015,
                     "rd_intensity_gap(regions=110000, reference=220000)", _REASONS["D004-030"]))
    structure = _structure_rows(facts, national_io, provincial_io)
    rows += structure["rows"]
    table = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    meta = build_meta("documents_vs_data", conventions={
        "difference": "data minus document, in the fact's unit",
        "trade_dependence_vintage": "first-release GDP to 2017 (the documents' basis), revised "
                                    "after; both values in the reason",
        "structure_shares": "IO tables through the catalog: national 2017/2018/2020 "
                            "(nbs_io_<year>_42_noncomp), provincial 2017 (prov_io_2017)",
        "not_compared": "carbon figures (the documents state none), FDI (separate module "
                        "fdi.py)"},
        provenance=[nbs.provenance, ext.provenance, national.provenance, fiscal.provenance,
                    cities.provenance, rd.provenance, *structure["provenance"]],
        n_compared=len(table), n_with_value=int(table["data_value"].notna().sum()))
    return ComparisonResult(table=table, meta=meta)


def _trade_rows(facts, totals) -> list[dict]:
    t = totals.table
    share = t[t["region"] == "NE"].set_index("year")["share_of_national_trade"]
    reason = _REASONS["D004-018"].format(y2013=share[2013], y2015=share[2015], y2018=share[2018])
    cagr = totals.extra["compound_growth"]
    ne, cw = float(cagr["NE"]), float(cagr["CENTRAL+WEST"])
    return [
        _row(facts.loc["D004-018"], float(share[2013]), 2013, "trade_totals:share", reason),
        _row(facts.loc["D004-011"], ne, "2003-2015", "trade_totals:compound_growth",
             _REASONS["D004-011"]),
        _row(facts.loc["D004-012"], ne - cw, "2003-2015", "trade_totals:compound_growth",
             _REASONS["D004-012"].format(ne=ne, cw=cw)),
    ]


def _ownership_rows(facts, res) -> list[dict]:
    t = res.table[res.table["year"] == 2015].set_index("region")["state_asset_share"]
    mean = float(t[["210000", "220000", "230000"]].mean())
    return [
        _row(facts.loc["D004-024"], float(t["000000"]), 2015, "state_asset_share",
             _REASONS["D004-024"]),
        _row(facts.loc["D004-025"], float(t["NE"]), 2015, "state_asset_share",
             _REASONS["D004-025"].format(sos=float(t["NE"]), mean=mean)),
    ]


def _grain_rows(facts, res) -> list[dict]:
    s = res.table.set_index("year")["share_of_national_grain"]
    reason = _REASONS["D002-016"].format(years=int((s >= 20).sum()), n=len(s),
                                         first=s.index.min(), last=s.index.max())
    return [_row(facts.loc["D002-016"], float(s.iloc[-1]), int(s.index[-1]),
                 "grain_security:share_of_national_grain", reason)]


def _transfer_rows(facts, res) -> list[dict]:
    total = float(res.extra["cumulative"]["NE"]) / 1e4  # 100 million yuan -> trillion yuan
    return [_row(facts.loc["D002-005"], total, "2014-2016", "central_transfers:cumulative",
                 _REASONS["D002-005"])]


def _growth_rows(facts, res) -> list[dict]:
    claim = res.extra["claim"]
    exc = ", ".join(f"{y} ({s})" for y, s in claim.loc[~claim["claim_holds"], "slowest"].items())
    reason = _REASONS["D003-002"].format(held=int(claim["claim_holds"].sum()), n=len(claim),
                                         exc=exc or "none")
    last = int(claim.index.max())
    return [_row(facts.loc["D003-002"], float(claim.loc[last, "claim_region_rank"]), last,
                 "growth_by_region:rank", reason)]


def _city_rows(facts, res) -> list[dict]:
    ne = res.extra["groups"].loc["Northeast"]
    return [
        _row(facts.loc["D002-012"], float(ne["change"]) / 1e6, "2010-2020",
             "city_population_change:groups", _REASONS["D002-012"]),
        _row(facts.loc["D002-011"], float(ne["population_2020"]) / 1e6, 2020,
             "city_population_change:groups", _REASONS["D002-011"]),
    ]


def _structure_rows(facts, national_io: Mapping, provincial_io: list) -> dict:
    """D001-009 (manufacturing 28 %) and D001-014 (producer services 20 %) beside the IO
    tables' shares (:mod:`revitalize.indicators.structure_shares`)."""
    from revitalize.indicators.structure_shares import structure_shares

    with collect_warnings() as caught:
        nat = {y: structure_shares([], national=t).table.iloc[0] for y, t in national_io.items()}
        prov = structure_shares(provincial_io, aggregates=("000000",)).table
    replay(without(caught, "BalanceWarning"))  # zero-output sectors of small provinces
    prov = prov[(prov["region"] == "000000")].iloc[0]
    n17 = nat[2017]
    rows = [
        _row(facts.loc["D001-009"], float(n17["manufacturing_share"]), 2017,
             "structure_shares:manufacturing_share",
             _REASONS["D001-009"].format(y2018=nat[2018]["manufacturing_share"],
                                         y2020=nat[2020]["manufacturing_share"],
                                         prov=prov["manufacturing_share"])),
        _row(facts.loc["D001-014"], float(n17["producer_services_core_share"]), 2017,
             "structure_shares:producer_services_core_share",
             _REASONS["D001-014"].format(trade=n17["producer_services_incl_trade_share"],
                                         y2018=nat[2018]["producer_services_core_share"],
                                         y2020=nat[2020]["producer_services_core_share"])),
    ]
    return {"rows": rows, "provenance": [t.provenance for t in national_io.values()]
            + [provincial_io[0].provenance]}
