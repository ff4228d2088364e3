"""Solve, don't invert (issue 19): LU and block-Neumann paths of LeontiefSolver agree with the
dense inverse to the stated tolerance; linkages and multipliers without forming L equal the
results from L; the path that ran is in meta."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model, multipliers
from revitalize.io.solvers import (
    LeontiefSolver,
    anderson_solve,
    neumann_solve,
    predicted_steps,
    scaled_solve,
)
from revitalize.model.table import IOTable


def random_A(n: int, seed: int, top: float = 0.8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.uniform(0, 1, (n, n)) * (rng.random((n, n)) > 0.3)
    return A * (rng.uniform(0.1, top, n) / np.maximum(A.sum(axis=0), 1e-12))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 30), st.integers(0, 2**31 - 1), st.booleans())
def test_iterative_equals_lu_to_the_tolerance(n, seed, transpose):
    """Relative residual <= tol, hence |X - X_lu| <= ||L||_inf tol ||B|| (L >= 0 here)."""
    A = random_A(n, seed)
    B = np.random.default_rng(seed + 1).uniform(0.5, 2.0, (n, 3))
    tol = 1e-12
    it = LeontiefSolver(A, method="iterative", tol=tol)
    lu = LeontiefSolver(A, method="lu")
    X, Y = it.solve(B, transpose=transpose), lu.solve(B, transpose=transpose)
    L = np.linalg.inv(np.eye(n) - A)
    bound = np.abs(L).sum(axis=1).max() * tol * np.abs(B).max() * 4
    np.testing.assert_allclose(X, Y, rtol=0, atol=bound)
    np.testing.assert_allclose(Y, (L.T if transpose else L) @ B, rtol=1e-10)
    assert it.describe().startswith("iterative: power series with Anderson")


def test_fallback_to_lu_when_the_iteration_does_not_converge():
    """A column summing above 1 (rho < 1 still): no series bound, so 'auto' takes LU; a
    forced iteration that does not reach its tolerance in its steps falls back to LU, and
    says so."""
    A = random_A(30, 0, 0.5)
    A[:, 0] *= 1.2 / A[:, 0].sum()
    assert np.max(np.abs(np.linalg.eigvals(A))) < 1
    auto = LeontiefSolver(A)
    assert auto.method == "lu" and predicted_steps(1.2, 1e-12) is None
    forced = LeontiefSolver(A, method="iterative", max_iter=3)
    x = forced.solve(np.ones(30))
    np.testing.assert_allclose(x, np.linalg.solve(np.eye(30) - A, np.ones(30)), rtol=1e-10)
    assert "fell back to LU" in forced.describe()


@pytest.mark.parametrize("transpose", [False, True])
def test_kernels_report_their_residual(transpose):
    A = random_A(50, 3)
    M = (np.eye(50) - A).T if transpose else np.eye(50) - A
    for kernel in (neumann_solve, anderson_solve):
        X, k, res = kernel(A, np.ones(50), tol=1e-13, max_iter=500, transpose=transpose)
        assert res <= 1e-13 and k < 500
        np.testing.assert_allclose(M @ X, np.ones(50), atol=1e-11)
    fewer = anderson_solve(A, np.ones(50), tol=1e-13, max_iter=500)[1]
    assert fewer < neumann_solve(A, np.ones(50), tol=1e-13, max_iter=500)[1]


def synthetic_table(n: int, seed: int = 0) -> IOTable:
    rng = np.random.default_rng(seed)
    A = random_A(n, seed, 0.7)
    f = rng.uniform(10, 100, n)
    x = np.linalg.solve(np.eye(n) - A, f)
    Z = A * x
    codes = [f"{i:03d}" for i in range(n)]
    c = 0.4 * f
    va = x - Z.sum(axis=0)
    return IOTable(
        sectors=pd.DataFrame({"name_cn": codes, "name_en": codes}, index=pd.Index(codes, name="code")),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=pd.DataFrame({"FU101": c, "FU201": f - c}, index=codes),
        imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
        value_added=pd.DataFrame([0.5 * va, 0.5 * va], index=["VA001", "VA004"], columns=codes),
        output=pd.Series(x, index=codes), total_input=pd.Series(x, index=codes),
        region="000000", year=2020, unit="10^4 CNY", kind="noncompetitive")


@pytest.mark.parametrize("forward", ["leontief", "ghosh"])
def test_linkages_without_L_equal_the_dense_path(forward):
    t = synthetic_table(60)
    dense = linkages(t, forward=forward)
    m = leontief_model(t, solver="iterative")
    sums = linkages(m, forward=forward, variation=False)
    assert not m.solver.formed_L and "L" not in sums.extra
    for col in ("influence_coefficient", "sensitivity_coefficient", "output_multiplier",
                "forward_linkage"):
        np.testing.assert_allclose(sums.table[col], dense.table[col], rtol=1e-10)
    assert (sums.table["key_sector_class"] == dense.table["key_sector_class"]).all()
    assert sums.table["influence_cv"].isna().all()
    assert sums.meta["conventions"]["solution"].startswith("iterative")
    assert dense.meta["conventions"]["solution"].startswith("L formed")
    assert "L" in linkages(m, forward=forward, variation=False, include_L=True).extra


def test_multipliers_by_solves_equal_the_inverse():
    t = synthetic_table(40, seed=2)
    for solver in ("lu", "iterative"):
        m = leontief_model(t, solver=solver)
        r = multipliers(m, type="II")
        assert not m.solver.formed_L
        L = np.linalg.inv(np.eye(40) - m.A)
        np.testing.assert_allclose(r.table["output_multiplier"].to_numpy()
                                   - r.table["output_induced"].to_numpy(), L.sum(axis=0),
                                   rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 25), st.integers(0, 2**31 - 1), st.booleans(),
       st.sampled_from([0.01, 0.1, 0.3]))
def test_scaled_solve_equals_lu_per_draw(n, seed, transpose, sigma):
    """(I - R A Gamma) z = b (or its transpose) for lognormal row/column factors: the stated
    guarantee, relative residual <= tol, holds for every draw reported converged (checked directly),
    hence |z - z_lu| <= ||L~||_inf tol ||b||_inf; scipy's LU (getrf/getrs) is the peer."""
    from scipy import linalg

    rng = np.random.default_rng(seed)
    A = random_A(n, seed, 0.7)
    k, tol = 5, 1e-10
    rho, gamma = rng.lognormal(0, sigma, (k, n)), rng.lognormal(0, sigma, (k, n))
    gamma = np.minimum(gamma, 0.99 / np.maximum(rho @ A, 1e-300))  # drawn column sums < 1
    b = rng.uniform(0.5, 2.0, n)
    M = np.linalg.inv(np.eye(n) - A) - np.eye(n)
    z, steps, ok = scaled_solve(A, M, rho, gamma, b, transpose=transpose, tol=tol)
    assert (steps >= 1).all() and (steps[~ok] == 60).all()
    if sigma <= 0.1:  # rho(M Delta) near 1 (a drawn rho(A~) near 1) is left to the LU fallback
        assert ok.all()
    for d in np.flatnonzero(ok):
        Md = np.eye(n) - rho[d][:, None] * A * gamma[d][None, :]
        Md = Md.T if transpose else Md
        assert np.abs(b - Md @ z[d]).max() <= tol * np.abs(b).max()
        ref = linalg.lu_solve(linalg.lu_factor(Md), b)
        bound = np.abs(np.linalg.inv(Md)).sum(axis=1).max() * tol * np.abs(b).max()
        np.testing.assert_allclose(z[d], ref, rtol=0, atol=bound)


def test_scaled_solve_with_unit_factors_is_the_point_solution_and_flags_non_convergence():
    A = random_A(40, 5)
    L = np.linalg.inv(np.eye(40) - A)
    ones = np.ones((3, 40))
    z, steps, ok = scaled_solve(A, L - np.eye(40), ones, ones, np.ones(40))
    assert ok.all() and (steps == 1).all()  # Delta = 0: M b is exact after one product
    np.testing.assert_allclose(z, np.broadcast_to(L.sum(axis=1), (3, 40)), rtol=1e-12)
    rng = np.random.default_rng(1)
    rho, gamma = rng.lognormal(0, 0.3, (4, 40)), rng.lognormal(0, 0.3, (4, 40))
    _, steps, ok = scaled_solve(A, L - np.eye(40), rho, gamma, np.ones(40), max_iter=2)
    assert not ok.any() and (steps == 2).all()
