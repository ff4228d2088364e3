"""Technical and allocation coefficients, Leontief and Ghosh inverses.

Kernels (numpy in, numpy out, no validation) and a labelled shell :func:`coefficients` that
validates once and returns a frozen :class:`CoefficientsResult`.

Formulas (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., eqs. 2.4, 2.10, 12.8-12.10):

* technical coefficients ``A = Z diag(x)^-1``          (a_ij = z_ij / x_j)
* Leontief inverse        ``L = (I - A)^-1``            (solved from an LU factorisation)
* allocation coefficients ``B = diag(x)^-1 Z``          (b_ij = z_ij / x_i, the Ghosh model)
* Ghosh inverse           ``G = (I - B)^-1``

Conventions (named keywords, recorded in ``meta``):

* ``technology`` -- ``"total"`` uses all intermediate flows (domestic plus imported);
  ``"domestic"`` uses domestic flows only: in a non-competitive table the domestic block ``Z^d``;
  in a competitive table ``Z^d = (I - diag(s)) Z`` with the import share of each product
  ``s_i = m_i / (x_i - e_i + m_i)`` (imports and inflows ``m``, exports and outflows ``e``): the
  import-proportionality assumption of the NBS and of Miller & Blair section 2.6
  (``import_share="use"``, the default). Where exports and outflows exceed output net of imports
  (re-export sectors of provincial tables) that share leaves [0, 1] and would make coefficients
  negative: this is refused, naming the sectors; ``import_share="supply"`` uses
  ``s_i = m_i / (x_i + m_i)`` (the share of imports in total supply, always in [0, 1)) instead.
* ``zero_output`` -- ``"raise"`` (default) refuses sectors with ``x_j <= 0`` (their coefficients
  are undefined); ``"zero"`` sets their column of ``A`` (row of ``B``) to zero and warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.linalg import lapack

from revitalize.errors import BalanceWarning, InputError, ValidationError
from revitalize.errors import warn as _warn
from revitalize.io.table import IOTable
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
]

Technology = Literal["total", "domestic"]
ImportShare = Literal["use", "supply"]
ZeroOutput = Literal["raise", "zero"]


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


def import_shares(x: np.ndarray, m: np.ndarray, e: np.ndarray, basis: str = "use") -> np.ndarray:
    """Import share of each product: ``m / (x - e + m)`` (``basis="use"``) or ``m / (x + m)``
    (``"supply"``); 0 where there are no imports."""
    denom = x - e + m if basis == "use" else x + m
    return np.divide(m, denom, out=np.zeros_like(m, dtype=float), where=(denom != 0) & (m != 0))


def domestic_flows(Z: np.ndarray, x: np.ndarray, m: np.ndarray, e: np.ndarray,
                   basis: str = "use") -> np.ndarray:
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


def intermediate_flows(table: IOTable, technology: Technology = "domestic",
                       import_share: ImportShare = "use") -> np.ndarray:
    """The ``Z`` a model uses under ``technology`` (see the module docstring)."""
    Z = table.Z.to_numpy(float)
    if technology == "total":
        return Z + (table.Z_imports.to_numpy(float) if table.Z_imports is not None else 0.0)
    if technology != "domestic":
        raise InputError(f"unknown technology {technology!r}", field="technology",
                         expected="'total' or 'domestic'")
    if table.kind == "noncompetitive":
        return Z
    m, e = trade_columns(table)
    if "NOF" in table.final_demand.columns and not m.any():
        raise ValidationError(
            "the table has only net outflow (NOF); imports cannot be separated for domestic "
            "technology", file=table.label, field="technology", expected="technology='total'")
    if import_share not in ("use", "supply"):
        raise InputError(f"unknown import_share {import_share!r}", field="import_share",
                         expected="'use' or 'supply'")
    x = table.output.to_numpy(float)
    s = import_shares(x, m, e, import_share)
    bad = [c for c, v in zip(table.codes, s) if not 0.0 <= v <= 1.0]
    if bad:
        raise ValidationError(
            f"import shares m/(x-e+m) fall outside [0, 1] in sectors {bad} (exports and outflows "
            "exceed output net of imports); domestic coefficients would be negative",
            file=table.label, field="import_share",
            expected="import_share='supply' (m/(x+m)) or technology='total'")
    return domestic_flows(Z, x, m, e, import_share)


def check_output(table: IOTable, zero_output: ZeroOutput) -> np.ndarray:
    """Gross output as an array, refusing or warning on sectors with ``x_j <= 0``."""
    x = table.output.to_numpy(float)
    bad = [c for c, v in zip(table.codes, x) if not v > 0]
    if bad and zero_output == "raise":
        raise ValidationError(f"sectors {bad} have zero or negative output; their coefficients "
                              "are undefined", file=table.label, field="output",
                              expected="positive output (or zero_output='zero', or aggregate/drop "
                                       "those sectors first)")
    if bad:
        if zero_output != "zero":
            raise InputError(f"unknown zero_output {zero_output!r}", field="zero_output",
                             expected="'raise' or 'zero'")
        _warn(f"{table.label}: sectors {bad} have zero output; their coefficient "
                      "columns are set to zero (zero_output='zero')", BalanceWarning, stacklevel=3)
        x = np.where(x > 0, x, 0.0)
    return x


def check_productivity(A: np.ndarray, table: IOTable) -> str:
    """Establish ``rho(A) < 1`` cheaply and say how; raise :class:`ValidationError` otherwise.

    A maximum column sum below 1 bounds the spectral radius (any induced norm does); only when
    it does not is the Perron root computed (:func:`spectral_radius`).
    """
    max_col = float(np.abs(A).sum(axis=0).max()) if A.size else 0.0
    if max_col < 1.0:
        return f"max column sum of A = {max_col:.6f} < 1 bounds rho(A)"
    rho = spectral_radius(A)
    if rho >= 1.0:
        worst = table.codes[int(np.argmax(A.sum(axis=0)))]
        raise ValidationError(f"spectral radius of A is {rho:.4f} >= 1 (largest column sum at "
                              f"sector {worst}); the Leontief inverse is not meaningful",
                              file=table.label, field="A", expected="spectral radius < 1")
    return f"spectral radius of A = {rho:.6f} < 1"


def coefficients(table: IOTable, *, technology: Technology = "domestic",
                 zero_output: ZeroOutput = "raise",
                 import_share: ImportShare = "use") -> CoefficientsResult:
    """Coefficients ``A``, ``B`` and inverses ``L``, ``G`` of an IO table, labelled by sector.

    Parameters
    ----------
    table
        The table (any reader's output).
    technology
        ``"domestic"`` (default) or ``"total"``; see the module docstring.
    zero_output
        ``"raise"`` (default) or ``"zero"``.
    import_share
        ``"use"`` (default) or ``"supply"``: the import-share basis of domestic technology in a
        competitive table (see the module docstring).

    Raises
    ------
    ValidationError
        Zero-output sectors (with ``zero_output="raise"``) or ``A`` with spectral radius >= 1
        (``I - A`` has no non-negative inverse: the table is not productive).
    """
    x = check_output(table, zero_output)
    Z = intermediate_flows(table, technology, import_share)
    A = technical_coefficients(Z, x)
    productivity = check_productivity(A, table)
    B = allocation_coefficients(Z, x)
    L = leontief_inverse(A)
    # with zero-output sectors (zero_output="zero") B is not similar to A: invert it directly
    G = ghosh_from_leontief(L, x) if (x > 0).all() else ghosh_inverse(B)
    codes = table.codes
    frame = lambda M: pd.DataFrame(M, index=codes, columns=codes)  # noqa: E731
    summary = pd.DataFrame({
        "name": table.sectors["name_en"].where(table.sectors["name_en"] != "", table.sectors["name_cn"]),
        "output": x,
        "A_column_sum": A.sum(axis=0),
        "B_row_sum": B.sum(axis=1),
        "L_diagonal": np.diag(L),
    }, index=pd.Index(codes, name="sector"))
    meta = build_meta("io_coefficients", conventions={
        "technology": technology, "zero_output": zero_output,
        "import_share": ({"use": "m_i / (x_i - e_i + m_i)", "supply": "m_i / (x_i + m_i)"}[import_share]
                         if technology == "domestic" and table.kind == "competitive" else None),
        "inverse": "L: LU factorisation of (I - A) inverted in place (LAPACK getrf/getri); "
                   "G = diag(x)^-1 L diag(x) (B similar to A; direct inverse with zero outputs)"},
        provenance=table.provenance, region=table.region, year=table.year, unit=table.unit,
        max_column_sum=float(np.abs(A).sum(axis=0).max()) if A.size else 0.0,
        productivity_check=productivity)
    return CoefficientsResult(table=summary, meta=meta,
                              extra={"A": frame(A), "L": frame(L), "B": frame(B), "G": frame(G),
                                     "Z": frame(Z), "x": pd.Series(x, index=codes)})

