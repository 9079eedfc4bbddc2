"""How the API answers what went wrong (SPEC §7): ``{"error": {"code", "message", "field"}}``,
the message in the caller's language, never a 500 for bad input."""

from __future__ import annotations

import re

from flask import current_app, jsonify, request
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException

from ..domain.messages import Either, Field, Message
from ..errors import AppError
from ..i18n.render import render

CODES = {
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
    500: "internal_error",
}
MESSAGES = {
    400: "request.bad_request",
    401: "request.unauthorized",
    404: "request.not_found",
    409: "request.conflict_race",
    413: "request.too_large",
    415: "request.json_expected",
    429: "request.too_many",
    500: "request.internal",
}


def language() -> str:
    """The caller's language: Accept-Language, else the token owner's (``partnership._locale``)."""
    return str(get_locale() or "en")


def error_response(status: int, message: Message, field: str | None = None, headers=None):
    error = {"code": CODES.get(status, "error"), "message": render(message, language())}
    if field:
        error["field"] = field
    response = jsonify({"error": error})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def app_error(error: AppError):
    response = jsonify(error.to_dict(language()))
    response.status_code = error.status
    return response


def http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if status == 422 and messages:
        path, text = _first_field_error(messages)
        return error_response(422, field_message(path, text), path or None)
    if status == 400 and messages:
        return error_response(400, Message("request.malformed_json"))
    headers = {}
    if status == 405:
        methods = getattr(error, "valid_methods", None)
        if methods:
            headers["Allow"] = ", ".join(methods)
        return error_response(
            405, Message("request.method_not_allowed", method=request.method), headers=headers
        )
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if status == 413:
        limit = round(current_app.config["MAX_CONTENT_LENGTH"] / 2**20)
        return error_response(413, Message("request.too_large", limit=limit))
    return error_response(
        status, Message(MESSAGES.get(status, "request.bad_request")), headers=headers
    )


def unexpected(error: Exception):
    current_app.logger.exception("Unhandled error in the API")
    return error_response(500, Message("request.internal"))


# --- marshmallow's messages, said in the product's words ----------------------------------

_FIXED = {
    "Missing data for required field.": "field.required",
    "Field may not be null.": "field.required",
    "Unknown field.": "field.unknown",
    "Not a valid string.": "field.not_text",
    "Not a valid integer.": "field.whole_number",
    "Not a valid number.": "field.number",
    "Not a valid boolean.": "field.boolean",
    "Not a valid date.": "field.date",
    "Not a valid mapping type.": "field.not_an_object",
}
_ONE_OF = re.compile(r"Must be one of: (?P<allowed>.*)\.")
_LONGER = re.compile(r"Longer than maximum length (?P<limit>\d+)\.")
_RANGE = re.compile(
    r"Must be greater than or equal to (?P<low>-?\d+) and less than or equal to (?P<high>-?\d+)\."
)


def field_message(path: str, text: str) -> Message:
    """A marshmallow message about the field at ``path``, as one of the product's messages."""
    if not path:
        return Message("request.not_an_object")
    field = Field(path)
    if text in _FIXED:
        return Message(_FIXED[text], field=field)
    if match := _ONE_OF.fullmatch(text):
        return Message("field.choice", field=field, allowed=Either(match["allowed"].split(", ")))
    if match := _LONGER.fullmatch(text):
        return Message("field.max_length", field=field, limit=int(match["limit"]))
    if match := _RANGE.fullmatch(text):
        return Message("field.range", field=field, low=int(match["low"]), high=int(match["high"]))
    return Message("field.invalid", field=field, reason=text)


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
