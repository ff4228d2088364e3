"""ECI/PCI: hand-worked reference, reflections = eigenvector (Mealy, Farmer & Teytelboym 2019),
the ``ecomplexity`` peer, and the error/warning paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import DataQualityWarning, InputError
from revitalize.relatedness import complexity, complexity_eigenvector, complexity_reflections

# Nested 3 x 3 matrix, worked by hand (no published source needed): diversity (3, 2, 1),
# ubiquity (3, 2, 1); Mcc = D^-1 M U^-1 M' = [[11/18, 5/18, 2/18], [5/12, 5/12, 2/12],
# [1/3, 1/3, 1/3]]; trace 49/36, det 1/36, so the eigenvalues are 1, 1/4 and 1/9
# (36 l^2 - 13 l + 1 = 0). The eigenvector of 1/4 is K = (2, -1, -4) (sign: + with diversity),
# standardised (mean -1, population std sqrt 6): ECI = (3, 0, -3)/sqrt 6. Q = U^-1 M' K =
# (-1, 1/2, 2), standardised: PCI = (-1.5, 0, 1.5)/sqrt 1.5. Exact; tolerance 1e-12.
NESTED = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["c1", "c2", "c3"],
                      columns=["p1", "p2", "p3"], dtype=float)
ECI_HAND = np.array([3, 0, -3]) / np.sqrt(6)
PCI_HAND = np.array([-1.5, 0, 1.5]) / np.sqrt(1.5)


@pytest.mark.parametrize("method", ["eigenvector", "reflections"])
def test_hand_worked_nested_matrix(method):
    res = complexity(NESTED, method=method)
    np.testing.assert_allclose(res.eci.to_numpy(), ECI_HAND, atol=1e-12)
    np.testing.assert_allclose(res.pci.to_numpy(), PCI_HAND, atol=1e-12)
    np.testing.assert_allclose(res.extra["eigenvalues"], [1, 0.25, 1 / 9], atol=1e-12)
    assert list(res.table.index) == ["c1", "c2", "c3"]
    assert res.meta["conventions"]["method"] == method


def _connected(draw_matrix):
    M = np.asarray(draw_matrix, float)
    return M.sum(axis=0).all() and M.sum(axis=1).all() and np.ptp(M.sum(axis=1)) > 0


@settings(max_examples=60, deadline=None)
@given(st.integers(4, 12), st.integers(4, 15), st.integers(0, 10_000))
def test_reflections_equal_eigenvector(n_regions, n_industries, seed):
    """Mealy, Farmer & Teytelboym (2019) Science Advances 5: eau1705 -- the limit of the
    method of reflections is the eigenvector ECI."""
    rng = np.random.default_rng(seed)
    M = (rng.random((n_regions, n_industries)) < 0.45).astype(float)
    if not _connected(M):
        return
    e1, p1, lam = complexity_eigenvector(M)
    if lam[1] > 1 - 1e-9 or (lam.size > 2 and lam[2] > 0.9 * lam[1]):
        return  # disconnected or (nearly) degenerate: not identified, slow to converge
    if abs(np.corrcoef(e1, M.sum(axis=1))[0, 1]) < 0.05:
        return  # diversity (the reflections' start) ~orthogonal to the ECI: see the next test
    e2, p2, _, ok = complexity_reflections(M, tol=1e-13, max_iterations=200_000)
    assert ok
    np.testing.assert_allclose(e1, e2, atol=1e-7)
    np.testing.assert_allclose(p1, p2, atol=1e-7)


def test_reflections_start_orthogonal_to_eci_warns():
    """A 4 x 4 case where diversity is exactly orthogonal to the second eigenvector: the
    reflections converge to the third one; the shell says so."""
    M = (np.random.default_rng(27).random((4, 4)) < 0.45).astype(float)
    eci = complexity_eigenvector(M)[0]
    assert abs(np.corrcoef(eci, M.sum(axis=1))[0, 1]) < 1e-8
    with pytest.warns(DataQualityWarning, match="uncorrelated with diversity"):
        complexity(pd.DataFrame(M))


def test_eci_is_mean_pci_of_products_up_to_affine_scale():
    """ECI_c is proportional to the average PCI of c's industries (HH 2009 eq. 1 at the limit)."""
    rng = np.random.default_rng(3)
    M = (rng.random((20, 25)) < 0.4).astype(float)
    eci, pci, _lam = complexity_eigenvector(M)
    mean_pci = (M @ pci) / M.sum(axis=1)
    assert abs(np.corrcoef(eci, mean_pci)[0, 1] - 1) < 1e-10


