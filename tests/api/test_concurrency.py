"""Requests that arrive at the same instant (SPEC §2, §9): the gate is decided once, a review
is stored once, and one phase at a time runs, under PostgreSQL's real concurrency.

SQLite serialises every writer by itself, so these races only exist on PostgreSQL: the file is
skipped without TEST_DATABASE_URL. Each thread sends its request through its own test client,
inside its own app context, so it gets its own database session and connection.
"""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from partnership.extensions import db
from partnership.models import AuditEvent, Member, Partnership, Phase, Review
from partnership.services import accounts, phases

from ..helpers import phase_in

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="races need PostgreSQL's concurrency: set TEST_DATABASE_URL to run them",
)

RATINGS = {
    "client": {"delivery": 4, "transparency": 4, "quality": 4, "collaboration": 4},
    "vendor": {"goal_clarity": 4, "autonomy": 4, "responsiveness": 4, "scope_stability": 4},
}


def fresh_partnership(world, name: str) -> Partnership:
    """Another partnership with the world's four members: quicker than a new world."""
    partnership = Partnership(
        name=name, client_name="Northwind", vendor_name="Acme", engagement="fixed_price"
    )
    for key in ("client_lead", "client_member", "vendor_lead", "vendor_member"):
        side, role = key.split("_")
        partnership.members.append(Member(user=world.role(key), side=side, role=role))
    db.session.add(partnership)
    db.session.commit()
    return partnership


def token_of(user) -> str:
    return accounts.create_token(user)[1]


def all_at_once(app, requests: list[tuple[str, str, str, dict | None]]) -> list:
    """Send each (token, method, path, body) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    errors: list[BaseException] = []

    def send(index: int, token: str, method: str, path: str, body: dict | None) -> None:
        client = app.test_client()
        try:
            with app.app_context():  # its own session, whatever the main thread holds
                barrier.wait(timeout=30)
                response = client.open(
                    "/api/v1" + path,
                    method=method,
                    json=body,
                    headers={"Authorization": f"Bearer {token}"},
                )
                responses[index] = (response.status_code, response.get_json())
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)

    threads = [
        threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert all(r is not None for r in responses), "a request did not finish"
    db.session.expire_all()  # what the threads committed, not what this session remembers
    return responses


def decisions_recorded(phase_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.target_type == "phase",
                AuditEvent.target_id == phase_id,
                AuditEvent.action.in_(("phase.passed", "phase.stopped")),
            )
        )
    )


def reviews_of(phase_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Review).where(Review.phase_id == phase_id)
    )


def test_both_reviews_at_once_decide_the_gate_exactly_once(app, world):
    client_token, vendor_token = token_of(world.client_lead), token_of(world.vendor_lead)
    for trial in range(100):
        partnership = fresh_partnership(world, f"Trial {trial}")
        phase = phase_in(world, "review", partnership=partnership)
        vendor_decision = "go" if trial % 2 == 0 else "no_go"
        expected = "passed" if vendor_decision == "go" else "stopped"
        path = f"/phases/{phase.id}/reviews"
        responses = all_at_once(
            app,
            [
                (client_token, "POST", path, {"ratings": RATINGS["client"], "decision": "go"}),
                (
                    vendor_token,
                    "POST",
                    path,
                    {"ratings": RATINGS["vendor"], "decision": vendor_decision},
                ),
            ],
        )
        assert [status for status, _ in responses] == [201, 201], (trial, responses)
        assert db.session.get(Phase, phase.id).status == expected, trial
        assert decisions_recorded(phase.id) == [f"phase.{expected}"], trial
        assert reviews_of(phase.id) == 2, trial


def test_the_same_review_sent_twenty_times_at_once_is_stored_once(app, world):
    phase = phase_in(world, "review")
    body = {"ratings": RATINGS["client"], "decision": "go"}
    tokens = [token_of(world.client_lead) for _ in range(20)]
    responses = all_at_once(
        app, [(token, "POST", f"/phases/{phase.id}/reviews", body) for token in tokens]
    )
    statuses = Counter(status for status, _ in responses)
    assert statuses == {201: 1, 409: 19}, responses
    assert all(body["error"]["code"] == "conflict" for status, body in responses if status == 409)
    assert reviews_of(phase.id) == 1
    assert db.session.get(Phase, phase.id).status == "review"


def test_two_planned_phases_started_at_once_leave_one_running(app, world):
    token_a, token_b = token_of(world.client_lead), token_of(world.client_lead)
    for trial in range(20):
        partnership = fresh_partnership(world, f"Trial {trial}")
        first = phases.plan(world.client_lead, partnership, {"name": "Discovery"})
        second = phases.plan(world.client_lead, partnership, {"name": "Build"})
        responses = all_at_once(
            app,
            [
                (token_a, "POST", f"/phases/{first.id}/start", None),
                (token_b, "POST", f"/phases/{second.id}/start", None),
            ],
        )
        assert sorted(status for status, _ in responses) == [200, 409], (trial, responses)
        statuses = {
            p.name: p.status
            for p in db.session.scalars(select(Phase).where(Phase.partnership_id == partnership.id))
        }
        assert statuses == {"Discovery": "active", "Build": "planned"}, trial


def test_the_same_phase_started_twice_at_once_starts_once(app, world):
    token_a, token_b = token_of(world.client_lead), token_of(world.client_lead)
    for trial in range(20):
        partnership = fresh_partnership(world, f"Trial {trial}")
        phase = phases.plan(world.client_lead, partnership, {"name": "Discovery"})
        responses = all_at_once(
            app,
            [
                (token_a, "POST", f"/phases/{phase.id}/start", None),
                (token_b, "POST", f"/phases/{phase.id}/start", None),
            ],
        )
        assert sorted(status for status, _ in responses) == [200, 409], (trial, responses)
        starts = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "phase.start", AuditEvent.target_id == phase.id)
        )
        assert starts == 1, trial


def test_an_active_phase_closed_by_both_leads_at_once_closes_once(app, world):
    client_token, vendor_token = token_of(world.client_lead), token_of(world.vendor_lead)
    for trial in range(20):
        partnership = fresh_partnership(world, f"Trial {trial}")
        phase = phases.start(
            world.client_lead, phases.plan(world.client_lead, partnership, {"name": "Discovery"})
        )
        responses = all_at_once(
            app,
            [
                (client_token, "POST", f"/phases/{phase.id}/close", None),
                (vendor_token, "POST", f"/phases/{phase.id}/close", None),
            ],
        )
        assert sorted(status for status, _ in responses) == [200, 409], (trial, responses)
        closes = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "phase.close", AuditEvent.target_id == phase.id)
        )
        assert closes == 1, trial
