"""Fixtures: a fresh app and database per test, on SQLite or on TEST_DATABASE_URL.

The schema is built once per run. On SQLite each test gets a copy of that empty database file;
with TEST_DATABASE_URL set (PostgreSQL) every table is emptied after each test. Under
pytest-xdist each worker has its own PostgreSQL database (the name with ``_gw0``, ``_gw1``...).
"""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("SECRET_KEY", "test-secret-key")

import pytest  # noqa: E402
from flask import current_app, g, has_request_context, request  # noqa: E402
from flask_babel import refresh  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402

from partnership import create_app, policy  # noqa: E402
from partnership.extensions import db  # noqa: E402

from .helpers import Api, World, make_user  # noqa: E402

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
# pytest-xdist names its workers gw0, gw1, ...; each gets a PostgreSQL database of its own
# and a Redis database of its own (counting down from the one TEST_REDIS_URL names).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_redis(url: str | None) -> str | None:
    if not url or not WORKER:
        return url
    base, _, number = url.rpartition("/")
    index = int(number) if number.isdigit() else 0
    return f"{base}/{(index - int(WORKER.removeprefix('gw'))) % 16}"


TEST_REDIS_URL = _worker_redis(os.environ.get("TEST_REDIS_URL"))


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _worker_database(url: str) -> str:
    """The URL of this xdist worker's own database, created on first use."""
    if not WORKER:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{WORKER}"
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


_POSTGRES_URL = _worker_database(_psycopg_url(TEST_DATABASE_URL)) if TEST_DATABASE_URL else None


def database_url(tmp_path) -> str:
    if _POSTGRES_URL:
        return _POSTGRES_URL
    return f"sqlite:///{tmp_path / 'test.db'}"


def _remember_policy_check(action: str) -> None:
    if has_request_context():
        g.setdefault("policy_checks", []).append(action)


policy.OBSERVERS.append(_remember_policy_check)


def _enforced_as_declared(response):
    """Every route enforces the action it declares: a request that got through (or got a
    403) must have asked the policy for exactly that action (partnership.guard)."""
    view = current_app.view_functions.get(request.endpoint or "")
    declared = getattr(view, "policy_action", None)
    sent_to_log_in = response.status_code == 302 and "/login" in (response.location or "")
    answered = response.status_code < 400 or response.status_code == 403
    if declared in policy.ACTIONS and answered and not sent_to_log_in:
        checks = g.pop("policy_checks", [])
        assert declared in checks, (
            f"{request.endpoint} declares {declared!r} but the policy was asked {checks}"
        )
    g.pop("policy_checks", None)
    return response


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt is slow on purpose
        "JOBS_INLINE": True,  # background work runs at once, so a test sees what it did
    }
    config.update(overrides)
    app = create_app(config)

    @app.before_request
    def forget_the_previous_request():
        # Tests hold one app context across requests, so flask.g outlives a request here
        # (never in production); without this, Flask-Login would reuse the last user loaded.
        g.pop("_login_user", None)
        g.pop("api_user", None)
        g.pop("policy_checks", None)
        g.pop("inbox_count", None)
        refresh()  # and Flask-Babel's locale, chosen anew for each request as in production

    app.after_request(_enforced_as_declared)

    return app


def own_app(tmp_path, **overrides):
    """An app on its own SQLite file, for tests of the web layer (CSRF, limits, body size)
    that build a second app: it must never create or drop the shared PostgreSQL schema."""
    overrides.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'own.db'}")
    return make_app(tmp_path, **overrides)


@pytest.fixture(scope="session")
def empty_schema(tmp_path_factory):
    """The schema, built once per run: a SQLite file each test copies, or the PostgreSQL
    database's tables (emptied after each test)."""
    folder = tmp_path_factory.mktemp("schema")
    app = make_app(folder)
    with app.app_context():
        if _POSTGRES_URL:
            db.drop_all()
        db.create_all()
        db.engine.dispose()
    return None if _POSTGRES_URL else folder / "test.db"


@pytest.fixture
def app(tmp_path, empty_schema):
    if empty_schema is not None:
        shutil.copyfile(empty_schema, tmp_path / "test.db")
    app = make_app(tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        if _POSTGRES_URL:
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