def test_against_ecomplexity_peer():
    ecx = pytest.importorskip("ecomplexity")  # test-only peer (ecomplexity 0.5.3 on PyPI)
    rng = np.random.default_rng(7)
    X = rng.gamma(1.0, 1.0, size=(15, 12)) * rng.gamma(2.0, 1.0, size=(1, 12))
    regions = [f"r{i:02d}" for i in range(15)]
    inds = [f"i{j:02d}" for j in range(12)]
    long = pd.DataFrame([(2017, r, p, X[i, j]) for i, r in enumerate(regions)
                         for j, p in enumerate(inds)], columns=["year", "loc", "prod", "val"])
    out = ecx.ecomplexity(long, {"time": "year", "loc": "loc", "prod": "prod", "val": "val"},
                          verbose=False, check_logsupermodularity=False)
    from revitalize.relatedness import density, rca
    r = rca(pd.DataFrame(X, index=regions, columns=inds))
    res = complexity(r.specialisation)
    peer_eci = out.groupby("loc")["eci"].first().reindex(regions).to_numpy()
    peer_pci = out.groupby("prod")["pci"].first().reindex(inds).to_numpy()
    np.testing.assert_allclose(res.eci.to_numpy(), peer_eci, atol=1e-8)
    # ecomplexity scales PCI by ECI's mean and std: compare after our own standardisation
    std = (peer_pci - peer_pci.mean()) / peer_pci.std()
    np.testing.assert_allclose(res.pci.to_numpy(), std, atol=1e-8)
    peer_rca = out.pivot(index="loc", columns="prod", values="rca").loc[regions, inds]
    np.testing.assert_allclose(r.table.to_numpy(), peer_rca.to_numpy(), rtol=1e-12)
    peer_density = out.pivot(index="loc", columns="prod", values="density").loc[regions, inds]
    ours = density(r.specialisation).table
    np.testing.assert_allclose(ours.to_numpy(), peer_density.to_numpy(), atol=1e-12)


def test_zero_diversity_or_ubiquity_refused():
    M = NESTED.copy()
    M["p4"] = 0.0
    with pytest.raises(InputError, match="ubiquity 0"):
        complexity(M)


def test_unknown_method_refused():
    with pytest.raises(InputError, match="method"):
        complexity(NESTED, method="power")


def test_reflections_refuse_constant_diversity():
    M = pd.DataFrame(np.eye(3), index=list("abc"), columns=list("xyz"))
    with pytest.warns(DataQualityWarning, match="disconnected"):
        complexity(M)  # eigenvector form: computed, with the warning
    with pytest.raises(InputError, match="same diversity"):
        complexity(M, method="reflections")


def test_reflections_not_converged_warns():
    rng = np.random.default_rng(1)
    M = pd.DataFrame((rng.random((10, 10)) < 0.5).astype(float))
    M.iloc[:, 0] = 1.0
    M.iloc[0, :] = 1.0
    with pytest.warns(DataQualityWarning, match="did not converge"):
        from revitalize.relatedness import complexity_reflections as kern  # noqa: F401
        res = complexity(M, method="reflections", iterations=None, tol=0.0)
    assert res.meta["converged"] is False


def test_degenerate_eigenvalues_warn():
    # three identical blocks joined by one region present everywhere: by the 3-fold symmetry the
    # non-constant eigenvectors come in pairs, so lambda_2 = lambda_3
    M = np.zeros((7, 6))
    M[0] = 1
    for b in range(3):
        M[1 + 2 * b: 3 + 2 * b, 2 * b: 2 * b + 2] = 1
    with pytest.warns(DataQualityWarning, match="coincide"):
        complexity(pd.DataFrame(M))
