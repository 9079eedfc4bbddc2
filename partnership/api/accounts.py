"""API: users, tokens and the caller's own account."""

from __future__ import annotations

from ..domain.messages import Message
from ..domain.vocabulary import NOTIFICATION_CHOICES
from ..extensions import login_limits, register_limits
from ..guard import requires
from ..services import accounts, calendars, checks, notifications
from . import bp, caller
from .errors import error_response
from .schemas import CalendarOut, MeIn, MeOut, TokenIn, TokenInfo, TokenOut, UserIn, UserOut


@bp.post("/users")
@requires("public")
@bp.doc(security=[])  # no token: this is how a script gets an account
@bp.arguments(UserIn)
@bp.response(201, UserOut)
@register_limits
def create_user(data):
    """Register an account."""
    return accounts.register(data["email"], data["name"], data["password"], data["language"])


@bp.patch("/me")
@requires("account")
@bp.arguments(MeIn)
@bp.response(200, MeOut)
def update_me(data):
    """Change the caller's name, language (null: each request's Accept-Language) or how they
    get emails (immediate, digest, none); each field is optional, all are checked first."""
    choice = data.pop("notifications", None)
    if choice is not None:
        checks.choice(choice, "notifications", NOTIFICATION_CHOICES)
    user = accounts.update_profile(caller(), data)
    return notifications.set_choice(user, choice) if choice is not None else user


@bp.post("/tokens")
@requires("public")
@bp.doc(security=[])  # no token: this is how a script gets one
@bp.arguments(TokenIn)
@bp.response(201, TokenOut)
@login_limits
def create_token(data):
    """Exchange an email and password for a bearer token."""
    user = accounts.authenticate(data["email"], data["password"])
    if user is None:
        return error_response(401, Message("account.login_failed"))
    token, secret = accounts.create_token(user, data["name"])
    return {
        "id": token.id,
        "token": secret,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
    }


@bp.get("/tokens")
@requires("account")
@bp.response(200, TokenInfo(many=True))
def list_tokens():
    """The caller's tokens (never their values)."""
    return accounts.tokens_of(caller())


@bp.delete("/tokens/<id:token_id>")
@requires("account")
@bp.response(204)
def revoke_token(token_id):
    """Revoke one of the caller's tokens."""
    accounts.revoke_token(caller(), token_id)


@bp.get("/me")
@requires("account")
@bp.response(200, MeOut)
def me():
    """The caller's own account: name, language, email choice, calendar feed address."""
    return caller()


@bp.post("/me/calendar")
@requires("account")
@bp.response(201, CalendarOut)
def new_calendar():
    """A new address for the caller's calendar feed; the previous one answers 404 from now on."""
    return {"calendar_url": calendars.url_of_token(calendars.regenerate(caller()))}
