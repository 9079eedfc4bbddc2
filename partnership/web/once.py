"""A page's form does its work once, however many times it is sent (``services/submissions``).

Every form of the pages carries a one-time ``form_token`` (``OnceForm``; the bare button forms
of ``_macros.html`` take one from the ``form_token()`` template global). ``once`` claims it,
does the work, and remembers where the result is; a second sending of the same form is
answered with that place and a word that the form was sent twice. A request without a token
(a script; pages always send one) is simply done.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import flash, g, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import HiddenField

from ..errors import AppError
from ..services import submissions

T = TypeVar("T")
FIELD = "form_token"


# NUL never reaches a page from what people wrote (``bodies.py`` and ``checks`` refuse it).
TOKEN_MARK = "\x00form-token\x00"


def new_token() -> str:
    """A new one-time token; while a page to be kept is drawn (``drawing``), the mark that
    each reading of it fills with a new one (``web/page_cache.py``)."""
    if g.get("drawing_kept_page"):
        return TOKEN_MARK
    return secrets.token_urlsafe(24)


@contextmanager
def drawing() -> Iterator[None]:
    """Forms made meanwhile carry ``TOKEN_MARK`` for their token."""
    g.drawing_kept_page = True
    try:
        yield
    finally:
        g.pop("drawing_kept_page", None)


class OnceForm:
    """Mixed into a FlaskForm: the hidden one-time token, new each time the form is drawn."""

    form_token = HiddenField(default=new_token)


def token_of(form: Any = None) -> str | None:
    """The form's token (its prefixed field), or a bare button form's ``form_token``."""
    field = getattr(form, FIELD, None) if form is not None else None
    value = field.data if field is not None else request.form.get(FIELD)
    return submissions.valid(value)


def once(
    form: Any,
    act: Callable[[], T],
    where: Callable[[T], str],
    done: str | Callable[[T], str],
    category: str = "success",
    *,
    fallback: str | None = None,
):
    """Do ``act`` once for this form and go to ``where(result)`` with the flash ``done`` (a
    sentence, or a function of the result that writes one).

    A refusal (``AppError``) releases the token and is raised again for the page to show."""
    user = current_user._get_current_object()
    token = token_of(form)
    if token:
        earlier = submissions.claim(user, token)
        if earlier is not None:
            return answer_again(earlier, done, category, fallback)
    try:
        result = act()
    except AppError:
        if token:
            submissions.release(user, token)
        raise
    url = where(result)
    if token:
        submissions.finish(user, token, url)
    flash(done(result) if callable(done) else done, category)
    return redirect(url)


def answer_again(earlier: submissions.Earlier, done: object, category: str, fallback: str | None):
    """The answer to a second sending: where the first one's result is."""
    if earlier.result_url:
        twice = _("The form was sent twice; it was done once.")
        flash(f"{done} ({twice})" if isinstance(done, str) else twice, category)
        return redirect(earlier.result_url)
    flash(
        _(
            "This form is still being processed from when you first sent it. Reload the page "
            "in a moment to see the result."
        ),
        "warning",
    )
    return redirect(fallback or request.referrer or "/")
