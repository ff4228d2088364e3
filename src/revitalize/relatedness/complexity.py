"""Economic complexity (ECI) of regions and complexity of industries (PCI).

From the 0/1 specialisation matrix ``M`` (regions ``c`` x industries ``p``), diversity
``k_c,0 = sum_p M_cp`` and ubiquity ``k_p,0 = sum_c M_cp``; ``D = diag(k_c,0)``,
``U = diag(k_p,0)``.

**Method of reflections** (Hidalgo & Hausmann 2009, *PNAS* 106(26), 10570-10575, eqs. 1-2)::

    k_c,N = (1 / k_c,0) sum_p M_cp k_p,N-1        k_p,N = (1 / k_p,0) sum_c M_cp k_c,N-1

so ``k_c,2N = Mcc^N k_c,0`` with the row-stochastic ``Mcc = D^-1 M U^-1 M'``. The iterates tend
to a constant (the leading eigenvector, eigenvalue 1); the information is in the deviations. We
standardise after each pair of reflections (``(x - mean) / std``), which is exact: ``Mcc`` maps
constants to themselves, so standardising commutes with it up to scale, and the standardised
``k_c,2N`` equal HH's; iterating to convergence is the power method on ``Mcc`` with its constant
eigenvector removed, which converges to its second eigenvector when ``|lambda_2| > |lambda_3|``.

**Eigenvector form** (Hausmann, Hidalgo et al. 2014, *The Atlas of Economic Complexity*, MIT
Press, pp. 24-25): ``ECI = standardise(K)``, ``K`` the eigenvector of ``Mcc`` for its second-
largest eigenvalue; ``PCI = standardise(Q)``, ``Q = U^-1 M' K`` the eigenvector of
``Mpp = U^-1 M' D^-1 M`` for the same eigenvalue. Mealy, Farmer & Teytelboym (2019), *Science
Advances* 5, eau1705, show the two forms coincide (the limit of reflections is ``K``). We compute
it stably from the singular value decomposition of ``B = D^-1/2 M U^-1/2``: ``Mcc`` is similar to
``B B'``, so ``K = D^-1/2 P_2`` and ``Q = U^-1/2 Q_2`` with ``P_2``, ``Q_2`` the second singular
vectors of ``B`` (eigenvalue ``sigma_2^2``).

Caveat: the reflections start from diversity, so they reach ``K`` only when diversity is not
orthogonal to it; in small symmetric networks it can be (the shell warns), and then the sign
convention is undefined too.

Conventions (in ``meta``): sign -- ECI correlates positively with diversity (the Atlas and the
``ecomplexity`` package); standardisation -- each index by its own mean and population standard
deviation (ddof 0). ``ecomplexity`` standardises PCI with ECI's mean and std instead (a different
affine scale of the same vector).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from revitalize.errors import DataQualityWarning, InputError
from revitalize.errors import warn as _warn
from revitalize.relatedness.validate import as_binary_matrix
from revitalize.results import Result, build_meta

__all__ = ["COMPLEXITY_METHODS", "ComplexityResult", "complexity", "complexity_eigenvector",
           "complexity_reflections", "standardise"]

ComplexityMethod = Literal["eigenvector", "reflections"]
COMPLEXITY_METHODS: tuple[str, ...] = ("eigenvector", "reflections")
# Relative gap between the 2nd and 3rd eigenvalues below which the ECI is not identified.
EIGENGAP_TOLERANCE = 1e-8


# ---------------------------------------------------------------------------- kernels
def standardise(x: np.ndarray) -> np.ndarray:
    """``(x - mean(x)) / std(x)`` with the population standard deviation (ddof 0)."""
    x = np.asarray(x, float)
    return (x - x.mean()) / x.std()


def _orient(eci: np.ndarray, pci: np.ndarray, diversity: np.ndarray):
    """Sign convention: ECI positively correlated with diversity."""
    if np.dot(eci - eci.mean(), diversity - diversity.mean()) < 0:
        return -eci, -pci
    return eci, pci


def complexity_eigenvector(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ECI, PCI (standardised) and the eigenvalues of ``Mcc`` (descending) by the SVD of
    ``B = D^-1/2 M U^-1/2`` (module docstring). ``M`` must have no zero row or column."""
    M = np.asarray(M, float)
    kc, kp = M.sum(axis=1), M.sum(axis=0)
    B = M / np.sqrt(kc)[:, None] / np.sqrt(kp)[None, :]
    P, s, Qt = np.linalg.svd(B, full_matrices=False)
    K = P[:, 1] / np.sqrt(kc)
    Q = Qt[1] / np.sqrt(kp)
    eci, pci = _orient(standardise(K), standardise(Q), kc)
    return eci, pci, s**2


def complexity_reflections(M: np.ndarray, *, iterations: int | None = None, tol: float = 1e-12,
                           max_iterations: int = 10_000) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """ECI and PCI by the method of reflections (Hidalgo & Hausmann 2009), standardised after
    each pair of reflections (module docstring).

    ``iterations``: a fixed number of reflection pairs (HH's ``k_c,2N``); ``None`` iterates until
    the standardised vector moves less than ``tol`` (max-norm) or ``max_iterations``.
    Returns ``(eci, pci, pairs_done, converged)``.
    """
    M = np.asarray(M, float)
    kc, kp = M.sum(axis=1), M.sum(axis=0)
    x = standardise(kc)
    limit = iterations if iterations is not None else max_iterations
    pairs, converged = 0, iterations is not None
    while pairs < limit:
        new = standardise(M @ ((M.T @ x) / kp) / kc)
        pairs += 1
        step = np.max(np.abs(new - x))
        x = new
        if iterations is None and step < tol:
            converged = True
            break
    pci = standardise((M.T @ x) / kp)
    eci, pci = _orient(x, pci, kc)
    return eci, pci, pairs, converged


