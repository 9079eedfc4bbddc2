"""Trust in both directions, computed from evidence with the beta reputation model (SPEC §5).

Every piece of evidence names the item it came from, its sign and weight, and a sentence a
person understands. With ``r`` the positive and ``s`` the negative weight behind a score:
``score = 100·(r+1)/(r+s+2)`` and ``uncertainty = 2/(r+s+2)``. Per-phase scores use that
phase's evidence as it is; overall scores multiply each phase's evidence by ``FORGETTING**k``,
``k`` being how many phases it lies before the latest started phase. The model, every weight
and why the SPEC's properties always hold are written down in ``docs/trust.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .commitments import DELIVERED, commitment_state, utc_date
from .history import (
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    PartnershipHistory,
    PhaseHistory,
    ReviewRecord,
)
from .vocabulary import CRITERIA, GO_DECISIONS, OUT_OF_CHANNEL

# Each phase further back counts this much less in the overall scores: a partnership that has
# recovered should be able to see it, while an old pattern still leaves a trace (0.8 keeps
# about a third of the weight after five phases).
FORGETTING = 0.8


@dataclass(frozen=True)
class Weights:
    """Every weight of the model, with its reason. One unit is one kept promise."""

    # vendor reliability: what the vendor's commitments log shows
    on_time_delivery: float = 1.0  # a kept promise is the core of reliability
    late_delivery: float = 1.0  # a broken promise the client learned of only at delivery
    # late past the date in force, but every earlier slip was told in time: less of a surprise
    late_delivery_after_disclosed_slips: float = 0.6
    slip_disclosed: float = 0.25  # the plan changed, but the client heard in time to adapt
    slip_undisclosed: float = 1.0  # four times a disclosed slip: the client was surprised
    drop_disclosed: float = 0.5  # a promise withdrawn openly: honest, yet still not kept
    drop_undisclosed: float = 1.5  # withdrawn only after its date had passed: the worst case
    risk_disclosed: float = 0.25  # candour: a risk told before the due date helps the client
    # candour counts, but logging ten risks on one commitment must not buy reliability
    risks_counted_per_commitment: int = 2
    # open past its due date with no new date: provisional, and lighter than anything the
    # commitment can later earn (late delivery 0.6+, slip 1.0, drop 1.5), so recording what
    # happened never removes weight
    overdue_open: float = 0.5

    # client trust-giving: how the client's goals and directives leave room to work
    outcome_goal: float = 0.5  # what and why, leaving the how to the vendor's expertise
    constraint_goal: float = 0.2  # a real boundary from the client's world: fair, mildly good
    prescriptive_goal: float = 0.5  # the how, written into the phase's very aims
    scope_change: float = 0.5  # each goal added, edited or removed after the phase started
    # a what-and-why request is fine, but volume must not buy trust (EXCESSIVE_DIRECTIVES
    # watches volume), hence a fifth of an outcome goal
    outcome_directive: float = 0.1
    constraint_directive: float = 0.0  # a boundary restated during the phase: neutral
    prescriptive_directive: float = 0.5  # tells an expert how to do their own work
    out_of_channel_directive: float = 0.5  # chat, call or direct bypasses the agreed process
    fixed_price_scope_accepted: float = 0.75  # more work, same price, no new plan

    # partnership: agreement at the gates
    gate_both_go: float = 1.0  # both sides want to go on: the clearest sign of a working pair
    gate_go_with_conditions: float = 0.75  # agreement, with things still to settle
    gate_both_no_go: float = 0.5  # they agree it is not working: honest, but not a success
    gate_disagreement: float = 1.5  # one go, one no-go: they see two different projects


WEIGHTS = Weights()

# Weight per review criterion, times the rating's strength below. A review is one considered
# judgement per phase, so four criteria at 0.5 equal two kept promises at most.
CRITERION_WEIGHTS: dict[str, float] = {
    # the client rates the vendor
    "delivery": 0.5,
    "transparency": 0.5,
    "quality": 0.5,
    "collaboration": 0.5,
    # the vendor rates the client; autonomy and scope stability are what trust-giving means
    "goal_clarity": 0.5,
    "autonomy": 0.75,
    "responsiveness": 0.5,
    "scope_stability": 0.75,
}

# A rating's sign and strength: 3 is the middle of the scale, grounds neither for nor against.
RATING_STRENGTH: dict[int, float] = {5: 1.0, 4: 0.5, 3: 0.0, 2: -0.5, 1: -1.0}

VENDOR_RELIABILITY = "vendor_reliability"
CLIENT_TRUST_GIVING = "client_trust_giving"
PARTNERSHIP = "partnership"
DIRECTIONS = (VENDOR_RELIABILITY, CLIENT_TRUST_GIVING, PARTNERSHIP)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# How a gate decision reads in a sentence, and which decisions mean "carry on" (SPEC §2 Gate).
DECISION_WORDS = {"go": "go", "go_with_conditions": "go with conditions", "no_go": "no-go"}


@dataclass(frozen=True)
class Evidence:
    """One item's contribution to a score: positive or negative, never both."""

    source: str  # "commitment:42", "directive:7", "goal:3", "review:5", "phase:2"
    phase_id: int
    positive: float
    negative: float
    why: str
    kind: str  # on_time_delivery, slip_undisclosed, prescriptive_directive, ...
    decay: float = 1.0  # forgetting factor already applied to positive/negative

    def __post_init__(self) -> None:
        if self.positive < 0 or self.negative < 0 or (self.positive > 0 and self.negative > 0):
            raise ValueError(f"evidence {self.source} must be either positive or negative")

    @property
    def sign(self) -> str:
        return "+" if self.positive > 0 else "-"

    @property
    def weight(self) -> float:
        return self.positive if self.positive > 0 else self.negative

    def decayed(self, factor: float) -> Evidence:
        return replace(
            self,
            positive=self.positive * factor,
            negative=self.negative * factor,
            decay=self.decay * factor,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "phase_id": self.phase_id,
            "sign": self.sign,
            "weight": round(self.weight, 3),
            "why": self.why,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Score:
    score: float  # 0..100
    uncertainty: float  # 0..1; 1 with no evidence
    evidence: tuple[Evidence, ...] = ()

    @property
    def positive(self) -> float:
        """``r``: the positive weight behind the score."""
        return sum(e.positive for e in self.evidence)

    @property
    def negative(self) -> float:
        """``s``: the negative weight behind the score."""
        return sum(e.negative for e in self.evidence)

    @property
    def band(self) -> tuple[float, float]:
        """The scores the unknown part could still lead to: ``score ± 50·uncertainty``.

        In subjective-logic terms, belief ``r/(r+s+2)`` to belief plus uncertainty; it always
        lies inside 0..100, and is 0..100 with no evidence. For the dashboard's band.
        """
        half = 50 * self.uncertainty
        return (max(0.0, self.score - half), min(100.0, self.score + half))

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 1),
            "uncertainty": round(self.uncertainty, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }


