"""Big imports in the background (SPEC §8, issue 11): a web worker is never held for minutes.

A document larger than ``IMPORT_INLINE_BYTES`` (setting, default 512 KiB: about 900
commitments, under 2 s to import on SQLite; 1.75 MB took 5.7 s) is stored as an
``ImportJob`` and imported by a background job (``jobs.later``: the RQ worker with Redis,
after the response without it, at once in tests). The importer polls its status
(``GET /api/v1/imports/{id}``, or the progress page) until it is ``done`` with the new
partnership, or ``refused`` with the reason (the same 422 error a small import gets at
once). Only the importer sees the job.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import current_app

from .. import jobs
from ..errors import AppError, NotFound
from ..extensions import db
from ..models import ImportJob, User, utcnow
from . import export_import
from .transaction import atomic

log = logging.getLogger(__name__)

DEFAULT_INLINE_BYTES = 512 * 1024


def inline_limit() -> int:
    return int(current_app.config.get("IMPORT_INLINE_BYTES", DEFAULT_INLINE_BYTES))


def is_big(raw: bytes) -> bool:
    return len(raw) > inline_limit()


@atomic
def queue(user: User, raw: bytes) -> ImportJob:
    """Keep the document (already known to be JSON) and queue its import after the commit."""
    job = ImportJob(user_id=user.id, status="queued", document=raw.decode("utf-8"), size=len(raw))
    db.session.add(job)
    db.session.flush()
    jobs.later(run, job.id)
    db.session.commit()
    return job


def of(user: User, job_id: int) -> ImportJob:
    """The caller's own import; anyone else's is a 404, as if it did not exist."""
    job = (
        db.session.get(ImportJob, job_id)
        if isinstance(job_id, int) and 0 < job_id < 2**31
        else None
    )
    if job is None or job.user_id != user.id:
        raise NotFound("import.no_such")
    return job


def run(job_id: int) -> None:
    """The background job: import the stored document, once, and record how it went."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status not in ("queued", "running") or job.document is None:
        return  # done already (a queue may run a job twice)
    job.status = "running"
    db.session.commit()
    user = db.session.get(User, job.user_id)
    assert user is not None  # the job goes with its importer's account (cascade)
    outcome: dict[str, Any]
    try:
        document = json.loads(job.document)
        partnership = export_import.import_document(user, document)
        outcome = {"status": "done", "partnership_id": partnership.id}
    except AppError as error:
        outcome = {
            "status": "refused",
            "error": {
                "status": error.status,
                "code": error.code,
                "message": error.message.to_json(),
                "field": error.field,
            },
        }
    except Exception:
        db.session.rollback()
        log.exception("Import %s failed", job_id)
        outcome = {"status": "failed"}
    job = db.session.get(ImportJob, job_id)
    assert job is not None
    for name, value in outcome.items():
        setattr(job, name, value)
    job.document = None  # megabytes nobody needs once read
    job.finished_at = utcnow()
    db.session.commit()
