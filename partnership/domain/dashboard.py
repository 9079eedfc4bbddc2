"""What the dashboard shows, as plain data: per-phase series derived from the history.

Pure functions of the history (and the trust report), so the figures on the charts and in
their text tables are the same numbers, tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import workflow
from .commitments import DELIVERY_CLASSES, commitment_state, delivery_class, utc_date
from .history import PartnershipHistory, PhaseHistory
from .trust import Score, TrustReport
from .vocabulary import CATEGORIES, CRITERIA

DIRECTIONS = ("vendor_reliability", "client_trust_giving", "partnership")
WINDOW = 8  # phases the dashboard shows by default; older ones on demand


def recent(rows: list[Any], phases: int | None = WINDOW) -> list[Any]:
    """The rows of the latest ``phases`` phases that have rows (all of them with ``None``).

    Rows are in phase order and carry a ``phase_id`` (attribute or key)."""

    def phase_of(row: Any) -> int:
        return int(row["phase_id"] if isinstance(row, dict) else row.phase_id)

    if phases is None:
        return rows
    keep = set(list(dict.fromkeys(map(phase_of, rows)))[-phases:])
    return [row for row in rows if phase_of(row) in keep]


def current_phase(history: PartnershipHistory) -> PhaseHistory | None:
    """The phase a reader means by "now": the open one, else the latest started, else the
    first planned."""
    phases = sorted(history.phases, key=lambda p: p.order)
    for phase in phases:
        if phase.status in workflow.OPEN:
            return phase
    started = [p for p in phases if p.status in workflow.STARTED]
    if started:
        return started[-1]
    return phases[0] if phases else None


@dataclass(frozen=True)
class Headline:
    """A score card: the overall score (older phases weigh less) beside the current phase's."""

    direction: str
    overall: Score
    phase_id: int | None
    latest: Score | None


def headlines(history: PartnershipHistory, report: TrustReport) -> list[Headline]:
    phase = current_phase(history)
    entry = report.phase(phase.id) if phase and phase.status in workflow.STARTED else None
    return [
        Headline(
            direction,
            getattr(report, direction),
            entry.phase_id if entry else None,
            getattr(entry, direction) if entry else None,
        )
        for direction in DIRECTIONS
    ]


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


def flags_by_phase(history: PartnershipHistory, found: list[Any]) -> list[tuple[int, list[Any]]]:
    """Flags grouped by their phase: the current phase first, then the others newest first, so
    that a pattern of an old, stopped phase is not read as today's."""
    order = {p.id: p.order for p in history.phases}
    current = current_phase(history)
    now = current.id if current else None
    groups: dict[int, list[Any]] = {}
    for flag in found:
        groups.setdefault(flag.phase_id, []).append(flag)
    return sorted(groups.items(), key=lambda g: (g[0] != now, -order.get(g[0], 0)))


def timeline_window(
    rows: list[dict[str, Any]], phases: int | None = WINDOW
) -> list[dict[str, Any]]:
    """The timeline around now: the latest ``phases`` phases that started and the next planned
    one (every phase with ``None``)."""
    if phases is None:
        return rows
    started = [r for r in rows if not r["planned"]][-phases:]
    upcoming = [r for r in rows if r["planned"]][:1]
    return started + upcoming if started else rows[:phases]
