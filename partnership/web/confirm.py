"""Asking first: the confirmation page of an action that cannot be taken back.

Two shapes, both working without JavaScript (``static/js/confirm.js`` only shows the same page
in a dialog):

- a **button** (start a phase, close it, remove a goal or a member, revoke a token, make a
  set-password link) is a link to its URL; ``GET`` answers the confirmation page, which says
  what will happen, and its form ``POST``s to the same URL, which acts;
- a **form** whose sending is final (a review, an answer to a directive, a delivery or a drop)
  is sent with ``ask_first=1``; once it validates, the answer is the confirmation page with a
  summary of what was filled in, and its form sends the same fields again without
  ``ask_first``, which acts. "Change it" sends them with ``change=1``: the form again, filled.

Scripts and the API do not ask: they act on the first ``POST``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, render_template, request
from markupsafe import Markup
from wtforms import Field

from .forms import ConfirmForm
from .once import once

ASK, CHANGE = "ask_first", "change"
NOT_SENT_AGAIN = {"csrf_token", ASK, CHANGE}


def own(words: str) -> str:
    """Someone's words inside one of our sentences, isolated in their own direction (Unicode
    first-strong isolate): a Latin name in an Arabic question keeps its place and its marks."""
    return f"\u2068{words}\u2069"


def asked() -> bool:
    """Whether the form was sent from a page that asks first."""
    return request.form.get(ASK) == "1"


def changing() -> bool:
    """Whether the person chose "Change it" on the confirmation page."""
    return request.form.get(CHANGE) == "1"


def fields_to_send_again() -> list[tuple[str, str]]:
    """What was sent, to send again from the confirmation page (the token included, so the
    form still acts once)."""
    return [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_SENT_AGAIN]


def shown(field: Field) -> str:
    """A field's value as the person chose it: the label of a choice, the text as typed."""
    choices = getattr(field, "choices", None)
    if choices:
        for choice in choices:
            value, label = (choice.value, choice.label) if hasattr(choice, "value") else choice
            if str(value) == str(field.data):
                return str(label)
    if isinstance(field.data, bool):
        return ""
    return "" if field.data is None else str(field.data)


def summary(form: Any) -> list[tuple[str, str]]:
    """The filled-in fields of ``form`` as (label, value), in the form's order."""
    rows = []
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField"):
            continue
        value = shown(field)
        if value:
            rows.append((str(field.label.text), value))
    return rows


def page(
    *,
    question: str,
    action: str,
    button: str,
    cancel: str,
    consequences: list[str | Markup] = (),  # type: ignore[assignment]
    button_class: str = "btn-primary",
    cancel_label: str | None = None,
    refusal: str | Markup | None = None,
    items_heading: str | None = None,
    items: list[dict[str, Any]] = (),  # type: ignore[assignment]
    more: int = 0,
    rows: list[tuple[str, str]] = (),  # type: ignore[assignment]
    send_again: list[tuple[str, str]] = (),  # type: ignore[assignment]
    change: bool = False,
    partnership: Any = None,
    status: int = 200,
):
    """The confirmation page. ``refusal``: why it cannot be done now (no button then).
    ``items``: things it concerns (``text``, ``href``, ``note``), ``more`` of them not shown.
    ``rows``: the summary of a filled-in form; ``change``: offer "Change it" (back to the form)."""
    return render_template(
        "confirm/action.html",
        question=question,
        action=action,
        button=button,
        button_class=button_class,
        cancel=cancel,
        cancel_label=cancel_label,
        consequences=consequences,
        refusal=refusal,
        items_heading=items_heading,
        items=items,
        more=more,
        rows=rows,
        send_again=send_again,
        change=change,
        partnership=partnership,
        # a button's page makes its own one-time token; a form's carries the form's own
        fresh_token=not any(k.split("-")[-1] == "form_token" for k, _ in send_again),
    ), status


def act_once(back: str, act: Callable[[], Any], done: str, then: str | None = None):
    """The ``POST`` of a button's confirmation page: its form checked (else back to ``back``),
    then ``act`` once, with the flash ``done``, to ``then`` (``back`` by default)."""
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return once(None, act, lambda _result: then or back, done, "info", fallback=back)
