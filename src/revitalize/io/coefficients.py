"""Technical and allocation coefficients, Leontief and Ghosh inverses.

Kernels (numpy in, numpy out, no validation) and a labelled shell :func:`coefficients` that
validates once and returns a frozen :class:`CoefficientsResult`.

Formulas (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., eqs. 2.4, 2.10, 12.8-12.10):

* technical coefficients ``A = Z diag(x)^-1``          (a_ij = z_ij / x_j)
* Leontief inverse        ``L = (I - A)^-1``            (solved from an LU factorisation)
* allocation coefficients ``B = diag(x)^-1 Z``          (b_ij = z_ij / x_i, the Ghosh model)
* Ghosh inverse           ``G = (I - B)^-1``

Conventions (named keywords with their defaults defined once in :class:`IOOptions`, recorded in
``meta["conventions"]`` with their meaning):

* ``technology`` -- ``"published"`` (default): the coefficients of the table as published --
  in a competitive table ``A = Z diag(x)^-1`` of the flows as printed (imports included), which
  is what the NBS and provincial 直接消耗系数表 show; in a non-competitive table the domestic
  block ``Z^d``. ``"domestic"``: domestic flows only -- the domestic block of a non-competitive
  table; in a competitive one ``Z^d = (I - diag(s)) Z`` under import proportionality (Miller &
  Blair section 2.6) with the import share ``s_i`` on the ``import_share`` basis:
  ``"supply"`` (default) ``s_i = m_i / (x_i + m_i)``, the share of imports in total supply,
  always in [0, 1]; ``"use"`` ``s_i = m_i / (x_i - e_i + m_i)`` (imports and inflows ``m``,
  exports and outflows ``e``), refused naming the sectors where re-exports push it outside
  [0, 1]. ``"total"``: all intermediate flows, domestic plus imported (``Z + Z^m``). A table
  that holds only net outflow (the 2002 provincial layout) cannot separate imports: it runs with
  ``"published"``/``"total"`` and ``"domestic"`` is refused.
* ``zero_output`` -- ``"exclude"`` (default): sectors with ``x_j <= 0`` are left out of
  ``I - A`` (their coefficients are undefined); every result reports them as not computed (NaN
  and the flag ``zero_output``), and they are named in a warning and in ``meta``. ``"raise"``
  refuses them; ``"zero"`` sets their column of ``A`` (row of ``B``) to zero and warns.
* Flags (:func:`sector_flags`): ``negative_value_added``, ``negative_flows`` (negative
  intermediate flows within ``revitalize.model.validate.Tolerance.negative_tol`` of the column's
  output are computed, beyond it refused), ``column_sum_ge_1`` (a column of ``A`` summing to 1
  or more -- the published anomalies Jilin 2002 sector 13, Inner Mongolia 2002 sector 24,
  Xinjiang 2007 sector 11, Hainan 2017 sector 18, all with negative value added). Such a table
  is computed when the Perron root of ``A`` is below 1 (the Leontief inverse then exists and is
  non-negative); otherwise it is refused, naming the sectors whose columns sum to 1 or more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import BalanceWarning, DataQualityWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.model.table import IOTable
from revitalize.model.validate import Tolerance
from revitalize.results import Result, build_meta

__all__ = [
    "technical_coefficients",
    "allocation_coefficients",
    "leontief_inverse",
    "ghosh_from_leontief",
    "ghosh_inverse",
    "spectral_radius",
    "domestic_flows",
    "import_shares",
    "trade_columns",
    "CoefficientsResult",
    "coefficients",
    "intermediate_flows",
    "check_output",
    "check_productivity",
    "check_negative_flows",
    "FLAGS",
    "IMPORT_SHARES",
    "IOOptions",
    "IOSystem",
    "SOLVERS",
    "TECHNOLOGIES",
    "ZERO_OUTPUTS",
    "ZERO_OUTPUT_RULES",
    "prepare_system",
    "sector_flags",
]

Technology = Literal["published", "domestic", "total"]
ImportShare = Literal["supply", "use"]
ZeroOutput = Literal["exclude", "raise", "zero"]
Solver = Literal["auto", "lu", "iterative"]

TECHNOLOGIES: dict[str, str] = {
    "published": "coefficients of the table as published: competitive table A = Z diag(x)^-1 of "
                 "the flows as printed (imports included; the published 直接消耗系数); "
                 "non-competitive table: the domestic block Z^d",
    "domestic": "domestic flows only: non-competitive table Z^d; competitive table "
                "(I - diag(s)) Z (import proportionality, s on the import_share basis)",
    "total": "all intermediate flows, domestic plus imported (Z + Z^m; a competitive table's Z "
             "as printed)",
}
IMPORT_SHARES: dict[str, str] = {
    "supply": "s_i = m_i / (x_i + m_i): share of imports and inflows in total supply (in [0, 1])",
    "use": "s_i = m_i / (x_i - e_i + m_i): share of imports in domestic use (refused where it "
           "leaves [0, 1])",
}
ZERO_OUTPUTS: dict[str, str] = {
    "exclude": "sectors with x_j <= 0 left out of I - A; their rows NaN with flag 'zero_output'",
    "raise": "sectors with x_j <= 0 refused",
    "zero": "coefficient columns of sectors with x_j <= 0 set to zero (warned)",
}
ZERO_OUTPUT_RULES = ZERO_OUTPUTS  # the name revitalize.tasks.io looks up
SOLVERS: dict[str, str] = {
    "auto": "iterative (block Neumann) where its predicted cost is below one LU, else LU",
    "lu": "one LU factorisation of I - A (LAPACK getrf), solves with the factors",
    "iterative": "block Neumann iteration X <- B + A X, LU fallback when it does not converge",
}


@dataclass(frozen=True)
class IOOptions:
    """The IO family's conventions and their defaults, defined once.

    Every door (CLI, HTTP, report, tasks) builds its model from these; each field is a keyword
    of :func:`coefficients` and :func:`revitalize.io.multipliers.leontief_model`.

    Attributes
    ----------
    technology
        ``"published"`` (default), ``"domestic"`` or ``"total"`` (module docstring).
    import_share
        ``"supply"`` (default) or ``"use"``: the import-share basis of ``"domestic"`` on a
        competitive table.
    zero_output
        ``"exclude"`` (default), ``"raise"`` or ``"zero"``.
    solver
        ``"auto"`` (default), ``"lu"`` or ``"iterative"``; how ``(I - A) X = B`` is solved
        (:mod:`revitalize.io.solvers`).
    tol
        Relative residual tolerance of the iterative solver,
        ``max_col ||B - (I - A) X||_inf / ||B||_inf <= tol`` (default 1e-12).
    """

    technology: Technology = "published"
    import_share: ImportShare = "supply"
    zero_output: ZeroOutput = "exclude"
    solver: Solver = "auto"
    tol: float = 1e-12

    def __post_init__(self) -> None:
        for name, allowed in (("technology", TECHNOLOGIES), ("import_share", IMPORT_SHARES),
                              ("zero_output", ZERO_OUTPUTS), ("solver", SOLVERS)):
            value = getattr(self, name)
            if value not in allowed:
                raise InputError(f"unknown {name} {value!r}", field=name,
                                 expected=f"one of {list(allowed)}")
        if not (isinstance(self.tol, (int, float)) and 0.0 < float(self.tol) < 1e-2):
            raise InputError(f"tol {self.tol!r} is not in (0, 1e-2)", field="tol",
                             expected="a small positive residual tolerance, e.g. 1e-12")

    @classmethod
    def of(cls, base: IOOptions | None = None, **overrides) -> IOOptions:
        """``base`` (default: the defaults) with the non-None ``overrides`` applied."""
        base = base or cls()
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **given) if given else base

    def conventions(self, table: IOTable | None = None) -> dict[str, object]:
        """The named conventions and what they mean (for ``meta["conventions"]``)."""
        domestic_competitive = self.technology == "domestic" and (
            table is None or table.kind == "competitive")
        return {
            "technology": self.technology, "technology_meaning": TECHNOLOGIES[self.technology],
            "import_share": self.import_share if domestic_competitive else None,
            "import_share_meaning": IMPORT_SHARES[self.import_share] if domestic_competitive
            else None,
            "zero_output": self.zero_output, "zero_output_meaning": ZERO_OUTPUTS[self.zero_output],
            "solver": self.solver, "solver_tolerance": self.tol,
        }


# ---------------------------------------------------------------------------- kernels
def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``A = Z diag(x)^-1``; columns with ``x_j == 0`` become zero (callers decide beforehand)."""
    inv = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
    return Z * inv[np.newaxis, :]


