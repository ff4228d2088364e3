"""Interregional models (revitalize.io.interregional).

Reference values: Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., ch. 3 prints a
two-region interregional example with its L and multipliers; the book could not be consulted
offline and its numbers are not transcribed here (not even from memory). The reference test is
a two-region, one-sector-each economy worked by hand in the docstring below (tolerance 1e-6,
the hand values are rounded to 6 decimals); L is compared with pymrio (test-only peer) on a
random six-sector, three-region table (1e-10).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import InputError, UnknownLabelError, ValidationError
from revitalize.io.interregional import (
    aggregate_regions,
    chenery_moses_table,
    feedback_decomposition,
    multiregional_table,
    origin_shares,
    round_decomposition,
    spillovers,
)
from tests.io.fixtures import miller_blair_2x2


def _mrio(A, x, regions, sectors, fd=None):
    pairs = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    x = np.asarray(x, float)
    Z = pd.DataFrame(np.asarray(A, float) * x[np.newaxis, :], index=pairs, columns=pairs)
    y = x - Z.to_numpy().sum(axis=1)
    if fd is None:
        own = np.repeat(np.arange(len(regions)), len(sectors))
        fd = pd.DataFrame({r: np.where(own == k, y, 0.0) for k, r in enumerate(regions)},
                          index=pairs)
    return multiregional_table(Z, fd, pd.Series(x, index=pairs),
                               value_added=pd.Series(x - Z.to_numpy().sum(axis=0), index=pairs))


def test_two_region_worked_by_hand():
    """A = [[0.2, 0.2], [0.1, 0.3]] (regions r, s; one sector each).
    M1 = diag(1/0.8, 1/0.7) = diag(1.25, 1.428571); L = [[0.7, 0.2], [0.1, 0.8]] / 0.54 =
    [[1.296296, 0.370370], [0.185185, 1.481481]]. Column r: total 1.481481 = intraregional 1.25
    + feedback (1.296296 - 1.25 = 0.046296) + spillover 0.185185.
    Round: A* = M1 A_o = [[0, 0.25], [0.142857, 0]]; open loop A* M1, column r: 0.142857 * 1.25
    = 0.178571; M3 - I = diag(1/(1 - 0.25 * 0.142857) - 1) = 0.037037 I, closed loop column r
    0.037037 * (1.25 + 0.178571) = 0.052910; 1 + 0.25 + 0.178571 + 0.052910 = 1.481481."""
    res = spillovers(_mrio([[0.2, 0.2], [0.1, 0.3]], [100.0, 100.0], ["r", "s"], ["1"]))
    row = res.table.loc[("r", "1")]
    assert row["total"] == pytest.approx(1.481481, abs=1e-6)
    assert row["intraregional"] == pytest.approx(1.25, abs=1e-6)
    assert row["feedback"] == pytest.approx(0.046296, abs=1e-6)
    assert row["spillover"] == pytest.approx(0.185185, abs=1e-6)
    assert row["spillover_s"] == pytest.approx(0.185185, abs=1e-6)
    assert row["intraregional_effect"] == pytest.approx(0.25, abs=1e-6)
    assert row["open_loop"] == pytest.approx(0.178571, abs=1e-6)
    assert row["closed_loop"] == pytest.approx(0.052910, abs=1e-6)
    assert row["retention"] == pytest.approx(1.296296 / 1.481481, abs=1e-6)


def test_leontief_inverse_against_pymrio():
    pymrio = pytest.importorskip("pymrio")
    rng = np.random.default_rng(11)
    A = rng.uniform(0, 0.3, (6, 6)) / 2
    res = spillovers(_mrio(A, rng.uniform(50, 150, 6), ["a", "b", "c"], ["1", "2"]))
    L_peer = pymrio.calc_L(pd.DataFrame(A)).to_numpy()
    np.testing.assert_allclose(res.extra["L"].to_numpy(), L_peer, rtol=1e-10)


@settings(max_examples=40, deadline=None)
@given(arrays(float, (3 * 2, 3 * 2), elements=st.floats(0.0, 0.15)), st.integers(1, 3))
def test_parts_sum_to_the_total_multiplier(A, R):
    n = 6 // R
    A = A[: R * n, : R * n]
    fb = feedback_decomposition(A, R)
    total = fb["L"].sum(axis=0)
    np.testing.assert_allclose(fb["by_region"].sum(axis=0), total, rtol=1e-12)
    own = np.repeat(np.arange(R), n)
    spill = total - fb["by_region"][own, np.arange(R * n)]
    np.testing.assert_allclose(fb["intraregional"] + fb["feedback"] + spill, total, rtol=1e-12)
    rd = round_decomposition(A, fb["M1"], R)
    np.testing.assert_allclose(1 + rd["intraregional_effect"] + rd["open_loop"] + rd["closed_loop"],
                               total, rtol=1e-12)
    assert (fb["feedback"] >= -1e-12).all()


def test_round_closed_loop_is_m3_minus_i_for_two_regions():
    rng = np.random.default_rng(2)
    A = rng.uniform(0, 0.2, (4, 4))
    fb = feedback_decomposition(A, 2)
    M1 = fb["M1"]
    Ao = A.copy()
    Ao[:2, :2] = Ao[2:, 2:] = 0
    S = M1 @ Ao
    M2, M3 = np.eye(4) + S, np.linalg.inv(np.eye(4) - S @ S)
    np.testing.assert_allclose(M3 @ M2 @ M1, fb["L"], rtol=1e-12)
    rd = round_decomposition(A, M1, 2)
    np.testing.assert_allclose(rd["closed_loop"], ((M3 - np.eye(4)) @ M2 @ M1).sum(axis=0),
                               rtol=1e-10)


# ---------------------------------------------------------------------------- estimation
def _province(region, Z, x, ex, of, im, inflow):
    codes = ["01", "02"]
    Z = pd.DataFrame(Z, index=codes, columns=codes, dtype=float)
    x = pd.Series(x, index=codes, dtype=float)
    ex, of, im, inflow = (np.asarray(v, float) for v in (ex, of, im, inflow))
    fu = x.to_numpy() - Z.sum(axis=1).to_numpy() - ex - of + im + inflow
    return miller_blair_2x2(
        Z=Z, final_demand=pd.DataFrame({"FU201": fu, "EX": ex, "OF": of}, index=codes),
        imports=pd.DataFrame({"IM": im, "IF": inflow}, index=codes), output=x,
        value_added=pd.DataFrame([x - Z.sum(axis=0)], index=["VA001"], columns=codes),
        total_input=x.copy(), region=region, year=2017)


def _three():
    return {"a": _province("a", [[10, 20], [5, 15]], [100, 80], [5, 0], [10, 6], [4, 2], [6, 8]),
            "b": _province("b", [[30, 10], [10, 20]], [150, 120], [0, 10], [8, 12], [2, 6], [9, 3]),
            "c": _province("c", [[20, 15], [25, 5]], [90, 110], [2, 2], [4, 9], [1, 1], [7, 10])}


def test_chenery_moses_shares_and_origins():
    tables = _three()
    mr = chenery_moses_table(tables)
    Z = mr.Z.to_numpy()
    for s, c in enumerate(sorted(tables)):
        t = tables[c]
        col = Z[:, 2 * s: 2 * s + 2].reshape(3, 2, 2).sum(axis=0)  # by product, all origins
        x = t.output.to_numpy()
        m = t.imports.sum(axis=1).to_numpy()
        np.testing.assert_allclose(col, t.Z.to_numpy() * (x / (x + m))[:, None]
                                   + t.Z.to_numpy() * (t.imports["IF"].to_numpy() / (x + m))[:, None],
                                   rtol=1e-12)  # supply basis: domestic shares (x + IF)/(x+IF+IM)
    t = origin_shares(np.array([[10.0, 6.0], [8.0, 12.0], [4.0, 9.0]]))
    np.testing.assert_allclose(t.sum(axis=0), [[1, 1], [1, 1], [1, 1]])
    assert t[1, 0, 0] == pytest.approx(8 / 12)


def test_region_groups_preserve_totals():
    mr = chenery_moses_table(_three())
    two = aggregate_regions(mr, {"A": ["a"], "BC": ["b", "c"]})
    assert two.Z.to_numpy().sum() == pytest.approx(mr.Z.to_numpy().sum())
    assert two.output.sum() == pytest.approx(mr.output.sum())
    assert list(two.final_demand.columns) == ["A", "BC", "EX"]
    res = spillovers(two)
    assert set(res.demand_shock.index) == {"A", "BC"}
    shock = res.demand_shock.loc["A"]
    assert 0 < shock["output_retained_share"] < 1
    assert shock["output_retained_share"] == pytest.approx(
        shock["output_in_A"] / (shock["output_in_A"] + shock["output_in_BC"]))


def test_errors():
    tables = _three()
    with pytest.raises(InputError, match="unmapped"):
        aggregate_regions(chenery_moses_table(tables), {"A": ["a"]})
    with pytest.raises(InputError, match="import_share"):
        chenery_moses_table(tables, import_share="net")
    with pytest.raises(ValidationError, match="EX"):
        chenery_moses_table({"x": miller_blair_2x2()})
    bad = dict(tables, a=_province("a", [[10, 20], [5, 15]], [100, 80], [50, 0], [60, 6],
                                   [20, 2], [6, 8]))  # x - EX - OF = -10 < 0 for product 01
    with pytest.raises(ValidationError, match="own-supply shares"):
        chenery_moses_table(bad, import_share="use")
    good = _mrio([[0.2, 0.2], [0.1, 0.3]], [100.0, 100.0], ["r", "s"], ["1"])
    with pytest.raises(InputError, match="square"):
        multiregional_table(good.Z.iloc[:, :1], good.final_demand, good.output)
    with pytest.raises(UnknownLabelError, match="no column for regions"):
        multiregional_table(good.Z, good.final_demand[["r"]], good.output)
    with pytest.raises(ValidationError, match="negative"):
        multiregional_table(good.Z, good.final_demand, -good.output)
    zero = _mrio([[0.2, 0.0], [0.1, 0.0]], [100.0, 0.0], ["r", "s"], ["1"])
    with pytest.raises(ValidationError, match="zero output"):
        spillovers(zero, zero_output="raise")


# ---------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def tables_2017(shared_data):
    import warnings

    from revitalize.data.readers import read_provincial_io
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_provincial_io(shared_data / "cn_io_provincial" / "cn_prov_io_2017_42.csv")


def test_northeast_four_region_model_2017(tables_2017):
    ne = ["210000", "220000", "230000"]
    groups = {**{c: [c] for c in ne}, "rest": [c for c in tables_2017 if c not in ne]}
    # Tibet's and Shanghai's empty sectors are summed into "rest": no zero output remains
    res = spillovers(chenery_moses_table(dict(tables_2017), regions=groups), zero_output="raise")
    tab = res.table
    parts = tab["intraregional"] + tab["feedback"] + tab["spillover"]
    np.testing.assert_allclose(parts, tab["total"], rtol=1e-10)
    shock = res.demand_shock
    # most of a Northeast province's demand leaks to other provinces (Chenery-Moses, 2017)
    for c in ne:
        assert 0.2 < shock.loc[c, "output_retained_share"] < 0.7
    assert shock.loc["rest", "output_retained_share"] > 0.9
    assert res.meta["estimation"]["import_share"] == "supply"
