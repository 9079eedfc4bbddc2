"""The phase status machine and the go/no-go gate (SPEC §2), as plain rules.

planned -> active -> review -> passed | stopped. At most one phase of a partnership is active
or in review; a phase starts only when every phase before it has been decided. Each function
returns None when the step is allowed, or the reason it is not, for a 409.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .history import CRITERIA, DECISIONS, GOAL_OUTCOMES

GO = frozenset({"go", "go_with_conditions"})
DECIDED = frozenset({"passed", "stopped"})
OPEN = frozenset({"active", "review"})


@dataclass(frozen=True)
class PhaseState:
    id: int
    position: int
    status: str
    name: str = ""


def why_not_start(phase: PhaseState, others: Iterable[PhaseState]) -> str | None:
    if phase.status != "planned":
        return f"Only a planned phase can start; this one is {phase.status}."
    others = [o for o in others if o.id != phase.id]
    open_phase = next((o for o in others if o.status in OPEN), None)
    if open_phase is not None:
        return (
            f"'{open_phase.name}' is still {open_phase.status}; "
            "a partnership runs one phase at a time."
        )
    undecided = [o for o in others if o.position < phase.position and o.status not in DECIDED]
    if undecided:
        return (
            f"'{undecided[0].name}' comes first and has not been decided; start it, "
            "or move this phase before it."
        )
    return None


def why_not_close(phase: PhaseState) -> str | None:
    if phase.status != "active":
        return f"Only an active phase can be closed for review; this one is {phase.status}."
    return None


def why_not_edit_plan(phase: PhaseState) -> str | None:
    if phase.status in DECIDED:
        return f"This phase is {phase.status}; its plan is part of the record now."
    return None


def why_not_move(phase: PhaseState, neighbour: PhaseState | None) -> str | None:
    if neighbour is None:
        return "The phase is already at that end of the plan."
    if phase.status != "planned" or neighbour.status != "planned":
        return "Only planned phases can be reordered, among themselves."
    return None


def why_not_review(phase_status: str, existing_sides: Iterable[str], side: str) -> str | None:
    if phase_status != "review":
        return (
            f"Reviews are submitted once the phase is closed for review; this one is "
            f"{phase_status}."
        )
    if side in set(existing_sides):
        return f"The {side} side has already submitted its review; a review cannot be changed."
    return None


def review_field_errors(
    side: str,
    ratings: Mapping[str, object],
    decision: object,
    goal_outcomes: Mapping[object, object] | None,
    goal_ids: Iterable[int],
) -> tuple[str, str] | None:
    """The first invalid field of a review as (field, message), or None.

    ``goal_ids`` are the phase's current goals: the client rates each one's outcome."""
    expected = CRITERIA[side]
    if not isinstance(ratings, Mapping):
        return "ratings", "ratings must map each criterion to a rating from 1 to 5."
    for name in ratings:
        if name not in expected:
            return (
                f"ratings.{name}",
                f"'{name}' is not a {side} criterion; rate {', '.join(expected)}.",
            )
    for name in expected:
        value = ratings.get(name)
        if value is None:
            return f"ratings.{name}", f"Rate {name} from 1 to 5."
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            return f"ratings.{name}", f"{name} must be a whole number from 1 to 5."
    if decision not in DECISIONS:
        return "decision", f"decision must be one of {', '.join(DECISIONS)}."
    outcomes = goal_outcomes or {}
    if side == "vendor" and outcomes:
        return "goal_outcomes", "Only the client rates the goals' outcomes."
    known = set(goal_ids)
    for goal_id, outcome in outcomes.items():
        key = str(goal_id)
        if not key.isdigit() or int(key) not in known:
            return f"goal_outcomes.{key}", f"{key} is not a current goal of this phase."
        if outcome not in GOAL_OUTCOMES:
            return f"goal_outcomes.{key}", f"An outcome is one of {', '.join(GOAL_OUTCOMES)}."
    if side == "client":
        # SPEC §2: at the review the client marks each goal met, partly met or missed.
        given = {str(k) for k in outcomes}
        for goal_id in sorted(known):
            if str(goal_id) not in given:
                return (
                    f"goal_outcomes.{goal_id}",
                    f"Say whether goal {goal_id} was met, partly met or missed.",
                )
    return None


def gate_decision(decisions: Mapping[str, str]) -> str | None:
    """passed when both sides said go (with or without conditions), stopped otherwise."""
    if set(decisions) != {"client", "vendor"}:
        return None
    return "passed" if all(d in GO for d in decisions.values()) else "stopped"
