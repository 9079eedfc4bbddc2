"""The pages write every sentence in the reader's language (SPEC §10): the flags, the evidence,
the thresholds, the import's refusals, and every error next to a field, which names the field
by its label and never by its code."""

from __future__ import annotations

import io
import json
import re
from html import unescape

import pytest
from markupsafe import Markup

from partnership import demo
from partnership.domain.document_validation import DocumentError, validate_document
from partnership.domain.flags import DEFAULT_THRESHOLDS
from partnership.domain.messages import Field, Message
from partnership.extensions import db
from partnership.i18n.render import field, render, term
from partnership.models import Phase, User
from partnership.services import insights

from ..domain.document_builders import valid_document
from ..helpers import PASSWORD, login, make_user

FEEDBACK = re.compile(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</div>', re.S)


def browser(app, email: str, language: str, password: str = demo.PASSWORD):
    """A logged-in browser whose account reads ``language``."""
    client = app.test_client()
    assert login(client, email, password).status_code == 302
    client.post("/account/language", data={"lang-language": language})
    return client


def page(response) -> str:
    return response.get_data(as_text=True)


def strip_isolates(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def errors_next_to_fields(response) -> list[str]:
    return [strip_isolates(text).strip() for text in FEEDBACK.findall(page(response))]


@pytest.fixture
def partnership(app):
    return demo.load()


def test_registering_with_a_swedish_browser_stores_swedish(client):
    response = client.post(
        "/register",
        data={
            "email": "sven@example.com",
            "name": "Sven",
            "password": "a-long-password",
            "confirm": "a-long-password",
        },
        headers={"Accept-Language": "sv-SE,en;q=0.9"},
    )
    assert response.status_code == 302
    assert User.query.filter_by(email="sven@example.com").one().language == "sv"


def test_registering_with_a_browser_of_another_language_stores_none(client):
    client.post(
        "/register",
        data={"email": "d@example.com", "name": "D", "password": "x" * 10, "confirm": "x" * 10},
        headers={"Accept-Language": "de-DE,de;q=0.9"},
    )
    assert User.query.filter_by(email="d@example.com").one().language is None


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_a_form_error_of_wtforms_is_in_the_readers_language(client, lang):
    response = client.post(
        "/register",
        data={"email": "x", "name": "", "password": "a", "confirm": "b"},
        headers={"Accept-Language": lang},
    )
    errors = errors_next_to_fields(response)
    required = {"es": "Este campo es obligatorio.", "ar": "هذا الحقل مطلوب."}[lang]
    assert required in errors
    assert not any("field" in e.lower() or "required" in e.lower() for e in errors), errors


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_a_services_refusal_names_the_field_by_its_label_in_the_readers_language(
    app, partnership, lang
):
    vera = browser(app, demo.VERA, lang)
    active = db.session.query(Phase).filter_by(partnership_id=partnership.id, status="active")
    response = vera.post(
        f"/phases/{active.one().id}/commitments",
        data={"commitment-title": "Print labels", "commitment-due_date": "1999-12-31"},
    )
    assert response.status_code == 422
    expected = Message("field.date_range", field=Field("due_date"), first="2000", last="2200")
    (error,) = errors_next_to_fields(response)
    assert error == strip_isolates(str(render(expected, lang, html=True)))
    assert field("due_date", lang) in error
    assert "due_date" not in error and "due date" not in error


@pytest.mark.parametrize("lang", ["es", "it", "sv", "ar"])
def test_the_dashboard_writes_the_flags_in_the_readers_language(app, partnership, lang):
    html = page(browser(app, demo.CLARA, lang).get(f"/partnerships/{partnership.id}/dashboard"))
    flags = insights.snapshot(partnership).flags
    assert flags
    for flag in flags:
        assert render(flag.message, lang, html=True) in html
        assert render(flag.suggestion, lang, html=True) in html


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_explain_page_writes_the_evidence_in_the_readers_language(app, partnership, lang):
    html = page(
        browser(app, demo.CLARA, lang).get(f"/partnerships/{partnership.id}/trust/partnership")
    )
    evidence = insights.snapshot(partnership).trust.partnership.evidence
    assert evidence
    for item in evidence:
        assert render(item.why, lang, html=True) in html


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_thresholds_page_labels_and_explains_each_threshold_in_the_readers_language(
    app, partnership, lang
):
    html = page(browser(app, demo.CLARA, lang).get(f"/partnerships/{partnership.id}/thresholds"))
    for name in DEFAULT_THRESHOLDS:
        words = term(name, lang)
        assert str(Markup.escape(words[:1].upper() + words[1:])) in html
        assert str(render(Message(f"threshold.{name}"), lang, html=True)) in html
    assert "Silent days" not in html  # the code made into words, as it was


def test_an_imported_documents_refusal_is_in_the_readers_language(app):
    make_user("ines@example.com", "Inés")
    ines = browser(app, "ines@example.com", "es", password=PASSWORD)
    doc = valid_document()
    doc["phases"][1]["directives"][0]["created_by"] = "nobody@example.com"
    response = ines.post(
        "/import",
        data={"document": (io.BytesIO(json.dumps(doc).encode()), "history.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    (error,) = errors_next_to_fields(response)
    with pytest.raises(DocumentError) as refusal:
        validate_document(doc)
    expected = Message(
        "document.problem",
        path=refusal.value.path,
        problem=refusal.value.message,
        rule=refusal.value.rule,
    )
    assert error == strip_isolates(str(render(expected, "es", html=True)))


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_counts_choose_their_plural_form(app, partnership, lang):
    html = page(browser(app, demo.CLARA, lang).get(f"/partnerships/{partnership.id}/dashboard"))
    assert not re.search(r"\b1 pieces|\b1 phases", html)


def test_a_date_of_a_page_is_isolated_from_the_name_beside_it(app, partnership):
    html = page(browser(app, demo.CLARA, "ar").get(f"/phases/{partnership.phases[0].id}"))
    assert "<bdi>Clara Lindqvist</bdi>" in html
    assert re.search(r"<bdi>[^<]*2\d{3}[^<]*</bdi>", html)  # a date, in its own isolate
