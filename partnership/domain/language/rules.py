"""The cue finder: the kinds of cue the lexicons name (staffing, budget, ...) found in a statement.

The words live in the lexicons, one file per language; what each kind of cue stands for (its
category and the reason and suggestion codes a reading gives it) lives here, in `KINDS`. The cues
are features of the statement model (`features.py`) and the reasons it quotes (`reader.py`); the
model, not these rules, decides the category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import load
from .normalize import fold

OUTCOME, CONSTRAINT, PRESCRIPTIVE = "outcome", "constraint", "prescriptive"
CATEGORIES = (OUTCOME, CONSTRAINT, PRESCRIPTIVE)

# A quote longer than this is cut: a reason should point at words, not repeat the statement.
MAX_QUOTE = 80
# How many quotes a cue keeps.
MAX_QUOTES_PER_REASON = 3

_SENTENCE_END = re.compile(r"[.!?;…]+(?=[\s\"')\]]|$)|\n+|\s[-–]\s")
_EDGE = " \t\n,.;:!?¿¡\"'()[]-"
_LEAD_EDGE = " \t\n,;:!?¿¡\"'()[]-"


@dataclass(frozen=True)
class Kind:
    """What a kind of cue stands for: its category, and the codes a reading gives it."""

    category: str | None  # None: a cue that only adds a reason (taste, politeness, measures)
    reason: str  # the reason code (its wording is in wording.py)
    suggestion: str | None = None  # the suggestion code, for prescriptive kinds
    technology: bool = False  # a name that a reason from the client's world turns into a constraint
    client_reason: bool = False  # a reason from the client's world that can justify a technology


KINDS: dict[str, Kind] = {
    # -- prescriptive: the vendor's own means ---------------------------------------------------
    "technology": Kind(PRESCRIPTIVE, "tech_choice", "tech_choice", technology=True),
    "architecture": Kind(PRESCRIPTIVE, "architecture", "architecture", technology=True),
    "substitution": Kind(PRESCRIPTIVE, "tech_swap", "tech_choice", technology=True),
    "use_named": Kind(PRESCRIPTIVE, "tech_named", "tech_choice", technology=True),
    "tool": Kind(PRESCRIPTIVE, "tools", "tools", technology=True),
    "staffing": Kind(PRESCRIPTIVE, "staffing", "staffing"),
    "working_hours": Kind(PRESCRIPTIVE, "working_hours", "working_hours"),
    "reporting": Kind(PRESCRIPTIVE, "reporting", "reporting"),
    "supervision": Kind(PRESCRIPTIVE, "supervision", "supervision"),
    "task_order": Kind(PRESCRIPTIVE, "task_order", "task_order"),
    "process": Kind(PRESCRIPTIVE, "steps", "steps"),
    "code_review": Kind(PRESCRIPTIVE, "client_review", "client_review"),
    "structure": Kind(PRESCRIPTIVE, "code_structure", "code_structure"),
    "naming": Kind(PRESCRIPTIVE, "naming", "naming"),
    "methodology": Kind(PRESCRIPTIVE, "method", "method"),
    # -- constraint: boundaries from the client's world -----------------------------------------
    "regulation": Kind(CONSTRAINT, "law", client_reason=True),
    "accessibility": Kind(CONSTRAINT, "accessibility", client_reason=True),
    "security": Kind(CONSTRAINT, "security_policy", client_reason=True),
    "residency": Kind(CONSTRAINT, "data_location", client_reason=True),
    "existing": Kind(CONSTRAINT, "existing_system", client_reason=True),
    "client_context": Kind(CONSTRAINT, "client_context", client_reason=True),
    "public_body": Kind(CONSTRAINT, "public_body", client_reason=True),
    "budget": Kind(CONSTRAINT, "budget"),
    "deadline": Kind(CONSTRAINT, "deadline"),
    "freeze": Kind(CONSTRAINT, "operations"),
    "brand": Kind(CONSTRAINT, "brand"),
    # -- modifiers: they explain, they do not decide --------------------------------------------
    "taste": Kind(None, "taste"),
    "polite": Kind(None, "polite"),
    "open_means": Kind(None, "open_means"),
    "measure": Kind(None, "measure"),
    "capability": Kind(None, "capability"),
}

# The order reasons are shown in: the deciding cues first.
_ORDER = {kind: index for index, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Cue:
    """One kind of cue found in a statement, with the client's words that showed it."""

    kind: str
    quotes: tuple[str, ...]
    position: int
    spans: tuple[tuple[int, int], ...] = ()  # where the quotes are in the statement as written


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _quote(original: str, offsets: list[int] | None, start: int, end: int) -> str:
    if offsets is not None:
        if not offsets or start >= len(offsets):
            return ""
        start, end = offsets[start], offsets[max(start, end - 1)] + 1
    words = " ".join(original[start:end].split()).lstrip(_LEAD_EDGE).rstrip(_EDGE)
    if len(words) > MAX_QUOTE:
        words = words[: MAX_QUOTE - 1].rstrip() + "…"
    return words


def _original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Where folded characters `start:end` came from in the statement as written."""
    if offsets is None:
        return start, end
    if not offsets or start >= len(offsets):
        return 0, 0
    return offsets[start], offsets[max(start, end - 1)] + 1


def find_cues(
    text: str, lang: str, folded: tuple[str, list[int] | None] | None = None
) -> list[Cue]:
    """All cues of `lang`'s lexicon found in `text`, one `Cue` per kind, in reading order.

    `folded` is `fold(text)` when the caller has it already.
    """
    folded_text, offsets = fold(text) if folded is None else folded
    spans_of: dict[str, list[tuple[int, int]]] = {}

    def add(kind: str, start: int, end: int) -> None:
        spans = spans_of.setdefault(kind, [])
        for n, (s, e) in enumerate(spans):
            if start < e and s < end:  # overlapping words: keep the longer quote
                if end - start > e - s:
                    spans[n] = (start, end)
                return
        spans.append((start, end))

    compiled = load(lang)
    for s_start, s_end in _sentences(folded_text):
        matched = compiled.matches(folded_text, s_start, s_end)
        if not matched:
            continue
        for kind, (any_set, rules) in compiled.kinds.items():
            if any_set is not None:
                for start, end in matched.get(any_set, ()):
                    add(kind, start, end)
            for groups in rules:
                if groups[0] not in matched:  # every group must match: most rules fail here
                    continue
                firsts = [matched[g][0] for g in groups if g in matched]
                if len(firsts) < len(groups):
                    continue
                start = min(span[0] for span in firsts)
                end = max(span[1] for span in firsts)
                if end - start > MAX_QUOTE:
                    start, end = firsts[0]
                add(kind, start, end)
    cues = []
    for kind, spans in spans_of.items():
        quotes: list[str] = []
        originals: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            quote = _quote(text, offsets, start, end)
            if quote and quote.casefold() not in (q.casefold() for q in quotes):
                quotes.append(quote)
                originals.append(_original_span(offsets, start, end))
        if quotes:
            position = min(start for start, _ in spans)
            cue = Cue(kind, tuple(quotes[:MAX_QUOTES_PER_REASON]), position, tuple(originals))
            cues.append(cue)
    return sorted(cues, key=lambda cue: (_ORDER.get(cue.kind, 99), cue.position))
