"""What a logged-in person sees is not kept by caches (issue 11): every page and API answer
for a logged-in caller says ``Cache-Control: no-store``; CSV files say their charset once."""

from __future__ import annotations

from ..helpers import Api, logged_in, phase_in


def test_logged_in_pages_are_not_stored(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    phase = phase_in(world, "active")
    for path in (
        "/partnerships",
        f"/partnerships/{world.partnership.id}",
        f"/phases/{phase.id}",
        "/account",
        "/inbox",
    ):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_the_page_that_shows_a_new_token_once_is_not_stored(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    response = client.post("/account/tokens", data={"tok-name": "ci"})
    assert response.status_code == 200
    assert "not be shown again" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_api_answers_to_a_token_are_not_stored(app, world):
    api = Api(app, world.client_lead)
    response = api.get("/partnerships")
    assert response.headers["Cache-Control"] == "no-store"
    # An answer with an ETag may be kept by the caller alone, and asked again each time (304).
    revalidated = api.get(f"/partnerships/{world.partnership.id}")
    assert revalidated.headers["ETag"]
    assert revalidated.headers["Cache-Control"] == "private, no-cache"
    created = api.client.post(
        "/api/v1/tokens",
        json={"email": world.client_lead.email, "password": "correct horse battery"},
    )
    assert created.status_code == 201


def test_public_pages_and_assets_keep_their_own_caching(app, client):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    css = client.get("/static/css/app.css")
    if css.status_code == 200:
        assert css.headers.get("Cache-Control", "") != "no-store"


def test_csv_files_name_their_charset_once(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    for what in ("commitments", "directives", "flags"):
        response = client.get(f"/partnerships/{world.partnership.id}/{what}.csv")
        assert response.status_code == 200, what
        content_type = response.headers["Content-Type"]
        assert content_type.lower().count("charset") == 1, content_type
        assert content_type.startswith("text/csv")
        assert "no-store" in response.headers["Cache-Control"]
