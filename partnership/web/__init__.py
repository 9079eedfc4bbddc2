"""The pages: blueprints, error pages, and what every template may use."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import BaseConverter

from .. import policy
from ..i18n import direction
from ..services import invitations
from .once import new_token
from .refusals import say


class IdConverter(BaseConverter):
    """A database id: 1 to 18 digits, so no URL can carry an integer PostgreSQL would refuse."""

    regex = r"[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


NAV_ITEMS = [
    ("inbox.show", _l("Inbox")),
    ("partnerships.index", _l("My partnerships")),
]


def _inbox_count() -> int:
    """What is new in the inbox, for the navigation: one query, asked only by the page."""
    from ..services.notifications import unread_count

    if not current_user.is_authenticated:
        return 0
    return unread_count(current_user)


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
            "inbox_count": _inbox_count,
            "form_token": new_token,
            "author": invitations.shown_name,
        }
