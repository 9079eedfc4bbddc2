"""Remember a pure function's answers for the very record it was given.

The loader keeps a phase's records across readings (``services/history.py``), so the same
record object comes back until its phase changes. Keying the answers by the record's identity
spares hashing every field and event of it on every call, which ``functools.lru_cache`` does
(a quarter of a 3,000-commitment trust reading). An entry holds its record, so the record's
``id`` cannot be reused while the entry lives; a record equal to a remembered one but another
object is computed again, which is only slower, never wrong. The oldest entry goes first once
``size`` are kept.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

R = TypeVar("R")


def by_identity(size: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorate ``f(record, *args)``: ``args`` are compared by value, ``record`` by identity."""

    def decorate(f: Callable[..., R]) -> Callable[..., R]:
        kept: dict[tuple[Hashable, ...], tuple[Any, R]] = {}
        writing = threading.Lock()

        @functools.wraps(f)
        def remembered(record: Any, *args: Hashable) -> R:
            key = (id(record), *args)
            hit = kept.get(key)
            if hit is not None and hit[0] is record:
                return hit[1]
            value = f(record, *args)
            with writing:
                if len(kept) >= size:
                    del kept[next(iter(kept))]
                kept[key] = (record, value)
            return value

        return remembered

    return decorate
