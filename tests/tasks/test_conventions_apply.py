"""meta["conventions"] names only the conventions a result used (tasks/base ``only_with``)."""

import pytest

from revitalize.tasks import run
from revitalize.tasks.efficiency import DeaRequest, MalmquistRequest
from revitalize.tasks.emissions import EmissionsRequest
from revitalize.tasks.evaluate import AhpRequest, EntropyRequest
from revitalize.tasks.forecast import ForecastRequest
from revitalize.tasks.io import (
    ExtractRequest,
    ImpactRequest,
    LinkagesRequest,
    MultipliersRequest,
)
from revitalize.tasks.io_regional import RegionalizeRequest
from revitalize.tasks.mcda import PrometheeRequest, SmaaRequest
from revitalize.tasks.relatedness import (
    ComplexityRequest,
    OpportunitiesRequest,
    ValidationRequest,
)
from revitalize.tasks.structure import SdaRequest
from revitalize.tasks.uncertainty import (
    EntropyBootstrapRequest,
    IOMonteCarloRequest,
)


def test_malmquist_leaves_out_the_bad_output_options():
    plain = MalmquistRequest().conventions()
    assert "undesirable" not in plain and "bad_disposability" not in plain
    assert plain["orientation"] == "output"
    green = MalmquistRequest(index="malmquist_luenberger").conventions()
    assert green["undesirable"] == ["co2"] and green["bad_disposability"] == "weak"
    assert "orientation" not in green


def test_dea_orientation_only_for_radial_models():
    assert DeaRequest().conventions()["orientation"] == "input"
    assert "orientation" not in DeaRequest(model="sbm").conventions()


# ---------------------------------------------------------------------------- every request
# One assertion per request with an option that applies only with another option's value:
# left out of conventions() where it does not apply, present where it does.
def _has(request, *names):
    conv = request.conventions()
    return all(n in conv for n in names)


def _lacks(request, *names):
    conv = request.conventions()
    return not any(n in conv for n in names)


def test_import_share_only_with_domestic_technology():
    for cls in (LinkagesRequest, MultipliersRequest, ExtractRequest, IOMonteCarloRequest):
        assert _lacks(cls(source="t.csv", technology="published"), "import_share"), cls
        assert _lacks(cls(source="t.csv", technology="total"), "import_share"), cls
        assert _has(cls(source="t.csv", technology="domestic"), "import_share"), cls
    assert EmissionsRequest().conventions()["import_share"] == "supply"  # domestic by default
    assert _lacks(EmissionsRequest(technology="published"), "import_share")


def test_impact_import_share_under_every_technology():
    # the imported-inputs satellite uses it on a competitive table whatever the technology
    assert ImpactRequest(source="t.csv").conventions()["import_share"] == "supply"
    fields = {"source": "prov_io_2017", "region": "Liaoning", "shock": ("17:FU201:100",),
              "import_share": "use"}
    conv = run(ImpactRequest(**fields)).meta["conventions"]
    assert conv["technology"] == "published" and conv["import_share"] == "use"


def test_household_columns_only_for_type_ii():
    assert _lacks(MultipliersRequest(source="t.csv", type="I"), "household_columns")
    assert _has(MultipliersRequest(source="t.csv"), "household_columns")


def test_regionalize_delta_and_survey_import_share():
    base = {"source": "n.csv", "region": "Liaoning"}
    assert _lacks(RegionalizeRequest(**base, method="slq"), "delta", "survey_import_share")
    assert _lacks(RegionalizeRequest(**base, method="cilq"), "delta")
    assert RegionalizeRequest(**base).conventions()["delta"] is None  # flq, default 0.3
    assert _has(RegionalizeRequest(**base, method="aflq", delta=0.2), "delta")
    assert _has(RegionalizeRequest(**base, validate=True), "survey_import_share", "delta")
    assert _lacks(RegionalizeRequest(**base, method="slq"), "diagonal")  # SLQ has no diagonal rule
    assert _has(RegionalizeRequest(**base, method="cilq"), "diagonal")
    assert _has(RegionalizeRequest(**base), "diagonal") and _has(
        RegionalizeRequest(**base, validate=True), "diagonal")


def test_sda_import_share_and_deflator():
    assert _lacks(SdaRequest(), "import_share")  # technology total
    assert SdaRequest(technology="domestic").conventions()["import_share"] == "use"
    assert SdaRequest().conventions()["deflator"] == "none"
    assert _lacks(SdaRequest(prices="national_gdp_deflator"), "deflator")


