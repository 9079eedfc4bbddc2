"""Answers remembered for the very record: never another record's, never a stale one."""

from __future__ import annotations

import dataclasses

from partnership.domain.commitments import commitment_state
from partnership.domain.memo import by_identity

from .builders import commitment, date_of, delivered, slip


def test_a_record_read_again_after_an_event_gets_the_state_of_its_new_events():
    kept = commitment(due=10, events=[slip(8, to=15)])
    assert commitment_state(kept, date_of(9)).status == "open"

    # the loader builds a new record when the phase changes; the old one may still be alive
    read_again = dataclasses.replace(kept, events=(*kept.events, delivered(12)))
    assert commitment_state(read_again, date_of(9)).status == "delivered"
    assert commitment_state(kept, date_of(9)).status == "open"


def test_the_same_record_on_another_day_is_replayed_for_that_day():
    c = commitment(due=10)
    assert not commitment_state(c, date_of(10)).late
    assert commitment_state(c, date_of(11)).late


def test_an_equal_record_that_is_another_object_is_computed_again_and_agrees():
    calls = []

    @by_identity(8)
    def size(record, day):
        calls.append(record)
        return len(record.events) + day

    a = commitment(due=10, events=[slip(8, to=15)])
    b = dataclasses.replace(a)
    assert a == b and a is not b
    assert size(a, 1) == size(a, 1) == size(b, 1) == 2
    assert calls == [a, b]


def test_once_full_the_oldest_answer_is_forgotten_and_computed_again_when_asked():
    calls = []

    @by_identity(2)
    def title(record):
        calls.append(record.title)
        return record.title.upper()

    first, second, third = (commitment(due=10, title=t) for t in ("one", "two", "three"))
    assert [title(first), title(second), title(third)] == ["ONE", "TWO", "THREE"]
    assert title(third) == "THREE" and title(first) == "ONE"
    assert calls == ["one", "two", "three", "one"]
