"""productivity_summary: geometric means, ranks, gaps and the diagnosis on a hand-made table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.efficiency.regional import productivity_summary
from revitalize.efficiency.results import ProductivityResult
from revitalize.errors import InputError
from revitalize.results import Result, build_meta


def _result(rows):
    table = pd.DataFrame(rows, columns=["region", "year_from", "year_to", "tfpch", "effch",
                                        "techch"])
    return ProductivityResult(table=table, meta=build_meta("malmquist"))


def test_summary_by_hand():
    """A: tfpch 1.1 and 0.9 -> geometric mean sqrt(0.99); B: effch low, techch high -> its
    shortfall is catching up; C: only an infeasible pair -> listed, not ranked."""
    r = _result([["A", 0, 1, 1.1, 1.0, 1.1], ["A", 1, 2, 0.9, 1.0, 0.9],
                 ["B", 0, 1, 1.0, 0.8, 1.25], ["B", 1, 2, 1.0, 0.8, 1.25],
                 ["C", 0, 1, np.nan, np.nan, np.nan], ["C", 1, 2, np.nan, np.nan, np.nan]])
    s = productivity_summary(r, focus=["A", "B", "C"])
    t = s.table
    assert t.loc["A", "tfpch"] == pytest.approx(np.sqrt(0.99))
    assert t.loc["B", "rank"] == 1 and t.loc["A", "rank"] == 2
    assert t.loc["B", "diagnosis"] == "catching up"
    assert t.loc["A", "diagnosis"] == "technical change"
    assert t.loc["C", "n_infeasible"] == 2 and t.loc["C", "diagnosis"] == "no feasible transition"
    assert s.meta["reference_values"]["effch"] == pytest.approx(np.sqrt(0.8))


def test_refuses_other_results():
    with pytest.raises(InputError, match="productivity index"):
        productivity_summary(Result(table=pd.DataFrame(), meta=build_meta("dea_ccr")))
