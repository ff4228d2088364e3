"""Rank-stability charts: plotly figures built from the result's own numbers."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from revitalize.errors import InputError
from revitalize.uncertainty import (
    ahp_monte_carlo,
    charts_html,
    interval_chart,
    io_monte_carlo,
    rank_probability_heatmap,
)
from tests.uncertainty.fixtures import small_table


@pytest.fixture(scope="module")
def result():
    return io_monte_carlo(small_table(6, seed=5), draws=200, seed=1, sigma=0.2)


def test_heatmap_shows_rank_probabilities_by_point_rank(result):
    fig = rank_probability_heatmap(result)
    assert isinstance(fig, go.Figure)
    hm = fig.data[0]
    order = result.table.sort_values("rank").index
    np.testing.assert_allclose(np.asarray(hm.z), result.rank_probability.loc[order].to_numpy())
    assert hm.zmin == 0 and hm.zmax == 1 and hm.y[0].startswith(str(order[0]))
    top = rank_probability_heatmap(result, max_items=3)
    assert len(top.data[0].y) == 3


def test_interval_chart_uses_the_table_intervals(result):
    fig = interval_chart(result)
    sc = fig.data[0]
    order = result.table.sort_values("rank").index
    t = result.table.loc[order]
    np.testing.assert_allclose(sc.x, t["influence_coefficient"])
    np.testing.assert_allclose(sc.error_x.array, t["influence_coefficient_hi"] - t["influence_coefficient"])
    assert "90% percentile interval" in fig.layout.title.text
    ranks = interval_chart(result, "rank")
    assert len(ranks.data) == 2  # point rank with interval, and the median rank
    with pytest.raises(InputError, match="no intervals for metric"):
        interval_chart(result, "gdp")


def test_figures_and_offline_html():
    r = ahp_monte_carlo([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], draws=50, seed=1)
    figs = r.figures()
    assert set(figs) == {"rank_probability", "intervals"}
    html = charts_html(r)
    assert html.startswith("<!DOCTYPE html>") and "plotly" in html and html.count("<script") >= 3
