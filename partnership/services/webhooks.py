"""Webhooks (SPEC §12): leads register URLs; each subscribed event is POSTed there, signed.

From a change to a receiver, in two steps:

1. **Make** (in the transaction of the change): ``on_event`` turns an audit event into the
   JSON body of a ``WebhookDelivery`` per subscribed webhook, with the item as the API shows
   it, written in English whoever made the change. The rows commit with the change or not at
   all, and a delivery's job is queued only once they have.
2. **Send** (in a job, never in the request): ``deliver`` claims the row, POSTs the body as it
   was made (the same ``X-Tracker-Delivery`` on every attempt), records the attempt, and when
   it failed queues the next one after ``domain.webhooks.RETRY_DELAYS``. The address is
   resolved and checked again before every attempt, and the connection goes to the address
   that was checked, so a name that moved to a private address since registration (DNS
   rebinding) is refused, not reached. A webhook whose deliveries have all failed for three
   days is switched off and its lead told in the inbox and by email.

The secret signs; the app must read it back, so it is encrypted (Fernet, from the
``cryptography`` package) with a key derived from ``WEBHOOK_KEY``, else ``SECRET_KEY``. With
both set, secrets made under either key still open (keys can be rotated by adding WEBHOOK_KEY).
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import secrets
import socket
import ssl
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import delete as delete_rows
from sqlalchemy import func, select, update

from .. import jobs
from ..domain import webhooks as rules
from ..domain.messages import Message
from ..domain.vocabulary import MAX_WEBHOOK_URL, MAX_WEBHOOKS, WEBHOOK_EVENTS
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import (
    CommitmentEvent,
    Partnership,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    utcnow,
)
from . import audit, checks, events, lookups
from .transaction import atomic, scoped

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
# An attempt under way longer than this is a worker that died: another may try.
LEASE = timedelta(minutes=2)
# A pending delivery whose next attempt is this late lost its job (Redis was down).
LOST_AFTER = timedelta(minutes=10)
USER_AGENT = "PartnershipTracker-Webhooks/1"


# --- the secret -----------------------------------------------------------------------------


def _fernet_key(material: str) -> bytes:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"partnership-tracker webhooks"
    ).derive(material.encode())
    return base64.urlsafe_b64encode(derived)


def _cipher() -> MultiFernet:
    keys = [current_app.config.get("WEBHOOK_KEY"), current_app.config["SECRET_KEY"]]
    return MultiFernet([Fernet(_fernet_key(k)) for k in keys if k])


def encrypt_secret(secret: str) -> str:
    return _cipher().encrypt(secret.encode()).decode()


def secret_of(webhook: Webhook) -> str:
    try:
        return _cipher().decrypt(webhook.secret_encrypted.encode()).decode()
    except InvalidToken:
        raise RuntimeError(
            f"The secret of webhook {webhook.id} does not open with WEBHOOK_KEY or SECRET_KEY: "
            "was the key changed? Set the old one as WEBHOOK_KEY, or register the webhook again."
        ) from None


# --- where a delivery may go ----------------------------------------------------------------


def allow_private() -> bool:
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), in the resolver's order."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in found:
        if sockaddr[0] not in addresses:
            addresses.append(str(sockaddr[0]))
    return addresses


def _port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def check_url(value: object, field: str = "url") -> str:
    """The URL, if a webhook may have it: http(s), and every address its name has on the
    public internet (unless WEBHOOK_ALLOW_PRIVATE=1). Invalid, naming ``field``, otherwise."""
    url = checks.text(value, field, max_length=MAX_WEBHOOK_URL)
    problem = rules.url_problem(url)
    if problem:
        raise Invalid.of(problem, field)
    host = urlsplit(url).hostname or ""
    addresses = resolve(host, _port(url))
    if not addresses:
        raise Invalid.of("webhook.url_unresolved", field, host=host)
    if not allow_private() and not rules.all_allowed(addresses):
        raise Invalid.of("webhook.url_private", field, host=host)
    return url


def check_events(value: object, field: str = "events") -> list[str]:
    if not isinstance(value, list | tuple) or not value:
        raise Invalid.of("webhook.events_required", field)
    chosen = []
    for item in value:
        name = checks.choice(item, field, WEBHOOK_EVENTS)
        if name not in chosen:
            chosen.append(name)
    return [e for e in WEBHOOK_EVENTS if e in chosen]


# --- registering ----------------------------------------------------------------------------


def _lookup(webhook_id: int) -> int:
    found = db.session.scalar(select(Webhook.partnership_id).where(Webhook.id == webhook_id))
    if found is None:
        raise NotFound()
    return found


lookups.EXTRA_TARGETS["webhook_id"] = _lookup


def get(webhook_id: int) -> Webhook:
    found = db.session.get(Webhook, webhook_id)
    if found is None:
        raise NotFound()
    return found


def of_partnership(partnership: Partnership) -> list[Webhook]:
    return list(
        db.session.scalars(
            select(Webhook)
            .where(Webhook.partnership_id == partnership.id)
            .order_by(Webhook.created_at, Webhook.id)
        )
    )


@atomic
def register(user: Any, partnership: Partnership, data: dict[str, Any]) -> tuple[Webhook, str]:
    """A new webhook; the secret is returned once (the API and the page show it once)."""
    events_ = check_events(data.get("events"))
    url = check_url(data.get("url"))
    count = db.session.scalar(
        select(func.count()).select_from(Webhook).where(Webhook.partnership_id == partnership.id)
    )
    if (count or 0) >= MAX_WEBHOOKS:
        raise Conflict("webhook.too_many", limit=MAX_WEBHOOKS)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    webhook = Webhook(
        partnership_id=partnership.id,
        created_by=user,
        url=url,
        events=events_,
        secret_encrypted=encrypt_secret(secret),
        active=True,
        created_at=utcnow(),
    )
    db.session.add(webhook)
    audit.record(
        user,
        "webhook.create",
        webhook,
        partnership_id=partnership.id,
        after={"url": url, "events": events_},
    )
    db.session.commit()
    return webhook, secret


@atomic
def delete(user: Any, webhook: Webhook) -> None:
    """Remove a webhook with its deliveries: nothing more is sent, not even a retry."""
    audit.record(
        user,
        "webhook.delete",
        webhook,
        partnership_id=webhook.partnership_id,
        before={"url": webhook.url, "events": list(webhook.events)},
    )
    # Explicitly, not by the foreign keys' cascade: SQLite enforces them only when asked.
    deliveries = select(WebhookDelivery.id).where(WebhookDelivery.webhook_id == webhook.id)
    db.session.execute(
        delete_rows(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete_rows(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id),
        execution_options={"synchronize_session": False},
    )
    db.session.delete(webhook)
    db.session.commit()


def deliveries_query(webhook: Webhook) -> Any:
    return (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    )


def recent_deliveries(webhook: Webhook, limit: int = 20) -> list[WebhookDelivery]:
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            deliveries_query(webhook).options(selectinload(WebhookDelivery.tries)).limit(limit)
        )
    )


@atomic
def send_test(user: Any, webhook: Webhook) -> WebhookDelivery:
    """A test event, whatever the webhook subscribes to, even when it was switched off (a
    test that gets through switches it on again)."""
    now = utcnow()
    data = {"webhook_id": webhook.id, "url": webhook.url, "events": list(webhook.events)}
    if user is not None:
        data["sent_by"] = {"id": user.id, "name": user.name, "email": user.email}
    made = _make(webhook, rules.TEST_EVENT, f"test:{uuid.uuid4().hex}", now, data)
    db.session.commit()
    return made


# --- making deliveries ----------------------------------------------------------------------


def _body(uid: str, event: str, partnership_id: int, at: datetime, data: Any) -> str:
    payload = {
        "id": uid,
        "event": event,
        "partnership_id": partnership_id,
        "occurred_at": at.isoformat(),
        "data": data,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)


def _make(webhook: Webhook, event: str, key: str, at: datetime, data: Any) -> WebhookDelivery:
    uid = str(uuid.uuid4())
    row = WebhookDelivery(
        uid=uid,
        webhook_id=webhook.id,
        key=key,
        event=event,
        body=_body(uid, event, webhook.partnership_id, at, data),
        created_at=utcnow(),
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    jobs.later(deliver, uid, job_id=f"webhook-{uid}-1")
    return row


_ACTIVE = scoped("webhooks.active")  # what was on, asked again by the next transaction


def _subscribed(partnership_id: int, event: str) -> list[Webhook]:
    """The partnership's webhooks that are on and subscribed: one query per transaction (a
    review that decides the gate is two events), none more for the events after it."""
    known: dict[int, list[Webhook]] = db.session.info.setdefault(_ACTIVE, {})
    if partnership_id not in known:
        with db.session.no_autoflush:
            known[partnership_id] = list(
                db.session.scalars(
                    select(Webhook).where(Webhook.partnership_id == partnership_id, Webhook.active)
                )
            )
    return [w for w in known[partnership_id] if event in (w.events or ())]


def _data(event: str, target: Any) -> Any:
    """The item as the API shows it, in English (a receiver is no reader with a language)."""
    from ..api import schemas
    from . import presenters

    with force_locale("en"):
        if event in ("directive.created", "directive.answered"):
            return schemas.DirectiveOut().dump(target)
        if event == "commitment.created":
            return schemas.CommitmentOut().dump(presenters.commitment(target))
        if event == "commitment.event":
            assert isinstance(target, CommitmentEvent)
            commitment = schemas.CommitmentOut().dump(presenters.commitment(target.commitment))
            shown = next(e for e in commitment["events"] if e["id"] == target.id)
            return {**shown, "commitment": commitment}
        if event == "review.submitted":
            return schemas.ReviewOut().dump(target)
        return schemas.PhaseSummary().dump(target)  # phase.started, phase.closed, gate.decided


def publish(partnership_id: int, event: str, key: str, at: datetime, make_data: Any) -> int:
    """A delivery of ``event`` for each webhook of the partnership subscribed to it; the data
    is made (``make_data()``) only when one is. Returns how many were made."""
    hooks = _subscribed(partnership_id, event)
    if not hooks:
        return 0
    with db.session.no_autoflush:
        data = make_data()
        known = set(
            db.session.scalars(
                select(WebhookDelivery.webhook_id).where(
                    WebhookDelivery.key == key,
                    WebhookDelivery.webhook_id.in_([w.id for w in hooks]),
                )
            )
        )
    made = 0
    for webhook in hooks:
        if webhook.id not in known:
            _make(webhook, event, key, at, data)
            made += 1
    return made


@events.subscribe
def on_event(event: events.Event) -> None:
    """The subscriber of every audit event (``services/events.py``)."""
    name = rules.EVENT_OF_ACTION.get(event.action)
    if name is None or event.partnership_id is None:
        return
    publish(
        event.partnership_id,
        name,
        f"{event.action}:{event.target.id}",
        event.at,
        lambda: _data(name, event.target),
    )


def flag_raised(partnership_id: int, phase_id: int, flag: Any, at: datetime) -> int:
    """``flag.raised``: called by the flag check for each flag it announces."""
    from ..i18n.render import render

    def data() -> dict[str, Any]:
        return dict(flag.to_dict(lambda message: render(message, "en")))

    return publish(partnership_id, "flag.raised", f"flag:{phase_id}:{flag.code}", at, data)


# --- sending --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None = None
    response: str | None = None
    duration_ms: int = 0


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the name, not the address."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, headers: dict[str, str], body: bytes) -> Outcome:
    """One attempt: POST ``body`` to ``url``, within ``rules.TIMEOUT`` for each step of it.

    Redirects are not followed (a 3xx is a failure the lead sees): following one would reach
    an address nobody checked."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    parts = urlsplit(url)
    host = parts.hostname or ""
    port = _port(url)
    addresses = resolve(host, port)
    if not addresses:
        return Outcome(None, f"the name {host} does not resolve", duration_ms=took())
    if not allow_private() and not rules.all_allowed(addresses):
        return Outcome(
            None, f"refused: {host} has an address on a private network", duration_ms=took()
        )
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    error = "no address answered"
    for address in addresses:
        connection = kind(host, port, address=address, timeout=rules.TIMEOUT)
        try:
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read(rules.KEPT_RESPONSE).decode("utf-8", "replace")
            return Outcome(answer.status, None, text or None, took())
        except TimeoutError:
            return Outcome(None, f"no answer within {rules.TIMEOUT} s", duration_ms=took())
        except (OSError, http.client.HTTPException) as failure:
            error = f"{type(failure).__name__}: {failure}"[:400]
            if not isinstance(failure, ConnectionRefusedError):
                break
        finally:
            connection.close()
    return Outcome(None, error, duration_ms=took())


