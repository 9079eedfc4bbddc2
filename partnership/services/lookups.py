"""Find a partnership, a phase or one of its items by id, or answer 404: the one lookup.

These load; they do not ask the policy. Every route has already been checked against the
partnership its URL points at (``partnership.guard``), which is what ``partnership_for`` finds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

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


# The items whose URL names them by id, each found through its phase; then the phase itself.
ITEM_MODELS: dict[str, Any] = {
    "goal_id": Goal,
    "directive_id": Directive,
    "commitment_id": Commitment,
    "phase_id": Phase,
}


def _through_phase(model: Any) -> Any:
    """The partnership with its members, found through the phase: one query."""
    query = select(Partnership).join(Phase, Phase.partnership_id == Partnership.id)
    if model is not Phase:
        query = query.join(model, model.phase_id == Phase.id)
    return query.where(model.id == bindparam("item_id")).options(_WITH_MEMBERS)


# Built once: every route under a phase or an item starts with one of these.
_THROUGH_PHASE = {name: _through_phase(model) for name, model in ITEM_MODELS.items()}


def partnership_for(view_args: Mapping[str, Any]) -> Partnership:
    """The partnership a route's URL points at, by the first id it names."""
    if "partnership_id" in view_args:
        return partnership(view_args["partnership_id"])
    for name, query in _THROUGH_PHASE.items():
        if name in view_args:
            found = (
                db.session.scalars(query, {"item_id": _valid(view_args[name])})
                .unique()
                .one_or_none()
            )
            if found is None:
                raise NotFound()
            return found
    for name, find in EXTRA_TARGETS.items():
        if name in view_args:
            return partnership(find(_valid(view_args[name])))
    raise LookupError(f"the URL names no partnership: {sorted(view_args)}")


# Other things of a partnership a URL may name (a webhook, ...): parameter -> a function from
# the id to its partnership's id, raising NotFound when there is none.
EXTRA_TARGETS: dict[str, Any] = {}
