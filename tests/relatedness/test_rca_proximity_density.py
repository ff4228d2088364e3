"""RCA, proximity and density: hand-worked values, identities and error paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import InputError
from revitalize.relatedness import density, proximity, rca

NESTED = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["c1", "c2", "c3"],
                      columns=["p1", "p2", "p3"], dtype=float)


def test_rca_hand_worked():
    # Balassa (1965) ratio by hand: totals rows (10, 10), columns (12, 8), grand 20.
    X = pd.DataFrame([[8.0, 2.0], [4.0, 6.0]], index=["A", "B"], columns=["x", "y"])
    r = rca(X)
    np.testing.assert_allclose(r.table.to_numpy(), [[0.8 / 0.6, 0.2 / 0.4],
                                                    [0.4 / 0.6, 0.6 / 0.4]], rtol=1e-15)
    assert r.specialisation.to_dict() == {"x": {"A": 1.0, "B": 0.0}, "y": {"A": 0.0, "B": 1.0}}
    assert r.meta["conventions"] == {"reference": "matrix_total", "threshold": 1.0}


def test_proximity_hand_worked():
    # C = M'M = [[3,2,1],[2,2,1],[1,1,1]], ubiquity (3,2,1).
    phi = proximity(NESTED).table.to_numpy()
    np.testing.assert_allclose(phi, [[1, 2 / 3, 1 / 3], [2 / 3, 1, 1 / 2], [1 / 3, 1 / 2, 1]])
    cos = proximity(NESTED, measure="cosine").table.to_numpy()
    assert cos[0, 1] == pytest.approx(2 / np.sqrt(6))
    assoc = proximity(NESTED, measure="association").table.to_numpy()
    assert assoc[0, 2] == pytest.approx(3 * 1 / 3)


def test_density_hand_worked():
    # c3 specialises in p1 only: density of p2 = phi_12 / (phi_12 + phi_22 + phi_32)
    # = (2/3) / (2/3 + 1 + 1/2) = 4/13.
    d = density(NESTED).table
    assert d.loc["c3", "p2"] == pytest.approx(4 / 13, rel=1e-14)
    d2 = density(NESTED, exclude_self=True).table
    assert d2.loc["c3", "p2"] == pytest.approx((2 / 3) / (2 / 3 + 1 / 2))


@settings(max_examples=50, deadline=None)
@given(arrays(float, (6, 5), elements=st.floats(0.01, 1e6)))
def test_rca_identities(X):
    """Share-weighted mean RCA of each industry across regions is 1 (sum_c X_c RCA_cp / X = ...)."""
    frame = pd.DataFrame(X)
    R = rca(frame).table.to_numpy()
    region_share = X.sum(axis=1) / X.sum()
    np.testing.assert_allclose(region_share @ R, np.ones(5), rtol=1e-9)
    M = rca(frame).specialisation.to_numpy()
    assert (R.max(axis=0) >= 1 - 1e-9).all()  # every industry has RCA >= 1 somewhere
    phi = proximity(pd.DataFrame(M)).table.to_numpy()
    np.testing.assert_allclose(phi, phi.T)
    assert (phi >= 0).all() and (phi <= 1 + 1e-12).all()
    dens = density(pd.DataFrame(M)).table.to_numpy()
    assert (dens >= -1e-12).all() and (dens <= 1 + 1e-12).all()


@pytest.mark.parametrize("bad, match", [
    (pd.DataFrame([[1.0, -1.0], [1.0, 1.0]]), "negative"),
    (pd.DataFrame([[1.0, np.nan], [1.0, 1.0]]), "missing"),
    (pd.DataFrame([[0.0, 0.0], [1.0, 1.0]]), "zero total"),
    (pd.DataFrame([[1.0, 0.0], [1.0, 0.0]]), "zero in every region"),
    (pd.DataFrame([[1.0, 2.0]]), "at least 2"),
    (pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["a", "a"]), "duplicate"),
])
def test_rca_errors(bad, match):
    with pytest.raises(InputError, match=match):
        rca(bad)


def test_threshold_and_measure_errors():
    X = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(InputError, match="threshold"):
        rca(X, threshold=0)
    with pytest.raises(InputError, match="measure"):
        proximity(NESTED, measure="jaccard")
    with pytest.raises(InputError, match="not 0 or 1"):
        proximity(X)


def test_density_with_given_proximity_checks_labels():
    phi = proximity(NESTED).table
    same = density(NESTED, proximity_matrix=phi.loc[::-1, ::-1]).table
    pd.testing.assert_frame_equal(same, density(NESTED).table)
    with pytest.raises(InputError, match="lacks industries"):
        density(NESTED, proximity_matrix=phi.drop(index="p3", columns="p3"))
