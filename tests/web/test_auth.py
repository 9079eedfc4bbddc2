"""Accounts in the browser: registration, login, logout that really ends the session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnership.extensions import db
from partnership.models import User

from ..conftest import TEST_REDIS_URL, own_app
from ..helpers import PASSWORD, login, make_user


def register(client, email="ana@example.com", name="Ana", password=PASSWORD, confirm=None):
    return client.post(
        "/register",
        data={
            "email": email,
            "name": name,
            "password": password,
            "confirm": confirm or password,
        },
    )


def test_registering_logs_the_new_user_in(client):
    response = register(client)
    assert response.status_code == 302
    assert client.get("/partnerships").status_code == 200


def test_registering_an_email_again_in_another_case_is_refused_and_keeps_the_form(client):
    make_user("ana@example.com")
    response = register(client, email="ANA@Example.com", name="Second Ana")
    assert response.status_code == 200
    assert b"already exists" in response.data
    assert b'value="Second Ana"' in response.data  # what the user typed is kept
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_a_short_password_is_refused(client):
    response = register(client, password="short")
    assert b"at least 8" in response.data.lower() or b"between 8" in response.data.lower()
    assert db.session.scalar(select(User).where(User.email == "ana@example.com")) is None


def test_emails_are_stored_lower_case(client):
    register(client, email="Mixed.Case@Example.COM")
    assert db.session.scalar(select(User.email)) == "mixed.case@example.com"


def test_a_wrong_password_is_refused_with_one_message_for_both_fields(client, user):
    response = login(client, user.email, "wrong password")
    assert response.status_code == 200
    assert b"email or password is not right" in response.data
    assert client.get("/partnerships").status_code == 302  # still logged out


def test_login_accepts_the_email_in_any_case(client, user):
    assert login(client, user.email.upper()).status_code == 302


def test_a_cookie_copied_before_logout_stops_working(client, user):
    login(client, user.email)
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = client.application.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/partnerships")
    assert response.status_code == 302
    assert "/login" in response.location


def test_changing_the_password_ends_other_sessions_but_not_this_one(app, user):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user.email)
    login(phone, user.email)
    response = laptop.post(
        "/account/password",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "a new password 123",
            "pw-confirm": "a new password 123",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/partnerships").status_code == 200
    assert phone.get("/partnerships").status_code == 302


def test_changing_the_password_needs_the_current_one(client, user):
    login(client, user.email)
    response = client.post(
        "/account/password",
        data={
            "pw-current_password": "not it",
            "pw-new_password": "a new password 123",
            "pw-confirm": "a new password 123",
        },
    )
    assert response.status_code == 422
    assert b"current password is not right" in response.data


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_to_another_site(client, user, target):
    response = client.post(
        f"/login?next={target}",
        data={
            "email": user.email,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.location == "/partnerships" or response.location.endswith("/")
    assert "evil" not in response.location


def test_login_redirects_to_a_local_next_page(client, user):
    response = client.post(
        "/login?next=/account/",
        data={
            "email": user.email,
            "password": PASSWORD,
        },
    )
    assert response.location == "/account/"


def test_a_form_post_without_csrf_token_is_refused(tmp_path):
    app = own_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        make_user("ana@example.com")
        client = app.test_client()
        response = client.post("/login", data={"email": "ana@example.com", "password": PASSWORD})
        assert response.status_code == 400
        assert client.get("/partnerships").status_code == 302
        db.session.remove()


def test_login_is_rate_limited_per_account_and_address(tmp_path):
    app = own_app(tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        make_user("ana@example.com")
        make_user("bo@example.com")
        client = app.test_client()
        codes = [login(client, "ana@example.com", "wrong").status_code for _ in range(11)]
        assert codes[:10] == [200] * 10 and codes[10] == 429
        # Someone else behind the same address (one office, one NAT) can still log in.
        assert login(client, "bo@example.com").status_code == 302
        db.session.remove()


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set: no Redis to share")
def test_the_login_limit_holds_across_two_app_instances_sharing_redis(tmp_path):
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    first = own_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=TEST_REDIS_URL)
    with first.app_context():
        db.create_all()
        make_user("ana@example.com")
        for _ in range(10):
            assert login(first.test_client(), "ana@example.com", "wrong").status_code == 200
        db.session.remove()
    # A second worker, with its own memory, must see the attempts the first one counted.
    second = own_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=TEST_REDIS_URL)
    with second.app_context():
        assert login(second.test_client(), "ana@example.com").status_code == 429
        db.session.remove()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