def headers_for(row: WebhookDelivery, secret: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Tracker-Event": row.event,
        "X-Tracker-Delivery": row.uid,
        "X-Tracker-Signature": rules.sign(secret, row.body.encode()),
    }


def _claim(uid: str, now: datetime) -> WebhookDelivery | None:
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.uid == uid,
            WebhookDelivery.status == "pending",
            (WebhookDelivery.claimed_at.is_(None)) | (WebhookDelivery.claimed_at < now - LEASE),
        )
        .values(claimed_at=now),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    if getattr(claimed, "rowcount", 0) != 1:
        return None
    return db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.uid == uid))


def deliver(uid: str) -> None:
    """The job: one attempt of a delivery, and the next one queued when it failed."""
    now = utcnow()
    row = _claim(uid, now)
    if row is None:
        return  # delivered, given up, deleted with its webhook, or another worker has it
    webhook = row.webhook
    if not webhook.active and row.event != rules.TEST_EVENT:
        row.status, row.claimed_at = "failed", None
        db.session.commit()
        return
    outcome = post(webhook.url, headers_for(row, secret_of(webhook)), row.body.encode())
    delay = _record(row, webhook, outcome)
    db.session.commit()
    if delay is not None:
        jobs.now(deliver, uid, job_id=f"webhook-{uid}-{row.attempts + 1}", delay=delay)


