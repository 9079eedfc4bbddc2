"""Goals and directives: the client's statements, each classified when written (SPEC §4)."""

from __future__ import annotations

from ..domain import workflow
from ..domain.language import Reading, classify
from ..domain.language.wording import stored
from ..domain.vocabulary import CHANNELS, MAX_GOAL_TITLE, PRIORITIES, RESPONSES
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Directive, DirectiveResponse, Goal, GoalRevision, Phase, User, utcnow
from . import audit, checks, phases
from .transaction import atomic

GOAL_FIELDS = ("title", "success_criterion", "priority", "category", "removed_at")
DIRECTIVE_FIELDS = ("text", "channel", "adds_scope", "goal_id", "category")


def read(text: object, lang: str | None = None) -> Reading:
    """How a statement reads, for the API and the forms' live hint."""
    body = checks.text(text, "text")
    return classify(body, lang)


def _classify(item: Goal | Directive, text: str) -> None:
    reading = classify(text)
    item.category = reading.category
    item.reasons, item.suggestion = stored(reading)


def _goal_title(value: object) -> str:
    """A goal's title: short, as a heading is; the detail belongs in the success criterion."""
    title = checks.text(value, "title")
    if len(title) > MAX_GOAL_TITLE:
        raise Invalid.of("goal.title_too_long", "title", length=len(title), limit=MAX_GOAL_TITLE)
    return title


def goal_text(title: str, success_criterion: str) -> str:
    """What the classifier reads of a goal: the title and how success will be known."""
    return f"{title}. {success_criterion}".strip(". ") if success_criterion else title


@atomic
def add_goal(user: User, phase: Phase, data: dict) -> Goal:
    title = _goal_title(data.get("title"))
    criterion = checks.text(data.get("success_criterion"), "success_criterion", required=False)
    priority = checks.choice(data.get("priority", "should"), "priority", PRIORITIES)
    phases.require_allowed(phase, "add_goal")
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


@atomic
def edit_goal(user: User, goal: Goal, data: dict) -> Goal:
    phase = goal.phase
    if goal.removed_at is not None:
        raise Conflict("workflow.goal_removed")
    phases.require_allowed(phase, "edit_goal")
    title = checks.text(data.get("title", goal.title), "title")
    if title != goal.title:
        # An older (or imported) long title may stay while other fields change; a new one is short.
        title = _goal_title(title)
    criterion = checks.text(
        data.get("success_criterion", goal.success_criterion),
        "success_criterion",
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


@atomic
def remove_goal(user: User, goal: Goal) -> None:
    phase = goal.phase
    if goal.removed_at is not None:
        raise Conflict("workflow.goal_removed_twice")
    phases.require_allowed(phase, "remove_goal")
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


@atomic
def send_directive(user: User, phase: Phase, data: dict) -> Directive:
    text = checks.text(data.get("text"), "text")
    channel = checks.choice(data.get("channel"), "channel", CHANNELS)
    adds_scope = checks.boolean(data.get("adds_scope", False), "adds_scope")
    goal = phases.goal_of_phase(phase, data.get("goal_id"))
    phases.require_allowed(phase, "send_directive")
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


@atomic
def respond(user: User, directive: Directive, data: dict) -> Directive:
    phase = directive.phase
    response = checks.choice(data.get("response"), "response", RESPONSES)
    note = checks.text(data.get("note"), "note", required=False)
    if response in workflow.RESPONSES_NEEDING_A_NOTE and not note:
        raise Invalid("workflow.response_needs_note", field="note")
    if directive.response is not None:
        raise Conflict("workflow.answered_twice")
    phases.require_allowed(phase, "answer_directive")
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
