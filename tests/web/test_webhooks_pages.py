"""The webhooks page (SPEC §12): leads add, test and delete webhooks, and see every attempt."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from partnership.extensions import db
from partnership.models import Webhook, WebhookDelivery

from ..helpers import logged_in, phase_in, row_counts
from ..webhook_receiver import Receiver


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the receiver listens on 127.0.0.1
    with Receiver() as running:
        yield running


def text(response) -> str:
    page = html.unescape(re.sub(r"</?bdi>", "", response.get_data(as_text=True)))
    return page.replace("\u2068", "").replace("\u2069", "")


def add(browser, world, url, events=("phase.started",), token="t" * 32):
    return browser.post(
        f"/partnerships/{world.partnership.id}/webhooks",
        data={"hook-url": url, "hook-events": list(events), "hook-form_token": token},
    )


def test_a_lead_finds_the_page_from_the_partnership_and_a_member_does_not(client, world):
    lead = logged_in(client, world.client_lead.email)
    page = text(lead.get(f"/partnerships/{world.partnership.id}"))
    assert f"/partnerships/{world.partnership.id}/webhooks" in page
    assert lead.get(f"/partnerships/{world.partnership.id}/webhooks").status_code == 200
    lead.post("/logout")
    member = logged_in(client, world.client_member.email)
    assert f"/partnerships/{world.partnership.id}/webhooks" not in text(
        member.get(f"/partnerships/{world.partnership.id}")
    )
    assert member.get(f"/partnerships/{world.partnership.id}/webhooks").status_code == 403


def test_adding_shows_the_secret_once_and_a_second_sending_adds_nothing(client, world, receiver):
    lead = logged_in(client, world.client_lead.email)
    answer = add(lead, world, receiver.url)
    assert answer.status_code == 201
    (hook,) = db.session.scalars(select(Webhook)).all()
    page = text(answer)
    secret = re.search(r'id="new-secret"[^>]*value="(whsec_[^"]+)"', page).group(1)
    assert receiver.url in page
    again = add(lead, world, receiver.url)
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Webhook)) == 1
    assert secret not in text(lead.get(again.location))
    assert secret not in text(lead.get(f"/partnerships/{world.partnership.id}/webhooks"))
    assert hook.events == ["phase.started"]


@pytest.mark.parametrize(
    ("url", "events", "said"),
    [
        ("ftp://example.com/x", ["phase.started"], "must start with https://"),
        ("nonsense", ["phase.started"], "must start with https://"),
        ("https://exa mple.com/x", ["phase.started"], "not a web address"),
        ("", ["phase.started"], ""),
        ("https://example.com/x", [], "Choose at least one event"),
        ("https://example.com/x", ["phase.exploded"], ""),
    ],
)
def test_a_bad_form_is_explained_and_writes_nothing(client, world, url, events, said):
    lead = logged_in(client, world.client_lead.email)
    before = row_counts()
    answer = add(lead, world, url, events, token="u" * 32)
    assert answer.status_code == 422
    assert said in text(answer)
    assert "is-invalid" in answer.get_data(as_text=True)
    counts = row_counts()
    assert counts["webhooks"] == before["webhooks"] == 0
    assert counts["audit_events"] == before["audit_events"]


def test_a_private_address_is_refused_on_the_page(client, world, app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    lead = logged_in(client, world.client_lead.email)
    answer = add(lead, world, "http://127.0.0.1:9/hook")
    assert answer.status_code == 422
    assert "private, loopback or link-local" in text(answer)
    assert db.session.scalar(select(func.count()).select_from(Webhook)) == 0


def test_delete_asks_first_then_deletes(client, world, receiver):
    lead = logged_in(client, world.client_lead.email)
    add(lead, world, receiver.url)
    hook = db.session.scalar(select(Webhook))
    page = lead.get(f"/webhooks/{hook.id}/delete")
    assert page.status_code == 200
    assert f"Delete the webhook to {receiver.url}?" in text(page)
    assert db.session.scalar(select(func.count()).select_from(Webhook)) == 1
    done = lead.post(f"/webhooks/{hook.id}/delete", data={"form_token": "d" * 32})
    assert done.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Webhook)) == 0
    phase_in(world, "active")
    assert receiver.received == []


def test_the_test_button_sends_and_the_attempts_are_shown_with_their_status(
    client, world, receiver
):
    lead = logged_in(client, world.client_lead.email)
    add(lead, world, receiver.url, ["gate.decided"])
    hook = db.session.scalar(select(Webhook))
    receiver.fail_next(1, 502)
    answer = lead.post(f"/webhooks/{hook.id}/test", data={"form_token": "e" * 32})
    assert answer.status_code == 302
    assert [r.headers["X-Tracker-Event"] for r in receiver.received] == ["webhook.test"] * 2
    delivery = db.session.scalar(select(WebhookDelivery))
    page = text(lead.get(f"/webhooks/{hook.id}/deliveries"))
    assert delivery.uid in page and "502" in page and "200" in page and "delivered" in page
    assert "webhook.test" in text(lead.get(f"/partnerships/{world.partnership.id}/webhooks"))


def test_a_member_cannot_use_the_pages_of_a_webhook(client, world, receiver):
    lead = logged_in(client, world.client_lead.email)
    add(lead, world, receiver.url)
    hook = db.session.scalar(select(Webhook))
    lead.post("/logout")
    member = logged_in(client, world.vendor_member.email)
    assert member.get(f"/webhooks/{hook.id}/deliveries").status_code == 403
    assert member.get(f"/webhooks/{hook.id}/delete").status_code == 403
    assert member.post(f"/webhooks/{hook.id}/test").status_code == 403
    member.post("/logout")
    outsider = logged_in(client, world.outsider.email)
    assert outsider.get(f"/webhooks/{hook.id}/deliveries").status_code == 404
