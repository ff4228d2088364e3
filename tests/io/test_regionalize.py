"""Location-quotient regionalization: hand-worked example, identities, errors, and the
validation against the survey-based 2017 tables of Liaoning, Jilin and Heilongjiang."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.data.readers import read_nbs_io, read_provincial_io
from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.io.regionalize import (
    best_delta,
    flq_lambda,
    location_quotients,
    match_regional_output,
    multiplier_errors,
    regional_coefficients,
    regionalize,
    simple_location_quotient,
    validate_regionalization,
)
from tests.io.test_aggregate import three_sector as _with_trade

NATIONAL = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
PROVINCIAL = "cn_io_provincial/cn_prov_io_2017_42.csv"
XR = pd.Series({"01": 40.0, "02": 20.0, "03": 40.0})


def three_sector(**overrides):
    """The 3-sector table without foreign trade, so domestic A^n = A = Z diag(x)^-1."""
    codes = ["01", "02", "03"]
    closed = dict(final_demand=pd.DataFrame({"FU201": [260.0, 220.0, 60.0]}, index=codes),
                  imports=pd.DataFrame({"IM": [0.0, 0.0, 0.0]}, index=codes))
    return _with_trade(**{**closed, **overrides})


def test_hand_worked_three_sector_example():
    """Worked by hand (no published example was at hand; every step checkable on paper):
    x^n = (400, 400, 200), x^r = (40, 20, 40): SLQ = (0.4/0.4, 0.2/0.4, 0.4/0.2) = (1, 0.5, 2);
    x^r/x^n = 0.1, lambda(0.3) = log2(1.1)^0.3 = 0.137504^0.3 = 0.55143;
    A^n = [[.1 .2 .1] [.2 .1 .3] [.1 .2 .1]].
    FLQ_13 = (1/2) 0.55143 = 0.27572 -> a^r_13 = 0.027572; FLQ_12 = 2 * 0.55143 > 1 -> a^r_12 = .2;
    FLQ_11 = SLQ_1 lambda (Smith-Morrison) -> a^r_11 = 0.055143;
    AFLQ_23 = FLQ_23 log2(1 + 2) = 0.13786 * 1.58496 = 0.21850 -> a^r_23 = 0.065551.
    Tolerance 5e-6 (the printed digits)."""
    t = three_sector()
    assert flq_lambda(0.1, 0.3) == pytest.approx(0.55143, abs=5e-6)
    np.testing.assert_allclose(simple_location_quotient(XR.to_numpy(), t.output.to_numpy()),
                               [1.0, 0.5, 2.0])
    flq = regionalize(t, XR, method="flq", delta=0.3)
    np.testing.assert_allclose(flq.A.to_numpy(), [[0.055143, 0.2, 0.027572],
                                                  [0.055143, 0.027572, 0.041357],
                                                  [0.1, 0.2, 0.1]], atol=5e-6)
    aflq = regionalize(t, XR, method="aflq", delta=0.3)
    assert aflq.lq.loc["02", "03"] == pytest.approx(0.21850, abs=5e-6)
    assert aflq.A.loc["02", "03"] == pytest.approx(0.065551, abs=5e-6)
    cilq = regionalize(t, XR, method="cilq")
    np.testing.assert_allclose(cilq.A.to_numpy(), [[0.1, 0.2, 0.05], [0.1, 0.05, 0.075],
                                                   [0.1, 0.2, 0.1]])
    slq = regionalize(t, XR, method="slq")
    np.testing.assert_allclose(slq.A.to_numpy(), [[0.1, 0.2, 0.1], [0.1, 0.05, 0.15],
                                                  [0.1, 0.2, 0.1]])
    L = np.linalg.inv(np.eye(3) - flq.A.to_numpy())
    np.testing.assert_allclose(flq.multipliers.to_numpy(), L.sum(axis=0), rtol=1e-12)
    m = flq.meta
    assert m["conventions"]["method"] == "flq" and m["conventions"]["delta"] == 0.3
    assert m["conventions"]["diagonal"] == "slq" and m["regional_share"] == pytest.approx(0.1)
    assert m["flq_lambda"] == pytest.approx(0.55143, abs=5e-6)


def test_diagonal_rule_cilq_keeps_one_on_the_diagonal():
    q = location_quotients(XR.to_numpy(), np.array([400.0, 400.0, 200.0]), "flq", 0.3, "cilq")
    np.testing.assert_allclose(np.diag(q), flq_lambda(0.1, 0.3))
    q = location_quotients(XR.to_numpy(), np.array([400.0, 400.0, 200.0]), "cilq", 0.0, "slq")
    np.testing.assert_allclose(np.diag(q), [1.0, 0.5, 2.0])


def test_identities_of_the_quotients():
    t = three_sector()
    A = regionalize(t, t.output / 10, method="slq").extra["A_national"]
    # a region with the nation's structure: SLQ = CILQ = 1, so SLQ/CILQ give back A^n
    for method in ("slq", "cilq"):
        r = regionalize(t, t.output / 10, method=method)
        np.testing.assert_allclose(r.A.to_numpy(), A.to_numpy())
    assert flq_lambda(1.0, 0.7) == 1.0  # the region is the nation: log2(2) = 1
    r = regionalize(t, t.output, method="flq", delta=0.4)  # same size and structure
    np.testing.assert_allclose(r.A.to_numpy(), A.to_numpy())
    r = regionalize(t, t.output / 10, method="flq", delta=0.0)  # delta 0: lambda = 1
    np.testing.assert_allclose(r.A.to_numpy(), A.to_numpy())


@settings(max_examples=40, deadline=None)
@given(xr=st.lists(st.floats(0.0, 1e4), min_size=3, max_size=3).filter(lambda v: sum(v) > 1),
       delta=st.floats(0.0, 0.99), method=st.sampled_from(["slq", "cilq", "flq", "aflq"]))
def test_regional_coefficients_never_exceed_national(xr, delta, method):
    xn = np.array([400.0, 400.0, 200.0])
    A = np.array([[0.1, 0.2, 0.1], [0.2, 0.1, 0.3], [0.1, 0.2, 0.1]])
    with np.errstate(all="ignore"):
        q = location_quotients(np.array(xr), xn, method, delta)
    Ar = regional_coefficients(A, q)
    assert np.isfinite(Ar).all() and (Ar >= 0).all() and (Ar <= A + 1e-15).all()


def test_zero_regional_output_warns_and_zeroes_the_row():
    t = three_sector()
    with pytest.warns(DataQualityWarning, match=r"sectors \['02'\] have zero regional output"):
        r = regionalize(t, pd.Series({"01": 40.0, "02": 0.0, "03": 40.0}), method="flq")
    assert r.A.loc["02"].eq(0).all() and r.A.loc["01", "02"] == pytest.approx(0.2)
    assert r.meta["conventions"]["delta"] == 0.3  # the documented default


@pytest.mark.parametrize(("kwargs", "error", "field", "match"), [
    (dict(regional_output=pd.Series({"01": 1.0, "02": 1.0, "03": 1.0, "99": 1.0})),
     UnknownLabelError, "regional_output", r"sectors \['99'\] are not in"),
    (dict(regional_output=pd.Series({"01": 1.0, "02": -5.0, "03": 1.0})),
     ValidationError, "regional_output", r"negative or not a number for sectors \['02'\]"),
    (dict(regional_output=pd.Series({"01": 1.0, "02": 1.0})),
     InputError, "regional_output", r"no regional output for sectors \['03'\]"),
    (dict(regional_output=pd.Series({"01": 0.0, "02": 0.0, "03": 0.0})),
     ValidationError, "regional_output", "sums to zero"),
    (dict(regional_output=[1.0, 2.0, 3.0]), InputError, "regional_output", "is a list"),
    (dict(delta=1.0), InputError, "delta", r"delta=1.0 is outside \[0, 1\)"),
    (dict(delta=-0.1), InputError, "delta", r"outside \[0, 1\)"),
    (dict(method="slq", delta=0.2), InputError, "delta", "no role in slq"),
    (dict(method="glq"), InputError, "method", "unknown method"),
    (dict(diagonal="one"), InputError, "diagonal", "unknown diagonal"),
])
def test_bad_input_names_the_field(kwargs, error, field, match):
    args = {"regional_output": XR, **kwargs}
    with pytest.raises(error, match=match) as info:
        regionalize(three_sector(), args.pop("regional_output"), **args)
    assert info.value.field == field


def test_national_zero_output_raises():
    t = three_sector()
    codes = t.codes
    t = three_sector(output=pd.Series([400.0, 400.0, 0.0], index=codes),
                     total_input=pd.Series([400.0, 400.0, 0.0], index=codes))
    with pytest.raises(ValidationError, match=r"sectors \['03'\] have zero or negative output"):
        regionalize(t, XR, method="slq")


def test_multiplier_errors_by_hand():
    """MAPE = 100/2 (0.2/2 + 0.1/1) = 10; U = 100 sqrt((.04 + .01) / (4 + 1)) = 10."""
    mape, theil = multiplier_errors(np.array([2.2, 0.9]), np.array([2.0, 1.0]))
    assert mape == pytest.approx(10.0) and theil == pytest.approx(10.0)


@pytest.fixture(scope="module")
def tables(shared_data):
    national = read_nbs_io(shared_data / NATIONAL)
    provinces = {p: read_provincial_io(shared_data / PROVINCIAL, province=p)
                 for p in ("辽宁", "吉林", "黑龙江")}
    return national, provinces


def test_sectors_matched_by_name_same_classification(tables, shared_data):
    national, prov = tables
    x = match_regional_output(national, prov["辽宁"])
    assert national.classification == "nbs_2017_42_noncomp"  # the reader's own name ...
    assert prov["辽宁"].classification == "nbs42_2017"  # ... and both lists are nbs42_2017
    assert list(x.index) == national.codes and x.sum() == pytest.approx(prov["辽宁"].output.sum())
    r = regionalize(national, prov["辽宁"], method="flq", delta=0.15)
    assert r.meta["region"] == "210000" and len(r.meta["provenance"]) == 2
    assert r.table.loc["01", "regional_output"] == pytest.approx(prov["辽宁"].output["01"])
    t15 = read_nbs_io(shared_data / "cn_io_nbs/cn_io_2015_42.csv")
    with pytest.raises(ValidationError, match="national sectors are nbs42_2012, regional "
                                              "sectors nbs42_2017"):
        match_regional_output(t15, prov["辽宁"])


def test_validation_against_the_survey_tables(tables):
    """Closing-note evidence (benchmarks/regionalization_check.py prints the full table):
    FLQ with delta in 0.05..0.5; survey imports and inflows netted by m/(x+m) (the default)."""
    national, prov = tables
    frame = validate_regionalization(national, prov.values(), methods=("slq", "flq"))
    assert len(frame) == 3 * 11 and set(frame["region"]) == {"210000", "220000", "230000"}
    best = best_delta(frame).set_index("region")
    assert best.loc["210000", "delta"] == 0.05
    assert best.loc["210000", "mape_multiplier"] == pytest.approx(10.15, abs=5e-3)
    assert best.loc["220000", "delta"] == 0.15 and best.loc["230000", "delta"] == 0.15
    # FLQ beats SLQ on multipliers in Jilin and Heilongjiang (Flegg & Tohmo's finding), not in
    # Liaoning on the supply basis (SLQ 9.58 % vs best FLQ 10.15 %): reported, not hidden.
    slq = frame[frame["method"] == "slq"].set_index("region")["mape_multiplier"]
    assert (best.loc[["220000", "230000"], "mape_multiplier"] < slq.loc[["220000", "230000"]]).all()
    assert slq.loc["210000"] == pytest.approx(9.582, abs=5e-3)


def test_use_basis_refuses_re_export_sectors(tables):
    """With m/(x-e+m), Jilin's and Heilongjiang's survey tables have import shares outside [0, 1]
    (exports and outflows exceed output net of imports): refused, naming the sectors."""
    national, prov = tables
    with pytest.raises(ValidationError, match=r"\['08', '09', '10', '11', '13', '14', '17', '18', "
                                              r"'23', '26'\]"):
        validate_regionalization(national, prov["吉林"], methods=("flq",),
                                 survey_import_share="use")
    frame = validate_regionalization(national, prov["辽宁"], methods=("flq",),
                                     survey_import_share="use")
    assert best_delta(frame).set_index("method").loc["flq", "delta"] == 0.15


def test_validation_supply_basis_and_criteria(tables):
    national, prov = tables
    frame = validate_regionalization(national, prov["吉林"], methods=("flq", "aflq"),
                                     survey_import_share="supply")
    best = best_delta(frame).set_index("method")
    assert best.loc["flq", "delta"] == 0.15
    assert best.loc["flq", "mape_multiplier"] == pytest.approx(11.716, abs=1e-3)
    rank = best_delta(frame, criterion="spearman_sensitivity")
    flq = frame[frame["method"] == "flq"]
    assert rank.set_index("method").loc["flq", "spearman_sensitivity"] == flq[
        "spearman_sensitivity"].max()
    assert frame.attrs["conventions"]["survey_import_share"] == "m/(x+m)"
    with pytest.raises(InputError, match="unknown criterion"):
        best_delta(frame, criterion="r2")
    with pytest.raises(InputError, match="unknown survey_import_share") as info:
        validate_regionalization(national, prov["吉林"], survey_import_share="total")
    assert info.value.field == "survey_import_share"
