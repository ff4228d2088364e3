"""The IO validation rule (revitalize.model.validate): ok / warn / error bands."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from revitalize.errors import BalanceWarning, InputError, ValidationError
from revitalize.model.validate import Tolerance, check_io_table, check_same_unit
from tests.io.fixtures import miller_blair_2x2


def test_balanced_table_passes_every_check():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = check_io_table(miller_blair_2x2())
    assert report.ok
    assert set(report.table["check"]) >= {"row_balance", "column_balance", "input_equals_output",
                                          "negative_intermediate", "zero_output", "unit"}
    assert report.worst.loc["row_balance", "worst_abs"] == 0.0


def test_small_row_gap_warns_and_names_sector():
    t = miller_blair_2x2(output=pd.Series([1000.0, 2010.0], index=["01", "02"]),
                         total_input=pd.Series([1000.0, 2010.0], index=["01", "02"]))
    with pytest.warns(BalanceWarning) as caught:
        report = check_io_table(t, where="toy")
    messages = [str(w.message) for w in caught]
    assert any("row_balance" in m and "02" in m for m in messages)
    assert any("column_balance" in m for m in messages)
    row = report.table.set_index("check").loc["row_balance"]
    assert row["status"] == "warn" and row["sector"] == "02"
    assert row["worst_rel"] == pytest.approx(10 / 2010)


def test_large_gap_raises_with_location():
    t = miller_blair_2x2(other=pd.Series([0.0, 300.0], index=["01", "02"]))
    with pytest.raises(ValidationError, match=r"toy.csv: field row_balance.*02"):
        check_io_table(t, where="toy.csv")


def test_gap_within_absolute_tolerance_is_ok():
    t = miller_blair_2x2(other=pd.Series([0.5, 0.0], index=["01", "02"]))
    assert check_io_table(t).ok
    with pytest.warns(BalanceWarning):
        check_io_table(t, tolerance=Tolerance(abs_tol=0.1, rel_tol=1e-9))


def test_small_negative_flow_warns_large_raises():
    codes = ["01", "02"]
    small = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=codes, columns=codes)
    small.loc["01", "02"] = -10.0  # 0.5 % of x_2
    t = miller_blair_2x2(Z=small, final_demand=pd.DataFrame({"FU201": [860.0, 1700.0]}, index=codes),
                         value_added=pd.DataFrame([[650.0, 1910.0]], index=["VA001"], columns=codes))
    with pytest.warns(BalanceWarning, match=r"negative flows.*01->02"):
        check_io_table(t)
    big = small.copy()
    big.loc["01", "02"] = -400.0
    t2 = miller_blair_2x2(Z=big, final_demand=pd.DataFrame({"FU201": [1250.0, 1700.0]}, index=codes),
                          value_added=pd.DataFrame([[650.0, 2300.0]], index=["VA001"], columns=codes))
    with pytest.raises(ValidationError, match="negative_intermediate"):
        check_io_table(t2)


def test_zero_output_and_negative_value_added_warn():
    codes = ["01", "02"]
    t = miller_blair_2x2(
        Z=pd.DataFrame([[150.0, 0.0], [200.0, 0.0]], index=codes, columns=codes),
        final_demand=pd.DataFrame({"FU201": [850.0, -200.0]}, index=codes),
        value_added=pd.DataFrame([[650.0, 0.0]], index=["VA001"], columns=codes),
        output=pd.Series([1000.0, 0.0], index=codes), total_input=pd.Series([1000.0, 0.0], index=codes),
    )
    with pytest.warns(BalanceWarning, match="zero output"):
        report = check_io_table(t)
    assert report.table.set_index("check").loc["zero_output", "sector"] == "02"


def test_unknown_unit_raises():
    with pytest.raises(ValidationError, match="unit"):
        check_io_table(miller_blair_2x2(unit="yuan-ish"))


def test_subtotal_mismatch_is_checked():
    t = miller_blair_2x2()
    stated = pd.Series([650.0, 1500.0], index=["01", "02"])
    with pytest.raises(ValidationError, match="subtotal:TVA"):
        check_io_table(t, subtotals={"TVA": (stated, t.total_value_added())})


def test_emit_false_never_raises():
    t = miller_blair_2x2(other=pd.Series([0.0, 300.0], index=["01", "02"]))
    report = check_io_table(t, emit=False)
    assert not report.ok


def test_mixed_units_raise():
    with pytest.raises(ValidationError, match="different units"):
        check_same_unit([miller_blair_2x2(), miller_blair_2x2(unit="10^8 CNY", year=2010)])


def test_iotable_rejects_misaligned_blocks():
    t = miller_blair_2x2()
    with pytest.raises(InputError, match="Z is not labelled"):
        miller_blair_2x2(Z=t.Z.loc[["02", "01"]])


def test_long_roundtrip_is_exact():
    from revitalize.model.table import IOTable

    t = miller_blair_2x2()
    back = IOTable.from_long(t.to_long(), t.sectors, region=t.region, year=t.year, unit=t.unit)
    pd.testing.assert_frame_equal(back.Z, t.Z)
    pd.testing.assert_frame_equal(back.final_demand, t.final_demand)
    pd.testing.assert_series_equal(back.output, t.output, check_names=False)
    assert back.imports.shape == (2, 0)


def test_a_table_published_in_whole_units_gets_half_a_unit_per_term():
    """The bureaus' 2012 .xlsx tables are rounded to whole 万元: an identity of k published cells
    can be off by up to k/2 units from rounding alone (e.g. Shanghai's zero-output sectors show
    row gaps of 3 万元). Such a table passes with the band named; a non-integer table keeps the
    1-unit band."""
    t = miller_blair_2x2(other=pd.Series([2.0, 0.0], index=["01", "02"]))
    report = check_io_table(t)
    assert report.ok and report.meta["conventions"]["rounded_table"].startswith("every cell")
    fractional = miller_blair_2x2(other=pd.Series([2.0, 0.25], index=["01", "02"]))
    with pytest.raises(ValidationError, match="row_balance"):
        check_io_table(fractional, tolerance=Tolerance(warn_rel=1e-9))
