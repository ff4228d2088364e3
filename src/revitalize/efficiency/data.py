"""Provincial inputs and outputs for DEA, Malmquist and growth accounting, 2000-2019.

Assembled by :func:`assemble_inputs` from five panels (the application layer reads them through
the catalog; :func:`provincial_inputs` reads them from a folder laid out like ``shared/data``),
one dataset per variable and never two sources or vintages in one series:

* **real GDP** -- ``cn_prov_nbs_2000_2019``: the ``gdp`` table's level (地区生产总值, the revised
  vintage) in ``base_year`` times the chained index 地区生产总值指数 (previous year = 100)::

      Y_t = GDP_base * prod_{tau = base+1..t} I_tau / 100   (t > base; divided for t < base)

  so the series is in constant ``base_year`` prices of one vintage. The nominal levels of other
  years are *not* used (the PROVENANCE shows their implied deflator jumping for Jilin and
  Heilongjiang); ``extra["implied_deflator"]`` shows them beside the real series.
* **capital stock** -- ``cn_prov_capital_inputs`` through the existing perpetual-inventory function
  :func:`revitalize.indicators.productivity.capital_stock` (delta and the initial-stock rule named;
  in constant ``base_year`` prices -- each province's 1952-price stock times its own investment
  price index of ``base_year`` --, the unit of real GDP; GFCF after 2017 is estimated by the
  source, counted in the caveats).
* **labour** -- there is no provincial total employment in the shared data. ``labour`` is either a
  user-supplied panel (columns region, year, labour; 10,000 persons) or
  ``"nbs_categories_proxy"``: urban-unit + private-enterprise + individual employment
  (城镇单位就业人员 + 私营企业就业人数 + 个体就业人数), available for 2008-2019 (urban units
  before 2008 only for 12 provinces in 2004). The proxy's coverage is measured against national
  total employment (就业人员, ``cn_national_nbs_1978_2014``) for the overlapping years and
  reported in ``meta["labour_coverage"]``: it is far below one.
* **labour share** -- income-side labour compensation / income-side GDP (劳动者报酬 / 收入法生产总值,
  both from the ``gdp_income`` table, one vintage), 2000-2017.
* **energy** -- ``cn_prov_energy_panel`` energy_consumption (10,000 tce; Tibet only in 2017).
* **CO2** -- ``cn_prov_co2_ceads``, sectoral (IPCC) inventory total, Mt (no Tibet). The energy
  panel's *apparent* CO2 is never used or mixed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from revitalize.efficiency.validate import as_choice
from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.results import Result, build_meta

__all__ = ["LABOUR_CHOICES", "READ_OPTIONS", "ProvincialInputs", "assemble_inputs",
           "chain_real_series", "labour_proxy", "provincial_inputs"]

LABOUR_CHOICES = ("nbs_categories_proxy", "none")
NBS = "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv"
CAPITAL = "cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv"
ENERGY = "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv"
CO2 = "cn_prov_co2_ceads/cn_prov_co2_ceads_sectoral_long.csv"
NATIONAL = "cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv"

GDP_LEVEL, GDP_INDEX = "地区生产总值", "地区生产总值指数"
COMPENSATION, INCOME_GDP = "劳动者报酬", "收入法生产总值"
LABOUR_PARTS = ("城镇单位就业人员", "私营企业就业人数", "个体就业人数")
NATIONAL_EMPLOYMENT = "就业人员"
# What each input needs of its dataset (reader options; a panel holding more is fine: the
# assembler picks its indicators by name).
READ_OPTIONS: dict[str, dict] = {
    "nbs": {"indicator": (GDP_LEVEL, GDP_INDEX, COMPENSATION, INCOME_GDP, *LABOUR_PARTS)},
    "capital": {}, "energy": {"indicator": "energy_consumption"}, "co2": {"sector": "Total"},
    "national": {}}


@dataclass(frozen=True)
class ProvincialInputs(Result):
    """``table``: region, year, real_gdp, capital_stock, labour, labour_share, energy, co2 (NaN
    where a source has no value); ``meta["caveats"]`` states the data's limits in numbers."""


def chain_real_series(level_base: float, index_prev100: np.ndarray, years: np.ndarray,
                      base_year: int) -> np.ndarray:
    """Real level in ``base_year`` prices from one nominal level and a chained index.

    ``index_prev100[i]`` is the volume index of ``years[i]`` with the previous year = 100;
    ``years`` consecutive. ``Y_t = level_base * prod_{base < tau <= t} I_tau / 100`` and, before
    the base year, ``Y_t = level_base / prod_{t < tau <= base} I_tau / 100``.
    """
    growth = np.asarray(index_prev100, dtype=float) / 100.0
    b = int(np.flatnonzero(years == base_year)[0])
    log_g = np.log(growth)
    cum = np.concatenate([[0.0], np.cumsum(log_g[1:])])  # cum[i] = sum log g over years[1..i]
    return level_base * np.exp(cum - cum[b])


def _wide(panel, indicator: str) -> pd.DataFrame:
    d = panel.data[panel.data["indicator"] == indicator]
    return d.pivot(index="year", columns="region", values="value").sort_index()


