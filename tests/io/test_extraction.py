"""Hypothetical extraction: a hand-checkable worked example, closed form vs re-inversion
(random tables and the real NBS 2017 table), identities between the variants, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import BalanceWarning, DataQualityWarning, InputError, UnknownLabelError
from revitalize.io.coefficients import (
    allocation_coefficients,
    ghosh_inverse,
    intermediate_flows,
    leontief_inverse,
    technical_coefficients,
)
from revitalize.io.extraction import (
    VARIANTS,
    extraction_linkages,
    extraction_losses,
    hypothetical_extraction,
    output_after_extraction,
    total_extraction_losses,
)
from tests.io.fixtures import miller_blair_2x2


def _fast(Z, x, variant):
    A, B = technical_coefficients(Z, x), allocation_coefficients(Z, x)
    L, G = leontief_inverse(A), ghosh_inverse(B)
    f = x - A @ x
    return extraction_losses(L, x, f, np.arange(x.size), variant, G), \
        total_extraction_losses(L, x, f, variant, G)


def _brute(Z, x, variant):
    return np.column_stack([x - output_after_extraction(Z, x, j, variant) for j in range(x.size)])


# ---------------------------------------------------------------------------- worked example
# Miller & Blair (2009), Input-Output Analysis, 2nd ed., section 2.3: Z = [[150, 500], [200, 100]],
# f = [350, 1700], x = [1000, 2000], so det(I - A) = 0.7575 and
# L = [[0.95, 0.25], [0.20, 0.85]] / 0.7575, G = diag(x)^-1 L diag(x), v = [650, 1400].
# The extraction definitions are those of Miller & Blair section 12.2 / Miller & Lahr (2001); the
# expected losses below are derived by hand (exact fractions), e.g. backward extraction of
# sector 1: x̄2 = 1700 / 0.95, x̄1 = 350 + 0.25 x̄2, loss = 3000 - x̄1 - x̄2 = 7850/19.
# The printed extraction tables of section 12.2 / Miller & Lahr were not available to us, so
# these are not transcribed numbers; tolerance 1e-9 (absolute, in the table unit).
EXPECTED_2X2 = {
    "total": [23000 / 19, 2000 * 1.10 / 0.85],             # x_j i'l_j / l_jj
    "total_keep_fd": [23000 / 19 - 350, 2000 * 1.10 / 0.85 - 1700],
    "backward": [7850 / 19, 2000 * 0.3425 / 0.85],          # x_j (i'l_j - 1) / l_jj
    "forward": [13850 / 19, 2000 * 0.1925 / 0.85],          # x_j (g_j. i - 1) / g_jj
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_miller_blair_2x2_worked_example(variant):
    r = hypothetical_extraction(miller_blair_2x2(), variant=variant, technology="total")
    np.testing.assert_allclose(r.table["loss"], EXPECTED_2X2[variant], atol=1e-9)
    np.testing.assert_allclose(r.table["loss_pct"], np.array(EXPECTED_2X2[variant]) / 30.0,
                               atol=1e-11)
    assert list(r.table.index) == ["01", "02"] and r.table.loc["01", "name_en"] == "Agriculture"
    assert r.meta["conventions"]["variant"] == variant
    assert r.meta["total_output"] == 3000.0


def test_worked_example_output_after_backward_and_forward_extraction():
    """x̄ itself: backward extraction of sector 1 gives [350 + 0.25 * 1700/0.95, 1700/0.95];
    forward extraction of sector 1 (row 1 of B = [[.15, .5], [.1, .05]] zeroed) gives
    x̄2 = 1400/0.95, x̄1 = 650 + 0.1 x̄2."""
    t = miller_blair_2x2()
    r = hypothetical_extraction(t, "01", variant="backward", technology="total")
    np.testing.assert_allclose(3000 - r.losses["01"].sum(), 350 + 0.25 * 1700 / 0.95 + 1700 / 0.95)
    np.testing.assert_allclose(t.output - r.losses["01"], [350 + 0.25 * 1700 / 0.95, 1700 / 0.95])
    r = hypothetical_extraction(t, ["01"], variant="forward", technology="total")
    np.testing.assert_allclose(t.output - r.losses["01"], [650 + 0.1 * 1400 / 0.95, 1400 / 0.95])


# ---------------------------------------------------------------------------- closed form = re-inversion
@st.composite
def productive_tables(draw):
    n = draw(st.integers(2, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    Z = rng.uniform(0.0, 1.0, (n, n)) * (rng.uniform(size=(n, n)) < 0.7)
    # output above both the column sums (rho(A) < 1) and, for B, the row sums
    x = np.maximum(Z.sum(axis=0), Z.sum(axis=1)) * rng.uniform(1.05, 4.0, n) + 1e-3
    return Z, x


@settings(max_examples=60, deadline=None)
@given(productive_tables(), st.sampled_from(VARIANTS))
def test_closed_form_equals_reinversion_on_random_productive_tables(table, variant):
    Z, x = table
    D, T = _fast(Z, x, variant)
    scale = x.sum()
    assert np.abs(D - _brute(Z, x, variant)).max() <= 1e-10 * scale
    assert np.abs(D.sum(axis=0) - T).max() <= 1e-10 * scale


@pytest.fixture(scope="module")
def nbs2017(shared_data):
    from revitalize.data.readers import read_nbs_io

    return read_nbs_io(shared_data / "cn_io_nbs" / "cn_io_2017_42_noncomp.csv")


@pytest.mark.parametrize("variant", VARIANTS)
def test_closed_form_equals_reinversion_on_nbs_2017_42(nbs2017, variant):
    """All 42 sectors of the NBS 2017 non-competitive table (domestic technology): the shell's
    losses equal n fresh solves to 1e-10 of total output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # tested below
        r = hypothetical_extraction(nbs2017, variant=variant)
    Z = intermediate_flows(nbs2017, "domestic")
    x = nbs2017.output.to_numpy(float)
    brute = _brute(Z, x, variant)
    assert np.abs(r.losses.to_numpy() - brute).max() <= 1e-10 * x.sum()
    np.testing.assert_allclose(r.table["loss"], brute.sum(axis=0), rtol=1e-10)
    assert (r.table["loss"] > 0).all()
    assert r.table["linkage_index"].mean() == pytest.approx(1.0)
    assert sorted(r.table["rank"]) == list(range(1, 43))