def beta_score(evidence: Iterable[Evidence]) -> Score:
    """The beta reputation score of ``evidence`` (weights as given: no forgetting here)."""
    items = tuple(evidence)
    r = sum(e.positive for e in items)
    s = sum(e.negative for e in items)
    return Score(score=100 * (r + 1) / (r + s + 2), uncertainty=2 / (r + s + 2), evidence=items)


@dataclass(frozen=True)
class PhaseTrust:
    phase_id: int
    vendor_reliability: Score
    client_trust_giving: Score
    partnership: Score

    def to_dict(self) -> dict[str, Any]:
        return {
            "phase_id": self.phase_id,
            VENDOR_RELIABILITY: self.vendor_reliability.to_dict(),
            CLIENT_TRUST_GIVING: self.client_trust_giving.to_dict(),
            PARTNERSHIP: self.partnership.to_dict(),
        }


@dataclass(frozen=True)
class TrustReport:
    vendor_reliability: Score  # overall, with forgetting
    client_trust_giving: Score
    partnership: Score
    phases: tuple[PhaseTrust, ...] = field(default=())  # in phase order, no forgetting

    def phase(self, phase_id: int) -> PhaseTrust:
        for entry in self.phases:
            if entry.phase_id == phase_id:
                return entry
        raise KeyError(f"no phase {phase_id} in this partnership")

    def explain(self, direction: str, phase_id: int | None = None) -> tuple[Evidence, ...]:
        """The evidence behind one score, heaviest first: for an "explain" view."""
        if direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {direction!r}; use one of {DIRECTIONS}")
        holder: Any = self if phase_id is None else self.phase(phase_id)
        score: Score = getattr(holder, direction)
        return tuple(sorted(score.evidence, key=lambda e: -e.weight))

    def to_dict(self) -> dict[str, Any]:
        return {
            VENDOR_RELIABILITY: self.vendor_reliability.to_dict(),
            CLIENT_TRUST_GIVING: self.client_trust_giving.to_dict(),
            PARTNERSHIP: self.partnership.to_dict(),
            "phases": [p.to_dict() for p in self.phases],
        }


