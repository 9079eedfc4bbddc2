"""Goals and directives: the client's statements, each classified when written (SPEC §4)."""

from __future__ import annotations

from .. import policy
from ..domain.history import CHANNELS, PRIORITIES, RESPONSES
from ..domain.language import classify
from ..domain.language.wording import english
from ..errors import Conflict
from ..extensions import db
from ..models import Directive, DirectiveResponse, Goal, GoalRevision, Phase, User, utcnow
from . import audit, checks, phases

GOAL_FIELDS = ("title", "success_criterion", "priority", "category", "removed_at")
DIRECTIVE_FIELDS = ("text", "channel", "adds_scope", "goal_id", "category")
EDITABLE = ("planned", "active")


def read(text: object, lang: str | None = None) -> dict:
    """How a statement reads, for the API and the forms' live hint."""
    body = checks.text(text, "text", max_length=5000, required=False)
    reading = classify(body, lang)
    reasons, suggestion = english(reading)
    return {
        "category": reading.category,
        "lang": reading.lang,
        "reasons": reasons,
        "suggestion": suggestion,
    }


def _classify(item: Goal | Directive, text: str) -> None:
    reading = classify(text)
    item.category = reading.category
    item.reasons, item.suggestion = english(reading)


def goal_text(title: str, success_criterion: str) -> str:
    """What the classifier reads of a goal: the title and how success will be known."""
    return f"{title}. {success_criterion}".strip(". ") if success_criterion else title


def get_goal(user: User, goal_id: int, action: str = "view") -> Goal:
    return phases.get_item(user, Goal, goal_id, action)


def add_goal(user: User, phase: Phase, data: dict) -> Goal:
    policy.require(user, "manage_goals", phase.partnership)
    title = checks.text(data.get("title"), "title", max_length=5000)
    criterion = checks.text(
        data.get("success_criterion"), "success_criterion", max_length=5000, required=False
    )
    priority = checks.choice(data.get("priority", "should"), "priority", PRIORITIES)
    phases.require_status(phase, EDITABLE, "add a goal")
    goal = Goal(
        phase=phase, title=title, success_criterion=criterion, priority=priority, created_by=user
    )
    _classify(goal, goal_text(title, criterion))
    db.session.add(goal)
    db.session.flush()
    audit.record(
        user,
        "goal.add",
        goal,
        partnership_id=phase.partnership_id,
        after=audit.snapshot(goal, GOAL_FIELDS) | {"scope_change": phase.started_at is not None},
    )
    db.session.commit()
    return goal


def edit_goal(user: User, goal: Goal, data: dict) -> Goal:
    phase = goal.phase
    policy.require(user, "manage_goals", phase.partnership)
    if goal.removed_at is not None:
        raise Conflict("This goal was removed; add a new goal instead.")
    phases.require_status(phase, EDITABLE, "edit a goal")
    title = checks.text(data.get("title", goal.title), "title", max_length=5000)
    criterion = checks.text(
        data.get("success_criterion", goal.success_criterion),
        "success_criterion",
        max_length=5000,
        required=False,
    )
    priority = checks.choice(data.get("priority", goal.priority), "priority", PRIORITIES)
    if (title, criterion, priority) == (goal.title, goal.success_criterion, goal.priority):
        return goal
    before = audit.snapshot(goal, GOAL_FIELDS)
    # Every edit keeps the previous text: after the start it is scope-change evidence.
    goal.revisions.append(
        GoalRevision(
            title=goal.title,
            success_criterion=goal.success_criterion,
            priority=goal.priority,
            replaced_by=user,
            replaced_at=utcnow(),
        )
    )
    goal.title, goal.success_criterion, goal.priority = title, criterion, priority
    _classify(goal, goal_text(title, criterion))
    audit.record(
        user,
        "goal.edit",
        goal,
        partnership_id=phase.partnership_id,
        before=before,
        after=audit.snapshot(goal, GOAL_FIELDS),
    )
    db.session.commit()
    return goal


def remove_goal(user: User, goal: Goal) -> None:
    phase = goal.phase
    policy.require(user, "manage_goals", phase.partnership)
    if goal.removed_at is not None:
        raise Conflict("This goal was already removed.")
    phases.require_status(phase, EDITABLE, "remove a goal")
    before = audit.snapshot(goal, GOAL_FIELDS)
    if phase.started_at is None:
        # Before the start the plan is still a draft: the goal goes, the audit keeps its text.
        audit.record(user, "goal.delete", goal, partnership_id=phase.partnership_id, before=before)
        db.session.delete(goal)
    else:
        goal.removed_at = utcnow()
        goal.removed_by = user
        audit.record(
            user,
            "goal.remove",
            goal,
            partnership_id=phase.partnership_id,
            before=before,
            after=audit.snapshot(goal, GOAL_FIELDS),
        )
    db.session.commit()


def get_directive(user: User, directive_id: int, action: str = "view") -> Directive:
    return phases.get_item(user, Directive, directive_id, action)


def send_directive(user: User, phase: Phase, data: dict) -> Directive:
    policy.require(user, "send_directive", phase.partnership)
    text = checks.text(data.get("text"), "text", max_length=5000)
    channel = checks.choice(data.get("channel"), "channel", CHANNELS)
    adds_scope = data.get("adds_scope", False)
    if not isinstance(adds_scope, bool):
        raise checks.Invalid("adds_scope must be true or false.", field="adds_scope")
    goal = phases.goal_of_phase(phase, data.get("goal_id"))
    phases.require_status(phase, ("active",), "send a directive")
    directive = Directive(
        phase=phase, text=text, channel=channel, adds_scope=adds_scope, goal=goal, created_by=user
    )
    _classify(directive, text)
    db.session.add(directive)
    db.session.flush()
    audit.record(
        user,
        "directive.send",
        directive,
        partnership_id=phase.partnership_id,
        after=audit.snapshot(directive, DIRECTIVE_FIELDS),
    )
    db.session.commit()
    return directive


def respond(user: User, directive: Directive, data: dict) -> Directive:
    phase = directive.phase
    policy.require(user, "answer_directive", phase.partnership)
    response = checks.choice(data.get("response"), "response", RESPONSES)
    note = checks.text(data.get("note"), "note", max_length=5000, required=False)
    if response in ("declined", "accepted_replanned") and not note:
        raise checks.Invalid("Say why, or what changes in the plan, in the note.", field="note")
    if directive.response is not None:
        raise Conflict("This directive has already been answered.")
    phases.require_status(phase, ("active", "review"), "answer a directive")
    directive.response = DirectiveResponse(response=response, note=note, by=user)
    db.session.flush()
    audit.record(
        user,
        "directive.respond",
        directive,
        partnership_id=phase.partnership_id,
        after={"response": response, "note": note},
    )
    db.session.commit()
    return directive
