"""IO linkage Monte Carlo: zero noise reproduces the point estimate, each draw equals the public
linkages API on the same perturbed table, column rules keep columns productive, errors."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers import read_nbs_io
from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model
from revitalize.uncertainty import MonteCarloResult, io_monte_carlo
from revitalize.uncertainty.draws import chunk_generator, multiplicative_noise
from revitalize.uncertainty.io_mc import IO_METRICS, IOPayload, perturb_coefficients
from tests.uncertainty.fixtures import small_table

NBS42 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"


def test_zero_noise_every_draw_is_the_point_estimate():
    """sigma = 0: every draw equals linkages() (to 1e-12: batched solve vs getri) and every
    rank and class probability is 0 or 1."""
    t = small_table(6)
    r = io_monte_carlo(t, draws=40, sigma=0.0, seed=3, chunk_size=16,
                       influence_weights="output", forward="ghosh")
    ref = linkages(t, influence_weights="output", forward="ghosh").table
    for m in IO_METRICS:
        np.testing.assert_allclose(r.draws[m].to_numpy(), np.tile(ref[m].to_numpy(), (40, 1)),
                                   rtol=1e-12)
        np.testing.assert_allclose(r.table[m], ref[m], rtol=0)
    assert set(np.unique(r.rank_probability.to_numpy())) <= {0.0, 1.0}
    assert set(np.unique(r.class_probability.to_numpy())) <= {0.0, 1.0}
    assert (r.table["p_same_rank"] == 1).all() and (r.table["p_same_class"] == 1).all()
    assert (r.table["class"] == ref["key_sector_class"]).all()
    assert (r.table["rank_lo"] == r.table["rank"]).all() and (r.table["rank_hi"] == r.table["rank"]).all()


@pytest.mark.parametrize(("forward", "weights"), [("leontief", "none"),
                                                  ("ghosh", "final_demand")])
def test_each_draw_equals_the_public_api_on_the_perturbed_table(forward, weights):
    """Draw d's factors eps (regenerated from chunk 0's generator) applied to Z give a table whose
    linkages() are the d-th draw: the batched kernels are the per-matrix formulas."""
    t = small_table(5, seed=2)
    r = io_monte_carlo(t, draws=6, seed=11, chunk_size=6, sigma=0.2, forward=forward,
                       influence_weights=weights, sensitivity_weights=weights)
    assert (r.draws["adjusted_columns"] == 0).all()
    eps = multiplicative_noise(chunk_generator(11, 0), (6, 5, 5), "lognormal", 0.2)
    Z = t.Z.to_numpy()
    for d in range(6):
        table = replace(t, Z=pd.DataFrame(Z * eps[d], index=t.codes, columns=t.codes))
        ref = linkages(table, forward=forward, influence_weights=weights,
                       sensitivity_weights=weights).table
        for m in IO_METRICS:
            np.testing.assert_allclose(r.draws[m].iloc[d].to_numpy(), ref[m].to_numpy(),
                                       rtol=1e-11)


def _payload(A, rule, size=1.2, max_redraws=100):
    n = A.shape[0]
    return IOPayload(A=A, x=np.ones(n), distribution="lognormal", size=size, column_rule=rule,
                     max_redraws=max_redraws, forward="leontief", w_in=np.full(n, 1 / n),
                     w_out=np.full(n, 1 / n), rank_by="influence_coefficient")


def test_column_rules_keep_columns_productive():
    """With large noise (sigma 1.2) on columns summing to 0.8-0.9, many drawn columns reach 1:
    'redraw' and 'rescale' leave every column sum below 1 and count the adjusted columns;
    'raise' refuses."""
    A = np.array([[0.5, 0.3, 0.2], [0.2, 0.4, 0.3], [0.1, 0.2, 0.4]])
    for rule in ("redraw", "rescale"):
        stack, adjusted = perturb_coefficients(_payload(A, rule), np.random.default_rng(0), 500)
        sums = stack.sum(axis=1)
        assert sums.max() < 1.0 and adjusted.sum() > 50
        assert (stack >= 0).all()
    drawn = multiplicative_noise(np.random.default_rng(0), (500, 3, 3), "lognormal", 1.2) * A
    bad = drawn.sum(axis=1) >= 1.0
    stack, _ = perturb_coefficients(_payload(A, "rescale"), np.random.default_rng(0), 500)
    sums = stack.sum(axis=1)  # rescaled columns get the point estimate's sums, others untouched
    np.testing.assert_allclose(sums[bad], np.broadcast_to(A.sum(axis=0), sums.shape)[bad])
    np.testing.assert_array_equal(stack.transpose(0, 2, 1)[~bad], drawn.transpose(0, 2, 1)[~bad])
    with pytest.raises(ValidationError, match="sums to"):
        perturb_coefficients(_payload(A, "raise"), np.random.default_rng(0), 500)
    with pytest.raises(ValidationError, match="after 1 redraws"):
        perturb_coefficients(_payload(np.array([[0.99]]), "redraw", 2.0, 1),
                             np.random.default_rng(0), 200)


def test_adjusted_columns_are_warned_and_recorded():
    t = small_table(4, column_sums=(0.8, 0.9))
    with pytest.warns(DataQualityWarning, match="column rule 'redraw' applied"):
        r = io_monte_carlo(t, draws=200, sigma=0.5, seed=1)
    assert r.meta["columns_adjusted"] == int(r.draws["adjusted_columns"].sum()) > 0
    assert r.meta["conventions"]["column_rule"] == "redraw"


def test_result_structure_and_meta():
    t = small_table(6, seed=4)
    r = io_monte_carlo(t, draws=300, seed=9, distribution="uniform", half_width=0.2, level=0.8)
    assert isinstance(r, MonteCarloResult)
    np.testing.assert_allclose(r.rank_probability.sum(axis=1), 1.0)
    np.testing.assert_allclose(r.class_probability.sum(axis=1), 1.0)
    t_ = r.table
    assert (t_["influence_coefficient_lo"] <= t_["influence_coefficient_mean"]).all()
    assert (t_["influence_coefficient_mean"] <= t_["influence_coefficient_hi"]).all()
    lo, hi = np.quantile(r.draws["output_multiplier"], [0.1, 0.9], axis=0)
    np.testing.assert_allclose(t_["output_multiplier_lo"], lo)
    np.testing.assert_allclose(t_["output_multiplier_hi"], hi)
    assert (t_["rank_lo"] <= t_["rank_median"]).all() and (t_["rank_median"] <= t_["rank_hi"]).all()
    conv = r.meta["conventions"]
    assert conv["noise"]["distribution"] == "uniform" and conv["noise"]["half_width"] == 0.2
    assert r.meta["draws"] == 300 and r.meta["seed"] == 9 and r.meta["level"] == 0.8
    assert r.meta["execution"]["backend"] == "local"
    assert "SeedSequence" in r.meta["seed_rule"]
    doc = r.to_json_dict()
    assert len(doc["table"]) == 6 and doc["table"][0]["sector"] == "01"
    assert "p_key" in doc["table"][0]


def test_seed_none_is_recorded_and_repeatable():
    t = small_table(4)
    a = io_monte_carlo(t, draws=30)
    b = io_monte_carlo(t, draws=30, seed=a.meta["seed"])
    np.testing.assert_array_equal(a.draws["influence_coefficient"], b.draws["influence_coefficient"])


def test_model_input_and_point_estimate_productivity_rule():
    t = small_table(4)
    r = io_monte_carlo(leontief_model(t), draws=20, seed=1)
    assert r.meta["conventions"]["technology"] == "published"
    with pytest.raises(ValidationError, match="column sums >= 1"):
        io_monte_carlo(small_table(A=np.array([[0.9, 0.0], [0.2, 0.1]])), draws=10, seed=1)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"draws": 0}, "draws"), ({"sigma": -0.1}, "sigma"), ({"chunk_size": 0}, "chunk_size"),
    ({"distribution": "gamma"}, "distribution"), ({"half_width": 0.1}, "half_width"),
    ({"column_rule": "clip"}, "column_rule"), ({"rank_by": "gdp"}, "rank_by"),
    ({"influence_weights": "jobs"}, "influence_weights"), ({"level": 1.5}, "level"),
    ({"max_redraws": 0}, "max_redraws"), ({"workers": 0}, "workers"),
    ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "workers/scheduler"),
    ({"threads": 0}, "threads"), ({"scheduler": "not-an-address"}, "scheduler"),
])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as err:
        io_monte_carlo(small_table(3), **{"draws": 5, **kwargs})
    assert err.value.field == field


def test_real_table_42(shared_data):
    """2017 NBS 42-sector table: 400 draws, sigma 0.05; the classes of the point estimate are
    the modal classes for most sectors, the intervals cover the point estimates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        t = read_nbs_io(shared_data / NBS42)
    r = io_monte_carlo(t, draws=400, sigma=0.05, seed=2017)
    tab = r.table
    assert len(tab) == 42 and r.meta["year"] == 2017
    inside = ((tab["influence_coefficient_lo"] <= tab["influence_coefficient"])
              & (tab["influence_coefficient"] <= tab["influence_coefficient_hi"]))
    assert inside.mean() > 0.9
    assert (tab["class"] == tab["class_mode"]).mean() > 0.8
    assert 0.0 < tab["p_same_rank"].min() < 1.0
