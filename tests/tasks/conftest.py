"""Fixtures of the contract tests: a private, empty store per module and the web app on it
(the bundled datasets resolve through the catalog; nothing is read from shared/data)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="module")
def client(store):
    from fastapi.testclient import TestClient

    from revitalize.web import create_app

    return TestClient(create_app(store), base_url="http://127.0.0.1")
