"""Interregional input-output models: multipliers, spillovers, feedbacks and what stays at home.

Estimation from single-region (provincial) tables -- :func:`chenery_moses_table`
-----------------------------------------------------------------------------------
The provincial tables are competitive tables whose final-use block carries exports ``EX``,
outflows to other provinces ``OF``, imports ``IM`` and inflows from other provinces ``IF``
(2012 and 2017 layouts; the 2002 table has only net outflow and the 2007 one mixes foreign
and domestic trade, both refused). They do not say which using sector buys the inflows, nor
from which province they come. The multiregional table is estimated by the column-coefficient
(Chenery-Moses) model (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 3.4
"multiregional input-output models"; Chenery 1953, Moses 1955) under two assumptions:

1. **Import (inflow) proportionality** -- every user of product ``i`` in province ``s``
   (each sector and each domestic final-demand category) buys the same shares of it from the
   province itself, from other provinces and from abroad. With ``import_share="supply"``
   (default) the shares are those of total supply, ``x_i``, ``IF_i``, ``IM_i`` over
   ``x_i + IF_i + IM_i`` (exports and outflows drawn from all sources alike, so re-exports are
   allowed and every share lies in [0, 1]); with ``"use"`` they are shares of domestic use
   ``x - EX - OF + IM + IF`` (exports and outflows made at home; refused where they exceed
   output), as in :mod:`revitalize.io.coefficients`.
2. **Pooled origins** -- the inflows of product ``i`` into ``s`` come from the other provinces
   in proportion to their outflows of ``i``: ``t^{rs}_i = OF^r_i / sum_{k != s} OF^k_i``.

So ``Z^{rs} = diag(p^{rs}) Z_s`` and ``Y^{rs} = diag(p^{rs}) y_s`` with ``p^{ss}`` the own share
and ``p^{rs} = p^{IF}_s t^{rs}`` (``y_s``: domestic final use of ``s``: consumption, capital
formation and the discrepancy ``ERR``). Exports stay each province's foreign final demand; the
imported shares leave the system. Recorded limits: the estimated shipments of a province need
not equal its reported outflows (``meta["outflow_gap"]``), and the model's output ``L Y 1``
need not equal the reported output (``meta["output_gap"]`` of :func:`spillovers`:
``sum |L Y 1 - x| / sum x``); the coefficients use reported
output. Provinces are then summed into the requested regions (two regions: the Northeast and
the rest of China; four: each Northeast province and the rest) by ``Z* = G' Z G``.

Analysis -- :func:`spillovers` (any :class:`MultiRegionalTable`, including a user's MRIO)
------------------------------------------------------------------------------------------
With ``A`` the multiregional coefficients, ``L = (I - A)^-1`` and, for region ``r``, the
intraregional inverse ``M1_r = (I - A^{rr})^-1``, the output multiplier of sector ``j`` in ``r``
(column sum of ``L``) is split two ways:

* Miller's interregional feedback decomposition (Miller & Blair 2009, section 3.3.3 and
  Miller 1966): ``total = intraregional + feedback + sum_s spillover_s`` with
  ``intraregional = 1' M1_r e_j`` (incl. the initial unit), ``feedback = 1' (L^{rr} - M1_r) e_j``
  and ``spillover_s = 1' L^{sr} e_j``; ``retention = (intraregional + feedback) / total``;
* Round's (1985) multiplicative decomposition ``L = M3 M2 M1`` (Stone; Round 1985,
  *Economic Journal* 95; Sonis & Hewings), ``M1 = (I - A_d)^-1`` (block diagonal),
  ``A* = M1 A_o`` (``A_o`` the off-diagonal blocks), ``M2 = I + A* + ... + A*^{R-1}``,
  ``M3 = (I - A*^R)^-1`` for ``R`` regions, additively ``L = I + (M1 - I) + (M2 - I) M1 +
  (M3 - I) M2 M1``: ``initial + intraregional_effect + open_loop + closed_loop = total``.
  Only column sums are formed (row-vector recursions), never ``M2`` or ``M3``.

A demand shock in region ``s`` (:attr:`SpilloverResult.demand_shock`): one unit of ``s``'s
domestic final use spread over products and origins as in ``Y[:, s]``; the output and value
added it generates in every region, and the share that stays in ``s``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import BalanceWarning, InputError, UnknownLabelError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.coefficients import leontief_inverse, spectral_radius
from revitalize.model.table import IOTable
from revitalize.results import Provenance, Result, build_meta

__all__ = [
    "MultiRegionalTable",
    "SpilloverResult",
    "chenery_moses_table",
    "feedback_decomposition",
    "multiregional_table",
    "origin_shares",
    "round_decomposition",
    "spillovers",
    "supply_shares",
]

ImportShare = Literal["use", "supply"]
_DOMESTIC_FD = ("FU101", "FU102", "THC", "FU103", "FU201", "FU202")
_TOL = 1e-9


# ---------------------------------------------------------------------------- kernels
def supply_shares(x: np.ndarray, ex: np.ndarray, of: np.ndarray, im: np.ndarray,
                  inflow: np.ndarray, basis: str = "supply"
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Own, inflow and import shares of the use of each product (module docstring, 1).

    ``basis="supply"``: ``x, IF, IM`` over ``x + IF + IM``; ``"use"``: ``x - EX - OF``, ``IF``,
    ``IM`` over ``x - EX - OF + IF + IM``. Products with no supply get own share 1."""
    own = x if basis == "supply" else x - ex - of
    total = own + inflow + im
    ok = total != 0
    div = lambda a: np.divide(a, total, out=np.zeros(len(total)), where=ok)  # noqa: E731
    return np.where(ok, div(own), 1.0), div(inflow), div(im)


