"""Accounts, sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from .. import jobs, mail
from ..domain.vocabulary import LANGUAGES, MAX_NAME
from ..errors import AppError, Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..links import base_url
from ..models import ApiToken, Invitation, Member, User, new_session_token, utcnow
from . import audit, checks, lookups
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
def register(
    email: object,
    name: object,
    password: object,
    language: str | None = None,
    *,
    confirmed: bool = False,
) -> User:
    """A new account. ``confirmed``: the address is known to be its owner's already (an
    operator's command, the tests' people), so no confirmation email is sent."""
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
    if confirmed:
        user.email_confirmed_at = utcnow()
    else:
        ask_to_confirm(user)
    db.session.commit()
    return user


# --- email confirmation (SPEC §13) ---------------------------------------------------------

CONFIRM_VALID = timedelta(days=7)


def _confirmations() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="confirm-email")  # type: ignore[arg-type]


def confirmation_token(user: User) -> str:
    # The address is inside: a link made for an old address confirms nothing after a change.
    return _confirmations().dumps({"user": user.id, "email": user.email})


def ask_to_confirm(user: User) -> None:
    """With mail configured, email the owner a link to confirm the address (until then the
    account can neither be added to a partnership nor accept an invitation); without mail
    there is nobody to ask, and the account counts as confirmed."""
    if not current_app.config.get("MAIL_URL"):
        user.email_confirmed_at = user.email_confirmed_at or utcnow()
        return
    if user.email_confirmed_at is None:
        jobs.later(send_confirmation, user.id)


def send_confirmation(user_id: int) -> None:
    """The confirmation email, in the owner's language (a background job)."""
    from flask import render_template, url_for
    from flask_babel import force_locale
    from flask_babel import gettext as _

    user = db.session.get(User, user_id)
    if user is None or user.email_confirmed_at is not None:
        return
    language = user.language or "en"
    with current_app.test_request_context("/"), force_locale(language):
        link = base_url() + url_for("auth.confirm_email", token=confirmation_token(user))
        subject = _("Confirm your email for Partnership Tracker")
        text = render_template("email/confirm.txt", user=user, link=link, days=CONFIRM_VALID.days)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = Address(display_name=user.name, addr_spec=user.email)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    mail.send(message)


@atomic
def confirm_email(token: str) -> User:
    try:
        data = _confirmations().loads(token, max_age=int(CONFIRM_VALID.total_seconds()))
    except BadSignature:
        raise NotFound("account.confirm_link_expired") from None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise NotFound("account.confirm_link_expired")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record(user, "user.confirm_email", user, partnership_id=None)
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


def _places(user: User) -> list[tuple[int, str, str, int | None]]:
    """Where the account is expected: (partnership, side, role, who added or invited them),
    for each membership and each invitation still to answer."""
    places = [
        (m.partnership_id, m.side, m.role, m.added_by_id)
        for m in db.session.scalars(select(Member).where(Member.user_id == user.id))
    ]
    places += [
        (i.partnership_id, i.side, i.role, i.invited_by_id)
        for i in db.session.scalars(
            select(Invitation).where(
                Invitation.user_id == user.id, Invitation.declined_at.is_(None)
            )
        )
    ]
    return places


def _may_make_link(by: User, place: tuple[int, str, str, int | None]) -> bool:
    """SPEC §13: a lead of that person's side, or, for the other side's first lead, the lead
    who added them. Whoever holds the link can act as them, so nobody else may make one."""
    partnership_id, side, role, added_by = place
    mine = db.session.scalar(
        select(Member).where(Member.partnership_id == partnership_id, Member.user_id == by.id)
    )
    if mine is None or mine.role != "lead":
        return False
    return mine.side == side or (role == "lead" and added_by == by.id)


def new_set_password_token(user: User, by: User) -> str:
    """A one-time token for ``user``'s password, in the caller's transaction (asked first);
    an earlier token stops working."""
    token = secrets.token_urlsafe(32)
    user.password_reset_hash = _sha256(token)
    user.password_reset_expires = utcnow() + SET_PASSWORD_VALID
    audit.record(by, "user.set_password_link", user, partnership_id=None)
    if current_app.config.get("MAIL_URL"):
        # SPEC §13: emailed too when mail is configured (the lead sees it on the page as well)
        jobs.later(send_set_password_link, user.id, token, by.name)
    return token


def send_set_password_link(user_id: int, token: str, inviter: str) -> None:
    """The set-password link by email, in the person's language (a background job); not sent
    once the link is spent or replaced."""
    from flask import render_template, url_for
    from flask_babel import force_locale
    from flask_babel import gettext as _

    user = db.session.get(User, user_id)
    if user is None or user.password_reset_hash != _sha256(token):
        return
    with current_app.test_request_context("/"), force_locale(user.language or "en"):
        link = base_url() + url_for("auth.set_password", token=token)
        subject = _("%(name)s invited you to Partnership Tracker", name=inviter)
        text = render_template(
            "email/set_password.txt",
            user=user,
            link=link,
            inviter=inviter,
            days=SET_PASSWORD_VALID.days,
        )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = Address(display_name=user.name, addr_spec=user.email)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    mail.send(message)


def set_password_refusal(user: User, by: User, partnership_id: int) -> AppError | None:
    """Why ``by`` may not make ``user``'s set-password link now, or None when they may."""
    if user.can_log_in:
        return Conflict("account.can_log_in")
    places = _places(user)
    here = [p for p in places if p[0] == partnership_id]
    if not here or not any(_may_make_link(by, p) for p in here):
        return Forbidden("account.link_not_lead")
    # Setting the password opens every partnership the account belongs to (and answers its
    # invitations): the asker must be entitled everywhere, or a lead could gain another
    # partnership's history through a link.
    if not all(_may_make_link(by, p) for p in places):
        return Conflict("account.link_other_partnership", name=user.name)
    return None


@atomic
def create_set_password_link(user: User, by: User, partnership_id: int) -> str:
    """A one-time token for an account that cannot log in yet; shown to the lead who asked."""
    refusal = set_password_refusal(user, by, partnership_id)
    if refusal is not None:
        raise refusal
    token = new_set_password_token(user, by)
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
    # A lead saw the link too: it proves nothing about the address, the confirmation does.
    ask_to_confirm(user)
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


_TOKEN_OWNER = lookups.WithPartnership(
    select(User, ApiToken.id, ApiToken.last_used_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("hash"), ApiToken.revoked_at.is_(None))
)


def user_for_token(secret: str) -> User | None:
    """The owner of a live token; the partnership the request's URL points at is loaded with
    them (``lookups.WithPartnership``)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    found = _TOKEN_OWNER.first({"hash": _sha256(secret)})
    if found is None:
        return None
    user, token_id, last_used_at = found
    now = utcnow()
    # Write at most once a minute: a busy integration should not turn reads into writes.
    if last_used_at is None or now - last_used_at > timedelta(minutes=1):
        db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        db.session.commit()
    return user


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
