"""SMAA-2 rank acceptability and the weight changes that swap adjacent alternatives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.evaluate.methods import RANKING_METHODS
from revitalize.evaluate.topsis import topsis
from revitalize.uncertainty.mcda_mc import sample_weights, smaa

X = pd.DataFrame([[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7],
                  [6, 9, 5, 4]], index=list("ABCDEF"), columns=list("wxyz"), dtype=float)


def test_acceptability_is_a_distribution_and_matches_a_per_draw_loop():
    r = smaa(X, "benefit", draws=500, seed=7, threads=1)
    acc = r.acceptability.to_numpy()
    assert acc.sum(axis=1) == pytest.approx(1) and acc.sum(axis=0) == pytest.approx(1)
    W = r.extra["weight_draws"].to_numpy()
    assert W.sum(axis=1) == pytest.approx(1) and (W >= 0).all()
    loop = np.array([topsis(X, w, "benefit").rank.to_numpy() for w in W[:50]])
    assert (loop == r.draws["rank"].to_numpy()[:50]).all()
    assert r.table["acceptability_1"].to_numpy() == pytest.approx(acc[:, 0])
    # central weights: the mean weights of the draws where each alternative is first
    first = r.draws["rank"].to_numpy() == 1
    e = r.table.index.get_loc("E")
    assert r.central_weights.loc["E"].to_numpy() == pytest.approx(W[first[:, e]].mean(axis=0))
    assert r.table.loc["E", "confidence_factor"] == 1.0


def test_seed_reproducible_and_independent_of_threads():
    a = smaa(X, "+", method="vikor", draws=300, seed=3, threads=1, chunk_size=64)
    b = smaa(X, "+", method="vikor", draws=300, seed=3, threads=2, chunk_size=64)
    assert a.acceptability.equals(b.acceptability)
    assert a.meta["seed"] == 3 and a.meta["conventions"]["method"] == "vikor"


@pytest.mark.parametrize("method", list(RANKING_METHODS))
def test_every_method_runs_with_data_noise(method):
    opts = {"preference_function": "linear", "q": 1, "p": 2} if method == "promethee_ii" else {}
    r = smaa(X, "+", method=method, weights=[0.4, 0.3, 0.1, 0.2], weight_spread=0.3,
             data_spread=0.05, draws=200, seed=1, threads=1, options=opts)
    assert r.acceptability.shape == (6, 6)
    conf = r.table["confidence_factor"].dropna()
    assert ((conf >= 0) & (conf <= 1)).all()


def test_weight_bounds_and_fixed_weights():
    rng = np.random.default_rng(0)
    lo, hi = np.array([0.1, 0.1, 0.0, 0.0]), np.array([0.5, 0.5, 0.4, 0.4])
    W = sample_weights(rng, 2000, "bounded", np.full(4, 0.25), lo, hi, 0.0)
    assert (W >= lo - 1e-12).all() and (W <= hi + 1e-12).all()
    assert W.sum(axis=1) == pytest.approx(1)
    r = smaa(X, "+", weight_bounds=([0.1, 0.1, 0, 0], 0.5), draws=200, seed=2, threads=1)
    assert r.meta["conventions"]["weight_bounds"]["lower"] == [0.1, 0.1, 0.0, 0.0]
    f = smaa(X, "+", weights=[0.4, 0.3, 0.1, 0.2], data_spread=0.02, draws=100, seed=1,
             threads=1)
    assert np.unique(f.extra["weight_draws"].to_numpy(), axis=0).shape[0] == 1


def _closeness_after_change(w0, j, delta):
    """TOPSIS closeness when weight j moves by delta and the others rescale to sum to 1."""
    w = w0 * (1 - w0[j] - delta) / (1 - w0[j])
    w[j] = w0[j] + delta
    return topsis(X, w, "+").closeness


def test_swaps_are_the_smallest_single_weight_change():
    """At the reported new weight the lower alternative is ahead; at 99% of the change it is
    not (single-criterion path of Triantaphyllou & Sanchez 1997)."""
    w0 = np.array([0.4, 0.3, 0.1, 0.2])
    r = smaa(X, "+", weights=w0, weight_spread=0.1, draws=50, seed=1, threads=1)
    for _, row in r.swaps.dropna().iterrows():
        j = list(X.columns).index(row["criterion"])

        def closeness(delta, j=j):
            return _closeness_after_change(w0, j, delta)

        after, before = closeness(row["change"]), closeness(0.99 * row["change"])
        assert after[row["lower"]] >= after[row["higher"]] - 1e-9
        assert before[row["lower"]] < before[row["higher"]]


def test_option_errors():
    with pytest.raises(InputError, match="weight_spread needs weights"):
        smaa(X, "+", weight_spread=0.1, draws=10)
    with pytest.raises(InputError, match="nothing varies"):
        smaa(X, "+", weights=[0.25] * 4, draws=10)
    with pytest.raises(InputError, match="admit no weights"):
        smaa(X, "+", weight_bounds=([0.5, 0.5, 0.5, 0], None), draws=10)
    with pytest.raises(InputError, match="unknown ranking method"):
        smaa(X, "+", method="electre", draws=10)


def test_batched_rank_equals_rankdata_min_with_ties():
    """The argsort kernel ranks exactly as scipy's rankdata(method="min") on finite values."""
    from scipy.stats import rankdata

    from revitalize.uncertainty.results import batched_rank

    rng = np.random.default_rng(4)
    for values in (rng.random((300, 31)), np.round(rng.random((300, 7)) * 3),
                   np.zeros((5, 4)), rng.random((1, 1))):
        expected = rankdata(-values, method="min", axis=1)
        got = batched_rank(values)
        assert got.dtype == np.int32 and (got == expected).all()


