"""Sector employment (GB/T 4754-2017) -> NBS 42 IO sectors: real file, both split rules, the
concordance itself, and every error/warning path on small hand-made files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers.employment import (
    check_nbs42_sectors,
    read_concordance,
    read_employment,
)
from revitalize.errors import DataQualityWarning, InputError, LayoutError, UnknownLabelError
from revitalize.model.sectors import normalise_sector_name, sector_list
from tests.io.fixtures import miller_blair_2x2

EMP = "cn_sector_employment/cn_employment_by_sector_1990_2018.csv"
NBS_2017 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"

SMALL_CONCORDANCE = """# test concordance
employment_code,level,gbt4754_2017,name_cn,nbs42_code,note
A,section,A,农业,01,
B01,division,B 06,煤炭,02,
B02,division,B 07,石油,03,
T,section,T,国际组织,,excluded
"""


def small_file(tmp_path, rows: str, conc: str = SMALL_CONCORDANCE):
    data = tmp_path / "emp.csv"
    data.write_text("Code,Description,DescriptionInChinese,2016,2017\n" + rows, encoding="utf-8")
    c = tmp_path / "conc.csv"
    c.write_text(conc, encoding="utf-8")
    return data, c


GOOD_ROWS = """TOT,total,全国,100,110
A,agr,农业,60,70
B,mining,采矿,39,39
B01,coal,煤炭,30,30
B02,oil,石油,9,9
T,intl,国际组织,1,1
"""


def test_small_file_sections_divisions_exclusion(tmp_path):
    data, conc = small_file(tmp_path, GOOD_ROWS)
    e = read_employment(data, 2017, concordance=conc)
    assert e.to_dict() == {"01": 70e4, "02": 30e4, "03": 9e4}
    assert e.attrs["excluded"] == {"T": 1e4} and e.attrs["unit"] == "persons"
    assert e.index.name == "sector" and e.attrs["split"] == "divisions"


def test_divisions_scaled_to_section_total_with_warning(tmp_path):
    rows = GOOD_ROWS.replace("B,mining,采矿,39,39", "B,mining,采矿,39,78")
    data, conc = small_file(tmp_path, rows)
    with pytest.warns(DataQualityWarning, match=r"section B divisions sum to 39, -50.0%"):
        e = read_employment(data, 2017, concordance=conc)
    assert e["02"] == pytest.approx(60e4) and e["03"] == pytest.approx(18e4)


@pytest.mark.parametrize("rows, error, match", [
    (GOOD_ROWS + "B03,metal,金属,1,1\n", UnknownLabelError, r"no IO sector.*\['B03'\]"),
    (GOOD_ROWS + "X,unknown,未知,1,1\n", UnknownLabelError, r"\['X'\]"),
    (GOOD_ROWS.replace("B02,oil,石油,9,9\n", ""), LayoutError, r"not in the file: \['B02'\]"),
    (GOOD_ROWS.replace("A,agr,农业,60,70", "A,agr,农业,60,-70"), LayoutError, r"negative.*\['A'\]"),
    (GOOD_ROWS + "A,agr,农业,60,70\n", LayoutError, "duplicate codes"),
])
def test_bad_files_refused(tmp_path, rows, error, match):
    data, conc = small_file(tmp_path, rows)
    with pytest.raises(error, match=match):
        read_employment(data, 2017, concordance=conc)


def test_wrong_year_layout_and_arguments(tmp_path):
    data, conc = small_file(tmp_path, GOOD_ROWS)
    with pytest.raises(UnknownLabelError, match=r"year 2020 is not in the file.*2016\.\.2017"):
        read_employment(data, 2020, concordance=conc)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("region,2017\nA,1\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="not the sector employment layout"):
        read_employment(wrong, 2017, concordance=conc)
    with pytest.raises(InputError, match="unknown split"):
        read_employment(data, 2017, split="output", concordance=conc)
    with pytest.raises(InputError, match="needs the IO table"):
        read_employment(data, 2017, split="compensation", concordance=conc)
    bad_conc = tmp_path / "bad_conc.csv"
    bad_conc.write_text("employment_code,level,nbs42_code\nB01,division,\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="division without an IO sector"):
        read_concordance(bad_conc)
    bad_conc.write_text("code,target\nA,01\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="not an employment concordance"):
        read_concordance(bad_conc)


def test_table_not_on_the_2017_list_is_refused():
    with pytest.raises(UnknownLabelError):
        check_nbs42_sectors(miller_blair_2x2())


def test_concordance_covers_the_42_sectors_and_names_match_the_file(shared_data):
    conc = read_concordance()
    assert set(conc["nbs42_code"]) - {""} == set(sector_list("nbs42", 2017).index)
    file = pd.read_csv(shared_data / EMP, dtype={"Code": str}).set_index("Code")
    differ = [c for c, n in zip(conc["employment_code"], conc["name_cn"])
              if normalise_sector_name(file.loc[c, "DescriptionInChinese"]) != normalise_sector_name(n)]
    assert differ == ["C10"]  # the file spells 造纸及纸制品业, GB/T 4754-2017 造纸和纸制品业


def test_real_file_2017_divisions(shared_data):
    e = read_employment(shared_data / EMP, 2017)
    file = pd.read_csv(shared_data / EMP, dtype={"Code": str}).set_index("Code")["2017"]
    sections = file[file.index.str.len() == 1]
    assert list(e.index) == [f"{i:02d}" for i in range(1, 43)]
    assert e.sum() == pytest.approx((sections.sum() - file["T"]) * 1e4, rel=1e-12)
    assert e["01"] == file["A"] * 1e4 and e["33"] == file["K"] * 1e4
    m = file[["M01", "M02", "M03"]]
    assert e["35"] == pytest.approx(file["M"] * 1e4 * m["M01"] / m.sum(), rel=1e-12)
    assert e.attrs["excluded"] == {"T": pytest.approx(0.68e4)}


def test_real_file_compensation_split(shared_data):
    from revitalize.data.readers import read_nbs_io

    t = read_nbs_io(shared_data / NBS_2017)
    e = read_employment(shared_data / EMP, 2017, split="compensation", table=t)
    by_div = read_employment(shared_data / EMP, 2017)
    assert e.sum() == pytest.approx(by_div.sum(), rel=1e-12)  # section totals preserved
    comp = t.value_added.loc["VA001"]
    mining = ["02", "03", "04", "05"]
    np.testing.assert_allclose(e[mining] / e[mining].sum(), comp[mining] / comp[mining].sum())
    assert e["27"] == by_div["27"]  # one-sector sections are not split
