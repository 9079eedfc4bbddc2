"""Telling people what happened and what waits for them (SPEC §11): to whom, once, and how.

From a change to the people it concerns, in three steps:

1. **Announce** (in the transaction of the change): ``on_event`` turns an audit event into an
   ``Announcement`` (``ANNOUNCERS``: one function per action), and ``announce`` writes one
   ``Notification`` row per person, keyed by the event, so an event reaches each person once
   however often it is announced. The rows commit with the change or not at all.
2. **Send** (in a job, never in the request): ``send_notification`` claims the row, sends its
   email in the recipient's language, and marks it sent. ``send_digest`` does the same for a
   day's rows of a person who chose the digest. A claim is a lease: a worker that died between
   claiming and sending leaves a row that ``sweep`` hands to a new job once the lease is over.
3. **Remind** (periodic, and ``flask --app app reminders``): ``send_reminders`` announces the
   commitments due in 2 days and the reviews still missing 5 days after the close; flags are
   checked after every change (``check_flags``) and on each pass, for those that time raises.

Who hears of what is the table in docs/product.md (Notifications); each announcer says it too.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import jobs, mail
from ..domain.commitments import commitment_state
from ..domain.messages import Message, Quote, Term
from ..domain.vocabulary import NOTIFICATION_CHOICES, WAITING_KINDS
from ..extensions import db
from ..i18n import choose, direction
from ..i18n.render import render
from ..links import base_url
from ..models import (
    Commitment,
    CommitmentEvent,
    Directive,
    FlagNotice,
    Member,
    Notification,
    Partnership,
    Phase,
    Review,
    User,
    utcnow,
)
from . import checks, events, webhooks
from .history import commitment_record
from .transaction import atomic, scoped

log = logging.getLogger(__name__)

# A commitment is reminded of this many days before it is due (SPEC §11).
REMIND_COMMITMENT_DAYS = 2
# A side's review is reminded of this many days after the phase entered review, before
# LATE_REVIEW is raised at 7 (SPEC §11).
REMIND_REVIEW_DAYS = 5
# A claim older than this is a sender that died: the row is sent again. Longer than any job
# may run (jobs.JOB_TIMEOUT), so a slow sender is never overtaken by a second one.
LEASE = timedelta(minutes=10)
# A row nobody claimed for this long lost its job (Redis was down, the process stopped).
LOST_AFTER = timedelta(minutes=5)
# After this many failed attempts a row is given up (delivery "failed") and logged as such.
MAX_ATTEMPTS = 8
# Flags of a phase decided longer ago than this are history: recorded, not announced.
FLAG_NEWS_WINDOW = timedelta(days=7)
ANNOUNCED_SEVERITIES = frozenset({"warning", "high"})
TITLE_LENGTH = 120  # characters of someone's words quoted in a title


# --- announcing ----------------------------------------------------------------------------


@dataclass
class Announcement:
    """What one event tells, and to whom: becomes one Notification per recipient."""

    kind: str
    key: str
    recipients: list[User]
    partnership_id: int | None
    phase_id: int | None
    message: Message
    subject: tuple[str, int | None] | None = None  # ("directive", 12): the item's id by name
    detail: Message | None = None
    at: datetime = field(default_factory=utcnow)


_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("quiet", default=False)


@contextlib.contextmanager
def without_email() -> Iterator[None]:
    """Notifications made inside are listed in the inbox but never emailed (the demo)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def announce(announcement: Announcement) -> list[Notification]:
    """Add a row for each recipient who has not had this event yet; queue their emails."""
    people = {u.id: u for u in announcement.recipients if u is not None}
    if not people:
        return []
    with db.session.no_autoflush:
        already = set(
            db.session.scalars(
                select(Notification.user_id).where(
                    Notification.key == announcement.key, Notification.user_id.in_(people)
                )
            )
        )
    made = []
    for user_id, user in people.items():
        if user_id in already:
            continue
        delivery = "none" if _quiet.get() else (user.notifications or "immediate")
        row = Notification(
            user=user,
            key=announcement.key,
            kind=announcement.kind,
            partnership_id=announcement.partnership_id,
            phase_id=announcement.phase_id,
            subject_type=announcement.subject[0] if announcement.subject else None,
            subject_id=announcement.subject[1] if announcement.subject else None,
            message=announcement.message.to_json(),
            detail=announcement.detail.to_json() if announcement.detail else None,
            at=announcement.at,
            created_at=utcnow(),
            delivery=delivery,
            attempts=0,
        )
        db.session.add(row)
        made.append(row)
        if delivery == "immediate":
            jobs.later(send_by_key, user_id, announcement.key)
    return made


