"""Reference economies as data (issue 12): a user-supplied reference (any economy, with its
values) and a published total that exceeds the listed sectors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revitalize.errors import InputError
from revitalize.indicators.shift_share import shift_share
from revitalize.indicators.structure import krugman_index, location_quotient

X = pd.DataFrame({"mfg": [30.0, 10.0], "srv": [70.0, 90.0]}, index=["210000", "220000"])
SWEDEN = {"mfg": 1_000.0, "srv": 4_000.0}


def test_lq_against_a_user_supplied_reference_named_as_given():
    res = location_quotient(X, reference="Sweden", reference_values=SWEDEN)
    # Liaoning's manufacturing share 30 % vs Sweden's 20 %: LQ = 1.5
    assert res.table.loc["210000", "mfg"] == pytest.approx(1.5)
    assert res.meta["conventions"]["reference"] == "Sweden"
    assert res.meta["conventions"]["reference_values"] == "given"


def test_lq_with_published_totals():
    """Totals above the listed sectors (total employment including unlisted sectors): shares are
    of the totals, e.g. Liaoning 30 of 150 = 20 % against Sweden 1,000 of 10,000 = 10 %."""
    res = location_quotient(X, reference="Sweden", reference_values=SWEDEN,
                            reference_total=10_000, totals={"210000": 150, "220000": 100})
    assert res.table.loc["210000", "mfg"] == pytest.approx(0.2 / 0.1)
    assert res.table.loc["220000", "srv"] == pytest.approx(0.9 / 0.4)
    assert res.meta["conventions"]["reference_total"] == "published total 10000"
    with pytest.raises(InputError, match="below the listed sectors' sum"):
        location_quotient(X, reference="Sweden", reference_values=SWEDEN, reference_total=10)


def test_unknown_reference_without_values_is_refused():
    with pytest.raises(InputError, match="Atlantis"):
        location_quotient(X, reference="Atlantis")


def test_krugman_and_shift_share_take_a_user_reference():
    k = krugman_index(X, reference="Sweden", reference_values=SWEDEN)
    assert k.table.loc["210000"].iloc[0] == pytest.approx(abs(0.3 - 0.2) + abs(0.7 - 0.8))
    ss = shift_share(pd.Series([10.0, 20.0], index=["a", "b"]),
                     pd.Series([12.0, 21.0], index=["a", "b"]),
                     pd.Series([100.0, 100.0], index=["a", "b"]),
                     pd.Series([110.0, 100.0], index=["a", "b"]), reference="Sweden")
    assert ss.meta["conventions"]["reference"] == "Sweden"
    assert np.isclose(ss.table.loc["total", "actual_change"], 3.0)
