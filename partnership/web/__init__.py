"""The pages: blueprints, error pages, and what every template may use."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import BaseConverter

from .. import policy
from ..i18n import direction
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


def init_web(app: Flask) -> None:
    from . import account, audit, auth, documents, inbox, insights, labels, partnerships, phases

    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(partnerships.bp)
    app.register_blueprint(phases.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(insights.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(inbox.bp)

    app.add_template_filter(labels.label, "label")
    app.add_template_filter(labels.datetime_filter, "datetime")
    app.add_template_filter(labels.date_filter, "date")
    app.add_template_filter(labels.number_filter, "number")
    app.add_template_filter(labels.highlight, "highlight")
    app.add_template_filter(labels.bdi, "bdi")
    app.add_template_filter(say, "say")

    @app.context_processor
    def template_globals():
        locale = str(get_locale() or "en")
        return {
            "nav_items": NAV_ITEMS,
            "may": lambda action, partnership: policy.may(current_user, action, partnership),
            "locale": locale,
            "text_direction": direction(locale),
            "form_token": new_token,
        }
