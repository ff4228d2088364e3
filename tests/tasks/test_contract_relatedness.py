"""Relatedness tasks (issue 18): the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

import pytest

from tests.tasks.doors import assert_same, options_are_fields, three_doors

CASES = [('relatedness.opportunities', {'source': ['prov_io_2012', 'prov_io_2017'], 'regions': ['Liaoning']}), ('relatedness.complexity', {'source': ['cn_prov_io_2012_42', 'cn_prov_io_2017_42'], 'industries': True}), ('relatedness.validation', {'source': ['prov_io_2007', 'prov_io_2012', 'prov_io_2017']})]
NAMES = ['relatedness.opportunities', 'relatedness.complexity', 'relatedness.validation']


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="module")
def client(store):
    from fastapi.testclient import TestClient

    from revitalize.web import create_app

    return TestClient(create_app(store), base_url="http://127.0.0.1")


@pytest.mark.parametrize("name, fields", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_python_cli_http_agree(name, fields, store, client, capsys):
    py, cli, http = three_doors(name, fields, capsys=capsys, client=client, store=store)
    assert_same(py, cli, http, name)
    assert py["meta"]["conventions"], "every convention is recorded"


@pytest.mark.parametrize("name", NAMES)
def test_every_cli_option_is_a_request_field(name):
    options_are_fields(name)
