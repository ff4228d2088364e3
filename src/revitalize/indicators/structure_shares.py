"""Manufacturing and producer-services shares of GDP from the IO tables (issue 20).

    s_r(S) = 100 * sum_{j in S} v_rj / sum_j v_rj

``v_rj`` the value added (rows VA001-VA004) of sector ``j`` in the table of region ``r``, so
the denominator is GDP by the production approach as the table records it. An aggregate
(Northeast, sum of provinces) is sum over sum of its members' value added.

Sector definitions (named, recorded in ``meta``):

* **Manufacturing** = GB/T 4754-2017 section C, divisions 13-43 (制造业; "本门类包括13～43大类"
  as the standard states it), which in the NBS 42-sector IO lists are the sectors from 食品和烟草
  to 金属制品、机械和设备修理服务: codes 06-23 in the 2017 list (其他制造产品和废品废料 22 and
  repair 23 included: divisions 41-43 are in section C) and 06-24 in the 2012 list.
* **Producer services** = NBS 生产性服务业分类 (2015), ten groups: 研发设计与其他技术服务,
  货物运输仓储和邮政快递服务, 信息服务, 金融服务, 节能与环保服务, 生产性租赁服务, 商务服务,
  人力资源管理与培训服务, 批发经纪代理服务, 生产性支持服务 (NBS text as copied at
  cndc.net.cn/class/33540/2016122696339.shtm); the 2019 revision (生产性服务业统计分类(2019))
  renames groups (e.g. 货物运输、通用航空生产、仓储和邮政快递服务, as in Nantong statistics
  bureau releases) -- its full text was not found, so the 2015 groups define the set here. The classification is defined on GB/T 4754 classes;
  the IO lists only hold whole sectors, so the mapping takes the sectors whose activity is
  mainly in those groups: ``core`` = transport-storage-post, information services, finance,
  leasing and business services, research and development, technical services (2017 codes
  29, 31, 32, 34, 35, 36; 2012 codes 30, 32, 33, 35, 36); ``incl_trade`` adds wholesale and
  retail (28; 2012: 29), because wholesale (批发经纪代理服务) is a producer service but the IO
  sector cannot separate it from retail. Passenger transport (inside 29) and household finance
  cannot be removed either, and energy-saving / environmental services (part of 37) and
  production support services (part of 38) cannot be added: the ``core`` share is an
  approximation in both directions, said in ``meta``.

The documents' "China about 28 %" (manufacturing) and "20 %" (producer services) state no
year; the national 2017/2018/2020 tables and the provincial tables are the data's answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError
from revitalize.model.regions import REGIONS, members
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta

__all__ = ["DEFINITIONS", "StructureSharesResult", "sector_sets", "structure_shares",
           "va_share"]

_SOURCES = {
    "manufacturing": "GB/T 4754-2017 section C 制造业 = divisions 13-43 (the standard's own "
                     "note '本门类包括13～43大类')",
    "producer_services": "NBS 生产性服务业分类(2015) (国家统计局, ten groups; published text as "
                         "copied at cndc.net.cn/class/33540/2016122696339.shtm); the 2019 "
                         "revision's full text was not found",
}
# IO codes per list; the list is recognised by where 电力、热力 sits (24 in 2017, 25 in 2012).
DEFINITIONS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "2017": {"manufacturing": tuple(f"{i:02d}" for i in range(6, 24)),
             "producer_services_core": ("29", "31", "32", "34", "35", "36"),
             "producer_services_incl_trade": ("28", "29", "31", "32", "34", "35", "36")},
    "2012": {"manufacturing": tuple(f"{i:02d}" for i in range(6, 25)),
             "producer_services_core": ("30", "32", "33", "35", "36"),
             "producer_services_incl_trade": ("29", "30", "32", "33", "35", "36")},
}


@dataclass(frozen=True)
class StructureSharesResult(Result):
    """One row per region and year: GDP (value added) and the sector shares."""


def va_share(va: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Kernel: ``100 * sum_{j in mask} v_rj / sum_j v_rj`` for each row ``r`` of ``va``."""
    return 100.0 * va[:, mask].sum(axis=1) / va.sum(axis=1)


