"""API: export a partnership's whole history, import one as a new partnership (SPEC §8)."""

from __future__ import annotations

import json

from flask import request

from ..domain.messages import Message
from ..guard import requires
from ..services import derived, export_import, lookups
from . import bp, caller
from .errors import error_response
from .schemas import PartnershipDetail


@bp.get("/partnerships/<id:partnership_id>/export")
@requires("export")
@bp.response(200)
def export_partnership(partnership_id):
    """The partnership document: format partnership-tracker/1 (members). An ETag from the
    revision, and 304 to If-None-Match."""
    partnership = lookups.partnership(partnership_id)
    found = derived.answer(
        partnership, "export", lambda: export_import.export_bytes(partnership), timed=False
    )
    return derived.respond(*found, vary=None)


@bp.post("/import")
@requires("account")
@bp.response(201, PartnershipDetail)
def import_partnership():
    """Create a partnership from a document; the caller becomes a lead. All or nothing."""
    raw = request.get_data(cache=False)  # a body over MAX_CONTENT_LENGTH is a 413 here
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error_response(400, Message("request.malformed_json"))
    return export_import.import_document(caller(), document)
