"""A reading of a history (trust, flags, the dashboard) holds until ``timing.valid_until``:
nothing it says changes before that moment, so the app may keep it that long."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from partnership.domain import dashboard, timing
from partnership.domain.flags import compute_flags
from partnership.domain.trust import compute_trust

from .builders import commitment, day, history, phase, progress
from .strategies import Story, stories

MICRO = timedelta(microseconds=1)


def _reading(h, moment):
    report = compute_trust(h, moment)
    return report, compute_flags(h, moment), dashboard.headlines(h, report)


@settings(max_examples=200, deadline=None)
@given(
    story=stories(),
    back=st.integers(min_value=0, max_value=24 * 40),  # read earlier: items may lie ahead
    where=st.lists(st.floats(min_value=0, max_value=1, exclude_max=True), max_size=3),
)
def test_nothing_read_changes_before_the_moment_valid_until_names(story: Story, back, where):
    now = story.now - timedelta(hours=back)
    until = timing.valid_until(story.history, now)
    assert until > now
    assert until <= timing.next_utc_midnight(now)
    first = _reading(story.history, now)
    inside = [min(now + (until - now) * w, until - MICRO) for w in where]  # w*x may round up
    for moment in [until - MICRO, *inside]:
        assert _reading(story.history, moment) == first, (now, moment, until)


def test_a_silence_is_read_again_the_moment_it_reaches_the_limit():
    quiet = history(phase(commitments=[commitment(created=1, events=[progress(3)])]))
    until = timing.valid_until(quiet, day(16.9))
    assert until == day(17)  # 14 days after the last event, before the next midnight
    assert not compute_flags(quiet, until - MICRO)
    assert [f.code for f in compute_flags(quiet, until)] == ["SILENT_VENDOR"]


def test_a_reading_with_no_clock_running_holds_until_midnight():
    decided = history(phase(status="passed", closed=10, decided=11))
    assert timing.valid_until(decided, day(30)) == timing.next_utc_midnight(day(30))


def _silence(h, moment):
    return [
        (f.severity, f.message.id) for f in compute_flags(h, moment) if f.code == "SILENT_VENDOR"
    ]


def test_an_open_silence_is_read_again_when_it_outgrows_an_earlier_one():
    # Silent from day 0 to 20 (on record), then again since day 20: the open gap becomes the
    # longest, and the warning, just after day 40 (not at a whole day of it).
    h = history(phase(commitments=[commitment(created=20, due=60)]))
    assert timing.valid_until(h, day(40) - MICRO) == day(40)
    assert timing.valid_until(h, day(40)) == day(40) + MICRO
    assert _silence(h, day(40)) == [("info", "flag.silent_vendor.past")]
    assert _silence(h, day(40) + MICRO) == [("warning", "flag.silent_vendor.since")]


def test_an_item_written_with_a_later_time_is_read_again_when_that_time_comes():
    h = history(phase(commitments=[commitment(created=19.5, due=60)]))
    assert timing.valid_until(h, day(19)) == day(19.5)
    assert _silence(h, day(19.5) - MICRO) == [("warning", "flag.silent_vendor.since_start")]
    assert _silence(h, day(19.5)) == [("info", "flag.silent_vendor.past")]
