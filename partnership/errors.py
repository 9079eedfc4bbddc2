"""Errors that services raise and both the pages and the API turn into answers (SPEC §7).

An error carries a ``Message`` (a code and its values), not a sentence: the page or the API
writes it in the reader's language. ``field`` names the field at fault by its API name
(``due_date``, ``ratings.autonomy``); pages show it next to that field.
"""

from __future__ import annotations

from typing import Any

from .domain.messages import Field, Message


class AppError(Exception):
    status = 400
    code = "bad_request"
    default = "request.bad_request"

    def __init__(
        self, message: Message | str | None = None, /, *, field: str | None = None, **params: Any
    ) -> None:
        if message is None:
            message = Message(self.default, **params)
        elif isinstance(message, str):
            message = Message(message, **params)
        super().__init__(message.id)
        self.message = message
        self.field = field

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        from .i18n.render import render

        error: dict[str, Any] = {"code": self.code, "message": render(self.message, language)}
        if self.field:
            error["field"] = self.field
        return {"error": error}


class NotFound(AppError):
    """Missing, or not yours: one message for both, so that an outsider cannot tell them apart
    (SPEC §3: non-members learn nothing, not even that a thing exists)."""

    status = 404
    code = "not_found"
    default = "request.not_found"


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    default = "policy.default"


class Conflict(AppError):
    status = 409
    code = "conflict"


class Invalid(AppError):
    """A field's value is not acceptable; ``field`` names it."""

    status = 422
    code = "invalid_field"

    @classmethod
    def of(cls, id: str, field: str, **params: Any) -> Invalid:
        """The error ``id`` about ``field``, which the sentence names by its label."""
        return cls(Message(id, field=Field(field), **params), field=field)
