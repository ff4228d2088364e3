"""Two copies of the same published table give the same answer through the task layer: the
stacked CSV and the original workbook, and the 2012 `.xls` and the bureau's `.xlsx` (issue 12).

Where the copies hold the same numbers the linkages agree to 1e-9; where the bureau's `.xlsx` is
rounded to whole 万元 (the `.xls` is not) they agree to the rounding's effect, stated per case;
four provinces (Hebei, Zhejiang, Tianjin, Beijing) hold different numbers in their two copies --
a fact about the published files, recorded in tests/data/test_readers_published.py."""

from __future__ import annotations

import numpy as np
import pytest

from revitalize.data.catalog import Catalog
from revitalize.tasks import run
from revitalize.tasks.io import LinkagesRequest

pytestmark = pytest.mark.shared_data
COLS = ["influence_coefficient", "sensitivity_coefficient", "output_multiplier"]


def _linkages(source, region, year, shared_data):
    cat = Catalog(mirror_dir=shared_data, bundled=False)
    return run(LinkagesRequest(source=str(source), region=region, year=year), cat).table


@pytest.mark.parametrize("region, stem", [("Liaoning", "6辽宁"), ("Jilin", "7吉林"),
                                          ("Heilongjiang", "8黑龙江"), ("Guangdong", "19广东"),
                                          ("Xinjiang", "30新疆")])
def test_2012_csv_and_xls_give_the_same_linkages(shared_data, region, stem):
    folder = shared_data / "cn_io_provincial"
    a = _linkages(folder / "cn_prov_io_2012_42.csv", region, 2012, shared_data)
    b = _linkages(folder / "original_2012_xls" / f"{stem}.xls", region, 2012, shared_data)
    np.testing.assert_allclose(a[COLS].to_numpy(float), b[COLS].to_numpy(float), rtol=1e-9,
                               atol=1e-12)
    assert (a["key_sector_class"] == b["key_sector_class"]).all()


@pytest.mark.parametrize("region, stem", [("Jilin", "吉林97"), ("Heilongjiang", "黑龙江97"),
                                          ("Guangdong", "广东97")])
def test_1997_csv_and_workbook_give_the_same_linkages(shared_data, region, stem):
    folder = shared_data / "cn_io_provincial"
    a = _linkages(folder / "cn_prov_io_1997_38.csv", region, 1997, shared_data)
    b = _linkages(folder / "original_1997_xls" / f"{stem}.xls", region, 1997, shared_data)
    np.testing.assert_allclose(a[COLS].to_numpy(float), b[COLS].to_numpy(float), rtol=1e-9,
                               atol=1e-12)


@pytest.mark.parametrize("region, xls, xlsx", [
    ("Guangdong", "19广东.xls", "2012年广东省42部门投入产出表(基本流量表).xlsx"),
    ("Hubei", "17湖北.xls", "2012年湖北省42部门投入产出表(基本流量表).xlsx"),
])
def test_2012_xls_and_rounded_xlsx_agree_to_the_rounding(shared_data, region, xls, xlsx):
    folder = shared_data / "cn_io_provincial"
    a = _linkages(folder / "original_2012_xls" / xls, region, 2012, shared_data)
    b = _linkages(folder / "original_2012_xlsx_sample" / xlsx, region, 2012, shared_data)
    # whole-万元 rounding of cells of 10^5-10^7 万元 moves the coefficients by < 1e-5
    np.testing.assert_allclose(a[COLS].to_numpy(float), b[COLS].to_numpy(float), rtol=1e-5)


def test_user_table_without_year_runs_with_and_without_year():
    from revitalize import examples

    path = examples.path("user_table_3sectors.csv")
    cat = Catalog(bundled=False)
    plain = run(LinkagesRequest(source=str(path)), cat)
    assert plain.meta["year"] is None and len(plain.table) == 3
    assert set(plain.table.index) == {"AGR", "MFG", "SRV"}
    dated = run(LinkagesRequest(source=str(path), year=2020), cat)
    assert dated.meta["year"] == 2020
    assert dated.table["influence_coefficient"].equals(plain.table["influence_coefficient"])
