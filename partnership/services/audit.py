"""The audit trail: every change records who, when, what, before and after (SPEC §2).

Recording a change of a partnership also bumps its ``revision`` in the same transaction: the
one place that knows of every write, so what is derived from a history (trust, flags, the
export) can be cached by (partnership, revision) and never read stale (services/derived.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.util import identity_key

from ..extensions import db
from ..models import AuditEvent, Invitation, Member, Partnership, User, utcnow
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
    if partnership_id is not None:
        bump([partnership_id])
    elif isinstance(target, User) and action in SHOWN_IN_PARTNERSHIPS:
        bump(_partnerships_showing(target.id))
    events.publish(events.Event(action, actor, target, partnership_id, event.at or utcnow(), event))
    return event


# What a partnership shows of a person (the export, its members and invited: name, email,
# whether they can log in yet): a change to it is a change of every partnership that shows them.
SHOWN_IN_PARTNERSHIPS = frozenset({"user.update", "user.set_password", "user.confirm_email"})


def _partnerships_showing(user_id: int) -> list[int]:
    members = select(Member.partnership_id).where(Member.user_id == user_id)
    invited = select(Invitation.partnership_id).where(Invitation.user_id == user_id)
    return list(db.session.scalars(members.union(invited)))


def bump(partnership_ids: list[int]) -> None:
    """Add one to the partnerships' revision, in the transaction of the change (a row lock
    until it commits, so two writers of one partnership count one after the other)."""
    if not partnership_ids:
        return
    db.session.execute(
        update(Partnership)
        .where(Partnership.id.in_(partnership_ids))
        .values(revision=Partnership.revision + 1)
        .execution_options(synchronize_session=False)
    )
    for pid in partnership_ids:
        loaded = db.session.identity_map.get(identity_key(Partnership, pid))
        if loaded is not None:
            db.session.expire(loaded, ["revision"])


def trail(partnership_id: int) -> Select:
    """A partnership's audit events, newest first, as a query to paginate."""
    return (
        select(AuditEvent)
        .where(AuditEvent.partnership_id == partnership_id)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
