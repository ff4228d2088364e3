"""Region registry: every spelling of a province normalises to one code."""

from __future__ import annotations

import pytest

from revitalize.errors import UnknownLabelError
from revitalize.model.regions import (
    REGIONS,
    members,
    normalise_region,
    provinces,
    region_code,
    regions_frame,
)


@pytest.mark.parametrize("name", ["辽宁", "辽宁省", "Liaoning", "liaoning", " LIAONING ", "210000", 210000, "21"])
def test_liaoning_spellings(name):
    assert region_code(name) == "210000"


@pytest.mark.parametrize("name,code", [
    ("黑龙江省", "230000"), ("Heilongjiang", "230000"), ("内蒙古自治区", "150000"),
    ("neimenggu", "150000"), ("Inner Mongolia", "150000"), ("全国", "000000"),
    ("China (national total)", "000000"), ("Northeast", "NE"), ("东北地区", "NE"),
    ("蒙东", "IM_EAST"), ("east", "EAST"), ("xizang", "540000"), ("陕西", "610000"),
    ("山西", "140000"), ("U.S.", "USA"),
])
def test_other_spellings(name, code):
    assert region_code(name) == code


def test_31_mainland_provinces_and_macro_partition():
    provs = provinces()
    assert len(provs) == 31
    macro = [m for m in ("EAST", "CENTRAL", "WEST", "NE") for _ in members(m)]
    assert len(macro) == 31
    assert sorted(c for m in ("EAST", "CENTRAL", "WEST", "NE") for c in members(m)) == sorted(
        p.code for p in provs)
    assert members("NE") == ("210000", "220000", "230000")
    assert set(members("000000")) == {p.code for p in provs}


def test_unknown_region_names_what_was_expected():
    with pytest.raises(UnknownLabelError, match=r"data.csv: unknown region 'Atlantis'.*expected"):
        normalise_region("Atlantis", where="data.csv")


def test_codes_unique_and_frame():
    frame = regions_frame()
    assert frame.index.is_unique and len(frame) == len(REGIONS)
    assert frame.loc["220000", "name_cn"] == "吉林"


def test_where_names_a_field_or_a_file():
    with pytest.raises(UnknownLabelError) as err:
        normalise_region("Atlantis", where="--region")
    assert err.value.field == "--region" and err.value.file is None
    with pytest.raises(UnknownLabelError) as err:
        normalise_region("Atlantis", where="panel.csv")
    assert err.value.file == "panel.csv" and err.value.field is None
