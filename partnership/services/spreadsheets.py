"""CSV downloads of a partnership's history for spreadsheet users: the commitments log, the
directives, the flags, trust phase by phase, and the reviews.

UTF-8 with a byte order mark, so Excel reads accents and Arabic right; times in UTC as
``YYYY-MM-DD HH:MM:SS`` (which spreadsheets recognise as a date and time, unlike ISO 8601 with
an offset; the column header says UTC). A cell that a spreadsheet would run as a formula is
neutralised with a leading quote (CSV injection): the log holds text the other side typed.

Each download reads the partnership in a fixed number of queries, however long its history.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import flags, trust
from ..domain.commitments import commitment_state
from ..domain.messages import Message
from ..domain.vocabulary import CRITERIA, GOAL_OUTCOMES
from ..extensions import db
from ..i18n.render import render
from ..models import (
    Commitment,
    Directive,
    DirectiveResponse,
    Goal,
    Partnership,
    Phase,
    Review,
    utcnow,
)
from . import history, invitations
from .history import commitment_record

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (=, +, -, @) or may
# (tab and carriage return, per OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COMMITMENT_HEADER = (
    "Phase",
    "Commitment",
    "Goal",
    "Original due",
    "Current due",
    "State",
    "Late",
    "Slips",
    "Last slip disclosed in advance",
    "Delivered at (UTC)",
    "Author",
)
DIRECTIVE_HEADER = (
    "Phase",
    "Created at (UTC)",
    "Author",
    "Channel",
    "Adds scope",
    "Category",
    "Text",
    "Goal",
    "Response",
    "Response note",
    "Answered by",
    "Answered at (UTC)",
)
FLAG_HEADER = (
    "Phase",
    "Code",
    "Severity",
    "Side",
    "Message",
    "Suggestion",
    "Evidence items",
    "Evidence",
)
TRUST_HEADER = (
    "Phase",
    "Status",
    "Started at (UTC)",
    "Decided at (UTC)",
    "Vendor reliability (0 to 100)",
    "Vendor reliability uncertainty (0 to 1)",
    "Client trust-giving (0 to 100)",
    "Client trust-giving uncertainty (0 to 1)",
    "Partnership trust (0 to 100)",
    "Partnership trust uncertainty (0 to 1)",
    "Evidence items",  # behind partnership trust: both directions and the gates
)
# The last row of the trust download: the overall scores, where older phases weigh less.
OVERALL = "All phases (older phases weigh less)"
CRITERIA_ORDER = (*CRITERIA["client"], *CRITERIA["vendor"])
REVIEW_HEADER = (
    "Phase",
    "Side",
    "Submitted by",
    "Submitted at (UTC)",
    "Decision",
    "Conditions",
    "Comment",
    *(f"{c.replace('_', ' ').capitalize()} (1 to 5)" for c in CRITERIA_ORDER),
    *(f"Goals {o.replace('_', ' ')}" for o in GOAL_OUTCOMES),
)
# commitments: phases, commitments (+ goal, author), events; directives: phases, directives
# (+ goal, author), responses (+ who answered); flags and trust: the history loader's; reviews:
# phases, reviews (+ author), ratings, goals
COMMITMENT_QUERIES = 5
DIRECTIVE_QUERIES = 6
FLAG_QUERIES = TRUST_QUERIES = history.QUERIES
REVIEW_QUERIES = 5


def cell(value: object) -> str:
    """One CSV cell as text, neutralised if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)  # quotes as needed, lines end with \r\n as RFC 4180 says
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _phases(partnership: Partnership) -> dict[int, Phase]:
    return {
        p.id: p
        for p in db.session.scalars(
            select(Phase)
            .where(Phase.partnership_id == partnership.id)
            .order_by(Phase.position, Phase.id)
        )
    }


def commitments_csv(partnership: Partnership, today: date | None = None) -> str:
    """One row per commitment, phase by phase, in the order they were logged."""
    today = today or utcnow().date()
    phases = _phases(partnership)
    commitments = db.session.scalars(
        select(Commitment)
        .join(Phase)
        .where(Phase.partnership_id == partnership.id)
        .order_by(Phase.position, Phase.id, Commitment.id)
        .options(
            selectinload(Commitment.goal),
            selectinload(Commitment.created_by),
            selectinload(Commitment.events),
        )
    )
    rows = []
    for c in commitments:
        state = commitment_state(commitment_record(c), today)
        last_slip = state.slips[-1] if state.slips else None
        rows.append(
            (
                phases[c.phase_id].name,
                c.title,
                c.goal.title if c.goal else None,
                c.due_date,
                state.due_date,
                state.status,
                state.late,
                len(state.slips),
                last_slip.disclosed_in_advance if last_slip else None,
                state.delivered_at,
                invitations.shown_name(c.created_by),
            )
        )
    return _csv(COMMITMENT_HEADER, rows)


