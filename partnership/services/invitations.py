"""Invitations (SPEC §13): nobody becomes a member of a partnership without saying yes.

People named in an imported document are invited, not added (``invite``): an ``Invitation``
row, which no access rule reads, so the partnership stays out of their lists, portfolio,
calendar, search and notifications until they accept. The invitation itself is the one thing
they see of it: in ``GET /invitations`` and as the inbox's ``invitation`` item (registered in
``inbox.WAITING_SOURCES`` below), with an email when they can log in. ``accept`` makes the
membership the inviter named; ``decline`` keeps the row (the person's items stay shown under
the name the inviter gave) and nothing more reaches them.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.messages import Message
from ..errors import Conflict, NotFound
from ..extensions import db
from ..models import Invitation, Member, Partnership, User, utcnow
from . import audit, inbox, notifications
from .transaction import atomic


def invite(
    partnership: Partnership, user: User, side: str, role: str, name: str, by: User
) -> Invitation:
    """Invite ``user`` as ``side``/``role``, in the caller's transaction (the import's)."""
    invitation = Invitation(user=user, side=side, role=role, name=name, invited_by=by)
    partnership.invitations.append(invitation)
    return invitation


def announce(partnership: Partnership, invitation: Invitation, by: User) -> None:
    """Tell the invited person, in their inbox and by email, once (after a flush: ids known).

    An account that cannot log in yet hears of it through its set-password link instead."""
    if not invitation.user.can_log_in:
        return
    notifications.announce(
        notifications.Announcement(
            "invitation",
            f"invitation:{invitation.id}",
            [invitation.user],
            partnership.id,
            None,
            Message("inbox.invitation", person=by.name, partnership=partnership.name),
            ("invitation", invitation.id),
        )
    )


def pending(user: User) -> list[Invitation]:
    """The person's invitations still to answer, oldest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.user_id == user.id, Invitation.declined_at.is_(None))
            .options(
                selectinload(Invitation.partnership),
                selectinload(Invitation.invited_by),
            )
            .order_by(Invitation.id)
        )
    )


def _mine(user: User, invitation_id: int) -> Invitation:
    """The person's own pending invitation; anyone else's, or an answered one, is a 404."""
    invitation = (
        db.session.get(Invitation, invitation_id)
        if isinstance(invitation_id, int) and 0 < invitation_id < 2**31
        else None
    )
    if invitation is None or invitation.user_id != user.id or not invitation.pending:
        raise NotFound("invitation.no_such")
    return invitation


def email_confirmed(user: User) -> bool:
    """SPEC §13: with mail configured, an address counts once its owner confirmed it."""
    return not current_app.config.get("MAIL_URL") or user.email_confirmed_at is not None


@atomic
def accept(user: User, invitation_id: int) -> Member:
    invitation = _mine(user, invitation_id)
    if not email_confirmed(user):
        raise Conflict("account.email_unconfirmed")
    partnership = invitation.partnership
    member = next((m for m in partnership.members if m.user_id == user.id), None)
    if member is None:
        member = Member(
            user=user,
            side=invitation.side,
            role=invitation.role,
            added_by_id=invitation.invited_by_id,
        )
        partnership.members.append(member)
        db.session.flush()
    audit.record(
        user,
        "invitation.accept",
        member,
        partnership_id=partnership.id,
        after={"side": member.side, "role": member.role},
    )
    notifications.resolve("invitation", subject=("invitation", invitation.id), users=[user.id])
    partnership.invitations.remove(invitation)
    db.session.commit()
    return member


@atomic
def decline(user: User, invitation_id: int) -> None:
    invitation = _mine(user, invitation_id)
    invitation.declined_at = utcnow()
    audit.record(
        user,
        "invitation.decline",
        invitation,
        partnership_id=invitation.partnership_id,
        before={"side": invitation.side, "role": invitation.role},
    )
    notifications.resolve("invitation", subject=("invitation", invitation.id), users=[user.id])
    db.session.commit()


def _waiting(user: User, now: datetime, seen: datetime | None) -> list[inbox.Item]:
    """The inbox's source of invitations: one item each, until answered."""
    return [
        inbox.Item(
            kind="invitation",
            at=i.created_at,
            new=seen is None or i.created_at > seen,
            title=Message(
                "inbox.invitation",
                person=i.invited_by.name if i.invited_by else "",
                partnership=i.partnership.name,
            ),
            partnership_id=None,  # not theirs yet: no link into it
            partnership_name=i.partnership.name,
            ids={"invitation_id": i.id},
            path=notifications.item_path("invitation", None, None, "invitation", i.id),
        )
        for i in pending(user)
    ]


if _waiting not in inbox.WAITING_SOURCES:
    inbox.WAITING_SOURCES.append(_waiting)


def shown_names(partnership: Partnership | None) -> dict[int, str]:
    """User id -> the name the inviter gave, for the invited who are not members: what the
    partnership shows of them, so that it never learns an account holder's own name."""
    if partnership is None:
        return {}
    members = {m.user_id for m in partnership.members}
    return {i.user_id: i.name for i in partnership.invitations if i.user_id not in members}


def shown_name(user: User) -> str:
    """The name to show of an author in the partnership this request is about."""
    if not has_request_context():
        return user.name
    if "shown_names" not in g:
        g.shown_names = shown_names(g.get("partnership_in_view"))
    return str(g.shown_names.get(user.id, user.name))


def shown_id(user: User) -> int | None:
    """An author's user id, except for the invited, whose account it would reveal."""
    if not has_request_context():
        return user.id
    shown_name(user)
    return None if user.id in g.shown_names else user.id
