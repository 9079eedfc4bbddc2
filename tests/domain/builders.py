"""Readable builders of partnership histories for the domain tests.

Every story starts on ``START`` (Monday 2 March 2026, 09:00 UTC); times are given as day
numbers from it, so a test reads "delivered on day 4, due day 5" rather than in datetimes::

    h = history(phase(goals=[goal()], commitments=[commitment(due=5, events=[delivered(4)])]))

Ids come from one counter starting high, so items added by a test never collide with those a
hypothesis strategy generated (which count from 1).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from partnership.domain.history import (
    CommitmentEventRecord,
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    GoalRevisionRecord,
    PartnershipHistory,
    PhaseHistory,
    ReviewRecord,
)
from partnership.domain.vocabulary import (
    CRITERIA,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

_ids = itertools.count(100_000)


def next_id() -> int:
    return next(_ids)


def day(n: float) -> datetime:
    """The moment ``n`` days after START (fractions allowed: 0.5 is 21:00 on day 0)."""
    return START + timedelta(days=n)


def date_of(n: int) -> date:
    """The calendar date of day ``n``."""
    return (START + timedelta(days=n)).date()


# --- client items ---------------------------------------------------------------------------


def goal(
    title: str = "Warehouse staff print a picking list in under five seconds",
    category: str = "outcome",
    created: float = -1,
    edited: Iterable[float] = (),
    removed: float | None = None,
    outcome: str | None = None,
    reasons: tuple[str, ...] = (),
    priority: str = "must",
) -> GoalRecord:
    """A goal written on day ``created`` (before a phase starting on day 0, by default)."""
    revisions = tuple(
        GoalRevisionRecord(f"{title} (draft {i + 1})", "criterion", priority, day(at))
        for i, at in enumerate(edited)
    )
    return GoalRecord(
        id=next_id(),
        title=title,
        success_criterion="Measured on the staging warehouse",
        priority=priority,
        category=category,
        created_at=day(created),
        revisions=revisions,
        removed_at=day(removed) if removed is not None else None,
        outcome=outcome,
        reasons=reasons,
    )


def directive(
    text: str = "Customers can pay by invoice",
    category: str = "outcome",
    channel: str = "ticket",
    adds_scope: bool = False,
    sent: float = 1,
    response: str | None = None,
    goal_id: int | None = None,
) -> DirectiveRecord:
    return DirectiveRecord(
        id=next_id(),
        text=text,
        category=category,
        channel=channel,
        adds_scope=adds_scope,
        created_at=day(sent),
        goal_id=goal_id,
        response=response,
        responded_at=day(sent + 0.5) if response else None,
    )


# --- vendor items ---------------------------------------------------------------------------


def progress(on: float) -> CommitmentEventRecord:
    return CommitmentEventRecord(next_id(), "progress", day(on), note="moving")


def risk(on: float) -> CommitmentEventRecord:
    return CommitmentEventRecord(next_id(), "risk", day(on), note="the API may be slow")


def slip(on: float, to: int) -> CommitmentEventRecord:
    """A slip recorded on day ``on`` moving the due date to day ``to``."""
    return CommitmentEventRecord(
        next_id(), "slip", day(on), note="blocked", new_due_date=date_of(to)
    )


def delivered(on: float) -> CommitmentEventRecord:
    return CommitmentEventRecord(next_id(), "delivered", day(on), evidence="https://ci.example/42")


def dropped(on: float) -> CommitmentEventRecord:
    return CommitmentEventRecord(next_id(), "dropped", day(on), note="no longer needed")


def commitment(
    title: str = "Export to CSV",
    due: int = 10,
    created: float = 1,
    events: Iterable[CommitmentEventRecord] = (),
) -> CommitmentRecord:
    """A commitment made on day ``created``, due on day ``due``."""
    return CommitmentRecord(
        id=next_id(),
        title=title,
        due_date=date_of(due),
        created_at=day(created),
        events=tuple(events),
    )


# --- reviews and phases -----------------------------------------------------------------------


def review(
    side: str,
    decision: str = "go",
    ratings: dict[str, int] | None = None,
    submitted: float = 30,
) -> ReviewRecord:
    """A review by ``side``; unnamed criteria are rated 4."""
    all_ratings = dict.fromkeys(CRITERIA[side], 4)
    all_ratings.update(ratings or {})
    return ReviewRecord(next_id(), side, decision, all_ratings, day(submitted))


def phase(
    name: str = "Build",
    status: str = "active",
    started: float | None = 0,
    closed: float | None = None,
    decided: float | None = None,
    goals: Iterable[GoalRecord] = (),
    directives: Iterable[DirectiveRecord] = (),
    commitments: Iterable[CommitmentRecord] = (),
    reviews: Iterable[ReviewRecord] = (),
) -> PhaseHistory:
    """A phase (active from day 0 by default); ``history`` sets its order."""
    return PhaseHistory(
        id=next_id(),
        order=0,
        name=name,
        status=status,
        started_at=day(started) if started is not None else None,
        closed_at=day(closed) if closed is not None else None,
        decided_at=day(decided) if decided is not None else None,
        goals=tuple(goals),
        directives=tuple(directives),
        commitments=tuple(commitments),
        reviews=tuple(reviews),
    )


def history(
    *phases: PhaseHistory,
    engagement: str = "time_and_materials",
    thresholds: dict[str, float] | None = None,
) -> PartnershipHistory:
    """A partnership whose phases are in the order given."""
    ordered = tuple(replace(p, order=i + 1) for i, p in enumerate(phases))
    return PartnershipHistory(
        id=next_id(),
        name="Reporting platform renewal",
        engagement=engagement,
        phases=ordered,
        thresholds=dict(thresholds or {}),
    )


# --- changing a history, for before/after comparisons -------------------------------------


def add_to_phase(
    h: PartnershipHistory,
    phase_id: int,
    goals: Iterable[GoalRecord] = (),
    directives: Iterable[DirectiveRecord] = (),
    commitments: Iterable[CommitmentRecord] = (),
    reviews: Iterable[ReviewRecord] = (),
) -> PartnershipHistory:
    """``h`` with the given items added to the phase ``phase_id``."""
    phases = tuple(
        replace(
            p,
            goals=p.goals + tuple(goals),
            directives=p.directives + tuple(directives),
            commitments=p.commitments + tuple(commitments),
            reviews=p.reviews + tuple(reviews),
        )
        if p.id == phase_id
        else p
        for p in h.phases
    )
    return replace(h, phases=phases)


def append_events(
    h: PartnershipHistory, commitment_id: int, *events: CommitmentEventRecord
) -> PartnershipHistory:
    """``h`` with ``events`` appended to the log of commitment ``commitment_id``."""
    phases = tuple(
        replace(
            p,
            commitments=tuple(
                replace(c, events=c.events + events) if c.id == commitment_id else c
                for c in p.commitments
            ),
        )
        for p in h.phases
    )
    return replace(h, phases=phases)


def replace_goal(h: PartnershipHistory, goal_id: int, **changes: object) -> PartnershipHistory:
    """``h`` with goal ``goal_id`` changed (``category="outcome"``, say)."""
    phases = tuple(
        replace(
            p,
            goals=tuple(replace(g, **changes) if g.id == goal_id else g for g in p.goals),
        )
        for p in h.phases
    )
    return replace(h, phases=phases)


def healthy_history() -> PartnershipHistory:
    """A partnership that works: outcome goals, few ticketed directives, promises kept early
    or slipped openly, both sides saying go. It should raise no warning or high flag."""
    first_goals = [
        goal("Warehouse staff print a picking list in under five seconds"),
        goal("Customer data stays in EU data centres, as GDPR requires", category="constraint"),
        goal("Managers see yesterday's orders by 8 o'clock"),
    ]
    first = phase(
        "Discovery",
        status="passed",
        started=0,
        closed=20,
        decided=22,
        goals=first_goals,
        directives=[
            directive("Pickers must not need a new device", category="constraint", sent=2),
            directive("Reports must load fast for managers", sent=6, response="acknowledged"),
        ],
        commitments=[
            commitment("Picking list prototype", due=8, created=1,
                       events=[progress(4), risk(5), delivered(7)]),
            commitment("Order report", due=12, created=1,
                       events=[slip(9, to=15), delivered(14)]),
            commitment("Data residency check", due=16, created=2, events=[delivered(16)]),
        ],
        reviews=[
            review("client", "go", {"delivery": 5, "transparency": 5}, submitted=21),
            review("vendor", "go", {"autonomy": 5, "scope_stability": 4}, submitted=21),
        ],
    )  # fmt: skip
    second = phase(
        "Build",
        status="active",
        started=23,
        goals=[goal("Orders reach the existing SAP system", category="constraint", created=21)],
        directives=[directive("Returns appear in the order report", sent=25)],
        commitments=[
            commitment("SAP connector", due=40, created=23, events=[progress(28), progress(33)]),
        ],
    )
    return history(first, second)
