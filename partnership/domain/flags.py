"""Flags: the patterns that erode trust between client and vendor (SPEC §6).

Each flag names its phase, says in numbers what was seen and against which limit, links the
items behind it and suggests what to do. Thresholds have defaults here and can be overridden
per partnership (``PartnershipHistory.thresholds``); the choices behind each rule are in
``docs/trust.md`` under "Flags".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .commitments import commitment_state, utc_date
from .history import PartnershipHistory, PhaseHistory
from .trust import DECISION_WORDS, format_day, quote_item, scope_changes
from .vocabulary import GO_DECISIONS, OUT_OF_CHANNEL

INFO, WARNING, HIGH = "info", "warning", "high"
SEVERITIES = (INFO, WARNING, HIGH)

DEFAULT_THRESHOLDS: dict[str, float] = {
    "directives_per_goal": 2,
    "directives_per_7_days": 5,
    "prescriptive_directives_min": 3,
    "prescriptive_directives_share": 0.4,
    "scope_churn_count": 3,
    "scope_churn_share": 0.3,
    "out_of_channel_min": 3,
    "out_of_channel_share": 0.3,
    "low_autonomy_rating": 2,
    "overcommitment_share": 0.3,
    "overcommitment_min": 3,
    "silent_days": 14,
    "late_review_days": 7,
}

THRESHOLD_HELP: dict[str, str] = {
    "directives_per_goal": (
        "Flag a phase whose directives outnumber its goals by more than this many per goal."
    ),
    "directives_per_7_days": "Flag a phase with more than this many directives in any 7 days.",
    "prescriptive_directives_min": (
        "Judge the share of prescriptive directives only once a phase has at least this many "
        "directives."
    ),
    "prescriptive_directives_share": (
        "Flag a phase when this share of its directives (0 to 1) or more say how to work."
    ),
    "scope_churn_count": (
        "Flag a phase when at least this many goals were added, edited or removed after it started."
    ),
    "scope_churn_share": (
        "Flag a phase when this share of its goals (0 to 1) or more changed after it started."
    ),
    "out_of_channel_min": (
        "Judge the share of out-of-channel directives only once a phase has at least this "
        "many directives."
    ),
    "out_of_channel_share": (
        "Flag a phase when this share of its directives (0 to 1) or more came by chat, call "
        "or direct contact."
    ),
    "low_autonomy_rating": "Flag a vendor review that rates autonomy at this or lower (1 to 5).",
    "overcommitment_share": (
        "Flag a phase when this share of its commitments (0 to 1) or more slipped or were dropped."
    ),
    "overcommitment_min": (
        "Flag over-commitment only once at least this many commitments slipped or were dropped."
    ),
    "silent_days": "Flag an active phase that went this many days without a commitment event.",
    "late_review_days": (
        "Flag a side's missing review this many days after the phase entered review."
    ),
}

# Ratings are 1 to 5; a limit above 5 would flag every review.
_UPPER_BOUNDS = {"low_autonomy_rating": 5.0}

# The side each code is about (SPEC §6); LATE_REVIEW narrows it to the side that is late.
FLAG_SIDES: dict[str, str] = {
    "EXCESSIVE_DIRECTIVES": "client",
    "PRESCRIPTIVE_DIRECTIVES": "client",
    "PRESCRIPTIVE_GOAL": "client",
    "SCOPE_CHURN": "client",
    "SCOPE_CREEP_FIXED_PRICE": "client",
    "OUT_OF_CHANNEL": "client",
    "LOW_AUTONOMY": "client",
    "UNDISCLOSED_SLIP": "vendor",
    "OVERCOMMITMENT": "vendor",
    "SILENT_VENDOR": "vendor",
    "GATE_DISAGREEMENT": "both",
    "LATE_REVIEW": "both",
}
FLAG_CODES = tuple(FLAG_SIDES)


class ThresholdError(ValueError):
    """A bad threshold override; ``name`` is the threshold at fault."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def merge_thresholds(overrides: Mapping[str, Any] | None) -> dict[str, float]:
    """The defaults with ``overrides`` applied; a ThresholdError names the first bad one."""
    merged = dict(DEFAULT_THRESHOLDS)
    for name, value in (overrides or {}).items():
        if name not in DEFAULT_THRESHOLDS:
            known = ", ".join(sorted(DEFAULT_THRESHOLDS))
            raise ThresholdError(name, f"unknown threshold {name!r}; known thresholds: {known}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ThresholdError(name, f"threshold {name!r} must be a number, not {value!r}")
        if not math.isfinite(value) or value < 0:
            raise ThresholdError(
                name, f"threshold {name!r} must be a number of 0 or more, not {value!r}"
            )
        if name.endswith("_share") and value > 1:
            raise ThresholdError(name, f"threshold {name!r} is a share: use 0 to 1 (0.3 for 30%)")
        upper = _UPPER_BOUNDS.get(name)
        if upper is not None and value > upper:
            raise ThresholdError(
                name, f"threshold {name!r} must be at most {upper:g}, not {value!r}"
            )
        merged[name] = value
    return merged


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str  # info | warning | high
    side: str  # client | vendor | both
    phase_id: int
    message: str
    evidence: tuple[str, ...]  # sources: "directive:12", "commitment:4", "review:3", "phase:2"
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "side": self.side,
            "phase_id": self.phase_id,
            "message": self.message,
            "evidence": list(self.evidence),
            "suggestion": self.suggestion,
        }


