"""Load a partnership's history as plain data for the domain engines.

Plain rows (SQLAlchemy Core: ``select`` of a table's columns), never ORM instances: a
3,000-commitment history is some 7,000 rows, which cost a tenth of a second or more as mapped
objects. One query per table, whatever the length of the history: partnership, phases, goals, goal
revisions, directives, responses, commitments, events, reviews, ratings (10 in all; measured
by tests/test_history_loader.py), for one partnership or, with ``load_many``, for several.

A phase's items are kept in the process by the phase's ``items_revision``, which every change
of them adds one to in its own transaction (``_count_changes``, whatever service makes it): after
a write only the phase it touched is read again, the others' items are the records read before.
(A decided phase still changes: its open commitments take events after the gate.)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session
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
from . import derived
from .transaction import scoped

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
        by_id=e.by_id,
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
        created_by_id=c.created_by_id,
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
                replaced_by_id=r.replaced_by_id,
            )
            for r in sorted(revisions, key=lambda r: (r.replaced_at, r.id))
        ),
        removed_at=g.removed_at,
        outcome=g.outcome,
        reasons=tuple(reason_message(r) for r in g.reasons or ()),
        created_by_id=g.created_by_id,
        removed_by_id=g.removed_by_id,
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
        created_by_id=d.created_by_id,
        response_note=(response.note or "") if response else "",
        responded_by_id=response.by_id if response else None,
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
        by_id=r.by_id,
    )


def _rows(model, *joins, phase_ids: list[int]) -> list[Row]:
    query = select(*model.__table__.c)
    for target in joins:
        query = query.join(target)
    return list(db.session.execute(query.where(Phase.id.in_(phase_ids))))


# A phase's goals, directives, commitments and reviews, as records.
Items = tuple[
    tuple[GoalRecord, ...],
    tuple[DirectiveRecord, ...],
    tuple[CommitmentRecord, ...],
    tuple[ReviewRecord, ...],
]
# Records (goals, directives, commitments, events, reviews) of phases' items a process keeps:
# about 0.45 KB each (the 30-phase / 3,000-commitment history is 10,000 records, 4.3 MB), so
# some 45 MB for ten such histories. Kept records are mostly those of the snapshots the process
# keeps too (``insights``), the same objects.
KEPT_RECORDS = 100_000


def load(partnership: Partnership | int) -> PartnershipHistory:
    pid = partnership if isinstance(partnership, int) else partnership.id
    loaded = load_many([pid])
    if pid not in loaded:
        raise LookupError(f"no partnership {pid}")
    return loaded[pid]


def load_many(partnership_ids: list[int]) -> dict[int, PartnershipHistory]:
    """The histories of several partnerships at once, by id, in at most the same ``QUERIES``
    queries as one (the portfolio's page loads its partnerships this way); missing ids are
    left out.

    The partnerships and their phases are read every time; a phase's items only when they
    changed since this process last read them (the module's docstring)."""
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
    identities = {r.id: derived.identity(r) for r in records}
    # identity:phase:items_revision, so that a phase read again drops its items read before
    kept = derived.remembered("history.phases", KEPT_RECORDS, version_at=derived.REVISION_AT + 1)
    keys = {p.id: f"{identities[p.partnership_id]}:{p.id}:{p.items_revision}" for p in phases}
    items: dict[int, Items] = {
        p.id: found for p in phases if (found := kept.get(keys[p.id])) is not None
    }
    unknown = [p.id for p in phases if p.id not in items]
    if unknown:
        read = _items(unknown)
        items.update(read)
        if not db.session.info.get(_CHANGED):  # what this transaction wrote may roll back
            for phase_id, found in read.items():
                kept.put(keys[phase_id], found, _records(found))
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
                    objective=p.objective,
                    planned_start=p.planned_start,
                    planned_end=p.planned_end,
                    started_at=p.started_at,
                    closed_at=p.closed_at,
                    decided_at=p.decided_at,
                    goals=items[p.id][0],
                    directives=items[p.id][1],
                    commitments=items[p.id][2],
                    reviews=items[p.id][3],
                )
                for index, p in enumerate(phases_of[record.id], start=1)
            ),
        )
        for record in records
    }


