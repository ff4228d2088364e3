"""Plotly figures of the report: every figure has a title, axis titles with units and its source
in an annotation under the plot (also in ``layout.meta["source"]`` for other renderers).

Figures only draw numbers the sections computed with the package API; nothing is computed here.
Colours: a caller passes ``colors`` (trace name -> colour from :func:`revitalize.present.colour`),
so a key-sector class, a province or a model has one colour in every chart.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from revitalize.report.i18n import tr

__all__ = ["bar_figure", "band_figure", "category_colours", "heatmap_figure", "line_figure",
           "panels_bar_figure", "scatter_figure"]

_FONT = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"


def _finish(fig: go.Figure, *, title: str, x_title: str, y_title: str, source: str, lang: str,
            height: int = 430) -> go.Figure:
    lines = textwrap.wrap(f"{tr('source', lang)}: {source}", 130) or [""]
    fig.update_layout(
        title={"text": title, "x": 0.01, "y": 0.99, "yanchor": "top", "font": {"size": 15}},
        template="plotly_white", font={"family": _FONT, "size": 12},
        height=height + 16 * len(lines), margin={"l": 70, "r": 20, "t": 90, "b": 80 + 16 * len(lines)},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        meta={"source": source},
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, xanchor="left",
                       y=0, yanchor="top", yshift=-62, showarrow=False, align="left",
                       font={"size": 10, "color": "#5a6b7b"})
    return fig


def category_colours() -> dict[str, str]:
    """Trace name -> colour for every category member's label in both languages (province,
    the Northeast and the nation by name; key-sector classes and models by label): a chart
    whose caller passes no ``colors`` still uses the one palette."""
    from revitalize.model.regions import REGIONS
    from revitalize.present import PALETTES
    from revitalize.report.i18n import VALUES

    out: dict[str, str] = {}
    for code, c in PALETTES["province"].items():
        reg = REGIONS.get(code)
        if reg is not None:
            out.setdefault(reg.name_en, c)
            out.setdefault(reg.name_cn, c)
    out[tr("nation", "en")], out[tr("nation", "zh")] = (PALETTES["province"]["000000"],) * 2
    for category in ("key_sector_class", "model"):
        for key, c in PALETTES[category].items():
            out.update(dict.fromkeys((key, *VALUES.get(key, ())), c))
    return out


_CATEGORY_COLOURS: dict[str, str] = {}


def _style(name: str, colors: Mapping[str, str] | None, **marker) -> dict:
    if not _CATEGORY_COLOURS:
        _CATEGORY_COLOURS.update(category_colours())
    c = (colors or {}).get(str(name)) or _CATEGORY_COLOURS.get(str(name))
    out = {"marker": {**marker, **({"color": c} if c else {})}}
    if c:
        out["line"] = {"color": c}
    return out


def line_figure(series: Mapping[str, pd.Series], *, title: str, x_title: str, y_title: str,
                source: str, lang: str = "en",
                points: Mapping[str, tuple[Sequence, Sequence, Sequence[str]]] | None = None,
                mark_x: float | None = None,
                colors: Mapping[str, str] | None = None) -> go.Figure:
    """Lines (name -> values indexed by x), optional marker sets (name -> x, y, hover texts,
    e.g. fact-base figures) and an optional vertical line at ``mark_x``; ``colors``: trace
    name -> colour."""
    fig = go.Figure()
    for name, s in series.items():  # missing values break the line (no silent bridging)
        s = s.astype(float).sort_index()
        fig.add_trace(go.Scatter(x=list(s.index), y=[None if pd.isna(v) else float(v) for v in s],
                                 mode="lines+markers", name=str(name),
                                 **_style(name, colors, size=4)))
    for name, (xs, ys, texts) in (points or {}).items():
        st = _style(name, colors, size=10, symbol="diamond")
        st.pop("line", None)
        fig.add_trace(go.Scatter(x=list(xs), y=list(ys), mode="markers", name=str(name),
                                 text=list(texts), **st,
                                 hovertemplate="%{text}<br>%{x}: %{y}<extra></extra>"))
    if mark_x is not None:
        fig.add_vline(x=mark_x, line_dash="dot", line_color="#888")
    return _finish(fig, title=title, x_title=x_title, y_title=y_title, source=source, lang=lang)


def bar_figure(categories: Sequence[str], groups: Mapping[str, Sequence[float]], *, title: str,
               x_title: str, y_title: str, source: str, lang: str = "en",
               horizontal: bool = False, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Grouped bars: one trace per group over ``categories`` (horizontal: categories on y);
    ``colors``: group name -> colour."""
    fig = go.Figure()
    cats = [str(c) for c in categories]
    for name, values in groups.items():
        vals = [float(v) for v in values]
        marker = _style(name, colors)["marker"]
        if horizontal:
            fig.add_trace(go.Bar(y=cats, x=vals, name=str(name), orientation="h", marker=marker))
        else:
            fig.add_trace(go.Bar(x=cats, y=vals, name=str(name), marker=marker))
    fig.update_layout(barmode="group")
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    bars = len(cats) * max(1, len(groups))
    height = 200 + min(22 * bars, 1400) if horizontal else 430
    return _finish(fig, title=title, x_title=x_title, y_title=y_title, source=source, lang=lang,
                   height=height)


