"""Template filters: a product code as a word of the reader's, dates and times for the locale."""

from __future__ import annotations

import re

from flask_babel import format_date, format_datetime, format_decimal
from markupsafe import Markup, escape

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


def highlight(text: str, words: str, around: int = 120) -> Markup:
    """``text`` with the places ``words`` occur marked (``<mark>``); a long text is cut to the
    ``around`` characters on each side of the first place, with an ellipsis where it is cut."""
    if not words:
        return escape(text)
    pattern = re.compile(re.escape(words), re.IGNORECASE)
    first = pattern.search(text)
    start, end = 0, len(text)
    if first and len(text) > 2 * around + len(words):
        start, end = max(0, first.start() - around), min(len(text), first.end() + around)
    window = text[start:end]
    marked, last = [], 0
    for match in pattern.finditer(window):
        marked += [escape(window[last : match.start()]), Markup("<mark>"), escape(match.group())]
        marked.append(Markup("</mark>"))
        last = match.end()
    marked.append(escape(window[last:]))
    return Markup("").join([Markup("…") if start else Markup(""), *marked]) + (
        Markup("…") if end < len(text) else Markup("")
    )


def bdi(text: object) -> Markup:
    """Someone's words isolated in their own direction, inside a sentence of the page's."""
    return Markup("<bdi>{}</bdi>").format(text)
