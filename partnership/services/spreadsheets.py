"""CSV downloads of a partnership's commitments log and directives, for spreadsheet users.

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

from ..domain.commitments import commitment_state
from ..extensions import db
from ..models import Commitment, Directive, DirectiveResponse, Partnership, Phase, utcnow
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
# commitments: phases, commitments (+ goal, author), events; directives: phases, directives
# (+ goal, author), responses (+ who answered)
COMMITMENT_QUERIES = 5
DIRECTIVE_QUERIES = 6


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
                c.created_by.name,
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
                d.created_by.name,
                d.channel,
                d.adds_scope,
                d.category,
                d.text,
                d.goal.title if d.goal else None,
                response.response if response else None,
                response.note if response else None,
                response.by.name if response else None,
                response.at if response else None,
            )
        )
    return _csv(DIRECTIVE_HEADER, rows)
