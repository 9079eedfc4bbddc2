"""A commitment's state follows from replaying its events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from partnership.domain.commitments import commitment_state, delivery_class, utc_date
from partnership.domain.history import CommitmentEventRecord

from .builders import (
    commitment,
    date_of,
    delivered,
    dropped,
    progress,
    risk,
    slip,
)

TODAY = date_of(5)


def test_a_commitment_without_events_is_open_at_its_first_due_date():
    state = commitment_state(commitment(due=10), TODAY)
    assert state.status == "open"
    assert state.due_date == date_of(10)
    assert state.slips == ()
    assert state.last_event_at is None
    assert delivery_class(state) == "open"


def test_an_open_commitment_is_late_only_after_its_due_date():
    c = commitment(due=10)
    assert not commitment_state(c, date_of(10)).late
    assert commitment_state(c, date_of(11)).late
    assert commitment_state(c, date_of(11)).overdue


def test_a_slip_recorded_before_the_due_date_is_disclosed_in_advance():
    state = commitment_state(commitment(due=10, events=[slip(8, to=15)]), TODAY)
    assert state.slips[0].disclosed_in_advance


def test_a_slip_recorded_on_the_due_date_itself_is_disclosed_in_advance():
    late_in_the_day = 10 + 14 / 24  # 23:00 UTC on the due date
    state = commitment_state(commitment(due=10, events=[slip(late_in_the_day, to=15)]), TODAY)
    assert state.slips[0].disclosed_in_advance


def test_a_slip_recorded_the_day_after_the_due_date_is_not_disclosed():
    state = commitment_state(commitment(due=10, events=[slip(11, to=15)]), TODAY)
    view = state.slips[0]
    assert not view.disclosed_in_advance
    assert view.days_after_due == 1
    assert view.due_in_force == date_of(10)
    assert view.new_due_date == date_of(15)


def test_disclosure_compares_the_utc_date_of_the_event():
    # 20:00 in New York on the due date is already the next day in UTC
    new_york = timezone(timedelta(hours=-5))
    due = date_of(10)
    at = datetime(due.year, due.month, due.day, 20, 0, tzinfo=new_york)
    event = CommitmentEventRecord(1, "slip", at, new_due_date=date_of(15))
    state = commitment_state(commitment(due=10, events=[event]), TODAY)
    assert utc_date(at) == date_of(11)
    assert not state.slips[0].disclosed_in_advance


def test_a_slip_moves_the_due_date_and_the_next_slip_is_judged_against_the_new_one():
    c = commitment(due=10, events=[slip(9, to=15), slip(14, to=20), slip(21, to=25)])
    state = commitment_state(c, TODAY)
    assert state.due_date == date_of(25)
    assert state.original_due_date == date_of(10)
    assert [s.due_in_force for s in state.slips] == [date_of(10), date_of(15), date_of(20)]
    assert [s.disclosed_in_advance for s in state.slips] == [True, True, False]


def test_delivery_by_the_first_due_date_is_on_time():
    state = commitment_state(commitment(due=10, events=[progress(3), delivered(9)]), TODAY)
    assert state.status == "delivered"
    assert state.on_time and state.delivered_by_original_due
    assert not state.late
    assert delivery_class(state) == "on_time"


def test_delivery_on_a_date_moved_by_a_disclosed_slip_is_kept_but_late_told_early():
    state = commitment_state(commitment(due=10, events=[slip(8, to=15), delivered(14)]), TODAY)
    assert state.on_time is True
    assert state.delivered_by_original_due is False
    assert not state.late
    assert delivery_class(state) == "late_told_early"


def test_delivery_after_the_due_date_without_a_slip_is_late_told_late():
    state = commitment_state(commitment(due=10, events=[delivered(12)]), TODAY)
    assert state.on_time is False
    assert state.late
    assert delivery_class(state) == "late_told_late"


def test_delivery_after_an_undisclosed_slip_is_late_told_late():
    state = commitment_state(commitment(due=10, events=[slip(12, to=15), delivered(14)]), TODAY)
    assert state.on_time is True
    assert delivery_class(state) == "late_told_late"


def test_delivery_past_a_date_moved_in_advance_is_late_told_late():
    state = commitment_state(commitment(due=10, events=[slip(8, to=15), delivered(18)]), TODAY)
    assert state.late
    assert delivery_class(state) == "late_told_late"


def test_a_drop_ends_the_commitment_and_is_judged_like_a_slip():
    state = commitment_state(commitment(due=10, events=[dropped(12)]), date_of(30))
    assert state.status == "dropped"
    assert not state.late
    assert state.slips[0].kind == "dropped"
    assert not state.slips[0].disclosed_in_advance
    assert delivery_class(state) == "dropped"


def test_a_delivery_after_a_drop_counts_as_delivered_and_keeps_the_drop_on_record():
    state = commitment_state(commitment(due=10, events=[dropped(5), delivered(9)]), TODAY)
    assert state.status == "delivered"
    assert [s.kind for s in state.slips] == ["dropped"]


def test_a_slip_after_a_drop_reopens_the_commitment_with_the_new_date():
    state = commitment_state(commitment(due=10, events=[dropped(5), slip(6, to=20)]), TODAY)
    assert state.status == "open"
    assert state.due_date == date_of(20)


def test_events_after_a_delivery_change_nothing_but_the_last_event_time():
    c = commitment(due=10, events=[delivered(9), slip(11, to=20), dropped(12), delivered(13)])
    state = commitment_state(c, date_of(30))
    assert state.status == "delivered"
    assert state.delivered_at is not None and utc_date(state.delivered_at) == date_of(9)
    assert state.due_date == date_of(10)
    assert state.slips == ()
    assert utc_date(state.last_event_at) == date_of(13)


def test_risks_are_counted_and_those_told_before_the_due_date_are_candour():
    c = commitment(due=10, events=[risk(2), risk(10), risk(11), delivered(12), risk(13)])
    state = commitment_state(c, TODAY)
    assert state.risks == 4
    assert [utc_date(t) for t in state.risks_in_advance] == [date_of(2), date_of(10)]


def test_events_are_replayed_in_time_order_whatever_order_they_were_stored_in():
    c = commitment(due=10, events=[delivered(14), slip(8, to=15)])
    state = commitment_state(c, TODAY)
    assert state.on_time
    assert delivery_class(state) == "late_told_early"
