"""Opening-up from customs trade by province (issue 20): foreign-trade dependence, shares, growth.

Formulas
--------
* Foreign-trade dependence (外贸依存度), percent of GDP::

      D_rt = 100 * T_rt * e_t * 1e3 / (Y_rt * 1e8)

  with ``T`` goods imports + exports in thousand US$ (NBS 经营单位所在地进出口总额: customs
  trade by *location of the trading firm*), ``e_t`` the year's average yuan per US$, ``Y`` GDP
  in 100 million yuan. An aggregate (Northeast, East, nation) is ``sum_r T_r e / sum_r Y_r``
  over its member provinces (sum over sum; the "nation" is the sum of the 31 provinces, whose
  GDP exceeds the national accounts' GDP by several percent -- so national dependence here is
  below the NBS national ratio). Definition as in NBS/MOFCOM usage, e.g. Shen Lisheng (2005),
  "外贸依存度的测算与分析", 统计研究 2005(4).
* Share of national trade ``100 * T_r / sum_provinces T``; growth: compound annual growth
  ``100 * ((T_end / T_start) ** (1 / (end - start)) - 1)`` in US$.

Exchange rate: 2000-2014 from the NBS national series (``cn_national_nbs_1978_2014``, 人民币对
美元汇率(美元=100), yuan per 100 US$, divided by 100); 2015-2024 from :data:`YEARBOOK_RATES`
(:data:`RATE_TABLE`: each year with the page that shows it; 2021 and 2024 are unverified and say so).
Provincial GDP: the NBS ``gdp`` table (revised vintage) by default, or ``支出法生产总值`` (first
release, 2000-2017) with ``gdp_vintage="first_release"``.

This is customs trade. The IO tables' trade columns
(:func:`revitalize.indicators.opening.trade_dependence_io`) include goods *and services* and
record exports by where goods are produced and used, including re-exports and processing
trade shipped through other provinces' ports -- a different quantity, kept and labelled as
"IO-table trade dependence".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from revitalize.errors import InputError, ValidationError
from revitalize.indicators.regional import (
    DEFAULT_REGIONS,
    RegionalResult,
    aggregate,
    long_table,
    region_codes,
    series_wide,
)
from revitalize.model.panel import Panel
from revitalize.results import build_meta

__all__ = ["GDP_VINTAGES", "RATE_TABLE", "TRADE_BASES", "YEARBOOK_RATES", "compound_growth",
           "exchange_rates", "foreign_trade_dependence", "trade_dependence", "trade_totals"]

TRADE_BASES = {"firm_location": "经营单位所在地进出口总额",
               "destination_source": "境内目的地和货源地进出口总额"}
GDP_VINTAGES = {"revised": "地区生产总值", "first_release": "支出法生产总值"}
_NATIONAL_RATE = "人民币对美元汇率(美元=100)"

# Yuan per US$, annual average, 2015-2024: (year, rate, source, status). Every value was
# checked against a found transcription of the NBS/SAFE annual averages (issue 20); "verified"
# means the cited page shows this exact value, "unverified" that no source was found and the
# value is the one first typed into this module (kept so that 2021-2024 trade totals convert,
# flagged in ``exchange_rates`` and in the meta of every result that uses it).
_WIKI = ("Wikipedia, 'List of renminbi exchange rates', table 'Official historical average "
         "exchange rates of Renminbi ... (Chinese yuan per 100 foreign currency units)', USD "
         "column (its 2011-2014 values equal the NBS national series; mirrors "
         "https://wikimili.com/en/List_of_renminbi_exchange_rates and "
         "https://www.dl1.en-us.nina.az/List_of_renminbi_exchange_rates.html)")
_BAIKE = ("Baidu Baike entry 人民币汇率, section 年平均汇率 (citing SAFE daily rates), as copied "
          "at https://waihuizhishiwang.com/jiudianzixun/sisp23wg8m.html (a machine-translated "
          "copy; the digits of 2019 and 2020 are legible)")
_UNVERIFIED = "unverified: no source found by the issue-20 search; value as first transcribed"
_SAFE_2023 = ("SAFE annual average of the central parity rate, as quoted in 'In 2023, an average "
              "of 7.0467 yuan will be needed to exchange 1 US dollar, a depreciation of 4.55%' "
              "(2023 7.0467 'compared with 6.7261 in the previous year'), "
              "https://www.laitimes.com/en/article/6avi8_6r7t3.html; the communique's "
              "全年人民币平均汇率 sentence itself was not found by the search")
_CONSISTENT_2021 = (_UNVERIFIED + "; consistent to rounding with the 2021 communique as "
                    "reported by China News Service: per-capita GDP 80,976 yuan = 12,551 US$ at "
                    "the annual average rate (implies 6.452), "
                    "https://www.tellerreport.com/business/2022-03-01-national-bureau-of-"
                    "statistics--china-s-economic-aggregate-and-per-capita-levels-achieve-new-"
                    "breakthroughs.HkMmou4oxc.html")
RATE_TABLE: tuple[tuple[int, float, str, str], ...] = (
    (2015, 6.2284, _WIKI, "verified"),
    (2016, 6.6423, _WIKI, "verified"),
    (2017, 6.7518, _WIKI, "verified"),
    (2018, 6.6174, _WIKI, "verified"),
    (2019, 6.8985, _BAIKE, "verified"),
    (2020, 6.8974, _BAIKE, "verified (was 6.8976 before issue 20)"),
    (2021, 6.4515, _CONSISTENT_2021, "unverified"),
    (2022, 6.7261, _SAFE_2023, "verified"),
    (2023, 7.0467, _SAFE_2023, "verified"),
    (2024, 7.1217, _UNVERIFIED, "unverified"),
)
YEARBOOK_RATES: Mapping[int, float] = {y: r for y, r, _, _ in RATE_TABLE}


def trade_dependence(trade_kusd: np.ndarray, rate: np.ndarray, gdp_100m_yuan: np.ndarray) -> np.ndarray:
    """Kernel: ``100 * T * e * 1e3 / (Y * 1e8)`` (percent of GDP), element-wise.

    ``trade_kusd`` thousand US$, ``rate`` yuan per US$, ``gdp_100m_yuan`` 100 million yuan.
    """
    return 100.0 * trade_kusd * rate * 1e3 / (gdp_100m_yuan * 1e8)


def compound_growth(start: np.ndarray, end: np.ndarray, years: int) -> np.ndarray:
    """Kernel: compound annual growth in percent, ``100 * ((end / start) ** (1 / years) - 1)``."""
    return 100.0 * ((end / start) ** (1.0 / years) - 1.0)


def exchange_rates(national: Panel | None = None) -> pd.DataFrame:
    """Yuan per US$ by year with the source of each value.

    Parameters
    ----------
    national
        The NBS national panel (``cn_national_nbs_1978_2014``); its rate is used for the years
        it covers (yuan per 100 US$ / 100). Without it only :data:`YEARBOOK_RATES` (2015-2024).

    Returns
    -------
    pandas.DataFrame
        Index ``year``; columns ``rate`` (yuan per US$), ``source`` (the data file, or the
        page that shows the value) and ``status`` (``data file``, ``verified``, ``unverified``).
    """
    rows = {y: (r, src, status) for y, r, src, status in RATE_TABLE}
    if national is not None:
        w = series_wide(national, _NATIONAL_RATE, dataset="national NBS panel")
        src = f"NBS national series {_NATIONAL_RATE} ({national.provenance.file})"
        for year, value in w.iloc[:, 0].dropna().items():
            rows[int(year)] = (float(value) / 100.0, src, "data file")
    frame = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["rate", "source", "status"]).sort_index()
    frame.index.name = "year"
    return frame


def _with_extension(panel: Panel, extension: Panel | None, indicator: str) -> pd.DataFrame:
    """Trade of ``panel``, continued by ``extension`` after its last year; overlap must agree."""
    main = series_wide(panel, indicator, dataset="NBS provincial panel")
    if extension is None:
        return main
    ext = series_wide(extension, indicator, dataset="trade extension panel")
    common = main.index.intersection(ext.index)
    if len(common):
        a, b = main.loc[common, ext.columns], ext.loc[common]
        rel = np.nanmax(np.abs(a.to_numpy() - b.to_numpy()) / np.abs(b.to_numpy()))
        if rel > 1e-6:
            raise ValidationError(f"main and extension trade disagree in {list(common)} "
                                  f"(max relative difference {rel:.2e})", field="extension",
                                  expected="the same values in the overlapping years")
    return pd.concat([main, ext.loc[ext.index.difference(main.index)]]).sort_index()


def foreign_trade_dependence(panel: Panel, *, national: Panel | None = None,
                             regions: Iterable[str] = DEFAULT_REGIONS,
                             gdp_vintage: str = "revised", trade_basis: str = "firm_location"
                             ) -> RegionalResult:
    """Customs foreign-trade dependence (% of GDP) by region and year, 2000-2019.

    Parameters
    ----------
    panel
        The NBS provincial panel (``cn_prov_nbs_2000_2019``).
    national
        The NBS national panel, source of the 2000-2014 exchange rates (see
        :func:`exchange_rates`); without it only 2015-2019 are computed.
    regions
        Provinces and aggregates (sum over sum of members), any spelling.
    gdp_vintage
        ``"revised"`` (NBS ``gdp`` table, 地区生产总值) or ``"first_release"`` (支出法生产总值,
        to 2017): the documents' figures were computed on first-release GDP.
    trade_basis
        ``"firm_location"`` (经营单位所在地, customs standard) or ``"destination_source"``
        (境内目的地和货源地, where goods are used/produced).

    Returns
    -------
    RegionalResult
        Columns ``trade_kusd`` (thousand US$), ``rate`` (yuan/US$), ``trade_100m_yuan``,
        ``gdp_100m_yuan``, ``foreign_trade_dependence`` (%), ``share_of_national_trade`` (%).
    """
    if gdp_vintage not in GDP_VINTAGES:
        raise InputError(f"unknown gdp_vintage {gdp_vintage!r}", field="gdp_vintage",
                         expected=f"one of {list(GDP_VINTAGES)}")
    if trade_basis not in TRADE_BASES:
        raise InputError(f"unknown trade_basis {trade_basis!r}", field="trade_basis",
                         expected=f"one of {list(TRADE_BASES)}")
    codes = region_codes(regions)
    trade = series_wide(panel, TRADE_BASES[trade_basis], dataset="NBS provincial panel")
    gdp = series_wide(panel, GDP_VINTAGES[gdp_vintage], dataset="NBS provincial panel")
    rates = exchange_rates(national)
    years = trade.index.intersection(gdp.index).intersection(rates.index)
    t_agg = aggregate(trade.loc[years], [*codes, "000000"])
    y_agg = aggregate(gdp.loc[years], codes)
    e = rates.loc[years, "rate"].to_numpy()[:, None]
    dep = trade_dependence(t_agg[codes].to_numpy(), e, y_agg.to_numpy())
    frames = {
        "trade_kusd": t_agg[codes], "rate": pd.DataFrame(np.repeat(e, len(codes), 1),
                                                         index=years, columns=codes),
        "trade_100m_yuan": t_agg[codes] * e * 1e3 / 1e8, "gdp_100m_yuan": y_agg,
        "foreign_trade_dependence": pd.DataFrame(dep, index=years, columns=codes),
        "share_of_national_trade": 100 * t_agg[codes].div(t_agg["000000"], axis=0),
    }
    table = long_table(frames, codes)
    used = rates.loc[years].groupby("source").apply(lambda g: f"{g.index.min()}-{g.index.max()}")
    meta = build_meta("foreign_trade_dependence", conventions={
        "formula": "100 * trade (thousand US$) * rate * 1e3 / (GDP (100 million yuan) * 1e8)",
        "trade_basis": trade_basis, "trade_indicator": TRADE_BASES[trade_basis],
        "gdp_vintage": gdp_vintage, "gdp_indicator": GDP_VINTAGES[gdp_vintage],
        "aggregate": "sum over sum of member provinces; nation = 31 provinces",
        "exchange_rate": {src: span for src, span in used.items()},
        "exchange_rate_unverified_years": [int(y) for y in years
                                           if rates.loc[y, "status"] == "unverified"],
        "scope": "goods only, customs statistics (not the IO tables' goods-and-services trade)",
        "units": {"trade_kusd": "thousand US$", "rate": "yuan per US$",
                  "trade_100m_yuan": "100 million yuan", "gdp_100m_yuan": "100 million yuan",
                  "foreign_trade_dependence": "% of GDP", "share_of_national_trade": "%"}},
        provenance=[p.provenance for p in (panel, national) if p is not None])
    return RegionalResult(table=table, meta=meta, extra={"exchange_rates": rates.loc[years]})


def trade_totals(panel: Panel, *, extension: Panel | None = None,
                 regions: Iterable[str] = DEFAULT_REGIONS, trade_basis: str = "firm_location",
                 growth_start: int = 2003, growth_end: int = 2015) -> RegionalResult:
    """Customs trade in US$ by region and year (2000-2024 with the extension), national share,
    year-on-year growth, and compound annual growth over ``growth_start``-``growth_end``.

    ``regions`` may name unions such as ``"CENTRAL+WEST"`` (sum of both regions' members).
    The compound growth of each region is in ``extra["compound_growth"]`` (percent per year).
    """
    if trade_basis not in TRADE_BASES:
        raise InputError(f"unknown trade_basis {trade_basis!r}", field="trade_basis",
                         expected=f"one of {list(TRADE_BASES)}")
    if growth_end <= growth_start:
        raise InputError("growth_end must follow growth_start", field="growth_end",
                         expected=f"a year after {growth_start}")
    trade = _with_extension(panel, extension, TRADE_BASES[trade_basis])
    plain = [r for r in regions if "+" not in str(r)]
    codes = region_codes(plain)
    unions = {str(r): region_codes(str(r).split("+")) for r in regions if "+" in str(r)}
    agg = aggregate(trade, [*codes, "000000"])
    for name, parts in unions.items():
        agg[name] = aggregate(trade, parts).sum(axis=1, min_count=len(parts))
    names = [*codes, *unions]
    frames = {"trade_kusd": agg[names], "share_of_national_trade":
              100 * agg[names].div(agg["000000"], axis=0),
              "growth_pct": 100 * agg[names].pct_change(fill_method=None)}
    from revitalize.model.regions import REGIONS

    table = long_table({k: v[codes] for k, v in frames.items()}, codes)
    if unions:
        extra_rows = []
        for name in unions:
            part = pd.DataFrame({k: v[name] for k, v in frames.items()})
            part.index.name = "year"
            part = part.reset_index()
            part.insert(0, "region_en", " + ".join(REGIONS[c].name_en for c in unions[name]))
            part.insert(0, "region", name)
            extra_rows.append(part)
        table = pd.concat([table, *extra_rows], ignore_index=True)
    if growth_start not in agg.index or growth_end not in agg.index:
        raise InputError(f"growth period {growth_start}-{growth_end} outside the data "
                         f"{agg.index.min()}-{agg.index.max()}", field="growth_start",
                         expected="years within the trade series")
    cagr = pd.Series(compound_growth(agg.loc[growth_start, names].to_numpy(dtype=float),
                                     agg.loc[growth_end, names].to_numpy(dtype=float),
                                     growth_end - growth_start), index=names, name="cagr_pct")
    sources = [panel.provenance] + ([extension.provenance] if extension is not None else [])
    meta = build_meta("trade_totals", conventions={
        "trade_basis": trade_basis, "trade_indicator": TRADE_BASES[trade_basis],
        "growth_start": growth_start, "growth_end": growth_end,
        "growth": "compound annual growth in US$ over growth_end - growth_start years",
        "aggregate": "sum over member provinces; nation = 31 provinces",
        "units": {"trade_kusd": "thousand US$", "share_of_national_trade": "%",
                  "growth_pct": "% on previous year (US$)"}}, provenance=sources)
    return RegionalResult(table=table, meta=meta, extra={"compound_growth": cagr})
