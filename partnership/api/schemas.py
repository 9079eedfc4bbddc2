"""Request and response schemas of the API; flask-smorest turns them into the OpenAPI file."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from ..domain.vocabulary import (
    CHANNELS,
    DECISIONS,
    ENGAGEMENTS,
    EVENT_TYPES,
    INBOX_KINDS,
    LANGUAGES,
    MAX_TEXT,
    NOTIFICATION_CHOICES,
    PRIORITIES,
    RESPONSES,
    ROLES,
    SIDES,
    WEBHOOK_EVENTS,
)
from ..i18n.render import reading_words
from ..services.checks import MAX_ID
from ..services.invitations import shown_id, shown_name
from .errors import language


class In(Schema):
    """Request bodies refuse fields they do not know: a typo should not pass silently."""

    class Meta:
        unknown = RAISE


class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class UserIn(In):
    email = fields.String(required=True)
    name = fields.String(required=True)
    password = fields.String(required=True, metadata={"description": "8 characters or more"})
    language = fields.String(
        load_default=None, allow_none=True, metadata={"enum": [*LANGUAGES, None]}
    )


class UserOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    language = fields.String(
        allow_none=True,
        metadata={"description": "null: the language of each request", "enum": [*LANGUAGES, None]},
    )


class MeIn(In):
    """What a person changes about themselves; every field is optional."""

    name = fields.String(metadata={"description": "the name others see"})
    # The service checks the choices (with its own message); the document still names them.
    language = fields.String(
        allow_none=True,
        metadata={
            "description": "en, es, it, sv or ar; null for the browser's (Accept-Language)",
            "enum": [*LANGUAGES, None],
        },
    )
    notifications = fields.String(
        metadata={
            "description": "immediate (the default), digest (one a day) or none",
            "enum": list(NOTIFICATION_CHOICES),
        }
    )


class MeOut(UserOut):
    notifications = fields.String(
        metadata={
            "description": "immediate, digest or none: how the person gets emails",
            "enum": list(NOTIFICATION_CHOICES),
        }
    )

    calendar_url = fields.Method(
        "_calendar_url",
        allow_none=True,
        metadata={
            "type": "string",
            "description": "the private calendar feed's address (iCalendar), or null until "
            "made with POST /me/calendar",
        },
    )

    def _calendar_url(self, user):
        from ..services import calendars

        return calendars.feed_url(user)


class CalendarOut(Schema):
    calendar_url = fields.String(
        metadata={"description": "the new feed address; the previous one answers 404 now"}
    )


class InboxItemOut(Schema):
    kind = fields.String(metadata={"description": "one of: " + ", ".join(INBOX_KINDS)})
    new = fields.Boolean(metadata={"description": "true until the person opens the inbox page"})
    at = fields.DateTime()
    title = fields.String(metadata={"description": "in the reader's language"})
    detail = fields.String(allow_none=True)
    partnership_id = fields.Integer(allow_none=True)
    phase_id = fields.Integer(allow_none=True)
    directive_id = fields.Integer()
    commitment_id = fields.Integer()
    review_id = fields.Integer()
    invitation_id = fields.Integer()
    webhook_id = fields.Integer()
    code = fields.String(metadata={"description": "flag_raised: the flag's code"})
    due_date = fields.Date()
    overdue = fields.Boolean()
    url = fields.String(metadata={"description": "the item's page"})


class TokenIn(In):
    email = fields.String(required=True)
    password = fields.String(required=True)
    name = fields.String(load_default="API token")


class TokenOut(Schema):
    id = fields.Integer()
    token = fields.String(metadata={"description": "shown once; only its hash is kept"})
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()


class TokenInfo(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class MemberOut(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    email = fields.String(attribute="user.email")
    name = fields.String(attribute="user.name")
    side = fields.String()
    role = fields.String()


class MemberIn(In):
    email = fields.String(required=True)
    side = fields.String(required=True, validate=validate.OneOf(SIDES))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class ImportErrorOut(Schema):
    code = fields.String()
    message = fields.String()
    field = fields.String(allow_none=True)
    status = fields.Integer(metadata={"description": "what a small import would have answered"})


class ImportJobOut(Schema):
    """A document being imported in the background."""

    id = fields.Integer()
    status = fields.String(metadata={"description": "queued, running, done, refused or failed"})
    size = fields.Integer(metadata={"description": "bytes"})
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    partnership_id = fields.Integer(allow_none=True)
    error = fields.Nested(ImportErrorOut)


class InvitedMemberOut(MemberOut):
    invitation_url = fields.String(
        metadata={
            "description": "the one-time set-password link (7 days), when the account has no "
            "password yet; hand it to them alone"
        }
    )


class PartnershipInvitationOut(Schema):
    """Someone invited to a partnership who has not accepted, as the inviter named them."""

    id = fields.Integer()
    email = fields.String(attribute="user.email")
    name = fields.String(metadata={"description": "the name the inviter (the document) gave"})
    side = fields.String()
    role = fields.String()
    status = fields.Function(
        lambda i: "pending" if i.pending else "declined",
        metadata={"description": "pending or declined"},
    )
    created_at = fields.DateTime()


class InvitationOut(Schema):
    """An invitation waiting for the caller (SPEC §13)."""

    id = fields.Integer()
    partnership_id = fields.Integer()
    partnership_name = fields.String(attribute="partnership.name")
    side = fields.String()
    role = fields.String()
    invited_by = fields.Function(lambda i: i.invited_by.name if i.invited_by else None)
    created_at = fields.DateTime()


class PartnershipIn(In):
    name = fields.String(required=True)
    client_name = fields.String(required=True)
    vendor_name = fields.String(required=True)
    engagement = fields.String(required=True, validate=validate.OneOf(ENGAGEMENTS))
    description = fields.String(load_default="")
    side = fields.String(
        required=True, validate=validate.OneOf(SIDES), metadata={"description": "the creator's"}
    )


class PartnershipPatch(In):
    name = fields.String()
    client_name = fields.String()
    vendor_name = fields.String()
    engagement = fields.String(validate=validate.OneOf(ENGAGEMENTS))
    description = fields.String()


class PhaseSummary(Schema):
    id = fields.Integer()
    partnership_id = fields.Integer()
    order = fields.Integer(attribute="position")
    name = fields.String()
    objective = fields.String()
    planned_start = fields.Date(allow_none=True)
    planned_end = fields.Date(allow_none=True)
    status = fields.String()
    started_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class PartnershipOut(Schema):
    id = fields.Integer()
    name = fields.String()
    client_name = fields.String()
    vendor_name = fields.String()
    engagement = fields.String()
    description = fields.String()
    thresholds = fields.Dict(keys=fields.String(), values=fields.Float())
    created_at = fields.DateTime()


class PartnershipDetail(PartnershipOut):
    members = fields.List(fields.Nested(MemberOut))
    invitations = fields.List(
        fields.Nested(PartnershipInvitationOut),
        metadata={"description": "people invited who are not members (yet)"},
    )
    phases = fields.List(fields.Nested(PhaseSummary))


# --- the phase workflow ---------------------------------------------------------------------


class Person(Schema):
    """An author: someone invited and not a member is shown as the inviter named them, with
    no account id (services/invitations.shown_name)."""

    id = fields.Function(lambda u: shown_id(u), allow_none=True)
    name = fields.Function(lambda u: shown_name(u))
    email = fields.String()


class PhaseIn(In):
    name = fields.String(required=True)
    objective = fields.String(load_default="")
    planned_start = fields.Date(load_default=None, allow_none=True)
    planned_end = fields.Date(load_default=None, allow_none=True)


class PhasePatch(In):
    name = fields.String()
    objective = fields.String()
    planned_start = fields.Date(allow_none=True)
    planned_end = fields.Date(allow_none=True)


class MoveIn(In):
    direction = fields.String(required=True, validate=validate.OneOf(["up", "down"]))


class GoalIn(In):
    title = fields.String(required=True)
    success_criterion = fields.String(load_default="")
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))


class GoalPatch(In):
    title = fields.String()
    success_criterion = fields.String()
    priority = fields.String(validate=validate.OneOf(PRIORITIES))


class GoalRevisionOut(Schema):
    title = fields.String()
    success_criterion = fields.String()
    priority = fields.String()
    replaced_by = fields.Nested(Person)
    replaced_at = fields.DateTime()


def _reasons(item: object) -> list[str]:
    """A stored reading's reasons in the caller's language."""
    return reading_words(getattr(item, "reasons", None) or (), None, language())[0]


def _suggestion(item: object) -> str | None:
    return reading_words((), getattr(item, "suggestion", None), language())[1]


class GoalOut(Schema):
    id = fields.Integer()
    phase_id = fields.Integer()
    title = fields.String()
    success_criterion = fields.String()
    priority = fields.String()
    category = fields.String()
    reasons = fields.Function(_reasons, metadata={"type": "array", "items": {"type": "string"}})
    suggestion = fields.Function(_suggestion, allow_none=True, metadata={"type": "string"})
    author = fields.Nested(Person, attribute="created_by")
    created_at = fields.DateTime()
    revisions = fields.List(fields.Nested(GoalRevisionOut))
    removed_at = fields.DateTime(allow_none=True)
    outcome = fields.String(allow_none=True)


class DirectiveIn(In):
    text = fields.String(required=True)
    channel = fields.String(
        required=True,
        validate=validate.OneOf(CHANNELS),
    )
    adds_scope = fields.Boolean(load_default=False)
    goal_id = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )


class ResponseIn(In):
    response = fields.String(
        required=True,
        validate=validate.OneOf(RESPONSES),
    )
    note = fields.String(load_default="")


class ResponseOut(Schema):
    response = fields.String()
    note = fields.String()
    by = fields.Nested(Person)
    at = fields.DateTime()


class DirectiveOut(Schema):
    id = fields.Integer()
    phase_id = fields.Integer()
    goal_id = fields.Integer(allow_none=True)
    text = fields.String()
    channel = fields.String()
    adds_scope = fields.Boolean()
    category = fields.String()
    reasons = fields.Function(_reasons, metadata={"type": "array", "items": {"type": "string"}})
    suggestion = fields.Function(_suggestion, allow_none=True, metadata={"type": "string"})
    author = fields.Nested(Person, attribute="created_by")
    created_at = fields.DateTime()
    response = fields.Nested(ResponseOut, allow_none=True)


class CommitmentIn(In):
    title = fields.String(required=True)
    due_date = fields.Date(required=True)
    goal_id = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )


class EventIn(In):
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    note = fields.String(load_default="")
    new_due_date = fields.Date(load_default=None, allow_none=True)
    evidence = fields.String(load_default="")


class EventOut(Schema):
    id = fields.Integer()
    commitment_id = fields.Integer()
    type = fields.String()
    note = fields.String()
    new_due_date = fields.Date(allow_none=True)
    evidence = fields.String()
    author = fields.Nested(Person, attribute="by")
    at = fields.DateTime()
    disclosed_in_advance = fields.Boolean(
        allow_none=True,
        metadata={"description": "slips and drops: recorded on or before the due date in force"},
    )


class CommitmentOut(Schema):
    id = fields.Integer()
    phase_id = fields.Integer()
    goal_id = fields.Integer(allow_none=True)
    title = fields.String()
    due_date = fields.Date(metadata={"description": "the first due date promised"})
    current_due_date = fields.Date()
    state = fields.String(metadata={"description": "open, delivered or dropped"})
    late = fields.Boolean()
    author = fields.Nested(Person, attribute="created_by")
    created_at = fields.DateTime()
    events = fields.List(fields.Nested(EventOut))


class ReviewIn(In):
    # Values are checked by the gate rules, which name the criterion (ratings.delivery).
    ratings = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    conditions = fields.String(load_default="")
    comment = fields.String(load_default="")
    goal_outcomes = fields.Dict(
        keys=fields.String(), values=fields.Raw(allow_none=True), load_default=dict
    )


class ReviewOut(Schema):
    id = fields.Integer()
    phase_id = fields.Integer()
    side = fields.String()
    author = fields.Nested(Person, attribute="by")
    ratings = fields.Dict(
        attribute="ratings_by_criterion", keys=fields.String(), values=fields.Integer()
    )
    decision = fields.String()
    conditions = fields.String()
    comment = fields.String()
    submitted_at = fields.DateTime()


class PhaseDetail(PhaseSummary):
    goals = fields.List(fields.Nested(GoalOut))
    directives = fields.List(fields.Nested(DirectiveOut))
    commitments = fields.List(fields.Nested(CommitmentOut))
    reviews = fields.List(fields.Nested(ReviewOut))


class AuditOut(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.Nested(Person, allow_none=True)
    action = fields.String()
    target_type = fields.String()
    target_id = fields.Integer(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


# --- trust and flags ----------------------------------------------------------------------


class EvidenceOut(Schema):
    source = fields.String(metadata={"description": "the item, e.g. commitment:42"})
    phase_id = fields.Integer()
    sign = fields.String(metadata={"description": "+ or -"})
    weight = fields.Float()
    why = fields.String()
    kind = fields.String()


class ScoreOut(Schema):
    score = fields.Float(metadata={"description": "0..100; 50 with no evidence"})
    uncertainty = fields.Float(metadata={"description": "0..1; 1 with no evidence"})
    evidence = fields.List(fields.Nested(EvidenceOut))


class PhaseTrustOut(Schema):
    phase_id = fields.Integer()
    vendor_reliability = fields.Nested(ScoreOut)
    client_trust_giving = fields.Nested(ScoreOut)
    partnership = fields.Nested(ScoreOut)


class TrustArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    evidence = fields.Boolean(
        load_default=True, metadata={"description": "0 leaves the evidence lists out"}
    )


class TrustOut(Schema):
    vendor_reliability = fields.Nested(ScoreOut)
    client_trust_giving = fields.Nested(ScoreOut)
    partnership = fields.Nested(ScoreOut)
    phases = fields.List(fields.Nested(PhaseTrustOut))


class FlagOut(Schema):
    code = fields.String()
    severity = fields.String(metadata={"description": "info, warning or high"})
    side = fields.String(metadata={"description": "client, vendor or both"})
    phase_id = fields.Integer()
    message = fields.String()
    evidence = fields.List(fields.String())
    suggestion = fields.String()


class AnalyzeIn(In):
    text = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))
    lang = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(LANGUAGES))


class AnalyzeOut(Schema):
    category = fields.String(metadata={"description": "outcome, constraint or prescriptive"})
    lang = fields.String()
    reasons = fields.List(fields.String())
    suggestion = fields.String(
        allow_none=True,
        metadata={"description": "for prescriptive text: how to restate it as an outcome"},
    )


# --- webhooks (SPEC §12) ------------------------------------------------------------------


class WebhookIn(In):
    url = fields.String(
        required=True,
        metadata={"description": "http(s); not on a private, loopback or link-local network"},
    )
    # The service checks the events (with its own messages); the document still names them.
    events = fields.List(
        fields.String(metadata={"enum": list(WEBHOOK_EVENTS)}),
        required=True,
        metadata={"description": "one or more of: " + ", ".join(WEBHOOK_EVENTS), "minItems": 1},
    )


class WebhookOut(Schema):
    id = fields.Integer()
    partnership_id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean(
        metadata={"description": "false once switched off after three days of failures"}
    )
    created_at = fields.DateTime()
    created_by = fields.Nested(Person, allow_none=True)
    failing_since = fields.DateTime(allow_none=True)
    disabled_at = fields.DateTime(allow_none=True)


class WebhookCreated(WebhookOut):
    secret = fields.String(
        metadata={"description": "signs every delivery (X-Tracker-Signature); shown once"}
    )


class AttemptOut(Schema):
    at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True, metadata={"description": "when no answer came"})
    duration_ms = fields.Integer()


class DeliveryOut(Schema):
    id = fields.String(attribute="uid", metadata={"description": "X-Tracker-Delivery"})
    event = fields.String()
    status = fields.String(metadata={"description": "pending, delivered or failed"})
    status_code = fields.Integer(allow_none=True, metadata={"description": "of the last attempt"})
    attempts = fields.Integer()
    created_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    next_attempt_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(AttemptOut), attribute="tries")
