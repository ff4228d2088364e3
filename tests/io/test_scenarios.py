"""Final-demand scenarios: identities (zero shock, Δx = L Δf, percent = absolute, ΔVA + Δimports
= Σ Δy), the import rules of competitive and non-competitive tables, immutability, shock files,
bad input, and the Liaoning 2017 investment-shift example."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.io.coefficients import coefficients, intermediate_flows
from revitalize.io.scenarios import (
    Scenario,
    Shock,
    impact,
    import_shares,
    read_shock_file,
)
from revitalize.model.table import IOTable
from tests.io.fixtures import miller_blair_2x2

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "liaoning_investment_shift.yaml"
CODES = ["01", "02", "03"]


def _sectors():
    return pd.DataFrame({"name_cn": ["农业", "工业", "服务"], "name_en": ["Agri", "Ind", "Serv"]},
                        index=pd.Index(CODES, name="code"))


def competitive_table() -> IOTable:
    """3 sectors, imports IM, exports EX; balanced rows and columns."""
    Z = pd.DataFrame([[10.0, 30.0, 5.0], [20.0, 60.0, 25.0], [5.0, 20.0, 15.0]],
                     index=CODES, columns=CODES)
    Y = pd.DataFrame({"FU101": [40.0, 30.0, 80.0], "FU201": [5.0, 90.0, 20.0],
                      "EX": [10.0, 40.0, 5.0]}, index=CODES)
    M = pd.DataFrame({"IM": [10.0, 45.0, 0.0]}, index=CODES)
    x = Z.sum(axis=1) + Y.sum(axis=1) - M["IM"]
    va_total = x - Z.sum(axis=0)
    va = pd.DataFrame([0.6 * va_total, 0.4 * va_total], index=["VA001", "VA004"])
    return IOTable(sectors=_sectors(), Z=Z, final_demand=Y, imports=M,
                   other=pd.Series(0.0, index=CODES), value_added=va, output=x,
                   total_input=x.copy(), region="210000", year=2017, unit="10^4 CNY")


def noncompetitive_table() -> IOTable:
    Z = pd.DataFrame([[10.0, 30.0, 5.0], [20.0, 60.0, 25.0], [5.0, 20.0, 15.0]],
                     index=CODES, columns=CODES)
    Zm = pd.DataFrame([[2.0, 4.0, 0.0], [3.0, 15.0, 4.0], [0.0, 1.0, 2.0]],
                      index=CODES, columns=CODES)
    Y = pd.DataFrame({"TC": [40.0, 30.0, 80.0], "FU201": [5.0, 90.0, 20.0],
                      "EX": [10.0, 40.0, 5.0]}, index=CODES)
    Ym = pd.DataFrame({"TC": [1.0, 6.0, 0.0], "FU201": [0.0, 9.0, 0.0], "EX": [0.0, 0.0, 0.0]},
                      index=CODES)
    M = pd.DataFrame({"IM": Zm.sum(axis=1) + Ym.sum(axis=1)})
    x = Z.sum(axis=1) + Y.sum(axis=1)
    va_total = x - Z.sum(axis=0) - Zm.sum(axis=0)
    va = pd.DataFrame([0.5 * va_total, 0.5 * va_total], index=["VA001", "VA004"])
    return IOTable(sectors=_sectors(), Z=Z, final_demand=Y, imports=M,
                   other=pd.Series(0.0, index=CODES), value_added=va, output=x,
                   total_input=x.copy(), region="000000", year=2017, unit="10^4 CNY",
                   kind="noncompetitive", Z_imports=Zm, final_demand_imports=Ym)


# ---------------------------------------------------------------------------- identities
@pytest.mark.parametrize("make", [competitive_table, noncompetitive_table])
def test_zero_shock_gives_zero_delta(make):
    t = make()
    for shocks in ((), (Shock("02", "FU201", 0.0), Shock("01", "EX", 0.0, "percent"))):
        r = Scenario(t, shocks).run()
        deltas = r.table.filter(like="_delta")
        assert deltas.abs().to_numpy().max() == 0.0
        np.testing.assert_allclose(r.table["output_baseline"], t.output)
        np.testing.assert_allclose(r.table["output_scenario"], t.output)
        assert (r.totals["delta"] == 0).all()


@pytest.mark.parametrize("technology", ["domestic", "total"])
def test_output_change_is_leontief_inverse_times_domestic_demand_change(technology):
    t = competitive_table()
    r = impact(t, [Shock("02", "FU201", 12.0), Shock("03", "FU101", -4.0),
                   Shock("01", "EX", 3.0)], technology=technology)
    L = coefficients(t, technology=technology).L.to_numpy()
    s = import_shares(t)
    if technology == "domestic":   # domestic uses leak s_i abroad, exports do not
        df = np.array([3.0, 12.0 * (1 - s[1]), -4.0 * (1 - s[2])])
    else:
        df = np.array([3.0, 12.0, -4.0])
    np.testing.assert_allclose(r.table["final_demand_delta"], df, rtol=1e-12)
    np.testing.assert_allclose(r.table["output_delta"], L @ df, rtol=1e-12)
    np.testing.assert_allclose(r.table["final_imports_delta"],
                               [0.0, 12.0 * s[1], -4.0 * s[2]] if technology == "domestic"
                               else [0.0, 0.0, 0.0], atol=1e-12)


def test_import_share_is_the_rule_of_domestic_flows():
    t = competitive_table()
    s = import_shares(t, "use")
    np.testing.assert_allclose(intermediate_flows(t, "domestic", "use"),
                               t.Z.to_numpy() * (1 - s)[:, None])
    assert s[0] == pytest.approx(10.0 / (t.output.iloc[0] - 10.0 + 10.0))


@pytest.mark.parametrize("make", [competitive_table, noncompetitive_table])
def test_demand_change_is_value_added_plus_imports(make):
    """Σ Δy = ΔVA + Δimports under domestic technology: each unit of final demand is paid
    either to the region's value added or to imports (column balance x_j = Σz + Σz^m + v_j)."""
    t = make()
    r = impact(t, [Shock("02", "FU201", 30.0), Shock("03", "FU201", -8.0), Shock("01", "EX", 5.0)],
               technology="domestic", import_share="use")
    tot = r.totals
    assert tot.at["value_added", "delta"] + tot.at["imports", "delta"] == pytest.approx(27.0)


