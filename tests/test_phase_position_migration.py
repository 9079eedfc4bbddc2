"""Migration 0019c upgrades a database whose phases share positions (the race of issue 11):
each such partnership is renumbered in its order, the others are left alone, then the database
refuses a second phase at one position."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from partnership.extensions import db

from .conftest import make_app
from .test_migrations import empty_database  # noqa: F401  (the fixture: SQLite, PostgreSQL)


def _phases(connection):
    return [
        tuple(r)
        for r in connection.execute(
            text("SELECT partnership_id, name, position FROM phases ORDER BY partnership_id, id")
        )
    ]


def test_0019c_renumbers_shared_positions_and_then_refuses_them(empty_database, tmp_path):  # noqa: F811
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade(revision="0016a")
        with db.engine.begin() as connection:
            for pid, name in ((1, "Raced"), (2, "Calm")):
                connection.execute(
                    text(
                        "INSERT INTO partnerships (id, name, client_name, vendor_name, "
                        "engagement, description, thresholds, created_at) "
                        "VALUES (:id, :name, 'C', 'V', "
                        "'fixed_price', '', '{}', CURRENT_TIMESTAMP)"
                    ),
                    {"id": pid, "name": name},
                )
            rows = [(1, "A", 1), (1, "B", 2), (1, "C", 2), (1, "D", 4), (2, "X", 1), (2, "Y", 5)]
            for pid, name, position in rows:
                connection.execute(
                    text(
                        "INSERT INTO phases (partnership_id, position, name, objective, status,"
                        " created_at) VALUES (:p, :pos, :n, '', 'planned', CURRENT_TIMESTAMP)"
                    ),
                    {"p": pid, "pos": position, "n": name},
                )
        upgrade(revision="0019c")
        with db.engine.connect() as connection:
            assert _phases(connection) == [
                (1, "A", 1),
                (1, "B", 2),
                (1, "C", 3),
                (1, "D", 4),
                (2, "X", 1),
                (2, "Y", 5),
            ]
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO phases (partnership_id, position, name, objective, status,"
                    " created_at) VALUES (2, 5, 'Twin', '', 'planned', CURRENT_TIMESTAMP)"
                )
            )
        downgrade(revision="0016a")
        with db.engine.connect() as connection:
            assert len(_phases(connection)) == 6
        db.engine.dispose()