# ---------------------------------------------------------------------------- labelled shell
@dataclass(frozen=True)
class ComplexityResult(Result):
    """``table``: one row per region (``diversity``, ``eci``); ``extra["pci"]``: one row per
    industry (``ubiquity``, ``pci``); ``extra["eigenvalues"]`` of ``Mcc``."""

    @property
    def eci(self) -> pd.Series:
        return self.table["eci"].copy()

    @property
    def pci(self) -> pd.Series:
        return self.extra["pci"]["pci"].copy()


def _check_connected(M: pd.DataFrame) -> None:
    zero_r = M.index[M.sum(axis=1) == 0].tolist()
    zero_c = M.columns[M.sum(axis=0) == 0].tolist()
    if zero_r or zero_c:
        raise InputError(
            f"regions with diversity 0 {zero_r} / industries with ubiquity 0 {zero_c}",
            field="specialisation",
            expected="every region specialised in something and every industry somewhere "
                     "(drop them, or lower the RCA threshold, and say so)")


def complexity(specialisation: pd.DataFrame, *, method: ComplexityMethod = "eigenvector",
               iterations: int | None = None, tol: float = 1e-12, provenance=None
               ) -> ComplexityResult:
    """ECI of every region and PCI of every industry.

    Parameters
    ----------
    specialisation
        ``M``, regions x industries 0/1 (``rca(X, threshold=...).specialisation``).
    method
        ``"eigenvector"`` (default; Atlas form, via SVD) or ``"reflections"`` (HH 2009).
    iterations, tol
        Reflections only: a fixed number of reflection pairs, or ``None`` to iterate to the
        tolerance ``tol`` (then equal to the eigenvector form; Mealy et al. 2019).

    Warns
    -----
    DataQualityWarning
        The 2nd and 3rd eigenvalues of ``Mcc`` (nearly) coincide, so the ranking is not
        identified; or the bipartite network is disconnected (2nd eigenvalue 1); or the
        reflections did not converge.
    """
    M = as_binary_matrix(specialisation)
    _check_connected(M)
    if method not in COMPLEXITY_METHODS:
        raise InputError(f"method={method!r}", field="method",
                         expected=f"one of {list(COMPLEXITY_METHODS)}")
    A = M.to_numpy()
    _, _, lam = complexity_eigenvector(A)
    extra_meta: dict[str, object] = {}
    if method == "eigenvector":
        eci, pci, _ = complexity_eigenvector(A)
    else:
        if np.ptp(A.sum(axis=1)) == 0:
            raise InputError("every region has the same diversity: the method of reflections "
                             "stays constant from its start", field="method",
                             expected="method='eigenvector'")
        eci, pci, pairs, converged = complexity_reflections(A, iterations=iterations, tol=tol)
        extra_meta = {"reflection_pairs": pairs, "converged": converged}
        if not converged:
            _warn(f"the method of reflections did not converge in {pairs} pairs",
                  DataQualityWarning, field="iterations")
    _screen_eigenvalues(lam)
    _screen_diversity(eci, A.sum(axis=1))
    table = pd.DataFrame({"diversity": M.sum(axis=1), "eci": eci}, index=M.index)
    pci_frame = pd.DataFrame({"ubiquity": M.sum(axis=0), "pci": pci}, index=M.columns)
    conventions = {"method": method, "sign": "eci_positively_correlated_with_diversity",
                   "standardisation": "own_mean_population_std"}
    if method == "reflections":
        conventions.update(iterations=iterations, tol=tol)
    meta = build_meta("economic_complexity", conventions=conventions, provenance=provenance,
                      eigenvalues=[float(v) for v in lam[:3]], **extra_meta)
    return ComplexityResult(table=table, meta=meta,
                            extra={"pci": pci_frame, "eigenvalues": lam})


def _screen_diversity(eci: np.ndarray, diversity: np.ndarray) -> None:
    """The sign convention and the reflections (which start from diversity) need the ECI to be
    correlated with diversity; in small symmetric networks it can be exactly uncorrelated."""
    if np.ptp(diversity) == 0 or abs(np.corrcoef(eci, diversity)[0, 1]) < 1e-8:
        _warn("the ECI is uncorrelated with diversity: its sign is undefined and the method of "
              "reflections, which starts from diversity, converges elsewhere", DataQualityWarning)


def _screen_eigenvalues(lam: np.ndarray) -> None:
    if lam.size < 2:
        return
    if lam[1] > 1 - EIGENGAP_TOLERANCE:
        _warn("the region-industry network is disconnected (2nd eigenvalue of Mcc is 1): the "
              "ECI separates the components rather than ranking complexity", DataQualityWarning)
    elif lam.size > 2 and lam[1] - lam[2] < EIGENGAP_TOLERANCE * max(lam[1], 1e-300):
        _warn(f"the 2nd and 3rd eigenvalues of Mcc coincide ({lam[1]:.6g}, {lam[2]:.6g}): the "
              "ECI/PCI ranking is not identified", DataQualityWarning)
