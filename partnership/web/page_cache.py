"""A partnership's pages drawn once per change, not once per read (issue 15).

What the partnership page, its dashboard and a phase page show depends on the partnership's
history (its ``revision``, bumped by every audited write: ``services/audit.py``), the moment
(trust, flags and what is late: the moment their reading holds until, ``insights.until``;
at most the next midnight), the reader (their side, role and own buttons),
their language and the address (and ``?phases=all``). Under that key the page's own blocks
(title, head, content, scripts) are kept where the derived state is (``services/derived.py``:
this process, and Redis when it is set). The layout around them (the menu with the inbox's
count, the flashes) tells of more than this partnership: the page with its layout is kept under
the inbox's count too, and drawn live around the kept blocks when a flash is waiting.

What a page must draw anew for every request is kept as a mark and filled in on every read:
the CSRF token, and each form's one-time token (``web/once.py``), so that two readings of a
kept page never share a form token. A page with a refused form in it (422) is never kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import current_app, g, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..models import Partnership
from ..services import derived, insights
from . import inbox_count, once

# The blocks of base.html a page fills; the layout is drawn around them once per inbox count.
BLOCKS = ("title", "head", "content", "scripts")
# NUL never reaches a page from what people wrote (``bodies.py`` and ``checks`` refuse it).
CSRF_MARK = "\x00csrf\x00"
TOKEN_MARK = once.TOKEN_MARK  # what the forms draw for their token meanwhile


def page(
    template: str, context: Callable[[], dict[str, Any]], variant: str = "", *, keep: bool = True
) -> str | bytes:
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

    def blocks() -> dict[str, str]:
        return derived.cached_object(
            key, lambda: _blocks(template, context), ttl=derived.READING_TTL
        )

    if "_flashes" in session:  # a flash is shown once: drawn live, with the layout around it
        return render_template("_kept_page.html", blocks=_filled(blocks()))
    # Without a flash, what the layout shows besides the key's parts is the inbox's count: the
    # whole page is kept by it too (and its blocks are read only to draw it), and only its
    # tokens are drawn for the request.
    whole = derived.cached_object(
        f"{key}:whole:{inbox_count()}",
        lambda: _split(_with_layout(blocks())),
        ttl=derived.READING_TTL,
    )
    return _joined(whole)


def _blocks(template_name: str, context: Callable[[], dict[str, Any]]) -> dict[str, str]:
    """The page's blocks as text, with marks where the per-request tokens go."""
    with once.drawing():  # the forms draw a mark for their token as they are made
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
    return {name: html.replace(csrf, CSRF_MARK) for name, html in blocks.items()}


def _with_layout(blocks: dict[str, str]) -> str:
    """The page drawn around its kept blocks, the layout's CSRF token marked as theirs are."""
    marked = {name: Markup(html) for name, html in blocks.items()}  # noqa: S704 - our own blocks
    return render_template("_kept_page.html", blocks=marked).replace(generate_csrf(), CSRF_MARK)


_MARKS = re.compile(f"({re.escape(CSRF_MARK)}|{re.escape(TOKEN_MARK)})")
# A whole page as kept: its bytes between the marks, and for each mark whether it is the CSRF
# token's (else a form token's).
Whole = tuple[tuple[bytes, ...], tuple[bool, ...]]


def _split(html: str) -> Whole:
    """The page cut at its marks once, when kept: a read only joins the pieces with its tokens
    (searching and encoding 200 KB of text on every read was a tenth of a kept page)."""
    pieces = _MARKS.split(html)
    return tuple(p.encode() for p in pieces[::2]), tuple(m == CSRF_MARK for m in pieces[1::2])


# Sessions whose signed CSRF token this process keeps (``_csrf_token``); some 2 MB.
_SIGNED_KEPT = 10_000


def _csrf_token() -> bytes:
    """The session's signed CSRF token, signed once per session in this process: signing it
    anew for every read of a kept page was a twentieth of its time (issue 15). A signed token
    does not expire here (WTF_CSRF_TIME_LIMIT is None), so an earlier signature of the
    session's token is as good as a new one; with a time limit set, every read signs its own.
    The app's own LRU keeps them, so another app (another key) never reads them; the first
    signature kept is the one every later reading shows, the one a page drawn anew signed
    included."""
    raw = session.get("csrf_token")
    if raw is None or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf().encode()
    kept = derived.remembered("csrf", _SIGNED_KEPT)
    signed = kept.get(raw)
    if signed is None:
        signed = generate_csrf()  # this request's own, when it has signed one already
        kept.put(raw, signed, 1)
    else:
        g.csrf_token = signed  # what flask-wtf's generate_csrf answers for the rest of the request
    return signed.encode()


def _joined(whole: Whole) -> bytes:
    chunks, is_csrf = whole
    csrf = _csrf_token()
    out = [chunks[0]]
    for csrf_here, chunk in zip(is_csrf, chunks[1:], strict=True):
        out += (csrf if csrf_here else once.new_token().encode(), chunk)
    return b"".join(out)


def _filled(blocks: dict[str, str]) -> dict[str, Markup]:
    return {name: Markup(_joined(_split(html)).decode()) for name, html in blocks.items()}  # noqa: S704
