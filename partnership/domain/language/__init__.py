"""Reading client statements: is a goal or directive an outcome, a constraint or a prescription?

`classify` returns the category with the reasons, as codes with the client's words that decided
(the English wording of the codes is in `wording.py`), and for prescriptive text a suggestion code.
A linear model fitted offline on the labelled corpus (`train.py`, shipped as `model.json`) decides
over lexicon cues, stemmed words and letter groups; it runs in plain Python, in English, Spanish,
Italian, Swedish and Arabic, and detects the language when it is not given. Definitions:
corpus/LABELS.md.
"""

from __future__ import annotations

from .detect import SUPPORTED, detect_language
from .lexicon import load
from .model import shipped
from .reader import Reading, Reason, read
from .rules import CATEGORIES

__all__ = [
    "CATEGORIES",
    "SUPPORTED_LANGUAGES",
    "Reading",
    "Reason",
    "classify",
    "detect_language",
    "preload",
]

SUPPORTED_LANGUAGES: tuple[str, ...] = SUPPORTED


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
    return read(text, code, shipped())


def preload() -> None:
    """Load the model and compile every lexicon now, instead of on first use."""
    shipped()
    for code in SUPPORTED:
        load(code)
        read("warm up", code, shipped())
