"""The forms of the phase workflow: phases, goals, directives, commitments, reviews.

Each form's field names are the services' field names, so a service's refusal (an ``Invalid``
naming its field) lands next to the right field through ``show_error``.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from ..domain.vocabulary import CRITERIA, MAX_GOAL_TITLE, MAX_NAME, MAX_TEXT
from .forms import Limit, choices
from .labels import label
from .once import OnceForm

PRIORITY_CHOICES = choices(
    [
        ("must", _l("Must")),
        ("should", _l("Should")),
        ("could", _l("Could")),
    ]
)
CHANNEL_CHOICES = choices(
    [
        ("ticket", _l("Ticket")),
        ("meeting", _l("Meeting")),
        ("email", _l("Email")),
        ("chat", _l("Chat (outside the agreed process)")),
        ("call", _l("Call (outside the agreed process)")),
        ("direct", _l("Directly to a developer (outside the agreed process)")),
    ]
)
RESPONSE_CHOICES = choices(
    [
        ("", _l("Choose an answer")),
        ("acknowledged", _l("Acknowledged")),
        ("accepted", _l("Accepted")),
        ("accepted_replanned", _l("Accepted with a new plan, date or price")),
        ("declined", _l("Declined")),
    ]
)
EVENT_CHOICES = choices(
    [
        ("progress", _l("Progress")),
        ("risk", _l("Risk or limitation")),
        ("slip", _l("Slip: a new due date")),
        ("delivered", _l("Delivered")),
        ("dropped", _l("Dropped")),
    ]
)
DECISION_CHOICES = choices(
    [
        ("", _l("Choose a decision")),
        ("go", _l("Go")),
        ("go_with_conditions", _l("Go with conditions")),
        ("no_go", _l("No go")),
    ]
)
RATING_CHOICES = choices(
    [
        ("", _l("Choose a rating")),
        ("1", _l("1: poor")),
        ("2", _l("2: weak")),
        ("3", _l("3: fair")),
        ("4", _l("4: good")),
        ("5", _l("5: excellent")),
    ]
)
OUTCOME_CHOICES = choices(
    [
        ("", _l("Choose an outcome")),
        ("met", _l("Met")),
        ("partly_met", _l("Partly met")),
        ("missed", _l("Missed")),
    ]
)
NO_GOAL = SelectChoice("", _l("No particular goal"))


def short(text: str, length: int = 80) -> str:
    """A goal's title fit for an option or a label; the page shows it whole elsewhere."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _goal_choices(goals) -> list[SelectChoice]:
    return [
        NO_GOAL,
        *(SelectChoice(str(g.id), short(g.title)) for g in goals if g.removed_at is None),
    ]


def _goal_id(value: str | None) -> int | None:
    return int(value) if value else None


class PlanPhaseForm(OnceForm, FlaskForm):
    name = StringField(_l("Phase name"), validators=[DataRequired(), Limit(max=MAX_NAME)])
    objective = TextAreaField(
        _l("Objective"),
        validators=[Optional(), Limit(max=MAX_TEXT)],
        description=_l("What this phase should achieve, in a sentence or two."),
    )
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    submit = SubmitField(_l("Plan the phase"))

    def validate_planned_end(self, field) -> None:
        if field.data and self.planned_start.data and field.data < self.planned_start.data:
            raise ValidationError(_l("The end must not be before the start."))

    def service_data(self) -> dict[str, Any]:
        return {
            "name": self.name.data,
            "objective": self.objective.data or "",
            "planned_start": self.planned_start.data,
            "planned_end": self.planned_end.data,
        }


class EditPhaseForm(PlanPhaseForm):
    submit = SubmitField(_l("Save the plan"))


class GoalForm(OnceForm, FlaskForm):
    title = StringField(
        _l("Goal"),
        validators=[
            DataRequired(),
            Limit(max=MAX_GOAL_TITLE, refusal="goal.title_too_long", counter=True),
        ],
        description=_l(
            "What and why, not how: the result the phase should bring, in a line. The detail "
            "goes in the success criterion."
        ),
    )
    success_criterion = TextAreaField(
        _l("Success criterion"),
        validators=[Optional(), Limit(max=MAX_TEXT)],
        description=_l("How we will know it is met."),
    )
    priority = SelectField(
        _l("Priority"), choices=PRIORITY_CHOICES, default="should", validators=[InputRequired()]
    )
    submit = SubmitField(_l("Add the goal"))

    def service_data(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "success_criterion": self.success_criterion.data or "",
            "priority": self.priority.data,
        }


class EditGoalForm(GoalForm):
    submit = SubmitField(_l("Save the goal"))
    # The title the goal has now: an older one longer than the limit (an imported history) may
    # stay while the rest changes; a new title is held to the limit (as statements.edit_goal).
    kept_title: str | None = None

    def validate(self, extra_validators=None) -> bool:
        if self.kept_title is not None and (self.title.data or "").strip() == self.kept_title:
            self.title.validators = [v for v in self.title.validators if not isinstance(v, Limit)]
        return super().validate(extra_validators)


