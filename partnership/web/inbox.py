"""The inbox page: what waits for me, and what happened since I last looked (SPEC §11)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import AppError, NotFound
from ..guard import requires
from ..services import inbox, invitations, notifications
from . import confirm
from .forms import ConfirmForm
from .labels import isolated
from .once import once
from .paging import page_arg
from .refusals import show_refusal

bp = Blueprint("inbox", __name__)

PER_PAGE = 30


@dataclass(frozen=True)
class Pages:
    """What the pager macro needs of a page of a list that is not one query."""

    page: int
    pages: int

    def iter_pages(self):
        for number in range(1, self.pages + 1):
            near = abs(number - self.page) <= 2
            if number in (1, self.pages) or near:
                yield number
            elif abs(number - self.page) == 3:
                yield None


@bp.get("/inbox")
@login_required
@requires("account")
def show():
    user = current_user._get_current_object()
    number = page_arg()
    items, total = inbox.page(user, number, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    # Opened: nothing listed is new any more (the items were told apart before this), and
    # the count in the navigation of this very page is already cleared.
    notifications.mark_seen(user)
    return render_template(
        "inbox/show.html",
        confirm=ConfirmForm(formdata=None),
        waiting=[i for i in items if i.waiting],
        happened=[i for i in items if not i.waiting],
        pages=Pages(number, pages),
        total=total,
    )


def _invitation(invitation_id: int):
    found = next((i for i in invitations.pending(current_user) if i.id == invitation_id), None)
    if found is None:
        raise NotFound("invitation.no_such")
    return found


@bp.post("/invitations/<id:invitation_id>/accept")
@login_required
@requires("account")
def accept(invitation_id: int):
    """Say yes to an invitation (SPEC §13): the partnership opens."""
    back = url_for("inbox.show")
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    try:
        return once(
            None,
            lambda: invitations.accept(current_user._get_current_object(), invitation_id),
            lambda member: url_for("partnerships.show", partnership_id=member.partnership_id),
            lambda member: _("You joined %(name)s.", name=isolated(member.partnership.name)),
            fallback=back,
        )
    except AppError as error:
        if error.status == 404:
            raise
        show_refusal(error)
        return redirect(back)


@bp.route("/invitations/<id:invitation_id>/decline", methods=["GET", "POST"])
@login_required
@requires("account")
def decline(invitation_id: int):
    """Say no, after a confirmation page: nothing of the partnership reaches them."""
    back = url_for("inbox.show")
    if request.method == "POST":
        return confirm.act_once(
            back,
            lambda: invitations.decline(current_user._get_current_object(), invitation_id),
            _("Invitation declined."),
        )
    invitation = _invitation(invitation_id)
    name = confirm.own(invitation.partnership.name)
    return confirm.page(
        question=_("Decline the invitation to %(name)s?", name=name),
        action=url_for("inbox.decline", invitation_id=invitation_id),
        button=_("Decline"),
        button_class="btn-danger",
        cancel=back,
        cancel_label=_("Keep it"),
        consequences=[
            _("You will not become a member, and nothing of it will reach you."),
            _("Items it names you as the author of stay in its history."),
        ],
    )