def allocation_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``B = diag(x)^-1 Z``; rows with ``x_i == 0`` become zero."""
    inv = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
    return Z * inv[:, np.newaxis]


def leontief_inverse(A: np.ndarray, *, overwrite_a: bool = False) -> np.ndarray:
    """``L = (I - A)^-1`` by one LU factorisation, inverted in place (LAPACK getrf + getri).

    ``L`` itself is the result wanted here (its column and row sums are the multipliers and
    linkages), so the factors are inverted rather than solved against an identity right-hand
    side: 2 n^3 instead of 8/3 n^3 flops, no n x n identity in memory. With ``overwrite_a`` the
    buffer of ``A`` is reused for ``L``.

    Raises
    ------
    numpy.linalg.LinAlgError
        ``I - A`` is singular.
    """
    from scipy.linalg import lapack  # not at module level: the CLI's defaults import this module

    n = A.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    M = A if overwrite_a and A.flags.c_contiguous and A.dtype == np.float64 else np.array(A, float)
    np.negative(M, out=M)
    M.flat[:: n + 1] += 1.0
    # LAPACK wants Fortran order: factorise M' (the F-ordered view of C-ordered M) in place;
    # the transpose of inv(M') is inv(M), C-ordered again.
    lu, piv, info = lapack.dgetrf(M.T, overwrite_a=1)
    if info > 0:
        raise np.linalg.LinAlgError(f"I - A is singular (U[{info - 1}, {info - 1}] = 0)")
    lwork = int(lapack.dgetri_lwork(n)[0])
    inv, _ = lapack.dgetri(lu, piv, lwork=max(lwork, 1), overwrite_lu=1)
    return inv.T


def ghosh_inverse(B: np.ndarray) -> np.ndarray:
    """``G = (I - B)^-1`` (same kernel as :func:`leontief_inverse`)."""
    return leontief_inverse(B)


def ghosh_from_leontief(L: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``G = diag(x)^-1 L diag(x)`` (Miller & Blair 2009, eq. 12.11): ``B = X^-1 A X`` is similar to
    ``A``, so ``G`` needs no second factorisation. Requires ``x > 0`` everywhere."""
    return L * x[np.newaxis, :] / x[:, np.newaxis]


