"""The audit trail page: who changed what, when, with the values before and after (leads)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, render_template
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from ..extensions import db
from ..guard import requires
from ..services import audit, lookups
from .paging import page_arg

bp = Blueprint("audit", __name__)
PER_PAGE = 50

AUDIT_ACTIONS = {
    "partnership.create": _l("created the partnership"),
    "partnership.import": _l("imported the partnership"),
    "partnership.update": _l("edited the partnership"),
    "member.add": _l("added a member"),
    "member.remove": _l("removed a member"),
    "phase.plan": _l("planned a phase"),
    "phase.update": _l("edited a phase's plan"),
    "phase.move": _l("moved a phase"),
    "phase.start": _l("started a phase"),
    "phase.close": _l("closed a phase for review"),
    "phase.passed": _l("gate: the phase passed"),
    "phase.stopped": _l("gate: the phase stopped"),
    "goal.add": _l("added a goal"),
    "goal.edit": _l("edited a goal"),
    "goal.remove": _l("removed a goal"),
    "goal.delete": _l("deleted a draft goal"),
    "directive.send": _l("sent a directive"),
    "directive.respond": _l("answered a directive"),
    "commitment.add": _l("added a commitment"),
    "commitment.progress": _l("logged progress"),
    "commitment.risk": _l("disclosed a risk"),
    "commitment.slip": _l("logged a slip"),
    "commitment.delivered": _l("logged a delivery"),
    "commitment.dropped": _l("dropped a commitment"),
    "review.submit": _l("submitted a review"),
    "webhook.create": _l("added a webhook"),
    "webhook.delete": _l("deleted a webhook"),
    "webhook.switch_off": _l("switched off a webhook that failed for three days"),
}


def _readable(value: Any) -> Any:
    """Audit values are stored as JSON; show a stored time as a time, in the user's locale."""
    if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and "T" in value:
        try:
            return format_datetime(datetime.fromisoformat(value), "short")
        except ValueError:
            return value
    return value


def changes(before: dict | None, after: dict | None) -> list[tuple[str, Any, Any]]:
    """The fields an audit event changed, as (field, before, after), unchanged ones left out."""
    before, after = before or {}, after or {}
    keys = [*before, *(k for k in after if k not in before)]
    return [
        (k, _readable(before.get(k)), _readable(after.get(k)))
        for k in keys
        if before.get(k) != after.get(k)
    ]


@bp.get("/partnerships/<id:partnership_id>/audit")
@login_required
@requires("view_audit")
def show(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    page = db.paginate(
        audit.trail(partnership.id), page=page_arg(), per_page=PER_PAGE, error_out=False
    )
    rows = [
        (event, AUDIT_ACTIONS.get(event.action, event.action), changes(event.before, event.after))
        for event in page.items
    ]
    return render_template("audit/trail.html", partnership=partnership, page=page, rows=rows)
