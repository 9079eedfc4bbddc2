"""How a request uses the app's pooled connections: three round trips fewer than SQLAlchemy's
defaults. ``init_app`` attaches both rules to the app's own engines, and to no other.

**A stale connection is tested before use only when it may have gone stale.**

SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` before every checkout: one more round trip
on every request, a tenth of a kept page's time (issue 15). A connection that was in use a
moment ago cannot have missed a database restart, so the ping is sent only to a connection
that sat idle for ``IDLE_SECONDS`` or more. A restart takes longer than that, so every
connection that lived through one is pinged, found dead and replaced (``DisconnectionError``
makes the pool open a new one) before a request sees it. This is SQLAlchemy's documented
"pessimistic" disconnect handling, with the idle time as its only addition.

**On PostgreSQL, reads run outside a transaction until the first write.** psycopg opens a
transaction (a ``BEGIN`` round trip) before a request's first query, and the pool ends it (a
``ROLLBACK``) when the request gives the connection back: two of a kept page's four round
trips. At PostgreSQL's READ COMMITTED, which this app uses, each statement sees what was
committed when it began, inside a transaction or out, so a plain ``SELECT`` is read the same
in autocommit. Whenever the connection is outside a transaction, the next statement decides:
a plain ``SELECT`` runs on its own, and anything else (a write, a ``SELECT ... FOR UPDATE``, a
savepoint) opens the transaction, which then holds every statement up to its commit or
rollback, as before. So every write is as atomic as it was, and its row locks are held as
long; only the reads before it lose their ``BEGIN``. And since psycopg forgets its prepared
statements at every ``ROLLBACK``, a pooled connection now keeps them (before, the pool's
rollback at the end of every request made PostgreSQL plan each query anew).
"""

from __future__ import annotations

import functools
import re
import time
from typing import Any

from flask import Flask
from psycopg.pq import TransactionStatus
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

from .extensions import db

IDLE_SECONDS = 1.0
_IDLE_SINCE = "idle_since"


def init_app(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            _manage(engine)


def _manage(engine: Engine) -> None:
    event.listen(engine, "connect", _idle_from_now)
    event.listen(engine, "checkin", _idle_from_now)
    event.listen(engine, "checkout", _ping_if_idle)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "before_cursor_execute", _transaction_if_needed)


def _idle_from_now(dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_IDLE_SINCE] = time.monotonic()


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


_READ_COMMITTED = "READ COMMITTED"
# A statement that may run outside a transaction: a SELECT that locks nothing (no row lock, no
# transaction-scoped advisory lock, which would end with the statement).
_PLAIN_READ = re.compile(
    r"\s*SELECT\b(?!.*(?:\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE|KEY\s+SHARE)\b|_xact_lock))",
    re.IGNORECASE | re.DOTALL,
)


@functools.lru_cache(maxsize=1024)
def needs_transaction(statement: str) -> bool:
    """Asked of every statement: remembered, since the statements are few (SQLAlchemy compiles
    each once) and matching a long one took a fiftieth of a kept page."""
    return _PLAIN_READ.match(statement) is None


def _transaction_if_needed(
    connection: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    """Between transactions, a plain read runs on its own; anything else opens one. Only at
    READ COMMITTED: a connection that asked for another level (AUTOCOMMIT for a ``VACUUM``,
    or a database whose default is stricter) keeps what it asked for."""
    level = connection.get_execution_options().get("isolation_level")
    if (level or connection.default_isolation_level) != _READ_COMMITTED:
        return
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection.info.transaction_status == TransactionStatus.IDLE:
        outside = not needs_transaction(statement)
        if dbapi_connection.autocommit != outside:
            dbapi_connection.autocommit = outside
