"""Request and response schemas of the API; flask-smorest turns them into the OpenAPI file."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from ..domain.history import ENGAGEMENTS, ROLES, SIDES
from ..services.checks import MAX_INT

Id = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_INT))


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
    language = fields.String(load_default=None, allow_none=True)


class UserOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    language = fields.String(allow_none=True)


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
    phases = fields.List(fields.Nested(PhaseSummary))
