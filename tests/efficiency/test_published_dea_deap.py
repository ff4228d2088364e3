"""CCR (input-oriented, CRS) against a published worked example: DEAP 2.1, example 1.

Source: Coelli, T. (1996), "A Guide to DEAP Version 2.1: A Data Envelopment Analysis (Computer)
Program", CEPA Working Paper 96/08, University of New England -- example 1;
the program's printed output file ``eg1-out.txt`` ("Input orientated DEA, Scale assumption:
CRS, Slacks calculated using multi-stage method"): EFFICIENCY SUMMARY, SUMMARY OF INPUT SLACKS,
SUMMARY OF PEERS, SUMMARY OF PEER WEIGHTS, SUMMARY OF OUTPUT/INPUT TARGETS.

Where the transcription was found: the stored copy of the DEAP distribution's output file at
http://jthuang.nccu.edu.tw/filedownload/495:EG1-out.txt (search tool, corpus ``pages``; the
same distribution's README, "DEAP Version 2.1 ... by Tim Coelli", is stored there and in the
``code`` index). The printed numbers are in ``reference/deap_eg1_printed.csv``.

The data file ``eg1-dta.txt`` was not found in any stored transcription; the data
(``reference/deap_eg1_data.csv``: 5 firms, output y, inputs x1, x2) are recovered from the printed
targets, slacks and scores by ``reference/recover_deap_eg1_data.py`` (x = (target + slack) / te),
which yields integers to printed precision. The check is therefore one of consistency with every
other printed number (scores, slacks, peers, peer weights, targets of all five firms).

Tolerance: DEAP prints 3 decimals, so |ours - printed| <= 5e-4 for scores, slacks and peer
weights, and 1e-3 for targets (which DEAP rounds after multiplying a rounded score).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revitalize.efficiency.dea import dea

REF = Path(__file__).parent / "reference"
PRINTED = pd.read_csv(REF / "deap_eg1_printed.csv", dtype={"peers": str, "peer_weights": str}
                      ).set_index("firm")
DATA = pd.read_csv(REF / "deap_eg1_data.csv").set_index("firm")


@pytest.fixture(scope="module")
def ccr():
    return dea(DATA, inputs=["x1", "x2"], outputs="y", rts="crs", orientation="input")


def test_recovered_data_match_the_recovery_script():
    from tests.efficiency.reference.recover_deap_eg1_data import recover

    np.testing.assert_array_equal(recover().set_index("firm").to_numpy(), DATA.to_numpy())


def test_scores_and_slacks(ccr):
    t = ccr.table
    np.testing.assert_allclose(t["efficiency"], PRINTED["te"], atol=5e-4)
    for col in ("slack_y", "slack_x1", "slack_x2"):
        np.testing.assert_allclose(t[col], PRINTED[col], atol=5e-4, err_msg=col)
    # DEAP's "multi-stage" slacks and our two-phase max-slack agree here: firm 1 is the only one
    # with a slack (x2 0.5), so it is weakly but not Pareto efficient only after projection
    assert list(t.index[t["efficient"]]) == [2, 5]


def test_targets(ccr):
    t = ccr.table
    for col in ("target_y", "target_x1", "target_x2"):
        np.testing.assert_allclose(t[col], PRINTED[col], atol=1e-3, err_msg=col)


def test_peers_and_peer_weights(ccr):
    lam = ccr.extra["lambdas"]
    for firm, row in PRINTED.iterrows():
        peers = [int(p) for p in row["peers"].split()]
        weights = [float(w) for w in row["peer_weights"].split()]
        got = lam[(lam["dmu"] == firm) & (lam["lambda"] > 1e-9)].set_index("peer")["lambda"]
        assert sorted(got.index) == sorted(peers), firm
        for p, w in zip(peers, weights, strict=True):
            assert got[p] == pytest.approx(w, abs=5e-4), (firm, p)
