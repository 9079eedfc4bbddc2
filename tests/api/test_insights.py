"""Trust, flags and the statement reader through the API (SPEC §5, §6, §7)."""

from __future__ import annotations

import pytest
from marshmallow import fields

from partnership import demo
from partnership.api.schemas import FlagOut, TrustOut
from partnership.models import User

DIRECTIONS = ("vendor_reliability", "client_trust_giving", "partnership")


@pytest.fixture
def demo_partnership(app):
    return demo.load()


def as_demo(api, email=demo.CARLOS):
    return api.as_(User.query.filter_by(email=email).one())


def test_trust_answers_both_directions_overall_and_per_phase(api, demo_partnership):
    body = as_demo(api).get(f"/partnerships/{demo_partnership.id}/trust").get_json()
    for direction in DIRECTIONS:
        score = body[direction]
        assert set(score) == {"score", "uncertainty", "evidence"}
        assert 0 <= score["score"] <= 100 and 0 < score["uncertainty"] < 1
        assert {"source", "phase_id", "sign", "weight", "why"} <= set(score["evidence"][0])
    assert [p["phase_id"] for p in body["phases"]] == [p.id for p in demo_partnership.phases]
    assert set(body["phases"][0]) == {"phase_id", *DIRECTIONS}


def test_trust_and_flags_answer_exactly_what_their_schemas_declare(api, demo_partnership):
    """The answers are written from the engines' own dicts, not through their schemas: each
    field they write is one the schema declares, and each one it declares is written."""
    reader = as_demo(api)
    trust = reader.get(f"/partnerships/{demo_partnership.id}/trust").get_json()
    flags = reader.get(f"/partnerships/{demo_partnership.id}/flags").get_json()
    assert trust["phases"] and flags
    assert TrustOut().dump(trust) == trust
    assert FlagOut(many=True).dump(flags) == flags
    declared_exactly(TrustOut(), trust)
    declared_exactly(FlagOut(), flags)


def declared_exactly(schema, value) -> None:
    """Every object in ``value`` has exactly the fields ``schema`` declares, nested ones too."""
    if isinstance(value, list):
        for item in value:
            declared_exactly(schema, item)
        return
    assert set(value) == set(schema.fields), type(schema).__name__
    for name, field in schema.fields.items():
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested):
            declared_exactly(inner.schema, value[name])


def test_the_demo_story_shows_in_the_trust_figures(api, demo_partnership):
    phases = as_demo(api).get(f"/partnerships/{demo_partnership.id}/trust").get_json()["phases"]
    discovery, mvp, recovery = phases[0], phases[1], phases[2]
    # the client's trust-giving falls in the MVP phase, then recovers
    assert mvp["client_trust_giving"]["score"] < discovery["client_trust_giving"]["score"]
    assert recovery["client_trust_giving"]["score"] > mvp["client_trust_giving"]["score"]
    assert mvp["vendor_reliability"]["score"] < discovery["vendor_reliability"]["score"]


def test_flags_carry_the_fields_of_the_spec_and_tell_the_demo_story(api, demo_partnership):
    flags = as_demo(api).get(f"/partnerships/{demo_partnership.id}/flags").get_json()
    assert all(
        {"code", "severity", "phase_id", "message", "evidence", "suggestion"} <= set(f)
        for f in flags
    )
    codes = {f["code"] for f in flags}
    assert {
        "UNDISCLOSED_SLIP",
        "SCOPE_CREEP_FIXED_PRICE",
        "OUT_OF_CHANNEL",
        "PRESCRIPTIVE_DIRECTIVES",
        "GATE_DISAGREEMENT",
        "LOW_AUTONOMY",
    } <= codes
    mvp = demo_partnership.phases[1].id
    assert {f["phase_id"] for f in flags if f["severity"] == "high"} == {mvp}


def test_a_threshold_override_changes_the_flags(api, demo_partnership):
    from partnership.domain.flags import DEFAULT_THRESHOLDS
    from partnership.services import insights

    client = as_demo(api)
    before = {
        f["code"] for f in client.get(f"/partnerships/{demo_partnership.id}/flags").get_json()
    }
    lead = User.query.filter_by(email=demo.CARLOS).one()
    values = dict(DEFAULT_THRESHOLDS, out_of_channel_share=0.9)
    insights.set_thresholds(lead, demo_partnership, values)
    after = {f["code"] for f in client.get(f"/partnerships/{demo_partnership.id}/flags").get_json()}
    assert "OUT_OF_CHANNEL" in before and "OUT_OF_CHANNEL" not in after


def test_outsiders_get_404_for_trust_and_flags(api, demo_partnership, user):
    outsider = api.as_(user)
    for path in ("trust", "flags"):
        assert outsider.get(f"/partnerships/{demo_partnership.id}/{path}").status_code == 404


@pytest.mark.parametrize(
    "text, lang, category",
    [
        ("Warehouse staff can print a picking list in under five seconds.", None, "outcome"),
        ("Customer data must stay in EU data centres, as GDPR requires.", None, "constraint"),
        ("Use Redux for the state and send me an update every two hours.", None, "prescriptive"),
        ("Usad Redux para el estado.", "es", "prescriptive"),
    ],
)
def test_analyze_reads_a_statement_with_its_reasons(api, user, text, lang, category):
    body = {"text": text} | ({"lang": lang} if lang else {})
    response = api.as_(user).post("/analyze", json=body)
    assert response.status_code == 200
    reading = response.get_json()
    assert reading["category"] == category
    assert reading["lang"] == (lang or "en")
    assert reading["reasons"]
    assert (reading["suggestion"] is not None) == (category == "prescriptive")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": "hello", "lang": "fr"}, "lang"),
        ({}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": 12}, "text"),
    ],
)
def test_analyze_refuses_invalid_fields(api, user, body, field):
    response = api.as_(user).post("/analyze", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field


def test_analyze_needs_a_token(api):
    assert api.post("/analyze", json={"text": "hello"}).status_code == 401
