"""How long a reading of a history holds: what trust, flags, the dashboard and the pages say
at one moment stays true, with no new history, until ``valid_until`` (issue 15).

Trust, the dashboard and which commitments are late read the UTC date; two flags also read the
clock (``flags.clock_ticks``). So a reading made at ``now`` holds until the next UTC midnight or
the first of those ticks, whichever comes first: the app keeps it that long instead of drawing
everything again each minute. Plain Python; ``tests/domain/test_timing.py`` checks that no
reading changes before the moment this names.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from .commitments import utc_date
from .flags import clock_ticks
from .history import PartnershipHistory


def next_utc_midnight(now: datetime) -> datetime:
    """When the date the engines read (``utc_date``) turns."""
    return datetime.combine(utc_date(now) + timedelta(days=1), time.min, tzinfo=UTC)


def valid_until(history: PartnershipHistory, now: datetime) -> datetime:
    """The first moment after ``now`` at which a reading of ``history`` may differ."""
    return min([next_utc_midnight(now), *clock_ticks(history, now)])