def resolve(
    kind: str,
    *,
    phase_id: int | None = None,
    subject: tuple[str, int] | None = None,
    users: list[int] | None = None,
) -> None:
    """What waited is done: its rows leave the count, and an unsent email about it is not sent."""
    conditions = [Notification.kind == kind, Notification.resolved_at.is_(None)]
    if phase_id is not None:
        conditions.append(Notification.phase_id == phase_id)
    if subject is not None:
        conditions += [
            Notification.subject_type == subject[0],
            Notification.subject_id == subject[1],
        ]
    if users is not None:
        conditions.append(Notification.user_id.in_(users))
    db.session.execute(
        update(Notification).where(*conditions).values(resolved_at=utcnow()),
        execution_options={"synchronize_session": False},
    )


def _members(
    partnership: Partnership, side: str | None = None, *, leads: bool = False
) -> list[User]:
    return [
        m.user
        for m in partnership.members
        if (side is None or m.side == side) and (not leads or m.role == "lead")
    ]


def _without(people: list[User], actor: User | None) -> list[User]:
    """Nobody is told of what they did themselves."""
    return [p for p in people if actor is None or p.id != actor.id]


def _short(text: str) -> Quote:
    text = " ".join(text.split())
    return Quote(text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…")


def _other(side: str) -> str:
    return "vendor" if side == "client" else "client"


# One function per action that tells someone: the event in, the announcement out (or None).
Announcer = Callable[[events.Event], Announcement | None]


def _directive_sent(event: events.Event) -> Announcement:
    """A directive waits for the vendor side's answer: every vendor member may give it."""
    d: Directive = event.target
    return Announcement(
        "directive_to_answer",
        f"directive.send:{d.id}",
        _without(_members(d.phase.partnership, "vendor"), event.actor),
        d.phase.partnership_id,
        d.phase_id,
        Message(
            "inbox.directive_to_answer",
            person=d.created_by.name,
            phase=d.phase.name,
            text=_short(d.text),
        ),
        ("directive", d.id),
        at=event.at,
    )


def _directive_answered(event: events.Event) -> Announcement:
    """The answer goes to the directive's author; the directive no longer waits."""
    d: Directive = event.target
    resolve("directive_to_answer", subject=("directive", d.id))
    response = d.response
    assert response is not None
    return Announcement(
        "directive_answered",
        f"directive.respond:{d.id}",
        _without([d.created_by], event.actor),
        d.phase.partnership_id,
        d.phase_id,
        Message(
            "inbox.directive_answered",
            person=response.by.name,
            response=Term(response.response),
            text=_short(d.text),
        ),
        ("directive", d.id),
        Message("inbox.note", note=Quote(response.note)) if response.note else None,
        at=event.at,
    )


def _commitment_event(event: events.Event) -> Announcement | None:
    """Slips and deliveries go to the client side, who rely on the promise; any change of
    date or state ends the reminder of the date it had."""
    e: CommitmentEvent = event.target
    c = e.commitment
    if e.type in ("slip", "delivered", "dropped"):
        resolve("commitment_due", subject=("commitment", c.id))
    if e.type not in ("slip", "delivered"):
        return None
    client = _without(_members(c.phase.partnership, "client"), event.actor)
    if e.type == "slip":
        message = Message(
            "inbox.slip", person=e.by.name, title=_short(c.title), date=e.new_due_date
        )
        detail = Message("inbox.reason", reason=Quote(e.note)) if e.note else None
        kind = "slip"
    else:
        message = Message("inbox.delivery", person=e.by.name, title=_short(c.title))
        detail = Message("inbox.evidence", evidence=Quote(e.evidence)) if e.evidence else None
        kind = "delivery"
    return Announcement(
        kind,
        f"commitment.{e.type}:{e.id}",
        client,
        c.phase.partnership_id,
        c.phase_id,
        message,
        ("commitment", c.id),
        detail,
        at=event.at,
    )


def _review_submitted(event: events.Event) -> Announcement:
    """The other side hears of a review; the reviewing side's leads no longer owe it."""
    r: Review = event.target
    partnership = r.phase.partnership
    own_leads = [u.id for u in _members(partnership, r.side, leads=True)]
    resolve("review_due", phase_id=r.phase_id, users=own_leads)
    if r.side == "client":
        resolve("goal_outcomes_due", phase_id=r.phase_id)
    return Announcement(
        "review_submitted",
        f"review.submit:{r.id}",
        _without(_members(partnership, _other(r.side)), event.actor),
        partnership.id,
        r.phase_id,
        Message(
            "inbox.review_submitted",
            side=Term(r.side),
            phase=r.phase.name,
            decision=Term(r.decision),
        ),
        ("review", r.id),
        at=event.at,
    )


def _gate_decided(event: events.Event) -> Announcement:
    """Everyone in the partnership hears how the gate went."""
    phase: Phase = event.target
    resolve("review_due", phase_id=phase.id)
    resolve("goal_outcomes_due", phase_id=phase.id)
    return Announcement(
        "gate_decided",
        f"phase.decided:{phase.id}",
        _members(phase.partnership),
        phase.partnership_id,
        phase.id,
        Message(f"inbox.gate_{phase.status}", phase=phase.name),
        at=event.at,
    )


def _phase_closed(event: events.Event) -> Announcement:
    """Each side's leads owe a review now (the client's marks each goal's outcome too)."""
    phase: Phase = event.target
    return Announcement(
        "review_due",
        f"phase.close:{phase.id}",
        _members(phase.partnership, leads=True),
        phase.partnership_id,
        phase.id,
        Message("inbox.review_due", phase=phase.name),
        detail=Message("inbox.review_due_detail"),
        at=event.at,
    )


# Invitations (SPEC §13, issue 11) are announced by their own service, which knows the person
# before they are a member: ``announce(Announcement("invitation", f"invitation:{id}", [user],
# partnership_id, None, Message("inbox.invitation", person=..., partnership=...),
# ("invitation", id)))``; and what waits is listed through ``inbox.WAITING_SOURCES``.
ANNOUNCERS: dict[str, Announcer] = {
    "directive.send": _directive_sent,
    "directive.respond": _directive_answered,
    "commitment.slip": _commitment_event,
    "commitment.delivered": _commitment_event,
    "commitment.dropped": _commitment_event,
    "review.submit": _review_submitted,
    "phase.passed": _gate_decided,
    "phase.stopped": _gate_decided,
    "phase.close": _phase_closed,
}
# Actions that cannot change a flag: no check is queued after them.
_NO_FLAG_CHANGE = frozenset(
    {
        "partnership.update",
        "phase.plan",
        "phase.update",
        "phase.move",
        "webhook.create",
        "webhook.delete",
        "webhook.switch_off",
    }
)
_FLAG_CHECKS = scoped("notifications.flag_checks")  # the checks a transaction queued


@events.subscribe
def on_event(event: events.Event) -> None:
    """The subscriber of every audit event (``services/events.py``)."""
    with db.session.no_autoflush:
        announcer = ANNOUNCERS.get(event.action)
        if announcer is not None:
            announcement = announcer(event)
            if announcement is not None:
                announce(announcement)
    if event.partnership_id is not None and event.action not in _NO_FLAG_CHANGE:
        # One check per partnership per transaction, after the commit, in the background.
        queued = db.session.info.setdefault(_FLAG_CHECKS, set())
        if event.partnership_id not in queued:
            queued.add(event.partnership_id)
            # An import brings its history's flags along: recorded, not announced.
            jobs.later(check_flags, event.partnership_id, event.action != "partnership.import")


# --- flags ---------------------------------------------------------------------------------


def check_flags(partnership_id: int, announce_new: bool = True) -> int:
    """Announce the flags of warning or high severity not announced before, to their side.

    Each (phase, code) is announced once, ever: a flag that goes and comes back is not news.
    Flags of a phase decided more than a week ago, or found when ``announce_new`` is false
    (an import), are recorded without telling anyone. Returns how many were announced."""
    from . import insights

    partnership = db.session.get(Partnership, partnership_id)
    if partnership is None:
        return 0
    now = utcnow()
    snap = insights.snapshot(partnership, now)
    known = set(
        tuple(row)
        for row in db.session.execute(
            select(FlagNotice.phase_id, FlagNotice.code).where(
                FlagNotice.partnership_id == partnership_id
            )
        ).all()
    )
    phases = {p.id: p for p in partnership.phases}
    told = 0
    for flag in snap.flags:
        if flag.severity not in ANNOUNCED_SEVERITIES or (flag.phase_id, flag.code) in known:
            continue
        known.add((flag.phase_id, flag.code))
        phase = phases.get(flag.phase_id)
        if phase is None:
            continue
        recent = phase.decided_at is None or now - phase.decided_at <= FLAG_NEWS_WINDOW
        news = announce_new and recent
        db.session.add(
            FlagNotice(
                partnership_id=partnership_id,
                phase_id=phase.id,
                code=flag.code,
                severity=flag.severity,
                announced=news,
                at=now,
            )
        )
        if news:
            webhooks.flag_raised(partnership_id, phase.id, flag, now)
            side = None if flag.side == "both" else flag.side
            announce(
                Announcement(
                    "flag_raised",
                    f"flag:{phase.id}:{flag.code}",
                    _members(partnership, side),
                    partnership_id,
                    phase.id,
                    Message(
                        "inbox.flag_raised",
                        severity=Term(flag.severity),
                        phase=phase.name,
                        code=Term(flag.code),
                    ),
                    ("flag", None),
                    at=now,
                )
            )
            told += 1
    try:
        db.session.commit()
    except IntegrityError:
        # Another check recorded the same flags at the same moment: it told them.
        db.session.rollback()
        return 0
    return told


# --- reminders -----------------------------------------------------------------------------


def _commit_quietly() -> bool:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another pass announced it at the same moment
        return False
    return True


def send_reminders(now: datetime | None = None) -> int:
    """Announce what is due now (SPEC §11), each once however often this runs; then check the
    flags that time raises and hand unsent emails to new jobs. Returns the reminders made."""
    now = now or utcnow()
    today = now.date()
    open_phases = list(
        db.session.scalars(
            select(Phase)
            .where(Phase.status.in_(("active", "review")))
            .options(
                selectinload(Phase.partnership)
                .selectinload(Partnership.members)
                .selectinload(Member.user),
                selectinload(Phase.commitments).selectinload(Commitment.events),
                selectinload(Phase.commitments).selectinload(Commitment.created_by),
                selectinload(Phase.reviews),
            )
        )
    )
    made = 0
    for phase in open_phases:
        partnership = phase.partnership
        for c in phase.commitments:
            state = commitment_state(commitment_record(c), today)
            days = (state.due_date - today).days
            if state.status != "open" or not 0 <= days <= REMIND_COMMITMENT_DAYS:
                continue
            people = [c.created_by, *_members(partnership, "vendor", leads=True)]
            vendor = {m.user_id for m in partnership.members if m.side == "vendor"}
            made += len(
                announce(
                    Announcement(
                        "commitment_due",
                        f"reminder.commitment:{c.id}:{state.due_date.isoformat()}",
                        [p for p in people if p.id in vendor],
                        partnership.id,
                        phase.id,
                        Message("inbox.commitment_due", title=_short(c.title), date=state.due_date),
                        ("commitment", c.id),
                        Message("inbox.slip_advice"),
                        at=now,
                    )
                )
            )
        if (
            phase.status == "review"
            and phase.closed_at is not None
            and now - phase.closed_at >= timedelta(days=REMIND_REVIEW_DAYS)
        ):
            reviewed = {r.side for r in phase.reviews}
            for side in ("client", "vendor"):
                if side in reviewed:
                    continue
                made += len(
                    announce(
                        Announcement(
                            "review_due",
                            f"reminder.review:{phase.id}:{side}",
                            _members(partnership, side, leads=True),
                            partnership.id,
                            phase.id,
                            Message(
                                "inbox.review_late",
                                phase=phase.name,
                                days=(now - phase.closed_at).days,
                            ),
                            detail=Message("inbox.review_due_detail"),
                            at=now,
                        )
                    )
                )
        _commit_quietly()
    for partnership_id in {p.partnership_id for p in open_phases}:
        try:
            check_flags(partnership_id)
        except Exception:
            db.session.rollback()
            log.exception("Checking the flags of partnership %s failed", partnership_id)
    sweep(now)
    return made


@jobs.every("reminders", timedelta(hours=1))
def reminders_pass() -> None:
    count = send_reminders()
    log.info("Reminders: %d made", count)


# --- sending -------------------------------------------------------------------------------


def send_by_key(user_id: int, key: str) -> None:
    """The job queued for a new row (its id is not known before the commit)."""
    row_id = db.session.scalar(
        select(Notification.id).where(Notification.user_id == user_id, Notification.key == key)
    )
    if row_id is not None:
        send_notification(row_id)


def _claim(conditions: list[Any], now: datetime, stale_before: str | None = None) -> int:
    """Mark unsent rows as being sent by this worker; the commit makes the claim visible to
    every other, so only one of them ever sends a row. A claim made before ``stale_before``
    (the sweep's judgement, else the lease) belongs to a sender that died."""
    stale = datetime.fromisoformat(stale_before) if stale_before else now - LEASE
    result = db.session.execute(
        update(Notification)
        .where(
            *conditions,
            Notification.sent_at.is_(None),
            or_(Notification.claimed_at.is_(None), Notification.claimed_at < stale),
        )
        .values(claimed_at=now, attempts=Notification.attempts + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount  # type: ignore[attr-defined]


def _failed(rows: list[Notification], error: Exception) -> None:
    for row in rows:
        row.claimed_at = None
        row.last_error = str(error)[:2000]
        if row.attempts >= MAX_ATTEMPTS:
            row.delivery = "failed"
            log.error(
                "Email %s to user %s given up after %d attempts: %s",
                row.key,
                row.user_id,
                row.attempts,
                error,
            )
    db.session.commit()
    log.warning(
        "Email to user %s not sent (attempt %d), will retry: %s",
        rows[0].user_id,
        rows[0].attempts,
        error,
    )


def send_notification(notification_id: int, stale_before: str | None = None) -> None:
    """Send one row's email, at most once: claim it, send, mark it sent.

    A failure to send releases the claim and raises, so that the queue tries again later
    (jobs.RETRY_DELAYS), and the sweep after that."""
    now = utcnow()
    mine = [Notification.id == notification_id, Notification.delivery == "immediate"]
    if not _claim(mine, now, stale_before):
        return  # sent already, being sent by another worker, or not to be emailed
    row = db.session.get(Notification, notification_id, populate_existing=True)
    assert row is not None
    user = row.user
    if row.resolved_at is not None and row.kind in WAITING_KINDS:
        row.delivery = "none"  # it no longer waits: nothing to say
    elif user.notifications in ("none", "digest"):
        row.delivery = user.notifications  # chosen since: the digest takes it, or nobody
    if row.delivery != "immediate":
        # Handed on, not attempted: the claim and its count go (the sweep retries attempts).
        row.claimed_at, row.attempts = None, row.attempts - 1
    else:
        message = compose(user, [row])
        try:
            mail.send(message)
        except mail.MailError as error:
            _failed([row], error)
            raise
        row.sent_at = utcnow()
    db.session.commit()


def send_digest(user_id: int, now: datetime | None = None, stale_before: str | None = None) -> int:
    """Send a person's unsent digest rows as one email; returns how many it carried."""
    now = now or utcnow()
    user = db.session.get(User, user_id)
    if user is None:
        return 0
    mine = [Notification.user_id == user_id, Notification.delivery == "digest"]
    if not _claim(mine, now, stale_before):
        return 0
    rows = list(
        db.session.scalars(
            select(Notification)
            .where(
                Notification.user_id == user_id,
                Notification.delivery == "digest",
                Notification.sent_at.is_(None),
                Notification.claimed_at == now,
            )
            .order_by(Notification.at, Notification.id)
            .execution_options(populate_existing=True)
        )
    )
    live = [r for r in rows if not (r.resolved_at is not None and r.kind in WAITING_KINDS)]
    for row in rows:
        if row not in live or user.notifications == "none":
            row.delivery, row.claimed_at = "none", None
    if user.notifications == "none" or not live:
        db.session.commit()
        return 0
    message = compose(user, live, digest=True)
    try:
        mail.send(message)
    except mail.MailError as error:
        _failed(live, error)
        raise
    sent = utcnow()
    for row in live:
        row.sent_at = sent
    db.session.commit()
    return len(live)


def send_digests(now: datetime | None = None) -> int:
    """Every digest due now, one email per person; returns how many emails went."""
    now = now or utcnow()
    people = list(
        db.session.scalars(
            select(Notification.user_id)
            .where(Notification.delivery == "digest", Notification.sent_at.is_(None))
            .distinct()
        )
    )
    sent = 0
    for user_id in people:
        try:
            sent += 1 if send_digest(user_id, now) else 0
        except mail.MailError:
            continue  # logged by _failed; the next pass of the sweep tries again
        except Exception:
            db.session.rollback()
            log.exception("The digest of user %s failed", user_id)
    return sent


@jobs.every("digest", timedelta(days=1))
def digest_pass() -> None:
    log.info("Digests: %d sent", send_digests())


def sweep(now: datetime | None = None) -> int:
    """Hand every email that should have gone and has not to a new job: rows whose job was
    lost, whose sender died after claiming them (the lease is over), or whose last attempt
    failed. Returns how many jobs it queued."""
    now = now or utcnow()
    unsent = [
        Notification.sent_at.is_(None),
        Notification.attempts < MAX_ATTEMPTS,
        or_(
            and_(
                Notification.claimed_at.is_(None),
                or_(Notification.attempts > 0, Notification.created_at < now - LOST_AFTER),
            ),
            Notification.claimed_at < now - LEASE,
        ),
    ]
    immediate = list(
        db.session.scalars(
            select(Notification.id).where(Notification.delivery == "immediate", *unsent)
        )
    )
    # Digest rows wait for the day's digest, unless a digest of them was tried and failed.
    digests = list(
        db.session.scalars(
            select(Notification.user_id)
            .where(
                Notification.delivery == "digest",
                Notification.attempts > 0,
                *unsent,
            )
            .distinct()
        )
    )
    stale = (now - LEASE).isoformat()
    for row_id in immediate:
        jobs.now(send_notification, row_id, stale)
    for user_id in digests:
        jobs.now(send_digest, user_id, None, stale)
    return len(immediate) + len(digests)


# --- the email -----------------------------------------------------------------------------


def language_of(user: User) -> str:
    return choose(user.language)


def link(row: Notification) -> str:
    """The absolute address of what a row is about."""
    return base_url() + item_path(
        row.kind, row.partnership_id, row.phase_id, row.subject_type, row.subject_id
    )


def item_path(
    kind: str,
    partnership_id: int | None,
    phase_id: int | None,
    subject_type: str | None,
    subject_id: int | None,
) -> str:
    """The page of an inbox item, at the item itself."""
    if not has_request_context():
        with current_app.test_request_context("/"):
            return item_path(kind, partnership_id, phase_id, subject_type, subject_id)
    if kind == "invitation":
        return url_for("inbox.show")  # not a member yet: the inbox offers accept and decline
    if kind == "webhook_disabled" and partnership_id:
        return url_for("webhooks.settings", partnership_id=partnership_id)
    if kind == "flag_raised" and partnership_id:
        return url_for("insights.show", partnership_id=partnership_id, _anchor="flags-heading")
    if subject_type in ("directive", "commitment") and phase_id:
        return url_for("phases.show", phase_id=phase_id, _anchor=f"{subject_type}-{subject_id}")
    if phase_id:
        return url_for("phases.show", phase_id=phase_id, _anchor="reviews-heading")
    if partnership_id:
        return url_for("partnerships.show", partnership_id=partnership_id)
    return url_for("inbox.show")


def unsubscribe_token(user: User) -> str:
    return str(_serializer().dumps(user.id))


def user_for_unsubscribe(token: str) -> User | None:
    try:
        user_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(user_id, int) or not 0 < user_id <= checks.MAX_ID:
        return None
    return db.session.get(User, user_id)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def _domain() -> str:
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "localhost"


def compose(user: User, rows: list[Notification], *, digest: bool = False) -> EmailMessage:
    """The email of ``rows`` to ``user``: a plain-text part and an HTML part, in their language,
    with a link to each item and a one-click unsubscribe link (RFC 8058)."""
    language = language_of(user)
    base = base_url()
    with current_app.test_request_context("/"), force_locale(language):
        items = [
            {
                "title": render(Message.from_json(r.message), language),
                "title_html": render(Message.from_json(r.message), language, html=True),
                "detail": render(Message.from_json(r.detail), language) if r.detail else None,
                "detail_html": (
                    render(Message.from_json(r.detail), language, html=True) if r.detail else None
                ),
                "url": link(r),
                "kind": r.kind,
                "at": r.at,
            }
            for r in rows
        ]
        names = _names_of(rows)
        for item, row in zip(items, rows, strict=True):
            item["where"] = names.get(row.partnership_id, "")
        unsubscribe = base + url_for("notify.unsubscribe", token=unsubscribe_token(user))
        context = {
            "user": user,
            "items": items,
            "digest": digest,
            "unsubscribe_url": unsubscribe,
            "account_url": base + url_for("account.settings", _anchor="notifications-heading"),
            "inbox_url": base + url_for("inbox.show"),
            "language": language,
            "direction": direction(language),
        }
        from flask_babel import gettext, ngettext

        if digest:
            subject = ngettext(
                "Partnership Tracker: %(num)d thing since yesterday",
                "Partnership Tracker: %(num)d things since yesterday",
                len(items),
            )
        else:
            subject = items[0]["title"]
        context["subject"] = subject
        context["why"] = gettext("You get this email because you are a member of a partnership.")
        text = render_template("email/notification.txt", **context)
        html = render_template("email/notification.html", **context)

    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())[:200]
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = Address(display_name=user.name, addr_spec=user.email)
    message["Date"] = format_datetime(datetime.now(UTC))
    ids = "-".join(str(r.id) for r in rows)
    tag = hashlib.sha256(f"{user.id}:{ids}".encode()).hexdigest()[:16]
    # The same rows give the same Message-ID: should a message ever go twice (a crash between
    # the server's acceptance and our record of it), receiving systems see the duplicate.
    message["Message-ID"] = f"<{'digest' if digest else 'notification'}.{tag}@{_domain()}>"
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    # What it is about, for people's mail filters: the inbox kind, or "digest".
    message["X-Tracker-Kind"] = "digest" if digest else rows[0].kind
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after the parts, or it would move into the first
    return message


def _names_of(rows: list[Notification]) -> dict[int | None, str]:
    ids = {r.partnership_id for r in rows if r.partnership_id}
    if not ids:
        return {}
    return dict(
        db.session.execute(
            select(Partnership.id, Partnership.name).where(Partnership.id.in_(ids))
        ).all()
    )


# --- the person's choice -------------------------------------------------------------------


@atomic
def set_choice(user: User, choice: object) -> User:
    """Immediate, digest or none (SPEC §11); emails not yet sent follow the new choice."""
    from . import audit

    value = checks.choice(choice, "notifications", NOTIFICATION_CHOICES)
    before = user.notifications
    if value != before:
        user.notifications = value
        pending = [
            Notification.user_id == user.id,
            Notification.sent_at.is_(None),
            Notification.delivery.in_(("immediate", "digest")),
        ]
        # "none" drops what was waiting to be sent; a digest takes what had not gone yet.
        if value in ("none", "digest"):
            db.session.execute(
                update(Notification).where(*pending).values(delivery=value),
                execution_options={"synchronize_session": False},
            )
        audit.record(
            user,
            "user.notifications",
            user,
            partnership_id=None,
            before={"notifications": before},
            after={"notifications": value},
        )
    db.session.commit()
    return user


@functools.cache
def unread() -> Any:
    """What is new to each person (the count in the navigation), as a column of ``User``:
    open and arrived since they last opened the inbox. The page loads it with the person in
    one query (``web.load_user``). Built once: an expression is immutable, and
    building this one was 8% of a kept page's time under the profiler."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == User.id,
            Notification.resolved_at.is_(None),
            or_(User.inbox_seen_at.is_(None), Notification.created_at > User.inbox_seen_at),
        )
        .correlate(User)
        .scalar_subquery()
    )


def unread_count(user: User) -> int:
    return db.session.scalar(select(unread()).where(User.id == user.id)) or 0


@atomic
def mark_seen(user: User, now: datetime | None = None) -> None:
    user.inbox_seen_at = now or utcnow()
    db.session.commit()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)
