"""What a member's calendar feed shows of a partnership (SPEC §12).

Three kinds of entry, each an all-day event:

- a **phase** from its planned start to its planned end; a phase without both planned dates
  is left out (there is no plan to show, and an open phase has no end to draw);
- a **commitment** on its due date in force, after slips (``commitment_state``), marked
  delivered or dropped once it is;
- a **review deadline** while a phase is in review: the day a side's missing review becomes
  late (``closed_at`` + the ``late_review_days`` threshold of the flags), one per side still
  missing, gone once that side has reviewed.

Each entry carries a ``sequence`` that grows whenever its date or status moves, counted from
the history (slips, edits of the plan, changes of the threshold), so nothing needs a stored
counter, and a ``stamp``: when it was last revised, which is what RFC 5545 asks of DTSTAMP in
a published feed. An entry depends on its partnership's data only (not on the reader or the
day), so a partnership's entries can be cached by the partnership's revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .commitments import DELIVERED, DROPPED, OPEN, commitment_state, utc_date
from .flags import DEFAULT_THRESHOLDS, ThresholdError, merge_thresholds
from .history import CommitmentRecord
from .messages import Message

PHASE, COMMITMENT, REVIEW = "phase", "commitment", "review"
REVIEW_SIDES = ("client", "vendor")


@dataclass(frozen=True)
class PhaseSchedule:
    """What the feed needs of a phase."""

    id: int
    name: str
    status: str
    created_at: datetime
    objective: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    closed_at: datetime | None = None  # entered review
    plan_changes: tuple[datetime, ...] = ()  # when its planned dates were edited
    reviewed_sides: frozenset[str] = frozenset()
    commitments: tuple[CommitmentRecord, ...] = ()


@dataclass(frozen=True)
class PartnershipSchedule:
    id: int
    name: str
    thresholds: dict[str, float] = field(default_factory=dict)  # overrides of flag defaults
    review_limit_changes: tuple[datetime, ...] = ()  # when late_review_days was changed
    phases: tuple[PhaseSchedule, ...] = ()  # in order


@dataclass(frozen=True)
class Entry:
    """One all-day event of the feed; the service gives it a host, a URL and a language."""

    key: str  # "phase-12", "commitment-42", "review-12-client": unique in the product
    kind: str  # phase | commitment | review
    partnership_id: int
    phase_id: int
    start: date
    end: date  # exclusive, as iCalendar counts the end of an all-day event
    summary: Message
    description: Message | None
    sequence: int
    stamp: datetime
    cancelled: bool = False
    anchor: str | None = None  # the place on the phase's page: "commitment-42"


def entries(schedule: PartnershipSchedule) -> list[Entry]:
    """Every entry of ``schedule``, phase by phase: the phase, its commitments, its reviews."""
    found: list[Entry] = []
    limit = _late_review_days(schedule.thresholds)
    for phase in schedule.phases:
        found.extend(_phase(schedule, phase))
        found.extend(_commitment(schedule, phase, c) for c in phase.commitments)
        found.extend(_review_deadlines(schedule, phase, limit))
    return found


def _phase(schedule: PartnershipSchedule, phase: PhaseSchedule) -> list[Entry]:
    if phase.planned_start is None or phase.planned_end is None:
        return []
    detail = "calendar.phase_objective" if phase.objective.strip() else "calendar.phase_dates"
    return [
        Entry(
            key=f"phase-{phase.id}",
            kind=PHASE,
            partnership_id=schedule.id,
            phase_id=phase.id,
            start=phase.planned_start,
            end=phase.planned_end + timedelta(days=1),
            summary=Message("calendar.phase", phase=phase.name, partnership=schedule.name),
            description=Message(
                detail,
                start=phase.planned_start,
                end=phase.planned_end,
                objective=phase.objective.strip(),
            ),
            sequence=len(phase.plan_changes),
            stamp=max((phase.created_at, *phase.plan_changes)),
        )
    ]


_COMMITMENT_SUMMARIES = {
    OPEN: "calendar.commitment_due",
    DELIVERED: "calendar.commitment_delivered",
    DROPPED: "calendar.commitment_dropped",
}


def _commitment(schedule: PartnershipSchedule, phase: PhaseSchedule, c: CommitmentRecord) -> Entry:
    # ``today`` only decides lateness, which the feed does not show: any date will do.
    state = commitment_state(c, c.due_date)
    moves = [slip.at for slip in state.slips]
    if state.delivered_at is not None:
        moves.append(state.delivered_at)
    slips = sum(1 for slip in state.slips if slip.kind == "slip")
    description = (
        Message("calendar.commitment_moved", first=c.due_date, count=slips, phase=phase.name)
        if slips
        else Message("calendar.commitment_phase", phase=phase.name)
    )
    return Entry(
        key=f"commitment-{c.id}",
        kind=COMMITMENT,
        partnership_id=schedule.id,
        phase_id=phase.id,
        start=state.due_date,
        end=state.due_date + timedelta(days=1),
        summary=Message(
            _COMMITMENT_SUMMARIES[state.status], title=c.title, partnership=schedule.name
        ),
        description=description,
        # Every slip, drop and delivery changes what the event says (its date or status).
        sequence=len(moves),
        stamp=max((c.created_at, *moves)),
        cancelled=state.status == DROPPED,
        anchor=f"commitment-{c.id}",
    )


def _review_deadlines(
    schedule: PartnershipSchedule, phase: PhaseSchedule, limit: float
) -> list[Entry]:
    # As the LATE_REVIEW flag: only a phase still waiting in review has a deadline.
    if phase.status != "review" or phase.closed_at is None:
        return []
    closed_at = phase.closed_at
    day = utc_date(closed_at + timedelta(days=limit))
    changes = tuple(at for at in schedule.review_limit_changes if at > closed_at)
    return [
        Entry(
            key=f"review-{phase.id}-{side}",
            kind=REVIEW,
            partnership_id=schedule.id,
            phase_id=phase.id,
            start=day,
            end=day + timedelta(days=1),
            summary=Message(
                f"calendar.review_due_{side}", phase=phase.name, partnership=schedule.name
            ),
            description=Message("calendar.review_detail", closed=closed_at, count=limit),
            sequence=len(changes),
            stamp=max((closed_at, *changes)),
            anchor="reviews-heading",
        )
        for side in REVIEW_SIDES
        if side not in phase.reviewed_sides
    ]


def _late_review_days(overrides: dict[str, float]) -> float:
    try:
        return merge_thresholds(overrides)["late_review_days"]
    except ThresholdError:
        # Overrides are checked when saved; a bad one elsewhere should not hide the calendar.
        return DEFAULT_THRESHOLDS["late_review_days"]
