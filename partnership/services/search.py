"""Search a partnership's goals, directives and commitments by their words (SPEC §9 "Clear").

One query for the page of results and one for their count, whatever the history's length: the
three kinds are one ``UNION ALL``, matched case-insensitively on the text people wrote (a goal's
title and success criterion, a directive's text, a commitment's title), newest phase first.
``%`` and ``_`` typed in the box mean themselves. The text is checked like any other input
first (no control characters, no lone surrogates, at most ``MAX_SEARCH`` characters), so
nothing odd reaches the database.

SQLite lowers only ASCII letters, so on a laptop "Ärende" is not found by "ärende"; PostgreSQL
lowers every letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, literal, select, union_all

from ..domain.vocabulary import MAX_SEARCH
from ..extensions import db
from ..models import Commitment, Directive, Goal, Partnership, Phase
from . import checks

KINDS = ("goal", "directive", "commitment")


@dataclass(frozen=True)
class Found:
    kind: str  # goal | directive | commitment
    id: int
    phase_id: int
    phase_name: str
    text: str  # the title or text
    detail: str  # a goal's success criterion ("" for the others)
    created_at: datetime
    removed: bool  # a goal removed after the start


@dataclass(frozen=True)
class Results:
    query: str
    items: list[Found]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def query_text(value: object) -> str:
    """What was typed into the search box, checked: 422 for what no text can hold."""
    return checks.text(value, "q", max_length=MAX_SEARCH, required=False)


def _matches(column, words: str) -> ColumnElement[bool]:
    return func.lower(column).contains(words.lower(), autoescape=True)


def search(partnership: Partnership, words: str, page: int = 1, per_page: int = 20) -> Results:
    """The goals, directives and commitments of ``partnership`` whose words contain ``words``."""
    words = query_text(words)
    if not words:
        return Results(words, [], 0, 1, per_page)
    mine = Phase.partnership_id == partnership.id
    goals = (
        select(
            literal("goal").label("kind"),
            Goal.id.label("id"),
            Goal.phase_id.label("phase_id"),
            Goal.title.label("text"),
            Goal.success_criterion.label("detail"),
            Goal.created_at.label("created_at"),
            (Goal.removed_at.is_not(None)).label("removed"),
        )
        .join(Phase, Goal.phase_id == Phase.id)
        .where(mine, _matches(Goal.title, words) | _matches(Goal.success_criterion, words))
    )
    directives = (
        select(
            literal("directive"),
            Directive.id,
            Directive.phase_id,
            Directive.text,
            literal(""),
            Directive.created_at,
            literal(False),
        )
        .join(Phase, Directive.phase_id == Phase.id)
        .where(mine, _matches(Directive.text, words))
    )
    commitments = (
        select(
            literal("commitment"),
            Commitment.id,
            Commitment.phase_id,
            Commitment.title,
            literal(""),
            Commitment.created_at,
            literal(False),
        )
        .join(Phase, Commitment.phase_id == Phase.id)
        .where(mine, _matches(Commitment.title, words))
    )
    found = union_all(goals, directives, commitments).subquery()
    total = db.session.scalar(select(func.count()).select_from(found)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        select(found, Phase.name, Phase.position)
        .join(Phase, Phase.id == found.c.phase_id)
        .order_by(Phase.position.desc(), found.c.created_at.desc(), found.c.kind, found.c.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = [
        Found(
            kind=row.kind,
            id=row.id,
            phase_id=row.phase_id,
            phase_name=row.name,
            text=row.text,
            detail=row.detail or "",
            created_at=row.created_at,
            removed=bool(row.removed),
        )
        for row in rows
    ]
    return Results(words, items, total, page, per_page)
