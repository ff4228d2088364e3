"""Foreign direct investment relative to GDP, nationally, beside the fact base's Northeast figures.

Two national series measure different things, and both are shown, never merged:

* **actually utilised FDI** (实际利用外商直接投资金额, NBS / MOFCOM administrative records): capital
  that foreign investors paid in during the year, gross, in 10,000 US$. Its ratio to GDP needs a
  currency conversion, done with the NBS annual average rate of the same file:
  ``FDI [10^4 CNY] = FDI [10^4 US$] x 人民币对美元汇率(美元=100) [CNY per 100 US$] / 100``, then
  ``/ 10^4`` to 100 million yuan, the unit of 国内生产总值 (GDP, pre-2018-revision vintage):
  ``FDI/GDP (%) = 100 x FDI [10^8 CNY] / GDP [10^8 CNY]``.
* **FDI, net inflows** (World Bank WDI ``BX.KLT.DINV.WD.GD.ZS``, from SAFE's balance of payments):
  direct-investment liabilities, new investment less disinvestment, including reinvested
  earnings and intercompany debt, in % of GDP in current US$ (no conversion needed).

Provincial FDI is not in the shared data: the fact base's Northeast figures (document 001, 2020)
are shown as stated with what they imply, never recomputed.

Sources: NBS National Data annual series (via cn_national_nbs_1978_2014, whose PROVENANCE checks
FDI/GDP 5.1 % in 1995 and 1.15 % in 2014); World Bank WDI (via cn_national_wdi_pwt).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.model.panel import Panel
from revitalize.results import Result, build_meta

__all__ = ["FDIResult", "fdi_share_of_gdp", "fdi_to_gdp_kernel", "northeast_fdi_facts",
           "NBS_FDI", "NBS_USD_RATE", "NBS_GDP", "WDI_FDI", "WDI_GDP_USD"]

NBS_FDI = "实际利用外商直接投资金额"
NBS_USD_RATE = "人民币对美元汇率(美元=100)"
NBS_GDP = "国内生产总值"
WDI_FDI = "fdi_net_inflows_pct_gdp"
WDI_GDP_USD = "gdp_current_usd"

# indicator -> a fragment its unit must contain (units as the panel reader assigns them)
_UNITS = {NBS_FDI: "10,000 US$", NBS_USD_RATE: "per 100", NBS_GDP: "100 million yuan",
          WDI_FDI: "% of GDP", WDI_GDP_USD: "US$"}

CONVERSION = ("FDI [10^4 US$] x 人民币对美元汇率(美元=100) [CNY per 100 US$, annual average, same "
              "file] / 100 = FDI [10^4 CNY]; / 10^4 = FDI [10^8 CNY]; / 国内生产总值 [10^8 CNY] x 100")
CONCEPT_NBS = ("actually utilised FDI (实际利用外商直接投资, NBS/MOFCOM administrative records): "
               "capital paid in by foreign investors during the year, gross")
CONCEPT_WDI = ("FDI, net inflows (WDI BX.KLT.DINV.WD.GD.ZS, balance of payments, BPM6): new "
               "direct investment less disinvestment, incl. reinvested earnings and intercompany "
               "debt, % of GDP in current US$")


@dataclass(frozen=True)
class FDIResult(Result):
    """FDI relative to GDP by year; ``extra["facts"]`` the fact base's Northeast figures beside."""


def fdi_to_gdp_kernel(fdi_10k_usd: np.ndarray, yuan_per_100_usd: np.ndarray,
                      gdp_100m_yuan: np.ndarray) -> np.ndarray:
    """``100 x (fdi x rate / 100 / 10^4) / gdp``: FDI in 10^4 US$ over GDP in 10^8 CNY, percent."""
    return 100.0 * (fdi_10k_usd * yuan_per_100_usd / 100.0 / 1e4) / gdp_100m_yuan


