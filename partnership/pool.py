"""A pooled database connection is tested before use only when it may have gone stale.

SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` before every checkout: one more round trip
on every request, a tenth of a kept page's time (issue 15). A connection that was in use a
moment ago cannot have missed a database restart, so the ping is sent only to a connection
that sat idle for ``IDLE_SECONDS`` or more. A restart takes longer than that, so every
connection that lived through one is pinged, found dead and replaced (``DisconnectionError``
makes the pool open a new one) before a request sees it. This is SQLAlchemy's documented
"pessimistic" disconnect handling, with the idle time as its only addition.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.pool import Pool

IDLE_SECONDS = 1.0
_IDLE_SINCE = "idle_since"


@event.listens_for(Pool, "connect")
@event.listens_for(Pool, "checkin")
def _idle_from_now(dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_IDLE_SINCE] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    since = record.info.get(_IDLE_SINCE)
    if since is not None and time.monotonic() - since < IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
    except Exception as error:  # any failure here: this connection is gone, take another
        raise exc.DisconnectionError(str(error)) from error
