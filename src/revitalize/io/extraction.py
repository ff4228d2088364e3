"""Hypothetical extraction: how much output the economy loses when a sector is taken out.

Kernels (numpy in, numpy out, no validation) and labelled shells :func:`hypothetical_extraction`
and :func:`extraction_linkages` that validate once and return frozen results.

Model. Demand side ``x = L f`` with ``L = (I - A)^-1`` and the final demand the model implies,
``f = (I - A) x`` (so the baseline is reproduced exactly under the chosen ``technology``);
supply side (Ghosh) ``x' = v' G`` with ``G = (I - B)^-1`` and ``v' = x'(I - B)``. ``x̄(j)`` is
output after extracting sector ``j``; the loss is ``T_j = i'x - i'x̄(j)``, in the table's unit,
and ``100 T_j / i'x`` per cent of total output.

Variants (``variant=``; Miller & Lahr 2001, "A taxonomy of extractions", in M.L. Lahr and
R.E. Miller (eds), *Regional Science Perspectives in Economic Analysis*, Elsevier, ch. 21;
Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., section 12.2):

``"total"``
    Complete extraction (Paelinck, de Caevel & Degueldre 1965; Strassert 1968; Miller & Blair
    section 12.2): row and column ``j`` of ``A`` and ``f_j`` are removed, ``x̄_{-j} =
    (I - A_{-j,-j})^-1 f_{-j}`` and ``x̄_j = 0``; the loss counts the sector's own output.
``"total_keep_fd"``
    Row and column ``j`` of ``A`` set to zero but sector ``j``'s final demand kept (Schultz
    1977; Cella 1984; Miller & Lahr 2001): ``x̄ = (I - Ā)^-1 f``, so ``x̄_j = f_j``. Its loss is
    the ``"total"`` loss minus ``f_j``.
``"backward"``
    Backward-linkage extraction (Dietzenbacher & van der Linden 1997, *J. Regional Science*
    37(2); Miller & Blair section 12.2): column ``j`` of ``A`` set to zero -- ``j`` buys no
    intermediate inputs from the economy -- and ``x̄ = (I - A_c(j))^-1 f``.
``"forward"``
    Forward-linkage extraction (Dietzenbacher & van der Linden 1997; Miller & Blair section
    12.2): row ``j`` of the Ghosh allocation matrix ``B`` set to zero -- ``j`` sells no
    intermediate outputs -- and ``x̄' = v'(I - B_r(j))^-1``.

(Dietzenbacher, van der Linden & Steenge 1993, *Economic Systems Research* 5(2), apply the same
column/row extractions to a region's block of an interregional table.)

Efficient solution. No re-inversion: one ``L`` (and ``G`` for ``"forward"``) gives every
extraction in closed form, O(n) per extracted sector and O(n^2) for all n sectors.

* ``"backward"``: ``I - A_c(j) = (I - A) + a_j e_j'`` is a rank-one update; Sherman-Morrison with
  ``L a_j = l_j - e_j`` (from ``L A = L - I``) and ``1 + e_j' L a_j = l_jj`` gives
  ``x - x̄ = (l_j - e_j) x_j / l_jj``, so ``T_j = x_j (i'l_j - 1) / l_jj``.
* ``"forward"``: ``I - B_r(j) = (I - B) + e_j b_j'``; with ``b_j' G = g_j. - e_j'`` the same
  formula gives ``x' - x̄' = x_j (g_j. - e_j') / g_jj``, so ``T_j = x_j (g_j. i - 1) / g_jj``.
* ``"total"``: the block (Schur-complement) inverse ``(I - A)_{-j,-j}^-1 = L_{-j,-j} -
  L_{-j,j} L_{j,-j} / l_jj`` gives ``x - x̄ = l_j x_j / l_jj`` (own entry ``x_j``), so
  ``T_j = x_j i'l_j / l_jj``; ``"total_keep_fd"`` subtracts ``f_j`` from the own entry.

:func:`output_after_extraction` is the definitional re-solve, kept as the reference the tests
and the benchmark compare against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import linalg

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.io.coefficients import (
    Technology,
    ZeroOutput,
    allocation_coefficients,
    ghosh_from_leontief,
    ghosh_inverse,
    technical_coefficients,
)
from revitalize.io.multipliers import leontief_model
from revitalize.model.table import IOTable
from revitalize.results import Result, build_meta

__all__ = [
    "VARIANTS",
    "Variant",
    "extraction_losses",
    "total_extraction_losses",
    "output_after_extraction",
    "ExtractionResult",
    "hypothetical_extraction",
    "ExtractionLinkagesResult",
    "extraction_linkages",
]

Variant = Literal["total", "total_keep_fd", "backward", "forward"]
VARIANTS: tuple[str, ...] = ("total", "total_keep_fd", "backward", "forward")

_DEFINITIONS = {
    "total": "row and column j removed from A, f_j dropped (complete extraction; "
             "Miller & Lahr 2001; Miller & Blair 2009 section 12.2)",
    "total_keep_fd": "row and column j of A set to zero, final demand f_j kept "
                     "(Miller & Lahr 2001)",
    "backward": "column j of A set to zero (Dietzenbacher & van der Linden 1997; "
                "Miller & Blair 2009 section 12.2)",
    "forward": "row j of the Ghosh B set to zero, primary inputs v kept (Dietzenbacher & "
               "van der Linden 1997; Miller & Blair 2009 section 12.2)",
}


# ---------------------------------------------------------------------------- kernels
def extraction_losses(L: np.ndarray, x: np.ndarray, f: np.ndarray, columns: np.ndarray,
                      variant: str, G: np.ndarray | None = None) -> np.ndarray:
    """Output lost by every sector when each sector in ``columns`` is extracted.

    Returns ``D`` (n x k): ``D[i, c] = x_i - x̄_i(j)`` for ``j = columns[c]``, from the closed
    forms of the module docstring (O(n k)); ``G`` is needed for ``"forward"`` only.
    """
    cols = np.asarray(columns, dtype=int)
    xj = x[cols]
    k = np.arange(cols.size)
    if variant == "forward":
        D = G[cols, :].T * (xj / G[cols, cols])[np.newaxis, :]
        D[cols, k] -= xj / G[cols, cols]
        return D
    D = L[:, cols] * (xj / L[cols, cols])[np.newaxis, :]
    if variant == "backward":
        D[cols, k] -= xj / L[cols, cols]
    elif variant == "total_keep_fd":
        D[cols, k] -= f[cols]
    return D


def total_extraction_losses(L: np.ndarray, x: np.ndarray, f: np.ndarray, variant: str,
                            G: np.ndarray | None = None) -> np.ndarray:
    """Aggregate loss ``T_j = i'x - i'x̄(j)`` for every sector ``j`` (O(n^2)).

    ``backward``: ``x_j (i'l_j - 1) / l_jj``; ``forward``: ``x_j (g_j. i - 1) / g_jj``;
    ``total``: ``x_j i'l_j / l_jj``; ``total_keep_fd``: the total loss minus ``f_j``.
    """
    if variant == "forward":
        return x * (G.sum(axis=1) - 1.0) / np.diag(G)
    d = np.diag(L)
    if variant == "backward":
        return x * (L.sum(axis=0) - 1.0) / d
    total = x * L.sum(axis=0) / d
    return total - f if variant == "total_keep_fd" else total


def output_after_extraction(Z: np.ndarray, x: np.ndarray, j: int, variant: str) -> np.ndarray:
    """Output ``x̄(j)`` after extracting sector ``j``, by the definition (one new solve, O(n^3)).

    ``A`` and ``B`` from ``Z`` and ``x`` (:func:`technical_coefficients`,
    :func:`allocation_coefficients`), ``f = (I - A) x``, ``v = (I - B)' x``; then the variant's
    modified system is solved afresh. For ``"total"`` the reduced system is solved and
    ``x̄_j = 0``. The reference for :func:`extraction_losses`.
    """
    n = x.size
    eye = np.eye(n)
    if variant == "forward":
        B = allocation_coefficients(Z, x)
        v = (eye - B).T @ x
        B[j, :] = 0.0
        return linalg.solve((eye - B).T, v)
    A = technical_coefficients(Z, x)
    f = x - A @ x
    if variant == "total":
        keep = np.arange(n) != j
        out = np.zeros(n)
        out[keep] = linalg.solve(eye[np.ix_(keep, keep)] - A[np.ix_(keep, keep)], f[keep])
        return out
    A[:, j] = 0.0
    if variant == "total_keep_fd":
        A[j, :] = 0.0
    return linalg.solve(eye - A, f)


# ---------------------------------------------------------------------------- labelled shells
@dataclass(frozen=True)
class ExtractionResult(Result):
    """``table``: one row per extracted sector (loss, share of total output, index, rank);
    ``extra``: ``losses`` (affected sector x extracted sector, table unit), ``x``, ``f``,
    ``total_output``."""

    @property
    def losses(self) -> pd.DataFrame:
        return self.extra["losses"]

    def summary(self) -> str:
        c = self.meta["conventions"]
        return (f"hypothetical extraction ({c['variant']}, technology={c['technology']}) of "
                f"{len(self.table)} sectors; total output {self.meta['total_output']:,.6g} "
                f"{self.meta['unit']}; loss_pct = 100 loss / total output")


@dataclass(frozen=True)
class ExtractionLinkagesResult(Result):
    """``table``: backward, forward and total extraction linkages of every sector, their
    per-cent shares, indices (mean = 1) and the resulting classification."""


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise InputError(f"unknown extraction variant {variant!r}", field="variant",
                         expected=f"one of {list(VARIANTS)}")


def _sector_positions(table: IOTable, sectors) -> np.ndarray:
    codes = table.codes
    if sectors is None:
        return np.arange(table.n)
    wanted = [sectors] if isinstance(sectors, str) else [str(s) for s in sectors]
    if not wanted:
        raise InputError("no sector to extract", field="sectors",
                         expected="one or more sector codes, or None for all")
    unknown = [s for s in wanted if s not in codes]
    if unknown:
        raise UnknownLabelError(f"sectors {unknown} are not in the table", file=table.label,
                                field="sectors", expected=f"codes among {codes}")
    dup = sorted({s for s in wanted if wanted.count(s) > 1})
    if dup:
        raise InputError(f"sectors {dup} are listed twice", field="sectors",
                         expected="each sector once")
    pos = {c: i for i, c in enumerate(codes)}
    return np.array([pos[s] for s in wanted], dtype=int)


def _model(table: IOTable, technology, zero_output, import_share):
    """The Leontief model and what extraction needs on its computed (active) sectors:
    ``L`` (formed: extraction needs its diagonal and columns), ``G = diag(x)^-1 L diag(x)``,
    ``x`` and ``f = (I - A) x``."""
    m = leontief_model(table, technology=technology, zero_output=zero_output,
                       import_share=import_share)
    L, xa = m.L, m.x_active
    if (xa > 0).all():
        G = ghosh_from_leontief(L, xa)
    else:  # zero_output="zero": B is not similar to A
        act = m.active
        G = ghosh_inverse(allocation_coefficients(m.Z[np.ix_(act, act)], xa))
    return m, L, G, xa, xa - m.A @ xa


def _names(table: IOTable, codes) -> pd.DataFrame:
    return table.sectors.loc[list(codes), ["name_cn", "name_en"]]


def _extraction_meta(table: IOTable, variant: str, m, **extra):
    return build_meta("io_hypothetical_extraction", conventions={
        **m.conventions(), "variant": variant, "definition": _DEFINITIONS[variant],
        "final_demand": "f = (I - A) x (model-implied)",
        "primary_inputs": "v' = x'(I - B)" if variant == "forward" else None,
        "extraction_solution": "closed form from one inverse (Sherman-Morrison / block inverse)",
        "linkage_index": "loss / mean loss over all computed sectors"},
        provenance=table.provenance, region=table.region, year=table.year, unit=table.unit,
        productivity_check=m.productivity, flagged_sectors=m.system.flag_notes(), **extra)


def hypothetical_extraction(table: IOTable, sectors: str | Sequence[str] | None = None, *,
                            variant: Variant = "total", technology: Technology | None = None,
                            zero_output: ZeroOutput | None = None,
                            import_share: str | None = None) -> ExtractionResult:
    """Hypothetical extraction of one, several or all sectors (see the module docstring).

    Parameters
    ----------
    table
        The IO table.
    sectors
        A sector code, a list of codes, or ``None`` (default) for every sector.
    variant
        ``"total"`` (default), ``"total_keep_fd"``, ``"backward"`` or ``"forward"``.
    technology, zero_output
        As in :func:`revitalize.io.coefficients.coefficients`.

    Returns
    -------
    ExtractionResult
        ``table`` indexed by extracted sector: ``output`` ``x_j``, ``final_demand`` ``f_j``
        (model-implied), ``loss`` ``T_j`` (table unit), ``loss_pct`` ``100 T_j / i'x``,
        ``own_loss`` (lost output of ``j`` itself), ``spillover_loss`` (of the other sectors),
        ``loss_per_output`` ``T_j / x_j``, ``linkage_index`` ``T_j / mean_k T_k`` (mean over
        all n sectors, whatever ``sectors`` is) and ``rank`` (1 = largest loss among all n).
        ``extra["losses"]`` holds ``x - x̄(j)`` for every affected sector.

    Raises
    ------
    UnknownLabelError
        A code not in the table.
    InputError
        Unknown ``variant``, an empty or repeated sector list.

    Warns
    -----
    DataQualityWarning
        ``"total_keep_fd"`` on a sector whose model-implied ``f_j`` is negative (inventory
        run-downs; under ``technology="total"`` net importers), which leaves ``x̄_j < 0``.
    """
    _check_variant(variant)
    wanted = _sector_positions(table, sectors)
    m, L, G, x, f = _model(table, technology, zero_output, import_share)
    pos = np.cumsum(m.active) - 1  # position of each sector among the computed ones
    cols = pos[wanted[m.active[wanted]]]
    if variant == "total_keep_fd" and (f[cols] < 0).any():
        act_codes = m.system.active_codes
        negative = [act_codes[c] for c in cols if f[c] < 0]
        _warn(f"{table.label}: sectors {negative} have negative model-implied final "
                      f"demand f_j under technology={m.technology!r}; keeping it leaves them a "
                      "negative output x̄_j = f_j", DataQualityWarning, stacklevel=2)
    D = extraction_losses(L, x, f, cols, variant, G)
    T_all = total_extraction_losses(L, x, f, variant, G)
    total_output = float(x.sum())
    codes = [table.codes[c] for c in wanted]
    loss = D.sum(axis=0)
    own = D[cols, np.arange(cols.size)]
    rank = pd.Series(T_all).rank(ascending=False, method="min").to_numpy(float)[cols]
    ok = m.active[wanted]

    def put(values: np.ndarray) -> np.ndarray:
        out = np.full(wanted.size, np.nan)
        out[ok] = values
        return out

    frame = _names(table, codes).assign(
        output=m.x[wanted], final_demand=put(f[cols]), loss=put(loss),
        loss_pct=put(100.0 * loss / total_output), own_loss=put(own),
        spillover_loss=put(loss - own),
        loss_per_output=put(loss / x[cols]), linkage_index=put(loss / T_all.mean()),
        rank=pd.array(put(rank), dtype="Int64"), flags=m.flags[wanted])
    frame.index = pd.Index(codes, name="sector")
    meta = _extraction_meta(table, variant, m, total_output=total_output,
                            sectors_extracted=len(codes))
    affected = m.system.expand(D.T).T if not m.active.all() else D
    losses = pd.DataFrame(affected, index=pd.Index(table.codes, name="affected"),
                          columns=pd.Index([c for c, k in zip(codes, ok) if k], name="extracted"))
    return ExtractionResult(table=frame, meta=meta, extra={
        "losses": losses, "x": pd.Series(m.x, index=table.codes),
        "f": pd.Series(m.system.expand(f), index=table.codes), "total_output": total_output})


def _classify(backward_index: np.ndarray, forward_index: np.ndarray) -> list[str]:
    labels = {(True, True): "key", (True, False): "backward-oriented",
              (False, True): "forward-oriented", (False, False): "weak"}
    return [labels[(b > 1.0, f > 1.0)] for b, f in zip(backward_index, forward_index)]


def extraction_linkages(table: IOTable, *, technology: Technology | None = None,
                        zero_output: ZeroOutput | None = None,
                        import_share: str | None = None) -> ExtractionLinkagesResult:
    """Backward and forward linkages of every sector measured by hypothetical extraction.

    ``backward_linkage`` is the ``"backward"`` loss ``T^B_j`` and ``forward_linkage`` the
    ``"forward"`` loss ``T^F_j`` (Dietzenbacher & van der Linden 1997; Miller & Blair 2009
    section 12.2), ``total_linkage`` the ``"total"`` loss; each also as ``*_pct``
    (``100 T_j / i'x``) and ``*_index`` (``T_j / mean_k T_k``). ``classification``: ``key``
    when both indices exceed 1, ``backward-oriented`` / ``forward-oriented`` when one does,
    ``weak`` otherwise (the usual rule of Miller & Blair section 12.1, applied to these
    measures). Costs one ``L`` and one ``G``, then O(n^2).
    """
    m, L, G, x, f = _model(table, technology, zero_output, import_share)
    total_output = float(x.sum())
    frame = _names(table, table.codes).assign(output=m.x)
    expand = m.system.expand
    for name, variant in (("backward", "backward"), ("forward", "forward"), ("total", "total")):
        T = total_extraction_losses(L, x, f, variant, G)
        frame[f"{name}_linkage"] = expand(T)
        frame[f"{name}_linkage_pct"] = expand(100.0 * T / total_output)
        frame[f"{name}_index"] = expand(T / T.mean())
    cls = np.array(_classify(frame["backward_index"].to_numpy()[m.active],
                             frame["forward_index"].to_numpy()[m.active]), dtype=object)
    frame["classification"] = expand(cls, fill="not_computed") if not m.active.all() else cls
    frame["flags"] = m.flags
    frame.index = pd.Index(table.codes, name="sector")
    meta = build_meta("io_extraction_linkages", conventions={
        **m.conventions(),
        "backward": _DEFINITIONS["backward"], "forward": _DEFINITIONS["forward"],
        "total": _DEFINITIONS["total"],
        "final_demand": "f = (I - A) x (model-implied)", "primary_inputs": "v' = x'(I - B)",
        "index": "linkage / mean linkage over all computed sectors",
        "classification": "key if both indices > 1; backward-/forward-oriented if one; else weak"},
        provenance=table.provenance, region=table.region, year=table.year, unit=table.unit,
        total_output=total_output, productivity_check=m.productivity,
        flagged_sectors=m.system.flag_notes())
    return ExtractionLinkagesResult(table=frame, meta=meta)