def test_dea_undesirable_only_sbm_and_rts_not_for_scale():
    assert _lacks(DeaRequest(), "undesirable")
    assert DeaRequest(model="sbm", undesirable=("co2",)).conventions()["undesirable"] == ["co2"]
    assert _lacks(DeaRequest(model="scale"), "rts")
    for model in ("radial", "super_efficiency", "sbm"):
        assert _has(DeaRequest(model=model), "rts")


def test_ahp_aip_mean_only_under_aip():
    assert _lacks(AhpRequest(source=("j.yaml",)), "aip_mean")
    assert AhpRequest(source=("j.yaml",), group="aip").conventions()["aip_mean"] == "arithmetic"


def test_entropy_epsilon_only_when_shifting():
    base = {"source": "m.csv", "criteria": "a:+"}
    assert EntropyRequest(**base).conventions()["epsilon"] == 1e-4
    assert _lacks(EntropyRequest(**base, zero_handling="zero_log"), "epsilon")
    assert EntropyBootstrapRequest(**base).conventions()["epsilon"] == 1e-4
    assert _lacks(EntropyBootstrapRequest(**base, zero_handling="zero_log"), "epsilon")


def test_entropy_bootstrap_normalisation_only_for_topsis():
    base = {"source": "m.csv", "criteria": "a:+"}
    assert _lacks(EntropyBootstrapRequest(**base), "normalisation")
    assert _lacks(EntropyBootstrapRequest(**base, score="weighted_sum"), "normalisation")
    assert _has(EntropyBootstrapRequest(**base, score="topsis"), "normalisation")


def test_promethee_thresholds_of_the_preference_function():
    assert _lacks(PrometheeRequest(), "q", "p", "s")  # usual
    assert _has(PrometheeRequest(preference_function="u_shape", q=1.0), "q")
    assert _lacks(PrometheeRequest(preference_function="u_shape", q=1.0), "p", "s")
    assert _has(PrometheeRequest(preference_function="v_shape", p=1.0), "p")
    assert _has(PrometheeRequest(preference_function="linear", q=0.1, p=1.0), "q", "p")
    assert _lacks(PrometheeRequest(preference_function="linear", q=0.1, p=1.0), "s")
    assert _has(PrometheeRequest(preference_function="level", q=0.1, p=1.0), "q", "p")
    g = PrometheeRequest(preference_function="gaussian", s=1.0)
    assert _has(g, "s") and _lacks(g, "q", "p")


def test_smaa_weighting_only_around_the_weights():
    assert _lacks(SmaaRequest(), "weighting", "weight_spread")  # simplex sampling
    around = SmaaRequest(weight_sampling="around").conventions()
    assert around["weighting"] == "entropy" and around["weight_spread"] == 0.2


def test_forecast_options_of_the_model():
    base = {"source": "s.csv"}
    grey = ForecastRequest(**base).conventions()
    assert not set(grey) & {"level", "ic", "metric", "candidates", "min_train", "origins",
                            "grids"}
    assert grey["model"] == "gm11" and grey["horizon"] == 3
    naive = ForecastRequest(**base, model="naive").conventions()
    assert naive["level"] == 0.95 and "ic" not in naive
    arima = ForecastRequest(**base, model="arima").conventions()
    assert arima["ic"] == "aic" and "metric" not in arima and "candidates" not in arima
    auto = ForecastRequest(**base, model="auto").conventions()
    assert {"level", "ic", "metric", "candidates", "min_train", "origins", "grids"} <= set(auto)
    # a backtest scores every metric: none picks a model
    assert _lacks(ForecastRequest(**base, model="auto", backtest=True), "metric")
    assert _has(ForecastRequest(**base, model="auto", backtest=True), "candidates")


def test_complexity_uses_no_proximity():
    assert _lacks(ComplexityRequest(), "proximity")
    assert _has(OpportunitiesRequest(), "proximity") and _has(ValidationRequest(), "proximity")


