"""Webhook deliveries go through the queue's worker (Redis), never inside the request."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from partnership import jobs
from partnership.extensions import db
from partnership.models import WebhookDelivery
from partnership.services import webhooks

from .conftest import _POSTGRES_URL, TEST_REDIS_URL, make_app
from .helpers import World, phase_in
from .webhook_receiver import Receiver

pytestmark = pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set")


@pytest.fixture
def worker_app(tmp_path, empty_schema):
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    if empty_schema is not None:
        shutil.copyfile(empty_schema, tmp_path / "test.db")
    app = make_app(
        tmp_path, JOBS_INLINE=False, REDIS_URL=TEST_REDIS_URL, WEBHOOK_ALLOW_PRIVATE=True
    )
    with app.app_context():
        yield app
        db.session.remove()
        if _POSTGRES_URL:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


def test_the_worker_sends_and_a_failure_is_retried_later_by_the_queue(worker_app):
    from rq import Queue
    from rq.registry import ScheduledJobRegistry

    world = World.build()
    with Receiver() as receiver:
        webhooks.register(
            world.client_lead, world.partnership, {"url": receiver.url, "events": ["phase.started"]}
        )
        receiver.fail_next(1)
        phase_in(world, "active")
        assert receiver.received == []  # the change is made; nothing is sent in it
        jobs.work(worker_app, burst=True)
        assert len(receiver.received) == 1
        db.session.expire_all()
        delivery = db.session.scalar(select(WebhookDelivery))
        assert delivery.status == "pending" and delivery.attempts == 1
        queue = Queue(jobs.QUEUE, connection=jobs._redis(worker_app))
        registry = ScheduledJobRegistry(queue=queue)
        (job_id,) = registry.get_job_ids()
        assert job_id == f"webhook-{delivery.uid}-2"
        due = registry.get_scheduled_time(job_id).replace(tzinfo=UTC)
        assert 10 <= (due - datetime.now(UTC)).total_seconds() <= 30
        # When it is due, the worker runs it: the same delivery, delivered.
        webhooks.deliver(delivery.uid)
        assert [r.headers["X-Tracker-Delivery"] for r in receiver.received] == [delivery.uid] * 2
