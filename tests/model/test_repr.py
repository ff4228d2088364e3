"""Short ``repr`` and ``_repr_html_`` of the labelled models (issue 15: ``repr(IOTable)`` printed
every flow, about 300 lines)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.model.panel import PANEL_COLUMNS, Panel
from revitalize.model.table import IOTable
from revitalize.results import Provenance


def _table(region="210000", year=2017, n=42, name="<b>bad</b>") -> IOTable:
    codes = [f"{k:02d}" for k in range(1, n + 1)]
    sectors = pd.DataFrame({"name_cn": [f"部门{c}" for c in codes],
                            "name_en": [f"sector {c}" for c in codes]},
                           index=pd.Index(codes, name="code"))
    z = pd.DataFrame(np.ones((n, n)), index=codes, columns=codes)
    x = pd.Series(float(2 * n), index=codes)
    return IOTable(sectors=sectors, Z=z, final_demand=pd.DataFrame({"EX": [float(n)] * n},
                                                                   index=codes),
                   imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
                   value_added=pd.DataFrame([[float(n)] * n], index=["VA001"], columns=codes),
                   output=x, total_input=x, region=region, year=year, unit="10^4 CNY",
                   classification=name, provenance=Provenance(source="test", file="t.csv"))


def test_iotable_repr_is_a_few_labelled_lines():
    text = repr(_table())
    lines = text.splitlines()
    assert len(lines) <= 12 and all(len(line) < 100 for line in lines)
    for want in ("210000 Liaoning 辽宁", "2017", "sectors:", "42", "competitive", "10^4 CNY",
                 "3,528 10^4 CNY", "classification:", "t.csv"):
        assert want in text, want


def test_iotable_repr_says_unknown_region_and_year_rather_than_guessing():
    text = repr(_table(region=None, year=None, n=3))
    assert "region:" in text and "unknown" in text and "None" not in text


def test_iotable_repr_html_is_small_and_escaped():
    html = _table()._repr_html_()
    assert "&lt;b&gt;bad&lt;/b&gt;" in html and "<b>bad" not in html
    assert html.count("<tr>") <= 12 and "部门01" not in html


def _panel(n_regions=31) -> Panel:
    rows = [{"region": f"{11 + k}0000", "region_en": f"R{k}", "region_cn": f"省{k}", "year": y,
             "indicator": ind, "unit": "100 million yuan", "value": 1.0,
             "flag": "E" if (k, y, ind) == (0, 2000, "gdp") else "", "flag_note": ""}
            for k in range(n_regions) for y in range(2000, 2010) for ind in ("gdp", "<x>")]
    return Panel(pd.DataFrame(rows, columns=list(PANEL_COLUMNS)),
                 Provenance(source="test", file="panel.csv"))


def test_panel_repr_and_html_are_short():
    p = _panel()
    text = repr(p)
    assert len(text.splitlines()) <= 10 and "620" in text and "2000-2009 (10 years)" in text
    assert "(31 in all)" in text and "flagged values: 1" in text and "panel.csv" in text
    html = p._repr_html_()
    assert "&lt;x&gt;" in html and "<x>" not in html and html.count("<tr>") <= 10
