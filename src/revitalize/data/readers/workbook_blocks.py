"""The numeric blocks of a recognised workbook layout (for :mod:`.workbook`).

Empty cells read as 0 and are listed (never silent); final-use components are the finest
categories present; trade columns' sign and meaning are read by rule and noted
(:func:`_trade_columns`); a sheet without the final-use block reads as part of a table with
``missing=("final_demand", "other")``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.data.readers.lists import sector_list
from revitalize.data.readers.workbook_load import _Layout, _Sheet
from revitalize.errors import LayoutError

__all__: list[str] = []

_FINAL = ("FU101", "FU102", "FU103", "FU201", "FU202", "EX", "OF", "FU302", "NOF")
_IMPORTS = ("IM", "IF", "FU304")
_MEMO_1997 = ("EX", "IM")  # 1997 workbooks: 出口/进口 are memos already inside 调出/调入


def _numbers(sheet: _Sheet, rows: list[int], cols: list[int], what: str,
             blanks: list[str]) -> np.ndarray:
    """Numeric block; empty cells read as 0 and are listed in ``blanks`` (never silent)."""
    out = np.zeros((len(rows), len(cols)))
    for i, r in enumerate(rows):
        line = sheet.grid[r]
        for j, c in enumerate(cols):
            v = line[c] if c < len(line) else None
            if v is None or (type(v) is str and not v.strip()):
                blanks.append(sheet.ref(r, c))
                continue
            value = np.nan
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                value = float(v)
            elif type(v) is str:
                try:
                    value = float(v.replace(",", "").strip())
                except ValueError:
                    pass
            if not np.isfinite(value):
                raise LayoutError(f"non-numeric cell {sheet.ref(r, c)} = {v!r} in the {what} block",
                                  file=sheet.file, row=sheet.ref(r, c), field=what,
                                  expected="a number (an empty cell reads as 0)")
            out[i, j] = value
    return out


_FINAL_ORDER = ("FU101", "FU102", "THC", "FU103", "TC", "FU201", "FU202", "GCF", "EX", "OF",
                "FU302", "NOF")
_LEAF_IF_ALONE = {"THC": ("FU101", "FU102"), "TC": ("FU101", "FU102", "THC", "FU103"),
                  "GCF": ("FU201", "FU202")}


def _final_codes(cat: pd.DataFrame) -> list[str]:
    """Final-use components: the finest categories present (``THC`` is a component when the
    table has no rural/urban split, as in the 1997 tables; likewise ``TC`` and ``GCF``)."""
    return [k for k in _FINAL_ORDER if k in cat and (
        k in _FINAL or (k in _LEAF_IF_ALONE and not any(p in cat for p in _LEAF_IF_ALONE[k])))]


def _subtotals(z: pd.DataFrame, cat: pd.DataFrame, va: pd.DataFrame) -> dict:
    """Stated subtotal -> (stated, sum of its components), for the validator."""
    final = _final_codes(cat)
    out = {}
    if "TIU" in cat:
        out["TIU"] = (cat["TIU"], z.sum(axis=1))
    for code, parts in (("THC", ["FU101", "FU102"]), ("TC", ["FU101", "FU102", "FU103"]),
                        ("GCF", ["FU201", "FU202"]), ("TFU", final)):
        if code in cat and code not in final and parts and all(p in cat for p in parts):
            out[code] = (cat[code], cat[parts].sum(axis=1))
    components = [k for k in va.index if k.startswith("VA")]
    if "TII" in va.index:
        out["TII"] = (va.loc["TII"], z.sum(axis=0))
    if "TVA" in va.index:
        out["TVA"] = (va.loc["TVA"], va.loc[components].sum(axis=0))
    return out


def _trade_columns(cat: pd.DataFrame, cls: str) -> tuple[pd.DataFrame, list[str]]:
    """Sign and meaning of the trade columns, each noted.

    An import/inflow column entered negative (the 1997 tables' 调入) is read as the positive
    amount the row balance subtracts. In the 1997 tables 调出/调入 include foreign trade
    (read as ``FU302``/``FU304``) and Tianjin's 出口/进口 are memo columns inside them (not
    components).
    """
    notes = []
    if cls == "prov38_1997":
        memo = [k for k in _MEMO_1997 if k in cat]
        if memo:
            notes.append(f"出口/进口 columns {memo} are memo items already inside 调出/调入: "
                         "not components")
            cat = cat.drop(columns=memo)
        renamed = {k: v for k, v in (("OF", "FU302"), ("IF", "FU304")) if k in cat}
        if renamed:
            cat = cat.rename(columns=renamed)
            notes.append("调出/调入 (exports/imports included) read as FU302/FU304")
    for k in [k for k in _IMPORTS if k in cat]:
        if cat[k].sum() < 0:
            cat[k] = -cat[k]
            notes.append(f"{k} column entered negative in the sheet; read as the positive "
                         f"amount -{k} that the row balance subtracts")
    return cat, notes


def _blocks(sheet: _Sheet, lay: _Layout) -> tuple[dict, list[str], list[str]]:
    """The labelled frames of the table, notes on how they were read, empty cells read as 0."""
    codes = list(sector_list(lay.cls).index)
    rows = [lay.sector_rows[k] for k in codes]
    cols = [lay.sector_cols[k] for k in codes]
    cat_codes = [k for k in (*_FINAL, *_IMPORTS, "ERR", "GO", "TIU", "THC", "TC", "GCF", "TFU")
                 if k in lay.columns]
    va_codes = [k for k in ("VA001", "VA002", "VA003", "VA004", "TII", "TVA", "TI")
                if k in lay.rows]
    blanks: list[str] = []
    z = pd.DataFrame(_numbers(sheet, rows, cols, "intermediate", blanks), codes, codes)
    cat = pd.DataFrame(_numbers(sheet, rows, [lay.columns[k] for k in cat_codes], "final-use",
                                blanks), codes, cat_codes)
    va = pd.DataFrame(_numbers(sheet, [lay.rows[k] for k in va_codes], cols, "value-added",
                               blanks), va_codes, codes)
    notes = [f"{len(blanks)} empty cell(s) in the data block read as 0: " + ", ".join(blanks[:8])
             + ("..." if len(blanks) > 8 else "")] if blanks else []
    cat, trade_notes = _trade_columns(cat, lay.cls)
    notes += trade_notes
    final = _final_codes(cat)
    missing: tuple[str, ...] = ()
    if not final:
        missing = ("final_demand", "other")
        notes.append("part of a table only: no final-use columns (consumption, capital "
                     "formation, exports, outflow) and no 其他 (ERR) column in the sheet; the final "
                     "demand is unknown and the row balance cannot be checked")
    elif "ERR" not in cat:
        notes.append("no 其他 (ERR) column: statistical discrepancy set to 0")
    absent = [k for k in ("VA001", "VA002", "VA003", "VA004") if k not in va.index]
    if absent:
        notes.append(f"value-added rows {absent} not in the workbook")
    components = [k for k in va_codes if k.startswith("VA")]
    blocks = {
        "Z": z, "final_demand": cat[final], "missing": missing,
        "imports": cat[[k for k in _IMPORTS if k in cat]],
        "other": cat["ERR"] if "ERR" in cat else pd.Series(0.0, index=codes),
        "value_added": va.loc[components], "output": cat["GO"], "total_input": va.loc["TI"],
        "subtotals": _subtotals(z, cat, va),
    }
    return blocks, notes, blanks


