"""A partnership's pages drawn once per change, not once per read (issue 15).

What the partnership page, its dashboard and a phase page show depends on the partnership's
history (its ``revision``, bumped by every audited write: ``services/audit.py``), the moment
(trust, flags and what is late: the moment their reading holds until, ``insights.until``;
at most the next midnight), the reader (their side, role and own buttons),
their language and the address (and ``?phases=all``). Under that key the page's own blocks
(title, head, content, scripts) are kept where the derived state is (``services/derived.py``:
this process, and Redis when it is set); the layout around them (the menu with the inbox's
count, the flashes) is drawn for every request, because it tells of more than this partnership.

What a page must draw anew for every request is kept as a mark and filled in on every read:
the CSRF token, and each form's one-time token (``web/once.py``), so that two readings of a
kept page never share a form token. A page with a refused form in it (422) is never kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import current_app, g, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..models import Partnership
from ..services import derived, insights
from . import once

# The blocks of base.html a page fills; the layout's own parts are drawn live around them.
BLOCKS = ("title", "head", "content", "scripts")
# NUL never reaches a page from what people wrote (``bodies.py`` and ``checks`` refuse it).
CSRF_MARK = "\x00csrf\x00"
TOKEN_MARK = "\x00form-token\x00"


def page(
    template: str, context: Callable[[], dict[str, Any]], variant: str = "", *, keep: bool = True
) -> str:
    """``render_template(template, **context())``, its blocks kept under the key above, for
    the partnership the route's guard found (``guard.requires``). ``variant`` names what of
    the query the page reads (a query it does not read makes no new key); ``keep=False``
    draws it afresh and keeps nothing (a page with a refused form in it)."""
    if not keep:
        return render_template(template, **context())
    partnership: Partnership = g.partnership_in_view
    key = ":".join(
        (
            derived.prefix(partnership),
            "page",
            derived.reading_name(insights.until(partnership)),
            str(current_user.id),
            str(get_locale() or "en"),
            request.path,
            variant,
        )
    )
    blocks = derived.cached_object(key, lambda: _blocks(template, context), ttl=derived.READING_TTL)
    return render_template("_kept_page.html", blocks=_filled(blocks))


def _blocks(template_name: str, context: Callable[[], dict[str, Any]]) -> dict[str, str]:
    """The page's blocks as text, with marks where the per-request tokens were."""
    drawn: list[str] = []
    with once.drawing_into(drawn):  # the forms draw theirs as they are made, in ``context``
        values = context()
        env = current_app.jinja_env
        template = env.get_template(template_name)
        current_app.update_template_context(values)
        render = template.new_context(values)
        # Run the template's own top level (its imports and macros) up to the layout's first
        # words, so that its blocks find them; the layout itself is drawn per request.
        top = template.root_render_func(render)
        next(top, None)
        top.close()  # type: ignore[attr-defined]
        blocks = {
            name: env.concat(template.blocks[name](render))
            for name in BLOCKS
            if name in template.blocks
        }
    csrf = generate_csrf()
    tokens = re.compile("|".join(re.escape(token) for token in drawn)) if drawn else None
    for name, html in blocks.items():
        html = html.replace(csrf, CSRF_MARK)
        blocks[name] = tokens.sub(TOKEN_MARK, html) if tokens else html
    return blocks


def _filled(blocks: dict[str, str]) -> dict[str, Markup]:
    csrf = generate_csrf()
    return {
        name: Markup(re.sub(TOKEN_MARK, lambda _: once.new_token(), html.replace(CSRF_MARK, csrf)))
        for name, html in blocks.items()
    }
