"""The calendar feed on the account page: made, shown with a copy button, replaced."""

from __future__ import annotations

import re

from partnership.extensions import db

from ..helpers import logged_in


def shown_address(page: str) -> str | None:
    found = re.search(r'id="calendar-url"[^>]*value="([^"]+)"', page)
    return found.group(1) if found else None


def test_the_account_page_offers_to_make_a_calendar_address(client, user):
    page = logged_in(client, user.email).get("/account/").get_data(as_text=True)
    assert "Calendar feed" in page
    assert "Create my calendar address" in page
    assert shown_address(page) is None


def test_making_the_address_shows_it_with_a_copy_button_and_how_to_subscribe(client, user):
    logged_in(client, user.email)
    made = client.post("/account/calendar")
    assert made.status_code == 302
    assert made.location.endswith("/account/#calendar-heading")
    page = client.get("/account/").get_data(as_text=True)
    url = shown_address(page)
    assert url is not None and url.startswith("http://localhost/calendar/")
    assert client.get(url.removeprefix("http://localhost")).status_code == 200
    # The copy button is static JavaScript (the CSP forbids inline scripts), hidden until it runs.
    assert 'data-copy="calendar-url"' in page
    assert "/static/js/copy.js" in page
    assert "<script>" not in page
    for app_name in ("Google Calendar", "Outlook", "Apple Calendar"):
        assert app_name in page


def test_replacing_the_address_asks_first_and_retires_the_old_one(client, user):
    logged_in(client, user.email)
    client.post("/account/calendar")
    page = client.get("/account/").get_data(as_text=True)
    old = shown_address(page)
    # The button that replaces it sits behind a disclosure that says what will happen.
    assert re.search(r"<summary[^>]*>Replace the address</summary>", page)
    assert "The current address stops working at once" in page

    replaced = client.post("/account/calendar", follow_redirects=True)
    page = replaced.get_data(as_text=True)
    assert "the old one no longer works" in page
    new = shown_address(page)
    assert new and new != old
    assert client.get(old.removeprefix("http://localhost")).status_code == 404
    assert client.get(new.removeprefix("http://localhost")).status_code == 200


def test_the_page_needs_a_login_and_a_csrf_token(app, client, user):
    response = client.post("/account/calendar")
    assert response.status_code == 302 and "/login" in response.location
    logged_in(client, user.email)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/account/calendar").status_code == 400
    db.session.refresh(user)
    assert user.calendar_token_hash is None


def test_a_bad_feed_address_is_a_page_that_says_so(client):
    response = client.get("/calendar/nope.ics")
    assert response.status_code == 404
    assert "No calendar at this address" in response.get_data(as_text=True)
