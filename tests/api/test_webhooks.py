"""Webhooks (SPEC §7, §12): registered by leads, delivered signed to a real HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import socket
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from partnership.domain import webhooks as rules
from partnership.domain.vocabulary import WEBHOOK_EVENTS
from partnership.errors import Conflict, Invalid
from partnership.extensions import db
from partnership.models import Notification, Webhook, WebhookDelivery, utcnow
from partnership.services import commitments, notifications, reviews, statements, webhooks
from partnership.services import phases as phase_service

from ..helpers import RATINGS, logged_in, phase_in, row_counts
from ..webhook_receiver import Receiver

ALL_EVENTS = list(WEBHOOK_EVENTS)


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the receiver listens on 127.0.0.1
    with Receiver() as running:
        yield running


def register(api, world, url, events=None, who="client_lead"):
    answer = api.as_(world.role(who)).post(
        f"/partnerships/{world.partnership.id}/webhooks",
        json={"url": url, "events": events or ALL_EVENTS},
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def signature_valid(secret: str, received) -> bool:
    # What the README tells a receiver to do.
    expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received.headers["X-Tracker-Signature"])


def walk_every_event(world):
    """One change of each kind: every event of SPEC §12 happens at least once."""
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_lead,
        phase,
        {"text": "Also export invoices to PDF", "channel": "ticket", "adds_scope": True},
    )
    statements.respond(world.vendor_lead, directive, {"response": "accepted", "note": ""})
    commitment = commitments.add(
        world.vendor_lead, phase, {"title": "Invoice export", "due_date": utcnow().date()}
    )
    commitments.log_event(world.vendor_lead, commitment, {"type": "delivered", "evidence": "PR"})
    phase_service.close(world.client_lead, phase)
    reviews.submit(world.client_lead, phase, {"ratings": RATINGS["client"], "decision": "go"})
    reviews.submit(world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"})
    return phase, directive, commitment


def test_every_event_is_delivered_signed_with_the_three_headers(api, world, receiver):
    hook = register(api, world, receiver.url)
    assert hook["secret"].startswith("whsec_")
    phase, directive, commitment = walk_every_event(world)

    assert set(receiver.events()) == set(ALL_EVENTS)
    for received in receiver.received:
        assert received.path == "/hooks/tracker"
        assert received.headers["Content-Type"].startswith("application/json")
        assert signature_valid(hook["secret"], received)
        body = received.json
        assert set(body) == {"id", "event", "partnership_id", "occurred_at", "data"}
        assert body["event"] == received.headers["X-Tracker-Event"]
        assert body["id"] == received.headers["X-Tracker-Delivery"]
        assert body["partnership_id"] == world.partnership.id
    by_event = {r.json["event"]: r.json["data"] for r in receiver.received}
    assert by_event["directive.created"]["id"] == directive.id
    assert by_event["directive.created"]["category"]
    assert by_event["directive.answered"]["response"]["response"] == "accepted"
    assert by_event["commitment.created"]["title"] == "Invoice export"
    assert by_event["commitment.event"]["type"] == "delivered"
    assert by_event["commitment.event"]["commitment"]["id"] == commitment.id
    assert by_event["phase.started"]["status"] == "active"
    assert by_event["phase.closed"]["status"] == "review"
    assert by_event["review.submitted"]["decision"] == "go"
    assert by_event["gate.decided"] == {**by_event["gate.decided"], "status": "passed"}
    assert by_event["flag.raised"]["code"].startswith("SCOPE_CREEP")
    assert len({r.headers["X-Tracker-Delivery"] for r in receiver.received}) == len(
        receiver.received
    )


def test_only_the_subscribed_events_are_delivered(api, world, receiver):
    register(api, world, receiver.url, ["phase.started", "gate.decided"])
    walk_every_event(world)
    assert receiver.events() == ["phase.started", "gate.decided"]


def test_a_tampered_body_does_not_verify(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    phase_in(world, "active")
    (received,) = receiver.received
    received.body = received.body.replace(b"active", b"passed")
    assert not signature_valid(hook["secret"], received)
    assert not rules.verify(
        "another secret", received.body, received.headers["X-Tracker-Signature"]
    )


def test_a_receiver_failing_twice_gets_the_same_delivery_a_third_time(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    receiver.fail_next(2)
    phase_in(world, "active")

    assert [r.headers["X-Tracker-Event"] for r in receiver.received] == ["phase.started"] * 3
    assert len({r.headers["X-Tracker-Delivery"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    (delivery,) = api.as_(world.client_lead).get(f"/webhooks/{hook['id']}/deliveries").get_json()
    assert delivery["event"] == "phase.started"
    assert delivery["status"] == "delivered" and delivery["status_code"] == 200
    assert delivery["attempts"] == 3 and delivery["delivered_at"]
    assert [a["status_code"] for a in delivery["history"]] == [500, 500, 200]


def test_retries_grow_over_more_than_an_hour_then_the_delivery_is_failed(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    receiver.fail_next(50, 503)
    phase_in(world, "active")
    attempts = 1 + len(rules.RETRY_DELAYS)
    assert len(receiver.received) == attempts >= 6
    assert rules.RETRY_DELAYS[0] <= 30 and rules.RETRY_DELAYS[1] <= 90
    assert list(rules.RETRY_DELAYS) == sorted(rules.RETRY_DELAYS)
    assert sum(rules.RETRY_DELAYS[2:]) >= 3600
    (delivery,) = api.as_(world.client_lead).get(f"/webhooks/{hook['id']}/deliveries").get_json()
    assert delivery["status"] == "failed" and delivery["attempts"] == attempts
    assert {a["status_code"] for a in delivery["history"]} == {503}


def test_a_receiver_that_does_not_answer_is_a_failed_attempt_with_its_reason(api, world, app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    hook = register(api, world, f"http://127.0.0.1:{port}/nobody", ["phase.started"])
    phase_in(world, "active")
    (delivery,) = api.as_(world.client_lead).get(f"/webhooks/{hook['id']}/deliveries").get_json()
    assert delivery["status"] == "failed" and delivery["status_code"] is None
    assert all(a["error"] for a in delivery["history"])


def test_a_receiver_slower_than_the_timeout_is_a_failed_attempt(api, world, receiver, monkeypatch):
    monkeypatch.setattr(rules, "TIMEOUT", 0.3)  # 10 s in production: the same code path
    monkeypatch.setattr(rules, "RETRY_DELAYS", (0,))
    hook = register(api, world, receiver.url, ["phase.started"])
    receiver.delay = 1.0
    phase_in(world, "active")
    (delivery,) = api.as_(world.client_lead).get(f"/webhooks/{hook['id']}/deliveries").get_json()
    assert delivery["status"] == "failed" and delivery["attempts"] == 2
    assert all("no answer within" in a["error"] for a in delivery["history"])
    assert all(a["duration_ms"] < 900 for a in delivery["history"])


def test_the_timeout_is_ten_seconds():
    assert rules.TIMEOUT == 10


def test_the_sweep_hands_a_lost_delivery_to_a_new_job(api, world, receiver):
    register(api, world, receiver.url, ["phase.started"])
    receiver.fail_next(1)
    phase_in(world, "active")
    delivery = db.session.scalar(select(WebhookDelivery))
    delivery.status, delivery.attempts = "pending", 1  # as if its retry's job had been lost
    delivery.next_attempt_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert webhooks.sweep() == 1
    assert len(receiver.received) == 3
    assert len({r.headers["X-Tracker-Delivery"] for r in receiver.received}) == 1
    assert webhooks.sweep() == 0


def test_a_deleted_webhook_gets_nothing_more(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started", "phase.closed"])
    phase = phase_in(world, "active")
    assert len(receiver.received) == 1
    lead = api.as_(world.client_lead)
    assert lead.delete(f"/webhooks/{hook['id']}").status_code == 204
    phase_service.close(world.client_lead, phase)
    assert len(receiver.received) == 1
    assert lead.get(f"/partnerships/{world.partnership.id}/webhooks").get_json() == []
    assert lead.get(f"/webhooks/{hook['id']}/deliveries").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_a_retry_queued_before_the_delete_is_not_sent(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    phase_in(world, "active")
    delivery = db.session.scalar(select(WebhookDelivery))
    uid = delivery.uid
    delivery.status = "pending"  # as if its retry were still waiting in the queue
    db.session.commit()
    webhooks.delete(world.client_lead, webhooks.get(hook["id"]))
    webhooks.deliver(uid)
    assert len(receiver.received) == 1


def test_a_private_address_is_refused_without_the_setting(api, world, app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    lead = api.as_(world.client_lead)
    before = row_counts()
    for url in (
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ):
        answer = lead.post(
            f"/partnerships/{world.partnership.id}/webhooks",
            json={"url": url, "events": ["phase.started"]},
        )
        assert answer.status_code == 422, url
        error = answer.get_json()["error"]
        assert error["field"] == "url" and "private" in error["message"], url
    assert row_counts() == before


def test_a_name_that_moved_to_a_private_address_is_refused_at_delivery(api, world, receiver, app):
    register(api, world, receiver.url, ["phase.started"])
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False  # as if the name now pointed inside
    phase_in(world, "active")
    assert receiver.received == []
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "failed"
    assert all("private" in (t.error or "") for t in delivery.tries)


def test_every_address_of_a_name_is_checked(app, monkeypatch):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    with pytest.raises(Invalid) as refused:
        webhooks.check_url("https://hooks.example.com/x")
    assert refused.value.field == "url"
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: ["93.184.215.14"])
    assert webhooks.check_url("https://hooks.example.com/x") == "https://hooks.example.com/x"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/x", "events": ["phase.started"]}, "url"),
        ({"url": "file:///etc/passwd", "events": ["phase.started"]}, "url"),
        ({"url": "javascript:alert(1)", "events": ["phase.started"]}, "url"),
        ({"url": "not a url", "events": ["phase.started"]}, "url"),
        ({"url": "https://user:pw@example.com/x", "events": ["phase.started"]}, "url"),
        ({"url": "", "events": ["phase.started"]}, "url"),
        ({"url": "https://example.com/x", "events": []}, "events"),
        ({"url": "https://example.com/x", "events": ["phase.exploded"]}, "events"),
        ({"url": "https://example.com/x", "events": "phase.started"}, "events"),
        ({"url": 12, "events": ["phase.started"]}, "url"),
        ({"events": ["phase.started"]}, "url"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(api, world, body, field):
    lead = api.as_(world.client_lead)
    before = row_counts()
    answer = lead.post(f"/partnerships/{world.partnership.id}/webhooks", json=body)
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["field"].split(".")[0] == field, error
    assert row_counts() == before


def test_an_unknown_field_or_a_non_json_body_is_refused(api, world):
    lead = api.as_(world.client_lead)
    path = f"/partnerships/{world.partnership.id}/webhooks"
    answer = lead.post(
        path, json={"url": "https://example.com", "events": ["phase.started"], "x": 1}
    )
    assert answer.status_code == 422
    assert lead.post(path, data="{", content_type="application/json").status_code == 400


def test_members_who_are_not_leads_and_outsiders_cannot_see_or_touch_webhooks(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    path = f"/partnerships/{world.partnership.id}/webhooks"
    body = {"url": receiver.url, "events": ["phase.started"]}
    for who, status in (("client_member", 403), ("vendor_member", 403), ("outsider", 404)):
        someone = api.as_(world.role(who))
        assert someone.get(path).status_code == status
        assert someone.post(path, json=body).status_code == status
        assert someone.delete(f"/webhooks/{hook['id']}").status_code == status
        assert someone.get(f"/webhooks/{hook['id']}/deliveries").status_code == status
    assert api.as_(world.vendor_lead).get(path).status_code == 200
    assert api.as_(world.client_lead).get("/webhooks/999/deliveries").status_code == 404


def test_the_secret_is_shown_once_and_kept_encrypted(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    (listed,) = (
        api.as_(world.client_lead).get(f"/partnerships/{world.partnership.id}/webhooks").get_json()
    )
    assert "secret" not in listed and listed["url"] == receiver.url
    stored = db.session.get(Webhook, hook["id"])
    assert hook["secret"] not in stored.secret_encrypted
    assert webhooks.secret_of(stored) == hook["secret"]


def test_a_test_event_reaches_the_receiver_whatever_is_subscribed(api, world, receiver):
    hook = register(api, world, receiver.url, ["gate.decided"])
    answer = api.as_(world.client_lead).post(f"/webhooks/{hook['id']}/test")
    assert answer.status_code == 202
    (received,) = receiver.received
    assert received.headers["X-Tracker-Event"] == "webhook.test"
    assert received.json["data"]["webhook_id"] == hook["id"]
    assert signature_valid(hook["secret"], received)


def test_a_webhook_failing_for_three_days_is_switched_off_and_its_lead_told(
    api, world, receiver, app
):
    hook = register(api, world, receiver.url, ["phase.started", "phase.closed"])
    stored = db.session.get(Webhook, hook["id"])
    stored.failing_since = utcnow() - timedelta(days=3, minutes=1)
    db.session.commit()
    receiver.fail_next(50)
    phase = phase_in(world, "active")
    assert len(receiver.received) == 1  # switched off at that failure: no retries after it
    db.session.expire_all()
    assert db.session.get(Webhook, hook["id"]).active is False
    told = db.session.scalars(
        select(Notification).where(Notification.kind == "webhook_disabled")
    ).all()
    assert [n.user_id for n in told] == [world.client_lead.id]
    inbox = api.as_(world.client_lead).get("/inbox").get_json()
    item = next(i for i in inbox if i["kind"] == "webhook_disabled")
    assert receiver.url in item["title"] and item["webhook_id"] == hook["id"]
    assert item["url"].endswith(f"/partnerships/{world.partnership.id}/webhooks")
    email = notifications.compose(world.client_lead, told)
    plain = email.get_body(preferencelist=("plain",)).get_content()
    assert receiver.url in plain and "send a test event" in plain
    assert f"/partnerships/{world.partnership.id}/webhooks" in plain
    page = logged_in(app.test_client(), world.client_lead.email).get("/inbox")
    assert receiver.url in page.get_data(as_text=True)

    phase_service.close(world.client_lead, phase)
    assert len(receiver.received) == 1  # a switched-off webhook hears nothing more
    listed = api.as_(world.client_lead).get(f"/partnerships/{world.partnership.id}/webhooks")
    assert listed.get_json()[0]["active"] is False

    # A test event that gets through switches it on again.
    receiver.statuses.clear()
    api.as_(world.client_lead).post(f"/webhooks/{hook['id']}/test")
    db.session.expire_all()
    assert db.session.get(Webhook, hook["id"]).active is True


def test_failures_for_less_than_three_days_leave_the_webhook_on(api, world, receiver):
    hook = register(api, world, receiver.url, ["phase.started"])
    receiver.fail_next(50)
    phase_in(world, "active")
    db.session.expire_all()
    stored = db.session.get(Webhook, hook["id"])
    assert stored.active is True and stored.failing_since is not None


def test_a_change_that_rolls_back_delivers_nothing(api, world, receiver):
    register(api, world, receiver.url, ["directive.created"])
    phase = phase_in(world, "planned")
    with pytest.raises(Conflict):
        statements.send_directive(world.client_lead, phase, {"text": "x", "channel": "ticket"})
    assert receiver.received == []
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_the_openapi_description_lists_the_webhook_endpoints(api, world):
    paths = api.client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/partnerships/{partnership_id}/webhooks" in paths
    assert "/api/v1/webhooks/{webhook_id}/deliveries" in paths