def scatter_figure(frame: pd.DataFrame, *, x: str, y: str, label: str, group: str | None,
                   title: str, x_title: str, y_title: str, source: str, lang: str = "en",
                   cross: tuple[float, float] | None = None, text: str | None = None,
                   colors: Mapping[str, str] | None = None) -> go.Figure:
    """Points of ``frame`` (hover: ``label``; ``text`` column printed beside the points), one
    trace per ``group`` (``colors``: group -> colour); ``cross`` draws the quadrant lines
    ``x = cross[0]``, ``y = cross[1]``."""
    fig = go.Figure()
    parts = frame.groupby(group, sort=False) if group else [("", frame)]
    for name, part in parts:
        fig.add_trace(go.Scatter(
            x=part[x].to_numpy(float), y=part[y].to_numpy(float), name=str(name),
            mode="markers+text" if text else "markers", text=part[text] if text else None,
            textposition="top center", textfont={"size": 9}, hovertext=part[label],
            hovertemplate="%{hovertext}<br>x=%{x:.3f}<br>y=%{y:.3f}<extra></extra>",
            marker=_style(name, colors, size=8, opacity=0.8)["marker"]))
    if cross is not None:
        fig.add_vline(x=cross[0], line_dash="dash", line_color="#999")
        fig.add_hline(y=cross[1], line_dash="dash", line_color="#999")
    return _finish(fig, title=title, x_title=x_title, y_title=y_title, source=source, lang=lang,
                   height=520)


def heatmap_figure(matrix: pd.DataFrame, *, title: str, z_title: str, source: str,
                   lang: str = "en") -> go.Figure:
    """Heat map of a labelled square matrix (rows and columns as given)."""
    fig = go.Figure(go.Heatmap(z=matrix.to_numpy(float), x=[str(c) for c in matrix.columns],
                               y=[str(i) for i in matrix.index], colorscale="Viridis",
                               colorbar={"title": {"text": z_title, "side": "right"}},
                               hovertemplate="%{y} / %{x}: %{z:.3f}<extra></extra>"))
    labels = [str(i) for i in matrix.index]
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=labels, ticktext=labels)
    cols = [str(c) for c in matrix.columns]
    fig.update_xaxes(tickmode="array", tickvals=cols, ticktext=cols)
    size = max(520, 20 * len(matrix))
    return _finish(fig, title=title, x_title=tr("region", lang), y_title=tr("region", lang),
                   source=source, lang=lang, height=size)


def band_figure(observed: pd.Series, forecast: pd.Series, *, lower: pd.Series | None,
                upper: pd.Series | None, fitted: pd.Series | None, title: str, y_title: str,
                source: str, lang: str = "en", interval_label: str = "",
                later: pd.Series | None = None, later_label: str = "",
                forecast_color: str | None = None, forecast_name: str | None = None) -> go.Figure:
    """Observed values, the fitted values, the forecast and its interval as a shaded band
    (``interval_label``: what the band is, e.g. with its backtest coverage); ``later``: observed
    values outside the fitted span, drawn as separate markers; ``forecast_color``: the model's
    colour; ``forecast_name``: the forecast's legend name (e.g. with its model)."""
    fig = go.Figure()
    if lower is not None and upper is not None and len(lower):
        xs = list(upper.index) + list(lower.index[::-1])
        ys = list(upper.to_numpy(float)) + list(lower.to_numpy(float)[::-1])
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor="rgba(59,110,165,0.18)",
                                 mode="lines", line={"width": 0}, hoverinfo="skip",
                                 name=interval_label or tr("interval", lang)))
    if later is not None and len(later.dropna()):
        later = later.dropna()
        fig.add_trace(go.Scatter(x=list(later.index), y=list(later.to_numpy(float)),
                                 mode="markers", name=later_label,
                                 marker={"size": 9, "symbol": "x", "color": "#444"}))
    fig.add_trace(go.Scatter(x=list(observed.index), y=list(observed.to_numpy(float)),
                             mode="lines+markers", name=tr("observed", lang), marker={"size": 4}))
    if fitted is not None:
        fig.add_trace(go.Scatter(x=list(fitted.index), y=list(fitted.to_numpy(float)),
                                 mode="lines", name=tr("fitted", lang), line={"dash": "dot"}))
    fig.add_trace(go.Scatter(x=list(forecast.index), y=list(forecast.to_numpy(float)),
                             mode="lines+markers", name=forecast_name or tr("forecast_label", lang),
                             **_style("f", {"f": forecast_color} if forecast_color else None)))
    return _finish(fig, title=title, x_title=tr("year", lang), y_title=y_title, source=source,
                   lang=lang)


def panels_bar_figure(categories: Sequence[str], panels: Mapping[str, Sequence[float]], *,
                      title: str, x_title: str, source: str, lang: str = "en",
                      color: str = "#3b6ea5") -> go.Figure:
    """One bar panel per quantity (panel y-axis title -> values over ``categories``), stacked
    vertically, each with its own y axis: quantities of different magnitude (foreign vs
    inter-provincial trade dependence) are never read on one scale."""
    from plotly.subplots import make_subplots

    cats = [str(c) for c in categories]
    n = max(1, len(panels))
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for i, (name, values) in enumerate(panels.items(), start=1):
        fig.add_trace(go.Bar(x=cats, y=[None if pd.isna(v) else float(v) for v in values],
                             name=str(name), marker={"color": color}, showlegend=False),
                      row=i, col=1)
        fig.update_yaxes(title_text=str(name), row=i, col=1, title_font={"size": 11})
    _finish(fig, title=title, x_title=x_title, y_title="", source=source, lang=lang,
            height=260 * n)
    for i, name in enumerate(panels, start=1):
        fig.update_yaxes(title_text=str(name), row=i, col=1)
    return fig
