"""Accounts, sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.vocabulary import LANGUAGES, MAX_NAME
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..models import ApiToken, Member, User, new_session_token, utcnow
from . import audit, checks
from .transaction import atomic

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
    # Not stripped: spaces at either end are part of what the person chose.
    checks.text(password, field, max_length=MAX_PASSWORD, strip=False)
    if len(password) < MIN_PASSWORD:  # type: ignore[arg-type]
        raise Invalid.of("field.too_short", field, limit=MIN_PASSWORD)
    return password  # type: ignore[return-value]


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


@atomic
def register(email: object, name: object, password: object, language: str | None = None) -> User:
    address = checks.email(email)
    display_name = checks.text(name, "name", max_length=MAX_NAME)
    check_password(password)
    if language is not None:
        language = checks.choice(language, "language", LANGUAGES)
    existing = find_by_email(address)
    if existing is not None:
        if existing.can_log_in:
            raise Conflict("account.email_taken", field="email")
        # An account an import created: anyone could type its email, so it is claimed only
        # through the set-password link a lead of its partnership hands over.
        raise Conflict("account.email_imported", field="email")
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


@atomic
def end_sessions(user: User) -> None:
    """Rotate the session token: every cookie issued before now stops working."""
    user.session_token = new_session_token()
    db.session.commit()


@atomic
def change_password(user: User, current: str, new: str) -> None:
    if user.password_hash is None or not check_password_hash(user.password_hash, current):
        raise Invalid("account.password_wrong", field="current_password")
    check_password(new, "new_password")
    user.password_hash = hash_password(new)
    user.session_token = new_session_token()
    audit.record(user, "user.change_password", user, partnership_id=None)
    db.session.commit()


@atomic
def set_language(user: User, language: str | None) -> None:
    update_profile(user, {"language": language})


def _language(value: object) -> str | None:
    """A language of the five, or None for "same as my browser" (SPEC §10)."""
    return None if value is None else checks.choice(value, "language", LANGUAGES)


def _name(value: object) -> str:
    return checks.text(value, "name", max_length=MAX_NAME)


# What a person may change about themselves, and how each value is checked: the account page
# and PATCH /me both come here. Notification settings and the calendar feed join this table.
PROFILE: dict[str, Callable[[object], Any]] = {"name": _name, "language": _language}


@atomic
def update_profile(user: User, changes: Mapping[str, object]) -> User:
    """Apply ``changes`` (a subset of PROFILE's fields) after checking all of them; audited."""
    values = {field: PROFILE[field](value) for field, value in changes.items()}
    before = {field: getattr(user, field) for field in values}
    changed = {field: value for field, value in values.items() if before[field] != value}
    for field, value in changed.items():
        setattr(user, field, value)
    if changed:
        audit.record(
            user,
            "user.update",
            user,
            partnership_id=None,
            before={field: before[field] for field in changed},
            after=changed,
        )
    db.session.commit()
    return user


@atomic
def create_set_password_link(user: User, by: User, partnership_id: int) -> str:
    """A one-time token for an account that cannot log in yet; shown to the lead who asked.

    Setting the password opens every partnership the account belongs to, so the asker must
    lead each of them: a lead must not gain another partnership's history through a link.
    """
    if user.can_log_in:
        raise Conflict("account.can_log_in")
    theirs = set(db.session.scalars(select(Member.partnership_id).where(Member.user_id == user.id)))
    led = set(
        db.session.scalars(
            select(Member.partnership_id).where(Member.user_id == by.id, Member.role == "lead")
        )
    )
    if partnership_id not in theirs or partnership_id not in led:
        raise Forbidden("account.link_not_lead")
    if theirs - led:
        raise Conflict("account.link_other_partnership", name=user.name)
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
        raise NotFound("account.link_expired")
    return user


@atomic
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


@atomic
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


@atomic
def revoke_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("account.no_such_token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(user, "token.revoke", token, partnership_id=None)
        db.session.commit()
    return token
