"""IOTable: identities of the balance helpers and an exact store round trip (property tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.model.table import IOTable, category_names
from revitalize.results import Provenance


def _random_table(n: int, seed: int, noncomp: bool) -> IOTable:
    rng = np.random.default_rng(seed)
    codes = [f"{i + 1:02d}" for i in range(n)]
    Z = pd.DataFrame(rng.uniform(0, 100, (n, n)), index=codes, columns=codes)
    fd = pd.DataFrame(rng.uniform(0, 300, (n, 2)), index=codes, columns=["FU101", "EX"])
    imports = pd.DataFrame({"IM": rng.uniform(0, 50, n)}, index=codes)
    x = Z.sum(axis=1) + fd.sum(axis=1) - (0 if noncomp else imports["IM"])
    zm = pd.DataFrame(rng.uniform(0, 5, (n, n)), index=codes, columns=codes) if noncomp else None
    fdm = pd.DataFrame({"FU101": imports["IM"] - zm.sum(axis=1)}, index=codes) if noncomp else None
    inputs = Z.sum(axis=0) + (zm.sum(axis=0) if noncomp else 0)
    va = pd.DataFrame([0.6 * (x - inputs), 0.4 * (x - inputs)], index=["VA001", "VA004"])
    sectors = pd.DataFrame({"name_cn": codes, "name_en": codes}, index=pd.Index(codes, name="code"))
    return IOTable(sectors=sectors, Z=Z, final_demand=fd, imports=imports,
                   other=pd.Series(0.0, index=codes), value_added=va, output=x, total_input=x.copy(),
                   region="210000", year=2017, unit="10^4 CNY",
                   kind="noncompetitive" if noncomp else "competitive",
                   provenance=Provenance(source="random"), Z_imports=zm, final_demand_imports=fdm)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 12), seed=st.integers(0, 2**32 - 1), noncomp=st.booleans())
def test_constructed_tables_balance_and_roundtrip(n, seed, noncomp):
    t = _random_table(n, seed, noncomp)
    scale = float(t.output.abs().sum())
    assert np.allclose(t.row_gap(), 0, atol=1e-9 * scale)
    assert np.allclose(t.column_gap(), 0, atol=1e-9 * scale)
    if noncomp:
        assert np.allclose(t.import_row_gap(), 0, atol=1e-9 * scale)
    else:
        assert t.import_row_gap() is None
    back = IOTable.from_long(t.to_long(), t.sectors, region=t.region, year=t.year, unit=t.unit,
                             kind=t.kind)
    for name in ("Z", "final_demand", "imports", "value_added", "Z_imports", "final_demand_imports"):
        a, b = getattr(t, name), getattr(back, name)
        if a is None:
            assert b is None
        else:
            np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())
            assert list(a.columns) == list(b.columns)
    np.testing.assert_array_equal(back.output.to_numpy(), t.output.to_numpy())


def test_category_names_are_bilingual():
    names = category_names(["FU201", "VA001", "GO", "XYZ"])
    assert names.loc["FU201", "name_cn"] == "固定资本形成总额"
    assert names.loc["VA001", "name_en"] == "compensation of employees"
    assert names.loc["XYZ", "name_en"] == ""


def test_unknown_year_and_region_and_missing_blocks():
    """Issue 12: a user's table may not state its year or region; part-one-only files record
    the blocks they lack, and the row balance is then NaN (not computable), never 0."""
    from dataclasses import replace

    import numpy as np

    from revitalize.data.readers import read_io
    from tests.data.test_readers_user_table import EXAMPLE

    t = read_io(EXAMPLE)
    assert t.year is None and t.label == "210000 year unknown (3 sectors, competitive)"
    part = replace(t, final_demand=t.final_demand.iloc[:, :0], missing=("final_demand", "other"))
    assert part.row_gap().isna().all() and np.allclose(part.column_gap(), 0)
    with __import__("pytest").raises(Exception, match="unknown missing block"):
        replace(t, missing=("nonsense",))
