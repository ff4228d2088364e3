"""Structural decomposition analysis (revitalize.io.sda).

Reference values: Miller & Blair's (2009) numerical SDA example (2nd ed., section 13.1, eqs.
13.3-13.7) is reproduced in ``test_sda_published.py`` from a course transcription (cited
there). The tests here use (a) a one-sector example worked by hand below and (b) the explicit
polar formulas of Dietzenbacher & Los (1998),
*Economic Systems Research* 10(4), eqs. for the two polar decompositions, evaluated
independently of the switching kernel on the two-sector table of Miller & Blair (2009)
section 2.3 and a second year made up for the test. Tolerance 1e-12 relative.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.io.sda import (
    FACTORS,
    common_sectors,
    decompose,
    implicit_deflator,
    sda_factors,
    share_decomposition,
    structural_decomposition,
    structural_decomposition_panel,
)
from tests.io.fixtures import miller_blair_2x2


def _table(Z, x, *, year, region="000000", va=None):
    codes = [f"{i + 1:02d}" for i in range(len(x))]
    Z = pd.DataFrame(np.asarray(Z, float), index=codes, columns=codes)
    x = pd.Series(np.asarray(x, float), index=codes)
    va = x - Z.sum(axis=0) if va is None else pd.Series(va, index=codes)
    y = x - Z.sum(axis=1)
    return miller_blair_2x2(
        sectors=pd.DataFrame({"name_cn": codes, "name_en": codes}, index=pd.Index(codes, name="code")),
        Z=Z, final_demand=pd.DataFrame({"FU201": y}), imports=pd.DataFrame(index=codes),
        other=pd.Series(0.0, index=codes), value_added=pd.DataFrame([va.to_numpy()], index=["VA001"],
                                                                    columns=codes),
        output=x, total_input=x.copy(), year=year, region=region)


def _year1():
    # The M&B 2x2 economy five years on: new coefficients and a larger, different final demand.
    return _table([[200.0, 700.0], [240.0, 150.0]], [1300.0, 2600.0], year=2014)


# ---------------------------------------------------------------------------- reference
def test_one_sector_worked_by_hand():
    """x = f / (1 - a). Year 0: a = 0.5, f = 100, x = 200; year 1: a = 0.6, f = 120, x = 300.
    Polar 1 (L first): dL f0 = (2.5 - 2) 100 = 50, L1 df = 2.5 * 20 = 50.
    Polar 2 (f first): L0 df = 2 * 20 = 40, dL f1 = 0.5 * 120 = 60.
    Average: technology 55, level 45, structure 0 (one sector); sum 100 = the change."""
    t0 = _table([[100.0]], [200.0], year=2000)
    t1 = _table([[180.0]], [300.0], year=2005)
    res = structural_decomposition(t0, t1)
    out = res.table[res.table["quantity"] == "output"].iloc[0]
    assert out["change"] == pytest.approx(100.0, rel=1e-12)
    assert out["technology"] == pytest.approx(55.0, rel=1e-12)
    assert out["final_demand_level"] == pytest.approx(45.0, rel=1e-12)
    assert out["final_demand_structure"] == pytest.approx(0.0, abs=1e-12)
    assert np.isnan(out["value_added_coefficients"])


def test_polar_formulas_dietzenbacher_los_1998():
    """Each polar decomposition written out (D&L 1998): the kernel's average equals them."""
    t0, t1 = miller_blair_2x2(), _year1()
    res = structural_decomposition(t0, t1)
    f0, f1 = (sda_factors(t.Z.to_numpy(), t.output.to_numpy(),
                          t.total_value_added().to_numpy()) for t in (t0, t1))
    (_, L0, s0, a0), (_, L1, s1, a1) = f0, f1
    polar1 = [(L1 - L0) @ s0 * a0, L1 @ (s1 - s0) * a0, L1 @ s1 * (a1 - a0)]
    polar2 = [(L1 - L0) @ s1 * a1, L0 @ (s1 - s0) * a1, L0 @ s0 * (a1 - a0)]
    out = res.table[res.table["quantity"] == "output"]
    for k, name in enumerate(("technology", "final_demand_structure", "final_demand_level")):
        np.testing.assert_allclose(out[name], 0.5 * (polar1[k] + polar2[k]), rtol=1e-12)
    np.testing.assert_allclose(out["end"], t1.output, rtol=1e-12)
    np.testing.assert_allclose(out["start"], t0.output, rtol=1e-12)


