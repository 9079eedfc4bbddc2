"""One login budget per account and address, whether the guesses come through the login page or
POST /api/v1/tokens, and a limit on registering, page and API alike (issue 11)."""

from __future__ import annotations

import pytest

from partnership.extensions import db

from ..conftest import own_app
from ..helpers import PASSWORD, login, make_user


@pytest.fixture
def limited(tmp_path):
    app = own_app(tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        make_user("ana@example.com")
        make_user("bo@example.com")
        yield app
        db.session.remove()
        db.engine.dispose()


def _token(client, email, password="wrong"):
    return client.post("/api/v1/tokens", json={"email": email, "password": password}).status_code


def test_the_page_and_the_api_share_one_login_budget(limited):
    client = limited.test_client()
    pages = [login(client, "ana@example.com", "wrong").status_code for _ in range(5)]
    api = [_token(client, "ana@example.com") for _ in range(5)]
    assert pages == [200] * 5 and api == [401] * 5
    assert _token(client, "ana@example.com", PASSWORD) == 429
    assert login(client, "ana@example.com").status_code == 429
    # the same office, another account: its own budget
    assert login(client, "bo@example.com").status_code == 302
    assert _token(client, "bo@example.com", PASSWORD) == 201


def test_opening_the_login_page_spends_nothing_and_the_budget_still_binds(limited):
    client = limited.test_client()
    assert all(client.get("/login").status_code == 200 for _ in range(60))
    codes = [login(client, "ana@example.com", "wrong").status_code for _ in range(10)]
    assert codes == [200] * 10  # all ten guesses were left after sixty readings
    assert login(client, "ana@example.com").status_code == 429
    assert client.get("/login").status_code == 200  # reading the page is never refused


def test_an_address_in_another_office_keeps_its_budget(limited):
    client = limited.test_client()
    for _ in range(10):
        login(client, "ana@example.com", "wrong")
    assert login(client, "ana@example.com").status_code == 429
    other = {"REMOTE_ADDR": "198.51.100.7"}
    response = client.post(
        "/login", data={"email": "ana@example.com", "password": PASSWORD}, environ_base=other
    )
    assert response.status_code == 302


def _register_page(client, email, address="192.0.2.1"):
    return client.post(
        "/register",
        data={"email": email, "name": "N", "password": PASSWORD, "confirm": PASSWORD},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def _register_api(client, email, address="192.0.2.1"):
    return client.post(
        "/api/v1/users",
        json={"email": email, "name": "N", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_registering_has_a_limit_per_address_shared_by_page_and_api(limited):
    from partnership.extensions import REGISTER_LIMIT_PER_ADDRESS

    allowed = int(REGISTER_LIMIT_PER_ADDRESS.split()[0])
    assert allowed >= 30  # an office behind one NAT can sign its people up
    client = limited.test_client()
    codes = []
    for i in range(allowed):
        send = _register_page if i % 2 else _register_api
        codes.append(send(limited.test_client(), f"person{i}@example.com"))
    assert 429 not in codes, codes
    assert _register_api(client, "one-more@example.com") == 429
    assert _register_page(client, "one-more@example.com") == 429
    # another address is not held back by this one
    assert _register_api(client, "elsewhere@example.com", "203.0.113.9") == 201


def test_one_email_cannot_be_tried_again_and_again(limited):
    from partnership.extensions import REGISTER_LIMIT_PER_ACCOUNT

    allowed = int(REGISTER_LIMIT_PER_ACCOUNT.split()[0])
    client = limited.test_client()
    codes = [_register_api(client, "ana@example.com") for _ in range(allowed)]
    assert 429 not in codes
    assert _register_api(client, "ana@example.com") == 429
    assert _register_api(client, "new@example.com") == 201
