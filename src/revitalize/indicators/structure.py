"""Regional structure and specialisation: location quotient, RCA, Krugman index, structural
similarity, Hoover and Gini concentration, Theil index with decomposition.

Every measure compares regions with a **reference economy** -- the nation, a macro-region or a
province -- which is a required, recorded argument (STYLE.md section 3). Inputs are labelled
frames ``regions x sectors`` of a size variable (output, value added, employment, exports) in one
unit; kernels work on the bare arrays.

Sources: Isard (1960) *Methods of Regional Analysis* (LQ); Balassa (1965) (RCA); Krugman (1991)
*Geography and Trade* (specialisation index); UNIDO (1979) structural similarity coefficient
(产业结构相似系数, the cosine of sector-share vectors); Hoover (1936); Theil (1967), Shorrocks
(1980) (decomposition).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.model.regions import members, normalise_region
from revitalize.results import Result, build_meta

__all__ = [
    "StructureResult",
    "location_quotient",
    "revealed_comparative_advantage",
    "krugman_index",
    "structural_similarity",
    "hoover_concentration",
    "theil_decomposition",
    "lq_kernel",
    "krugman_kernel",
    "cosine_similarity_kernel",
    "theil_kernel",
]


# ---------------------------------------------------------------------------- kernels
def lq_kernel(X: np.ndarray, ref: np.ndarray, totals: np.ndarray | None = None,
              ref_total: float | None = None) -> np.ndarray:
    """``LQ_ri = (x_ri / x_r) / (x_Ri / x_R)`` for rows ``r`` of ``X`` against reference ``ref``.

    ``x_r`` and ``x_R`` are the sums of the listed sectors unless published totals are given
    (``totals`` per row, ``ref_total``): a region's total employment, say, includes sectors the
    table does not list, and the shares are then of that total (Isard 1960; Miller & Blair 2009,
    section 8.2.1, use total employment)."""
    row = X.sum(axis=1, keepdims=True) if totals is None else np.asarray(totals, float)[:, None]
    share_r = X / row
    share_ref = ref / (ref.sum() if ref_total is None else float(ref_total))
    return share_r / share_ref[np.newaxis, :]


def krugman_kernel(X: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """``K_r = sum_i |s_ri - s_Ri|`` with ``s`` the sector shares (0 = identical, 2 = disjoint)."""
    share_r = X / X.sum(axis=1, keepdims=True)
    return np.abs(share_r - ref / ref.sum()).sum(axis=1)


def cosine_similarity_kernel(X: np.ndarray) -> np.ndarray:
    """``S_rq = sum_i s_ri s_qi / sqrt(sum_i s_ri^2 sum_i s_qi^2)`` for all pairs of rows."""
    norm = np.sqrt((X * X).sum(axis=1))
    U = X / norm[:, np.newaxis]
    return U @ U.T


def theil_kernel(y: np.ndarray, p: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    """Theil T of income ``y`` over population ``p`` and its between/within-group parts.

    ``T = sum_r (y_r/Y) ln[(y_r/Y)/(p_r/P)]``; ``T = T_between + sum_g (Y_g/Y) T_g``.
    """
    ys, ps = y / y.sum(), p / p.sum()
    total = float(np.sum(ys * np.log(ys / ps)))
    between, within = 0.0, 0.0
    for g in np.unique(groups):
        m = groups == g
        yg, pg = ys[m].sum(), ps[m].sum()
        between += yg * np.log(yg / pg)
        within += yg * float(np.sum((ys[m] / yg) * np.log((ys[m] / yg) / (ps[m] / pg))))
    return total, float(between), within


# ---------------------------------------------------------------------------- validation
def _check_frame(X: pd.DataFrame, name: str) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame) or X.empty:
        raise InputError(f"{name} must be a non-empty regions x sectors frame", field=name)
    Xf = X.apply(pd.to_numeric, errors="coerce")
    if Xf.isna().any().any():
        r, c = next((r, c) for r in Xf.index for c in Xf.columns if pd.isna(Xf.loc[r, c]))
        raise InputError(f"missing or non-numeric value at region {r!r}, sector {c!r}",
                         field=name, expected="a number for every region and sector")
    if (Xf < 0).any().any():
        r, c = next((r, c) for r in Xf.index for c in Xf.columns if Xf.loc[r, c] < 0)
        raise InputError(f"negative value {Xf.loc[r, c]} at region {r!r}, sector {c!r}",
                         field=name, expected="non-negative sizes (output, value added, employment)")
    zero = Xf.index[Xf.sum(axis=1) <= 0].tolist()
    if zero:
        raise InputError(f"regions {zero} have a zero total (shares undefined)", field=name,
                         expected="a positive total for every region")
    return Xf.astype(float)


def _reference_vector(X: pd.DataFrame, reference, reference_values) -> tuple[np.ndarray, str, str]:
    """The reference economy's sector sizes: a given vector, a row of ``X``, or the sum of the
    member regions of ``reference`` found in ``X`` (all members must be present)."""
    if reference is None:
        raise InputError("the reference economy is required", field="reference",
                         expected="a region (e.g. '000000' China, 'NE' Northeast, a province)")
    if reference_values is not None:
        # a user-supplied reference may be any economy (Sweden, a city): named as given unless
        # it is a region the package knows
        try:
            name = normalise_region(reference, where="reference").code
        except UnknownLabelError:
            name = " ".join(str(reference).split())
        ref = pd.Series(reference_values, dtype=float).reindex(X.columns)
        if ref.isna().any():
            raise UnknownLabelError(f"reference values lack sectors {ref.index[ref.isna()].tolist()}",
                                    field="reference_values", expected="a value for every sector")
        return ref.to_numpy(), name, "given"
    reg = normalise_region(reference, where="reference")
    if reg.code in X.index:
        return X.loc[reg.code].to_numpy(float), reg.code, "row of the input"
    want = list(members(reg.code))
    missing = [m for m in want if m not in X.index]
    if missing:
        raise UnknownLabelError(
            f"reference {reg.name_en} ({reg.code}) is neither a row of the input nor complete: "
            f"members {missing} are absent", field="reference",
            expected="the reference as a row, all its member regions, or reference_values=")
    return X.loc[want].sum(axis=0).to_numpy(float), reg.code, "sum of member regions"


@dataclass(frozen=True)
class StructureResult(Result):
    """A structure measure: ``table`` labelled by region (and sector or pair); ``meta`` names the
    measure, the reference economy and how its values were obtained."""


def _meta(method: str, ref_code: str | None, how: str | None, **conventions):
    return build_meta(method, conventions={"reference": ref_code, "reference_values": how,
                                           **conventions})


# ---------------------------------------------------------------------------- labelled API
def location_quotient(X: pd.DataFrame, *, reference, reference_values=None,
                      reference_total: float | None = None, totals=None) -> StructureResult:
    """Location quotient of every region and sector against a reference economy.

    ``LQ_ri = (x_ri / x_r) / (x_Ri / x_R)``; LQ > 1: region ``r`` is more specialised in ``i``
    than the reference (Isard 1960). The reference's own LQ is 1 (with listed-sector totals).

    Parameters
    ----------
    X
        Regions x sectors sizes (index: region codes, e.g. from :func:`region_code`).
    reference
        The reference economy: a region the package knows (any spelling), or -- with
        ``reference_values`` -- any economy by name (``"Sweden"``). Its sizes are
        ``reference_values`` when given, else its row in ``X``, else the sum of its member
        regions in ``X``.
    reference_total
        The reference's published total ``x_R`` (e.g. total employment, larger than the listed
        sectors' sum); default the sum of its listed sectors. Must not be below that sum.
    totals
        Each region's published total ``x_r`` (a mapping or Series by region), likewise.
    """
    X = _check_frame(X, "X")
    ref, code, how = _reference_vector(X, reference, reference_values)
    if (ref <= 0).any():
        bad = X.columns[ref <= 0].tolist()
        raise InputError(f"the reference has zero size in sectors {bad}; LQ is undefined there",
                         field="reference", expected="positive reference sizes")
    ref_total = _published_total(reference_total, ref.sum(), "reference_total")
    row_totals = None
    if totals is not None:
        t = pd.Series(totals, dtype=float).reindex(X.index)
        if t.isna().any():
            raise UnknownLabelError(f"totals lack regions {t.index[t.isna()].tolist()}",
                                    field="totals", expected="a published total for every region")
        row_totals = np.array([_published_total(v, s, f"totals[{r}]") for r, v, s in
                               zip(X.index, t.to_numpy(), X.sum(axis=1).to_numpy(), strict=True)])
    table = pd.DataFrame(lq_kernel(X.to_numpy(), ref, row_totals, ref_total), index=X.index,
                         columns=X.columns)
    table.index.name, table.columns.name = "region", "sector"
    meta = _meta("location_quotient", code, how,
                 reference_total=("sum of the listed sectors" if reference_total is None else
                                  f"published total {float(reference_total):g}"),
                 region_totals=("sums of the listed sectors" if totals is None else
                                "published totals"))
    return StructureResult(table=table, meta=meta)


def _published_total(value, listed: float, field: str) -> float | None:
    """A published total, which may exceed the listed sectors' sum but never fall below it."""
    if value is None:
        return None
    value = float(value)
    if not np.isfinite(value) or value < listed * (1 - 1e-9):
        raise InputError(f"published total {value:g} is below the listed sectors' sum {listed:g}",
                         field=field, expected="a total at least the sum of the listed sectors")
    return value


