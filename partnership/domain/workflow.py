"""The phase workflow (SPEC §2) as one table: what may be done in which status, what each event
must carry, and the go/no-go gate.

planned -> active -> review -> passed | stopped. At most one phase of a partnership is active
or in review; a phase starts only when every phase before it has been decided. The services
(live changes) and the document validator (imported history) both ask these rules. Each
``why_not_*`` function returns None when the step is allowed, or the reason it is not (a
``Message``, for a 409 or a 422).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .messages import Either, Field, Message, Quote, Term
from .vocabulary import CRITERIA, DECISIONS, GO_DECISIONS, GOAL_OUTCOMES

DECIDED = frozenset({"passed", "stopped"})
OPEN = frozenset({"active", "review"})
STARTED = frozenset({"active", "review", "passed", "stopped"})

# What may be done to a phase's items, by the phase's status. The client shapes the goals
# while planning and running; directives are "requests sent during a phase"; the vendor may
# still answer and log events while the phase waits in review (it is not decided yet).
ALLOWED_IN: dict[str, frozenset[str]] = {
    "add_goal": frozenset({"planned", "active"}),
    "edit_goal": frozenset({"planned", "active"}),
    "remove_goal": frozenset({"planned", "active"}),
    "send_directive": frozenset({"active"}),
    "answer_directive": frozenset({"active", "review"}),
    "add_commitment": frozenset({"planned", "active"}),
    # and, after the gate, on a commitment still open (``why_not_log_event``)
    "log_event": frozenset({"active", "review"}),
    "submit_review": frozenset({"review"}),
    "edit_plan": frozenset({"planned", "active", "review"}),
    "move": frozenset({"planned"}),
    "start": frozenset({"planned"}),
    "close": frozenset({"active"}),
}
ACTIONS = tuple(ALLOWED_IN)

# What each commitment event must carry (SPEC §2), and the fields that belong to one type only.
EVENT_NEEDS: dict[str, str] = {
    "progress": "note",
    "risk": "note",
    "slip": "note",
    "delivered": "evidence",
    "dropped": "note",
}
FIELD_OF_ONE_TYPE: dict[str, str] = {"new_due_date": "slip", "evidence": "delivered"}
# Events a commitment no longer takes once it is delivered or dropped (a dropped one may still
# be delivered after all, or re-promised with a slip).
CLOSED_TO: dict[str, frozenset[str]] = {
    "delivered": frozenset({"slip", "delivered", "dropped"}),
    "dropped": frozenset({"dropped"}),
}
# Answers to a directive that must say why, or what changes in the plan.
RESPONSES_NEEDING_A_NOTE = frozenset({"declined", "accepted_replanned"})
# A go that depends on something must say on what.
DECISIONS_NEEDING_CONDITIONS = frozenset({"go_with_conditions"})


@dataclass(frozen=True)
class PhaseState:
    id: int
    position: int
    status: str
    name: str = ""


def why_not(action: str, status: str) -> Message | None:
    """Whether ``action`` may be done to a phase's items while the phase is ``status``."""
    allowed = ALLOWED_IN[action]
    if status in allowed:
        return None
    return Message(
        "workflow.not_in_status",
        action=Term(action),
        status=Term(status),
        allowed=Either(Term(s) for s in sorted(allowed, key=_STATUS_ORDER.index)),
    )


_STATUS_ORDER = ["planned", "active", "review", "passed", "stopped"]


def why_not_start(phase: PhaseState, others: Iterable[PhaseState]) -> Message | None:
    if phase.status != "planned":
        return Message("workflow.start_not_planned", status=Term(phase.status))
    others = [o for o in others if o.id != phase.id]
    open_phase = next((o for o in others if o.status in OPEN), None)
    if open_phase is not None:
        return Message(
            "workflow.start_other_open",
            phase=Quote(open_phase.name),
            status=Term(open_phase.status),
        )
    undecided = [o for o in others if o.position < phase.position and o.status not in DECIDED]
    if undecided:
        return Message("workflow.start_earlier_undecided", phase=Quote(undecided[0].name))
    return None


def why_not_close(phase: PhaseState) -> Message | None:
    if phase.status != "active":
        return Message("workflow.close_not_active", status=Term(phase.status))
    return None


def why_not_edit_plan(phase: PhaseState) -> Message | None:
    if phase.status in DECIDED:
        return Message("workflow.plan_decided", status=Term(phase.status))
    return None


def why_not_move(phase: PhaseState, neighbour: PhaseState | None) -> Message | None:
    if neighbour is None:
        return Message("workflow.move_at_end")
    if phase.status != "planned" or neighbour.status != "planned":
        return Message("workflow.move_not_planned")
    return None


def why_not_review(phase_status: str, existing_sides: Iterable[str], side: str) -> Message | None:
    if phase_status != "review":
        return Message("workflow.review_not_in_review", status=Term(phase_status))
    if side in set(existing_sides):
        return Message("workflow.review_twice", side=Term(side))
    return None


