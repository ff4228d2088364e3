"""SDA on a published worked example: Miller & Blair (2009), *Input-Output Analysis*, 2nd ed.,
section 13.1, the three-sector economy in two periods (equations 13.3-13.7; 3rd ed. 2022: eqs.
8.3-8.7 and Table 8.1, p. 351).

Inputs and results as transcribed by the Leiden CML course "Advanced EEIO"
(github.com/CMLPlatform/advanced_EEIO_course_student_version,
``structural_decomposition_analysis/structural_decomposition.ipynb``, commit 5c0c8c5d); the book
page itself was not consulted. The values, their provenance and a plain-numpy script that
recomputes them are in ``tests/io/reference/sda_miller_blair_ch13.{csv,py}``.

Tolerance: 1e-6 absolute (the transcription has six decimals); the identities to 1e-12.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revitalize.io.sda import decompose, sda_factors, structural_decomposition
from tests.io.fixtures import miller_blair_2x2

REF = pd.read_csv(Path(__file__).parent / "reference" / "sda_miller_blair_ch13.csv",
                  dtype={"equation": str})
Z0 = [[10, 20, 25], [15, 5, 30], [30, 40, 5]]
Y0 = [45, 30, 25]
Z1 = [[12, 15, 35], [24, 11, 30], [36, 50, 8]]
Y1 = [50, 35, 26]
TOL = 1e-6


def _table(Z, y, year):
    codes = ["01", "02", "03"]
    Z = pd.DataFrame(np.asarray(Z, float), index=codes, columns=codes)
    x = Z.sum(axis=1) + np.asarray(y, float)
    va = x - Z.sum(axis=0)
    return miller_blair_2x2(
        sectors=pd.DataFrame({"name_cn": codes, "name_en": codes},
                             index=pd.Index(codes, name="code")),
        Z=Z, final_demand=pd.DataFrame({"FU201": np.asarray(y, float)}, index=codes),
        imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
        value_added=pd.DataFrame([va.to_numpy()], index=["VA001"], columns=codes),
        output=x, total_input=x.copy(), year=year)


def _ref(eq: str, col: str) -> np.ndarray:
    return REF.loc[REF["equation"] == eq, col].to_numpy(float)


@pytest.fixture(scope="module")
def tables():
    return _table(Z0, Y0, 2000), _table(Z1, Y1, 2005)


@pytest.fixture(scope="module")
def factors(tables):
    out = []
    for t in tables:
        _, L, s, f = sda_factors(t.Z.to_numpy(), t.output.to_numpy(),
                                 t.total_value_added().to_numpy())
        out.append((L, s * f))
    return out


def test_output_change_is_the_printed_one(tables):
    res = structural_decomposition(*tables)
    out = res.table[res.table["quantity"] == "output"]
    np.testing.assert_allclose(out["change"], [12.0, 20.0, 20.0], rtol=1e-12)


def test_polar_average_is_equation_13_7(tables):
    """The average of the two polar forms over (L, s, f): technology ``0.5 dL (y0 + y1)`` and
    final demand (structure + level) ``0.5 (L0 + L1) dy`` -- eq. 13.7."""
    res = structural_decomposition(*tables, method="polar_average")
    out = res.table[res.table["quantity"] == "output"]
    np.testing.assert_allclose(out["technology"], _ref("13.7", "technology"), atol=TOL)
    demand = out["final_demand_structure"] + out["final_demand_level"]
    np.testing.assert_allclose(demand, _ref("13.7", "final_demand"), atol=TOL)
    assert out["technology"].sum() == pytest.approx(19.469766, abs=1e-5)


@pytest.mark.parametrize("method", ["polar_average", "all_orderings"])
def test_two_factor_kernel_is_equation_13_7(factors, method):
    """With two factors (L, y) both methods are eq. 13.7."""
    (L0, y0), (L1, y1) = factors
    parts = decompose(lambda f: f[0] @ f[1], [L0, y0], [L1, y1], method)
    np.testing.assert_allclose(parts[0], _ref("13.7", "technology"), atol=TOL)
    np.testing.assert_allclose(parts[1], _ref("13.7", "final_demand"), atol=TOL)


def test_polar_forms_and_interaction_equations_13_3_to_13_5(factors):
    """The Leontief inverses built by ``sda_factors`` give the printed polar forms."""
    (L0, y0), (L1, y1) = factors
    dL, dy = L1 - L0, y1 - y0
    np.testing.assert_allclose(dL @ y0, _ref("13.3", "technology"), atol=TOL)
    np.testing.assert_allclose(L1 @ dy, _ref("13.3", "final_demand"), atol=TOL)
    np.testing.assert_allclose(dL @ y1, _ref("13.4", "technology"), atol=TOL)
    np.testing.assert_allclose(L0 @ dy, _ref("13.4", "final_demand"), atol=TOL)
    np.testing.assert_allclose(dL @ dy, _ref("13.5", "interaction"), atol=TOL)


@pytest.mark.parametrize("method", ["polar_average", "all_orderings"])
def test_parts_sum_to_the_change(tables, method):
    res = structural_decomposition(*tables, method=method)
    t = res.table
    for q in ("output", "value_added"):
        part = t[t["quantity"] == q]
        cols = ["technology", "final_demand_structure", "final_demand_level"]
        if q == "value_added":
            cols.append("value_added_coefficients")
        np.testing.assert_allclose(part[cols].sum(axis=1), part["change"], rtol=1e-12,
                                   atol=1e-12)
