"""Planning and reordering at the same instant keep one phase per position (issue 11).

Two plans at once read the same largest position and both took the next one; a move beside a
plan or another move swapped stale positions. Ordering now locks the partnership's row first
(``services/phases._lock_order``) and the database refuses a second phase at one position.
Races need PostgreSQL's concurrency: skipped without TEST_DATABASE_URL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnership.extensions import db
from partnership.models import Phase
from partnership.services import phases

from .test_concurrency import all_at_once, fresh_partnership, pytestmark, token_of  # noqa: F401


def positions(partnership_id: int) -> list[tuple[int, str, str]]:
    return [
        (p.position, p.name, p.status)
        for p in db.session.scalars(
            select(Phase).where(Phase.partnership_id == partnership_id).order_by(Phase.position)
        )
    ]


def test_phases_planned_at_once_get_one_position_each(app, world):
    tokens = [token_of(world.client_lead) for _ in range(6)]
    for trial in range(5):
        partnership = fresh_partnership(world, f"Trial {trial}")
        phases.plan(world.client_lead, partnership, {"name": "First"})
        responses = all_at_once(
            app,
            [
                (token, "POST", f"/partnerships/{partnership.id}/phases", {"name": f"P{i}"})
                for i, token in enumerate(tokens)
            ],
        )
        assert all(status == 201 for status, _ in responses), (trial, responses)
        assert [p for p, _, _ in positions(partnership.id)] == list(range(1, 8)), trial


def test_moves_and_plans_at_once_keep_the_order_a_permutation(app, world):
    tokens = [token_of(world.client_lead) for _ in range(4)]
    for trial in range(5):
        partnership = fresh_partnership(world, f"Trial {trial}")
        a, b, c = (phases.plan(world.client_lead, partnership, {"name": name}) for name in "ABC")
        responses = all_at_once(
            app,
            [
                (tokens[0], "POST", f"/phases/{a.id}/move", {"direction": "down"}),
                (tokens[1], "POST", f"/phases/{c.id}/move", {"direction": "up"}),
                (tokens[2], "POST", f"/phases/{b.id}/move", {"direction": "up"}),
                (tokens[3], "POST", f"/partnerships/{partnership.id}/phases", {"name": "D"}),
            ],
        )
        assert all(status in (200, 201, 409) for status, _ in responses), (trial, responses)
        order = positions(partnership.id)
        assert [p for p, _, _ in order] == [1, 2, 3, 4], (trial, order)
        assert sorted(name for _, name, _ in order) == ["A", "B", "C", "D"]


def test_a_move_beside_a_start_never_puts_a_planned_phase_before_a_running_one(app, world):
    tokens = [token_of(world.client_lead) for _ in range(2)]
    for trial in range(10):
        partnership = fresh_partnership(world, f"Trial {trial}")
        a, b = (phases.plan(world.client_lead, partnership, {"name": name}) for name in "AB")
        responses = all_at_once(
            app,
            [
                (tokens[0], "POST", f"/phases/{a.id}/start", None),
                (tokens[1], "POST", f"/phases/{b.id}/move", {"direction": "up"}),
            ],
        )
        assert all(status in (200, 409) for status, _ in responses), (trial, responses)
        order = positions(partnership.id)
        statuses = [status for _, _, status in order]
        assert [p for p, _, _ in order] == [1, 2], (trial, order)
        # whatever won, no active phase comes after a planned one
        assert statuses in (["active", "planned"], ["planned", "planned"]), (trial, order)


def test_the_database_refuses_two_phases_at_one_position(app, world):
    from sqlalchemy.exc import IntegrityError

    first = phases.plan(world.client_lead, world.partnership, {"name": "A"})
    db.session.add(Phase(partnership=world.partnership, position=first.position, name="Twin"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