def _records(items: Items) -> int:
    goals, directives, commitments, reviews = items
    events = sum(len(c.events) for c in commitments)
    return 1 + len(goals) + len(directives) + len(commitments) + events + len(reviews)


def _items(phase_ids: list[int]) -> dict[int, Items]:
    """The items of these phases, read in one query per table."""
    goals = _rows(Goal, Phase, phase_ids=phase_ids)
    revisions = _rows(GoalRevision, Goal, Phase, phase_ids=phase_ids)
    directives = _rows(Directive, Phase, phase_ids=phase_ids)
    responses = _rows(DirectiveResponse, Directive, Phase, phase_ids=phase_ids)
    commitments = _rows(Commitment, Phase, phase_ids=phase_ids)
    events = _rows(CommitmentEvent, Commitment, Phase, phase_ids=phase_ids)
    reviews = _rows(Review, Phase, phase_ids=phase_ids)
    ratings = _rows(ReviewRating, Review, Phase, phase_ids=phase_ids)

    revisions_of, events_of, ratings_of = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in revisions:
        revisions_of[r.goal_id].append(r)
    for e in events:
        events_of[e.commitment_id].append(e)
    for x in ratings:
        ratings_of[x.review_id].append(x)
    response_of = {r.directive_id: r for r in responses}
    goals_of, directives_of = defaultdict(list), defaultdict(list)
    commitments_of, reviews_of = defaultdict(list), defaultdict(list)
    for g in sorted(goals, key=lambda g: g.id):
        goals_of[g.phase_id].append(_goal_record(g, revisions_of[g.id]))
    for d in sorted(directives, key=lambda d: d.id):
        directives_of[d.phase_id].append(_directive_record(d, response_of.get(d.id)))
    for c in sorted(commitments, key=lambda c: c.id):
        commitments_of[c.phase_id].append(commitment_record(c, events_of[c.id]))
    for r in sorted(reviews, key=lambda r: r.id):
        reviews_of[r.phase_id].append(_review_record(r, ratings_of[r.id]))
    return {
        i: (
            tuple(goals_of[i]),
            tuple(directives_of[i]),
            tuple(commitments_of[i]),
            tuple(reviews_of[i]),
        )
        for i in phase_ids
    }


# A phase's items, and the parts of them that belong to one item.
_ITEMS = (Goal, Directive, Commitment, Review)
_PARENT = {
    GoalRevision: "goal",
    DirectiveResponse: "directive",
    CommitmentEvent: "commitment",
    ReviewRating: "review",
}
_KINDS = (*_ITEMS, *_PARENT)
_CHANGED = scoped("history.changed")  # this transaction changed a phase's items


def _phase_of(obj: Any) -> int | None:
    """The phase whose items ``obj`` is one of (or part of one), when it has an id already."""
    parent = _PARENT.get(type(obj))
    if parent is not None:
        obj = getattr(obj, parent)
    if not isinstance(obj, _ITEMS):
        return None
    if obj.phase_id is not None:
        return obj.phase_id
    return obj.phase.id if obj.phase is not None else None  # a new phase: read by nobody yet


@event.listens_for(Session, "before_flush")
def _count_changes(session: Session, *_: Any) -> None:
    """Add one to the ``items_revision`` of every phase whose items this flush changes."""
    items = [o for o in (*session.new, *session.deleted) if isinstance(o, _KINDS)]
    items += [o for o in session.dirty if isinstance(o, _KINDS) and session.is_modified(o)]
    if not items:
        return
    session.info[_CHANGED] = True
    for phase_id in {i for i in map(_phase_of, items) if i is not None}:
        phase = session.get(Phase, phase_id)
        if phase is not None:
            phase.items_revision = Phase.items_revision + 1
