"""A partnership's history as plain data: what the trust and flag engines read.

The service layer builds these from the database in a fixed number of queries (and the import
builds the same from a document), so the engines never see an ORM object or a session.
Times are timezone-aware UTC datetimes; dates are ``datetime.date``.
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


@dataclass(frozen=True)
class CommitmentEventRecord:
    id: int
    type: str  # progress | risk | slip | delivered | dropped
    at: datetime
    note: str = ""
    new_due_date: date | None = None  # slip only
    evidence: str = ""  # delivered only


@dataclass(frozen=True)
class CommitmentRecord:
    id: int
    title: str
    due_date: date  # the first due date promised; slips move it
    created_at: datetime
    events: tuple[CommitmentEventRecord, ...] = ()  # oldest first
    goal_id: int | None = None


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    side: str  # client | vendor: the side that wrote it
    decision: str
    ratings: dict[str, int]
    submitted_at: datetime
    conditions: str = ""
    comment: str = ""


@dataclass(frozen=True)
class PhaseHistory:
    id: int
    order: int  # 1-based position in the partnership
    name: str
    status: str
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
