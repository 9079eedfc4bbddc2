"""Partnerships and their members (SPEC §2, §3)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..domain.history import ENGAGEMENTS, ROLES, SIDES
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import Member, Partnership, User
from . import accounts, audit, checks

FIELDS = ("name", "client_name", "vendor_name", "engagement", "description")


def _checked_fields(data: dict, *, partial: bool) -> dict:
    values = {}
    for field in ("name", "client_name", "vendor_name"):
        if field in data or not partial:
            values[field] = checks.text(data.get(field), field, max_length=200)
    if "engagement" in data or not partial:
        values["engagement"] = checks.choice(data.get("engagement"), "engagement", ENGAGEMENTS)
    if "description" in data:
        values["description"] = checks.text(
            data.get("description"), "description", max_length=5000, required=False
        )
    return values


def create(user: User, data: dict) -> Partnership:
    values = _checked_fields(data, partial=False)
    side = checks.choice(data.get("side"), "side", SIDES)
    partnership = Partnership(**values)
    partnership.members.append(Member(user=user, side=side, role="lead"))
    db.session.add(partnership)
    db.session.flush()
    audit.record(
        user,
        "partnership.create",
        partnership,
        partnership_id=partnership.id,
        after={**audit.snapshot(partnership, FIELDS), "creator_side": side},
    )
    db.session.commit()
    return partnership


def mine(user: User) -> Select:
    """The caller's partnerships, newest first, as a query to paginate."""
    return (
        select(Partnership)
        .join(Member)
        .where(Member.user_id == user.id)
        .options(selectinload(Partnership.members).selectinload(Member.user))
        .order_by(Partnership.id.desc())
    )


def get_visible(user: User | None, partnership_id: int, action: str = "view") -> Partnership:
    """The partnership if the user may take the action; 404 for non-members, 403 otherwise."""
    if not 0 < partnership_id <= checks.MAX_INT:
        raise NotFound()
    partnership = db.session.get(
        Partnership,
        partnership_id,
        options=[selectinload(Partnership.members).selectinload(Member.user)],
    )
    if partnership is None:
        raise NotFound()
    policy.require(user, action, partnership)
    return partnership


def update(user: User, partnership: Partnership, data: dict) -> Partnership:
    policy.require(user, "edit_partnership", partnership)
    values = _checked_fields(data, partial=True)
    before = audit.snapshot(partnership, FIELDS)
    for field, value in values.items():
        setattr(partnership, field, value)
    after = audit.snapshot(partnership, FIELDS)
    if before != after:
        audit.record(
            user,
            "partnership.update",
            partnership,
            partnership_id=partnership.id,
            before=before,
            after=after,
        )
    db.session.commit()
    return partnership


def add_member(user: User, partnership: Partnership, data: dict) -> Member:
    side = checks.choice(data.get("side"), "side", SIDES)
    role = checks.choice(data.get("role"), "role", ROLES)
    me = policy.require(user, "view", partnership)
    if side == me.side:
        policy.require(user, "manage_own_side", partnership)
    else:
        policy.require(user, "add_other_side_first_lead", partnership)
        if role != "lead":
            raise Invalid(
                "You may add only the other side's first lead; their lead adds the rest.",
                field="role",
            )
    address = checks.email(data.get("email"))
    newcomer = accounts.find_by_email(address)
    if newcomer is None:
        raise Invalid(
            "No account has this email. Ask them to register first, then add them.",
            field="email",
        )
    if any(m.user_id == newcomer.id for m in partnership.members):
        raise Conflict(f"{newcomer.name} is already a member of this partnership.", field="email")
    member = Member(user=newcomer, side=side, role=role)
    partnership.members.append(member)
    db.session.flush()
    audit.record(
        user,
        "member.add",
        member,
        partnership_id=partnership.id,
        after={"email": address, "side": side, "role": role},
    )
    db.session.commit()
    return member


def remove_member(user: User, partnership: Partnership, member_id: int) -> None:
    member = next((m for m in partnership.members if m.id == member_id), None)
    if member is None:
        policy.require(user, "view", partnership)
        raise NotFound("No such member in this partnership.")
    me = policy.require(user, "manage_own_side", partnership)
    if member.side != me.side:
        raise policy.Forbidden("You may remove members of your own side only.")
    leads = [m for m in partnership.members if m.side == me.side and m.role == "lead"]
    if member.role == "lead" and len(leads) == 1:
        raise Conflict("This is the side's only lead; add another lead before removing them.")
    audit.record(
        user,
        "member.remove",
        member,
        partnership_id=partnership.id,
        before={"email": member.user.email, "side": member.side, "role": member.role},
    )
    partnership.members.remove(member)
    db.session.commit()
