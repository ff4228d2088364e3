"""BCC (VRS), input orientation, with two-phase slacks and peers: a published textbook example.

Pastor, J.T., Aparicio, J. & Zofío, J.L. (2022), *Benchmarking Economic Efficiency: Technical and
Allocative Fundamentals*, Springer (doi 10.1007/978-3-030-84397-7), chapter 2 "Conceptual
Background", the technical-efficiency model beside the cost model: eight firms A-H, two inputs,
one output equal to 1. The data and the printed results (efficiency, slackX1, slackX2, slackY1
and the peers matrix) are in the authors' replication notebook
``joselzofio/Benchmarking_Economic_Efficiency_Julia_Notebooks``,
``Book_Springer/Chapter_02_Conceptual_Background.ipynb`` @ 270b5058a35d62167ec4b0b173b3c2dff2f227b9
(search tool, ``read_file``), cells 4, 6 and 7 (``dea(X, Y, orient = :Input, rts = :VRS)``,
``peersmatrix(...)``). Printed slacks of order 1e-16 are written as 0. Convention difference: the
printed peers are the first-phase lambdas (F's is F itself), the package's the second phase's
(F's is C, the firm its slack points to); see ``test_peers_and_lambdas``.

Unlike the DEAP VRS run (every firm VRS-efficient there), this example exercises the BCC LP:
four firms are inefficient, F is weakly efficient (theta* = 1 with an input slack of 2) and H has
a slack of 1 after its radial contraction. The slacks are unique here (F: (6, 1) -> C (4, 1);
H: 0.625 (1.6, 8) = (1, 5) -> B (1, 4)), so comparing them is meaningful.

Tolerance: the notebook shows Julia's 6 significant digits, so half a unit of the 6th
significant digit of each printed value (5e-7 for 0.333333; 1e-9 for the zeros).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from revitalize.efficiency.dea import dea

REF = pd.read_csv(Path(__file__).parent / "reference" / "paz2022_ch2_bcc_input.csv",
                  index_col="dmu")


def _approx(value: float):
    """Half a unit of the 6th significant digit of the printed value (1e-9 for a zero)."""
    if value == 0:
        return pytest.approx(0.0, abs=1e-9)
    return pytest.approx(value, abs=0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 5))


@pytest.fixture(scope="module")
def result():
    return dea(REF, inputs=["x1", "x2"], outputs="y", rts="vrs", orientation="input")


def test_scores_and_slacks(result):
    t = result.table
    for dmu, row in REF.iterrows():
        assert t.loc[dmu, "efficiency"] == _approx(row["efficiency"]), dmu
        for col in ("slack_x1", "slack_x2", "slack_y"):
            assert t.loc[dmu, col] == _approx(row[col]), (dmu, col)
    # CST definition 3.2: efficient = theta* 1 and no slack; F is only weakly efficient
    assert sorted(t.index[t["efficient"]]) == ["A", "B", "C"]
    assert sorted(t.index[t["weakly_efficient"]]) == ["A", "B", "C", "F"]


def test_peers_and_lambdas(result):
    """The printed peers, but for F: DEA.jl prints the first-phase (radial) lambdas, F itself,
    beside a second-phase slack of 2; the package reports the second-phase lambdas, which are
    the projection F - slack = (4, 1) = C. Every other firm has the same lambdas in both phases."""
    lam = result.extra["lambdas"]
    f = lam[(lam["dmu"] == "F") & (lam["lambda"] > 1e-9)].set_index("peer")["lambda"]
    assert f.to_dict() == {"C": _approx(1.0)}
    for dmu, text in REF["lambdas"].drop("F").items():
        printed = {p: float(w) for p, w in (item.split(":") for item in text.split())}
        got = lam[(lam["dmu"] == dmu) & (lam["lambda"] > 1e-9)].set_index("peer")["lambda"]
        assert sorted(got.index) == sorted(printed), dmu
        for peer, weight in printed.items():
            assert got[peer] == _approx(weight), (dmu, peer)


def test_targets_are_the_projections(result):
    t = result.table
    assert (t.loc["H", ["target_x1", "target_x2"]].tolist()
            == [_approx(1.0), _approx(4.0)])  # 0.625 (1.6, 8) less the slack 1 = B
    assert (t.loc["D", ["target_x1", "target_x2"]].tolist()
            == [_approx(2.4), _approx(1.8)])  # 0.8 A + 0.2 C
