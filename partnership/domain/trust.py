"""Trust in both directions, computed from evidence with the beta reputation model (SPEC §5).

Every piece of evidence names the item it came from, its sign and weight, and a sentence a
person understands (a message code with its values, written in the reader's language by
``partnership/i18n``). With ``r`` the positive and ``s`` the negative weight behind a score:
``score = 100·(r+1)/(r+s+2)`` and ``uncertainty = 2/(r+s+2)``. Per-phase scores use that
phase's evidence as it is; overall scores multiply each phase's evidence by ``FORGETTING**k``,
``k`` being how many phases it lies before the latest started phase. The model, every weight
and why the SPEC's properties always hold are written down in ``docs/trust.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .commitments import DELIVERED, STATES_KEPT, commitment_state, utc_date
from .history import (
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    PartnershipHistory,
    PhaseHistory,
    ReviewRecord,
)
from .memo import by_identity
from .messages import Message, Quote, Say, Term
from .vocabulary import CRITERIA, GO_DECISIONS, OUT_OF_CHANNEL

# Each phase further back counts this much less in the overall scores: a partnership that has
# recovered should be able to see it, while an old pattern still leaves a trace (0.8 keeps
# about a third of the weight after five phases).
FORGETTING = 0.8
# Below this much evidence (r + s) a score says "not enough evidence yet" rather than a number:
# a fresh partnership's 50 is no judgement, and neither is one bit of weak evidence.
ENOUGH_EVIDENCE = 1.0


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


@dataclass(frozen=True)
class Evidence:
    """One item's contribution to a score: positive or negative, never both."""

    source: str  # "commitment:42", "directive:7", "goal:3", "review:5", "phase:2"
    phase_id: int
    positive: float
    negative: float
    why: Message  # the sentence: "“Export to CSV” delivered on March 4, 2026, 2 days before due"
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
        if factor == 1.0:
            return self
        # not dataclasses.replace: a long history has tens of thousands of items
        return Evidence(
            self.source,
            self.phase_id,
            self.positive * factor,
            self.negative * factor,
            self.why,
            self.kind,
            self.decay * factor,
        )

    def to_dict(self, say: Say) -> dict[str, Any]:
        return {
            "source": self.source,
            "phase_id": self.phase_id,
            "sign": self.sign,
            "weight": round(self.weight, 3),
            "why": say(self.why),
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
    def enough(self) -> bool:
        """Whether there is evidence enough to judge by (a score to show as a number)."""
        return self.positive + self.negative >= ENOUGH_EVIDENCE

    @property
    def band(self) -> tuple[float, float]:
        """The scores the unknown part could still lead to: ``score ± 50·uncertainty``.

        In subjective-logic terms, belief ``r/(r+s+2)`` to belief plus uncertainty; it always
        lies inside 0..100, and is 0..100 with no evidence. For the dashboard's band.
        """
        half = 50 * self.uncertainty
        return (max(0.0, self.score - half), min(100.0, self.score + half))

    def to_dict(self, say: Say) -> dict[str, Any]:
        return {
            "score": round(self.score, 1),
            "uncertainty": round(self.uncertainty, 3),
            "evidence": [e.to_dict(say) for e in self.evidence],
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

    def to_dict(self, say: Say) -> dict[str, Any]:
        return {
            "phase_id": self.phase_id,
            VENDOR_RELIABILITY: self.vendor_reliability.to_dict(say),
            CLIENT_TRUST_GIVING: self.client_trust_giving.to_dict(say),
            PARTNERSHIP: self.partnership.to_dict(say),
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

    def to_dict(self, say: Say) -> dict[str, Any]:
        """The API's shape, with each evidence's sentence written by ``say``."""
        return {
            VENDOR_RELIABILITY: self.vendor_reliability.to_dict(say),
            CLIENT_TRUST_GIVING: self.client_trust_giving.to_dict(say),
            PARTNERSHIP: self.partnership.to_dict(say),
            "phases": [p.to_dict(say) for p in self.phases],
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


# --- vendor reliability -------------------------------------------------------------------


# A reading after a write reads again only the phase it touched (``services/history.py``): the
# other phases' records are the same objects, and their evidence is what it was for the day.
@by_identity(STATES_KEPT)
def _commitment_evidence(c: CommitmentRecord, phase_id: int, today: date) -> tuple[Evidence, ...]:
    w = WEIGHTS
    state = commitment_state(c, today)
    source = f"commitment:{c.id}"
    title = Quote.short(c.title)
    found: list[Evidence] = []

    def add(sign: str, weight: float, why: str, kind: str, **values: Any) -> None:
        if weight > 0:
            pos, neg = (weight, 0.0) if sign == "+" else (0.0, weight)
            message = Message(f"evidence.{why}", title=title, **values)
            found.append(Evidence(source, phase_id, pos, neg, message, kind))

    for told in state.risks_in_advance[: w.risks_counted_per_commitment]:
        add("+", w.risk_disclosed, "risk_disclosed", "risk_disclosed", date=utc_date(told))

    for slip in state.slips:
        when = {"told": utc_date(slip.at), "due": slip.due_in_force, "days": slip.days_after_due}
        if slip.kind == "slip":
            # "slipped from 10 March to 20 March", or "slipped past 10 March" with no new date
            moved = "" if slip.new_due_date is not None else ".no_new_date"
            kind = "slip_disclosed" if slip.disclosed_in_advance else "slip_undisclosed"
            weight = w.slip_disclosed if slip.disclosed_in_advance else w.slip_undisclosed
            add("-", weight, kind + moved, kind, new_due=slip.new_due_date, **when)
        elif slip.disclosed_in_advance:
            add("-", w.drop_disclosed, "drop_disclosed", "drop_disclosed", **when)
        else:
            add("-", w.drop_undisclosed, "drop_undisclosed", "drop_undisclosed", **when)

    if state.status == DELIVERED and state.delivered_at is not None:
        delivered_on = utc_date(state.delivered_at)
        gap = (state.due_date - delivered_on).days
        on = {"date": delivered_on, "due": state.due_date}
        if state.on_time:
            why = "on_time_delivery" if gap == 0 else "early_delivery"
            add("+", w.on_time_delivery, why, "on_time_delivery", days=gap, **on)
        elif state.slips and state.all_slips_disclosed:
            add(
                "-",
                w.late_delivery_after_disclosed_slips,
                "late_delivery_after_disclosed_slips",
                "late_delivery",
                days=-gap,
                **on,
            )
        else:
            add("-", w.late_delivery, "late_delivery", "late_delivery", days=-gap, **on)
    elif state.overdue:
        add(
            "-",
            w.overdue_open,
            "overdue_open",
            "overdue_open",
            days=(today - state.due_date).days,
            due=state.due_date,
        )
    return tuple(found)


def _rating_evidence(review: ReviewRecord, phase: PhaseHistory) -> list[Evidence]:
    """One item per rated criterion of ``review``; 3 and unknown criteria give none."""
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
                Message(
                    f"evidence.review_rating.by_{review.side}",
                    criterion=Term(criterion),
                    rating=rating,
                    phase=Quote.short(phase.name),
                ),
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
    title = Quote.short(goal.title)
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
                    Message("evidence.outcome_goal", title=title),
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
                    Message("evidence.constraint_goal", title=title),
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
                    Message("evidence.prescriptive_goal", title=title),
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
                Message(f"evidence.scope_change.{verb}", title=title, date=utc_date(moment)),
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
    text = Quote.short(d.text)
    found = []
    # Every branch for a prescriptive directive is negative: it can never raise trust-giving.
    if d.category == "outcome" and w.outcome_directive > 0:
        found.append(
            Evidence(
                source,
                phase.id,
                w.outcome_directive,
                0.0,
                Message("evidence.outcome_directive", text=text),
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
                Message("evidence.constraint_directive", text=text),
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
                Message("evidence.prescriptive_directive", text=text),
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
                Message(f"evidence.out_of_channel_directive.{d.channel}", text=text),
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
                Message("evidence.fixed_price_scope_accepted", text=text),
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
        said = {"client": Term(client), "vendor": Term(vendor), "phase": Quote.short(phase.name)}
        if client in GO_DECISIONS and vendor in GO_DECISIONS:
            weight = w.gate_both_go if client == vendor == "go" else w.gate_go_with_conditions
            found.append(
                Evidence(
                    f"phase:{phase.id}",
                    phase.id,
                    weight,
                    0.0,
                    Message("evidence.gate_agreement", **said),
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
                    Message("evidence.gate_agreement_to_stop", **said),
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
                    Message("evidence.gate_disagreement", **said),
                    "gate_disagreement",
                )
            )
    return found


# --- the report ---------------------------------------------------------------------------


def _overall(evidence: Sequence[Evidence], factors: dict[int, float]) -> Score:
    return beta_score(e.decayed(factors.get(e.phase_id, 1.0)) for e in evidence)


def _by_phase(evidence: Sequence[Evidence]) -> dict[int, list[Evidence]]:
    found: dict[int, list[Evidence]] = {}
    for e in evidence:
        found.setdefault(e.phase_id, []).append(e)
    return found


def compute_trust(history: PartnershipHistory, now: datetime) -> TrustReport:
    """Trust in both directions and combined, overall and per phase.

    ``now`` is the moment of reading (timezone-aware); its UTC date decides which open
    commitments are overdue.
    """
    vendor = vendor_evidence(history, now)
    client = client_evidence(history, now)
    combined = vendor + client + gate_evidence(history)
    factors = forgetting_factors(history)
    vendor_of, client_of, combined_of = map(_by_phase, (vendor, client, combined))
    phases = tuple(
        PhaseTrust(
            phase_id=phase.id,
            vendor_reliability=beta_score(vendor_of.get(phase.id, ())),
            client_trust_giving=beta_score(client_of.get(phase.id, ())),
            partnership=beta_score(combined_of.get(phase.id, ())),
        )
        for phase in _ordered(history)
    )
    return TrustReport(
        vendor_reliability=_overall(vendor, factors),
        client_trust_giving=_overall(client, factors),
        partnership=_overall(combined, factors),
        phases=phases,
    )