# ---------------------------------------------------------------------------- results
def test_backtest_names_the_grids_it_searched(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text("year,a\n" + "".join(f"{2005 + i},{100 * 1.05 ** i:.4f}\n"
                                         for i in range(12)), encoding="utf-8")
    grey = run(ForecastRequest(source=str(path), backtest=True))
    assert grey.meta["conventions"]["grids"] is None  # GM(1,1) searches no grid
    assert "metric" not in grey.meta["conventions"]
    full = run(ForecastRequest(source=str(path), model="auto", candidates=("naive", "ets"),
                               grids="full", backtest=True))
    assert full.meta["conventions"]["grids"] == "full"  # was recorded as narrow


def test_impact_applies_the_zero_output_it_records():
    fields = {"source": "prov_io_2017", "region": "Tibet", "shock": ("17:FU201:100",)}
    res = run(ImpactRequest(**fields, zero_output="zero"))
    assert res.meta["conventions"]["zero_output"] == "zero"  # was run (and named) as exclude
    assert run(ImpactRequest(**fields)).meta["conventions"]["zero_output"] == "exclude"


def test_slq_regionalization_names_no_diagonal_rule_nor_lambda():
    fields = {"source": "nbs_io_2017_42_noncomp", "region": "Liaoning",
              "from_provincial": "prov_io_2017"}
    slq = run(RegionalizeRequest(**fields, method="slq")).meta["conventions"]
    assert slq["diagonal"] is None and slq["lambda"] is None and slq["delta"] is None
    flq = run(RegionalizeRequest(**fields)).meta["conventions"]
    assert flq["diagonal"] == "slq" and flq["delta"] == 0.3 and flq["lambda"].startswith("[log2")
    valid = run(RegionalizeRequest(**fields, method="slq", validate=True)).meta["conventions"]
    assert valid["diagonal"] is None and "delta" not in valid


def test_one_judgment_matrix_names_no_group_rule(tmp_path):
    from revitalize.tasks.uncertainty import AhpMonteCarloRequest

    path = tmp_path / "one.yaml"
    path.write_text("criteria: [a, b, c]\nmatrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]\n",
                    encoding="utf-8")
    conv = run(AhpRequest(source=(str(path),), group="aip")).meta["conventions"]
    assert conv["group"] is None and conv["aip_mean"] is None
    mc = run(AhpMonteCarloRequest(source=str(path), draws=10, seed=1, probability=0.0))
    assert mc.meta["conventions"]["group"] is None
    assert mc.meta["conventions"]["steps"] is None  # nothing moves with probability 0


def test_forecast_names_panel_rules_only_for_panel_series(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text("year,a\n" + "".join(f"{2005 + i},{100 + 3 * i}\n" for i in range(10)),
                    encoding="utf-8")
    csv = run(ForecastRequest(source=str(path))).meta["conventions"]
    assert csv["exclude_flags"] is None and csv["denominator"] is None
    level = run(ForecastRequest(source="cn_prov_energy_panel", series=("Liaoning:gdp",),
                                years="2000-2019")).meta["conventions"]
    assert level["exclude_flags"] == "E" and level["denominator"] is None  # not a share
    share = run(ForecastRequest(source="cn_prov_energy_panel", series=("northeast_gdp_share",),
                                years="2000-2019")).meta["conventions"]
    assert share["exclude_flags"] == "E" and share["denominator"] == "provinces"


def test_employment_split_only_with_an_employment_file():
    res = run(MultipliersRequest(source="prov_io_2017", region="Liaoning"))
    assert res.meta["conventions"]["employment_split"] is None
    assert _has(MultipliersRequest(source="t.csv"), "employment_split")  # the request's field


@pytest.mark.shared_data
def test_employment_split_named_with_the_employment_file(shared_data):
    fields = {"source": str(shared_data / "cn_io_nbs/cn_io_2017_42_noncomp.csv"), "type": "I",
              "employment": str(shared_data / "cn_sector_employment/"
                                "cn_employment_by_sector_1990_2018.csv")}
    for split in ("divisions", "compensation"):
        res = run(MultipliersRequest(**fields, employment_split=split))
        assert res.meta["conventions"]["employment_split"] == split


def test_dea_names_the_assembly_options_of_the_variables_it_uses():
    full = run(DeaRequest()).meta["conventions"]
    assert full["delta"] == 0.096 and full["initial"] == "zhang2004"
    assert full["base_year"] == 2000 and full["labour"] == "nbs_categories_proxy"
    lean = run(DeaRequest(inputs=("energy",), outputs=("real_gdp",))).meta["conventions"]
    assert lean["delta"] is None and lean["initial"] is None and lean["labour"] is None
    assert lean["base_year"] == 2000
    ml = run(MalmquistRequest(index="malmquist_luenberger", inputs=("capital_stock", "energy"),
                              outputs=("real_gdp",))).meta["conventions"]
    assert ml["labour"] is None and ml["delta"] == 0.096


def test_auto_over_grey_candidates_names_no_criterion_grid_or_level(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text("year,a\n" + "".join(f"{2005 + i},{100 * 1.04 ** i:.4f}\n"
                                         for i in range(10)), encoding="utf-8")
    grey = run(ForecastRequest(source=str(path), model="auto",
                               candidates=("gm11", "verhulst"))).meta["conventions"]
    assert grey["ic"] is None and grey["grids"] is None and grey["level"] is None
    naive = run(ForecastRequest(source=str(path), model="auto",
                                candidates=("gm11", "naive"))).meta["conventions"]
    assert naive["level"] == 0.95 and naive["ic"] is None
    one = run(ForecastRequest(source=str(path))).meta["conventions"]
    assert not {"ic", "grids", "level", "metric", "candidates"} & set(one)  # GM(1,1) alone


def test_labour_none_with_labour_among_the_variables_is_named():
    """--labour none with the default inputs failed with 'no province has [...]' on field
    first_year; now one line on field labour with the remedy."""
    import pytest

    from revitalize.data.catalog import Catalog
    from revitalize.errors import InputError
    from revitalize.tasks import run

    with pytest.raises(InputError, match="labour 'none' with 'labour'") as info:
        run(DeaRequest(labour="none"), Catalog())
    assert info.value.field == "labour" and "--inputs capital_stock,energy" in str(info.value)


# ---------------------------------------------------------------------------- only_with forms
def test_only_with_alternatives_and_not_none():
    """A dict is an AND of conditions, a list of dicts an OR; NOT_NONE: the field is given."""
    from dataclasses import dataclass

    from revitalize.tasks.base import NOT_NONE, Request, option

    @dataclass(frozen=True)
    class Toy(Request):
        model: str = option("a", choices=("a", "b", "c"), help="m")
        backtest: bool = option(False, convention=False, help="b")
        file: str | None = option(None, convention=False, help="f")
        both: int = option(1, only_with={"model": ("a",), "backtest": (True,)}, help="x")
        either: int = option(2, only_with=[{"model": ("b",)}, {"backtest": (True,)}], help="x")
        given: str = option("s", only_with={"file": NOT_NONE}, help="x")
        mixed: int = option(3, only_with=[{"file": NOT_NONE, "model": ("c",)},
                                          {"model": ("a",)}], help="x")

    assert set(Toy().conventions()) == {"model", "mixed"}
    assert set(Toy(backtest=True).conventions()) == {"model", "both", "either", "mixed"}
    assert set(Toy(model="b").conventions()) == {"model", "either"}
    assert set(Toy(model="c", file="f.csv").conventions()) == {"model", "given", "mixed"}
    assert "given" not in Toy(file="").conventions()  # empty text of an optional field: None
    assert repr(NOT_NONE) == "NOT_NONE"


def test_only_with_refuses_a_condition_that_is_no_tuple():
    from revitalize.tasks.base import option

    # {"model": "auto"} would match any substring of 'auto' ('a', 'ut'...)
    with pytest.raises(TypeError, match="neither a tuple of values nor NOT_NONE"):
        option("x", help="h", only_with={"model": "auto"})
    with pytest.raises(TypeError, match="not a non-empty dict"):
        option("x", help="h", only_with=[{"model": ("a",)}, {}])


def test_every_only_with_names_fields_of_its_request():
    from dataclasses import fields

    from revitalize.tasks import TASKS

    assert len(TASKS) > 40
    for name, spec in TASKS.items():
        names = {f.name for f in fields(spec.request)}
        for f in fields(spec.request):
            for alternative in f.metadata.get("only_with", ()):
                assert set(alternative) <= names, (name, f.name, alternative)


def test_backtest_options_apply_to_a_backtest_of_any_model():
    base = {"source": "s.csv"}
    grey = ForecastRequest(**base, backtest=True).conventions()
    assert {"min_train", "origins", "grids"} <= set(grey)
    assert not {"metric", "candidates", "level", "ic"} & set(grey)  # GM(1,1): none of these
    assert _lacks(ForecastRequest(**base), "min_train", "origins", "grids")
