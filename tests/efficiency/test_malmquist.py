"""Malmquist and Malmquist-Luenberger indices: analytic one-input one-output cases, the
decomposition identities as properties, infeasibility reporting, error paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.efficiency.malmquist import malmquist, malmquist_luenberger
from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError

# period 0: A (1, 1), B (2, 1); period 1: A (1, 2), B (2, 3)
ANALYTIC = pd.DataFrame({"region": ["A", "B", "A", "B"], "year": [0, 0, 1, 1],
                         "x": [1.0, 2.0, 1.0, 2.0], "y": [1.0, 1.0, 2.0, 3.0]})


@pytest.mark.parametrize("reference", ["adjacent", "fixed_base", "global"])
def test_one_input_one_output_by_hand(reference):
    """With one input and one output under CRS, E^t(b) = (y_b / x_b) / max_j(y_j / x_j)_t, so
    M = productivity ratio, TC = ratio of frontier slopes (2 / 1), EC = M / TC: A: M 2, EC 1;
    B: M 3, EC 1.5 (Coelli et al. 2005, section 11.2 in the one-input one-output case; by
    hand). Every reference technology gives the same numbers here. Tolerance 1e-9."""
    t = malmquist(ANALYTIC, inputs="x", outputs="y", reference=reference).table.set_index(
        "region")
    np.testing.assert_allclose(t.loc[["A", "B"], "tfpch"], [2.0, 3.0], atol=1e-9)
    np.testing.assert_allclose(t.loc[["A", "B"], "effch"], [1.0, 1.5], atol=1e-9)
    np.testing.assert_allclose(t.loc[["A", "B"], "techch"], [2.0, 2.0], atol=1e-9)
    assert (t["infeasible"] == "").all()


def test_input_orientation_gives_the_same_crs_index():
    a = malmquist(ANALYTIC, inputs="x", outputs="y").table
    b = malmquist(ANALYTIC, inputs="x", outputs="y", orientation="input").table
    np.testing.assert_allclose(a["tfpch"], b["tfpch"], atol=1e-9)


def _panel(m, periods=3, n=5):
    rows = []
    for t in range(periods):
        for i in range(n):
            x1, x2, y, b = m[t * n + i]
            rows.append({"region": f"r{i}", "year": 2000 + t, "x1": x1, "x2": x2, "y": y, "b": b})
    return pd.DataFrame(rows)


_panels = arrays(float, (15, 4), elements=st.floats(0.5, 20, allow_nan=False))


@settings(max_examples=15, deadline=None)
@given(_panels, st.sampled_from(["adjacent", "fixed_base", "global"]))
def test_property_decomposition_identities(m, reference):
    """M = EC x TC and EC = PEC x SEC to rounding (1e-12 relative)."""
    t = malmquist(_panel(m), inputs=["x1", "x2"], outputs="y", reference=reference).table
    np.testing.assert_allclose(t["tfpch"], t["effch"] * t["techch"], rtol=1e-12)
    np.testing.assert_allclose(t["effch"], t["pech"] * t["sech"], rtol=1e-12)
    last = t[t["year_to"] == 2002].set_index("region")
    first = t[t["year_to"] == 2001].set_index("region")
    np.testing.assert_allclose(last["tfpch_cumulative"], first["tfpch"] * last["tfpch"],
                               rtol=1e-12)


@settings(max_examples=10, deadline=None)
@given(_panels)
def test_property_ml_identity_and_global_always_feasible(m):
    d = _panel(m)
    g = malmquist_luenberger(d, inputs=["x1", "x2"], outputs="y", undesirable="b",
                             reference="global").table
    assert (g["infeasible"] == "").all()
    np.testing.assert_allclose(g["ml"], g["mlec"] * g["mltc"], rtol=1e-12)


def test_ml_unchanged_data_gives_one_and_infeasibility_is_reported():
    """Same data in both periods: ML = MLEC = MLTC = 1. A DMU whose bad output falls far below
    every period-t combination allows (C in period 1: x 0.1, y 9, b 3 -- a period-0 combination
    within x <= 0.1 emits at most 0.1 of b, so b = 3(1 - beta) forces beta >= 0.97 and then
    y >= 9(1 + beta) cannot hold) makes D^t(t+1) infeasible: NaN, named."""
    base = pd.DataFrame({"region": list("ABC"), "x": [1.0, 2.0, 3.0], "y": [1.0, 2.5, 2.0],
                         "b": [1.0, 2.0, 3.0]})
    same = pd.concat([base.assign(year=0), base.assign(year=1)])
    t = malmquist_luenberger(same, inputs="x", outputs="y", undesirable="b").table
    np.testing.assert_allclose(t[["ml", "mlec", "mltc"]].to_numpy(float), 1.0, atol=1e-9)
    moved = pd.concat([base.assign(year=0),
                       base.assign(year=1, x=[1.0, 2.0, 0.1], y=[1.0, 2.5, 9.0])])
    with pytest.warns(DataQualityWarning, match="infeasible"):
        t = malmquist_luenberger(moved, inputs="x", outputs="y", undesirable="b").table
    row = t.set_index("region").loc["C"]
    assert np.isnan(row["ml"]) and "D^t(t+1)" in row["infeasible"]
    assert np.isnan(row["ml_cumulative"])
    g = malmquist_luenberger(moved, inputs="x", outputs="y", undesirable="b",
                             reference="global").table.set_index("region")
    assert g.loc["C", "ml"] > 1 and g.loc["C", "infeasible"] == ""


def test_meta_names_reference_and_base():
    r = malmquist(ANALYTIC, inputs="x", outputs="y", reference="fixed_base", base_period=1)
    assert r.meta["conventions"]["reference"] == "fixed_base"
    assert r.meta["conventions"]["base_period"] == 1
    assert set(r.extra["distances"].columns) >= {"region", "year", "efficiency"}


def test_errors():
    with pytest.raises(InputError, match="unbalanced"):
        malmquist(ANALYTIC.iloc[:3], inputs="x", outputs="y")
    with pytest.raises(InputError, match="duplicated"):
        malmquist(pd.concat([ANALYTIC, ANALYTIC.iloc[:1]]), inputs="x", outputs="y")
    with pytest.raises(UnknownLabelError, match="dmu"):
        malmquist(ANALYTIC, inputs="x", outputs="y", dmu="province")
    with pytest.raises(InputError, match="at least two"):
        malmquist(ANALYTIC[ANALYTIC["year"] == 0], inputs="x", outputs="y")
    with pytest.raises(InputError, match="base_period"):
        malmquist(ANALYTIC, inputs="x", outputs="y", reference="fixed_base", base_period=5)
    with pytest.raises(InputError, match="reference"):
        malmquist(ANALYTIC, inputs="x", outputs="y", reference="sequential")
    with pytest.raises(InputError, match="undesirable"):
        malmquist_luenberger(ANALYTIC, inputs="x", outputs="y", undesirable=[])
    with pytest.raises(InputError, match="key"):
        malmquist(ANALYTIC, inputs="year", outputs="y")
