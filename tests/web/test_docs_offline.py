"""The API documentation works offline: Swagger UI's assets come from the package, not a CDN."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from revitalize.web.app import create_app


def test_docs_page_uses_local_assets(tmp_path):
    client = TestClient(create_app(data_dir=tmp_path / "store"))
    page = client.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"""(src|href)=["']https?://""", page.text)
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        assert asset in page.text
        assert client.get(asset).status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "revitalize"
