"""Flags: the patterns that erode trust between client and vendor (SPEC §6).

Each flag names its phase, says in numbers what was seen and against which limit, links the
items behind it and suggests what to do: as message codes with their values (counts, shares,
dates, the client's words), written in the reader's language by ``partnership/i18n``.
Thresholds have defaults here and can be overridden per partnership
(``PartnershipHistory.thresholds``); the choices behind each rule are in ``docs/trust.md``
under "Flags".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .commitments import commitment_state, utc_date
from .history import PartnershipHistory, PhaseHistory
from .messages import Message, Percent, Quote, Say, Term
from .trust import scope_changes
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
    """A bad threshold override; ``name`` is the threshold at fault, ``message`` says why."""

    def __init__(self, name: str, message: Message) -> None:
        super().__init__(f"{name}: {message.id}")
        self.name = name
        self.message = message


def _threshold(name: str) -> Term | str:
    """A threshold named in a sentence: by its label when it is one, as written when not."""
    return Term(name) if name in DEFAULT_THRESHOLDS else name


def merge_thresholds(overrides: Mapping[str, Any] | None) -> dict[str, float]:
    """The defaults with ``overrides`` applied; a ThresholdError names the first bad one."""
    merged = dict(DEFAULT_THRESHOLDS)
    for name, value in (overrides or {}).items():
        if name not in DEFAULT_THRESHOLDS:
            known = [Term(known) for known in sorted(DEFAULT_THRESHOLDS)]
            raise ThresholdError(name, Message("threshold.unknown", name=name, known=known))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ThresholdError(name, Message("threshold.not_a_number", name=_threshold(name)))
        if not math.isfinite(value) or value < 0:
            raise ThresholdError(name, Message("threshold.negative", name=_threshold(name)))
        if name.endswith("_share") and value > 1:
            raise ThresholdError(name, Message("threshold.share", name=_threshold(name)))
        upper = _UPPER_BOUNDS.get(name)
        if upper is not None and value > upper:
            raise ThresholdError(
                name, Message("threshold.too_high", name=_threshold(name), limit=upper)
            )
        merged[name] = value
    return merged


@dataclass(frozen=True)
class Flag:
    """One raised pattern. ``message`` and ``suggestion`` are codes with their values, written
    in the reader's language where the reader is known; every other field is the same in
    every language."""

    code: str
    severity: str  # info | warning | high
    side: str  # client | vendor | both
    phase_id: int
    message: Message
    evidence: tuple[str, ...]  # sources: "directive:12", "commitment:4", "review:3", "phase:2"
    suggestion: Message

    def to_dict(self, say: Say) -> dict[str, Any]:
        """The API's shape, with the sentences written by ``say`` in the reader's language."""
        return {
            "code": self.code,
            "severity": self.severity,
            "side": self.side,
            "phase_id": self.phase_id,
            "message": say(self.message),
            "evidence": list(self.evidence),
            "suggestion": say(self.suggestion),
        }


def _flag(
    code: str,
    severity: str,
    phase_id: int,
    message: Message,
    evidence: tuple[str, ...],
    suggestion: Message | None = None,
    *,
    side: str | None = None,
) -> Flag:
    """A flag about its code's side (FLAG_SIDES) unless told which side it concerns; the
    suggestion is its code's own (``flag.<code>.suggestion``) unless told otherwise."""
    return Flag(
        code,
        severity,
        side or FLAG_SIDES[code],
        phase_id,
        message,
        evidence,
        suggestion or Message(f"flag.{code.lower()}.suggestion"),
    )


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

    def the_limit(self, names: tuple[str, ...], id: str, **values: Any) -> Message:
        """ "the limit is 5 in any 7 days", or "the default limit is ..." when none of
        ``names`` is overridden; ``id`` is how the limit reads (``flag.limit_of.<id>``)."""
        which = "flag.limit" if self.overridden.intersection(names) else "flag.default_limit"
        return Message(which, limit=Message(f"flag.limit_of.{id}", **values))


def _count(id: str, n: int) -> Message:
    """A number of things: ``_count("directives", 2)`` reads "2 directives"."""
    return Message(f"count.{id}", count=n)


def _listing(items: list[Any], shown: int = 3) -> list[Any]:
    """The first ``shown`` items, and "and N more" for the rest."""
    if len(items) <= shown:
        return items
    return [*items[:shown], _count("more", len(items) - shown)]


