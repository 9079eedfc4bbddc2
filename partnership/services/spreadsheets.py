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

from ..domain import flags, trust
from ..domain.commitments import commitment_state
from ..domain.history import PartnershipHistory, authors_of
from ..domain.messages import Message
from ..domain.vocabulary import CRITERIA, GOAL_OUTCOMES
from ..extensions import db
from ..i18n.render import render
from ..models import Partnership, User, utcnow
from . import history, invitations

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
# Every download reads the history loader's records (at most its queries; a process keeps the
# items of phases that did not change); the commitments, directives and reviews also read their
# authors' names (one more).
FLAG_QUERIES = TRUST_QUERIES = history.QUERIES
COMMITMENT_QUERIES = DIRECTIVE_QUERIES = REVIEW_QUERIES = history.QUERIES + 1


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


def _history(partnership: Partnership) -> tuple[PartnershipHistory, dict[int, str]]:
    """The history loader's records, and the names of their authors as this partnership
    shows them."""
    loaded = history.load(partnership)
    ids = authors_of(loaded.phases)
    people = db.session.scalars(select(User).where(User.id.in_(ids))) if ids else ()
    return loaded, {u.id: invitations.shown_name(u) for u in people}


def _goal_titles(loaded: PartnershipHistory) -> dict[int, str]:
    return {g.id: g.title for phase in loaded.phases for g in phase.goals}


def commitments_csv(partnership: Partnership, today: date | None = None) -> str:
    """One row per commitment, phase by phase, in the order they were logged."""
    today = today or utcnow().date()
    loaded, names = _history(partnership)
    goals = _goal_titles(loaded)
    rows = []
    for phase in loaded.phases:
        for c in phase.commitments:
            state = commitment_state(c, today)
            last_slip = state.slips[-1] if state.slips else None
            rows.append(
                (
                    phase.name,
                    c.title,
                    goals.get(c.goal_id) if c.goal_id else None,
                    c.due_date,
                    state.due_date,
                    state.status,
                    state.late,
                    len(state.slips),
                    last_slip.disclosed_in_advance if last_slip else None,
                    state.delivered_at,
                    names.get(c.created_by_id) if c.created_by_id else None,
                )
            )
    return _csv(COMMITMENT_HEADER, rows)


def directives_csv(partnership: Partnership) -> str:
    """One row per directive, phase by phase, in the order they were sent."""
    loaded, names = _history(partnership)
    goals = _goal_titles(loaded)
    rows = []
    for phase in loaded.phases:
        for d in phase.directives:
            answered = d.response is not None
            rows.append(
                (
                    phase.name,
                    d.created_at,
                    names.get(d.created_by_id) if d.created_by_id else None,
                    d.channel,
                    d.adds_scope,
                    d.category,
                    d.text,
                    goals.get(d.goal_id) if d.goal_id else None,
                    d.response,
                    d.response_note if answered else None,
                    names.get(d.responded_by_id) if d.responded_by_id else None,
                    d.responded_at,
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
    loaded, names = _history(partnership)
    rows = []
    for phase in loaded.phases:
        counts = {o: sum(g.outcome == o for g in phase.goals) for o in GOAL_OUTCOMES}
        for r in sorted(phase.reviews, key=lambda r: r.side):
            rows.append(
                (
                    phase.name,
                    r.side,
                    names.get(r.by_id) if r.by_id else None,
                    r.submitted_at,
                    r.decision,
                    r.conditions,
                    r.comment,
                    *(r.ratings.get(c) for c in CRITERIA_ORDER),
                    *(counts[o] if r.side == "client" else None for o in GOAL_OUTCOMES),
                )
            )
    return _csv(REVIEW_HEADER, rows)