def _drop_null_rows_cols(A: np.ndarray) -> np.ndarray:
    """Remove rows that are zero and columns that are zero, repeatedly.

    A zero row ``i`` (or column) contributes the eigenvalue 0 and leaves the other eigenvalues
    those of ``A`` without row and column ``i`` (expand ``det(lambda I - A)`` along it), so the
    spectral radius is unchanged while the power iteration below stays well defined.
    """
    keep = np.ones(A.shape[0], dtype=bool)
    while True:
        sub = A[np.ix_(keep, keep)]
        alive = (sub != 0).any(axis=1) & (sub != 0).any(axis=0)
        if alive.all():
            return sub
        idx = np.flatnonzero(keep)
        keep[idx[~alive]] = False
        if not keep.any():
            return A[:0, :0]


def spectral_radius(A: np.ndarray, *, rtol: float = 1e-10, max_iter: int = 1000) -> float:
    """Spectral radius ``rho(A)``.

    For non-negative ``A`` (the usual case) it is the Perron root, found by power iteration with
    the Collatz-Wielandt bounds ``min_i (Av)_i / v_i <= rho <= max_i (Av)_i / v_i`` (valid for
    any positive ``v``) until they agree to ``rtol``: O(n^2) per step, no eigen-decomposition.
    Zero rows and columns (sectors with no intermediate sales or purchases) are removed first,
    which leaves the spectral radius unchanged. Falls back to :func:`numpy.linalg.eigvals` when
    ``A`` has negative entries or the bounds do not close (a reducible or periodic structure).
    """
    if A.shape[0] == 0:
        return 0.0
    if (A >= 0).all():
        B = _drop_null_rows_cols(A)
        if B.shape[0] == 0:
            return 0.0
        v = np.ones(B.shape[0])
        for _ in range(max_iter):
            w = B @ v
            if not (w > 0).all():
                break
            ratio = w / v
            lo, hi = ratio.min(), ratio.max()
            if hi - lo <= rtol * hi:
                return float(0.5 * (lo + hi))
            v = w / w.max()
    return float(np.max(np.abs(np.linalg.eigvals(A))))


