"""The report's capital section ("productivity") asks the ``indicators.capital_stock`` task the
CLI and HTTP API answer (same question, same answer): its table is the task's rows, its message
and key finding restate the table's numbers, its charts are in constant 2000 prices with the
unit in the axis title. Built from the bundled datasets only."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from revitalize.data.catalog import default_catalog
from revitalize.present import format_number
from revitalize.report.build import build_report, key_findings
from revitalize.tasks import run
from revitalize.tasks.indicators import CapitalStockRequest

NE = ("210000", "220000", "230000")


@pytest.fixture(scope="module")
def section(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVITALIZE_BUNDLE", "1")
        mp.setenv("REVITALIZE_DATA_DIR", str(tmp_path_factory.mktemp("empty-store")))
        rep = build_report("northeast", sections=["productivity"])
    assert rep.section("productivity").status == "ok"
    return rep


def test_table_equals_the_task(section):
    got = section.section("productivity").tables["productivity_capital_stock"]
    task = run(CapitalStockRequest(prices_of=2000, ratio_to_gdp=True, first_year=2000,
                                   last_year=2019), default_catalog())
    want = task.table[task.table["region"].isin([*NE, "NE", "000000"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(got.table, want)
    assert got.meta["conventions"] == task.meta["conventions"]
    assert got.meta["analysis"] == "indicators.capital_stock"


def test_message_and_finding_restate_the_table(section):
    s = section.section("productivity")
    t = s.tables["productivity_capital_stock"].table
    row = t[t["year"] == 2017].set_index("region")  # the last year of published GFCF
    ky = {r: format_number(row.loc[r, "capital_output_ratio"], decimals=2) for r in row.index}
    for name, code in (("Liaoning", "210000"), ("Jilin", "220000"), ("Heilongjiang", "230000")):
        k = format_number(row.loc[code, "capital_stock"], "money")
        assert f"{name} {k} (K/Y {ky[code]})" in s.message
    assert f"the 31 provinces {format_number(row.loc['000000', 'capital_stock'], 'money')} " \
           f"(K/Y {ky['000000']})" in s.message
    assert "2018-2019 is estimated" in s.message and "proxy" in s.message
    found = {lang: key_findings(dataclasses.replace(section, lang=lang))[0]["text"]
             for lang in ("en", "zh")}
    assert found["en"] == ("Capital-output ratio K/Y in 2017 (capital stock and real GDP at "
                           f"2000 prices): Liaoning {ky['210000']}, Jilin {ky['220000']}, "
                           f"Heilongjiang {ky['230000']}; 31 provinces {ky['000000']}.")
    assert f"辽宁 {ky['210000']}、吉林 {ky['220000']}、黑龙江 {ky['230000']}；31个省份合计 " \
           f"{ky['000000']}" in found["zh"]


def test_charts_in_2000_prices_with_the_nation(section):
    k, ky = section.section("productivity").figures
    assert "constant 2000 prices" in k.layout.yaxis.title.text
    assert "100 million yuan" in k.layout.yaxis.title.text
    assert [t.name for t in k.data] == ["Liaoning", "Jilin", "Heilongjiang"]
    assert [t.name for t in ky.data] == ["Liaoning", "Jilin", "Heilongjiang", "31 provinces"]
    assert list(k.data[0].x) == list(range(2000, 2020))
    # levels, not an index: no series starts at 100
    assert all(abs(t.y[0] - 100) > 1 for t in k.data)
