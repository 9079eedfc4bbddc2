"""Pages of the phase workflow: the phase page and its forms, the audit trail, the inbox.

Views ask the services and render; the services decide (policy, status machine, checks). A
refused form is shown again with its errors and the typed text (422); a refused button says
why in a flash on the page it came from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from .. import policy
from ..errors import AppError, Conflict, Invalid
from ..extensions import db
from ..models import Phase
from ..policy import declares
from ..services import audit, commitments, insights, partnerships, phases, presenters, reviews
from ..services import inbox as inbox_service
from ..services import statements as st
from .forms import ConfirmForm, show_error
from .insights import evidence_url
from .paging import page_arg
from .partnerships import partnership_page
from .workflow_forms import (
    CommitmentForm,
    DirectiveForm,
    EditGoalForm,
    EditPhaseForm,
    EventForm,
    GoalForm,
    PlanPhaseForm,
    ResponseForm,
    review_form,
)

bp = Blueprint("phases", __name__)
AUDIT_PER_PAGE = 50

# Prefixes keep the ids and names of the many forms of the phase page apart.
GOAL, DIRECTIVE, COMMITMENT, REVIEW, PLAN = "goal", "directive", "commitment", "review", "plan"


def answer_prefix(directive_id: int) -> str:
    return f"answer-{directive_id}"


def event_prefix(commitment_id: int) -> str:
    return f"event-{commitment_id}"


def _refused(form: FlaskForm, error: AppError) -> None:
    """Show a service's refusal in the form; a missing right is not a form error."""
    if not isinstance(error, Invalid | Conflict):
        raise error
    db.session.rollback()  # nothing half-changed may show on the page rendered next
    show_error(form, error)


def _save_from_form(form: FlaskForm, phase_id: int, save, done: str, anchor, **refused):
    """The phase page's forms: validate, save through the service, go back to the saved item;
    on a refusal, the phase page again with this form, its errors and what was typed (422)."""
    if form.validate_on_submit():
        try:
            saved = save(form.service_data())
        except AppError as error:
            _refused(form, error)
        else:
            flash(done, "success")
            return _to_phase(phase_id, anchor(saved))
    return _phase_page(phase_id, 422, **refused)


def _to_phase(phase_id: int, anchor: str | None = None):
    return redirect(url_for("phases.show", phase_id=phase_id, _anchor=anchor))


def _my_side(phase: Phase) -> str | None:
    member = policy.membership(current_user, phase.partnership)
    return member.side if member else None


def _phase_page(phase_id: int, status: int = 200, **overrides: Any):
    """The phase page; ``overrides`` puts a refused form (with its errors) in place."""
    phase = phases.get(current_user, phase_id, full=True)
    side = _my_side(phase)
    reviewed = {r.side for r in phase.reviews}
    forms: dict[str, Any] = {
        "goal_form": GoalForm(prefix=GOAL, formdata=None),
        "directive_form": DirectiveForm(prefix=DIRECTIVE, formdata=None, goals=phase.goals),
        "commitment_form": CommitmentForm(prefix=COMMITMENT, formdata=None, goals=phase.goals),
        "review_form": (
            review_form(side, phase.goals, prefix=REVIEW, formdata=None)
            if side and side not in reviewed
            else None
        ),
        "response_forms": {
            d.id: ResponseForm(prefix=answer_prefix(d.id), formdata=None)
            for d in phase.directives
            if d.response is None
        },
        "event_forms": {
            c.id: EventForm(prefix=event_prefix(c.id), formdata=None) for c in phase.commitments
        },
    }
    for key, form in overrides.items():
        if key in ("response_forms", "event_forms"):
            forms[key].update(form)
        else:
            forms[key] = form
    insight = insights.snapshot(phase.partnership)
    return render_template(
        "phases/phase.html",
        phase=phase,
        partnership=phase.partnership,
        view=presenters.phase(phase),
        my_side=side,
        confirm=ConfirmForm(formdata=None),
        refused=status == 422,
        insight=insight,
        evidence_url=evidence_url,
        phase_names={p.id: p.name for p in insight.history.phases},
        **forms,
    ), status


# --- Phases: plan, edit, move, start, close ----------------------------------------------------


