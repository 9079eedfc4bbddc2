"""Reading one statement: the model decides the category, the cues and words explain it.

The category is the one the fitted model (`model.py`) scores highest. The reasons are codes, each
with the client's words that decided, quoted as written:
- the cues (from the lexicons) of the chosen category that pushed the model towards it, under
  their own codes ("staffing", "deadline"...);
- then the words that pushed it most (`words`), when the cues leave any of them unquoted, or
  there is no cue at all;
- and notes without which the reading would mislead: "mixed", "vague", "truncated", "empty".
The wording of each code, in English, is in `wording.py`; the edge translates it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .features import Features, Span, extract
from .model import Model
from .normalize import MAX_CHARS, fold
from .rules import CONSTRAINT, KINDS, OUTCOME, PRESCRIPTIVE, Cue, find_cues

# A quote longer than this is cut at a word: a reason points at words, it does not repeat them.
MAX_QUOTE = 80
# How many cue reasons are shown, and how many quotes the `words` reason has at most.
MAX_CUE_REASONS = 3
MAX_WORD_QUOTES = 3
# Words this short ("le", "we", "في") are not quoted on their own: they explain nothing to a reader.
MIN_QUOTED_WORD = 2
# A statement this short with no measure in it is called vague (still an outcome, LABELS.md).
VAGUE_MAX_WORDS = 6
# Characters a quote does not start or end with.
_EDGE = " \t\r\n,.;:!?¿¡\"'()[]-–—*«»“”‘’،؛؟"

# Codes of the reasons that are not cue kinds.
EMPTY, WORDS, RESULT, VAGUE, MIXED, TRUNCATED, TECH_JUSTIFIED = (
    "empty",
    "words",
    "result",
    "vague",
    "mixed",
    "truncated",
    "tech_justified",
)
# The suggestion for prescriptive text that no cue explains.
RESTATE = "restate"
# The kinds of statement the corpus names (`sub`), as the reason and suggestion codes they give
# when the model, not a lexicon cue, found the prescription or the constraint.
KIND_CODES: dict[str, tuple[str, str | None]] = {
    "client-approval": ("client_review", "client_review"),
    "code-structure": ("code_structure", "code_structure"),
    "hours-meetings": ("working_hours", "working_hours"),
    "pairing": ("pairing", "staffing"),
    "reporting": ("reporting", "reporting"),
    "staffing": ("staffing", "staffing"),
    "steps": ("steps", "steps"),
    "task-order": ("task_order", "task_order"),
    "tech-choice": ("tech_choice", "tech_choice"),
    "test-approach": ("method", "method"),
    "tools-process": ("tools", "tools"),
    "approved-hosting": ("approved_hosting", None),
    "brand-a11y": ("brand", None),
    "budget": ("budget", None),
    "data-location": ("data_location", None),
    "date": ("deadline", None),
    "deploy-window": ("operations", None),
    "existing-system": ("existing_system", None),
    "law": ("law", None),
    "security-policy": ("security_policy", None),
}
# Every code a reading can carry (wording.py words each of them; a test checks it).
REASON_CODES = frozenset(
    {kind.reason for kind in KINDS.values()}
    | {reason for reason, _ in KIND_CODES.values()}
    | {EMPTY, WORDS, RESULT, VAGUE, MIXED, TRUNCATED, TECH_JUSTIFIED}
)
SUGGESTION_CODES = frozenset(
    {kind.suggestion for kind in KINDS.values() if kind.suggestion}
    | {suggestion for _, suggestion in KIND_CODES.values() if suggestion}
    | {RESTATE}
)
# Modifier cues shown beside a prescription: they explain, they do not decide.
_PRESCRIPTIVE_NOTES = ("taste", "polite")
_OUTCOME_NOTES = ("capability", "measure", "open_means")


@dataclass(frozen=True)
class Reason:
    """Why a statement reads as it does: a stable code, and the client's words that showed it."""

    code: str  # e.g. "staffing", "deadline", "words"; wording in wording.py
    quotes: tuple[str, ...]  # substrings of the statement as written (may be empty)


@dataclass(frozen=True)
class Reading:
    """How a client statement reads, and why."""

    category: str  # "outcome" | "constraint" | "prescriptive"
    lang: str  # "en" | "es" | "it" | "sv" | "ar"
    reasons: tuple[Reason, ...]
    suggestion: str | None  # for prescriptive text, a suggestion code; else None


def quote(text: str, span: Span) -> str:
    """The words of `text` in `span`, trimmed of punctuation, cut at a word if too long."""
    words = text[span[0] : span[1]].strip(_EDGE)
    if len(words) > MAX_QUOTE:
        cut = words.rfind(" ", 0, MAX_QUOTE)
        words = words[: cut if cut > 0 else MAX_QUOTE].rstrip(_EDGE)
    return words


def _quotes(text: str, spans: list[Span] | tuple[Span, ...], limit: int) -> tuple[str, ...]:
    out: list[str] = []
    for span in spans:
        words = quote(text, span)
        if words and words.casefold() not in (q.casefold() for q in out):
            out.append(words)
        if len(out) == limit:
            break
    return tuple(out)


