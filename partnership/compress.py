"""Gzip for big JSON answers (issue 15): a 3 MB trust or export answer is a tenth on the wire.

A small ``after_request`` rather than a library: only JSON of ``MIN_SIZE`` bytes or more, only
to clients that accept gzip. An answer with an ETag (trust, flags, export: the same bytes until
the history changes) is compressed once per process and kept, by its ETag.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Flask, Response, request

MIN_SIZE = 4096
LEVEL = 6
KEPT = 32  # compressed answers kept per process, by ETag

_kept: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
_lock = threading.Lock()


def _compressed(data: bytes, tag: str | None) -> bytes:
    if tag is None:
        return gzip.compress(data, LEVEL, mtime=0)
    # An ETag is one resource's: the address is in the key, and the language it was read in.
    key = (request.full_path, tag, request.headers.get("Accept-Language", ""), str(len(data)))
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = gzip.compress(data, LEVEL, mtime=0)
    with _lock:
        _kept[key] = found
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found


def compress(response: Response) -> Response:
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.mimetype != "application/json"
        or "Content-Encoding" in response.headers
        or "gzip" not in request.accept_encodings
    ):
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(_compressed(data, response.headers.get("ETag")))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress)
