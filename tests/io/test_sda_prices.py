"""SDA in constant prices: one price level per year for every flow (issue 18, the lead's
decision ``prices="national_gdp_deflator"``).

Hand-worked two-sector, two-year example (no published source: the numbers are chosen so that
every term can be checked by hand; the formulas are the two polar decompositions of
Dietzenbacher & Los 1998, *Economic Systems Research* 10(4), 307-324, averaged):

* year 0: ``Z0 = diag(50, 50)``, ``x0 = (100, 100)``: ``A0 = diag(.5, .5)``, ``L0 = diag(2, 2)``,
  ``y0 = (50, 50)``, ``f0 = 100``, ``s0 = (.5, .5)``;
* year 1 (current prices): ``Z1 = diag(90, 90)``, ``x1 = (150, 180)``: ``A1 = diag(.6, .5)``,
  ``L1 = diag(2.5, 2)``, ``y1 = (60, 90)``, ``f1 = 150``, ``s1 = (.4, .6)``;
* deflator ``P1 / P0 = 1.25``: every flow of year 1 divided by 1.25, so ``f1' = 120``,
  ``x1' = (120, 144)``; ``A``, ``L``, ``s`` and ``v`` unchanged.

Polar average, ``Delta L = diag(.5, 0)``, ``Delta s = (-.1, .1)``:

==============  ===============================  ===============  ===============
effect          formula                          current          constant
==============  ===============================  ===============  ===============
technology      1/2 dL (s0 f0 + s1 f1)           (27.5, 0)        (24.5, 0)
structure       1/2 (L1 ds f0 + L0 ds f1)        (-27.5, 25)      (-24.5, 22)
level           1/2 (L0 s0 + L1 s1)(f1 - f0)     (50, 55)         (20, 22)
change          x1 - x0                          (50, 80)         (20, 44)
==============  ===============================  ===============  ===============

The level effect falls from 105 to 42 (its ``Delta f`` from 50 to 150 / 1.25 - 100 = 20); the
technology and structure effects change too, by their end-year-weighted halves (divided by
1.25): only the first polar decomposition (``dL s0 f0 = (25, 0)``) would leave them unchanged.
Tolerance 1e-12 relative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import UnknownLabelError
from revitalize.io.sda import (
    aggregate_deflator,
    sda_factors,
    share_decomposition,
    structural_decomposition,
)
from tests.io.test_sda import _table

DEFLATOR = pd.Series({2012: 1.0, 2017: 1.25})
DEFLATOR.attrs["name"] = "a national price level"


def _pair(region="000000"):
    return (_table(np.diag([50.0, 50.0]), [100.0, 100.0], year=2012, region=region),
            _table(np.diag([90.0, 90.0]), [150.0, 180.0], year=2017, region=region))


def _out(res):
    return res.table[res.table["quantity"] == "output"].set_index("sector")


@pytest.mark.parametrize(("deflator", "expected"), [
    (None, {"technology": [27.5, 0.0], "final_demand_structure": [-27.5, 25.0],
            "final_demand_level": [50.0, 55.0], "change": [50.0, 80.0]}),
    (DEFLATOR, {"technology": [24.5, 0.0], "final_demand_structure": [-24.5, 22.0],
                "final_demand_level": [20.0, 22.0], "change": [20.0, 44.0]}),
])
def test_two_sectors_by_hand(deflator, expected):
    res = structural_decomposition(*_pair(), deflator=deflator)
    out = _out(res)
    for column, values in expected.items():
        np.testing.assert_allclose(out[column], values, rtol=1e-12, atol=1e-12)
    parts = out[["technology", "final_demand_structure", "final_demand_level"]].sum(axis=1)
    np.testing.assert_allclose(parts, out["change"], rtol=1e-12)


def test_single_deflation_leaves_the_ratios_unchanged():
    t0, t1 = _pair()
    cur = sda_factors(t1.Z.to_numpy(), t1.output.to_numpy(), t1.total_value_added().to_numpy())
    con = sda_factors(t1.Z.to_numpy() / 1.25, t1.output.to_numpy() / 1.25,
                      t1.total_value_added().to_numpy() / 1.25)
    for a, b in zip(cur[:3], con[:3]):  # v, L, s
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert con[3] == pytest.approx(cur[3] / 1.25, rel=1e-12)
    res = structural_decomposition(t0, t1, deflator=DEFLATOR)
    va = res.totals.set_index("quantity").loc["value_added"]
    assert va["end"] == pytest.approx(150.0 / 1.25, rel=1e-12)  # value added 60 + 90
    conv = res.meta["conventions"]["prices"]
    assert "a national price level" in conv and "only the final-demand level" in conv


def test_the_common_level_cancels_in_the_share():
    years = {2012: {}, 2017: {}}
    for region, scale in (("210000", 1.0), ("110000", 3.0)):
        t0, t1 = (_table(np.asarray(t.Z) * scale, np.asarray(t.output) * scale, year=t.year,
                         region=region) for t in _pair())
        years[2012][region], years[2017][region] = t0, t1
    kw = {"region": ["210000"], "reference": ["110000", "210000"]}
    cur = share_decomposition(years, **kw)
    con = share_decomposition(years, deflator=DEFLATOR, **kw)
    cols = ["start", "end", "change", "technology", "final_demand_structure",
            "final_demand_level"]
    np.testing.assert_allclose(con.table[cols], cur.table[cols], rtol=1e-12)
    assert "cancels in the share" in con.meta["conventions"]["prices"]


def test_aggregate_deflator_by_hand():
    """Two regions: nominal 100 and 300 in the base year, 121 and 330 two years on; real
    indices (previous year = 100) 110, 105 and 100, 105. Volume 100 x 1.1 x 1.05 + 300 x 1.05 =
    430.5; deflator 451 / 430.5."""
    nominal = pd.DataFrame({2002: [100.0, 300.0], 2004: [121.0, 330.0]}, index=["a", "b"])
    index = pd.DataFrame({2003: [110.0, 100.0], 2004: [105.0, 105.0]}, index=["a", "b"])
    p = aggregate_deflator(nominal, index, [2002, 2004])
    assert p[2002] == 1.0
    assert p[2004] == pytest.approx(451.0 / 430.5, rel=1e-12)
    assert "sum of 2 regions" in p.attrs["name"]
    gap = index.copy()
    gap.loc["b", 2003] = np.nan
    with pytest.raises(UnknownLabelError, match=r"region b: no real_index for years \[2003\]"):
        aggregate_deflator(nominal, gap, [2002, 2004])


def test_deflator_series_needs_every_year():
    with pytest.raises(UnknownLabelError, match="year 2017"):
        structural_decomposition(*_pair(), deflator=pd.Series({2012: 1.0}))


# ---------------------------------------------------------------------------- the task, real data
def test_task_national_deflator_on_the_bundled_tables():
    """io.sda 2012 -> 2017 with prices=national_gdp_deflator: one level for all provinces, the
    31 provinces' GDP (cn_prov_nbs_2000_2019) over their chained real index: 1.0405 for 2017
    (the task's ``meta["price_levels"]``; a data figure, not a published one). The end of the
    output change is divided by it, the start is not, the share is unchanged."""
    from revitalize.data.catalog import default_catalog
    from revitalize.errors import InputError
    from revitalize.tasks import run
    from revitalize.tasks.structure import SdaRequest

    cat = default_catalog()
    cur = run(SdaRequest(regions=("Liaoning",)), cat)
    con = run(SdaRequest(regions=("Liaoning",), prices="national_gdp_deflator"), cat)
    level = con.meta["price_levels"]["national"]
    assert level["2012"] == 1.0
    assert level["2017"] == pytest.approx(1.0405, abs=5e-5)
    c, k = (r.extra["totals"].set_index("quantity").loc["output"] for r in (cur, con))
    assert k["start"] == pytest.approx(c["start"], rel=1e-12)
    assert k["end"] == pytest.approx(c["end"] / level["2017"], rel=1e-12)
    assert k[["technology", "final_demand_structure", "final_demand_level"]].sum() == \
        pytest.approx(k["change"], rel=1e-9)
    assert "no national real GDP index after 2014" in con.meta["conventions"]["prices"]
    shares = [run(SdaRequest(decompose="share", prices=p), cat).table
              for p in ("current", "national_gdp_deflator")]
    pd.testing.assert_frame_equal(shares[0], shares[1], rtol=1e-12)
    with pytest.raises(InputError, match="one price basis"):
        run(SdaRequest(prices="national_gdp_deflator", deflator="nbs_gdp_index"), cat)