def import_shares(x: np.ndarray, m: np.ndarray, e: np.ndarray, basis: str = "supply") -> np.ndarray:
    """Import share of each product: ``m / (x - e + m)`` (``basis="use"``) or ``m / (x + m)``
    (``"supply"``); 0 where there are no imports."""
    denom = x - e + m if basis == "use" else x + m
    return np.divide(m, denom, out=np.zeros_like(m, dtype=float), where=(denom != 0) & (m != 0))


def domestic_flows(Z: np.ndarray, x: np.ndarray, m: np.ndarray, e: np.ndarray,
                   basis: str = "supply") -> np.ndarray:
    """Domestic intermediate flows under import proportionality: ``(I - diag(s)) Z`` with
    ``s`` from :func:`import_shares`."""
    return Z * (1.0 - import_shares(x, m, e, basis))[:, np.newaxis]


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class CoefficientsResult(Result):
    """``table``: per-sector summary (output, column sum of A, row sum of B, diagonal of L);
    ``extra``: labelled ``A``, ``L``, ``B``, ``G`` (DataFrames) and ``Z`` used, ``x``."""

    @property
    def A(self) -> pd.DataFrame:
        return self.extra["A"]

    @property
    def spectral_radius(self) -> float:
        """Spectral radius of ``A`` (computed on demand; see :func:`spectral_radius`)."""
        return spectral_radius(self.extra["A"].to_numpy())

    @property
    def L(self) -> pd.DataFrame:
        return self.extra["L"]

    @property
    def B(self) -> pd.DataFrame:
        return self.extra["B"]

    @property
    def G(self) -> pd.DataFrame:
        return self.extra["G"]


def trade_columns(table: IOTable) -> tuple[np.ndarray, np.ndarray]:
    """Imports+inflows ``m`` and exports+outflows ``e`` by product (competitive tables)."""
    m = table.imports.sum(axis=1).to_numpy(float) if table.imports.shape[1] else np.zeros(table.n)
    out_cols = [c for c in table.final_demand.columns if c in ("EX", "OF", "FU302", "EXPO")]
    e = table.final_demand[out_cols].sum(axis=1).to_numpy(float) if out_cols else np.zeros(table.n)
    return m, e


def intermediate_flows(table: IOTable, technology: Technology = "published",
                       import_share: ImportShare = "supply") -> np.ndarray:
    """The ``Z`` a model uses under ``technology`` (see the module docstring)."""
    IOOptions(technology=technology, import_share=import_share)  # validates both names
    Z = table.Z.to_numpy(float)
    if technology == "total":
        return Z + table.Z_imports.to_numpy(float) if table.Z_imports is not None else Z
    if technology == "published" or table.kind == "noncompetitive":
        return Z
    m, e = trade_columns(table)
    if "NOF" in table.final_demand.columns and not m.any():
        raise ValidationError(
            "the table has only net outflow (NOF); imports cannot be separated for domestic "
            "technology", file=table.label, field="technology",
            expected="technology='published' (the default) or 'total'")
    x = table.output.to_numpy(float)
    s = import_shares(x, m, e, import_share)
    bad = [c for c, v in zip(table.codes, s) if not 0.0 <= v <= 1.0]
    if bad:
        raise ValidationError(
            f"import shares {IMPORT_SHARES[import_share].split(':')[0]} fall outside [0, 1] in "
            f"sectors {bad} ({'exports and outflows exceed output net of imports' if import_share == 'use' else 'negative imports or supply'}); "
            "domestic coefficients would be negative",
            file=table.label, field="import_share",
            expected="import_share='supply' (m/(x+m), the default) or technology='published'")
    return domestic_flows(Z, x, m, e, import_share)


