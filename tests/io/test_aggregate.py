"""Aggregation through concordances: hand example, identities, splits, errors, real tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers import read_nbs_io
from revitalize.errors import InputError, UnknownLabelError, ValidationError
from revitalize.io.aggregate import (
    aggregate,
    read_concordance,
    reclassify,
    year_concordance,
)
from revitalize.model.table import IOTable
from revitalize.results import Provenance

NATIONAL_2017 = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
NATIONAL_2015 = "cn_io_nbs/cn_io_2015_42.csv"


def three_sector(**overrides) -> IOTable:
    """A balanced competitive 3-sector table (x = [400, 400, 200]) with imports."""
    codes = ["01", "02", "03"]
    sectors = pd.DataFrame({"name_cn": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"]},
                           index=pd.Index(codes, name="code"))
    Z = pd.DataFrame([[40.0, 80.0, 20.0], [80.0, 40.0, 60.0], [40.0, 80.0, 20.0]],
                     index=codes, columns=codes)
    x = pd.Series([400.0, 400.0, 200.0], index=codes)
    imports = pd.DataFrame({"IM": [10.0, 20.0, 0.0]}, index=codes)
    fd = pd.DataFrame({"FU201": [200.0, 150.0, 60.0], "EX": [70.0, 90.0, 0.0]}, index=codes)
    va = pd.DataFrame([[140.0, 120.0, 60.0], [100.0, 80.0, 40.0]], index=["VA001", "VA004"],
                      columns=codes)
    fields = dict(sectors=sectors, Z=Z, final_demand=fd, imports=imports,
                  other=pd.Series(0.0, index=codes), value_added=va, output=x,
                  total_input=x.copy(), region="000000", year=2017, unit="10^4 CNY",
                  classification="toy3", provenance=Provenance(source="hand-made"))
    fields.update(overrides)
    return IOTable(**fields)


def conc(rows, weights=None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["from_code", "to_code", "to_name_cn", "to_name_en"])
    if weights is not None:
        frame["weight"] = weights
    return frame


TWO = conc([("01", "P", "初级", "Primary"), ("02", "S", "次级", "Secondary"),
            ("03", "S", "次级", "Secondary")])


def test_hand_example_three_to_two_sectors():
    """Z* = C'ZC by hand: P = {01}, S = {02, 03}:
    Z*_PP = 40, Z*_PS = 80 + 20 = 100, Z*_SP = 80 + 40 = 120, Z*_SS = 40+60+80+20 = 200."""
    t = three_sector()
    a = aggregate(t, TWO)
    np.testing.assert_allclose(a.Z.to_numpy(), [[40.0, 100.0], [120.0, 200.0]])
    assert a.codes == ["P", "S"] and a.sectors.loc["S", "name_en"] == "Secondary"
    np.testing.assert_allclose(a.output, [400.0, 600.0])
    np.testing.assert_allclose(a.imports["IM"], [10.0, 20.0])
    np.testing.assert_allclose(a.value_added.loc["VA001"], [140.0, 180.0])
    assert a.classification == "toy3_agg" and "aggregated from 3 sectors" in a.notes[-1]
    assert t.n == 3 and list(t.Z.columns) == ["01", "02", "03"]  # input untouched


def test_balanced_stays_balanced_and_totals_preserved():
    t = three_sector()
    assert t.row_gap().abs().max() < 1e-12 and t.column_gap().abs().max() < 1e-12
    split = conc([("01", "P", "初级", "Primary"), ("02", "P", "初级", "Primary"),
                  ("02", "S", "次级", "Secondary"), ("03", "S", "次级", "Secondary")],
                 weights=[1.0, 0.3, 0.7, 1.0])
    for c in (TWO, split):
        a = aggregate(t, c)
        assert a.row_gap().abs().max() < 1e-9 and a.column_gap().abs().max() < 1e-9
        assert a.output.sum() == pytest.approx(t.output.sum())
        assert a.value_added.to_numpy().sum() == pytest.approx(t.value_added.to_numpy().sum())
        assert a.final_demand.to_numpy().sum() == pytest.approx(t.final_demand.to_numpy().sum())
    a = aggregate(t, split)
    np.testing.assert_allclose(a.output, [400.0 + 0.3 * 400.0, 0.7 * 400.0 + 200.0])


def test_identity_concordance_returns_the_same_table():
    t = three_sector()
    ident = conc([(c, c, n, e) for c, n, e in zip(t.codes, t.sectors["name_cn"],
                                                   t.sectors["name_en"])])
    a = aggregate(t, ident, classification="toy3")
    for block in ("Z", "final_demand", "imports", "value_added"):
        pd.testing.assert_frame_equal(getattr(a, block), getattr(t, block), check_names=False)
    for block in ("output", "total_input", "other"):
        pd.testing.assert_series_equal(getattr(a, block), getattr(t, block), check_names=False)
    pd.testing.assert_frame_equal(a.sectors, t.sectors)


@pytest.mark.parametrize(("frame", "error", "match"), [
    (conc([("01", "P", "初级", "Primary"), ("02", "S", "次级", "Secondary")]),
     InputError, r"sectors \['03'\] .* are not mapped"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "S", "次", "S"),
           ("09", "S", "次", "S")]), UnknownLabelError, r"codes \['09'\]"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "S", "次", "S"),
           ("03", "P", "初", "P")]), InputError, r"mapped more than once \(\['03'\]\) and no weight column"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "S", "次", "S"),
           ("03", "P", "初", "P")], weights=[1, 1, 0.5, 0.4]), InputError,
     r"weights not summing to 1: 03: 0.9"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "S", "次", "S")],
          weights=[1, 1, 1.5]), InputError, r"weights not in \(0, 1\]: 03=1.5"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "S", "其他", "S")]),
     InputError, r"target codes \['S'\] carry more than one name"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "", "次", "S")]),
     InputError, r"blank sector codes"),
    (conc([("01", "P", "初", "P"), ("02", "S", "次", "S"), ("03", "S", "次", "S"),
           ("02", "S", "次", "S")], weights=[1, 0.5, 1, 0.5]), InputError,
     r"sectors \['02'\] map to the same target twice"),
])
def test_bad_concordances_name_the_codes(frame, error, match):
    with pytest.raises(error, match=match) as info:
        aggregate(three_sector(), frame)
    assert info.value.field in ("from_code", "weight", "to_name_cn/to_name_en", "from_code/to_code")


def test_missing_columns_and_unknown_name(tmp_path):
    with pytest.raises(InputError, match=r"lacks columns \['to_name_en'\]") as info:
        read_concordance(pd.DataFrame({"from_code": ["01"], "to_code": ["A"], "to_name_cn": ["甲"]}))
    assert info.value.field == "columns"
    with pytest.raises(InputError, match="no such concordance"):
        read_concordance(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="no such concordance"):
        read_concordance("five_groups")


def test_csv_codes_stay_text_and_comments_are_skipped(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("# a note\nfrom_code,to_code,to_name_cn,to_name_en,weight\n"
                    "01,P,初级,Primary,\n02,S,次级,Secondary,\n03,S,次级,Secondary,1\n",
                    encoding="utf-8")
    frame = read_concordance(path)
    assert frame["from_code"].tolist() == ["01", "02", "03"]
    assert frame["weight"].tolist() == [1.0, 1.0, 1.0] and frame.attrs["classification"] == "two"
    assert aggregate(three_sector(), path).classification == "two"


def test_four_groups_file_maps_each_nbs42_sector_once():
    frame = read_concordance("four_groups")
    assert len(frame) == 42 and frame["from_code"].is_unique
    assert frame.groupby("to_code").size().to_dict() == {"AGR": 1, "HTI": 2, "IND": 24, "SRV": 15}
    assert frame.loc[frame["to_code"] == "HTI", "from_code"].tolist() == ["20", "21"]
    assert frame.loc[frame["from_code"] == "27", "to_code"].item() == "IND"  # construction


def test_four_groups_refuses_a_table_on_another_list():
    """Codes 01..03 of a toy table exist in the concordance's list, names do not: refused."""
    t = three_sector()
    with pytest.raises(UnknownLabelError):  # 3 codes mapped, 39 concordance codes unknown
        aggregate(t, "four_groups")


