"""Entropy bootstrap: the batched kernel equals entropy_kernel per resample, batched TOPSIS
equals topsis_kernel, degenerate resamples are redrawn and warned, scores and ranks, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError
from revitalize.evaluate.topsis import topsis_kernel
from revitalize.evaluate.weights import entropy_kernel, entropy_weights, minmax_standardise
from revitalize.uncertainty import entropy_bootstrap
from revitalize.uncertainty.draws import bootstrap_indices, chunk_generator
from revitalize.uncertainty.entropy_mc import entropy_weights_batched, topsis_closeness_batched

X = pd.DataFrame(np.random.default_rng(7).lognormal(0, 0.8, (10, 4)),
                 index=pd.Index([f"P{i}" for i in range(10)], name="alternative"),
                 columns=["gdp", "rd", "trade", "co2"])
DIRS = ["+", "+", "+", "-"]
BENEFIT = np.array([True, True, True, False])


@pytest.mark.parametrize(("standardisation", "zero_handling"), [("minmax", "shift"),
                                                                ("none", "zero_log")])
def test_batched_entropy_equals_the_kernel(standardisation, zero_handling):
    idx = bootstrap_indices(np.random.default_rng(0), 6, 10)
    stacks = X.to_numpy()[idx]
    got = entropy_weights_batched(stacks, BENEFIT, standardisation=standardisation,
                                  zero_handling=zero_handling)
    for d in range(6):
        w, _, _ = entropy_kernel(stacks[d], BENEFIT, standardisation=standardisation,
                                 zero_handling=zero_handling)
        np.testing.assert_allclose(got[d], w, rtol=1e-12)


def test_each_draw_is_entropy_of_its_resample():
    r = entropy_bootstrap(X, DIRS, draws=8, seed=3, chunk_size=8)
    idx = bootstrap_indices(chunk_generator(3, 0), 8, 10)
    for d in range(8):
        ref = entropy_weights(X.iloc[idx[d]].reset_index(drop=True), DIRS).weights
        np.testing.assert_allclose(r.draws["weight"].iloc[d].to_numpy(), ref.to_numpy(),
                                   rtol=1e-12)
    point = entropy_weights(X, DIRS).weights
    np.testing.assert_allclose(r.table["weight"], point)
    assert list(r.table.index) == list(X.columns) and r.meta["rank_by"] == "weight"


@pytest.mark.parametrize("normalisation", ["vector", "minmax"])
def test_batched_topsis_equals_the_kernel(normalisation):
    W = np.random.default_rng(1).dirichlet(np.ones(4), 5)
    got = topsis_closeness_batched(X.to_numpy(), W, BENEFIT, normalisation)
    for d in range(5):
        ref = topsis_kernel(X.to_numpy(), W[d], BENEFIT, normalisation)[0]
        np.testing.assert_allclose(got[d], ref, rtol=1e-12)


def test_scores_rank_the_alternatives():
    r = entropy_bootstrap(X, DIRS, draws=200, seed=5, score="weighted_sum")
    assert r.table.index.name == "alternative" and len(r.table) == 10
    w = r.extra["weight_draws"].to_numpy()
    z = minmax_standardise(X.to_numpy(), BENEFIT)
    np.testing.assert_allclose(r.draws["score"].to_numpy(), w @ z.T, rtol=1e-12)
    assert list(r.extra["weights"].index) == list(X.columns)
    assert r.meta["rank_by"] == "score"
    np.testing.assert_allclose(r.rank_probability.sum(axis=1), 1.0)
    t = entropy_bootstrap(X, DIRS, draws=50, seed=5, score="topsis", normalisation="minmax")
    assert t.meta["conventions"]["normalisation"] == "minmax"
    assert (t.table["score_lo"] >= 0).all() and (t.table["score_hi"] <= 1).all()


def test_degenerate_resamples_are_redrawn_and_warned():
    """Three alternatives, two identical: a resample drawn from the identical pair only, or of
    the third row repeated (9 of 27 resamples), has every criterion constant: drawn again."""
    small = pd.DataFrame([[1.0, 2.0], [1.0, 2.0], [3.0, 1.0]], columns=["a", "b"])
    with pytest.warns(DataQualityWarning, match="drawn again"):
        r = entropy_bootstrap(small, "+", draws=300, seed=1)
    assert r.meta["degenerate_redraws"] == int(r.draws["degenerate_redraws"].sum()) > 0
    assert np.isfinite(r.draws["weight"].to_numpy()).all()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"score": "vikor"}, "score"), ({"normalisation": "sum"}, "normalisation"),
    ({"draws": 0}, "draws"), ({"chunk_size": 0}, "chunk_size"),
    ({"zero_handling": "drop"}, "zero_handling"), ({"level": 0}, "level"),
])
def test_bad_options(kwargs, field):
    with pytest.raises(InputError) as err:
        entropy_bootstrap(X, DIRS, **{"draws": 5, **kwargs})
    assert err.value.field == field
