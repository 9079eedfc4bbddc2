"""Checks on user input that every entry point shares, before the database sees it.

PostgreSQL refuses NUL characters in text and integers past 64 bits while SQLite quietly
accepts both, so they are refused here with a message, on every database alike.
"""

from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email

from ..errors import Invalid

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_INT = 2**63 - 1


def text(
    value: object, field: str, *, max_length: int, required: bool = True, strip: bool = True
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(f"{field} must be text.", field=field)
    if strip:
        value = value.strip()
    if _CONTROL.search(value):
        raise Invalid(f"{field} contains control characters; remove them.", field=field)
    if required and not value:
        raise Invalid(f"{field} is required.", field=field)
    if len(value) > max_length:
        raise Invalid(
            f"{field} is {len(value)} characters long; at most {max_length} are allowed.",
            field=field,
        )
    return value


def email(value: object, field: str = "email") -> str:
    raw = text(value, field, max_length=254)
    try:
        # No DNS look-up: the app runs offline and imports addresses of other organisations.
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as error:
        raise Invalid(f"{field}: {error}", field=field) from None
    return result.normalized.lower()


def choice(value: object, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise Invalid(f"{field} must be one of {', '.join(allowed)}.", field=field)
    return value  # type: ignore[return-value]


def identifier(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_INT:
        raise Invalid(f"{field} must be a positive whole number.", field=field)
    return value


def planned_dates(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise Invalid("planned_end must not be before planned_start.", field="planned_end")