def origin_shares(outflows: np.ndarray) -> np.ndarray:
    """``t[r, s, i] = OF[r, i] / sum_{k != s} OF[k, i]`` (``t[s, s] = 0``; 0 where no other
    region ships ``i``): the pooled-origin assumption (module docstring, 2)."""
    total = outflows.sum(axis=0)
    others = total[np.newaxis, :] - outflows  # (s, i): outflows of every region but s
    t = np.divide(outflows[:, np.newaxis, :], others[np.newaxis, :, :],
                  out=np.zeros((len(outflows), *outflows.shape)),
                  where=others[np.newaxis, :, :] > 0)
    idx = np.arange(len(outflows))
    t[idx, idx, :] = 0.0
    return t


def _column_sums(M: np.ndarray, R: int, n: int) -> np.ndarray:
    """Column sums of ``M`` (Rn x Rn) by row region: ``(R, Rn)``."""
    return M.reshape(R, n, R * n).sum(axis=1)


def feedback_decomposition(A: np.ndarray, R: int) -> dict[str, np.ndarray]:
    """Miller's decomposition of the output multipliers of an ``R``-region model (module
    docstring): ``by_region`` (R x Rn, output in each region per unit of final demand for each
    column), ``intraregional``, ``feedback`` (Rn each), ``L`` and the block-diagonal ``M1``."""
    n = A.shape[0] // R
    L = leontief_inverse(A)
    M1 = np.zeros_like(A)
    for r in range(R):
        b = slice(r * n, (r + 1) * n)
        M1[b, b] = leontief_inverse(A[b, b])
    by_region = _column_sums(L, R, n)
    own = np.repeat(np.arange(R), n)
    intra = M1.sum(axis=0)
    home = by_region[own, np.arange(R * n)]
    return {"L": L, "M1": M1, "by_region": by_region, "intraregional": intra,
            "feedback": home - intra}