def check_output(table: IOTable, zero_output: ZeroOutput) -> np.ndarray:
    """Gross output as an array, refusing (``"raise"``) or warning on sectors with ``x_j <= 0``.

    With ``"zero"`` and ``"exclude"`` those sectors' output is returned as 0; the caller
    excludes them (``"exclude"``, see :func:`prepare_system`).
    """
    IOOptions(zero_output=zero_output)
    x = table.output.to_numpy(float)
    bad = [c for c, v in zip(table.codes, x) if not v > 0]
    if bad and zero_output == "raise":
        raise ValidationError(f"sectors {bad} have zero or negative output; their coefficients "
                              "are undefined", file=table.label, field="output",
                              expected="positive output (or zero_output='exclude', the default)")
    if bad:
        what = ("left out of the Leontief inverse and reported as not computed (NaN, flag "
                "'zero_output')" if zero_output == "exclude" else
                "given zero coefficient columns (zero_output='zero')")
        _warn(f"{table.label}: sectors {bad} have zero output; they are {what}", BalanceWarning,
              stacklevel=3)
        x = np.where(x > 0, x, 0.0)
    return x


def check_negative_flows(Z: np.ndarray, x: np.ndarray, table: IOTable,
                         negative_tol: float = Tolerance().negative_tol) -> np.ndarray:
    """Sectors touched by negative flows (bool, n); refuse flows beyond ``negative_tol * x_j``.

    Published tables hold a few small negative cells (e.g. Guangdong 2002, 11 -> 30: 0.4 % of
    the column's input); they are computed as published and their row and column sectors
    flagged ``negative_flows`` (:func:`sector_flags`). Larger ones are refused, cells named.
    """
    touched = np.zeros(len(x), dtype=bool)
    if not Z.size or Z.min() >= 0:
        return touched
    bad = np.argwhere(Z < 0)
    codes = table.codes
    share = np.array([-Z[i, j] / x[j] if x[j] > 0 else np.inf for i, j in bad])
    if share.max() > negative_tol:
        big = bad[share > negative_tol]
        cells = ", ".join(f"({codes[i]}, {codes[j]}) = {Z[i, j]:.6g}" for i, j in big[:5])
        raise ValidationError(f"{len(big)} negative intermediate flows beyond {negative_tol:g} of "
                              f"the column's output: {cells}{' ...' if len(big) > 5 else ''}",
                              file=table.label, field="Z",
                              expected="non-negative flows (small published negatives are "
                                       "computed and flagged)")
    cells = ", ".join(f"({codes[i]}, {codes[j]}) = {Z[i, j]:.6g}" for i, j in bad[:5])
    _warn(f"{table.label}: {len(bad)} negative intermediate flows within {negative_tol:g} of "
          f"the column's output are kept as published and flagged 'negative_flows': {cells}",
          DataQualityWarning, stacklevel=3)
    touched[bad[:, 0]] = True
    touched[bad[:, 1]] = True
    return touched


