"""The English wording of every reason code and suggestion code a reading can carry.

These are the source strings that the edge translates (SPEC §10); the reader itself produces only
codes and the client's words. `%(quotes)s` is where the quoted words go. `english(reading)` renders
a reading in English for the parts of the app that still store English text.
"""

from __future__ import annotations

from .normalize import MAX_CHARS
from .reader import Reading

REASON_TEXT: dict[str, str] = {
    # -- prescriptive: the vendor's own means
    "tech_choice": "names a technology with no reason from your context: %(quotes)s",
    "tech_named": "tells the vendor which product to build with: %(quotes)s",
    "tech_swap": "asks to swap one technology for another: %(quotes)s",
    "architecture": "dictates an architecture or design pattern: %(quotes)s",
    "tools": "chooses the tools the vendor works with: %(quotes)s",
    "staffing": "decides who on the vendor's team does what: %(quotes)s",
    "pairing": "decides who on the vendor's team works together: %(quotes)s",
    "working_hours": "sets the vendor team's working hours or meetings: %(quotes)s",
    "reporting": "sets a reporting frequency: %(quotes)s",
    "supervision": "supervises the vendor's people directly: %(quotes)s",
    "task_order": "dictates the order of the vendor's tasks: %(quotes)s",
    "steps": "dictates the vendor's way of working, step by step: %(quotes)s",
    "client_review": "puts you in charge of reviewing the vendor's own work: %(quotes)s",
    "code_structure": "dictates how the code is structured or where it lives: %(quotes)s",
    "naming": "sets a naming convention for the vendor's code: %(quotes)s",
    "method": "dictates the vendor's engineering or testing method: %(quotes)s",
    "taste": "gives personal taste as the reason: %(quotes)s",
    "polite": "is politely put, which does not change what it asks: %(quotes)s",
    "mixed": "also states a result or a boundary, but the prescription is what the vendor must "
    "cope with",
    # -- constraint: boundaries from the client's world
    "law": "states a compliance rule: %(quotes)s",
    "accessibility": "sets an accessibility standard: %(quotes)s",
    "security_policy": "states a security or IT policy: %(quotes)s",
    "data_location": "says where data may live: %(quotes)s",
    "approved_hosting": "requires hosting or suppliers you have approved: %(quotes)s",
    "existing_system": "requires an existing system of yours: %(quotes)s",
    "client_context": "gives a reason from your own organisation: %(quotes)s",
    "public_body": "follows from your status as a public body: %(quotes)s",
    "budget": "sets a budget cap: %(quotes)s",
    "deadline": "sets a date or deadline: %(quotes)s",
    "operations": "states an operational rule of yours: %(quotes)s",
    "brand": "requires your brand standards: %(quotes)s",
    "tech_justified": "names a technology for a reason from your own world: %(quotes)s",
    # -- outcome
    "result": "states a result and leaves the means to the vendor",
    "capability": "describes a result or a capability: %(quotes)s",
    "measure": "sets a measurable criterion: %(quotes)s",
    "open_means": "leaves the means to the vendor explicitly: %(quotes)s",
    "vague": "is vague, but vague is not prescriptive: it names no means, only a wish",
    "empty": "nothing was written: there is no means in it, so it is read as an (empty) outcome",
    # -- any category
    "words": "the words that decided: %(quotes)s",
    "truncated": f"only the first {MAX_CHARS:,} characters were read",
}

_TECH = (
    "Say what the technology must achieve for your users or business (speed, cost, who will run "
    "it) and leave the choice to the vendor; if something in your world requires it, such as an "
    "existing system or an IT policy, write that reason instead."
)

SUGGESTION_TEXT: dict[str, str] = {
    "tech_choice": _TECH,
    "architecture": "Describe the behaviour you need (how fast, how often, for whom) and leave "
    "the architecture to the vendor.",
    "tools": "Say what you need to see or follow (e.g. 'I can see the status of every task at "
    "any time') and let the vendor choose its own tools.",
    "staffing": "Describe the quality or speed you need (e.g. 'defects are fixed within two "
    "working days') and let the vendor staff its own team.",
    "working_hours": "Say how quickly you need an answer (e.g. 'urgent questions are answered "
    "within an hour during our office hours') instead of setting the team's hours or meetings.",
    "reporting": "Agree on what you need to know and when (e.g. 'I hear of any risk to the date "
    "the day it is known, and get a short written summary each week').",
    "supervision": "Agree on what you need to know and when (e.g. 'a weekly demo of what "
    "works'), and leave the running of the team to the vendor.",
    "task_order": "Say which result you need first and why (e.g. 'finance can run the monthly "
    "reports by 1 March'), and let the vendor plan the work.",
    "steps": "Say what you need to approve and by when (e.g. 'our users accept the checkout "
    "screens before launch'), and leave the working method to the vendor.",
    "client_review": "State the quality you need (e.g. 'no release breaks a feature that worked "
    "before') and let the vendor run its own reviews.",
    "code_structure": "Describe the behaviour you need (e.g. 'discounts are always applied "
    "correctly and the page answers within a second') and leave the code's structure to the "
    "vendor.",
    "naming": "If your people must read something, say so as a need (e.g. 'our analysts can read "
    "every report in Italian') and leave naming in the code to the vendor.",
    "method": "State the quality you need (e.g. 'no defect found in testing reaches production') "
    "and leave testing and methods to the vendor.",
    "restate": "Say what result you need and how you will know it is reached, and leave how to "
    "get there to the vendor.",
}


def _say(template: str, quotes: tuple[str, ...]) -> str:
    joined = ", ".join(f"\u201c{q}\u201d" for q in quotes)
    return template % {"quotes": joined} if "%(quotes)s" in template else template


def english(reading: Reading) -> tuple[list[str], str | None]:
    """The reasons and the suggestion of `reading`, as English sentences."""
    reasons = [_say(REASON_TEXT[reason.code], reason.quotes) for reason in reading.reasons]
    suggestion = SUGGESTION_TEXT[reading.suggestion] if reading.suggestion else None
    return reasons, suggestion
