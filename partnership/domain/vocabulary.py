"""The product's words and limits (SPEC §2, §10): every enumeration and bound, defined once.

Models, services, forms, the API schemas and the document validator all take them from here.
"""

from __future__ import annotations

# The languages people use the product in (SPEC §10); Arabic is written right to left.
LANGUAGES = ("en", "es", "it", "sv", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})

SIDES = ("client", "vendor")
ROLES = ("lead", "member")
ENGAGEMENTS = ("fixed_price", "time_and_materials")
PHASE_STATUSES = ("planned", "active", "review", "passed", "stopped")
PRIORITIES = ("must", "should", "could")
CATEGORIES = ("outcome", "constraint", "prescriptive")
CHANNELS = ("ticket", "meeting", "email", "chat", "call", "direct")
# the channels that bypass the agreed process (SPEC §2)
OUT_OF_CHANNEL = frozenset({"chat", "call", "direct"})
RESPONSES = ("acknowledged", "accepted", "accepted_replanned", "declined")
EVENT_TYPES = ("progress", "risk", "slip", "delivered", "dropped")
DECISIONS = ("go", "go_with_conditions", "no_go")
# the decisions that let the partnership go on; any other stops the phase (SPEC §2 Gate)
GO_DECISIONS = frozenset({"go", "go_with_conditions"})
GOAL_OUTCOMES = ("met", "partly_met", "missed")
CRITERIA = {
    # the client rates the vendor on these; the vendor rates the client on the others
    "client": ("delivery", "transparency", "quality", "collaboration"),
    "vendor": ("goal_clarity", "autonomy", "responsiveness", "scope_stability"),
}
RATINGS = range(1, 6)

# Bounds on what people type. A name fits a line; a text is a paragraph or a few, never a
# document: 5,000 characters is about two pages.
MAX_NAME = 200
MAX_TEXT = 5000
MAX_EMAIL = 254  # RFC 5321's limit on a forward path
# A goal's title names the result in a line, as a heading would; the detail (how we will know
# it is met) goes in the success criterion, which takes a text. Lists, options and the review
# form show the title whole, so a page of goals stays readable.
MAX_GOAL_TITLE = 200
# What someone types into the search box of a partnership: a few words, never a document.
MAX_SEARCH = 200
# Dates people enter are refused outside these years: a typo, not a plan.
FIRST_YEAR, LAST_YEAR = 2000, 2200
# The largest id: ids are 32-bit columns (docs/decisions.md, "Ids stay 32-bit"); a larger
# one names nothing, and PostgreSQL would refuse to even compare it.
MAX_ID = 2**31 - 1
# How deep a JSON body may nest (the partnership document needs 7 levels).
MAX_JSON_DEPTH = 32

# How a person wants to hear of what happens (SPEC §11): each email as it happens (the default
# for a new account), one daily digest, or no email at all (the inbox still lists everything).
NOTIFICATION_CHOICES = ("immediate", "digest", "none")
# The kinds of inbox items (SPEC §11), by what they ask of the reader: something that waits
# for them, or something that happened since they last looked.
WAITING_KINDS = (
    "directive_to_answer",
    "review_due",
    "commitment_due",
    "goal_outcomes_due",
    "invitation",
)
HAPPENED_KINDS = (
    "directive_answered",
    "slip",
    "delivery",
    "review_submitted",
    "gate_decided",
    "flag_raised",
    "webhook_disabled",
)
INBOX_KINDS = WAITING_KINDS + HAPPENED_KINDS

# The events a webhook may subscribe to (SPEC §12), in the order the settings page lists them.
WEBHOOK_EVENTS = (
    "directive.created",
    "directive.answered",
    "commitment.created",
    "commitment.event",
    "phase.started",
    "phase.closed",
    "review.submitted",
    "gate.decided",
    "flag.raised",
)
MAX_WEBHOOK_URL = 2000  # characters: longer addresses are refused, not cut
MAX_WEBHOOKS = 20  # per partnership: enough for every tool a team runs beside this one