def _flag(
    code: str,
    severity: str,
    phase_id: int,
    message: str,
    evidence: tuple[str, ...],
    suggestion: str,
    *,
    side: str | None = None,
) -> Flag:
    """A flag about its code's side (FLAG_SIDES) unless told which side it concerns."""
    return Flag(code, severity, side or FLAG_SIDES[code], phase_id, message, evidence, suggestion)


# --- wording --------------------------------------------------------------------------------


class _Limits:
    """The merged thresholds, and how to name a limit: overridden or the default one.

    Overrides are validated when a partnership saves them (``merge_thresholds``). One that is
    no longer valid (say a threshold renamed since) falls back to its default here, so a page
    of flags never fails on stored settings.
    """

    def __init__(self, overrides: Mapping[str, Any] | None) -> None:
        valid = {}
        for name, value in (overrides or {}).items():
            try:
                merge_thresholds({name: value})
            except ValueError:
                continue
            valid[name] = value
        self.values = merge_thresholds(valid)
        self.overridden = set(valid)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def the_limit(self, *names: str) -> str:
        return "the limit is" if self.overridden.intersection(names) else "the default limit is"


def _n(value: float) -> str:
    return f"{value:g}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _pct(share: float) -> str:
    return f"{round(share * 100):d}%"


def _listing(items: list[str], shown: int = 3) -> str:
    if len(items) <= shown:
        return "; ".join(items)
    return "; ".join(items[:shown]) + f"; and {len(items) - shown} more"


def _day(moment: datetime) -> str:
    return format_day(utc_date(moment))


# --- the rules, one function per code ------------------------------------------------------

Rule = Callable[[PartnershipHistory, PhaseHistory, _Limits, datetime], list[Flag]]


