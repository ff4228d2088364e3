"""Region x industry matrices across benchmark years from the provincial input-output tables.

The NBS 42-sector lists change between years (:mod:`revitalize.model.sectors`). Industries are
reconciled **by name, never by position**, through the concordance of each year's list with the
canonical 2017 list (:func:`revitalize.model.sectors.concordance`), with the rule named
``reconcile="merge_components"``:

* only ``main`` links count (a ``part`` link moves a minor share -- e.g. machinery repair split
  out in 2012 -- and is ignored; named ``part_links="ignored"`` in ``meta``);
* canonical sectors that one year's sector covers together (a split, ``1:n``) are merged, over
  all the years requested (union-find), so every year maps onto the same set of *common
  industries* without allocating any value by assumption;
* a common industry's value is the sum of the values of the year's sectors mapped to it;
* a common industry that no sector of some year's list maps to (2017's 23 repair services, only
  a ``part`` of the machinery sectors in 2002 and 2007) would be zero everywhere in that year:
  it is dropped from every year and listed in ``meta["absent_industries"]`` (``absent="drop"``).

Labels: a common industry is named by its canonical codes joined with ``+`` (``"16"``,
``"35+36"``), with the Chinese and English names of those canonical sectors.

Regions: ``regions="common"`` (default) keeps the provinces present in every year (so RCA has the
same reference economy in every year, needed for entry prediction); the dropped provinces are in
``meta["dropped_regions"]``. ``regions="all"`` keeps each year's provinces.

Rounding noise: a published cell slightly below zero (Hunan 2002, petroleum extraction, -0.0003
万元) would make RCA refuse the matrix. Values in ``[-negative_tolerance, 0)`` (default 1, in the
table's unit) are set to 0 with a :class:`DataQualityWarning` naming every cell; larger negatives
are kept, and the relatedness shells refuse them.

Years: the benchmark years whose lists the concordance links (1997, 2002, 2007, 2012, 2017).
The 1997 provincial tables use a coarser 38-sector list (``prov38_1997``, linked to the 2002
list in :mod:`revitalize.model.sectors`), so including 1997 merges more industries (e.g. post
with telecommunications, research with technical services); :data:`BENCHMARK_YEARS` (the
default) starts in 2002. The reader refuses Liaoning's and Sichuan's 1997 tables on validation,
so with ``regions="common"`` a span starting in 1997 drops them from every year (named in
``meta["dropped_regions"]``). Tables a reader refused are listed in
``meta["refused_tables"]``.

Scope (``scope``): ``"goods"`` (default) keeps the common industries made of canonical sectors
01-22 -- agriculture, mining and manufacturing (:data:`GOODS_CODES`); ``"all"`` keeps every
industry. The complexity literature works on traded goods (Hidalgo & Hausmann 2009 use export
data); the output of utilities, construction and most services is sold where it is made, so a
high output share reveals local demand rather than a capability. On the provincial tables
2002-2017 the difference is plain: with ``"all"`` the highest PCI go to agriculture, health,
construction and public administration; with ``"goods"`` to electronics, electrical machinery,
instruments and machinery, and mining is the least complex -- the ordering the literature finds.

Measures: ``"output"`` (gross output, row ``GO``/``TI``) or ``"value_added"`` (``TVA``; a few
published tables have negative value added in a sector, which the relatedness shells refuse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.model.sectors import CANONICAL, classification_for_year, concordance, sector_list
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta, unique_provenance

__all__ = ["BENCHMARK_YEARS", "GOODS_CODES", "IndustryMatrices", "common_industries", "industry_matrices",
           "read_industry_matrices"]

BENCHMARK_YEARS: tuple[int, ...] = (2002, 2007, 2012, 2017)
GOODS_CODES: frozenset[str] = frozenset(f"{i:02d}" for i in range(1, 23))
Measure = Literal["output", "value_added"]
Scope = Literal["goods", "all"]
RegionSet = Literal["common", "all"]


@dataclass(frozen=True)
class IndustryMatrices(Result):
    """``table``: long frame ``year, region, industry, value``; ``extra["matrices"]``: one
    regions x industries frame per year; ``extra["industries"]``: the common industries with
    their canonical codes, names and the member codes of each year's list."""

    @property
    def matrices(self) -> dict[int, pd.DataFrame]:
        return {y: m.copy() for y, m in self.extra["matrices"].items()}


