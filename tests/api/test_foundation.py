"""The API's accounts, tokens, partnerships and members, and its error shapes (SPEC §7)."""

from __future__ import annotations

import pytest

from partnership.models import Member

from ..helpers import PASSWORD, logged_in, make_user, row_counts

PARTNERSHIP = {
    "name": "Order portal",
    "client_name": "Northwind",
    "vendor_name": "Acme",
    "engagement": "fixed_price",
    "side": "vendor",
}


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]


def test_register_then_get_a_token_then_list_partnerships(api):
    created = api.post(
        "/users", json={"email": "Ana@Example.com", "name": "Ana", "password": PASSWORD}
    )
    assert created.status_code == 201
    assert created.get_json().items() >= {"email": "ana@example.com", "name": "Ana"}.items()
    assert "password" not in created.get_json()
    token = api.post("/tokens", json={"email": "ana@example.com", "password": PASSWORD})
    assert token.status_code == 201
    listed = api.client.get(
        "/api/v1/partnerships", headers={"Authorization": f"Bearer {token.get_json()['token']}"}
    )
    assert listed.status_code == 200 and listed.get_json() == []


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "ana@example.com", "name": "Ana", "password": "short"}, "password"),
        ({"email": "not an email", "name": "Ana", "password": PASSWORD}, "email"),
        ({"email": "ana@example.com", "name": "", "password": PASSWORD}, "name"),
        ({"email": "ana@example.com", "password": PASSWORD}, "name"),
        ({"email": "ana@example.com", "name": "A\x00na", "password": PASSWORD}, "name"),
        ({"email": "ana@example.com", "name": "Ana", "password": PASSWORD, "admin": True}, "admin"),
        ({"email": 5, "name": "Ana", "password": PASSWORD}, "email"),
    ],
)
def test_registration_refuses_an_invalid_field_by_name(api, body, field):
    before = row_counts()
    response = api.post("/users", json=body)
    assert response.status_code == 422
    assert error_of(response)["field"] == field
    assert row_counts() == before


