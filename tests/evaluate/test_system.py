"""Indicator systems: parsing the YAML definitions, evaluating on small inline panels (every
rule and error path) and on the real provincial panels of ``../shared/data``."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError, ValidationError
from revitalize.evaluate.system import SystemResult, evaluate_system, load_panels
from revitalize.evaluate.systems import available_systems, load_system, system_from_mapping
from revitalize.model.panel import Panel
from revitalize.model.regions import REGIONS, region_code
from revitalize.results import Provenance

NE = ["Liaoning", "Jilin", "Heilongjiang"]


# ---------------------------------------------------------------------------- inline panels
def _panel(rows, name="toy") -> Panel:
    d = pd.DataFrame(rows, columns=["region", "year", "indicator", "value", "flag"])
    d["region"] = d["region"].map(region_code)
    d["region_en"] = d["region"].map(lambda c: REGIONS[c].name_en)
    d["region_cn"] = d["region"].map(lambda c: REGIONS[c].name_cn)
    d["unit"], d["flag_note"] = "u", ""
    return Panel(d, Provenance(source="inline test panel", file=f"{name}.csv"),
                 {"E": "error: do not use"})


BASE = {  # region -> year -> indicator -> value
    "Liaoning": {2020: {"a": 4.0, "b": 2.0, "c": 10.0, "d": 1.0},
                 2021: {"a": 5.0, "b": 1.0, "c": 10.0, "d": 2.0}},
    "Jilin": {2020: {"a": 2.0, "b": 3.0, "c": 10.0, "d": 3.0},
              2021: {"a": 3.0, "b": 3.0, "c": 10.0, "d": 1.0}},
    "Heilongjiang": {2020: {"a": 1.0, "b": 4.0, "c": 10.0, "d": 2.0},
                     2021: {"a": 1.0, "b": 5.0, "c": 10.0, "d": 3.0}},
    "Beijing": {2020: {"a": 6.0, "b": 1.0, "c": 10.0, "d": 4.0},
                2021: {"a": 6.0, "b": 2.0, "c": 10.0, "d": 4.0}},
}


def _rows(drop=(), flag=None, change=None):
    rows = []
    for region, years in BASE.items():
        for year, values in years.items():
            for ind, v in values.items():
                if (region, year, ind) in drop:
                    continue
                v = (change or {}).get((region, year, ind), v)
                rows.append((region, year, ind, v, (flag or {}).get((region, year, ind), "")))
    rows.append(("China", 2020, "a", 100.0, ""))  # the nation is never evaluated
    return rows


def _system(**changes) -> dict:
    spec = {
        "name": "toy", "title": "Toy system", "datasets": {"toy": {"exclude_flags": "E"}},
        "weights": "equal",
        "subsystems": [
            {"key": "s1", "name": "First", "weights": "equal", "indicators": [
                {"key": "a", "name": "A", "direction": "benefit", "source": "toy:a"},
                {"key": "bc", "name": "B per C", "direction": "cost",
                 "source": "toy:b / toy:c", "scale": 100}]},
            {"key": "s2", "name": "Second", "indicators": [
                {"key": "d", "name": "D", "direction": "benefit", "source": "toy:d"}]}],
        "omitted": [{"key": "s3", "name": "Third", "reason": "no data"}],
    }
    spec.update(changes)
    return spec


def _run(system=None, rows=None, **kw) -> SystemResult:
    system = system_from_mapping(system or _system(), file="toy.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return evaluate_system(system, {"toy": _panel(rows or _rows())}, **kw)


def test_minmax_pooled_over_years_equal_weights_scores_and_ranks():
    r = _run()
    t = r.table.set_index(["region_en", "year"])
    # a: benefit, min 1, max 6 over all 8 province-years; bc = 100 b / c: cost, min 10, max 50
    ln = t.loc[("Liaoning", 2021)]
    za, zbc, zd = (5 - 1) / 5, (50 - 10) / 40, (2 - 1) / 3
    assert ln["s1"] == pytest.approx((za + zbc) / 2)
    assert ln["s2"] == pytest.approx(zd)
    assert ln["score"] == pytest.approx(((za + zbc) / 2 + zd) / 2)
    for _, year in r.table.groupby("year"):
        assert sorted(year["rank"]) == [1, 2, 3, 4]
        assert (year.sort_values("rank")["score"].diff().dropna() <= 0).all()
    assert set(r.table["n_ranked"]) == {4}
    assert "000000" not in set(r.table["region"])
    assert r.meta["omitted"][0]["reason"] == "no data"
    assert r.meta["aggregate_weights"]["weights"] == {"s1": 0.5, "s2": 0.5}
    assert r.meta["conventions"]["rank"].startswith("1 = highest")


def test_coupling_coordination_columns():
    r = _run()
    t = r.table
    assert {"coupling_C", "coupling_T", "coupling_D"} <= set(t.columns)
    assert np.allclose(t["coupling_D"], np.sqrt(t["coupling_C"] * t["coupling_T"]))
    assert np.allclose(t["coupling_T"], t["score"])  # T uses the subsystem weights
    assert r.meta["conventions"]["coupling"]["formula"] == "standard"
    none = _run(coupling=False)
    assert not any(c.startswith("coupling") for c in none.table.columns)
    one = _run(_system(subsystems=_system()["subsystems"][:1]))
    assert not any(c.startswith("coupling") for c in one.table.columns)


def test_missing_values_exclude_the_province_year_with_a_note():
    r = _run(rows=_rows(drop={("Beijing", 2021, "a")}))
    assert len(r.table) == 7
    assert r.table.loc[r.table["year"] == 2021, "n_ranked"].unique().tolist() == [3]
    ex = r.extra["excluded"]
    assert ex.to_dict("records") == [{"region": "110000", "year": 2021, "missing": "a"}]
    assert r.meta["excluded"] == 1 and r.meta["complete_per_year"] == {2020: 4, 2021: 3}


def test_flagged_values_are_dropped_and_zero_denominators_excluded():
    rows = _rows(flag={("Jilin", 2020, "b"): "E"}, change={("Heilongjiang", 2021, "c"): 0.0})
    with pytest.warns(DataQualityWarning, match="quality flags"):
        evaluate_system(system_from_mapping(_system(datasets={"toy": {}})),
                        {"toy": _panel(rows)})
    r = _run(rows=rows)
    assert r.meta["flags_dropped"] == {"toy": 1}
    missing = {(row["region"], row["year"]): row["missing"] for row in
               r.extra["excluded"].to_dict("records")}
    assert missing == {("220000", 2020): "bc", ("230000", 2021): "bc"}


def test_declared_zero_fill_is_counted_and_never_fills_a_dropped_value():
    spec = _system()
    spec["subsystems"][0]["indicators"][1]["missing"] = "zero"
    rows = _rows(drop={("Jilin", 2020, "b")}, flag={("Beijing", 2020, "b"): "E"})
    r = _run(spec, rows)
    raw = r.extra["indicators"].set_index(["region", "year"])
    assert raw.loc[("220000", 2020), "bc"] == 0.0
    assert r.meta["zero_filled"] == {"bc": 1}
    assert r.extra["excluded"]["region"].tolist() == ["110000"]  # flagged E: not zero-filled


def test_year_and_region_filters_select_rows_only():
    full = _run().table.set_index(["region", "year"])
    part = _run(years=[2021], regions=["NE"]).table
    assert sorted(part["region_en"]) == sorted(NE) and set(part["year"]) == {2021}
    for row in part.to_dict("records"):
        assert row["score"] == pytest.approx(full.loc[(row["region"], 2021), "score"])
        assert row["rank"] == full.loc[(row["region"], 2021), "rank"]
    assert "province-years" in _run().summary()
    ranks = _run().ranks(["NE"])
    assert list(ranks.columns) == ["Heilongjiang", "Jilin", "Liaoning", "n_ranked"]


def test_errors_for_missing_datasets_indicators_and_constant_indicators():
    system = system_from_mapping(_system())
    with pytest.raises(UnknownLabelError, match="dataset 'toy' is needed"):
        evaluate_system(system, {})
    bad = _system()
    bad["subsystems"][1]["indicators"][0]["source"] = "toy:zz"
    with pytest.raises(UnknownLabelError, match="indicator 'zz' is not in dataset 'toy'"):
        _run(bad)
    flat = _system()
    flat["subsystems"][1]["indicators"][0]["source"] = "toy:c"
    with pytest.raises(ValidationError, match="indicator 'd' is constant"):
        _run(flat)
    with pytest.raises(ValidationError, match="no province-year has every indicator"):
        _run(rows=[r for r in _rows() if r[2] != "d"] + [("Jilin", 2019, "d", 1.0, "")])
    with pytest.raises(InputError, match="weight method 'topsis'"):
        _run(weight_method="topsis")


def test_fixed_weights_and_renormalisation_warning():
    spec = _system(weights={"method": "fixed", "values": {"s1": 3, "s2": 1}})
    with pytest.warns(DataQualityWarning, match="renormalised"):
        r = evaluate_system(system_from_mapping(spec), {"toy": _panel(_rows())})
    assert r.meta["aggregate_weights"]["weights"] == {"s1": 0.75, "s2": 0.25}
    spec = _system(weights={"method": "fixed", "values": {"s1": -1, "s2": 1}})
    with pytest.raises(InputError, match="non-negative weights"):
        _run(spec)


def _fake_weights(label):
    def fake(X, directions=None, **kwargs):  # stand-in: weight proportional to position
        cols = list(X.columns)
        w = pd.Series(np.arange(1, len(cols) + 1, dtype=float), index=cols)
        fake.calls.append((label, cols, directions))
        return SimpleNamespace(weights=w / w.sum())
    fake.calls = []
    return fake


def test_weight_methods_dispatch_to_the_sibling_modules(monkeypatch):
    entropy, critic = _fake_weights("entropy"), _fake_weights("critic")
    monkeypatch.setattr("revitalize.evaluate.weights.entropy_weights", entropy)
    monkeypatch.setattr("revitalize.evaluate.weights.critic_weights", critic)
    spec = _system(weights="critic")
    spec["subsystems"][0]["weights"] = "entropy"
    r = _run(spec)
    assert entropy.calls[0][1:] == (["a", "bc"], {"a": "benefit", "bc": "cost"})
    assert critic.calls[0][1] == ["s1", "s2"]
    assert r.meta["subsystems"][0]["weights"] == {"a": pytest.approx(1 / 3),
                                                  "bc": pytest.approx(2 / 3)}
    assert r.meta["subsystems"][1]["weights"] == {"d": 1.0}  # one indicator: weight 1
    over = _run(spec, weight_method="equal")
    assert over.meta["subsystems"][0]["weights_method"] == "equal"
    assert over.meta["conventions"]["weight_override"] == "equal"


def test_ahp_and_combined_weights(monkeypatch):
    calls = []

    def fake_ahp(matrix, criteria, method="eigenvector", name=""):
        calls.append((np.asarray(matrix).tolist(), list(criteria), method))
        return SimpleNamespace(weights=pd.Series([0.75, 0.25], index=criteria))

    def fake_combine(subjective, objective, rule="linear", alpha=0.5):
        return SimpleNamespace(weights=alpha * subjective + (1 - alpha) * objective)

    monkeypatch.setattr("revitalize.evaluate.ahp.ahp", fake_ahp)
    monkeypatch.setattr("revitalize.evaluate.weights.entropy_weights", _fake_weights("e"))
    monkeypatch.setattr("revitalize.evaluate.weights.combine_weights", fake_combine)
    spec = _system(weights={"method": "ahp", "judgment": [[1, 3], ["1/3", 1]]})
    spec["subsystems"][0]["weights"] = {
        "method": "combined", "subjective": {"method": "ahp", "judgment": [[1, 3], ["1/3", 1]]},
        "objective": "entropy", "alpha": 0.5}
    r = _run(spec)
    assert calls[0] == ([[1, 3], [1 / 3, 1]], ["a", "bc"], "eigenvector")
    assert r.meta["subsystems"][0]["weights"]["a"] == pytest.approx(0.5 * 0.75 + 0.5 / 3)
    assert r.meta["aggregate_weights"]["weights"] == {"s1": 0.75, "s2": 0.25}
    assert r.meta["subsystems"][0]["weights_method"].startswith("combined(ahp")


# ---------------------------------------------------------------------------- definitions
def _sub(**ind):
    base = {"key": "x", "name": "X", "direction": "benefit", "source": "toy:a"}
    base.update(ind)
    return [{"key": "s", "indicators": [base]}]


@pytest.mark.parametrize(("changes", "match"), [
    ({"colour": "red"}, "unknown keys"),
    ({"subsystems": []}, "no subsystems"),
    ({"subsystems": _sub(direction="up")}, "benefit or cost"),
    ({"subsystems": _sub(source="toy")}, "'dataset:indicator'"),
    ({"subsystems": _sub(source="toy:a / toy:b / toy:c")}, "more than one '/'"),
    ({"subsystems": _sub(scale=0)}, "positive factor"),
    ({"subsystems": _sub(scale="x")}, "not a number"),
    ({"subsystems": _sub(missing="mean")}, "exclude or zero"),
    ({"subsystems": [{"key": "s", "indicators": [{"key": "x", "name": "X",
                                                  "direction": "cost"}]}]}, "missing 'source'"),
    ({"subsystems": [{"key": "s", "indicators": []}]}, "no indicators"),
    ({"weights": "topsis"}, "weight method 'topsis'"),
    ({"weights": {"method": "ahp", "judgment": [[1, 2], [0.5, 1]]}}, "not 3 x 3"),
    ({"weights": {"method": "fixed", "values": {"s1": 1}}}, "one weight per item"),
    ({"weights": {"method": "combined", "subjective": "equal", "objective": "gra"}},
     "entropy or critic"),
    ({"weights": {"method": "combined", "subjective": "entropy", "objective": "critic"}},
     "weight method 'entropy'"),
    ({"omitted": [{"key": "s1", "name": "dup", "reason": "x"}]}, "duplicate subsystem keys"),
    ({"omitted": [{"key": "o", "name": "O"}]}, "not a text value"),
])
def test_definition_errors_name_the_field(changes, match):
    spec = _system(subsystems=_system()["subsystems"] + [
        {"key": "s3", "indicators": [{"key": "e", "name": "E", "direction": "cost",
                                      "source": "toy:b"}]}])
    spec.update(changes)
    with pytest.raises(InputError, match=match) as info:
        system_from_mapping(spec, file="toy.yaml")
    assert info.value.file == "toy.yaml"


def test_shipped_systems_and_loading(tmp_path):
    assert {"five_securities", "economy_society_environment"} <= set(available_systems())
    five = load_system("five_securities")
    assert [s.key for s in five.subsystems] == ["energy", "ecology", "industry", "food"]
    assert {o.key for o in five.omitted} == {"defence"}  # food measured since issue 20
    assert five.datasets["cn_prov_energy_panel"].exclude_flags == "E"
    assert five.datasets_needed() == ["cn_prov_energy_panel", "cn_prov_nbs_2000_2019",
                                      "cn_prov_rd_fiscal"]
    ese = load_system("economy_society_environment")
    assert [s.key for s in ese.subsystems] == ["economy", "society", "environment"]
    assert len(ese.describe()) == 9
    with pytest.raises(UnknownLabelError, match="no indicator system 'nosuch'"):
        load_system("nosuch")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [x\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_system(bad)


def test_load_panels_from_files_and_the_store(tmp_path, data_dir):
    csv = tmp_path / "toy.csv"
    csv.write_text("region,year,indicator,value,unit\nLiaoning,2020,a,1,u\nJilin,2020,a,2,u\n",
                   encoding="utf-8")
    panels = load_panels([str(csv), f"other={csv}"])
    assert set(panels) == {"toy", "other"} and panels["toy"].indicators == ["a"]
    from revitalize.data.store import Store

    Store(data_dir).import_file(csv, name="stored")
    assert load_panels("stored", data_dir=data_dir)["stored"].regions == ["210000", "220000"]
    with pytest.raises(Exception, match="no dataset named 'absent'"):
        load_panels("absent", data_dir=data_dir)


# ---------------------------------------------------------------------------- real data
@pytest.fixture(scope="session")
def real_panels(shared_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return load_panels(shared_data, needed=["cn_prov_energy_panel", "cn_prov_rd_fiscal",
                                                "cn_prov_nbs_2000_2019"])


def _real(name, panels, **kw) -> SystemResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return evaluate_system(name, panels, **kw)


def test_five_securities_on_the_provincial_panels(real_panels):
    r = _real("five_securities", real_panels, weight_method="equal")
    per_year = r.meta["complete_per_year"]
    # R&D intensity starts in 2011; the grain series of the food subsystem ends in 2019
    assert min(per_year) == 2011 and max(per_year) == 2019
    assert per_year[2014] == 30  # all but Tibet (no CO2, no energy consumption)
    assert max(per_year.values()) <= 31
    ex = r.extra["excluded"]
    assert "co2_intensity" in ex[(ex["region"] == "540000") & (ex["year"] == 2014)][
        "missing"].iloc[0]
    # GDP flagged E for Jiangsu 2021 is dropped, never used
    assert "energy_intensity" in ex[(ex["region"] == "320000") & (ex["year"] == 2021)][
        "missing"].iloc[0]
    assert r.meta["flags_dropped"]["cn_prov_energy_panel"] == 33
    assert r.meta["zero_filled"]["coal_output_to_energy_use"] > 0
    ranks = r.ranks(["NE"])
    assert ranks.loc[2014, ["Liaoning", "Jilin", "Heilongjiang"]].between(1, 30).all()
    for _, year in r.table.groupby("year"):
        assert year["rank"].min() == 1 and year["rank"].max() <= len(year)
    assert r.table[["energy", "ecology", "industry", "food", "score"]].stack().between(0, 1).all()


def test_economy_society_environment_on_the_provincial_panels(real_panels):
    r = _real("economy_society_environment", real_panels, weight_method="equal")
    per_year = r.meta["complete_per_year"]
    assert per_year[2019] == 30
    # population flagged P (household-registered) is dropped: Zhejiang 2012 is excluded
    ex = r.extra["excluded"]
    assert "education_spending_per_capita" in ex[(ex["region"] == "330000")
                                                 & (ex["year"] == 2012)]["missing"].iloc[0]
    ne = _real("economy_society_environment", real_panels, weight_method="equal",
               years=[2019], regions=["NE"]).table
    assert sorted(ne["region_en"]) == sorted(NE) and (ne["n_ranked"] == 30).all()
    assert np.allclose(ne["coupling_D"], np.sqrt(ne["coupling_C"] * ne["coupling_T"]))


def test_declared_objective_weights_on_real_data(real_panels):
    r = _real("economy_society_environment", real_panels, years=[2019])
    for sub in r.meta["subsystems"]:
        assert sub["weights_method"] == "critic"
        assert sum(sub["weights"].values()) == pytest.approx(1.0, abs=1e-5)
    assert len(r.table) == 30
