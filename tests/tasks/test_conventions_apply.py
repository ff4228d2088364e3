"""meta["conventions"] names only the conventions a result used (tasks/base ``only_with``)."""

from revitalize.tasks.efficiency import DeaRequest, MalmquistRequest


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
