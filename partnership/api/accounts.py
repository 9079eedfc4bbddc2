"""API: users and tokens."""

from __future__ import annotations

from ..extensions import limiter, login_limits
from ..policy import declares
from ..services import accounts
from . import bp, caller, error_response
from .schemas import TokenIn, TokenInfo, TokenOut, UserIn, UserOut


@bp.post("/users")
@bp.arguments(UserIn)
@bp.response(201, UserOut)
@limiter.limit("20 per hour")
@declares("public")
def create_user(data):
    """Register an account."""
    return accounts.register(data["email"], data["name"], data["password"], data["language"])


@bp.post("/tokens")
@bp.arguments(TokenIn)
@bp.response(201, TokenOut)
@login_limits
@declares("public")
def create_token(data):
    """Exchange an email and password for a bearer token."""
    user = accounts.authenticate(data["email"], data["password"])
    if user is None:
        return error_response(401, "unauthorized", "The email or password is not right.")
    token, secret = accounts.create_token(user, data["name"])
    return {
        "id": token.id,
        "token": secret,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
    }


@bp.get("/tokens")
@bp.response(200, TokenInfo(many=True))
@declares("account")
def list_tokens():
    """The caller's tokens (never their values)."""
    return accounts.tokens_of(caller())


@bp.delete("/tokens/<id:token_id>")
@bp.response(204)
@declares("account")
def revoke_token(token_id):
    """Revoke one of the caller's tokens."""
    accounts.revoke_token(caller(), token_id)