def test_registering_an_existing_email_in_another_case_is_a_conflict(api, user):
    response = api.post(
        "/users", json={"email": user.email.upper(), "name": "X", "password": PASSWORD}
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"


def test_registering_the_email_of_an_imported_account_does_not_claim_it(api):
    from partnership.extensions import db
    from partnership.models import User

    db.session.add(User(email="imported@example.com", name="Imported", password_hash=None))
    db.session.commit()
    response = api.post(
        "/users", json={"email": "Imported@example.com", "name": "Mallory", "password": PASSWORD}
    )
    assert response.status_code == 409
    assert "set-password link" in error_of(response)["message"]
    assert db.session.query(User).filter_by(email="imported@example.com").one().name == "Imported"


def test_a_wrong_password_gets_no_token(api, user):
    response = api.post("/tokens", json={"email": user.email, "password": "wrong password"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer pt_nope", "Basic abc", "Token x"])
def test_requests_without_a_valid_token_are_401(api, header):
    headers = {"Authorization": header} if header else {}
    response = api.client.get("/api/v1/partnerships", headers=headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_session_cookie_does_not_open_the_api(app, user):
    client = logged_in(app.test_client(), user.email)
    assert client.get("/partnerships").status_code == 200
    assert client.get("/api/v1/partnerships").status_code == 401


def test_a_revoked_token_stops_working(api, user):
    as_user = api.as_(user)
    tokens = as_user.get("/tokens").get_json()
    assert as_user.delete(f"/tokens/{tokens[0]['id']}").status_code == 204
    assert as_user.get("/partnerships").status_code == 401


def test_tokens_are_stored_hashed(api, user):
    from partnership.extensions import db
    from partnership.models import ApiToken

    as_user = api.as_(user)
    stored = db.session.query(ApiToken).one()
    assert as_user.token not in (stored.token_hash, stored.prefix)


def test_malformed_json_is_400(api, user):
    response = api.as_(user).post(
        "/partnerships", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed"


def test_unknown_paths_and_methods_under_the_api_answer_json(api, user):
    as_user = api.as_(user)
    missing = as_user.get("/nothing/here")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    wrong_method = as_user.request("PUT", "/partnerships")
    assert wrong_method.status_code == 405
    assert error_of(wrong_method)["code"] == "method_not_allowed"
    huge_id = as_user.get("/partnerships/" + "9" * 30)
    assert huge_id.status_code == 404 and error_of(huge_id)


def test_creating_a_partnership_makes_the_creator_lead_of_their_side(api, user):
    response = api.as_(user).post("/partnerships", json=PARTNERSHIP)
    assert response.status_code == 201
    body = response.get_json()
    assert body["members"] == [
        {
            "id": body["members"][0]["id"],
            "user_id": user.id,
            "email": user.email,
            "name": user.name,
            "side": "vendor",
            "role": "lead",
        }
    ]
    assert body["phases"] == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"engagement": "hourly"}, "engagement"),
        ({"side": "both"}, "side"),
        ({"name": "x" * 201}, "name"),
        ({"client_name": "   "}, "client_name"),
    ],
)
def test_creating_a_partnership_refuses_invalid_fields(api, user, change, field):
    as_user = api.as_(user)
    before = row_counts()
    response = as_user.post("/partnerships", json=PARTNERSHIP | change)
    assert response.status_code == 422
    assert error_of(response)["field"] == field
    assert row_counts() == before


def test_non_members_learn_nothing_of_a_partnership(api, world):
    path = f"/partnerships/{world.partnership.id}"
    response = api.as_(world.outsider).get(path)
    assert response.status_code == 404
    missing = api.as_(world.outsider).get("/partnerships/999999")
    assert error_of(response) == error_of(missing)  # the same answer as for no partnership
    assert api.as_(world.outsider).patch(path, json={"name": "Mine"}).status_code == 404


def test_a_member_reads_the_partnership_with_members_and_phases(api, world):
    body = api.as_(world.vendor_member).get(f"/partnerships/{world.partnership.id}").get_json()
    assert {m["email"] for m in body["members"]} == {
        "client.lead@example.com",
        "client.member@example.com",
        "vendor.lead@example.com",
        "vendor.member@example.com",
    }
    assert set(body["members"][0]) == {"id", "user_id", "email", "name", "side", "role"}


@pytest.mark.parametrize(
    "role, status",
    [
        ("client_lead", 200),
        ("vendor_lead", 200),
        ("client_member", 403),
        ("vendor_member", 403),
        ("outsider", 404),
    ],
)
def test_only_leads_edit_a_partnership(api, world, role, status):
    as_role = api.as_(world.role(role))
    before = row_counts()
    response = as_role.patch(f"/partnerships/{world.partnership.id}", json={"name": "Renamed"})
    assert response.status_code == status
    if status != 200:
        assert row_counts() == before
        assert world.partnership.name == "Order portal"


@pytest.mark.parametrize(
    "role, side, status",
    [
        ("client_lead", "client", 201),
        ("vendor_lead", "vendor", 201),
        ("client_member", "client", 403),
        ("vendor_member", "vendor", 403),
        ("client_lead", "vendor", 403),  # the vendor side already has its lead
        ("outsider", "client", 404),
    ],
)
def test_adding_members_follows_the_policy(api, world, role, side, status):
    newcomer = make_user("new@example.com")
    as_role = api.as_(world.role(role))
    before = row_counts()
    response = as_role.post(
        f"/partnerships/{world.partnership.id}/members",
        json={"email": newcomer.email, "side": side, "role": "member"},
    )
    assert response.status_code == status, response.get_json()
    if status == 201:
        assert response.get_json()["email"] == "new@example.com"
    else:
        assert row_counts() == before


def test_the_creator_adds_the_other_sides_first_lead_and_then_no_more(api, user):
    as_creator = api.as_(user)
    partnership = as_creator.post("/partnerships", json=PARTNERSHIP).get_json()
    first, second = make_user("c1@example.com"), make_user("c2@example.com")
    path = f"/partnerships/{partnership['id']}/members"
    as_member = as_creator.post(
        path, json={"email": first.email, "side": "client", "role": "member"}
    )
    assert as_member.status_code == 422 and error_of(as_member)["field"] == "role"
    assert (
        as_creator.post(
            path, json={"email": first.email, "side": "client", "role": "lead"}
        ).status_code
        == 201
    )
    again = as_creator.post(path, json={"email": second.email, "side": "client", "role": "lead"})
    assert again.status_code == 403


def test_adding_someone_without_an_account_names_the_email_field(api, world):
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/members",
        json={"email": "nobody@example.com", "side": "client", "role": "member"},
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "email"


def test_adding_a_member_twice_is_a_conflict(api, world):
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/members",
        json={"email": world.client_member.email, "side": "client", "role": "member"},
    )
    assert response.status_code == 409


def test_leads_remove_members_of_their_own_side_only(api, world):
    members = {m.user_id: m.id for m in world.partnership.members}
    path = f"/partnerships/{world.partnership.id}/members/"
    as_lead = api.as_(world.client_lead)
    assert as_lead.delete(path + str(members[world.vendor_member.id])).status_code == 403
    assert as_lead.delete(path + str(members[world.client_member.id])).status_code == 204
    assert world.client_member.id not in {m.user_id for m in world.partnership.members}


def test_the_only_lead_of_a_side_cannot_be_removed(api, world):
    member = next(m for m in world.partnership.members if m.user_id == world.client_lead.id)
    response = api.as_(world.client_lead).delete(
        f"/partnerships/{world.partnership.id}/members/{member.id}"
    )
    assert response.status_code == 409
    assert isinstance(member, Member)


def test_partnership_lists_paginate(api, user):
    as_user = api.as_(user)
    for i in range(5):
        as_user.post("/partnerships", json=PARTNERSHIP | {"name": f"P{i}"})
    page = as_user.get("/partnerships?page=2&per_page=2")
    assert [p["name"] for p in page.get_json()] == ["P2", "P1"]
    assert page.headers["X-Total-Count"] == "5"
    assert 'rel="next"' in page.headers["Link"]
    assert as_user.get("/partnerships?per_page=1000").status_code == 422


def test_the_openapi_description_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/partnerships/{partnership_id}/members" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
