"""Phases: plan, edit the plan, reorder, start, close for review (SPEC §2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..domain import workflow
from ..domain.vocabulary import MAX_NAME
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import (
    Goal,
    Partnership,
    Phase,
    User,
    utcnow,
)
from . import audit, checks
from .transaction import atomic

FIELDS = (
    "name",
    "objective",
    "planned_start",
    "planned_end",
    "position",
    "status",
    "started_at",
    "closed_at",
    "decided_at",
)


def state(phase: Phase) -> workflow.PhaseState:
    return workflow.PhaseState(
        id=phase.id, position=phase.position, status=phase.status, name=phase.name
    )


def _dates(data: dict, phase: Phase | None = None) -> tuple[date | None, date | None]:
    start = data.get("planned_start", phase.planned_start if phase else None)
    end = data.get("planned_end", phase.planned_end if phase else None)
    checks.planned_dates(start, end)
    return start, end


@atomic
def plan(user: User, partnership: Partnership, data: dict) -> Phase:
    name = checks.text(data.get("name"), "name", max_length=MAX_NAME)
    objective = checks.text(data.get("objective"), "objective", required=False)
    start, end = _dates(data)
    _lock_order(partnership.id)
    last = db.session.scalar(
        select(func.max(Phase.position)).where(Phase.partnership_id == partnership.id)
    )
    phase = Phase(
        partnership=partnership,
        position=(last or 0) + 1,
        name=name,
        objective=objective,
        planned_start=start,
        planned_end=end,
    )
    db.session.add(phase)
    db.session.flush()
    audit.record(
        user,
        "phase.plan",
        phase,
        partnership_id=partnership.id,
        after=audit.snapshot(phase, FIELDS),
    )
    db.session.commit()
    return phase


@atomic
def update(user: User, phase: Phase, data: dict) -> Phase:
    reason = workflow.why_not_edit_plan(state(phase))
    if reason:
        raise Conflict(reason)
    before = audit.snapshot(phase, FIELDS)
    if "name" in data:
        phase.name = checks.text(data["name"], "name", max_length=MAX_NAME)
    if "objective" in data:
        phase.objective = checks.text(data["objective"], "objective", required=False)
    phase.planned_start, phase.planned_end = _dates(data, phase)
    after = audit.snapshot(phase, FIELDS)
    if after != before:
        audit.record(
            user,
            "phase.update",
            phase,
            partnership_id=phase.partnership_id,
            before=before,
            after=after,
        )
    db.session.commit()
    return phase


@atomic
def move(user: User, phase: Phase, direction: str) -> Phase:
    """Swap a planned phase with its planned neighbour, earlier ("up") or later ("down")."""
    checks.choice(direction, "direction", ("up", "down"))
    ordered = _lock_order(phase.partnership_id)  # positions as they are now, not as loaded
    index = ordered.index(phase)
    target = index - 1 if direction == "up" else index + 1
    neighbour = ordered[target] if 0 <= target < len(ordered) else None
    reason = workflow.why_not_move(state(phase), state(neighbour) if neighbour else None)
    if reason:
        raise Conflict(reason)
    assert neighbour is not None  # why_not_move refuses a move past either end
    before = {"position": phase.position}
    mine, theirs = phase.position, neighbour.position
    # One phase per position, checked at each statement: step aside, then swap.
    phase.position = -mine
    db.session.flush()
    neighbour.position = mine
    db.session.flush()
    phase.position = theirs
    audit.record(
        user,
        "phase.move",
        phase,
        partnership_id=phase.partnership_id,
        before=before,
        after={"position": phase.position},
    )
    db.session.commit()
    return phase


def _lock_order(partnership_id: int) -> list[Phase]:
    """Lock the partnership's row, then read its phases afresh, in order.

    Every change to the order or to which phase runs (plan, move, start, close) takes this
    lock first, so two of them at the same instant run one after the other: the second reads
    the positions and statuses the first committed. The lock is ``FOR NO KEY UPDATE``, so
    writes that only point at the partnership (an audit event, a goal) do not wait for it.
    SQLite serialises writers by itself and ignores the clause. Should anything still slip
    past, the unique (partnership, position) constraint refuses the commit with a 409.
    """
    db.session.execute(
        select(Partnership.id)
        .where(Partnership.id == partnership_id)
        .with_for_update(key_share=True)
    )
    return list(
        db.session.scalars(
            select(Phase)
            .where(Phase.partnership_id == partnership_id)
            .order_by(Phase.position)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _lock_partnership_phases(phase: Phase) -> list[Phase]:
    """Lock the order (``_lock_order``) before a phase starts or closes."""
    return _lock_order(phase.partnership_id)


@atomic
def start(user: User, phase: Phase) -> Phase:
    phases = _lock_partnership_phases(phase)
    reason = workflow.why_not_start(state(phase), [state(p) for p in phases])
    if reason:
        raise Conflict(reason)
    before = audit.snapshot(phase, FIELDS)
    phase.status = "active"
    phase.started_at = utcnow()
    audit.record(
        user,
        "phase.start",
        phase,
        partnership_id=phase.partnership_id,
        before=before,
        after=audit.snapshot(phase, FIELDS),
    )
    # Should another phase start at the same instant, the unique index of open phases refuses
    # this commit, and the IntegrityError becomes a 409 (web/__init__.py).
    db.session.commit()
    return phase


@atomic
def close(user: User, phase: Phase) -> Phase:
    _lock_partnership_phases(phase)
    reason = workflow.why_not_close(state(phase))
    if reason:
        raise Conflict(reason)
    before = audit.snapshot(phase, FIELDS)
    phase.status = "review"
    phase.closed_at = utcnow()
    audit.record(
        user,
        "phase.close",
        phase,
        partnership_id=phase.partnership_id,
        before=before,
        after=audit.snapshot(phase, FIELDS),
    )
    db.session.commit()
    return phase


def require_allowed(phase: Phase, action: str) -> None:
    """409 unless the workflow allows ``action`` on the phase's items in its status."""
    reason = workflow.why_not(action, phase.status)
    if reason:
        raise Conflict(reason)


def goal_of_phase(phase: Phase, goal_id: object, field: str = "goal_id") -> Goal | None:
    if goal_id is None or goal_id == "":
        return None
    checks.identifier(goal_id, field)
    goal = next((g for g in phase.goals if g.id == goal_id), None)
    if goal is None or goal.removed_at is not None:
        raise Invalid.of("field.not_a_goal_of_phase", field)
    return goal