def _real_gdp(nbs, years: range, base_year: int):
    level, index = _wide(nbs, GDP_LEVEL), _wide(nbs, GDP_INDEX)
    yrs = np.arange(years.start, years.stop)
    if base_year not in yrs:
        raise InputError(f"base_year {base_year} outside the years {yrs[0]}-{yrs[-1]}",
                         field="base_year", expected="a year of the panel")
    out, deflator = {}, {}
    for region in index.columns:
        idx = index[region].reindex(yrs)
        base = level[region].get(base_year, np.nan) if region in level else np.nan
        if idx.isna().any() or not np.isfinite(base):
            raise InputError(f"{region}: GDP index or base-year level missing", field="real_gdp",
                             expected=f"{GDP_INDEX} {yrs[0]}-{yrs[-1]} and {GDP_LEVEL} {base_year}")
        out[region] = chain_real_series(base, idx.to_numpy(), yrs, base_year)
        deflator[region] = level[region].reindex(yrs).to_numpy() / out[region]
    real = pd.DataFrame(out, index=yrs)
    return real, pd.DataFrame(deflator, index=yrs)


def labour_proxy(nbs, national=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The NBS-categories labour proxy (region x year, 10,000 persons; NaN where a part is
    missing) and its coverage: the 31-province sum over national total employment by year."""
    parts = [_wide(nbs, p) for p in LABOUR_PARTS]
    proxy = sum(parts[1:], parts[0])
    coverage = pd.DataFrame(columns=["year", "proxy_sum", "national_employment", "coverage"])
    if national is not None:
        nat = national.data[national.data["indicator"] == NATIONAL_EMPLOYMENT]
        nat = nat.set_index("year")["value"]
        full = proxy.dropna(axis=0, how="any")
        common = full.index.intersection(nat.index)
        coverage = pd.DataFrame({"year": common, "proxy_sum": full.loc[common].sum(axis=1).values,
                                 "national_employment": nat.loc[common].values})
        coverage["coverage"] = coverage["proxy_sum"] / coverage["national_employment"]
    return proxy, coverage


def _long(wide: pd.DataFrame, name: str) -> pd.DataFrame:
    return wide.rename_axis(index="year", columns="region").stack().rename(name).reset_index()


def _user_labour(labour: pd.DataFrame) -> pd.DataFrame:
    need = {"region", "year", "labour"}
    if not need <= set(labour.columns):
        raise UnknownLabelError(f"labour panel lacks {sorted(need - set(labour.columns))}",
                                field="labour", expected="columns region, year, labour")
    from revitalize.model.regions import region_code

    out = labour.loc[:, ["region", "year", "labour"]].copy()
    out["region"] = [region_code(r, where="labour") for r in out["region"]]
    if (out["labour"] <= 0).any() or out["labour"].isna().any():
        raise InputError("non-positive or missing labour values", field="labour",
                         expected="positive employment (10,000 persons)")
    return out.pivot(index="year", columns="region", values="labour")


def provincial_inputs(shared_data: str | Path, *, first_year: int = 2000, last_year: int = 2019,
                      base_year: int = 2000, labour="nbs_categories_proxy", delta: float = 0.096,
                      initial: str = "zhang2004") -> ProvincialInputs:
    """:func:`assemble_inputs` from the files of a folder laid out like ``shared/data``."""
    from revitalize.data.readers.nbs_provincial import read_ceads_provincial, read_nbs_provincial
    from revitalize.data.readers.panel import read_panel

    root = Path(shared_data)
    needs_national = not isinstance(labour, pd.DataFrame) and labour == "nbs_categories_proxy"
    return assemble_inputs(
        read_nbs_provincial(root / NBS, indicator=list(READ_OPTIONS["nbs"]["indicator"])),
        read_panel(root / CAPITAL), read_panel(root / ENERGY, **READ_OPTIONS["energy"]),
        read_ceads_provincial(root / CO2, **READ_OPTIONS["co2"]),
        read_panel(root / NATIONAL) if needs_national else None,
        first_year=first_year, last_year=last_year, base_year=base_year, labour=labour,
        delta=delta, initial=initial)


def assemble_inputs(nbs, capital, energy, co2, national=None, *, first_year: int = 2000,
                    last_year: int = 2019, base_year: int = 2000, labour="nbs_categories_proxy",
                    delta: float = 0.096, initial: str = "zhang2004") -> ProvincialInputs:
    """Assemble the provincial DEA/TFP variables (module docstring) for 31 provinces.

    Parameters
    ----------
    nbs, capital, energy, co2, national
        The panels of ``cn_prov_nbs_2000_2019``, ``cn_prov_capital_inputs``,
        ``cn_prov_energy_panel``, ``cn_prov_co2_ceads`` and ``cn_national_nbs_1978_2014`` (or
        the user's panels with the same indicators); ``national`` is needed only by the labour
        proxy's coverage.
    first_year, last_year
        Years kept (the NBS provincial tables cover 2000-2019).
    base_year
        Price base of real GDP (its nominal level in the ``gdp`` table, revised vintage).
    labour
        ``"nbs_categories_proxy"`` (default), ``"none"``, or a DataFrame (region, year, labour).
    delta, initial
        Perpetual-inventory assumptions passed to ``capital_stock``.
    """
    from revitalize.data.readers.nbs_provincial import ceads_indicator
    from revitalize.indicators.productivity import capital_stock

    if not isinstance(labour, pd.DataFrame):
        as_choice(labour, "labour", LABOUR_CHOICES)
    years = range(first_year, last_year + 1)
    real, deflator = _real_gdp(nbs, years, base_year)
    # the stock in base-year prices, the unit of real GDP: in 1952 prices the province-specific
    # index levels (Beijing 1.4, Liaoning 11.0 in 2000) would shrink Liaoning's stock 8-fold
    # against Beijing's and put it on the frontier
    cap = capital_stock(capital, delta=delta, initial=initial, prices_of=base_year)
    ct = cap.table[cap.table["year"].isin(years)]
    share = (_wide(nbs, COMPENSATION) / _wide(nbs, INCOME_GDP)).reindex(list(years))
    frames = [_long(real, "real_gdp"),
              ct.loc[:, ["region", "year", "capital_stock"]],
              _long(share, "labour_share"),
              _long(_wide(energy, "energy_consumption").reindex(list(years)), "energy"),
              _long(_wide(co2, ceads_indicator("Total")).reindex(list(years)), "co2")]
    coverage = pd.DataFrame()
    if isinstance(labour, pd.DataFrame):
        frames.append(_long(_user_labour(labour).reindex(list(years)), "labour"))
        labour_name = "user-supplied total employment"
    elif labour == "nbs_categories_proxy":
        if national is None:
            raise InputError("no national panel", field="national",
                             expected="cn_national_nbs_1978_2014 (national total employment), "
                                      "needed for the labour proxy's coverage")
        proxy, coverage = labour_proxy(nbs, national)
        frames.append(_long(proxy.reindex(list(years)), "labour"))
        labour_name = "nbs_categories_proxy: " + " + ".join(LABOUR_PARTS)
    else:
        labour_name = "none"
    table = frames[0]
    for f in frames[1:]:
        table = table.merge(f, on=["region", "year"], how="outer")
    table = table[table["year"].isin(years)].sort_values(["region", "year"]).reset_index(drop=True)
    if "labour" not in table:
        table["labour"] = np.nan
    caveats = _caveats(table, ct, coverage, labour_name)
    late = cap.meta["conventions"].get("late_start")  # e.g. Chongqing from 1996: Harberger
    meta = build_meta("provincial_efficiency_inputs", conventions={
        "base_year": base_year, "real_gdp": "base-year level (gdp table, revised vintage) x "
        "chained GDP index (previous year = 100)", "capital": f"PIM delta={delta}, "
        f"initial={initial}, constant {base_year} prices (the 1952-price stock x each "
        f"province's investment price index of {base_year})"
        + (f"; late start {late}" if late else ""), "labour": labour_name,
        "labour_share": f"{COMPENSATION} / {INCOME_GDP} (gdp_income table)",
        "energy": "energy_consumption, 10,000 tce", "co2": "CEADs sectoral total, Mt CO2",
        "years": [first_year, last_year]},
        provenance=[nbs.provenance, capital.provenance, energy.provenance, co2.provenance],
        caveats=caveats, labour_coverage=coverage.to_dict(orient="records"))
    return ProvincialInputs(table=table, meta=meta,
                            extra={"implied_deflator": deflator, "labour_coverage": coverage})


def _caveats(table: pd.DataFrame, cap: pd.DataFrame, coverage: pd.DataFrame,
             labour_name: str) -> list[str]:
    out = []
    est = cap.loc[cap["estimated"], "year"]
    if len(est):
        out.append(f"capital: GFCF estimated by the source for {est.min()}-{est.max()} "
                   f"({len(est)} province-years)")
    for col, what in (("energy", "energy use"), ("co2", "CO2")):
        missing = table.groupby("region")[col].apply(lambda s: s.isna().all())
        if missing.any():
            out.append(f"{what}: no data for {', '.join(missing.index[missing])}")
    if len(coverage):
        out.append("labour proxy covers "
                   f"{coverage['coverage'].min():.1%}-{coverage['coverage'].max():.1%} of national "
                   f"total employment ({int(coverage['year'].min())}-"
                   f"{int(coverage['year'].max())}); it is not total employment")
    if labour_name.startswith("nbs"):
        yrs = table.dropna(subset=["labour"]).groupby("year")["region"].nunique()
        full = yrs[yrs == table["region"].nunique()].index
        if len(full):
            out.append(f"labour proxy complete for {full.min()}-{full.max()} only")
    share = table.dropna(subset=["labour_share"])["year"]
    if len(share):
        out.append(f"labour share (income side) available {share.min()}-{share.max()}")
    for c in out:
        _warn(c, DataQualityWarning, field="provincial_inputs")
    return out
