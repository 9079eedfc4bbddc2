"""Who may do what (SPEC §3), asked of each action's real endpoint, role by role.

Every action runs against a state in which it would succeed, so an answer other than 2xx can
only come from the permission check: allowed roles succeed, other members get 403, and the
outsider gets 404 as if nothing were there. A refused action leaves every table as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from partnership.services import commitments, statements

from ..helpers import make_user, phase_in, row_counts

ROLES = ["client_lead", "client_member", "vendor_lead", "vendor_member", "outsider"]
LEADS = {"client_lead", "vendor_lead"}
MEMBERS = {"client_lead", "client_member", "vendor_lead", "vendor_member"}

RATINGS = {
    "client": {"delivery": 4, "transparency": 4, "quality": 4, "collaboration": 4},
    "vendor": {"goal_clarity": 4, "autonomy": 4, "responsiveness": 4, "scope_stability": 4},
}
GOAL = {"title": "Customers can place an order in under two minutes", "priority": "must"}
DIRECTIVE = {"text": "Customers must be able to reorder a past order", "channel": "ticket"}


def side_of(role: str) -> str:
    return role.split("_")[0] if role != "outsider" else "client"


# --- the states each action starts from -----------------------------------------------------


def directive_sent(world):
    return statements.send_directive(world.client_member, phase_in(world, "active"), DIRECTIVE)


def commitment_logged(world):
    due = datetime.now(UTC).date() + timedelta(days=7)
    return commitments.add(
        world.vendor_member, phase_in(world, "active"), {"title": "Checkout pilot", "due_date": due}
    )


def goal_set(world):
    return statements.add_goal(world.client_lead, phase_in(world, "active"), GOAL)


@dataclass(frozen=True)
class Action:
    """An action of SPEC §3: who may take it, and its request once ``setup`` built its state."""

    allowed: frozenset[str]
    success: int
    request: Callable[..., tuple[str, str, dict | None]]  # (world, role) -> method, path, body


ACTIONS: dict[str, Action] = {
    "edit partnership": Action(
        frozenset(LEADS),
        200,
        lambda w, role: ("PATCH", f"/partnerships/{w.partnership.id}", {"name": "Renamed"}),
    ),
    "plan phase": Action(
        frozenset(LEADS),
        201,
        lambda w, role: (
            "POST",
            f"/partnerships/{w.partnership.id}/phases",
            {"name": "Build", "planned_start": "2026-03-01"},
        ),
    ),
    "start phase": Action(
        frozenset({"client_lead"}),
        200,
        lambda w, role: ("POST", f"/phases/{phase_in(w, 'planned').id}/start", None),
    ),
    "close phase": Action(
        frozenset(LEADS),
        200,
        lambda w, role: ("POST", f"/phases/{phase_in(w, 'active').id}/close", None),
    ),
    "add goal": Action(
        frozenset({"client_lead"}),
        201,
        lambda w, role: ("POST", f"/phases/{phase_in(w, 'active').id}/goals", GOAL),
    ),
    "edit goal": Action(
        frozenset({"client_lead"}),
        200,
        lambda w, role: (
            "PATCH",
            f"/goals/{goal_set(w).id}",
            {"title": "Customers reorder in one click"},
        ),
    ),
    "remove goal": Action(
        frozenset({"client_lead"}),
        204,
        lambda w, role: ("DELETE", f"/goals/{goal_set(w).id}", None),
    ),
    "send directive": Action(
        frozenset({"client_lead", "client_member"}),
        201,
        lambda w, role: ("POST", f"/phases/{phase_in(w, 'active').id}/directives", DIRECTIVE),
    ),
    "answer directive": Action(
        frozenset({"vendor_lead", "vendor_member"}),
        200,
        lambda w, role: (
            "POST",
            f"/directives/{directive_sent(w).id}/response",
            {"response": "acknowledged"},
        ),
    ),
    "log commitment": Action(
        frozenset({"vendor_lead", "vendor_member"}),
        201,
        lambda w, role: (
            "POST",
            f"/phases/{phase_in(w, 'active').id}/commitments",
            {"title": "Checkout pilot", "due_date": "2199-03-01"},
        ),
    ),
    "log commitment event": Action(
        frozenset({"vendor_lead", "vendor_member"}),
        201,
        lambda w, role: (
            "POST",
            f"/commitments/{commitment_logged(w).id}/events",
            {"type": "progress", "note": "Payment form done"},
        ),
    ),
    "submit review": Action(
        frozenset(LEADS),
        201,
        lambda w, role: (
            "POST",
            f"/phases/{phase_in(w, 'review').id}/reviews",
            {"ratings": RATINGS[side_of(role)], "decision": "go"},
        ),
    ),
    "add member of own side": Action(
        frozenset(LEADS),
        201,
        lambda w, role: (
            "POST",
            f"/partnerships/{w.partnership.id}/members",
            {
                "email": make_user("newcomer@example.com").email,
                "side": side_of(role),
                "role": "member",
            },
        ),
    ),
    "read audit trail": Action(
        frozenset(LEADS),
        200,
        lambda w, role: ("GET", f"/partnerships/{w.partnership.id}/audit", None),
    ),
    "read phase": Action(
        frozenset(MEMBERS),
        200,
        lambda w, role: ("GET", f"/phases/{phase_in(w, 'active').id}", None),
    ),
}


def expected_status(action: Action, role: str) -> int:
    if role == "outsider":
        return 404
    return action.success if role in action.allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_action_is_open_to_the_roles_of_the_spec_only(api, world, name, role):
    action = ACTIONS[name]
    method, path, body = action.request(world, role)
    as_role = api.as_(world.role(role))  # before the counts: the token is a row
    before = row_counts()
    kwargs = {"json": body} if body is not None else {}
    response = as_role.request(method, path, **kwargs)
    expected = expected_status(action, role)
    assert response.status_code == expected, response.get_json()
    if expected < 400:
        return
    error = response.get_json()["error"]
    assert error["code"] == ("not_found" if expected == 404 else "forbidden")
    assert error["message"]
    assert row_counts() == before


# --- non-members learn nothing --------------------------------------------------------------

ITEMS = {
    "phase": lambda w: ("GET", "/phases/{}", phase_in(w, "active").id, None),
    "goal": lambda w: ("PATCH", "/goals/{}", goal_set(w).id, {"title": "Mine now"}),
    "directive": lambda w: (
        "POST",
        "/directives/{}/response",
        directive_sent(w).id,
        {"response": "acknowledged"},
    ),
    "commitment": lambda w: (
        "POST",
        "/commitments/{}/events",
        commitment_logged(w).id,
        {"type": "progress", "note": "Looking around"},
    ),
}


@pytest.mark.parametrize("item", list(ITEMS))
def test_an_outsider_cannot_tell_an_existing_item_from_a_missing_one(api, world, item):
    method, template, existing_id, body = ITEMS[item](world)
    as_outsider = api.as_(world.outsider)
    kwargs = {"json": body} if body is not None else {}
    existing = as_outsider.request(method, template.format(existing_id), **kwargs)
    missing = as_outsider.request(method, template.format(existing_id + 1000), **kwargs)
    assert existing.status_code == missing.status_code == 404
    assert existing.get_json() == missing.get_json()


def test_a_member_of_one_partnership_gets_404_in_another(api, world):
    other = make_user("other.lead@example.com")
    as_other = api.as_(other)
    created = as_other.post(
        "/partnerships",
        json={
            "name": "Other",
            "client_name": "X",
            "vendor_name": "Y",
            "engagement": "fixed_price",
            "side": "client",
        },
    ).get_json()
    phase = phase_in(world, "active")
    assert as_other.get(f"/phases/{phase.id}").status_code == 404
    assert api.as_(world.client_lead).get(f"/partnerships/{created['id']}").status_code == 404
