"""The inbox page: what waits for me, and what happened since I last looked (SPEC §11)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..guard import requires
from ..services import inbox, notifications
from .paging import page_arg

bp = Blueprint("inbox", __name__)

PER_PAGE = 30


@dataclass(frozen=True)
class Pages:
    """What the pager macro needs of a page of a list that is not one query."""

    page: int
    pages: int

    def iter_pages(self):
        for number in range(1, self.pages + 1):
            near = abs(number - self.page) <= 2
            if number in (1, self.pages) or near:
                yield number
            elif abs(number - self.page) == 3:
                yield None


@bp.get("/inbox")
@login_required
@requires("account")
def show():
    user = current_user._get_current_object()
    number = page_arg()
    items, total = inbox.page(user, number, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    # Opened: nothing listed is new any more (the items were told apart before this), and
    # the count in the navigation of this very page is already cleared.
    notifications.mark_seen(user)
    return render_template(
        "inbox/show.html",
        waiting=[i for i in items if i.waiting],
        happened=[i for i in items if not i.waiting],
        pages=Pages(number, pages),
        total=total,
    )
