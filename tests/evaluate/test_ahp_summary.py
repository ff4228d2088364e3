"""``AHPResult.summary()``: the statsmodels-like table (criteria, weights, ranks, lambda_max, CI,
the RI table used, CR and the verdict, method) -- issue 15."""

from __future__ import annotations

import warnings

import numpy as np

from revitalize.evaluate.ahp import AHPConsistencyWarning, ahp
from revitalize.evaluate.ahp_batch import RI_SOURCES
from revitalize.results import SUMMARY_WIDTH
from tests.evaluate.test_ahp import NATIONS, WEALTH


def _rows(text: str) -> list[list[str]]:
    block = text.split("criterion")[1].split("=" * SUMMARY_WIDTH)[0]
    return [line.rsplit(None, 2) for line in block.splitlines()[2:] if line.strip()]


def test_wealth_of_nations_summary_is_a_table_by_rank():
    """Saaty (1977) wealth of nations (the worked example of tests/evaluate/test_ahp.py):
    weights .427 .230 .123 .094 .052 .052 .021 in rank order, France and the UK tied."""
    text = ahp(WEALTH, NATIONS).summary()
    lines = text.splitlines()
    assert all(len(line) <= SUMMARY_WIDTH for line in lines)
    assert lines[0].startswith("AHP eigenvector: n = 7, lambda_max = 7.6")
    assert "acceptable" in lines[0] and "NOT" not in text
    for key in ("Method:       eigenvector", "lambda_max:", "CI:", "RI(n):        1.32",
                "CR = CI/RI:", "Threshold:    CR <= 0.1", "Verdict:      acceptable",
                "Random index table 'saaty1980'", "RI(7) = 1.32 used", "Saaty (1980)"):
        assert key in text, key
    rows = _rows(text)
    assert [r[0] for r in rows] == ["US", "USSR", "Japan", "W. Germany", "France", "UK", "China"]
    assert [round(float(r[1]), 3) for r in rows] == [0.427, 0.230, 0.123, 0.094, 0.052, 0.052,
                                                     0.021]
    assert [r[2] for r in rows] == ["1", "2", "3", "4", "5", "5", "7"]


def test_summary_names_the_ri_table_chosen_and_the_inconsistent_judgment():
    a = np.array([[1, 1 / 4, 3, 1 / 4], [4, 1, 2, 2], [1 / 3, 1 / 2, 1, 2], [4, 1 / 2, 1 / 2, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AHPConsistencyWarning)
        text = ahp(a, list("ABCD"), ri_table="alonso_lamata2006", method="geometric").summary()
    assert "NOT acceptable (CR > 0.1)" in text and "Method:       geometric" in text
    assert "Random index table 'alonso_lamata2006'" in text and "RI(4) = 0.8815 used" in text
    assert RI_SOURCES["alonso_lamata2006"][:30] in text
    assert "most inconsistent judgment: a(" in text
    assert all(len(line) <= SUMMARY_WIDTH for line in text.splitlines())
