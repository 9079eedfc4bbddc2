"""Plotly figures for the dashboard, as plain dicts that plotly.js reads as they are.

Each function takes the dashboard's plain rows (domain/dashboard.py) and returns a figure
(``{"data": [...], "layout": {...}}``); the templates embed it with ``tojson`` and show the same
rows as tables, the charts' text alternative. No ``plotly.graph_objects`` on the request path:
its validation cost a tenth of a second a page.

Readable from one phase to thirty and at 390 px: phases sit on a category axis keyed by id (two
phases may share a name), labelled with a short name (or their number when there are many),
the full name on hover; plotly turns the labels when they would touch. Names are escaped
first: plotly reads a subset of HTML (``<a href>``, ``<b>``) inside labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from ..domain.commitments import DELIVERY_CLASSES as DELIVERY_KINDS
from ..domain.dashboard import TrustPoint
from .labels import short

# Okabe-Ito colours: told apart by people with the common colour-vision deficiencies.
DIRECTION_COLOURS = {
    "vendor_reliability": "#0072B2",
    "client_trust_giving": "#D55E00",
    "partnership": "#009E73",
}
DELIVERY_COLOURS = dict(
    zip(DELIVERY_KINDS, ("#009E73", "#56B4E9", "#E69F00", "#D55E00", "#999999"), strict=True)
)
CATEGORY_COLOURS = {"outcome": "#009E73", "constraint": "#0072B2", "prescriptive": "#D55E00"}
CRITERION_DASHES = ("solid", "dash", "dot", "dashdot")
CRITERION_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
NAMED_AXIS_UP_TO = 8  # more phases than this: the axis counts them (1, 2, ...), names on hover
SHORT = 14

Label = Callable[[str], str]
Figure = dict[str, Any]


def plain(text: str) -> str:
    """Someone's text as plotly shows it literally (its HTML subset escaped)."""
    return escape(text, quote=False)


class Axis:
    """The phases of a chart in order: their keys, tick labels and full names."""

    def __init__(self, phases: Sequence[tuple[int, str]]):
        self.keys = [str(phase_id) for phase_id, _ in phases]
        self.names = {str(phase_id): plain(name) for phase_id, name in phases}
        numbered = len(phases) > NAMED_AXIS_UP_TO
        self.ticks = [
            str(n) if numbered else plain(short(name, SHORT))
            for n, (_, name) in enumerate(phases, 1)
        ]
        self.numbered = numbered

    def full(self, keys: Sequence[str]) -> list[str]:
        return [self.names[k] for k in keys]

    def layout(self, label: Label) -> dict[str, Any]:
        axis: dict[str, Any] = {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": self.keys,
            "tickmode": "array",
            "tickvals": self.keys,
            "ticktext": self.ticks,
            "automargin": True,
            "fixedrange": True,
        }
        if self.numbered:
            axis["title"] = {"text": plain(label("phase")), "standoff": 4}
        return axis


def axis_of(rows: Sequence[Any]) -> Axis:
    seen: dict[int, str] = {}
    for row in rows:
        phase_id, name = (
            (row.phase_id, row.phase)
            if isinstance(row, TrustPoint)
            else (row["phase_id"], row["phase"])
        )
        seen.setdefault(phase_id, name)
    return Axis(list(seen.items()))


