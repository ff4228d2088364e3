"""Carbon: CO2 emissions embodied in final demand (issue 20), and the structure shares shown in
the similarity section.

Through the application tasks the CLI and HTTP API run:

* ``indicators.co2_intensity`` -- CO2 intensity of GDP by province, the Northeast and the
  nation, ``c = 100 * sum E / sum Y`` (t CO2 per 10,000 yuan; E = CEADs scope-1 CO2, Total row,
  Shan et al. 2018, Sci. Data 5:170201; Y = 地区生产总值, NBS; no Tibet in CEADs);
* ``io.emissions`` -- CEADs CO2 allocated to the 42 IO sectors through the shipped CEADs-45 ->
  NBS-42 concordance, direct coefficients ``f = e / x``, embodied multipliers
  ``m = f (I - A)^-1`` and the CO2 embodied in final demand ``m_j y_j`` (Miller & Blair 2009,
  *Input-Output Analysis*, 2nd ed., ch. 10), with the key sectors by embodied emissions beside
  the linkage classes;
* ``indicators.structure_shares`` -- manufacturing and producer-services value added as shares
  of GDP from the IO tables, beside the documents' figures (fact base D001-009, D001-014).

The caveats are stated in numbers: what part of the CEADs total the IO sectors carry (the rest
is households' own use), how much of it rests on the concordance rows split by gross output, and
how much larger the multipliers would be under the 'total' technology convention.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.present import colour, format_number
from revitalize.report.figures import bar_figure, line_figure
from revitalize.report.i18n import tr, value_label
from revitalize.report.section import ReportContext, ReportTable, Section, make_section, section
from revitalize.report.sections.efficiency import need
from revitalize.report.sections.nation import headline_year, pct, province_colors, short_source

__all__ = ["CEADS", "EMISSION_YEARS", "TOP", "carbon_section", "emissions_request",
           "intensity_year", "structure_part"]

CEADS = "cn_prov_co2_ceads"
NBS = "cn_prov_nbs_2000_2019"
EMISSION_YEARS = (2012, 2017)  # the concordance's two NBS 42-sector lists
TOP = 5  # sectors per province in the table and the chart
NATIONAL_IO = "cn_io_2017_42_noncomp"


def _io_dataset(year: int) -> str:
    return f"cn_prov_io_{year}_42"


def emissions_request(ctx: ReportContext, **options: Any):
    """The ``io.emissions`` request the section runs (the same as
    ``revitalize io emissions cn_prov_io_<year>_42 -r <provinces>``)."""
    from revitalize.tasks.emissions import EmissionsRequest

    if ctx.io_year not in EMISSION_YEARS:
        raise InputError(f"no emissions by IO sector for the {ctx.io_year} tables", field="year",
                         expected="a report year from 2012 on (the concordance covers the "
                                  "NBS 42-sector lists of 2012 and 2017)")
    return EmissionsRequest(source=_io_dataset(ctx.io_year), regions=ctx.provinces, **options)


def _by_region(res, provinces) -> dict[str, dict]:
    """Per-province CEADs totals of an ``io.emissions`` meta (one province: the meta itself)."""
    meta = res.meta
    if "by_region" in meta:
        return {p: dict(meta["by_region"][p]) for p in provinces}
    return {provinces[0]: dict(meta)}


def _per_region(frame: pd.DataFrame, provinces) -> dict[str, pd.DataFrame]:
    if isinstance(frame.index, pd.MultiIndex):
        return {p: frame.xs(p, level="region") for p in provinces}
    return {provinces[0]: frame}


def _names_cn(ctx: ReportContext, province: str) -> pd.Series:
    table = ctx.catalog.io_table(_io_dataset(ctx.io_year), region=province)
    return table.sectors["name_cn"].astype(str)


def _intensity(ctx: ReportContext):
    from revitalize.tasks import run
    from revitalize.tasks.regional import Co2IntensityRequest

    regions = ctx.provinces + (("NE",) if ctx.region == "NE" else ()) + ("000000",)
    return run(Co2IntensityRequest(regions=regions), ctx.catalog)


def _derived_meta(res, method: str, conventions: dict) -> dict:
    """The meta of a table made of a task's rows: the task's meta (provenance, request) with
    its own method and conventions."""
    return {**dict(res.meta), "method": method, "conventions": conventions}


def _seps(lang: str) -> tuple[str, str]:
    """(list separator, sentence-part separator) of ``lang``."""
    return ("，", "；") if lang == "zh" else (", ", "; ")


def intensity_year(intensity: pd.DataFrame, region: str, provinces, year: int | None) -> int | None:
    """The year the section states: ``year`` when the headline region (the Northeast, else the
    first province) has a CO2 intensity then, else its last year with one."""
    own = intensity[intensity["region"] == (region if region == "NE" else provinces[0])]
    return headline_year(own.set_index("year")["co2_intensity"], year)


def _region_label(ctx: ReportContext, code: str) -> str:
    return tr("carbon_nation_30", ctx.lang) if code == "000000" else ctx.region_name(code)


@section("carbon")
def carbon_section(ctx: ReportContext) -> Section:
    """CO2 intensity of GDP (CEADs) and the CO2 embodied in final demand by IO sector, with the
    key sectors by embodied emissions beside the linkage classes and the caveats in numbers."""
    from revitalize.tasks import run

    lang = ctx.lang
    need(ctx, CEADS, NBS, _io_dataset(ctx.io_year))
    request = emissions_request(ctx)
    inten = _intensity(ctx)
    res = run(request, ctx.catalog)
    total_tech = run(emissions_request(ctx, technology="total"), ctx.catalog)

    # ---- intensity: chart over the years and the headline year
    it = inten.table
    series, colors = {}, {}
    for code, part in it.groupby("region", sort=False):
        name = _region_label(ctx, code)
        series[name] = part.set_index("year")["co2_intensity"]
        colors[name] = colour("province", code)
    colors.update(province_colors(ctx, ctx.provinces))
    year = intensity_year(it, ctx.region, ctx.provinces, ctx.year)
    now = it[it["year"] == year]
    comma, semi = _seps(lang)
    intensity = comma.join(tr("msg_carbon_intensity_part", lang, region=_region_label(ctx, r),
                             value=format_number(v, "coefficient", decimals=2))
                          for r, v in zip(now["region"], now["co2_intensity"]))
    fig_int = line_figure(series, title=tr("fig_carbon_intensity", lang),
                          x_title=tr("year", lang), y_title=tr("ax_carbon_intensity", lang),
                          source=short_source(ctx, CEADS, NBS), lang=lang, mark_x=year,
                          colors=colors)

    # ---- sectors: the table with Chinese names, the top sectors, the chart
    by_prov = _per_region(res.table, ctx.provinces)
    names_cn = {p: _names_cn(ctx, p) for p in ctx.provinces}
    if isinstance(res.table.index, pd.MultiIndex):
        codes = res.table.index.get_level_values("sector")
        regs = res.table.index.get_level_values("region")
        cn = [names_cn[r].get(s, "") for r, s in zip(regs, codes)]
    else:
        cn = [names_cn[ctx.provinces[0]].get(s, "") for s in res.table.index]
    sectors = replace(res, table=res.table.assign(name_cn=cn))
    top_rows, parts = [], []
    for p, t in by_prov.items():
        top = t.sort_values("embodied_mt", ascending=False).head(TOP)
        top_rows.append(top.assign(region=p, name_cn=names_cn[p].reindex(top.index).to_numpy())
                        .reset_index())
        lead = top.iloc[0]
        parts.append(tr("msg_carbon_top_part", lang, province=ctx.region_name(p),
                        code=top.index[0], name=lead["name"] if lang == "en"
                        else names_cn[p].get(top.index[0], lead["name"]),
                        mt=f"{lead['embodied_mt']:.1f}", share=pct(lead["embodied_share"]),
                        emission=value_label(f"{lead['emission_key']}_by_emissions", lang),
                        linkage=value_label(lead["linkage_class"], lang)))
    cols = ["region", "sector", "name", "name_cn", "embodied_mt", "embodied_share",
            "total_t_per_10k_cny", "direct_t_per_10k_cny", "co2_mt", "emission_key",
            "linkage_class"]
    top_table = pd.concat(top_rows, ignore_index=True)[cols]
    top_meta = _derived_meta(res, "emission_multipliers_top", {
        **dict(res.meta["conventions"]),
        "selection": f"the {TOP} sectors of each province with the largest CO2 embodied in "
                     "final demand (rows of the io.emissions table, unchanged)"})
    order = list(dict.fromkeys(top_table["sector"]))
    first, cn0 = by_prov[ctx.provinces[0]], names_cn[ctx.provinces[0]]
    label = {s: f"{s} {cn0.get(s, first.loc[s, 'name']) if lang == 'zh' else first.loc[s, 'name']}"
             for s in order}
    fig_top = bar_figure([label[s] for s in order],
                         {ctx.region_name(p): t["embodied_mt"].reindex(order).tolist()
                          for p, t in by_prov.items()},
                         title=tr("fig_carbon_top", lang, year=ctx.io_year),
                         x_title=tr("ax_carbon_embodied", lang),
                         y_title=tr("ax_carbon_sector", lang),
                         source=short_source(ctx, _io_dataset(ctx.io_year), CEADS), lang=lang,
                         horizontal=True, colors=province_colors(ctx, ctx.provinces))

    # ---- caveats in numbers
    totals = _by_region(res, ctx.provinces)
    split_rows = dict(totals[ctx.provinces[0]]["split_rows"])
    med_dom = {p: float(t["total_t_per_10k_cny"].median()) for p, t in by_prov.items()}
    by_total = _per_region(total_tech.table, ctx.provinces)
    ratio = {p: float(by_total[p]["total_t_per_10k_cny"].median()) / med_dom[p]
             for p in ctx.provinces}
    alloc_rows, alloc_parts, split_parts = [], [], []
    for p, t in by_prov.items():
        b = totals[p]
        allocated = float(t["co2_mt"].sum())
        embodied = float(t["embodied_mt"].sum())
        split_mt = float(b["split_mt"])
        alloc_rows.append({"region": p, "year": int(b.get("year", ctx.io_year)),
                           "ceads_total_mt": b["ceads_total_mt"],
                           "households_mt": b["ceads_households_mt"],
                           "allocated_mt": allocated, "unallocated_mt": b["unallocated_mt"],
                           "embodied_mt": embodied, "split_mt": split_mt,
                           "split_share": 100 * split_mt / allocated,
                           "multiplier_ratio_total": ratio[p]})
        alloc_parts.append(tr("msg_carbon_alloc_part", lang, province=ctx.region_name(p),
                              total=f"{b['ceads_total_mt']:.1f}", allocated=f"{allocated:.1f}",
                              households=f"{b['ceads_households_mt']:.1f}",
                              unallocated=f"{b['unallocated_mt']:.1f}",
                              embodied=f"{embodied:.1f}"))
        split_parts.append(tr("msg_carbon_split_part", lang, province=ctx.region_name(p),
                              mt=f"{split_mt:.1f}", share=pct(100 * split_mt / allocated)))
    alloc_meta = _derived_meta(res, "emissions_caveats", {
        "ceads_total_mt": "CEADs Total row (io.emissions meta)",
        "households_mt": "CEADs Urban + Rural rows: households' own fuel use, final demand",
        "allocated_mt": "sum of the io.emissions co2_mt column (the 45 production rows)",
        "embodied_mt": "sum of the io.emissions embodied_mt column (= allocated, by f x)",
        "split_mt": "CEADs rows the concordance shares among several IO sectors by gross "
                    "output (split = output): " + ", ".join(
                        f"{k} -> {n} sectors" for k, n in split_rows.items()),
        "multiplier_ratio_total": "median over sectors of m under technology='total' over "
                                  "the median under 'domestic' (both io.emissions)"})
    rows_text = semi.join(
        tr("msg_carbon_split_row", lang, name=value_label(k, lang), n=n)
        for k, n in split_rows.items())
    r = np.array(list(ratio.values()))
    msg = tr("msg_carbon", lang, year=year, intensity=intensity, io_year=ctx.io_year,
             top=semi.join(parts), alloc=semi.join(alloc_parts),
             split=tr("msg_carbon_split", lang, rows=rows_text, parts=comma.join(split_parts)),
             technology=tr("msg_carbon_technology", lang,
                           median=format_number(float(np.median(r)), "coefficient", decimals=2),
                           low=format_number(float(r.min()), "coefficient", decimals=2),
                           high=format_number(float(r.max()), "coefficient", decimals=2)))
    tables = {"carbon_intensity": inten, "carbon_top_sectors": ReportTable(table=top_table,
                                                                           meta=top_meta),
              "carbon_sectors": sectors,
              "carbon_allocation": ReportTable(table=pd.DataFrame(alloc_rows), meta=alloc_meta)}
    return make_section("carbon", ctx, tables=tables, figures=[fig_int, fig_top],
                        datasets=[CEADS, NBS, _io_dataset(ctx.io_year)], message=msg,
                        extra_sources=[_concordance_source(res)])


def _concordance_source(res) -> dict[str, Any]:
    """The concordance the task used, as the report lists a source (from the result's
    provenance: file name and checksum)."""
    prov = next(p for p in res.meta["provenance"] if p.get("reader") == "read_concordance")
    return {"kind": "provenance", "file": f"revitalize/data/concordance/{prov['file']}",
            "sha256": prov["sha256"], "citation": prov["source"]}


# ---------------------------------------------------------------------------- structure shares
def structure_part(ctx: ReportContext) -> tuple[dict[str, Any], str, list[str], list[dict]]:
    """The manufacturing and producer-services shares of GDP (``indicators.structure_shares``
    on the report year's provincial tables, the 2017 national table beside) and the documents'
    figures (fact base D001-009, D001-014): ``(tables, sentence, datasets, sources)``; nothing
    for the years without the national table of the same year (only 2017 is bundled)."""
    from revitalize.data.facts import load_facts
    from revitalize.tasks import run
    from revitalize.tasks.structure_shares import StructureSharesRequest

    if ctx.io_year != 2017 or not ctx.has(NATIONAL_IO):
        return {}, "", [], []
    res = run(StructureSharesRequest(source=_io_dataset(ctx.io_year)), ctx.catalog)
    t = res.table
    nat = t[(t["region"] == "000000") & (t["table"] == "national")].iloc[0]
    reg = t[(t["region"] == ctx.region)].iloc[0]
    facts = load_facts().set_index("fact_id")
    rows = []
    for fid, col in (("D001-009", "manufacturing_share"),
                     ("D001-014", "producer_services_core_share")):
        f = facts.loc[fid]
        rows.append({"fact_id": fid, "indicator": f["indicator"],
                     "indicator_label": f["indicator_label"], "document_value": float(f["value"]),
                     "national_share": float(nat[col]), "region_share": float(reg[col]),
                     "difference": float(nat[col]) - float(f["value"])})
    compare = ReportTable(table=pd.DataFrame(rows), meta=_derived_meta(
        res, "structure_vs_documents", {
            **dict(res.meta["conventions"]),
            "document": "fact base D001-009 and D001-014 (year not stated in the document)",
            "difference": "national IO table - document"}))
    doc = {r["fact_id"]: r for r in rows}
    text = tr("msg_structure_shares", ctx.lang, year=ctx.io_year,
              region=ctx.region_name(),
              man_nat=pct(nat["manufacturing_share"]), man_reg=pct(reg["manufacturing_share"]),
              man_doc=pct(doc["D001-009"]["document_value"]), man_id="D001-009",
              ps_nat=pct(nat["producer_services_core_share"]),
              ps_reg=pct(reg["producer_services_core_share"]),
              ps_trade=pct(nat["producer_services_incl_trade_share"]),
              ps_doc=pct(doc["D001-014"]["document_value"]), ps_id="D001-014")
    from revitalize.report.sections.facts import fact_sources

    return ({"structure_shares": res, "structure_vs_documents": compare}, text,
            [NATIONAL_IO], fact_sources(facts.loc[["D001-009", "D001-014"]]))
