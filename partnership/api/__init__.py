"""The JSON API under /api/v1 (SPEC §7): bearer tokens only, JSON errors only."""

from __future__ import annotations

from flask import Flask, g, jsonify, request
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from ..errors import AppError
from ..extensions import csrf, db

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX, description="Partnership Tracker API v1")

# Endpoints that do not need a token: they are how a script gets one.
PUBLIC_ENDPOINTS = {"api.create_user", "api.create_token"}


class JsonErrorApi(Api):
    """flask-smorest's Api, minus its app-wide error handler: pages keep their HTML errors."""

    def _register_error_handlers(self) -> None:
        pass


api = JsonErrorApi()

_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_field",
    429: "too_many_requests",
}


def _first_field_error(messages: object, path: str = "") -> tuple[str, str]:
    """Walk webargs' nested messages to the first field and its first message."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in {"json", "query", "form", "view_args"} and not path:
                return _first_field_error(value, "")
            name = "" if key == "_schema" else str(key)
            return _first_field_error(value, f"{path}.{name}".strip(".") if name else path)
    if isinstance(messages, list) and messages:
        if all(isinstance(m, str) for m in messages):
            return path, messages[0]
        return _first_field_error(messages[0], path)
    return path, str(messages)


def error_response(status: int, code: str, message: str, field: str | None = None, headers=None):
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    response = jsonify({"error": error})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if status == 422 and messages:
        field, message = _first_field_error(messages)
        text = f"{field}: {message}" if field else message
        return error_response(422, "invalid_field", text, field or None)
    if status == 400 and messages:
        return error_response(400, "malformed", "The request body is not valid JSON.")
    description = error.description or error.name
    if status == 405:
        description = f"{request.method} is not allowed here."
    headers = {}
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return error_response(status, _CODES.get(status, "error"), description, headers=headers)


def handle_app_error(error: AppError):
    db.session.rollback()  # a refused change leaves nothing half-written
    response = jsonify(error.to_dict())
    response.status_code = error.status
    return response


def handle_unexpected(error: Exception):
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unhandled error in the API")
    return error_response(500, "internal_error", "Something went wrong on our side.")


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
            "unauthorized",
            "Send an API token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    user = accounts.user_for_token(secret.strip())
    if user is None:
        return error_response(
            401,
            "unauthorized",
            "This token is not valid or has been revoked.",
            headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
        )
    g.api_user = user
    return None


def caller():
    return g.api_user


def init_api(app: Flask) -> None:
    from . import accounts, documents, insights, partnerships, workflow  # noqa: F401

    csrf.exempt(bp)  # bearer tokens only, never the session cookie: no CSRF to forge
    api.init_app(app)
    api.register_blueprint(bp)
