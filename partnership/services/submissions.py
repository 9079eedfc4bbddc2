"""One-time tokens of the pages' forms: a form sent twice does its work once.

Every form of the pages carries a random token, made when the page was drawn. Before the work,
the token is *claimed*: a row (user, token) is written and committed at once, so a second
sending of the same form, even one arriving while the first is still at work, finds it. When
the work is done, the row keeps where its result is; the second sending waits for that and is
answered with it. When the work is refused (a field to correct), the claim is released, so the
corrected form can be sent again with the same token.

The claim is committed on its own, before the work: in the work's own transaction it would
not be seen by the second sending until the work ended (and on SQLite the second sending would
wait on the write lock behind a long import).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import FormSubmission, User, utcnow

# What a token looks like (``secrets.token_urlsafe(24)`` gives 32 characters); anything else is
# no token at all, so nothing odd ever reaches the database.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# A second sending waits this long for the first to finish: an import of 3,000 commitments
# takes a few seconds; past this, it is told the work is still under way.
WAIT = timedelta(seconds=30)
POLL_SECONDS = 0.1
# Claims are forgotten after a day: nobody sends the same page's form again after that.
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Earlier:
    """What became of the first sending of a form: its result's place, or still at work."""

    result_url: str | None  # None: still at work (or it stopped without saying)


def valid(token: object) -> str | None:
    return token if isinstance(token, str) and TOKEN.fullmatch(token) else None


def _find(user: User, token: str) -> FormSubmission | None:
    return db.session.scalar(
        select(FormSubmission).where(
            FormSubmission.user_id == user.id, FormSubmission.token == token
        )
    )


def claim(user: User, token: str) -> Earlier | None:
    """Claim ``token`` for the work about to be done: None when this is the first sending;
    otherwise what became of the first one (waiting for it while it is at work)."""
    # Read first: on SQLite a reader does not wait for a long write in progress; a writer does.
    if _find(user, token) is None:
        db.session.execute(
            delete(FormSubmission).where(FormSubmission.created_at < utcnow() - KEEP)
        )
        db.session.add(FormSubmission(user_id=user.id, token=token))
        try:
            db.session.commit()
            return None
        except IntegrityError:  # the other sending claimed it in the same instant
            db.session.rollback()
    return _wait(user, token)


def _wait(user: User, token: str) -> Earlier | None:
    deadline = time.monotonic() + WAIT.total_seconds()
    while True:
        db.session.rollback()  # a fresh look at what other requests committed
        found = _find(user, token)
        if found is None:
            # The first sending was refused and released its claim: this one goes ahead.
            return claim(user, token)
        if found.finished_at is not None or time.monotonic() >= deadline:
            return Earlier(found.result_url)
        time.sleep(POLL_SECONDS)


def finish(user: User, token: str, result_url: str) -> None:
    """The work is done: a later sending of this form is answered with ``result_url``."""
    found = _find(user, token)
    if found is not None:
        found.finished_at, found.result_url = utcnow(), result_url
        db.session.commit()


def release(user: User, token: str) -> None:
    """The work was refused: the form, corrected, may be sent again with the same token."""
    db.session.rollback()
    db.session.execute(
        delete(FormSubmission).where(
            FormSubmission.user_id == user.id, FormSubmission.token == token
        )
    )
    db.session.commit()
