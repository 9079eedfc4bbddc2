"""Something happened: every write's audit event, handed to whoever subscribed to it.

``audit.record`` publishes each event it records, inside the transaction of the change, so a
subscriber writes what it derives (the notifications of the inbox and the emails) in the same
commit, or queues work with ``jobs.later``, which runs only if that commit happens. A
subscriber must be quick and must not fail: what it raises is logged and swallowed, so the
person's change never breaks because a notification could not be made.

Subscribers today: ``services/notifications.py`` (the inbox, emails) and
``services/webhooks.py`` (SPEC §12). Another subscribes the same way:
``events.subscribe(on_event)`` at import, and import the module in ``subscribe_all``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import AuditEvent, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One change, as the audit trail records it, with the object it changed."""

    action: str  # "directive.send", "commitment.slip", "phase.passed", ...
    actor: User | None
    target: Any  # the model instance: a Directive, a CommitmentEvent, a Review, a Phase...
    partnership_id: int | None
    at: datetime
    audit: AuditEvent


Subscriber = Callable[[Event], None]
SUBSCRIBERS: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    if subscriber not in SUBSCRIBERS:
        SUBSCRIBERS.append(subscriber)
    return subscriber


def publish(event: Event) -> None:
    for subscriber in SUBSCRIBERS:
        try:
            subscriber(event)
        except Exception:
            log.exception("Subscriber %s failed on %s", subscriber.__qualname__, event.action)


def subscribe_all() -> None:
    """Import every subscribing module once (the app factory calls this)."""
    from . import invitations, notifications, webhooks  # noqa: F401  (invitations: an inbox source)
