"""Location quotient, shift-share and Krugman index against published worked examples.

Sources (each test names its own and the tolerance):

* Farhauer, O. & Kröll, A. (2013) *Standorttheorien: Regional- und Stadtökonomik in Theorie und
  Praxis*, Springer -- examples as printed in the R package REAT's documentation (Wieland,
  REAT 1.2.1-3.0.3, help pages ``locq``, ``krugman.spec``, ``krugman.spec2``), values in the
  ``# returns ...`` comments of their ``\\examples``.
* Krumme, G., "Shift & Share Table with Excel Explanations", Geography 350, University of
  Washington (faculty.washington.edu/krumme/350/ssexcel.html): the four-industry region
  "Holukuluku", 1985-1995, with every column printed.

Not found with printed numbers: the shift-share example of Stimson, Stough & Roberts (2006) (no
copy available to us), REAT's ``shift`` example (its help page prints no results) and any
Esteban-Marquillas worked example -- the latter is covered by identity tests in test_structure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.indicators.shift_share import shift_share
from revitalize.indicators.structure import krugman_index, location_quotient


def test_lq_farhauer_kroell_via_reat_locq():
    """REAT ``locq`` help, "Example from Farhauer/Kroell (2013)": ``locq(1714, 79006, 879213,
    15593224)`` "returns the location quotient (0.3847623)". Printed to 7 decimals: tol 5e-8.

    The region employs 1,714 of its 79,006 in the industry; the nation 879,213 of 15,593,224
    (the second sector is "all other industries")."""
    X = pd.DataFrame([[1714, 79006 - 1714]], index=["210000"], columns=["i", "rest"])
    lq = location_quotient(X, reference="000000",
                           reference_values={"i": 879213, "rest": 15593224 - 879213})
    assert lq.table.loc["210000", "i"] == pytest.approx(0.3847623, abs=5e-8)
    assert lq.meta["conventions"]["reference_values"] == "given"


# Krumme, Geography 350: Holukuluku 1985 and 1995 employment by industry I-IV; national
# composition 1985 (%, col. 2) and national growth 1985-1995 (%, col. 4). Only rates enter the
# decomposition, so the national levels are the printed shares (any scale gives the same result).
HOLUKULUKU_1985 = pd.Series([500, 100, 200, 200], index=["I", "II", "III", "IV"], dtype=float)
HOLUKULUKU_1995 = pd.Series([1000, 100, 250, 280], index=["I", "II", "III", "IV"], dtype=float)
NATION_1985 = pd.Series([10, 20, 40, 30], index=["I", "II", "III", "IV"], dtype=float)
NATION_1995 = NATION_1985 * (1 + np.array([10, 20, 30, 40]) / 100)


def test_lq_krumme_holukuluku():
    """Krumme, col. 3 "Loc Quot" (regional share / national share, 1985): 5, 0.5, 0.5, .667.
    Printed to 3 decimals: tol 5e-4."""
    X = pd.DataFrame([HOLUKULUKU_1985], index=["220000"])
    lq = location_quotient(X, reference="000000", reference_values=NATION_1985)
    assert lq.table.loc["220000"].to_numpy() == pytest.approx([5, 0.5, 0.5, 0.667], abs=5e-4)


def test_shift_share_krumme_holukuluku():
    """Krumme's table, all columns reproduced exactly (integers: tol 1e-9).

    Printed: regional growth 630; national growth effect 290 (expected employment at the
    national rate 29 %: col. 8 = 645, 129, 258, 258, total 1,290); total shift 340 (col. 9:
    355, 29, 8, 22); expected employment at the national industry rates (col. 10: 550, 120, 260,
    280, total 1,210); differential effect (net) 420 (col. 11: 450, 20, 10, 0); composition
    effect (net) 80 (col. 12: 95, 9, 2, 22). The copy we consulted shows no minus signs in the
    per-industry columns; the signs follow from the printed totals (340 = 420 + (-80), 630 =
    290 + 340) and from cols. 6-8 (industry II: 100 actual vs 129 expected), so the test checks
    printed magnitudes and the signed totals.

    Mapping: national growth effect = national share (NS); composition effect = industry mix
    (IM); differential effect = competitive shift (CS); total shift = IM + CS.
    """
    t = shift_share(HOLUKULUKU_1985, HOLUKULUKU_1995, NATION_1985, NATION_1995,
                    reference="000000").table
    tot = t.loc["total"]
    assert tot["actual_change"] == pytest.approx(630, abs=1e-9)
    assert tot["national_share"] == pytest.approx(290, abs=1e-9)
    assert tot["industry_mix"] + tot["competitive_shift"] == pytest.approx(340, abs=1e-9)
    assert tot["competitive_shift"] == pytest.approx(420, abs=1e-9)
    assert tot["industry_mix"] == pytest.approx(-80, abs=1e-9)
    sectors = t.drop(index="total")
    expected_national = HOLUKULUKU_1985 + sectors["national_share"]
    expected_industry = expected_national + sectors["industry_mix"]
    assert expected_national.to_numpy() == pytest.approx([645, 129, 258, 258], abs=1e-9)
    assert expected_industry.to_numpy() == pytest.approx([550, 120, 260, 280], abs=1e-9)
    total_shift = sectors["industry_mix"] + sectors["competitive_shift"]
    assert np.abs(total_shift.to_numpy()) == pytest.approx([355, 29, 8, 22], abs=1e-9)
    assert np.abs(sectors["competitive_shift"].to_numpy()) == pytest.approx([450, 20, 10, 0], abs=1e-9)
    assert np.abs(sectors["industry_mix"].to_numpy()) == pytest.approx([95, 9, 2, 22], abs=1e-9)
    assert sectors.loc["II", "competitive_shift"] < 0 < sectors.loc["I", "competitive_shift"]


def test_krugman_two_regions_reat_krugman_spec():
    """REAT ``krugman.spec`` help, "Example from Farhauer/Kroell (2013), modified": regions with
    no common industry, c(20,10,70,0,0) vs c(0,0,0,60,40), "results the specialization
    coefficient (2)" -- the 0-2 scale; halved it is 1. Exact (tol 1e-12)."""
    X = pd.DataFrame([[20, 10, 70, 0, 0]], index=["210000"], columns=list("abcde"))
    ref = dict(zip("abcde", [0, 0, 0, 60, 40]))
    k = krugman_index(X, reference="000000", reference_values=ref)
    assert k.table.loc["210000", "krugman_index"] == pytest.approx(2.0, abs=1e-12)
    half = krugman_index(X, reference="000000", reference_values=ref, halved=True)
    assert half.table.loc["210000", "krugman_index"] == pytest.approx(1.0, abs=1e-12)
    assert half.meta["conventions"]["scale"] == "0-1 (halved)"


