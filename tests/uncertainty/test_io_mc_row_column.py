"""IO Monte Carlo with row/column noise (issue 19): each draw equals the public linkages API
on the table perturbed by the same factors (to the iteration's tolerance), chunk sizes and
backends give identical results for one seed, the column rule is applied."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from revitalize.io.linkages import key_sector_class, linkages
from revitalize.uncertainty import io_mc, io_monte_carlo
from revitalize.uncertainty.draws import chunk_generator, multiplicative_noise
from revitalize.uncertainty.io_mc import CLASS_NAMES, IO_METRICS, class_codes, row_column_sums
from tests.uncertainty.fixtures import small_table


@pytest.mark.parametrize(("forward", "weights"), [("leontief", "none"),
                                                  ("ghosh", "final_demand")])
def test_each_draw_equals_the_public_api_on_the_perturbed_table(forward, weights):
    """The factors rho, gamma (regenerated from chunk 0's generator, sigma / sqrt 2 each)
    applied to Z give a table whose linkages() are the draw (rtol 1e-8: the iteration stops at
    a relative residual of 1e-10)."""
    t = small_table(6, seed=4)
    r = io_monte_carlo(t, draws=5, seed=7, chunk_size=5, sigma=0.2, forward=forward,
                       influence_weights=weights, sensitivity_weights=weights,
                       structure="row_column")
    assert (r.draws["adjusted_columns"] == 0).all()
    assert r.meta["conventions"]["noise_structure"] == "row_column"
    rng = chunk_generator(7, 0)
    rho = multiplicative_noise(rng, (5, 6), "lognormal", 0.2 / np.sqrt(2))
    gamma = multiplicative_noise(rng, (5, 6), "lognormal", 0.2 / np.sqrt(2))
    Z = t.Z.to_numpy()
    for d in range(5):
        table = replace(t, Z=pd.DataFrame(rho[d][:, None] * Z * gamma[d][None, :],
                                          index=t.codes, columns=t.codes))
        ref = linkages(table, forward=forward, influence_weights=weights,
                       sensitivity_weights=weights).table
        for m in IO_METRICS:
            np.testing.assert_allclose(r.draws[m].iloc[d].to_numpy(), ref[m].to_numpy(),
                                       rtol=1e-8)


def test_same_seed_same_answer_across_threads_and_backends():
    t = small_table(8, seed=1)
    kw = dict(draws=60, seed=5, sigma=0.15, structure="row_column", chunk_size=16)
    one = io_monte_carlo(t, **kw)
    two = io_monte_carlo(t, threads=2, **kw)
    for m in IO_METRICS:
        np.testing.assert_array_equal(one.draws[m].to_numpy(), two.draws[m].to_numpy())
    pytest.importorskip("distributed")
    dask = io_monte_carlo(t, workers=2, **kw)
    for m in IO_METRICS:
        np.testing.assert_array_equal(one.draws[m].to_numpy(), dask.draws[m].to_numpy())


def test_kernel_matches_dense_solves_and_reports_convergence():
    rng = np.random.default_rng(0)
    n, k = 12, 4
    A = rng.uniform(0, 1, (n, n))
    A *= 0.6 / A.sum(axis=0)
    rho, gamma = rng.uniform(0.9, 1.1, (k, n)), rng.uniform(0.9, 1.1, (k, n))
    L0 = np.linalg.inv(np.eye(n) - A)
    b = rng.uniform(1, 2, n)
    c, r, ok = row_column_sums(A, rho, gamma, b, L0.sum(axis=0), L0 @ b)
    assert ok.all()
    for d in range(k):
        L = np.linalg.inv(np.eye(n) - rho[d][:, None] * A * gamma[d][None, :])
        np.testing.assert_allclose(c[d], L.sum(axis=0), rtol=1e-9)
        np.testing.assert_allclose(r[d], L @ b, rtol=1e-9)
    _, _, ok = row_column_sums(A, rho, gamma, b, L0.sum(axis=0), L0 @ b, max_iter=2)
    assert not ok.any()


def test_rescale_rule_keeps_columns_below_one():
    t = small_table(5, seed=3)
    with pytest.warns(Warning, match="column rule 'rescale'"):
        r = io_monte_carlo(t, draws=200, seed=2, sigma=1.5, structure="row_column",
                           column_rule="rescale")
    assert r.meta["columns_adjusted"] > 0
    assert np.isfinite(r.draws["influence_coefficient"].to_numpy()).all()


@pytest.mark.parametrize("n", [7, 150])
def test_lu_fallback_gives_the_same_draws_and_is_counted(monkeypatch, n):
    """Draws the iteration does not finish within ROW_COLUMN_MAX_STEPS products are solved by
    one LU each (scipy getrf/getrs, the peer); the answer is the same to the tolerance (rtol
    1e-8 for a relative residual of 1e-10), and meta counts them."""
    t = small_table(n, seed=2)
    kw = dict(draws=20, seed=3, sigma=0.2, chunk_size=10, structure="row_column",
              forward="ghosh", influence_weights="final_demand")
    it = io_monte_carlo(t, **kw)
    assert "(0 draws)" in it.meta["conventions"]["solver"]
    monkeypatch.setattr(io_mc, "ROW_COLUMN_MAX_STEPS", 1)
    lu = io_monte_carlo(t, **kw)
    assert "(20 draws)" in lu.meta["conventions"]["solver"]
    for m in IO_METRICS:
        np.testing.assert_allclose(it.draws[m].to_numpy(), lu.draws[m].to_numpy(), rtol=1e-8)
    pd.testing.assert_frame_equal(it.extra["class_probability"], lu.extra["class_probability"])


def test_class_codes_are_the_index_of_the_linkages_labels():
    rng = np.random.default_rng(0)
    influence, sensitivity = rng.uniform(0.5, 1.5, (50, 9)), rng.uniform(0.5, 1.5, (50, 9))
    influence[0, :3] = sensitivity[0, 3:6] = 1.0  # exactly 1 is not above the mean
    labels = key_sector_class(influence, sensitivity)
    codes = class_codes(influence, sensitivity)
    assert codes.dtype == np.int8
    np.testing.assert_array_equal(np.asarray(CLASS_NAMES, dtype=object)[codes], labels)