def _union_find(groups: Iterable[list[str]], codes: list[str]) -> dict[str, str]:
    parent = {c: c for c in codes}

    def find(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for g in groups:
        for other in g[1:]:
            a, b = find(g[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {c: find(c) for c in codes}


def common_industries(classifications: Iterable[object]) -> tuple[pd.DataFrame, dict]:
    """Common industries of several sector lists (module docstring, ``merge_components``).

    Parameters
    ----------
    classifications
        Years or classification names accepted by :func:`~revitalize.model.sectors.concordance`.

    Returns
    -------
    (industries, mapping)
        ``industries``: index ``industry`` (``"35+36"``), columns ``name_cn``, ``name_en``,
        ``canonical_codes``; ``mapping[classification][code]`` -> industry label.
    """
    links = {}
    for c in classifications:
        try:
            links[c] = concordance(c, CANONICAL)
        except InputError as exc:
            raise InputError(f"sector list {c!r} has no concordance to the 42-sector lists "
                             f"({exc.message})", field="years",
                             expected="years whose lists revitalize.model.sectors links "
                                      "(1997, 2002, 2007, 2012, 2017)") from None
    canon = sector_list(CANONICAL)
    groups = []
    for frame in links.values():
        main = frame[frame["kind"] == "main"]
        groups += [sorted(g) for g in main.groupby("from_code")["to_code"].apply(list)]
    root = _union_find(groups, list(canon.index))
    members: dict[str, list[str]] = {}
    for code, r in root.items():
        members.setdefault(r, []).append(code)
    label = {r: "+".join(sorted(m)) for r, m in members.items()}
    industries = pd.DataFrame(
        {"name_cn": ["/".join(canon.loc[m, "name_cn"]) for m in members.values()],
         "name_en": ["; ".join(canon.loc[m, "name_en"]) for m in members.values()],
         "canonical_codes": [" ".join(sorted(m)) for m in members.values()]},
        index=pd.Index([label[r] for r in members], name="industry")).sort_index()
    mapping = {}
    for c, frame in links.items():
        main = frame[frame["kind"] == "main"].groupby("from_code")["to_code"].first()
        mapping[c] = {code: label[root[to]] for code, to in main.items()}
    return industries, mapping


def _values(table: IOTable, measure: str) -> pd.Series:
    if measure == "output":
        return table.output
    if measure == "value_added":
        return table.total_value_added()
    raise InputError(f"measure={measure!r}", field="measure",
                     expected="'output' or 'value_added'")


def industry_matrices(tables: Mapping[int, Mapping[str, IOTable]], *,
                      measure: Measure = "output", regions: RegionSet = "common",
                      scope: Scope = "goods", negative_tolerance: float = 1.0
                      ) -> IndustryMatrices:
    """Regions x common industries matrices, one per year, from provincial IO tables.

    Parameters
    ----------
    tables
        ``{year: {region_code: IOTable}}`` (as :func:`read_provincial_io` returns per file).
    measure
        ``"output"`` (default) or ``"value_added"``.
    regions
        ``"common"`` (default): provinces present in every year; ``"all"``: each year's own.
    scope
        ``"goods"`` (default: agriculture, mining, manufacturing) or ``"all"`` (module
        docstring).
    negative_tolerance
        Negative values down to ``-negative_tolerance`` are rounding noise set to 0, with a
        warning (module docstring).
    """
    if scope not in ("goods", "all"):
        raise InputError(f"scope={scope!r}", field="scope", expected="'goods' or 'all'")
    if regions not in ("common", "all"):
        raise InputError(f"regions={regions!r}", field="regions", expected="'common' or 'all'")
    if not tables:
        raise InputError("no tables given", field="tables", expected="{year: {region: IOTable}}")
    years = sorted(tables)
    cls = {y: next(iter(tables[y].values())).classification for y in years}
    industries, mapping = common_industries(dict.fromkeys(cls.values()))
    absent = sorted(set(industries.index) - set.intersection(
        *(set(mapping[c].values()) for c in cls.values())))
    industries = industries.drop(index=absent)
    if scope == "goods":
        industries = industries[[set(c.split()) <= GOODS_CODES
                                 for c in industries["canonical_codes"]]]
    keep = set.intersection(*(set(tables[y]) for y in years))
    every = set.union(*(set(tables[y]) for y in years))
    matrices, provs = {}, []
    for y in years:
        rows = {}
        for region, table in sorted(tables[y].items()):
            if regions == "common" and region not in keep:
                continue
            v = _values(table, measure)
            rows[region] = v.groupby(v.index.map(mapping[cls[y]])).sum()
            provs.append(table.provenance)
        m = pd.DataFrame(rows).T.reindex(columns=industries.index)
        m.index.name, m.columns.name = "region", "industry"
        m = _zero_noise(m, y, float(negative_tolerance))
        matrices[y] = m
    long = pd.concat({y: m.stack() for y, m in matrices.items()}, names=["year"])
    long = long.rename("value").reset_index()
    meta = build_meta(
        "industry_matrices",
        conventions={"measure": measure, "reconcile": "merge_components",
                     "part_links": "ignored", "absent": "drop", "regions": regions,
                     "scope": scope,
                     "negative_tolerance": float(negative_tolerance),
                     "canonical": CANONICAL},
        provenance=unique_provenance(provs),
        classifications={str(y): c for y, c in cls.items()},
        dropped_regions=sorted(every - keep) if regions == "common" else [],
        absent_industries=absent,
        unit=next(iter(tables[years[0]].values())).unit)
    return IndustryMatrices(table=long, meta=meta,
                            extra={"matrices": matrices, "industries": industries})


def _zero_noise(m: pd.DataFrame, year: int, tol: float) -> pd.DataFrame:
    noise = (m < 0) & (m >= -tol)
    if not noise.to_numpy().any():
        return m
    cells = [f"{r}/{c} ({m.at[r, c]:.4g})" for r, c in noise.stack()[noise.stack()].index]
    _warn(f"{year}: {len(cells)} negative value(s) within the rounding tolerance {tol:g} set to "
          f"0: {', '.join(cells)}", DataQualityWarning, field="negative_tolerance")
    return m.mask(noise, 0.0)


def read_industry_matrices(directory: str | Path, *, years: Iterable[int] = BENCHMARK_YEARS,
                           measure: Measure = "output", regions: RegionSet = "common",
                           scope: Scope = "goods", negative_tolerance: float = 1.0
                           ) -> IndustryMatrices:
    """:func:`industry_matrices` from the stacked provincial files ``cn_prov_io_<year>_*.csv``
    of ``directory`` (``shared/data/cn_io_provincial``)."""
    from revitalize.data.readers.provincial import read_provincial_io

    directory = Path(directory)
    years = [int(y) for y in years]
    for y in years:  # refuse unlinked lists before reading anything
        try:
            classification_for_year(y)
        except InputError:
            raise InputError(f"the {y} sector list has no concordance to the 42-sector lists",
                             field="years", expected="years whose lists revitalize.model."
                             "sectors links (1997, 2002, 2007, 2012, 2017)") from None
    tables = {}
    for y in years:
        found = sorted(p for p in directory.glob(f"cn_prov_io_{int(y)}_*.csv")
                       if re.fullmatch(rf"cn_prov_io_{int(y)}_\d+\.csv", p.name))
        if not found:
            raise InputError(f"no provincial IO file for {y} in {directory}", field="years",
                             expected=f"a file cn_prov_io_{y}_<sectors>.csv")
        tables[int(y)] = read_provincial_io(found[0], year=int(y))
    result = industry_matrices(tables, measure=measure, regions=regions, scope=scope,
                               negative_tolerance=negative_tolerance)
    refused = {f"{r}/{y}": msg for t in tables.values()
               for (r, y), msg in dict(getattr(t, "refused", {}) or {}).items()}
    meta = dict(result.meta)
    meta["refused_tables"] = refused
    return IndustryMatrices(table=result.table, meta=MappingProxyType(meta), extra=result.extra)
