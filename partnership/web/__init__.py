"""The pages: blueprints, error pages, and what every template may use."""

from __future__ import annotations

from flask import Flask, g, has_app_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session
from werkzeug.routing import BaseConverter

from .. import policy
from ..domain.vocabulary import MAX_ID
from ..extensions import login_manager
from ..i18n import direction
from ..models import User
from ..services import invitations, lookups, notifications
from .once import new_token
from .refusals import say


def _numbers_up_to(limit: int) -> str:
    """A regular expression for the whole numbers 1 to ``limit``, no leading zeros: the
    shorter numbers, then for each digit of ``limit`` the numbers below it up to there."""
    digits = str(limit)
    parts = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            rest = len(digits) - i - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            parts.append(f"{digits[:i]}[{low}-{int(digit) - 1}]{tail}")
    parts.append(digits)
    return "|".join(parts)


class IdConverter(BaseConverter):
    """A database id: 1 to ``MAX_ID`` (the 32-bit columns' largest). A larger number does not
    match the route, so every URL with one is a 404 before any query, on every route at once.
    The bound is in the pattern itself: a converter refusing in ``to_python`` would let
    Werkzeug answer 405 when the same path has a rule for another method."""

    regex = _numbers_up_to(MAX_ID)

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


NAV_ITEMS = [
    ("inbox.show", _l("Inbox")),
    ("partnerships.index", _l("My partnerships")),
]


# Built once, as the token's lookup is (``accounts.user_for_token``): every page asks it.
_USER_BY_SESSION = lookups.WithPartnership(
    select(User, notifications.unread()).where(User.session_token == bindparam("token"))
)


def load_user(session_token: str) -> User | None:
    """The logged-in person, with what is new in their inbox (the menu's count) and the
    partnership the page is of (for its guard) in the same query."""
    found = _USER_BY_SESSION.first({"token": session_token})
    if found is None:
        return None
    user, g.inbox_count = found
    return user


def inbox_count() -> int:
    """What is new in the inbox, for the navigation: read with the person (``load_user``),
    unless this request has written since (the inbox page marks it seen, then draws)."""
    if not current_user.is_authenticated:
        return 0
    if "inbox_count" in g:
        return int(g.inbox_count)
    return notifications.unread_count(current_user)


@sa_event.listens_for(Session, "after_commit")
def _count_again(session: Session) -> None:
    if has_app_context():
        g.pop("inbox_count", None)


def init_web(app: Flask) -> None:
    from . import (
        account,
        audit,
        auth,
        calendar,
        documents,
        inbox,
        insights,
        labels,
        notify,
        partnerships,
        phases,
        webhooks,
    )

    login_manager.user_loader(load_user)
    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(partnerships.bp)
    app.register_blueprint(phases.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(insights.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(inbox.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(notify.bp)
    app.register_blueprint(webhooks.bp)

    # A global, not a context variable: the bare button forms of ``_macros.html`` draw it, and
    # macros imported without the page's context see the globals only.
    app.add_template_global(new_token, "form_token")
    app.add_template_filter(labels.label, "label")
    app.add_template_filter(labels.datetime_filter, "datetime")
    app.add_template_filter(labels.date_filter, "date")
    app.add_template_filter(labels.number_filter, "number")
    app.add_template_filter(labels.highlight, "highlight")
    app.add_template_filter(labels.bdi, "bdi")
    app.add_template_filter(labels.short, "short_name")
    app.add_template_filter(say, "say")
    app.add_template_filter(labels.reasons_filter, "reasons")
    app.add_template_filter(labels.suggestion_filter, "suggestion")
    app.add_template_filter(labels.listing, "listing")
    app.add_template_filter(labels.decimal, "decimal")
    app.add_template_filter(labels.evidence_link, "evidence_link")

    @app.context_processor
    def template_globals():
        locale = str(get_locale() or "en")
        return {
            "nav_items": NAV_ITEMS,
            "may": lambda action, partnership: policy.may(current_user, action, partnership),
            "locale": locale,
            "text_direction": direction(locale),
            "inbox_count": inbox_count,
            "author": invitations.shown_name,
        }
