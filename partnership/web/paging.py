"""The ?page= of a paginated page, within bounds PostgreSQL's OFFSET accepts."""

from __future__ import annotations

from flask import request

MAX_PAGE = 100_000


def page_arg() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
