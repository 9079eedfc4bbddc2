"""Pages of the phase workflow: the phase page and its forms, and its buttons.

The route's guard has checked the right (``@requires``); views ask the services and render,
and the services decide (status machine, checks). A refused form is shown again with its
errors and the typed text (422); a refused button says why in a flash on the page it came
from (``refusals.show_refusal``). What cannot be taken back asks first (``web/confirm.py``),
and every form acts once however often it is sent (``web/once.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from .. import policy
from ..domain import workflow
from ..domain.messages import Message
from ..errors import AppError, Conflict
from ..guard import requires
from ..models import Commitment, Directive, Goal, Phase, utcnow
from ..services import (
    commitments,
    history,
    insights,
    lookups,
    phases,
    presenters,
    reviews,
    statements,
)
from . import confirm, page_cache
from .forms import ConfirmForm
from .insights import evidence_labels, evidence_url
from .once import once
from .panel import trust_panel
from .partnerships import partnership_page
from .refusals import say, show_refusal
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
# A confirmation names this many of the things it concerns, and counts the rest.
LISTED = 10
# The events after which a commitment cannot be taken back to how it was: ask first.
FINAL_EVENTS = frozenset({"delivered", "dropped"})

# Prefixes keep the ids and names of the many forms of the phase page apart.
GOAL, DIRECTIVE, COMMITMENT, REVIEW, PLAN = "goal", "directive", "commitment", "review", "plan"


def answer_prefix(directive_id: int) -> str:
    return f"answer-{directive_id}"


def event_prefix(commitment_id: int) -> str:
    return f"event-{commitment_id}"


def _phase_url(phase_id: int, anchor: str | None = None) -> str:
    return url_for("phases.show", phase_id=phase_id, _anchor=anchor)


def _save_from_form(form: FlaskForm, phase_id: int, save, done: str, anchor, **refused):
    """The phase page's forms: validate, save once through the service, go back to the saved
    item; on a refusal, the phase page again with this form, its errors and what was typed.
    A conflict with the phase's state (it was closed meanwhile) is no field's fault, and the
    form may not be shown any more: it is said in a flash on the phase page."""
    if form.validate_on_submit():
        try:
            return once(
                form,
                lambda: save(form.service_data()),
                lambda saved: _phase_url(phase_id, anchor(saved)),
                done,
                fallback=_phase_url(phase_id),
            )
        except Conflict as error:
            if error.field:
                show_refusal(error, form)
            else:
                show_refusal(error)
                return _to_phase(phase_id)
        except AppError as error:
            show_refusal(error, form)
    return _phase_page(phase_id, 422, **refused)


def _to_phase(phase_id: int, anchor: str | None = None):
    return redirect(_phase_url(phase_id, anchor))


def _my_side(phase: Phase) -> str | None:
    member = policy.membership(current_user, phase.partnership)
    return member.side if member else None


def _phase_page(phase_id: int, status: int = 200, **overrides: Any):
    """The phase page; ``overrides`` puts a refused form (with its errors) in place. Without
    one, drawn once per change of the partnership (``web/page_cache.py``)."""

    def context() -> dict[str, Any]:
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
        position = next((p.order for p in insight.history.phases if p.id == phase.id), None)
        carried = (
            presenters.open_after_gate(insight.history, insight.now.date(), before=position)
            if phase.status not in workflow.DECIDED
            else []
        )
        phase_names = {p.id: p.name for p in insight.history.phases}
        evidence_label = evidence_labels(insight.history)
        return dict(
            phase=phase,
            partnership=phase.partnership,
            view=presenters.phase(phase),
            my_side=side,
            confirm=ConfirmForm(formdata=None),
            refused=status == 422,
            insight=insight,
            evidence_url=evidence_url,
            evidence_label=evidence_label,
            phase_names=phase_names,
            trust_panel=(
                trust_panel(
                    phase.partnership,
                    insight,
                    phase.id,
                    phase_names=phase_names,
                    evidence_url=evidence_url,
                    evidence_label=evidence_label,
                )
                if phase.status != "planned"
                else None
            ),
            carried=carried,
            **forms,
        )

    keep = not overrides and status == 200
    return page_cache.page("phases/phase.html", context, keep=keep), status


# --- Phases: plan, edit, move, start, close ----------------------------------------------------


@bp.post("/partnerships/<id:partnership_id>/phases")
@login_required
@requires("plan_phases")
def plan(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    form = PlanPhaseForm(prefix=PLAN)
    if form.validate_on_submit():
        try:
            return once(
                form,
                lambda: phases.plan(current_user, partnership, form.service_data()),
                lambda phase: _phase_url(phase.id),
                _("Phase planned. Add its goals next."),
            )
        except AppError as error:
            show_refusal(error, form)
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


def _button(act, where: str, done: str, category: str = "success"):
    """A confirmed button: act once, go back to ``where``; a refusal says why there."""
    if not ConfirmForm().validate_on_submit():
        return redirect(where)
    try:
        return once(None, act, lambda _result: where, done, category, fallback=where)
    except AppError as error:
        show_refusal(error)
        return redirect(where)


@bp.post("/phases/<id:phase_id>/move/<any(up, down):direction>")
@login_required
@requires("plan_phases")
def move(phase_id: int, direction: str):
    phase = lookups.phase(phase_id)
    where = url_for(
        "partnerships.show", partnership_id=phase.partnership_id, _anchor="phases-heading"
    )
    return _button(lambda: phases.move(current_user, phase, direction), where, _("Phase moved."))


def _siblings(phase: Phase) -> list[workflow.PhaseState]:
    return [phases.state(p) for p in phase.partnership.phases]


@bp.route("/phases/<id:phase_id>/start", methods=["GET", "POST"])
@login_required
@requires("start_phase")
def start(phase_id: int):
    phase = lookups.phase(phase_id)
    back = _phase_url(phase_id)
    done = _("Phase started. Goals added or changed from now on count as scope changes.")
    if request.method == "POST":
        return _button(lambda: phases.start(current_user, phase), back, done)
    reason = workflow.why_not_start(phases.state(phase), _siblings(phase))
    goals = [g for g in phase.goals if g.removed_at is None]
    owed = presenters.open_after_gate(history.load(phase.partnership))
    consequences = [
        _(
            "The phase becomes active: the vendor works to its goals, and the client side may "
            "send directives."
        ),
        _(
            "From now on, goals added, edited or removed are scope changes: they count against "
            "client trust-giving."
        ),
    ]
    if not goals:
        consequences.append(
            _(
                "The phase has no goals yet. Add them before you start, or every goal will "
                "count as a scope change."
            )
        )
    if owed:
        consequences.append(
            ngettext(
                "%(num)d commitment of an earlier phase is still open: it stays open in the "
                "vendor's inbox and on this phase's page until it is settled.",
                "%(num)d commitments of earlier phases are still open: they stay open in the "
                "vendor's inbox and on this phase's page until they are settled.",
                len(owed),
            )
        )
    return confirm.page(
        question=_("Start “%(name)s”?", name=confirm.own(phase.name)),
        action=url_for("phases.start", phase_id=phase_id),
        button=_("Start the phase"),
        cancel=back,
        cancel_label=_("Not yet"),
        consequences=consequences,
        refusal=say(reason) if reason else None,
        partnership=phase.partnership,
    )


@bp.route("/phases/<id:phase_id>/close", methods=["GET", "POST"])
@login_required
@requires("close_phase")
def close(phase_id: int):
    back = _phase_url(phase_id)
    done = _("Phase closed for review. Each side's lead now submits a review.")
    if request.method == "POST":
        phase = lookups.phase(phase_id)
        return _button(lambda: phases.close(current_user, phase), back, done)
    phase = lookups.phase(phase_id, full=True)
    reason = workflow.why_not_close(phases.state(phase))
    still_open = [c for c in presenters.phase(phase)["commitments"] if c["state"] == "open"]
    unanswered = [d for d in phase.directives if d.response is None]
    consequences = [
        _("Nobody can add or change its goals, send directives or add commitments any more."),
        _(
            "Each side's lead then submits a go/no-go review. A review cannot be changed once "
            "submitted, and the gate decides as soon as both are in."
        ),
    ]
    if still_open:
        consequences.append(
            ngettext(
                "%(num)d commitment is still open. During the review the vendor can still "
                "deliver it, give it a new date or drop it. If it is still open after the gate, "
                "it stays in the vendor's inbox and on the next phase's page until it is "
                "settled, and it counts in this phase, where it was promised.",
                "%(num)d commitments are still open. During the review the vendor can still "
                "deliver them, give them a new date or drop them. Those still open after the "
                "gate stay in the vendor's inbox and on the next phase's page until they are "
                "settled, and they count in this phase, where they were promised.",
                len(still_open),
            )
        )
    else:
        consequences.append(_("Every commitment of the phase is delivered or dropped."))
    if unanswered:
        consequences.append(
            ngettext(
                "%(num)d directive still waits for the vendor's answer; it can be answered "
                "during the review.",
                "%(num)d directives still wait for the vendor's answer; they can be answered "
                "during the review.",
                len(unanswered),
            )
        )
    if phase.planned_end and phase.planned_end > utcnow().date():
        consequences.append(
            _(
                "It is planned to end on %(date)s: closing it now ends it early.",
                date=format_date(phase.planned_end),
            )
        )
    items = [
        {
            "text": c["title"],
            "href": _phase_url(phase_id, f"commitment-{c['id']}"),
            "note": (
                _("due %(date)s, late", date=format_date(c["current_due_date"]))
                if c["late"]
                else _("due %(date)s", date=format_date(c["current_due_date"]))
            ),
        }
        for c in still_open
    ]
    return confirm.page(
        question=_("Close “%(name)s” for review?", name=confirm.own(phase.name)),
        action=url_for("phases.close", phase_id=phase_id),
        button=_("Close it for review"),
        cancel=back,
        cancel_label=_("Keep it active"),
        consequences=consequences,
        refusal=say(reason) if reason else None,
        items_heading=ngettext(
            "The open commitment", "The %(num)d open commitments", len(still_open)
        ),
        items=items[:LISTED],
        more=max(0, len(items) - LISTED),
        partnership=phase.partnership,
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
    form.kept_title = goal.title
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


@bp.route("/goals/<id:goal_id>/remove", methods=["GET", "POST"])
@login_required
@requires("manage_goals")
def remove_goal(goal_id: int):
    goal = lookups.item(Goal, goal_id)
    phase = goal.phase
    back = _phase_url(phase.id, "goals-heading")
    if request.method == "POST":
        return _button(
            lambda: statements.remove_goal(current_user, goal), back, _("Goal removed."), "info"
        )
    if phase.started_at is None:
        consequences = [
            _(
                "The phase has not started: the goal is deleted from the plan. The audit trail "
                "keeps its text."
            )
        ]
    else:
        consequences = [
            _(
                "The phase has started: the goal stays on record as removed, and the removal is "
                "a scope change, which counts against client trust-giving."
            ),
            _("Directives and commitments that serve it keep their link to it."),
        ]
    reason = workflow.why_not("remove_goal", phase.status)
    if goal.removed_at is not None:
        reason = Message("workflow.goal_removed_twice")
    return confirm.page(
        question=_("Remove the goal “%(title)s”?", title=confirm.own(goal.title)),
        action=url_for("phases.remove_goal", goal_id=goal_id),
        button=_("Remove the goal"),
        button_class="btn-danger",
        cancel=_phase_url(phase.id, f"goal-{goal.id}"),
        cancel_label=_("Keep it"),
        consequences=consequences,
        refusal=say(reason) if reason else None,
        partnership=phase.partnership,
    )


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
    if confirm.changing():
        return _phase_page(phase_id, 200, response_forms={directive_id: form})
    if confirm.asked() and form.validate_on_submit():
        consequences = [_("An answer cannot be changed once sent: the client relies on it.")]
        if (
            form.response.data == "accepted"
            and directive.adds_scope
            and directive.phase.partnership.engagement == "fixed_price"
        ):
            consequences.append(
                _(
                    "This directive adds scope to a fixed price. Accepted without a new plan, "
                    "date or price, it counts as scope creep; if the plan changes, answer "
                    "“Accepted with a new plan, date or price” instead."
                )
            )
        return confirm.page(
            question=_("Send this answer?"),
            action=url_for(
                "phases.answer_directive",
                directive_id=directive_id,
                _anchor=f"directive-{directive_id}",
            ),
            button=_("Send the answer"),
            cancel=_phase_url(phase_id, f"directive-{directive_id}"),
            consequences=consequences,
            rows=[(_("Directive"), directive.text), *confirm.summary(form)],
            send_again=confirm.fields_to_send_again(),
            change=True,
            partnership=directive.phase.partnership,
        )
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
    if confirm.changing():
        return _phase_page(phase_id, 200, event_forms={commitment_id: form})
    if confirm.asked() and form.type.data in FINAL_EVENTS and form.validate_on_submit():
        if form.type.data == "delivered":
            question = _("Log “%(title)s” as delivered?", title=confirm.own(commitment.title))
            consequences = [
                _(
                    "A delivery is for good: after it, the commitment takes no new date, drop "
                    "or second delivery, only notes of progress or risks."
                )
            ]
        else:
            question = _("Log “%(title)s” as dropped?", title=confirm.own(commitment.title))
            consequences = [
                _(
                    "A drop withdraws the promise, and stays on record. The commitment can "
                    "still be delivered after all, or promised again with a new date."
                )
            ]
        return confirm.page(
            question=question,
            action=url_for(
                "phases.log_event",
                commitment_id=commitment_id,
                _anchor=f"commitment-{commitment_id}",
            ),
            button=_("Log it"),
            cancel=_phase_url(phase_id, f"commitment-{commitment_id}"),
            consequences=consequences,
            rows=confirm.summary(form),
            send_again=confirm.fields_to_send_again(),
            change=True,
            partnership=commitment.phase.partnership,
        )
    return _save_from_form(
        form,
        phase_id,
        lambda data: commitments.log_event(current_user, commitment, data),
        _("Logged."),
        lambda _event: f"commitment-{commitment_id}",
        event_forms={commitment_id: form},
    )


# --- Reviews -------------------------------------------------------------------------------------


def _gate_after(phase: Phase, side: str, decision: str) -> str:
    """What the gate will do once this side's review, with ``decision``, is in."""
    decisions = {r.side: r.decision for r in phase.reviews} | {side: decision}
    decided = workflow.gate_decision(decisions)
    if decided == "passed":
        return _(
            "The other side has reviewed already: with your review the gate decides at once, "
            "and the phase passes."
        )
    if decided == "stopped":
        return _(
            "The other side has reviewed already: with your review the gate decides at once, "
            "and the phase stops (a side said no go). A lead may then plan a recovery phase."
        )
    return _("The gate decides when the other side's review is in.")


