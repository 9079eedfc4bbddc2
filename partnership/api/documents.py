"""API: export a partnership's whole history, import one as a new partnership (SPEC §8)."""

from __future__ import annotations

import json

from flask import jsonify, request, url_for

from ..domain.messages import Message
from ..guard import requires
from ..i18n.render import render
from ..services import derived, export_import, imports, lookups
from . import bp, caller
from .errors import error_response, language
from .schemas import ImportJobOut, PartnershipDetail


@bp.get("/partnerships/<id:partnership_id>/export")
@requires("export")
@bp.response(200)
def export_partnership(partnership_id):
    """The partnership document: format partnership-tracker/1 (members). An ETag from the
    revision, and 304 to If-None-Match."""
    partnership = lookups.partnership(partnership_id)
    found = derived.answer(
        partnership, "export", lambda: export_import.export_bytes(partnership), until=None
    )
    return derived.respond(*found, vary=None)


# The body is read raw (a big one is queued as it came) and checked against the document's
# JSON Schema by the service, so it is declared here rather than by a marshmallow schema.
IMPORT_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "a partnership document (format partnership-tracker/1), "
                "as GET /partnerships/{partnership_id}/export answers",
            }
        }
    },
}


@bp.post("/import")
@requires("account")
@bp.doc(requestBody=IMPORT_BODY)
@bp.response(201, PartnershipDetail)
@bp.alt_response(202, schema=ImportJobOut, description="a big document, imported in the background")
def import_partnership():
    """Create a partnership from a document; the caller becomes a lead. All or nothing.

    A document over the inline limit (512 KiB by default) answers ``202`` with a ``Location``
    to poll (``GET /imports/{id}``) while a background worker imports it."""
    raw = request.get_data(cache=False)  # a body over MAX_CONTENT_LENGTH is a 413 here
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error_response(400, Message("request.malformed_json"))
    if imports.is_big(raw):
        job = imports.queue(caller(), raw)
        return _status(job, 202)
    return export_import.import_document(caller(), document)


def _status(job, status: int = 200):
    """The import's status resource; once done, a 303 to the new partnership."""
    where = url_for("api.get_import", job_id=job.id)
    body: dict = {
        "id": job.id,
        "status": job.status,
        "size": job.size,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "partnership_id": job.partnership_id,
    }
    if job.status == "done" and job.partnership_id and status == 200:
        where = url_for("api.get_partnership", partnership_id=job.partnership_id)
        status = 303
    if job.status == "refused" and job.error:
        error = job.error
        body["error"] = {
            "code": error["code"],
            "message": render(Message.from_json(error["message"]), language()),
            "field": error.get("field"),
            "status": error["status"],
        }
    if job.status == "failed":
        body["error"] = {
            "code": "internal_error",
            "message": render(Message("import.failed"), language()),
            "status": 500,
        }
    response = jsonify(body)
    response.status_code = status
    response.headers["Location"] = where
    if job.status in ("queued", "running"):
        response.headers["Retry-After"] = "2"
    return response


@bp.get("/imports/<id:job_id>")
@requires("account")
@bp.response(200, ImportJobOut)
@bp.alt_response(303, schema=ImportJobOut, description="done: Location is the new partnership")
def get_import(job_id):
    """The status of a background import: queued, running, done (then a 303 to the new
    partnership), refused (with the error a small import would get) or failed."""
    return _status(imports.of(caller(), job_id))
