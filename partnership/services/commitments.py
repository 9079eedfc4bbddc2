"""The vendor's commitments log: commitments and their append-only events (SPEC §2)."""

from __future__ import annotations

from datetime import date

from .. import policy
from ..domain.commitments import commitment_state
from ..domain.history import EVENT_TYPES
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Commitment, CommitmentEvent, Phase, User, utcnow
from . import audit, checks, phases
from .history import commitment_record

FIELDS = ("title", "due_date", "goal_id")
EVENT_FIELDS = ("type", "note", "new_due_date", "evidence")
TERMINAL = ("delivered", "dropped")
# What each event type must carry, and the message when it is missing.
NEEDS = {
    "progress": ("note", "Say what progressed."),
    "risk": ("note", "Describe the risk or limitation."),
    "slip": ("note", "Give the reason for the slip."),
    "delivered": ("evidence", "Give evidence of the delivery: a note or a link."),
    "dropped": ("note", "Give the reason for dropping it."),
}


def get(user: User, commitment_id: int, action: str = "view") -> Commitment:
    return phases.get_item(user, Commitment, commitment_id, action)


def _date(value: object, field: str) -> date:
    if not isinstance(value, date):
        raise Invalid(f"{field} must be a date (YYYY-MM-DD).", field=field)
    if not date(2000, 1, 1) <= value <= date(2200, 12, 31):
        raise Invalid(f"{field} must be between 2000 and 2200.", field=field)
    return value


def add(user: User, phase: Phase, data: dict) -> Commitment:
    policy.require(user, "log_commitment", phase.partnership)
    title = checks.text(data.get("title"), "title", max_length=5000)
    due = _date(data.get("due_date"), "due_date")
    goal = phases.goal_of_phase(phase, data.get("goal_id"))
    phases.require_status(phase, ("planned", "active"), "add a commitment")
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


def log_event(user: User, commitment: Commitment, data: dict) -> CommitmentEvent:
    phase = commitment.phase
    policy.require(user, "log_commitment", phase.partnership)
    kind = checks.choice(data.get("type"), "type", EVENT_TYPES)
    note = checks.text(data.get("note"), "note", max_length=5000, required=False)
    evidence = checks.text(data.get("evidence"), "evidence", max_length=5000, required=False)
    new_due = data.get("new_due_date")
    if kind == "slip":
        new_due = _date(new_due, "new_due_date")
    elif new_due is not None:
        raise Invalid("new_due_date belongs to a slip only.", field="new_due_date")
    if evidence and kind != "delivered":
        raise Invalid("evidence belongs to a delivery only.", field="evidence")
    field, message = NEEDS[kind]
    if not (note if field == "note" else evidence):
        raise Invalid(message, field=field)
    phases.require_status(phase, ("active", "review"), "log a commitment event")
    status = commitment_state(commitment_record(commitment), utcnow().date()).status
    if (status == "delivered" and kind in ("slip", *TERMINAL)) or (
        status == "dropped" and kind == "dropped"
    ):
        raise Conflict(
            f"This commitment is already {status}; log progress or a risk to add a note."
        )
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
