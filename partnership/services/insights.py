"""Trust and flags for a partnership: load its history once, ask the domain engines."""

from __future__ import annotations

from datetime import datetime

from .. import policy
from ..domain import flags, trust
from ..errors import Invalid
from ..extensions import db
from ..models import Partnership, User, utcnow
from . import audit, history


def trust_report(partnership: Partnership, now: datetime | None = None) -> trust.TrustReport:
    return trust.compute_trust(history.load(partnership), now or utcnow())


def flag_list(partnership: Partnership, now: datetime | None = None) -> list[flags.Flag]:
    return flags.compute_flags(history.load(partnership), now or utcnow())


def both(partnership: Partnership, now: datetime | None = None
         ) -> tuple[trust.TrustReport, list[flags.Flag]]:
    """Trust and flags from one load of the history (the dashboard shows both)."""
    loaded, moment = history.load(partnership), now or utcnow()
    return trust.compute_trust(loaded, moment), flags.compute_flags(loaded, moment)


def set_thresholds(user: User, partnership: Partnership, values: dict[str, object]) -> None:
    """Keep the thresholds that differ from the defaults; a bad value names its field."""
    policy.require(user, "edit_partnership", partnership)
    overrides = {}
    for name, value in values.items():
        try:
            flags.merge_thresholds({name: value})
        except ValueError as error:
            raise Invalid(str(error), field=name) from None
        if value != flags.DEFAULT_THRESHOLDS[name]:
            overrides[name] = value
    before = dict(partnership.thresholds or {})
    if overrides != before:
        partnership.thresholds = overrides
        audit.record(user, "partnership.thresholds", partnership,
                     partnership_id=partnership.id, before=before, after=overrides)
    db.session.commit()
