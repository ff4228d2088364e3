"""Sector lists of the NBS 42-sector IO tables, name matching and the concordance."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from revitalize.errors import InputError, UnknownLabelError
from revitalize.model.sectors import (
    CANONICAL,
    CLASSIFICATIONS,
    classification_for_year,
    concordance,
    match_sectors,
    normalise_sector_name,
    sector_list,
)

CODES = [f"{i:02d}" for i in range(1, 43)]


@pytest.mark.parametrize("cls", CLASSIFICATIONS)
def test_every_list_maps_its_42_names_to_42_distinct_codes(cls):
    names = sector_list(cls)
    assert len(names) == 42 and names["name_en"].str.len().min() > 0
    codes = match_sectors(names["name_cn"], cls)
    assert list(codes) == CODES and codes.is_unique
    assert codes.attrs["classification"] == cls


@pytest.mark.parametrize("year", [2002, 2005, 2007, 2012, 2015, 2017, 2018, 2020])
def test_year_selects_its_list(year):
    cls = classification_for_year(year)
    shuffled = sector_list(cls)["name_cn"].sample(frac=1, random_state=year)
    got = match_sectors(shuffled, year=year)
    assert list(got) == list(shuffled.index)  # by name, whatever the order


def test_published_lists_of_each_year_match_by_name(shared_data):
    """The names in the shared provincial and national files (not our CSV) all match."""
    by_year = pd.read_csv(shared_data / "cn_io_provincial" / "sector_names_by_year.csv")
    for year in (2002, 2007, 2012, 2017):
        got = match_sectors(by_year[f"name_{year}"], year=year)
        assert list(got) == CODES, year
    for year, name in ((2005, "cn_io_2005_42.csv"), (2015, "cn_io_2015_42.csv")):
        frame = pd.read_csv(shared_data / "cn_io_nbs" / name, dtype={"Code": str})
        frame = frame[frame["Code"].isin(CODES)]
        got = match_sectors(frame["DescriptionInChinese"], year=year)  # 2005 "农业" via alias
        assert list(got) == list(frame["Code"]), year


def test_normalisation_whitespace_fullwidth_and_suffixes():
    assert normalise_sector_name(" 煤    炭\n采选产品") == "煤炭采选"
    assert normalise_sector_name("建筑业") == normalise_sector_name("建筑")
    assert normalise_sector_name("电气、机械及器材制造业") == normalise_sector_name("电气机械及器材制造业")
    assert normalise_sector_name("流出（出口）") == "流出(出口)"  # full-width -> half-width
    got = match_sectors(["石 油 和\n天 然 气\n开采", "建  筑", "农林牧渔\n产品和服务"], year=2017)
    assert list(got) == ["03", "27", "01"]


def test_canonical_matching_accepts_old_names_with_one_canonical_sector():
    got = match_sectors(["农林牧渔业", "旅游业", "邮政业", "交通运输及仓储业", "综合技术服务",
                         "卫生、社会保障和社会福利业", "废品废料"])
    assert list(got) == ["01", "34", "29", "29", "36", "40", "22"]
    assert got.attrs["classification"] == CANONICAL


def test_unknown_name_raises_listing_unmatched_and_closest():
    with pytest.raises(UnknownLabelError) as info:
        match_sectors(["金融", "农林牧渔产品及服务X", "火星采矿"], year=2017, where="f.xls")
    msg = str(info.value)
    assert "2 sector name(s) not in nbs42_2017" in msg and "f.xls" in msg
    assert "'农林牧渔产品及服务X' (closest: 农林牧渔产品和服务" in msg
    assert "'火星采矿'" in msg and "'金融'" not in msg
    assert isinstance(info.value, KeyError) and isinstance(info.value, InputError)


def test_year_specific_name_is_unknown_in_another_year():
    with pytest.raises(UnknownLabelError, match="旅游业.*closest"):
        match_sectors(["旅游业"], year=2017)
    assert match_sectors(["旅游业"], year=2002).iloc[0] == "35"


def test_name_that_splits_in_2017_needs_a_year():
    with pytest.raises(UnknownLabelError, match="16 通用设备, 17 专用设备; pass year="):
        match_sectors(["通用、专用设备制造业"])
    with pytest.raises(UnknownLabelError, match="35 研究和试验发展, 36 综合技术服务"):
        match_sectors(["科学研究和技术服务"])
    assert match_sectors(["通用、专用设备制造业"], year=2007).iloc[0] == "16"


def test_errors_coerce_gives_none():
    got = match_sectors(["教育", "不是部门"], year=2017, errors="coerce")
    assert got.iloc[0] == "39" and got.iloc[1] is None


@pytest.mark.parametrize("call, error", [
    (lambda: classification_for_year(2010), UnknownLabelError),
    (lambda: match_sectors(["教育"], scheme="isic4"), InputError),
    (lambda: match_sectors(["教育"], scheme="nbs42_2002", year=2017), InputError),
    (lambda: match_sectors(["教育"], errors="ignore"), InputError),
    (lambda: concordance(2010, 2017), UnknownLabelError),
])
def test_bad_arguments_raise(call, error):
    with pytest.raises(error):
        call()


def test_concordance_2015_to_2017_merges_22_23_and_splits_36():
    c = concordance(2015, 2017)
    assert (c["kind"] == "main").all() and len(c) == 43
    odd = c[c["relation"] != "1:1"]
    assert set(zip(odd["from_code"], odd["to_code"], odd["relation"])) == {
        ("22", "22", "n:1"), ("23", "22", "n:1"), ("36", "35", "1:n"), ("36", "36", "1:n")}
    shifted = c.set_index("from_code").loc["24"]  # 2015's 24 repair services is 2017's 23
    assert shifted["to_code"] == "23" and shifted["to_name_cn"] == "金属制品、机械和设备修理服务"


def test_concordance_2002_to_2017_tourism_other_services_and_repair():
    c = concordance(2002, 2017)
    main = c[c["kind"] == "main"]
    links = main.groupby("from_code")["to_code"].apply(set)
    assert links["35"] == {"34"} and links["38"] == {"37", "38"} and links["16"] == {"16", "17"}
    assert links["36"] == {"35"} and links["37"] == {"36"} and links["27"] == links["28"] == {"29"}
    part = c[c["kind"] == "part"]
    repair = set(part.loc[part["to_code"] == "23", "from_code"])
    assert repair == {"15", "16", "17", "18", "19", "20"}
    assert (part["relation"] == "part").all()


def test_concordance_keeps_rd_split_between_2007_and_2017_but_merges_it_in_2012():
    to17 = concordance(2007, 2017).set_index("from_code")
    assert to17.loc["35", "to_code"] == "35" and to17.loc["36", "to_code"] == "36"
    to12 = concordance(2007, 2012)
    rd = to12[to12["from_code"].isin(["35", "36"])]
    assert set(rd["to_code"]) == {"36"} and set(rd["relation"]) == {"n:1"}
    # no spurious link: 2007's 卫生… (40) and 公共管理 (42) each keep their own 2012 sector
    assert set(to12.loc[(to12["from_code"] == "42"), "to_code"]) == {"42"}


@pytest.mark.parametrize("a, b", list(itertools.permutations(CLASSIFICATIONS, 2)))
def test_concordance_covers_both_lists(a, b):
    c = concordance(a, b)
    assert set(c.loc[c["kind"] == "main", "from_code"]) == set(CODES)  # every sector goes somewhere
    assert set(c["to_code"]) == set(CODES)  # every target is reached
    assert c[["from_name_cn", "to_name_cn", "to_name_en"]].notna().all().all()


def test_backward_concordance_is_the_inverse_and_promotes_repair():
    fwd = concordance(2002, 2017)
    back = concordance(2017, 2002)
    pairs = set(zip(fwd["from_code"], fwd["to_code"]))
    assert pairs == set(zip(back["to_code"], back["from_code"]))
    repair = back[back["from_code"] == "23"]
    assert set(repair["kind"]) == {"main"} and len(repair) == 6


def test_concordance_identity_and_names():
    same = concordance(2017, "nbs42")
    assert len(same) == 42 and (same["from_code"] == same["to_code"]).all()
    assert set(same["relation"]) == {"1:1"}
    pd.testing.assert_frame_equal(concordance("nbs42_2012", 2017), concordance(2015, 2018))


P38 = [f"{i:02d}" for i in range(1, 39)]


@pytest.mark.parametrize("other", CLASSIFICATIONS)
def test_1997_list_links_both_ways_to_every_42_sector_list(other):
    fwd = concordance(1997, other)
    assert fwd["from_classification"].iloc[0] == "prov38_1997"
    assert set(fwd.loc[fwd["kind"] == "main", "from_code"]) == set(P38)  # every 1997 sector
    assert set(fwd["to_code"]) == set(CODES)  # reaches every sector of the later list
    back = concordance(other, "prov38_1997")
    assert set(back.loc[back["kind"] == "main", "from_code"]) == set(CODES)
    assert set(zip(fwd["from_code"], fwd["to_code"])) == set(zip(back["to_code"],
                                                                 back["from_code"]))


def test_1997_splits_and_merges_are_named():
    c = concordance(1997, 2002)
    main = c[c["kind"] == "main"]
    assert set(main.loc[main["from_code"] == "28", "to_code"]) == {"28", "29"}  # 邮电业
    assert set(main.loc[main["from_code"] == "34", "to_code"]) == {"34", "35", "38"}  # 社会服务业
    assert set(main.loc[main["to_code"] == "27", "from_code"]) == {"27", "31"}  # 货运 + 客运
    assert (c["note"].str.len() > 0).sum() >= 20  # every non-trivial link says why
    assert sector_list("prov38_1997").loc["16", "name_cn"] == "机械工业"
    assert match_sectors(["机械工业", "社会服务业"], year=1997).tolist() == ["16", "34"]


def test_1997_names_never_match_canonical_codes_by_themselves():
    # 1997-only names (a coarser list) are not accepted as 2017 sectors without the year
    with pytest.raises(UnknownLabelError):
        match_sectors(["邮电业"])


def test_power_sector_list_tells_2017_from_2012_by_the_electricity_code():
    from revitalize.model.sectors import power_sector_list

    assert power_sector_list(sector_list("nbs42_2017")["name_cn"]) == "nbs42_2017"
    assert power_sector_list(sector_list("nbs42_2012")["name_cn"]) == "nbs42_2012"
    assert power_sector_list(sector_list("nbs42_2007")["name_cn"]) is None  # 电力 at 23 there
