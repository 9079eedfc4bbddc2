"""Background work: queued only once the change commits, never for one rolled back; with
Redis, done by the worker, retried when it fails, periodic work once per period."""

from __future__ import annotations

import pytest

from partnership import jobs
from partnership.extensions import db

from .conftest import TEST_REDIS_URL, make_app
from .helpers import make_user

DONE: list[str] = []
ATTEMPTS: list[str] = []


def remember(what: str) -> None:
    DONE.append(what)


def fail_twice_then_remember(what: str) -> None:
    ATTEMPTS.append(what)
    if len(ATTEMPTS) < 3:
        raise RuntimeError("the receiver is down")
    DONE.append(what)


def explode(what: str) -> None:
    raise RuntimeError(f"cannot {what}")


@pytest.fixture(autouse=True)
def forget():
    DONE.clear()
    ATTEMPTS.clear()


def test_work_runs_once_the_change_commits(app):
    make_user("ana@example.com")  # a commit of its own
    jobs.later(remember, "welcome")
    assert DONE == []
    db.session.commit()
    assert DONE == ["welcome"]


def test_no_work_is_done_for_a_change_that_rolled_back(app):
    jobs.later(remember, "welcome")
    db.session.rollback()
    db.session.commit()
    assert DONE == []


def test_a_failing_job_is_logged_and_never_breaks_the_request(app, caplog):
    caplog.set_level("ERROR", logger="partnership.jobs")
    jobs.later(explode, "send")
    db.session.commit()  # no exception reaches the caller
    assert "Background job tests.test_jobs.explode failed" in caplog.text


def test_without_redis_the_web_process_does_the_work_after_the_response(tmp_path, empty_schema):
    import shutil

    if empty_schema is not None:  # on PostgreSQL the schema is already in place
        shutil.copyfile(empty_schema, tmp_path / "test.db")
    app = make_app(tmp_path, JOBS_INLINE=False, REDIS_URL=None)

    @app.post("/thing")
    def thing():
        jobs.later(remember, "after")
        db.session.commit()
        assert DONE == []  # not yet: the response has not been sent
        return "made"

    app.view_functions["thing"].policy_action = "public"
    with app.app_context():
        response = app.test_client().post("/thing")
        assert response.status_code == 200
        response.close()
        assert DONE == ["after"]


needs_redis = pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set")


@pytest.fixture
def redis_app(tmp_path, empty_schema):
    import shutil

    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    if empty_schema is not None:
        shutil.copyfile(empty_schema, tmp_path / "test.db")
    app = make_app(tmp_path, JOBS_INLINE=False, REDIS_URL=TEST_REDIS_URL)
    with app.app_context():
        yield app
        db.session.remove()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


@needs_redis
def test_with_redis_the_worker_does_the_work(redis_app):
    jobs.later(remember, "queued")
    db.session.commit()
    assert DONE == []  # queued, not done in this process's request
    jobs.work(redis_app, burst=True)
    assert DONE == ["queued"]


@needs_redis
def test_a_failing_job_is_retried_until_it_succeeds(redis_app, monkeypatch):
    monkeypatch.setattr(jobs, "RETRY_DELAYS", [0, 0, 0])
    jobs.now(fail_twice_then_remember, "delivery")
    for _ in range(10):  # each burst takes what is due; retries come back through the scheduler
        jobs.work(redis_app, burst=True)
        if DONE:
            break
    assert ATTEMPTS == ["delivery"] * 3
    assert DONE == ["delivery"]


@needs_redis
def test_periodic_work_is_claimed_once_per_period_by_one_worker(redis_app):
    import redis

    connection = redis.Redis.from_url(TEST_REDIS_URL)
    key = f"{jobs.QUEUE}:periodic:digest:1"
    assert connection.set(key, "1", nx=True, ex=60)
    assert not connection.set(key, "1", nx=True, ex=60)  # a second worker skips the period
