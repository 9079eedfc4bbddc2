"""Reading client statements: is a goal or directive an outcome, a constraint or a prescription?

`classify` returns the category with the reasons (the client's words that decided it) and, for
prescriptive text, a suggestion of how to restate it as an outcome. It works in English, Spanish,
Italian, Swedish and Arabic, detects the language when it is not given, uses only the standard
library, and takes well under a millisecond per statement. Definitions: shared/data/LABELS.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from .detect import SUPPORTED, detect_language
from .lexicon import load
from .rules import CATEGORIES, decide

__all__ = [
    "CATEGORIES",
    "SUPPORTED_LANGUAGES",
    "Reading",
    "classify",
    "detect_language",
    "preload",
]

SUPPORTED_LANGUAGES: tuple[str, ...] = SUPPORTED


@dataclass(frozen=True)
class Reading:
    """How a client statement reads, and why."""

    category: str  # "outcome" | "constraint" | "prescriptive"
    lang: str  # "en" | "es" | "it" | "sv" | "ar"
    reasons: tuple[str, ...]  # in English, quoting the client's words that decided
    suggestion: str | None  # for prescriptive text: how to restate it as an outcome, else None


def _checked_language(lang: object) -> str:
    """The supported language code `lang` names ("ES", "es-ES" and "es_ES" all give "es")."""
    if not isinstance(lang, str):
        raise ValueError(
            f"language must be a code such as 'en', not {type(lang).__name__}; "
            f"supported: {', '.join(SUPPORTED)}"
        )
    code = lang.strip().replace("_", "-").split("-")[0].lower()
    if code not in SUPPORTED:
        raise ValueError(
            f"unsupported language {lang!r}: use one of {', '.join(SUPPORTED)}, "
            "or leave it out to have it detected"
        )
    return code


def classify(text: str, lang: str | None = None) -> Reading:
    """Classify a client's goal or directive; detect its language unless `lang` is given.

    Never raises for any string `text`; raises ValueError for an unsupported `lang`.
    """
    code = detect_language(text) if lang is None else _checked_language(lang)
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    decision = decide(text, code)
    return Reading(decision.category, code, decision.reasons, decision.suggestion)


def preload() -> None:
    """Compile every lexicon now (about 0.2 s in all) instead of on each language's first use."""
    for code in SUPPORTED:
        load(code)
