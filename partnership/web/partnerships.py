"""Pages: my partnerships, one partnership, its members."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import AppError
from ..extensions import db
from ..guard import requires
from ..services import insights, lookups, partnerships
from .forms import ConfirmForm, MemberForm, NewPartnershipForm, PartnershipForm
from .insights import evidence_labels, evidence_url
from .labels import isolated
from .paging import page_arg
from .refusals import show_refusal
from .workflow_forms import PlanPhaseForm

bp = Blueprint("partnerships", __name__)
PER_PAGE = 20


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
    page = db.paginate(
        partnerships.mine(current_user),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("partnerships/index.html", page=page)


@bp.route("/partnerships/new", methods=["GET", "POST"])
@login_required
@requires("account")
def new():
    form = NewPartnershipForm()
    if form.validate_on_submit():
        try:
            partnership = partnerships.create(current_user, form.data)
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Partnership created. Add the other side's lead next."), "success")
            return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    return render_template("partnerships/new.html", form=form), 422 if form.errors else 200


@bp.get("/partnerships/<id:partnership_id>")
@login_required
@requires("view")
def show(partnership_id: int):
    return partnership_page(lookups.partnership(partnership_id))


def partnership_page(partnership, status: int = 200, **forms):
    """The partnership page, with a refused form (and its errors) in place when given."""
    forms.setdefault("member_form", MemberForm(formdata=None))
    forms.setdefault("plan_form", PlanPhaseForm(prefix="plan", formdata=None))
    insight = insights.snapshot(partnership)
    return render_template(
        "partnerships/show.html",
        partnership=partnership,
        confirm=ConfirmForm(formdata=None),
        insight=insight,
        phase_names={p.id: p.name for p in insight.history.phases},
        evidence_url=evidence_url,
        evidence_label=evidence_labels(insight.history),
        **forms,
    ), status


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
    partnership = lookups.partnership(partnership_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = partnerships.add_member(current_user, partnership, form.data)
        except AppError as error:
            if error.status in (403, 404):
                raise
            show_refusal(error, form)
        else:
            flash(_("%(name)s added.", name=isolated(member.user.name)), "success")
            return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    if request.method == "GET":
        return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    return partnership_page(partnership, 422, member_form=form)


@bp.post("/partnerships/<id:partnership_id>/members/<id:member_id>/remove")
@login_required
@requires("manage_own_side")
def remove_member(partnership_id: int, member_id: int):
    partnership = lookups.partnership(partnership_id)
    if ConfirmForm().validate_on_submit():
        partnerships.remove_member(current_user, partnership, member_id)
        flash(_("Member removed."), "info")
    return redirect(url_for("partnerships.show", partnership_id=partnership.id))