def _series(panel: Panel, indicator: str, dataset: str) -> pd.Series:
    """One national series by year, its unit checked against what the formula assumes."""
    if indicator not in panel.indicators:
        raise UnknownLabelError(f"the panel lacks {indicator!r}", file=panel.provenance.file,
                                field="indicator", expected=f"the {dataset} national series")
    unit = panel.unit_of(indicator)
    if _UNITS[indicator] not in unit:
        raise InputError(f"{indicator!r} is in {unit!r}", file=panel.provenance.file,
                         field="unit", expected=f"a unit in {_UNITS[indicator]} ({dataset})")
    d = panel.select(indicator=indicator, region="000000").data
    return d.set_index("year")["value"].astype(float).sort_index()


def _note(row, fdi_span: str, rate_span: str) -> str:
    if np.isnan(row.fdi_utilised_bn_usd):
        return f"no NBS actually-utilised FDI this year (NBS series {fdi_span})"
    if np.isnan(row.usd_rate_per_100):
        return f"no NBS exchange rate this year (series {rate_span}): ratio not computed"
    if np.isnan(row.gdp_100m_yuan):
        return "no NBS GDP this year"
    return ""


def fdi_share_of_gdp(nbs: Panel, wdi: Panel | None = None, *, years=None) -> FDIResult:
    """National FDI / GDP (%) by year: NBS actually utilised FDI beside WDI BoP net inflows.

    Parameters
    ----------
    nbs
        The NBS national panel (``cn_national_nbs_1978_2014``): FDI, USD exchange rate, GDP.
    wdi
        Optional WDI panel (``cn_national_wdi_pwt``): FDI net inflows (% of GDP), GDP (US$).
    years
        Years to keep (default: every year either source has).

    Returns
    -------
    FDIResult
        ``table`` indexed by year: ``fdi_utilised_bn_usd``, ``usd_rate_per_100``,
        ``fdi_utilised_100m_yuan``, ``gdp_100m_yuan``, ``fdi_utilised_pct_gdp`` (NBS),
        ``wdi_net_inflows_pct_gdp``, ``wdi_net_inflows_bn_usd``, ``difference_pp`` (NBS - WDI;
        two concepts, see meta), ``note``. Nothing is converted where the rate is missing.
    """
    fdi, rate, gdp = (_series(nbs, i, "NBS (cn_national_nbs)") for i in (NBS_FDI, NBS_USD_RATE, NBS_GDP))
    table = pd.DataFrame({"fdi_utilised_bn_usd": fdi / 1e5, "usd_rate_per_100": rate,
                          "gdp_100m_yuan": gdp})
    table["fdi_utilised_100m_yuan"] = fdi * rate / 100.0 / 1e4
    table["fdi_utilised_pct_gdp"] = fdi_to_gdp_kernel(fdi, rate, gdp)
    if wdi is not None:
        w_pct, w_gdp = (_series(wdi, i, "WDI (cn_national_wdi_pwt)") for i in (WDI_FDI, WDI_GDP_USD))
        table = table.join(pd.DataFrame({"wdi_net_inflows_pct_gdp": w_pct,
                                         "wdi_net_inflows_bn_usd": w_pct * w_gdp / 100 / 1e9}),
                           how="outer")
        table["difference_pp"] = table["fdi_utilised_pct_gdp"] - table["wdi_net_inflows_pct_gdp"]
        table = table[table[["fdi_utilised_bn_usd", "wdi_net_inflows_pct_gdp"]].notna().any(axis=1)]
    else:
        table = table[table["fdi_utilised_bn_usd"].notna()]
    if years is not None:
        table = table[table.index.isin(list(years))]
    if table.empty:
        raise InputError("no FDI values in the selected years", field="years")
    spans = [f"{int(s.first_valid_index())}-{int(s.last_valid_index())}" for s in (fdi, rate)]
    table["note"] = [_note(r, *spans) for r in table.itertuples()]
    table.index = table.index.astype(int)
    table.index.name = "year"
    provenance = [nbs.provenance] + ([wdi.provenance] if wdi is not None else [])
    meta = build_meta("fdi_share_of_gdp", conventions={
        "conversion": CONVERSION, "concept_nbs": CONCEPT_NBS,
        "concept_wdi": CONCEPT_WDI if wdi is not None else None,
        "difference_pp": "NBS utilised minus WDI net inflows: two concepts, not an error"
                         if wdi is not None else None,
        "gdp_vintage": "NBS GDP pre-2018 revision; WDI GDP current revised series",
        "scope": "national only: provincial FDI is not in the data"}, provenance=provenance)
    return FDIResult(table=table, meta=meta, extra={"facts": northeast_fdi_facts(table)})


