"""Markers that tell ``pybabel extract`` which strings to translate, without translating them.

``N_("...")`` marks a sentence; ``NP_("one ...", "%(count)s ...", "count")`` marks a sentence
with plural forms, chosen by the number in the named parameter. The strings are translated
when a message is rendered, in the reader's language (``render.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:
    return text


@dataclass(frozen=True)
class Plural:
    singular: str
    plural: str
    count: str  # the parameter whose number chooses the form


def NP_(singular: str, plural: str, count: str = "count") -> Plural:
    return Plural(singular, plural, count)
