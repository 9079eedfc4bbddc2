"""Trust and flags for a partnership: load its history once, ask the domain engines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from ..domain import dashboard, flags, timing, trust
from ..domain.flags import Flag
from ..domain.history import PartnershipHistory
from ..errors import Invalid
from ..extensions import db
from ..models import Partnership, User, utcnow
from . import audit, derived, history
from .transaction import atomic


@dataclass(frozen=True)
class Snapshot:
    history: PartnershipHistory
    trust: trust.TrustReport
    flags: list[flags.Flag]
    now: datetime
    until: datetime  # what it says holds until then (``domain/timing.py``)

    @property
    def headlines(self) -> list[dashboard.Headline]:
        """The score cards: overall beside the current phase's own score."""
        return dashboard.headlines(self.history, self.trust)

    @property
    def flag_groups(self) -> list[tuple[int, list[Flag]]]:
        return dashboard.flags_by_phase(self.history, self.flags)


def compute(partnership: Partnership | int, moment: datetime) -> Snapshot:
    """The history, its trust report and its flags, from one load of the history."""
    loaded = history.load(partnership)
    return Snapshot(
        loaded,
        trust.compute_trust(loaded, moment),
        flags.compute_flags(loaded, moment),
        moment,
        timing.valid_until(loaded, moment),
    )


def snapshot(partnership: Partnership, now: datetime | None = None) -> Snapshot:
    """The snapshot at ``now``, or, without it, the one in force: computed once per
    (partnership, revision) and kept until what it says may change (``until``), shared by the
    workers (services/derived.py)."""
    if now is not None:
        return compute(partnership, now)
    return _in_force(partnership, _held_until(partnership))


def until(partnership: Partnership) -> datetime:
    """The moment the reading of this history in force now holds until: what is drawn from
    it (pages, panels, answers) is keyed by it. Known without loading the snapshot."""
    held = _held_until(partnership)
    return held or _in_force(partnership, None).until


def _in_force(partnership: Partnership, held: datetime | None) -> Snapshot:
    """The snapshot kept for the reading that holds until ``held``, or a new one."""
    if held is not None:
        found = derived.kept(f"{_key(partnership)}:{derived.reading_name(held)}")
        if found is not None:
            return cast(Snapshot, found)
    made = compute(partnership, utcnow())
    derived.keep(
        f"{_key(partnership)}:{derived.reading_name(made.until)}", made, ttl=derived.READING_TTL
    )
    derived.keep(f"{_key(partnership)}:until", made.until, ttl=derived.READING_TTL)
    return made


def _key(partnership: Partnership) -> str:
    return f"{derived.prefix(partnership)}:snapshot"


def _held_until(partnership: Partnership) -> datetime | None:
    held = derived.kept(f"{_key(partnership)}:until")
    return held if isinstance(held, datetime) and utcnow() < held else None


@atomic
def set_thresholds(user: User, partnership: Partnership, values: dict[str, object]) -> None:
    """Keep the thresholds that differ from the defaults; a bad value names its field."""
    try:
        flags.merge_thresholds(values)
    except flags.ThresholdError as error:
        raise Invalid(error.message, field=error.name) from None
    overrides = {k: float(v) for k, v in values.items() if v != flags.DEFAULT_THRESHOLDS[k]}  # type: ignore[arg-type]
    before = dict(partnership.thresholds or {})
    if overrides != before:
        partnership.thresholds = overrides
        audit.record(
            user,
            "partnership.thresholds",
            partnership,
            partnership_id=partnership.id,
            before=before,
            after=overrides,
        )
    db.session.commit()
