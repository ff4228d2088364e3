"""AHP Monte Carlo: the point estimate is the AHP of the files (one matrix, AIJ group,
hierarchy synthesis), zero perturbation reproduces it in every draw, perturbation and expert
resampling move it, errors and warnings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from revitalize.errors import InputError
from revitalize.evaluate.ahp import AHPConsistencyWarning, ahp
from revitalize.evaluate.ahp_group import aggregate_judgments, ahp_group
from revitalize.evaluate.ahp_hierarchy import hierarchy_weights
from revitalize.uncertainty import ahp_monte_carlo
from revitalize.uncertainty.ahp_mc import aggregate_judgments_batched

M3 = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
EXPERTS = {"A": M3, "B": [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]],
           "C": [[1, 1 / 2, 2], [2, 1, 3], [1 / 2, 1 / 3, 1]]}
HIERARCHY = {"goal": "G", "matrix": [[1, 3], [1 / 3, 1]], "children": [
    {"name": "Economy", "matrix": M3, "children": ["x", "y", "z"]},
    {"name": "Society", "children": ["x", "w"], "experts": [
        {"name": "A", "matrix": [[1, 2], [1 / 2, 1]]}, {"name": "B", "matrix": [[1, 4], [1 / 4, 1]]}]},
]}


def test_point_estimates_equal_the_ahp_functions():
    """One matrix = ahp(); a group = ahp_group(group='aij'); a hierarchy = the synthesis of
    hierarchy_weights() (leaves with the same name summed). Tolerance 1e-12."""
    one = ahp_monte_carlo(M3, ["e", "s", "n"], draws=5, seed=1)
    np.testing.assert_allclose(one.table["weight"], ahp(M3, ["e", "s", "n"]).weights, rtol=1e-12)
    group = ahp_monte_carlo({"goal": "G", "children": ["e", "s", "n"],
                             "experts": [{"name": k, "matrix": v} for k, v in EXPERTS.items()]},
                            draws=5, seed=1)
    ref = ahp_group(EXPERTS, ["e", "s", "n"], group="aij")
    np.testing.assert_allclose(group.table["weight"], ref.weights, rtol=1e-12)
    h = ahp_monte_carlo(HIERARCHY, draws=5, seed=1)
    syn = hierarchy_weights(HIERARCHY).extra["synthesis"]["weight"]
    np.testing.assert_allclose(h.table["weight"], syn.loc[h.table.index], rtol=1e-12)
    assert list(h.table.index) == ["x", "y", "z", "w"] and h.table["weight"].sum() == pytest.approx(1)


def test_zero_perturbation_every_draw_is_the_point_estimate():
    r = ahp_monte_carlo(HIERARCHY, draws=30, seed=2, probability=0.0, chunk_size=7)
    np.testing.assert_allclose(r.draws["weight"].to_numpy(),
                               np.tile(r.table["weight"].to_numpy(), (30, 1)), rtol=1e-13)
    assert set(np.unique(r.rank_probability.to_numpy())) <= {0.0, 1.0}
    assert (r.extra["cr_draws"].std() < 1e-15).all()


def test_perturbation_and_resampling_move_weights():
    base = {"goal": "G", "children": ["e", "s", "n"],
            "experts": [{"name": k, "matrix": v} for k, v in EXPERTS.items()]}
    r = ahp_monte_carlo(base, draws=400, seed=3, probability=0.5, steps=2)
    assert (r.table["weight_sd"] > 0).all()
    np.testing.assert_allclose(r.draws["weight"].sum(axis=1), 1.0)
    boot = ahp_monte_carlo(base, draws=400, seed=3, probability=0.0, resample_experts=True)
    assert (boot.table["weight_sd"] > 0).all()
    # a resample has at most 3 distinct expert multisets' aggregates: 10 of them
    assert boot.draws["weight"].round(12).drop_duplicates().shape[0] <= 10
    assert boot.meta["conventions"]["resample_experts"] is True
    cons = r.extra["consistency"]
    assert 0.0 <= cons["p_consistent"].iloc[0] <= 1.0 and cons["experts"].iloc[0] == 3


def test_batched_aij_equals_the_group_kernel():
    stack = np.array([np.array(v, float) for v in EXPERTS.values()])
    w = np.array([[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    got = aggregate_judgments_batched(np.broadcast_to(stack, (2, 3, 3, 3)), w)
    for d in range(2):
        np.testing.assert_allclose(got[d], aggregate_judgments(stack, w[d]), rtol=1e-14)


def test_judgments_file_and_consistency_warning(tmp_path):
    path = tmp_path / "j.json"
    path.write_text(json.dumps({"criteria": ["a", "b", "c"], "source": "test",
                                "matrix": [[1, 9, "1/9"], [None, 1, 9], [None, None, 1]]}),
                    encoding="utf-8")
    with pytest.warns(AHPConsistencyWarning, match="CR > 0.1"):
        r = ahp_monte_carlo(path, draws=50, seed=1)
    assert r.meta["provenance"][0]["file"] == "j.json"
    assert r.extra["consistency"]["p_consistent"].iloc[0] < 0.5


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"steps": 0}, "steps"), ({"steps": 2.5}, "steps"), ({"probability": 1.5}, "probability"),
    ({"resample_experts": True}, "resample_experts"), ({"draws": 0}, "draws"),
    ({"chunk_size": 0}, "chunk_size"), ({"method": "median"}, "method"),
])
def test_bad_options(kwargs, field):
    with pytest.raises(InputError) as err:
        ahp_monte_carlo(M3, **{"draws": 5, **kwargs})
    assert err.value.field == field


def test_bad_judgments():
    with pytest.raises(InputError, match="off the 1-9 scale"):
        ahp_monte_carlo([[1, 12], [1 / 12, 1]], draws=5)
    with pytest.raises(InputError, match="no judgments"):
        ahp_monte_carlo({"goal": "G", "children": ["a", "b"]}, draws=5)
