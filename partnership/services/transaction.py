"""Services own their transaction: a write commits its whole change or leaves nothing behind."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from ..extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def atomic(write: Callable[P, R]) -> Callable[P, R]:
    """A service that writes commits its own change; on any error, refused or not, it rolls
    back, so the page or answer that follows never shows a half-made change."""

    @functools.wraps(write)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return write(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    return run