def _day(moment: datetime) -> date:
    return utc_date(moment)


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
    too_many: Message | None = None
    too_fast: Message | None = None
    evidence: list[str] = []

    # With no goals the allowance is zero: a directive with no goal to serve is the very
    # pattern this flag is about, and the suggestion (write goals first) fits it.
    if len(directives) > per_goal * goals:
        span = (utc_date(directives[-1].created_at) - utc_date(directives[0].created_at)).days
        too_many = Message(
            "flag.excessive_directives.per_goal",
            directives=_count("directives", len(directives)),
            goals=_count("goals", goals),
            days=_count("days", span + 1),
            limit=limits.the_limit(("directives_per_goal",), "per_goal", limit=per_goal),
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
        too_fast = Message(
            "flag.excessive_directives.per_7_days",
            directives=_count("directives", best_count),
            date=_day(window[0].created_at),
            limit=limits.the_limit(("directives_per_7_days",), "per_7_days", limit=per_week),
        )
        if not evidence:
            evidence = [f"directive:{d.id}" for d in window]

    message = too_many or too_fast
    if message is None:
        return []
    if too_many and too_fast:
        message = Message("flag.excessive_directives.both", first=too_many, second=too_fast)
    return [_flag("EXCESSIVE_DIRECTIVES", WARNING, phase.id, message, tuple(evidence))]


def _prescriptive_directives(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    total = len(phase.directives)
    prescriptive = [d for d in phase.directives if d.category == "prescriptive"]
    minimum, share = limits["prescriptive_directives_min"], limits["prescriptive_directives_share"]
    if total == 0 or total < minimum or len(prescriptive) / total < share:
        return []
    names = ("prescriptive_directives_min", "prescriptive_directives_share")
    return [
        _flag(
            "PRESCRIPTIVE_DIRECTIVES",
            WARNING,
            phase.id,
            Message(
                "flag.prescriptive_directives",
                count=len(prescriptive),
                directives=_count("directives", total),
                share=Percent(len(prescriptive) / total),
                limit=limits.the_limit(names, "share_once", share=Percent(share), minimum=minimum),
            ),
            tuple(f"directive:{d.id}" for d in prescriptive),
        )
    ]


def _prescriptive_goal(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    flags = []
    for goal in phase.goals:
        if goal.removed_at is not None or goal.category != "prescriptive":
            continue
        title = Quote.short(goal.title)
        message = (
            Message("flag.prescriptive_goal.because", title=title, reasons=list(goal.reasons))
            if goal.reasons
            else Message("flag.prescriptive_goal", title=title)
        )
        flags.append(_flag("PRESCRIPTIVE_GOAL", INFO, phase.id, message, (f"goal:{goal.id}",)))
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
    detail = [
        Message(f"flag.scope_churn.{verb}", count=verbs[verb])
        for verb in ("added", "edited", "removed")
        if verb in verbs
    ]
    names = ("scope_churn_count", "scope_churn_share")
    return [
        _flag(
            "SCOPE_CHURN",
            WARNING,
            phase.id,
            Message(
                "flag.scope_churn",
                count=count,
                goals=_count("goals", len(phase.goals)),
                share=Percent(share),
                changes=detail,
                limit=limits.the_limit(
                    names, "goals_or_share", count=min_count, share=Percent(min_share)
                ),
            ),
            tuple(f"goal:{gid}" for gid in changed),
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
    return [
        _flag(
            "SCOPE_CREEP_FIXED_PRICE",
            WARNING,
            phase.id,
            Message(
                "flag.scope_creep_fixed_price",
                count=len(accepted),
                items=_listing([Quote.short(d.text) for d in accepted]),
            ),
            tuple(f"directive:{d.id}" for d in accepted),
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
    detail = [
        Message(f"flag.out_of_channel.by_{channel}", count=n)
        for channel, n in sorted(channels.items())
    ]
    names = ("out_of_channel_min", "out_of_channel_share")
    return [
        _flag(
            "OUT_OF_CHANNEL",
            WARNING,
            phase.id,
            Message(
                "flag.out_of_channel",
                count=len(outside),
                directives=_count("directives", total),
                share=Percent(len(outside) / total),
                channels=detail,
                limit=limits.the_limit(names, "share_once", share=Percent(share), minimum=minimum),
            ),
            tuple(f"directive:{d.id}" for d in outside),
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
                Message(
                    "flag.low_autonomy",
                    rating=rating,
                    limit=limits.the_limit(("low_autonomy_rating",), "or_less", limit=limit),
                ),
                (f"review:{review.id}",),
            )
        )
    return flags


def _undisclosed_slip(
    history: PartnershipHistory, phase: PhaseHistory, limits: _Limits, now: datetime
) -> list[Flag]:
    # One flag per phase, listing every late-told slip or drop: one pattern, one conversation.
    today = utc_date(now)
    items: list[Message] = []
    sources: list[str] = []
    for c in phase.commitments:
        for slip in commitment_state(c, today).slips:
            if slip.disclosed_in_advance:
                continue
            what = "slipped" if slip.kind == "slip" else "dropped"
            items.append(
                Message(
                    f"flag.undisclosed_slip.{what}",
                    title=Quote.short(c.title),
                    date=_day(slip.at),
                    days=slip.days_after_due,
                )
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
            Message("flag.undisclosed_slip", count=len(items), items=_listing(items)),
            tuple(sources),
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
    names = ("overcommitment_min", "overcommitment_share")
    return [
        _flag(
            "OVERCOMMITMENT",
            WARNING,
            phase.id,
            Message(
                "flag.overcommitment",
                count=len(slipped),
                commitments=_count("commitments", total),
                share=Percent(len(slipped) / total),
                limit=limits.the_limit(names, "share_from", share=Percent(share), minimum=minimum),
            ),
            tuple(f"commitment:{c.id}" for c in slipped),
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
    activity = _activity(phase)
    moments = [phase.started_at] + [t for t in activity if phase.started_at <= t <= end] + [end]
    longest, gap_start = timedelta(0), phase.started_at
    for before, after in zip(moments, moments[1:], strict=False):
        if after - before > longest:
            longest, gap_start = after - before, before
    limit = limits["silent_days"]
    if longest < timedelta(days=limit):
        return []
    ongoing = phase.status == "active" and gap_start == moments[-2]
    the_limit = limits.the_limit(("silent_days",), "days", limit=limit)
    if not ongoing:
        id = "flag.silent_vendor.past"
    elif gap_start == phase.started_at:
        id = "flag.silent_vendor.since_start"
    else:
        id = "flag.silent_vendor.since"
    message = Message(id, days=longest.days, date=_day(gap_start), limit=the_limit)
    return [
        _flag(
            "SILENT_VENDOR",
            WARNING if ongoing else INFO,
            phase.id,
            message,
            (f"phase:{phase.id}",),
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
            Message(
                "flag.gate_disagreement",
                phase=Quote.short(phase.name),
                client=Term(client.decision),
                vendor=Term(vendor.decision),
            ),
            (f"review:{client.id}", f"review:{vendor.id}"),
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
    who = "both" if len(missing) == 2 else missing[0]
    return [
        _flag(
            "LATE_REVIEW",
            WARNING,
            phase.id,
            Message(
                f"flag.late_review.{who}",
                days=waited.days,
                phase=Quote.short(phase.name),
                date=_day(phase.closed_at),
                limit=limits.the_limit(("late_review_days",), "days", limit=limit),
            ),
            (f"phase:{phase.id}",) + tuple(f"review:{r.id}" for r in phase.reviews),
            Message(f"flag.late_review.suggestion.{who}"),
            side=who,
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


def clock_ticks(history: PartnershipHistory, now: datetime) -> list[datetime]:
    """The moments after ``now`` at which a flag may change with no new history: the clocks of
    ``_silent_vendor`` (an open phase's silence grows by a day, overtakes an earlier gap, or
    reaches an item written with a later time) and ``_late_review`` (a review waits a day
    more). The rest of the flags read the date only (``timing.valid_until``)."""
    ticks: list[datetime] = []
    for phase in history.phases:
        if phase.status == "active" and phase.started_at is not None:
            start = phase.started_at
            moments = [start] + [t for t in _activity(phase) if t >= start]
            past = [t for t in moments if t <= now]
            later = [t for t in moments if t > now]
            if later:
                ticks.append(later[0])
            if not past:  # not started yet: its silence begins at the start
                continue
            ticks.append(_next_day_after(past[-1], now))
            gaps = [after - before for before, after in zip(past, past[1:], strict=False)]
            if gaps:  # the open gap is the longest once it is strictly longer than the rest
                ticks.append(past[-1] + max(gaps) + timedelta(microseconds=1))
        if phase.status == "review" and phase.closed_at is not None:
            ticks.append(_next_day_after(phase.closed_at, now))
    return [t for t in ticks if t > now]


def _activity(phase: PhaseHistory) -> list[datetime]:
    """When the vendor wrote in a phase (commitments made, events logged), oldest first: what
    breaks a silence."""
    return sorted(
        [c.created_at for c in phase.commitments]
        + [e.at for c in phase.commitments for e in c.events]
    )


def _next_day_after(since: datetime, now: datetime) -> datetime:
    """The first of ``since`` + 1, 2, ... days (or ``since`` itself) that is after ``now``."""
    days = (now - since) // timedelta(days=1)
    return since + timedelta(days=max(days + 1, 0))


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
