"""Acceptance of issue 12 (IO defaults): ``linkages`` and ``multipliers`` with the defaults of
:class:`~revitalize.io.coefficients.IOOptions` run on every provincial table (1997 when the
reader reads it, 2002, 2007, 2012, 2017) and every national table in ``shared/data``; the
tables refused under the non-default options are listed with their messages."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from revitalize.errors import ValidationError
from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model, multipliers

PROVINCIAL = ("1997_38", "2002_42", "2007_42", "2012_42", "2017_42")


@pytest.fixture(scope="module")
def all_tables(shared_data):
    from revitalize.data.readers import read_nbs_io, read_provincial_io

    tables = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in PROVINCIAL:
            path = shared_data / "cn_io_provincial" / f"cn_prov_io_{name}.csv"
            try:
                read = read_provincial_io(path)
            except Exception as exc:  # the 1997 reader arrives with another engineer's work
                if name.startswith("1997"):
                    continue
                raise AssertionError(f"{path.name}: {exc}") from exc
            tables.update({f"{name[:4]}:{code}": t for code, t in read.items()})
        for path in sorted((shared_data / "cn_io_nbs").glob("cn_io_*.csv")):
            tables[path.stem] = read_nbs_io(path)
    return tables


def _run(tables, **options) -> dict[str, str]:
    refused = {}
    for key, t in tables.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                m = leontief_model(t, **options)
                lk = linkages(m)
                mu = multipliers(m)
            except ValidationError as exc:
                refused[key] = str(exc)
                continue
        computed = m.active
        assert np.isfinite(lk.table["influence_coefficient"].to_numpy(float)[computed]).all(), key
        assert np.isnan(lk.table["influence_coefficient"].to_numpy(float)[~computed]).all(), key
        assert np.isfinite(mu.table["output_multiplier"].to_numpy(float)[computed]).all(), key
        assert (lk.table.loc[~computed, "flags"].str.contains("zero_output")).all(), key
    return refused


def test_defaults_run_on_every_real_table(all_tables):
    """No table is refused with the defaults (published coefficients, zero-output sectors
    excluded and flagged, negative value added and small negative flows flagged)."""
    assert len(all_tables) >= 30 * 2 + 31 * 2 + 11
    assert _run(all_tables) == {}


def test_the_published_anomalies_are_computed_and_flagged(all_tables):
    """PROVENANCE.md lists four columns of A summing to >= 1, all with negative value added;
    the Perron root is below 1 in each table, so they are computed, flagged and, where they
    come out on top, named in meta (Jilin 2002: sector 13 is the top influence sector)."""
    expected = {"2002:220000": "13", "2002:150000": "24", "2007:650000": "11",
                "2017:460000": "18"}
    for key, code in expected.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lk = linkages(leontief_model(all_tables[key]))
        flags = lk.table.at[code, "flags"].split(";")
        assert "column_sum_ge_1" in flags and "negative_value_added" in flags, key
        assert code in lk.meta["flagged_sectors"]["column_sum_ge_1"]
        assert "Perron root is below 1" in lk.meta["conventions"]["productivity"]
    with pytest.warns(Warning, match="top influence sector 13 is flagged negative_value_added"):
        lk = linkages(leontief_model(all_tables["2002:220000"]))
    assert lk.table["influence_coefficient"].idxmax() == "13"
    assert lk.meta["top_sector_flagged"][0].startswith("the top influence sector 13")


def test_zero_output_sectors_are_excluded_not_zeroed(all_tables):
    """Tibet 2017: its zero-output sectors are NaN with the flag, never 0, and named."""
    t = all_tables["2017:540000"]
    with pytest.warns(Warning, match="have zero output; they are left out"):
        lk = linkages(leontief_model(t))
    zero = t.output[t.output <= 0].index.tolist()
    assert zero and lk.meta["conventions"]["excluded_sectors"] == zero
    assert lk.table.loc[zero, "influence_coefficient"].isna().all()
    assert (lk.table.loc[zero, "key_sector_class"] == "not_computed").all()
    assert lk.table.drop(index=zero)["influence_coefficient"].mean() == pytest.approx(1.0)


def test_refused_under_other_options_with_their_messages(all_tables):
    """What the non-default options refuse, and why."""
    refused = _run({k: v for k, v in all_tables.items() if k.startswith(("2002", "2017"))},
                   technology="domestic", import_share="use")
    net_only = [k for k in refused if k.startswith("2002")]
    assert len(net_only) == 30 and all(
        "only net outflow (NOF); imports cannot be separated" in refused[k] for k in net_only)
    assert "s_i = m_i / (x_i - e_i + m_i) fall outside [0, 1] in sectors ['08', '09', '10', '11', '13', '14', '17', '18', '23', '26']" in \
        refused["2017:220000"]  # Jilin 2017: re-exports on the "use" basis
    assert "exports and outflows exceed output net of imports" in refused["2017:230000"]
    zero = _run({"2017:540000": all_tables["2017:540000"]}, zero_output="raise")
    assert "have zero or negative output" in zero["2017:540000"]
