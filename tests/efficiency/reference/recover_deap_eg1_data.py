"""Recover the DEAP 2.1 example-1 data (5 firms, 1 output, 2 inputs) from its printed output.

The data file ``eg1-dta.txt`` itself was not found in any stored transcription; the printed output
``eg1-out.txt`` was (see README.md). CCR input orientation projects firm ``i`` to
``target = te * x - input slack`` and ``y + output slack``, so

    x = (printed input target + printed input slack) / printed te
    y = printed output target - printed output slack

Printed values carry 3 decimals, so the quotients are integers to within 2e-3 (e.g.
2.143 / 0.714 = 3.0014); the script rounds them and refuses anything farther from an integer.
Run from the repository root: ``python tests/efficiency/reference/recover_deap_eg1_data.py``;
it rewrites ``deap_eg1_data.csv`` beside this file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent


def recover() -> pd.DataFrame:
    p = pd.read_csv(HERE / "deap_eg1_printed.csv")
    raw = pd.DataFrame({
        "firm": p["firm"],
        "y": p["target_y"] - p["slack_y"],
        "x1": (p["target_x1"] + p["slack_x1"]) / p["te"],
        "x2": (p["target_x2"] + p["slack_x2"]) / p["te"],
    })
    vals = raw[["y", "x1", "x2"]]
    off = (vals - vals.round()).abs().to_numpy().max()
    if off > 5e-3:
        raise SystemExit(f"recovered data not integral to printed precision (max off {off:.4f})")
    raw[["y", "x1", "x2"]] = vals.round().astype(int)
    return raw


if __name__ == "__main__":
    data = recover()
    data.to_csv(HERE / "deap_eg1_data.csv", index=False)
    print(data.to_string(index=False))