def test_summary_columns_are_numpy_quantiles_of_the_draws():
    """Score intervals ('linear') and rank intervals/median ('inverted_cdf', read off the rank
    counts) equal np.quantile over the kept draws exactly."""
    from revitalize.uncertainty.results import interval_quantiles

    r = smaa(X, "+", draws=777, seed=11, threads=1, level=0.8)
    ranks, scores = r.draws["rank"].to_numpy(), r.draws["score"].to_numpy()
    q = interval_quantiles(0.8)  # (1 - 0.8) / 2 = 0.09999999999999998 in floating point
    lo, med, hi = np.quantile(ranks, (q[0], 0.5, q[1]), axis=0, method="inverted_cdf")
    t = r.table
    assert (t["rank_lo"].to_numpy() == lo).all() and (t["rank_hi"].to_numpy() == hi).all()
    assert (t["rank_median"].to_numpy() == med).all()
    slo, shi = np.quantile(scores, q, axis=0, method="linear")
    assert (t["score_lo"].to_numpy() == slo).all() and (t["score_hi"].to_numpy() == shi).all()
    assert (t["score_mean"].to_numpy() == scores.mean(axis=0)).all()


def test_swap_bracket_is_within_the_stated_tolerance():
    """The reported change swaps the pair; 1e-9 (of the weight) less does not (the refinement
    brackets the boundary to 1e-10 of the span, span <= 1)."""
    w0 = np.array([0.4, 0.3, 0.1, 0.2])
    r = smaa(X, "+", weights=w0, weight_spread=0.1, draws=20, seed=1, threads=1)
    for _, row in r.swaps.dropna().iterrows():
        j = list(X.columns).index(row["criterion"])

        def closeness(delta, j=j):
            return _closeness_after_change(w0, j, delta)

        d = row["change"]
        after, before = closeness(d), closeness(d - np.sign(d) * 1e-9)
        assert after[row["lower"]] > after[row["higher"]]
        assert before[row["lower"]] <= before[row["higher"]]


def test_task_simplex_sampling_accepts_spec_weighting_without_weights():
    """Simplex sampling draws the weights and never uses the weighting: ``weighting=spec`` with
    criteria carrying no weights was refused ('no criterion weights'); it now gives the same
    acceptabilities as the default weighting, and names no weighting. Around the weights, the
    spec weights are still required."""
    from revitalize.tasks import run
    from revitalize.tasks.mcda import SmaaRequest

    criteria = "gdp_per_capita:+,energy_consumption/gdp:-,so2_emissions/gdp:-"
    fields = {"criteria": criteria, "regions": ("NE", "EAST"), "draws": 400, "seed": 5}
    spec = run(SmaaRequest(**fields, weighting="spec"))
    default = run(SmaaRequest(**fields))
    pd.testing.assert_frame_equal(spec.to_frame(), default.to_frame())
    assert "weighting" not in spec.meta["conventions"]
    assert spec.meta["weights"] == {} and "simplex" in spec.meta["reference_weights"]
    with pytest.raises(InputError, match="no criterion weights") as info:
        run(SmaaRequest(**fields, weighting="spec", weight_sampling="around"))
    assert info.value.field == "criteria"
    around = run(SmaaRequest(**{**fields, "criteria": criteria.replace("+", "+:0.5")
                                .replace("gdp:-", "gdp:-:0.25")},
                             weighting="spec", weight_sampling="around"))
    assert around.meta["conventions"]["weighting"] == "spec"
    assert around.meta["weights"] == pytest.approx({"gdp_per_capita": 0.5,
                                                    "energy_consumption/gdp": 0.25,
                                                    "so2_emissions/gdp": 0.25})
