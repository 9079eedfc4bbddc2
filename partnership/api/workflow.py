"""API: phases, goals, directives, commitments, reviews, audit trail (SPEC §7)."""

from __future__ import annotations

from ..policy import declares
from ..services import audit as audit_service
from ..services import commitments, partnerships, phases, presenters, reviews
from ..services import statements as st
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
@bp.arguments(PhaseIn)
@bp.response(201, PhaseSummary)
@declares("plan_phases")
def plan_phase(data, partnership_id):
    """Plan a phase at the end of the partnership's plan (leads)."""
    partnership = partnerships.get_visible(caller(), partnership_id)
    return phases.plan(caller(), partnership, data)


@bp.get("/phases/<id:phase_id>")
@bp.response(200, PhaseDetail)
@declares("view")
def get_phase(phase_id):
    """A phase with its goals, directives, commitments and reviews."""
    return presenters.phase(phases.get(caller(), phase_id, full=True))


@bp.patch("/phases/<id:phase_id>")
@bp.arguments(PhasePatch)
@bp.response(200, PhaseSummary)
@declares("plan_phases")
def update_phase(data, phase_id):
    """Change a phase's name, objective or planned dates (leads; not once decided)."""
    return phases.update(caller(), phases.get(caller(), phase_id), data)


@bp.post("/phases/<id:phase_id>/move")
@bp.arguments(MoveIn)
@bp.response(200, PhaseSummary)
@declares("plan_phases")
def move_phase(data, phase_id):
    """Swap a planned phase with the planned phase before ("up") or after ("down") it."""
    return phases.move(caller(), phases.get(caller(), phase_id), data["direction"])


@bp.post("/phases/<id:phase_id>/start")
@bp.response(200, PhaseSummary)
@declares("start_phase")
def start_phase(phase_id):
    """Start a planned phase (client lead); 409 if another is open or an earlier one undecided."""
    return phases.start(caller(), phases.get(caller(), phase_id))


@bp.post("/phases/<id:phase_id>/close")
@bp.response(200, PhaseSummary)
@declares("close_phase")
def close_phase(phase_id):
    """Close an active phase for review (leads)."""
    return phases.close(caller(), phases.get(caller(), phase_id))


@bp.post("/phases/<id:phase_id>/goals")
@bp.arguments(GoalIn)
@bp.response(201, GoalOut)
@declares("manage_goals")
def add_goal(data, phase_id):
    """Add a goal (client lead); it is classified as outcome, constraint or prescriptive."""
    return st.add_goal(caller(), phases.get(caller(), phase_id), data)


@bp.patch("/goals/<id:goal_id>")
@bp.arguments(GoalPatch)
@bp.response(200, GoalOut)
@declares("manage_goals")
def edit_goal(data, goal_id):
    """Edit a goal (client lead); the previous text is kept as a revision."""
    return st.edit_goal(caller(), st.get_goal(caller(), goal_id), data)


@bp.delete("/goals/<id:goal_id>")
@bp.response(204)
@declares("manage_goals")
def remove_goal(goal_id):
    """Remove a goal (client lead); after the start it stays on record as removed."""
    st.remove_goal(caller(), st.get_goal(caller(), goal_id))


@bp.post("/phases/<id:phase_id>/directives")
@bp.arguments(DirectiveIn)
@bp.response(201, DirectiveOut)
@declares("send_directive")
def send_directive(data, phase_id):
    """Send a directive to the vendor during an active phase (client side)."""
    return st.send_directive(caller(), phases.get(caller(), phase_id), data)


@bp.post("/directives/<id:directive_id>/response")
@bp.arguments(ResponseIn)
@bp.response(200, DirectiveOut)
@declares("answer_directive")
def respond_to_directive(data, directive_id):
    """Answer a directive (vendor side), once."""
    return st.respond(caller(), st.get_directive(caller(), directive_id), data)


@bp.post("/phases/<id:phase_id>/commitments")
@bp.arguments(CommitmentIn)
@bp.response(201, CommitmentOut)
@declares("log_commitment")
def add_commitment(data, phase_id):
    """Log a commitment (vendor side)."""
    return presenters.commitment(commitments.add(caller(), phases.get(caller(), phase_id), data))


@bp.post("/commitments/<id:commitment_id>/events")
@bp.arguments(EventIn)
@bp.response(201, EventOut)
@declares("log_commitment")
def log_event(data, commitment_id):
    """Log progress, a risk, a slip (new_due_date), a delivery (evidence) or a drop."""
    commitment = commitments.get(caller(), commitment_id)
    event = commitments.log_event(caller(), commitment, data)
    view = presenters.commitment(commitment)
    return next(e for e in view["events"] if e["id"] == event.id)


@bp.post("/phases/<id:phase_id>/reviews")
@bp.arguments(ReviewIn)
@bp.response(201, ReviewOut)
@declares("submit_review")
def submit_review(data, phase_id):
    """Submit the caller's side's review of a phase in review (leads); immutable."""
    return reviews.submit(caller(), phases.get(caller(), phase_id), data)


@bp.get("/partnerships/<id:partnership_id>/audit")
@bp.arguments(PageArgs, location="query")
@bp.response(200, AuditOut(many=True))
@declares("view_audit")
def audit(args, partnership_id):
    """The partnership's audit trail, newest first (leads)."""
    partnership = partnerships.get_visible(caller(), partnership_id, "view_audit")
    return page_of(audit_service.trail(partnership.id), args)
