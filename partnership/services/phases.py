"""Phases: plan, edit the plan, reorder, start, close for review (SPEC §2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..domain import gate
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import (
    Commitment,
    Directive,
    Goal,
    Member,
    Partnership,
    Phase,
    Review,
    User,
    utcnow,
)
from . import audit, checks

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


def state(phase: Phase) -> gate.PhaseState:
    return gate.PhaseState(
        id=phase.id, position=phase.position, status=phase.status, name=phase.name
    )


def get(user: User | None, phase_id: int, action: str = "view", *, full: bool = False) -> Phase:
    """The phase if the user may take the action in its partnership; 404 for non-members."""
    options = [
        selectinload(Phase.partnership).selectinload(Partnership.members).selectinload(Member.user)
    ]
    if full:
        options += [
            selectinload(Phase.goals).selectinload(Goal.revisions),
            selectinload(Phase.goals).selectinload(Goal.created_by),
            selectinload(Phase.directives).selectinload(Directive.response),
            selectinload(Phase.directives).selectinload(Directive.created_by),
            selectinload(Phase.commitments).selectinload(Commitment.events),
            selectinload(Phase.commitments).selectinload(Commitment.created_by),
            selectinload(Phase.reviews).selectinload(Review.ratings),
            selectinload(Phase.reviews).selectinload(Review.by),
        ]
    phase = db.session.get(Phase, phase_id, options=options)
    if phase is None:
        raise NotFound()
    policy.require(user, action, phase.partnership)
    return phase


def get_item(user: User | None, model, item_id: int, action: str = "view"):
    """A goal, directive or commitment, if the user may take the action in its partnership."""
    item = db.session.get(model, item_id)
    if item is None:
        raise NotFound()
    get(user, item.phase_id, action)
    return item


def _dates(data: dict, phase: Phase | None = None) -> tuple[date | None, date | None]:
    start = data.get("planned_start", phase.planned_start if phase else None)
    end = data.get("planned_end", phase.planned_end if phase else None)
    checks.planned_dates(start, end)
    return start, end


def plan(user: User, partnership: Partnership, data: dict) -> Phase:
    policy.require(user, "plan_phases", partnership)
    name = checks.text(data.get("name"), "name", max_length=200)
    objective = checks.text(data.get("objective"), "objective", max_length=5000, required=False)
    start, end = _dates(data)
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


def update(user: User, phase: Phase, data: dict) -> Phase:
    policy.require(user, "plan_phases", phase.partnership)
    reason = gate.why_not_edit_plan(state(phase))
    if reason:
        raise Conflict(reason)
    before = audit.snapshot(phase, FIELDS)
    if "name" in data:
        phase.name = checks.text(data["name"], "name", max_length=200)
    if "objective" in data:
        phase.objective = checks.text(
            data["objective"], "objective", max_length=5000, required=False
        )
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


def move(user: User, phase: Phase, direction: str) -> Phase:
    """Swap a planned phase with its planned neighbour, earlier ("up") or later ("down")."""
    policy.require(user, "plan_phases", phase.partnership)
    checks.choice(direction, "direction", ("up", "down"))
    ordered = sorted(phase.partnership.phases, key=lambda p: p.position)
    index = ordered.index(phase)
    target = index - 1 if direction == "up" else index + 1
    neighbour = ordered[target] if 0 <= target < len(ordered) else None
    reason = gate.why_not_move(state(phase), state(neighbour) if neighbour else None)
    if reason:
        raise Conflict(reason)
    before = {"position": phase.position}
    phase.position, neighbour.position = neighbour.position, phase.position  # type: ignore
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


def _lock_partnership_phases(phase: Phase) -> list[Phase]:
    """Lock the partnership's phase rows so two transitions cannot both pass their checks."""
    return list(
        db.session.scalars(
            select(Phase)
            .where(Phase.partnership_id == phase.partnership_id)
            .order_by(Phase.position)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def start(user: User, phase: Phase) -> Phase:
    policy.require(user, "start_phase", phase.partnership)
    phases = _lock_partnership_phases(phase)
    reason = gate.why_not_start(state(phase), [state(p) for p in phases])
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


def close(user: User, phase: Phase) -> Phase:
    policy.require(user, "close_phase", phase.partnership)
    _lock_partnership_phases(phase)
    reason = gate.why_not_close(state(phase))
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


def require_status(phase: Phase, allowed: tuple[str, ...], doing: str) -> None:
    if phase.status not in allowed:
        raise Conflict(
            f"You cannot {doing} while the phase is {phase.status}; "
            f"that is possible while it is {' or '.join(allowed)}."
        )


def goal_of_phase(phase: Phase, goal_id: object, field: str = "goal_id") -> Goal | None:
    if goal_id is None or goal_id == "":
        return None
    checks.identifier(goal_id, field)
    goal = next((g for g in phase.goals if g.id == goal_id), None)
    if goal is None or goal.removed_at is not None:
        raise Invalid(f"{field} is not a current goal of this phase.", field=field)
    return goal
