"""Checks on user input that every entry point shares, before the database sees it.

PostgreSQL refuses NUL characters and lone surrogates in text and integers past its columns
(32 bits for ids), while SQLite quietly accepts all three, so they are refused here with a
message, on every database alike.
"""

from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email

from ..domain.messages import Either
from ..domain.vocabulary import FIRST_YEAR, LAST_YEAR, MAX_EMAIL, MAX_ID, MAX_TEXT
from ..errors import Invalid

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
MAX_INT = MAX_ID  # the older name, kept for code that still says it


def text(
    value: object,
    field: str,
    *,
    max_length: int = MAX_TEXT,
    required: bool = True,
    strip: bool = True,
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid.of("field.not_text", field)
    if strip:
        value = value.strip()
    if _CONTROL.search(value):
        raise Invalid.of("field.control_characters", field)
    if _SURROGATE.search(value):
        raise Invalid.of("field.unpaired_surrogate", field)
    if required and not value:
        raise Invalid.of("field.required", field)
    if len(value) > max_length:
        raise Invalid.of("field.too_long", field, length=len(value), limit=max_length)
    return value


def email(value: object, field: str = "email") -> str:
    raw = text(value, field, max_length=MAX_EMAIL)
    try:
        # No DNS look-up: the app runs offline and imports addresses of other organisations.
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        # email_validator explains in English only; the reader gets the rule in their language
        raise Invalid.of("field.email", field) from None
    return result.normalized.lower()


def choice(value: object, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise Invalid.of("field.choice", field, allowed=Either(allowed))
    return value


def identifier(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise Invalid.of("field.whole_number", field)
    return value


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid.of("field.boolean", field)
    return value


def day(value: object, field: str) -> date:
    """A date someone entered: a real date, within the years a plan can mean."""
    if not isinstance(value, date):
        raise Invalid.of("field.date", field)
    if not date(FIRST_YEAR, 1, 1) <= value <= date(LAST_YEAR, 12, 31):
        raise Invalid.of("field.date_range", field, first=str(FIRST_YEAR), last=str(LAST_YEAR))
    return value


def planned_dates(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise Invalid("field.end_before_start", field="planned_end")
