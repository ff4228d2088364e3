"""TOPSIS: Hwang & Yoon's worked example, peers (pymcdm, scikit-criteria), properties, errors,
and entropy + TOPSIS on real provincial data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import DataQualityWarning, InputError
from revitalize.evaluate.topsis import TopsisResult, rank_descending, topsis, topsis_kernel
from revitalize.evaluate.weights import entropy_weights
from tests.evaluate.test_weights import FIGHTER, FIGHTER_DIRS

FIGHTER_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]


def test_hwang_yoon_fighter_example():
    """Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer LNEMS 186, chapter pp.
    58-191, TOPSIS section, fighter-aircraft example: vector normalisation, w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3), cost
    criterion 'acquisition cost'. Relative closeness printed to 3 decimals: C* = 0.643, 0.268,
    0.613, 0.312; order A1 > A3 > A4 > A2. The book works by hand with intermediates rounded to
    4 decimals (exact: 0.6433, 0.2684, 0.6135, 0.3123), so the tolerance is 1e-3."""
    r = topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_DIRS)
    assert r.closeness.to_numpy() == pytest.approx([0.643, 0.268, 0.613, 0.312], abs=1e-3)
    assert r.rank.to_dict() == {"A1": 1, "A3": 2, "A4": 3, "A2": 4}
    # the ideal takes the minimum of the cost criterion, the maximum elsewhere (weighted units)
    norm = np.sqrt((FIGHTER**2).sum())
    assert r.extra["ideal"]["cost"] == pytest.approx(0.1 * 4.5 / norm["cost"])
    assert r.extra["anti_ideal"]["speed"] == pytest.approx(0.2 * 1.8 / norm["speed"])
    d_plus, d_minus = r.extra["distance_to_ideal"], r.extra["distance_to_anti_ideal"]
    assert (d_minus / (d_plus + d_minus)).to_numpy() == pytest.approx(r.closeness.to_numpy())
    assert r.meta["conventions"]["normalisation"] == "vector"
    assert list(r.table.columns) == ["closeness", "rank"] and r.table.index.name == "alternative"


@pytest.mark.parametrize("normalisation, peer_norm", [("vector", "vector_normalization"),
                                                       ("minmax", "minmax_normalization")])
def test_matches_pymcdm(normalisation, peer_norm):
    """pymcdm 1.4 TOPSIS maps cost columns to 1 - r (vector) or (max - x)/(max - min) (min-max)
    and takes the maximum as ideal; a reflection, so the distances equal ours. Tol 1e-12."""
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    types = np.array([1 if d == "benefit" else -1 for d in FIGHTER_DIRS])
    peer = TOPSIS(getattr(normalizations, peer_norm))(FIGHTER.to_numpy(),
                                                       np.array(FIGHTER_WEIGHTS), types)
    ours = topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_DIRS, normalisation=normalisation)
    assert ours.closeness.to_numpy() == pytest.approx(peer, abs=1e-12)


def test_matches_scikit_criteria_on_the_vector_normalised_matrix():
    """scikit-criteria 0.10 ``topsis`` takes a normalised matrix and picks the minimum as ideal
    for cost objectives (as Hwang & Yoon). Tolerance 1e-12."""
    from skcriteria.agg.topsis import topsis as skc_topsis

    X = FIGHTER.to_numpy()
    objectives = np.array([1 if d == "benefit" else -1 for d in FIGHTER_DIRS])
    rank, _, _, similarity = skc_topsis(X / np.sqrt((X**2).sum(0)), objectives,
                                        np.array(FIGHTER_WEIGHTS))
    ours = topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_DIRS)
    assert ours.closeness.to_numpy() == pytest.approx(similarity, abs=1e-12)
    assert ours.rank.tolist() == list(rank)


def test_entropy_weights_feed_topsis():
    w = entropy_weights(FIGHTER, FIGHTER_DIRS)
    r = topsis(FIGHTER, w, FIGHTER_DIRS)
    assert r.extra["weights"].to_numpy() == pytest.approx(w.weights.to_numpy())
    by_label = topsis(FIGHTER, w.weights.iloc[::-1].to_dict(), FIGHTER_DIRS)
    assert by_label.closeness.to_numpy() == pytest.approx(r.closeness.to_numpy())


def test_constant_criterion_warns_and_changes_nothing():
    base = topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_DIRS, normalisation="minmax")
    X = FIGHTER.assign(flat=7.0)
    with pytest.warns(DataQualityWarning, match=r"TOPSIS: criteria \['flat=7'\] are constant"):
        r = topsis(X, [w * 0.9 for w in FIGHTER_WEIGHTS] + [0.1], FIGHTER_DIRS + ["+"],
                   normalisation="minmax")
    assert r.closeness.to_numpy() == pytest.approx(base.closeness.to_numpy(), abs=1e-12)


def test_ties_share_the_smallest_rank():
    assert rank_descending(np.array([0.3, 0.9, 0.3, 0.1])).tolist() == [2, 1, 2, 4]
    X = pd.concat([FIGHTER, FIGHTER.loc[["A1"]].rename(index={"A1": "A1bis"})])
    r = topsis(X, FIGHTER_WEIGHTS, FIGHTER_DIRS)
    assert r.rank["A1"] == r.rank["A1bis"] == 1 and r.rank["A3"] == 3


def test_errors():
    with pytest.raises(InputError, match="unknown normalisation 'sum'"):
        topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_DIRS, normalisation="sum")
    with pytest.raises(InputError, match=r"criteria \['z'\] are zero for every alternative"):
        topsis(FIGHTER.assign(z=0), FIGHTER_WEIGHTS + [0.0], FIGHTER_DIRS + ["+"])
    bad = FIGHTER.copy()
    bad.loc["A2", "cost"] = np.inf
    with pytest.raises(InputError, match=r"\['A2/cost'\]"):
        topsis(bad, FIGHTER_WEIGHTS, FIGHTER_DIRS)
    with pytest.raises(InputError, match="5 weights for 6 criteria"):
        topsis(FIGHTER, FIGHTER_WEIGHTS[:5], FIGHTER_DIRS)
    with pytest.warns(DataQualityWarning, match="weights renormalised"):
        topsis(FIGHTER, [2, 1, 1, 1, 2, 3], FIGHTER_DIRS)


matrices = arrays(np.float64, st.tuples(st.integers(2, 7), st.integers(1, 4)),
                  elements=st.floats(-50, 1e3, allow_nan=False, allow_subnormal=False))


@settings(max_examples=80, deadline=None)
@given(X=matrices, data=st.data())
def test_properties(X, data):
    """Closeness in [0, 1]; permuting alternatives permutes the results; positive rescaling of
    a criterion changes nothing (both normalisations)."""
    spread = np.ptp(X, axis=0) > 1e-3 * (1 + np.abs(X).max(axis=0))
    if not spread.all():
        return
    n = X.shape[1]
    benefit = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(st.floats(0.05, 1), min_size=n, max_size=n)))
    w = w / w.sum()
    norm = data.draw(st.sampled_from(["vector", "minmax"]))
    if norm == "vector" and (np.sqrt((X**2).sum(0)) < 1e-3).any():
        return
    c = topsis_kernel(X, w, benefit, norm)[0]
    assert ((c >= -1e-12) & (c <= 1 + 1e-12)).all()
    perm = np.array(data.draw(st.permutations(range(X.shape[0]))))
    assert topsis_kernel(X[perm], w, benefit, norm)[0] == pytest.approx(c[perm], abs=1e-9)
    scale = np.array(data.draw(st.lists(st.floats(0.1, 100), min_size=n, max_size=n)))
    assert topsis_kernel(X * scale, w, benefit, norm)[0] == pytest.approx(c, abs=1e-9)


def test_kernel_blocks_agree_with_one_pass(monkeypatch):
    import revitalize.evaluate.topsis as mod

    rng = np.random.default_rng(7)
    X = rng.lognormal(size=(1000, 5))
    w, b = np.full(5, 0.2), np.array([True, False, True, True, False])
    one = topsis_kernel(X, w, b)[0]
    monkeypatch.setattr(mod, "_CHUNK", 37)
    assert topsis_kernel(X, w, b)[0] == pytest.approx(one, abs=1e-14)


def test_real_provinces_entropy_topsis(shared_data):
    """31 provinces, 2020: R&D intensity, R&D personnel, local S&T spending (benefit) and the
    share of agriculture-forestry-water spending (treated as cost here, to exercise both
    directions). Our result equals pymcdm's on the same weights and normalisation."""
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    from revitalize.data.readers import read_panel

    panel = read_panel(shared_data / "cn_prov_rd_fiscal" / "cn_prov_rd_fiscal_long.csv")
    cols = {k: panel.wide(k, warn_flags=False).loc[2020] for k in (
        "rd_intensity_pct_gdp", "rd_personnel_fte_total", "local_gov_budget_exp_science_tech",
        "local_gov_budget_exp_agri_forestry_water", "local_gov_budget_exp_total")}
    X = pd.DataFrame(cols).drop(index="000000").dropna()
    X["agri_share"] = X.pop("local_gov_budget_exp_agri_forestry_water") / \
        X.pop("local_gov_budget_exp_total")
    dirs = ["benefit", "benefit", "benefit", "cost"]
    w = entropy_weights(X, dirs)
    r = topsis(X, w, dirs)
    assert len(r.table) == 31 and sorted(r.rank) == list(range(1, 32))
    assert {"210000", "220000", "230000"} <= set(r.table.index)
    peer = TOPSIS(normalizations.vector_normalization)(
        X.to_numpy(), w.weights.to_numpy(), np.array([1, 1, 1, -1]))
    assert r.closeness.to_numpy() == pytest.approx(peer, abs=1e-12)
    # Guangdong leads on R&D personnel and S&T spending; the Northeast sits in the lower half
    assert r.rank["440000"] == 1 and r.rank["110000"] <= 5
    assert min(r.rank[["210000", "220000", "230000"]]) > 15
    assert isinstance(r, TopsisResult)
