"""Group AHP: AIJ and AIP aggregation, expert screening, expert weights, group hierarchies."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import DataQualityWarning, InputError
from revitalize.evaluate.ahp import SCALE, AHPConsistencyWarning, Hierarchy, ahp, ahp_group
from revitalize.evaluate.ahp import hierarchy_weights as hw
from revitalize.evaluate.ahp_group import aggregate_judgments

A = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
B = [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]]
BAD = [[1, 1 / 2, 4], [2, 1, 1 / 3], [1 / 4, 3, 1]]  # CR >> 0.1
CRIT = ["economy", "society", "environment"]


def quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AHPConsistencyWarning)
        return fn(*args, **kw)


def test_aij_is_elementwise_geometric_mean():
    """Forman & Peniwati (1998) AIJ: g_ij = (a_ij b_ij)^(1/2), checked by hand on g_13 = sqrt(15);
    the group weights are those of the group matrix."""
    r = ahp_group({"A": A, "B": B}, CRIT)
    g = r.extra["group_matrix"].to_numpy()
    assert g[0, 2] == pytest.approx(np.sqrt(15)) and g[2, 0] == pytest.approx(1 / np.sqrt(15))
    single = ahp(g, CRIT)
    assert np.allclose(r.weights, single.weights)
    assert r.meta["lambda_max"] == pytest.approx(single.lambda_max)
    assert r.meta["cr"] == pytest.approx(single.cr)
    assert r.meta["conventions"]["group"] == "aij" and r.meta["analysis"] == "ahp_group" and r.meta["method"] == "eigenvector"
    assert r.records()[0]["criterion"] == "economy"
    assert "AHP group (aij) of 2 experts" in r.summary()


def test_weighted_aij():
    r = ahp_group([A, B], CRIT, experts=["x", "y"], expert_weights=[0.75, 0.25])
    g = r.extra["group_matrix"].to_numpy()
    assert g[0, 1] == pytest.approx(3 ** 0.75 * 2 ** 0.25)
    assert [e["weight"] for e in r.meta["experts"]] == [0.75, 0.25]


def test_aip_arithmetic_and_geometric():
    wa, wb = ahp(A, CRIT).weights.to_numpy(), ahp(B, CRIT).weights.to_numpy()
    ar = ahp_group({"A": A, "B": B}, CRIT, group="aip", expert_weights={"A": 0.6, "B": 0.4})
    assert np.allclose(ar.weights, 0.6 * wa + 0.4 * wb)
    geo = ahp_group({"A": A, "B": B}, CRIT, group="aip", aip_mean="geometric")
    g = np.sqrt(wa * wb)
    assert np.allclose(geo.weights, g / g.sum())
    assert geo.meta["cr"] is None and geo.meta["conventions"]["aip_mean"] == "geometric"
    assert np.allclose(geo.extra["individual_weights"]["A"], wa)
    assert "aip, geometric mean" in geo.summary()


def test_identical_experts_give_the_single_result():
    r = ahp_group([A, A, A], CRIT)
    assert np.allclose(r.weights, ahp(A, CRIT).weights)
    assert np.allclose(ahp_group([A, A], CRIT, group="aip").weights, ahp(A, CRIT).weights)


@st.composite
def stacks(draw):
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 5))
    k = n * (n - 1) // 2
    upper = np.array(draw(st.lists(st.sampled_from(SCALE), min_size=m * k, max_size=m * k)))
    a = np.ones((m, n, n))
    iu = np.triu_indices(n, 1)
    a[:, iu[0], iu[1]] = upper.reshape(m, k)
    a[:, iu[1], iu[0]] = 1 / upper.reshape(m, k)
    w = np.array(draw(st.lists(st.floats(0.1, 5), min_size=m, max_size=m)))
    return a, w / w.sum()


@settings(max_examples=60, deadline=None)
@given(data=stacks())
def test_aij_keeps_reciprocity_and_weights_sum_to_one(data):
    a, lam = data
    g = aggregate_judgments(a, lam)
    assert np.allclose(g * g.T, 1.0, atol=1e-12) and np.allclose(np.diag(g), 1.0)
    r = quiet(ahp_group, list(a), expert_weights=lam)
    assert r.weights.sum() == pytest.approx(1.0, abs=1e-12)
    p = quiet(ahp_group, list(a), expert_weights=lam, group="aip", aip_mean="geometric")
    assert p.weights.sum() == pytest.approx(1.0, abs=1e-12)


def test_each_expert_screened_and_reported():
    with pytest.warns(AHPConsistencyWarning) as rec:
        r = ahp_group({"A": A, "B": B, "C": BAD}, CRIT, name="panel")
    msgs = [str(w.message) for w in rec]
    assert any(m.startswith("panel: expert C: CR = ") and "most inconsistent judgment" in m
               for m in msgs)
    assert not any("expert A" in m or "expert B" in m for m in msgs)
    ex = r.extra["experts"]
    assert ex.loc["C", "consistent"] == False and ex.loc["A", "consistent"] == True  # noqa: E712
    assert ex.loc["C", "cr"] == pytest.approx(ahp_cr(BAD))
    assert ex["included"].all()
    rec_c = next(e for e in r.meta["experts"] if e["expert"] == "C")
    assert rec_c["most_inconsistent"]["row"] in CRIT and "C" in r.summary()


def ahp_cr(m):
    return quiet(ahp, m).cr


def test_drop_inconsistent():
    with pytest.warns(DataQualityWarning, match="experts left out for CR > 0.1: C"):
        r = quiet(ahp_group, {"A": A, "B": B, "C": BAD}, CRIT, drop_inconsistent=True)
    assert np.allclose(r.weights, ahp_group({"A": A, "B": B}, CRIT).weights)
    assert r.extra["experts"].loc["C", "included"] == False  # noqa: E712
    with pytest.raises(InputError, match="every expert's CR exceeds 0.1; none left"):
        quiet(ahp_group, {"C": BAD}, CRIT, drop_inconsistent=True)


@pytest.mark.parametrize(("kw", "pattern"), [
    (dict(expert_weights=[1, -1]), "weight -1 of expert 'E2'"),
    (dict(expert_weights=[1, 2, 3]), "3 expert weights for 2 experts"),
    (dict(expert_weights={"E1": 1}), r"no weight for experts \['E2'\]"),
    (dict(expert_weights=["a", 1]), "expert weights are not numbers"),
    (dict(group="mean"), "unknown group rule 'mean'"),
    (dict(aip_mean="median"), "aip_mean 'median'"),
    (dict(experts=["x"]), "1 expert names for 2 matrices"),
])
def test_bad_group_options(kw, pattern):
    with pytest.raises(InputError, match=pattern):
        ahp_group([A, B], CRIT, **kw)


def test_expert_weights_renormalised_with_warning():
    with pytest.warns(DataQualityWarning, match="expert weights sum to 3, not 1"):
        r = ahp_group([A, B], CRIT, expert_weights=[2, 1])
    assert [e["weight"] for e in r.meta["experts"]] == pytest.approx([2 / 3, 1 / 3])


def test_experts_must_compare_the_same_criteria():
    fa = pd.DataFrame(A, index=CRIT, columns=CRIT)
    other = ["economy", "environment", "society"]
    fb = pd.DataFrame(B, index=other, columns=other)
    with pytest.raises(InputError, match="expert 'y' compares"):
        ahp_group({"x": fa, "y": fb})
    with pytest.raises(InputError, match="2 criteria for a 3 x 3|3 criteria for a 2 x 2"):
        ahp_group({"x": A, "y": [[1, 2], [0.5, 1]]})
    with pytest.raises(InputError, match=r"group: expert y: row 1 \(economy\).*non-reciprocal"):
        ahp_group({"x": A, "y": [[1, 2, 3], [0.5, 1, 2], [3, 0.5, 1]]}, CRIT)
    with pytest.raises(InputError, match="no expert matrices"):
        ahp_group([], CRIT)


# ---------------------------------------------------------------------------- group hierarchies
def _group_tree() -> Hierarchy:
    return Hierarchy("goal", [
        Hierarchy("economy", ["gdp", "output"],
                  experts={"A": [[1, 3], [1 / 3, 1]], "B": [[1, 1], [1, 1]]}),
        Hierarchy("society", ["jobs", "health", "schools"], matrix=B),
    ], experts={"A": [[1, 2], [1 / 2, 1]], "B": [[1, 1 / 2], [2, 1]]})


def test_group_hierarchy_aij_per_node():
    r = hw(_group_tree())
    t = r.table.set_index("criterion")
    assert t.loc["economy", "weight"] == pytest.approx(0.5)  # sqrt(2 * 1/2) = 1
    assert t.loc["gdp", "local_weight"] == pytest.approx(np.sqrt(3) / (np.sqrt(3) + 1))
    assert r.meta["conventions"]["group"] == "aij"


def test_group_hierarchy_aip_arithmetic_and_geometric():
    tree = _group_tree()
    per = {e: hw(tree.for_expert(e)).table.set_index(["parent", "criterion"]) for e in "AB"}
    ar = hw(tree, group="aip").table.set_index(["parent", "criterion"])
    assert np.allclose(ar["weight"], (per["A"]["weight"] + per["B"]["weight"]) / 2)
    assert ar.loc[("economy", "gdp"), "local_weight"] == pytest.approx(
        ar.loc[("economy", "gdp"), "weight"] / ar.loc[("goal", "economy"), "weight"])
    geo = hw(tree, group="aip", aip_mean="geometric")
    gt = geo.table.set_index(["parent", "criterion"])
    la, lb = per["A"]["local_weight"], per["B"]["local_weight"]
    g = np.sqrt(la.loc["economy"] * lb.loc["economy"])
    assert np.allclose(gt.loc["economy", "local_weight"], g / g.sum())
    assert gt.loc[("economy", "gdp"), "weight"] == pytest.approx(
        gt.loc[("goal", "economy"), "weight"] * gt.loc[("economy", "gdp"), "local_weight"])
    cons = geo.extra["consistency"]
    assert set(cons["expert"]) == {"A", "B"} and geo.meta["cr_hierarchy"] is None


def test_group_hierarchy_aip_needs_every_expert_everywhere():
    tree = Hierarchy("goal", [Hierarchy("x", ["p", "q"], experts={"A": [[1, 2], [0.5, 1]]}),
                              "y"], experts={"A": [[1, 2], [0.5, 1]], "B": [[1, 3], [1 / 3, 1]]})
    with pytest.raises(InputError, match="node 'x' has no judgments from expert 'B'"):
        hw(tree, group="aip")
    assert hw(tree).table.shape[0] == 4  # AIJ works node by node


@pytest.mark.parametrize(("experts", "pattern"), [
    ([{"name": "A"}], "expert entry 1 has no matrix"),
    ([{"name": "A", "matrix": A}, {"name": "A", "matrix": B}], "expert 'A' appears twice"),
    ([{"name": "A", "matrix": A, "weight": 1}, {"name": "B", "matrix": B}],
     "only some experts have a weight"),
])
def test_expert_entries_in_dict_form(experts, pattern):
    with pytest.raises(InputError, match=pattern):
        Hierarchy.from_dict({"goal": "g", "children": CRIT, "experts": experts})


def test_dict_form_group_node_with_weights():
    h = Hierarchy.from_dict({"goal": "g", "children": CRIT, "experts": [
        {"name": "A", "matrix": A, "weight": 3}, {"name": "B", "matrix": B, "weight": 1}]})
    assert h.expert_weights == {"A": 3, "B": 1} and "experts ['A', 'B']" in repr(h)
    assert h.to_dict()["experts"][0]["weight"] == 3
    with pytest.warns(DataQualityWarning, match="expert weights sum to 4"):
        r = hw(h)
    direct = ahp_group({"A": A, "B": B}, CRIT, expert_weights=[0.75, 0.25])
    assert np.allclose(r.table["weight"], direct.weights)
