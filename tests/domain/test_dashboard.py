"""The dashboard's series: the numbers its charts and tables show."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import replace
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


# --- what the reader means by "now", and windows that keep the dashboard short -------------


def test_the_current_phase_is_the_open_one_else_the_latest_started_else_the_first_planned():
    past = history()
    assert dashboard.current_phase(past).name == "Build"  # in review
    build, launch = past.phases
    decided = PartnershipHistory(
        id=1,
        name="P",
        engagement="fixed_price",
        phases=(replace(build, status="passed"), launch),
    )
    assert dashboard.current_phase(decided).name == "Build"
    fresh = PartnershipHistory(id=1, name="P", engagement="fixed_price", phases=(launch,))
    assert dashboard.current_phase(fresh).name == "Launch"
    empty = PartnershipHistory(id=1, name="P", engagement="fixed_price", phases=())
    assert dashboard.current_phase(empty) is None


def test_recent_keeps_the_rows_of_the_latest_phases_and_all_of_them_on_demand():
    rows = [{"phase_id": n, "phase": f"P{n}", "x": k} for n in range(1, 31) for k in (1, 2)]
    latest = dashboard.recent(rows)
    assert {r["phase_id"] for r in latest} == set(range(23, 31))
    assert len(latest) == 2 * dashboard.WINDOW
    assert dashboard.recent(rows, None) == rows
    assert dashboard.recent([], 8) == []


def test_the_headline_gives_the_overall_score_beside_the_current_phases_own():
    past = history()
    report = compute_trust(past, NOW)
    cards = dashboard.headlines(past, report)
    assert [c.direction for c in cards] == list(dashboard.DIRECTIONS)
    assert all(c.phase_id == 1 for c in cards)
    assert cards[0].latest == report.phase(1).vendor_reliability
    assert cards[0].overall == report.vendor_reliability


def test_a_partnership_with_nothing_started_has_no_current_phase_score_and_not_enough_evidence():
    _, launch = history().phases
    fresh = PartnershipHistory(id=1, name="P", engagement="fixed_price", phases=(launch,))
    cards = dashboard.headlines(fresh, compute_trust(fresh, NOW))
    assert all(c.latest is None and c.phase_id is None for c in cards)
    assert not any(c.overall.enough for c in cards)  # "not enough evidence yet", not 50


def test_flags_are_grouped_by_phase_with_the_current_phase_first_then_newest():
    phases = tuple(
        PhaseHistory(id=n, order=n, name=f"P{n}", status="passed", started_at=T)
        for n in range(1, 5)
    )
    current = replace(phases[1], status="active")
    past = PartnershipHistory(
        id=1, name="P", engagement="fixed_price", phases=(phases[0], current, *phases[2:])
    )
    flag = namedtuple("flag", "phase_id code")
    found = [flag(1, "A"), flag(4, "B"), flag(2, "C"), flag(3, "D"), flag(2, "E")]
    groups = dashboard.flags_by_phase(past, found)
    assert [g[0] for g in groups] == [2, 4, 3, 1]
    assert [f.code for f in groups[0][1]] == ["C", "E"]


def test_the_timeline_window_keeps_the_latest_started_phases_and_the_next_planned_one():
    rows = [{"phase_id": n, "planned": n > 20} for n in range(1, 26)]
    window = dashboard.timeline_window(rows)
    assert [r["phase_id"] for r in window] == [*range(13, 21), 21]
    assert dashboard.timeline_window(rows, None) == rows
