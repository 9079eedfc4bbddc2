"""Write a ``Message`` in a reader's language: the catalog's sentence, translated, with its
values formatted for the locale.

People's own words keep their own direction inside a translated sentence: on a page they sit
in ``<bdi>``, in text for a right-to-left reader between Unicode isolates (U+2068 … U+2069),
so that an English name in an Arabic sentence neither reorders the sentence nor drags its
full stop to the wrong end.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from ..config import ROOT
from ..domain.messages import Either, Field, Message, Percent, Quote, Term
from . import DEFAULT, direction
from .catalog import MESSAGES
from .markers import Plural
from .terms import ACTIONS, FIELDS, TERMS

TRANSLATIONS = ROOT / "partnership" / "translations"
# Quotation marks as each language writes them.
QUOTES = {"en": ("“", "”"), "es": ("«", "»"), "it": ("«", "»"), "sv": ("”", "”"), "ar": ("«", "»")}
FSI, PDI = "\u2068", "\u2069"


@functools.cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [language])


def gettext(text: str, language: str) -> str:
    return translations(language).gettext(text)


def term(code: str, language: str) -> str:
    """A product code as a word of the reader's: ``fixed_price`` → "fixed price"."""
    words = TERMS.get(code) or ACTIONS.get(code)
    return gettext(words, language) if words else code


def field(name: str, language: str) -> str:
    """A field's label: ``due_date`` → "due date" (``ratings.autonomy`` → "autonomy")."""
    head, _, tail = name.partition(".")
    if head in ("ratings",) and tail:
        return term(tail, language)
    words = FIELDS.get(head)
    return gettext(words, language) if words else name


def render(message: Message, language: str, *, html: bool = False) -> str:
    """The message in ``language``; with ``html``, markup-safe with values escaped."""
    template = MESSAGES.get(message.id)
    values = {key: _value(value, language, html) for key, value in message.params.items()}
    t = translations(language)
    if template is None:
        # A code with no sentence is a bug, but the reader still gets something readable.
        text = message.id
    elif isinstance(template, Plural):
        count = message.params.get(template.count, 0)
        text = t.ngettext(template.singular, template.plural, count)
    else:
        text = t.gettext(template)
    if html:
        return Markup(escape(text) % values) if values else Markup(escape(text))
    text = text % values if values else text
    # a translation may isolate a value itself ("⁨%(name)s⁩"): one isolate is enough
    return text.replace(FSI + FSI, FSI).replace(PDI + PDI, PDI)


def _value(value: Any, language: str, html: bool) -> Any:
    if isinstance(value, Message):
        return render(value, language, html=html)
    if isinstance(value, Quote):
        start, end = QUOTES.get(language, QUOTES[DEFAULT])
        return _join(start, _own(str(value), language, html), end, html)
    if isinstance(value, Term):
        return term(str(value), language)
    if isinstance(value, Field):
        return field(str(value), language)
    if isinstance(value, Percent):
        return _percent(float(value), language)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number(value, language)
    if isinstance(value, datetime):
        return _own(_moment(value, language), language, html)
    if isinstance(value, date):
        return _own(_day(value, language), language, html)
    if isinstance(value, Either):
        items = [str(_value(v, language, html)) for v in value]
        return _list(items, "or", language, html)
    if isinstance(value, list | tuple):
        items = [str(_value(v, language, html)) for v in value]
        return _list(items, "standard", language, html)
    return _own(str(value), language, html)


# Counts, days and dates repeat across thousands of evidence sentences: format each once.
@functools.lru_cache(maxsize=4096)
def _number(value: float, language: str) -> str:
    return format_decimal(value, locale=language)


@functools.lru_cache(maxsize=1024)
def _percent(value: float, language: str) -> str:
    return format_percent(value, locale=language)


@functools.lru_cache(maxsize=4096)
def _day(value: date, language: str) -> str:
    # "long" in a sentence: "3 de marzo de 2026", "3 مارس 2026"; the medium form is digits in
    # some locales (Arabic "03/03/2026", with marks), ambiguous and easily reordered.
    return format_date(value, "long", locale=language)


@functools.lru_cache(maxsize=4096)
def _moment(value: datetime, language: str) -> str:
    return format_datetime(value, "medium", locale=language)


def _own(text: str, language: str, html: bool) -> Any:
    """Someone's own text, isolated so that it keeps its own direction."""
    if html:
        return Markup("<bdi>%s</bdi>") % text
    return f"{FSI}{text}{PDI}" if direction(language) == "rtl" else text


def _join(start: str, middle: Any, end: str, html: bool) -> Any:
    return Markup(start) + middle + Markup(end) if html else f"{start}{middle}{end}"


def _list(items: list[str], style: Literal["standard", "or"], language: str, html: bool) -> Any:
    if not items:
        return ""
    joined = format_list(items, style=style, locale=language)
    # The items were escaped one by one; the list's own words ("and", "or") are the locale's.
    return Markup(joined) if html else joined


def reading_words(
    reasons: Iterable[Any], suggestion: str | None, language: str, *, html: bool = False
) -> tuple[list[str], str | None]:
    """A reading's reasons and suggestion (as stored, or as the reader gave them) in words."""
    from ..domain.language.wording import reason_message, suggestion_message

    said = [render(reason_message(reason), language, html=html) for reason in reasons or ()]
    advice = suggestion_message(suggestion)
    return said, render(advice, language, html=html) if advice else None


def reading_in(reading: Any, language: str) -> dict[str, Any]:
    """A fresh reading (``domain.language.Reading``) as the API and the live hint show it."""
    reasons, suggestion = reading_words(reading.reasons, reading.suggestion, language)
    return {
        "category": reading.category,
        "lang": reading.lang,
        "reasons": reasons,
        "suggestion": suggestion,
    }