# --- forgetting ---------------------------------------------------------------------------


def _ordered(history: PartnershipHistory) -> list[PhaseHistory]:
    return sorted(history.phases, key=lambda p: p.order)


def _has_started(phase: PhaseHistory) -> bool:
    return phase.started_at is not None or phase.status != "planned"


def forgetting_factors(history: PartnershipHistory) -> dict[int, float]:
    """Phase id → the factor its evidence is multiplied by in the overall scores.

    The reference is the latest phase that has started (the last phase when none has): it and
    any planned phase after it count fully; each phase before it counts ``FORGETTING`` less.
    """
    phases = _ordered(history)
    started = [i for i, p in enumerate(phases) if _has_started(p)]
    reference = started[-1] if started else len(phases) - 1
    return {p.id: FORGETTING ** max(0, reference - i) for i, p in enumerate(phases)}


# --- how dates and items read in a sentence -----------------------------------------------


def format_day(d: date) -> str:
    """``3 March 2026``: English for now, like every message of the domain."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


_day = format_day


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def quote_item(text: str, limit: int = 60) -> str:
    """An item's title or text in quotes, shortened to ``limit`` characters."""
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}'"


def _label(criterion: str) -> str:
    return criterion.replace("_", " ")


# --- vendor reliability -------------------------------------------------------------------


def _commitment_evidence(c: CommitmentRecord, phase_id: int, today: date) -> list[Evidence]:
    w = WEIGHTS
    state = commitment_state(c, today)
    source = f"commitment:{c.id}"
    title = quote_item(c.title)
    found: list[Evidence] = []

    def add(sign: str, weight: float, why: str, kind: str) -> None:
        if weight > 0:
            pos, neg = (weight, 0.0) if sign == "+" else (0.0, weight)
            found.append(Evidence(source, phase_id, pos, neg, why, kind))

    for told in state.risks_in_advance[: w.risks_counted_per_commitment]:
        add(
            "+",
            w.risk_disclosed,
            f"A risk on {title} was disclosed on {_day(utc_date(told))}, before its due date",
            "risk_disclosed",
        )

    for slip in state.slips:
        recorded = _day(utc_date(slip.at))
        if slip.kind == "slip":
            moved = (
                f"slipped from {_day(slip.due_in_force)} to {_day(slip.new_due_date)}"
                if slip.new_due_date is not None
                else f"slipped past {_day(slip.due_in_force)}"
            )
            if slip.disclosed_in_advance:
                add(
                    "-",
                    w.slip_disclosed,
                    f"{title} {moved}, told on {recorded}, in advance",
                    "slip_disclosed",
                )
            else:
                add(
                    "-",
                    w.slip_undisclosed,
                    f"{title} {moved}, told only on {recorded}, "
                    f"{_days(slip.days_after_due)} after the due date had passed",
                    "slip_undisclosed",
                )
        elif slip.disclosed_in_advance:
            add(
                "-",
                w.drop_disclosed,
                f"{title} was dropped on {recorded}, before its due date of "
                f"{_day(slip.due_in_force)}",
                "drop_disclosed",
            )
        else:
            add(
                "-",
                w.drop_undisclosed,
                f"{title} was dropped on {recorded}, {_days(slip.days_after_due)} after its "
                f"due date of {_day(slip.due_in_force)} had passed",
                "drop_undisclosed",
            )

    if state.status == DELIVERED and state.delivered_at is not None:
        delivered_on = utc_date(state.delivered_at)
        gap = (state.due_date - delivered_on).days
        if state.on_time:
            when = "on its due date" if gap == 0 else f"{_days(gap)} before due"
            add(
                "+",
                w.on_time_delivery,
                f"{title} delivered on {_day(delivered_on)}, {when}",
                "on_time_delivery",
            )
        elif state.slips and state.all_slips_disclosed:
            add(
                "-",
                w.late_delivery_after_disclosed_slips,
                f"{title} delivered on {_day(delivered_on)}, {_days(-gap)} after its due date "
                f"of {_day(state.due_date)}, though earlier slips were told in advance",
                "late_delivery",
            )
        else:
            add(
                "-",
                w.late_delivery,
                f"{title} delivered on {_day(delivered_on)}, {_days(-gap)} after its due date "
                f"of {_day(state.due_date)}",
                "late_delivery",
            )
    elif state.overdue:
        add(
            "-",
            w.overdue_open,
            f"{title} is {_days((today - state.due_date).days)} past its due date of "
            f"{_day(state.due_date)} and still open, with no new date",
            "overdue_open",
        )
    return found


