"""Four-group aggregation (agriculture, industry, high-tech industry, services) for every year's
sector list, built by name (rule: revitalize.io.aggregate module docstring)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import UnknownLabelError
from revitalize.io.aggregate import aggregate, four_groups_concordance
from revitalize.model.table import IOTable
from revitalize.results import Provenance

# Expected high-tech sectors by name for each list (the counterparts of 2017's 20 and 21).
HIGH_TECH = {
    1997: {"电子及通信设备制造业", "仪器仪表及文化办公用机械制造业"},
    2002: {"通信设备、计算机及其他电子设备制造业", "仪器仪表及文化办公用机械制造业"},
    2007: {"通信设备、计算机及其他电子设备制造业", "仪器仪表及文化办公用机械制造业"},
    2012: {"通信设备、计算机和其他电子设备", "仪器仪表"},
    2017: {"通信设备、计算机和其他电子设备", "仪器仪表"},
}
GROUP_SIZES = {1997: {"AGR": 1, "IND": 23, "HTI": 2, "SRV": 12},
               2002: {"AGR": 1, "IND": 23, "HTI": 2, "SRV": 16},
               2007: {"AGR": 1, "IND": 23, "HTI": 2, "SRV": 16},
               2012: {"AGR": 1, "IND": 25, "HTI": 2, "SRV": 14},
               2017: {"AGR": 1, "IND": 24, "HTI": 2, "SRV": 15}}


def table_1997(shared_data) -> IOTable:
    """A balanced toy table on the 38 sector names of 1997 (sector_names_1997_38.csv)."""
    names = pd.read_csv(shared_data / "cn_io_provincial" / "sector_names_1997_38.csv")
    codes = [c.removeprefix("sec") for c in names["row_code"]]
    n = len(codes)
    rng = np.random.default_rng(0)
    Z = rng.uniform(1, 10, (n, n))
    x = Z.sum(axis=0) * 2.0
    frame = lambda M: pd.DataFrame(M, index=codes, columns=codes)  # noqa: E731
    return IOTable(
        sectors=pd.DataFrame({"name_cn": names["row_name_cn"].tolist(), "name_en": ""},
                             index=pd.Index(codes, name="code")),
        Z=frame(Z), final_demand=pd.DataFrame({"FU201": x - Z.sum(axis=1)}, index=codes),
        imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
        value_added=pd.DataFrame([x - Z.sum(axis=0)], index=["VA001"], columns=codes),
        output=pd.Series(x, index=codes), total_input=pd.Series(x, index=codes),
        region="210000", year=1997, unit="10^4 CNY", classification="prov38_1997",
        provenance=Provenance(source="toy table on the 1997 names"))


@pytest.fixture(scope="module")
def year_tables(shared_data):
    from revitalize.data.readers import read_provincial_io

    out = {1997: table_1997(shared_data)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for year in (2002, 2007, 2012, 2017):
            out[year] = read_provincial_io(
                shared_data / "cn_io_provincial" / f"cn_prov_io_{year}_42.csv", province="辽宁")
    return out


@pytest.mark.parametrize("year", [1997, 2002, 2007, 2012, 2017])
def test_four_groups_every_year(year_tables, year):
    t = year_tables[year]
    conc = four_groups_concordance(t)
    sizes = conc["to_code"].value_counts().to_dict()
    assert sizes == GROUP_SIZES[year]
    hti = set(conc.loc[conc["to_code"] == "HTI", "from_name_cn"])
    assert hti == HIGH_TECH[year]
    assert conc.loc[conc["from_code"] == "01", "to_code"].item() == "AGR"
    a = aggregate(t, "four_groups")
    assert a.codes == ["AGR", "IND", "HTI", "SRV"]
    assert a.output.sum() == pytest.approx(t.output.sum(), rel=1e-12)
    assert a.Z.to_numpy().sum() == pytest.approx(t.Z.to_numpy().sum(), rel=1e-12)


def test_four_groups_refuses_unknown_1997_names(shared_data):
    t = table_1997(shared_data)
    names = t.sectors.copy()
    names.iloc[3, 0] = "宇宙飞船制造业"
    from dataclasses import replace

    with pytest.raises(UnknownLabelError, match="宇宙飞船制造业"):
        four_groups_concordance(replace(t, sectors=names))
