"""Derived views of stored items that pages and API both show (state, lateness, disclosure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..domain import workflow
from ..domain.commitments import OPEN, CommitmentState, commitment_state
from ..domain.history import CommitmentRecord, PartnershipHistory, PhaseHistory
from ..models import Commitment, Phase, utcnow
from .history import commitment_record


def commitment(c: Commitment, today: date | None = None) -> dict[str, Any]:
    state = commitment_state(commitment_record(c), today or utcnow().date())
    disclosed = {s.event_id: s.disclosed_in_advance for s in state.slips}
    return {
        "id": c.id,
        "phase_id": c.phase_id,
        "goal_id": c.goal_id,
        "goal": c.goal,
        "title": c.title,
        "due_date": c.due_date,
        "current_due_date": state.due_date,
        "state": state.status,
        "late": state.late,
        "created_by": c.created_by,
        "created_at": c.created_at,
        "slips": state.slips,
        "events": [
            {
                "id": e.id,
                "commitment_id": c.id,
                "type": e.type,
                "note": e.note,
                "new_due_date": e.new_due_date,
                "evidence": e.evidence,
                "by": e.by,
                "at": e.at,
                "disclosed_in_advance": disclosed.get(e.id),
            }
            for e in c.events
        ],
    }


def phase(p: Phase, today: date | None = None) -> dict[str, Any]:
    return {
        "id": p.id,
        "partnership_id": p.partnership_id,
        "position": p.position,
        "name": p.name,
        "objective": p.objective,
        "planned_start": p.planned_start,
        "planned_end": p.planned_end,
        "status": p.status,
        "started_at": p.started_at,
        "closed_at": p.closed_at,
        "decided_at": p.decided_at,
        "goals": p.goals,
        "directives": p.directives,
        "commitments": [commitment(c, today) for c in p.commitments],
        "reviews": p.reviews,
    }


def open_after_gate(
    history: PartnershipHistory, today: date | None = None, *, before: int | None = None
) -> list[tuple[PhaseHistory, CommitmentRecord, CommitmentState]]:
    """Commitments still open in decided phases (of phases ordered before ``before``): the
    promises the vendor still owes after their phase's gate, oldest phase first."""
    today = today or utcnow().date()
    found = []
    for phase in history.phases:
        if before is not None and phase.order >= before:
            break
        if phase.status not in workflow.DECIDED:
            continue
        for record in phase.commitments:
            state = commitment_state(record, today)
            if state.status == OPEN:
                found.append((phase, record, state))
    return found