def _rating_evidence(review: ReviewRecord, phase: PhaseHistory) -> list[Evidence]:
    """One item per rated criterion of ``review``; 3 and unknown criteria give none."""
    rater, rated = ("client", "vendor") if review.side == "client" else ("vendor", "client")
    found = []
    for criterion in CRITERIA.get(review.side, ()):
        rating = review.ratings.get(criterion)
        strength = RATING_STRENGTH.get(rating, 0.0) if isinstance(rating, int) else 0.0
        weight = abs(strength) * CRITERION_WEIGHTS[criterion]
        if weight == 0:
            continue
        pos, neg = (weight, 0.0) if strength > 0 else (0.0, weight)
        found.append(
            Evidence(
                f"review:{review.id}",
                phase.id,
                pos,
                neg,
                f"The {rater} rated the {rated}'s {_label(criterion)} {rating} of 5 "
                f"in the review of {quote_item(phase.name)}",
                "review_rating",
            )
        )
    return found


def vendor_evidence(history: PartnershipHistory, now: datetime) -> list[Evidence]:
    """Grounds for the client to trust the vendor, phase by phase, before forgetting."""
    today = utc_date(now)
    found: list[Evidence] = []
    for phase in _ordered(history):
        for c in phase.commitments:
            found.extend(_commitment_evidence(c, phase.id, today))
        for review in phase.reviews:
            if review.side == "client":
                found.extend(_rating_evidence(review, phase))
    return found


# --- client trust-giving ------------------------------------------------------------------


def _goal_evidence(goal: GoalRecord, phase: PhaseHistory) -> list[Evidence]:
    w = WEIGHTS
    source = f"goal:{goal.id}"
    title = quote_item(goal.title)
    found = []
    if goal.removed_at is None:
        # the reading of what the client asks for now; a removed goal asks for nothing
        if goal.category == "outcome":
            found.append(
                Evidence(
                    source,
                    phase.id,
                    w.outcome_goal,
                    0.0,
                    f"Goal {title} states an outcome, leaving the how to the vendor",
                    "outcome_goal",
                )
            )
        elif goal.category == "constraint" and w.constraint_goal > 0:
            found.append(
                Evidence(
                    source,
                    phase.id,
                    w.constraint_goal,
                    0.0,
                    f"Goal {title} states a constraint from the client's world",
                    "constraint_goal",
                )
            )
        elif goal.category == "prescriptive":
            found.append(
                Evidence(
                    source,
                    phase.id,
                    0.0,
                    w.prescriptive_goal,
                    f"Goal {title} prescribes how the vendor should work",
                    "prescriptive_goal",
                )
            )
    for verb, moment in scope_changes(goal, phase):
        found.append(
            Evidence(
                source,
                phase.id,
                0.0,
                w.scope_change,
                f"Goal {title} was {verb} on {_day(utc_date(moment))}, after the phase started",
                "scope_change",
            )
        )
    return found


def scope_changes(goal: GoalRecord, phase: PhaseHistory) -> list[tuple[str, datetime]]:
    """The goal's changes after the phase started: ("added" | "edited" | "removed", when)."""
    start = phase.started_at
    if start is None:
        return []
    changes = []
    if goal.created_at > start:
        changes.append(("added", goal.created_at))
    changes.extend(("edited", rev.replaced_at) for rev in goal.revisions if rev.replaced_at > start)
    if goal.removed_at is not None and goal.removed_at > start:
        changes.append(("removed", goal.removed_at))
    return changes


