"""Manufacturing and producer-services shares (indicators/structure_shares.py) and their rows in
the documents-vs-data comparison (D001-009 'about 28 %', D001-014 '20 %').

Hand-computed real cell: ../shared/data/cn_io_provincial/cn_prov_io_2017_42.csv, Liaoning 2017,
lines 284-287 (rows VA001-VA004, header = line 1): manufacturing = columns sec06..sec23 summed
over the four rows, divided by the sum of sec01..sec42 over the same rows; read here with plain
pandas, independent of the package's reader. Tolerance 1e-9 relative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.indicators.structure_shares import DEFINITIONS, structure_shares, va_share


def test_kernel_by_hand():
    va = np.array([[10.0, 30.0, 60.0], [1.0, 1.0, 2.0]])
    assert np.allclose(va_share(va, np.array([False, True, True])), [90.0, 75.0])


def test_definitions_follow_section_c():
    # GB/T 4754-2017 section C = divisions 13-43: food (06) to repair (23 in 2017, 24 in 2012)
    assert DEFINITIONS["2017"]["manufacturing"] == tuple(f"{i:02d}" for i in range(6, 24))
    assert DEFINITIONS["2012"]["manufacturing"][-1] == "24"
    core = set(DEFINITIONS["2017"]["producer_services_core"])
    assert core < set(DEFINITIONS["2017"]["producer_services_incl_trade"]) and "33" not in core


@pytest.fixture(scope="module")
def shares_2017():
    from revitalize.data.catalog import default_catalog

    cat = default_catalog()
    return structure_shares(cat.io_tables("prov_io_2017"),
                            national=cat.io_table("nbs_io_2017_42_noncomp"))


def test_liaoning_2017_by_hand_from_the_raw_file(shared_data, shares_2017):
    raw = pd.read_csv(shared_data / "cn_io_provincial/cn_prov_io_2017_42.csv",
                      dtype={"province_code": str})
    va = raw[(raw["province_code"] == "210000") & raw["row_code"].isin(
        ["VA001", "VA002", "VA003", "VA004"])]
    sec = va[[f"sec{i:02d}" for i in range(1, 43)]].fillna(0).to_numpy(float).sum(axis=0)
    expected = 100 * sec[5:23].sum() / sec.sum()
    t = shares_2017.table
    got = t[(t["region"] == "210000") & (t["table"] == "provincial")]["manufacturing_share"]
    assert float(got.iloc[0]) == pytest.approx(expected, rel=1e-9)


def test_aggregates_are_sum_over_sum(shares_2017):
    t = shares_2017.table.set_index(["region", "table"])
    ne = t.loc[("NE", "sum of provincial tables")]
    provs = t.loc[[(c, "provincial") for c in ("210000", "220000", "230000")]]
    assert ne["gdp_100m_yuan"] == pytest.approx(provs["gdp_100m_yuan"].sum())
    assert ne["manufacturing_share"] == pytest.approx(
        100 * provs["manufacturing_va_100m_yuan"].sum() / provs["gdp_100m_yuan"].sum())
    nat = t.loc[("000000", "national")]
    assert nat["manufacturing_share"] == pytest.approx(28, abs=0.5)  # document: 'about 28 %'


def test_other_sector_lists_are_refused():
    from revitalize.data.catalog import default_catalog

    with pytest.raises(InputError, match="42-sector"):
        structure_shares([default_catalog().io_table("nbs_io_2010_41")])


def test_documents_vs_data_rows(shared_data):
    from revitalize.indicators.facts_compare import documents_vs_data

    # the national 2017 table (nbs_io_2017_42_noncomp): manufacturing 228,718 / GDP 823,215
    # (100 million yuan, structure_shares' own sums) = 27.78 %; producer services core 21.14 %.
    # Regression pins of this code, not published figures (the documents say 'about 28 %', '20 %')
    t = documents_vs_data(shared_data).table.set_index("fact_id")
    assert t.loc["D001-009", "data_value"] == pytest.approx(27.78, abs=0.01)
    assert t.loc["D001-014", "data_value"] == pytest.approx(21.14, abs=0.01)
    assert "section C" in t.loc["D001-009", "reason"]
    assert "生产性服务业分类" in t.loc["D001-014", "reason"]
