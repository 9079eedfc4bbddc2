"""Errors that services raise and both the pages and the API turn into answers (SPEC §7)."""

from __future__ import annotations


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}


class NotFound(AppError):
    """Missing, or not yours: one message for both, so that an outsider cannot tell them apart
    (SPEC §3: non-members learn nothing, not even that a thing exists)."""

    status = 404
    code = "not_found"
    MESSAGE = "Nothing here, or you are not a member of the partnership it belongs to."

    def __init__(self, message: str = MESSAGE, *, field: str | None = None) -> None:
        super().__init__(message, field=field)


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class Conflict(AppError):
    status = 409
    code = "conflict"


class Invalid(AppError):
    """A field's value is not acceptable; ``field`` names it."""

    status = 422
    code = "invalid_field"
