"""Background work (SPEC §11): never inside a person's request, never for a change undone.

``later(task, *args)`` queues work to run once the current transaction commits (nothing is
queued for a change that rolls back). Where it runs depends on the deployment:

- with ``REDIS_URL``: in a Redis queue (RQ), done by ``flask --app app worker``, retried with
  growing delays when it fails;
- without it (a laptop, ``make run``): in the web process, after the response has been sent;
- in tests (``JOBS_INLINE``): at once, so that a test sees the result of its request.

A task is a module-level function taking plain values (ids, strings); it runs inside the
application context. Work that must happen at most once (an email, a webhook delivery) keeps
its own record in the database and checks it before acting: a queue may run a job twice
after a crash, a record decides. ``every(...)`` registers periodic work (reminders, digests)
that the worker runs on its schedule, once per period however many workers run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, after_this_request, current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

QUEUE = "partnership"
# Delays between attempts of a failing job: the first retry soon, then longer and longer,
# over about an hour in all (SPEC §12 asks this of webhook deliveries).
RETRY_DELAYS = [20, 60, 300, 900, 2700]
JOB_TIMEOUT = 300  # seconds: the longest a job may run (a big import), then it fails and retries
_PENDING = "partnership.jobs.pending"


@dataclass(frozen=True)
class Job:
    task: Callable[..., Any]
    args: tuple[Any, ...]
    job_id: str | None = None
    delay: timedelta | None = None


def later(
    task: Callable[..., Any], *args: Any, job_id: str | None = None, delay: timedelta | None = None
) -> None:
    """Run ``task(*args)`` in the background once the current transaction commits."""
    from .extensions import db

    db.session.connection()  # in a transaction, so that a rollback forgets the job too
    db.session.info.setdefault(_PENDING, []).append(Job(task, args, job_id, delay))


def now(
    task: Callable[..., Any], *args: Any, job_id: str | None = None, delay: timedelta | None = None
) -> None:
    """Run ``task(*args)`` in the background without waiting for a transaction."""
    _dispatch(current_app._get_current_object(), Job(task, args, job_id, delay))  # type: ignore[attr-defined]


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    if pending and has_app_context():
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        for job in pending:
            _dispatch(app, job)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)


def _dispatch(app: Flask, job: Job) -> None:
    if app.config.get("JOBS_INLINE"):
        _run_logged(app, job)
    elif app.config.get("REDIS_URL"):
        queue = _queue(app)
        options: dict[str, Any] = {
            "job_id": job.job_id,
            "retry": _retry(),
            "job_timeout": JOB_TIMEOUT,
            "failure_ttl": 7 * 86400,
        }
        if job.delay:
            queue.enqueue_in(job.delay, run, _path(job.task), list(job.args), **options)
        else:
            queue.enqueue(run, _path(job.task), list(job.args), **options)
    elif has_request_context():

        @after_this_request
        def _after(response: Any) -> Any:
            response.call_on_close(lambda: _run_logged(app, job))
            return response

    else:
        _run_logged(app, job)


def _run_logged(app: Flask, job: Job) -> None:
    """Run a job in this process; a failure is logged, and never breaks anyone's request."""
    try:
        with app.app_context():
            job.task(*job.args)
    except Exception:
        log.exception("Background job %s failed", _path(job.task))


# --- the worker side ----------------------------------------------------------------------

_WORKER_APP: Flask | None = None
PERIODIC: dict[str, tuple[timedelta, Callable[[], Any]]] = {}


def every(name: str, interval: timedelta) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register periodic work, run by the worker once per ``interval`` (any number of workers
    share one run per period)."""

    def register(task: Callable[[], Any]) -> Callable[[], Any]:
        PERIODIC[name] = (interval, task)
        return task

    return register


def run(path: str, args: list[Any]) -> None:
    """What the worker executes: the task named by ``path``, in the application context."""
    module, _, name = path.rpartition(".")
    task = getattr(__import__(module, fromlist=[name]), name)
    app = _WORKER_APP or current_app._get_current_object()  # type: ignore[attr-defined]
    with app.app_context():
        task(*args)


def work(app: Flask, *, burst: bool = False) -> None:
    """The queue worker of ``flask --app app worker``: jobs, retries, delayed and periodic work."""
    from rq import SimpleWorker

    global _WORKER_APP
    _WORKER_APP = app
    connection = _redis(app)
    if not burst:
        threading.Thread(target=_schedule_periodic, args=(app,), daemon=True).start()
    # SimpleWorker runs jobs in this process: the app, its engine and its pool stay as they are.
    SimpleWorker([_queue(app)], connection=connection).work(burst=burst, with_scheduler=True)


def _schedule_periodic(app: Flask) -> None:
    connection = _redis(app)
    while True:
        moment = datetime.now(UTC)
        for name, (interval, task) in PERIODIC.items():
            period = int(moment.timestamp() // interval.total_seconds())
            # One worker wins each period's lock; the others skip it.
            if connection.set(
                f"{QUEUE}:periodic:{name}:{period}",
                "1",
                nx=True,
                ex=int(interval.total_seconds()) * 2,
            ):
                _queue(app).enqueue(
                    run,
                    _path(task),
                    [],
                    job_id=f"periodic-{name}-{period}",
                    retry=_retry(),
                    job_timeout=JOB_TIMEOUT,
                )
        time.sleep(30)


def _retry() -> Any:
    from rq import Retry

    return Retry(max=len(RETRY_DELAYS), interval=RETRY_DELAYS)


def _redis(app: Flask) -> Any:
    from redis import Redis

    if "jobs.redis" not in app.extensions:
        app.extensions["jobs.redis"] = Redis.from_url(app.config["REDIS_URL"])
    return app.extensions["jobs.redis"]


def _queue(app: Flask) -> Any:
    from rq import Queue

    return Queue(QUEUE, connection=_redis(app))


def _path(task: Callable[..., Any]) -> str:
    return f"{task.__module__}.{task.__qualname__}"