def test_krugman_against_several_regions_reat_krugman_spec2():
    """REAT ``krugman.spec2`` help, "Example from Farhauer/Kroell (2013)": Sweden against
    Norway, Denmark, Finland and Iceland, five industries -> 0.1595 (printed to 4 decimals,
    tol 5e-5). REAT's reference is the unweighted mean of the comparison countries' sector
    shares (not their pooled employment, which gives 0.1351): we pass it as reference_values."""
    sweden = [45000, 15000, 32000, 10000, 30000]
    others = np.array([[35000, 12000, 30000, 8000, 22000], [40000, 10000, 25000, 9000, 18000],
                       [30000, 11000, 18000, 3000, 13000], [40000, 6000, 11000, 2000, 12000]],
                      dtype=float)
    mean_shares = (others / others.sum(axis=1, keepdims=True)).mean(axis=0)
    X = pd.DataFrame([sweden], index=["210000"], columns=list("abcde"))  # Sweden
    k = krugman_index(X, reference="000000", reference_values=dict(zip("abcde", mean_shares)))
    assert k.table.loc["210000", "krugman_index"] == pytest.approx(0.1595, abs=5e-5)
    pooled = krugman_index(X, reference="000000", reference_values=dict(zip("abcde", others.sum(0))))
    assert pooled.table.loc["210000", "krugman_index"] == pytest.approx(0.1351, abs=5e-5)
