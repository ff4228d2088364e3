"""CCR/BCC in output orientation, scale efficiency and returns to scale against a printed
DEAP 2.1 run ("Output orientated DEA, Scale assumption: VRS").

Source: a DEAP 2.1 output file (instruction file ``xin-ins.txt``, data file ``xin.txt``; 5 firms,
3 outputs, 1 input) posted in the pinggu.org (经管之家) forum thread
https://m.pinggu.org/bbs/thread-1434967-1-1.html, found with the search tool (corpus ``pages``,
query "Results from DEAP Version 2.1 Scale assumption: VRS ... crste vrste scale"). It is a
user's run of Coelli's DEAP 2.1, not a textbook example: no textbook BCC example with its data
was found in a stored transcription (see reference/README.md).

What is printed and used (``reference/deap_pinggu1434967_vrs_output.csv``): EFFICIENCY SUMMARY
(crste, vrste, scale = crste / vrste and DEAP's irs/drs/"-" label), and the data. The data are
the SUMMARY OF OUTPUT/INPUT TARGETS: every firm has vrste 1.000 and zero slacks there, so its
targets are its observed values; the FIRM BY FIRM "original value" column printed for firms 1
and 2 confirms it (6149, 5, 537, 6 and 7364, 5, 679, 9).

Conventions: DEAP's output-oriented "te" is the Shephard distance D_o = 1 / phi*, the package's
``efficiency`` column; DEAP classifies returns to scale by the NIRS test, as
``scale_efficiency`` does ("drs" = "decreasing", "-" = "constant").

Because every firm is VRS-efficient, this example checks the CRS output LP, scale efficiency and
the drs/crs labels; it only weakly checks the VRS LP (all ones).

Tolerance: DEAP prints 3 decimals, so |ours - printed| <= 5e-4.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revitalize.efficiency.dea import dea, scale_efficiency

REF = Path(__file__).parent / "reference"
PRINTED = pd.read_csv(REF / "deap_pinggu1434967_vrs_output.csv").set_index("firm")
OUTPUTS = ["y1", "y2", "y3"]
RTS_LABEL = {"-": "constant", "drs": "decreasing", "irs": "increasing"}


@pytest.fixture(scope="module")
def scale():
    return scale_efficiency(PRINTED, inputs="x1", outputs=OUTPUTS, orientation="output").table


def test_crs_vrs_and_scale_efficiency(scale):
    np.testing.assert_allclose(scale["crs"], PRINTED["crste"], atol=5e-4)
    np.testing.assert_allclose(scale["vrs"], PRINTED["vrste"], atol=5e-4)
    np.testing.assert_allclose(scale["scale_efficiency"], PRINTED["scale"], atol=5e-4)


def test_returns_to_scale_labels(scale):
    assert list(scale["returns_to_scale"]) == [RTS_LABEL[v] for v in PRINTED["rts"]]


@pytest.mark.parametrize(("rts", "column"), [("crs", "crste"), ("vrs", "vrste")])
def test_dea_output_orientation_scores(rts, column):
    t = dea(PRINTED, inputs="x1", outputs=OUTPUTS, rts=rts, orientation="output").table
    np.testing.assert_allclose(t["efficiency"], PRINTED[column], atol=5e-4)


def test_vrs_targets_are_the_printed_targets():
    # DEAP: "all subsequent tables refer to VRS results"; slacks 0 and targets = data
    t = dea(PRINTED, inputs="x1", outputs=OUTPUTS, rts="vrs", orientation="output").table
    for col in [*OUTPUTS, "x1"]:
        np.testing.assert_allclose(t[f"target_{col}"], PRINTED[col], atol=1e-3, err_msg=col)
        np.testing.assert_allclose(t[f"slack_{col}"], 0.0, atol=5e-4, err_msg=col)
