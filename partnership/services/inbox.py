"""What waits for me across my partnerships: directives to answer, reviews to submit,
commitments due or overdue, phases to start or close. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..domain import workflow
from ..domain.commitments import commitment_state
from ..extensions import db
from ..models import (
    Commitment,
    CommitmentEvent,
    Directive,
    DirectiveResponse,
    Member,
    Partnership,
    Phase,
    Review,
    User,
    utcnow,
)
from .history import commitment_record

DUE_SOON = timedelta(days=7)


@dataclass(frozen=True)
class Item:
    kind: str  # answer_directive | submit_review | commitment_due | start_phase | close_phase
    partnership: Partnership
    phase: Phase
    title: str
    due: date | None = None
    overdue: bool = False
    target_id: int | None = None  # the directive or commitment


def items_for(user: User, today: date | None = None) -> list[Item]:
    today = today or utcnow().date()
    memberships = list(
        db.session.scalars(
            select(Member)
            .where(Member.user_id == user.id)
            .options(selectinload(Member.partnership).selectinload(Partnership.members))
        )
    )
    if not memberships:
        return []
    side_of = {m.partnership_id: m for m in memberships}
    phases = list(
        db.session.scalars(
            select(Phase).where(Phase.partnership_id.in_(side_of)).order_by(Phase.position)
        )
    )
    by_partnership: dict[int, list[Phase]] = {}
    for phase in phases:
        by_partnership.setdefault(phase.partnership_id, []).append(phase)
    open_ids = [p.id for p in phases if p.status in workflow.OPEN]
    items: list[Item] = []

    def may(action: str, partnership_id: int) -> bool:
        return policy.may(user, action, side_of[partnership_id].partnership)

    phase_by_id = {p.id: p for p in phases}
    for phase in phases:
        partnership = side_of[phase.partnership_id].partnership
        if phase.status == "planned" and may("start_phase", phase.partnership_id):
            siblings = [
                workflow.PhaseState(p.id, p.position, p.status, p.name)
                for p in by_partnership[phase.partnership_id]
            ]
            state = workflow.PhaseState(phase.id, phase.position, phase.status, phase.name)
            if workflow.why_not_start(state, siblings) is None:
                items.append(
                    Item("start_phase", partnership, phase, phase.name, phase.planned_start)
                )
        if (
            phase.status == "active"
            and may("close_phase", phase.partnership_id)
            and phase.planned_end
            and phase.planned_end <= today
        ):
            items.append(
                Item(
                    "close_phase",
                    partnership,
                    phase,
                    phase.name,
                    phase.planned_end,
                    overdue=phase.planned_end < today,
                )
            )

    if open_ids:
        reviewed = {
            (r.phase_id, r.side)
            for r in db.session.scalars(select(Review).where(Review.phase_id.in_(open_ids)))
        }
        for pid in open_ids:
            phase = phase_by_id[pid]
            me = side_of[phase.partnership_id]
            if (
                phase.status == "review"
                and may("submit_review", phase.partnership_id)
                and (pid, me.side) not in reviewed
            ):
                items.append(Item("submit_review", me.partnership, phase, phase.name))

        answerable = [
            pid for pid in open_ids if may("answer_directive", phase_by_id[pid].partnership_id)
        ]
        if answerable:
            waiting = db.session.scalars(
                select(Directive)
                .outerjoin(DirectiveResponse)
                .where(Directive.phase_id.in_(answerable), DirectiveResponse.id.is_(None))
                .order_by(Directive.created_at)
            )
            for d in waiting:
                phase = phase_by_id[d.phase_id]
                items.append(
                    Item(
                        "answer_directive",
                        side_of[phase.partnership_id].partnership,
                        phase,
                        d.text,
                        target_id=d.id,
                    )
                )

    # Commitments of open phases, and those still open after their phase's gate: a promise
    # outlives its phase, so it stays here until it is delivered, re-dated or dropped.
    loggable = [
        p.id
        for p in phases
        if p.status in workflow.OPEN | workflow.DECIDED and may("log_commitment", p.partnership_id)
    ]
    if loggable:
        delivered = exists().where(
            CommitmentEvent.commitment_id == Commitment.id, CommitmentEvent.type == "delivered"
        )
        commitments = db.session.scalars(
            select(Commitment)
            .where(Commitment.phase_id.in_(loggable), ~delivered)
            .options(selectinload(Commitment.events))
            .order_by(Commitment.due_date)
        )
        for c in commitments:
            progress = commitment_state(commitment_record(c), today)
            if progress.status == "open" and progress.due_date <= today + DUE_SOON:
                phase = phase_by_id[c.phase_id]
                items.append(
                    Item(
                        "commitment_due",
                        side_of[phase.partnership_id].partnership,
                        phase,
                        c.title,
                        progress.due_date,
                        overdue=progress.late,
                        target_id=c.id,
                    )
                )
    order = {
        "submit_review": 0,
        "answer_directive": 1,
        "commitment_due": 2,
        "close_phase": 3,
        "start_phase": 4,
    }
    return sorted(items, key=lambda i: (order[i.kind], i.due or date.max, i.phase.id))
