"""Template filters: a product code as a word of the reader's, dates and times for the locale,
and people's own text isolated so that it keeps its own direction inside a translated sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from babel.lists import format_list
from flask_babel import format_date, format_datetime, format_decimal
from markupsafe import Markup, escape

from ..domain.commitments import utc_date
from ..domain.messages import Message, Quote
from ..i18n.render import reading_words, term
from .refusals import language, say


def label(value: object) -> str:
    return term(value, language()) if isinstance(value, str) else str(value)


def item_name(kind: str, item: Any) -> Markup:
    """An item of a history as pages name it, in the reader's language: "the goal “Checkout”",
    "the directive of 12 March 2026" (the audit trail, the evidence behind a score)."""
    if kind == "phase":
        message = Message("item.phase", name=Quote.short(item.name, 40))
    elif kind == "directive":
        message = Message("item.directive", date=utc_date(item.created_at))
    elif kind == "review":
        message = Message(f"item.review.{item.side}")
    else:  # a goal, a commitment
        message = Message(f"item.{kind}", title=Quote.short(item.title, 40))
    return say(message)


def bdi(value: object) -> Markup:
    """A name, title or value inside a translated sentence, in its own direction: without it an
    English name in an Arabic sentence drags the commas and the date around it out of order."""
    return Markup("<bdi>%s</bdi>") % value if value not in (None, "") else Markup("")


def short(name: str, width: int = 24) -> str:
    """A name cut at a word to fit a label or an axis, with an ellipsis where it was cut."""
    if len(name) <= width:
        return name
    head = name[: width - 1]
    if name[width - 1] != " " and " " in head:  # the last word is cut: leave it out
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,.;:-") + "…"


def decimal(value: float) -> str:
    """A weight as the reader's locale writes it, two decimals: 0.75, 0,75."""
    return format_decimal(value, format="0.00")


def listing(items: Iterable[object]) -> Markup:
    """Items joined as the reader's language lists them ("a, b and c", "a وb وc")."""
    escaped = [str(escape(item)) for item in items]
    return Markup(format_list(escaped, locale=language())) if escaped else Markup("")


def evidence_link(
    source: str,
    phase_id: int,
    url: Callable[[str, int], str],
    label: Callable[[str], Markup],
) -> Markup:
    """An evidence item as a link named by what it is: "the directive of 12 March 2026"."""
    return Markup('<a href="%s" dir="auto">%s</a>') % (url(source, phase_id), label(source))


def isolated(text: str) -> str:
    """Someone's text between Unicode isolates, for a sentence that is not markup (a flash)."""
    return f"\u2068{text}\u2069"


def datetime_filter(value) -> str:
    # isolated: an Arabic date ("28/10/2026، 10:00") next to a name must not reorder with it
    return bdi(format_datetime(value, "medium")) if value else ""


def date_filter(value) -> str:
    return bdi(format_date(value, "medium")) if value else ""


def reasons_filter(item: object) -> list[str]:
    """A goal's or directive's stored reasons, in the reader's language, safe for the page."""
    return reading_words(getattr(item, "reasons", None) or (), None, language(), html=True)[0]


def suggestion_filter(item: object) -> str | None:
    return reading_words((), getattr(item, "suggestion", None), language(), html=True)[1]


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
