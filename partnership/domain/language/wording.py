"""A reading as messages, and as it is stored: codes and the client's words, never sentences.

The sentences of every reason and suggestion code are entries of ``partnership/i18n/catalog.py``
(``reason.<code>``, ``suggestion.<code>``), written in the reader's language at the edge
(SPEC §10). A goal's or directive's reading is stored as ``{"code", "quotes"}`` items and a
suggestion code; a reading stored before reasons were codes is a list of English sentences,
shown as they were written (``reason.legacy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..messages import Message, Quote
from .normalize import MAX_CHARS
from .reader import SUGGESTION_CODES, Reading, Reason


def reason_message(reason: Reason | Mapping[str, Any] | str) -> Message:
    """The message of one reason: a ``Reason``, its stored form, or a legacy sentence."""
    if isinstance(reason, str):
        return Message("reason.legacy", text=reason)
    if isinstance(reason, Reason):
        code, quotes = reason.code, reason.quotes
    else:
        code, quotes = str(reason.get("code")), tuple(reason.get("quotes") or ())
    return Message(f"reason.{code}", quotes=[Quote(q) for q in quotes], limit=MAX_CHARS)


def suggestion_message(suggestion: str | None) -> Message | None:
    """The message of a suggestion code (or of a legacy suggestion sentence)."""
    if not suggestion:
        return None
    if suggestion in SUGGESTION_CODES:
        return Message(f"suggestion.{suggestion}")
    return Message("reason.legacy", text=suggestion)


def stored(reading: Reading) -> tuple[list[dict[str, Any]], str | None]:
    """The reasons and suggestion of ``reading`` as a goal or directive keeps them."""
    reasons = [{"code": r.code, "quotes": list(r.quotes)} for r in reading.reasons]
    return reasons, reading.suggestion
