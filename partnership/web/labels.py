"""Template filters: a product code as a word of the reader's, dates and times for the locale."""

from __future__ import annotations

from flask_babel import format_date, format_datetime, format_decimal

from ..i18n.render import term
from .refusals import language


def label(value: object) -> str:
    return term(value, language()) if isinstance(value, str) else str(value)


def datetime_filter(value) -> str:
    return format_datetime(value, "medium") if value else ""


def date_filter(value) -> str:
    return format_date(value, "medium") if value else ""


def number_filter(value) -> str:
    return format_decimal(value)
