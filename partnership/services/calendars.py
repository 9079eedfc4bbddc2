"""Each member's private calendar feed (SPEC §12): its secret address, and the feed itself.

The address holds a token derived from SECRET_KEY and a random salt kept with the user; the
database keeps the salt and the token's sha256 (to find the feed by), never the token. So the
account page and ``GET /me`` can show the address again, a copy of the database alone opens
no feed, and a new salt (``regenerate``) retires the old address at once.

The feed is one load of the member's partnerships in a fixed number of queries, whatever
their number and size (``QUERIES``; tests/test_calendar.py measures it), turned into entries
by ``domain/calendar.py`` and written as iCalendar (RFC 5545) in the member's language.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections import defaultdict
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, url_for
from icalendar import Calendar, Event
from sqlalchemy import select

from ..domain import calendar
from ..domain.messages import Message
from ..errors import NotFound
from ..extensions import db
from ..i18n import choose
from ..i18n.render import render
from ..links import base_url
from ..models import (
    AuditEvent,
    Commitment,
    CommitmentEvent,
    Member,
    Partnership,
    Phase,
    Review,
    User,
)
from . import audit
from .history import commitment_record
from .transaction import atomic

# 43 characters of URL-safe base64: a whole HMAC-SHA256, and nothing else is a token.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
PRODID = "-//Partnership Tracker//Calendar feed//EN"
# The feed costs this many queries, however many partnerships and items (tests measure it):
# the token's user, partnerships, phases, commitments, their events, reviews, plan changes.
QUERIES = 7
# Audit actions that move an entry's date: the sequence of the entry counts them.
_DATE_MOVES = ("phase.update", "partnership.thresholds")


# --- the address --------------------------------------------------------------------------


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _derive(user_id: int, salt: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"calendar-feed\x00{user_id}\x00{salt}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_of(user: User) -> str | None:
    """The token of ``user``'s feed address, or None if they have none that can be shown."""
    if not user.calendar_salt or not user.calendar_token_hash:
        return None
    token = _derive(user.id, user.calendar_salt)
    # After SECRET_KEY changed, the token derived now is not the one subscribed to: the old
    # address still works (it is found by its hash), but only a new one can be shown.
    if not hmac.compare_digest(_sha256(token), user.calendar_token_hash):
        return None
    return token


@atomic
def regenerate(user: User) -> str:
    """A new feed address for ``user`` (their first, or one replacing the last); its token."""
    replaced = user.calendar_token_hash is not None
    user.calendar_salt = secrets.token_hex(16)
    token = _derive(user.id, user.calendar_salt)
    user.calendar_token_hash = _sha256(token)
    audit.record(
        user, "user.calendar_feed", user, partnership_id=None, after={"replaced": replaced}
    )
    db.session.commit()
    return token


def user_for_feed(token: object) -> User:
    """The owner of the feed whose address holds ``token``; NotFound for anything else."""
    # Checked before anything is looked up: no NUL, no non-ASCII, no length reaches the
    # database (only a hash would, but a malformed token is simply not one of ours).
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise NotFound("calendar.no_such_feed")
    user = db.session.scalar(select(User).where(User.calendar_token_hash == _sha256(token)))
    if user is None:
        raise NotFound("calendar.no_such_feed")
    return user


def url_of_token(token: str) -> str:
    return base_url() + url_for("calendar.feed", token=token)


def feed_url(user: User) -> str | None:
    token = token_of(user)
    return url_of_token(token) if token else None


# --- the feed -----------------------------------------------------------------------------


