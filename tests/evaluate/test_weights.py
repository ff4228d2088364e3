"""Entropy, CRITIC and combined weights; the decision-matrix validation they share.

Peers (test-only): pymcdm 1.4 (``pymcdm.weights``) and scikit-criteria 0.10
(``skcriteria.preprocessing.weighters``), each run with its own convention matched and named.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.evaluate.validate import as_decision_matrix, as_directions, as_weights
from revitalize.evaluate.weights import (
    WeightsResult,
    combine_weights,
    critic_kernel,
    critic_weights,
    entropy_kernel,
    entropy_weights,
)

# Hwang & Yoon (1981), Multiple Attribute Decision Making, fighter-aircraft example: max speed
# (Mach), ferry range (NM), max payload (lb), acquisition cost (10^6 $), reliability,
# manoeuvrability (qualitative ratings on their 1-3-5-7-9 interval scale).
FIGHTER = pd.DataFrame(
    [[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5],
     [1.8, 2000, 21000, 4.5, 7, 7], [2.2, 1800, 20000, 5.0, 5, 5]],
    index=pd.Index(["A1", "A2", "A3", "A4"], name="alternative"),
    columns=pd.Index(["speed", "range", "payload", "cost", "reliability", "manoeuvre"],
                     name="criterion"))
FIGHTER_DIRS = ["benefit", "benefit", "benefit", "cost", "benefit", "benefit"]

finite_matrix = arrays(np.float64, st.tuples(st.integers(3, 8), st.integers(2, 5)),
                       elements=st.floats(0.0, 1e3, allow_nan=False, allow_subnormal=False))


def _varying(X: np.ndarray) -> bool:
    return bool((np.ptp(X, axis=0) > 1e-6 * (1 + np.abs(X).max(axis=0))).all())


# ---------------------------------------------------------------------------- entropy
def test_entropy_closed_form():
    """Shares (1/2, 1/2, 0, 0) have entropy ln 2 / ln 4 = 0.5 exactly (0 ln 0 = 0); shares
    (1, 1, 1, 5)/8 have e = -(3/8 ln 1/8 + 5/8 ln 5/8) / ln 4. Tolerance 1e-12."""
    X = np.array([[1.0, 1], [1, 1], [0, 1], [0, 5]])
    r = entropy_weights(X, "benefit", standardisation="none", zero_handling="zero_log")
    e2 = -(3 / 8 * math.log(1 / 8) + 5 / 8 * math.log(5 / 8)) / math.log(4)
    assert r.table["entropy"].tolist() == pytest.approx([0.5, e2], abs=1e-12)
    d = np.array([0.5, 1 - e2])
    assert r.weights.to_numpy() == pytest.approx(d / d.sum(), abs=1e-12)
    assert list(r.table.columns) == ["weight", "entropy", "divergence"]


def test_entropy_raw_shares_match_pymcdm_and_skcriteria():
    """Raw shares p = x / sum x (standardisation='none'): pymcdm's entropy_weights and
    scikit-criteria's entropy_weights (scipy.stats.entropy, 0 ln 0 = 0) on strictly positive
    data. Tolerance 1e-12."""
    from pymcdm.weights import entropy_weights as pymcdm_entropy
    from skcriteria.preprocessing.weighters import entropy_weights as skc_entropy

    ours = entropy_weights(FIGHTER, FIGHTER_DIRS, standardisation="none",
                           zero_handling="zero_log").weights.to_numpy()
    X = FIGHTER.to_numpy()
    assert ours == pytest.approx(pymcdm_entropy(X), abs=1e-12)
    assert ours == pytest.approx(skc_entropy(X), abs=1e-12)
    assert ours.argmax() == 4  # reliability: the most dispersed ratings


def test_entropy_zero_cells_match_skcriteria_pymcdm_refuses():
    """With a zero cell, scikit-criteria agrees with zero_log (0 ln 0 = 0); pymcdm 1.4 refuses
    non-positive values (its sum normalisation raises), so it cannot be compared."""
    from pymcdm.weights import entropy_weights as pymcdm_entropy
    from skcriteria.preprocessing.weighters import entropy_weights as skc_entropy

    X = np.array([[0.0, 3, 1], [2, 4, 2], [5, 1, 2], [1, 2, 8]])
    ours = entropy_weights(X, "+", standardisation="none", zero_handling="zero_log")
    assert ours.weights.to_numpy() == pytest.approx(skc_entropy(X), abs=1e-12)
    with pytest.raises(ValueError, match="positive"):
        pymcdm_entropy(X)


def _chinese_entropy(X, benefit, eps):
    """Textbook steps written out: min-max by direction, + eps, shares, entropy, weights."""
    m, n = X.shape
    w = np.empty(n)
    for j in range(n):
        col = X[:, j]
        z = (col - col.min()) if benefit[j] else (col.max() - col)
        z = z / (col.max() - col.min()) + eps
        p = z / z.sum()
        w[j] = 1 + (p * np.log(p)).sum() / np.log(m)
    return w / w.sum()


@pytest.mark.parametrize("eps", [1e-4, 0.01])
def test_entropy_minmax_shift_convention(eps):
    benefit = np.array([d == "benefit" for d in FIGHTER_DIRS])
    r = entropy_weights(FIGHTER, FIGHTER_DIRS, epsilon=eps)
    assert r.weights.to_numpy() == pytest.approx(_chinese_entropy(FIGHTER.to_numpy(), benefit,
                                                                  eps), abs=1e-12)
    assert r.meta["conventions"]["epsilon"] == eps
    assert r.meta["conventions"]["zero_handling"] == "shift"
    assert r.meta["conventions"]["directions"]["cost"] == "cost"


def test_entropy_minmax_zero_log_matches_skcriteria_on_standardised_matrix():
    """zero_log with min-max: scikit-criteria's entropy (0 ln 0 = 0) of the direction-aware
    min-max matrix. Tolerance 1e-12."""
    from skcriteria.preprocessing.weighters import entropy_weights as skc_entropy

    X = FIGHTER.to_numpy()
    Z = (X - X.min(0)) / np.ptp(X, axis=0)
    Z[:, 3] = 1 - Z[:, 3]  # cost criterion
    ours = entropy_weights(FIGHTER, FIGHTER_DIRS, zero_handling="zero_log")
    assert ours.weights.to_numpy() == pytest.approx(skc_entropy(Z), abs=1e-12)
    assert ours.meta["conventions"]["epsilon"] is None


def test_entropy_direction_matters_with_minmax():
    a = entropy_weights(FIGHTER, FIGHTER_DIRS).weights
    b = entropy_weights(FIGHTER, "benefit").weights
    assert abs(a["cost"] - b["cost"]) > 1e-3


def test_constant_criterion_warns_and_gets_weight_zero():
    X = FIGHTER.assign(flat=3.0)
    with pytest.warns(DataQualityWarning, match=r"\['flat=3'\] are constant.*weight 0"):
        r = entropy_weights(X, FIGHTER_DIRS + ["benefit"])
    assert r.weights["flat"] == 0 and r.table.loc["flat", "entropy"] == 1
    with pytest.warns(DataQualityWarning, match="constant"):
        c = critic_weights(X, FIGHTER_DIRS + ["benefit"])
    assert c.weights["flat"] == 0 and math.isnan(c.table.loc["flat", "conflict"])
    # the other criteria keep the weights they have without the constant one
    assert c.weights.drop("flat").to_numpy() == pytest.approx(
        critic_weights(FIGHTER, FIGHTER_DIRS).weights.to_numpy(), abs=1e-12)


# ---------------------------------------------------------------------------- CRITIC
def test_critic_matches_pymcdm_and_skcriteria():
    """pymcdm critic_weights (min-max, benefit only, std ddof=1) on benefit-only data;
    scikit-criteria critic_weights (cenit-distance scaling with objectives, std ddof=0) with a
    cost criterion -- the ddof cancels in the weights. Tolerance 1e-12."""
    from pymcdm.weights import critic_weights as pymcdm_critic
    from skcriteria.preprocessing.weighters import critic_weights as skc_critic

    X = FIGHTER.to_numpy()
    assert critic_weights(X, "benefit").weights.to_numpy() == pytest.approx(pymcdm_critic(X),
                                                                            abs=1e-12)
    objectives = [1 if d == "benefit" else -1 for d in FIGHTER_DIRS]
    ours = critic_weights(FIGHTER, FIGHTER_DIRS)
    assert ours.weights.to_numpy() == pytest.approx(skc_critic(X, objectives), abs=1e-12)
    t = ours.table
    assert (t["information"] / t["information"].sum()).to_numpy() == pytest.approx(
        t["weight"].to_numpy())
    assert (t["std"] * t["conflict"]).to_numpy() == pytest.approx(t["information"].to_numpy())


def test_critic_two_perfectly_correlated_criteria_have_no_conflict():
    X = np.array([[1.0, 2, 5], [2, 4, 1], [3, 6, 4], [4, 8, 2]])
    w, _, conflict, _ = critic_kernel(X, np.array([True, True, True]))
    # r_12 = 1: each of them conflicts only with the third criterion
    r13 = np.corrcoef(X[:, 0], X[:, 2])[0, 1]
    assert conflict == pytest.approx([1 - r13, 1 - r13, 2 - 2 * r13])
    assert w[0] == pytest.approx(w[1]) and w.sum() == pytest.approx(1)


def test_critic_undefined_without_conflict():
    with pytest.raises(InputError, match="no criterion conflicts with another"):
        critic_weights(pd.DataFrame({"a": [1.0, 2, 3], "b": [2.0, 4, 6]}), "+")
    one = pd.DataFrame({"a": [1.0, 2, 3], "b": [5.0, 5, 5]})
    with pytest.warns(DataQualityWarning, match="constant"), \
            pytest.raises(InputError, match="a single varying criterion"):
        critic_weights(one, "+")


# ---------------------------------------------------------------------------- combined
def test_combine_linear_and_multiplicative():
    s = {"a": 0.5, "b": 0.3, "c": 0.2}
    o = pd.Series({"c": 0.5, "a": 0.25, "b": 0.25})  # another order: aligned by label
    lin = combine_weights(s, o, rule="linear", alpha=0.4)
    assert lin.weights.to_dict() == pytest.approx({"a": 0.4 * 0.5 + 0.6 * 0.25,
                                                   "b": 0.4 * 0.3 + 0.6 * 0.25,
                                                   "c": 0.4 * 0.2 + 0.6 * 0.5})
    mul = combine_weights(s, o, rule="multiplicative")
    prod = np.array([0.125, 0.075, 0.1])
    assert mul.weights.to_numpy() == pytest.approx(prod / prod.sum())
    assert mul.meta["conventions"] == {"rule": "multiplicative", "alpha": None}
    assert lin.meta["conventions"] == {"rule": "linear", "alpha": 0.4}


def test_combine_with_a_weights_result_and_arrays():
    ent = entropy_weights(FIGHTER, FIGHTER_DIRS)
    r = combine_weights([0.2, 0.1, 0.1, 0.1, 0.2, 0.3], ent, alpha=1.0)
    assert list(r.weights.index) == list(FIGHTER.columns)
    assert r.weights.to_numpy() == pytest.approx([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
    r2 = combine_weights([0.5, 0.5], [0.2, 0.8])
    assert list(r2.weights.index) == ["C1", "C2"] and r2.weights.sum() == pytest.approx(1)


def test_combine_errors_and_renormalisation():
    with pytest.raises(InputError, match="alpha 1.5 is outside"):
        combine_weights([0.5, 0.5], [0.5, 0.5], alpha=1.5)
    with pytest.raises(InputError, match="unknown rule"):
        combine_weights([0.5, 0.5], [0.5, 0.5], rule="geometric")
    with pytest.raises(InputError, match="no criterion where both are positive"):
        combine_weights([1.0, 0.0], [0.0, 1.0], rule="multiplicative")
    with pytest.warns(DataQualityWarning, match="subjective weights sum to 2, not 1: weights "
                                                "renormalised"):
        r = combine_weights([1.0, 1.0], [0.5, 0.5])
    assert r.table["subjective"].tolist() == [0.5, 0.5]
    with pytest.raises(UnknownLabelError, match="not in the matrix"):
        combine_weights({"a": 0.5, "b": 0.5}, {"a": 0.5, "z": 0.5})


# ---------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(X=finite_matrix, data=st.data())
def test_weights_sum_to_one_and_follow_permutations(X, data):
    if not _varying(X):
        return
    n = X.shape[1]
    benefit = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    if not np.isfinite(critic_kernel(X, np.array(benefit))[0]).all():
        with pytest.raises(InputError, match="no criterion conflicts with another"):
            critic_weights(X, benefit)
        return
    for fn in (entropy_kernel, critic_kernel):
        w = fn(X, np.array(benefit))[0]
        assert w.sum() == pytest.approx(1.0) and (w >= -1e-15).all()
    w0 = entropy_kernel(X, np.array(benefit), zero_handling="zero_log")[0]
    assert w0.sum() == pytest.approx(1.0)
    rows = data.draw(st.permutations(range(X.shape[0])))
    cols = np.array(data.draw(st.permutations(range(n))))
    for fn in (entropy_kernel, critic_kernel):
        base = fn(X, np.array(benefit))[0]
        assert fn(X[list(rows)], np.array(benefit))[0] == pytest.approx(base, abs=1e-9)
        assert fn(X[:, cols], np.array(benefit)[cols])[0] == pytest.approx(base[cols], abs=1e-9)


# ---------------------------------------------------------------------------- validation
def test_weights_result_is_frozen_and_labelled():
    r = entropy_weights(FIGHTER, FIGHTER_DIRS)
    assert isinstance(r, WeightsResult) and r.table.index.name == "criterion"
    with pytest.raises(AttributeError):
        r.table = None  # type: ignore[misc]
    assert r.meta["method"] == "entropy weights" and "Hwang & Yoon" in r.meta["source"]


def test_nan_names_alternative_and_criterion():
    X = FIGHTER.copy()
    X.loc["A3", "range"] = np.nan
    with pytest.raises(InputError, match=r"1 missing or infinite value\(s\), first at "
                                         r"alternative/criterion \['A3/range'\]") as exc:
        entropy_weights(X, FIGHTER_DIRS)
    assert exc.value.row == "A3" and exc.value.field == "range"


def test_non_numeric_cell_is_named():
    X = FIGHTER.astype(object)
    X.loc["A2", "payload"] = "n/a"
    with pytest.raises(InputError, match="criterion 'payload' has a non-numeric value 'n/a' for "
                                         "alternative 'A2'"):
        critic_weights(X, FIGHTER_DIRS)


def test_all_zero_and_all_constant_columns_raise():
    with pytest.raises(InputError, match=r"criteria \['z'\] are zero for every alternative"):
        entropy_weights(FIGHTER.assign(z=0.0), FIGHTER_DIRS + ["cost"])
    flat = pd.DataFrame({"a": [1.0, 1.0, 1.0], "b": [2.0, 2.0, 2.0]})
    with pytest.raises(InputError, match="every criterion is constant"):
        critic_weights(flat, "+")


def test_negative_values_need_standardisation():
    X = FIGHTER.copy()
    X.loc["A4", "speed"] = -1.0
    with pytest.raises(InputError, match=r"negative value\(s\), first at alternative/criterion "
                                         r"\['A4/speed=-1'\]"):
        entropy_weights(X, FIGHTER_DIRS, standardisation="none")
    assert entropy_weights(X, FIGHTER_DIRS).weights.sum() == pytest.approx(1)  # min-max: fine


def test_bad_keywords_raise():
    with pytest.raises(InputError, match="unknown zero_handling 'drop'"):
        entropy_weights(FIGHTER, FIGHTER_DIRS, zero_handling="drop")
    with pytest.raises(InputError, match="epsilon 0 is not positive"):
        entropy_weights(FIGHTER, FIGHTER_DIRS, epsilon=0)
    with pytest.raises(InputError, match="unknown standardisation"):
        entropy_weights(FIGHTER, FIGHTER_DIRS, standardisation="zscore")


def test_directions_validation():
    crit = pd.Index(["a", "b"])
    assert as_directions({"b": "-", "a": "max"}, crit).tolist() == [True, False]
    assert as_directions([1, -1], crit).tolist() == [True, False]
    with pytest.raises(InputError, match="directions are required"):
        as_directions(None, crit)
    with pytest.raises(InputError, match="criterion 'b' has direction 'up'"):
        as_directions(["+", "up"], crit)
    with pytest.raises(InputError, match="3 directions for 2 criteria"):
        as_directions(["+", "-", "+"], crit)
    with pytest.raises(UnknownLabelError, match=r"not in the matrix: \['c'\]"):
        as_directions({"a": "+", "b": "+", "c": "+"}, crit)
    with pytest.raises(InputError, match=r"directions missing for criteria \['b'\]"):
        as_directions({"a": "+"}, crit)


def test_weight_validation():
    crit = pd.Index(["a", "b", "c"])
    with pytest.raises(InputError, match="finite and non-negative"):
        as_weights([0.5, -0.1, 0.6], crit)
    with pytest.raises(InputError, match="finite and non-negative"):
        as_weights([0.5, np.nan, 0.5], crit)
    with pytest.raises(InputError, match="all zero"):
        as_weights([0, 0, 0], crit)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert as_weights([0.2, 0.3, 0.5 + 1e-9], crit).sum() == pytest.approx(1)
    with pytest.warns(DataQualityWarning, match="weights sum to 0.9, not 1: weights renormalised"):
        assert as_weights([0.2, 0.3, 0.4], crit).tolist() == pytest.approx([2 / 9, 3 / 9, 4 / 9])


def test_matrix_shape_and_label_checks():
    with pytest.raises(InputError, match="1 alternative"):
        as_decision_matrix([[1.0, 2.0]])
    with pytest.raises(InputError, match="3 dimension"):
        as_decision_matrix(np.zeros((2, 2, 2)))
    with pytest.raises(InputError, match=r"duplicate alternative labels \['A1'\]"):
        as_decision_matrix(pd.DataFrame({"a": [1.0, 2.0]}, index=["A1", "A1"]))
    with pytest.raises(InputError, match="not numeric"):
        as_decision_matrix([["x", "y"], ["z", "w"]])
    dm = as_decision_matrix(np.ones((3, 2)))
    assert list(dm.alternatives) == [1, 2, 3] and list(dm.criteria) == ["C1", "C2"]
    with pytest.raises(InputError, match="criterion 'b' has a non-numeric value True"):
        as_decision_matrix(pd.DataFrame({"a": [1.0, 2.0], "b": [True, False]}))


# ---------------------------------------------------------------------------- issue 17
MEREC_X = np.array([[450, 8000, 54, 145], [10, 9100, 2, 160], [100, 8200, 31, 153],
                    [220, 9300, 1, 162], [5, 8400, 23, 158]], dtype=float)


def test_merec_keshavarz_ghorabaee_2021_and_pymcdm():
    """Keshavarz-Ghorabaee et al. (2021), Symmetry 13(4): 525, the illustrative example:
    weights 0.5752, 0.0141, 0.4016, 0.0091 (as transcribed in pyrepo-mcda's tests; tolerance
    5e-5); pymcdm 1.4 merec_weights agrees to 1e-12."""
    from pymcdm.weights import merec_weights as pymcdm_merec

    from revitalize.evaluate.weights import merec_weights

    r = merec_weights(MEREC_X, [1, 1, -1, -1])
    assert r.weights.to_numpy() == pytest.approx([0.5752, 0.0141, 0.4016, 0.0091], abs=5e-5)
    assert r.weights.to_numpy() == pytest.approx(pymcdm_merec(MEREC_X, np.array([1, 1, -1, -1])),
                                                 abs=1e-12)
    with pytest.raises(InputError, match="MEREC: value 0 <= 0"):
        merec_weights(np.array([[1.0, 2], [0, 3]]), "+")


def test_std_weights_salabun_2020_and_peers():
    """Sałabun, Wątróbski & Shekhovtsov (2020), Symmetry 12(9): 1549: std weights 0.217,
    0.294, 0.488 of raw values (normalisation='none', pymcdm/pyrepo convention; tolerance
    5e-4); the default standardises first (Diakoulaki et al. 1995)."""
    from pymcdm.weights import standard_deviation_weights

    from revitalize.evaluate.weights import std_weights

    S = np.array([[0.619, 0.449, 0.447], [0.862, 0.466, 0.006], [0.458, 0.698, 0.771],
                  [0.777, 0.631, 0.491], [0.567, 0.992, 0.968]])
    r = std_weights(S, "+", normalisation="none")
    assert r.weights.to_numpy() == pytest.approx([0.217, 0.294, 0.488], abs=5e-4)
    assert r.weights.to_numpy() == pytest.approx(standard_deviation_weights(S), abs=1e-12)
    z = (S - S.min(0)) / np.ptp(S, axis=0)
    d = std_weights(S, "+")
    assert d.weights.to_numpy() == pytest.approx(z.std(0) / z.std(0).sum(), abs=1e-12)
    assert d.meta["conventions"]["normalisation"] == "minmax"


@pytest.mark.parametrize("rule", ["shift", "rescale", "shift_zeros", "zero_log"])
def test_entropy_epsilon_rules(rule):
    """Each epsilon rule written out by hand on the min-max standardised fighter matrix."""
    eps = 0.01
    benefit = np.array([d == "benefit" for d in FIGHTER_DIRS])
    X = FIGHTER.to_numpy()
    Z = (X - X.min(0)) / np.ptp(X, axis=0)
    Z[:, ~benefit] = 1 - Z[:, ~benefit]
    Z = {"shift": Z + eps, "rescale": eps + (1 - 2 * eps) * Z,
         "shift_zeros": np.where(Z == 0, eps, Z), "zero_log": Z}[rule]
    P = Z / Z.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = -np.nansum(np.where(P > 0, P * np.log(P), 0.0), axis=0) / np.log(len(X))
    expected = (1 - e) / (1 - e).sum()
    r = entropy_weights(FIGHTER, FIGHTER_DIRS, zero_handling=rule, epsilon=eps)
    assert r.weights.to_numpy() == pytest.approx(expected, abs=1e-12)
    conv = r.meta["conventions"]
    assert conv["zero_handling"] == rule and conv["epsilon_rule"]
    assert conv["epsilon"] == (None if rule == "zero_log" else eps)


def test_entropy_rescale_epsilon_bound():
    with pytest.raises(InputError, match="leaves no room"):
        entropy_weights(FIGHTER, FIGHTER_DIRS, zero_handling="rescale", epsilon=0.5)
