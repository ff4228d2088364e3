"""Coefficients and inverses: Miller & Blair's 2x2 example, identities, productivity checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import BalanceWarning, ValidationError
from revitalize.io.coefficients import coefficients, domestic_flows, spectral_radius
from tests.io.fixtures import miller_blair_2x2


def test_miller_blair_section_2_3_to_printed_precision():
    """Miller & Blair (2009) section 2.3: A = [[.15, .25], [.20, .05]],
    L = [[1.2541, 0.3300], [0.2640, 1.1221]] (printed to 4 decimals)."""
    r = coefficients(miller_blair_2x2(), technology="total")
    np.testing.assert_allclose(r.A.to_numpy(), [[0.15, 0.25], [0.20, 0.05]], atol=1e-12)
    np.testing.assert_allclose(r.L.to_numpy(), [[1.2541, 0.3300], [0.2640, 1.1221]], atol=5e-5)
    assert list(r.L.index) == ["01", "02"] and r.to_frame().loc["01", "name"] == "Agriculture"
    assert r.meta["conventions"]["technology"] == "total"


def test_identities_l_times_i_minus_a_and_x_equals_lf():
    t = miller_blair_2x2()
    r = coefficients(t, technology="total")
    A, L = r.A.to_numpy(), r.L.to_numpy()
    np.testing.assert_allclose(L @ (np.eye(2) - A), np.eye(2), atol=1e-12)
    f = t.final_demand.sum(axis=1).to_numpy()
    np.testing.assert_allclose(L @ f, t.output.to_numpy(), rtol=1e-12)
    B, G = r.B.to_numpy(), r.G.to_numpy()
    v = t.value_added.sum(axis=0).to_numpy()
    np.testing.assert_allclose(v @ G, t.output.to_numpy(), rtol=1e-12)  # x' = v' G
    np.testing.assert_allclose(G @ (np.eye(2) - B), np.eye(2), atol=1e-12)


def test_unproductive_table_raises():
    codes = ["01", "02"]
    Z = pd.DataFrame([[600.0, 1500.0], [500.0, 900.0]], index=codes, columns=codes)
    t = miller_blair_2x2(Z=Z, final_demand=pd.DataFrame({"FU201": [-1100.0, 600.0]}, index=codes),
                         value_added=pd.DataFrame([[-100.0, -400.0]], index=["VA001"], columns=codes))
    with pytest.raises(ValidationError, match="spectral radius"):
        coefficients(t, technology="total")


def test_zero_output_raises_or_zeroes_with_warning():
    codes = ["01", "02"]
    t = miller_blair_2x2(
        Z=pd.DataFrame([[150.0, 0.0], [200.0, 0.0]], index=codes, columns=codes),
        final_demand=pd.DataFrame({"FU201": [850.0, -200.0]}, index=codes),
        value_added=pd.DataFrame([[650.0, 0.0]], index=["VA001"], columns=codes),
        output=pd.Series([1000.0, 0.0], index=codes), total_input=pd.Series([1000.0, 0.0], index=codes))
    with pytest.raises(ValidationError, match=r"sectors \['02'\] have zero"):
        coefficients(t, zero_output="raise")
    with pytest.warns(BalanceWarning, match="zero coefficient columns"):
        r = coefficients(t, zero_output="zero", technology="total")
    assert r.A["02"].eq(0).all()


def test_domestic_flows_import_proportionality():
    Z = np.array([[10.0, 20.0], [5.0, 5.0]])
    out = domestic_flows(Z, x=np.array([100.0, 50.0]), m=np.array([25.0, 0.0]), e=np.array([25.0, 0.0]),
                         basis="use")
    np.testing.assert_allclose(out, [[7.5, 15.0], [5.0, 5.0]])  # s_1 = 25 / 100


def test_spectral_radius_matches_eigvals():
    rng = np.random.default_rng(1)
    A = rng.uniform(0, 0.02, (40, 40))
    assert spectral_radius(A) == pytest.approx(np.max(np.abs(np.linalg.eigvals(A))), rel=1e-9)
