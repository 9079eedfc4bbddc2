"""The calendar feed (SPEC §12): public, because calendar apps send no login; its address's
secret token is the only key, and anything that is not a live token is a 404."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, request

from ..guard import requires
from ..services import calendars

bp = Blueprint("calendar", __name__)


@bp.get("/calendar/<token>.ics")
@requires("public")
def feed(token: str):
    body = calendars.feed(calendars.user_for_feed(token))
    response = Response(body, content_type="text/calendar; charset=utf-8")
    # Personal: no shared cache may keep it. The ETag lets a client that polls every hour
    # get a 304 while nothing changed.
    response.headers["Cache-Control"] = "private"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)