def test_four_groups_on_the_2017_national_table(shared_data):
    t = read_nbs_io(shared_data / NATIONAL_2017)
    a = aggregate(t, "four_groups")
    assert a.codes == ["AGR", "IND", "HTI", "SRV"] and a.kind == "noncompetitive"
    assert a.output.sum() == pytest.approx(t.output.sum(), rel=1e-12)
    assert a.value_added.to_numpy().sum() == pytest.approx(t.value_added.to_numpy().sum(), rel=1e-12)
    assert a.output["HTI"] == pytest.approx(t.output[["20", "21"]].sum(), rel=1e-12)
    assert a.Z_imports is not None and a.Z_imports.shape == (4, 4)
    assert (a.row_gap().abs() / a.output).max() < 1e-12
    assert (a.column_gap().abs() / a.output).max() < 1e-12
    assert a.import_row_gap().abs().max() < 1e-3


def test_classification_check_by_name(shared_data):
    """The 2017-list concordance (as a frame) refuses a table of another list; the name
    "four_groups" builds the concordance of the table's own list (test_four_groups.py)."""
    t15 = read_nbs_io(shared_data / NATIONAL_2015)  # nbs42_2012 list: 22/23 and 36 differ
    with pytest.raises(ValidationError, match=r"sectors \['22 其他制造产品', '23 废品废料'") as info:
        aggregate(t15, read_concordance("four_groups"))
    assert info.value.field == "from_classification"
    assert aggregate(t15, "four_groups").codes == ["AGR", "IND", "HTI", "SRV"]


