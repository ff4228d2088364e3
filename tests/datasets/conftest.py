"""Fixtures of the bundled-datasets tests: a private cache folder for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Decompressed copies go to a fresh folder (env REVITALIZE_CACHE_DIR), never the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REVITALIZE_CACHE_DIR", str(folder))
    return folder
