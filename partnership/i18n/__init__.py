"""The reader's language (SPEC §10): which one, and the product's sentences written in it.

The domain says what it means as ``Message`` codes and values (``domain/messages.py``); this
package chooses the reader's language by one rule and renders each message in it, with
numbers, dates and lists formatted for that locale and people's own words kept in their own
direction. It needs no Flask: pages, the API and the emails of the worker all use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.vocabulary import LANGUAGES, RIGHT_TO_LEFT

DEFAULT = "en"
NAMES = {"en": "English", "es": "Español", "it": "Italiano", "sv": "Svenska", "ar": "العربية"}


def supported(tag: object) -> str | None:
    """The supported language a tag names by its primary subtag ("sv-SE", "SV", "sv_SE": sv)."""
    if not isinstance(tag, str):
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def from_accept_language(accepted: Iterable[tuple[str, float]]) -> str | None:
    """The first supported language of a browser's list, in the browser's order of preference.

    By primary subtag: "sv-SE, en-US;q=0.9" means Swedish, which an exact match would miss in
    favour of a later "en"."""
    for tag, quality in accepted:
        language = supported(tag)
        if language and quality > 0:
            return language
    return None


def choose(*preferences: str | None) -> str:
    """The first supported language among ``preferences``, in the order given, else English.

    Pages ask (the stored choice, the browser's); the API asks (Accept-Language, the token
    owner's stored choice); an email asks (the recipient's stored choice)."""
    for preference in preferences:
        language = supported(preference)
        if language:
            return language
    return DEFAULT


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


__all__ = ["DEFAULT", "LANGUAGES", "NAMES", "choose", "direction", "from_accept_language"]
