"""Small synthetic IO tables for the Monte Carlo tests (a few sectors, balanced by
construction: x = (I - A)^-1 f, value added = x - column sums of Z)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.model.table import IOTable
from revitalize.results import Provenance


def small_table(n: int = 5, seed: int = 0, column_sums=(0.3, 0.6), A=None) -> IOTable:
    """A non-competitive n-sector table with column sums of A drawn in ``column_sums`` (or the
    given coefficients ``A``)."""
    rng = np.random.default_rng(seed)
    if A is None:
        A = rng.random((n, n)) + 0.05
        A *= rng.uniform(*column_sums, n) / A.sum(axis=0)
    n = A.shape[0]
    f = rng.uniform(50.0, 150.0, n)
    x = np.linalg.solve(np.eye(n) - A, f)
    Z = A * x
    codes = [f"{i + 1:02d}" for i in range(n)]
    va = x - Z.sum(axis=0)
    return IOTable(
        sectors=pd.DataFrame({"name_cn": [f"部门{c}" for c in codes],
                              "name_en": [f"Sector {c}" for c in codes]},
                             index=pd.Index(codes, name="code")),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=pd.DataFrame({"FU101": 0.4 * f, "FU201": 0.6 * f}, index=codes),
        imports=pd.DataFrame(index=codes), other=pd.Series(0.0, index=codes),
        value_added=pd.DataFrame([0.6 * va, 0.4 * va], index=["VA001", "VA004"], columns=codes),
        output=pd.Series(x, index=codes), total_input=pd.Series(x, index=codes),
        region="000000", year=2017, unit="10^4 CNY", kind="noncompetitive",
        provenance=Provenance(source="synthetic test table"))