def _excessive_directives(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    directives = sorted(phase.directives, key=lambda d: d.created_at)
    if not directives:
        return []
    goals = sum(1 for g in phase.goals if g.removed_at is None)
    per_goal, per_week = limits["directives_per_goal"], limits["directives_per_7_days"]
    reasons: list[str] = []
    evidence: list[str] = []

    # With no goals the allowance is zero: a directive with no goal to serve is the very
    # pattern this flag is about, and the suggestion (write goals first) fits it.
    if len(directives) > per_goal * goals:
        span = (utc_date(directives[-1].created_at) - utc_date(directives[0].created_at)).days
        reasons.append(
            f"{_count(len(directives), 'directive')} for {_count(goals, 'goal')} in "
            f"{_count(span + 1, 'day')}; {limits.the_limit('directives_per_goal')} "
            f"{_n(per_goal)} per goal"
        )
        evidence = [f"directive:{d.id}" for d in directives]

    # Sliding window: the busiest 7 days (168 hours) starting at any directive.
    best_start, best_count = 0, 0
    end = 0
    for start, first in enumerate(directives):
        while end < len(directives) and directives[end].created_at < first.created_at + timedelta(
            days=7
        ):
            end += 1
        if end - start > best_count:
            best_start, best_count = start, end - start
    if best_count > per_week:
        window = directives[best_start : best_start + best_count]
        reasons.append(
            f"{best_count} directives in the 7 days from {_day(window[0].created_at)}; "
            f"{limits.the_limit('directives_per_7_days')} {_n(per_week)} in any 7 days"
        )
        if not evidence:
            evidence = [f"directive:{d.id}" for d in window]

    if not reasons:
        return []
    return [
        _flag(
            "EXCESSIVE_DIRECTIVES",
            WARNING,
            phase.id,
            ". Also ".join(reasons) + ".",
            tuple(evidence),
            "Group requests into the phase's goals and let the vendor propose how; if the work "
            "has really grown, add a goal rather than a stream of directives.",
        )
    ]


def _prescriptive_directives(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    total = len(phase.directives)
    prescriptive = [d for d in phase.directives if d.category == "prescriptive"]
    minimum, share = limits["prescriptive_directives_min"], limits["prescriptive_directives_share"]
    if total == 0 or total < minimum or len(prescriptive) / total < share:
        return []
    limit = limits.the_limit("prescriptive_directives_min", "prescriptive_directives_share")
    return [
        _flag(
            "PRESCRIPTIVE_DIRECTIVES",
            WARNING,
            phase.id,
            f"{len(prescriptive)} of {_count(total, 'directive')} "
            f"({_pct(len(prescriptive) / total)}) tell the vendor how to work; {limit} "
            f"{_pct(share)} once a phase has {_n(minimum)} or more.",
            tuple(f"directive:{d.id}" for d in prescriptive),
            "Say what you need and why, and leave the how to the vendor; if a method really is "
            "required by your world (law, policy, an existing system), say so as a constraint.",
        )
    ]


def _prescriptive_goal(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    flags = []
    for goal in phase.goals:
        if goal.removed_at is not None or goal.category != "prescriptive":
            continue
        because = ""  # the reasons are messages now; the flag's message quotes the goal
        flags.append(
            _flag(
                "PRESCRIPTIVE_GOAL",
                INFO,
                phase.id,
                f"The goal {quote_item(goal.title)} reads as prescriptive: it says how the vendor "
                f"should work rather than what is needed and why{because}.",
                (f"goal:{goal.id}",),
                "Restate the goal as the result you need and how you will know it is met, and "
                "let the vendor propose the means.",
            )
        )
    return flags


def _scope_churn(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    if phase.started_at is None or not phase.goals:
        return []
    changed = {g.id: scope_changes(g, phase) for g in phase.goals}
    changed = {gid: changes for gid, changes in changed.items() if changes}
    count, share = len(changed), len(changed) / len(phase.goals)
    min_count, min_share = limits["scope_churn_count"], limits["scope_churn_share"]
    if not changed or (count < min_count and share < min_share):
        return []
    verbs: dict[str, int] = {}
    for changes in changed.values():
        for verb, _ in changes:
            verbs[verb] = verbs.get(verb, 0) + 1
    detail = ", ".join(f"{verbs[v]} {v}" for v in ("added", "edited", "removed") if v in verbs)
    limit = limits.the_limit("scope_churn_count", "scope_churn_share")
    return [
        _flag(
            "SCOPE_CHURN",
            WARNING,
            phase.id,
            f"{count} of {_count(len(phase.goals), 'goal')} ({_pct(share)}) changed after the "
            f"phase started ({detail}); {limit} {_n(min_count)} goals or {_pct(min_share)}.",
            tuple(f"goal:{gid}" for gid in changed),
            "Keep the phase's goals stable once it starts: collect new needs for the next "
            "phase, or re-plan this one with the vendor (date, scope or price) if they cannot "
            "wait.",
        )
    ]


def _scope_creep_fixed_price(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    if history.engagement != "fixed_price":
        return []
    accepted = [d for d in phase.directives if d.adds_scope and d.response == "accepted"]
    if not accepted:
        return []
    items = [quote_item(d.text) for d in accepted]
    return [
        _flag(
            "SCOPE_CREEP_FIXED_PRICE",
            WARNING,
            phase.id,
            f"{_count(len(accepted), 'directive')} that added scope to the fixed price "
            f"{'was' if len(accepted) == 1 else 'were'} accepted without re-planning: "
            f"{_listing(items)}.",
            tuple(f"directive:{d.id}" for d in accepted),
            "Agree a changed plan for added scope (date, price, or something dropped) and "
            "record it as accepted with re-planning, or move the request to a later phase.",
        )
    ]


def _out_of_channel(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    total = len(phase.directives)
    outside = [d for d in phase.directives if d.channel in OUT_OF_CHANNEL]
    minimum, share = limits["out_of_channel_min"], limits["out_of_channel_share"]
    if total == 0 or total < minimum or len(outside) / total < share:
        return []
    channels: dict[str, int] = {}
    for d in outside:
        channels[d.channel] = channels.get(d.channel, 0) + 1
    detail = ", ".join(f"{n} by {c}" for c, n in sorted(channels.items()))
    limit = limits.the_limit("out_of_channel_min", "out_of_channel_share")
    return [
        _flag(
            "OUT_OF_CHANNEL",
            WARNING,
            phase.id,
            f"{len(outside)} of {_count(total, 'directive')} ({_pct(len(outside) / total)}) "
            f"bypassed the agreed process ({detail}); {limit} {_pct(share)} once a phase has "
            f"{_n(minimum)} or more.",
            tuple(f"directive:{d.id}" for d in outside),
            "Send requests through the agreed channel (a ticket or the regular meeting) so the "
            "vendor can plan them and both sides keep the same record.",
        )
    ]


def _low_autonomy(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    limit = limits["low_autonomy_rating"]
    flags = []
    for review in phase.reviews:
        rating = review.ratings.get("autonomy")
        if review.side != "vendor" or rating is None or rating > limit:
            continue
        flags.append(
            _flag(
                "LOW_AUTONOMY",
                WARNING,
                phase.id,
                f"The vendor's review rates autonomy {rating} of 5; "
                f"{limits.the_limit('low_autonomy_rating')} {_n(limit)} or less.",
                (f"review:{review.id}",),
                "Ask the vendor which decisions they need back, and agree which choices are "
                "theirs to make in the next phase.",
            )
        )
    return flags


def _undisclosed_slip(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    # One flag per phase, listing every late-told slip or drop: one pattern, one conversation.
    today = utc_date(now)
    items: list[str] = []
    sources: list[str] = []
    for c in phase.commitments:
        for slip in commitment_state(c, today).slips:
            if slip.disclosed_in_advance:
                continue
            what = "slipped" if slip.kind == "slip" else "was dropped"
            items.append(
                f"{quote_item(c.title)} {what} on {_day(slip.at)}, "
                f"{_count(slip.days_after_due, 'day')} after its due date"
            )
            if f"commitment:{c.id}" not in sources:
                sources.append(f"commitment:{c.id}")
    if not items:
        return []
    return [
        _flag(
            "UNDISCLOSED_SLIP",
            HIGH,
            phase.id,
            f"{len(items)} slips or drops were recorded only after their due date had passed: "
            f"{_listing(items)}."
            if len(items) != 1
            else f"A slip or drop was recorded only after its due date had passed: {items[0]}.",
            tuple(sources),
            "Record a slip as soon as you know a date is at risk, before it passes, with the new "
            "date and the reason: a slip told early costs far less trust than one found late.",
        )
    ]


def _overcommitment(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    total = len(phase.commitments)
    if total == 0:
        return []
    today = utc_date(now)
    slipped = [c for c in phase.commitments if commitment_state(c, today).slips]
    minimum, share = limits["overcommitment_min"], limits["overcommitment_share"]
    # "(at least 3)" is read as at least 3 slipped or dropped commitments: one slip among
    # three promises is a bad week, not over-commitment.
    if len(slipped) < minimum or len(slipped) / total < share:
        return []
    limit = limits.the_limit("overcommitment_min", "overcommitment_share")
    return [
        _flag(
            "OVERCOMMITMENT",
            WARNING,
            phase.id,
            f"{len(slipped)} of {_count(total, 'commitment')} ({_pct(len(slipped) / total)}) "
            f"slipped or were dropped; {limit} {_pct(share)}, from {_n(minimum)} commitments.",
            tuple(f"commitment:{c.id}" for c in slipped),
            "Commit to less at a time and to dates you can hold; split large promises into "
            "smaller ones with their own dates.",
        )
    ]


def _silent_vendor(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    if phase.started_at is None:
        return []
    if phase.status == "active":
        end = now
    elif phase.closed_at is not None:
        end = phase.closed_at
    else:
        return []
    activity = sorted(
        [c.created_at for c in phase.commitments]
        + [e.at for c in phase.commitments for e in c.events]
    )
    moments = [phase.started_at] + [t for t in activity if phase.started_at <= t <= end] + [end]
    longest, gap_start = timedelta(0), phase.started_at
    for before, after in zip(moments, moments[1:], strict=False):
        if after - before > longest:
            longest, gap_start = after - before, before
    limit = limits["silent_days"]
    if longest < timedelta(days=limit):
        return []
    ongoing = phase.status == "active" and gap_start == moments[-2]
    days = longest.days
    since = "the phase started" if gap_start == phase.started_at else _day(gap_start)
    message = (
        f"No commitment was logged or updated for {days} days, since {since}; "
        if ongoing
        else f"The phase went {days} days without a commitment event, from {_day(gap_start)}; "
    ) + f"{limits.the_limit('silent_days')} {_n(limit)} days."
    return [
        _flag(
            "SILENT_VENDOR",
            WARNING if ongoing else INFO,
            phase.id,
            message,
            (f"phase:{phase.id}",),
            "Log what you have promised and update it as work moves (progress, risks, slips): "
            "silence leaves the client guessing.",
        )
    ]


def _gate_disagreement(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    reviews = {r.side: r for r in phase.reviews}
    client, vendor = reviews.get("client"), reviews.get("vendor")
    if client is None or vendor is None:
        return []
    if (client.decision in GO_DECISIONS) == (vendor.decision in GO_DECISIONS):
        return []
    return [
        _flag(
            "GATE_DISAGREEMENT",
            HIGH,
            phase.id,
            f"At the gate of {quote_item(phase.name)} the client said "
            f"{DECISION_WORDS.get(client.decision, client.decision)} and the vendor said "
            f"{DECISION_WORDS.get(vendor.decision, vendor.decision)}.",
            (f"review:{client.id}", f"review:{vendor.id}"),
            "Meet to compare the two reviews before planning anything further: agree on what "
            "each side saw differently and what a recovery phase would have to prove.",
        )
    ]


def _late_review(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    # Only a phase still waiting in review: once decided, a late review is history, not a task.
    if phase.status != "review" or phase.closed_at is None:
        return []
    waited = now - phase.closed_at
    limit = limits["late_review_days"]
    if waited < timedelta(days=limit):
        return []
    present = {r.side for r in phase.reviews}
    missing = [side for side in ("client", "vendor") if side not in present]
    if not missing:
        return []
    who = "Both sides' reviews are" if len(missing) == 2 else f"The {missing[0]}'s review is"
    return [
        _flag(
            "LATE_REVIEW",
            WARNING,
            phase.id,
            f"{who} still missing {waited.days} days after {quote_item(phase.name)} entered review "
            f"on {_day(phase.closed_at)}; {limits.the_limit('late_review_days')} "
            f"{_n(limit)} days.",
            (f"phase:{phase.id}",) + tuple(f"review:{r.id}" for r in phase.reviews),
            f"The {' and '.join(missing)} lead should complete the review so the gate can "
            "decide; the phase waits until both are in.",
            side="both" if len(missing) == 2 else missing[0],
        )
    ]


_RULES: dict[str, Rule] = {
    "EXCESSIVE_DIRECTIVES": _excessive_directives,
    "PRESCRIPTIVE_DIRECTIVES": _prescriptive_directives,
    "PRESCRIPTIVE_GOAL": _prescriptive_goal,
    "SCOPE_CHURN": _scope_churn,
    "SCOPE_CREEP_FIXED_PRICE": _scope_creep_fixed_price,
    "OUT_OF_CHANNEL": _out_of_channel,
    "LOW_AUTONOMY": _low_autonomy,
    "UNDISCLOSED_SLIP": _undisclosed_slip,
    "OVERCOMMITMENT": _overcommitment,
    "SILENT_VENDOR": _silent_vendor,
    "GATE_DISAGREEMENT": _gate_disagreement,
    "LATE_REVIEW": _late_review,
}


def compute_flags(history: PartnershipHistory, now: datetime) -> list[Flag]:
    """Every flag raised by ``history`` at ``now``, by phase order, then code, then item.

    ``now`` (timezone-aware) decides silence and late reviews, and which open commitments are
    past due. A bad override in ``history.thresholds`` raises ValueError naming it.
    """
    limits = _Limits(history.thresholds)
    flags: list[Flag] = []
    for phase in sorted(history.phases, key=lambda p: p.order):
        for code in sorted(_RULES):
            flags.extend(_RULES[code](history, phase, limits, now))
    return flags
