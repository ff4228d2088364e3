"""Opening-up, finance and innovation indicators.

* Foreign-trade dependence (外贸依存度) = (exports + imports) / GDP, in percent. Provincially from
  the IO tables' trade columns with GDP = total value added of the table; inter-provincial
  outflow and inflow are shown separately as domestic-trade dependence. Which columns a year's
  layout has decides what is computable: 2012/2017 tables separate EX, IM, OF, IF; 2007 tables mix
  foreign and inter-provincial trade in FU302/FU304 (reported as ``trade_incl_interprovincial``);
  2002 tables have only net outflow (no dependence computable) -- said in ``note``, never guessed.
* Financial depth = (deposits + loans) / GDP and the loan-to-deposit ratio, from national series
  (NBS 金融机构人民币信贷资金平衡表); provinces when a user imports such a panel.
* R&D intensity gap = intensity of a region - intensity of the reference, in percentage points;
  an aggregate region's intensity is ``sum R&D / sum GDP`` with GDP implied by each province's
  bulletin intensity (``GDP = R&D / intensity``), so vintages stay consistent with the bulletin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.structure import StructureResult
from revitalize.model.panel import Panel
from revitalize.model.regions import members, normalise_region
from revitalize.model.table import IOTable
from revitalize.results import build_meta

__all__ = ["trade_dependence_io", "trade_dependence_national", "financial_depth", "rd_intensity_gap"]


def _col(table: IOTable, frame: str, code: str) -> float:
    f = getattr(table, frame)
    return float(f[code].sum()) if code in f.columns else np.nan


def trade_dependence_io(tables) -> StructureResult:
    """Trade dependence of each provincial IO table (one row per table).

    Columns: ``gdp`` (total value added), ``exports``, ``imports``, ``outflow``, ``inflow``,
    ``foreign_trade_dependence`` and ``domestic_trade_dependence`` (percent of GDP),
    ``trade_incl_interprovincial`` (2007 layout), ``note``.
    """
    if isinstance(tables, IOTable):
        items = [tables]
    else:
        items = list(tables.values() if isinstance(tables, dict) else tables)
    rows = []
    for t in items:
        gdp = float(t.total_value_added().sum())
        ex, im = _col(t, "final_demand", "EX"), _col(t, "imports", "IM")
        of, inflow = _col(t, "final_demand", "OF"), _col(t, "imports", "IF")
        mixed_out, mixed_in = _col(t, "final_demand", "FU302"), _col(t, "imports", "FU304")
        note = ""
        if np.isnan(ex) and not np.isnan(mixed_out):
            note = "FU302/FU304 mix foreign and inter-provincial trade: foreign dependence not separable"
        elif np.isnan(ex):
            note = "only net outflow (NOF) in this layout: trade dependence not computable"
        rows.append({
            "region": t.region, "year": t.year, "gdp": gdp, "exports": ex, "imports": im,
            "outflow": of, "inflow": inflow,
            "foreign_trade_dependence": 100 * (ex + im) / gdp,
            "domestic_trade_dependence": 100 * (of + inflow) / gdp,
            "trade_incl_interprovincial": 100 * (mixed_out + mixed_in) / gdp,
            "note": note})
    if not rows:
        raise InputError("no tables given", field="tables")
    table = pd.DataFrame(rows).set_index(["region", "year"])
    units = {t.unit for t in items}
    return StructureResult(table=table, meta=build_meta("trade_dependence_io", conventions={
        "formula": "(EX + IM) / total value added x 100", "domestic": "(OF + IF) / total value added x 100",
        "gdp": "total value added of the IO table (first-release vintage of the table year)",
        "unit": sorted(units)}))


_NBS = {"gdp": "国内生产总值", "trade": "进出口总额(人民币)", "deposits": "金融机构资金来源各项存款",
        "loans": "金融机构资金运用各项贷款"}


def _national(panel: Panel, key: str) -> pd.Series:
    name = _NBS[key]
    if name not in panel.indicators:
        raise UnknownLabelError(f"the panel lacks {name!r}", file=panel.provenance.file,
                                field="indicator", expected="the NBS national series (cn_national_nbs)")
    d = panel.select(indicator=name, region="000000").data
    return d.set_index("year")["value"].sort_index()


def trade_dependence_national(panel: Panel) -> StructureResult:
    """National goods-trade dependence (%) = 进出口总额(人民币) / 国内生产总值 x 100 by year."""
    gdp, trade = _national(panel, "gdp"), _national(panel, "trade")
    table = pd.DataFrame({"gdp": gdp, "trade": trade})
    table["foreign_trade_dependence"] = 100 * table["trade"] / table["gdp"]
    table.index.name = "year"
    return StructureResult(table=table.dropna(), meta=build_meta(
        "trade_dependence_national", conventions={"formula": "goods trade (RMB) / GDP x 100",
                                                  "scope": "goods only (services excluded)"},
        provenance=panel.provenance))


def financial_depth(panel: Panel) -> StructureResult:
    """(Deposits + loans) / GDP and loans / deposits by year from the NBS national series."""
    gdp, dep, loans = _national(panel, "gdp"), _national(panel, "deposits"), _national(panel, "loans")
    table = pd.DataFrame({"gdp": gdp, "deposits": dep, "loans": loans}).dropna()
    table["deposits_loans_to_gdp"] = (table["deposits"] + table["loans"]) / table["gdp"]
    table["loans_to_deposits"] = table["loans"] / table["deposits"]
    table.index.name = "year"
    return StructureResult(table=table, meta=build_meta("financial_depth", conventions={
        "depth": "(deposits + loans) / GDP", "ratio": "loans / deposits",
        "caveat": "the loans series changes definition over time (PROVENANCE)"},
        provenance=panel.provenance))


def _aggregate_intensity(year_frame: pd.DataFrame, code: str) -> float:
    """Intensity of a region (its own row, else the sum over all its member provinces)."""
    want = [code] if code in year_frame.index else list(members(code))
    if any(m not in year_frame.index for m in want):
        return np.nan
    return float(100 * year_frame.loc[want, "rd_expenditure"].sum()
                 / year_frame.loc[want, "gdp_implied"].sum())


def rd_intensity_gap(panel: Panel, *, regions=("210000", "220000", "230000", "NE"),
                     reference="000000") -> StructureResult:
    """R&D intensity (% of GDP) of each region and its gap to the reference, by year."""
    need = {"rd_expenditure", "rd_intensity_pct_gdp"}
    if not need <= set(panel.indicators):
        raise UnknownLabelError(f"the panel lacks {sorted(need - set(panel.indicators))}",
                                file=panel.provenance.file, expected="the R&D panel (cn_prov_rd_fiscal)")
    d = panel.select(indicator=sorted(need)).data
    wide = d.pivot_table(index=["year", "region"], columns="indicator", values="value")
    wide["gdp_implied"] = wide["rd_expenditure"] / (wide["rd_intensity_pct_gdp"] / 100)
    ref = normalise_region(reference, where="reference").code
    rows = []
    for year, g in wide.groupby(level="year"):
        g = g.droplevel("year")
        r_ref = _aggregate_intensity(g, ref)
        for reg in regions:
            code = normalise_region(reg, where="regions").code
            val = _aggregate_intensity(g, code)
            rows.append({"region": code, "year": int(year), "rd_intensity": val,
                         "reference_intensity": r_ref, "gap_pp": val - r_ref,
                         "ratio": val / r_ref if r_ref else np.nan})
    table = pd.DataFrame(rows).set_index(["region", "year"]).sort_index()
    return StructureResult(table=table, meta=build_meta("rd_intensity_gap", conventions={
        "reference": ref, "aggregate": "sum R&D / sum (R&D / intensity) over member provinces",
        "unit": "% of GDP; gap in percentage points"}, provenance=panel.provenance))
