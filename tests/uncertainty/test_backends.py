"""Reproducibility across backends: local (1 and 2 threads), a Dask LocalCluster with 1 worker
and with 2 workers on 127.0.0.1 give identical arrays for the same seed and chunk size; errors
raised in a worker reach the caller; progress bars."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import ValidationError
from revitalize.uncertainty import (
    ahp_monte_carlo,
    entropy_bootstrap,
    flq_monte_carlo,
    io_monte_carlo,
)
from revitalize.uncertainty.backends import execution_plan, run_chunks, run_options
from tests.uncertainty.fixtures import small_table

GROUP = {"goal": "G", "children": ["a", "b", "c", "d"], "experts": [
    {"name": "E1", "matrix": [[1, 3, 5, 2], [1 / 3, 1, 2, 1], [1 / 5, 1 / 2, 1, 1 / 2],
                              [1 / 2, 1, 2, 1]]},
    {"name": "E2", "matrix": [[1, 2, 4, 3], [1 / 2, 1, 3, 2], [1 / 4, 1 / 3, 1, 1],
                              [1 / 3, 1 / 2, 1, 1]]}]}
MATRIX = pd.DataFrame(np.random.default_rng(3).lognormal(0, 1, (9, 3)),
                      index=[f"R{i}" for i in range(9)], columns=["gdp", "rd", "co2"])


def _cluster(workers: int):
    from distributed import LocalCluster

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)


@pytest.fixture(scope="module")
def clusters():
    """Scheduler addresses of a 1-worker and a 2-worker LocalCluster (loopback, no dashboard)."""
    with _cluster(1) as one, _cluster(2) as two:
        yield {1: one.scheduler_address, 2: two.scheduler_address}


def _runs(call, clusters):
    return [call(threads=1), call(threads=2), call(scheduler=clusters[1]),
            call(scheduler=clusters[2])]


def _assert_identical(results):
    first = results[0]
    for other in results[1:]:
        assert set(other.draws) == set(first.draws)
        for key, frame in first.draws.items():
            np.testing.assert_array_equal(other.draws[key].to_numpy(), frame.to_numpy())
        pd.testing.assert_frame_equal(other.table, first.table)
        pd.testing.assert_frame_equal(other.rank_probability, first.rank_probability)


def test_io_identical_local_and_dask_1_and_2_workers(clusters):
    t = small_table(6, seed=1)
    results = _runs(lambda **kw: io_monte_carlo(t, draws=300, seed=42, chunk_size=64, **kw),
                    clusters)
    _assert_identical(results)
    assert results[3].meta["execution"] == {"backend": "dask", "scheduler": clusters[2]}
    assert results[0].meta["execution"] == {"backend": "local", "threads": 1}


def test_ahp_flq_entropy_identical_across_backends(clusters):
    _assert_identical(_runs(lambda **kw: ahp_monte_carlo(
        GROUP, draws=200, seed=5, chunk_size=50, probability=0.3, resample_experts=True, **kw),
        clusters))
    _assert_identical(_runs(lambda **kw: entropy_bootstrap(
        MATRIX, ["+", "+", "-"], draws=200, seed=5, chunk_size=60, score="topsis", **kw),
        clusters))
    t = small_table(5, seed=3)
    xr = pd.Series([10.0, 0.0, 30.0, 5.0, 8.0], index=t.codes)
    with pytest.warns(Warning, match="zero regional output"):
        flq = _runs(lambda **kw: flq_monte_carlo(t, xr, draws=200, seed=5, chunk_size=70,
                                                 method="aflq", **kw), clusters)
    _assert_identical(flq)


def test_worker_count_and_chunks_independent_only_of_backend():
    """Changing threads changes nothing; changing the chunk size changes the draws (it is part
    of the reproducibility key, recorded in meta)."""
    t = small_table(4)
    a = io_monte_carlo(t, draws=100, seed=1, chunk_size=25, threads=1)
    b = io_monte_carlo(t, draws=100, seed=1, chunk_size=25, threads=3)
    c = io_monte_carlo(t, draws=100, seed=1, chunk_size=50, threads=1)
    np.testing.assert_array_equal(a.draws["output_multiplier"], b.draws["output_multiplier"])
    assert not np.array_equal(a.draws["output_multiplier"], c.draws["output_multiplier"])
    assert a.meta["chunk_size"] == 25 and a.meta["chunks"] == 4


def test_worker_errors_reach_the_caller(clusters):
    t = small_table(3, column_sums=(0.85, 0.95))
    with pytest.raises(ValidationError, match="sums to"):
        io_monte_carlo(t, draws=100, seed=1, sigma=0.6, column_rule="raise",
                       scheduler=clusters[1])


def test_workers_option_starts_and_closes_a_local_cluster():
    t = small_table(4)
    r = io_monte_carlo(t, draws=60, seed=8, chunk_size=20, workers=2)
    local = io_monte_carlo(t, draws=60, seed=8, chunk_size=20)
    np.testing.assert_array_equal(r.draws["rank"], local.draws["rank"])
    assert r.meta["execution"] == {"backend": "dask", "local_cluster_workers": 2}


def _task(payload, rng, size):
    return {"x": rng.random((size, payload))}


def test_progress_bar_goes_to_stderr(capsys):
    opts = run_options(draws=10, seed=1, chunk_size=4, level=0.9, workers=None, scheduler=None,
                       progress=True)
    out = run_chunks(_task, 2, opts, label="demo")
    assert out["x"].shape == (10, 2)
    err = capsys.readouterr().err
    assert "demo: 10 draws in 3 chunks" in err and "3/3" in err
    assert execution_plan(threads=2).describe() == {"backend": "local", "threads": 2}
