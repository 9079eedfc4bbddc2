"""Load a partnership's history as plain data for the domain engines.

Plain rows (SQLAlchemy Core: ``select`` of a table's columns), never ORM instances: a
3,000-commitment history is some 7,000 rows, which cost a tenth of a second or more as mapped
objects. One query per table, whatever the length of the history: partnership, phases, goals, goal
revisions, directives, responses, commitments, events, reviews, ratings (10 in all; measured
by tests/test_history_loader.py), for one partnership or, with ``load_many``, for several.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.util import identity_key

from ..domain.history import (
    CommitmentEventRecord,
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    GoalRevisionRecord,
    PartnershipHistory,
    PhaseHistory,
    ReviewRecord,
)
from ..domain.language.wording import reason_message
from ..extensions import db
from ..models import (
    Commitment,
    CommitmentEvent,
    Directive,
    DirectiveResponse,
    Goal,
    GoalRevision,
    Partnership,
    Phase,
    Review,
    ReviewRating,
)

QUERIES = 10


# The builders read attributes, so they take an ORM object or a Core row alike.
Row = Any


def event_record(e: CommitmentEvent | Row) -> CommitmentEventRecord:
    return CommitmentEventRecord(
        id=e.id,
        type=e.type,
        at=e.at,
        note=e.note or "",
        new_due_date=e.new_due_date,
        evidence=e.evidence or "",
    )


def commitment_record(
    c: Commitment | Row, events: list[CommitmentEvent] | list[Row] | None = None
) -> CommitmentRecord:
    events = c.events if events is None else events
    return CommitmentRecord(
        id=c.id,
        title=c.title,
        due_date=c.due_date,
        created_at=c.created_at,
        events=tuple(event_record(e) for e in sorted(events, key=lambda e: (e.at, e.id))),
        goal_id=c.goal_id,
    )


def _goal_record(g: Row, revisions: list[Row]) -> GoalRecord:
    return GoalRecord(
        id=g.id,
        title=g.title,
        success_criterion=g.success_criterion or "",
        priority=g.priority,
        category=g.category,
        created_at=g.created_at,
        revisions=tuple(
            GoalRevisionRecord(
                title=r.title,
                success_criterion=r.success_criterion or "",
                priority=r.priority,
                replaced_at=r.replaced_at,
            )
            for r in sorted(revisions, key=lambda r: (r.replaced_at, r.id))
        ),
        removed_at=g.removed_at,
        outcome=g.outcome,
        reasons=tuple(reason_message(r) for r in g.reasons or ()),
    )


def _directive_record(d: Row, response: Row | None) -> DirectiveRecord:
    return DirectiveRecord(
        id=d.id,
        text=d.text,
        category=d.category,
        channel=d.channel,
        adds_scope=d.adds_scope,
        created_at=d.created_at,
        goal_id=d.goal_id,
        response=response.response if response else None,
        responded_at=response.at if response else None,
        reasons=tuple(reason_message(r) for r in d.reasons or ()),
    )


def _review_record(r: Row, ratings: list[Row]) -> ReviewRecord:
    return ReviewRecord(
        id=r.id,
        side=r.side,
        decision=r.decision,
        ratings={x.criterion: x.rating for x in ratings},
        submitted_at=r.submitted_at,
        conditions=r.conditions or "",
        comment=r.comment or "",
    )


def _rows(model, *joins, partnership_ids: list[int]) -> list[Row]:
    query = select(*model.__table__.c)
    for target in joins:
        query = query.join(target)
    return list(db.session.execute(query.where(Phase.partnership_id.in_(partnership_ids))))


def load(partnership: Partnership | int) -> PartnershipHistory:
    pid = partnership if isinstance(partnership, int) else partnership.id
    loaded = load_many([pid])
    if pid not in loaded:
        raise LookupError(f"no partnership {pid}")
    return loaded[pid]


def load_many(partnership_ids: list[int]) -> dict[int, PartnershipHistory]:
    """The histories of several partnerships at once, by id, in the same ``QUERIES`` queries
    as one (the portfolio's page loads its partnerships this way); missing ids are left out."""
    ids = list(dict.fromkeys(partnership_ids))
    if not ids:
        return {}
    # The partnerships a request has loaded already (its page's) cost no query again.
    known = [db.session.identity_map.get(identity_key(Partnership, i)) for i in ids]
    records = [r for r in known if r is not None]
    missing = [i for i, r in zip(ids, known, strict=True) if r is None]
    if missing:
        records += db.session.scalars(select(Partnership).where(Partnership.id.in_(missing)))
    phases = list(
        db.session.execute(
            select(*Phase.__table__.c)
            .where(Phase.partnership_id.in_(ids))
            .order_by(Phase.position, Phase.id)
        )
    )
    goals = _rows(Goal, Phase, partnership_ids=ids)
    revisions = _rows(GoalRevision, Goal, Phase, partnership_ids=ids)
    directives = _rows(Directive, Phase, partnership_ids=ids)
    responses = _rows(DirectiveResponse, Directive, Phase, partnership_ids=ids)
    commitments = _rows(Commitment, Phase, partnership_ids=ids)
    events = _rows(CommitmentEvent, Commitment, Phase, partnership_ids=ids)
    reviews = _rows(Review, Phase, partnership_ids=ids)
    ratings = _rows(ReviewRating, Review, Phase, partnership_ids=ids)

    revisions_of, events_of, ratings_of = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in revisions:
        revisions_of[r.goal_id].append(r)
    for e in events:
        events_of[e.commitment_id].append(e)
    for x in ratings:
        ratings_of[x.review_id].append(x)
    response_of = {r.directive_id: r for r in responses}
    by_phase: dict[str, defaultdict[int, list]] = {
        "goals": defaultdict(list),
        "directives": defaultdict(list),
        "commitments": defaultdict(list),
        "reviews": defaultdict(list),
    }
    for g in sorted(goals, key=lambda g: g.id):
        by_phase["goals"][g.phase_id].append(_goal_record(g, revisions_of[g.id]))
    for d in sorted(directives, key=lambda d: d.id):
        by_phase["directives"][d.phase_id].append(_directive_record(d, response_of.get(d.id)))
    for c in sorted(commitments, key=lambda c: c.id):
        by_phase["commitments"][c.phase_id].append(commitment_record(c, events_of[c.id]))
    for r in sorted(reviews, key=lambda r: r.id):
        by_phase["reviews"][r.phase_id].append(_review_record(r, ratings_of[r.id]))
    phases_of: defaultdict[int, list[Row]] = defaultdict(list)
    for p in phases:
        phases_of[p.partnership_id].append(p)

    return {
        record.id: PartnershipHistory(
            id=record.id,
            name=record.name,
            engagement=record.engagement,
            thresholds=dict(record.thresholds or {}),
            phases=tuple(
                PhaseHistory(
                    id=p.id,
                    order=index,
                    name=p.name,
                    status=p.status,
                    planned_start=p.planned_start,
                    planned_end=p.planned_end,
                    started_at=p.started_at,
                    closed_at=p.closed_at,
                    decided_at=p.decided_at,
                    goals=tuple(by_phase["goals"][p.id]),
                    directives=tuple(by_phase["directives"][p.id]),
                    commitments=tuple(by_phase["commitments"][p.id]),
                    reviews=tuple(by_phase["reviews"][p.id]),
                )
                for index, p in enumerate(phases_of[record.id], start=1)
            ),
        )
        for record in records
    }
