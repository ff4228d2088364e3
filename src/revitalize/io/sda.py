"""Structural decomposition analysis (SDA) of output and value added between two IO tables.

Model (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., ch. 13 "structural decomposition"):
with the Leontief inverse ``L = (I - A)^-1``, the model's final demand ``y = x - Z 1`` split into
its level ``f = 1'y`` (a scalar) and its structure (product mix) ``s = y / f``, and the
value-added coefficients ``v_j = VA_j / x_j``,

* output by sector       ``x = L s f``,
* value added by sector  ``w = diag(v) L s f``.

The change between a start (0) and an end (1) year is split into one term per factor (value-
added coefficients ``v``, technology ``L``, final-demand structure ``s``, final-demand level ``f``)
with **no residual**. Switching the factors from their start to their end values one at a time
in a given order gives an exact decomposition; the order matters (Dietzenbacher & Los 1998,
"Structural decomposition techniques: sense and sensitivity", *Economic Systems Research*
10(4), 307-324). Two named methods (``method=``):

* ``"polar_average"`` (default) -- the average of the two polar decompositions: the factors
  switched in product order (``v, L, s, f``) and in reverse order. For a product of factors the
  first polar gives ``Delta x = (Delta L) s0 f0 + L1 (Delta s) f0 + L1 s1 (Delta f)``, the second
  the mirror image with start and end weights exchanged (D&L 1998, eqs. 7-8).
* ``"all_orderings"`` -- the average over all ``k!`` orderings of the ``k`` factors (D&L 1998,
  section 3). It equals the Shapley value: factor ``j`` contributes
  ``sum_{S} |S|! (k-1-|S|)! / k! [F(S + j) - F(S)]`` over the sets ``S`` of other factors already
  at their end values; computed from the ``2^k`` factor states, never the ``k!`` orderings.
  With two factors the two methods coincide.

Checked against Miller & Blair's three-sector, two-period example (2nd ed., section 13.1, eqs.
13.3-13.7, as transcribed by the Leiden CML "Advanced EEIO" course): the polar average's
technology term is their eq. 13.7 to 1e-6 (``tests/io/test_sda_published.py``).

The same switching kernel decomposes any function of the factors; :func:`share_decomposition`
applies it to the share of a region in a reference economy's output, ``1'x_R / 1'x_ref``, with
the factors of the region and of the reference switched together (technology, structure,
level): a ratio is not a product, so only these switching averages are exact there.

Conventions (named keywords, recorded in ``meta["conventions"]``):

* ``technology`` -- ``"total"`` (default: all intermediate flows; the 2002 provincial tables have
  only net outflow and cannot separate imports) or ``"domestic"`` (import proportionality,
  :func:`revitalize.io.coefficients.intermediate_flows`);
* sector lists -- tables on different NBS 42-sector lists are reconciled on a **common
  classification** (:func:`common_sectors`): the sectors of every list joined by the ``main``
  links of :mod:`revitalize.model.sectors` (connected components, so nothing is split and no
  allocation is assumed), named ``nbs42_common_<years>``; a common sector with no predecessor in a
  year's list (2012/2017 repair services, split out of the machinery sectors by minor links)
  enters that year with zero flows, and is listed in ``meta``;
* prices -- current producers' prices unless a ``deflator`` is given: a frame of price levels
  (one row per region, a column per year) or a series (one level per year for every region, e.g.
  :func:`aggregate_deflator`). Every flow of a year (``Z``, ``y``, ``x``, value added) is then
  divided by that year's level P_t (single deflation; sectoral double deflation is not possible:
  the shared data hold no producer price index by IO sector, only the NBS provincial CPI, retail,
  fixed-asset-investment price indices and real-growth indices of the three broad industries).
  Of the factors only the level ``f`` changes (``f_t / P_t``); ``L``, ``s`` and ``v`` are ratios
  of flows of one year and are unchanged. The *effects* are not all unchanged: in the polar
  average every term weighted by an end-year level is divided too, e.g. technology
  ``1/2 (Delta L)(s0 f0 + s1 f1 / P1)`` (with ``P0 = 1``), level
  ``1/2 (L0 s0 + L1 s1)(f1 / P1 - f0)``; the parts still sum to the deflated change. In a
  region's share of a reference economy one common level cancels: the share and its
  decomposition are the same in both price bases (regional levels do not cancel).
  :func:`implicit_deflator` builds IO-table value added over the chained NBS real GDP index.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import (
    BalanceWarning,
    DataQualityWarning,
    InputError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.errors import warn as _warn
from revitalize.io.aggregate import aggregation_matrix
from revitalize.io.coefficients import intermediate_flows, leontief_inverse, spectral_radius
from revitalize.model.sectors import CANONICAL, CLASSIFICATIONS, concordance, sector_list
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta

__all__ = [
    "FACTORS",
    "SDA_METHODS",
    "SDAResult",
    "aggregate_deflator",
    "common_sectors",
    "decompose",
    "implicit_deflator",
    "sda_factors",
    "share_decomposition",
    "structural_decomposition",
    "structural_decomposition_panel",
]

Method = Literal["polar_average", "all_orderings"]
SDA_METHODS: tuple[str, ...] = ("polar_average", "all_orderings")
# Factor names in product order w = diag(v) L s f (output uses the last three).
FACTORS: tuple[str, ...] = ("value_added_coefficients", "technology", "final_demand_structure",
                            "final_demand_level")
_OUTPUT_FACTORS = FACTORS[1:]
_METHOD_TEXT = {
    "polar_average": "average of the two polar decompositions (factors switched in product "
                     "order v, L, s, f and in reverse order; Dietzenbacher & Los 1998)",
    "all_orderings": "average over all k! orderings of the k factors (Dietzenbacher & Los 1998; "
                     "Shapley weights over the 2^k factor states)",
}


# ---------------------------------------------------------------------------- kernels
def decompose(func: Callable[[Sequence], np.ndarray], start: Sequence, end: Sequence,
              method: str = "polar_average") -> np.ndarray:
    """Exact additive decomposition of ``func(end) - func(start)`` into one term per factor.

    ``func`` maps a sequence of factor values to a number or an array. Returns an array of shape
    ``(k, *shape of func)``; its sum over the first axis is ``func(end) - func(start)`` exactly
    (to rounding). Methods: module docstring (Dietzenbacher & Los 1998).
    """
    k = len(start)
    memo: dict[int, np.ndarray] = {}

    def value(mask: int) -> np.ndarray:
        if mask not in memo:
            memo[mask] = np.asarray(func([end[i] if mask >> i & 1 else start[i]
                                          for i in range(k)]), dtype=float)
        return memo[mask]

    base = value(0)
    out = np.zeros((k, *base.shape))
    if method == "polar_average":
        for order in (range(k), range(k - 1, -1, -1)):
            mask = 0
            for i in order:
                out[i] += 0.5 * (value(mask | 1 << i) - value(mask))
                mask |= 1 << i
    elif method == "all_orderings":
        weights = [math.factorial(s) * math.factorial(k - 1 - s) / math.factorial(k)
                   for s in range(k)]
        for i in range(k):
            for mask in range(1 << k):
                if not mask >> i & 1:
                    out[i] += weights[mask.bit_count()] * (value(mask | 1 << i) - value(mask))
    else:
        raise InputError(f"unknown method {method!r}", field="method",
                         expected=f"one of {list(SDA_METHODS)}")
    return out


def sda_factors(Z: np.ndarray, x: np.ndarray, va: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``(v, L, s, f)`` of one table: ``v = va / x``, ``L = (I - Z diag(x)^-1)^-1``,
    ``y = x - Z 1``, ``f = 1'y``, ``s = y / f``. Sectors with ``x_j = 0`` get zero coefficients."""
    inv = np.divide(1.0, x, out=np.zeros(len(x)), where=x != 0)
    L = leontief_inverse(Z * inv[np.newaxis, :])
    y = x - Z.sum(axis=1)
    f = float(y.sum())
    return va * inv, L, y / f, f


