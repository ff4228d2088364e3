"""Short ``repr`` and notebook HTML of the model objects, from their (label, value) pairs."""

from __future__ import annotations

import html

__all__ = ["labelled_html", "labelled_repr"]


def labelled_repr(title: str, pairs: list[tuple[str, str]]) -> str:
    """``<title>`` and one aligned ``label: value`` line per pair."""
    width = max(len(k) for k, _ in pairs) + 1
    return "\n".join([f"<{title}>"] + [f"  {k + ':':<{width}} {v}" for k, v in pairs])


def labelled_html(title: str, pairs: list[tuple[str, str]]) -> str:
    """The same pairs as a small escaped HTML table (``_repr_html_``)."""
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                   f"<td style='text-align:left'>{html.escape(v)}</td></tr>" for k, v in pairs)
    return (f"<div class='revitalize-{title.lower()}'><strong>{html.escape(title)}</strong>"
            f"<table>{rows}</table></div>")
