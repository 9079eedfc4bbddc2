"""The user's own account: password, language, emails, API tokens, calendar feed."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..errors import AppError, NotFound
from ..extensions import db
from ..guard import requires
from ..models import ApiToken
from ..services import accounts, calendars, notifications, submissions
from . import confirm
from .forms import ChangePasswordForm, ConfirmForm, LanguageForm, NotificationsForm, TokenForm
from .once import answer_again, token_of
from .refusals import show_refusal

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(**forms):
    user = current_user._get_current_object()
    forms.setdefault("password_form", ChangePasswordForm(prefix="pw"))
    forms.setdefault("language_form", LanguageForm(prefix="lang", language=user.language or ""))
    forms.setdefault(
        "notifications_form", NotificationsForm(prefix="mail", notifications=user.notifications)
    )
    forms.setdefault("token_form", TokenForm(prefix="tok"))
    return render_template(
        "account/settings.html",
        tokens=accounts.tokens_of(user),
        confirm=ConfirmForm(),
        calendar_url=calendars.feed_url(user),
        **forms,
    )


@bp.get("/")
@login_required
@requires("account")
def settings():
    return _page()


@bp.post("/password")
@login_required
@requires("account")
def change_password():
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current_password.data, form.new_password.data)
        except AppError as error:
            show_refusal(error, form)
        else:
            # Other sessions ended with the old token; this one carries on with the new one.
            login_user(user)
            flash(_("Password changed. Your other sessions are logged out."), "success")
            return redirect(url_for("account.settings"))
    return _page(password_form=form), 422


@bp.post("/language")
@login_required
@requires("account")
def change_language():
    form = LanguageForm(prefix="lang")
    if form.validate_on_submit():
        accounts.set_language(current_user, form.language.data or None)
        flash(_("Language saved."), "success")
        return redirect(url_for("account.settings"))
    return _page(language_form=form), 422


@bp.post("/notifications")
@login_required
@requires("account")
def change_notifications():
    form = NotificationsForm(prefix="mail")
    if form.validate_on_submit():
        try:
            notifications.set_choice(current_user._get_current_object(), form.notifications.data)
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Email choice saved."), "success")
            return redirect(url_for("account.settings"))
    return _page(notifications_form=form), 422


@bp.post("/tokens")
@login_required
@requires("account")
def create_token():
    form = TokenForm(prefix="tok")
    if form.validate_on_submit():
        # The secret is shown once, on the answer to the first sending; a second sending of
        # the same form makes no second token and says what became of the first.
        user = current_user._get_current_object()
        once_token = token_of(form)
        if once_token:
            earlier = submissions.claim(user, once_token)
            if earlier is not None:
                return answer_again(
                    earlier,
                    _(
                        "The token was created when you first sent the form, and its secret "
                        "was shown then, once. If you did not copy it, revoke it below and "
                        "create another."
                    ),
                    "warning",
                    url_for("account.settings"),
                )
        _token, secret = accounts.create_token(user, form.name.data)
        if once_token:
            submissions.finish(
                user, once_token, url_for("account.settings", _anchor="tokens-heading")
            )
        flash(_("Copy your token now; it will not be shown again."), "warning")
        return _page(new_token=secret)
    return _page(token_form=form), 422


@bp.route("/tokens/<id:token_id>/revoke", methods=["GET", "POST"])
@login_required
@requires("account")
def revoke_token(token_id: int):
    back = url_for("account.settings", _anchor="tokens-heading")
    if request.method == "POST":
        return confirm.act_once(
            back, lambda: accounts.revoke_token(current_user, token_id), _("Token revoked.")
        )
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        raise NotFound("account.no_such_token")
    return confirm.page(
        question=_("Revoke the token “%(name)s”?", name=confirm.own(token.name)),
        action=url_for("account.revoke_token", token_id=token_id),
        button=_("Revoke it"),
        button_class="btn-danger",
        cancel=back,
        cancel_label=_("Keep it"),
        consequences=[
            _(
                "Scripts and integrations that use it stop working at once; a revoked token "
                "cannot be brought back."
            ),
            _("To keep them working, create a new token first and give it to them."),
        ],
        refusal=_("This token is already revoked.") if token.revoked_at else None,
    )


@bp.post("/calendar")
@login_required
@requires("account")
def new_calendar():
    """Create the feed's address, or replace it (the page asked first: the old one dies)."""
    if ConfirmForm().validate_on_submit():
        user = current_user._get_current_object()
        replacing = user.calendar_token_hash is not None
        calendars.regenerate(user)
        if replacing:
            flash(
                _(
                    "Your calendar has a new address; the old one no longer works. Subscribe "
                    "again with the new one wherever you used the old."
                ),
                "warning",
            )
        else:
            flash(_("Your calendar address is ready: subscribe to it in your calendar."), "success")
    return redirect(url_for("account.settings", _anchor="calendar-heading"))
