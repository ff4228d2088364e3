"""``revitalize report``: the main job."""

from __future__ import annotations


def report() -> None:
    """Build the fact sheet / report of the region (terminal and HTML)."""