@bp.post("/phases/<id:phase_id>/reviews")
@login_required
@requires("submit_review")
def submit_review(phase_id: int):
    phase = lookups.phase(phase_id)
    side = _my_side(phase)
    assert side is not None  # the route's guard let only a lead of this partnership through
    form = review_form(side, phase.goals, prefix=REVIEW)
    if confirm.changing():
        return _phase_page(phase_id, 200, review_form=form)
    if form.validate_on_submit():
        if confirm.asked():
            return confirm.page(
                question=_("Submit your side's review?"),
                action=url_for("phases.submit_review", phase_id=phase_id, _anchor="review-form"),
                button=_("Submit the review"),
                cancel=_phase_url(phase_id, "reviews-heading"),
                consequences=[
                    _("A review cannot be changed once submitted."),
                    _gate_after(phase, side, form["decision"].data),
                ],
                rows=confirm.summary(form),
                send_again=confirm.fields_to_send_again(),
                change=True,
                partnership=phase.partnership,
            )
        try:
            return once(
                form,
                lambda: reviews.submit(current_user, phase, form.service_data()),
                lambda _review: _phase_url(phase_id, "reviews-heading"),
                _("Review submitted."),
                fallback=_phase_url(phase_id),
            )
        except AppError as error:
            show_refusal(error, form)
    return _phase_page(phase_id, 422, review_form=form)
