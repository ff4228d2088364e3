"""The outer search's Nelder-Mead is scipy's adaptive Nelder-Mead step for step.

``_nelder_mead`` re-states ``scipy.optimize.minimize(method="Nelder-Mead", adaptive=True)``
without its per-iteration overhead; the synthetic-control results rest on it being the same
algorithm, so the iterates are compared exactly (bit for bit) with scipy's on functions that
stop on the tolerance, on the iteration cap, and that shrink the simplex.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from scipy.optimize import minimize

sc = importlib.import_module("revitalize.policy.synthetic_control")


def _rosenbrock(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def _kinked(x):  # non-smooth, with ties and zero start entries (the 0.00025 vertex)
    return float(np.abs(x - np.arange(len(x)) / 7).sum() + np.floor(4 * x[0]))


@pytest.mark.parametrize("f, x0, maxiter, xatol, fatol", [
    (_rosenbrock, np.array([-1.2, 1.0, 0.5, -0.3]), 10_000, 1e-8, 1e-12),
    (_rosenbrock, np.array([-1.2, 1.0, 0.5, -0.3, 2.0, 0.1]), 150, 1e-4, 1e-9),
    (_kinked, np.zeros(5), 600, 1e-6, 1e-12),
    (_kinked, np.log(np.full(14, 1 / 14)), 800, 1e-4, 1e-9),
])
def test_same_iterates_as_scipy(f, x0, maxiter, xatol, fatol):
    ref = minimize(f, x0, method="Nelder-Mead",
                   options={"maxiter": maxiter, "xatol": xatol, "fatol": fatol,
                            "adaptive": True})
    ours = sc._nelder_mead(f, x0, maxiter=maxiter, xatol=xatol, fatol=fatol)
    np.testing.assert_array_equal(ours, ref.x)


def test_inner_problem_equals_public_nnls_path():
    rng = np.random.default_rng(11)
    X0, X1 = rng.normal(size=(6, 9)), rng.normal(size=6)
    inner = sc._InnerProblem(X1, X0)
    for _ in range(20):
        v = rng.dirichlet(np.ones(6))
        sv = np.sqrt(v)
        A, b = sv[:, None] * X0, sv * X1
        m = sc._ADDING_UP_WEIGHT * max(1.0, float(np.abs(A).max()))
        w, _ = sc.nnls(np.vstack([A, np.full((1, 9), m)]), np.append(b, m), maxiter=450)
        np.testing.assert_array_equal(inner.weights(v), w / w.sum())
