"""What building the command line imports (structure, not time: the seconds are measured by
benchmarks/bench_cli_startup.py).

``revitalize --help`` generates every command from the task modules' requests, so it imports the
task modules and whatever their option declarations read (choices, defaults). None of that may
pull in the heavy numerical or optional stacks: scipy.stats and scipy.optimize are imported by
the functions that compute, statsmodels, plotly, duckdb, fastapi and dask by the commands that
use them. pandas (and so numpy) stays: cli/output.py and several task modules import it at
module level.

The family packages themselves import as cheaply (their heavy imports live in the functions
that use them). Each case runs in a fresh interpreter, since the test session has imported
everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("scipy.stats", "scipy.optimize", "scipy.linalg", "statsmodels", "plotly", "duckdb",
         "fastapi", "dask")

_PROBE = """
import contextlib, io, json, sys
import revitalize.cli
args = json.loads(sys.argv[1])
out = io.StringIO()
code = None
if args is not None:
    with contextlib.redirect_stdout(out):
        code = revitalize.cli.main(args)
heavy = json.loads(sys.argv[2])
print(json.dumps({"code": code, "out": out.getvalue(),
                  "loaded": sorted(m for m in sys.modules
                                   if m in heavy or m.split(".")[0] in heavy)}))
"""


def _probe(args: list[str] | None) -> dict:
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [None, ["--help"], ["--version"], ["io", "linkages", "--help"],
                                  ["policy", "synthetic-control", "--help"],
                                  ["evaluate", "promethee", "--help"]],
                         ids=["build", "help", "version", "io-linkages-help",
                              "policy-help", "promethee-help"])
def test_cli_start_imports_no_heavy_module(args):
    found = _probe(args)
    if args is not None:
        assert found["code"] == 0 and found["out"].strip()
    assert found["loaded"] == []


def test_help_lists_the_choices_the_families_define():
    """The choices still come from the families (read without their heavy imports)."""
    from revitalize.evaluate.outranking import PREFERENCE_FUNCTIONS
    from revitalize.policy import OUTCOME_SCALES

    policy = _probe(["policy", "synthetic-control", "--help"])["out"]
    assert all(scale in policy for scale in OUTCOME_SCALES)
    promethee = _probe(["evaluate", "promethee", "--help"])["out"]
    assert all(name in promethee for name in PREFERENCE_FUNCTIONS)


_FAMILY_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
heavy = json.loads(sys.argv[2])
print(json.dumps(sorted(m for m in sys.modules if m in heavy or m.split(".")[0] in heavy)))
"""


@pytest.mark.parametrize("family", ["io", "evaluate", "indicators", "efficiency", "relatedness",
                                    "policy", "forecast", "uncertainty", "report", "tasks"])
def test_family_package_imports_no_heavy_module(family):
    """Importing a family (as the CLI's option declarations do, for their choices and defaults)
    leaves the heavy modules to the functions that compute."""
    proc = subprocess.run([sys.executable, "-c", _FAMILY_PROBE, f"revitalize.{family}",
                           json.dumps(HEAVY)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
