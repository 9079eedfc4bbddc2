"""GET and PATCH /me: a person's own name and language (SPEC §7, §10)."""

from __future__ import annotations

import pytest

from partnership.extensions import db
from partnership.models import AuditEvent, User


def test_me_answers_the_callers_own_account(api, user):
    body = api.as_(user).get("/me").get_json()
    assert body == {
        "id": user.id,
        "email": "someone@example.com",
        "name": "Someone",
        "language": None,
        "notifications": "immediate",
        "calendar_url": None,
    }


def test_me_needs_a_token(api):
    response = api.get("/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_patch_me_changes_the_name_and_the_language_and_audits_it(api, user):
    response = api.as_(user).patch("/me", json={"name": "  Greta Lind ", "language": "sv"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Greta Lind"
    assert response.get_json()["language"] == "sv"
    db.session.refresh(user)
    assert (user.name, user.language) == ("Greta Lind", "sv")
    event = db.session.query(AuditEvent).filter_by(action="user.update").one()
    assert event.before == {"name": "Someone", "language": None}
    assert event.after == {"name": "Greta Lind", "language": "sv"}


def test_patch_me_with_only_the_language_leaves_the_name(api, user):
    assert api.as_(user).patch("/me", json={"language": "ar"}).status_code == 200
    db.session.refresh(user)
    assert (user.name, user.language) == ("Someone", "ar")


def test_a_null_language_goes_back_to_each_requests_own(api, user):
    me = api.as_(user)
    me.patch("/me", json={"language": "it"})
    assert me.patch("/me", json={"language": None}).get_json()["language"] is None
    db.session.refresh(user)
    assert user.language is None


def test_an_empty_patch_changes_nothing_and_records_nothing(api, user):
    assert api.as_(user).patch("/me", json={}).get_json()["name"] == "Someone"
    assert db.session.query(AuditEvent).filter_by(action="user.update").count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"language": "de"}, "language"),
        ({"language": "SV"}, "language"),
        ({"language": 7}, "language"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Nul\x00"}, "name"),
        ({"name": None}, "name"),
        ({"email": "other@example.com"}, "email"),
        ({"password": "new-password"}, "password"),
    ],
)
def test_a_bad_value_is_a_422_naming_the_field_and_nothing_changes(api, user, body, field):
    response = api.as_(user).patch("/me", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field
    db.session.refresh(user)
    assert (user.name, user.email, user.language) == ("Someone", "someone@example.com", None)


def test_a_bad_language_is_refused_in_the_callers_language_naming_the_field_by_its_label(api, user):
    response = api.as_(user).patch(
        "/me", json={"language": "de"}, headers={"Accept-Language": "es"}
    )
    error = response.get_json()["error"]
    assert error["field"] == "language"
    assert "idioma" in error["message"] and "language" not in error["message"]


def test_the_stored_language_is_the_apis_language_when_the_request_names_none(api, user):
    me = api.as_(user)
    me.patch("/me", json={"language": "it"})
    error = me.patch("/me", json={"language": "de"}).get_json()["error"]
    assert "lingua" in error["message"]


def test_me_is_the_callers_only(api, world):
    api.as_(world.client_lead).patch("/me", json={"name": "Clara"})
    assert db.session.get(User, world.vendor_lead.id).name == "Vendor Lead"


def test_patch_me_changes_name_language_and_email_choice_at_once(api, user):
    answer = api.as_(user).patch(
        "/me", json={"name": "Ana", "language": "sv", "notifications": "digest"}
    )
    assert answer.status_code == 200
    assert {k: answer.get_json()[k] for k in ("name", "language", "notifications")} == {
        "name": "Ana",
        "language": "sv",
        "notifications": "digest",
    }


def test_a_bad_email_choice_changes_nothing_else(api, user):
    answer = api.as_(user).patch("/me", json={"name": "Ana", "notifications": "hourly"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["field"] == "notifications"
    assert api.as_(user).get("/me").get_json()["name"] == "Someone"