def revealed_comparative_advantage(exports: pd.DataFrame, *, reference, reference_values=None
                                   ) -> StructureResult:
    """Balassa (1965) RCA: the location quotient of exports,
    ``RCA_ri = (e_ri / e_r) / (e_Ri / e_R)``."""
    res = location_quotient(exports, reference=reference, reference_values=reference_values)
    meta = dict(res.meta)
    meta["method"] = "revealed_comparative_advantage"
    return StructureResult(table=res.table, meta=meta)


def krugman_index(X: pd.DataFrame, *, reference, reference_values=None, halved: bool = False
                  ) -> StructureResult:
    """Krugman specialisation index ``K_r = sum_i |s_ri - s_Ri|`` on the 0-2 scale (Krugman 1991);
    ``halved=True`` gives the 0-1 variant ``K_r / 2`` (the dissimilarity index). Named in meta."""
    X = _check_frame(X, "X")
    ref, code, how = _reference_vector(X, reference, reference_values)
    k = krugman_kernel(X.to_numpy(), ref) / (2.0 if halved else 1.0)
    table = pd.DataFrame({"krugman_index": k}, index=pd.Index(X.index, name="region"))
    return StructureResult(table=table, meta=_meta("krugman_index", code, how,
                                                   scale="0-1 (halved)" if halved else "0-2"))


