"""The inbox (SPEC §11): what waits for me, and what happened since I last looked.

What *waits* is read from the current state, so it leaves the inbox the moment it is done: a
directive to answer (the vendor side), a review to submit (each side's leads), goals to mark
(the client's leads, in the review), a commitment due within a week or overdue (its author and
the vendor's leads), an invitation (``WAITING_SOURCES``). What *happened* is the person's
notifications (``services/notifications.py``), newest first. An item is new when it came
after the person last opened the inbox. A fixed number of queries, whatever the history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..domain import workflow
from ..domain.commitments import commitment_state
from ..domain.messages import Message
from ..domain.vocabulary import HAPPENED_KINDS
from ..extensions import db
from ..models import (
    Commitment,
    CommitmentEvent,
    Directive,
    DirectiveResponse,
    Goal,
    Member,
    Notification,
    Partnership,
    Phase,
    Review,
    User,
    utcnow,
)
from .history import commitment_record
from .notifications import REMIND_COMMITMENT_DAYS, _short, day_start, item_path

DUE_SOON = timedelta(days=7)  # a commitment waits in the inbox from a week before it is due


@dataclass(frozen=True)
class Item:
    kind: str  # one of vocabulary.INBOX_KINDS
    at: datetime
    new: bool
    title: Message
    partnership_id: int | None
    partnership_name: str
    phase_id: int | None = None
    phase_name: str = ""
    ids: dict[str, int] = field(default_factory=dict)  # {"directive_id": 12}: by its name
    detail: Message | None = None
    due_date: date | None = None
    overdue: bool = False
    path: str = ""  # the page of the item, at the item
    code: str | None = None  # flag_raised: the flag's code

    @property
    def waiting(self) -> bool:
        return self.kind not in HAPPENED_KINDS


# Other things that wait for a person, each a function (user, now, last_seen) -> items; an
# invitation to a partnership (issue 11) registers its source here.
WaitingSource = Callable[[User, datetime, datetime | None], list[Item]]
WAITING_SOURCES: list[WaitingSource] = []

ORDER = {
    "invitation": 0,
    "review_due": 1,
    "goal_outcomes_due": 2,
    "directive_to_answer": 3,
    "commitment_due": 4,
}


def _is_new(at: datetime, seen: datetime | None) -> bool:
    return seen is None or at > seen


def last_seen(user: User) -> datetime | None:
    """What came after this is new: the last look at the inbox, else the account's creation
    (history that came before the person, such as an import, is not news to them)."""
    return user.inbox_seen_at or user.created_at


def waiting(user: User, now: datetime | None = None) -> list[Item]:
    """What waits for the person now, across their partnerships, most pressing first."""
    now = now or utcnow()
    today = now.date()
    seen = last_seen(user)
    items: list[Item] = []
    for source in WAITING_SOURCES:
        items.extend(source(user, now, seen))
    memberships = list(
        db.session.scalars(
            select(Member)
            .where(Member.user_id == user.id)
            .options(selectinload(Member.partnership).selectinload(Partnership.members))
        )
    )
    me = {m.partnership_id: m for m in memberships}
    if not me:
        return sorted(items, key=_order)
    phases = {
        p.id: p
        for p in db.session.scalars(
            # Open phases, and decided ones for the commitments still open after their gate:
            # a promise outlives its phase until it is delivered, re-dated or dropped.
            select(Phase).where(
                Phase.partnership_id.in_(me),
                Phase.status.in_(tuple(workflow.OPEN | workflow.DECIDED)),
            )
        )
    }

    def may(action: str, phase: Phase) -> bool:
        return policy.may(user, action, me[phase.partnership_id].partnership)

    def item(kind: str, phase: Phase, at: datetime, title: Message, **more) -> Item:
        subject = next(iter(more.get("ids", {}).items()), None)
        return Item(
            kind=kind,
            at=at,
            new=_is_new(at, seen),
            title=title,
            partnership_id=phase.partnership_id,
            partnership_name=me[phase.partnership_id].partnership.name,
            phase_id=phase.id,
            phase_name=phase.name,
            path=item_path(
                kind,
                phase.partnership_id,
                phase.id,
                subject[0].removesuffix("_id") if subject else None,
                subject[1] if subject else None,
            ),
            **more,
        )

    in_review = [p for p in phases.values() if p.status == "review"]
    if in_review:
        reviewed = set(
            tuple(row)
            for row in db.session.execute(
                select(Review.phase_id, Review.side).where(
                    Review.phase_id.in_([p.id for p in in_review])
                )
            ).all()
        )
        unmarked = dict(
            db.session.execute(
                select(Goal.phase_id, func.count())
                .where(
                    Goal.phase_id.in_([p.id for p in in_review]),
                    Goal.removed_at.is_(None),
                    Goal.outcome.is_(None),
                )
                .group_by(Goal.phase_id)
            ).all()
        )
        for phase in in_review:
            side = me[phase.partnership_id].side
            if (phase.id, side) in reviewed or not may("submit_review", phase):
                continue
            closed = phase.closed_at or now
            items.append(
                item(
                    "review_due",
                    phase,
                    closed,
                    Message("inbox.review_due", phase=phase.name),
                    detail=Message("inbox.review_due_detail"),
                )
            )
            if side == "client" and unmarked.get(phase.id):
                items.append(
                    item(
                        "goal_outcomes_due",
                        phase,
                        closed,
                        Message(
                            "inbox.goal_outcomes_due",
                            count=unmarked[phase.id],
                            phase=phase.name,
                        ),
                    )
                )

    answerable = [
        p.id
        for p in phases.values()
        if p.status in workflow.ALLOWED_IN["answer_directive"] and may("answer_directive", p)
    ]
    if answerable:
        for d in db.session.scalars(
            select(Directive)
            .outerjoin(DirectiveResponse)
            .where(Directive.phase_id.in_(answerable), DirectiveResponse.id.is_(None))
            .options(selectinload(Directive.created_by))
            .order_by(Directive.created_at)
        ):
            phase = phases[d.phase_id]
            items.append(
                item(
                    "directive_to_answer",
                    phase,
                    d.created_at,
                    Message(
                        "inbox.directive_to_answer",
                        person=d.created_by.name,
                        phase=phase.name,
                        text=_short(d.text),
                    ),
                    ids={"directive_id": d.id},
                )
            )

    # A commitment waits for its author and the vendor's leads (who are reminded of it too).
    vendor = [p.id for p in phases.values() if me[p.partnership_id].side == "vendor"]
    if vendor:
        delivered = exists().where(
            CommitmentEvent.commitment_id == Commitment.id, CommitmentEvent.type == "delivered"
        )
        query = select(Commitment).where(Commitment.phase_id.in_(vendor), ~delivered)
        leads_of = [
            p.id for p in phases.values() if p.id in vendor and me[p.partnership_id].role == "lead"
        ]
        query = query.where(
            Commitment.phase_id.in_(leads_of) | (Commitment.created_by_id == user.id)
        )
        for c in db.session.scalars(
            query.options(selectinload(Commitment.events)).order_by(Commitment.due_date)
        ):
            state = commitment_state(commitment_record(c), today)
            if state.status != "open" or state.due_date > today + DUE_SOON:
                continue
            # It came due for attention when the reminder is sent (or when it was made).
            at = max(c.created_at, day_start(state.due_date - timedelta(REMIND_COMMITMENT_DAYS)))
            at = at if at <= now else c.created_at
            message = "inbox.commitment_overdue" if state.late else "inbox.commitment_due"
            items.append(
                item(
                    "commitment_due",
                    phases[c.phase_id],
                    at,
                    Message(message, title=_short(c.title), date=state.due_date),
                    ids={"commitment_id": c.id},
                    due_date=state.due_date,
                    overdue=state.late,
                    detail=Message("inbox.slip_advice"),
                )
            )
    return sorted(items, key=_order)


def _order(item: Item) -> tuple:
    return (ORDER.get(item.kind, 9), item.due_date or date.max, item.at)


def happened(user: User):
    """The person's notifications of what happened, newest first, as a query to paginate."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id, Notification.kind.in_(HAPPENED_KINDS))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def happened_item(
    row: Notification, seen: datetime | None, names: dict[int, str], phases: dict[int, str]
) -> Item:
    ids: dict[str, int] = {}
    if row.subject_type and row.subject_id:
        ids[f"{row.subject_type}_id"] = row.subject_id
    title = Message.from_json(row.message)
    return Item(
        kind=row.kind,
        at=row.at,
        new=_is_new(row.created_at, seen),
        title=title,
        code=str(title.params["code"]) if row.kind == "flag_raised" else None,
        partnership_id=row.partnership_id,
        partnership_name=names.get(row.partnership_id or 0, ""),
        phase_id=row.phase_id,
        phase_name=phases.get(row.phase_id or 0, ""),
        ids=ids,
        detail=Message.from_json(row.detail) if row.detail else None,
        path=item_path(
            row.kind, row.partnership_id, row.phase_id, row.subject_type, row.subject_id
        ),
    )


def page(user: User, number: int, per_page: int, now: datetime | None = None):
    """One page of the inbox: what waits first, then what happened; (items, total)."""
    first = waiting(user, now)
    query = happened(user)
    total_happened = (
        db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
    start = (number - 1) * per_page
    shown = first[start : start + per_page]
    room = per_page - len(shown)
    rows: list[Notification] = []
    if room > 0:
        offset = max(0, start - len(first))
        rows = list(db.session.scalars(query.offset(offset).limit(room)))
    names = _names(Partnership, {r.partnership_id for r in rows if r.partnership_id})
    phase_names = _names(Phase, {r.phase_id for r in rows if r.phase_id})
    shown += [happened_item(r, last_seen(user), names, phase_names) for r in rows]
    return shown, len(first) + total_happened


def _names(model: type[Partnership] | type[Phase], ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