def _directive_evidence(d: DirectiveRecord, phase: PhaseHistory, engagement: str) -> list[Evidence]:
    w = WEIGHTS
    source = f"directive:{d.id}"
    text = quote_item(d.text)
    found = []
    # Every branch for a prescriptive directive is negative: it can never raise trust-giving.
    if d.category == "outcome" and w.outcome_directive > 0:
        found.append(
            Evidence(
                source,
                phase.id,
                w.outcome_directive,
                0.0,
                f"Directive {text} asks for an outcome, leaving the how to the vendor",
                "outcome_directive",
            )
        )
    elif d.category == "constraint" and w.constraint_directive > 0:
        found.append(
            Evidence(
                source,
                phase.id,
                w.constraint_directive,
                0.0,
                f"Directive {text} states a constraint from the client's world",
                "constraint_directive",
            )
        )
    elif d.category == "prescriptive":
        found.append(
            Evidence(
                source,
                phase.id,
                0.0,
                w.prescriptive_directive,
                f"Directive {text} tells the vendor how to do the work",
                "prescriptive_directive",
            )
        )
    if d.channel in OUT_OF_CHANNEL:
        found.append(
            Evidence(
                source,
                phase.id,
                0.0,
                w.out_of_channel_directive,
                f"Directive {text} came by {d.channel}, outside the agreed process",
                "out_of_channel_directive",
            )
        )
    if engagement == "fixed_price" and d.adds_scope and d.response == "accepted":
        found.append(
            Evidence(
                source,
                phase.id,
                0.0,
                w.fixed_price_scope_accepted,
                f"Directive {text} added scope to the fixed price and was accepted "
                "without re-planning",
                "fixed_price_scope_accepted",
            )
        )
    return found


def client_evidence(history: PartnershipHistory, now: datetime) -> list[Evidence]:
    """Grounds for the vendor to trust the client, phase by phase, before forgetting.

    ``now`` is unused today; it is taken so both directions are computed alike.
    """
    del now
    found: list[Evidence] = []
    for phase in _ordered(history):
        for goal in phase.goals:
            found.extend(_goal_evidence(goal, phase))
        for d in phase.directives:
            found.extend(_directive_evidence(d, phase, history.engagement))
        for review in phase.reviews:
            if review.side == "vendor":
                found.extend(_rating_evidence(review, phase))
    return found


# --- the gates ----------------------------------------------------------------------------


def gate_evidence(history: PartnershipHistory) -> list[Evidence]:
    """Agreement or disagreement at each gate where both reviews are in."""
    w = WEIGHTS
    found = []
    for phase in _ordered(history):
        decisions = {r.side: r.decision for r in phase.reviews}
        client, vendor = decisions.get("client"), decisions.get("vendor")
        if client is None or vendor is None:
            continue
        name = quote_item(phase.name)
        said = (
            f"the client said {DECISION_WORDS.get(client, client)} and the vendor said "
            f"{DECISION_WORDS.get(vendor, vendor)} at the gate of {name}"
        )
        if client in GO_DECISIONS and vendor in GO_DECISIONS:
            weight = w.gate_both_go if client == vendor == "go" else w.gate_go_with_conditions
            found.append(
                Evidence(
                    f"phase:{phase.id}",
                    phase.id,
                    weight,
                    0.0,
                    f"Both sides agreed: {said}",
                    "gate_agreement",
                )
            )
        elif client not in GO_DECISIONS and vendor not in GO_DECISIONS:
            found.append(
                Evidence(
                    f"phase:{phase.id}",
                    phase.id,
                    w.gate_both_no_go,
                    0.0,
                    f"Both sides agreed to stop: {said}",
                    "gate_agreement",
                )
            )
        else:
            found.append(
                Evidence(
                    f"phase:{phase.id}",
                    phase.id,
                    0.0,
                    w.gate_disagreement,
                    f"The sides disagreed: {said}",
                    "gate_disagreement",
                )
            )
    return found


# --- the report ---------------------------------------------------------------------------


def _overall(evidence: Sequence[Evidence], factors: dict[int, float]) -> Score:
    return beta_score(e.decayed(factors.get(e.phase_id, 1.0)) for e in evidence)


def _of_phase(evidence: Sequence[Evidence], phase_id: int) -> Score:
    return beta_score(e for e in evidence if e.phase_id == phase_id)


def compute_trust(history: PartnershipHistory, now: datetime) -> TrustReport:
    """Trust in both directions and combined, overall and per phase.

    ``now`` is the moment of reading (timezone-aware); its UTC date decides which open
    commitments are overdue.
    """
    vendor = vendor_evidence(history, now)
    client = client_evidence(history, now)
    combined = vendor + client + gate_evidence(history)
    factors = forgetting_factors(history)
    phases = tuple(
        PhaseTrust(
            phase_id=phase.id,
            vendor_reliability=_of_phase(vendor, phase.id),
            client_trust_giving=_of_phase(client, phase.id),
            partnership=_of_phase(combined, phase.id),
        )
        for phase in _ordered(history)
    )
    return TrustReport(
        vendor_reliability=_overall(vendor, factors),
        client_trust_giving=_overall(client, factors),
        partnership=_overall(combined, factors),
        phases=phases,
    )
