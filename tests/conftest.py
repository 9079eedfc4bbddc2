"""Fixtures: a fresh app and database per test, on SQLite or on TEST_DATABASE_URL.

With TEST_DATABASE_URL set (PostgreSQL), the schema is created once per run and every table is
emptied after each test; otherwise each test gets its own SQLite file.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")

import pytest  # noqa: E402
from flask import g  # noqa: E402
from sqlalchemy import text  # noqa: E402

from partnership import create_app  # noqa: E402
from partnership.extensions import db  # noqa: E402

from .helpers import Api, World, make_user  # noqa: E402

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
_pg_schema_ready = False


def database_url(tmp_path) -> str:
    if TEST_DATABASE_URL:
        url = TEST_DATABASE_URL
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                url = "postgresql+psycopg://" + url[len(prefix) :]
        return url
    return f"sqlite:///{tmp_path / 'test.db'}"


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt is slow on purpose
    }
    config.update(overrides)
    app = create_app(config)

    @app.before_request
    def forget_the_previous_requests_user():
        # Tests hold one app context across requests, so flask.g outlives a request here
        # (never in production); without this, Flask-Login would reuse the last user loaded.
        g.pop("_login_user", None)

    return app


def own_app(tmp_path, **overrides):
    """An app on its own SQLite file, for tests of the web layer (CSRF, limits, body size)
    that build a second app: it must never create or drop the shared PostgreSQL schema."""
    overrides.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'own.db'}")
    return make_app(tmp_path, **overrides)


@pytest.fixture
def app(tmp_path):
    global _pg_schema_ready
    app = make_app(tmp_path)
    with app.app_context():
        if not TEST_DATABASE_URL or not _pg_schema_ready:
            if TEST_DATABASE_URL:
                db.drop_all()
            db.create_all()
            _pg_schema_ready = True
        yield app
        db.session.remove()
        if TEST_DATABASE_URL:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(app):
    return Api(app)


@pytest.fixture
def world(app):
    """A partnership with a lead and a member on each side, and an outsider."""
    return World.build()


@pytest.fixture
def user(app):
    return make_user("someone@example.com", "Someone")
