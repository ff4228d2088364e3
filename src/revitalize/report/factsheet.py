"""The fact sheet of a region from the embedded fact base: the main job on the default case.

Every figure shown is a fact-base record: value, unit, period, and the document and sentence it
comes from. Comparators (the nation, the East...) are shown beside the region for the same
indicators. Sections the fact base cannot fill say which command brings the data that fills them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from revitalize.model.regions import normalise_region
from revitalize.results import Result, build_meta

__all__ = ["DATA_SECTIONS", "TOPICS", "FactSheet", "build_factsheet"]

# topic -> keywords matched against the indicator code (first match wins, in this order).
TOPICS: dict[str, tuple[str, ...]] = {
    "Weight in the nation": ("gdp", "population", "area", "grain", "transfer", "land", "census"),
    "Opening-up": ("trade", "export", "import", "fdi", "foreign", "partner", "belt"),
    "Innovation and human capital": ("rd_", "r_and_d", "innovation", "patent", "talent", "human"),
    "Ownership": ("state", "soe", "private"),
    "Industrial linkages": ("influence", "sensitivity", "linkage"),
    "Industrial structure": ("manufactur", "service", "industr", "sector", "output", "value_added"),
    "Energy and environment": ("energy", "carbon", "coal", "emission", "fossil", "green"),
}

# Sections that need real tables, and the one command that brings them (filled by later issues).
# Tables converted from R data packages have no public byte-identical upstream copy; `data fetch`
# takes them from a mirror (--base-url or REVITALIZE_FETCH_BASE_URL, e.g. file:///.../shared/data).
MIRROR_NOTE = ("Tables without a pinned public upstream copy are fetched from a mirror laid out like "
               "shared/data: set REVITALIZE_FETCH_BASE_URL (or pass --base-url), or import a local "
               "file with `revitalize data import FILE`.")
DATA_SECTIONS: list[dict[str, str]] = [
    {"section": "Industrial linkages from input-output tables",
     "needs": "NBS national and provincial IO tables",
     "command": "revitalize data fetch cn_prov_io_2017_42"},
    {"section": "Weight in the nation over time (GDP, population)",
     "needs": "provincial GDP and population panel",
     "command": "revitalize data fetch cn_prov_energy_raw"},
    {"section": "Innovation gap (R&D intensity by province and year)",
     "needs": "provincial R&D statistics",
     "command": "revitalize data fetch cn_prov_rd_fiscal"},
    {"section": "Productivity (capital stock, TFP)",
     "needs": "provincial gross fixed capital formation and prices",
     "command": "revitalize data fetch cn_prov_capital_inputs"},
]


def topic_of(indicator: str) -> str:
    """The fact-sheet section of an indicator code (keyword rule of :data:`TOPICS`)."""
    code = indicator.lower()
    for topic, words in TOPICS.items():
        if any(w in code for w in words):
            return topic
    return "Other facts"


@dataclass(frozen=True)
class FactSheet(Result):
    """Facts of a region and its comparators, grouped by topic.

    ``table`` columns: topic, indicator, indicator_label, region, region_name_en, region_name_cn,
    sector, period, value, unit, role (``region`` or ``comparator``), source, source_title, quote,
    note, fact_id. ``extra["sources"]`` lists the documents cited; ``extra["data_sections"]`` the
    sections that need data.
    """

    @property
    def region(self) -> str:
        return str(self.meta["region"])

    def sections(self) -> dict[str, pd.DataFrame]:
        """Topic -> its rows, in the order of :data:`TOPICS`."""
        order = list(TOPICS) + ["Other facts"]
        out = {}
        for topic in order:
            part = self.table[self.table["topic"] == topic]
            if len(part):
                out[topic] = part
        return out


def _scope(region_code: str) -> set[str]:
    from revitalize.model.regions import REGIONS

    reg = REGIONS[region_code]
    scope = {reg.code, *reg.members}
    if reg.code in ("NE", "NE4"):
        scope |= {"NE", "NE4", "IM_EAST", *REGIONS["NE"].members}
    if reg.kind == "province" and reg.macro:
        scope.add(reg.macro)
    return scope


def build_factsheet(region: Any = "NE") -> FactSheet:
    """Fact sheet of ``region`` (any spelling; default the Northeast) from the fact base.

    The region's own facts (and, for the Northeast, its provinces' and eastern Inner Mongolia's)
    are shown with the comparators the documents give for the same indicators.
    """
    from revitalize.data.facts import SOURCES
    from revitalize.data.facts import facts as all_facts

    reg = normalise_region(region)
    facts = all_facts().table
    scope = _scope(reg.code)
    own = facts["region"].isin(scope)
    same_ind = facts["indicator"].isin(facts.loc[own, "indicator"])
    table = facts[own | same_ind].copy()
    table.insert(0, "role", ["region" if r in scope else "comparator" for r in table["region"]])
    table.insert(0, "topic", table["indicator"].map(topic_of))
    table["source_title"] = table["source"].map(lambda s: SOURCES[s].citation())
    order = {t: i for i, t in enumerate(list(TOPICS) + ["Other facts"])}
    table = table.sort_values(["topic", "indicator", "role", "region", "period"],
                              key=lambda s: s.map(order) if s.name == "topic" else s, kind="stable")
    cited = sorted(table["source"].unique())
    provs = [SOURCES[s].provenance() for s in cited]
    meta = build_meta(
        "fact_sheet",
        conventions={"scope": sorted(scope), "comparators": "facts of other regions on the same indicators",
                     "grouping": "keyword rule revitalize.report.factsheet.TOPICS"},
        provenance=provs, region=reg.code, region_name_en=reg.name_en, region_name_cn=reg.name_cn,
    )
    return FactSheet(table=table.reset_index(drop=True), meta=meta,
                     extra={"sources": cited, "data_sections": DATA_SECTIONS,
                            "mirror_note": MIRROR_NOTE})
