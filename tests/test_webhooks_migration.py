"""Migration 0019b upgrades a populated database, and its downgrade keeps what it can."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from partnership.extensions import db

from .conftest import make_app
from .test_migrations import empty_database  # noqa: F401  (the fixture: SQLite, PostgreSQL)

NOTIFICATION = (
    "INSERT INTO notifications (user_id, key, kind, partnership_id, message, at, created_at, "
    "delivery, attempts) VALUES (1, :key, :kind, 1, '{}', CURRENT_TIMESTAMP, "
    "CURRENT_TIMESTAMP, 'none', 0)"
)


def kinds(connection) -> list[str]:
    return list(connection.execute(text("SELECT kind FROM notifications ORDER BY id")).scalars())


def test_0019b_keeps_the_inbox_and_accepts_the_new_kind_only_while_upgraded(
    empty_database,  # noqa: F811
    tmp_path,
):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade(revision="0016a")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, name, session_token, created_at, notifications) "
                    "VALUES ('ana@example.com', 'Ana', 's1', CURRENT_TIMESTAMP, 'immediate')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO partnerships (name, client_name, vendor_name, engagement, "
                    "description, thresholds, created_at) VALUES ('P', 'C', 'V', "
                    "'fixed_price', '', '{}', CURRENT_TIMESTAMP)"
                )
            )
            connection.execute(text(NOTIFICATION), {"key": "flag:1:X", "kind": "flag_raised"})
        upgrade(revision="0019b")
        with db.engine.begin() as connection:
            assert kinds(connection) == ["flag_raised"]
            connection.execute(
                text(NOTIFICATION), {"key": "webhook.disabled:1:1", "kind": "webhook_disabled"}
            )
            connection.execute(
                text(
                    "INSERT INTO webhooks (partnership_id, url, events, secret_encrypted, "
                    "active, created_at) VALUES (1, 'https://example.com', '[]', 'x', "
                    ":yes, CURRENT_TIMESTAMP)"
                ),
                {"yes": True},
            )
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(NOTIFICATION), {"key": "k", "kind": "not_a_kind"})
        downgrade(revision="0016a")
        with db.engine.begin() as connection:
            assert kinds(connection) == ["flag_raised"]
            assert connection.execute(text("SELECT count(*) FROM users")).scalar() == 1
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(NOTIFICATION), {"key": "k", "kind": "webhook_disabled"})
        db.engine.dispose()
