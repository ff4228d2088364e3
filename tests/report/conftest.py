"""Helpers shared by the report tests."""

from __future__ import annotations

import re

import pytest

EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE)


def without_plotly_library(html: str) -> str:
    """The HTML with the one embedded plotly.js block removed (the library's own code mentions
    URLs in strings; the document itself must not load anything)."""
    from revitalize.report.render import PLOTLY_MARKER

    start = html.find(PLOTLY_MARKER)
    if start < 0:
        return html
    end = html.index("</script>", start) + len("</script>")
    return html[:start] + html[end:]


@pytest.fixture(scope="session")
def plotly_head() -> str:
    """The first 300 characters of the plotly.js bundle (its version banner)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()[:300]
