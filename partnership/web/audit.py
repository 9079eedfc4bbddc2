"""The audit trail page: who changed what, when, with the values before and after (leads)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, render_template, url_for
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from markupsafe import Markup

from ..extensions import db
from ..guard import requires
from ..i18n.render import field
from ..models import AuditEvent, Commitment, Directive, Goal, Phase, Review
from ..services import audit, lookups
from .labels import item_name, label
from .paging import page_arg
from .refusals import language

bp = Blueprint("audit", __name__)
PER_PAGE = 50

AUDIT_ACTIONS = {
    "partnership.create": _l("created the partnership"),
    "partnership.import": _l("imported the partnership"),
    "partnership.update": _l("edited the partnership"),
    "partnership.thresholds": _l("changed the flag thresholds"),
    "member.add": _l("added a member"),
    "member.remove": _l("removed a member"),
    "member.leave": _l("left the partnership"),
    "invitation.accept": _l("accepted the invitation"),
    "invitation.decline": _l("declined the invitation"),
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
    """Audit values are stored as JSON: a stored time shows as a time in the reader's locale, a
    product code as the reader's word, a mapping (goal outcomes) by its values."""
    if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and "T" in value:
        try:
            return format_datetime(datetime.fromisoformat(value), "short")
        except ValueError:
            return value
    if isinstance(value, str):
        return label(value)
    if isinstance(value, dict):
        return ", ".join(str(_readable(v)) for v in value.values())
    if isinstance(value, list):
        return ", ".join(str(_readable(v)) for v in value)
    return value


def changes(before: dict | None, after: dict | None) -> list[tuple[str, Any, Any]]:
    """The fields an audit event changed, as (label, before, after): unchanged ones and the
    ids that tie the event to its item left out (the item is named beside it)."""
    before, after = before or {}, after or {}
    keys = [*before, *(k for k in after if k not in before)]
    return [
        (field(k, language()), _readable(before.get(k)), _readable(after.get(k)))
        for k in keys
        if before.get(k) != after.get(k) and not k.endswith("_id")
    ]


ITEM_MODELS = {"phase": Phase, "goal": Goal, "directive": Directive, "commitment": Commitment}


def items(events: list[AuditEvent]) -> dict[tuple[str, int | None], Markup]:
    """Each event's item named by what it is ("the commitment “Checkout”"), linked to its
    place; a commitment's event is named by its commitment. A few queries a page, not one a row."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        kind, ident = _subject(event)
        if ident is not None and (kind in ITEM_MODELS or kind == "review"):
            wanted.setdefault(kind, set()).add(ident)
    named: dict[tuple[str, int | None], Markup] = {}
    for kind, ids in wanted.items():
        model: Any = Review if kind == "review" else ITEM_MODELS[kind]
        for item in db.session.scalars(db.select(model).where(model.id.in_(ids))):
            phase_id = item.id if kind == "phase" else item.phase_id
            anchor = {"phase": "main", "review": "reviews-heading"}.get(kind, f"{kind}-{item.id}")
            href = url_for("phases.show", phase_id=phase_id, _anchor=anchor)
            named[(kind, item.id)] = Markup('<a href="%s" dir="auto">%s</a>') % (
                href,
                item_name(kind, item),
            )
    return named


def _subject(event: AuditEvent) -> tuple[str, int | None]:
    """The item an event is about: a commitment event is about its commitment."""
    if event.target_type == "commitmentevent":
        return "commitment", (event.after or {}).get("commitment_id")
    return event.target_type, event.target_id


@bp.get("/partnerships/<id:partnership_id>/audit")
@login_required
@requires("view_audit")
def show(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    page = db.paginate(
        audit.trail(partnership.id), page=page_arg(), per_page=PER_PAGE, error_out=False
    )
    named = items(page.items)
    rows = [
        (
            event,
            AUDIT_ACTIONS.get(event.action, _l("made a change")),
            named.get(_subject(event)),
            changes(event.before, event.after),
        )
        for event in page.items
    ]
    return render_template("audit/trail.html", partnership=partnership, page=page, rows=rows)
