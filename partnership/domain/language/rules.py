"""The rules engine: finds cues in a statement and decides outcome, constraint or prescriptive.

The words live in the lexicons; what each kind of cue means, the English sentence that explains
it, and the suggestion offered for prescriptive text live here, in one place (`KINDS`).

Decision, following `shared/data/LABELS.md`:
1. A named technology (or tool, or "use X instead of Y") is prescriptive, unless the statement
   gives a reason from the client's own world (existing system, IT or security policy, a law) and
   no personal taste: then it is a constraint.
2. Any other prescriptive cue makes the statement prescriptive, even beside an outcome or a
   constraint: the prescription is what the vendor must cope with.
3. Otherwise any constraint cue (law, budget, date, existing system, brand, data residency...)
   makes it a constraint, however bluntly put.
4. Otherwise it is an outcome, vague or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import load
from .normalize import MAX_CHARS, fold

OUTCOME, CONSTRAINT, PRESCRIPTIVE = "outcome", "constraint", "prescriptive"
CATEGORIES = (OUTCOME, CONSTRAINT, PRESCRIPTIVE)

# A quote longer than this is cut: a reason should point at words, not repeat the statement.
MAX_QUOTE = 80
# How many reasons of the deciding category are shown, and how many names per reason.
MAX_REASONS = 4
MAX_QUOTES_PER_REASON = 3
# A goal this short with no measure in it is called vague (still an outcome, per LABELS.md).
VAGUE_MAX_WORDS = 6

_SENTENCE_END = re.compile(r"[.!?;…]+(?=[\s\"')\]]|$)|\n+|\s[-–]\s")
_EDGE = " \t\n,.;:!?¿¡\"'()[]-"
_LEAD_EDGE = " \t\n,;:!?¿¡\"'()[]-"


@dataclass(frozen=True)
class Kind:
    """What a kind of cue means for the decision, and how it is explained."""

    category: str | None  # None: a cue that only adds a reason (taste, politeness, measures)
    template: str  # English; {quote} is the client's words
    suggestion: str | None = None
    technology: bool = False  # a name that a reason from the client's world turns into a constraint
    client_reason: bool = False  # a reason from the client's world that can justify a technology


_TECH_SUGGESTION = (
    "Say what the technology must achieve for your users or business (speed, cost, who will run "
    "it) and leave the choice to the vendor; if something in your world requires it, such as an "
    "existing system or an IT policy, write that reason instead."
)

KINDS: dict[str, Kind] = {
    # -- prescriptive: the vendor's own means ---------------------------------------------------
    "technology": Kind(
        PRESCRIPTIVE,
        "names a technology with no reason from your context: {quote}",
        _TECH_SUGGESTION,
        technology=True,
    ),
    "architecture": Kind(
        PRESCRIPTIVE,
        "dictates an architecture or design pattern: {quote}",
        "Describe the behaviour you need (how fast, how often, for whom) and leave the "
        "architecture to the vendor.",
        technology=True,
    ),
    "substitution": Kind(
        PRESCRIPTIVE,
        "asks to swap one technology for another: {quote}",
        _TECH_SUGGESTION,
        technology=True,
    ),
    "use_named": Kind(
        PRESCRIPTIVE,
        "tells the vendor which product to build with: {quote}",
        _TECH_SUGGESTION,
        technology=True,
    ),
    "tool": Kind(
        PRESCRIPTIVE,
        "chooses the tools the vendor works with: {quote}",
        "Say what you need to see or follow (e.g. 'I can see the status of every task at any "
        "time') and let the vendor choose its own tools.",
        technology=True,
    ),
    "staffing": Kind(
        PRESCRIPTIVE,
        "decides who on the vendor's team does what: {quote}",
        "Describe the quality or speed you need (e.g. 'defects are fixed within two working "
        "days') and let the vendor staff its own team.",
    ),
    "working_hours": Kind(
        PRESCRIPTIVE,
        "sets the vendor team's working hours: {quote}",
        "Say how quickly you need an answer (e.g. 'urgent questions are answered within an hour "
        "during our office hours') instead of setting the team's hours.",
    ),
    "reporting": Kind(
        PRESCRIPTIVE,
        "sets a reporting frequency: {quote}",
        "Agree on what you need to know and when (e.g. 'I hear of any risk to the date the day "
        "it is known, and get a short written summary each week').",
    ),
    "supervision": Kind(
        PRESCRIPTIVE,
        "supervises the vendor's people directly: {quote}",
        "Agree on what you need to know and when (e.g. 'a weekly demo of what works'), and "
        "leave the running of the team to the vendor.",
    ),
    "task_order": Kind(
        PRESCRIPTIVE,
        "dictates the order of the vendor's tasks: {quote}",
        "Say which result you need first and why (e.g. 'finance can run the monthly reports "
        "by 1 March'), and let the vendor plan the work.",
    ),
    "process": Kind(
        PRESCRIPTIVE,
        "dictates the vendor's way of working, step by step: {quote}",
        "Say what you need to approve and by when (e.g. 'our users accept the checkout "
        "screens before launch'), and leave the working method to the vendor.",
    ),
    "code_review": Kind(
        PRESCRIPTIVE,
        "puts you in charge of the vendor's code review: {quote}",
        "State the quality you need (e.g. 'no release breaks a feature that worked before') "
        "and let the vendor run its own reviews.",
    ),
    "structure": Kind(
        PRESCRIPTIVE,
        "dictates how the code is structured or where it lives: {quote}",
        "Describe the behaviour you need (e.g. 'discounts are always applied correctly and the "
        "page answers within a second') and leave the code's structure to the vendor.",
    ),
    "naming": Kind(
        PRESCRIPTIVE,
        "sets a naming convention for the vendor's code: {quote}",
        "If your people must read something, say so as a need (e.g. 'our analysts can read "
        "every report in Italian') and leave naming in the code to the vendor.",
    ),
    "methodology": Kind(
        PRESCRIPTIVE,
        "dictates the vendor's engineering method: {quote}",
        "State the quality you need (e.g. 'no defect found in testing reaches production') and "
        "leave testing and methods to the vendor.",
    ),
    # -- constraint: boundaries from the client's world -----------------------------------------
    "regulation": Kind(CONSTRAINT, "states a compliance rule: {quote}", client_reason=True),
    "accessibility": Kind(
        CONSTRAINT, "sets an accessibility standard: {quote}", client_reason=True
    ),
    "security": Kind(CONSTRAINT, "states a security or IT policy: {quote}", client_reason=True),
    "residency": Kind(CONSTRAINT, "says where data may live: {quote}", client_reason=True),
    "existing": Kind(
        CONSTRAINT, "requires an existing system of yours: {quote}", client_reason=True
    ),
    "client_context": Kind(
        CONSTRAINT, "gives a reason from your own organisation: {quote}", client_reason=True
    ),
    "public_body": Kind(
        CONSTRAINT, "follows from your status as a public body: {quote}", client_reason=True
    ),
    "budget": Kind(CONSTRAINT, "sets a budget cap: {quote}"),
    "deadline": Kind(CONSTRAINT, "sets a date or deadline: {quote}"),
    "freeze": Kind(CONSTRAINT, "states an operational rule of yours: {quote}"),
    "brand": Kind(CONSTRAINT, "requires your brand standards: {quote}"),
    # -- modifiers: they explain, they do not decide --------------------------------------------
    "taste": Kind(None, "gives personal taste as the reason: {quote}"),
    "polite": Kind(None, "is politely put, which does not change what it asks: {quote}"),
    "open_means": Kind(None, "leaves the means to the vendor explicitly: {quote}"),
    "measure": Kind(None, "sets a measurable criterion: {quote}"),
    "capability": Kind(None, "describes a result or a capability: {quote}"),
}

_CONVERTED = "names a technology for a reason from your own world: {quote}"
_OUTCOME_DEFAULT = "states a result and leaves the means to the vendor"
_VAGUE = "is vague, but vague is not prescriptive: it names no means, only a wish"
_EMPTY = "nothing was written: there is no means in it, so it is read as an (empty) outcome"
_TRUNCATED = f"only the first {MAX_CHARS:,} characters were read"
_MIXED = (
    "also states a result or a boundary, but the prescription is what the vendor must cope with"
)
_KEEP_RESULT = "Keep the result you describe and drop the means. "

# The order reasons are shown in: the deciding cues first.
_ORDER = {kind: index for index, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Cue:
    """One kind of cue found in a statement, with the client's words that showed it."""

    kind: str
    quotes: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class Decision:
    """What the rules decided, before it becomes a public `Reading`."""

    category: str
    reasons: tuple[str, ...]
    suggestion: str | None


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


