"""GET /inbox, POST /inbox/seen, GET and PATCH /me (SPEC §7, §11)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from partnership.models import Notification, User, utcnow
from partnership.services import commitments, reviews, statements
from partnership.services import phases as phase_service

from ..helpers import RATINGS, phase_in, row_counts


def kinds(answer) -> list[str]:
    return [item["kind"] for item in answer.get_json()]


def test_a_directive_waits_for_the_vendor_side_as_new_until_seen(api, world):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_member, phase, {"text": "Show stock levels", "channel": "ticket"}
    )
    vendor = api.as_(world.vendor_member)
    (item,) = vendor.get("/inbox").get_json()
    assert item["kind"] == "directive_to_answer"
    assert item["new"] is True
    assert item["directive_id"] == directive.id and item["phase_id"] == phase.id
    assert "Show stock levels" in item["title"]
    assert item["url"].endswith(f"/phases/{phase.id}#directive-{directive.id}")
    assert vendor.get("/inbox").get_json()[0]["new"] is True  # reading marks nothing
    assert vendor.post("/inbox/seen").status_code == 204
    assert vendor.get("/inbox").get_json()[0]["new"] is False
    assert "directive_to_answer" not in kinds(api.as_(world.client_member).get("/inbox"))


def test_what_happened_lists_the_answer_to_my_directive_newest_first(api, world):
    phase = phase_in(world, "active")
    first = statements.send_directive(
        world.client_member, phase, {"text": "Weekly demo", "channel": "ticket"}
    )
    second = statements.send_directive(
        world.client_member, phase, {"text": "Stock levels", "channel": "ticket"}
    )
    statements.respond(world.vendor_lead, first, {"response": "declined", "note": "Fortnightly"})
    statements.respond(world.vendor_lead, second, {"response": "accepted", "note": ""})
    items = api.as_(world.client_member).get("/inbox").get_json()
    answered = [i for i in items if i["kind"] == "directive_answered"]
    assert [i["directive_id"] for i in answered] == [second.id, first.id]
    assert "accepted" in answered[0]["title"]
    assert answered[1]["detail"] == "Their note: “Fortnightly”"
    # The vendor's answers ended what waited for the vendor side.
    assert "directive_to_answer" not in kinds(api.as_(world.vendor_member).get("/inbox"))


def test_each_kind_names_its_item(api, world):
    phase = phase_in(world, "active")
    commitment = commitments.add(
        world.vendor_member,
        phase,
        {"title": "Checkout", "due_date": utcnow().date() + timedelta(days=3)},
    )
    commitments.log_event(
        world.vendor_member,
        commitment,
        {"type": "slip", "note": "Payments", "new_due_date": utcnow().date() + timedelta(days=4)},
    )
    phase_service.close(world.vendor_lead, phase)
    review = reviews.submit(
        world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"}
    )
    client = api.as_(world.client_lead).get("/inbox").get_json()
    by_kind = {i["kind"]: i for i in client}
    assert by_kind["slip"]["commitment_id"] == commitment.id
    assert by_kind["review_submitted"]["review_id"] == review.id
    assert by_kind["review_due"]["phase_id"] == phase.id
    vendor = {i["kind"]: i for i in api.as_(world.vendor_member).get("/inbox").get_json()}
    assert vendor["commitment_due"]["commitment_id"] == commitment.id
    assert vendor["commitment_due"]["due_date"] == (utcnow().date() + timedelta(4)).isoformat()
    assert vendor["commitment_due"]["overdue"] is False
    reviews.submit(world.client_lead, phase, {"ratings": RATINGS["client"], "decision": "no_go"})
    client = api.as_(world.client_member).get("/inbox").get_json()
    gate = next(i for i in client if i["kind"] == "gate_decided")
    assert gate["phase_id"] == phase.id and "stopped" in gate["title"]
    assert "review_due" not in kinds(api.as_(world.client_lead).get("/inbox"))


def test_a_new_flag_of_my_side_is_in_my_inbox_with_its_code(api, world):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_lead, phase, {"text": "Add PDFs", "channel": "ticket", "adds_scope": True}
    )
    statements.respond(world.vendor_lead, directive, {"response": "accepted", "note": ""})
    flags = [
        i
        for i in api.as_(world.client_member).get("/inbox").get_json()
        if i["kind"] == "flag_raised"
    ]
    assert "SCOPE_CREEP_FIXED_PRICE" in {i["code"] for i in flags}
    assert all(
        i["url"].endswith(f"/partnerships/{world.partnership.id}/dashboard#flags-heading")
        for i in flags
    )
    vendor_flags = [
        i
        for i in api.as_(world.vendor_member).get("/inbox").get_json()
        if i["kind"] == "flag_raised"
    ]
    assert vendor_flags == []  # a client-side pattern is news for the client side


def test_titles_follow_accept_language_and_kinds_do_not(api, world):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_member, phase, {"text": "Stock", "channel": "ticket"}
    )
    statements.respond(world.vendor_lead, directive, {"response": "declined", "note": "No"})
    answer = api.as_(world.client_member).get("/inbox", headers={"Accept-Language": "es"})
    item = next(i for i in answer.get_json() if i["kind"] == "directive_answered")
    assert "rechaz" in item["title"]  # the answer's word in Spanish
    assert "«Stock»" in item["title"]  # quoted as Spanish writes it


def test_the_inbox_is_paginated(api, world):
    phase = phase_in(world, "active")
    for n in range(5):
        statements.send_directive(
            world.client_member, phase, {"text": f"Request {n}", "channel": "ticket"}
        )
    vendor = api.as_(world.vendor_member)
    page = vendor.get("/inbox?per_page=2&page=2")
    assert page.status_code == 200
    assert page.headers["X-Total-Count"] == "5"
    assert len(page.get_json()) == 2
    assert 'rel="next"' in page.headers["Link"] and 'rel="prev"' in page.headers["Link"]
    assert vendor.get("/inbox?per_page=101").status_code == 422


def test_the_inbox_needs_a_token(api):
    assert api.get("/inbox").status_code == 401


# --- /me ---------------------------------------------------------------------------------------


def test_me_shows_the_email_choice_and_a_new_account_gets_email_as_things_happen(api, user):
    me = api.as_(user).get("/me")
    assert me.status_code == 200
    assert me.get_json() == {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "language": None,
        "notifications": "immediate",
        "calendar_url": None,
    }


def test_patch_me_changes_the_email_choice(api, user, app):
    answer = api.as_(user).patch("/me", json={"notifications": "digest"})
    assert answer.status_code == 200 and answer.get_json()["notifications"] == "digest"
    from partnership.extensions import db

    db.session.expire_all()
    assert db.session.get(User, user.id).notifications == "digest"


def test_patch_me_refuses_an_unknown_choice_naming_the_field(api, user):
    me = api.as_(user)
    before = row_counts()
    answer = me.patch("/me", json={"notifications": "weekly"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["field"] == "notifications"
    assert row_counts() == before
    assert me.patch("/me", json={"colour": "blue"}).status_code == 422


def test_choosing_none_drops_the_emails_not_sent_yet(api, world, app):
    from partnership.extensions import db

    app.config["MAIL_URL"] = None
    phase = phase_in(world, "active")
    api.as_(world.vendor_lead).patch("/me", json={"notifications": "none"})
    statements.send_directive(world.client_member, phase, {"text": "Stock", "channel": "ticket"})
    sent = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == world.vendor_lead.id, Notification.sent_at.is_not(None))
    )
    assert sent == 0


def _queries_for(api_client, path: str) -> int:
    from sqlalchemy import event

    from partnership.extensions import db

    counted = []

    def count(*args, **kwargs):
        counted.append(1)

    db.session.expire_all()  # as in a fresh request: nothing already loaded
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert api_client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(counted)


def test_the_inbox_costs_as_many_queries_for_many_items_as_for_one(api, world):
    phase = phase_in(world, "active")
    client = api.as_(world.client_member)
    vendor = api.as_(world.vendor_lead)

    def answer_one(n):
        d = statements.send_directive(
            world.client_member, phase, {"text": f"Request {n}", "channel": "ticket"}
        )
        statements.respond(world.vendor_lead, d, {"response": "accepted", "note": ""})
        statements.send_directive(
            world.client_member, phase, {"text": f"Waiting {n}", "channel": "ticket"}
        )
        commitments.add(
            world.vendor_lead,
            phase,
            {"title": f"Thing {n}", "due_date": utcnow().date() + timedelta(days=3)},
        )

    answer_one(0)
    client.get("/inbox"), vendor.get("/inbox")  # the tokens' first use writes last_used_at
    few = (_queries_for(client, "/inbox"), _queries_for(vendor, "/inbox?per_page=100"))
    for n in range(1, 12):
        answer_one(n)
    many = (_queries_for(client, "/inbox"), _queries_for(vendor, "/inbox?per_page=100"))
    assert many == few
