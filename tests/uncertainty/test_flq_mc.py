"""FLQ Monte Carlo: a fixed delta reproduces regionalize() in every draw, each draw is
regionalize() at its own delta, the batched lambda is flq_lambda, real Northeast tables, errors."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.data.readers import read_nbs_io, read_provincial_io
from revitalize.errors import DataQualityWarning, InputError
from revitalize.io.regionalize import flq_lambda, regionalize
from revitalize.uncertainty import flq_monte_carlo
from revitalize.uncertainty.flq_mc import flq_lambdas
from tests.uncertainty.fixtures import small_table

NATIONAL = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
PROVINCIAL = "cn_io_provincial/cn_prov_io_2017_42.csv"
T = small_table(5, seed=6)
XR = pd.Series([12.0, 3.0, 30.0, 8.0, 6.0], index=T.codes)


def test_batched_lambda_is_flq_lambda():
    deltas = np.array([0.0, 0.1, 0.25, 0.4, 0.99])
    np.testing.assert_array_equal(flq_lambdas(0.07, deltas), [flq_lambda(0.07, d) for d in deltas])


@pytest.mark.parametrize("method", ["flq", "aflq"])
def test_fixed_delta_every_draw_is_regionalize(method):
    r = flq_monte_carlo(T, XR, delta="fixed(0.3)", method=method, draws=20, seed=1)
    ref = regionalize(T, XR, method=method, delta=0.3).table
    for m in ("output_multiplier", "influence", "sensitivity"):
        np.testing.assert_allclose(r.draws[m].to_numpy(), np.tile(ref[m].to_numpy(), (20, 1)),
                                   rtol=1e-12)
        np.testing.assert_allclose(r.table[m], ref[m], rtol=0)
    assert set(np.unique(r.rank_probability.to_numpy())) <= {0.0, 1.0}
    assert r.meta["conventions"]["delta"] == "fixed(0.3)"


def test_each_draw_is_regionalize_at_its_delta():
    r = flq_monte_carlo(T, XR, delta="triangular(0.1, 0.2, 0.4)", method="aflq", draws=5,
                        seed=4, rank_by="influence")
    deltas = r.draws["delta"].to_numpy()
    assert deltas.min() >= 0.1 and deltas.max() <= 0.4 and len(set(deltas)) == 5
    for d, delta in enumerate(deltas):
        ref = regionalize(T, XR, method="aflq", delta=float(delta)).table
        np.testing.assert_allclose(r.draws["output_multiplier"].iloc[d], ref["output_multiplier"],
                                   rtol=1e-12)
        np.testing.assert_allclose(r.draws["sensitivity"].iloc[d], ref["sensitivity"], rtol=1e-12)
    np.testing.assert_allclose(r.draws["lambda"], flq_lambdas(XR.sum() / T.output.sum(), deltas))
    # point estimate at the mode of the triangular distribution
    ref = regionalize(T, XR, method="aflq", delta=0.2).table
    np.testing.assert_allclose(r.table["influence"], ref["influence"])
    assert r.meta["rank_by"] == "influence"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"method": "slq"}, "method"), ({"delta": "uniform(0.5, 0.2)"}, "delta"),
    ({"delta": "lognormal(0.3)"}, "delta"), ({"rank_by": "gdp"}, "rank_by"),
    ({"draws": -1}, "draws"), ({"chunk_size": 0}, "chunk_size"),
])
def test_bad_options(kwargs, field):
    with pytest.raises(InputError) as err:
        flq_monte_carlo(T, XR, **{"draws": 5, **kwargs})
    assert err.value.field == field


def test_liaoning_2017(shared_data):
    """Liaoning from the 2017 national table, delta ~ uniform(0.1, 0.4): multipliers rise as
    delta falls (lambda grows), so every draw lies between the delta = 0.4 and 0.1 estimates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        nat = read_nbs_io(shared_data / NATIONAL)
        prov = read_provincial_io(shared_data / PROVINCIAL, province="辽宁")
    r = flq_monte_carlo(nat, prov, draws=300, seed=2017)
    assert len(r.table) == 42 and r.meta["region"] == "210000"
    lo = regionalize(nat, prov, delta=0.4).table["output_multiplier"].to_numpy()
    hi = regionalize(nat, prov, delta=0.1).table["output_multiplier"].to_numpy()
    m = r.draws["output_multiplier"].to_numpy()
    assert (m >= lo - 1e-12).all() and (m <= hi + 1e-12).all()
    assert [p["file"] for p in r.meta["provenance"]] == ["cn_io_2017_42_noncomp.csv",
                                                         "cn_prov_io_2017_42.csv"]
