"""The main job is complete on a fresh machine: the default report is built from the datasets
bundled in the package (no data directory, no store, no network), every section is ``ok``, and
its tables equal those of the report built from the full ``../shared/data``."""

from __future__ import annotations

import pandas as pd
import pytest

from revitalize.report import build_report


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVITALIZE_BUNDLE", "1")
        mp.setenv("REVITALIZE_DATA_DIR", str(tmp_path_factory.mktemp("empty-store")))
        return build_report("northeast")


def test_every_section_is_ok_from_the_bundle(bundled):
    status = {s.key: (s.status, s.message) for s in bundled.sections}
    assert {k: v for k, v in status.items() if v[0] != "ok"} == {}
    for s in bundled.sections:
        if s.key == "facts":
            continue
        read = {x.get("read_from") for x in s.sources if x.get("kind") == "dataset"}
        assert read == {"bundle"}, (s.key, read)


@pytest.mark.shared_data
def test_bundle_report_equals_the_shared_data_report(bundled, shared_data):
    full = build_report("northeast", data_dir=shared_data)
    assert [s.key for s in full.sections] == [s.key for s in bundled.sections]
    a, b = bundled.tables(), full.tables()
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name].table, b[name].table, obj=name)
