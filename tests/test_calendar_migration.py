"""Migration 0018a upgrades a populated database: every account stays, with no feed yet."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from partnership.extensions import db

from .conftest import make_app
from .test_migrations import empty_database  # noqa: F401  (the fixture: SQLite, PostgreSQL)


def test_0018a_keeps_every_account_and_gives_none_a_feed(empty_database, tmp_path):  # noqa: F811
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, name, session_token, created_at) "
                    "VALUES ('ana@example.com', 'Ana', 's1', CURRENT_TIMESTAMP), "
                    "('bo@example.com', 'Bo', 's2', CURRENT_TIMESTAMP)"
                )
            )
        upgrade(revision="0018a")
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT email, calendar_salt, calendar_token_hash FROM users ORDER BY email")
            ).all()
        assert [tuple(r) for r in rows] == [
            ("ana@example.com", None, None),
            ("bo@example.com", None, None),
        ]
        downgrade(revision="0001")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM users")).scalar() == 2
        db.engine.dispose()
