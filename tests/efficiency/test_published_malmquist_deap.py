"""Malmquist index assembly against a published worked example: DEAP 2.1, example 4.

Source: Coelli, T. (1996), "A Guide to DEAP Version 2.1: A Data Envelopment Analysis (Computer)
Program", CEPA Working Paper 96/08, University of New England -- example 4 (5 firms,
3 years, "Output orientated Malmquist DEA"); the printed output file ``eg4-out.txt``: DISTANCES
SUMMARY (CRS technical efficiency of each firm's year-t data against the technologies of years
t-1, t and t+1, and the VRS technical efficiency) and MALMQUIST INDEX SUMMARY (effch, techch,
pech, sech, tfpch by firm and year; means). DEAP's guide attributes the decomposition to Färe,
Grosskopf, Norris & Zhang (1994).

Where the transcription was found: the stored copy of the output file at
http://jthuang.nccu.edu.tw/filedownload/495:EG4-out.txt (search tool, corpus ``pages``). The
stored excerpt ends inside the year-3 Malmquist table (after firm 1's effch, techch, pech), so
those are the year-3 values checked. Printed numbers: ``reference/deap_eg4_distances.csv`` and
``reference/deap_eg4_malmquist.csv``.

What is checked, and what is not: the data file ``eg4-dta.txt`` was not found in any stored
transcription (nor does the output echo it), so the LPs cannot be re-run on EG4. The test feeds
DEAP's printed distances into :func:`malmquist_kernel` in place of its LP step (``_radial``) and
checks that the package assembles them into DEAP's printed effch, techch, pech, sech and tfpch:
orientation (output distances = Farrell output efficiencies <= 1 within a period), which cross
distance goes where (``E^t(t+1)`` is DEAP's "t-1" column of year t+1, ``E^{t+1}(t)`` its "t+1"
column of year t), the geometric-mean technical change, and the VRS/scale split. The LPs that
produce such distances are checked against DEAP's printed example 1 in
``test_published_dea_deap.py``.

Tolerance: the printed distances carry 3 decimals (0.563 for 9/16), and each component is a
ratio or a square root of a product of up to four of them, so |ours - printed| <= 2.5e-3 (the
printed components themselves were computed by DEAP from unrounded distances); printed means
are geometric means (the printed effch mean 0.844 is the geometric mean of the five values;
the arithmetic mean would be 0.868), checked with the same tolerance.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

mq = importlib.import_module("revitalize.efficiency.malmquist")

REF = Path(__file__).parent / "reference"
DIST = pd.read_csv(REF / "deap_eg4_distances.csv").set_index(["year", "firm"]).sort_index()
PRINTED = pd.read_csv(REF / "deap_eg4_malmquist.csv", dtype={"firm": str})
YEARS, FIRMS = [1, 2, 3], [1, 2, 3, 4, 5]
COMPONENTS = ["effch", "techch", "pech", "sech", "tfpch"]


def _printed_distance(ref_year: int, data_year: int, rts: str) -> np.ndarray:
    """E^{ref}(data) as printed: the row of ``data_year`` in the column of the reference year."""
    rows = DIST.loc[data_year].loc[FIRMS]
    if rts == "vrs":
        assert ref_year == data_year
        return rows["vrs_te"].to_numpy(float)
    column = {-1: "crs_te_tech_tm1", 0: "crs_te_tech_t", 1: "crs_te_tech_tp1"}[ref_year - data_year]
    return rows[column].to_numpy(float)


@pytest.fixture(scope="module")
def components():
    # Each period's arrays carry the year number, so the stand-in for the LP step can tell which
    # technology (a) and which data (b) it was asked about.
    X = np.array([np.full((len(FIRMS), 1), y, float) for y in YEARS])
    Y = X.copy()

    def printed_radial(Xa, Ya, Xb, Yb, rts, orientation):
        assert orientation == "output"
        return _printed_distance(int(Xa[0, 0]), int(Xb[0, 0]), rts)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(mq, "_radial", printed_radial)
        return mq.malmquist_kernel(X, Y, rts="crs", orientation="output", reference="adjacent")


def test_year2_all_firms(components):
    want = PRINTED[(PRINTED["year"] == 2) & (PRINTED["firm"] != "mean")]
    for comp in COMPONENTS:
        np.testing.assert_allclose(components[comp][0], want[comp].to_numpy(float), atol=2.5e-3,
                                   err_msg=comp)


def test_year2_geometric_means(components):
    want = PRINTED[(PRINTED["year"] == 2) & (PRINTED["firm"] == "mean")].iloc[0]
    for comp in COMPONENTS:
        geo = float(np.exp(np.log(components[comp][0]).mean()))
        assert geo == pytest.approx(float(want[comp]), abs=2.5e-3), comp


def test_year3_firm1_as_far_as_the_excerpt_goes(components):
    want = PRINTED[(PRINTED["year"] == 3) & (PRINTED["firm"] == "1")].iloc[0]
    for comp in ("effch", "techch", "pech"):
        assert components[comp][1][0] == pytest.approx(float(want[comp]), abs=2.5e-3), comp


def test_identities_hold_on_the_printed_example(components):
    np.testing.assert_allclose(components["tfpch"], components["effch"] * components["techch"],
                               rtol=1e-12)
    np.testing.assert_allclose(components["effch"], components["pech"] * components["sech"],
                               rtol=1e-12)
