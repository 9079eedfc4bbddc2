"""The app's pooled connections (``partnership/pool.py``). A connection the database has
dropped (a restart) never breaks the next request, and one in use a moment ago is not tested
again. On PostgreSQL, reads run outside a transaction and every write inside one: a page that
only reads sends no BEGIN and no ROLLBACK, and a write is as atomic, and holds its row locks as
long, as before."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import exc, select, update
from sqlalchemy.dialects import postgresql

from partnership import pool
from partnership.extensions import db
from partnership.models import Partnership, Phase, User
from partnership.pool import needs_transaction

from .conftest import TEST_DATABASE_URL
from .helpers import World, logged_in, phase_in

on_postgres = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="TEST_DATABASE_URL is not set: these are PostgreSQL's"
)


def _admin_connection() -> psycopg.Connection:
    """A connection of its own to the test database, beside the app's pool."""
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(url, autocommit=True)


def _drop_the_pooled_connection() -> None:
    """What a database restart does to the pool: its one connection is ended by the server."""
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:  # the pool now holds this connection only
        backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with _admin_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend,))


def _page(app, browser, path: str) -> int:
    try:
        return browser.get(path).status_code
    except exc.DBAPIError:  # the error reached the test client instead of an error page
        return 500


@on_postgres
def test_a_dropped_connection_idle_for_a_while_is_replaced_before_use(app, monkeypatch):
    world = World.build()
    browser = logged_in(app.test_client(), world.client_lead.email)
    path = f"/partnerships/{world.partnership.id}"
    monkeypatch.setattr(pool, "IDLE_SECONDS", 0.0)  # as if it sat idle through a restart
    _drop_the_pooled_connection()
    assert _page(app, browser, path) == 200


@on_postgres
def test_without_the_check_the_dropped_connection_would_fail(app, monkeypatch):
    # The control: the test above would fail if the pool did not check (it drops for real).
    world = World.build()
    browser = logged_in(app.test_client(), world.client_lead.email)
    path = f"/partnerships/{world.partnership.id}"
    monkeypatch.setattr(pool, "IDLE_SECONDS", 3600.0)  # used a moment ago: not checked
    _drop_the_pooled_connection()
    assert _page(app, browser, path) == 500
    db.session.remove()
    assert _page(app, browser, path) == 200  # the pool replaced it after the failure


def _sql(statement) -> str:
    return str(statement.compile(dialect=postgresql.dialect()))


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT 1",
        "  select users.id FROM users WHERE users.id = %(id)s",
        "SELECT name FROM phases WHERE note = 'ready for an update'",
    ],
)
def test_a_plain_read_needs_no_transaction(statement):
    assert not needs_transaction(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO users (email) VALUES (%(email)s)",
        "UPDATE phases SET name = %(name)s",
        "DELETE FROM goals WHERE id = 1",
        "SAVEPOINT sa_savepoint_1",
        "WITH moved AS (DELETE FROM goals RETURNING id) SELECT count(*) FROM moved",
        "TRUNCATE users",
        "SELECT id FROM phases WHERE id = 1 FOR UPDATE",
        "SELECT id FROM phases FOR UPDATE OF phases NOWAIT",
        "SELECT id FROM phases\nFOR NO KEY UPDATE",
        "select id from phases for share",
        "SELECT id FROM phases FOR KEY SHARE",
        "SELECT pg_advisory_xact_lock(42)",
    ],
)
def test_a_write_or_a_lock_needs_a_transaction(statement):
    assert needs_transaction(statement)


def test_the_locking_reads_the_app_writes_need_a_transaction():
    # As SQLAlchemy compiles them for PostgreSQL (services/phases.py, services/reviews.py).
    assert needs_transaction(_sql(select(Phase).with_for_update()))
    assert needs_transaction(_sql(select(Phase).with_for_update(key_share=True)))
    assert needs_transaction(_sql(select(Phase).with_for_update(read=True)))
    assert not needs_transaction(_sql(select(Phase).where(Phase.id == 1)))


def _status() -> TransactionStatus:
    return db.session.connection().connection.dbapi_connection.info.transaction_status


@on_postgres
def test_reads_leave_no_transaction_open_and_a_write_opens_one(app):
    world = World.build()
    db.session.commit()
    db.session.execute(select(User)).all()
    db.session.execute(select(Partnership)).all()
    assert _status() == TransactionStatus.IDLE  # nothing to roll back: no BEGIN was sent
    db.session.execute(update(Partnership).values(name="Renamed"))
    assert _status() == TransactionStatus.INTRANS
    db.session.commit()
    db.session.execute(select(User)).all()
    assert _status() == TransactionStatus.IDLE  # after the commit, reads are on their own again
    assert world.partnership.name == "Renamed"


@on_postgres
def test_a_write_after_reads_is_still_all_or_nothing(app):
    world = World.build()
    db.session.commit()
    db.session.execute(select(Partnership)).all()
    db.session.execute(update(Partnership).values(name="Half"))
    db.session.execute(update(User).values(name="Half"))
    db.session.rollback()  # a crash between the two writes, or after both
    with _admin_connection() as other:  # in autocommit, the first would have stayed
        assert other.execute(
            "SELECT count(*) FROM partnerships WHERE name = 'Half'"
        ).fetchone() == (0,)
        assert other.execute("SELECT count(*) FROM users WHERE name = 'Half'").fetchone() == (0,)
    assert world.partnership.name != "Half"


@on_postgres
def test_a_locking_read_holds_its_lock_until_the_transaction_ends(app):
    world = World.build()
    phase = phase_in(world)
    db.session.commit()
    db.session.execute(select(Phase).where(Phase.id == phase.id).with_for_update()).one()
    with _admin_connection() as other:
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("SELECT id FROM phases WHERE id = %s FOR UPDATE NOWAIT", (phase.id,))
        db.session.rollback()
        assert other.execute(
            "SELECT id FROM phases WHERE id = %s FOR UPDATE NOWAIT", (phase.id,)
        ).fetchone() == (phase.id,)


@on_postgres
def test_a_connection_that_asks_for_autocommit_keeps_it(app):
    # VACUUM (the benchmark's, an operator's) cannot run in a transaction: not made to.
    World.build()
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE partnerships")
        assert connection.exec_driver_sql("SELECT count(*) FROM partnerships").scalar() == 1