def test_percent_and_absolute_shocks_agree():
    t = competitive_table()
    pct = impact(t, [Shock("02", "FU201", -10.0, "percent"), Shock("03", "FU101", 25.0, "percent")])
    ab = impact(t, [Shock("02", "FU201", -9.0), Shock("03", "FU101", 20.0)])
    pd.testing.assert_frame_equal(pct.table, ab.table, rtol=1e-12)
    assert list(pct.extra["shocks"]["delta"]) == [-9.0, 20.0]


def test_shocks_add_and_percent_uses_the_baseline_cell():
    t = competitive_table()
    r = Scenario(t, [Shock("02", "FU201", -10, "percent"), Shock("02", "FU201", -10, "percent")])
    dY, _ = r.final_demand_change()
    assert dY.at["02", "FU201"] == pytest.approx(-18.0)   # 2 x 10 % of 90, not compounded
    assert dY.drop(index="02").abs().to_numpy().sum() == 0


def test_noncompetitive_imports_use_the_imported_block():
    t = noncompetitive_table()
    r = impact(t, [Shock("02", "FU201", 30.0)], employment_coefficients=pd.Series(
        {"01": 0.5, "02": 0.1, "03": 0.8}))
    x = t.output.to_numpy()
    m = t.Z_imports.sum(axis=0).to_numpy() / x
    dx = r.table["output_delta"].to_numpy()
    np.testing.assert_allclose(r.table["final_demand_delta"], [0.0, 30.0, 0.0])
    np.testing.assert_allclose(r.table["imported_inputs_delta"], m * dx, rtol=1e-12)
    np.testing.assert_allclose(r.table["final_imports_delta"], 0.0)
    np.testing.assert_allclose(r.table["employment_delta"], np.array([0.5, 0.1, 0.8]) * dx)
    np.testing.assert_allclose(r.table["income_delta"],
                               t.value_added.loc["VA001"].to_numpy() / x * dx)
    assert r.meta["conventions"]["imported_inputs"].startswith("noncompetitive")
    assert r.totals.at["imports", "baseline"] == pytest.approx(t.imports["IM"].sum())