@bp.post("/partnerships/<id:partnership_id>/phases")
@login_required
@declares("plan_phases")
def plan(partnership_id: int):
    partnership = partnerships.get_visible(current_user, partnership_id, "plan_phases")
    form = PlanPhaseForm(prefix=PLAN)
    if form.validate_on_submit():
        try:
            phase = phases.plan(current_user, partnership, form.service_data())
        except AppError as error:
            _refused(form, error)
        else:
            flash(_("Phase planned. Add its goals next."), "success")
            return _to_phase(phase.id)
    partnership = partnerships.get_visible(current_user, partnership_id)
    return partnership_page(partnership, 422, plan_form=form)


@bp.get("/phases/<id:phase_id>")
@login_required
@declares("view")
def show(phase_id: int):
    return _phase_page(phase_id)


@bp.route("/phases/<id:phase_id>/edit", methods=["GET", "POST"])
@login_required
@declares("plan_phases")
def edit(phase_id: int):
    phase = phases.get(current_user, phase_id, "plan_phases")
    form = EditPhaseForm(obj=phase)
    if form.validate_on_submit():
        try:
            phases.update(current_user, phase, form.service_data())
        except AppError as error:
            _refused(form, error)
            phase = phases.get(current_user, phase_id, "plan_phases")
        else:
            flash(_("Plan saved."), "success")
            return _to_phase(phase.id)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "phases/phase_edit.html", form=form, phase=phase, partnership=phase.partnership
    ), status


@bp.post("/phases/<id:phase_id>/move/<any(up, down):direction>")
@login_required
@declares("plan_phases")
def move(phase_id: int, direction: str):
    phase = phases.get(current_user, phase_id, "plan_phases")
    partnership_id = phase.partnership_id
    if ConfirmForm().validate_on_submit():
        try:
            phases.move(current_user, phase, direction)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("Phase moved."), "success")
    return redirect(
        url_for("partnerships.show", partnership_id=partnership_id, _anchor="phases-heading")
    )


def _transition(phase_id: int, action: str, step, done: str):
    phase = phases.get(current_user, phase_id, action)
    if ConfirmForm().validate_on_submit():
        try:
            step(current_user, phase)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(done, "success")
    return _to_phase(phase_id)


@bp.post("/phases/<id:phase_id>/start")
@login_required
@declares("start_phase")
def start(phase_id: int):
    return _transition(
        phase_id,
        "start_phase",
        phases.start,
        _("Phase started. Goals added or changed from now on count as scope changes."),
    )


@bp.post("/phases/<id:phase_id>/close")
@login_required
@declares("close_phase")
def close(phase_id: int):
    return _transition(
        phase_id,
        "close_phase",
        phases.close,
        _("Phase closed for review. Each side's lead now submits a review."),
    )


# --- Goals ---------------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/goals")
@login_required
@declares("manage_goals")
def add_goal(phase_id: int):
    phase = phases.get(current_user, phase_id, "manage_goals")
    form = GoalForm(prefix=GOAL)
    return _save_from_form(
        form,
        phase_id,
        lambda data: st.add_goal(current_user, phase, data),
        _("Goal added."),
        lambda goal: f"goal-{goal.id}",
        goal_form=form,
    )


@bp.route("/goals/<id:goal_id>/edit", methods=["GET", "POST"])
@login_required
@declares("manage_goals")
def edit_goal(goal_id: int):
    goal = st.get_goal(current_user, goal_id, "manage_goals")
    form = EditGoalForm(obj=goal)
    if form.validate_on_submit():
        try:
            st.edit_goal(current_user, goal, form.service_data())
        except AppError as error:
            _refused(form, error)
            goal = st.get_goal(current_user, goal_id, "manage_goals")
        else:
            flash(_("Goal saved; the previous text is kept as a revision."), "success")
            return _to_phase(goal.phase_id, f"goal-{goal.id}")
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "phases/goal_edit.html",
        form=form,
        goal=goal,
        phase=goal.phase,
        partnership=goal.phase.partnership,
    ), status


