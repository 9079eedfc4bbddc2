"""Pages: my partnerships, one partnership, its members."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import AppError
from ..guard import requires
from ..services import (
    accounts,
    insights,
    lookups,
    partnerships,
    portfolio,
    presenters,
    search,
    submissions,
)
from . import confirm, page_cache
from .forms import ConfirmForm, MemberForm, NewPartnershipForm, PartnershipForm
from .insights import evidence_labels, evidence_url
from .labels import isolated
from .once import answer_again, once, token_of
from .paging import page_arg
from .panel import trust_panel
from .refusals import say, show_refusal
from .workflow_forms import PlanPhaseForm

bp = Blueprint("partnerships", __name__)
PER_PAGE = 20
SEARCH_PER_PAGE = 20


@bp.get("/")
@requires("public")
def home():
    if not current_user.is_authenticated:
        return render_template("welcome.html")
    return redirect(url_for("inbox.show"))


@bp.get("/partnerships")
@login_required
@requires("account")
def index():
    """My partnerships, side by side (``services/portfolio``): ?sort=, ?order=reverse, ?page=."""
    sort = request.args.get("sort", "attention")
    reverse = request.args.get("order") == "reverse"
    page = portfolio.page_of(
        current_user._get_current_object(),
        sort=sort,
        reverse=reverse,
        page=page_arg(),
        per_page=PER_PAGE,
    )
    return render_template("partnerships/index.html", page=page, sorts=portfolio.SORTS)


@bp.route("/partnerships/new", methods=["GET", "POST"])
@login_required
@requires("account")
def new():
    form = NewPartnershipForm()
    if form.validate_on_submit():
        try:
            return once(
                form,
                lambda: partnerships.create(current_user, form.data),
                lambda partnership: url_for("partnerships.show", partnership_id=partnership.id),
                _("Partnership created. Add the other side's lead next."),
            )
        except AppError as error:
            show_refusal(error, form)
    return render_template("partnerships/new.html", form=form), 422 if form.errors else 200


@bp.get("/partnerships/<id:partnership_id>")
@login_required
@requires("view")
def show(partnership_id: int):
    return partnership_page(lookups.partnership(partnership_id))


def partnership_page(partnership, status: int = 200, **forms):
    """The partnership page, with a refused form (and its errors) in place when given; without
    one, drawn once per change of the partnership (``web/page_cache.py``)."""

    def context() -> dict:
        forms.setdefault("member_form", MemberForm(formdata=None))
        forms.setdefault("plan_form", PlanPhaseForm(prefix="plan", formdata=None))
        insight = insights.snapshot(partnership)
        phase_names = {p.id: p.name for p in insight.history.phases}
        evidence_label = evidence_labels(insight.history)
        return dict(
            reviews_of={p.id: p.reviews for p in insight.history.phases},
            open_after_gate=_count_by_phase(
                presenters.open_after_gate(insight.history, insight.now.date())
            ),
            partnership=partnership,
            confirm=ConfirmForm(formdata=None),
            insight=insight,
            phase_names=phase_names,
            evidence_url=evidence_url,
            evidence_label=evidence_label,
            trust_panel=trust_panel(
                partnership,
                insight,
                None,
                phase_names=phase_names,
                evidence_url=evidence_url,
                evidence_label=evidence_label,
            ),
            **forms,
        )

    return page_cache.page("partnerships/show.html", context, keep=not forms), status


@bp.route("/partnerships/<id:partnership_id>/edit", methods=["GET", "POST"])
@login_required
@requires("edit_partnership")
def edit(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    form = PartnershipForm(obj=partnership)
    if form.validate_on_submit():
        try:
            partnerships.update(current_user, partnership, form.data)
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Partnership saved."), "success")
            return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    status = 422 if form.errors else 200
    return render_template("partnerships/edit.html", form=form, partnership=partnership), status


@bp.route("/partnerships/<id:partnership_id>/members", methods=["GET", "POST"])
@login_required
@requires("manage_own_side")
def members(partnership_id: int):
    """Add a person by email, with an account or without one (SPEC §13): without, they get an
    account that cannot log in, and the lead a one-time set-password link to hand over."""
    partnership = lookups.partnership(partnership_id)
    form = MemberForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        back = url_for(
            "partnerships.show", partnership_id=partnership.id, _anchor="members-heading"
        )
        once_token = token_of(form)
        if once_token:
            earlier = submissions.claim(user, once_token)
            if earlier is not None:
                # the link (if any) was shown once, on the answer to the first sending
                return answer_again(
                    earlier, _("The form was sent twice; it was done once."), "info", back
                )
        try:
            member, token = partnerships.invite(user, partnership, form.data)
        except AppError as error:
            if once_token:
                submissions.release(user, once_token)
            if error.status in (403, 404):
                raise
            show_refusal(error, form)
        else:
            if once_token:
                submissions.finish(user, once_token, back)
            if token is None:
                flash(_("%(name)s added.", name=isolated(member.user.name)), "success")
                return redirect(back)
            return set_password_link_page(partnership, member, token)
    if request.method == "GET":
        return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    return partnership_page(partnership, 422, member_form=form)


def set_password_link_page(partnership, person, token: str):
    """The one showing of a set-password link (``person``: a member or an invitation)."""
    response = render_template(
        "documents/set_password_link.html",
        partnership=partnership,
        member=person,
        link=url_for("auth.set_password", token=token, _external=True),
        valid_days=accounts.SET_PASSWORD_VALID.days,
    )
    # the page holds a secret: keep it out of caches and the back-forward history
    return response, 200, {"Cache-Control": "no-store"}


def _count_by_phase(found) -> dict[int, int]:
    counts: dict[int, int] = {}
    for phase, _record, _state in found:
        counts[phase.id] = counts.get(phase.id, 0) + 1
    return counts


@bp.route(
    "/partnerships/<id:partnership_id>/members/<id:member_id>/remove", methods=["GET", "POST"]
)
@login_required
@requires("view")  # leaving is anyone's; removing someone else, a lead's (the service asks)
def remove_member(partnership_id: int, member_id: int):
    partnership = lookups.partnership(partnership_id)
    back = url_for("partnerships.show", partnership_id=partnership.id, _anchor="members-heading")
    if request.method == "POST":
        me = next(m for m in partnership.members if m.user_id == current_user.id)
        leaving = me.id == member_id
        try:
            return confirm.act_once(
                back,
                lambda: partnerships.remove_member(current_user, partnership, member_id),
                _("You left the partnership.") if leaving else _("Member removed."),
                then=url_for("partnerships.index") if leaving else None,
            )
        except AppError as error:
            show_refusal(error)
            return redirect(back)
    member, reason = partnerships.removal(current_user, partnership, member_id)
    if member.user_id == current_user.id:
        return confirm.page(
            question=_("Leave %(name)s?", name=confirm.own(partnership.name)),
            action=url_for(
                "partnerships.remove_member", partnership_id=partnership.id, member_id=member_id
            ),
            button=_("Leave the partnership"),
            button_class="btn-danger",
            cancel=back,
            cancel_label=_("Stay"),
            consequences=[
                _("You will no longer see the partnership or anything in it."),
                _("What you wrote stays on record, under your name."),
                _("Only a lead of your side can add you again."),
            ],
            refusal=say(reason) if reason else None,
            partnership=partnership,
        )
    name = confirm.own(member.user.name)
    consequences = [
        _("%(name)s will no longer see the partnership or anything in it.", name=name),
        _("What they wrote stays on record, under their name."),
    ]
    if member.role == "lead":
        consequences.append(_("They lose a lead's rights: reviews, phases, members."))
    return confirm.page(
        question=_("Remove %(name)s from the partnership?", name=name),
        action=url_for(
            "partnerships.remove_member", partnership_id=partnership.id, member_id=member_id
        ),
        button=_("Remove %(name)s", name=name),
        button_class="btn-danger",
        cancel=back,
        cancel_label=_("Keep them"),
        consequences=consequences,
        refusal=say(reason) if reason else None,
        partnership=partnership,
    )


@bp.get("/partnerships/<id:partnership_id>/search")
@login_required
@requires("view")
def search_page(partnership_id: int):
    """The goals, directives and commitments whose words hold what was typed, paginated."""
    partnership = lookups.partnership(partnership_id)
    typed = request.args.get("q", "")
    try:
        results = search.search(partnership, typed, page=page_arg(), per_page=SEARCH_PER_PAGE)
    except AppError as error:
        # NUL, a lone surrogate, a text past the limit: said on the page, never a 500
        return render_template(
            "partnerships/search.html",
            partnership=partnership,
            typed=typed,
            results=None,
            refusal=say(error.message),
        ), error.status
    return render_template(
        "partnerships/search.html",
        partnership=partnership,
        typed=results.query,
        results=results,
        refusal=None,
    )
