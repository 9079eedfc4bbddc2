"""Partnerships and their members (SPEC §2, §3)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..domain.messages import Message
from ..domain.vocabulary import ENGAGEMENTS, MAX_NAME, ROLES, SIDES
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..models import Member, Partnership, User
from . import accounts, audit, checks, invitations
from .transaction import atomic

FIELDS = ("name", "client_name", "vendor_name", "engagement", "description")


def _checked_fields(data: dict, *, partial: bool) -> dict:
    values = {}
    for field in ("name", "client_name", "vendor_name"):
        if field in data or not partial:
            values[field] = checks.text(data.get(field), field, max_length=MAX_NAME)
    if "engagement" in data or not partial:
        values["engagement"] = checks.choice(data.get("engagement"), "engagement", ENGAGEMENTS)
    if "description" in data:
        values["description"] = checks.text(data.get("description"), "description", required=False)
    return values


@atomic
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


@atomic
def update(user: User, partnership: Partnership, data: dict) -> Partnership:
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


@atomic
def add_member(user: User, partnership: Partnership, data: dict) -> Member:
    side, role = _side_and_role(user, partnership, data)
    address = checks.email(data.get("email"))
    newcomer = accounts.find_by_email(address)
    if newcomer is None:
        raise Invalid("member.no_account", field="email")
    member = _add(user, partnership, newcomer, side, role, address)
    db.session.commit()
    return member


def _add(user: User, partnership: Partnership, newcomer: User, side: str, role: str, address: str):
    if any(m.user_id == newcomer.id for m in partnership.members):
        raise Conflict("member.already", field="email", name=newcomer.name)
    if newcomer.can_log_in and not invitations.email_confirmed(newcomer):
        # SPEC §13: whoever registered an address first does not get what is meant for it
        raise Conflict("member.email_unconfirmed", field="email")
    invited = next((i for i in partnership.invitations if i.user_id == newcomer.id), None)
    if invited is not None:
        # An import named them: they join by accepting, or not at all if they declined. Adding
        # them here would make them a member of a history they never agreed to (issue 11).
        raise Conflict("member.invited" if invited.pending else "member.declined", field="email")
    member = Member(user=newcomer, side=side, role=role, added_by_id=user.id)
    partnership.members.append(member)
    db.session.flush()
    audit.record(
        user,
        "member.add",
        member,
        partnership_id=partnership.id,
        after={"email": address, "side": side, "role": role},
    )
    return member


def _side_and_role(user: User, partnership: Partnership, data: dict) -> tuple[str, str]:
    side = checks.choice(data.get("side"), "side", SIDES)
    role = checks.choice(data.get("role"), "role", ROLES)
    me = policy.membership(user, partnership)
    assert me is not None  # the route's guard let only a lead of this partnership through
    if side != me.side:
        # A lead adds the other side's first lead only while it has none (SPEC §3).
        policy.require(user, "add_other_side_first_lead", partnership)
        if role != "lead":
            raise Invalid("member.other_side_lead_only", field="role")
    return side, role


@atomic
def invite(user: User, partnership: Partnership, data: dict) -> tuple[Member, str | None]:
    """Add a person by email whether or not they have an account (SPEC §3, §13).

    Without one, an account is made that cannot log in, and the answer carries a one-time
    set-password token for the lead to hand over (emailed too when mail is configured)."""
    side, role = _side_and_role(user, partnership, data)
    address = checks.email(data.get("email"))
    newcomer = accounts.find_by_email(address)
    if newcomer is None:
        newcomer = User(email=address, name=address.split("@")[0][:200], password_hash=None)
        db.session.add(newcomer)
        db.session.flush()
        audit.record(user, "user.invite", newcomer, partnership_id=partnership.id)
    member = _add(user, partnership, newcomer, side, role, address)
    token = None
    if not newcomer.can_log_in:
        token = accounts.new_set_password_token(newcomer, user)
    db.session.commit()
    return member, token


def removal(user: User, partnership: Partnership, member_id: int) -> tuple[Member, Message | None]:
    """The member ``user`` would remove, and why it cannot be done now (None if it can).
    404 for no such member, 403 for one of the other side: nothing to ask about."""
    member = next((m for m in partnership.members if m.id == member_id), None)
    if member is None:
        raise NotFound("member.no_such")
    me = policy.membership(user, partnership)
    assert me is not None  # the route's guard let only a member of this partnership through
    leaving = member.id == me.id
    if not leaving:
        # Anyone may leave (SPEC §13); removing someone else is a lead's, of their own side.
        policy.require(user, "manage_own_side", partnership)
        if member.side != me.side:
            raise Forbidden("member.own_side_only")
    leads = [m for m in partnership.members if m.side == member.side and m.role == "lead"]
    if member.role == "lead" and len(leads) == 1:
        return member, Message("member.last_lead_leaving" if leaving else "member.last_lead")
    return member, None


@atomic
def remove_member(user: User, partnership: Partnership, member_id: int) -> None:
    member, reason = removal(user, partnership, member_id)
    if reason:
        raise Conflict(reason)
    audit.record(
        user,
        "member.leave" if member.user_id == user.id else "member.remove",
        member,
        partnership_id=partnership.id,
        before={"email": member.user.email, "side": member.side, "role": member.role},
    )
    partnership.members.remove(member)
    db.session.commit()
