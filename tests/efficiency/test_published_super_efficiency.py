"""Andersen-Petersen (1993) super-efficiency, CRS, input orientation: the only printed examples found.

No textbook or paper example with both data and printed super-efficiency scores was found as text
(see ``reference/README.md``, "Looked for and not found"). What this file checks instead, each
labelled for what it is:

1. **Software documentation (published, one DMU).** Pyfrontier's tutorial "Super efficiency"
   (NibuTake/PyDEA, ``_docs_src/tutorials/01_usecase/03_super_efficiency.rst`` @
   237c314fa6ba1e7007550c319cc3dfc4496ada76, a Sphinx-Gallery page generated from the run; search
   tool, ``read_file``) prints the data -- five DMUs, inputs ``day`` and ``cost``, output
   ``profit`` = 2 -- and the result of ``EnvelopDEA("CRS", "in", super_efficiency=True)`` for DMU 1
   only: ``score=1.25`` and ``weights=[0.5, 0.5, 0.0, 0.0]`` (the intensities of DMUs 0, 2, 3, 4,
   DMU 1 being excluded from its own reference set). -> ``reference/pyfrontier_docs_super_crs_input.csv``.
   The projection is unique: (2.5, 2.5) = 1.25 (2, 2) is the midpoint of DMUs 0 (4, 1) and 2 (1, 4).
2. **Peer values (not published).** pyDEA's test suite asserts input-oriented CRS super-efficiency
   scores of 11 DMUs A-K (3 inputs, 2 outputs) to 10 significant digits (araith/pyDEA,
   ``tests/test_super_efficiency.py::test_super_efficiency_medium`` @
   15bbed45ff07d7e1d8776a1e54b75bce3f93842a, data ``tests/DEA_example2_data.csv`` at the same
   commit; the test reads the ``.xls`` twin). The data's origin is not stated there, so this is a
   cross-implementation check of a peer's CI-asserted values, like ``test_peer_dea_jl.py``.
   -> ``reference/pydea_example2_super_crs_input.csv``.

Conventions: both report the input-oriented score theta* (> 1 for DMUs outside the others' hull),
the package's ``super_efficiency`` column. Tolerance: the documentation prints Python float reprs (the
shortest string that round-trips, so "1.25" is the solver's double itself, not a rounding), hence
1e-9 (LP solver tolerance) for the documentation example; 1e-6 for the pyDEA values, the tolerance of
pyDEA's own assertion (its LP solver is not HiGHS; the observed differences are below 5e-8).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from revitalize.efficiency.dea import super_efficiency

REF = Path(__file__).parent / "reference"
DOCS = pd.read_csv(REF / "pyfrontier_docs_super_crs_input.csv",
                   dtype={"printed_lambdas": str}).set_index("dmu")
PYDEA = pd.read_csv(REF / "pydea_example2_super_crs_input.csv").set_index("dmu")


DOCS_TOL = 1e-9


@pytest.fixture(scope="module")
def docs_result():
    return super_efficiency(DOCS, inputs=["day", "cost"], outputs="profit", rts="crs",
                            orientation="input")


def test_pyfrontier_docs_printed_score(docs_result):
    printed = DOCS.dropna(subset=["printed_score"])
    assert list(printed.index) == [1]
    t = docs_result.table
    for dmu, row in printed.iterrows():
        assert t.loc[dmu, "super_efficiency"] == pytest.approx(row["printed_score"], abs=DOCS_TOL)
        assert t.loc[dmu, "feasible"]


def test_pyfrontier_docs_printed_intensities(docs_result):
    lam = docs_result.extra["lambdas"]
    text = DOCS.loc[1, "printed_lambdas"]
    printed = {int(peer): weight for peer, weight in (item.split(":") for item in text.split())}
    got = lam[lam["dmu"] == 1].set_index("peer")["lambda"]
    assert 1 not in got.index  # the evaluated DMU is outside its own reference set
    for peer, weight in printed.items():
        value = float(got.get(peer, 0.0))
        assert value == pytest.approx(float(weight), abs=DOCS_TOL), peer


def test_pydea_peer_scores():
    t = super_efficiency(PYDEA, inputs=["I1", "I2", "I3"], outputs=["O1", "O2"], rts="crs",
                         orientation="input").table
    assert t["feasible"].all()
    for dmu, expected in PYDEA["super_efficiency"].items():
        assert t.loc[dmu, "super_efficiency"] == pytest.approx(expected, abs=1e-6), dmu
    # the units that exceed one are exactly those outside the others' hull
    assert sorted(t.index[t["super_efficiency"] > 1]) == ["A", "D", "F", "G", "I", "K"]
