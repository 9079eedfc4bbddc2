"""API: phases, goals, directives, commitments, reviews, audit trail (SPEC §7)."""

from __future__ import annotations

from ..guard import requires
from ..models import Commitment, Directive, Goal
from ..services import audit as audit_service
from ..services import commitments, lookups, phases, presenters, reviews, statements
from . import bp, caller
from .pagination import page_of
from .schemas import (
    AuditOut,
    CommitmentIn,
    CommitmentOut,
    DirectiveIn,
    DirectiveOut,
    EventIn,
    EventOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    MoveIn,
    PageArgs,
    PhaseDetail,
    PhaseIn,
    PhasePatch,
    PhaseSummary,
    ResponseIn,
    ReviewIn,
    ReviewOut,
)


@bp.post("/partnerships/<id:partnership_id>/phases")
@requires("plan_phases")
@bp.arguments(PhaseIn)
@bp.response(201, PhaseSummary)
def plan_phase(data, partnership_id):
    """Plan a phase at the end of the partnership's plan (leads)."""
    partnership = lookups.partnership(partnership_id)
    return phases.plan(caller(), partnership, data)


@bp.get("/phases/<id:phase_id>")
@requires("view")
@bp.response(200, PhaseDetail)
def get_phase(phase_id):
    """A phase with its goals, directives, commitments and reviews."""
    return presenters.phase(lookups.phase(phase_id, full=True))


@bp.patch("/phases/<id:phase_id>")
@requires("plan_phases")
@bp.arguments(PhasePatch)
@bp.response(200, PhaseSummary)
def update_phase(data, phase_id):
    """Change a phase's name, objective or planned dates (leads; not once decided)."""
    return phases.update(caller(), lookups.phase(phase_id), data)


@bp.post("/phases/<id:phase_id>/move")
@requires("plan_phases")
@bp.arguments(MoveIn)
@bp.response(200, PhaseSummary)
def move_phase(data, phase_id):
    """Swap a planned phase with the planned phase before ("up") or after ("down") it."""
    return phases.move(caller(), lookups.phase(phase_id), data["direction"])


@bp.post("/phases/<id:phase_id>/start")
@requires("start_phase")
@bp.response(200, PhaseSummary)
def start_phase(phase_id):
    """Start a planned phase (client lead); 409 if another is open or an earlier one undecided."""
    return phases.start(caller(), lookups.phase(phase_id))


@bp.post("/phases/<id:phase_id>/close")
@requires("close_phase")
@bp.response(200, PhaseSummary)
def close_phase(phase_id):
    """Close an active phase for review (leads)."""
    return phases.close(caller(), lookups.phase(phase_id))


@bp.post("/phases/<id:phase_id>/goals")
@requires("manage_goals")
@bp.arguments(GoalIn)
@bp.response(201, GoalOut)
def add_goal(data, phase_id):
    """Add a goal (client lead); it is classified as outcome, constraint or prescriptive."""
    return statements.add_goal(caller(), lookups.phase(phase_id), data)


@bp.patch("/goals/<id:goal_id>")
@requires("manage_goals")
@bp.arguments(GoalPatch)
@bp.response(200, GoalOut)
def edit_goal(data, goal_id):
    """Edit a goal (client lead); the previous text is kept as a revision."""
    return statements.edit_goal(caller(), lookups.item(Goal, goal_id), data)


@bp.delete("/goals/<id:goal_id>")
@requires("manage_goals")
@bp.response(204)
def remove_goal(goal_id):
    """Remove a goal (client lead); after the start it stays on record as removed."""
    statements.remove_goal(caller(), lookups.item(Goal, goal_id))


@bp.post("/phases/<id:phase_id>/directives")
@requires("send_directive")
@bp.arguments(DirectiveIn)
@bp.response(201, DirectiveOut)
def send_directive(data, phase_id):
    """Send a directive to the vendor during an active phase (client side)."""
    return statements.send_directive(caller(), lookups.phase(phase_id), data)


@bp.post("/directives/<id:directive_id>/response")
@requires("answer_directive")
@bp.arguments(ResponseIn)
@bp.response(200, DirectiveOut)
def respond_to_directive(data, directive_id):
    """Answer a directive (vendor side), once."""
    return statements.respond(caller(), lookups.item(Directive, directive_id), data)


@bp.post("/phases/<id:phase_id>/commitments")
@requires("log_commitment")
@bp.arguments(CommitmentIn)
@bp.response(201, CommitmentOut)
def add_commitment(data, phase_id):
    """Log a commitment (vendor side)."""
    return presenters.commitment(commitments.add(caller(), lookups.phase(phase_id), data))


@bp.post("/commitments/<id:commitment_id>/events")
@requires("log_commitment")
@bp.arguments(EventIn)
@bp.response(201, EventOut)
def log_event(data, commitment_id):
    """Log progress, a risk, a slip (new_due_date), a delivery (evidence) or a drop."""
    commitment = lookups.item(Commitment, commitment_id)
    event = commitments.log_event(caller(), commitment, data)
    view = presenters.commitment(commitment)
    return next(e for e in view["events"] if e["id"] == event.id)


@bp.post("/phases/<id:phase_id>/reviews")
@requires("submit_review")
@bp.arguments(ReviewIn)
@bp.response(201, ReviewOut)
def submit_review(data, phase_id):
    """Submit the caller's side's review of a phase in review (leads); immutable."""
    return reviews.submit(caller(), lookups.phase(phase_id), data)


@bp.get("/partnerships/<id:partnership_id>/audit")
@requires("view_audit")
@bp.arguments(PageArgs, location="query")
@bp.response(200, AuditOut(many=True))
def audit(args, partnership_id):
    """The partnership's audit trail, newest first (leads)."""
    partnership = lookups.partnership(partnership_id)
    return page_of(audit_service.trail(partnership.id), args)
