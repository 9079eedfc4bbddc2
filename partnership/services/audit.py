"""The audit trail: every change records who, when, what, before and after (SPEC §2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AuditEvent, User, utcnow
from . import events


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(
    actor: User | None,
    action: str,
    target: Any,
    *,
    partnership_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it commits with the change it describes."""
    if target.id is None:
        db.session.flush()
    event = AuditEvent(
        partnership_id=partnership_id,
        actor_id=actor.id if actor else None,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=target.id,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    db.session.add(event)
    events.publish(events.Event(action, actor, target, partnership_id, event.at or utcnow(), event))
    return event


def trail(partnership_id: int) -> Select:
    """A partnership's audit events, newest first, as a query to paginate."""
    return (
        select(AuditEvent)
        .where(AuditEvent.partnership_id == partnership_id)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
