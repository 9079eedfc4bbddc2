"""Who may do what in a partnership (SPEC §3): the one table that pages and API both ask.

Members read everything in their partnership; non-members learn nothing, not even that it
exists, so ``require`` answers them with NotFound, and members without the right with Forbidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from .errors import Forbidden, NotFound

if TYPE_CHECKING:
    from .models import User

CLIENT_LEAD = ("client", "lead")
CLIENT_MEMBER = ("client", "member")
VENDOR_LEAD = ("vendor", "lead")
VENDOR_MEMBER = ("vendor", "member")
EVERYONE = frozenset({CLIENT_LEAD, CLIENT_MEMBER, VENDOR_LEAD, VENDOR_MEMBER})
LEADS = frozenset({CLIENT_LEAD, VENDOR_LEAD})

# action -> the (side, role) pairs allowed to take it; SPEC §3 row by row.
TABLE: dict[str, frozenset[tuple[str, str]]] = {
    "view": EVERYONE,
    "export": EVERYONE,
    "edit_partnership": LEADS,
    "plan_phases": LEADS,
    "start_phase": frozenset({CLIENT_LEAD}),
    "close_phase": LEADS,
    "manage_goals": frozenset({CLIENT_LEAD}),
    "send_directive": frozenset({CLIENT_LEAD, CLIENT_MEMBER}),
    "answer_directive": frozenset({VENDOR_LEAD, VENDOR_MEMBER}),
    "log_commitment": frozenset({VENDOR_LEAD, VENDOR_MEMBER}),
    "submit_review": LEADS,
    "manage_own_side": LEADS,
    # ...and only while the other side has no lead: see ``may``.
    "add_other_side_first_lead": LEADS,
    # The audit trail shows who did what across both sides: leads only (issue 3).
    "view_audit": LEADS,
    # Webhooks send the partnership's events to another tool (SPEC §12): leads decide.
    "manage_webhooks": LEADS,
}
ACTIONS = frozenset(TABLE)


class Place(Protocol):
    """What the policy reads of a member: a ``models.Member``, or a ``Seat``."""

    @property
    def user_id(self) -> int: ...
    @property
    def side(self) -> str: ...
    @property
    def role(self) -> str: ...


P = TypeVar("P", bound=Place, covariant=True)


class Roster(Protocol[P]):
    """What the policy reads of a partnership: its members. A ``models.Partnership``, or the
    ``Seats`` the caller's lookup reads with the caller (``services/lookups.py``)."""

    @property
    def members(self) -> Sequence[P]: ...


class Seat(NamedTuple):
    user_id: int
    side: str
    role: str


class Seats(NamedTuple):
    members: tuple[Seat, ...]


def membership(user: User | None, partnership: Roster[P]) -> P | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return next((m for m in partnership.members if m.user_id == user.id), None)


def allowed(side: str, role: str, action: str) -> bool:
    """The bare table: may someone of this side and role take this action?"""
    return (side, role) in TABLE[action]


def may(user: User | None, action: str, partnership: Roster[Place]) -> bool:
    if action not in TABLE:
        raise KeyError(f"unknown action {action!r}")
    member = membership(user, partnership)
    if member is None:
        return False
    if not allowed(member.side, member.role, action):
        return False
    if action == "add_other_side_first_lead":
        other = "vendor" if member.side == "client" else "client"
        return not any(m.side == other and m.role == "lead" for m in partnership.members)
    return True


def require(user: User | None, action: str, partnership: Roster[P]) -> P:
    """The caller's membership if they may take the action; NotFound or Forbidden otherwise."""
    for observe in OBSERVERS:
        observe(action)
    member = membership(user, partnership)
    if member is None:
        raise NotFound()
    if not may(user, action, partnership):
        refusal = f"policy.{action}" if action != "view" else "policy.default"
        raise Forbidden(refusal)
    return member


# Called with each action asked of ``require``: the tests use it to check that every route
# enforces the action it declares (tests/conftest.py).
OBSERVERS: list[Callable[[str], None]] = []
