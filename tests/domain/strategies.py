"""Hypothesis strategies for partnership histories that could really have happened.

Phases follow one another in time; only the last may be planned, active or in review; items
fall inside their phase's time; commitment events are in order; reviews exist only once a phase
is in review or decided. Ids count from 1 (the builders count from 100 000).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import strategies as st

from partnership.domain.history import (
    CommitmentEventRecord,
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    GoalRevisionRecord,
    PartnershipHistory,
    PhaseHistory,
    ReviewRecord,
)
from partnership.domain.vocabulary import (
    CATEGORIES,
    CHANNELS,
    CRITERIA,
    DECISIONS,
    ENGAGEMENTS,
    EVENT_TYPES,
    RESPONSES,
)

from .builders import START

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Story:
    """A generated history and the moment it is read at (after everything in it)."""

    history: PartnershipHistory
    now: datetime


def _hours(draw: st.DrawFn, low: int, high: int) -> int:
    return draw(st.integers(min_value=low, max_value=max(low, high)))


@st.composite
def stories(draw: st.DrawFn, min_phases: int = 0, max_phases: int = 4) -> Story:
    ids = itertools.count(1)
    n_phases = draw(st.integers(min_value=min_phases, max_value=max_phases))
    engagement = draw(st.sampled_from(ENGAGEMENTS))
    phases: list[PhaseHistory] = []
    cursor = 0  # hours after START
    latest = 0
    for index in range(n_phases):
        last = index == n_phases - 1
        status = draw(
            st.sampled_from(("planned", "active", "review", "passed", "stopped"))
            if last
            else st.sampled_from(("passed", "stopped"))
        )
        length = _hours(draw, 24, 24 * 40)
        start = cursor + _hours(draw, 0, 24 * 5)
        end = start + length  # when it closed, or how far an open phase has got
        cursor = end + 1
        started = status != "planned"

        def at(low: int, high: int) -> int:
            return _hours(draw, low, high)

        goals = []
        for _ in range(draw(st.integers(0, 4))):
            created = at(start - 24 * 5, end if started else start)
            edits = sorted(draw(st.lists(st.integers(created, end), max_size=2)))
            removed = draw(st.one_of(st.none(), st.integers(created, end)))
            if removed is not None:
                edits = [e for e in edits if e <= removed]
            goals.append(
                GoalRecord(
                    id=next(ids),
                    title=f"Goal {len(goals) + 1}",
                    success_criterion="measured",
                    priority=draw(st.sampled_from(("must", "should", "could"))),
                    category=draw(st.sampled_from(CATEGORIES)),
                    created_at=START + created * HOUR,
                    revisions=tuple(
                        GoalRevisionRecord("older", "older", "must", START + e * HOUR)
                        for e in edits
                    ),
                    removed_at=START + removed * HOUR if removed is not None else None,
                )
            )
            latest = max(latest, created, removed or 0, *edits)

        directives = []
        for _ in range(draw(st.integers(0, 8)) if started else 0):
            sent = at(start, end)
            response = draw(st.one_of(st.none(), st.sampled_from(RESPONSES)))
            directives.append(
                DirectiveRecord(
                    id=next(ids),
                    text=f"Directive {len(directives) + 1}",
                    category=draw(st.sampled_from(CATEGORIES)),
                    channel=draw(st.sampled_from(CHANNELS)),
                    adds_scope=draw(st.booleans()),
                    created_at=START + sent * HOUR,
                    response=response,
                    responded_at=START + (sent + 1) * HOUR if response else None,
                )
            )
            latest = max(latest, sent + 1)

        commitments = []
        for _ in range(draw(st.integers(0, 5)) if started else 0):
            created = at(start, end)
            due = START + (created + at(0, 24 * 20)) * HOUR
            events = []
            moment = created
            for _ in range(draw(st.integers(0, 4))):
                moment = at(moment, moment + 24 * 12)
                kind = draw(st.sampled_from(EVENT_TYPES))
                new_due = (
                    (START + (moment + at(0, 24 * 15)) * HOUR).date() if kind == "slip" else None
                )
                events.append(
                    CommitmentEventRecord(
                        next(ids), kind, START + moment * HOUR, new_due_date=new_due
                    )
                )
            latest = max(latest, moment)
            commitments.append(
                CommitmentRecord(
                    id=next(ids),
                    title=f"Commitment {len(commitments) + 1}",
                    due_date=due.date(),
                    created_at=START + created * HOUR,
                    events=tuple(events),
                )
            )

        reviews = []
        if status in ("review", "passed", "stopped"):
            sides = (
                ("client", "vendor")
                if status != "review"
                else draw(st.sampled_from(((), ("client",), ("vendor",), ("client", "vendor"))))
            )
            for side in sides:
                ratings = {c: draw(st.integers(1, 5)) for c in CRITERIA[side]}
                reviews.append(
                    ReviewRecord(
                        next(ids),
                        side,
                        draw(st.sampled_from(DECISIONS)),
                        ratings,
                        START + (end + 1) * HOUR,
                    )
                )
            latest = max(latest, end + 1)

        phases.append(
            PhaseHistory(
                id=next(ids),
                order=index + 1,
                name=f"Phase {index + 1}",
                status=status,
                started_at=START + start * HOUR if started else None,
                closed_at=START + end * HOUR if status in ("review", "passed", "stopped") else None,
                decided_at=START + (end + 2) * HOUR if status in ("passed", "stopped") else None,
                goals=tuple(goals),
                directives=tuple(directives),
                commitments=tuple(commitments),
                reviews=tuple(reviews),
            )
        )
        latest = max(latest, end + 2)

    history = PartnershipHistory(
        id=1, name="Generated", engagement=engagement, phases=tuple(phases)
    )
    now = START + (latest + _hours(draw, 0, 24 * 30)) * HOUR
    return Story(history, now)
