"""The JSON API under /api/v1 (SPEC §7): bearer tokens only, JSON errors only."""

from __future__ import annotations

import marshmallow as ma
from flask import Flask, g, request
from flask_smorest import Api, Blueprint

from ..domain.messages import Message
from ..extensions import csrf
from .errors import error_response

PREFIX = "/api/v1"


class TrackerBlueprint(Blueprint):
    def arguments(self, schema, *args, **kwargs):
        """As Blueprint's, with a schema class made an instance once: webargs would make one
        for every request (0.13 ms of a 2.5 ms answer). A schema keeps no state between loads."""
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)


bp = TrackerBlueprint("api", __name__, url_prefix=PREFIX, description="Partnership Tracker API v1")


class ErrorDetail(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "a stable English code"})
    message = ma.fields.String(required=True, metadata={"description": "in the caller's language"})
    field = ma.fields.String(metadata={"description": "the field at fault, when one is"})


class ErrorOut(ma.Schema):
    """Every error the API answers (api/errors.py): ``{"error": {"code", "message", "field"}}``."""

    error = ma.fields.Nested(ErrorDetail, required=True)


class TrackerApi(Api):
    ERROR_SCHEMA = ErrorOut  # the OpenAPI document declares the errors as they are sent


api = TrackerApi()

# Endpoints that do not need a token: they are how a script gets one.
PUBLIC_ENDPOINTS = {"api.create_user", "api.create_token"}


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


@bp.before_request
def authenticate():
    from ..services import accounts

    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return error_response(
            401,
            Message("request.unauthorized"),
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    user = accounts.user_for_token(secret.strip())
    if user is None:
        return error_response(
            401,
            Message("request.bad_token"),
            headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
        )
    g.api_user = user
    return None


def caller():
    return g.api_user


def init_api(app: Flask) -> None:
    from . import accounts, documents, inbox, insights, partnerships, webhooks, workflow  # noqa: F401

    csrf.exempt(bp)  # bearer tokens only, never the session cookie: no CSRF to forge
    api.init_app(app)
    api.register_blueprint(bp)
