"""Multipliers: Miller & Blair's closed 2-sector example, identities, pymrio on the NBS 2017
table, employment labels and every error/warning path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import (
    BalanceWarning,
    DataQualityWarning,
    InputError,
    UnknownLabelError,
    ValidationError,
)
from revitalize.io.coefficients import intermediate_flows
from revitalize.io.multipliers import (
    closed_inverse,
    household_terms,
    leontief_inverse_getri,
    leontief_model,
    multiplier_effects,
    multipliers,
)
from tests.io.fixtures import miller_blair_2x2

CODES = ["01", "02"]
NBS_2017 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"


def households_2x2(**overrides):
    """Miller & Blair's 2x2 table with labour income VA001 = [300, 500] (row coefficients
    .30, .25) and household consumption FU101 = [40, 320] = [.05, .40] x total income 800."""
    fields = dict(
        final_demand=pd.DataFrame({"FU101": [40.0, 320.0], "FU201": [310.0, 1380.0]}, index=CODES),
        value_added=pd.DataFrame([[300.0, 500.0], [350.0, 900.0]], index=["VA001", "VA004"],
                                 columns=CODES))
    fields.update(overrides)
    return miller_blair_2x2(**fields)


# ---------------------------------------------------------------------------- published example
def test_miller_blair_closed_model_to_printed_precision():
    """Miller & Blair, *Input-Output Analysis*: the 2-sector example of section 2.3 closed with
    respect to households (section 2.5; multipliers section 6.2): labour row h_r = [.30, .25],
    consumption column h_c = [.05, .40], households' own purchase .05. Printed to 3 decimals in
    Miller & Blair (1985) and reproduced in MIT OCW 11.481J (2009), lecture 19a, "Total output
    multiplier": Lbar = [[1.365 .425 .251] [.527 1.348 .595] [.570 .489 1.289]], total output
    multipliers (household row included) 2.462 and 2.262; simple ones 1.518 and 1.452.
    Tolerance 5e-4 (half a unit of the printed 3rd decimal)."""
    L = leontief_inverse_getri(np.array([[0.15, 0.25], [0.20, 0.05]]))
    h_r, h_c = np.array([0.30, 0.25]), np.array([0.05, 0.40])
    Lbar = closed_inverse(L, h_r, h_c, h_hh=0.05)
    printed = [[1.365, 0.425, 0.251], [0.527, 1.348, 0.595], [0.570, 0.489, 1.289]]
    np.testing.assert_allclose(Lbar, printed, atol=5e-4)
    np.testing.assert_allclose(Lbar[:, :2].sum(axis=0), [2.462, 2.262], atol=5e-4)
    np.testing.assert_allclose(L.sum(axis=0), [1.518, 1.452], atol=5e-4)
    # Type I / II income multipliers (section 6.2.2) from the printed numbers by hand:
    # simple .30*1.254 + .25*.264 = .442, .30*.330 + .25*1.122 = .380 -> type I .442/.30 = 1.474,
    # .380/.25 = 1.518; total = household row of Lbar .570, .489 -> type II 1.900, 1.956.
    simple = h_r @ L
    np.testing.assert_allclose(simple / h_r, [1.474, 1.518], atol=2e-3)
    np.testing.assert_allclose(Lbar[2, :2] / h_r, [1.900, 1.956], atol=2e-3)


def test_closed_inverse_equals_direct_inverse():
    rng = np.random.default_rng(3)
    A = rng.uniform(0, 0.1, (6, 6))
    h_r, h_c = rng.uniform(0, 0.3, 6), rng.uniform(0, 0.1, 6)
    Abar = np.block([[A, h_c[:, None]], [h_r[None, :], np.array([[0.02]])]])
    L = leontief_inverse_getri(A)
    np.testing.assert_allclose(closed_inverse(L, h_r, h_c, 0.02),
                               np.linalg.inv(np.eye(7) - Abar), rtol=1e-12)


# ---------------------------------------------------------------------------- labelled shell
def test_type_ii_shell_matches_explicit_closed_model_and_parts_add_up():
    t = households_2x2()
    r = multipliers(t, type="II", technology="total")
    Abar = np.array([[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.0]])
    Lbar = np.linalg.inv(np.eye(3) - Abar)
    tab = r.table
    np.testing.assert_allclose(tab["output_multiplier"], Lbar[:2, :2].sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(tab["income_multiplier"], Lbar[2, :2], rtol=1e-12)
    np.testing.assert_allclose(tab["income_ratio"], Lbar[2, :2] / [0.30, 0.25], rtol=1e-12)
    for q in ("output", "value_added", "income"):
        np.testing.assert_allclose(tab[f"{q}_direct"] + tab[f"{q}_indirect"] + tab[f"{q}_induced"],
                                   tab[f"{q}_multiplier"], rtol=1e-13)
    np.testing.assert_allclose(tab["value_added_direct"], [0.65, 0.70])
    assert r.meta["conventions"]["household_columns"] == "FU101"
    assert list(tab.index) == CODES and tab.loc["01", "name"] == "Agriculture"


def test_type_i_has_no_induced_and_equals_k_times_l():
    t = households_2x2()
    r = multipliers(t, type="I", technology="total")
    L = np.linalg.inv(np.eye(2) - np.array([[0.15, 0.25], [0.20, 0.05]]))
    assert "output_induced" not in r.table.columns
    np.testing.assert_allclose(r.table["output_multiplier"], L.sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(r.table["income_multiplier"], np.array([0.3, 0.25]) @ L, rtol=1e-12)
    assert r.meta["conventions"]["type"] == "I" and r.meta["conventions"]["induced"] is None


def test_employment_multiplier_and_labels():
    t = households_2x2()
    emp = pd.Series({"02": 40.0, "01": 10.0})  # order does not matter, labels do
    r = multipliers(t, type="I", technology="total", employment=emp)
    L = np.linalg.inv(np.eye(2) - np.array([[0.15, 0.25], [0.20, 0.05]]))
    e = np.array([10 / 1000, 40 / 2000])
    np.testing.assert_allclose(r.table["employment_multiplier"], e @ L, rtol=1e-12)
    np.testing.assert_allclose(r.table["employment_ratio"], (e @ L) / e, rtol=1e-12)
    assert r.meta["units"]["employment"] == "persons per 10^4 CNY"


@pytest.mark.parametrize("emp, names", [
    (pd.Series({"01": 1.0}), r"missing sectors \['02'\]"),
    (pd.Series({"01": 1.0, "02": 2.0, "99": 3.0}), r"sectors not in the table \['99'\]"),
    (pd.Series({"01": 1.0, "98": 2.0}), r"missing sectors \['02'\].*not in the table \['98'\]"),
])
def test_employment_label_mismatch_names_the_sectors(emp, names):
    with pytest.raises(UnknownLabelError, match=names):
        multipliers(households_2x2(), employment=emp, technology="total")


def test_employment_negative_or_duplicate_refused():
    with pytest.raises(ValidationError, match=r"negative or missing for sectors \['02'\]"):
        multipliers(households_2x2(), employment=pd.Series({"01": 1.0, "02": -2.0}))
    with pytest.raises(InputError, match="duplicate"):
        multipliers(households_2x2(), employment=pd.Series([1.0, 2.0, 3.0], index=["01", "02", "02"]))


def test_domestic_technology_removes_imports_from_consumption():
    """Competitive table with imports m = [100, 0]: s_1 = 100 / (1000 - 0 + 100); household
    consumption of product 1 and row 1 of Z are both scaled by 1 - s_1."""
    t = households_2x2(imports=pd.DataFrame({"IM": [100.0, 0.0]}, index=CODES),
                       final_demand=pd.DataFrame({"FU101": [40.0, 320.0], "FU201": [410.0, 1380.0]},
                                                 index=CODES))
    r = multipliers(t, type="II", technology="domestic", import_share="use")
    s1 = 100.0 / 1100.0
    Z = np.array([[150.0 * (1 - s1), 500.0 * (1 - s1)], [200.0, 100.0]])
    A = Z / np.array([1000.0, 2000.0])
    h_c = np.array([40.0 * (1 - s1), 320.0]) / 800.0
    Abar = np.block([[A, h_c[:, None]], [np.array([[0.3, 0.25, 0.0]])]])
    Lbar = np.linalg.inv(np.eye(3) - Abar)
    np.testing.assert_allclose(r.table["output_multiplier"], Lbar[:2, :2].sum(axis=0), rtol=1e-12)


# ---------------------------------------------------------------------------- identities
@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.integers(0, 2**31 - 1))
def test_identities_on_random_productive_tables(n, seed):
    rng = np.random.default_rng(seed)
    Z = rng.uniform(0, 10, (n, n))
    f = rng.uniform(1, 50, n)
    x = Z.sum(axis=1) + f
    A = Z / x
    L = leontief_inverse_getri(A)
    np.testing.assert_allclose(L @ (np.eye(n) - A), np.eye(n), atol=1e-10)
    np.testing.assert_allclose(L @ f, x, rtol=1e-10)
    h_r, h_c = rng.uniform(0, 0.2, n), rng.uniform(0, 0.2 / n, n)
    terms = household_terms(L, h_r, h_c)
    K = np.vstack([np.ones(n), h_r])
    eff = multiplier_effects(L, K, terms)
    np.testing.assert_allclose(eff["direct"] + eff["indirect"] + eff["induced"], eff["multiplier"])
    Lbar = closed_inverse(L, h_r, h_c)
    np.testing.assert_allclose(eff["multiplier"], K @ Lbar[:n, :n], rtol=1e-10)


# ---------------------------------------------------------------------------- errors
def test_bad_tables_raise():
    with pytest.raises(ValidationError, match=r"negative intermediate flows beyond 0.05 of the "
                                              r"column's output: \(01, 02\)"):
        multipliers(households_2x2(Z=pd.DataFrame([[150.0, -150.0], [200.0, 100.0]], index=CODES,
                                                  columns=CODES)), technology="total")
    unproductive = households_2x2(Z=pd.DataFrame([[600.0, 1500.0], [500.0, 900.0]], index=CODES,
                                                 columns=CODES))
    with pytest.raises(ValidationError, match="spectral radius"):
        multipliers(unproductive, technology="total")
    with pytest.raises(InputError, match="expected an IOTable"):
        leontief_model("table.csv")
    with pytest.raises(InputError, match="type"):
        multipliers(households_2x2(), type="III")


def test_zero_output_sector_raises_or_warns():
    t = households_2x2(output=pd.Series([1000.0, 0.0], index=CODES),
                       Z=pd.DataFrame([[150.0, 0.0], [0.0, 0.0]], index=CODES, columns=CODES))
    with pytest.raises(ValidationError, match=r"sectors \['02'\] have zero"):
        multipliers(t, technology="total", zero_output="raise")
    with pytest.warns(BalanceWarning, match="zero coefficient columns"):
        r = multipliers(t, technology="total", zero_output="zero", type="I")
    assert r.table.loc["02", "output_multiplier"] == 1.0
    assert r.table.loc["02", "income_direct"] == 0.0 and np.isnan(r.table.loc["02", "income_ratio"])


def test_household_closure_errors_and_tc_warning():
    t = households_2x2(final_demand=pd.DataFrame({"TC": [40.0, 320.0], "FU201": [310.0, 1380.0]},
                                                 index=CODES))
    with pytest.warns(DataQualityWarning, match="includes government consumption"):
        r = multipliers(t, technology="total")
    assert r.meta["conventions"]["household_columns"] == "TC"
    no_hh = households_2x2(final_demand=pd.DataFrame({"FU201": [350.0, 1700.0]}, index=CODES))
    with pytest.raises(ValidationError, match="no household consumption column"):
        multipliers(no_hh, technology="total")
    with pytest.raises(UnknownLabelError, match=r"\['FU999'\]"):
        multipliers(households_2x2(), household_columns=("FU999",))
    assert multipliers(no_hh, type="I", technology="total").table.shape[0] == 2
    negative = households_2x2(final_demand=pd.DataFrame({"FU101": [-40.0, 320.0],
                                                         "FU201": [390.0, 1380.0]}, index=CODES))
    with pytest.raises(ValidationError, match=r"negative household consumption for sectors \['01'\]"):
        multipliers(negative, technology="total")


def test_closed_model_not_productive_and_missing_income_row():
    # consumption of 4 x labour income: 1 - h_r' L h_c < 0
    t = households_2x2(final_demand=pd.DataFrame({"FU101": [1600.0, 1600.0], "FU201": [-1250.0, 100.0]},
                                                 index=CODES))
    with pytest.raises(ValidationError, match="not productive"):
        multipliers(t, technology="total")
    no_va001 = households_2x2(value_added=pd.DataFrame([[650.0, 1400.0]], index=["VA004"],
                                                       columns=CODES))
    with pytest.raises(ValidationError, match="VA001"):
        multipliers(no_va001, technology="total", type="I")


def test_model_conventions_cannot_conflict():
    model = leontief_model(households_2x2(), technology="total")
    assert multipliers(model, technology="total").meta["conventions"]["technology"] == "total"
    with pytest.raises(InputError, match="conflicts"):
        multipliers(model, technology="domestic")


# ---------------------------------------------------------------------------- real data, peer
def test_pymrio_agrees_on_nbs_2017(shared_data):
    """pymrio 0.7.0 (calc_A, calc_L, calc_S, calc_M) on the NBS 2017 42-sector table, domestic
    technology: A, L and the type I multipliers agree to 1e-9 relative. Type II: pymrio's calc_L
    on the explicitly closed (n+1) matrix."""
    pymrio = pytest.importorskip("pymrio")
    from revitalize.data.readers import read_nbs_io

    t = read_nbs_io(shared_data / NBS_2017)
    model = leontief_model(t)
    Z = t.Z.to_numpy(float)
    x = t.output.to_numpy(float)
    A = pymrio.calc_A(Z, x)
    L = pymrio.calc_L(A)
    np.testing.assert_allclose(model.L, L, rtol=1e-9)
    F = np.vstack([t.total_value_added().to_numpy(float), t.value_added.loc["VA001"].to_numpy(float)])
    M = pymrio.calc_M(pymrio.calc_S(F, x), L)
    with pytest.warns(DataQualityWarning):
        r = multipliers(model)
    tab = r.table
    np.testing.assert_allclose(tab["output_direct"] + tab["output_indirect"], L.sum(axis=0), rtol=1e-9)
    np.testing.assert_allclose(tab["value_added_direct"] + tab["value_added_indirect"], M[0], rtol=1e-9)
    np.testing.assert_allclose(tab["income_direct"] + tab["income_indirect"], M[1], rtol=1e-9)
    comp = F[1]
    h_c = t.final_demand["TC"].to_numpy(float) / comp.sum()
    Abar = np.block([[A, h_c[:, None]], [(comp / x)[None, :], np.zeros((1, 1))]])
    Lbar = pymrio.calc_L(Abar)
    np.testing.assert_allclose(tab["output_multiplier"], Lbar[:-1, :-1].sum(axis=0), rtol=1e-9)
    np.testing.assert_allclose(tab["income_multiplier"], Lbar[-1, :-1], rtol=1e-9)


def test_real_table_value_added_plus_inputs_is_output(shared_data):
    from revitalize.data.readers import read_nbs_io

    t = read_nbs_io(shared_data / NBS_2017)
    Z = intermediate_flows(t, "total")
    np.testing.assert_allclose(Z.sum(axis=0) + t.total_value_added().to_numpy(float),
                               t.output.to_numpy(float), rtol=1e-8)
    model = leontief_model(t, technology="total")
    np.testing.assert_allclose(model.L @ model.final_demand(), model.x, rtol=1e-9)
    r = multipliers(model, type="I")
    # total technology: value added + intermediate inputs = output, so the value-added
    # multipliers are all 1 (every unit of final demand is value added somewhere)
    np.testing.assert_allclose(r.table["value_added_multiplier"], 1.0, rtol=1e-9)
