"""Rank-stability charts of a :class:`~revitalize.uncertainty.results.MonteCarloResult`
(plotly figures; the report embeds them offline with ``include_plotlyjs=True``).

* :func:`rank_probability_heatmap` -- ``P(rank = r)``: one row per item (sorted by point rank),
  one column per rank position; a stable ranking is a dark diagonal;
* :func:`interval_chart` -- for one metric (or ``"rank"``), the point estimate of each item with
  its percentile interval (level in the title), sorted by point estimate.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from revitalize.errors import InputError

__all__ = ["charts_html", "interval_chart", "rank_probability_heatmap"]


def _labels(result, items: pd.Index) -> list[str]:
    t = result.table
    if "name" in t.columns:
        names = t.loc[items, "name"].astype(str)
        return [f"{i} {n}" if str(i) != n else n for i, n in zip(items, names)]
    return [str(i) for i in items]


def _top(result, max_items: int | None) -> pd.Index:
    order = result.table.sort_values(["rank", "rank_median"], kind="stable").index
    return order if max_items is None else order[:max_items]


def rank_probability_heatmap(result, *, max_items: int | None = None, title: str | None = None):
    """Heat map of ``P(rank = r)`` (items by point rank, positions 1..n).

    Parameters
    ----------
    result
        A :class:`~revitalize.uncertainty.results.MonteCarloResult`.
    max_items
        Show only the best ``max_items`` items by point rank (all by default).
    """
    import plotly.graph_objects as go

    items = _top(result, max_items)
    prob = result.rank_probability.loc[items]
    last = int(prob.columns[(prob.to_numpy() > 0).any(axis=0)].max())
    prob = prob.loc[:, prob.columns <= max(last, len(items))]
    meta = result.meta
    fig = go.Figure(go.Heatmap(
        z=prob.to_numpy(), x=[int(c) for c in prob.columns], y=_labels(result, items),
        zmin=0.0, zmax=1.0, colorscale="Blues", colorbar={"title": "P(rank)"},
        hovertemplate="%{y}<br>rank %{x}: %{z:.1%}<extra></extra>"))
    fig.update_layout(
        title=title or f"Rank stability: {meta.get('method')} ({meta.get('draws')} draws, "
                       f"ranked by {meta.get('rank_by')})",
        xaxis_title="rank (1 = largest)", yaxis={"autorange": "reversed", "title": ""},
        height=max(320, 22 * len(items) + 140), margin={"l": 220})
    return fig


def interval_chart(result, metric: str | None = None, *, max_items: int | None = None,
                   title: str | None = None):
    """Point estimates with percentile intervals of ``metric`` (default: the ranked metric;
    ``"rank"`` for rank intervals), items sorted by point rank."""
    import plotly.graph_objects as go

    metric = metric or result.meta.get("rank_by")
    t = result.table
    lo, hi = ("rank_lo", "rank_hi") if metric == "rank" else (f"{metric}_lo", f"{metric}_hi")
    if metric not in t.columns or lo not in t.columns:
        have = [c for c in t.columns if f"{c}_lo" in t.columns] + ["rank"]
        raise InputError(f"no intervals for metric {metric!r}", field="metric",
                         expected=f"one of {have}")
    items = _top(result, max_items)
    rows = t.loc[items]
    point = rows[metric].to_numpy(float)
    labels = _labels(result, items)
    level = result.meta.get("level", np.nan)
    fig = go.Figure(go.Scatter(
        x=point, y=labels, mode="markers", name="point estimate",
        error_x={"type": "data", "symmetric": False,
                 "array": rows[hi].to_numpy(float) - point,
                 "arrayminus": point - rows[lo].to_numpy(float)},
        hovertemplate="%{y}: %{x:.4g}<extra></extra>"))
    if metric == "rank":
        fig.add_trace(go.Scatter(x=rows["rank_median"], y=labels, mode="markers",
                                 marker={"symbol": "line-ns-open", "size": 12}, name="median"))
    fig.update_layout(
        title=title or f"{metric}: point estimate and {level:.0%} percentile interval "
                       f"({result.meta.get('draws')} draws)",
        xaxis_title=metric, yaxis={"autorange": "reversed", "title": ""},
        height=max(320, 22 * len(items) + 140), margin={"l": 220})
    return fig


def charts_html(result, *, max_items: int | None = None) -> str:
    """Both charts as one self-contained HTML page (plotly.js embedded, works offline)."""
    import plotly.io as pio

    figs = [rank_probability_heatmap(result, max_items=max_items),
            interval_chart(result, max_items=max_items)]
    parts = [pio.to_html(f, full_html=False, include_plotlyjs=(i == 0))
             for i, f in enumerate(figs)]
    title = html.escape(str(result.meta.get("method", "Monte Carlo")))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{''.join(parts)}</body></html>")
