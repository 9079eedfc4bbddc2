"""The dashboard, the explain view and the flag-threshold settings, as pages."""

from __future__ import annotations

import json
import re

import pytest

from partnership import demo
from partnership.extensions import db

from ..helpers import logged_in, login, row_counts


@pytest.fixture
def northwind(app):
    partnership = demo.load()
    return partnership


def as_demo(client, email=demo.CARLOS):
    return logged_in(client, email, demo.PASSWORD)


def figures(html: str) -> dict[str, dict]:
    return {
        name: json.loads(body)
        for name, body in re.findall(
            r'<script type="application/json" id="figure-(\w+)">(.*?)</script>', html, re.S
        )
    }


def test_the_dashboard_embeds_four_charts_with_their_tables(client, northwind):
    html = as_demo(client).get(f"/partnerships/{northwind.id}/dashboard").get_data(as_text=True)
    charts = figures(html)
    assert set(charts) == {"trust", "delivery", "mix", "ratings"}
    trust_lines = [t for t in charts["trust"]["data"] if t.get("mode") == "lines+markers"]
    assert len(trust_lines) == 3  # both directions and the partnership
    assert html.count('class="table-responsive"') >= 4
    assert "UNDISCLOSED_SLIP" in html


def test_the_dashboard_serves_plotly_from_the_app(client, northwind):
    html = as_demo(client).get(f"/partnerships/{northwind.id}/dashboard").get_data(as_text=True)
    assert '<script src="/vendor/plotly.min.js">' in html
    assert "cdn" not in html.lower()
    script = client.get("/vendor/plotly.min.js")
    assert script.status_code == 200 and len(script.data) > 1_000_000


def test_a_partnership_with_no_phases_shows_empty_states(client, world):
    login(client, world.client_member.email)
    html = client.get(f"/partnerships/{world.partnership.id}/dashboard").get_data(as_text=True)
    assert "No phase has started yet" in html
    assert "No reviews yet" in html


def test_explain_lists_the_evidence_behind_a_score_with_links_to_the_items(client, northwind):
    html = (
        as_demo(client)
        .get(f"/partnerships/{northwind.id}/trust/vendor_reliability")
        .get_data(as_text=True)
    )
    assert "delivered" in html
    assert re.search(r'href="/phases/\d+#commitment-\d+"', html)


def test_explain_for_one_phase_and_for_a_phase_of_another_partnership(client, northwind, world):
    as_demo(client)
    mvp = northwind.phases[1].id
    assert (
        client.get(
            f"/partnerships/{northwind.id}/trust/client_trust_giving?phase={mvp}"
        ).status_code
        == 200
    )
    assert (
        client.get(f"/partnerships/{northwind.id}/trust/partnership?phase=999999").status_code
        == 404
    )


def test_outsiders_see_no_dashboard(client, northwind, world):
    login(client, world.outsider.email)
    assert client.get(f"/partnerships/{northwind.id}/dashboard").status_code == 404
    assert client.get(f"/partnerships/{northwind.id}/trust/partnership").status_code == 404


def test_a_member_cannot_change_thresholds(client, northwind):
    as_demo(client)
    assert client.get(f"/partnerships/{northwind.id}/thresholds").status_code == 403
    assert (
        client.post(
            f"/partnerships/{northwind.id}/thresholds", data={"silent_days": "30"}
        ).status_code
        == 403
    )


def test_a_lead_raises_a_threshold_and_the_flag_goes(client, northwind):
    as_demo(client, demo.CLARA)
    page = client.get(f"/partnerships/{northwind.id}/thresholds").get_data(as_text=True)
    values = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page))
    values.pop("csrf_token", None)
    values["out_of_channel_share"] = "0.9"
    response = client.post(f"/partnerships/{northwind.id}/thresholds", data=values)
    assert response.status_code == 302
    db.session.refresh(northwind)
    assert northwind.thresholds == {"out_of_channel_share": 0.9}
    html = client.get(f"/partnerships/{northwind.id}/dashboard").get_data(as_text=True)
    assert "OUT_OF_CHANNEL" not in html


def test_a_share_above_one_is_refused_and_nothing_is_saved(client, northwind):
    as_demo(client, demo.CLARA)
    page = client.get(f"/partnerships/{northwind.id}/thresholds").get_data(as_text=True)
    values = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page))
    values["prescriptive_directives_share"] = "1.5"
    before = row_counts()
    response = client.post(f"/partnerships/{northwind.id}/thresholds", data=values)
    assert response.status_code == 422
    assert 'value="1.5"' in response.get_data(as_text=True)  # what was typed is kept
    assert row_counts() == before


def test_the_live_hint_reads_a_statement_for_a_logged_in_user(client, northwind):
    as_demo(client, demo.CLARA)
    reading = client.post("/analyze", json={"text": "Send me an update every two hours"})
    assert reading.status_code == 200
    assert reading.get_json()["category"] == "prescriptive"
    assert reading.get_json()["suggestion"]


def test_the_live_hint_needs_a_login(client):
    assert client.post("/analyze", json={"text": "hello"}).status_code in (302, 401)


@pytest.mark.parametrize("page", ["99999999999999999999999", "-5", "abc"])
def test_any_page_number_in_a_list_answers_without_error(client, northwind, page):
    as_demo(client, demo.CLARA)
    assert client.get(f"/partnerships?page={page}").status_code == 200
    assert client.get(f"/partnerships/{northwind.id}/audit?page={page}").status_code == 200


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "-nan", "Infinity", "-inf", "1e999999"])
def test_a_threshold_that_is_no_finite_number_is_explained_not_a_500(client, northwind, typed):
    as_demo(client, demo.CLARA)
    page = client.get(f"/partnerships/{northwind.id}/thresholds").get_data(as_text=True)
    values = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page))
    values["silent_days"] = typed
    values["prescriptive_directives_share"] = typed
    before = row_counts()
    response = client.post(f"/partnerships/{northwind.id}/thresholds", data=values)
    assert response.status_code == 422
    assert "must be" in response.get_data(as_text=True)
    assert row_counts() == before