def _layout(
    axis: Axis,
    label: Label,
    *,
    y_title: str,
    height: int = 340,
    y_range: list[float] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    y: dict[str, Any] = {
        "title": {"text": plain(y_title)},
        "gridcolor": "#e5e5e5",
        "zeroline": False,
        "automargin": True,
        "fixedrange": True,
    }
    if y_range:
        y["range"] = y_range
    return {
        "height": height,
        "margin": {"l": 48, "r": 44, "t": 36, "b": 56},  # r: room for a turned last label
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hovermode": "closest",
        "xaxis": axis.layout(label),
        "yaxis": y,
        **extra,
    }


def trust(points: Sequence[TrustPoint], label: Label) -> Figure:
    axis = axis_of(points)
    data = []
    for direction, colour in DIRECTION_COLOURS.items():
        series = [p for p in points if p.direction == direction]
        x = [str(p.phase_id) for p in series]
        data.append(
            {  # the uncertainty band: high edge, then low edge back, filled between
                "type": "scatter",
                "x": x + x[::-1],
                "y": [p.high for p in series] + [p.low for p in series][::-1],
                "fill": "toself",
                "fillcolor": colour,
                "opacity": 0.12,
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
                "legendgroup": direction,
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [p.score for p in series],
                "mode": "lines+markers",
                "name": plain(label(direction)),
                "line": {"color": colour, "width": 3},
                "legendgroup": direction,
                "customdata": [
                    [name, p.low, p.high] for name, p in zip(axis.full(x), series, strict=True)
                ],
                "hovertemplate": "%{customdata[0]}<br>%{y:.0f} (%{customdata[1]:.0f}–"
                "%{customdata[2]:.0f})<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(axis, label, y_title=label("trust score"), y_range=[0, 100]),
    }


def _bars(axis: Axis, rows: Sequence[dict], key: str, name: str, colour: str, **extra: Any) -> dict:
    x = [str(r["phase_id"]) for r in rows]
    return {
        "type": "bar",
        "x": x,
        "y": [r[key] for r in rows],
        "name": plain(name),
        "marker": {"color": colour},
        "customdata": axis.full(x),
        "hovertemplate": "%{customdata}<br>" + plain(name) + ": %{y}<extra></extra>",
        **extra,
    }


def delivery(rows: Sequence[dict], label: Label) -> Figure:
    axis = axis_of(rows)
    data = [_bars(axis, rows, kind, label(kind), DELIVERY_COLOURS[kind]) for kind in DELIVERY_KINDS]
    return {
        "data": data,
        "layout": _layout(axis, label, y_title=label("commitments"), barmode="stack"),
    }


def _two_rows(
    axis: Axis, label: Label, titles: tuple[str, str], y_title: str, **extra: Any
) -> dict:
    """A layout of two panels one above the other, sharing the phase axis: side by side, their
    titles and labels ran together on a phone."""
    layout = _layout(axis, label, y_title=y_title, height=520, **extra)
    layout["yaxis"]["domain"] = [0.58, 1]
    layout["yaxis2"] = {**layout["yaxis"], "domain": [0, 0.42], "title": {"text": ""}}
    layout["xaxis"] = {**layout["xaxis"], "anchor": "y2"}
    layout["legend"] = {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0}
    layout["margin"] = {**layout["margin"], "t": 28, "b": 24}
    layout["annotations"] = [
        {
            "text": plain(title),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "xanchor": "left",
            "y": y,
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 13},
        }
        for title, y in zip(titles, (1.0, 0.43), strict=True)
    ]
    return layout


def mix(rows: Sequence[dict], label: Label) -> Figure:
    """Goals above, directives below, each stacked by category, per phase."""
    axis = axis_of(rows)
    data = []
    for panel, kind in (("y", "goals"), ("y2", "directives")):
        for category, colour in CATEGORY_COLOURS.items():
            data.append(
                _bars(
                    axis,
                    rows,
                    f"{kind}_{category}",
                    label(category),
                    colour,
                    yaxis=panel,
                    legendgroup=category,
                    showlegend=panel == "y",
                )
            )
    layout = _two_rows(
        axis, label, (label("goals"), label("directives")), label("statements"), barmode="stack"
    )
    return {"data": data, "layout": layout}


def ratings(rows: Sequence[dict], label: Label) -> Figure:
    """Each side's ratings, one line per criterion across the phases: the client's of the
    vendor above, the vendor's of the client below."""
    axis = axis_of(rows)
    data = []
    for panel, side in (("y", "client"), ("y2", "vendor")):
        criteria = list(dict.fromkeys(r["criterion"] for r in rows if r["side"] == side))
        for index, criterion in enumerate(criteria):
            mine = [r for r in rows if r["side"] == side and r["criterion"] == criterion]
            x = [str(r["phase_id"]) for r in mine]
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": x,
                    "y": [r["rating"] for r in mine],
                    "yaxis": panel,
                    "name": plain(label(criterion)),
                    "line": {
                        "color": CRITERION_COLOURS[index % len(CRITERION_COLOURS)],
                        "dash": CRITERION_DASHES[index % len(CRITERION_DASHES)],
                        "width": 2,
                    },
                    "customdata": axis.full(x),
                    "hovertemplate": "%{customdata}<br>"
                    + plain(label(criterion))
                    + ": %{y}<extra></extra>",
                }
            )
    layout = _two_rows(
        axis,
        label,
        (label("client's ratings of the vendor"), label("vendor's ratings of the client")),
        label("rating (1 to 5)"),
        y_range=[0.5, 5.5],
    )
    return {"data": data, "layout": layout}
