"""Bodies no part of the app should see are refused before any of it does, on every endpoint
(partnership/bodies.py, issue 11): not JSON to a JSON endpoint, too large, too deep, or holding
text no database can store."""

from __future__ import annotations

import io
import json

import pytest

from partnership.domain.vocabulary import MAX_JSON_DEPTH
from partnership.extensions import db

from ..conftest import own_app
from ..helpers import Api, logged_in, make_user, row_counts

SURROGATE = b'{"name": "x\\ud800y", "title": "t", "text": "t"}'
SURROGATE_KEY = b'{"\\udfff": 1}'
NUL = b'{"name": "x\\u0000y", "title": "t", "text": "t"}'
DEEP = b'{"a": ' * 1000 + b"1" + b"}" * 1000
DEEP_LIST = b"[" * 1000 + b"]" * 1000


def api_write_routes(app):
    """Every POST, PUT and PATCH of the API, with 1 for each id."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule
        for name in rule.arguments:
            start = path.index("<")
            path = path[:start] + "1" + path[path.index(">", start) + 1 :]
            assert name
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH"}):
            yield method, path


@pytest.fixture
def lead(api, world):
    from tests.helpers import phase_in

    phase_in(world, "active")  # phase 1, so that routes find something
    return api.as_(world.client_lead)


def _send(lead, method, path, body, content_type="application/json"):
    headers = lead._headers()
    if content_type is not None:
        headers["Content-Type"] = content_type
    return lead.client.open(path, method=method, data=body, headers=headers)


def test_there_are_api_write_routes_to_walk(app):
    assert len(list(api_write_routes(app))) > 20


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (SURROGATE, 422, "field.unpaired_surrogate"),
        (SURROGATE_KEY, 422, "field.unpaired_surrogate"),
        (NUL, 422, "field.control_characters"),
        (DEEP, 400, "request.too_deep"),
        (DEEP_LIST, 400, "request.too_deep"),
        (b'{"name": ', 400, "request.malformed_json"),
        (b"\xff\xfe", 400, "request.malformed_json"),
    ],
    ids=[
        "surrogate",
        "surrogate-key",
        "nul",
        "deep",
        "deep-list",
        "broken",
        "not-utf8",
    ],
)
def test_every_api_write_refuses_a_body_no_one_should_see(app, lead, body, status, code):
    before = row_counts()
    wrong = []
    for method, path in api_write_routes(app):
        response = _send(lead, method, path, body)
        error = (response.get_json() or {}).get("error", {})
        if response.status_code != status or set(error) - {"code", "message", "field"}:
            wrong.append((method, path, response.status_code))
    assert wrong == [], wrong
    assert row_counts() == before


def test_a_lone_surrogate_is_refused_with_where_it_is(lead):
    body = b'{"name": "ok", "goals": [{"title": "x"}, {"title": "\\ud83d"}]}'
    response = _send(lead, "POST", "/api/v1/partnerships/1/phases", body)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "goals[1].title"
    assert response.get_json()["error"]["code"] == "invalid_field"


def test_a_surrogate_pair_is_an_ordinary_character(lead):
    body = b'{"name": "Launch \\ud83d\\ude80"}'
    response = _send(lead, "POST", "/api/v1/partnerships/1/phases", body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == "Launch \U0001f680"


def test_nesting_up_to_the_limit_is_parsed_and_judged_by_the_endpoint(lead):
    nested = b'{"name": "x", "goals": ' + b"[" * (MAX_JSON_DEPTH - 1) + b"]" * (MAX_JSON_DEPTH - 1)
    response = _send(lead, "POST", "/api/v1/partnerships/1/phases", nested + b"}")
    assert response.status_code == 422  # the schema's answer, not the pipeline's
    too_deep = b'{"name": "x", "goals": ' + b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH + b"}"
    response = _send(lead, "POST", "/api/v1/partnerships/1/phases", too_deep)
    assert response.status_code == 400


def test_public_endpoints_refuse_deep_json_too(api):
    for path in ("/api/v1/tokens", "/api/v1/users"):
        response = api.client.post(path, data=DEEP, content_type="application/json")
        assert response.status_code == 400, path


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", None, "multipart/form-data"]
)
def test_every_api_write_refuses_a_body_that_is_not_declared_json(app, lead, world, content_type):
    body = json.dumps({"name": "Renamed"}).encode()
    wrong = []
    for method, path in api_write_routes(app):
        response = _send(lead, method, path, body, content_type)
        if response.status_code != 415:
            wrong.append((method, path, response.status_code))
        elif response.get_json()["error"]["code"] != "unsupported_media_type":
            wrong.append((method, path, response.get_json()))
    assert wrong == [], wrong
    db.session.expire_all()
    assert world.partnership.name == "Order portal"


def test_a_write_without_a_body_still_works(lead, world):
    response = lead.client.post("/api/v1/phases/1/close", headers=lead._headers())
    assert response.status_code == 200, response.get_json()


def test_the_live_reading_page_refuses_what_the_api_refuses(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    response = client.post(
        "/analyze", data=b'{"text": "x\\ud800y"}', content_type="application/json"
    )
    assert response.status_code == 422
    response = client.post("/analyze", data=DEEP, content_type="application/json")
    assert response.status_code == 400
    response = client.post("/analyze", data='{"text": "hello"}', content_type="text/plain")
    assert response.status_code == 415


def test_forms_are_not_json_and_pass(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    assert client.get("/").status_code in (200, 302)


@pytest.fixture
def small_app(tmp_path):
    app = own_app(tmp_path, MAX_CONTENT_LENGTH=1000)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/api/v1/import", "/api/v1/partnerships", "/api/v1/tokens"])
def test_a_chunked_body_over_the_limit_is_a_413(small_app, path):
    client = Api(small_app, make_user("ana@example.com"))
    body = json.dumps({"name": "x" * 5000}).encode()
    response = client.client.post(
        path,
        input_stream=io.BytesIO(body),
        headers={
            **client._headers(),
            "Transfer-Encoding": "chunked",
            "Content-Type": "application/json",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_chunked_body_under_the_limit_is_read(small_app):
    client = Api(small_app, make_user("ana@example.com"))
    body = json.dumps(
        {
            "name": "P",
            "client_name": "C",
            "vendor_name": "V",
            "engagement": "fixed_price",
            "side": "client",
        }
    ).encode()
    response = client.client.post(
        "/api/v1/partnerships",
        input_stream=io.BytesIO(body),
        headers={
            **client._headers(),
            "Transfer-Encoding": "chunked",
            "Content-Type": "application/json",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 201, response.get_data(as_text=True)


@pytest.mark.parametrize("number", [b"NaN", b"-Infinity", b"1e999"])
def test_numbers_that_are_not_finite_are_never_a_500(app, lead, number):
    wrong = []
    for method, path in api_write_routes(app):
        for name in (b"name", b"due_date", b"rating", b"position", b"thresholds"):
            response = _send(lead, method, path, b'{"' + name + b'": ' + number + b"}")
            if response.status_code >= 500:
                wrong.append((method, path, name, response.status_code))
    assert wrong == [], wrong


@pytest.mark.parametrize(
    "body", [{"unknown": 1}, {"answer": "nope"}, [], "text", {"ratings": "x"}], ids=repr
)
def test_a_missing_item_is_a_404_whatever_the_body(app, lead, body):
    """The item named in the URL is looked for first: a body that would be refused (422) does
    not tell anyone whether the item exists."""
    wrong = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or not rule.arguments:
            continue
        path = rule.rule
        for _ in rule.arguments:
            start = path.index("<")
            path = path[:start] + "9999999" + path[path.index(">", start) + 1 :]
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            response = lead.client.open(path, method=method, json=body, headers=lead._headers())
            if response.status_code != 404:
                wrong.append((method, path, response.status_code))
    assert wrong == [], wrong
    response = lead.post("/directives/9999999/response", json={"answer": "nope"})
    assert response.get_json()["error"]["code"] == "not_found"
