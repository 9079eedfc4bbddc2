"""The dashboard's series: the numbers its charts and tables show."""

from __future__ import annotations

from datetime import UTC, date, datetime

from partnership.domain import dashboard
from partnership.domain.history import (
    CommitmentEventRecord,
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    PartnershipHistory,
    PhaseHistory,
    ReviewRecord,
)
from partnership.domain.trust import compute_trust

T = datetime(2026, 3, 1, 10, tzinfo=UTC)
NOW = datetime(2026, 4, 1, 10, tzinfo=UTC)


def commitment(i, due, *events):
    return CommitmentRecord(id=i, title=f"C{i}", due_date=due, created_at=T, events=events)


def history() -> PartnershipHistory:
    active = PhaseHistory(
        id=1,
        order=1,
        name="Build",
        status="review",
        started_at=T,
        closed_at=datetime(2026, 3, 30, tzinfo=UTC),
        goals=(
            GoalRecord(1, "Pay by card", "", "must", "outcome", T),
            GoalRecord(2, "Use Redux", "", "should", "prescriptive", T),
            GoalRecord(3, "Old", "", "could", "outcome", T, removed_at=T),
        ),
        directives=(DirectiveRecord(1, "Use Kafka", "prescriptive", "chat", False, T),),
        commitments=(
            commitment(
                1,
                date(2026, 3, 10),
                CommitmentEventRecord(1, "delivered", datetime(2026, 3, 9, tzinfo=UTC)),
            ),
            commitment(
                2,
                date(2026, 3, 10),
                CommitmentEventRecord(
                    2, "slip", datetime(2026, 3, 12, tzinfo=UTC), new_due_date=date(2026, 3, 20)
                ),
                CommitmentEventRecord(3, "delivered", datetime(2026, 3, 20, tzinfo=UTC)),
            ),
            commitment(
                3,
                date(2026, 3, 10),
                CommitmentEventRecord(4, "dropped", datetime(2026, 3, 5, tzinfo=UTC)),
            ),
            commitment(4, date(2026, 5, 10)),
        ),
        reviews=(
            ReviewRecord(
                1,
                "client",
                "go",
                {"delivery": 4, "transparency": 2, "quality": 5, "collaboration": 3},
                NOW,
            ),
        ),
    )
    planned = PhaseHistory(
        id=2,
        order=2,
        name="Launch",
        status="planned",
        planned_start=date(2026, 5, 1),
        planned_end=date(2026, 6, 1),
    )
    return PartnershipHistory(id=1, name="P", engagement="fixed_price", phases=(active, planned))


def test_the_delivery_record_sorts_each_commitment_into_one_class():
    row = dashboard.delivery_record(history(), NOW)[0]
    assert (
        row["on_time"],
        row["late_told_late"],
        row["dropped"],
        row["open"],
        row["late_told_early"],
    ) == (1, 1, 1, 1, 0)


def test_the_statement_mix_counts_current_goals_and_all_directives_by_category():
    row = dashboard.statement_mix(history())[0]
    assert (row["goals_outcome"], row["goals_prescriptive"]) == (1, 1)
    assert row["directives_prescriptive"] == 1 and row["directives_outcome"] == 0


def test_review_ratings_list_each_criterion_of_the_side_in_order():
    rows = dashboard.review_ratings(history())
    assert [(r["criterion"], r["rating"]) for r in rows] == [
        ("delivery", 4),
        ("transparency", 2),
        ("quality", 5),
        ("collaboration", 3),
    ]
    assert {r["side"] for r in rows} == {"client"}


def test_the_trust_series_covers_started_phases_only_with_a_band_around_each_score():
    h = history()
    points = dashboard.trust_series(h, compute_trust(h, NOW))
    assert {p.phase_id for p in points} == {1}
    assert {p.direction for p in points} == set(dashboard.DIRECTIONS)
    assert all(0 <= p.low <= p.score <= p.high <= 100 for p in points)


def test_the_timeline_gives_actual_dates_once_started_and_planned_ones_before():
    first, second = dashboard.timeline(history())
    assert first["start"] == T.date() and first["end"] == date(2026, 3, 30)
    assert first["client_decision"] == "go" and first["vendor_decision"] is None
    assert second["planned"] and second["start"] == date(2026, 5, 1)
