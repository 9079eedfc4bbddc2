"""Every page and answer of a partnership costs the same queries for 1 phase as for 30
(issue 15): what grows with the history is loaded in one query per table, or cached."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from partnership.extensions import db
from partnership.models import Member, Phase

from ..helpers import Api, World, logged_in, make_user
from ..test_history_loader import add_phases


def _queries(client, path: str, **kwargs) -> int:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    db.session.remove()  # a new session, as each request has in production
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(path, **kwargs)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def _paths(world: World) -> dict[str, tuple[str, bool]]:
    pid = world.partnership.id
    last = max(p.id for p in db.session.query(Phase).filter_by(partnership_id=pid))
    return {
        "partnership page": (f"/partnerships/{pid}", False),
        "phase page": (f"/phases/{last}", False),
        "dashboard": (f"/partnerships/{pid}/dashboard", False),
        "trust": (f"/api/v1/partnerships/{pid}/trust", True),
        "flags": (f"/api/v1/partnerships/{pid}/flags", True),
        "export": (f"/api/v1/partnerships/{pid}/export", True),
        "partnership": (f"/api/v1/partnerships/{pid}", True),
    }


@pytest.mark.parametrize("warm", [False, True], ids=["first read", "cached"])
def test_one_phase_and_thirty_phases_cost_the_same_queries(app, warm):
    small, large = World.build(), World.build(prefix="other.")
    add_phases(small, 1)
    add_phases(large, 30)
    plans = {
        name: (world.client_lead.email, Api(app, world.client_lead).token, _paths(world))
        for name, world in (("small", small), ("large", large))
    }
    counts: dict[str, dict[str, int]] = {}
    for name, (email, token, paths) in plans.items():
        browser = logged_in(app.test_client(), email)
        api = app.test_client()
        counts[name] = {}
        for what, (path, is_api) in paths.items():
            client = api if is_api else browser
            headers = {"Authorization": f"Bearer {token}"} if is_api else {}
            if warm:
                _queries(client, path, headers=headers)
            counts[name][what] = _queries(client, path, headers=headers)
    assert counts["small"] == counts["large"]


def _add_members(world: World, count: int) -> None:
    for n in range(count):
        user = make_user(f"extra{n}.{world.client_lead.email}", f"Extra member {n}")
        world.partnership.members.append(Member(user=user, side="vendor", role="member"))
    db.session.commit()


def test_four_members_and_ten_cost_the_same_queries(app):
    """What names the members loads their people with them, never one query per member."""
    few, many = World.build(), World.build(prefix="other.")
    _add_members(many, 6)
    plans = {
        name: (world.partnership.id, world.client_lead.email, Api(app, world.client_lead).token)
        for name, world in (("few", few), ("many", many))
    }
    counts: dict[str, dict[str, int]] = {}
    for name, (pid, email, token) in plans.items():
        browser = logged_in(app.test_client(), email)
        api, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
        counts[name] = {
            "partnership page": _queries(browser, f"/partnerships/{pid}"),
            "partnership": _queries(api, f"/api/v1/partnerships/{pid}", headers=headers),
            "members": _queries(api, f"/api/v1/partnerships/{pid}/members", headers=headers),
        }
    assert counts["few"] == counts["many"]


def test_a_kept_read_is_one_query_the_caller_and_the_partnership_together(app):
    """Once a page or answer is kept, reading it asks the database once: who is calling (with
    the inbox's count, or the token's) and the partnership the address points at, with its
    members, which the guard decides on."""
    world = World.build()
    add_phases(world, 2)
    token = Api(app, world.client_lead).token
    browser = logged_in(app.test_client(), world.client_lead.email)
    api = app.test_client()
    counts = {}
    kept = {what: where for what, where in _paths(world).items() if what != "partnership"}
    for what, (path, is_api) in kept.items():
        client = api if is_api else browser
        headers = {"Authorization": f"Bearer {token}"} if is_api else {}
        _queries(client, path, headers=headers)  # drawn and kept; the token's use written
        counts[what] = _queries(client, path, headers=headers)
    assert counts == dict.fromkeys(counts, 1)