def test_all_orderings_is_the_average_of_k_factorial_orderings():
    rng = np.random.default_rng(3)
    start, end = rng.uniform(0.5, 2, (4, 3)), rng.uniform(0.5, 2, (4, 3))
    func = lambda f: f[0] * f[1] * f[2] + f[3] ** 2 * f[0]  # noqa: E731  (not multilinear)
    brute = np.zeros((4, 3))
    for order in itertools.permutations(range(4)):
        state = list(start)
        for i in order:
            before = func(state)
            state[i] = end[i]
            brute[i] += func(state) - before
    brute /= math.factorial(4)
    np.testing.assert_allclose(decompose(func, start, end, "all_orderings"), brute, rtol=1e-12)


def test_polar_average_equals_all_orderings_for_two_factors():
    rng = np.random.default_rng(5)
    start, end = [rng.uniform(size=(3, 3)), rng.uniform(size=3)], [rng.uniform(size=(3, 3)),
                                                                  rng.uniform(size=3)]
    func = lambda f: f[0] @ f[1]  # noqa: E731
    np.testing.assert_allclose(decompose(func, start, end, "polar_average"),
                               decompose(func, start, end, "all_orderings"), rtol=1e-12)


# ---------------------------------------------------------------------------- properties
def _random_table(values, year):
    n = round(len(values) ** 0.5)
    Z = values[: n * n].reshape(n, n)
    x = Z.sum(axis=0) * 1.5 + Z.sum(axis=1) + 1.0  # productive, positive final demand
    return _table(Z, x, year=year)


@settings(max_examples=40, deadline=None)
@given(arrays(float, 9, elements=st.floats(0.0, 100.0)), arrays(float, 9, elements=st.floats(0.0, 100.0)),
       st.sampled_from(["polar_average", "all_orderings"]))
def test_parts_sum_to_the_change(v0, v1, method):
    res = structural_decomposition(_random_table(v0, 2000), _random_table(v1, 2005), method=method)
    frame = res.table
    parts = frame[list(FACTORS)].sum(axis=1, min_count=1)
    np.testing.assert_allclose(parts, frame["change"], rtol=1e-9, atol=1e-9 * frame["end"].abs().max())
    tot = res.totals
    np.testing.assert_allclose(tot[list(FACTORS)].sum(axis=1), tot["change"], rtol=1e-9, atol=1e-6)


def test_total_value_added_change_is_the_level_effect_with_total_technology():
    """v'L = 1' for a column-balanced table (technology total): the technology and value-added
    coefficient effects cancel in total value added, which moves with f only."""
    res = structural_decomposition(miller_blair_2x2(), _year1())
    va = res.totals.set_index("quantity").loc["value_added"]
    assert va["final_demand_level"] == pytest.approx(va["change"], rel=1e-12)
    assert va["technology"] == pytest.approx(-va["value_added_coefficients"], rel=1e-9)


# ---------------------------------------------------------------------------- conventions
def test_constant_prices_change_only_the_level():
    t0, t1 = miller_blair_2x2(), _year1()
    defl = pd.DataFrame({2009: [1.0], 2014: [1.25]}, index=["000000"])
    defl.attrs["name"] = "test deflator"
    cur, con = structural_decomposition(t0, t1), structural_decomposition(t0, t1, deflator=defl)
    out = lambda r: r.totals.set_index("quantity").loc["output"]  # noqa: E731
    assert out(con)["end"] == pytest.approx(out(cur)["end"] / 1.25)
    assert "test deflator" in con.meta["conventions"]["prices"]
    assert cur.meta["conventions"]["prices"] == "current producers' prices"


def test_implicit_deflator_matches_the_real_index():
    va = pd.DataFrame({2002: [100.0], 2004: [150.0]}, index=["210000"])
    idx = pd.DataFrame({2003: [110.0], 2004: [120.0]}, index=["210000"])
    p = implicit_deflator(va, idx)
    assert p.loc["210000", 2002] == 1.0
    assert p.loc["210000", 2004] == pytest.approx(1.5 / (1.1 * 1.2))
    with pytest.raises(UnknownLabelError, match="2003"):
        implicit_deflator(va, idx.drop(columns=2003))


def test_common_classification_of_the_nbs_lists():
    maps, sectors = common_sectors(["nbs42_2002", "nbs42_2007", "nbs42_2012", "nbs42_2017"])
    assert sectors.attrs["classification"] == "nbs42_common_2002_2007_2012_2017"
    assert len(sectors) == 39
    assert sectors.loc["23", "absent_in"] == "nbs42_2002 nbs42_2007"  # repair services
    for m in maps.values():  # every sector of every list maps to exactly one common sector
        assert not m["from_code"].duplicated().any() and len(m) == 42


