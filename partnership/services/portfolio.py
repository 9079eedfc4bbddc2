"""A lead's partnerships side by side: trust both ways, the flags of the phase under way, what
waits for them; sortable, so the partnership in trouble comes first (SPEC §9 "Clear").

A fixed number of queries per page, however many partnerships and however long their
histories: the partnerships and their members (2), every history at once
(``history.load_many``, 10), what waits for the person (``inbox.waiting``). Sorting by name
or by age is done by the database, and only the page's partnerships are loaded; sorting by a
score, the flags or what waits needs every partnership's figures, so all of the person's
partnerships are loaded then (still in the same queries).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..domain import flags, trust
from ..domain.dashboard import current_phase
from ..domain.history import PhaseHistory
from ..extensions import db
from ..models import Member, Partnership, User, utcnow
from . import history, inbox

# Sort keys and their natural order: the worst first for the scores, the most first for flags
# and what waits, A to Z for names, newest first for age. ``attention`` (the default): high
# flags, then warnings, then the lower of the two trust scores, then what waits.
SORTS = (
    "attention",
    "vendor_reliability",
    "client_trust_giving",
    "partnership",
    "flags",
    "waiting",
    "name",
    "recent",
)
IN_THE_DATABASE = frozenset({"name", "recent"})
NO_SCORE = 101.0  # a partnership without evidence yet sorts after every scored one


@dataclass(frozen=True)
class Row:
    partnership: Partnership
    me: Member
    phase: PhaseHistory | None  # the phase under way, else the latest started, else the first
    scores: dict[str, trust.Score | None]  # by direction; None: no evidence yet
    flags: Counter[str]  # of ``phase``, by severity
    waiting: int  # inbox items for the person in this partnership

    def score(self, direction: str) -> float:
        found = self.scores[direction]
        return found.score if found is not None else NO_SCORE

    @property
    def flag_weight(self) -> tuple[int, int, int]:
        return (self.flags["high"], self.flags["warning"], self.flags["info"])


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    per_page: int
    sort: str
    reverse: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _mine(user: User):
    return select(Partnership).join(Member).where(Member.user_id == user.id)


def _key(sort: str):
    if sort in ("vendor_reliability", "client_trust_giving", "partnership"):
        return lambda row: (row.score(sort), row.partnership.name.casefold())
    if sort == "flags":
        return lambda row: (tuple(-n for n in row.flag_weight), row.partnership.name.casefold())
    if sort == "waiting":
        return lambda row: (-row.waiting, row.partnership.name.casefold())
    return lambda row: (
        -row.flags["high"],
        -row.flags["warning"],
        min(row.score("vendor_reliability"), row.score("client_trust_giving")),
        -row.waiting,
        row.partnership.name.casefold(),
    )


def _rows(user: User, partnerships: list[Partnership], now: datetime) -> dict[int, Row]:
    loaded = history.load_many([p.id for p in partnerships])
    waiting = Counter(item.partnership_id for item in inbox.waiting(user, now))
    rows = {}
    for partnership in partnerships:
        past = loaded[partnership.id]
        report = trust.compute_trust(past, now)
        phase = current_phase(past)
        raised = flags.compute_flags(past, now)
        me = next(m for m in partnership.members if m.user_id == user.id)
        rows[partnership.id] = Row(
            partnership=partnership,
            me=me,
            phase=phase,
            scores={
                d: (getattr(report, d) if getattr(report, d).evidence else None)
                for d in trust.DIRECTIONS
            },
            flags=Counter(f.severity for f in raised if phase and f.phase_id == phase.id),
            waiting=waiting[partnership.id],
        )
    return rows


def page_of(
    user: User,
    sort: str = "attention",
    reverse: bool = False,
    page: int = 1,
    per_page: int = 20,
    now: datetime | None = None,
) -> Page:
    """One page of the person's partnerships, sorted by ``sort`` (reversed if asked)."""
    now = now or utcnow()
    sort = sort if sort in SORTS else "attention"
    total = db.session.scalar(select(func.count()).select_from(_mine(user).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    query = _mine(user).options(selectinload(Partnership.members).selectinload(Member.user))
    if sort in IN_THE_DATABASE:
        if sort == "name":
            order = func.lower(Partnership.name).desc() if reverse else func.lower(Partnership.name)
        else:
            order = Partnership.id.asc() if reverse else Partnership.id.desc()
        chosen = list(
            db.session.scalars(
                query.order_by(order, Partnership.id).limit(per_page).offset((page - 1) * per_page)
            )
        )
        rows = _rows(user, chosen, now)
        ordered = [rows[p.id] for p in chosen]
    else:
        everyone = list(db.session.scalars(query))
        ordered = sorted(_rows(user, everyone, now).values(), key=_key(sort), reverse=reverse)
        ordered = ordered[(page - 1) * per_page : page * per_page]
    return Page(ordered, total, page, per_page, sort, reverse)