def directives_csv(partnership: Partnership) -> str:
    """One row per directive, phase by phase, in the order they were sent."""
    phases = _phases(partnership)
    directives = db.session.scalars(
        select(Directive)
        .join(Phase)
        .where(Phase.partnership_id == partnership.id)
        .order_by(Phase.position, Phase.id, Directive.id)
        .options(
            selectinload(Directive.goal),
            selectinload(Directive.created_by),
            selectinload(Directive.response).selectinload(DirectiveResponse.by),
        )
    )
    rows = []
    for d in directives:
        response = d.response
        rows.append(
            (
                phases[d.phase_id].name,
                d.created_at,
                invitations.shown_name(d.created_by),
                d.channel,
                d.adds_scope,
                d.category,
                d.text,
                d.goal.title if d.goal else None,
                response.response if response else None,
                response.note if response else None,
                invitations.shown_name(response.by) if response else None,
                response.at if response else None,
            )
        )
    return _csv(DIRECTIVE_HEADER, rows)


def _words(value: object) -> str:
    """A sentence of the product: rendered if it is a ``Message``, as it is otherwise. The
    downloads are in English, like their headers, so a script reads them the same way."""
    return render(value, "en") if isinstance(value, Message) else str(value)


def flags_csv(partnership: Partnership, now: datetime | None = None) -> str:
    """One row per flag, phase by phase, as the pages list them."""
    loaded = history.load(partnership)
    names = {p.id: p.name for p in loaded.phases}
    order = {p.id: p.order for p in loaded.phases}
    raised = flags.compute_flags(loaded, now or utcnow())
    rows = [
        (
            names.get(f.phase_id, ""),
            f.code,
            f.severity,
            f.side,
            _words(f.message),
            _words(f.suggestion),
            len(f.evidence),
            "; ".join(f.evidence),
        )
        for f in sorted(raised, key=lambda f: order.get(f.phase_id, 0))
    ]
    return _csv(FLAG_HEADER, rows)


def _scores(holder: object) -> list[object]:
    values: list[object] = []
    for direction in trust.DIRECTIONS:
        score = getattr(holder, direction)
        values += [round(score.score, 1), round(score.uncertainty, 3)]
    return values


def trust_csv(partnership: Partnership, now: datetime | None = None) -> str:
    """Trust in both directions and combined, one row per phase (each on its own evidence),
    then the overall scores (older phases weigh less)."""
    loaded = history.load(partnership)
    report = trust.compute_trust(loaded, now or utcnow())
    by_id = {p.id: p for p in loaded.phases}
    rows = []
    for entry in report.phases:
        phase = by_id[entry.phase_id]
        rows.append(
            (
                phase.name,
                phase.status,
                phase.started_at,
                phase.decided_at,
                *_scores(entry),
                len(entry.partnership.evidence),
            )
        )
    rows.append((OVERALL, "", None, None, *_scores(report), len(report.partnership.evidence)))
    return _csv(TRUST_HEADER, rows)


def reviews_csv(partnership: Partnership) -> str:
    """One row per review: the decision, its conditions, every rating, and (for the client's)
    how many goals were met, partly met and missed."""
    phases = _phases(partnership)
    reviews = db.session.scalars(
        select(Review)
        .join(Phase)
        .where(Phase.partnership_id == partnership.id)
        .order_by(Phase.position, Phase.id, Review.side)
        .options(selectinload(Review.by), selectinload(Review.ratings))
    )
    outcomes: dict[int, dict[str, int]] = {}
    for phase_id, outcome in db.session.execute(
        select(Goal.phase_id, Goal.outcome)
        .join(Phase)
        .where(Phase.partnership_id == partnership.id, Goal.outcome.is_not(None))
    ):
        tally = outcomes.setdefault(phase_id, {})
        tally[str(outcome)] = tally.get(str(outcome), 0) + 1
    rows = []
    for r in reviews:
        ratings = r.ratings_by_criterion
        counts = outcomes.get(r.phase_id, {}) if r.side == "client" else None
        rows.append(
            (
                phases[r.phase_id].name,
                r.side,
                invitations.shown_name(r.by),
                r.submitted_at,
                r.decision,
                r.conditions,
                r.comment,
                *(ratings.get(c) for c in CRITERIA_ORDER),
                *((counts.get(o, 0) if counts is not None else None) for o in GOAL_OUTCOMES),
            )
        )
    return _csv(REVIEW_HEADER, rows)