def schedules_of(user: User) -> list[calendar.PartnershipSchedule]:
    """What the feed shows of every partnership ``user`` is a member of, in 6 queries."""
    # Members only: a removed member's row is gone, and with it the partnership from here.
    # Invitations are another table: someone invited and not yet accepted has no row here.
    partnerships = list(
        db.session.scalars(
            select(Partnership)
            .join(Member, Member.partnership_id == Partnership.id)
            .where(Member.user_id == user.id)
            .order_by(Partnership.id)
        )
    )
    ids = [p.id for p in partnerships]
    phases = list(
        db.session.scalars(
            select(Phase)
            .where(Phase.partnership_id.in_(ids))
            .order_by(Phase.partnership_id, Phase.position, Phase.id)
        )
    )
    commitments = list(
        db.session.scalars(
            select(Commitment)
            .join(Phase)
            .where(Phase.partnership_id.in_(ids))
            .order_by(Commitment.id)
        )
    )
    events = list(
        db.session.scalars(
            select(CommitmentEvent)
            .join(Commitment)
            .join(Phase)
            .where(Phase.partnership_id.in_(ids))
        )
    )
    reviews = db.session.execute(
        select(Review.phase_id, Review.side).join(Phase).where(Phase.partnership_id.in_(ids))
    ).all()
    moves = list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.partnership_id.in_(ids), AuditEvent.action.in_(_DATE_MOVES)
            )
        )
    )

    events_of: defaultdict[int, list[CommitmentEvent]] = defaultdict(list)
    for e in events:
        events_of[e.commitment_id].append(e)
    commitments_of: defaultdict[int, list] = defaultdict(list)
    for c in commitments:
        commitments_of[c.phase_id].append(commitment_record(c, events_of[c.id]))
    reviewed: defaultdict[int, set[str]] = defaultdict(set)
    for phase_id, side in reviews:
        reviewed[phase_id].add(side)
    plan_changes, limit_changes = _date_moves(moves)

    phases_of: defaultdict[int, list[calendar.PhaseSchedule]] = defaultdict(list)
    for p in phases:
        phases_of[p.partnership_id].append(
            calendar.PhaseSchedule(
                id=p.id,
                name=p.name,
                status=p.status,
                created_at=p.created_at,
                objective=p.objective or "",
                planned_start=p.planned_start,
                planned_end=p.planned_end,
                closed_at=p.closed_at,
                plan_changes=tuple(sorted(plan_changes[p.id])),
                reviewed_sides=frozenset(reviewed[p.id]),
                commitments=tuple(commitments_of[p.id]),
            )
        )
    return [
        calendar.PartnershipSchedule(
            id=p.id,
            name=p.name,
            thresholds=dict(p.thresholds or {}),
            review_limit_changes=tuple(sorted(limit_changes[p.id])),
            phases=tuple(phases_of[p.id]),
        )
        for p in partnerships
    ]


def _date_moves(
    moves: list[AuditEvent],
) -> tuple[defaultdict[int, list[datetime]], defaultdict[int, list[datetime]]]:
    """When each phase's planned dates changed, and each partnership's late-review limit."""
    plan: defaultdict[int, list[datetime]] = defaultdict(list)
    limit: defaultdict[int, list[datetime]] = defaultdict(list)
    for move in moves:
        before, after = move.before or {}, move.after or {}
        if move.action == "phase.update" and move.target_id is not None:
            if any(before.get(k) != after.get(k) for k in ("planned_start", "planned_end")):
                plan[move.target_id].append(move.at)
        elif move.partnership_id is not None and before.get("late_review_days") != after.get(
            "late_review_days"
        ):
            limit[move.partnership_id].append(move.at)
    return plan, limit


def feed(user: User) -> bytes:
    """``user``'s calendar as iCalendar bytes, in their stored language."""
    schedules = schedules_of(user)
    # Cache, once partnerships carry a revision (issue 15): ``calendar.entries(schedule)``
    # depends on its partnership alone, so cache it by (partnership id, revision); and these
    # bytes by (user id, language, base URL, the (id, revision) of each partnership), which the
    # first query of ``schedules_of`` can return without loading anything else.
    entries = [entry for schedule in schedules for entry in calendar.entries(schedule)]
    return write(entries, user, choose(user.language), base_url())


def write(entries: list[calendar.Entry], user: User, language: str, base: str) -> bytes:
    host = urlsplit(base).hostname or "localhost"
    name = render(Message("calendar.name", name=user.name), language)
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("name", name)
    feed.add("x-wr-calname", name)
    # How often a client should fetch it again (RFC 7986; Outlook reads the X- one).
    feed.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT1H")
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.key}@{host}")
        event.add("dtstamp", entry.stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("sequence", entry.sequence)
        event.add("summary", render(entry.summary, language))
        if entry.description is not None:
            event.add("description", render(entry.description, language))
        page = url_for("phases.show", phase_id=entry.phase_id, _anchor=entry.anchor)
        event.add("url", base + page)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        # A two-month phase is not a busy two months: all-day entries never block time.
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    return feed.to_ical()
