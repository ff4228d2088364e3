"""A column named twice (or in two roles) is refused by every efficiency entry point and by the
request layer, naming the field (a DEA with 200 copies of one output is a degenerate LP)."""

from __future__ import annotations

import pandas as pd
import pytest

from revitalize.efficiency import dea, malmquist, sbm
from revitalize.errors import InputError, UnknownLabelError
from revitalize.tasks import run
from revitalize.tasks.efficiency import MalmquistRequest

FRAME = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [1.0, 3.0, 2.0]}, index=["a", "b", "c"])
PANEL = pd.DataFrame({"region": list("abab"), "year": [1, 1, 2, 2], "x": [1.0, 2, 1, 2],
                      "y": [1.0, 3, 2, 3]})


def test_dea_refuses_a_column_twice_or_in_two_roles():
    with pytest.raises(InputError, match="'y' listed twice") as err:
        dea(FRAME, inputs=["x"], outputs=["y", "y"])
    assert err.value.field == "outputs"
    with pytest.raises(InputError, match="two roles"):
        dea(FRAME, inputs=["x", "y"], outputs=["y"])


def test_sbm_refuses_an_output_also_undesirable():
    with pytest.raises(InputError, match="'y' is given two roles"):
        sbm(FRAME.assign(z=1.0), inputs=["x"], outputs=["y", "z"], undesirable=["y"])


def test_malmquist_refuses_a_column_twice():
    with pytest.raises(InputError, match="'y' listed twice") as err:
        malmquist(PANEL, inputs=["x"], outputs=["y", "y"])
    assert err.value.field == "outputs"


def test_request_refuses_a_list_naming_one_value_twice():
    with pytest.raises(InputError, match="lists 'real_gdp' twice") as err:
        run(MalmquistRequest(outputs=("real_gdp",) * 200))
    assert err.value.field == "outputs"


def test_malmquist_names_an_unknown_column():
    with pytest.raises(UnknownLabelError, match="'zz'"):
        malmquist(PANEL, inputs=["zz"], outputs=["y"])
