"""The inbox page: what waits for me across my partnerships."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..guard import requires
from ..services import inbox

bp = Blueprint("inbox", __name__)

INBOX_KINDS = [
    ("submit_review", _l("Reviews to submit")),
    ("answer_directive", _l("Directives waiting for your answer")),
    ("commitment_due", _l("Commitments due within a week or overdue")),
    ("close_phase", _l("Phases past their planned end, to close for review")),
    ("start_phase", _l("Phases ready to start")),
]


@bp.get("/inbox")
@login_required
@requires("account")
def show():
    items = inbox.items_for(current_user)
    groups = [(kind, title, [i for i in items if i.kind == kind]) for kind, title in INBOX_KINDS]
    return render_template("inbox/show.html", groups=[g for g in groups if g[2]], count=len(items))