def sector_sets(table: IOTable) -> tuple[str, Mapping[str, tuple[str, ...]]]:
    """The 42-sector list of ``table`` (``"2017"`` or ``"2012"``) and its sector sets."""
    from revitalize.model.sectors import power_sector_list

    cls = power_sector_list(table.sectors["name_cn"])
    if cls is not None:
        layout = cls.removeprefix("nbs42_")
        return layout, DEFINITIONS[layout]
    raise InputError(f"{table.label}: not a 42-sector NBS list of 2012 or 2017", field="source",
                     expected="a 42-sector table (2012-2020 NBS lists: 电力、热力 at code 24 or 25)")


def _value_added_by_set(table: IOTable) -> tuple[str, np.ndarray, dict[str, np.ndarray]]:
    """(list, total value added by sector, a mask per sector set) of one table."""
    layout, sets = sector_sets(table)
    masks = {k: table.sectors.index.isin(v) for k, v in sets.items()}
    return layout, table.total_value_added().reindex(table.sectors.index).to_numpy(float), masks


def _row(region: str, year, va: np.ndarray, masks: Mapping[str, np.ndarray], kind: str) -> dict:
    row = {"region": region, "region_en": REGIONS[region].name_en if region in REGIONS else region,
           "year": year, "table": kind, "gdp_100m_yuan": float(va.sum()) / 1e4}
    for name, mask in masks.items():
        row[f"{name}_va_100m_yuan"] = float(va[mask].sum()) / 1e4
        row[f"{name}_share"] = float(va_share(va[None, :], mask)[0])
    return row


def structure_shares(tables: Iterable[IOTable], *, national: IOTable | None = None,
                     aggregates: Iterable[str] = ("NE", "000000")) -> StructureSharesResult:
    """Manufacturing and producer-services shares of value added (GDP) by table.

    Parameters
    ----------
    tables
        Provincial 42-sector tables (one year or several).
    national
        A national 42-sector table, reported as its own row (``table="national"``).
    aggregates
        Region aggregates computed as sum over sum of the provinces present (``"000000"`` is
        the sum of the provinces in ``tables``, recorded as such).

    Returns
    -------
    StructureSharesResult
        Columns ``region``, ``region_en``, ``year``, ``table``, ``gdp_100m_yuan`` and for each
        set (``manufacturing``, ``producer_services_core``, ``producer_services_incl_trade``)
        ``<set>_va_100m_yuan`` and ``<set>_share`` (% of GDP).
    """
    items = list(tables.values() if isinstance(tables, dict) else tables)
    if not items and national is None:
        raise InputError("no tables given", field="source", expected="IO tables")
    rows, by_year, layouts, provs = [], {}, set(), []
    for t in items:
        layout, va, masks = _value_added_by_set(t)
        layouts.add(layout)
        if t.region == "000000":  # a national table given as the source
            rows.append(_row(t.region, t.year, va, masks, "national"))
            provs.append(t.provenance)
            continue
        rows.append(_row(t.region, t.year, va, masks, "provincial"))
        by_year.setdefault((t.year, layout), []).append((t.region, va, masks))
        provs.append(t.provenance)
    for (year, _layout), group in by_year.items():
        held = {r for r, _, _ in group}
        for agg in aggregates:
            want = set(members(agg))
            part = [(va, m) for r, va, m in group if r in want]
            if agg != "000000" and held & want != want:
                continue  # an aggregate is reported only when all its members are present
            if part:
                va = np.sum([p[0] for p in part], axis=0)
                row = _row(agg, year, va, part[0][1], "sum of provincial tables")
                row["region_en"] += f" ({len(part)} provinces)" if agg == "000000" else ""
                rows.append(row)
    if national is not None:
        layout, va, masks = _value_added_by_set(national)
        layouts.add(layout)
        rows.append(_row(national.region or "000000", national.year, va, masks, "national"))
        provs.append(national.provenance)
    table = pd.DataFrame(rows)
    meta = build_meta("structure_shares", conventions={
        "formula": "100 * sum of value added (VA001-VA004) of the set / total value added",
        "definitions": {layout: {k: list(v) for k, v in DEFINITIONS[layout].items()}
                        for layout in sorted(layouts)},
        "sources": _SOURCES,
        "approximation": "IO sectors are whole: 28 mixes wholesale (producer) with retail, 29 "
                         "includes passenger transport; parts of 37 (environmental services) "
                         "and 38 (repair and support services) are not counted",
        "aggregate": "sum over sum of value added; 000000 = sum of the provinces present",
        "units": {"gdp_100m_yuan": "100 million yuan (value added, current prices)",
                  "share": "% of GDP"}}, provenance=provs)
    return StructureSharesResult(table=table, meta=meta)
