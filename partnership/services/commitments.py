"""The vendor's commitments log: commitments and their append-only events (SPEC §2)."""

from __future__ import annotations

from ..domain import workflow
from ..domain.commitments import commitment_state
from ..domain.vocabulary import EVENT_TYPES
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Commitment, CommitmentEvent, Phase, User, utcnow
from . import audit, checks, phases
from .history import commitment_record
from .transaction import atomic

FIELDS = ("title", "due_date", "goal_id")
EVENT_FIELDS = ("type", "note", "new_due_date", "evidence")


@atomic
def add(user: User, phase: Phase, data: dict) -> Commitment:
    title = checks.text(data.get("title"), "title")
    due = checks.day(data.get("due_date"), "due_date")
    late = workflow.why_not_due(due, utcnow().date())
    if late:
        raise Invalid(late, field="due_date")
    goal = phases.goal_of_phase(phase, data.get("goal_id"))
    phases.require_allowed(phase, "add_commitment")
    commitment = Commitment(phase=phase, title=title, due_date=due, goal=goal, created_by=user)
    db.session.add(commitment)
    db.session.flush()
    audit.record(
        user,
        "commitment.add",
        commitment,
        partnership_id=phase.partnership_id,
        after=audit.snapshot(commitment, FIELDS),
    )
    db.session.commit()
    return commitment


@atomic
def log_event(user: User, commitment: Commitment, data: dict) -> CommitmentEvent:
    phase = commitment.phase
    kind = checks.choice(data.get("type"), "type", EVENT_TYPES)
    note = checks.text(data.get("note"), "note", required=False)
    evidence = checks.text(data.get("evidence"), "evidence", required=False)
    new_due = data.get("new_due_date")
    if new_due is not None:
        new_due = checks.day(new_due, "new_due_date")
    problem = workflow.event_field_errors(
        kind, {"note": note, "evidence": evidence, "new_due_date": new_due}
    )
    if problem:
        raise Invalid(problem[1], field=problem[0])
    today = utcnow().date()
    current = commitment_state(commitment_record(commitment), today)
    reason = workflow.why_not_log_event(phase.status, current.status) or workflow.why_not_event(
        kind, current.status
    )
    if reason:
        raise Conflict(reason)
    if kind == "slip" and new_due is not None:
        earlier = workflow.why_not_slip_to(new_due, current.due_date, today)
        if earlier:
            raise Invalid(earlier, field="new_due_date")
    event = CommitmentEvent(
        commitment=commitment,
        type=kind,
        note=note,
        evidence=evidence,
        new_due_date=new_due,
        by=user,
    )
    db.session.add(event)
    db.session.flush()
    audit.record(
        user,
        f"commitment.{kind}",
        event,
        partnership_id=phase.partnership_id,
        after=audit.snapshot(event, EVENT_FIELDS) | {"commitment_id": commitment.id},
    )
    db.session.commit()
    return event
