"""IOOptions (issue 12): the defaults defined once, their meaning in meta, flags for zero
output, negative value added and flows, columns summing to 1 or more."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError, ValidationError
from revitalize.io.coefficients import IOOptions, coefficients, intermediate_flows
from revitalize.io.extraction import extraction_linkages, hypothetical_extraction
from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model, multipliers
from revitalize.io.scenarios import Shock, impact
from tests.io.fixtures import miller_blair_2x2

CODES3 = ["01", "02", "03"]


def three(Z, x, va=None, **kw):
    Z = np.asarray(Z, float)
    x = np.asarray(x, float)
    va = x - Z.sum(axis=0) if va is None else np.asarray(va, float)
    sectors = pd.DataFrame({"name_cn": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"]},
                           index=pd.Index(CODES3, name="code"))
    return miller_blair_2x2(
        sectors=sectors, Z=pd.DataFrame(Z, index=CODES3, columns=CODES3),
        final_demand=pd.DataFrame({"FU101": 0.3 * (x - Z.sum(axis=1)),
                                   "FU201": 0.7 * (x - Z.sum(axis=1))}, index=CODES3),
        imports=pd.DataFrame(index=CODES3), other=pd.Series(0.0, index=CODES3),
        value_added=pd.DataFrame([va], index=["VA001"], columns=CODES3),
        output=pd.Series(x, index=CODES3), total_input=pd.Series(x, index=CODES3), **kw)


def test_defaults_are_defined_once_and_recorded():
    o = IOOptions()
    assert (o.technology, o.import_share, o.zero_output, o.solver) == (
        "published", "supply", "exclude", "auto")
    assert IOOptions.of(o, technology=None, zero_output="raise").zero_output == "raise"
    m = leontief_model(miller_blair_2x2())
    conv = linkages(m).meta["conventions"]
    assert conv["technology"] == "published" and "直接消耗系数" in conv["technology_meaning"]
    assert conv["zero_output"] == "exclude" and conv["excluded_sectors"] == []
    for field, value in (("technology", "regional"), ("import_share", "demand"),
                         ("zero_output", "drop"), ("solver", "magic")):
        with pytest.raises(InputError) as err:
            IOOptions(**{field: value})
        assert err.value.field == field
    with pytest.raises(InputError, match="tol"):
        IOOptions(tol=0.5)


def test_published_is_the_table_as_printed_and_domestic_supply_stays_in_range():
    """Competitive table: published A = Z / x (imports included); domestic (supply basis)
    scales row i by 1 - m_i / (x_i + m_i), which lies in [0, 1] even when exports exceed
    output net of imports (where the use basis is refused)."""
    t = miller_blair_2x2(imports=pd.DataFrame({"IM": [300.0, 0.0]}, index=["01", "02"]),
                         final_demand=pd.DataFrame({"FU201": [-550.0, 1700.0],
                                                    "EX": [1200.0, 0.0]}, index=["01", "02"]))
    np.testing.assert_array_equal(intermediate_flows(t), t.Z.to_numpy())
    np.testing.assert_allclose(coefficients(t).A.to_numpy(), t.Z.to_numpy() / [1000.0, 2000.0])
    dom = intermediate_flows(t, "domestic")
    np.testing.assert_allclose(dom[0], t.Z.to_numpy()[0] * (1 - 300.0 / 1300.0))  # in [0, 1]
    with pytest.raises(ValidationError, match=r"sectors \['01'\]") as err:
        intermediate_flows(t, "domestic", "use")   # 300 / (1000 - 1200 + 300) = 3
    assert err.value.field == "import_share"


def test_zero_output_excluded_everywhere_with_nan_and_flag():
    t = three([[10, 20, 0], [30, 10, 0], [0, 0, 0]], [100, 200, 0], va=[60, 170, 0])
    with pytest.warns(Warning, match=r"sectors \['03'\] have zero output; they are left out"):
        lk = linkages(t)
    assert np.isnan(lk.table.at["03", "influence_coefficient"])
    assert lk.table.at["03", "flags"] == "zero_output"
    assert lk.table.at["03", "key_sector_class"] == "not_computed"
    assert lk.table["influence_coefficient"].drop("03").mean() == pytest.approx(1.0)
    with pytest.warns(Warning):
        mu = multipliers(t, type="I")
        ex = hypothetical_extraction(t)
        el = extraction_linkages(t)
    assert np.isnan(mu.table.at["03", "output_multiplier"]) and mu.table.at["03", "flags"]
    assert np.isnan(ex.table.at["03", "loss"]) and ex.table.at["03", "flags"] == "zero_output"
    assert el.table.at["03", "classification"] == "not_computed"
    with pytest.warns(Warning), pytest.raises(ValidationError, match=r"reach sectors \['03'\]"):
        impact(t, [Shock("03", "FU201", 5.0)])


def test_negative_value_added_and_columns_over_one_are_flagged_when_productive():
    """Column 02 sums to 1.1 (negative value added), rho(A) < 1: computed, flagged, and the
    top influence sector being flagged is said in meta and warned."""
    Z = [[10, 150, 5], [20, 50, 5], [5, 20, 10]]
    t = three(Z, [100, 200, 100])
    with pytest.warns(Warning, match="top influence sector 02 is flagged negative_value_added"):
        lk = linkages(t)
    assert lk.table.at["02", "flags"] == "negative_value_added;column_sum_ge_1"
    assert lk.meta["flagged_sectors"]["column_sum_ge_1"] == ["02"]
    assert "Perron root is below 1" in lk.meta["conventions"]["productivity"]


def test_non_productive_table_is_refused_naming_the_columns():
    Z = [[50, 150, 5], [60, 80, 5], [5, 20, 10]]
    with pytest.raises(ValidationError, match=r"columns of sectors \['01', '02'\] sum to 1 or more"):
        leontief_model(three(Z, [100, 200, 100]))


def test_small_negative_flows_computed_and_flagged_large_refused():
    Z = [[10, 20, 5], [-1, 10, 5], [5, 20, 10]]
    with pytest.warns(Warning, match="kept as published and flagged 'negative_flows'"):
        lk = linkages(three(Z, [100, 200, 100]))
    assert lk.table.at["02", "flags"] == "negative_flows"
    assert lk.table.at["01", "flags"] == "negative_flows"
    Z[1][0] = -20
    with pytest.raises(ValidationError, match=r"beyond 0.05 of the column's output: \(02, 01\)"):
        linkages(three(Z, [100, 200, 100]))
