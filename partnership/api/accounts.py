"""API: users and tokens."""

from __future__ import annotations

from ..domain.messages import Message
from ..extensions import limiter, login_limits
from ..guard import requires
from ..services import accounts
from . import bp, caller
from .errors import error_response
from .schemas import MeIn, TokenIn, TokenInfo, TokenOut, UserIn, UserOut


@bp.post("/users")
@requires("public")
@bp.arguments(UserIn)
@bp.response(201, UserOut)
@limiter.limit("20 per hour")
def create_user(data):
    """Register an account."""
    return accounts.register(data["email"], data["name"], data["password"], data["language"])


@bp.get("/me")
@requires("account")
@bp.response(200, UserOut)
def get_me():
    """The caller's own account, with the language the API writes in when Accept-Language
    names none of the five."""
    return caller()


@bp.patch("/me")
@requires("account")
@bp.arguments(MeIn)
@bp.response(200, UserOut)
def update_me(data):
    """Change the caller's name or language (null: each request's Accept-Language)."""
    return accounts.update_profile(caller(), data)


@bp.post("/tokens")
@requires("public")
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
