"""What the dashboard shows, as plain data: per-phase series derived from the history.

Pure functions of the history (and the trust report), so the figures on the charts and in
their text tables are the same numbers, tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .commitments import DELIVERY_CLASSES, commitment_state, delivery_class, utc_date
from .history import PartnershipHistory
from .trust import TrustReport
from .vocabulary import CATEGORIES, CRITERIA

DIRECTIONS = ("vendor_reliability", "client_trust_giving", "partnership")


@dataclass(frozen=True)
class TrustPoint:
    phase_id: int
    phase: str
    direction: str
    score: float
    low: float
    high: float
    uncertainty: float


def trust_series(history: PartnershipHistory, report: TrustReport) -> list[TrustPoint]:
    """Each direction's score per started phase, with its uncertainty band."""
    names = {p.id: p.name for p in history.phases}
    started = {p.id for p in history.phases if p.status != "planned"}
    points = []
    for phase in report.phases:
        if phase.phase_id not in started:
            continue
        for direction in DIRECTIONS:
            score = getattr(phase, direction)
            low, high = score.band
            points.append(
                TrustPoint(
                    phase.phase_id,
                    names[phase.phase_id],
                    direction,
                    round(score.score, 1),
                    round(low, 1),
                    round(high, 1),
                    round(score.uncertainty, 3),
                )
            )
    return points


def delivery_record(history: PartnershipHistory, now: datetime) -> list[dict[str, Any]]:
    """Per phase: how many commitments were on time, late but told early, late and told late,
    dropped, or still open."""
    today = utc_date(now)
    rows = []
    for phase in history.phases:
        counts = dict.fromkeys(DELIVERY_CLASSES, 0)
        for c in phase.commitments:
            counts[delivery_class(commitment_state(c, today))] += 1
        rows.append({"phase_id": phase.id, "phase": phase.name, **counts})
    return rows


def statement_mix(history: PartnershipHistory) -> list[dict[str, Any]]:
    """Per phase: goals (current, not removed) and directives by category."""
    rows = []
    for phase in history.phases:
        row: dict[str, Any] = {"phase_id": phase.id, "phase": phase.name}
        for kind, items in (
            ("goals", [g for g in phase.goals if g.removed_at is None]),
            ("directives", phase.directives),
        ):
            for category in CATEGORIES:
                row[f"{kind}_{category}"] = sum(1 for i in items if i.category == category)
        rows.append(row)
    return rows


def review_ratings(history: PartnershipHistory) -> list[dict[str, Any]]:
    """Per decided or reviewed phase: each side's ratings, criterion by criterion."""
    rows = []
    for phase in history.phases:
        for review in phase.reviews:
            for criterion in CRITERIA[review.side]:
                rows.append(
                    {
                        "phase_id": phase.id,
                        "phase": phase.name,
                        "side": review.side,
                        "criterion": criterion,
                        "rating": review.ratings.get(criterion),
                    }
                )
    return rows


def timeline(history: PartnershipHistory) -> list[dict[str, Any]]:
    """Each phase's status, dates and the two decisions at its gate."""
    rows = []
    for phase in history.phases:
        decisions = {r.side: r.decision for r in phase.reviews}
        ended = phase.decided_at or phase.closed_at
        rows.append(
            {
                "phase_id": phase.id,
                "phase": phase.name,
                "status": phase.status,
                "start": phase.started_at.date() if phase.started_at else phase.planned_start,
                "end": ended.date() if ended else phase.planned_end,
                "planned": phase.started_at is None,
                "client_decision": decisions.get("client"),
                "vendor_decision": decisions.get("vendor"),
            }
        )
    return rows
