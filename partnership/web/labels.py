"""Words shown for the product's enumerations, translated."""

from __future__ import annotations

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l

LABELS = {
    "client": _l("client"),
    "vendor": _l("vendor"),
    "lead": _l("lead"),
    "member": _l("member"),
    "fixed_price": _l("fixed price"),
    "time_and_materials": _l("time and materials"),
    "planned": _l("planned"),
    "active": _l("active"),
    "review": _l("in review"),
    "passed": _l("passed"),
    "stopped": _l("stopped"),
    "must": _l("must"),
    "should": _l("should"),
    "could": _l("could"),
    "outcome": _l("outcome"),
    "constraint": _l("constraint"),
    "prescriptive": _l("prescriptive"),
    "ticket": _l("ticket"),
    "meeting": _l("meeting"),
    "email": _l("email"),
    "chat": _l("chat"),
    "call": _l("call"),
    "direct": _l("direct"),
    "acknowledged": _l("acknowledged"),
    "accepted": _l("accepted"),
    "accepted_replanned": _l("accepted with a new plan"),
    "declined": _l("declined"),
    "progress": _l("progress"),
    "risk": _l("risk"),
    "slip": _l("slip"),
    "delivered": _l("delivered"),
    "dropped": _l("dropped"),
    "open": _l("open"),
    "go": _l("go"),
    "go_with_conditions": _l("go with conditions"),
    "no_go": _l("no go"),
    "met": _l("met"),
    "partly_met": _l("partly met"),
    "missed": _l("missed"),
    "info": _l("info"),
    "warning": _l("warning"),
    "high": _l("high"),
    "delivery": _l("delivery"),
    "transparency": _l("transparency"),
    "quality": _l("quality"),
    "collaboration": _l("collaboration"),
    "goal_clarity": _l("goal clarity"),
    "autonomy": _l("autonomy"),
    "responsiveness": _l("responsiveness"),
    "scope_stability": _l("scope stability"),
    "vendor_reliability": _l("vendor reliability"),
    "client_trust_giving": _l("client trust-giving"),
    "partnership": _l("partnership trust"),
    "both": _l("both sides"),
    "trust score": _l("trust score"),
    "commitments": _l("commitments"),
    "goals": _l("goals"),
    "directives": _l("directives"),
    "statements": _l("statements"),
    "on_time": _l("on time"),
    "late_told_early": _l("late, told early"),
    "late_told_late": _l("late, told late"),
    "rating (1 to 5)": _l("rating (1 to 5)"),
    "client's ratings of the vendor": _l("client's ratings of the vendor"),
    "vendor's ratings of the client": _l("vendor's ratings of the client"),
}


def label(value: object) -> str:
    return str(LABELS.get(value, value))  # type: ignore[arg-type]


def datetime_filter(value) -> str:
    return format_datetime(value, "medium") if value else ""


def date_filter(value) -> str:
    return format_date(value, "medium") if value else ""
