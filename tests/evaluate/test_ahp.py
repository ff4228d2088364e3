"""AHP on one judgment matrix: published examples, the ahpy peer, properties, errors, warnings,
the batch kernel and hierarchies."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import InputError
from revitalize.evaluate.ahp import (
    RI_TABLES,
    SCALE,
    AHPConsistencyWarning,
    Hierarchy,
    ahp,
    ahp_batch,
    format_judgment,
    hierarchy_weights,
    most_inconsistent,
    random_index,
)
from revitalize.evaluate.ahp_batch import arithmetic_weights, geometric_weights

# Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", EJOR 48:9-26, the
# house example: criteria matrix and the three houses compared under each criterion.
HOUSE_CRITERIA = ["size", "transportation", "neighborhood", "age", "yard", "modern facilities",
                  "general condition", "financing"]
HOUSE = [[1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4], [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
         [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5], [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
         [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
         [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6], [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
         [4, 7, 5, 8, 6, 6, 2, 1]]
HOUSE_ALTERNATIVES = [
    [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]], [[1, 7, 1 / 5], [1 / 7, 1, 1 / 8], [5, 8, 1]],
    [[1, 8, 6], [1 / 8, 1, 1 / 4], [1 / 6, 4, 1]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
    [[1, 5, 4], [1 / 5, 1, 1 / 3], [1 / 4, 3, 1]], [[1, 8, 6], [1 / 8, 1, 1 / 5], [1 / 6, 5, 1]],
    [[1, 1 / 2, 1 / 2], [2, 1, 1], [2, 1, 1]], [[1, 1 / 7, 1 / 5], [7, 1, 3], [5, 1 / 3, 1]]]
# Saaty (1977), "A scaling method for priorities in hierarchical structures", J. Math. Psychol.
# 15:234-281, relative wealth of nations (also Saaty 1980, The Analytic Hierarchy Process, ch. 2).
NATIONS = ["US", "USSR", "China", "France", "UK", "Japan", "W. Germany"]
WEALTH = [[1, 4, 9, 6, 6, 5, 5], [1 / 4, 1, 7, 5, 5, 3, 4], [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
          [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3], [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
          [1 / 5, 1 / 3, 7, 3, 3, 1, 2], [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1]]


def quiet_ahp(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AHPConsistencyWarning)
        return ahp(*args, **kw)


def consistent_matrix(w) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return w[:, None] / w[None, :]


# ---------------------------------------------------------------------------- published examples
def test_saaty_1990_house_criteria():
    """Saaty (1990) EJOR 48:9-26, house example, criteria level: printed priorities .173 .054
    .188 .018 .031 .036 .167 .333, lambda_max = 9.669, C.I. = 0.238, C.R. = 0.169 (RI 1.41 of
    Saaty 1980). Tolerance: half a unit of the printed last digit (5e-4)."""
    with pytest.warns(AHPConsistencyWarning, match=r"a\(neighborhood, general condition\) = 6"):
        r = ahp(HOUSE, HOUSE_CRITERIA)
    assert r.weights.round(3).tolist() == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert r.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert r.ci == pytest.approx(0.238, abs=5e-4)
    assert r.cr == pytest.approx(0.169, abs=5e-4)
    assert r.meta["ri"] == 1.41 and r.meta["ri_table"] == "saaty1980"
    worst = r.meta["most_inconsistent"]
    assert not r.consistent and (worst["row"], worst["column"]) == ("neighborhood",
                                                                     "general condition")


def test_saaty_1990_house_synthesis():
    """Saaty (1990) EJOR 48:9-26: overall priorities of houses A, B, C = .396, .341, .263
    (tolerance 5e-4); every alternative matrix of the example is used as printed."""
    h = Hierarchy("house", [Hierarchy(c, ["A", "B", "C"], matrix=m)
                            for c, m in zip(HOUSE_CRITERIA, HOUSE_ALTERNATIVES)], matrix=HOUSE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AHPConsistencyWarning)
        r = hierarchy_weights(h)
    assert r.synthesis.round(3).to_dict() == {"A": 0.396, "B": 0.341, "C": 0.263}
    assert r.meta["synthesis"]["A"] == pytest.approx(0.396, abs=5e-4)
    assert "A            0.3959    1\nB            0.3407    2\nC            0.2634    3" in \
        r.summary()  # the alternatives' table of the summary (by rank)
    rows = r.table.set_index(["parent", "criterion"])
    assert rows.loc[("financing", "B"), "weight"] == pytest.approx(
        rows.loc[("house", "financing"), "weight"] * rows.loc[("financing", "B"), "local_weight"])


def test_saaty_1977_wealth_of_nations():
    """Saaty (1977) J. Math. Psychol. 15:234-281 (and Saaty 1980 ch. 2): wealth of nations,
    printed lambda_max = 7.61 and priorities .427 .230 .021 .052 .052 .123 .094 (tolerance half
    a printed unit); CR = 0.077 < 0.1 with Saaty's 1980 RI (1.32), so no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", AHPConsistencyWarning)
        r = ahp(WEALTH, NATIONS)
    assert r.weights.round(3).tolist() == [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    assert r.lambda_max == pytest.approx(7.61, abs=5e-3)
    assert r.cr == pytest.approx((r.lambda_max - 7) / 6 / 1.32) and r.consistent


# ---------------------------------------------------------------------------- ahpy peer
@pytest.mark.parametrize(("matrix", "labels"), [(HOUSE, HOUSE_CRITERIA), (WEALTH, NATIONS)])
@pytest.mark.parametrize(("ahpy_ri", "ours"), [("saaty", "saaty2005"), ("dd", "donegan_dodd1991")])
def test_against_ahpy(matrix, labels, ahpy_ri, ours):
    """ahpy 2.1 (test-only peer): ahpy's random_index='saaty' is Saaty's 2005 table (our
    ``saaty2005``) and 'dd' Donegan & Dodd 1991 (``donegan_dodd1991``); ahpy rounds weights and
    CR to ``precision=4`` decimals and stops its squaring power method on 4-decimal agreement,
    so we compare at 1e-4 (weights) and 1e-4 (CR)."""
    ahpy = pytest.importorskip("ahpy")
    a = np.asarray(matrix, dtype=float)
    comparisons = {(labels[i], labels[j]): a[i, j]
                   for i in range(len(labels)) for j in range(i + 1, len(labels))}
    peer = ahpy.Compare("c", comparisons, precision=4, random_index=ahpy_ri)
    r = quiet_ahp(matrix, labels, ri_table=ours)
    for k, v in peer.local_weights.items():
        assert r.weights[k] == pytest.approx(v, abs=1e-4)
    assert r.cr == pytest.approx(peer.consistency_ratio, abs=1e-4)


# ---------------------------------------------------------------------------- methods & properties
def test_methods_closed_forms_and_lambda_independent_of_method():
    a = np.array(WEALTH)
    g = np.prod(a, axis=1) ** (1 / 7)
    r_geo = quiet_ahp(a, method="geometric")
    r_ari = quiet_ahp(a, method="arithmetic")
    r_eig = quiet_ahp(a)
    assert np.allclose(r_geo.weights, g / g.sum())
    assert np.allclose(r_ari.weights, (a / a.sum(axis=0)).mean(axis=1))
    assert r_geo.lambda_max == pytest.approx(r_eig.lambda_max)
    assert r_ari.meta["conventions"]["method"] == "arithmetic"
    vals = np.linalg.eigvals(a)
    assert r_eig.lambda_max == pytest.approx(vals.real.max(), rel=1e-12)


weights_strategy = st.lists(st.floats(0.05, 20, allow_nan=False), min_size=2, max_size=12)


@settings(max_examples=60, deadline=None)
@given(w=weights_strategy, method=st.sampled_from(["eigenvector", "geometric", "arithmetic"]))
def test_consistent_matrix_returns_its_weights_and_zero_cr(w, method):
    w = np.asarray(w) / np.sum(w)
    r = ahp(consistent_matrix(w), method=method, scale_max=None)
    assert np.allclose(r.weights.to_numpy(), w, atol=1e-9)
    assert abs(r.cr) < 1e-9 and r.consistent
    assert r.lambda_max == pytest.approx(len(w), abs=1e-9)


@st.composite
def reciprocal_matrices(draw, n_min=1, n_max=9):
    n = draw(st.integers(n_min, n_max))
    upper = draw(st.lists(st.sampled_from(SCALE), min_size=n * (n - 1) // 2,
                          max_size=n * (n - 1) // 2))
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    a[iu] = upper
    a[(iu[1], iu[0])] = 1 / np.asarray(upper)
    return a


@settings(max_examples=60, deadline=None)
@given(a=reciprocal_matrices(), method=st.sampled_from(["eigenvector", "geometric", "arithmetic"]))
def test_weights_positive_sum_to_one_and_batch_agrees(a, method):
    r = quiet_ahp(a, method=method)
    assert r.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert (r.weights > 0).all()
    assert r.lambda_max >= a.shape[0] - 1e-9
    b = ahp_batch(a[None], method=method)
    assert np.allclose(b.weights[0], r.weights.to_numpy(), atol=1e-12)
    assert b.cr[0] == pytest.approx(r.cr, abs=1e-12)


def test_small_matrices():
    one = ahp([[1]], ["only"])
    assert one.weights.tolist() == [1.0] and one.cr == 0 and one.lambda_max == 1
    two = ahp([[1, 4], [1 / 4, 1]], ["a", "b"])
    assert two.weights.tolist() == pytest.approx([0.8, 0.2])
    assert two.ci == 0 and two.cr == 0 and two.meta["most_inconsistent"] is None


def test_dataframe_labels_and_records():
    frame = pd.DataFrame(WEALTH, index=NATIONS, columns=NATIONS)
    r = ahp(frame)
    assert list(r.weights.index) == NATIONS and r.table.index.name == "criterion"
    assert r.records()[0] == {"criterion": "US", "weight": pytest.approx(0.427, abs=5e-4)}
    assert r.extra["matrix"].loc["US", "China"] == 9
    assert "lambda_max = 7.6" in r.summary() and "acceptable" in r.summary()
    with pytest.raises(InputError, match="row labels differ"):
        ahp(frame.rename(index={"US": "USA"}))


# ---------------------------------------------------------------------------- RI tables
def test_ri_tables():
    assert RI_TABLES["saaty1980"] == (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                                      1.51, 1.48, 1.56, 1.57, 1.59)
    assert random_index(3, "alonso_lamata2006") == 0.5245
    assert random_index(9, "donegan_dodd1991") == 1.3733
    assert random_index(4, "saaty2005") == 0.89 and random_index(6, "xu1988") == 1.26
    assert len(RI_TABLES["donegan_dodd1991"]) == 20
    a = quiet_ahp(WEALTH, ri_table="alonso_lamata2006")
    assert a.cr == pytest.approx(a.ci / 1.3417)
    assert "Alonso & Lamata" in a.meta["conventions"]["ri_source"]


def test_matrix_beyond_ri_table_names_n_and_table():
    a = consistent_matrix(np.arange(1, 17) / 2.0)
    with pytest.raises(InputError, match=r"16 x 16 matrix is beyond the random-index table "
                                         r"'saaty1980'.*n = 1\.\.15.*donegan_dodd1991"):
        ahp(a, scale_max=None)
    assert ahp(a, scale_max=None, ri_table="donegan_dodd1991").cr == pytest.approx(0, abs=1e-9)
    with pytest.raises(InputError, match="unknown random-index table 'saaty'"):
        ahp(WEALTH, ri_table="saaty")
    with pytest.raises(InputError, match="unknown AHP method 'power'"):
        ahp(WEALTH, method="power")


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("i", "j", "value", "pattern"), [
    (0, 2, 10.0, r"^test: row 1 \(a\): field column 3 \(c\): judgment off the 1-9 scale: "
                 r"a\(a, c\) = 10 \(expected 1/9 <= a_ij <= 9\)$"),
    (0, 2, 0.05, r"off the 1-9 scale: a\(a, c\) = 0.05"),
    (1, 2, 0.0, r"row 2 \(b\): field column 3 \(c\): non-positive judgment: a\(b, c\) = 0"),
    (1, 0, -2.0, r"non-positive judgment: a\(b, a\) = -2"),
    (2, 2, 2.0, r"diagonal judgment is not 1: a\(c, c\) = 2.*expected a_ii = 1"),
    (0, 1, np.nan, r"missing or non-finite judgment: a\(a, b\) = nan"),
])
def test_bad_entries_named(i, j, value, pattern):
    a = consistent_matrix([4, 2, 1])
    a[i, j] = value
    if i != j and value > 0 and np.isfinite(value):
        a[j, i] = 1 / value
    with pytest.raises(InputError, match=pattern):
        ahp(a, ["a", "b", "c"], name="test")


def test_non_reciprocal_named():
    a = consistent_matrix([4, 2, 1])
    a[2, 0] = 0.5  # a(a, c) = 4 but a(c, a) should be 1/4
    with pytest.raises(InputError) as exc:
        ahp(a, ["a", "b", "c"], name="expert X")
    text = str(exc.value)
    assert text.startswith("expert X: row 1 (a): field column 3 (c): non-reciprocal")
    assert "a(c, a) = 0.5" in text and "expected a(c, a) = 1/4 = 0.25" in text
    # two-decimal reciprocals pass (0.33 * 3 = 0.99, 0.13 * 8 = 1.04): within reciprocal_tol
    assert ahp([[1, 3, 8], [0.33, 1, 2], [0.13, 0.5, 1]]).meta["n"] == 3
    with pytest.raises(InputError, match="non-reciprocal"):
        ahp([[1, 3], [0.33, 1]], reciprocal_tol=0.001)


@pytest.mark.parametrize(("matrix", "pattern"), [
    ([[1, 2, 3], [0.5, 1, 2]], r"shape \(2, 3\).*square n x n"),
    ([], r"shape \(0,\)"),
    ([[1, "x"], [1, 1]], "not all numbers"),
])
def test_bad_shapes(matrix, pattern):
    with pytest.raises(InputError, match=pattern):
        ahp(matrix)


def test_bad_criteria():
    with pytest.raises(InputError, match="2 criteria for a 3 x 3 matrix"):
        ahp(consistent_matrix([3, 2, 1]), ["a", "b"])
    with pytest.raises(InputError, match=r"repeated: \['a'\]"):
        ahp(consistent_matrix([3, 2, 1]), ["a", "b", "a"])


# ---------------------------------------------------------------------------- inconsistency
def test_warning_names_the_perturbed_judgment_and_its_consistent_value():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = consistent_matrix(w)
    a[0, 3], a[3, 0] = 1 / 4, 4  # should be 4: the decision-maker reversed it
    with pytest.warns(AHPConsistencyWarning) as rec:
        r = ahp(a, ["A", "B", "C", "D"], name="criteria")
    msg = str(rec[0].message)
    assert msg.startswith("criteria: CR = ") and "> 0.1 (ri_table saaty1980)" in msg
    assert "a(A, D) = 1/4 (row 1, column 4); the other judgments imply 4 (w_i/w_j = 0.826)" in msg
    assert "suggested: 4 (rule: max a_ij*w_j/w_i, Saaty 2003" in msg
    info = r.meta["most_inconsistent"]
    assert (info["i"], info["j"], info["suggested"]) == (1, 4, 4.0)
    assert info["implied"] == pytest.approx(4.0)  # (4/3 * 3 * 2 * 2)^(1/2)
    assert info["eigen_ratio"] == pytest.approx(r.weights["A"] / r.weights["D"])
    assert "most inconsistent judgment: a(A, D)" in r.summary()


def test_threshold_is_a_parameter():
    with warnings.catch_warnings():
        warnings.simplefilter("error", AHPConsistencyWarning)
        r = ahp(HOUSE, cr_threshold=0.2)
    assert r.consistent and r.meta["most_inconsistent"] is None
    assert r.meta["conventions"]["cr_threshold"] == 0.2


def test_most_inconsistent_none_below_three_and_format():
    assert most_inconsistent(np.eye(2), np.array([0.5, 0.5]), ["a", "b"]) is None
    assert [format_judgment(x) for x in (3.0, 1 / 3, 2.5, 0.4, 1.0)] == ["3", "1/3", "2.5",
                                                                         "0.4", "1"]


# ---------------------------------------------------------------------------- batch
def test_batch_matches_lapack_eig_on_random_stack():
    rng = np.random.default_rng(7)
    m, n = 200, 9
    a = np.ones((m, n, n))
    iu = np.triu_indices(n, 1)
    vals = rng.choice(np.asarray(SCALE), size=(m, iu[0].size))
    a[:, iu[0], iu[1]] = vals
    a[:, iu[1], iu[0]] = 1 / vals
    b = ahp_batch(a)
    ev, vec = np.linalg.eig(a)
    k = ev.real.argmax(axis=1)
    lam = ev.real[np.arange(m), k]
    w = np.abs(vec.real[np.arange(m), :, k])
    w /= w.sum(axis=1, keepdims=True)
    assert np.allclose(b.lambda_max, lam, atol=1e-9) and np.allclose(b.weights, w, atol=1e-10)
    assert np.allclose(b.cr, (lam - n) / (n - 1) / 1.45)
    assert b.consistent().sum() == (b.cr <= 0.1).sum()
    assert np.allclose(ahp_batch(a, method="geometric").weights, geometric_weights(a))
    assert np.allclose(ahp_batch(a, method="arithmetic").weights, arithmetic_weights(a))


def test_batch_errors_name_the_matrix():
    a = np.stack([consistent_matrix([3, 2, 1])] * 3)
    a[1, 0, 2] = 9.0
    with pytest.raises(InputError, match=r"non-reciprocal judgment: value 9 at matrix 2, row 1, "
                                         r"column 3"):
        ahp_batch(a)
    a[1, 0, 2] = -3.0
    with pytest.raises(InputError, match="non-positive judgment: value -3 at matrix 2"):
        ahp_batch(a)
    with pytest.raises(InputError, match=r"shape \(3, 3\)"):
        ahp_batch(np.eye(3))
    with pytest.raises(InputError, match="unknown method"):
        ahp_batch(np.stack([np.eye(3)]), method="x")


# ---------------------------------------------------------------------------- hierarchies
def _small_tree() -> Hierarchy:
    return Hierarchy("goal", [
        Hierarchy("economy", ["gdp", "output"], matrix=[[1, 3], [1 / 3, 1]]),
        Hierarchy("society", ["employment"]),
        Hierarchy("environment", ["air", "water", "land"],
                  matrix=consistent_matrix([3, 2, 1])),
    ], matrix=consistent_matrix([2, 1, 1]))


def test_hierarchy_global_is_product_of_locals():
    r = hierarchy_weights(_small_tree())
    t = r.table.set_index("criterion")
    assert t.loc["economy", "weight"] == pytest.approx(0.5)
    assert t.loc["gdp", "weight"] == pytest.approx(0.5 * 0.75)
    assert t.loc["employment", ["local_weight", "weight"]].tolist() == pytest.approx([1, 0.25])
    assert t.loc["water", "weight"] == pytest.approx(0.25 * 2 / 6)
    leaves = t[t["leaf"]]
    assert leaves["weight"].sum() == pytest.approx(1.0)
    assert list(r.table.columns) == ["criterion", "parent", "level", "local_weight", "weight",
                                     "leaf"]
    assert r.meta["cr_hierarchy"] == pytest.approx(0, abs=1e-9) and r.meta["levels"] == 2
    assert set(r.extra["nodes"]) == {"goal", "economy", "environment"}


def test_hierarchy_consistency_ratio_crh():
    """CRH = sum g(node) CI(node) / sum g(node) RI(n_node) (Saaty 1980), checked by hand."""
    inconsistent = [[1, 3, 1 / 5], [1 / 3, 1, 3], [5, 1 / 3, 1]]
    h = Hierarchy("goal", [Hierarchy("x", ["p", "q", "r"], matrix=inconsistent),
                           Hierarchy("y", ["s", "t"], matrix=[[1, 2], [0.5, 1]])],
                  matrix=[[1, 3], [1 / 3, 1]])
    with pytest.warns(AHPConsistencyWarning) as rec:
        r = hierarchy_weights(h)
    ci_x = quiet_ahp(inconsistent).ci
    assert r.meta["cr_hierarchy"] == pytest.approx(0.75 * ci_x / (0.75 * 0.58))
    assert r.meta["inconsistent_nodes"] == ["x"]
    messages = [str(w.message) for w in rec]
    assert any(m.startswith("goal: node x: CR") for m in messages)
    assert any("hierarchy consistency CRH" in m for m in messages)
    lv = r.extra["level_consistency"].set_index("level")
    assert lv.loc[2, "ri_weighted"] == pytest.approx(0.75 * 0.58)


@pytest.mark.parametrize(("tree", "pattern"), [
    (Hierarchy("g", ["a", "b"]), "node 'g' has 2 children but no judgments"),
    (Hierarchy("g", ["a", "a"], matrix=np.eye(2)), r"repeated children \['a'\]"),
    (Hierarchy("g", [Hierarchy("a", matrix=np.ones((2, 2))), "b"], matrix=np.ones((2, 2))),
     "leaf 'a' has judgments"),
    (Hierarchy("g", ["a", "b", "c"], matrix=np.ones((2, 2))), "3 criteria for a 2 x 2 matrix"),
    (Hierarchy("g", [Hierarchy("a", ["x"]), Hierarchy("b", [Hierarchy("a", ["y"])])],
               matrix=np.ones((2, 2))), r"repeated: \['a'\]"),
    (Hierarchy("g"), "has no children"),
    (Hierarchy("g", ["a", "b"], matrix=np.ones((2, 2)), experts={"e": np.ones((2, 2))}),
     "both a matrix and experts"),
])
def test_hierarchy_errors(tree, pattern):
    with pytest.raises(InputError, match=pattern):
        hierarchy_weights(tree)


def test_hierarchy_dict_roundtrip_and_unknown_keys():
    tree = _small_tree()
    d = tree.to_dict()
    again = Hierarchy.from_dict(d)
    r1, r2 = hierarchy_weights(tree), hierarchy_weights(again)
    assert np.allclose(r1.table["weight"], r2.table["weight"])
    assert hierarchy_weights(d).table["weight"].tolist() == r1.table["weight"].tolist()
    with pytest.raises(InputError, match=r"unknown keys \['matirx'\]"):
        Hierarchy.from_dict({"goal": "g", "children": ["a", "b"], "matirx": [[1]]})
    with pytest.raises(InputError, match="a node is int"):
        Hierarchy.from_dict({"goal": "g", "children": [3]})
    assert "children=['economy', 'society', 'environment'], matrix" in repr(tree)


def test_power_iteration_non_convergence_is_raised():
    from revitalize.errors import ValidationError
    from revitalize.evaluate.ahp_batch import eigenvector_weights

    a = np.array([HOUSE])
    with pytest.raises(ValidationError, match="did not converge for 1 matrices"):
        eigenvector_weights(a, tol=0.0, max_iter=2)


def test_batch_blocks_keep_matrix_numbers():
    """The kernel works on blocks of 1024 matrices: errors and results keep stack positions."""
    a = np.stack([consistent_matrix([3, 2, 1])] * 1030)
    a[1027, 1, 0] = 0.9
    with pytest.raises(InputError, match=r"value 1.5 at matrix 1028, row 1, column 2 \(2 such"):
        ahp_batch(a)
    a[1027] = consistent_matrix([1, 2, 3])
    b = ahp_batch(a)
    assert np.allclose(b.weights[1027], [1 / 6, 2 / 6, 3 / 6]) and b.weights.shape == (1030, 3)