def _output(factors: Sequence) -> np.ndarray:
    L, s, f = factors
    return (L @ s) * f


def _value_added(factors: Sequence) -> np.ndarray:
    v, L, s, f = factors
    return v * ((L @ s) * f)


# ---------------------------------------------------------------------------- common sectors
@cache
def _common(classifications: tuple[str, ...]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for cls in classifications:
        for code in sector_list(cls).index:
            find((cls, code))
        if cls == CANONICAL:
            continue
        links = concordance(cls, CANONICAL)
        for a, b in zip(*(links.loc[links["kind"] == "main", c] for c in ("from_code", "to_code"))):
            parent[find((cls, a))] = find((CANONICAL, b))
    for code in sector_list(CANONICAL).index:
        find((CANONICAL, code))
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    canon = sector_list(CANONICAL)
    rows, maps = [], {cls: [] for cls in classifications}
    for members in groups.values():
        in_canon = sorted(c for cls, c in members if cls == CANONICAL)
        code = in_canon[0]
        absent = [cls for cls in classifications if not any(m[0] == cls for m in members)]
        rows.append({"code": code, "name_cn": "; ".join(canon.loc[in_canon, "name_cn"]),
                     "name_en": "; ".join(canon.loc[in_canon, "name_en"]),
                     "members_2017": " ".join(in_canon), "absent_in": " ".join(absent)})
        for cls, c in members:
            if cls in maps:
                maps[cls].append({"from_code": c, "to_code": code})
    sectors = pd.DataFrame(rows).sort_values("code").set_index("code")
    return ({cls: pd.DataFrame(m).sort_values("from_code").reset_index(drop=True)
             for cls, m in maps.items()}, sectors)


def common_sectors(classifications: Sequence[str]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The common classification of several NBS 42-sector lists (module docstring).

    Returns
    -------
    (maps, sectors)
        ``maps[classification]``: ``from_code, to_code`` (every sector of that list mapped to one
        common sector); ``sectors``: index ``code`` (the smallest 2017 code of the group),
        ``name_cn``, ``name_en`` (the 2017 names joined), ``members_2017``, ``absent_in`` (lists
        with no sector in the group). ``sectors.attrs["classification"]`` names it.
    """
    bad = [c for c in classifications if c not in CLASSIFICATIONS]
    if bad:
        raise UnknownLabelError(f"sector lists {bad} have no concordance", field="classification",
                                expected=f"lists among {list(CLASSIFICATIONS)} (aggregate other "
                                         "tables to one list first)")
    key = tuple(sorted(set(classifications), key=CLASSIFICATIONS.index))
    maps, sectors = _common(key)
    sectors = sectors.copy()
    sectors.attrs["classification"] = "nbs42_common_" + "_".join(c.split("_")[-1] for c in key)
    return {c: m.copy() for c, m in maps.items()}, sectors


# ---------------------------------------------------------------------------- shells
@dataclass(frozen=True)
class SDAResult(Result):
    """``table``: one row per region, start and end year, quantity (``output``,
    ``value_added``) and common sector: ``start``, ``end``, ``change`` and one column per factor
    (:data:`FACTORS`; ``value_added_coefficients`` is NaN for output, which does not depend on
    it). The factor columns sum to ``change`` exactly. ``extra["totals"]``: the same summed over
    sectors; ``extra["sectors"]``: the common classification."""

    @property
    def totals(self) -> pd.DataFrame:
        return self.extra["totals"]


def _deflate(deflator: pd.DataFrame | pd.Series | None, region: str, year: int) -> float:
    if deflator is None:
        return 1.0
    try:
        level = float(deflator.loc[year] if isinstance(deflator, pd.Series)
                      else deflator.loc[region, year])
    except KeyError:
        raise UnknownLabelError(f"no price level for region {region}, year {year}",
                                field="deflator", expected="a deflator row per region (or one "
                                                           "series) and a level per table year"
                                ) from None
    if not np.isfinite(level) or level <= 0:
        raise ValidationError(f"price level {level} for region {region}, year {year}",
                              field="deflator", expected="a positive price level")
    return level


def _check_zero(label: str, codes: Sequence[str], x: np.ndarray, zero_output: str) -> None:
    zero = [c for c, v in zip(codes, x) if not v > 0]
    if zero and zero_output == "raise":
        raise ValidationError(f"sectors {zero} have zero or negative output", file=label,
                              field="output", expected="positive output (or zero_output='zero')")
    if zero:
        _warn(f"{label}: sectors {zero} have zero output; their coefficients are zero "
              "(zero_output='zero')", BalanceWarning, stacklevel=4)


def _check_negative(table: IOTable, Z: np.ndarray, negative_flows: str) -> None:
    bad = np.argwhere(Z < 0)
    if not len(bad):
        return
    codes = table.codes
    cells = ", ".join(f"({codes[i]}, {codes[j]}) = {Z[i, j]:.6g}" for i, j in bad[:5])
    message = f"{len(bad)} negative intermediate flows: {cells}{' ...' if len(bad) > 5 else ''}"
    if negative_flows == "raise":
        raise ValidationError(message, file=table.label, field="Z",
                              expected="non-negative flows (or negative_flows='keep')")
    _warn(f"{table.label}: {message}; kept as published (negative_flows='keep')",
          DataQualityWarning, stacklevel=4)


def _arrays(table: IOTable, C: np.ndarray | None, opts: dict, deflate: float,
            check: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``Z``, ``x``, total value added of ``table`` on the common sectors, in the chosen prices
    (zero output checked on the table's own sectors when ``check``)."""
    Z = intermediate_flows(table, opts["technology"], opts["import_share"])
    _check_negative(table, Z, opts["negative_flows"])
    x = table.output.to_numpy(float)
    va = table.total_value_added().to_numpy(float)
    if check:
        _check_zero(table.label, table.codes, x, opts["zero_output"])
    if C is not None:
        Z, x, va = C.T @ Z @ C, C.T @ x, va @ C
    return Z / deflate, x / deflate, va / deflate


def _factors(label: str, Z: np.ndarray, x: np.ndarray, va: np.ndarray) -> tuple:
    v, L, s, f = sda_factors(Z, x, va)
    A = Z * np.divide(1.0, x, out=np.zeros(len(x)), where=x != 0)[np.newaxis, :]
    if A.size and A.sum(axis=0).max() >= 1.0 and spectral_radius(A) >= 1.0:
        raise ValidationError("spectral radius of A >= 1", file=label, field="A",
                              expected="a productive table (spectral radius < 1)")
    if not f > 0:
        raise ValidationError(f"final demand level 1'(x - Z 1) = {f:.6g} is not positive",
                              file=label, field="final_demand",
                              expected="positive total final demand")
    return v, L, s, f


def _check_modes(method: str, zero_output: str, negative_flows: str) -> None:
    if negative_flows not in ("raise", "keep"):
        raise InputError(f"unknown negative_flows {negative_flows!r}", field="negative_flows",
                         expected="'raise' or 'keep'")
    if method not in SDA_METHODS:
        raise InputError(f"unknown method {method!r}", field="method",
                         expected=f"one of {list(SDA_METHODS)}")
    if zero_output not in ("raise", "zero"):
        raise InputError(f"unknown zero_output {zero_output!r}", field="zero_output",
                         expected="'raise' or 'zero'")


def _setup(tables: Sequence[IOTable]) -> tuple[dict[str, np.ndarray | None], pd.DataFrame]:
    """Aggregation matrices from each table's list to the common sectors (``None``: same list)."""
    lists = sorted({t.classification for t in tables})
    if len(lists) == 1 and lists[0] not in CLASSIFICATIONS:
        first = tables[0]
        if any(t.codes != first.codes for t in tables):
            raise InputError("tables on one unnamed sector list have different sector codes",
                             field="classification", expected="the same sectors in every table")
        sectors = first.sectors.assign(absent_in="")
        sectors.attrs["classification"] = lists[0] or "as given"
        return {lists[0]: None}, sectors
    maps, sectors = common_sectors(lists)
    targets = list(sectors.index)
    mats, codes = {}, {cls: sector_list(cls).index.tolist() for cls in lists}
    for cls in lists:
        m = maps[cls]
        mats[cls] = aggregation_matrix(codes[cls], targets, m["from_code"], m["to_code"],
                                       np.ones(len(m)))
    for t in tables:
        if t.codes != codes[t.classification]:
            raise InputError(f"{t.label}: sector codes are not those of {t.classification}",
                             field="sectors", expected="the 42 codes of the list, in order")
    return mats, sectors


def _rows(region: str, y0: int, y1: int, quantity: str, start: np.ndarray, end: np.ndarray,
          parts: np.ndarray, names: Sequence[str]) -> dict[str, object]:
    """Columns of one region, transition and quantity (frames are built once, in _result)."""
    nan = np.full(len(start), np.nan)
    return {"region": region, "start_year": y0, "end_year": y1, "quantity": quantity,
            "start": start, "end": end, "change": end - start,
            **{name: parts[names.index(name)] if name in names else nan for name in FACTORS}}


def _pair(region: str, t0: IOTable, t1: IOTable, mats, opts: dict,
          cache: dict | None = None) -> list[dict]:
    cache = {} if cache is None else cache  # a year's factors serve both its transitions
    for t in (t0, t1):
        if (region, t.year) not in cache:
            arrays = _arrays(t, mats[t.classification], opts,
                             _deflate(opts["deflator"], region, t.year))
            cache[region, t.year] = _factors(t.label, *arrays)
    state = [cache[region, t0.year], cache[region, t1.year]]
    out = decompose(_output, state[0][1:], state[1][1:], opts["method"])
    va = decompose(_value_added, state[0], state[1], opts["method"])
    return [_rows(region, t0.year, t1.year, "output", _output(state[0][1:]),
                  _output(state[1][1:]), out, _OUTPUT_FACTORS),
            _rows(region, t0.year, t1.year, "value_added", _value_added(state[0]),
                  _value_added(state[1]), va, FACTORS)]


def _frame(blocks: list[dict], sectors: pd.DataFrame) -> pd.DataFrame:
    n = len(sectors)
    cols: dict[str, np.ndarray] = {
        key: np.repeat([b[key] for b in blocks], n)
        for key in ("region", "start_year", "end_year", "quantity")}
    cols["sector"] = np.tile(sectors.index.to_numpy(), len(blocks))
    cols["name"] = np.tile(sectors["name_en"].to_numpy(), len(blocks))
    for key in ("start", "end", "change", *FACTORS):
        cols[key] = np.concatenate([b[key] for b in blocks])
    return pd.DataFrame(cols)


def _result(blocks: list[dict], sectors: pd.DataFrame, tables: Sequence[IOTable],
            opts: dict, method_name: str) -> SDAResult:
    frame = _frame(blocks, sectors)
    keys = ["region", "start_year", "end_year", "quantity"]
    totals = frame.groupby(keys, sort=False)[["start", "end", "change", *FACTORS]].sum(
        min_count=1).reset_index()
    deflator = opts["deflator"]
    absent = {k: v for k, v in sectors["absent_in"].items() if v}
    meta = build_meta(method_name, conventions={
        "method": _METHOD_TEXT[opts["method"]], "technology": opts["technology"],
        "import_share": opts["import_share"] if opts["technology"] == "domestic" else None,
        "zero_output": opts["zero_output"], "negative_flows": opts["negative_flows"],
        "model": "x = L s f, w = diag(v) L s f; y = x - Z 1, f = 1'y, s = y / f, v = VA / x",
        "classification": sectors.attrs["classification"],
        "absent_sectors": absent or None,
        "prices": _prices_text(deflator, share=False)},
        provenance=[t.provenance for t in tables], unit=tables[0].unit,
        regions=sorted(frame["region"].unique()), years=sorted({t.year for t in tables}))
    sec = sectors.copy()
    return SDAResult(table=frame, meta=meta, extra={"totals": totals, "sectors": sec})


def _prices_text(deflator: pd.DataFrame | pd.Series | None, *, share: bool) -> str:
    """The price basis in words, with what single deflation does to the decomposition."""
    if deflator is None:
        return "current producers' prices"
    name = deflator.attrs.get("name", "the deflator")
    if isinstance(deflator, pd.Series):
        text = (f"constant prices: every flow of a year (Z, y, x, value added) divided by "
                f"{name}, one price level per year for every region")
        if share:
            return (text + "; the common level cancels in the share (numerator and "
                           "denominator), so the share and its parts equal current prices")
        return (text + "; L, s and v are ratios and unchanged, only the final-demand level f is "
                       "deflated (effects weighted by an end-year level change with it)")
    return (f"constant prices: flows divided by {name} (price level by region and year; "
            "only the final-demand level f is deflated)")


def _options(method, technology, import_share, zero_output, deflator,
             negative_flows="raise") -> dict:
    _check_modes(method, zero_output, negative_flows)
    if deflator is not None and not isinstance(deflator, pd.DataFrame | pd.Series):
        raise InputError(f"deflator is a {type(deflator).__name__}", field="deflator",
                         expected="a DataFrame of price levels (index region code, columns "
                                  "year) or a Series (index year, one level for every region)")
    return dict(method=method, technology=technology, import_share=import_share,
                zero_output=zero_output, deflator=deflator, negative_flows=negative_flows)


def structural_decomposition(start: IOTable, end: IOTable, *, method: Method = "polar_average",
                             technology: str = "total", import_share: str = "use",
                             zero_output: str = "raise", negative_flows: str = "raise",
                             deflator: pd.DataFrame | None = None) -> SDAResult:
    """Decompose the change of output and value added of one region from ``start`` to ``end``.

    Parameters
    ----------
    start, end
        Tables of the same region (any NBS 42-sector lists: reconciled on their common
        classification; or two tables with the same unnamed sector list).
    method
        ``"polar_average"`` (default) or ``"all_orderings"`` (module docstring).
    technology, import_share
        ``"total"`` (default) or ``"domestic"`` with its import-share basis.
    zero_output
        ``"raise"`` (default) refuses sectors with zero output in a table; ``"zero"`` gives them
        zero coefficients and warns. Common sectors absent from a year's list are always zero.
    negative_flows
        ``"raise"`` (default) refuses negative intermediate flows (naming the cells); ``"keep"``
        keeps them as published and warns (some 2002/2007 provincial tables have a few).
    deflator
        Price levels: a frame (index region code, columns years) or a series (index year, one
        level for every region, e.g. :func:`aggregate_deflator`); ``None``: current prices.
        Single deflation changes only the factor ``f`` (module docstring).

    Raises
    ------
    InputError
        Tables of two regions, an unknown method, a deflator that is not a frame.
    ValidationError
        Negative flows, ``rho(A) >= 1``, non-positive total final demand, zero output.
    """
    if start.region != end.region:
        raise InputError(f"tables of two regions ({start.region}, {end.region})", field="end",
                         expected="two years of one region")
    opts = _options(method, technology, import_share, zero_output, deflator, negative_flows)
    mats, sectors = _setup([start, end])
    blocks = _pair(start.region, start, end, mats, opts)
    return _result(blocks, sectors, [start, end], opts, "io_structural_decomposition")


def structural_decomposition_panel(tables: Mapping[int, Mapping[str, IOTable]], *,
                                   regions: Sequence[str] | None = None,
                                   method: Method = "polar_average", technology: str = "total",
                                   import_share: str = "use", zero_output: str = "raise",
                                   negative_flows: str = "raise",
                                   deflator: pd.DataFrame | None = None) -> SDAResult:
    """:func:`structural_decomposition` for each region between consecutive years.

    ``tables[year][region]`` as :func:`revitalize.data.readers.read_provincial_io` returns them
    per year; ``regions`` defaults to those present in every year. All tables share one common
    classification (of every year's list), so the transitions chain.
    """
    years = sorted(tables)
    if len(years) < 2:
        raise InputError(f"{len(years)} year(s) given", field="tables",
                         expected="tables of at least two years")
    present = set.intersection(*(set(tables[y]) for y in years))
    regions = sorted(present) if regions is None else list(regions)
    missing = [(r, y) for r in regions for y in years if r not in tables[y]]
    if missing:
        raise UnknownLabelError(f"no table for (region, year) {missing[:6]}", field="regions",
                                expected="regions with a table in every year")
    opts = _options(method, technology, import_share, zero_output, deflator,
                    negative_flows)
    used = [tables[y][r] for y in years for r in regions]
    mats, sectors = _setup(used)
    cache: dict = {}
    blocks = [b for r in regions for y0, y1 in itertools.pairwise(years)
              for b in _pair(r, tables[y0][r], tables[y1][r], mats, opts, cache)]
    return _result(blocks, sectors, used, opts,
                   "io_structural_decomposition")


# ---------------------------------------------------------------------------- share
def _sum_state(tables: Sequence[IOTable], year: int, mats, sectors: pd.DataFrame, opts: dict,
               label: str) -> tuple:
    """Factors of the sum of ``tables`` (zero output checked on the sum, not on each table)."""
    Z = x = va = 0.0
    for t in tables:
        z_, x_, v_ = _arrays(t, mats[t.classification], opts,
                             _deflate(opts["deflator"], t.region, year), check=False)
        Z, x, va = Z + z_, x + x_, va + v_
    present = [c for c, a in zip(sectors.index, sectors["absent_in"])
               if str(tables[0].classification) not in a]
    keep = sectors.index.isin(present)
    _check_zero(f"{label} {year}", list(sectors.index[keep]), x[keep], opts["zero_output"])
    return _factors(f"{label} {year} (sum of {len(tables)} tables)", Z, x, va)[1:]


def _share(factors: Sequence) -> float:
    (L_r, L_n), (s_r, s_n), (f_r, f_n) = factors
    return float((L_r @ s_r).sum() * f_r / ((L_n @ s_n).sum() * f_n))


def share_decomposition(tables: Mapping[int, Mapping[str, IOTable]], *,
                        region: Sequence[str] = ("210000", "220000", "230000"),
                        reference: Sequence[str] | None = None,
                        method: Method = "polar_average", technology: str = "total",
                        import_share: str = "use", zero_output: str = "raise",
                        negative_flows: str = "raise",
                        deflator: pd.DataFrame | None = None) -> SDAResult:
    """Decompose the change of ``region``'s share in the ``reference`` economy's gross output.

    Both are sums of provincial tables (flows added; trade between the summed provinces stays
    in their outflow/inflow columns). Factors switched together for the region and the
    reference: ``technology`` (both ``L``), ``final_demand_structure`` (both ``s``),
    ``final_demand_level`` (both ``f``, i.e. the region's relative level). Share =
    ``1'L_R s_R f_R / 1'L_ref s_ref f_ref``.

    Parameters
    ----------
    region
        Province codes summed into the region (default: the Northeast, Liaoning + Jilin +
        Heilongjiang).
    reference
        Province codes of the reference economy; default: the provinces with a table in every
        year (recorded in ``meta``; 2002 and 2007 have no Tibet).
    deflator
        As in :func:`structural_decomposition`. A series (one level per year for every
        province) cancels in the share: the result equals current prices; a frame of
        provincial levels does not cancel.
    """
    years = sorted(tables)
    opts = _options(method, technology, import_share, zero_output, deflator,
                    negative_flows)
    common = sorted(set.intersection(*(set(tables[y]) for y in years)))
    reference = common if reference is None else sorted(reference)
    wanted = sorted(set(region) | set(reference))
    missing = [(r, y) for r in wanted for y in years if r not in tables[y]]
    if missing:
        raise UnknownLabelError(f"no table for (region, year) {missing[:6]}", field="reference",
                                expected="provinces with a table in every year")
    used = [tables[y][r] for y in years for r in wanted]
    mats, sectors = _setup(used)
    rows = []
    for y0, y1 in itertools.pairwise(years):
        st = [[_sum_state([tables[y][r] for r in group], y, mats, sectors, opts, name)
               for group, name in ((region, "region"), (reference, "reference"))]
              for y in (y0, y1)]
        f0 = [tuple(g[i] for g in st[0]) for i in range(3)]
        f1 = [tuple(g[i] for g in st[1]) for i in range(3)]
        parts = decompose(_share, f0, f1, method)
        a, b = _share(f0), _share(f1)
        rows.append({"start_year": y0, "end_year": y1, "start": a, "end": b, "change": b - a,
                     **dict(zip(_OUTPUT_FACTORS, parts))})
    meta = build_meta("io_share_decomposition", conventions={
        "method": _METHOD_TEXT[method], "technology": technology,
        "zero_output": zero_output, "negative_flows": negative_flows,
        "share": "1'x_region / 1'x_reference, x = L s f",
        "factors": "region and reference factors switched together",
        "prices": _prices_text(deflator, share=True)},
        provenance=[t.provenance for t in used], region=list(region), reference=list(reference))
    return SDAResult(table=pd.DataFrame(rows), meta=meta, extra={})


# ---------------------------------------------------------------------------- deflator
def implicit_deflator(value_added: pd.DataFrame, real_index: pd.DataFrame, *,
                      base_year: int | None = None, name: str | None = None) -> pd.DataFrame:
    """Price level ``P_t / P_base = (VA_t / VA_base) / prod_{u=base+1..t} (index_u / 100)``.

    Parameters
    ----------
    value_added
        Nominal value added (e.g. the IO tables' total), index region, columns the table years.
    real_index
        Real growth index, previous year = 100 (NBS 地区生产总值指数), index region, columns
        every year from ``base_year + 1`` to the last table year.
    base_year
        Year with price level 1 (default: the first column of ``value_added``).

    Returns
    -------
    pandas.DataFrame
        Price levels, same shape as ``value_added``; ``attrs["name"]`` describes it. Real value
        added deflated by it grows exactly as the chained index.
    """
    years = sorted(int(c) for c in value_added.columns)
    base = years[0] if base_year is None else int(base_year)
    out = pd.DataFrame(index=value_added.index, columns=years, dtype=float)
    for region in value_added.index:
        if region not in real_index.index:
            raise UnknownLabelError(f"no real index for region {region}", field="real_index",
                                    expected="a row per region of value_added")
        for y in years:
            span = range(min(base, y) + 1, max(base, y) + 1)
            gaps = [u for u in span if u not in real_index.columns
                    or not np.isfinite(real_index.loc[region, u])]
            if gaps:
                raise UnknownLabelError(f"region {region}: no real index for years {gaps}",
                                        field="real_index", expected="every year of the span")
            chain = float(np.prod([real_index.loc[region, u] / 100.0 for u in span]))
            volume = chain if y >= base else 1.0 / chain
            out.loc[region, y] = (value_added.loc[region, y] / value_added.loc[region, base]
                                  ) / volume
    out.attrs["name"] = name or (f"implicit value-added deflator ({base} = 1): IO-table value "
                                 "added / chained real growth index")
    return out


def aggregate_deflator(nominal: pd.DataFrame, real_index: pd.DataFrame, years: Sequence[int], *,
                       name: str | None = None) -> pd.Series:
    """Implicit GDP deflator of a sum of regions, base the first of ``years``:

    ``P_t = sum_r N_{r,t} / sum_r (N_{r,base} prod_{u=base+1..t} I_{r,u} / 100)``,

    nominal GDP of the sum over its volume (each region's base-year GDP carried by its chained
    real index, previous year = 100, so the volume is a base-year-weighted aggregate; NBS
    provincial accounts practice, e.g. *China Statistical Yearbook*, 地区生产总值指数). One
    level per year, applied to every region (:func:`structural_decomposition`'s ``deflator``).

    Parameters
    ----------
    nominal, real_index
        Index region, columns year; ``real_index`` needs every year after the base up to the
        last of ``years``, ``nominal`` the base and every one of ``years``, for every region of
        ``nominal`` (no region is dropped silently).
    years
        The table years; the first is the base (level 1).
    """
    years = sorted(int(y) for y in years)
    base = years[0]
    need = {"nominal": (nominal, years),
            "real_index": (real_index, list(range(base + 1, years[-1] + 1)))}
    for field, (frame, cols) in need.items():
        for region in nominal.index:
            gaps = [u for u in cols if region not in frame.index or u not in frame.columns
                    or not np.isfinite(frame.loc[region, u])]
            if gaps:
                raise UnknownLabelError(f"region {region}: no {field} for years {gaps}",
                                        field=field, expected="every region in every year of "
                                                              "the span")
    out = pd.Series(index=pd.Index(years, name="year"), dtype=float)
    for y in years:
        chain = np.prod([real_index.loc[nominal.index, u].to_numpy(float) / 100.0
                         for u in range(base + 1, y + 1)], axis=0)
        out[y] = float(nominal[y].sum() / (nominal[base].to_numpy(float) * chain).sum())
    out.attrs["name"] = name or (f"implicit GDP deflator of the sum of {len(nominal)} regions "
                                 f"({base} = 1): nominal GDP / base-year GDP x chained real "
                                 "index")
    return out
