"""Non-survey regionalization checked against survey tables (the "closing note" evidence).

The NBS 2017 national 42-sector non-competitive table (domestic technology) is regionalized to
Liaoning, Jilin and Heilongjiang with SLQ, CILQ, FLQ and AFLQ (delta 0.05..0.5), from the sector
outputs of their survey-based 2017 provincial tables, and compared with those tables' own
domestic regional models (imports and inflows netted out proportionally) the way Flegg & Tohmo
(2013) do: output multipliers by MAPE and Theil's U (percent), linkages by the Spearman rank
correlation of influence and sensitivity coefficients.

Two nettings of the survey tables are shown (``survey_import_share``): ``use``
``m/(x-e+m)`` -- :func:`revitalize.io.coefficients.coefficients` -- and ``supply`` ``m/(x+m)``;
Jilin and Heilongjiang have sectors whose exports and outflows exceed output net of inflows, where
the ``use`` share leaves [0, 1] and their survey domestic flows turn negative (warned).

Usage: python benchmarks/regionalization_check.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd

from revitalize.data.readers import read_nbs_io, read_provincial_io
from revitalize.io.regionalize import best_delta, validate_regionalization

PROVINCES = {"辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang"}
COLUMNS = ["region", "method", "delta", "lambda", "mape_multiplier", "theil_u_multiplier",
           "spearman_influence", "spearman_sensitivity", "mean_multiplier",
           "mean_multiplier_survey"]


def main(shared: Path) -> None:
    national = read_nbs_io(shared / "cn_io_nbs" / "cn_io_2017_42_noncomp.csv")
    path = shared / "cn_io_provincial" / "cn_prov_io_2017_42.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reader notes; the survey warnings are printed below
        survey = [read_provincial_io(path, province=p) for p in PROVINCES]
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 200)
    for share in ("use", "supply"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = validate_regionalization(national, survey, survey_import_share=share)
        print(f"\n=== survey_import_share={share} "
              f"({frame.attrs['conventions']['survey_import_share']}) ===")
        for w in caught:
            print(f"warning: {w.message}")
        print(frame[COLUMNS].round(3).to_string(index=False))
        for criterion in ("mape_multiplier", "theil_u_multiplier"):
            best = best_delta(frame, criterion=criterion)
            print(f"\nbest delta by {criterion}:")
            print(best[COLUMNS].round(3).to_string(index=False))


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data")
