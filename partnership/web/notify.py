"""Unsubscribing from emails by the link every email carries: no login needed (SPEC §11).

The link holds a signed token naming the person. ``GET`` shows a button, since mail scanners
open links on their own; ``POST`` (the button, or a mail client's one-click request of RFC
8058, ``List-Unsubscribe=One-Click``) turns the emails off. Neither carries a CSRF token: the
signed token is what proves the link came from an email of ours, and the worst a forged
request can do is what the link itself does.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..extensions import csrf
from ..guard import requires
from ..services import notifications

bp = Blueprint("notify", __name__)


def _person(token: str):
    user = notifications.user_for_unsubscribe(token)
    if user is None:
        abort(404)
    return user


@bp.get("/unsubscribe/<token>")
@requires("public")
def unsubscribe_page(token: str):
    user = _person(token)
    return render_template("notify/unsubscribe.html", user=user, token=token, done=False)


@bp.post("/unsubscribe/<token>")
@requires("public")
@csrf.exempt
def unsubscribe(token: str):
    user = _person(token)
    notifications.set_choice(user, "none")
    return render_template("notify/unsubscribe.html", user=user, token=token, done=True)
