"""SBM (Tone 2001/2004) and directional distance functions: hand-solved examples, Tone's
theorems as properties, error paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.efficiency.dea import dea
from revitalize.efficiency.sbm import ddf, sbm, sbm_kernel
from revitalize.errors import DataQualityWarning, InputError

from .test_dea import HOSP, HOSPITALS

TWO = pd.DataFrame({"x1": [1.0, 2.0], "x2": [1.0, 4.0], "y": [1.0, 1.0], "b": [1.0, 2.0]},
                   index=["A", "B"])


def test_sbm_two_dmu_by_hand():
    """B = (2, 4; 1) against A = (1, 1; 1), CRS. With lambda in [1, 2] the ratio
    (1 - ((2 - l)/2 + (4 - l)/4)/2) / (1 + (l - 1)) = 3/8 for every l, so rho* = 0.375 (solved
    analytically here with Tone's 2001 ratio); CCR theta* = 1/2 >= rho* (Tone 2001)."""
    t = sbm(TWO, inputs=["x1", "x2"], outputs="y").table
    assert t.loc["B", "sbm"] == pytest.approx(0.375, abs=1e-9)
    assert t.loc["A", "sbm"] == pytest.approx(1.0, abs=1e-9) and t.loc["A", "efficient"]
    assert dea(TWO, inputs=["x1", "x2"], outputs="y").table.loc["B", "theta"] == pytest.approx(0.5)


def test_sbm_undesirable_two_dmu_by_hand():
    """With the bad output b (A = 1, B = 2): the ratio (3l/8) / (1 + l/4) is increasing in l,
    so l = 1, slacks (1, 3; 0; b 1) and rho* = 0.375 / 1.25 = 0.3 (Tone 2004 form, solved by
    hand). Tolerance 1e-9."""
    t = sbm(TWO, inputs=["x1", "x2"], outputs="y", undesirable="b").table
    assert t.loc["B", "sbm"] == pytest.approx(0.3, abs=1e-9)
    np.testing.assert_allclose(t.loc["B", ["slack_x1", "slack_x2", "slack_y", "slack_b"]]
                               .to_numpy(float), [1, 3, 0, 1], atol=1e-8)
    assert t.loc["B", "target_b"] == pytest.approx(1.0)


def test_sbm_single_input_output_equals_ccr():
    d = pd.DataFrame({"x": [2.0, 3.0, 5.0, 4.0], "y": [1.0, 3.0, 4.0, 2.0]}, index=list("abcd"))
    np.testing.assert_allclose(sbm(d, inputs="x", outputs="y").table["sbm"],
                               dea(d, inputs="x", outputs="y").table["efficiency"], atol=1e-9)


def test_sbm_vrs_ge_crs_and_efficient_set_is_ccr_strong_efficient():
    crs = sbm(HOSPITALS, **HOSP).table
    vrs = sbm(HOSPITALS, **HOSP, rts="vrs").table
    assert (vrs["sbm"] >= crs["sbm"] - 1e-9).all()
    ccr = dea(HOSPITALS, **HOSP).table
    assert set(crs.index[crs["efficient"]]) == set(ccr.index[ccr["efficient"]])


def test_ddf_by_hand_weak_disposability():
    """A = (x 1, y 1, b 1), B = (1, 0.5, 1), direction (y_B, b_B) = (0.5, 1), CRS, weak
    disposability: lambda = 1 - beta >= 0.5 + 0.5 beta, so beta* = 1/3 (by hand)."""
    d = pd.DataFrame({"x": [1.0, 1.0], "y": [1.0, 0.5], "b": [1.0, 1.0]}, index=["A", "B"])
    t = ddf(d, inputs="x", outputs="y", undesirable="b").table
    assert t.loc["B", "beta"] == pytest.approx(1 / 3, abs=1e-9)
    assert t.loc["A", "beta"] == pytest.approx(0.0, abs=1e-9)
    assert t.loc["B", "efficiency"] == pytest.approx(0.75, abs=1e-9)
    strong = ddf(d, inputs="x", outputs="y", undesirable="b", bad_disposability="strong").table
    assert strong.loc["B", "beta"] >= t.loc["B", "beta"] - 1e-12


def test_ddf_without_bads_matches_output_dea():
    """Direction (0, y): beta* = eta* - 1 of the output-oriented radial model."""
    t = ddf(HOSPITALS, **HOSP).table
    eta = dea(HOSPITALS, **HOSP, orientation="output").table["eta"]
    np.testing.assert_allclose(t["beta"], eta - 1, atol=1e-8)


@settings(max_examples=20, deadline=None)
@given(arrays(float, (7, 4), elements=st.floats(0.5, 20, allow_nan=False)))
def test_property_sbm_between_zero_and_ccr(m):
    """Tone (2001): 0 < rho* <= theta*_CCR (CRS)."""
    d = pd.DataFrame(m, columns=["x1", "x2", "y1", "y2"])
    kw = {"inputs": ["x1", "x2"], "outputs": ["y1", "y2"]}
    rho = sbm(d, **kw).table["sbm"]
    theta = dea(d, **kw).table["efficiency"]
    assert ((rho > 0) & (rho <= theta + 1e-8)).all()


def test_sbm_kernel_batched_equals_loop():
    rng = np.random.default_rng(5)
    X, Y, B = rng.uniform(1, 9, (40, 2)), rng.uniform(1, 9, (40, 2)), rng.uniform(1, 9, (40, 1))
    np.testing.assert_allclose(sbm_kernel(X, Y, B).rho, sbm_kernel(X, Y, B, batched=False).rho,
                               atol=1e-9)


def test_errors():
    d = TWO.copy()
    d.loc["A", "y"] = 0.0
    d.loc["A", "b"] = 3.0
    d["y2"] = 1.0
    with pytest.raises(InputError, match="row A: field y: zero desirable output"), \
            pytest.warns(DataQualityWarning, match="zero value"):
        sbm(d, inputs=["x1", "x2"], outputs=["y", "y2"])
    with pytest.raises(InputError, match="rts"):
        sbm(TWO, inputs="x1", outputs="y", rts="nirs")
    with pytest.raises(InputError, match="direction"):
        ddf(TWO, inputs="x1", outputs="y", direction="bads")
    with pytest.raises(InputError, match="bad_disposability"):
        ddf(TWO, inputs="x1", outputs="y", undesirable="b", bad_disposability="free")
    t = ddf(TWO, inputs=["x1", "x2"], outputs="y", undesirable="b",
            direction="inputs_outputs").table
    assert t["feasible"].all()