def structural_similarity(X: pd.DataFrame) -> StructureResult:
    """Structural similarity coefficient between every pair of regions (UNIDO 1979):
    the cosine of their sector-share vectors; 1 = identical structures, 0 = no common sector.

    ``table`` is the regions x regions matrix; ``extra["pairs"]`` the long form
    (region_a, region_b, similarity) of the upper triangle.
    """
    X = _check_frame(X, "X")
    S = cosine_similarity_kernel(X.to_numpy() / X.to_numpy().sum(axis=1, keepdims=True))
    table = pd.DataFrame(S, index=pd.Index(X.index, name="region"), columns=X.index)
    iu = np.triu_indices(len(X), k=1)
    pairs = pd.DataFrame({"region_a": X.index[iu[0]], "region_b": X.index[iu[1]],
                          "similarity": S[iu]})
    return StructureResult(table=table, meta=_meta("structural_similarity", None, None,
                                                   formula="cosine of sector-share vectors"),
                           extra={"pairs": pairs})


def hoover_concentration(X: pd.DataFrame, *, base: pd.Series) -> StructureResult:
    """Hoover (1936) concentration of each sector across regions relative to a base distribution:
    ``H_i = 0.5 sum_r |x_ri / x_i - b_r / b|`` (0 = distributed like the base, 1 = all in one region).

    ``base`` is the regions' size in the base variable (population, total output...), indexed
    like ``X``; recorded in meta.
    """
    X = _check_frame(X, "X")
    b = pd.Series(base, dtype=float).reindex(X.index)
    if b.isna().any() or (b < 0).any() or b.sum() <= 0:
        raise InputError("base must give a non-negative size for every region of X", field="base",
                         expected=f"values for {list(X.index)[:5]}...")
    shares = X.to_numpy() / X.to_numpy().sum(axis=0, keepdims=True)
    h = 0.5 * np.abs(shares - (b.to_numpy() / b.sum())[:, np.newaxis]).sum(axis=0)
    table = pd.DataFrame({"hoover": h}, index=pd.Index(X.columns, name="sector"))
    return StructureResult(table=table, meta=_meta("hoover_concentration", None, None,
                                                   base=str(getattr(base, "name", "base"))))


def theil_decomposition(income: pd.Series, population: pd.Series, *, groups: pd.Series
                        ) -> StructureResult:
    """Theil T index of regional inequality (income over population) with its between-group and
    within-group parts, e.g. groups Northeast vs rest (Shorrocks 1980)."""
    idx = income.index
    y = pd.Series(income, dtype=float)
    p = pd.Series(population, dtype=float).reindex(idx)
    g = pd.Series(groups).reindex(idx)
    if p.isna().any() or g.isna().any():
        raise InputError("population and groups must cover every region of income", field="groups")
    if (y <= 0).any() or (p <= 0).any():
        raise InputError("income and population must be positive", field="income",
                         expected="positive values (the Theil index takes logarithms)")
    total, between, within = theil_kernel(y.to_numpy(), p.to_numpy(), g.to_numpy())
    table = pd.DataFrame({"value": [total, between, within]},
                         index=pd.Index(["total", "between", "within"], name="component"))
    return StructureResult(table=table, meta=_meta("theil_decomposition", None, None,
                                                   index="Theil T (GE(1))",
                                                   groups=sorted(map(str, g.unique()))))
