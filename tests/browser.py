"""The one Chromium launch of the browser tests (tests/web/test_browser.py,
tests/report/test_report_browser.py): Debian's Chromium (/usr/bin/chromium) driven by
Playwright, never a downloaded browser. A test module uses it by naming the fixture::

    from tests import browser as chromium

    browser = chromium.browser

Skips cleanly without /usr/bin/chromium (or without Playwright), except under CI=true, where
that is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["ARGS", "CHROMIUM", "browser", "unavailable"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def unavailable(reason: str):
    """Skip, or fail under CI=true (where the browser tests must run)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but the browser test cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the module's tests."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
