"""What the calendar feed shows of a partnership, from plain data (no app, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from partnership.domain.calendar import PartnershipSchedule, PhaseSchedule, entries
from partnership.domain.history import CommitmentEventRecord, CommitmentRecord

T = datetime(2030, 5, 1, 9, tzinfo=UTC)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2030, 5, day, hour, tzinfo=UTC)


def schedule(*phases: PhaseSchedule, **kw) -> PartnershipSchedule:
    return PartnershipSchedule(id=1, name="Order portal", phases=phases, **kw)


def phase(**kw) -> PhaseSchedule:
    return PhaseSchedule(**({"id": 7, "name": "Pilot", "status": "active", "created_at": T} | kw))


def commitment(*events: CommitmentEventRecord) -> CommitmentRecord:
    return CommitmentRecord(
        id=42, title="Cart", due_date=date(2030, 5, 10), created_at=T, events=events
    )


def slip(day: int, to: date, event_id: int = 1) -> CommitmentEventRecord:
    return CommitmentEventRecord(id=event_id, type="slip", at=at(day), new_due_date=to)


def test_a_commitment_dropped_then_repromised_is_open_on_its_new_date():
    dropped = CommitmentEventRecord(id=1, type="dropped", at=at(2), note="no")
    (entry,) = entries(
        schedule(phase(commitments=(commitment(dropped, slip(3, date(2030, 6, 1), 2)),)))
    )
    assert entry.key == "commitment-42"
    assert entry.start == date(2030, 6, 1)
    assert entry.summary.id == "calendar.commitment_due"
    assert (entry.sequence, entry.cancelled, entry.stamp) == (2, False, at(3))


def test_a_delivery_freezes_the_date_and_later_slips_change_nothing():
    delivered = CommitmentEventRecord(id=1, type="delivered", at=at(8), evidence="v1")
    late_slip = slip(9, date(2030, 7, 1), 2)
    (entry,) = entries(schedule(phase(commitments=(commitment(delivered, late_slip),))))
    assert (entry.start, entry.sequence, entry.stamp) == (date(2030, 5, 10), 1, at(8))


def test_the_review_deadline_follows_a_partnerships_own_threshold():
    reviewing = phase(status="review", closed_at=at(1, 18), reviewed_sides=frozenset({"client"}))
    (entry,) = entries(schedule(reviewing, thresholds={"late_review_days": 2.5}))
    # 18:00 on the 1st plus two and a half days is 06:00 on the 4th (UTC).
    assert (entry.key, entry.start, entry.end) == (
        "review-7-vendor",
        date(2030, 5, 4),
        date(2030, 5, 5),
    )


def test_only_threshold_changes_after_the_phase_closed_raise_the_review_sequence():
    reviewing = phase(status="review", closed_at=at(5))
    found = entries(schedule(reviewing, review_limit_changes=(at(1), at(6), at(7))))
    assert [(e.key, e.sequence, e.stamp) for e in found] == [
        ("review-7-client", 2, at(7)),
        ("review-7-vendor", 2, at(7)),
    ]


def test_a_bad_stored_threshold_falls_back_to_the_default():
    reviewing = phase(status="review", closed_at=at(1))
    found = entries(schedule(reviewing, thresholds={"late_review_days": "soon"}))  # type: ignore[dict-item]
    assert {e.start for e in found} == {date(2030, 5, 8)}


def test_a_phase_shows_its_planned_days_and_counts_its_plan_edits():
    planned = phase(
        planned_start=date(2030, 5, 6), planned_end=date(2030, 5, 6), plan_changes=(at(2), at(3))
    )
    (entry,) = entries(schedule(planned))
    assert (entry.start, entry.end) == (date(2030, 5, 6), date(2030, 5, 7))  # one whole day
    assert (entry.sequence, entry.stamp, entry.anchor) == (2, at(3), None)
    assert entry.description is not None and entry.description.id == "calendar.phase_dates"