# ---------------------------------------------------------------------------- identities
def test_identities_between_variants():
    """The demand-side variants differ only in the extracted sector's own output (Miller &
    Lahr 2001): backward extraction leaves x̄_j = x_j / l_jj, total leaves 0, total_keep_fd
    leaves f_j; the other sectors lose the same in all three."""
    rng = np.random.default_rng(7)
    Z = rng.uniform(0, 1, (8, 8))
    x = Z.sum(axis=0) * 2.5 + 1.0
    A = technical_coefficients(Z, x)
    f = x - A @ x
    D = {v: _fast(Z, x, v)[0] for v in VARIANTS}
    L = leontief_inverse(A)
    np.testing.assert_allclose(D["total"] - D["backward"], np.diag(x / np.diag(L)), atol=1e-9)
    np.testing.assert_allclose(D["total"] - D["total_keep_fd"], np.diag(f), atol=1e-9)
    np.testing.assert_allclose(np.diag(D["total"]), x)


def test_zero_output_sector_with_zero_policy_still_matches_reinversion():
    codes = ["01", "02", "03"]
    t = miller_blair_2x2()
    Z = np.array([[150.0, 500.0, 0.0], [200.0, 100.0, 0.0], [0.0, 0.0, 0.0]])
    x = np.array([1000.0, 2000.0, 0.0])
    frame = lambda M: pd.DataFrame(M, index=codes, columns=codes)  # noqa: E731
    sectors = pd.DataFrame({"name_cn": ["a", "b", "c"], "name_en": ["A", "B", "C"]},
                           index=pd.Index(codes, name="code"))
    t = type(t)(sectors=sectors, Z=frame(Z), final_demand=pd.DataFrame({"FU201": [350.0, 1700.0, 0.0]}, index=codes),
                imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
                value_added=pd.DataFrame([[650.0, 1400.0, 0.0]], index=["VA001"], columns=codes),
                output=pd.Series(x, index=codes), total_input=pd.Series(x, index=codes),
                region="000000", year=2009, unit="10^4 CNY")
    with pytest.warns(BalanceWarning, match="zero output"):
        r = hypothetical_extraction(t, variant="backward", technology="total", zero_output="zero")
    np.testing.assert_allclose(r.losses.to_numpy(), _brute(Z, x, "backward"), atol=1e-9)
    assert np.isnan(r.table.loc["03", "loss_per_output"]) and r.table.loc["03", "loss"] == 0.0


# ---------------------------------------------------------------------------- linkages
def test_extraction_linkages_agree_with_single_variants():
    t = miller_blair_2x2()
    r = extraction_linkages(t, technology="total")
    np.testing.assert_allclose(r.table["backward_linkage"], EXPECTED_2X2["backward"])
    np.testing.assert_allclose(r.table["forward_linkage"], EXPECTED_2X2["forward"])
    np.testing.assert_allclose(r.table["total_linkage"], EXPECTED_2X2["total"])
    # sector 02 has the larger backward (805.9 > 413.2), sector 01 the larger forward linkage
    assert list(r.table["classification"]) == ["forward-oriented", "backward-oriented"]
    np.testing.assert_allclose(r.table[["backward_index", "forward_index"]].mean(), [1.0, 1.0])
    assert r.meta["conventions"]["primary_inputs"] == "v' = x'(I - B)"


# ---------------------------------------------------------------------------- bad input
def test_unknown_sector_names_it_and_lists_valid_ones():
    with pytest.raises(UnknownLabelError, match=r"\['99'\].*expected codes among \['01', '02'\]"):
        hypothetical_extraction(miller_blair_2x2(), ["01", "99"], technology="total")


@pytest.mark.parametrize(("sectors", "variant", "match"), [
    ([], "total", "no sector"),
    (["01", "01"], "total", "listed twice"),
    (None, "sideways", "unknown extraction variant"),
])
def test_bad_arguments_raise(sectors, variant, match):
    with pytest.raises(InputError, match=match):
        hypothetical_extraction(miller_blair_2x2(), sectors, variant=variant, technology="total")


def test_subset_reports_index_relative_to_all_sectors():
    t = miller_blair_2x2()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one = hypothetical_extraction(t, "02", variant="backward", technology="total")
        both = hypothetical_extraction(t, variant="backward", technology="total")
    pd.testing.assert_series_equal(one.table.loc["02"], both.table.loc["02"])
    assert one.table.loc["02", "rank"] == 1 and one.losses.shape == (2, 1)
    assert "backward" in one.summary() and "[" not in one.summary()


def test_keeping_negative_final_demand_warns(nbs2017):
    """NBS 2017 (domestic): mining sectors 03 and 04 have negative model-implied final demand
    (inventory run-down), so keeping it leaves a negative output."""
    with pytest.warns(DataQualityWarning, match=r"\['03', '04'\] have negative"):
        r = hypothetical_extraction(nbs2017, variant="total_keep_fd")
    assert (r.extra["f"][["03", "04"]] < 0).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hypothetical_extraction(nbs2017, ["01", "14"], variant="total_keep_fd")
