"""Caveats of the real data, surfaced next to the indicators they affect.

* **GDP vintages** (:func:`gdp_vintages`): a provincial IO table's total value added is the GDP
  *first release* of the table year; the provincial panel carries, for some provinces and years,
  the *revised* series (post-2017 corrections of inflated statistics and the 4th economic census;
  flag ``V`` of the energy panel). Per province and IO year the two are set side by side with
  ``ratio = TVA / panel GDP``; the status names the panel flag or, without one, whether the
  ratio is within ``tolerance`` of 1 (default 5 %; the data's PROVENANCE reports a median ratio
  of 0.98-1.00 and a range of 0.85-1.49). Example: Jilin 2017 TVA 14,806.6 vs revised GDP
  10,922 (ratio 1.36, flag V); Liaoning 2017 TVA 23,409.2 = the first-release GDP.
* **Quality flags** (:func:`quality_flags`, :func:`flags_for_meta`): which flags touch a selection
  (indicators, regions, years), with counts and the panel's legend, so any indicator can print
  them beside its result.
* **Registered vs resident population** (:func:`population_concept_breaks`): the values flagged
  ``P`` carry household-registered (户籍) instead of resident (常住) population.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.model.panel import Panel
from revitalize.model.regions import REGIONS, members, normalise_region
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta

__all__ = ["CaveatsResult", "gdp_vintages", "quality_flags", "flags_for_meta",
           "population_concept_breaks", "IO_UNIT_TO_100M_YUAN"]

# IO table unit -> factor to 100 million yuan (亿元), the unit of provincial GDP
IO_UNIT_TO_100M_YUAN = {"10^4 CNY": 1e-4, "10^6 CNY": 1e-2, "10^8 CNY": 1.0}
_PANEL_GDP_UNIT = "100 million yuan"


@dataclass(frozen=True)
class CaveatsResult(Result):
    """A caveat table (``table``), the rows behind it (``extra["rows"]``) and the legend (meta)."""


# ---------------------------------------------------------------------------- GDP vintages
def _flat_tables(tables) -> list[IOTable]:
    items = [tables] if isinstance(tables, (dict, IOTable)) else list(tables)
    flat: list[IOTable] = []
    for item in items:
        flat += list(item.values()) if isinstance(item, dict) else [item]
    if not flat or not all(isinstance(t, IOTable) for t in flat):
        raise InputError("no IO tables given", field="tables",
                         expected="IOTable objects or dicts of them (provincial IO files)")
    return flat


def _tva_100m(t: IOTable) -> float:
    if t.unit not in IO_UNIT_TO_100M_YUAN:
        raise InputError(f"table {t.label} is in {t.unit!r}", field="unit",
                         expected=f"one of {sorted(IO_UNIT_TO_100M_YUAN)}")
    return float(t.total_value_added().sum()) * IO_UNIT_TO_100M_YUAN[t.unit]


def _vintage_status(gdp: float, flag: str, ratio: float, tolerance: float) -> str:
    if np.isnan(gdp):
        return "no panel GDP for this region and year"
    if "E" in flag:
        return "panel GDP flagged E (do not use)"
    if "V" in flag:
        return ("vintages differ: the IO table keeps the first release, the panel GDP is the "
                "revised series (flag V)")
    if abs(ratio - 1) <= tolerance:
        return "consistent within tolerance"
    return ("differs beyond tolerance, panel GDP not flagged V: a vintage or boundary difference "
            "is likely; do not mix the two")


def _vintage_row(t: IOTable, gdp: pd.DataFrame, tolerance: float) -> dict:
    tva, key = _tva_100m(t), (t.region, int(t.year))
    hit = key in gdp.index
    g = float(gdp.loc[key, "value"]) if hit else np.nan
    flag = str(gdp.loc[key, "flag"] or "") if hit else ""
    ratio = tva / g if hit and g > 0 else np.nan
    return {"region": t.region, "region_en": REGIONS[t.region].name_en, "year": int(t.year),
            "io_tva_100m_yuan": tva, "panel_gdp_100m_yuan": g, "ratio": ratio,
            "panel_flag": flag, "beyond_tolerance": bool(abs(ratio - 1) > tolerance),
            "status": _vintage_status(g, flag, ratio, tolerance),
            "panel_flag_note": str(gdp.loc[key, "flag_note"] or "") if hit else ""}


def gdp_vintages(tables, panel: Panel, *, regions=None, tolerance: float = 0.05,
                 indicator: str = "gdp") -> CaveatsResult:
    """IO-table total value added vs the panel's GDP, per province and IO year.

    Parameters
    ----------
    tables
        Provincial IO tables: a dict keyed by region (a stacked file), a table, or several.
    panel
        A provincial panel with ``indicator`` (GDP in 100 million yuan) and quality flags.
    regions
        Regions to report (any spelling; aggregates expand to their provinces); default all.
    tolerance
        ``|TVA / GDP - 1|`` up to which unflagged values count as consistent (default 0.05).

    Returns
    -------
    CaveatsResult
        ``table`` indexed by (region, year): ``io_tva_100m_yuan``, ``panel_gdp_100m_yuan``,
        ``ratio``, ``panel_flag``, ``beyond_tolerance``, ``status``, ``panel_flag_note``.
    """
    if not 0 <= tolerance < 1:
        raise InputError(f"tolerance {tolerance}", field="tolerance", expected="0 <= tolerance < 1")
    unit = panel.unit_of(indicator)
    if _PANEL_GDP_UNIT not in unit:
        raise InputError(f"panel {indicator!r} is in {unit!r}", file=panel.provenance.file,
                         field="unit", expected=f"GDP in {_PANEL_GDP_UNIT}")
    flat = _flat_tables(tables)
    keep = None if regions is None else _expand(regions)
    gdp = panel.select(indicator=indicator).data.set_index(["region", "year"])
    ordered = sorted(flat, key=lambda t: (t.year, t.region))
    rows = [_vintage_row(t, gdp, tolerance) for t in ordered if keep is None or t.region in keep]
    if not rows:
        raise UnknownLabelError(f"no table of the regions {sorted(keep or [])}", field="regions",
                                expected=f"regions among {sorted({t.region for t in flat})[:6]}...")
    table = pd.DataFrame(rows).set_index(["region", "year"])
    meta = build_meta("gdp_vintages", conventions={
        "io_gdp": "total value added of the IO table (first-release vintage of the table year)",
        "panel_gdp": f"{indicator} of the panel ({unit}); flag V = revised series",
        "ratio": "IO TVA / panel GDP", "tolerance": tolerance},
        provenance=[panel.provenance] + [t.provenance for t in flat[:1]],
        status_counts=table["status"].value_counts().to_dict(), flag_legend=dict(panel.flag_legend))
    return CaveatsResult(table=table, meta=meta)


# ---------------------------------------------------------------------------- quality flags
def _expand(regions) -> set[str]:
    regs = [regions] if isinstance(regions, (str, int)) else list(regions)
    out: set[str] = set()
    for r in regs:
        code = normalise_region(r, where="regions").code
        out |= {code, *members(code)}
    return out


def _selection(panel: Panel, indicator, regions, years) -> pd.DataFrame:
    d = panel.select(indicator=indicator, years=years).data
    if regions is not None:
        d = d[d["region"].isin(_expand(regions))]
    return d


def _letters(flag: object) -> list[str]:
    return [ch for ch in str(flag or "") if ch.isalpha()]


def quality_flags(panel: Panel, *, indicator=None, regions=None, years=None) -> CaveatsResult:
    """Quality flags affecting a selection of a panel, with counts and the legend.

    A value carrying several flags (``"V;J"``) counts under each. ``table`` has one row per flag
    letter: ``meaning`` (the panel's legend), ``n_values``, ``indicators``, ``regions``,
    ``first_year``, ``last_year``; ``extra["rows"]`` lists the flagged values themselves.
    An empty table means no flag touches the selection (said in ``meta["n_flagged"] = 0``).
    """
    d = _selection(panel, indicator, regions, years)
    flagged = d[d["flag"].fillna("").astype(str).str.strip() != ""]
    long = flagged.assign(letter=flagged["flag"].map(_letters)).explode("letter")
    legend = dict(panel.flag_legend)
    rows = []
    for letter, g in long.groupby("letter", sort=True):
        rows.append({"flag": letter, "meaning": legend.get(letter, "not in the panel's legend"),
                     "n_values": len(g), "indicators": ", ".join(sorted(g["indicator"].unique())),
                     "regions": ", ".join(sorted(g["region"].unique())),
                     "first_year": int(g["year"].min()), "last_year": int(g["year"].max())})
    cols = ["flag", "meaning", "n_values", "indicators", "regions", "first_year", "last_year"]
    table = pd.DataFrame(rows, columns=cols)
    meta = build_meta("quality_flags", conventions={
        "indicator": indicator, "regions": None if regions is None else sorted(_expand(regions)),
        "years": None if years is None else [int(min(years)), int(max(years))],
        "counting": "a value with several flags counts under each"},
        provenance=panel.provenance, n_values=len(d), n_flagged=len(flagged), flag_legend=legend)
    rows_frame = flagged[["region", "region_en", "year", "indicator", "value", "flag", "flag_note"]]
    return CaveatsResult(table=table, meta=meta, extra={"rows": rows_frame.reset_index(drop=True)})


def flags_for_meta(panel: Panel, *, indicator=None, regions=None, years=None) -> dict:
    """Compact form of :func:`quality_flags` for an indicator result's meta:
    ``{"n_values", "n_flagged", "by_flag": {letter: {"count", "meaning"}}}``."""
    res = quality_flags(panel, indicator=indicator, regions=regions, years=years)
    return {"n_values": res.meta["n_values"], "n_flagged": res.meta["n_flagged"],
            "by_flag": {r.flag: {"count": int(r.n_values), "meaning": r.meaning}
                        for r in res.table.itertuples()}}


# ---------------------------------------------------------------------------- population
def population_concept_breaks(panel: Panel, *, indicator: str = "population", regions=None
                              ) -> CaveatsResult:
    """Registered (户籍) instead of resident (常住) population: the values flagged ``P``.

    ``table`` has one row per region: ``first_year``, ``last_year``, ``n_years``, ``flag_note``;
    ``extra["rows"]`` the values. An empty table means the selection has no such break.
    """
    d = _selection(panel, indicator, regions, None)
    p = d[d["flag"].map(lambda f: "P" in _letters(f))]
    rows = [{"region": code, "region_en": REGIONS[code].name_en, "first_year": int(g["year"].min()),
             "last_year": int(g["year"].max()), "n_years": int(g["year"].nunique()),
             "flag_note": "; ".join(sorted(set(g["flag_note"].fillna("").astype(str)) - {""}))}
            for code, g in p.groupby("region", sort=True)]
    table = pd.DataFrame(rows, columns=["region", "region_en", "first_year", "last_year", "n_years",
                                        "flag_note"])
    meta = build_meta("population_concept_breaks", conventions={
        "indicator": indicator, "flag": "P",
        "meaning": panel.flag_legend.get("P", "household-registered, not resident population")},
        provenance=panel.provenance, n_values=len(p))
    rows_frame = p[["region", "region_en", "year", "value", "flag", "flag_note"]]
    return CaveatsResult(table=table.set_index("region"), meta=meta,
                         extra={"rows": rows_frame.reset_index(drop=True)})
