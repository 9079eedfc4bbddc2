"""A service's refusal, told to the person who met it, in their language: one way for pages.

A refusal about a field goes next to that field, any other refusal of a form to the top of
the form, and a refusal of a button (no form to show again) into a flash on the page the
person came from. A missing right or a missing item is no form's business: it is raised
again, for the error page. The service has already rolled its change back.
"""

from __future__ import annotations

from flask import flash
from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup

from ..domain.messages import Message
from ..errors import AppError, Forbidden, NotFound
from ..i18n.render import render


def language() -> str:
    return str(get_locale() or "en")


def say(message: Message) -> Markup:
    """A message in the reader's language, safe to put in a page."""
    return render(message, language(), html=True)  # type: ignore[return-value]


def show_refusal(error: AppError, form: FlaskForm | None = None) -> None:
    if isinstance(error, Forbidden | NotFound):
        raise error
    text = say(error.message)
    if form is None:
        flash(text, "danger")
        return
    name = error.field
    if name and hasattr(form, "field_for"):
        name = form.field_for(name)
    field = form._fields.get(name) if name else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.form_errors.append(text)