@bp.post("/goals/<id:goal_id>/remove")
@login_required
@declares("manage_goals")
def remove_goal(goal_id: int):
    goal = st.get_goal(current_user, goal_id, "manage_goals")
    phase_id = goal.phase_id
    if ConfirmForm().validate_on_submit():
        try:
            st.remove_goal(current_user, goal)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("Goal removed."), "info")
    return _to_phase(phase_id, "goals-heading")


# --- Directives ----------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/directives")
@login_required
@declares("send_directive")
def send_directive(phase_id: int):
    phase = phases.get(current_user, phase_id, "send_directive")
    form = DirectiveForm(prefix=DIRECTIVE, goals=phase.goals)
    return _save_from_form(
        form,
        phase_id,
        lambda data: st.send_directive(current_user, phase, data),
        _("Directive sent to the vendor."),
        lambda d: f"directive-{d.id}",
        directive_form=form,
    )


@bp.post("/directives/<id:directive_id>/response")
@login_required
@declares("answer_directive")
def answer_directive(directive_id: int):
    directive = st.get_directive(current_user, directive_id, "answer_directive")
    phase_id = directive.phase_id
    form = ResponseForm(prefix=answer_prefix(directive_id))
    return _save_from_form(
        form,
        phase_id,
        lambda data: st.respond(current_user, directive, data),
        _("Answer sent."),
        lambda d: f"directive-{d.id}",
        response_forms={directive_id: form},
    )


# --- Commitments ---------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/commitments")
@login_required
@declares("log_commitment")
def add_commitment(phase_id: int):
    phase = phases.get(current_user, phase_id, "log_commitment")
    form = CommitmentForm(prefix=COMMITMENT, goals=phase.goals)
    return _save_from_form(
        form,
        phase_id,
        lambda data: commitments.add(current_user, phase, data),
        _("Commitment added to the log."),
        lambda c: f"commitment-{c.id}",
        commitment_form=form,
    )


@bp.post("/commitments/<id:commitment_id>/events")
@login_required
@declares("log_commitment")
def log_event(commitment_id: int):
    commitment = commitments.get(current_user, commitment_id, "log_commitment")
    phase_id = commitment.phase_id
    form = EventForm(prefix=event_prefix(commitment_id))
    return _save_from_form(
        form,
        phase_id,
        lambda data: commitments.log_event(current_user, commitment, data),
        _("Logged."),
        lambda _event: f"commitment-{commitment_id}",
        event_forms={commitment_id: form},
    )


# --- Reviews -------------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/reviews")
@login_required
@declares("submit_review")
def submit_review(phase_id: int):
    phase = phases.get(current_user, phase_id, "submit_review")
    form = review_form(_my_side(phase), phase.goals, prefix=REVIEW)
    if form.validate_on_submit():
        try:
            reviews.submit(current_user, phase, form.service_data())
        except AppError as error:
            error.field = form.field_for(error.field)
            _refused(form, error)
        else:
            flash(_("Review submitted."), "success")
            return _to_phase(phase_id, "reviews-heading")
    return _phase_page(phase_id, 422, review_form=form)


# --- Audit trail and inbox -----------------------------------------------------------------------

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
@declares("view_audit")
def audit_trail(partnership_id: int):
    partnership = partnerships.get_visible(current_user, partnership_id, "view_audit")
    page = db.paginate(
        audit.trail(partnership.id), page=page_arg(), per_page=AUDIT_PER_PAGE, error_out=False
    )
    rows = [
        (event, AUDIT_ACTIONS.get(event.action, event.action), changes(event.before, event.after))
        for event in page.items
    ]
    return render_template("phases/audit.html", partnership=partnership, page=page, rows=rows)


INBOX_KINDS = [
    ("submit_review", _l("Reviews to submit")),
    ("answer_directive", _l("Directives waiting for your answer")),
    ("commitment_due", _l("Commitments due within a week or overdue")),
    ("close_phase", _l("Phases past their planned end, to close for review")),
    ("start_phase", _l("Phases ready to start")),
]


@bp.get("/inbox")
@login_required
@declares("account")
def inbox():
    items = inbox_service.items_for(current_user)
    groups = [(kind, title, [i for i in items if i.kind == kind]) for kind, title in INBOX_KINDS]
    return render_template(
        "phases/inbox.html", groups=[g for g in groups if g[2]], count=len(items)
    )
