"""Survey of the numeric columns the tasks produce and their quantity kind (issue 15).

Runs every task through the Python API (:func:`revitalize.tasks.run`): each with its defaults
where it needs no input, the requests of the contract tests (``tests/tasks``), small input files
for the tasks that read one (the fighter-aircraft matrix of Hwang & Yoon 1981, an AHP judgment
matrix, a series CSV), and -- with ``--choices`` -- every value of every choice field, one at a
time. Prints each numeric column that :func:`revitalize.report.i18n.column_kind` (with the
table name ``task:<analysis>`` the CLI passes) leaves without a kind -- the CLI would print it
with the generic 4 significant digits -- with the tasks that produce it.

Usage (from the repository root; needs ``shared/data`` for the mirror-backed tasks)::

    OMP_NUM_THREADS=1 .venv/bin/python tests/cli/column_kinds_survey.py [--choices]

Its output on 2026-12-07 (219 columns) is what ``revitalize/report/catalogue/columns_cli.py``
answers; it now prints none.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIGHTER = ("alternative,speed,range,payload,cost,reliability,manoeuvre\n"
           "A1,2.0,1500,20000,5.5,5,9\nA2,2.5,2700,18000,6.5,3,5\n"
           "A3,1.8,2000,21000,4.5,7,7\nA4,2.2,1800,20000,5.0,5,5\n")
SPEC = "speed:+:0.2,range:+:0.1,payload:+:0.1,cost:-:0.1,reliability:+:0.2,manoeuvre:+:0.3"
JUDGMENTS = ("criteria: [economy, society, environment]\n"
             "matrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]\n")
SERIES = "year,a,b\n" + "".join(f"{2010 + i},{100 * 1.05 ** i:.4f},{50 + 3 * i}\n"
                                for i in range(9))
COUPLING = ("region,year,economy,society\n210000,2019,0.30,0.50\n210000,2020,0.40,0.40\n"
            "220000,2020,0.90,0.10\n")
# Monte Carlo tasks: few draws (the columns do not depend on the count)
FEW = {"draws": 30, "seed": 1}


def file_cases(tmp: Path) -> list[tuple[str, dict]]:
    """Requests of the tasks that read a file, on small files written to ``tmp``."""
    fighter, judg, series, coupling = (tmp / "fighter.csv", tmp / "j.yaml", tmp / "s.csv",
                                       tmp / "u.csv")
    fighter.write_text(FIGHTER, encoding="utf-8")
    judg.write_text(JUDGMENTS, encoding="utf-8")
    series.write_text(SERIES, encoding="utf-8")
    coupling.write_text(COUPLING, encoding="utf-8")
    example = ROOT / "examples" / "extension_innovation_capability.yaml"
    out = [
        ("evaluate.topsis", {"source": str(fighter), "criteria": SPEC}),
        ("evaluate.entropy", {"source": str(fighter), "criteria": SPEC}),
        ("evaluate.critic", {"source": str(fighter), "criteria": SPEC}),
        ("evaluate.gra", {"source": str(fighter), "criteria": SPEC}),
        ("evaluate.ahp", {"source": str(judg)}),
        ("evaluate.coupling", {"source": str(coupling)}),
        ("forecast.run", {"source": str(series)}),
        ("forecast.run", {"source": str(series), "model": "auto"}),
        ("uncertainty.ahp", {"source": str(judg), **FEW}),
        ("uncertainty.entropy", {"source": str(fighter), "criteria": SPEC, **FEW}),
        ("uncertainty.entropy", {"source": str(fighter), "criteria": SPEC, "score": "topsis",
                                 **FEW}),
    ]
    if example.exists():
        out.append(("evaluate.extension", {"source": str(example)}))
    return out


def contract_cases() -> list[tuple[str, dict]]:
    """The CASES of every contract-test module of ``tests/tasks``."""
    import importlib

    out = []
    for path in sorted((ROOT / "tests" / "tasks").glob("test_contract_*.py")):
        try:
            module = importlib.import_module(f"tests.tasks.{path.stem}")
        except Exception as exc:  # a module needing a fixture library: skip it
            print(f"skip {path.name}: {exc}", file=sys.stderr)
            continue
        for name, fields in getattr(module, "CASES", []):
            out.append((name, dict(fields)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--choices", action="store_true",
                        help="also run every value of every choice field, one at a time")
    args = parser.parse_args()

    from revitalize.data.catalog import default_catalog
    from revitalize.report.i18n import column_kind
    from revitalize.tasks import load_all, run
    from revitalize.tasks.base import request_fields

    tasks = load_all()
    sys.path.insert(0, str(ROOT / "tests"))
    cases: list[tuple[str, dict]] = []
    for name, spec in sorted(tasks.items()):
        fields = request_fields(spec.request)
        if all(f.default is not dataclasses.MISSING for f, _, _ in fields):
            base = {k: v for k, v in FEW.items() if k in {f.name for f, _, _ in fields}}
            cases.append((name, base))
    cases += contract_cases()
    tmp = Path(tempfile.mkdtemp(prefix="kinds-"))
    cases += file_cases(tmp)
    if args.choices:
        extra = []
        for name, fields in list(cases):
            for f, _, _ in request_fields(tasks[name].request):
                for choice in f.metadata.get("choices") or ():
                    if fields.get(f.name, f.default) != choice:
                        extra.append((name, {**fields, f.name: choice}))
        cases += extra

    catalog = default_catalog(store_dir=tmp / "store")
    missing: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[str, str]] = set()
    for name, fields in cases:
        key = (name, repr(sorted(fields.items())))
        if key in seen:
            continue
        seen.add(key)
        t0 = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = run(tasks[name].request(**fields), catalog)
        except Exception as exc:
            print(f"  {name} {fields}: {type(exc).__name__}: {str(exc)[:100]}",
                  file=sys.stderr)
            continue
        frame = result.table
        if any(n is not None for n in frame.index.names):
            frame = frame.reset_index()
        for col in frame.columns:
            numeric = (pd.api.types.is_numeric_dtype(frame[col])
                       and not pd.api.types.is_bool_dtype(frame[col]))
            if numeric and column_kind(str(col), f"task:{name}") is None:
                missing[str(col)].add(name)
        print(f"  {name} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    for col in sorted(missing):
        print(f"{col}\t{', '.join(sorted(missing[col]))}")
    print(f"{len(missing)} numeric columns without a kind", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
