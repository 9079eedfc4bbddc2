"""Two-sided go/no-go reviews and the gate that decides the phase (SPEC §2)."""

from __future__ import annotations

from sqlalchemy import select

from .. import policy
from ..domain import workflow
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Goal, Phase, Review, ReviewRating, User, utcnow
from . import audit, checks
from .transaction import atomic

REVIEW_FIELDS = ("side", "decision", "conditions", "comment")


@atomic
def submit(user: User, phase: Phase, data: dict) -> Review:
    member = policy.membership(user, phase.partnership)
    assert member is not None  # the route's guard let only a lead of this partnership through
    side = member.side
    ratings = data.get("ratings") or {}
    goal_outcomes = data.get("goal_outcomes") or {}
    conditions = checks.text(data.get("conditions"), "conditions", required=False)
    comment = checks.text(data.get("comment"), "comment", required=False)

    # Lock the phase row: two reviews arriving at the same instant are decided one after the
    # other, so the gate is decided exactly once (SQLite serialises writers by itself).
    locked = db.session.scalars(
        select(Phase)
        .where(Phase.id == phase.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    existing = list(db.session.scalars(select(Review).where(Review.phase_id == phase.id)))
    reason = workflow.why_not_review(locked.status, [r.side for r in existing], side)
    if reason:
        raise Conflict(reason)
    goals = {
        g.id: g
        for g in db.session.scalars(
            select(Goal).where(Goal.phase_id == phase.id, Goal.removed_at.is_(None))
        )
    }
    problem = workflow.review_field_errors(
        side,
        ratings,
        data.get("decision"),
        goal_outcomes,
        {goal_id: goal.title for goal_id, goal in goals.items()},
        conditions,
    )
    if problem:
        raise Invalid(problem[1], field=problem[0])

    review = Review(
        phase=locked,
        side=side,
        by=user,
        decision=data["decision"],
        conditions=conditions,
        comment=comment,
    )
    review.ratings = [ReviewRating(criterion=c, rating=r) for c, r in ratings.items()]
    db.session.add(review)
    for goal_id, outcome in goal_outcomes.items():
        goals[int(goal_id)].outcome = outcome
    db.session.flush()
    audit.record(
        user,
        "review.submit",
        review,
        partnership_id=locked.partnership_id,
        after=audit.snapshot(review, REVIEW_FIELDS)
        | {"ratings": dict(ratings), "goal_outcomes": dict(goal_outcomes)},
    )

    decided = workflow.gate_decision({r.side: r.decision for r in [*existing, review]})
    if decided:
        before = {"status": locked.status}
        locked.status = decided
        locked.decided_at = utcnow()
        audit.record(
            None,
            f"phase.{decided}",
            locked,
            partnership_id=locked.partnership_id,
            before=before,
            after={"status": decided, "decided_at": locked.decided_at},
        )
    db.session.commit()
    return review
