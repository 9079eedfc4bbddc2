"""Register, log in, log out, set a password from a link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..domain.messages import Message
from ..errors import AppError
from ..extensions import login_limits, register_limits
from ..guard import requires
from ..i18n import from_accept_language
from ..services import accounts
from .forms import ConfirmForm, LoginForm, RegisterForm, SetPasswordForm
from .labels import isolated
from .refusals import say, show_refusal

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, scheme or protocol-relative URL."""
    if not target:
        return url_for("partnerships.home")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return url_for("partnerships.home")
    return target


@bp.route("/register", methods=["GET", "POST"])
@register_limits
@requires("public")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("partnerships.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                form.email.data,
                form.name.data,
                form.password.data,
                language=from_accept_language(request.accept_languages),
            )
        except AppError as error:
            show_refusal(error, form)
        else:
            login_user(user)
            flash(
                _("Welcome, %(name)s. Your account is ready.", name=isolated(user.name)), "success"
            )
            if user.email_confirmed_at is None:
                flash(_("We sent you an email: open its link to confirm your address."), "info")
            return redirect(url_for("partnerships.home"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@login_limits
@requires("public")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(say(Message("account.login_failed")))
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
@requires("account")
def logout():
    if ConfirmForm().validate_on_submit():
        accounts.end_sessions(current_user._get_current_object())
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/confirm-email/<token>")
@requires("public")
def confirm_email(token: str):
    """The link of the confirmation email: the address is the owner's (SPEC §13)."""
    accounts.confirm_email(token)
    flash(_("Your email address is confirmed."), "success")
    return redirect(url_for("partnerships.home"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@requires("public")
def set_password(token: str):
    user = accounts.user_for_set_password(token)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.set_password(token, form.password.data)
        except AppError as error:
            show_refusal(error, form)
        else:
            logout_user()
            login_user(user)
            flash(_("Your password is set."), "success")
            return redirect(url_for("partnerships.home"))
    return render_template("auth/set_password.html", form=form, user=user)
