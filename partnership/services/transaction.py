"""Services own their transaction: a write commits its whole change or leaves nothing behind."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

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


_SCOPED: set[str] = set()


def scoped(key: str) -> str:
    """Name ``key`` of ``Session.info`` as holding what lasts as long as its transaction: it is
    dropped when the transaction commits or rolls back (a savepoint's rollback keeps it: the
    rest of the transaction is still unsaved). Returns ``key``."""
    _SCOPED.add(key)
    return key


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    for key in _SCOPED:
        session.info.pop(key, None)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction: Any) -> None:
    if not previous_transaction.nested:
        for key in _SCOPED:
            session.info.pop(key, None)
