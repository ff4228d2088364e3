"""Presentation rules shared by every door (HTML report, Excel workbook, CLI tables, dashboard):
one formatting rule per quantity kind and one colour palette per category.

Quantity kinds (:data:`KINDS`):

* ``coefficient`` -- dimensionless ratios and indices (linkage coefficients, multipliers,
  similarity, scores): 3 decimals;
* ``money`` -- amounts in a currency unit (the unit goes in the header): thousands separators,
  no decimals from 1,000 on, 1 decimal below;
* ``percent`` -- values already in percent (``12.34`` means 12.34 %): 2 decimals, the ``%``
  sign in the header (or with ``unit=True``);
* ``probability`` -- shares in ``[0, 1]``: 2 decimals;
* ``count`` -- integers with thousands separators;
* ``rank`` -- integers, no separators;
* ``year`` -- four digits, no separators.

Missing values (None, NaN) print as :data:`MISSING`. Numbers are never printed in scientific
notation. :func:`excel_format` gives the matching Excel number format, so a workbook shows the
same digits as the report while keeping full precision in the cell.

Palettes (:data:`PALETTES`): ``key_sector_class`` (Rasmussen/Hirschman classes), ``province``
(every mainland province, the Northeast, the nation) and ``model`` (forecasting models).
:func:`colour` gives the one colour of a category member, so a class, a province or a model has
the same colour in every chart.
"""

from __future__ import annotations

import math
import zlib
from typing import Any

from revitalize.errors import InputError

__all__ = ["KINDS", "MISSING", "PALETTES", "colour", "excel_format", "format_number"]

KINDS = ("coefficient", "money", "percent", "probability", "count", "rank", "year")
MISSING = "\u2013"  # en dash: a visible "no value", not an empty cell

_DECIMALS = {"coefficient": 3, "percent": 2, "probability": 2, "count": 0, "rank": 0, "year": 0}


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(f"unknown quantity kind {kind!r}", field="kind",
                         expected=f"one of {list(KINDS)}")
    return kind


def _decimals(value: float, kind: str, decimals: int | None) -> int:
    if decimals is not None:
        return int(decimals)
    if kind == "money":
        return 0 if abs(value) >= 1000 else 1
    return _DECIMALS[kind]


def format_number(value: Any, kind: str = "coefficient", *, decimals: int | None = None,
                  unit: bool = False) -> str:
    """``value`` as text by the rule of its quantity ``kind`` (see the module docstring).

    Parameters
    ----------
    value
        A number (int, float, numpy scalar), None or NaN (printed as :data:`MISSING`).
    kind
        One of :data:`KINDS`.
    decimals
        Override of the kind's number of decimals.
    unit
        For ``percent`` only: append ``%`` (for running text; table cells leave the unit to
        the header).

    Examples
    --------
    >>> format_number(11249030.7, "money"), format_number(0.88499, "coefficient")
    ('11,249,031', '0.885')
    >>> format_number(4.6712, "percent", unit=True), format_number(2017, "year")
    ('4.67%', '2017')
    """
    _check_kind(kind)
    if value is None or isinstance(value, str):
        return MISSING if not value else str(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(v):
        return MISSING
    if math.isinf(v):
        return "\u221e" if v > 0 else "-\u221e"
    if kind in ("year", "rank"):
        return f"{v:.0f}"
    d = _decimals(v, kind, decimals)
    if v != 0 and kind != "count" and abs(v) < 0.5 * 10.0 ** -d:  # tiny non-zero, never "0.000"
        d = min(-math.floor(math.log10(abs(v))), 12)
    text = f"{v:,.{d}f}"
    if text.startswith("-") and text.lstrip("-").strip("0.,") == "":
        text = text[1:]
    return text + ("%" if unit and kind == "percent" else "")


def excel_format(kind: str, *, decimals: int | None = None) -> str:
    """The Excel number format of ``kind`` (``percent`` values are already in percent, so the
    format adds no ``%`` scaling; the unit is in the header row)."""
    _check_kind(kind)
    if kind in ("year", "rank"):
        return "0"
    if kind == "money" and decimals is None:
        return "#,##0"
    d = _DECIMALS.get(kind, 0) if decimals is None else int(decimals)
    sep = "#,##0" if kind in ("count", "money", "coefficient") else "0"
    return sep + ("." + "0" * d if d else "")


# ---------------------------------------------------------------------------- palettes
_PROVINCE_ORDER = ("110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
                   "310000", "320000", "330000", "340000", "350000", "360000", "370000", "410000",
                   "420000", "430000", "440000", "450000", "460000", "500000", "510000", "520000",
                   "530000", "540000", "610000", "620000", "630000", "640000", "650000")
_NE_COLOURS = {"210000": "#1f77b4", "220000": "#d62728", "230000": "#2ca02c",
               "NE": "#ff7f0e", "NE4": "#ff7f0e", "000000": "#444444"}
# other provinces: muted colours, distinct from the Northeast's and from each other
_MUTED = ("#8c564b", "#9467bd", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8",
          "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7",
          "#dbdb8d", "#9edae5", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
          "#5254a3", "#8ca252", "#bd9e39", "#ad494a", "#a55194", "#6b6ecf", "#b5cf6b")


def _province_palette() -> dict[str, str]:
    out = dict(_NE_COLOURS)
    others = [c for c in _PROVINCE_ORDER if c not in out]
    out.update(zip(others, _MUTED, strict=False))
    return out


PALETTES: dict[str, dict[str, str]] = {
    "key_sector_class": {"key": "#c0392b", "backward_oriented": "#2e86c1",
                         "forward_oriented": "#27ae60", "weak": "#95a5a6"},
    "province": _province_palette(),
    "model": {"gm11": "#8e44ad", "dgm11": "#a569bd", "verhulst": "#d2b4de", "naive": "#7f8c8d",
              "arima": "#e67e22", "ets": "#16a085", "theta": "#b7950b", "auto": "#2c3e50"},
}
_FALLBACK = ("#5d6d7e", "#a04000", "#1e8449", "#6c3483", "#b9770e", "#117864")


def colour(category: str, key: Any) -> str:
    """The colour of ``key`` in ``category`` (one of :data:`PALETTES`).

    A key the palette does not list (a model added later) gets a fixed colour derived from its
    name (CRC-32), so it is still the same in every chart; an unknown category is an
    :class:`InputError`.
    """
    if category not in PALETTES:
        raise InputError(f"unknown palette {category!r}", field="category",
                         expected=f"one of {sorted(PALETTES)}")
    palette = PALETTES[category]
    key = str(key)
    if key in palette:
        return palette[key]
    return _FALLBACK[zlib.crc32(key.encode("utf-8")) % len(_FALLBACK)]
