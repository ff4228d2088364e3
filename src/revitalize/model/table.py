"""The labelled input-output table every reader returns and every IO method consumes.

Notation (see NOTATION.md): ``Z`` intermediate flows (row sector supplies column sector),
``Y`` final-demand categories, ``M`` imports (and inflows) entered as positive numbers,
``V`` value-added rows, ``x`` total output.

Accounting identities (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., ch. 2; NBS
《中国投入产出表编制方法》):

* competitive-import table, row ``i``:   ``sum_j Z_ij + sum_k Y_ik - sum_m M_im + E_i = x_i``
  (``E`` = "other"/statistical discrepancy column ``ERR``);
* non-competitive-import table, domestic row ``i``: ``sum_j Z^d_ij + sum_k Y^d_ik = x_i``;
  imported row ``i``: ``sum_j Z^m_ij + sum_k Y^m_ik = m_i``;
* column ``j``: ``sum_i Z_ij (+ sum_i Z^m_ij) + sum_r V_rj = total input_j = x_j``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.model._display import labelled_html, labelled_repr
from revitalize.model.regions import normalise_region
from revitalize.results import Provenance

__all__ = [
    "FINAL_DEMAND_CODES",
    "SUBTOTAL_CODES",
    "VALUE_ADDED_CODES",
    "IOTable",
    "category_names",
]

# code -> (Chinese, English, role). role: "final" (component of final use), "import" (subtracted),
# "other" (statistical discrepancy), "net" (a net-trade column that already nets imports out).
FINAL_DEMAND_CODES: dict[str, tuple[str, str, str]] = {
    "FU101": ("农村居民消费", "rural household consumption", "final"),
    "FU102": ("城镇居民消费", "urban household consumption", "final"),
    "THC": ("居民消费支出", "household consumption", "final"),
    "FU103": ("政府消费支出", "government consumption", "final"),
    "TC": ("最终消费支出", "final consumption", "final"),
    "FU201": ("固定资本形成总额", "gross fixed capital formation", "final"),
    "FU202": ("存货变动", "changes in inventories", "final"),
    "EX": ("出口", "exports", "final"),
    "OF": ("国内省外流出", "outflow to other provinces", "final"),
    "FU302": ("流出(出口和省外流出)", "outflow (exports and outflow to other provinces)", "final"),
    "NOF": ("净流出", "net outflow (exports + outflow - imports - inflow)", "net"),
    "IM": ("进口", "imports", "import"),
    "IF": ("国内省外流入", "inflow from other provinces", "import"),
    "FU304": ("流入(进口和省外流入)", "inflow (imports and inflow from other provinces)", "import"),
    "ERR": ("其他", "other / statistical discrepancy", "other"),
    # OECD Input-Output Tables (2021 edition) final-demand columns (SNA 2008 names).
    "HFCE": ("住户最终消费支出", "household final consumption expenditure", "final"),
    "NPISH": ("为住户服务的非营利机构最终消费支出",
              "final consumption expenditure of non-profit institutions serving households",
              "final"),
    "GGFC": ("政府最终消费支出", "general government final consumption", "final"),
    "GFCF": ("固定资本形成总额", "gross fixed capital formation", "final"),
    "INVNT": ("存货和贵重物品变动", "changes in inventories and valuables", "final"),
    "CONS_ABR": ("居民在国外的直接购买", "direct purchases abroad by residents", "final"),
    "CONS_NONRES": ("非居民在国内的直接购买",
                    "direct purchases by non-residents in the domestic territory", "final"),
    "EXPO": ("出口", "exports", "final"),
}

VALUE_ADDED_CODES: dict[str, tuple[str, str]] = {
    "VA001": ("劳动者报酬", "compensation of employees"),
    "VA002": ("生产税净额", "net taxes on production"),
    "VA003": ("固定资产折旧", "depreciation of fixed assets"),
    "VA004": ("营业盈余", "operating surplus"),
}

# Subtotals a reader recognises and checks but does not keep as components.
SUBTOTAL_CODES: dict[str, tuple[str, str]] = {
    "TII": ("中间投入合计", "total intermediate input"),
    "TVA": ("增加值合计", "total value added"),
    "TI": ("总投入", "total input"),
    "TIU": ("中间使用合计", "total intermediate use"),
    "THC": ("居民消费支出合计", "household consumption subtotal"),
    "TC": ("最终消费支出合计", "final consumption subtotal"),
    "GCF": ("资本形成总额", "gross capital formation"),
    "TFU": ("最终使用合计", "total final use"),
    "GO": ("总产出", "gross output"),
}


def category_names(codes) -> pd.DataFrame:
    """Chinese and English names of final-demand / value-added codes (unknown codes: blanks)."""
    rows = []
    for c in codes:
        cn, en = "", ""
        if c in FINAL_DEMAND_CODES:
            cn, en, _ = FINAL_DEMAND_CODES[c]
        elif c in VALUE_ADDED_CODES:
            cn, en = VALUE_ADDED_CODES[c]
        elif c in SUBTOTAL_CODES:
            cn, en = SUBTOTAL_CODES[c]
        rows.append({"code": c, "name_cn": cn, "name_en": en})
    return pd.DataFrame(rows).set_index("code")


def _region_text(code: str) -> str:
    """``"210000 Liaoning 辽宁"`` for a known code, else the code as given."""
    try:
        r = normalise_region(code)
    except UnknownLabelError:
        return str(code)
    return f"{r.code} {r.name_en} {r.name_cn}"


_BLOCKS = (
    "Z",
    "Z_imports",
    "final_demand",
    "final_demand_imports",
    "imports",
    "other",
    "value_added",
    "output",
    "total_input",
)


@dataclass(frozen=True, eq=False)
class IOTable:
    """An input-output table with its labels, region, year, unit and provenance.

    All frames are indexed by sector code (``str``); ``sectors`` gives Chinese and English names.
    Frames are treated as immutable: methods return new tables; never mutate them in place.

    Attributes
    ----------
    sectors
        Index ``code``; columns ``name_cn``, ``name_en``. Order defines the sector order.
    Z
        Intermediate flows, sectors x sectors. Domestic flows in a non-competitive table,
        total (domestic + imported) flows in a competitive one.
    final_demand
        Final-use components, sectors x category codes (see :data:`FINAL_DEMAND_CODES`);
        subtotals are not kept. Domestic final use in a non-competitive table.
    imports
        Imports and inflows, sectors x codes (``IM``, ``IF``, ``FU304``), positive numbers that the
        row balance subtracts. In a non-competitive table, column ``IM`` holds total imports of each
        product (the imported rows' total).
    other
        Statistical discrepancy ``ERR`` (zeros when the table has none).
    value_added
        Value-added rows x sectors: ``VA001``..``VA004``.
    output
        Gross output ``x`` (the ``GO`` column).
    total_input
        Total input (the ``TI`` row); equals ``output`` in a balanced table.
    Z_imports, final_demand_imports
        Imported intermediate and final use (non-competitive tables only), else ``None``.
    region
        Canonical region code (see :mod:`revitalize.model.regions`): ``"000000"`` for China;
        ``None`` when the source does not say (a user's table read without ``region=``).
    year
        Table year; ``None`` when the source does not say (never guessed).
    unit
        Unit of every flow, e.g. ``"10^4 CNY"`` (万元), current producers' prices.
    kind
        ``"competitive"`` or ``"noncompetitive"`` (imports treatment).
    classification
        Name of the sector list, e.g. ``"nbs42_2017"``; used by concordances.
    provenance
        Where the numbers come from.
    notes
        Caveats found on read (e.g. "2 zero-output sectors").
    missing
        Blocks the source does not hold (e.g. ``("final_demand", "other")`` for a file with only
        part one of a table); those frames are empty or zero and every balance that needs them
        is reported as not computable (``row_gap`` is NaN), never as balanced.
    """

    sectors: pd.DataFrame
    Z: pd.DataFrame
    final_demand: pd.DataFrame
    imports: pd.DataFrame
    other: pd.Series
    value_added: pd.DataFrame
    output: pd.Series
    total_input: pd.Series
    region: str | None
    year: int | None
    unit: str
    kind: Literal["competitive", "noncompetitive"] = "competitive"
    classification: str = ""
    provenance: Provenance = field(default_factory=lambda: Provenance(source="unknown"))
    Z_imports: pd.DataFrame | None = None
    final_demand_imports: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        codes = list(self.sectors.index)
        if len(set(codes)) != len(codes):
            dup = pd.Index(codes)[pd.Index(codes).duplicated()].tolist()
            raise InputError(f"duplicate sector codes {dup}", field="sectors",
                             expected="each sector code once")
        if "name_cn" in self.sectors:  # English names are translations: some repeat in the NBS
            col = "name_cn"            # 2002 122-sector table (017 and 021), so not checked
            names = self.sectors[col].astype(str).str.strip()
            named = names[(names != "") & (names.str.lower() != "nan")]
            dup = sorted(set(named[named.duplicated()]))
            if dup:
                which = {n: [c for c, m in names.items() if m == n] for n in dup[:5]}
                raise InputError(f"duplicate sector names in {col}: "
                                 + "; ".join(f"{n!r} (codes {cs})" for n, cs in which.items()),
                                 field="sectors", expected="each sector name once")
        bad = [b for b in self.missing if b not in _BLOCKS]
        if bad:
            raise InputError(f"unknown missing block(s) {bad}", field="missing",
                             expected=f"some of {list(_BLOCKS)}")
        for name in ("Z", "Z_imports"):
            frame = getattr(self, name)
            if frame is None:
                continue
            if list(frame.index) != codes or list(frame.columns) != codes:
                raise InputError(
                    f"{name} is not labelled sectors x sectors in the order of `sectors`",
                    field=name,
                    expected=f"{len(codes)} x {len(codes)} frame with index and columns {codes[:3]}...",
                )
        for name in ("final_demand", "imports", "final_demand_imports"):
            frame = getattr(self, name)
            if frame is not None and list(frame.index) != codes:
                raise InputError(f"{name} rows are not the sectors in order", field=name)
        for name in ("other", "output", "total_input"):
            if list(getattr(self, name).index) != codes:
                raise InputError(f"{name} is not indexed by the sectors in order", field=name)
        if list(self.value_added.columns) != codes:
            raise InputError("value_added columns are not the sectors in order", field="value_added")
        if self.kind not in ("competitive", "noncompetitive"):
            raise InputError(f"unknown kind {self.kind!r}", field="kind",
                             expected="'competitive' or 'noncompetitive'")

    # ------------------------------------------------------------------ basic properties
    @property
    def codes(self) -> list[str]:
        """Sector codes in order."""
        return list(self.sectors.index)

    @property
    def n(self) -> int:
        """Number of sectors."""
        return len(self.sectors)

    @property
    def label(self) -> str:
        """Short description, e.g. ``"210000 2017 (42 sectors, competitive)"``."""
        region = self.region if self.region is not None else "region unknown"
        year = self.year if self.year is not None else "year unknown"
        return f"{region} {year} ({self.n} sectors, {self.kind})"

    # ------------------------------------------------------------------ display
    def _summary_pairs(self) -> list[tuple[str, str]]:
        """(field, text) pairs shown by ``repr`` and ``_repr_html_``: labels, never the flows."""
        region = "unknown" if self.region is None else _region_text(self.region)
        total = float(np.nansum(self.output.to_numpy(float))) if self.n else float("nan")
        prov = self.provenance.file or self.provenance.source
        pairs = [("region", region), ("year", "unknown" if self.year is None else str(self.year)),
                 ("sectors", str(self.n)), ("kind", self.kind), ("unit", self.unit or "--"),
                 ("total output", f"{total:,.0f} {self.unit}".strip()),
                 ("classification", self.classification or "--"), ("source", str(prov))]
        if self.missing:
            pairs.append(("missing blocks", ", ".join(self.missing)))
        if self.notes:
            pairs.append(("notes", f"{len(self.notes)}"))
        return pairs

    def __repr__(self) -> str:
        """A few lines of labels (the dataclass default printed every flow: ~300 lines)."""
        return labelled_repr("IOTable", self._summary_pairs())

    def _repr_html_(self) -> str:
        """Notebook view: the same fields as ``repr`` in a small escaped HTML table."""
        return labelled_html("IOTable", self._summary_pairs())

    def total_value_added(self) -> pd.Series:
        """Total value added by sector (sum of the ``VA`` rows)."""
        return self.value_added.sum(axis=0)

    # ------------------------------------------------------------------ balances
    def row_gap(self) -> pd.Series:
        """Row-balance residual ``uses - x`` by sector, in the table's unit.

        Competitive: ``Z 1 + Y 1 - M 1 + E - x``; non-competitive: ``Z^d 1 + Y^d 1 - x``.
        """
        if {"final_demand", "other", "imports"} & set(self.missing):
            return pd.Series(np.nan, index=self.output.index)
        uses = self.Z.sum(axis=1) + self.final_demand.sum(axis=1) + self.other
        if self.kind == "competitive":
            uses = uses - self.imports.sum(axis=1)
        return uses - self.output

    def import_row_gap(self) -> pd.Series | None:
        """Non-competitive tables: ``Z^m 1 + Y^m 1 - m`` by product; ``None`` otherwise."""
        if self.Z_imports is None:
            return None
        fdm = self.final_demand_imports
        uses = self.Z_imports.sum(axis=1) + (0.0 if fdm is None else fdm.sum(axis=1))
        total = self.imports["IM"] if "IM" in self.imports else self.imports.sum(axis=1)
        return uses - total

    def column_gap(self) -> pd.Series:
        """Column-balance residual ``Z'1 (+ Z^m'1) + V'1 - total input`` by sector."""
        if "value_added" in self.missing:
            return pd.Series(np.nan, index=self.total_input.index)
        inputs = self.Z.sum(axis=0) + self.value_added.sum(axis=0)
        if self.Z_imports is not None:
            inputs = inputs + self.Z_imports.sum(axis=0)
        return inputs - self.total_input

    # ------------------------------------------------------------------ (de)serialisation
    def to_long(self) -> pd.DataFrame:
        """All blocks as one long frame ``block, row, col, value`` (for the store)."""
        parts = []
        for block in _BLOCKS:
            obj = getattr(self, block)
            if obj is None:
                continue
            if isinstance(obj, pd.Series):
                frame = pd.DataFrame({"row": obj.index.astype(str), "col": "", "value": obj.to_numpy(float)})
            else:
                stacked = obj.stack(future_stack=True) if obj.size else pd.Series(dtype=float)
                frame = pd.DataFrame(
                    {
                        "row": [str(r) for r, _ in stacked.index],
                        "col": [str(c) for _, c in stacked.index],
                        "value": stacked.to_numpy(float),
                    }
                )
                if obj.shape[1] == 0:  # keep an empty block's existence
                    frame = pd.DataFrame({"row": [""], "col": [""], "value": [np.nan]})
            frame.insert(0, "block", block)
            parts.append(frame)
        return pd.concat(parts, ignore_index=True)

    @classmethod
    def from_long(cls, long: pd.DataFrame, sectors: pd.DataFrame, **attrs) -> IOTable:
        """Inverse of :meth:`to_long`; ``attrs`` gives region, year, unit, kind, ..."""
        codes = list(sectors.index)
        blocks: dict[str, object] = {}
        for block, part in long.groupby("block", sort=False):
            if block in ("other", "output", "total_input"):
                blocks[block] = pd.Series(part["value"].to_numpy(float), index=part["row"].tolist(),
                                          ).reindex(codes)
            else:
                part = part[part["row"] != ""]
                wide = part.pivot(index="row", columns="col", values="value")
                col_order = list(dict.fromkeys(part["col"]))
                if block in ("Z", "Z_imports"):
                    wide = wide.reindex(index=codes, columns=codes)
                elif block == "value_added":
                    wide = wide.reindex(index=list(dict.fromkeys(part["row"])), columns=codes)
                else:
                    wide = wide.reindex(index=codes, columns=col_order)
                wide.index.name, wide.columns.name = None, None
                blocks[block] = wide.astype(float)
        if "imports" not in blocks:
            blocks["imports"] = pd.DataFrame(index=codes)
        return cls(sectors=sectors, **blocks, **attrs)

    def with_notes(self, *notes: str) -> IOTable:
        """A copy with extra notes appended."""
        return replace(self, notes=self.notes + tuple(notes))
