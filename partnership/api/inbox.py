"""API: the caller's inbox and their own account's settings (SPEC §7, §11)."""

from __future__ import annotations

from typing import Any

from ..guard import requires
from ..i18n.render import render
from ..links import base_url
from ..services import inbox, notifications
from . import bp, caller
from .errors import language
from .pagination import page_headers
from .schemas import InboxItemOut, PageArgs


def _item(item: inbox.Item, reader: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "kind": item.kind,
        "new": item.new,
        "at": item.at,
        "title": render(item.title, reader),
        "detail": render(item.detail, reader) if item.detail else None,
        "partnership_id": item.partnership_id,
        "phase_id": item.phase_id,
        "url": base_url() + item.path,
        **item.ids,
    }
    if item.code:
        answer["code"] = item.code
    if item.due_date:
        answer["due_date"] = item.due_date
        answer["overdue"] = item.overdue
    return answer


@bp.get("/inbox")
@requires("account")
@bp.arguments(PageArgs, location="query")
@bp.response(200, InboxItemOut(many=True))
def get_inbox(args):
    """What waits for the caller, then what happened, newest first (paginated).

    Reading it does not mark anything seen; ``POST /inbox/seen`` does, as opening the
    inbox page does."""
    items, total = inbox.page(caller(), args["page"], args["per_page"])
    reader = language()
    return [_item(i, reader) for i in items], page_headers(total, args["page"], args["per_page"])


@bp.post("/inbox/seen")
@requires("account")
@bp.response(204)
def mark_inbox_seen():
    """Mark everything in the caller's inbox as seen: nothing is ``new`` until the next event."""
    notifications.mark_seen(caller())
