"""CO2 by IO sector (io/emissions.py): kernels against hand computation, a published Leontief
inverse and the peer library pymrio; the shell on the real Liaoning 2017 table.

* Hand case (3 sectors, upper-triangular A so that L = I + A + A^2 exactly): Z = [[0,10,0],
  [0,0,20],[0,0,0]], x = (100,100,100), e = (50,20,10): f = (0.5,0.2,0.1), L = [[1,.1,.02],
  [0,1,.2],[0,0,1]], m = f L = (0.5, 0.25, 0.15), y = x - Z1 = (90,80,100), m*y = (45,20,15),
  sum 80 = sum e. Exact (1e-12).
* Published inverse: Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., chapter 2, Table
  2.3 (Z = [[150,500],[200,100]], x = (1000,2000)) and the inverse printed after it
  (L = [[1.254125, 0.330033],[0.264026, 1.122112]]), as transcribed in pymrio's
  tests/test_math.py (fixture td_IO_Data_Miller, IndEcol/pymrio). With the book's labour
  coefficients (0.3, 0.25) as the satellite: m = (0.3*1.254125 + 0.25*0.264026,
  0.3*0.330033 + 0.25*1.122112) = (0.442244, 0.379538); tolerance 1e-6 (the printed digits).
* Peer: pymrio 0.7 ``calc_S`` / ``calc_L`` / ``calc_M`` on the same arrays, 1e-12.
* Real cell: shared/data/cn_prov_co2_ceads/cn_prov_co2_ceads_sectoral_long.csv lines 39914
  (Liaoning 2017 Smelting and Pressing of Ferrous Metals, 138.703 Mt) and 39915 (Nonferrous,
  1.71056 Mt) both map to IO sector 14; shared/data/cn_io_provincial/cn_prov_io_2017_42.csv
  line 255 (Liaoning sec14), column GO = 43970959.35260195 (10^4 CNY). Direct coefficient
  (138.703 + 1.71056) * 1e6 / 43970959.35260195 t per 10^4 CNY, 1e-9 relative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.io.emissions import (
    allocation_matrix,
    direct_coefficients,
    embodied_emissions,
    emission_multipliers,
    read_concordance,
    total_multipliers,
)


def test_hand_three_sectors():
    Z = np.array([[0, 10, 0], [0, 0, 20], [0, 0, 0]], float)
    x = np.array([100.0, 100, 100])
    e = np.array([50.0, 20, 10])
    f = direct_coefficients(e, x)
    L = np.linalg.inv(np.eye(3) - Z / x)
    assert np.allclose(L, [[1, .1, .02], [0, 1, .2], [0, 0, 1]], atol=1e-12)
    m = total_multipliers(f, L)
    assert np.allclose(m, [0.5, 0.25, 0.15], atol=1e-12)
    emb = embodied_emissions(m, x - Z.sum(axis=1))
    assert np.allclose(emb, [45, 20, 15], atol=1e-12) and emb.sum() == pytest.approx(e.sum())


def test_miller_blair_table_2_3_inverse():
    Z = np.array([[150.0, 500], [200, 100]])
    x = np.array([1000.0, 2000])
    L = np.linalg.inv(np.eye(2) - Z / x)
    assert np.allclose(L, [[1.25412541, 0.330033], [0.2640264, 1.12211221]], atol=1e-6)
    m = total_multipliers(np.array([0.3, 0.25]), L)
    assert np.allclose(m, [0.442244, 0.379538], atol=1e-6)


def test_against_pymrio():
    iomath = pytest.importorskip("pymrio.tools.iomath")
    rng = np.random.default_rng(3)
    Z = rng.uniform(0, 10, (5, 5))
    x = Z.sum(axis=1) + rng.uniform(20, 40, 5)
    F = rng.uniform(0, 5, (1, 5))
    A = iomath.calc_A(pd.DataFrame(Z), pd.DataFrame(x))
    M = iomath.calc_M(iomath.calc_S(pd.DataFrame(F), pd.DataFrame(x)), iomath.calc_L(A))
    ours = total_multipliers(direct_coefficients(F[0], x), np.linalg.inv(np.eye(5) - Z / x))
    assert np.allclose(ours, M.to_numpy()[0], rtol=1e-12)


def test_allocation_rows_sum_to_one_and_split_by_output():
    x = np.array([10.0, 30.0, 0.0])
    C = allocation_matrix([[0], [0, 1], [2]], np.array([False, True, False]), x)
    assert np.allclose(C.sum(axis=1), 1) and np.allclose(C[1], [0.25, 0.75, 0])


def test_concordance_covers_45_sectors_with_reasons():
    c = read_concordance()
    assert len(c) == 45 and c["reason"].str.len().min() > 5
    assert not c["ceads_sector"].isin(("Urban", "Rural", "Total")).any()


def test_concordance_refuses_a_bad_split(tmp_path):
    bad = tmp_path / "c.csv"
    bad.write_text("ceads_sector,nbs42_2017,nbs42_2012,split,reason\nX,01,01,half,r\n")
    with pytest.raises(InputError, match="split"):
        read_concordance(bad)


@pytest.fixture(scope="module")
def liaoning():
    from revitalize.data.catalog import default_catalog

    cat = default_catalog()
    return emission_multipliers(cat.io_table("prov_io_2017", region="Liaoning"),
                                cat.panel("prov_co2_ceads"))


def test_supplied_concordance_is_checked_like_the_file():
    from revitalize.data.catalog import default_catalog

    cat = default_catalog()
    frame = pd.DataFrame({"ceads_sector": ["X"], "nbs42_2017": ["01"]})
    with pytest.raises(InputError, match="lacks columns"):
        emission_multipliers(cat.io_table("prov_io_2017", region="Liaoning"),
                             cat.panel("prov_co2_ceads"), concordance=frame)


def test_real_cell_liaoning_2017_metals(liaoning):
    t = liaoning.table
    assert t.loc["14", "co2_mt"] == pytest.approx(138.703 + 1.71056, rel=1e-9)
    assert t.loc["14", "direct_t_per_10k_cny"] == pytest.approx(
        (138.703 + 1.71056) * 1e6 / 43970959.35260195, rel=1e-9)


def test_real_totals_and_key_sectors(liaoning):
    t, meta = liaoning.table, liaoning.meta
    # every production row is allocated; households (Urban + Rural) are left out of f
    assert t["co2_mt"].sum() == pytest.approx(meta["ceads_production_mt"], rel=1e-12)
    assert meta["ceads_production_mt"] + meta["ceads_households_mt"] == pytest.approx(
        meta["ceads_total_mt"], rel=1e-5)
    assert t["embodied_mt"].sum() == pytest.approx(t["co2_mt"].sum(), rel=1e-8)
    assert (t["total_t_per_10k_cny"] >= t["direct_t_per_10k_cny"] - 1e-12).all()
    # power (24) and metals (14) are key by emissions and by linkages in Liaoning 2017
    assert set(t.loc[["14", "24"], "emission_key"]) == {"key"}
    assert set(t["linkage_class"]) <= {"key", "backward_oriented", "forward_oriented", "weak",
                                       "not_computed"}


def test_year_without_inventory_is_refused():
    from revitalize.data.catalog import default_catalog

    cat = default_catalog()
    with pytest.raises(InputError, match="no CEADs inventory"):
        emission_multipliers(cat.io_table("prov_io_2017", region="Tibet"),
                             cat.panel("prov_co2_ceads"))


def test_other_classification_is_refused():
    from revitalize.data.catalog import default_catalog

    cat = default_catalog()
    with pytest.raises(InputError, match="concordance"):
        emission_multipliers(cat.io_table("prov_io_2007", region="Liaoning"),
                             cat.panel("prov_co2_ceads"))


def test_northeast_in_one_table(liaoning):
    from revitalize.data.catalog import default_catalog
    from revitalize.io.emissions import combine_regions

    cat = default_catalog()
    jilin = emission_multipliers(cat.io_table("prov_io_2017", region="Jilin"),
                                 cat.panel("prov_co2_ceads"))
    both = combine_regions([liaoning, jilin])
    assert list(both.table.index.get_level_values("region").unique()) == ["210000", "220000"]
    assert both.table.loc[("210000", "14"), "co2_mt"] == liaoning.table.loc["14", "co2_mt"]
    assert set(both.meta["by_region"]) == {"210000", "220000"}
    assert both.meta["by_region"]["220000"]["ceads_total_mt"] == jilin.meta["ceads_total_mt"]
    with pytest.raises(InputError, match="no provinces"):
        combine_regions([])
