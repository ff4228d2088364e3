"""``Result.summary()`` (statsmodels-like table), the one-line ``repr`` and ``_repr_html_``."""

from __future__ import annotations

import pandas as pd

from revitalize.evaluate.topsis import topsis
from revitalize.forecast.grey import gm11
from revitalize.results import SUMMARY_WIDTH, Result, build_meta

# Deng Julong's textbook series (also tests/forecast): C and P small, grade "good".
SERIES = [2.874, 3.278, 3.337, 3.390, 3.679]


def test_gm11_summary_shows_a_b_c_p_grade_and_the_forecasts():
    res = gm11(SERIES, horizon=3)
    text = res.summary()
    for key in ("a:", "b:", "C:", "P:", "grade:", "good", "Forecasts (first 3 of 3 rows)"):
        assert key in text, key
    assert f"{res.meta['a']:.6g}" in text and f"{res.meta['C']:.6g}" in text
    assert all(len(line) <= SUMMARY_WIDTH for line in text.splitlines())
    assert res.summary_statistics()["grade"] == "good"


def test_topsis_summary_lists_alternatives_by_rank():
    X = pd.DataFrame({"gdp": [1, 2, 3, 4.0], "co2": [4, 3, 2, 2.5]}, index=list("ABCD"))
    text = topsis(X, [0.5, 0.5], ["benefit", "cost"]).summary()
    block = text.split("Table by rank")[1].splitlines()[3:7]
    assert [line.split()[0] for line in block] == ["D", "C", "B", "A"]


def test_repr_is_one_line_for_every_result_subclass():
    res = gm11(SERIES, horizon=3)
    assert repr(res) == ("<ForecastResult grey.gm11 series: 13 rows x 4 columns; "
                         "extra: residuals>")
    big = Result(table=pd.DataFrame({"x": range(1000)}), meta=build_meta("demo"))
    assert "\n" not in repr(big) and len(repr(big)) < 100


def test_repr_html_is_short_and_escaped():
    table = pd.DataFrame({"v": range(50)}, index=pd.Index([f"<s{i}>" for i in range(50)]))
    html = Result(table=table, meta=build_meta("demo", conventions={"basis": "<x>"}))._repr_html_()
    assert "&lt;x&gt;" in html and "<x>" not in html
    assert "40 more rows" in html and html.count("<tr>") < 40


def test_summary_of_nested_parameters_is_a_table():
    meta = build_meta("many", parameters={"s1": {"a": 0.1, "grade": "good"},
                                          "s2": {"a": 0.2, "grade": "barely"}})
    text = Result(table=pd.DataFrame({"x": [1]}), meta=meta).summary()
    assert "parameters" in text and "barely" in text and "s2" in text
