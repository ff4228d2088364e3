"""Grey relational analysis: closed-form cases, the greytheory peer, properties, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import DataQualityWarning, InputError
from revitalize.evaluate.gra import GreyRelationalResult, grey_relational, grey_relational_kernel
from tests.evaluate.test_weights import FIGHTER, FIGHTER_DIRS

SMALL = pd.DataFrame({"x": [1.0, 3.0, 2.0], "y": [4.0, 2.0, 3.0]}, index=["a", "b", "c"])


def test_closed_form_grades():
    """Min-max values x = (0, 1, 0.5), y = (1, 0, 0.5); ideal (1, 1); D in {0, 0.5, 1}, D_min 0,
    D_max 1, rho 0.5: xi = 0.5 / (D + 0.5) = 1, 1/2, 1/3. Exact fractions, tolerance 1e-12."""
    r = grey_relational(SMALL, None, "benefit")
    assert r.grade.to_numpy() == pytest.approx([2 / 3, 2 / 3, 1 / 2], abs=1e-12)
    assert r.table["rank"].tolist() == [1, 1, 3]
    w = grey_relational(SMALL, {"y": 0.3, "x": 0.7}, "benefit")
    assert w.grade.to_numpy() == pytest.approx([0.7 / 3 + 0.3, 0.7 + 0.3 / 3, 0.5], abs=1e-12)
    coeff = r.extra["coefficients"]
    assert coeff.loc["a"].tolist() == pytest.approx([1 / 3, 1.0])
    assert r.extra["delta_min"] == 0 and r.extra["delta_max"] == 1
    assert r.meta["conventions"]["grade"] == "equal weights"
    assert w.meta["conventions"]["grade"] == "weighted"


def test_cost_direction_takes_the_minimum_as_ideal():
    r = grey_relational(SMALL, None, ["benefit", "cost"])
    # x: a worst; y as cost: b (2) best, a (4) worst -> a is worst on both
    assert r.grade["a"] == pytest.approx(1 / 3) and r.grade["b"] == pytest.approx(1.0)
    assert r.extra["reference"].tolist() == [1.0, 0.0]


def test_rho_changes_the_spread():
    """rho = 1: xi = 1 / (D + 1); a smaller rho separates the alternatives more."""
    r1 = grey_relational(SMALL, None, "benefit", rho=1.0)
    assert r1.grade.to_numpy() == pytest.approx([0.75, 0.75, 2 / 3])
    r02 = grey_relational(SMALL, None, "benefit", rho=0.2)
    assert r02.grade["a"] - r02.grade["c"] > r1.grade["a"] - r1.grade["c"]


@pytest.mark.parametrize("rho", [0.3, 0.5, 1.0])
def test_matches_greytheory(rho):
    """greytheory 2.0.5 ``grey_relation`` (normalize='none', global D_min/D_max, weights
    normalised to sum 1) on our min-max matrix and ideal reference. Tolerance 1e-12."""
    from greytheory.analysis.gra import grey_relation

    w = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
    r = grey_relational(FIGHTER, w, FIGHTER_DIRS, rho=rho)
    peer, coeff = grey_relation(r.extra["reference"].to_numpy(), r.extra["normalised"].to_numpy(),
                                rho, "none", w, return_coefficients=True)
    assert r.grade.to_numpy() == pytest.approx(peer, abs=1e-12)
    assert r.extra["coefficients"].to_numpy() == pytest.approx(coeff, abs=1e-12)


def test_given_reference():
    ideal_raw = {"manoeuvre": 9, "speed": 2.5, "range": 2700, "payload": 21000, "cost": 4.5,
                 "reliability": 7}
    a = grey_relational(FIGHTER, None, FIGHTER_DIRS)
    b = grey_relational(FIGHTER, None, FIGHTER_DIRS, reference=ideal_raw)
    assert b.grade.to_numpy() == pytest.approx(a.grade.to_numpy(), abs=1e-12)
    assert b.meta["conventions"]["reference"] == "given"
    ref = np.array([3.0, 3000, 22000, 4.0, 9, 10])  # beyond the best value everywhere
    beyond = grey_relational(FIGHTER, None, FIGHTER_DIRS, reference=ref)
    X = FIGHTER.to_numpy()
    lo, span = X.min(0), np.ptp(X, axis=0)
    D = np.abs((ref - lo) / span - (X - lo) / span)
    xi = (D.min() + 0.5 * D.max()) / (D + 0.5 * D.max())
    assert beyond.grade.to_numpy() == pytest.approx(xi.mean(axis=1), abs=1e-12)
    assert beyond.extra["delta_min"] == pytest.approx(D.min()) and D.min() > 0


def test_mean_normalisation():
    r = grey_relational(SMALL, None, "benefit", normalisation="mean")
    # x / 2 = (0.5, 1.5, 1), y / 3 = (4/3, 2/3, 1); ideal (1.5, 4/3)
    D = np.array([[1.0, 0.0], [0.0, 2 / 3], [0.5, 1 / 3]])
    xi = 0.5 / (D + 0.5)
    assert r.grade.to_numpy() == pytest.approx(xi.mean(axis=1), abs=1e-12)


def test_constant_criterion_warns_with_coefficient_one():
    with pytest.warns(DataQualityWarning, match="grey relational analysis: criteria \\['z=2'\\]"):
        r = grey_relational(SMALL.assign(z=2.0), None, "benefit")
    assert (r.extra["coefficients"]["z"] == 1).all()


def test_errors():
    for rho in (0, 1.5, np.nan):
        with pytest.raises(InputError, match="outside \\(0, 1\\]"):
            grey_relational(SMALL, None, "benefit", rho=rho)
    with pytest.raises(InputError, match="unknown normalisation 'zscore'"):
        grey_relational(SMALL, None, "benefit", normalisation="zscore")
    with pytest.raises(InputError, match="non-positive mean"):
        grey_relational(SMALL.assign(x=[-5.0, 1.0, 1.0]), None, "benefit", normalisation="mean")
    with pytest.raises(InputError, match="directions are required"):
        grey_relational(SMALL)
    with pytest.raises(InputError, match="unknown reference 'best'"):
        grey_relational(SMALL, None, "benefit", reference="best")
    with pytest.raises(InputError, match="1 reference for 2 criteria"):
        grey_relational(SMALL, None, "benefit", reference=[1.0])
    with pytest.raises(InputError, match="reference values are not numbers"):
        grey_relational(SMALL, None, "benefit", reference=["a", "b"])
    with pytest.raises(InputError, match="reference has missing"):
        grey_relational(SMALL, None, "benefit", reference=[1.0, np.nan])


matrices = arrays(np.float64, st.tuples(st.integers(2, 7), st.integers(1, 4)),
                  elements=st.floats(-100, 100, allow_nan=False, allow_subnormal=False))


@settings(max_examples=80, deadline=None)
@given(X=matrices, data=st.data())
def test_properties(X, data):
    """Grades in (0, 1]; permuting alternatives permutes grades; grades do not decrease as rho
    grows."""
    if not (np.ptp(X, axis=0) > 1e-6).all():
        return
    n = X.shape[1]
    benefit = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    r = grey_relational(X, None, benefit)
    g = r.grade.to_numpy()
    assert ((g > 0) & (g <= 1 + 1e-12)).all()
    perm = np.array(data.draw(st.permutations(range(X.shape[0]))))
    assert grey_relational(X[perm], None, benefit).grade.to_numpy() == pytest.approx(g[perm])
    Xn, ref = r.extra["normalised"].to_numpy(), r.extra["reference"].to_numpy()
    w = np.full(n, 1 / n)
    lo, hi = sorted(data.draw(st.lists(st.floats(0.01, 1), min_size=2, max_size=2)))
    assert (grey_relational_kernel(Xn, ref, w, lo)[0]
            <= grey_relational_kernel(Xn, ref, w, hi)[0] + 1e-12).all()
    assert isinstance(r, GreyRelationalResult)
