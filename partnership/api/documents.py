"""API: export a partnership's whole history, import one as a new partnership (SPEC §8)."""

from __future__ import annotations

import json

from flask import current_app, request

from ..policy import declares
from ..services import documents, partnerships
from . import bp, caller, error_response
from .schemas import PartnershipDetail


@bp.get("/partnerships/<id:partnership_id>/export")
@bp.response(200)
@declares("export")
def export_partnership(partnership_id):
    """The partnership document: format partnership-tracker/1 (members)."""
    partnership = partnerships.get_visible(caller(), partnership_id, "export")
    return current_app.response_class(
        documents.export_bytes(partnership), mimetype="application/json"
    )


@bp.post("/import")
@bp.response(201, PartnershipDetail)
@declares("account")
def import_partnership():
    """Create a partnership from a document; the caller becomes a lead. All or nothing."""
    raw = request.get_data(cache=False)  # a body over MAX_CONTENT_LENGTH is a 413 here
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error_response(400, "malformed", "The request body is not valid JSON.")
    return documents.import_document(caller(), document)