def test_table_without_compensation_row_has_no_income_columns():
    t = dataclasses.replace(miller_blair_2x2(), value_added=pd.DataFrame(
        [[650.0, 1400.0]], index=["VA004"], columns=["01", "02"]))
    r = impact(t, [Shock("01", "FU201", 100.0)], technology="total")
    assert not any(c.startswith("income") for c in r.table.columns)
    assert r.meta["conventions"]["income"] is None
    np.testing.assert_allclose(r.table["output_delta"], [125.41254125, 26.40264026])  # 100 l_.1


# ---------------------------------------------------------------------------- immutability
def test_scenario_is_immutable_and_run_does_not_touch_the_baseline():
    t = competitive_table()
    before = t.final_demand.copy()
    s = Scenario(t, [Shock("02", "FU201", 12.0)], name="a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "b"
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.shocks[0].amount = 1.0
    r1, r2 = s.run(), s.run()
    pd.testing.assert_frame_equal(r1.table, r2.table)
    pd.testing.assert_frame_equal(t.final_demand, before)
    s2 = s.with_shocks(Shock("03", "FU101", 1.0))
    assert len(s.shocks) == 1 and len(s2.shocks) == 2 and s2.name == "a"
    assert isinstance(s.shocks, tuple)
    for col in ("output_baseline", "output_scenario", "output_delta"):
        assert col in r1.table.columns


def test_employment_series_is_copied():
    t = competitive_table()
    emp = pd.Series({"01": 1.0, "02": 1.0, "03": 1.0})
    s = Scenario(t, [Shock("02", "FU201", 1.0)], employment_coefficients=emp)
    emp.iloc[0] = 99.0
    assert s.employment_coefficients.iloc[0] == 1.0


# ---------------------------------------------------------------------------- bad input
def test_unknown_sector_and_category_name_them_and_list_valid_ones():
    t = competitive_table()
    with pytest.raises(UnknownLabelError, match=r"sector '99'.*one of \['01', '02', '03'\]"):
        Scenario(t, [Shock("99", "FU201", 1.0)])
    with pytest.raises(UnknownLabelError,
                       match=r"category 'FU999'.*one of \['FU101', 'FU201', 'EX'\]"):
        Scenario(t, [Shock("01", "FU999", 1.0)])


def test_shock_making_final_demand_negative_warns():
    t = competitive_table()
    with pytest.warns(DataQualityWarning, match=r"FU201 of sector 01 negative: 5 -7 = -2"):
        Scenario(t, [Shock("01", "FU201", -7.0)]).run()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Scenario(t, [Shock("01", "FU201", -5.0)]).run()      # exactly zero: fine


def test_percent_shock_on_zero_cell_warns():
    t = dataclasses.replace(competitive_table(), final_demand=competitive_table().final_demand
                            .assign(FU201=[0.0, 90.0, 20.0]))
    with pytest.warns(DataQualityWarning, match="percentage of a zero cell"):
        r = Scenario(t, [Shock("01", "FU201", 50.0, "percent")]).run()
    assert r.extra["shocks"].at[0, "delta"] == 0.0


@pytest.mark.parametrize(("args", "match"), [
    (("01", "FU201", -100.5, "percent"), "percentage >= -100"),
    (("01", "FU201", 1.0, "relative"), "unknown shock mode"),
    (("01", "FU201", float("nan")), "not finite"),
    (("01", "FU201", "lots"), "not a number"),
])
def test_bad_shock_raises(args, match):
    with pytest.raises(InputError, match=match):
        Shock(*args)


def test_shock_parse():
    assert Shock.parse("14:FU201:-10%") == Shock("14", "FU201", -10.0, "percent")
    assert Shock.parse(" 27 : FU201 : -1500000 ") == Shock("27", "FU201", -1.5e6)
    assert str(Shock("27", "FU201", -1.5e6)) == "27:FU201:-1500000"
    for bad in ("14:FU201", "14::5", "14:FU201:ten%"):
        with pytest.raises(InputError, match="shock"):
            Shock.parse(bad)


def test_bad_scenario_arguments():
    t = competitive_table()
    with pytest.raises(InputError, match="is not a Shock"):
        Scenario(t, ["01:FU201:5"])
    with pytest.raises(InputError, match="unknown technology"):
        Scenario(t, [], technology="mixed")
    with pytest.raises(InputError, match="not an IOTable"):
        Scenario("table.csv", [])


@pytest.mark.parametrize(("emp", "error", "match"), [
    (pd.Series({"01": 1.0, "02": 1.0, "03": 1.0, "77": 1.0}), UnknownLabelError, r"\['77'\]"),
    (pd.Series({"01": 1.0, "02": 1.0}), InputError, r"missing for sectors \['03'\]"),
    (pd.Series({"01": 1.0, "02": -1.0, "03": np.nan}), InputError, "finite and >= 0"),
    ({"01": 1.0}, InputError, "labelled pandas Series"),
])
def test_bad_employment_coefficients(emp, error, match):
    with pytest.raises(error, match=match):
        Scenario(competitive_table(), [], employment_coefficients=emp)


# ---------------------------------------------------------------------------- shock files
def test_example_file_reads_and_sums_to_zero():
    shocks, name = read_shock_file(EXAMPLE)
    assert name.startswith("heavy-to-emerging")
    assert sum(s.amount for s in shocks) == 0.0
    assert {s.category for s in shocks} == {"FU201"}
    assert {s.sector for s in shocks if s.amount > 0} == {"20", "18", "35", "36"}


def test_json_file_bare_list_and_string_items(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps(["02:FU201:5%", {"sector": "01", "category": "EX", "amount": 2}]))
    shocks, name = read_shock_file(p)
    assert shocks == (Shock("02", "FU201", 5.0, "percent"), Shock("01", "EX", 2.0)) and name is None
    s = Scenario.from_file(p, competitive_table(), name="mine")
    assert s.name == "mine" and len(s.shocks) == 2


@pytest.mark.parametrize(("text", "match"), [
    ("shocks: [{sector: '01', category: EX}]", r"shocks\[0\].*missing keys \['amount'\]"),
    ("shocks: [{sector: '01', category: EX, amount: 1, size: 2}]", r"unknown keys \['size'\]"),
    ("shocks: [{sector: '01', category: EX, amount: -200, mode: percent}]", r"shocks\[0\].*-100"),
    ("shocks: [42]", "neither a mapping nor a string"),
    ("name: x", "no list of shocks"),
    ("shocks: []\nsource: a.csv", r"unknown keys \['source'\]"),
    ("shocks: [unclosed", "cannot parse"),
])
def test_bad_shock_files(tmp_path, text, match):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(InputError, match=match):
        read_shock_file(p)


# ---------------------------------------------------------------------------- Liaoning example
def test_liaoning_2017_investment_shift_example(shared_data):
    """examples/liaoning_investment_shift.yaml on the Liaoning 2017 table: same total
    investment, but heavy industry (non-metallic minerals 13, metals 14, coal 02) loses output
    and the emerging sectors gain; what leaves final demand is split between value added and
    imports (Σ Δy = 0 = ΔVA + Δimports)."""
    from revitalize.data.readers import read_provincial_io

    t = read_provincial_io(shared_data / "cn_io_provincial" / "cn_prov_io_2017_42.csv",
                           province="辽宁")
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the shocks are valid: no warning at all
        r = Scenario.from_file(EXAMPLE, t, technology="domestic", import_share="use").run()
    assert r.extra["final_demand_change"].to_numpy().sum() == pytest.approx(0.0, abs=1e-6)
    d = r.table["output_delta"]
    assert (d[["13", "14", "02"]] < 0).all() and (d[["20", "18", "35", "36"]] > 0).all()
    tot = r.totals
    assert tot.at["value_added", "delta"] + tot.at["imports", "delta"] == pytest.approx(0, abs=1e-3)
    assert tot.at["output", "delta"] < 0        # the emerging goods are largely imported/inflows
    assert r.meta["scenario"].startswith("heavy-to-emerging") and r.meta["region"] == "210000"
