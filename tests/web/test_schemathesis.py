"""Property-based tests of the HTTP API against its own OpenAPI document (schemathesis).

Every operation gets a bounded number of generated requests (deterministic: derandomised
Hypothesis), valid and invalid; the checks are schemathesis' defaults -- no server error, status
codes, content types, headers and JSON bodies as documented, invalid input rejected -- except
positive_data_acceptance (see the test). The app runs on a private store
holding a tiny IO table and a tiny panel, so named-dataset requests can succeed.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from revitalize.data.store import Store
from revitalize.web import create_app
from tests.web.conftest import nbs_csv
from tests.web.test_app import TINY_PANEL

# The schema is loaded when the module is imported (schemathesis parametrizes at collection),
# so the app's store directory is made then; the fixture below fills it before the tests run.
_ROOT = Path(tempfile.mkdtemp(prefix="revitalize-schemathesis-"))
atexit.register(shutil.rmtree, _ROOT, True)
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(_ROOT / "store", max_upload_bytes=32 * 1024))


@pytest.fixture(scope="module", autouse=True)
def _datasets():
    panel, table = _ROOT / "tiny_panel.csv", _ROOT / "cn_io_2017_2.csv"
    panel.write_text(TINY_PANEL, encoding="utf-8")
    table.write_bytes(nbs_csv())
    store = Store(_ROOT / "store")
    for path, name in ((panel, "tiny_panel"), (table, "tiny_io")):
        if name not in store.names():
            store.import_file(path, name=name)


@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case):
    # positive_data_acceptance is left out on purpose: the API takes free-form names (regions
    # in any spelling, dataset names) and file contents whose validity no schema can state;
    # schema-valid but meaningless input is answered 422 with the error body, and that answer
    # is itself checked against the schema by the other checks.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
