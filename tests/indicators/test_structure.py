"""Structure measures: hand-checked examples, identities and property tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.shift_share import dynamic_shift_share, shift_share
from revitalize.indicators.structure import (
    hoover_concentration,
    krugman_index,
    location_quotient,
    structural_similarity,
    theil_decomposition,
)

# Two provinces and their sum as the reference ("NE" would need all three members).
X = pd.DataFrame({"agri": [20.0, 10.0], "ind": [60.0, 30.0], "serv": [20.0, 60.0]},
                 index=["210000", "220000"])


def test_lq_hand_example_and_reference_row():
    ref = X.sum(axis=0)  # 30, 90, 80 of 200
    lq = location_quotient(X, reference="000000", reference_values=ref).table
    # Liaoning: agri share 0.2 vs 30/200 = 0.15 -> 1.3333
    assert lq.loc["210000", "agri"] == pytest.approx(0.2 / 0.15)
    assert lq.loc["220000", "serv"] == pytest.approx(0.6 / 0.4)
    with_ref = pd.concat([X, ref.rename("000000").to_frame().T])
    lq2 = location_quotient(with_ref, reference="China").table
    np.testing.assert_allclose(lq2.loc["000000"], 1.0)  # LQ of the reference economy is 1
    assert location_quotient(with_ref, reference="全国").meta["conventions"][
        "reference_values"] == "row of the input"


def test_reference_is_required_and_must_be_complete():
    with pytest.raises(InputError, match="reference economy is required"):
        location_quotient(X, reference=None)
    with pytest.raises(UnknownLabelError, match=r"members \['230000'\] are absent"):
        location_quotient(X, reference="Northeast")


def test_bad_values_are_named():
    bad = X.copy()
    bad.loc["220000", "ind"] = -1
    with pytest.raises(InputError, match="negative value -1.0 at region '220000', sector 'ind'"):
        location_quotient(bad, reference="000000", reference_values=X.sum())
    zero = pd.DataFrame({"a": [1.0, 2.0], "b": [0.0, 1.0]}, index=["110000", "120000"])
    with pytest.raises(InputError, match="zero size in sectors"):
        location_quotient(zero, reference="000000", reference_values=pd.Series({"a": 1.0, "b": 0.0}))


def test_krugman_scales():
    ref = X.sum(axis=0)
    k = krugman_index(X, reference="000000", reference_values=ref).table["krugman_index"]
    # Liaoning shares .2 .6 .2 vs .15 .45 .4 -> .05 + .15 + .2 = .4
    assert k["210000"] == pytest.approx(0.4)
    kh = krugman_index(X, reference="000000", reference_values=ref, halved=True)
    assert kh.table.loc["210000", "krugman_index"] == pytest.approx(0.2)
    assert kh.meta["conventions"]["scale"] == "0-1 (halved)"


def test_structural_similarity_is_cosine():
    s = structural_similarity(X)
    a, b = np.array([0.2, 0.6, 0.2]), np.array([0.1, 0.3, 0.6])
    assert s.table.loc["210000", "220000"] == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    assert s.table.loc["210000", "210000"] == pytest.approx(1.0)
    assert len(s.extra["pairs"]) == 1


def test_hoover_and_theil():
    h = hoover_concentration(X, base=pd.Series({"210000": 1.0, "220000": 1.0})).table["hoover"]
    assert h["agri"] == pytest.approx(0.5 * (abs(20 / 30 - 0.5) + abs(10 / 30 - 0.5)))
    income = pd.Series({"a": 10.0, "b": 30.0, "c": 60.0})
    pop = pd.Series({"a": 20.0, "b": 30.0, "c": 50.0})
    t = theil_decomposition(income, pop, groups=pd.Series({"a": "NE", "b": "rest", "c": "rest"})).table
    assert t.loc["total", "value"] == pytest.approx(t.loc["between", "value"] + t.loc["within", "value"])
    equal = theil_decomposition(pop, pop, groups=pd.Series({"a": 1, "b": 1, "c": 2})).table
    assert equal.loc["total", "value"] == pytest.approx(0.0, abs=1e-15)


def test_shift_share_hand_example():
    """Region grows 100 -> 130 in sector A and 100 -> 100 in B; the reference grows A 1000 -> 1100,
    B 1000 -> 1300 (G = 0.2). NS_A = 20, IM_A = 100 (0.1 - 0.2) = -10, CS_A = 100 (0.3 - 0.1) = 20."""
    r0, rt = pd.Series({"A": 100.0, "B": 100.0}), pd.Series({"A": 130.0, "B": 100.0})
    R0, Rt = pd.Series({"A": 1000.0, "B": 1000.0}), pd.Series({"A": 1100.0, "B": 1300.0})
    t = shift_share(r0, rt, R0, Rt, reference="China", variant="esteban_marquillas").table
    assert t.loc["A", ["national_share", "industry_mix", "competitive_shift"]].tolist() == pytest.approx([20, -10, 20])
    assert t.loc["B", "competitive_shift"] == pytest.approx(100 * (0.0 - 0.3))
    assert t.loc["total", "actual_change"] == pytest.approx(30)
    # homothetic = 200 * 1000/2000 = 100: allocation effect zero when the structure equals the reference's
    assert t.loc["A", "allocation_effect"] == pytest.approx(0.0)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (4, 5), elements=st.floats(1.0, 1e6)))
def test_shift_share_components_sum_to_change(M):
    sectors = list("abcde")
    t = shift_share(pd.Series(M[0], sectors), pd.Series(M[1], sectors), pd.Series(M[2], sectors),
                    pd.Series(M[3], sectors), reference="000000", variant="esteban_marquillas").table
    parts = t["national_share"] + t["industry_mix"] + t["competitive_shift"]
    scale = float(t.abs().to_numpy().max())  # components can be far larger than the change
    np.testing.assert_allclose(parts, t["actual_change"], rtol=0, atol=1e-12 * scale + 1e-9)
    np.testing.assert_allclose(t["competitive_effect"] + t["allocation_effect"], t["competitive_shift"],
                               rtol=0, atol=1e-12 * scale + 1e-9)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (3, 4), elements=st.floats(0.1, 1e4)))
def test_lq_and_krugman_properties(M):
    F = pd.DataFrame(M, index=["110000", "120000", "130000"], columns=list("abcd"))
    ref = F.sum(axis=0)
    lq = location_quotient(F, reference="000000", reference_values=ref).table
    shares = F.div(F.sum(axis=1), axis=0)
    # the output-weighted mean LQ of each region is 1: sum_i s_ri / LQ_ri ... equivalently sum_i s_Ri LQ_ri = 1
    np.testing.assert_allclose((lq * (ref / ref.sum())).sum(axis=1), 1.0, rtol=1e-12)
    k = krugman_index(F, reference="000000", reference_values=ref).table["krugman_index"]
    assert ((k >= 0) & (k <= 2)).all()
    np.testing.assert_allclose(k, (shares - ref / ref.sum()).abs().sum(axis=1))


def test_dynamic_shift_share_sums_annual_parts():
    years = [2015, 2016, 2017]
    region = pd.DataFrame({"A": [100.0, 110.0, 130.0], "B": [100.0, 95.0, 100.0]}, index=years)
    ref = pd.DataFrame({"A": [1000.0, 1050.0, 1100.0], "B": [1000.0, 1200.0, 1300.0]}, index=years)
    res = dynamic_shift_share(region, ref, reference_name="000000")
    assert res.table.loc["total", "actual_change"] == pytest.approx(30.0)
    parts = res.table[["national_share", "industry_mix", "competitive_shift"]].sum(axis=1)
    np.testing.assert_allclose(parts, res.table["actual_change"])
    assert len(res.extra["annual"]) == 4
    with pytest.raises(InputError, match="not consecutive"):
        dynamic_shift_share(region.loc[[2015, 2017]], ref.loc[[2015, 2017]], reference_name="000000")
