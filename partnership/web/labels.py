"""Template filters: a product code as a word of the reader's, dates and times for the locale,
and people's own text isolated so that it keeps its own direction inside a translated sentence."""

from __future__ import annotations

from flask_babel import format_date, format_datetime
from markupsafe import Markup

from ..i18n.render import term
from .refusals import language


def label(value: object) -> str:
    return term(value, language()) if isinstance(value, str) else str(value)


def bdi(value: object) -> Markup:
    """A name, title or value inside a translated sentence, in its own direction: without it an
    English name in an Arabic sentence drags the commas and the date around it out of order."""
    return Markup("<bdi>%s</bdi>") % value if value not in (None, "") else Markup("")


def isolated(text: str) -> str:
    """Someone's text between Unicode isolates, for a sentence that is not markup (a flash)."""
    return f"\u2068{text}\u2069"


def datetime_filter(value) -> str:
    # isolated: an Arabic date ("28/10/2026، 10:00") next to a name must not reorder with it
    return bdi(format_datetime(value, "medium")) if value else ""


def date_filter(value) -> str:
    return bdi(format_date(value, "medium")) if value else ""
