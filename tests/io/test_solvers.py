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
from revitalize.io.solvers import LeontiefSolver, neumann_solve, predicted_steps
from revitalize.io.table import IOTable


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
    assert it.describe().startswith("iterative: block Neumann")


def test_fallback_to_lu_when_the_iteration_does_not_converge():
    """Column sums above 1 (rho < 1 still): no Neumann bound, so 'auto' takes LU; forced
    iteration that stalls falls back to LU and says so."""
    A = np.array([[0.0, 1.5], [0.666, 0.0]])  # rho = sqrt(0.999) < 1, ||A||_1 = 1.5
    auto = LeontiefSolver(A)
    assert auto.method == "lu" and predicted_steps(1.5, 1e-12) is None
    forced = LeontiefSolver(A, method="iterative", tol=1e-12)
    x = forced.solve(np.ones(2))
    np.testing.assert_allclose(x, np.linalg.solve(np.eye(2) - A, np.ones(2)), rtol=1e-9)
    assert "fell back to LU" in forced.describe()


def test_neumann_reports_its_residual():
    A = random_A(5, 3)
    X, k, res = neumann_solve(A, np.ones(5), tol=1e-14, max_iter=500)
    assert res <= 1e-14 and k < 500
    np.testing.assert_allclose((np.eye(5) - A) @ X, np.ones(5), atol=1e-13)


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