class DirectiveForm(OnceForm, FlaskForm):
    text = TextAreaField(
        _l("Request to the vendor"), validators=[DataRequired(), Limit(max=MAX_TEXT)]
    )
    channel = SelectField(_l("Channel"), choices=CHANNEL_CHOICES, validators=[InputRequired()])
    adds_scope = BooleanField(_l("This adds scope to the phase"))
    goal_id = SelectField(_l("Goal it serves"), choices=[NO_GOAL], validators=[Optional()])
    submit = SubmitField(_l("Send the directive"))

    def __init__(self, *args, goals=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.goal_id.choices = _goal_choices(goals)

    def service_data(self) -> dict[str, Any]:
        return {
            "text": self.text.data,
            "channel": self.channel.data,
            "adds_scope": bool(self.adds_scope.data),
            "goal_id": _goal_id(self.goal_id.data),
        }


class ResponseForm(OnceForm, FlaskForm):
    response = SelectField(
        _l("Answer"), choices=RESPONSE_CHOICES, validators=[DataRequired(_l("Choose an answer."))]
    )
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Limit(max=MAX_TEXT)],
        description=_l("Required when you decline or change the plan: say why, or what changes."),
    )
    submit = SubmitField(_l("Send the answer"))

    def service_data(self) -> dict[str, Any]:
        return {"response": self.response.data, "note": self.note.data or ""}


class CommitmentForm(OnceForm, FlaskForm):
    title = StringField(_l("What we commit to"), validators=[DataRequired(), Limit(max=MAX_TEXT)])
    due_date = DateField(_l("Due date"), validators=[InputRequired(_l("Give a due date."))])
    goal_id = SelectField(_l("Goal it serves"), choices=[NO_GOAL], validators=[Optional()])
    submit = SubmitField(_l("Add the commitment"))

    def __init__(self, *args, goals=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.goal_id.choices = _goal_choices(goals)

    def service_data(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "due_date": self.due_date.data,
            "goal_id": _goal_id(self.goal_id.data),
        }


class EventForm(OnceForm, FlaskForm):
    type = SelectField(_l("What happened"), choices=EVENT_CHOICES, validators=[InputRequired()])
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Limit(max=MAX_TEXT)],
        description=_l("The progress, the risk, or the reason for a slip or a drop."),
    )
    new_due_date = DateField(_l("New due date (for a slip)"), validators=[Optional()])
    evidence = StringField(
        _l("Evidence (for a delivery)"),
        validators=[Optional(), Limit(max=MAX_TEXT)],
        description=_l("A note or a link to what was delivered."),
    )
    submit = SubmitField(_l("Log it"))

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": self.type.data,
            "note": self.note.data or "",
            "evidence": self.evidence.data or "",
        }
        if self.new_due_date.data is not None:
            data["new_due_date"] = self.new_due_date.data
        return data


class ReviewForm(OnceForm, FlaskForm):
    """A side's review; ``review_form`` builds the fields, which differ by side."""

    submit = SubmitField(_l("Submit the review"))
    side: str = ""
    goal_ids: tuple[int, ...] = ()

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ratings": {c: int(self[f"rating_{c}"].data) for c in CRITERIA[self.side]},
            "decision": self["decision"].data,
            "conditions": self["conditions"].data or "",
            "comment": self["comment"].data or "",
        }
        if self.side == "client":
            data["goal_outcomes"] = {g: self[f"outcome_{g}"].data for g in self.goal_ids}
        return data

    @staticmethod
    def field_for(service_field: str | None) -> str | None:
        """The form field a service's field path names ("ratings.autonomy", "goal_outcomes.3")."""
        head, _, tail = (service_field or "").partition(".")
        if head == "ratings" and tail:
            return f"rating_{tail}"
        if head == "goal_outcomes" and tail:
            return f"outcome_{tail}"
        return service_field


def review_form(side: str, goals=(), **kwargs) -> ReviewForm:
    """A review form for one side: its four criteria, and for the client each current goal.

    Fields are made here, in the order a reviewer thinks them through (WTForms orders fields
    by creation): the ratings, the goals' outcomes, then the decision and its conditions.
    """
    current = [g for g in goals if g.removed_at is None] if side == "client" else []
    fields: dict[str, Any] = {}
    for criterion in CRITERIA[side]:
        fields[f"rating_{criterion}"] = SelectField(
            label(criterion).capitalize(),
            choices=RATING_CHOICES,
            validators=[DataRequired(_l("Rate this from 1 to 5."))],
        )
    for goal in current:
        fields[f"outcome_{goal.id}"] = SelectField(
            _l("Outcome of the goal “%(title)s”", title=short(goal.title)),
            choices=OUTCOME_CHOICES,
            validators=[DataRequired(_l("Say whether this goal was met."))],
        )
    fields["decision"] = SelectField(
        _l("Decision"),
        choices=DECISION_CHOICES,
        validators=[DataRequired(_l("Choose go, go with conditions or no go."))],
    )
    fields["conditions"] = TextAreaField(
        _l("Conditions"),
        validators=[Optional(), Limit(max=MAX_TEXT)],
        description=_l("Required for a go with conditions: what the go depends on."),
    )
    fields["comment"] = TextAreaField(_l("Comment"), validators=[Optional(), Limit(max=MAX_TEXT)])
    fields["side"] = side
    fields["goal_ids"] = tuple(g.id for g in current)
    form_class = type(f"{side.title()}ReviewForm", (ReviewForm,), fields)
    return form_class(**kwargs)
