"""The pages: blueprints, error pages, and what every template may use."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from .. import policy
from ..errors import AppError, Conflict, Invalid
from ..extensions import db


class IdConverter(BaseConverter):
    """A database id: 1 to 18 digits, so no URL can carry an integer PostgreSQL would refuse."""

    regex = r"[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


NAV_ITEMS = [
    ("phases.inbox", _l("Inbox")),
    ("partnerships.index", _l("My partnerships")),
]

ERROR_TEXT = {
    400: _l("The request was not understood."),
    403: _l("You may not do this."),
    404: _l("There is nothing here, or you are not a member of it."),
    405: _l("This page does not take that kind of request."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing you did was lost: try again."),
}


def _error_page(status: int, message: str | None = None):
    text = message or ERROR_TEXT.get(status) or _l("Something went wrong.")
    return render_template("errors/error.html", status=status, message=text), status


def init_web(app: Flask) -> None:
    from ..api import handle_app_error, handle_http_error, handle_unexpected, is_api_request
    from . import account, auth, documents, insights, labels, partnerships, phases

    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(partnerships.bp)
    app.register_blueprint(phases.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(insights.bp)

    @app.errorhandler(AppError)
    def app_error(error: AppError):
        if is_api_request():
            return handle_app_error(error)
        db.session.rollback()
        if isinstance(error, Conflict | Invalid) and request.method == "POST":
            # A refused action on a page: say why on the page the user came from.
            flash(error.message, "danger")
            return redirect(request.referrer or "/")
        return _error_page(error.status, error.message)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        # The database refused a write that raced another one (a second answer, a second
        # review, a second open phase): a conflict with the current state, never a 500.
        db.session.rollback()
        return app_error(
            Conflict("This conflicts with a change made at the same moment; reload and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():
            return handle_http_error(error)
        if error.code and error.code < 400:
            return error
        return _error_page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        if is_api_request():
            return handle_unexpected(error)
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return _error_page(500)

    app.add_template_filter(labels.label, "label")
    app.add_template_filter(labels.datetime_filter, "datetime")
    app.add_template_filter(labels.date_filter, "date")

    @app.context_processor
    def template_globals():
        locale = str(get_locale() or "en")
        return {
            "nav_items": NAV_ITEMS,
            "may": lambda action, partnership: policy.may(current_user, action, partnership),
            "locale": locale,
            "text_direction": "rtl" if locale == "ar" else "ltr",
        }