def _rounding_halfwidth(value: float) -> float:
    """Half a unit of the last printed decimal of ``value`` (3.6 -> 0.05)."""
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10.0 ** (-decimals)


def northeast_fdi_facts(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The fact base's Northeast FDI (``fdi_inflow``, ``fdi_share_of_national``) as stated, the
    national total they imply, and the national data of the same year beside.

    Provincial FDI is not in the data, so nothing here is recomputed; the implied national total
    ``inflow / share`` carries the interval its two rounded inputs allow. ``table`` is an
    :func:`fdi_share_of_gdp` table (optional) giving the data-side rows.
    """
    from revitalize.data.facts import facts

    f = pd.concat([facts(indicator=i, region="NE").table
                   for i in ("fdi_inflow", "fdi_share_of_national")], ignore_index=True)
    rows = [{"item": r.indicator, "period": str(r.period), "value": float(r.value), "unit": r.unit,
             "low": np.nan, "high": np.nan, "source": f"fact base {r.fact_id} (document {r.source})",
             "note": "as stated; provincial FDI is not in the data (not recomputed)"}
            for r in f.itertuples()]
    by = {r["item"]: r for r in rows}
    if {"fdi_inflow", "fdi_share_of_national"} <= set(by) and \
            by["fdi_inflow"]["period"] == by["fdi_share_of_national"]["period"]:
        v, s = by["fdi_inflow"]["value"], by["fdi_share_of_national"]["value"]
        dv, ds = _rounding_halfwidth(v), _rounding_halfwidth(s)
        rows.append({"item": "implied_national_fdi_utilised", "period": by["fdi_inflow"]["period"],
                     "value": v / (s / 100), "unit": "billion USD", "low": (v - dv) / ((s + ds) / 100),
                     "high": (v + dv) / ((s - ds) / 100), "source": "derived: fdi_inflow / share",
                     "note": "actually-utilised concept; interval from the rounding of both facts"})
    rows += _data_rows(table, rows[0]["period"] if rows else None)
    return pd.DataFrame(rows)


def _data_rows(table: pd.DataFrame | None, period: str | None) -> list[dict]:
    if table is None or period is None or not period.isdigit():
        return []
    year = int(period)
    nbs = table["fdi_utilised_bn_usd"].get(year, np.nan)
    out = [{"item": "national_fdi_utilised_nbs", "period": period, "value": nbs,
            "unit": "billion USD", "low": np.nan, "high": np.nan, "source": "NBS national series",
            "note": "" if pd.notna(nbs) else "not in the data (NBS series ends "
                                             f"{int(table['fdi_utilised_bn_usd'].last_valid_index())})"}]
    if "wdi_net_inflows_bn_usd" in table.columns:
        w = table["wdi_net_inflows_bn_usd"].get(year, np.nan)
        out.append({"item": "national_fdi_net_inflows_wdi", "period": period, "value": w,
                    "unit": "billion USD", "low": np.nan, "high": np.nan, "source": "World Bank WDI",
                    "note": "balance-of-payments net inflows, not actually utilised FDI: a "
                            "different concept, not comparable with the fact"})
    return out
