"""What is derived from a partnership's history, cached by (partnership, revision) (issue 15).

Every write bumps the partnership's ``revision`` in its own transaction (``audit.record``), and
a request reads the revision with the partnership before anything else, so a key names a
history that is at least as new as the one the reader asked about: a write never leaves a stale
answer readable, and nothing is ever deleted (old keys age out).

Trust and flags also depend on the moment of reading (silence, late reviews, what is past
due), but only at moments the history names (``domain/timing.py``): a reading holds until
then. So what is drawn from a reading is also keyed by the moment it holds until
(``insights.until``), and is drawn again when that moment passes, never behind a write or the
clock.

A key also names the code that drew the value (``code_version``): after a deployment, a worker
of the new code never reads what an old one pickled or drew (a record without a field added
since, a page of an old template), though both share one Redis.

Two layers: a small per-process LRU (objects and bytes), and Redis when ``REDIS_URL`` is set,
shared by every worker (bytes, and the snapshot pickled). Without Redis each process keeps its
own copy, which is as correct (the key holds the revision), only computed once per process.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import after_this_request, current_app, g, has_request_context, request

from ..models import Partnership

log = logging.getLogger(__name__)

TTL_SECONDS = 3600  # in Redis; a revision that is never read again ages out
# Pages, panels and answers of a reading: ten minutes unread and they leave Redis. An active
# team writes many revisions an hour, each with pages of 100 KB or more per reader.
READING_TTL = 600
LOCAL_BYTES = 96 * 1024 * 1024  # per process, for all entries together


class _Local:
    """A thread-safe LRU bounded by the total size of what it holds.

    With ``version_at``, the ``:``-separated part of a key at that index is a version (a
    revision) and the parts before it name what it is a version of: keeping a newer version
    drops the older ones, which nobody reads again. (A request that began before a write keeps
    what it drew, without pushing the newer out.) Without it, thirty writes to a long history
    left thirty of its readings in the process, 3 MB and 40,000 objects each.
    """

    def __init__(self, limit: int, version_at: int | None = None) -> None:
        self.limit, self.size = limit, 0
        self.entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self.lock = threading.Lock()
        self.version_at = version_at
        self.versions: dict[str, tuple[int, set[str]]] = {}  # what → (newest version, its keys)

    def get(self, key: str) -> Any:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: str, value: Any, size: int) -> None:
        with self.lock:
            self._drop(key)
            versioned = self._version(key)
            if versioned is not None:
                of, version = versioned
                known = self.versions.get(of)
                if known is None or version > known[0]:
                    for older in list(known[1]) if known else ():
                        self._drop(older)
                    known = self.versions[of] = (version, set())
                if version == known[0]:
                    known[1].add(key)
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.limit and len(self.entries) > 1:
                self._drop(next(iter(self.entries)))

    def _version(self, key: str) -> tuple[str, int] | None:
        if self.version_at is None:
            return None
        parts = key.split(":", self.version_at + 1)
        if len(parts) <= self.version_at or not parts[self.version_at].isdigit():
            return None
        return ":".join(parts[: self.version_at]), int(parts[self.version_at])

    def _drop(self, key: str) -> None:
        found = self.entries.pop(key, None)
        if found is None:
            return
        self.size -= found[1]
        versioned = self._version(key)
        known = self.versions.get(versioned[0]) if versioned else None
        if versioned and known:
            known[1].discard(key)
            if not known[1]:
                del self.versions[versioned[0]]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.versions.clear()
            self.size = 0


LAYERS = "derived_local"  # the app's extensions named so (and ``:kind``) are its layers
REVISION_AT = 3  # in a key that begins with prefix(), the index of the revision


def _layer() -> _Local:
    """This app's own layer (one app per process in production; tests run several). Its keys
    begin with ``prefix()``: ``pt:scope:partnership:revision:``."""
    return _local(LAYERS, LOCAL_BYTES, REVISION_AT)


def remembered(kind: str, limit: int, version_at: int | None = None) -> _Local:
    """A per-process LRU of one kind of value, of ``limit`` in all (in the sizes its caller
    gives), never sent to Redis: for what is cheaper to read again than to unpickle
    (``history``'s phases); ``version_at`` as in ``_Local``."""
    return _local(f"{LAYERS}:{kind}", limit, version_at)


def _local(name: str, limit: int, version_at: int | None) -> _Local:
    layer = current_app.extensions.get(name)
    if layer is None:
        layer = current_app.extensions.setdefault(name, _Local(limit, version_at))
    return layer


def _redis() -> Any:
    """The shared store, or None without REDIS_URL (one client per app, made at first use)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("derived_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2)
        current_app.extensions["derived_redis"] = client
    return client


def _shared_get(key: str) -> bytes | None:
    store = _redis()
    if store is None:
        return None
    try:
        return store.get(key)
    except Exception:  # Redis down: compute, as without it
        log.warning("derived cache: Redis get failed", exc_info=True)
        return None


def _shared_put(store: Any, key: str, value: bytes, ttl: int = TTL_SECONDS) -> None:
    """Into ``store`` (``_redis()``, asked beforehand: this may run after the request)."""
    if store is None:
        return
    try:
        store.set(key, value, ex=ttl)
    except Exception:
        log.warning("derived cache: Redis set failed", exc_info=True)


# What draws a kept value: the package's code, data and translations, and the templates.
_CODE_SUFFIXES = frozenset({".py", ".json", ".mo", ".html", ".txt"})


@functools.cache
def code_version(*folders: Path) -> str:
    """A digest of the files under ``folders`` that draw what is kept (10 ms, once a process)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_SCOPE = "derived_scope"  # the app's extension that holds it


def _scope() -> str:
    """The app's part of every key, worked out once per app: the database's name (two apps on
    different databases may share a Redis) and the code's (a deployment draws anew what the
    code before it kept)."""
    found = current_app.extensions.get(_SCOPE)
    if found is None:
        database = current_app.config["SQLALCHEMY_DATABASE_URI"]
        templates = Path(current_app.root_path, current_app.template_folder or "templates")
        code = code_version(Path(__file__).parents[1], templates)
        digest = hashlib.sha1(f"{database}\0{code}".encode(), usedforsecurity=False)
        found = current_app.extensions[_SCOPE] = digest.hexdigest()[:8]
    return found


def identity(partnership: Partnership) -> str:
    """The partnership's part of a key, whatever its revision."""
    # Its creation time too: a database emptied and filled again reuses ids and revisions.
    born = int(partnership.created_at.timestamp() * 1e6)
    return f"pt:{_scope()}:{partnership.id}.{born}"


def prefix(partnership: Partnership) -> str:
    return f"{identity(partnership)}:{partnership.revision}"


def kept(key: str) -> Any:
    """The value kept under ``key``: from this process, else Redis (pickled), else None."""
    found = _layer().get(key)
    if found is not None:
        return found
    raw = _shared_get(key)
    if raw is None:
        return None
    try:
        value = pickle.loads(raw)  # noqa: S301 - our own Redis, our own pickles
    except Exception:
        return None
    if value is not None:
        _layer().put(key, value, len(raw))
    return value


def keep(key: str, value: Any, *, ttl: int = TTL_SECONDS) -> None:
    """Keep ``value`` in this process now, and pickled in Redis once the request's answer
    has been sent: pickling a long history's snapshot (3 MB) cost the reader who drew it 0.1 s
    more. Its size in the process's layer is its pickle's, known then too. Outside a request
    (a job, the shell) both at once."""
    layer, store = _layer(), _redis()
    if not has_request_context():
        _stored(layer, store, [(key, value, ttl)])
        return
    layer.put(key, value, 0)
    waiting = g.get("derived_waiting")
    if waiting is None:
        waiting = g.derived_waiting = []

        @after_this_request
        def _after(response: Any) -> Any:
            response.call_on_close(lambda: _stored(layer, store, waiting))
            return response

    waiting.append((key, value, ttl))


def _stored(layer: _Local, store: Any, waiting: list[tuple[str, Any, int]]) -> None:
    for key, value, ttl in waiting:
        try:
            raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # kept in this process only, as it was drawn
            log.warning("derived cache: cannot pickle %s", key, exc_info=True)
            continue
        layer.put(key, value, len(raw))
        _shared_put(store, key, raw, ttl)


def cached_object(key: str, build: Callable[[], Any], *, ttl: int = TTL_SECONDS) -> Any:
    """The value under ``key``: from this process, else Redis, else ``build()`` (then kept)."""
    found = kept(key)
    if found is None:
        found = build()
        keep(key, found, ttl=ttl)
    return found


def reading_name(until: datetime) -> str:
    """A reading's part of a key: the moment it holds until (the same in every process)."""
    return _formatted(until, until.tzinfo)  # equal moments of two zones are not one name


@functools.lru_cache(maxsize=256)  # a few moments, asked several times by every read
def _formatted(until: datetime, _zone: Any) -> str:
    return until.strftime("%Y%m%d%H%M%S%f")


def answer(
    partnership: Partnership, kind: str, build: Callable[[], bytes], *, until: datetime | None
) -> tuple[str, bytes]:
    """The ETag and bytes of an answer (``kind`` names it and its variant: language, ...);
    ``until``: the moment the reading it tells of holds until, for an answer that reads the
    clock too (``insights.until``)."""
    key = f"{prefix(partnership)}:{kind}" + (f":{reading_name(until)}" if until else "")
    found = _layer().get(key)
    if found is None:
        raw = _shared_get(key)
        if raw is not None and b"\n" in raw:
            stored, _, body = raw.partition(b"\n")
            found = (stored.decode(), body)
        else:
            body = build()
            # What depends on the history alone is named by its revision (the same in every
            # process, with or without Redis); what depends on the clock too, by its bytes.
            name = f"r{partnership.revision}"
            if until:
                name += "-" + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16]
            found = (f'W/"{name}"', body)
            _shared_put(
                _redis(),
                key,
                found[0].encode() + b"\n" + body,
                READING_TTL if until else TTL_SECONDS,
            )
        _layer().put(key, found, len(found[1]))
    return found


def not_modified(tag: str) -> bool:
    """Does the request's If-None-Match hold ``tag`` (weak comparison, RFC 9110 §13.1.2)?"""
    return request.if_none_match.contains_weak(tag.removeprefix("W/").strip('"'))


def respond(tag: str, body: bytes, *, vary: str | None = "Accept-Language") -> Any:
    """200 with the bytes and their ETag, or 304 when the client holds them already."""
    response = current_app.response_class(
        b"" if not_modified(tag) else body, mimetype="application/json"
    )
    if not_modified(tag):
        response.status_code = 304
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = "private, no-cache"
    if vary:
        response.vary.add(vary)
    return response


def forget_local() -> None:
    """Empty this process's layers (tests that change what a build answers)."""
    for name, layer in list(current_app.extensions.items()):
        if name.startswith(LAYERS):
            layer.clear()