def why_not_event(kind: str, commitment_status: str) -> Message | None:
    """Whether a commitment in ``commitment_status`` (open, delivered, dropped) takes ``kind``."""
    if kind in CLOSED_TO.get(commitment_status, frozenset()):
        return Message("workflow.commitment_closed", status=Term(commitment_status))
    return None


def why_not_log_event(phase_status: str, commitment_status: str) -> Message | None:
    """Whether a commitment of a phase in ``phase_status`` takes an event now.

    A promise outlives its phase: the gate decides the phase, not what the vendor still owes.
    After the gate, a commitment still open goes on taking events (delivered, a new date,
    dropped, progress, a risk) until it is settled; it stays in, and counts for, the phase it
    was promised in. A settled commitment of a decided phase is part of the record.
    """
    if phase_status in DECIDED:
        if commitment_status == "open":
            return None
        return Message(
            "workflow.event_after_gate",
            status=Term(commitment_status),
            phase_status=Term(phase_status),
        )
    return why_not("log_event", phase_status)


def event_field_errors(kind: str, fields: Mapping[str, object]) -> tuple[str, Message] | None:
    """The first field of an event that is missing or does not belong, as (field, message).

    ``fields`` holds the event's note, evidence and new_due_date ("" or None when absent).
    """
    for name, only in FIELD_OF_ONE_TYPE.items():
        if fields.get(name) not in (None, "") and kind != only:
            return name, Message(
                "workflow.event_field_of_other_type",
                field=Field(name),
                only=Term(only),
                kind=Term(kind),
            )
    if kind == "slip" and fields.get("new_due_date") in (None, ""):
        return "new_due_date", Message("workflow.slip_needs_date")
    needed = EVENT_NEEDS[kind]
    if not fields.get(needed):
        return needed, Message(f"workflow.event_needs.{kind}")
    return None


def why_not_due(due: date, today: date, field: str = "due_date") -> Message | None:
    """A live commitment is due today or later (SPEC §2); ``today`` is the UTC date."""
    if due < today:
        return Message("field.date_in_past", field=Field(field), date=due)
    return None


def why_not_slip_to(new_due: date, in_force: date, today: date) -> Message | None:
    """A slip moves the due date later than the one in force, and not into the past (SPEC §2:
    bringing a date forward is a re-plan, logged as progress, or dropped and recommitted)."""
    if new_due <= in_force:
        return Message("workflow.slip_not_later", date=new_due, current=in_force)
    return why_not_due(new_due, today, "new_due_date")


def review_field_errors(
    side: str,
    ratings: Mapping[str, object],
    decision: object,
    goal_outcomes: Mapping[object, object] | None,
    goal_titles: Mapping[int, str],
    conditions: str = "",
) -> tuple[str, Message] | None:
    """The first invalid field of a live review as (field, message), or None.

    ``goal_titles`` are the phase's current goals by id: the client marks each one's outcome."""
    expected = CRITERIA[side]
    if not isinstance(ratings, Mapping):
        return "ratings", Message("review.ratings_not_a_map")
    for name in ratings:
        if name not in expected:
            return f"ratings.{name}", Message(
                "review.unknown_criterion",
                criterion=str(name),
                side=Term(side),
                expected=[Term(c) for c in expected],
            )
    for name in expected:
        value = ratings.get(name)
        if value is None:
            return f"ratings.{name}", Message("review.rating_missing", criterion=Term(name))
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            return f"ratings.{name}", Message("review.rating_range", criterion=Term(name))
    if decision not in DECISIONS:
        return "decision", Message(
            "field.choice", field=Field("decision"), allowed=Either(DECISIONS)
        )
    if decision in DECISIONS_NEEDING_CONDITIONS and not conditions:
        return "conditions", Message("review.conditions_needed")
    outcomes = goal_outcomes or {}
    if side == "vendor" and outcomes:
        return "goal_outcomes", Message("review.outcomes_client_only")
    known = set(goal_titles)
    for goal_id, outcome in outcomes.items():
        key = str(goal_id)
        if not key.isdigit() or int(key) not in known:
            return f"goal_outcomes.{key}", Message("review.outcome_unknown_goal", goal=key)
        if outcome not in GOAL_OUTCOMES:
            return f"goal_outcomes.{key}", Message(
                "field.choice",
                field=Field("outcome"),
                allowed=Either(GOAL_OUTCOMES),
            )
    if side == "client":
        # SPEC §2: at the review the client marks each goal met, partly met or missed.
        given = {str(k) for k in outcomes}
        for goal_id in sorted(known):
            if str(goal_id) not in given:
                return f"goal_outcomes.{goal_id}", Message(
                    "review.outcome_missing", goal=Quote(goal_titles[goal_id])
                )
    return None


def gate_decision(decisions: Mapping[str, str]) -> str | None:
    """passed when both sides said go (with or without conditions), stopped otherwise."""
    if set(decisions) != {"client", "vendor"}:
        return None
    return "passed" if all(d in GO_DECISIONS for d in decisions.values()) else "stopped"
