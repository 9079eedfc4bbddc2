"""Pages of the phase workflow: the phase page and its forms, and its buttons.

The route's guard has checked the right (``@requires``); views ask the services and render,
and the services decide (status machine, checks). A refused form is shown again with its
errors and the typed text (422); a refused button says why in a flash on the page it came
from (``refusals.show_refusal``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from .. import policy
from ..errors import AppError
from ..guard import requires
from ..models import Commitment, Directive, Goal, Phase
from ..services import commitments, insights, lookups, phases, presenters, reviews, statements
from .forms import ConfirmForm
from .insights import evidence_labels, evidence_url
from .partnerships import partnership_page
from .refusals import show_refusal
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


def _save_from_form(form: FlaskForm, phase_id: int, save, done: str, anchor, **refused):
    """The phase page's forms: validate, save through the service, go back to the saved item;
    on a refusal, the phase page again with this form, its errors and what was typed (422)."""
    if form.validate_on_submit():
        try:
            saved = save(form.service_data())
        except AppError as error:
            show_refusal(error, form)
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
    phase = lookups.phase(phase_id, full=True)
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
        evidence_label=evidence_labels(insight.history),
        phase_names={p.id: p.name for p in insight.history.phases},
        **forms,
    ), status


# --- Phases: plan, edit, move, start, close ----------------------------------------------------


@bp.post("/partnerships/<id:partnership_id>/phases")
@login_required
@requires("plan_phases")
def plan(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    form = PlanPhaseForm(prefix=PLAN)
    if form.validate_on_submit():
        try:
            phase = phases.plan(current_user, partnership, form.service_data())
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Phase planned. Add its goals next."), "success")
            return _to_phase(phase.id)
    return partnership_page(partnership, 422, plan_form=form)


@bp.get("/phases/<id:phase_id>")
@login_required
@requires("view")
def show(phase_id: int):
    return _phase_page(phase_id)


@bp.route("/phases/<id:phase_id>/edit", methods=["GET", "POST"])
@login_required
@requires("plan_phases")
def edit(phase_id: int):
    phase = lookups.phase(phase_id)
    form = EditPhaseForm(obj=phase)
    if form.validate_on_submit():
        try:
            phases.update(current_user, phase, form.service_data())
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Plan saved."), "success")
            return _to_phase(phase.id)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "phases/phase_edit.html", form=form, phase=phase, partnership=phase.partnership
    ), status


@bp.post("/phases/<id:phase_id>/move/<any(up, down):direction>")
@login_required
@requires("plan_phases")
def move(phase_id: int, direction: str):
    phase = lookups.phase(phase_id)
    partnership_id = phase.partnership_id
    if ConfirmForm().validate_on_submit():
        try:
            phases.move(current_user, phase, direction)
        except AppError as error:
            show_refusal(error)
        else:
            flash(_("Phase moved."), "success")
    return redirect(
        url_for("partnerships.show", partnership_id=partnership_id, _anchor="phases-heading")
    )


def _transition(phase_id: int, step, done: str):
    phase = lookups.phase(phase_id)
    if ConfirmForm().validate_on_submit():
        try:
            step(current_user, phase)
        except AppError as error:
            show_refusal(error)
        else:
            flash(done, "success")
    return _to_phase(phase_id)


@bp.post("/phases/<id:phase_id>/start")
@login_required
@requires("start_phase")
def start(phase_id: int):
    return _transition(
        phase_id,
        phases.start,
        _("Phase started. Goals added or changed from now on count as scope changes."),
    )


@bp.post("/phases/<id:phase_id>/close")
@login_required
@requires("close_phase")
def close(phase_id: int):
    return _transition(
        phase_id,
        phases.close,
        _("Phase closed for review. Each side's lead now submits a review."),
    )


# --- Goals ---------------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/goals")
@login_required
@requires("manage_goals")
def add_goal(phase_id: int):
    phase = lookups.phase(phase_id)
    form = GoalForm(prefix=GOAL)
    return _save_from_form(
        form,
        phase_id,
        lambda data: statements.add_goal(current_user, phase, data),
        _("Goal added."),
        lambda goal: f"goal-{goal.id}",
        goal_form=form,
    )


@bp.route("/goals/<id:goal_id>/edit", methods=["GET", "POST"])
@login_required
@requires("manage_goals")
def edit_goal(goal_id: int):
    goal = lookups.item(Goal, goal_id)
    form = EditGoalForm(obj=goal)
    if form.validate_on_submit():
        try:
            statements.edit_goal(current_user, goal, form.service_data())
        except AppError as error:
            show_refusal(error, form)
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
@requires("manage_goals")
def remove_goal(goal_id: int):
    goal = lookups.item(Goal, goal_id)
    phase_id = goal.phase_id
    if ConfirmForm().validate_on_submit():
        try:
            statements.remove_goal(current_user, goal)
        except AppError as error:
            show_refusal(error)
        else:
            flash(_("Goal removed."), "info")
    return _to_phase(phase_id, "goals-heading")


# --- Directives ----------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/directives")
@login_required
@requires("send_directive")
def send_directive(phase_id: int):
    phase = lookups.phase(phase_id)
    form = DirectiveForm(prefix=DIRECTIVE, goals=phase.goals)
    return _save_from_form(
        form,
        phase_id,
        lambda data: statements.send_directive(current_user, phase, data),
        _("Directive sent to the vendor."),
        lambda d: f"directive-{d.id}",
        directive_form=form,
    )


@bp.post("/directives/<id:directive_id>/response")
@login_required
@requires("answer_directive")
def answer_directive(directive_id: int):
    directive = lookups.item(Directive, directive_id)
    phase_id = directive.phase_id
    form = ResponseForm(prefix=answer_prefix(directive_id))
    return _save_from_form(
        form,
        phase_id,
        lambda data: statements.respond(current_user, directive, data),
        _("Answer sent."),
        lambda d: f"directive-{d.id}",
        response_forms={directive_id: form},
    )


# --- Commitments ---------------------------------------------------------------------------------


@bp.post("/phases/<id:phase_id>/commitments")
@login_required
@requires("log_commitment")
def add_commitment(phase_id: int):
    phase = lookups.phase(phase_id)
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
@requires("log_commitment")
def log_event(commitment_id: int):
    commitment = lookups.item(Commitment, commitment_id)
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
@requires("submit_review")
def submit_review(phase_id: int):
    phase = lookups.phase(phase_id)
    side = _my_side(phase)
    assert side is not None  # the route's guard let only a lead of this partnership through
    form = review_form(side, phase.goals, prefix=REVIEW)
    if form.validate_on_submit():
        try:
            reviews.submit(current_user, phase, form.service_data())
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Review submitted."), "success")
            return _to_phase(phase_id, "reviews-heading")
    return _phase_page(phase_id, 422, review_form=form)
