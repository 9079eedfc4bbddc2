"""A partnership's history as plain data: what the trust and flag engines read.

The service layer builds these from the database in a fixed number of queries (and the import
builds the same from a document), so the engines never see an ORM object or a session.
Times are timezone-aware UTC datetimes; dates are ``datetime.date``. Who wrote what is a user
id (``*_by_id``): the engines do not read it, the export and the CSV downloads do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .messages import Message


@dataclass(frozen=True)
class GoalRevisionRecord:
    """The values a goal had until ``replaced_at``."""

    title: str
    success_criterion: str
    priority: str
    replaced_at: datetime
    replaced_by_id: int | None = None


@dataclass(frozen=True)
class GoalRecord:
    id: int
    title: str
    success_criterion: str
    priority: str
    category: str  # outcome | constraint | prescriptive (of the current text)
    created_at: datetime
    revisions: tuple[GoalRevisionRecord, ...] = ()
    removed_at: datetime | None = None
    outcome: str | None = None  # set by the client's review: met | partly_met | missed
    reasons: tuple[Message, ...] = ()  # why it reads as its category (reason.* messages)
    created_by_id: int | None = None
    removed_by_id: int | None = None


@dataclass(frozen=True)
class DirectiveRecord:
    id: int
    text: str
    category: str
    channel: str
    adds_scope: bool
    created_at: datetime
    goal_id: int | None = None
    response: str | None = None  # acknowledged | accepted | accepted_replanned | declined
    responded_at: datetime | None = None
    reasons: tuple[Message, ...] = ()  # why it reads as its category (reason.* messages)
    created_by_id: int | None = None
    response_note: str = ""
    responded_by_id: int | None = None


@dataclass(frozen=True)
class CommitmentEventRecord:
    id: int
    type: str  # progress | risk | slip | delivered | dropped
    at: datetime
    note: str = ""
    new_due_date: date | None = None  # slip only
    evidence: str = ""  # delivered only
    by_id: int | None = None


@dataclass(frozen=True)
class CommitmentRecord:
    id: int
    title: str
    due_date: date  # the first due date promised; slips move it
    created_at: datetime
    events: tuple[CommitmentEventRecord, ...] = ()  # oldest first
    goal_id: int | None = None
    created_by_id: int | None = None


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    side: str  # client | vendor: the side that wrote it
    decision: str
    ratings: dict[str, int]
    submitted_at: datetime
    conditions: str = ""
    comment: str = ""
    by_id: int | None = None


@dataclass(frozen=True)
class PhaseHistory:
    id: int
    order: int  # 1-based position in the partnership
    name: str
    status: str
    objective: str | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None  # entered review
    decided_at: datetime | None = None  # gate passed or stopped it
    goals: tuple[GoalRecord, ...] = ()
    directives: tuple[DirectiveRecord, ...] = ()
    commitments: tuple[CommitmentRecord, ...] = ()
    reviews: tuple[ReviewRecord, ...] = ()


@dataclass(frozen=True)
class PartnershipHistory:
    id: int
    name: str
    engagement: str  # fixed_price | time_and_materials
    phases: tuple[PhaseHistory, ...] = ()  # in order
    thresholds: dict[str, float] = field(default_factory=dict)  # overrides of flag defaults


def authors_of(phases: tuple[PhaseHistory, ...]) -> set[int]:
    """The user ids of everyone who wrote something of these phases."""
    found: set[int | None] = set()
    for phase in phases:
        for g in phase.goals:
            found |= {g.created_by_id, g.removed_by_id, *(r.replaced_by_id for r in g.revisions)}
        for d in phase.directives:
            found |= {d.created_by_id, d.responded_by_id}
        for c in phase.commitments:
            found |= {c.created_by_id, *(e.by_id for e in c.events)}
        found |= {r.by_id for r in phase.reviews}
    return {i for i in found if i is not None}
