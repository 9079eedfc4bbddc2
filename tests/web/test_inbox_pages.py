"""The inbox page and the count in the navigation; the email choice on the account page."""

from __future__ import annotations

import re

from partnership.extensions import db
from partnership.models import User
from partnership.services import statements

from ..helpers import phase_in


def count_in_navigation(page: str) -> int:
    found = re.search(r'text-bg-warning ms-1">(\d+)<span class="visually-hidden"> new', page)
    return int(found.group(1)) if found else 0


def test_the_navigation_counts_what_is_new_and_opening_the_inbox_clears_it(world, as_):
    phase = phase_in(world, "active")
    vendor = as_(world.vendor_member)
    assert count_in_navigation(vendor.get("/partnerships").get_data(as_text=True)) == 0
    for text in ("Show stock", "Export orders"):
        statements.send_directive(world.client_member, phase, {"text": text, "channel": "ticket"})
    assert count_in_navigation(vendor.get("/partnerships").get_data(as_text=True)) == 2
    inbox = vendor.get("/inbox").get_data(as_text=True)
    assert inbox.count('badge text-bg-warning">new<') == 2  # shown as new this once
    assert count_in_navigation(inbox) == 0  # opening it is seeing it, in its own menu too
    assert count_in_navigation(vendor.get("/partnerships").get_data(as_text=True)) == 0
    again = vendor.get("/inbox").get_data(as_text=True)
    assert 'badge text-bg-warning">new<' not in again
    assert "Show stock" in again  # still waiting: seen is not done


def test_what_is_done_leaves_the_count_even_unseen(world, as_):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_member, phase, {"text": "Show stock", "channel": "ticket"}
    )
    lead = as_(world.vendor_lead)
    assert count_in_navigation(lead.get("/partnerships").get_data(as_text=True)) == 1
    statements.respond(world.vendor_member, directive, {"response": "accepted", "note": ""})
    assert count_in_navigation(lead.get("/partnerships").get_data(as_text=True)) == 0


def test_the_inbox_shows_what_happened_to_the_client(world, as_):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_member, phase, {"text": "Show stock", "channel": "ticket"}
    )
    statements.respond(world.vendor_lead, directive, {"response": "declined", "note": "Later"})
    page = as_(world.client_member).get("/inbox").get_data(as_text=True)
    assert "What happened" in page
    assert "Vendor Lead</bdi> answered your directive" in page
    assert f"/phases/{phase.id}#directive-{directive.id}" in page


def test_the_inbox_in_arabic_is_right_to_left(world, as_):
    world.vendor_member.language = "ar"
    db.session.commit()
    phase_in(world, "active")
    page = as_(world.vendor_member).get("/inbox").get_data(as_text=True)
    assert 'dir="rtl"' in page


def test_the_account_page_changes_the_email_choice(world, as_):
    browser = as_(world.client_lead)
    page = browser.get("/account/").get_data(as_text=True)
    assert "Each as it happens" in page
    assert re.search(r'<input checked [^>]*value="immediate"', page)
    answer = browser.post("/account/notifications", data={"mail-notifications": "digest"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world.client_lead.id).notifications == "digest"
    refused = browser.post("/account/notifications", data={"mail-notifications": "hourly"})
    assert refused.status_code == 422
    assert db.session.get(User, world.client_lead.id).notifications == "digest"


def test_one_click_unsubscribe_needs_no_csrf_token_but_other_forms_still_do(tmp_path):
    from partnership.services import notifications

    from ..conftest import own_app
    from ..helpers import make_user

    app = own_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        ana = make_user("ana@example.com")
        client = app.test_client()
        token = notifications.unsubscribe_token(ana)
        # A mail client's RFC 8058 request: a bare POST, no cookie, no CSRF token.
        answer = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
        assert answer.status_code == 200
        db.session.expire_all()
        assert db.session.get(User, ana.id).notifications == "none"
        assert client.post("/login", data={"email": ana.email, "password": "x"}).status_code == 400
        db.session.remove()