def read(text: str, lang: str, model: Model) -> Reading:
    """Read `text`, written in the supported language `lang`, with `model`."""
    head = text[:MAX_CHARS]
    folded = fold(head)
    if not folded[0].strip():  # blank, or only control characters such as NUL
        return Reading(OUTCOME, lang, (Reason(EMPTY, ()),), None)
    cues = find_cues(head, lang, folded)
    features = extract(head, lang, cues, folded)
    scores, present = model.score(features)
    order = sorted(range(len(scores)), key=lambda k: -scores[k])
    best, runner = order[0], order[1]
    category = model.classes[best]

    # How much each feature pushed the chosen category past the runner-up.
    push = {name: value * (row[best] - row[runner]) for name, value, row in present}
    reasons = _cue_reasons(head, category, cues, push)
    words = _word_reason(head, features, push, reasons)
    suggestion = _suggestion(category, cues, push)
    if words and category != OUTCOME and not _decided_by_cues(category, reasons):
        # No cue of its own category explains it: the kinds model names what kind it is.
        kinds = model.kinds.get(category) if model.kinds else None
        kind = kinds.best(present) if kinds else None
        if kind in KIND_CODES:
            words = [Reason(KIND_CODES[kind][0], words[0].quotes)]
            if category == PRESCRIPTIVE and suggestion == RESTATE:
                suggestion = KIND_CODES[kind][1] or RESTATE
    reasons += words
    reasons += _notes(head, category, cues)
    if len(text) > MAX_CHARS:
        reasons.append(Reason(TRUNCATED, ()))
    return Reading(category, lang, tuple(reasons), suggestion)


def _decided_by_cues(category: str, reasons: list[Reason]) -> bool:
    """Whether a cue of `category` itself is among the reasons (not only taste or politeness)."""
    own = _OWN_REASONS.get(category, frozenset())
    return any(reason.code in own or reason.code == TECH_JUSTIFIED for reason in reasons)


# The reason codes of each category's own cues.
_OWN_REASONS = {
    category: frozenset(kind.reason for kind in KINDS.values() if kind.category == category)
    for category in (PRESCRIPTIVE, CONSTRAINT)
}


def _cue_reasons(text: str, category: str, cues: list[Cue], push: dict[str, float]) -> list[Reason]:
    """The cues of `category` that pushed the model towards it, strongest first."""
    kinds = {cue.kind for cue in cues}
    justified = any(KINDS[k].client_reason for k in kinds) and "taste" not in kinds
    chosen: list[tuple[float, Reason]] = []
    technologies: list[Span] = []
    for cue in cues:
        kind = KINDS[cue.kind]
        weight = push.get(f"k:{cue.kind}", 0.0)
        if category == CONSTRAINT and kind.technology and justified:
            technologies.extend(cue.spans)  # a technology the client's world asks for
            continue
        if kind.category == category and weight > 0:
            chosen.append((weight, Reason(kind.reason, _quotes(text, cue.spans, 3))))
        elif category == PRESCRIPTIVE and cue.kind in _PRESCRIPTIVE_NOTES:
            chosen.append((-1.0, Reason(kind.reason, _quotes(text, cue.spans, 3))))
        elif category == OUTCOME and cue.kind in _OUTCOME_NOTES and weight > 0:
            chosen.append((weight, Reason(kind.reason, _quotes(text, cue.spans, 3))))
    chosen.sort(key=lambda pair: -pair[0])
    reasons = [reason for _, reason in chosen if reason.quotes][:MAX_CUE_REASONS]
    if technologies:
        reasons.insert(0, Reason(TECH_JUSTIFIED, _quotes(text, sorted(technologies), 3)))
    if category == OUTCOME:
        reasons.insert(0, Reason(RESULT, ()))
    return reasons


def _word_reason(
    text: str, features: Features, push: dict[str, float], reasons: list[Reason]
) -> list[Reason]:
    """The words that pushed the model most, unless the cue reasons already quote them all."""
    by_span: dict[Span, float] = {}
    for name, weight in push.items():
        if name[0] == "k":  # cues speak for themselves, in their own reasons
            continue
        spans = features[name]
        share = weight / len(spans)
        for span in spans:
            by_span[span] = by_span.get(span, 0.0) + share
    positive = [
        (weight, span)
        for span, weight in by_span.items()
        if weight > 0 and (span[1] - span[0] > MIN_QUOTED_WORD or text[span[0] : span[1]].isdigit())
    ]
    taken: list[Span] = []
    for _, span in sorted(positive, key=lambda pair: (-pair[0], pair[1])):
        if len(taken) == MAX_WORD_QUOTES:
            break
        if not any(span[0] < end and start < span[1] for start, end in taken):
            taken.append(span)
    quoted = " ".join(q for r in reasons for q in r.quotes).casefold()
    quotes = tuple(
        q for q in _quotes(text, sorted(taken), MAX_WORD_QUOTES) if q.casefold() not in quoted
    )
    if not quotes and not any(r.quotes for r in reasons):
        whole = quote(text, (0, len(text)))  # nothing word-like decided: quote the statement
        quotes = (whole,) if whole else (text.strip()[:MAX_QUOTE],)
    return [Reason(WORDS, quotes)] if quotes else []


def _notes(text: str, category: str, cues: list[Cue]) -> list[Reason]:
    """A prescription beside a result or a boundary; an outcome too short to mean much."""
    kinds = {cue.kind for cue in cues}
    if category == PRESCRIPTIVE and any(
        KINDS[k].category == CONSTRAINT or k in ("capability", "measure") for k in kinds
    ):
        return [Reason(MIXED, ())]
    if category == OUTCOME and "measure" not in kinds and len(text.split()) <= VAGUE_MAX_WORDS:
        return [Reason(VAGUE, ())]
    return []


def _suggestion(category: str, cues: list[Cue], push: dict[str, float]) -> str | None:
    """For prescriptive text, the suggestion of the prescriptive cue that pushed it most."""
    if category != PRESCRIPTIVE:
        return None
    ranked = sorted(
        (cue for cue in cues if KINDS[cue.kind].category == PRESCRIPTIVE),
        key=lambda cue: -push.get(f"k:{cue.kind}", 0.0),
    )
    for cue in ranked:
        if push.get(f"k:{cue.kind}", 0.0) > 0 and KINDS[cue.kind].suggestion:
            return KINDS[cue.kind].suggestion
    return RESTATE
