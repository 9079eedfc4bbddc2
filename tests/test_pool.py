"""A pooled connection the database has dropped (a restart) never breaks the next request,
and a connection in use a moment ago is not tested again (``partnership/pool.py``)."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import exc

from partnership import pool
from partnership.extensions import db

from .conftest import TEST_DATABASE_URL
from .helpers import World, logged_in

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to restart"
)


def _drop_the_pooled_connection() -> None:
    """What a database restart does to the pool: its one connection is ended by the server."""
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:  # the pool now holds this connection only
        backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend,))


def _page(app, browser, path: str) -> int:
    try:
        return browser.get(path).status_code
    except exc.DBAPIError:  # the error reached the test client instead of an error page
        return 500


def test_a_dropped_connection_idle_for_a_while_is_replaced_before_use(app, monkeypatch):
    world = World.build()
    browser = logged_in(app.test_client(), world.client_lead.email)
    path = f"/partnerships/{world.partnership.id}"
    monkeypatch.setattr(pool, "IDLE_SECONDS", 0.0)  # as if it sat idle through a restart
    _drop_the_pooled_connection()
    assert _page(app, browser, path) == 200


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
