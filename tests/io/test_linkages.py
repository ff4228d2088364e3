"""Linkages: Rasmussen indices on Miller & Blair's 2x2 example, weighted forms, Ghosh basis
against an explicit Ghosh inverse, coefficients of variation, key-sector classes, errors, and
the NBS 2017 table."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError, ValidationError
from revitalize.io.coefficients import coefficients
from revitalize.io.linkages import (
    KEY_SECTOR_CLASSES,
    coefficient_of_variation,
    ghosh_row_moments,
    key_sector_class,
    leontief_moments,
    linkages,
)
from revitalize.io.multipliers import leontief_model
from tests.io.fixtures import miller_blair_2x2

CODES = ["01", "02"]


def random_table(n: int, seed: int):
    """A productive n-sector table (rows balanced by construction), labelled like the NBS."""
    rng = np.random.default_rng(seed)
    codes = [f"{i + 1:02d}" for i in range(n)]
    Z = rng.uniform(0, 10, (n, n))
    f = rng.uniform(5, 50, n)
    x = Z.sum(axis=1) + f
    va = x - Z.sum(axis=0)
    return miller_blair_2x2(
        sectors=pd.DataFrame({"name_cn": codes, "name_en": codes}, index=pd.Index(codes, name="code")),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=pd.DataFrame({"FU201": f}, index=codes), imports=pd.DataFrame(index=codes),
        other=pd.Series(0.0, index=codes), value_added=pd.DataFrame([va], index=["VA004"], columns=codes),
        output=pd.Series(x, index=codes), total_input=pd.Series(x, index=codes))


def test_rasmussen_on_miller_blair_2x2():
    """Miller & Blair (2009) section 2.3, L = [[1.2541, .3300], [.2640, 1.1221]] (printed, 4 dp):
    column sums 1.5181, 1.4521 (mean 1.4851) -> influence 1.0222, 0.9778; row sums 1.5841,
    1.3861 (mean 1.4851) -> sensitivity 1.0667, 0.9333 (computed by hand; tolerance 2e-4)."""
    r = linkages(miller_blair_2x2(), technology="total")
    t = r.table
    np.testing.assert_allclose(t["influence_coefficient"], [1.0222, 0.9778], atol=2e-4)
    np.testing.assert_allclose(t["sensitivity_coefficient"], [1.0667, 0.9333], atol=2e-4)
    np.testing.assert_allclose(t["output_multiplier"], [1.5181, 1.4521], atol=2e-4)
    assert list(t["key_sector_class"]) == ["key", "weak"]
    assert r.meta["conventions"]["forward"] == "leontief"
    assert r.meta["conventions"]["influence_weights"] == "none"


def test_unweighted_coefficients_average_one_and_cv_matches_numpy():
    t = random_table(12, 7)
    r = linkages(t, technology="total")
    L = r.extra["L"].to_numpy()
    assert r.table["influence_coefficient"].mean() == pytest.approx(1.0, rel=1e-12)
    assert r.table["sensitivity_coefficient"].mean() == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(r.table["influence_cv"], L.std(axis=0, ddof=1) / L.mean(axis=0),
                               rtol=1e-10)
    np.testing.assert_allclose(r.table["sensitivity_cv"], L.std(axis=1, ddof=1) / L.mean(axis=1),
                               rtol=1e-10)


def test_ghosh_basis_matches_explicit_ghosh_inverse():
    t = random_table(9, 11)
    G = coefficients(t, technology="total").G.to_numpy()
    r = linkages(t, technology="total", forward="ghosh")
    np.testing.assert_allclose(r.table["forward_linkage"], G.sum(axis=1), rtol=1e-10)
    np.testing.assert_allclose(r.table["sensitivity_coefficient"],
                               G.sum(axis=1) / G.sum(axis=1).mean(), rtol=1e-10)
    np.testing.assert_allclose(r.table["sensitivity_cv"], G.std(axis=1, ddof=1) / G.mean(axis=1),
                               rtol=1e-10)
    assert r.meta["conventions"]["forward_linkage"].startswith("row sums of G")


def test_weighted_forms_have_weighted_mean_one():
    """刘起运 (2002) form: influence weighted by final-demand shares, sensitivity from the Ghosh
    inverse weighted by value-added shares; Miller & Blair 2x2: y = [350, 1700]."""
    t = miller_blair_2x2()
    r = linkages(t, technology="total", influence_weights="final_demand", forward="ghosh",
                 sensitivity_weights="value_added")
    w = np.array([350.0, 1700.0]) / 2050.0
    col = r.table["output_multiplier"].to_numpy()
    np.testing.assert_allclose(r.table["influence_coefficient"], col / (w @ col), rtol=1e-12)
    v = np.array([650.0, 1400.0]) / 2050.0
    assert v @ r.table["sensitivity_coefficient"].to_numpy() == pytest.approx(1.0, rel=1e-12)
    out = linkages(t, technology="total", influence_weights="output", sensitivity_weights="output")
    xw = np.array([1000.0, 2000.0]) / 3000.0
    assert xw @ out.table["influence_coefficient"].to_numpy() == pytest.approx(1.0, rel=1e-12)
    assert out.extra["influence_weights"].sum() == pytest.approx(1.0)


def test_key_sector_classes_strictly_above_one():
    got = key_sector_class(np.array([1.2, 1.2, 0.9, 1.0]), np.array([1.1, 0.8, 1.3, 1.0]))
    assert list(got) == ["key", "backward_oriented", "forward_oriented", "weak"]
    assert set(KEY_SECTOR_CLASSES) == {"key", "backward_oriented", "forward_oriented", "weak"}
    assert linkages(random_table(5, 2), technology="total").key_sectors()["key_sector_class"].eq("key").all()


def test_kernels_blocked_sums_agree_with_plain_numpy(monkeypatch):
    import revitalize.io.linkages as mod

    monkeypatch.setattr(mod, "_BLOCK", 3)  # several blocks on a small matrix
    rng = np.random.default_rng(5)
    L = np.eye(8) + rng.uniform(0, 0.2, (8, 8))
    x = rng.uniform(1, 9, 8)
    m = leontief_moments(L)
    np.testing.assert_allclose(m["col_sq"], (L ** 2).sum(axis=0))
    np.testing.assert_allclose(m["row_sq"], (L ** 2).sum(axis=1))
    G = L * x[None, :] / x[:, None]
    row, row_sq = ghosh_row_moments(L, x)
    np.testing.assert_allclose(row, G.sum(axis=1))
    np.testing.assert_allclose(row_sq, (G ** 2).sum(axis=1))
    np.testing.assert_allclose(coefficient_of_variation(L.sum(0), m["col_sq"], 8),
                               L.std(axis=0, ddof=1) / L.mean(axis=0))


def test_zero_output_sector_has_unit_ghosh_row():
    t = miller_blair_2x2(output=pd.Series([1000.0, 0.0], index=CODES),
                         Z=pd.DataFrame([[150.0, 0.0], [0.0, 0.0]], index=CODES, columns=CODES))
    with pytest.warns(Warning, match="zero coefficient columns"):
        r = linkages(t, technology="total", zero_output="zero", forward="ghosh")
    assert r.table.loc["02", "forward_linkage"] == 1.0
    assert r.table.loc["02", "output_multiplier"] == 1.0


def test_errors_and_warnings():
    t = miller_blair_2x2()
    with pytest.raises(InputError, match="unknown forward"):
        linkages(t, forward="hirschman")
    with pytest.raises(InputError, match="unknown influence_weights"):
        linkages(t, influence_weights="employment")
    neg = miller_blair_2x2(final_demand=pd.DataFrame({"FU201": [-50.0, 1700.0]}, index=CODES),
                           Z=pd.DataFrame([[550.0, 500.0], [200.0, 100.0]], index=CODES, columns=CODES),
                           value_added=pd.DataFrame([[250.0, 1400.0]], index=["VA001"], columns=CODES))
    with pytest.warns(DataQualityWarning, match=r"negative weights for sectors \['01'\]"):
        linkages(neg, technology="total", influence_weights="final_demand")
    zero_va = miller_blair_2x2(value_added=pd.DataFrame([[0.0, 0.0]], index=["VA001"], columns=CODES))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValidationError, match="value_added weights sum to 0"):
            linkages(zero_va, technology="total", sensitivity_weights="value_added")
    with pytest.raises(ValidationError, match="negative intermediate flows beyond 0.05"):
        linkages(miller_blair_2x2(Z=pd.DataFrame([[150.0, 500.0], [-100.0, 100.0]], index=CODES,
                                                 columns=CODES)), technology="total")


def test_non_positive_weighted_mean_raises():
    """Weights with a negative share can make the weighted mean of the sums <= 0: refused."""
    from revitalize.io.linkages import _index

    with pytest.raises(ValidationError, match="weighted mean of the linkages is -1"):
        _index(np.array([1.0, 3.0]), np.array([2.0, -1.0]), "influence_weights", "t")


def test_nbs_2017_top_sectors_match_the_provenance_check(shared_data):
    """shared/data/cn_io_nbs/PROVENANCE.md (independent check on the 2017 42-sector domestic A):
    highest influence: textiles/apparel, repair services, construction, machinery; highest
    sensitivity: chemicals, metal smelting, wholesale/retail, electricity."""
    from revitalize.data.readers import read_nbs_io

    t = read_nbs_io(shared_data / "cn_io_nbs/cn_io_2017_42_noncomp.csv")
    model = leontief_model(t)
    r = linkages(model)
    top_inf = set(r.table["influence_coefficient"].nlargest(6).index)
    top_sens = set(r.table["sensitivity_coefficient"].nlargest(6).index)
    assert {"07", "08", "23", "27"} <= top_inf
    assert {"12", "14", "28", "24"} <= top_sens
    assert r.table["influence_coefficient"].mean() == pytest.approx(1.0, rel=1e-12)
    assert set(r.table["key_sector_class"]) == set(KEY_SECTOR_CLASSES)
    ghosh = linkages(model, forward="ghosh")
    assert ghosh.extra["L"] is not r.extra["L"] and np.shares_memory(
        ghosh.extra["L"].to_numpy(), model.L)  # one L for both
