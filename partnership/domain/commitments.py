"""The state of a vendor commitment, derived from its append-only list of events.

A commitment is never edited: its due date, status and record of slips follow from replaying its
events in order. The trust model, the flags and the pages all read that replay from here, so they
agree on what "on time", "late" and "disclosed in advance" mean (SPEC §2).

Rules of the replay, in the order events were recorded:

- ``slip`` moves the due date to its ``new_due_date``; it is *disclosed in advance* when the
  event's UTC date is on or before the due date in force at that moment.
- ``dropped`` ends the commitment; disclosed in advance under the same rule as a slip.
- ``delivered`` ends the commitment for good. Later slips, drops and deliveries are ignored:
  the work has been handed over, and a log cannot take that back.
- A ``delivered`` after a ``dropped`` counts: the work arrived after all. A ``slip`` after a
  ``dropped`` re-opens the commitment with the new due date (it was re-promised). In both cases
  the drop stays on the record.
- ``risk`` and ``progress`` never change the status; risks are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from .history import CommitmentRecord
from .memo import by_identity

OPEN = "open"
DELIVERED = "delivered"
DROPPED = "dropped"

DELIVERY_CLASSES = ("on_time", "late_told_early", "late_told_late", "dropped", "open")


def utc_date(moment: datetime) -> date:
    """The calendar date of ``moment`` in UTC: due dates are compared on this date."""
    if moment.tzinfo is None or moment.tzinfo is UTC:
        # history times are documented as UTC; a naive one is taken to be UTC already
        return moment.date()
    return moment.astimezone(UTC).date()


@dataclass(frozen=True)
class SlipView:
    """A slip or a drop as it stood when it was recorded."""

    event_id: int
    at: datetime
    kind: str  # slip | dropped
    due_in_force: date  # the due date the vendor was held to when recording it
    new_due_date: date | None  # slip only
    disclosed_in_advance: bool

    @property
    def days_after_due(self) -> int:
        """How many days after the due date in force it was recorded (0 when in advance)."""
        return max(0, (utc_date(self.at) - self.due_in_force).days)


@dataclass(frozen=True)
class CommitmentState:
    """What a commitment's events add up to on a given day.

    ``on_time`` means the promise was kept: delivered on or before the due date in force at
    delivery, that is after any slips. Whether the vendor also met the first promise is
    ``delivered_by_original_due``; slips are judged separately, through ``slips``.
    """

    due_date: date  # in force now, after slips
    original_due_date: date
    status: str  # open | delivered | dropped
    delivered_at: datetime | None
    on_time: bool | None  # delivered only: on or before the due date in force
    delivered_by_original_due: bool | None  # delivered only
    late: bool  # open past its due date, or delivered after the due date in force
    slips: tuple[SlipView, ...]  # slips and drops, oldest first
    risks: int  # risk events recorded
    # times of the risks told on or before the due date in force, before delivery: candour
    risks_in_advance: tuple[datetime, ...]
    last_event_at: datetime | None

    @property
    def overdue(self) -> bool:
        """Open and past its due date: a slip nobody has recorded yet."""
        return self.status == OPEN and self.late

    @property
    def all_slips_disclosed(self) -> bool:
        """Every slip and drop was recorded in advance (true when there were none)."""
        return all(slip.disclosed_in_advance for slip in self.slips)


# Trust, the flags, the dashboard and the pages each ask the state of every commitment (about
# four times per commitment and reading). A record and its state are immutable, and the
# loader keeps a phase's records across readings (``services/history.py``), so the replay is
# remembered for the record; the bound is some 8 MB of states.
STATES_KEPT = 16_384


@by_identity(STATES_KEPT)
def commitment_state(c: CommitmentRecord, today: date) -> CommitmentState:
    """Replay ``c``'s events; ``today`` (a UTC date) decides whether an open one is late."""
    due = c.due_date
    status = OPEN
    delivered_at: datetime | None = None
    due_at_delivery: date | None = None
    slips: list[SlipView] = []
    risks = 0
    risks_in_advance: list[datetime] = []
    last_event_at: datetime | None = None

    # Sorted by time, stable for equal times, so a log imported out of order replays the same.
    for event in sorted(c.events, key=lambda e: e.at):
        if last_event_at is None or event.at > last_event_at:
            last_event_at = event.at
        if event.type == "risk":
            risks += 1
            if status == OPEN and utc_date(event.at) <= due:
                risks_in_advance.append(event.at)
            continue
        if status == DELIVERED or event.type not in ("slip", "dropped", "delivered"):
            continue
        if event.type == "delivered":
            status = DELIVERED
            delivered_at = event.at
            due_at_delivery = due
            continue
        disclosed = utc_date(event.at) <= due
        if event.type == "slip":
            slips.append(SlipView(event.id, event.at, "slip", due, event.new_due_date, disclosed))
            if event.new_due_date is not None:
                due = event.new_due_date
            status = OPEN  # a slip after a drop re-promises the work
        else:
            slips.append(SlipView(event.id, event.at, "dropped", due, None, disclosed))
            status = DROPPED

    on_time: bool | None = None
    by_original: bool | None = None
    if delivered_at is not None and due_at_delivery is not None:
        delivered_on = utc_date(delivered_at)
        on_time = delivered_on <= due_at_delivery
        by_original = delivered_on <= c.due_date
        late = not on_time
    else:
        late = status == OPEN and today > due

    return CommitmentState(
        due_date=due,  # a delivery freezes it: later slips are ignored
        original_due_date=c.due_date,
        status=status,
        delivered_at=delivered_at,
        on_time=on_time,
        delivered_by_original_due=by_original,
        late=late,
        slips=tuple(slips),
        risks=risks,
        risks_in_advance=tuple(risks_in_advance),
        last_event_at=last_event_at,
    )


def delivery_class(state: CommitmentState) -> str:
    """Where a commitment sits on the delivery-record chart.

    - ``on_time``: delivered on or before the first due date promised;
    - ``late_told_early``: delivered after it, but every slip was recorded in advance and the
      last promised date was met, so the client was never surprised;
    - ``late_told_late``: delivered late with a slip recorded after the fact, or past the date
      in force without any slip;
    - ``dropped`` and ``open``: as their status says.
    """
    if state.status == DROPPED:
        return "dropped"
    if state.status == OPEN:
        return "open"
    if state.delivered_by_original_due:
        return "on_time"
    if state.on_time and state.all_slips_disclosed:
        return "late_told_early"
    return "late_told_late"
