"""API: partnerships and their members."""

from __future__ import annotations

from flask import url_for

from ..guard import requires
from ..links import base_url
from ..services import derived, invitations, lookups, partnerships
from . import bp, caller
from .pagination import page_of
from .schemas import (
    InvitationOut,
    InvitedMemberOut,
    MemberIn,
    MemberOut,
    PageArgs,
    PartnershipDetail,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatch,
)


@bp.get("/partnerships")
@requires("account")
@bp.arguments(PageArgs, location="query")
@bp.response(200, PartnershipOut(many=True))
def list_partnerships(args):
    """The caller's partnerships, newest first; paginated with ?page= and ?per_page=."""
    return page_of(partnerships.mine(caller()), args)


@bp.post("/partnerships")
@requires("account")
@bp.arguments(PartnershipIn)
@bp.response(201, PartnershipDetail)
def create_partnership(data):
    """Create a partnership; the caller becomes lead of the side they choose."""
    return partnerships.create(caller(), data)


@bp.get("/partnerships/<id:partnership_id>")
@requires("view")
@bp.response(200, PartnershipDetail)
def get_partnership(partnership_id):
    """A partnership with its members and phases. An ETag from its revision, and 304 to
    If-None-Match."""
    partnership = lookups.partnership(partnership_id)
    tag = f'W/"r{partnership.revision}"'
    if derived.not_modified(tag):
        return derived.respond(tag, b"", vary=None)
    return partnership, 200, {"ETag": tag, "Cache-Control": "private, no-cache"}


@bp.patch("/partnerships/<id:partnership_id>")
@requires("edit_partnership")
@bp.arguments(PartnershipPatch)
@bp.response(200, PartnershipDetail)
def update_partnership(data, partnership_id):
    """Change a partnership's name, organisations, engagement or description (leads)."""
    partnership = lookups.partnership(partnership_id)
    return partnerships.update(caller(), partnership, data)


@bp.get("/partnerships/<id:partnership_id>/members")
@requires("view")
@bp.response(200, MemberOut(many=True))
def list_members(partnership_id):
    """The partnership's members."""
    return lookups.partnership(partnership_id).members


@bp.post("/partnerships/<id:partnership_id>/members")
@requires("manage_own_side")
@bp.arguments(MemberIn)
@bp.response(201, MemberOut)
def add_member(data, partnership_id):
    """Add a member by email: leads add their own side, or the other side's first lead."""
    partnership = lookups.partnership(partnership_id)
    return partnerships.add_member(caller(), partnership, data)


@bp.delete("/partnerships/<id:partnership_id>/members/<id:member_id>")
@requires("view")
@bp.response(204)
def remove_member(partnership_id, member_id):
    """Leave (the caller's own membership: anyone but the last lead of a side), or remove a
    member of the caller's own side (leads)."""
    partnership = lookups.partnership(partnership_id)
    partnerships.remove_member(caller(), partnership, member_id)


@bp.post("/partnerships/<id:partnership_id>/invitations")
@requires("manage_own_side")
@bp.arguments(MemberIn)
@bp.response(201, InvitedMemberOut)
def invite(data, partnership_id):
    """Add a person by email, with or without an account (SPEC §13); a new account comes with
    its one-time set-password link."""
    partnership = lookups.partnership(partnership_id)
    member, token = partnerships.invite(caller(), partnership, data)
    if token:  # shown in this answer only: only its hash is kept
        member.invitation_url = base_url() + url_for("auth.set_password", token=token)
    return member


@bp.get("/invitations")
@requires("account")
@bp.response(200, InvitationOut(many=True))
def list_invitations():
    """The invitations waiting for the caller: accept or decline each (SPEC §13)."""
    return invitations.pending(caller())


@bp.post("/invitations/<id:invitation_id>/accept")
@requires("account")
@bp.response(200, MemberOut)
def accept_invitation(invitation_id):
    """Become the member the invitation names."""
    return invitations.accept(caller(), invitation_id)


@bp.post("/invitations/<id:invitation_id>/decline")
@requires("account")
@bp.response(204)
def decline_invitation(invitation_id):
    """Say no: nothing of the partnership reaches the caller."""
    invitations.decline(caller(), invitation_id)
