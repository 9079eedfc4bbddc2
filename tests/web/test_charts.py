"""The dashboard's figures as plotly.js reads them: plain dicts, people's text shown literally,
phases told apart by id, labels short with the full name on hover."""

from __future__ import annotations

import json

from partnership.domain.dashboard import TrustPoint
from partnership.web import charts


def word(code: str) -> str:
    return code.replace("_", " ")


def rows(*names: str) -> list[dict]:
    return [
        {"phase_id": n, "phase": name, "on_time": 1, "late_told_early": 0, "late_told_late": 0}
        | {"dropped": 0, "open": 0}
        for n, name in enumerate(names, 1)
    ]


def test_a_phase_name_with_markup_is_shown_as_text_not_as_a_link():
    figure = charts.delivery(rows('<a href="https://evil.example">Win</a> & <b>bold</b>'), word)
    text = json.dumps(figure)
    assert "<a href" not in text and "<b>" not in text
    assert "&lt;a href=" in text and "&amp;" in text
    json.dumps(figure)  # plain data: no plotly objects


def test_two_phases_with_one_name_stay_two_bars_and_long_names_are_cut_at_a_word():
    figure = charts.delivery(rows("Discovery and ordering MVP", "Discovery and ordering MVP"), word)
    axis = figure["layout"]["xaxis"]
    assert axis["tickvals"] == ["1", "2"]
    assert axis["ticktext"] == ["Discovery and…", "Discovery and…"]
    assert figure["data"][0]["customdata"] == ["Discovery and ordering MVP"] * 2  # on hover


def test_many_phases_are_counted_on_the_axis_with_their_names_on_hover():
    names = [f"Phase number {n}" for n in range(1, 31)]
    points = [
        TrustPoint(n, name, "vendor_reliability", 60.0, 50.0, 70.0, 0.2)
        for n, name in enumerate(names, 1)
    ]
    figure = charts.trust(points, word)
    axis = figure["layout"]["xaxis"]
    assert axis["ticktext"] == [str(n) for n in range(1, 31)]
    assert axis["title"]["text"] == "phase"
    line = next(t for t in figure["data"] if t.get("mode") == "lines+markers")
    assert line["customdata"][0][0] == "Phase number 1"


def test_the_two_panel_charts_stack_their_panels_so_a_phone_can_read_them():
    mix = [
        {"phase_id": 1, "phase": "Build"}
        | {f"{k}_{c}": 1 for k in ("goals", "directives") for c in charts.CATEGORY_COLOURS}
    ]
    layout = charts.mix(mix, word)["layout"]
    assert layout["yaxis"]["domain"][0] > layout["yaxis2"]["domain"][1]  # one above the other
