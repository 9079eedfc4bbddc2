"""Find a partnership, a phase or one of its items by id, or answer 404: the one lookup.

These load; they do not ask the policy. Every route has already been checked against the
partnership its URL points at (``partnership.guard``), which is what ``partnership_for`` finds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flask import request
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import defaultload, joinedload, selectinload

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Commitment, Directive, Goal, Member, Partnership, Phase, Review
from . import checks

Item = TypeVar("Item", Goal, Directive, Commitment)


def _valid(item_id: object) -> int:
    if (
        not isinstance(item_id, int)
        or isinstance(item_id, bool)
        or not 0 < item_id <= checks.MAX_ID
    ):
        raise NotFound()
    return item_id


# A partnership has a handful of members, and every request asks them (the policy). Built once:
# a loader option is immutable, and building it was a few percent of a kept page.
_WITH_MEMBERS = joinedload(Partnership.members).joinedload(Member.user)


def partnership(partnership_id: int) -> Partnership:
    """One query, or none when this request has loaded it already."""
    found = db.session.get(Partnership, _valid(partnership_id), options=[_WITH_MEMBERS])
    if found is None:
        raise NotFound()
    return found


# Built once, as _WITH_MEMBERS is: the phase page asks for all of these on every read.
_PHASE_BASE = (
    selectinload(Phase.partnership).selectinload(Partnership.members).selectinload(Member.user),
)
_PHASE_FULL = (
    *_PHASE_BASE,
    selectinload(Phase.goals).selectinload(Goal.revisions),
    selectinload(Phase.goals).selectinload(Goal.created_by),
    selectinload(Phase.directives).selectinload(Directive.response),
    selectinload(Phase.directives).selectinload(Directive.created_by),
    selectinload(Phase.commitments).selectinload(Commitment.events),
    selectinload(Phase.commitments).selectinload(Commitment.created_by),
    selectinload(Phase.reviews).selectinload(Review.ratings),
    selectinload(Phase.reviews).selectinload(Review.by),
)


def phase(phase_id: int, *, full: bool = False) -> Phase:
    """A phase, with its partnership and members; ``full`` loads its items too."""
    options = _PHASE_FULL if full else _PHASE_BASE
    found = db.session.get(Phase, _valid(phase_id), options=options)
    if found is None:
        raise NotFound()
    return found


def item(model: type[Item], item_id: int) -> Item:
    """A goal, directive or commitment."""
    found = db.session.get(model, _valid(item_id))
    if found is None:
        raise NotFound()
    return found


# What a URL may name a partnership by, in the order asked: the partnership itself, then an
# item (found through its phase), then the phase.
_NAMED_BY: dict[str, Any] = {
    "partnership_id": Partnership,
    "goal_id": Goal,
    "directive_id": Directive,
    "commitment_id": Commitment,
    "phase_id": Phase,
}


def _owner_id(model: Any) -> Any:
    """The id of the partnership that the thing of ``model`` with id ``:target`` belongs to."""
    if model is Partnership:
        return bindparam("target")
    query = select(Phase.partnership_id)
    if model is not Phase:
        query = query.join(model, model.phase_id == Phase.id)
    return query.where(model.id == bindparam("target")).scalar_subquery()


# A URL parameter naming a partnership -> its partnership's id, as SQL. The one rule for what
# a URL points at: the guard's own query and the caller's lookup (``WithPartnership``) use it.
_OWNER_ID = {name: _owner_id(model) for name, model in _NAMED_BY.items()}
# Built once: every route under a phase or an item starts with one of these.
_FOUND_BY = {
    name: select(Partnership).where(Partnership.id == owner).options(_WITH_MEMBERS)
    for name, owner in _OWNER_ID.items()
}
# In the request's environ (not ``g``, which a test's application context may hold across
# several requests): ((parameter, id), the partnership or None, its seats).
_PREFETCHED = "partnership.prefetched"


def _target(view_args: Mapping[str, Any]) -> tuple[str, int] | None:
    """The first URL parameter naming a partnership, with its (valid) id."""
    for name in _OWNER_ID:
        if name in view_args:
            return name, _valid(view_args[name])
    return None


def partnership_for(view_args: Mapping[str, Any]) -> tuple[Partnership, policy.Roster[Any]]:
    """The partnership a route's URL points at, by the first id it names, and what the policy
    reads of it: found with the caller (``WithPartnership``) when the caller's lookup ran
    first, else one query (and then the partnership's own members are what the policy reads)."""
    target = _target(view_args)
    if target is not None:
        prefetched = request.environ.pop(_PREFETCHED, None)
        if prefetched is not None and prefetched[0] == target:
            _, found, seats = prefetched
        else:
            name, target_id = target
            found = seats = (
                db.session.scalars(_FOUND_BY[name], {"target": target_id}).unique().first()
            )
        if found is None:
            raise NotFound()
        return found, seats
    for name, find in EXTRA_TARGETS.items():
        if name in view_args:
            found = partnership(find(_valid(view_args[name])))
            return found, found
    raise LookupError(f"the URL names no partnership: {sorted(view_args)}")


# What the policy reads of each member, read with the caller: a row per member.
_SEAT = (Member.user_id, Member.side, Member.role)
# The columns the joined statement adds after the caller's own: the partnership, then a seat.
_ADDED = 1 + len(_SEAT)
# The members themselves, with their people, in one query when a page first asks for them.
_MEMBERS_WHEN_ASKED = defaultload(Partnership.members).joinedload(Member.user)


class WithPartnership:
    """A caller's lookup (the session's user, a token's owner) that also loads the partnership
    the request's URL points at, and what the policy reads of its members (``policy.Seats``),
    in the same round trip: the guard then decides without a query of its own. A read of a
    kept page or answer was these two lookups and little else: it is now one query, of plain
    columns for the members (loading them and their people as objects was a fifth of a kept
    page's instructions, issue 15; a page that shows them loads them when it is drawn).
    ``statement`` selects the caller's row; the partnership is joined on by the rule above, so
    what the guard decides on is what its own query would have found."""

    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        self._alone = statement
        caller = statement.column_descriptions[0]["entity"]
        self._joined = {
            name: statement.add_columns(Partnership, *_SEAT)
            .join_from(caller, Partnership, Partnership.id == owner, isouter=True)
            .join_from(Partnership, Member, Member.partnership_id == Partnership.id, isouter=True)
            .options(_MEMBERS_WHEN_ASKED)
            for name, owner in _OWNER_ID.items()
        }

    def first(self, params: dict[str, Any]) -> Any:
        """The caller's row (without the partnership), or None; the partnership the request's
        URL points at and its seats are kept for ``partnership_for`` of the same request."""
        try:
            target = _target(request.view_args or {})
        except NotFound:  # an impossible id: the guard answers it
            target = None
        if target is None:
            return db.session.execute(self._alone, params).first()
        name, target_id = target
        rows = db.session.execute(self._joined[name], {**params, "target": target_id}).all()
        if not rows:
            return None
        seats = (policy.Seat(*row[1 - _ADDED :]) for row in rows)
        members = tuple(seat for seat in seats if seat.user_id is not None)  # none: one empty row
        request.environ[_PREFETCHED] = (target, rows[0][-_ADDED], policy.Seats(members))
        return rows[0][:-_ADDED]


# Other things of a partnership a URL may name (a webhook, ...): parameter -> a function from
# the id to its partnership's id, raising NotFound when there is none.
EXTRA_TARGETS: dict[str, Any] = {}
