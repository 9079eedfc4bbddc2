"""Request bodies no part of the app should ever see, refused in one place (issue 11).

Registered by ``create_app`` as the first ``before_request``, so it runs after routing and
before authentication, the route guard, webargs, forms or any service, on every endpoint at
once:

- a JSON endpoint (the whole API, and the few pages that take JSON) sent a body that is not
  declared JSON (``text/plain``, form-encoded, no ``Content-Type``) is a 415: it would be
  read as an empty body and answer 200 having done nothing of what was sent;
- a JSON body over ``MAX_CONTENT_LENGTH`` is a 413, chunked or not;
- JSON that does not parse is a 400, and so is JSON nested deeper than ``MAX_JSON_DEPTH``
  (Python's parser, marshmallow and the services recurse; about 1,000 levels was a 500);
- a string holding NUL or a lone surrogate (``"\\ud800"``), as a value or as a key, is a 422
  naming where it is (``phases[0].goals[0].title``): PostgreSQL refuses to store either, so
  once past here it was a 500 from psycopg.

``NaN``, ``Infinity`` and numbers that overflow (``1e999``) pass: each schema judges its own
numbers (marshmallow refuses non-finite ones, the document validator names their path).

The parsed body is kept on the request, so ``request.get_json()`` does not parse it again.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from .domain.messages import Field, Message
from .domain.vocabulary import MAX_JSON_DEPTH

# Methods whose body an endpoint reads.
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
# Pages (not under /api) that take a JSON body: the live reading of the goal and directive forms.
JSON_PAGES = frozenset({"insights.analyze"})

_NUL = "\x00"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_odd_bodies)


def _json_endpoint() -> bool:
    from .api import is_api_request

    return is_api_request() or request.endpoint in JSON_PAGES


def _has_body() -> bool:
    if request.content_length:
        return True
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def refuse_odd_bodies() -> Response | None:
    if request.method not in WITH_BODY or not _has_body():
        return None
    if not request.is_json:
        if _json_endpoint():
            return _error(415, Message("request.json_expected"))
        return None
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        return _too_large()
    limit = request.max_content_length
    if limit is not None and len(raw) >= limit and _more_after(limit):
        return _too_large()
    try:
        body = json.loads(raw)
    except RecursionError:
        return _error(400, Message("request.too_deep", limit=MAX_JSON_DEPTH))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return _error(400, Message("request.malformed_json"))
    refusal = first_problem(body)
    if refusal is not None:
        return refusal
    request._cached_json = (body, body)  # what get_json(silent or not) returns from now on
    return None


def _more_after(limit: int) -> bool:
    """Whether a chunked body goes on past the limit: Werkzeug stops reading it there and
    hands over the first ``limit`` bytes, as if that were all (which then fails to parse)."""
    if request.content_length is not None:
        return len(request.get_data(cache=True)) > limit
    return bool(request.environ["wsgi.input"].read(1))


def first_problem(body: Any) -> Response | None:
    """Walk the parsed body without recursion: too deep, or a string no database can store."""
    stack: list[tuple[Any, str, int]] = [(body, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                return _error(400, Message("request.too_deep", limit=MAX_JSON_DEPTH))
            if isinstance(value, dict):
                for key, item in reversed(list(value.items())):
                    where = f"{path}.{key}" if path else str(key)
                    if _unstorable(key):
                        return _text_error(key, where)
                    stack.append((item, where, depth + 1))
            else:
                for index in range(len(value) - 1, -1, -1):
                    stack.append((value[index], f"{path}[{index}]", depth + 1))
        elif isinstance(value, str) and _unstorable(value):
            return _text_error(value, path)
    return None


def _unstorable(text: str) -> bool:
    return _NUL in text or _SURROGATE.search(text) is not None


def _text_error(text: str, path: str) -> Response:
    field = _SURROGATE.sub("\ufffd", path.replace(_NUL, "\ufffd")) or "body"
    code = "field.control_characters" if _NUL in text else "field.unpaired_surrogate"
    return _error(422, Message(code, field=Field(field)), field)


def _too_large() -> Response:
    from flask import current_app

    limit = round((current_app.config.get("MAX_CONTENT_LENGTH") or 0) / 2**20)
    return _error(413, Message("request.too_large", limit=limit))


def _error(status: int, message: Message, field: str | None = None) -> Response:
    """JSON, whatever the layer: the caller sent (or should have sent) JSON."""
    from .api.errors import error_response

    response: Response = error_response(status, message, field)
    return response
