"""Template filters: a product code as a word of the reader's, dates and times for the locale."""

from __future__ import annotations

from flask_babel import format_date, format_datetime

from ..i18n.render import reading_words, term
from .refusals import language


def label(value: object) -> str:
    return term(value, language()) if isinstance(value, str) else str(value)


def datetime_filter(value) -> str:
    return format_datetime(value, "medium") if value else ""


def date_filter(value) -> str:
    return format_date(value, "medium") if value else ""


def reasons_filter(item: object) -> list[str]:
    """A goal's or directive's stored reasons, in the reader's language, safe for the page."""
    return reading_words(getattr(item, "reasons", None) or (), None, language(), html=True)[0]


def suggestion_filter(item: object) -> str | None:
    return reading_words((), getattr(item, "suggestion", None), language(), html=True)[1]