def check_productivity(A: np.ndarray, table: IOTable,
                       codes: list[str] | None = None) -> tuple[str, np.ndarray]:
    """Establish ``rho(A) < 1`` cheaply and say how; raise :class:`ValidationError` otherwise.

    A maximum column sum below 1 bounds the spectral radius (any induced norm does); only when
    it does not is the Perron root computed (:func:`spectral_radius`). Returns the statement and
    the column sums of ``A``. ``codes`` label the columns of ``A`` (default: the table's).
    """
    codes = table.codes if codes is None else codes
    col = A.sum(axis=0) if A.size else np.zeros(0)
    abs_col = np.abs(A).sum(axis=0) if A.size and A.min() < 0 else col
    max_col = float(abs_col.max()) if A.size else 0.0
    if max_col < 1.0:
        return f"max column sum of A = {max_col:.6f} < 1 bounds rho(A)", col
    rho = spectral_radius(A)
    over = [c for c, v in zip(codes, col) if v >= 1.0]
    if rho >= 1.0:
        raise ValidationError(f"spectral radius of A is {rho:.4f} >= 1; columns of sectors "
                              f"{over} sum to 1 or more (negative value added in the source); "
                              "the Leontief inverse is not meaningful", file=table.label,
                              field="A", expected="spectral radius < 1 (aggregate or drop those "
                                                  "sectors)")
    note = (f"; columns {over} sum to >= 1 (flagged 'column_sum_ge_1'), computed since the "
            "Perron root is below 1") if over else ""
    return f"spectral radius of A = {rho:.6f} < 1{note}", col


FLAGS: dict[str, str] = {
    "zero_output": "x_j <= 0: not computed (zero_output='exclude') or zero coefficients ('zero')",
    "negative_value_added": "total value added < 0 in the source table",
    "negative_flows": "the sector's row or column holds a negative intermediate flow (kept)",
    "column_sum_ge_1": "its column of A sums to 1 or more (computed: rho(A) < 1)",
}


def sector_flags(table: IOTable, x: np.ndarray, negative: np.ndarray,
                 column_sums: np.ndarray) -> np.ndarray:
    """``;``-joined flags of :data:`FLAGS` per sector (``""`` when none), object array."""
    va = table.total_value_added().to_numpy(float)
    parts = [("zero_output", ~(x > 0)), ("negative_value_added", va < 0),
             ("negative_flows", negative), ("column_sum_ge_1", column_sums >= 1.0)]
    out = np.array([""] * len(x), dtype=object)
    for name, mask in parts:
        for i in np.flatnonzero(mask):
            out[i] = f"{out[i]};{name}" if out[i] else name
    return out


@dataclass(frozen=True)
class IOSystem:
    """A table prepared for the Leontief model under :class:`IOOptions`.

    ``Z`` (n x n) and ``x`` (n) as used (zero-output sectors with ``x = 0``); ``active`` the
    sectors in ``I - A``; ``A`` the active block (``n_a x n_a``); ``flags`` per sector
    (:func:`sector_flags`); ``productivity`` how ``rho(A) < 1`` was established.
    """

    table: IOTable
    options: IOOptions
    Z: np.ndarray
    x: np.ndarray
    active: np.ndarray
    A: np.ndarray
    flags: np.ndarray
    productivity: str

    @property
    def excluded(self) -> list[str]:
        return [c for c, a in zip(self.table.codes, self.active) if not a]

    @property
    def active_codes(self) -> list[str]:
        return [c for c, a in zip(self.table.codes, self.active) if a]

    def expand(self, values: np.ndarray, fill: float = np.nan) -> np.ndarray:
        """Active-sector values (last axis) back on all n sectors, ``fill`` for the excluded."""
        values = np.asarray(values)
        if self.active.all():
            return values
        out = np.full(values.shape[:-1] + (len(self.active),), fill,
                      dtype=np.result_type(values.dtype, type(fill)))
        out[..., self.active] = values
        return out

    def flag_notes(self) -> dict[str, list[str]]:
        """Sector codes per flag (for ``meta``)."""
        codes = self.table.codes
        return {f: [c for c, v in zip(codes, self.flags) if f in v.split(";")]
                for f in FLAGS if any(f in v.split(";") for v in self.flags)}