def test_year_concordance_split_rules():
    ref = pd.Series({"35": 300.0, "36": 100.0})
    links = year_concordance(2015, 2017, reference_output=ref)
    w = links.set_index(["from_code", "to_code"])["weight"]
    assert w[("36", "35")] == pytest.approx(0.75) and w[("36", "36")] == pytest.approx(0.25)
    assert w[("22", "22")] == 1.0 and w[("23", "22")] == 1.0
    eq = year_concordance(2015, 2017, split="equal").set_index(["from_code", "to_code"])["weight"]
    assert eq[("36", "35")] == 0.5
    assert links.attrs["classification"] == "nbs42_2017"
    with pytest.raises(InputError, match=r"sectors \['36'\] split") as info:
        year_concordance(2015, 2017)
    assert info.value.field == "reference_output"
    with pytest.raises(InputError, match="unknown split"):
        year_concordance(2015, 2017, split="output")
    with pytest.raises(InputError, match=r"missing or negative for nbs42_2017 codes \['36'\]"):
        year_concordance(2015, 2017, reference_output=pd.Series({"35": 1.0}))
    with pytest.raises(InputError, match="sums to zero"):
        year_concordance(2015, 2017, reference_output=pd.Series({"35": 0.0, "36": 0.0}))


def test_reclassify_2015_table_to_2017_list(shared_data):
    t15 = read_nbs_io(shared_data / NATIONAL_2015)
    t17 = read_nbs_io(shared_data / NATIONAL_2017)
    r = reclassify(t15, 2017, reference=t17)
    assert r.classification == "nbs42_2017" and r.n == 42
    assert r.output.sum() == pytest.approx(t15.output.sum(), rel=1e-12)
    assert r.output["22"] == pytest.approx(t15.output[["22", "23"]].sum(), rel=1e-12)
    share = t17.output["35"] / t17.output[["35", "36"]].sum()
    assert r.output["35"] == pytest.approx(share * t15.output["36"], rel=1e-12)
    assert (r.row_gap().abs() / r.output).max() < 1e-9
    assert r.sectors.loc["36", "name_en"] == "Technical services"
    four = aggregate(r, "four_groups")  # now on the 2017 list, so the name check passes
    assert four.output.sum() == pytest.approx(t15.output.sum(), rel=1e-12)


def test_unknown_from_classification_is_refused():
    frame = TWO.assign(from_classification="nbs99")
    with pytest.raises(InputError, match=r"from_classification \['nbs99'\]") as info:
        aggregate(three_sector(), frame)
    assert info.value.field == "from_classification"


def test_four_groups_agree_with_pymrio(shared_data):
    """Peer: pymrio 0.7 ``IOSystem.aggregate`` (sector concordance matrix) on the same Z and Y."""
    pymrio = pytest.importorskip("pymrio")
    t = read_nbs_io(shared_data / NATIONAL_2017)
    ours = aggregate(t, "four_groups")
    frame = read_concordance("four_groups")
    groups = ["AGR", "IND", "HTI", "SRV"]
    matrix = np.array([[float(frame.set_index("from_code").at[c, "to_code"] == g)
                        for c in t.codes] for g in groups])
    idx = pd.MultiIndex.from_product([["CN"], t.codes], names=["region", "sector"])
    cols = pd.MultiIndex.from_product([["CN"], list(t.final_demand.columns)],
                                      names=["region", "category"])
    mrio = pymrio.IOSystem(Z=pd.DataFrame(t.Z.to_numpy(), index=idx, columns=idx),
                           Y=pd.DataFrame(t.final_demand.to_numpy(), index=idx, columns=cols),
                           unit=pd.DataFrame({"unit": ["10^4 CNY"] * t.n}, index=idx))
    mrio.aggregate(sector_agg=matrix, sector_names=groups)
    np.testing.assert_allclose(ours.Z.to_numpy(), mrio.Z.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.final_demand.to_numpy(), mrio.Y.to_numpy(), rtol=1e-12)
