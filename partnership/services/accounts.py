"""Accounts, sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..models import ApiToken, Member, User, new_session_token, utcnow
from . import audit, checks

MIN_PASSWORD = 8
MAX_PASSWORD = 256  # scrypt would happily hash megabytes; nobody types that
SET_PASSWORD_VALID = timedelta(days=7)
# Checked against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    # scrypt by default (slow on purpose); tests set a cheap method through the config.
    return generate_password_hash(
        password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    )


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def check_password(password: object, field: str = "password") -> str:
    if not isinstance(password, str):
        raise Invalid(f"{field} must be text.", field=field)
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"{field} must be at least {MIN_PASSWORD} characters long.", field=field)
    if len(password) > MAX_PASSWORD:
        raise Invalid(f"{field} must be at most {MAX_PASSWORD} characters long.", field=field)
    if "\x00" in password:
        raise Invalid(f"{field} contains a NUL character.", field=field)
    return password


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def register(email: object, name: object, password: object, language: str | None = None) -> User:
    address = checks.email(email)
    display_name = checks.text(name, "name", max_length=200)
    check_password(password)
    existing = find_by_email(address)
    if existing is not None:
        if existing.can_log_in:
            raise Conflict("An account with this email already exists.", field="email")
        # An account an import created: anyone could type its email, so it is claimed only
        # through the set-password link a lead of its partnership hands over.
        raise Conflict(
            "An account with this email was created when a partnership was imported. "
            "Ask a lead of that partnership for a set-password link.",
            field="email",
        )
    user = User(email=address, name=display_name)
    db.session.add(user)
    user.password_hash = hash_password(password)  # type: ignore[arg-type]
    user.language = language
    db.session.flush()
    audit.record(user, "user.register", user, partnership_id=None, after={"email": address})
    db.session.commit()
    return user


def authenticate(email: object, password: object) -> User | None:
    if not isinstance(email, str) or not isinstance(password, str) or "\x00" in email:
        return None
    user = find_by_email(email)
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def end_sessions(user: User) -> None:
    """Rotate the session token: every cookie issued before now stops working."""
    user.session_token = new_session_token()
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if user.password_hash is None or not check_password_hash(user.password_hash, current):
        raise Invalid("The current password is not right.", field="current_password")
    check_password(new, "new_password")
    user.password_hash = hash_password(new)
    user.session_token = new_session_token()
    audit.record(user, "user.change_password", user, partnership_id=None)
    db.session.commit()


def set_language(user: User, language: str | None, allowed: list[str]) -> None:
    if language is not None and language not in allowed:
        raise Invalid(f"language must be one of {', '.join(allowed)}.", field="language")
    user.language = language
    db.session.commit()


def create_set_password_link(user: User, by: User, partnership_id: int) -> str:
    """A one-time token for an account that cannot log in yet; shown to the lead who asked.

    Setting the password opens every partnership the account belongs to, so the asker must
    lead each of them: a lead must not gain another partnership's history through a link.
    """
    if user.can_log_in:
        raise Conflict("This person can already log in.")
    theirs = set(db.session.scalars(select(Member.partnership_id).where(Member.user_id == user.id)))
    led = set(
        db.session.scalars(
            select(Member.partnership_id).where(Member.user_id == by.id, Member.role == "lead")
        )
    )
    if partnership_id not in theirs or partnership_id not in led:
        raise Forbidden("Only a lead of their partnership can make this link.")
    if theirs - led:
        raise Conflict(
            f"{user.name} is also a member of a partnership you do not lead, so you cannot set "
            "their password. Ask a lead of that partnership to make the link."
        )
    token = secrets.token_urlsafe(32)
    user.password_reset_hash = _sha256(token)
    user.password_reset_expires = utcnow() + SET_PASSWORD_VALID
    audit.record(by, "user.set_password_link", user, partnership_id=None)
    db.session.commit()
    return token


def user_for_set_password(token: str) -> User:
    user = db.session.scalar(select(User).where(User.password_reset_hash == _sha256(token)))
    expires = user.password_reset_expires if user else None
    if user is None or expires is None or expires < utcnow():
        raise NotFound("This link is not valid any more. Ask a lead for a new one.")
    return user


def set_password(token: str, password: str) -> User:
    user = user_for_set_password(token)
    check_password(password)
    user.password_hash = hash_password(password)
    user.password_reset_hash = None
    user.password_reset_expires = None
    user.session_token = new_session_token()
    audit.record(user, "user.set_password", user, partnership_id=None)
    db.session.commit()
    return user


# --- API tokens ----------------------------------------------------------------------------

TOKEN_PREFIX = "pt_"


def create_token(user: User, name: str = "API token") -> tuple[ApiToken, str]:
    """A new bearer token; the plain value is returned once and only its hash is kept."""
    label = checks.text(name or "API token", "name", max_length=100)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=label, token_hash=_sha256(secret), prefix=secret[:10])
    db.session.add(token)
    audit.record(user, "token.create", token, partnership_id=None, after={"name": label})
    db.session.commit()
    return token, secret


def user_for_token(secret: str) -> User | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _sha256(secret), ApiToken.revoked_at.is_(None)
        )
    )
    if token is None:
        return None
    now = utcnow()
    # Write at most once a minute: a busy integration should not turn reads into writes.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    return token.user


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(user, "token.revoke", token, partnership_id=None)
        db.session.commit()
    return token