def _record(row: WebhookDelivery, webhook: Webhook, outcome: Outcome) -> timedelta | None:
    """Write down an attempt; the delay before the next one, or None when there is none."""
    now = utcnow()
    row.tries.append(
        WebhookAttempt(
            at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            response=outcome.response,
            duration_ms=outcome.duration_ms,
        )
    )
    row.attempts += 1
    row.status_code = outcome.status_code
    row.claimed_at = None
    if rules.succeeded(outcome.status_code):
        row.status, row.delivered_at, row.next_attempt_at = "delivered", now, None
        webhook.failing_since = None
        if not webhook.active:
            webhook.active, webhook.disabled_at = True, None
        return None
    if webhook.failing_since is None:
        webhook.failing_since = now
    delay = rules.delay_before(row.attempts)
    if delay is None:
        row.status, row.next_attempt_at = "failed", None
    else:
        row.next_attempt_at = now + delay
    if webhook.active and now - webhook.failing_since >= rules.SWITCH_OFF_AFTER:
        switch_off(webhook, now)
        if row.event != rules.TEST_EVENT:
            return None
    return delay


def switch_off(webhook: Webhook, now: datetime) -> None:
    """Stop sending to a webhook that failed for three days, and tell its lead."""
    from . import notifications

    webhook.active, webhook.disabled_at = False, now
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.status == "pending")
        .where(WebhookDelivery.event != rules.TEST_EVENT)
        .values(status="failed", next_attempt_at=None),
        execution_options={"synchronize_session": False},
    )
    partnership = db.session.get(Partnership, webhook.partnership_id)
    assert partnership is not None
    leads = [m.user for m in partnership.members if m.role == "lead"]
    told = [u for u in leads if webhook.created_by_id is not None and u.id == webhook.created_by_id]
    notifications.announce(
        notifications.Announcement(
            "webhook_disabled",
            f"webhook.disabled:{webhook.id}:{int(now.timestamp())}",
            told or leads,
            webhook.partnership_id,
            None,
            Message(
                "inbox.webhook_disabled",
                url=webhook.url,
                days=rules.SWITCH_OFF_AFTER.days,
            ),
            ("webhook", webhook.id),
            Message("inbox.webhook_disabled_detail"),
            at=now,
        )
    )
    audit.record(
        None,
        "webhook.switch_off",
        webhook,
        partnership_id=webhook.partnership_id,
        after={"active": False, "failing_since": webhook.failing_since},
    )


def settings_path(partnership_id: int) -> str:
    if not has_request_context():
        with current_app.test_request_context("/"):
            return settings_path(partnership_id)
    return url_for("webhooks.settings", partnership_id=partnership_id)


@jobs.every("webhooks", timedelta(minutes=10))
def sweep(now: datetime | None = None) -> int:
    """Hand pending deliveries whose job was lost (Redis down, a worker killed) to new jobs."""
    now = now or utcnow()
    lost = list(
        db.session.scalars(
            select(WebhookDelivery.uid).where(
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at < now - LOST_AFTER,
                (WebhookDelivery.claimed_at.is_(None)) | (WebhookDelivery.claimed_at < now - LEASE),
            )
        )
    )
    for uid in lost:
        jobs.now(deliver, uid, job_id=f"webhook-{uid}-sweep-{int(now.timestamp())}")
    return len(lost)
