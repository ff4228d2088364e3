"""Coupling coordination: Wang et al. (2021) Table 8, closed forms, grading schemes,
properties, errors, and a real-data panel of provinces x years."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.evaluate.coupling import (
    SCHEMES,
    CouplingResult,
    classify,
    coupling_coordination,
    coupling_kernel,
)

# 王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021), 国内耦合协调度模型的误区及修正, 自然资源学报 36(3):
# 793-810, 表8: eco-economic coupling degree C of 13 Beijing-Tianjin-Hebei cities (Beijing,
# Tianjin, Shijiazhuang, Tangshan, Qinhuangdao, Handan, Xingtai, Baoding, Zhangjiakou, Chengde,
# Cangzhou, Langfang, Hengshui), original (standard) model then modified model, 2008-2014.
WANG_TABLE8 = {
    2008: ("0.9989 0.9935 0.8868 0.9073 0.6821 0.8328 0.6816 0.7789 0.6871 0.6101 0.8017 0.7867 "
           "0.7191", "0.9404 0.8660 0.5440 0.5769 0.3006 0.4780 0.3344 0.4171 0.3278 0.2700 "
                     "0.4374 0.4196 0.3738"),
    2009: ("0.9984 0.9997 0.8912 0.9079 0.6790 0.8114 0.6839 0.7786 0.7180 0.6377 0.8018 0.7587 "
           "0.7396", "0.9238 0.9675 0.5435 0.5716 0.2946 0.4445 0.3224 0.4117 0.3533 0.2731 "
                     "0.4352 0.3821 0.3906"),
    2010: ("0.9999 0.9920 0.9071 0.9224 0.6957 0.8309 0.7044 0.7992 0.7556 0.6212 0.8277 0.7707 "
           "0.7109", "0.9835 0.8497 0.5659 0.5942 0.3041 0.4593 0.3385 0.4245 0.3857 0.2533 "
                     "0.4574 0.3908 0.3529"),
    2011: ("0.9939 0.9848 0.9373 0.9468 0.7446 0.8488 0.7437 0.8114 0.7806 0.6469 0.8601 0.8162 "
           "0.7560", "0.8485 0.7896 0.6271 0.6503 0.3454 0.4767 0.3720 0.4332 0.4123 0.2600 "
                     "0.4994 0.4361 0.3951"),
    2012: ("0.9992 0.9913 1.0000 0.9276 0.6720 0.8527 0.7674 0.8211 0.7859 0.6561 0.8749 0.8133 "
           "0.7577", "0.9445 0.8342 0.9949 0.5937 0.2497 0.4816 0.3967 0.4433 0.4134 0.2615 "
                     "0.5164 0.4243 0.3931"),
    2013: ("0.9858 0.9280 0.9867 0.9866 0.7442 0.9215 0.8259 0.8680 0.7819 0.6619 0.9183 0.9025 "
           "0.7773", "0.7757 0.5868 0.8169 0.8135 0.3519 0.6125 0.4721 0.5160 0.4043 0.2746 "
                     "0.6006 0.5692 0.4184"),
    2014: ("0.9942 0.9488 0.9834 0.9815 0.6713 0.8995 0.8283 0.8917 0.7556 0.6955 0.9270 0.9064 "
           "0.8257", "0.8523 0.6353 0.7939 0.7829 0.2532 0.5627 0.4708 0.5540 0.3797 0.3067 "
                     "0.6191 0.5750 0.4723"),
}


def _table8_pairs() -> np.ndarray:
    rows = [(float(a), float(b)) for std, wang in WANG_TABLE8.values()
            for a, b in zip(std.split(), wang.split())]
    return np.array(rows)


def _implied_indices(c_std: np.ndarray, c_wang: np.ndarray, *, with_sqrt: bool = True):
    """For n = 2 the standard C fixes r = U_min/U_max (2 sqrt(r) / (1 + r) = C); the modified
    C^2 = (1 - (U_max - U_min)) r then fixes U_max. Returns (U_max, U_min)."""
    s = (1 - np.sqrt(1 - c_std**2)) / c_std
    r = s**2
    lhs = c_wang**2 if with_sqrt else c_wang
    u_max = (1 - lhs / r) / (1 - r)
    return u_max, r * u_max


def test_wang2021_table8_is_reproduced_by_indices_in_the_unit_interval():
    """Wang et al. (2021), 自然资源学报 36(3), 表8 (printed to 4 decimals): for each of the 91
    city-years, the printed standard and modified C together imply one pair (U_max, U_min).
    That pair must lie in [0, 1] and give back both printed values under our two formulas
    (tolerance 6e-5, the printed rounding). A modified formula without the outer square root
    fails this test for every row (negative control). Rows with standard C >= 0.999 are skipped
    (r -> 1 makes the inversion ill-conditioned)."""
    pairs = _table8_pairs()
    pairs = pairs[pairs[:, 0] < 0.999]
    assert len(pairs) == 87
    u_max, u_min = _implied_indices(pairs[:, 0], pairs[:, 1])
    assert ((u_max > 0) & (u_max <= 1) & (u_min > 0) & (u_min < u_max)).all()
    U = np.column_stack([u_max, u_min])
    for formula, col in (("standard", 0), ("wang2021", 1)):
        C = coupling_kernel(U, np.array([0.5, 0.5]), formula)[0]
        assert C == pytest.approx(pairs[:, col], abs=6e-5)
    bad_max, _ = _implied_indices(pairs[:, 0], pairs[:, 1], with_sqrt=False)
    assert ((bad_max <= 0) | (bad_max > 1)).all()


def test_closed_form_three_subsystems():
    """U = (0.2, 0.4, 0.8): standard C = 3 (0.064)^(1/3) / 1.4 = 6/7; modified: mean pairwise
    |difference| = 1.2 / 3 = 0.4, prod(U / max) = 0.125, C = sqrt(0.6 * 0.125^(1/2)).
    Tolerance 1e-12."""
    U = pd.DataFrame({"economy": [0.2], "society": [0.4], "ecology": [0.8]},
                     index=pd.MultiIndex.from_tuples([("210000", 2020)], names=["region", "year"]))
    std = coupling_coordination(U)
    assert std.table["C"].iloc[0] == pytest.approx(6 / 7, abs=1e-12)
    assert std.table["T"].iloc[0] == pytest.approx(1.4 / 3, abs=1e-12)
    assert std.table["D"].iloc[0] == pytest.approx(math.sqrt(6 / 7 * 1.4 / 3), abs=1e-12)
    wang = coupling_coordination(U, formula="wang2021", weights=[0.5, 0.3, 0.2])
    assert wang.table["C"].iloc[0] == pytest.approx(math.sqrt(0.6 * math.sqrt(0.125)), abs=1e-12)
    assert wang.table["T"].iloc[0] == pytest.approx(0.38, abs=1e-12)
    assert wang.table.index.names == ["region", "year"]
    assert wang.meta["conventions"]["formula"] == "wang2021"
    assert "自然资源学报 36(3)" in wang.meta["source"]


def test_grading_schemes_boundaries():
    """10 classes with upper-inclusive bounds (田深圳 et al. 2021, 地理学报 76(4), 表1:
    0.00 < D <= 0.10 极度失调 ... 0.90 < D <= 1.00 优质协调); 4 classes cut at 0.3/0.5/0.8."""
    D = np.array([0.0, 0.1, 0.1000001, 0.45, 0.5, 0.95, 1.0])
    assert classify(D).tolist() == ["extreme disorder", "extreme disorder", "serious disorder",
                                    "verge of disorder", "verge of disorder",
                                    "quality coordination", "quality coordination"]
    assert classify(D, language="zh").tolist()[:3] == ["极度失调", "极度失调", "严重失调"]
    assert classify(np.array([0.3, 0.31, 0.8, 0.81]), "four_class").tolist() == [
        "low coordination", "moderate coordination", "high coordination",
        "extreme coordination"]
    assert len(SCHEMES["ten_class"]["classes"]) == 10


def test_region_year_columns_and_output_shape():
    frame = pd.DataFrame({"region": ["210000", "210000", "220000"], "year": [2019, 2020, 2020],
                          "U1": [0.3, 0.4, 0.9], "U2": [0.5, 0.4, 0.1]})
    r = coupling_coordination(frame, scheme="four_class")
    assert isinstance(r, CouplingResult)
    recs = r.records()
    assert [set(x) for x in recs] == [{"region", "year", "C", "T", "D", "class"}] * 3
    assert recs[1]["C"] == pytest.approx(1.0) and recs[1]["class"] == "high coordination"
    assert r.meta["grading"][0] == {"upper": 0.3, "class": "low coordination",
                                    "class_zh": "低度协调"}
    sub = coupling_coordination(frame.assign(U3=0.5), subsystems=["U1", "U3"])
    assert sub.meta["subsystems"] == ["U1", "U3"]


def test_errors_and_warnings():
    ok = pd.DataFrame({"U1": [0.2, 0.5], "U2": [0.3, 0.6]})
    with pytest.raises(InputError, match=r"subsystem indices outside \[0, 1\], first at "
                                         r"\['1/U2=1.2'\]"):
        coupling_coordination(ok.assign(U2=[0.3, 1.2]))
    with pytest.raises(InputError, match="at least 2 subsystem"):
        coupling_coordination(ok[["U1"]])
    with pytest.raises(InputError, match="unknown formula 'liao'"):
        coupling_coordination(ok, formula="liao")
    with pytest.raises(InputError, match="unknown scheme"):
        coupling_coordination(ok, scheme="five_class")
    with pytest.raises(InputError, match="first at observation/subsystem"):
        coupling_coordination(ok.assign(U1=[np.nan, 0.1]))
    with pytest.raises(UnknownLabelError, match="not in the matrix"):
        coupling_coordination(ok, weights={"U1": 0.5, "U9": 0.5})
    with pytest.raises(InputError, match=r"subsystems \['U7'\] are not columns"):
        coupling_coordination(ok, subsystems=["U1", "U7"])
    dup = pd.DataFrame({"region": ["a", "a"], "year": [2020, 2020], "U1": [0.1, 0.2],
                        "U2": [0.1, 0.2]})
    with pytest.raises(InputError, match="duplicate observation labels"):
        coupling_coordination(dup)
    with pytest.warns(DataQualityWarning, match=r"every subsystem index is 0 for 1 "
                                                r"observation\(s\) \['1'\]"):
        r = coupling_coordination(ok.assign(U1=[0.2, 0.0], U2=[0.3, 0.0]), formula="wang2021")
    assert r.table["C"].iloc[1] == 0 and r.table["D"].iloc[1] == 0
    with pytest.warns(DataQualityWarning, match="subsystem weights sum to 2"):
        coupling_coordination(ok, weights=[1, 1])


indices = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 5)),
                 elements=st.floats(0, 1, allow_nan=False, allow_subnormal=False))


@settings(max_examples=80, deadline=None)
@given(U=indices, data=st.data())
def test_properties(U, data):
    """C, T, D in [0, 1] (both formulas); equal indices give C = 1; with equal weights,
    permuting subsystems changes nothing; permuting rows permutes results; for n = 2 the
    modified C never exceeds the standard C."""
    n = U.shape[1]
    beta = np.full(n, 1 / n)
    cols = np.array(data.draw(st.permutations(range(n))))
    rows = np.array(data.draw(st.permutations(range(U.shape[0]))))
    for formula in ("standard", "wang2021"):
        C, T, D = coupling_kernel(U, beta, formula)
        for v in (C, T, D):
            assert ((v >= 0) & (v <= 1 + 1e-12)).all()
        for got, want in zip(coupling_kernel(U[:, cols], beta, formula), (C, T, D)):
            assert got == pytest.approx(want, abs=1e-12)
        for got, want in zip(coupling_kernel(U[rows], beta, formula), (C, T, D)):
            assert got == pytest.approx(want[rows], abs=1e-12)
        level = data.draw(st.floats(0.01, 1))
        assert coupling_kernel(np.full((1, n), level), beta, formula)[0] == pytest.approx(1.0)
    if n == 2:
        assert (coupling_kernel(U, beta, "wang2021")[0]
                <= coupling_kernel(U, beta, "standard")[0] + 1e-12).all()


def test_real_provinces_panel(shared_data):
    """R&D intensity and the S&T share of local budget spending, min-max standardised over all
    province-years 2015-2020, as two subsystem indices: one (region, year) row each."""
    from revitalize.data.readers import read_panel

    panel = read_panel(shared_data / "cn_prov_rd_fiscal" / "cn_prov_rd_fiscal_long.csv")
    rd = panel.wide("rd_intensity_pct_gdp", warn_flags=False).loc[2015:2020]
    st_share = (panel.wide("local_gov_budget_exp_science_tech", warn_flags=False) /
                panel.wide("local_gov_budget_exp_total", warn_flags=False)).loc[2015:2020]

    def minmax(w):
        long = w.drop(columns="000000").stack()
        return (long - long.min()) / (long.max() - long.min())

    U = pd.DataFrame({"innovation": minmax(rd), "fiscal": minmax(st_share)}).dropna()
    U = U.reorder_levels(["region", "year"]).sort_index()
    with pytest.warns(DataQualityWarning, match="every subsystem index is 0"):
        r = coupling_coordination(U, formula="wang2021")
    assert len(r.table) == 31 * 6
    assert ((r.table["D"] >= 0) & (r.table["D"] <= 1)).all()
    assert set(r.table.loc["210000"].index) == set(range(2015, 2021))
    assert r.table.loc[("110000", 2020), "D"] > r.table.loc[("230000", 2020), "D"]
