"""Entry prediction (AUC), opportunities, and the real provincial matrices."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.relatedness import (
    auc_kernel,
    entry_prediction,
    opportunities,
    read_industry_matrices,
)
from revitalize.relatedness.validation import logit_irls


def test_auc_hand_worked():
    # Hanley & McNeil (1982) definition by hand: entries scores {3, 2}, non-entries {1, 2, 0}:
    # pairs (3>1,3>2,3>0, 2>1, 2=2 half, 2>0) = 5.5 of 6.
    auc, se = auc_kernel(np.array([3, 2, 1, 2, 0]), np.array([1, 1, 0, 0, 0]))
    assert auc == pytest.approx(5.5 / 6)
    assert 0 < se < 0.5
    assert np.isnan(auc_kernel(np.array([1.0, 2.0]), np.array([0, 0]))[0])


def test_auc_against_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    s = rng.integers(0, 5, 300).astype(float)
    y = rng.random(300) < 0.3
    assert auc_kernel(s, y)[0] == pytest.approx(metrics.roc_auc_score(y, s), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_auc_symmetry(seed):
    rng = np.random.default_rng(seed)
    s = rng.normal(size=50)
    y = np.arange(50) < 10
    assert auc_kernel(s, y)[0] + auc_kernel(-s, y)[0] == pytest.approx(1.0)


def test_logit_irls_recovers_coefficients():
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(20_000), rng.normal(size=20_000)])
    y = rng.random(20_000) < 1 / (1 + np.exp(-(X @ [-1.0, 2.0])))
    np.testing.assert_allclose(logit_irls(X, y), [-1.0, 2.0], atol=0.08)


def _panel(seed=0, years=(2000, 2005, 2010)):
    rng = np.random.default_rng(seed)
    base = rng.gamma(1.0, 1.0, size=(12, 10))
    out = {}
    for k, y in enumerate(years):
        out[y] = pd.DataFrame(base * rng.lognormal(0, 0.4 * (k + 1), size=base.shape),
                              index=[f"r{i}" for i in range(12)],
                              columns=[f"i{j}" for j in range(10)])
    return out


def test_entry_prediction_table_shape_and_conventions():
    res = entry_prediction(_panel())
    t = res.table
    assert set(t["transition"]) == {"2000->2005", "2005->2010", "pooled"}
    assert set(t["predictor"]) >= {"density", "ubiquity", "rca", "constant", "logit_density"}
    assert (t.loc[t["predictor"] == "constant", "auc"] == 0.5).all()
    pooled = t[(t["transition"] == "pooled") & (t["predictor"] == "density")].iloc[0]
    per = t[(t["transition"] != "pooled") & (t["predictor"] == "density")]
    assert pooled["candidates"] == per["candidates"].sum()
    assert res.meta["conventions"]["candidate_threshold"] == 1.0
    cells = res.extra["candidates"]
    assert len(cells) == pooled["candidates"]
    assert res.auc("density") == pytest.approx(pooled["auc"])


def test_entry_prediction_errors():
    p = _panel()
    with pytest.raises(InputError, match="two years"):
        entry_prediction({2000: p[2000]})
    q = dict(p)
    q[2010] = q[2010].drop(columns="i0")
    with pytest.raises(InputError, match="other regions or industries"):
        entry_prediction(q)


def test_entry_prediction_warns_without_entries():
    X = _panel()[2000]
    with pytest.warns(DataQualityWarning, match="AUC undefined"):
        res = entry_prediction({2000: X, 2005: X})  # nothing changes: no entry
    assert np.isnan(res.auc("density", "2000->2005"))


def test_opportunities_ranks_candidates_only():
    X = _panel()[2000]
    X.index = ["210000", "220000", "230000"] + [f"r{i}" for i in range(3, 12)]
    res = opportunities(X)
    t = res.table
    assert set(t["region"]) == {"210000", "220000", "230000"}
    assert (t["rca"] < 1).all()
    for _, g in t.groupby("region"):
        assert list(g["rank"]) == list(range(1, len(g) + 1))
        assert g["score"].is_monotonic_decreasing
    only_density = opportunities(X, density_weight=1.0).table
    g = only_density[only_density["region"] == "210000"]
    assert g["density"].is_monotonic_decreasing
    with pytest.raises(UnknownLabelError):
        opportunities(X, regions=["Beijing"])
    with pytest.raises(InputError, match="density_weight"):
        opportunities(X, density_weight=2)


@pytest.fixture(scope="module")
def provincial(shared_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_industry_matrices(shared_data / "cn_io_provincial",
                                      years=(2002, 2007, 2012, 2017))


@pytest.mark.shared_data
def test_real_matrices_reconciled_by_name(provincial, shared_data):
    m = provincial.matrices
    assert {y: f.shape for y, f in m.items()} == dict.fromkeys((2002, 2007, 2012, 2017), (30, 21))
    assert "16+17" in provincial.extra["industries"].index  # 2002/2007 lists merge them
    assert provincial.meta["conventions"]["scope"] == "goods"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        every = read_industry_matrices(shared_data / "cn_io_provincial", scope="all")
    assert every.matrices[2017].shape == (30, 38)
    ind = every.extra["industries"]
    assert "35+36" in ind.index  # R&D and technical services: one sector in 2012
    assert every.meta["absent_industries"] == ["23"]  # repair: only a part before 2012
    assert every.meta["dropped_regions"] == ["540000"]  # Tibet: no 2002/2007 table
    assert every.meta["conventions"]["reconcile"] == "merge_components"


@pytest.mark.shared_data
def test_real_goods_complexity_orders_manufacturing_above_mining(provincial):
    """On goods, PCI puts electronics (20) above coal mining (02) in every year -- the ordering
    of the complexity literature (Hidalgo & Hausmann 2009)."""
    from revitalize.relatedness import complexity, rca

    for m in provincial.matrices.values():
        pci = complexity(rca(m).specialisation).pci
        assert pci["20"] > pci["02"]


@pytest.mark.shared_data
def test_real_entry_prediction_density_beats_constant(provincial):
    res = entry_prediction(provincial.matrices)
    assert res.auc("density") > 0.6  # goods: 0.640 pooled 2002->2017 (2026-12 data)
    assert res.auc("density") > res.auc("constant")


@pytest.mark.shared_data
def test_real_opportunities_northeast(provincial):
    res = opportunities(provincial.matrices[2017],
                        industry_names=provincial.extra["industries"])
    assert set(res.table["region"]) == {"210000", "220000", "230000"}
    assert {"name_cn", "name_en"} <= set(res.table.columns)


@pytest.mark.shared_data
def test_1997_reconciles_with_the_42_sector_years(shared_data):
    """1997's 38-sector list is linked to 2002's: the five benchmark years reconcile on fewer,
    coarser industries, and the regions refused in 1997 (Liaoning, Sichuan) and absent
    (Hainan, Tibet) leave the common set."""
    im = read_industry_matrices(shared_data / "cn_io_provincial",
                                years=(1997, 2002, 2007, 2012, 2017))
    assert sorted(im.matrices) == [1997, 2002, 2007, 2012, 2017]
    assert {"210000", "510000", "460000", "540000"} <= set(im.meta["dropped_regions"])
    assert len(next(iter(im.matrices.values()))) == 27
    later = read_industry_matrices(shared_data / "cn_io_provincial")
    # the goods (the default scope) reconcile as before (21 industries); the 1997 merges are in
    # services (post + telecommunications, research + technical services...)
    assert len(im.extra["industries"]) == len(later.extra["industries"]) == 21
    every = read_industry_matrices(shared_data / "cn_io_provincial", scope="all",
                                   years=(1997, 2002, 2007, 2012, 2017))
    assert len(every.extra["industries"]) < len(
        read_industry_matrices(shared_data / "cn_io_provincial", scope="all").extra["industries"])
    res = entry_prediction(im.matrices)
    assert res.auc("density") > res.auc("ubiquity") > 0.5  # 0.654 vs 0.582 pooled (2026-12)
    with pytest.raises(InputError, match="no concordance"):
        read_industry_matrices(shared_data / "cn_io_provincial", years=(1995, 2002))


def test_rounding_noise_set_to_zero_with_warning():
    from revitalize.relatedness.matrix import _zero_noise

    m = pd.DataFrame([[1.0, -0.0003], [2.0, -5.0]], index=["a", "b"], columns=["01", "02"])
    with pytest.warns(DataQualityWarning, match="a/02"):
        out = _zero_noise(m, 2002, 1.0)
    assert out.loc["a", "02"] == 0.0 and out.loc["b", "02"] == -5.0  # beyond tolerance: kept
