"""SBM (Tone 2001), non-oriented, VRS, against a published worked example: Pastor, Aparicio & Zofío
(2022), chapter 7.

Source: Pastor, J. T., Aparicio, J. and Zofío, J. L. (2022), *Benchmarking Economic Efficiency:
Technical and Allocative Fundamentals*, Springer, Cham, doi:10.1007/978-3-030-84397-7 (title and
DOI checked on benchmarkingeconomicefficiency.com/book and SpringerLink, corpus ``pages``), chapter 7, "The Enhanced Russell Graph Measure (ERG=SBM): Economic
Inefficiency Decompositions" -- its numerical example of eight firms A-H, one input, one output.

Where the transcription was found: the book's replication notebook by its authors,
joselzofio/Benchmarking_Economic_Efficiency_Julia_Notebooks,
``Book_Springer/Chapter_07_Enhanced_Russell_Graph.ipynb`` @ 270b5058a35d62167ec4b0b173b3c2dff2f227b9
(search tool, ``read_file``; the repository README says the notebooks "replicate the examples and
empirical application in Pastor, Aparicio and Zofío (2022)"). The notebook prints the data
(``X``, ``Y``) and the output of ``deaerg(X, Y, rts = :VRS)`` (efficiency, beta, slackX1,
slackY1) and of ``peersmatrix(...)`` (the intensities). The book page and table number are not
visible in the notebook, so they are not cited. The same example is printed, with the same
numbers, in the DataEnvelopmentAnalysis.jl documentation (``docs/src/technical/
enhancedrussell.md`` @ 06a73564, a ``jldoctest``) and asserted in that package's test suite (see
``test_peer_dea_jl.py``). The numbers are in ``reference/paz2022_ch7_erg_vrs.csv`` as printed.

Conventions: ERG (Pastor, Ruiz & Sirvent 1999) is Tone's SBM (the chapter title says so): the
non-oriented ratio rho = (1 - mean(s-/x)) / (1 + mean(s+/y)); ``beta`` is the Charnes-Cooper
scalar t = 1 / (1 + mean(s+/y)); the printed intensities are lambda = mu / beta, so they sum to one
under VRS (e.g. firm F: B 1/3, C 2/3). The package's ``sbm`` reports rho as ``sbm``, the slacks in
original units and lambda; beta is derived from its output slacks.

Tolerance: the notebook's tables are Julia's compact display (at most 6 significant digits,
trailing zeros dropped), so each value is compared within half a unit of its 6th significant digit
(5e-7 for printed zeros). The slacks are unique here (E and H project onto B, F onto the B-C
facet, G onto D, the only firm producing y = 9), so comparing them is meaningful.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revitalize.efficiency.sbm import sbm

REF = Path(__file__).parent / "reference"
PRINTED = pd.read_csv(REF / "paz2022_ch7_erg_vrs.csv", dtype=str).set_index("firm")
DATA = PRINTED[["x", "y"]].astype(float)


def _half_unit(text: str) -> float:
    """Half a unit of the 6th significant digit of a value shown by Julia's compact display."""
    value = abs(float(text))
    if value == 0.0:
        return 5e-7
    return 0.5 * 10.0 ** (math.floor(math.log10(value)) - 5)


@pytest.fixture(scope="module")
def result():
    return sbm(DATA, inputs="x", outputs="y", rts="vrs")


@pytest.mark.parametrize(("printed", "ours"), [("efficiency", "sbm"), ("slack_x", "slack_x"),
                                                ("slack_y", "slack_y")])
def test_scores_and_slacks(result, printed, ours):
    t = result.table
    for firm, text in PRINTED[printed].items():
        assert t.loc[firm, ours] == pytest.approx(float(text), abs=_half_unit(text)), firm


def test_beta_is_the_charnes_cooper_scalar(result):
    t = result.table
    beta = 1.0 / (1.0 + t["slack_y"] / DATA["y"])
    for firm, text in PRINTED["beta"].items():
        assert beta[firm] == pytest.approx(float(text), abs=_half_unit(text)), firm


def test_intensities(result):
    lam = result.extra["lambdas"]
    for firm, text in PRINTED["lambdas"].items():
        printed = dict(item.split(":") for item in text.split())
        got = lam[(lam["dmu"] == firm) & (lam["lambda"] > 1e-9)].set_index("peer")["lambda"]
        assert sorted(got.index) == sorted(printed), firm
        for peer, weight in printed.items():
            assert got[peer] == pytest.approx(float(weight), abs=_half_unit(weight)), (firm, peer)


def test_efficient_set_and_score_bounds(result):
    t = result.table
    assert list(t.index[t["efficient"]]) == ["A", "B", "C", "D"]
    assert np.all((t["sbm"] > 0) & (t["sbm"] <= 1 + 1e-12))
