"""Real-data caveats: GDP vintages of the IO tables vs the panel, quality flags of a selection,
registered vs resident population -- reproducing the PROVENANCE statements of the data."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.caveats import (
    flags_for_meta,
    gdp_vintages,
    population_concept_breaks,
    quality_flags,
)
from revitalize.model.panel import Panel

LEGEND = {"V": "vintage", "J": "jump", "P": "registered population"}


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


@pytest.fixture(scope="module")
def energy(shared_data):
    from revitalize.data.readers import read_panel

    return _quiet(read_panel, shared_data / "cn_prov_energy_panel" / "cn_prov_energy_econ_panel_long.csv")


@pytest.fixture(scope="module")
def io_tables(shared_data):
    from revitalize.data.readers import read_provincial_io

    return [_quiet(read_provincial_io, shared_data / "cn_io_provincial" / f"cn_prov_io_{y}_42.csv")
            for y in (2002, 2007, 2017)]


def _panel(rows, unit="100 million yuan, current prices") -> Panel:
    frame = pd.DataFrame([{"region": r, "region_en": "", "region_cn": "", "year": y,
                           "indicator": ind, "unit": unit, "value": v, "flag": f, "flag_note": n}
                          for r, y, ind, v, f, n in rows])
    return Panel(frame, flag_legend=LEGEND)


def test_gdp_vintages_reproduce_provenance(io_tables, energy):
    """cn_io_provincial PROVENANCE: 'Liaoning 2017 TVA = 23,409.2 亿元 = the first-release 2017
    GDP; Heilongjiang 2017 = 15,902.7 (first release); Jilin 2017 = 14,806.6 (first release; the
    later revised GDP is 10,922)' (tol 0.05 亿元, one printed decimal)."""
    t = gdp_vintages(io_tables, energy, regions="NE").table
    assert t.loc[("220000", 2017), "io_tva_100m_yuan"] == pytest.approx(14806.6, abs=0.05)
    assert t.loc[("220000", 2017), "panel_gdp_100m_yuan"] == pytest.approx(10922)
    assert t.loc[("220000", 2017), "ratio"] == pytest.approx(14806.62 / 10922, abs=1e-4)
    assert t.loc[("220000", 2017), "panel_flag"] == "V"
    assert "revised series (flag V)" in t.loc[("220000", 2017), "status"]
    assert t.loc[("230000", 2017), "io_tva_100m_yuan"] == pytest.approx(15902.7, abs=0.05)
    ln = t.loc[("210000", 2017)]
    assert ln["io_tva_100m_yuan"] == pytest.approx(23409.2, abs=0.05)
    # the panel carries Liaoning's later 21,693 without a V flag: surfaced as beyond tolerance
    assert ln["panel_gdp_100m_yuan"] == pytest.approx(21693) and ln["panel_flag"] == ""
    assert ln["beyond_tolerance"] and "not flagged V" in ln["status"]
    assert len(t) == 9 and set(t.index.get_level_values("year")) == {2002, 2007, 2017}


def test_ratio_range_matches_provenance(io_tables, energy):
    """PROVENANCE: 'the ratio IO-TVA / GDP ... has median 0.98-1.00 and range 0.85-1.49'."""
    res = gdp_vintages(io_tables, energy)
    r = res.table["ratio"]
    assert 0.98 <= r.median() <= 1.00
    assert r.min() == pytest.approx(0.85, abs=0.005) and r.max() == pytest.approx(1.49, abs=0.005)
    assert sum(res.meta["status_counts"].values()) == len(res.table) == 91
    assert res.meta["conventions"]["tolerance"] == 0.05


def test_gdp_vintages_paths(io_tables):
    t2017 = io_tables[2]
    p = _panel([("210000", 2017, "gdp", 23400.0, "", ""), ("220000", 2017, "gdp", 1.0, "E", "bad")])
    res = gdp_vintages(t2017, p, regions=["210000", "220000", "230000"]).table
    assert res.loc[("210000", 2017), "status"] == "consistent within tolerance"
    assert "flagged E" in res.loc[("220000", 2017), "status"]
    assert np.isnan(res.loc[("230000", 2017), "ratio"])
    assert res.loc[("230000", 2017), "status"] == "no panel GDP for this region and year"
    with pytest.raises(InputError, match="tolerance"):
        gdp_vintages(t2017, p, tolerance=1.5)
    with pytest.raises(InputError, match="100 million yuan"):
        gdp_vintages(t2017, _panel([("210000", 2017, "gdp", 1.0, "", "")], unit="yuan"))
    with pytest.raises(UnknownLabelError, match="no table"):
        gdp_vintages(io_tables[0], p, regions="540000")  # 2002 has no Tibet
    odd = dataclasses.replace(t2017["210000"], unit="USD")
    with pytest.raises(InputError, match="'USD'"):
        gdp_vintages(odd, p)
    with pytest.raises(InputError, match="no IO tables"):
        gdp_vintages([], p)


def test_quality_flags_counts_each_letter_with_its_legend():
    p = _panel([("210000", 2015, "gdp", 1.0, "V;J", "revised, jump"),
                ("220000", 2016, "gdp", 1.0, "V", "revised"),
                ("230000", 2016, "gdp", 1.0, "", ""),
                ("230000", 2016, "population", 1.0, "Q", "?")])
    res = quality_flags(p)
    t = res.table.set_index("flag")
    assert t.loc["V", "n_values"] == 2 and t.loc["J", "n_values"] == 1
    assert t.loc["V", "meaning"] == "vintage" and t.loc["V", "regions"] == "210000, 220000"
    assert t.loc["Q", "meaning"] == "not in the panel's legend"
    assert res.meta["n_values"] == 4 and res.meta["n_flagged"] == 3 and len(res.extra["rows"]) == 3
    none = quality_flags(p, indicator="gdp", regions="黑龙江")
    assert none.table.empty and none.meta["n_flagged"] == 0
    assert flags_for_meta(p, indicator="gdp", years=[2015]) == {
        "n_values": 1, "n_flagged": 1,
        "by_flag": {"J": {"count": 1, "meaning": "jump"}, "V": {"count": 1, "meaning": "vintage"}}}
    with pytest.raises(UnknownLabelError):
        quality_flags(p, indicator="no_such_indicator")


def test_quality_flags_of_northeast_gdp(energy):
    """PROVENANCE flag V: 'Liaoning 2011-2015, Heilongjiang 2011-2018, Jilin 2016-2018' GDP."""
    res = quality_flags(energy, indicator="gdp", regions="NE", years=range(2011, 2019))
    t = res.table.set_index("flag")
    assert list(t.index) == ["V"] and t.loc["V", "n_values"] == 5 + 8 + 3
    assert (t.loc["V", "first_year"], t.loc["V", "last_year"]) == (2011, 2018)
    assert "revised" in t.loc["V", "meaning"]


def test_population_concept_breaks(energy):
    """PROVENANCE flag P: 'Zhejiang 2003-2014, Henan 2007-2014 and Guangdong 2009-2014 carry
    household-registered (户籍) population instead of resident (常住) population'."""
    res = population_concept_breaks(energy)
    t = res.table
    assert list(t.index) == ["330000", "410000", "440000"]
    assert [tuple(t.loc[c, ["first_year", "last_year"]]) for c in t.index] == \
        [(2003, 2014), (2007, 2014), (2009, 2014)]
    assert res.meta["n_values"] == 26 == len(res.extra["rows"])
    assert "hukou" in t.loc["330000", "flag_note"]
    assert population_concept_breaks(energy, regions="NE").table.empty
