"""How pages answer what went wrong: an error page in the reader's language, never a trace."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from ..errors import AppError, Conflict, Invalid
from .refusals import say

ERROR_TEXT = {
    400: _l("The request was not understood."),
    403: _l("You may not do this."),
    404: _l("There is nothing here, or you are not a member of it."),
    405: _l("This page does not take that kind of request."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing you did was lost: try again."),
}


def error_page(status: int, message: object = None):
    text = message or ERROR_TEXT.get(status) or _l("Something went wrong.")
    return render_template("errors/error.html", status=status, message=text), status


def app_error(error: AppError):
    if isinstance(error, Conflict | Invalid) and request.method == "POST":
        # A refused button: say why on the page the person came from.
        flash(say(error.message), "danger")
        return redirect(request.referrer or "/")
    return error_page(error.status, say(error.message))


def http_error(error: HTTPException):
    if error.code and error.code < 400:
        return error
    return error_page(error.code or 500)


def unexpected(error: Exception):
    current_app.logger.exception("Unhandled error")
    return error_page(500)