def round_decomposition(A: np.ndarray, M1: np.ndarray, R: int,
                        L: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Column sums of Round's additive terms (module docstring): ``intraregional_effect``
    ``1'(M1 - I)``, ``open_loop`` ``1'(M2 - I) M1`` and ``closed_loop`` ``1'(M3 - I) M2 M1``
    (as ``1' L - 1' M2 M1``), each Rn; ``total = 1 + the three``. ``A* = M1 A_o`` is formed
    block by block (``M1`` is block diagonal); ``L`` is reused when given."""
    n = A.shape[0] // R
    A_star = np.empty_like(A)
    for r in range(R):
        b = slice(r * n, (r + 1) * n)
        A_star[b] = M1[b, b] @ A[b]
        A_star[b, b] = 0.0  # M1_r A_o: the own block of A_o is zero
    w = np.ones(A.shape[0])
    acc = np.zeros(A.shape[0])
    for _ in range(R - 1):
        w = w @ A_star
        acc += w
    open_loop = acc @ M1
    total = (leontief_inverse(A) if L is None else L).sum(axis=0)
    m1 = M1.sum(axis=0)
    return {"intraregional_effect": m1 - 1.0, "open_loop": open_loop,
            "closed_loop": total - m1 - open_loop, "total": total}


# ---------------------------------------------------------------------------- the table
@dataclass(frozen=True, eq=False)
class MultiRegionalTable:
    """A multiregional IO table (the documented layout a user's MRIO must follow).

    Attributes
    ----------
    Z
        Intermediate flows, square over ``(region, sector)`` pairs: a two-level MultiIndex on
        both axes, the same pairs in the same order, regions as contiguous blocks, every region
        with the same sectors in the same order. ``Z.loc[(r, i), (s, j)]`` is the flow of
        product ``i`` made in ``r`` to sector ``j`` in ``s``.
    final_demand
        Rows: the same pairs; columns: the regions (domestic final use of each region, by origin
        of the products) and optionally other categories such as ``"EX"`` (exports).
    output
        Gross output by pair (Series, same index).
    value_added
        Value added by pair (Series); ``None`` if not known.
    sector_names, unit, provenance, notes
        English (or Chinese) sector names indexed by sector code; unit of every flow; sources.
    """

    Z: pd.DataFrame
    final_demand: pd.DataFrame
    output: pd.Series
    value_added: pd.Series | None = None
    sector_names: pd.Series | None = None
    unit: str = ""
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    diagnostics: Mapping = field(default_factory=dict)

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(self.Z.index.get_level_values(0)))

    @property
    def sectors(self) -> list[str]:
        return list(dict.fromkeys(self.Z.index.get_level_values(1)))


def multiregional_table(Z: pd.DataFrame, final_demand: pd.DataFrame, output: pd.Series, *,
                        value_added: pd.Series | None = None,
                        sector_names: pd.Series | None = None, unit: str = "",
                        provenance: Sequence[Provenance] = (),
                        notes: Sequence[str] = ()) -> MultiRegionalTable:
    """Validate a user's multiregional table (layout: :class:`MultiRegionalTable`).

    Raises
    ------
    InputError
        ``Z`` not square over one set of (region, sector) pairs, blocks not contiguous or with
        different sectors, frames not indexed by those pairs, final demand without a column per
        region.
    ValidationError
        Negative intermediate flows or output; non-finite values anywhere (final demand and
        value added may be negative: inventory changes, net taxes).
    """
    if not isinstance(Z.index, pd.MultiIndex) or Z.index.nlevels != 2 or not Z.index.equals(
            Z.columns):
        raise InputError("Z is not square over one set of (region, sector) pairs", field="Z",
                         expected="a two-level MultiIndex (region, sector), equal on both axes")
    pairs = Z.index
    regions = list(dict.fromkeys(pairs.get_level_values(0)))
    sectors = list(dict.fromkeys(pairs.get_level_values(1)))
    expected = pd.MultiIndex.from_product([regions, sectors])
    if not pairs.equals(expected):
        raise InputError("regions are not contiguous blocks with the same sectors in order",
                         field="Z", expected=f"pairs {list(expected[:3])}... region by region")
    for name, obj in (("final_demand", final_demand), ("output", output),
                      ("value_added", value_added)):
        if obj is not None and not obj.index.equals(pairs):
            raise InputError(f"{name} is not indexed by the (region, sector) pairs of Z",
                             field=name, expected="the same MultiIndex as Z")
    missing = [r for r in regions if r not in final_demand.columns]
    if missing:
        raise UnknownLabelError(f"final demand has no column for regions {missing}",
                                field="final_demand", expected="one column per region")
    for name, obj in (("Z", Z), ("output", output), ("final_demand", final_demand),
                      ("value_added", value_added)):
        values = np.empty(0) if obj is None else obj.to_numpy(float)
        if not np.isfinite(values).all():
            raise ValidationError(f"{name} has non-finite values", field=name,
                                  expected="finite numbers")
        if name in ("Z", "output") and (values < 0).any():  # final uses may be negative
            raise ValidationError(f"{name} has negative values", field=name,
                                  expected="non-negative flows and output")
    return MultiRegionalTable(Z=Z.astype(float), final_demand=final_demand.astype(float),
                              output=output.astype(float), value_added=value_added,
                              sector_names=sector_names, unit=unit,
                              provenance=tuple(provenance), notes=tuple(notes))


def _trade(table: IOTable) -> dict[str, np.ndarray]:
    need = {"EX", "OF"} - set(table.final_demand.columns) | {"IM", "IF"} - set(
        table.imports.columns)
    if need:
        raise ValidationError(f"{table.label} has no {sorted(need)} columns", file=table.label,
                              field="final_demand/imports",
                              expected="separate EX, OF, IM, IF columns (2012 and 2017 layouts)")
    col = lambda f, c: f[c].to_numpy(float)  # noqa: E731
    fd = table.final_demand
    dom = [c for c in fd.columns if c in _DOMESTIC_FD]
    y = fd[dom].sum(axis=1).to_numpy(float) + table.other.to_numpy(float)
    return {"ex": col(fd, "EX"), "of": col(fd, "OF"), "im": col(table.imports, "IM"),
            "if": col(table.imports, "IF"), "y": y}


def _check_shares(table: IOTable, shares: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """Shares must lie in [0, 1]; rounding noise of the published cells (e.g. an inflow of
    -4.7e-10 万元) within ``_TOL`` is rounded to the bound, anything beyond is refused."""
    own = shares[0]
    low = np.minimum.reduce([s.min() for s in shares]) if own.size else 0.0
    if low >= -_TOL and max(s.max() for s in shares) <= 1.0 + _TOL:
        return tuple(np.clip(s, 0.0, 1.0) for s in shares)
    bad = [c for k, c in enumerate(table.codes)
           if not all(-_TOL <= s[k] <= 1.0 + _TOL for s in shares)]
    if bad:
        raise ValidationError(f"own-supply shares fall outside [0, 1] in sectors {bad} (exports "
                              "and outflows exceed output)", file=table.label,
                              field="import_share", expected="import_share='supply' and "
                                                            "non-negative trade columns")


def chenery_moses_table(tables: Mapping[str, IOTable], *,
                        regions: Mapping[str, Sequence[str]] | None = None,
                        import_share: ImportShare = "supply") -> MultiRegionalTable:
    """Estimate a multiregional table from one year's provincial tables (module docstring).

    Parameters
    ----------
    tables
        Provincial tables of one year keyed by region code, all with the same sectors and
        separate ``EX, OF, IM, IF`` columns (:func:`revitalize.data.readers.read_provincial_io`
        on the 2012 or 2017 file). Every province shipping to the others should be present:
        the pooled origins are shares of the provinces given.
    regions
        Groups of province codes summed into the model's regions, e.g. ``{"NE": [...],
        "rest": [...]}``; default: each province its own region. Every province in one group.
    import_share
        ``"supply"`` (default) or ``"use"`` (assumption 1 of the module docstring).
    """
    if import_share not in ("use", "supply"):
        raise InputError(f"unknown import_share {import_share!r}", field="import_share",
                         expected="'use' or 'supply'")
    codes = sorted(tables)
    first = tables[codes[0]]
    if len({t.year for t in tables.values()}) != 1 or any(
            tables[c].codes != first.codes for c in codes):
        raise InputError("tables of several years or sector lists", field="tables",
                         expected="one year's tables on one sector list")
    R, n = len(codes), first.n
    trade = [_trade(tables[c]) for c in codes]
    x = np.array([tables[c].output.to_numpy(float) for c in codes])
    shares = [supply_shares(x[k], t["ex"], t["of"], t["im"], t["if"], import_share)
              for k, t in enumerate(trade)]
    shares = [_check_shares(tables[c], sh) for c, sh in zip(codes, shares)]
    t_origin = origin_shares(np.array([t["of"] for t in trade]))
    orphan = [(codes[s], first.codes[i]) for s in range(R) for i in range(n)
              if shares[s][1][i] > 0 and t_origin[:, s, i].sum() == 0]
    if orphan:
        raise ValidationError(f"inflows with no other province shipping the product: "
                              f"{orphan[:6]}", field="OF", expected="outflows to pool from")
    Z = np.zeros((R * n, R * n))
    Y = np.zeros((R * n, R))
    for s, c in enumerate(codes):
        own, inflow, _ = shares[s]
        p = t_origin[:, s, :] * inflow[np.newaxis, :]  # (r, i)
        p[s] = own
        Zs = tables[c].Z.to_numpy(float)
        Z[:, s * n:(s + 1) * n] = (p.reshape(R * n, 1) * np.tile(Zs, (R, 1)))
        Y[:, s] = p.reshape(R * n) * np.tile(trade[s]["y"], R)
    ex = np.concatenate([t["ex"] for t in trade])
    va = np.concatenate([tables[c].total_value_added().to_numpy(float) for c in codes])
    shipped = (Z.sum(axis=1) + Y.sum(axis=1)).reshape(R, n)
    own_use = np.array([shares[s][0] for s in range(R)]) * np.array(
        [tables[c].Z.to_numpy(float).sum(axis=1) + trade[s]["y"] for s, c in enumerate(codes)])
    est_out = (shipped - own_use).sum()
    diag = {"outflow_gap": float(est_out / sum(t["of"].sum() for t in trade) - 1.0),
            "provinces": codes, "import_share": import_share, "year": first.year}
    names = first.sectors["name_en"].where(first.sectors["name_en"] != "", first.sectors["name_cn"])
    pairs = pd.MultiIndex.from_product([codes, first.codes], names=["region", "sector"])
    table = MultiRegionalTable(
        Z=pd.DataFrame(Z, index=pairs, columns=pairs),
        final_demand=pd.DataFrame(np.column_stack([Y, ex]), index=pairs, columns=[*codes, "EX"]),
        output=pd.Series(x.reshape(-1), index=pairs), value_added=pd.Series(va, index=pairs),
        sector_names=names, unit=first.unit,
        provenance=tuple(tables[c].provenance for c in codes),
        notes=(f"Chenery-Moses estimate from {R} provincial tables of {first.year}",),
        diagnostics=diag)
    return table if regions is None else aggregate_regions(table, regions)


def aggregate_regions(table: MultiRegionalTable, regions: Mapping[str, Sequence[str]]
                      ) -> MultiRegionalTable:
    """Sum the regions of ``table`` into groups: ``Z* = G' Z G``, ``Y*`` (rows and the region
    columns), ``x* = G' x``, ``v* = G' v``. Every region in exactly one group."""
    have = table.regions
    listed = [r for g in regions.values() for r in g]
    unknown = sorted(set(listed) - set(have))
    unmapped = [r for r in have if r not in listed]
    dup = sorted({r for r in listed if listed.count(r) > 1})
    if unknown or unmapped or dup:
        raise InputError(f"region groups: unknown {unknown}, unmapped {unmapped}, twice {dup}",
                         field="regions", expected=f"each of {have} in exactly one group")
    sectors, n = table.sectors, len(table.sectors)
    group_of = {r: g for g, members in regions.items() for r in members}
    groups = list(regions)
    Gr = np.zeros((len(have), len(groups)))
    for k, r in enumerate(have):
        Gr[k, groups.index(group_of[r])] = 1.0
    G = np.kron(Gr, np.eye(n))
    pairs = pd.MultiIndex.from_product([groups, sectors], names=["region", "sector"])
    fd = table.final_demand
    other = [c for c in fd.columns if c not in have]
    Y = G.T @ fd[have].to_numpy(float) @ Gr
    Yo = G.T @ fd[other].to_numpy(float)
    vec = lambda s: None if s is None else pd.Series(G.T @ s.to_numpy(float), index=pairs)  # noqa: E731
    return MultiRegionalTable(
        Z=pd.DataFrame(G.T @ table.Z.to_numpy(float) @ G, index=pairs, columns=pairs),
        final_demand=pd.DataFrame(np.column_stack([Y, Yo]), index=pairs,
                                  columns=[*groups, *other]),
        output=vec(table.output), value_added=vec(table.value_added),
        sector_names=table.sector_names, unit=table.unit, provenance=table.provenance,
        notes=(*table.notes, f"regions summed into {groups}"),
        diagnostics={**table.diagnostics,
                     "regions": {g: list(m) for g, m in regions.items()}})


# ---------------------------------------------------------------------------- analysis
@dataclass(frozen=True)
class SpilloverResult(Result):
    """``table``: one row per (region, sector): output multiplier ``total`` split by Miller
    (``intraregional + feedback + spillover = total``, ``spillover_<region>`` per other
    region, ``retention``) and by Round (``initial + intraregional_effect + open_loop +
    closed_loop = total``). ``extra["demand_shock"]``: per region of spending, output and value
    added generated in each region per unit of domestic final use, and the shares retained.
    ``extra["L"]``: the labelled Leontief inverse."""

    @property
    def demand_shock(self) -> pd.DataFrame:
        return self.extra["demand_shock"]


def _coefficients(table: MultiRegionalTable, zero_output: str) -> tuple[np.ndarray, np.ndarray]:
    x = table.output.to_numpy(float)
    zero = [p for p, v in zip(table.Z.index, x) if not v > 0]
    if zero and zero_output == "raise":
        raise ValidationError(f"{len(zero)} (region, sector) pairs have zero output: {zero[:6]}",
                              field="output", expected="positive output (or zero_output='zero')")
    if zero:
        _warn(f"{len(zero)} (region, sector) pairs have zero output ({zero[:6]}); their "
              "coefficients are zero (zero_output='zero')", BalanceWarning, stacklevel=3)
    inv = np.divide(1.0, x, out=np.zeros(len(x)), where=x > 0)
    A = table.Z.to_numpy(float) * inv[np.newaxis, :]
    if A.sum(axis=0).max() >= 1.0 and spectral_radius(A) >= 1.0:
        raise ValidationError("spectral radius of the multiregional A >= 1", field="A",
                              expected="a productive table")
    return A, inv


def _shock(table: MultiRegionalTable, L: np.ndarray, v: np.ndarray | None) -> pd.DataFrame:
    regions, n = table.regions, len(table.sectors)
    R = len(regions)
    rows = []
    for s, region in enumerate(regions):
        y = table.final_demand[region].to_numpy(float)
        if not y.sum() > 0:
            continue
        out = (L @ (y / y.sum())).reshape(R, n).sum(axis=1)
        row = {"region": region, **{f"output_in_{r}": out[k] for k, r in enumerate(regions)},
               "output_retained_share": out[s] / out.sum()}
        if v is not None:
            va = (v * (L @ (y / y.sum()))).reshape(R, n).sum(axis=1)
            row.update({f"value_added_in_{r}": va[k] for k, r in enumerate(regions)})
            row.update(value_added_retained_share=va[s] / va.sum(),
                       value_added_domestic=va.sum())
        rows.append(row)
    return pd.DataFrame(rows).set_index("region")


def spillovers(table: MultiRegionalTable, *, zero_output: str = "zero") -> SpilloverResult:
    """Intraregional, feedback and spillover effects of a multiregional table (module docstring).

    Parameters
    ----------
    table
        From :func:`chenery_moses_table` or :func:`multiregional_table`.
    zero_output
        ``"zero"`` (default: provincial tables have empty sectors, e.g. Tibet, Shanghai; their
        coefficients are zero and a warning names them) or ``"raise"``.

    Raises
    ------
    ValidationError
        Zero output (``zero_output="raise"``), ``rho(A) >= 1``.
    """
    if zero_output not in ("raise", "zero"):
        raise InputError(f"unknown zero_output {zero_output!r}", field="zero_output",
                         expected="'raise' or 'zero'")
    A, inv = _coefficients(table, zero_output)
    regions, sectors = table.regions, table.sectors
    R = len(regions)
    miller = feedback_decomposition(A, R)
    rnd = round_decomposition(A, miller["M1"], R, miller["L"])
    pairs = table.Z.index
    by_region = miller["by_region"]
    own = np.repeat(np.arange(R), len(sectors))
    total = by_region.sum(axis=0)
    frame = pd.DataFrame({"initial": 1.0, "intraregional": miller["intraregional"],
                          "feedback": miller["feedback"],
                          "spillover": total - by_region[own, np.arange(len(own))]},
                         index=pairs)
    if table.sector_names is not None:
        frame.insert(0, "name", table.sector_names.reindex(pairs.get_level_values(1)).to_numpy())
    for k, r in enumerate(regions):
        frame[f"spillover_{r}"] = np.where(own == k, 0.0, by_region[k])
    frame["total"] = total
    frame["retention"] = (miller["intraregional"] + miller["feedback"]) / total
    for key in ("intraregional_effect", "open_loop", "closed_loop"):
        frame[key] = rnd[key]
    v = None if table.value_added is None else table.value_added.to_numpy(float) * inv
    x = table.output.to_numpy(float)
    x_model = miller["L"] @ table.final_demand.to_numpy(float).sum(axis=1)
    gap = float(np.abs(x_model - x).sum() / x.sum())
    meta = build_meta("io_spillovers", conventions={
        "zero_output": zero_output,
        "miller": "total = intraregional (1'M1_r) + feedback (1'(L_rr - M1_r)) + spillovers "
                  "(1'L_sr); Miller & Blair 2009 section 3.3",
        "round": "L = M3 M2 M1, additive I + (M1-I) + (M2-I)M1 + (M3-I)M2M1 (Round 1985)",
        "demand_shock": "one unit of a region's domestic final use, spread as its column of Y"},
        provenance=list(table.provenance), regions=regions,
        # the table's values are multipliers; the flows' unit is the table's
        unit="output per unit of final demand (multiplier, dimensionless)",
        table_unit=table.unit, notes=list(table.notes),
        estimation=dict(table.diagnostics) or None, output_gap=gap)
    return SpilloverResult(table=frame, meta=meta, extra={
        "demand_shock": _shock(table, miller["L"], v),
        "L": pd.DataFrame(miller["L"], index=pairs, columns=pairs)})