# ---------------------------------------------------------------------------- errors
def test_errors():
    t0, t1 = miller_blair_2x2(), _year1()
    with pytest.raises(InputError, match="two regions"):
        structural_decomposition(t0, _table(_year1().Z, _year1().output, year=2014, region="210000"))
    with pytest.raises(InputError, match="method"):
        structural_decomposition(t0, t1, method="midpoint")
    with pytest.raises(InputError, match="zero_output"):
        structural_decomposition(t0, t1, zero_output="drop")
    with pytest.raises(UnknownLabelError, match="price level"):
        structural_decomposition(t0, t1, deflator=pd.DataFrame({2009: [1.0]}, index=["000000"]))
    with pytest.raises(ValidationError, match="positive price level"):
        structural_decomposition(t0, t1, deflator=pd.DataFrame({2009: [1.0], 2014: [0.0]},
                                                               index=["000000"]))
    with pytest.raises(ValidationError, match="final demand level"):
        # A = [[0, 5/3], [0, 0]] is nilpotent (productive) yet 1'(x - Z 1) = -20
        structural_decomposition(t0, _table([[0.0, 300.0], [0.0, 0.0]], [100.0, 180.0],
                                            year=2014))
    with pytest.raises(ValidationError, match="zero or negative output"):
        structural_decomposition(t0, _table([[10.0, 0.0], [0.0, 0.0]], [100.0, 0.0], year=2014))
    neg = _table([[100.0, -5.0], [200.0, 100.0]], [1000.0, 2000.0], year=2014)
    with pytest.raises(ValidationError, match=r"\(01, 02\) = -5"):
        structural_decomposition(t0, neg)
    with pytest.warns(DataQualityWarning, match="kept as published"):
        structural_decomposition(t0, neg, negative_flows="keep")
    with pytest.raises(InputError, match="negative_flows"):
        structural_decomposition(t0, t1, negative_flows="clip")
    with pytest.raises(UnknownLabelError, match="concordance"):
        common_sectors(["prov38_1997"])
    with pytest.raises(InputError, match="at least two years"):
        structural_decomposition_panel({2009: {"000000": t0}})


# ---------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def provincial(shared_data):
    import warnings

    from revitalize.data.readers import read_provincial_io
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {y: read_provincial_io(shared_data / "cn_io_provincial" / f"cn_prov_io_{y}_42.csv")
                for y in (2002, 2007, 2012, 2017)}


def test_northeast_decline_real_data(provincial):
    res = structural_decomposition_panel(provincial, regions=["210000", "220000", "230000"])
    tot = res.totals
    assert len(tot) == 3 * 3 * 2
    np.testing.assert_allclose(tot[list(FACTORS)].sum(axis=1), tot["change"], rtol=1e-9)
    ln = tot.set_index(["region", "end_year", "quantity"]).loc[("210000", 2017, "output")]
    # Liaoning's gross output fell 2012 -> 2017 (79,260 -> 61,083 亿元 in the tables).
    assert ln["start"] / 1e4 == pytest.approx(79260, rel=1e-3)
    assert ln["end"] / 1e4 == pytest.approx(61083, rel=1e-3)
    assert ln["technology"] < 0 and ln["final_demand_level"] < 0
    # The 2017 output of the common classification equals the table's total output.
    assert ln["end"] == pytest.approx(provincial[2017]["210000"].output.sum(), rel=1e-9)
    assert res.meta["conventions"]["classification"] == "nbs42_common_2002_2007_2012_2017"


def test_northeast_share_real_data(provincial):
    with pytest.raises(ValidationError, match="330000 2002"):  # Zhejiang 2002: (22, 06) < 0
        share_decomposition(provincial)
    with pytest.warns(DataQualityWarning, match="negative intermediate flows"):
        res = share_decomposition(provincial, negative_flows="keep")
    tab = res.table
    np.testing.assert_allclose(tab[["technology", "final_demand_structure",
                                    "final_demand_level"]].sum(axis=1), tab["change"], rtol=1e-9)
    common = sorted(set.intersection(*(set(provincial[y]) for y in provincial)))
    ne = sum(provincial[2017][c].output.sum() for c in ("210000", "220000", "230000"))
    ref = sum(provincial[2017][c].output.sum() for c in common)
    assert tab.iloc[-1]["end"] == pytest.approx(ne / ref, rel=1e-9)
    assert len(common) == 30 and res.meta["reference"] == common
