"""Plotly figures for the dashboard, built in Python and drawn by the plotly.js the app serves.

Each function takes the dashboard's plain rows (domain/dashboard.py) and returns a figure's
JSON; the templates show the same rows as tables, the charts' text alternative.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import plotly.graph_objects as go
from plotly.subplots import make_subplots

# Okabe-Ito colours: told apart by people with the common colour-vision deficiencies.
DIRECTION_COLOURS = {
    "vendor_reliability": "#0072B2",
    "client_trust_giving": "#D55E00",
    "partnership": "#009E73",
}
DELIVERY_COLOURS = {
    "on_time": "#009E73",
    "late_told_early": "#56B4E9",
    "late_told_late": "#E69F00",
    "dropped": "#D55E00",
    "open": "#999999",
}
CATEGORY_COLOURS = {"outcome": "#009E73", "constraint": "#0072B2", "prescriptive": "#D55E00"}
PHASE_COLOURS = ["#9ecae1", "#4292c6", "#08519c", "#08306b", "#6baed6", "#2171b5"]

Label = Callable[[str], str]


def short(name: str, width: int = 16) -> str:
    """A phase name wrapped onto lines so axis labels stay horizontal."""
    return "<br>".join(textwrap.wrap(name, width)[:3]) or name


def _layout(
    fig: go.Figure,
    *,
    y_title: str,
    barmode: str | None = None,
    y_range: list[float] | None = None,
    legend_below: bool = False,
) -> str:
    # Side-by-side panels carry their titles on top, so their legend goes underneath.
    legend = (
        {"orientation": "h", "y": -0.18, "yanchor": "top", "x": 0}
        if legend_below
        else {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}
    )
    fig.update_layout(
        template="none",
        height=360 if legend_below else 340,
        margin={"l": 56, "r": 16, "t": 40, "b": 56},
        legend=legend,
        font={"family": "system-ui, sans-serif", "size": 13},
        barmode=barmode,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False, range=y_range)
    fig.layout.yaxis.title.text = y_title  # the first (left) axis
    fig.update_xaxes(type="category", automargin=True, tickangle=0)
    return fig.to_json()


def trust(points, label: Label) -> str:
    fig = go.Figure()
    for direction, colour in DIRECTION_COLOURS.items():
        series = [p for p in points if p.direction == direction]
        x = [short(p.phase) for p in series]
        fig.add_trace(
            go.Scatter(  # the uncertainty band: high edge, then low edge filled to it
                x=x + x[::-1],
                y=[p.high for p in series] + [p.low for p in series][::-1],
                fill="toself",
                fillcolor=colour,
                opacity=0.12,
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=direction,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[p.score for p in series],
                mode="lines+markers",
                name=label(direction),
                line={"color": colour, "width": 3},
                legendgroup=direction,
                customdata=[[p.low, p.high] for p in series],
                hovertemplate="%{y:.0f} (%{customdata[0]:.0f}–%{customdata[1]:.0f})",
            )
        )
    return _layout(fig, y_title=label("trust score"), y_range=[0, 100])


def delivery(rows, label: Label) -> str:
    fig = go.Figure(
        [
            go.Bar(
                x=[short(r["phase"]) for r in rows],
                y=[r[kind] for r in rows],
                name=label(kind),
                marker_color=colour,
            )
            for kind, colour in DELIVERY_COLOURS.items()
        ]
    )
    return _layout(fig, y_title=label("commitments"), barmode="stack")


def mix(rows, label: Label) -> str:
    """Goals and directives side by side, each stacked by category, per phase."""
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[label("goals"), label("directives")],
    )
    for col, kind in enumerate(("goals", "directives"), start=1):
        for category, colour in CATEGORY_COLOURS.items():
            fig.add_trace(
                go.Bar(
                    x=[short(r["phase"], 9) for r in rows],
                    y=[r[f"{kind}_{category}"] for r in rows],
                    name=label(category),
                    marker_color=colour,
                    legendgroup=category,
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
    return _layout(fig, y_title=label("statements"), barmode="stack", legend_below=True)


def ratings(rows, label: Label) -> str:
    """Each side's ratings per criterion, one bar per phase, the two sides side by side."""
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[
            label("client's ratings of the vendor"),
            label("vendor's ratings of the client"),
        ],
    )
    phases = list(dict.fromkeys(r["phase"] for r in rows))
    for index, phase in enumerate(phases):
        colour = PHASE_COLOURS[index % len(PHASE_COLOURS)]
        for col, side in enumerate(("client", "vendor"), start=1):
            mine = [r for r in rows if r["phase"] == phase and r["side"] == side]
            fig.add_trace(
                go.Bar(
                    x=[label(r["criterion"]) for r in mine],
                    y=[r["rating"] for r in mine],
                    name=phase,
                    marker_color=colour,
                    legendgroup=phase,
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
    return _layout(
        fig, y_title=label("rating (1 to 5)"), barmode="group", y_range=[0, 5], legend_below=True
    )