def find_cues(text: str, lang: str) -> list[Cue]:
    """All cues of `lang`'s lexicon found in `text`, one `Cue` per kind, in reading order."""
    folded, offsets = fold(text)
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
    for s_start, s_end in _sentences(folded):
        spans = compiled.matches(folded, s_start, s_end)
        if not spans:
            continue
        for kind, (any_set, rules) in compiled.kinds.items():
            if any_set is not None:
                for start, end in spans.get(any_set, ()):
                    add(kind, start, end)
            for groups in rules:
                firsts = [spans[g][0] for g in groups if g in spans]
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
        for start, end in sorted(spans):
            quote = _quote(text, offsets, start, end)
            if quote and quote.casefold() not in (q.casefold() for q in quotes):
                quotes.append(quote)
        if quotes:
            position = min(start for start, _ in spans)
            cues.append(Cue(kind, tuple(quotes[:MAX_QUOTES_PER_REASON]), position))
    return sorted(cues, key=lambda cue: (_ORDER.get(cue.kind, 99), cue.position))


def _say(template: str, cue: Cue) -> str:
    return template.format(quote=", ".join(f"'{q}'" for q in cue.quotes))


def decide(text: str, lang: str) -> Decision:
    """Classify `text` written in `lang` (a supported code) and explain why."""
    if not fold(text)[0].strip():  # blank, or only control characters such as NUL
        return Decision(OUTCOME, (_EMPTY,), None)
    cues = [cue for cue in find_cues(text, lang) if cue.kind in KINDS]
    kinds = {cue.kind for cue in cues}
    extra = (_TRUNCATED,) if len(text) > MAX_CHARS else ()
    justified = any(KINDS[k].client_reason for k in kinds) and "taste" not in kinds

    prescriptive, converted, constraint, notes = [], [], [], []
    for cue in cues:
        kind = KINDS[cue.kind]
        if kind.category == PRESCRIPTIVE:
            (converted if kind.technology and justified else prescriptive).append(cue)
        elif kind.category == CONSTRAINT:
            constraint.append(cue)
        else:
            notes.append(cue)

    if prescriptive:
        reasons = [_say(KINDS[c.kind].template, c) for c in prescriptive[:MAX_REASONS]]
        reasons += [_say(KINDS[c.kind].template, c) for c in notes if c.kind in ("taste", "polite")]
        outcome_part = any(c.kind in ("capability", "measure") for c in notes)
        if constraint or converted or outcome_part:
            reasons.append(_MIXED)
        suggestion = _suggest(prescriptive, outcome_part)
        return Decision(PRESCRIPTIVE, tuple(reasons) + extra, suggestion)

    if constraint or converted:
        reasons = []
        if converted:  # one reason for every technology the client's world justifies
            names = tuple(dict.fromkeys(q for c in converted for q in c.quotes))
            reasons.append(_say(_CONVERTED, Cue("technology", names[:MAX_QUOTES_PER_REASON], 0)))
        reasons += [_say(KINDS[c.kind].template, c) for c in constraint[:MAX_REASONS]]
        return Decision(CONSTRAINT, tuple(reasons) + extra, None)

    reasons = [_OUTCOME_DEFAULT]
    reasons += [
        _say(KINDS[c.kind].template, c)
        for c in notes
        if c.kind in ("measure", "capability", "open_means")
    ]
    if "measure" not in kinds and len(text.split()) <= VAGUE_MAX_WORDS:
        reasons.append(_VAGUE)
    return Decision(OUTCOME, tuple(reasons) + extra, None)


def _suggest(prescriptive: list[Cue], outcome_part: bool) -> str:
    seen: list[str] = []
    for cue in prescriptive:
        suggestion = KINDS[cue.kind].suggestion
        if suggestion and suggestion not in seen:
            seen.append(suggestion)
    text = " ".join(seen[:2])
    return (_KEEP_RESULT + text) if outcome_part else text
