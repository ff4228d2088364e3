"""Recompute the reference SDA values of ``sda_miller_blair_ch13.csv`` with plain numpy.

The three-sector, two-period example of Miller & Blair (2009), *Input-Output Analysis*, 2nd ed.,
section 13.1 (equations 13.3-13.7; the 3rd ed. of 2022 numbers them 8.3-8.7 and prints the
results as Table 8.1, p. 351). Inputs and the six-decimal results as transcribed by the Leiden
CML course "Advanced EEIO" (github.com/CMLPlatform/advanced_EEIO_course_student_version,
``structural_decomposition_analysis/structural_decomposition.ipynb``, commit 5c0c8c5d, cells
"Exercise 1" and "Output table 8.1"; also ``ex_12/lecture09_python exercise_key_spyder - without
defined functions.py``, commit 578b9624, with the 2nd-edition equation numbers). The book's own
page was not consulted: the values are the course's, printed to six decimals (two in its
"Table 8.1").

Run: python tests/io/reference/sda_miller_blair_ch13.py  (prints the largest deviation).
"""

from pathlib import Path

import numpy as np
import pandas as pd

Z0 = np.array([[10, 20, 25], [15, 5, 30], [30, 40, 5]], float)
y0 = np.array([45, 30, 25], float)
Z1 = np.array([[12, 15, 35], [24, 11, 30], [36, 50, 8]], float)
y1 = np.array([50, 35, 26], float)


def leontief(Z, y):
    x = Z.sum(axis=1) + y
    return np.linalg.inv(np.eye(len(x)) - Z / x), x


def recompute() -> pd.DataFrame:
    L0, _ = leontief(Z0, y0)
    L1, _ = leontief(Z1, y1)
    dL, dy = L1 - L0, y1 - y0
    forms = {"13.3": (dL @ y0, L1 @ dy, None), "13.4": (dL @ y1, L0 @ dy, None),
             "13.5": (dL @ y0, L0 @ dy, dL @ dy),
             "13.7": (0.5 * dL @ (y0 + y1), 0.5 * (L0 + L1) @ dy, None)}
    rows = []
    for eq, (t, f, i) in forms.items():
        for s in range(3):
            rows.append({"equation": eq, "sector": s + 1, "technology": t[s],
                         "final_demand": f[s], "interaction": np.nan if i is None else i[s]})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    ref = pd.read_csv(Path(__file__).with_suffix(".csv"), dtype={"equation": str})
    new = recompute()
    cols = ["technology", "final_demand", "interaction"]
    print("max |recomputed - transcribed|:",
          float(np.nanmax(np.abs(new[cols].to_numpy() - ref[cols].to_numpy()))))