def prepare_system(table: IOTable, options: IOOptions | None = None) -> IOSystem:
    """Validate ``table`` once under ``options`` and build ``A`` of the active sectors.

    Raises
    ------
    ValidationError
        Zero-output sectors (``zero_output="raise"``), negative flows beyond the tolerance,
        ``rho(A) >= 1``, ``"domestic"`` on a net-outflow-only table, import shares outside
        [0, 1] on the ``"use"`` basis.
    """
    if not isinstance(table, IOTable):
        raise InputError(f"expected an IOTable, got {type(table).__name__}", field="table")
    options = options or IOOptions()
    x = check_output(table, options.zero_output)
    Z = intermediate_flows(table, options.technology, options.import_share)
    negative = check_negative_flows(Z, x, table)
    active = x > 0 if options.zero_output == "exclude" else np.ones(len(x), dtype=bool)
    if active.all():
        A = technical_coefficients(Z, x)
    else:
        idx = np.flatnonzero(active)
        A = technical_coefficients(Z[np.ix_(idx, idx)], x[idx])
    codes = [c for c, a in zip(table.codes, active) if a]
    productivity, col = check_productivity(A, table, codes)
    full_col = np.zeros(len(x))
    full_col[active] = col
    flags = sector_flags(table, x, negative, full_col)
    return IOSystem(table=table, options=options, Z=Z, x=x, active=active, A=A, flags=flags,
                    productivity=productivity)


# ---------------------------------------------------------------------------- labelled shell
def coefficients(table: IOTable, *, options: IOOptions | None = None,
                 technology: Technology | None = None, zero_output: ZeroOutput | None = None,
                 import_share: ImportShare | None = None) -> CoefficientsResult:
    """Coefficients ``A``, ``B`` and inverses ``L``, ``G`` of an IO table, labelled by sector.

    Parameters
    ----------
    table
        The table (any reader's output).
    options
        Conventions (default :class:`IOOptions`); ``technology``, ``zero_output`` and
        ``import_share`` override its fields (module docstring).

    Returns
    -------
    CoefficientsResult
        ``table``: every sector, with ``flags`` and NaN for sectors not computed;
        ``extra``: ``A``, ``L``, ``B``, ``G`` labelled by the computed (active) sectors.

    Raises
    ------
    ValidationError
        As :func:`prepare_system`.
    """
    opts = IOOptions.of(options, technology=technology, zero_output=zero_output,
                        import_share=import_share)
    sys_ = prepare_system(table, opts)
    act = np.flatnonzero(sys_.active)
    xa, A = sys_.x[act], sys_.A
    Za = sys_.Z[np.ix_(act, act)] if len(act) < len(sys_.x) else sys_.Z
    B = allocation_coefficients(Za, xa)
    L = leontief_inverse(A)
    # with zero-output sectors (zero_output="zero") B is not similar to A: invert it directly
    G = ghosh_from_leontief(L, xa) if (xa > 0).all() else ghosh_inverse(B)
    codes = sys_.active_codes
    frame = lambda M: pd.DataFrame(M, index=codes, columns=codes)  # noqa: E731
    summary = pd.DataFrame({
        "name": table.sectors["name_en"].where(table.sectors["name_en"] != "", table.sectors["name_cn"]),
        "output": sys_.x,
        "A_column_sum": sys_.expand(A.sum(axis=0)),
        "B_row_sum": sys_.expand(B.sum(axis=1)),
        "L_diagonal": sys_.expand(np.diag(L)),
        "flags": sys_.flags,
    }, index=pd.Index(table.codes, name="sector"))
    meta = build_meta("io_coefficients", conventions={
        **opts.conventions(table), "excluded_sectors": sys_.excluded, "flags": FLAGS,
        "inverse": "L: LU factorisation of (I - A) inverted in place (LAPACK getrf/getri); "
                   "G = diag(x)^-1 L diag(x) (B similar to A; direct inverse with zero outputs)"},
        provenance=table.provenance, region=table.region, year=table.year, unit=table.unit,
        max_column_sum=float(np.abs(A).sum(axis=0).max()) if A.size else 0.0,
        productivity_check=sys_.productivity, flagged_sectors=sys_.flag_notes())
    return CoefficientsResult(table=summary, meta=meta,
                              extra={"A": frame(A), "L": frame(L), "B": frame(B), "G": frame(G),
                                     "Z": frame(Za), "x": pd.Series(xa, index=codes)})
