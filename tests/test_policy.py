"""The permission policy against SPEC §3, as a matrix, and every route declaring its action."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from partnership import guard, policy

ROLES = ["client_lead", "client_member", "vendor_lead", "vendor_member", "non_member"]

# SPEC §3, transcribed by hand so that a slip in policy.TABLE cannot hide here.
SPEC_TABLE = {
    "view": {"client_lead", "client_member", "vendor_lead", "vendor_member"},
    "export": {"client_lead", "client_member", "vendor_lead", "vendor_member"},
    "edit_partnership": {"client_lead", "vendor_lead"},
    "plan_phases": {"client_lead", "vendor_lead"},
    "start_phase": {"client_lead"},
    "close_phase": {"client_lead", "vendor_lead"},
    "manage_goals": {"client_lead"},
    "send_directive": {"client_lead", "client_member"},
    "answer_directive": {"vendor_lead", "vendor_member"},
    "log_commitment": {"vendor_lead", "vendor_member"},
    "submit_review": {"client_lead", "vendor_lead"},
    "manage_own_side": {"client_lead", "vendor_lead"},
    "add_other_side_first_lead": {"client_lead", "vendor_lead"},  # while the other has no lead
    "view_audit": {"client_lead", "vendor_lead"},
    "manage_webhooks": {"client_lead", "vendor_lead"},  # SPEC §12: "A lead registers a URL"
}


def fake_partnership(*, with_leads: bool = True):
    users = {role: SimpleNamespace(id=i, is_authenticated=True) for i, role in enumerate(ROLES)}
    members = []
    for role in ROLES[:4]:
        side, position = role.split("_")
        if position == "lead" and not with_leads:
            continue
        members.append(SimpleNamespace(user_id=users[role].id, side=side, role=position))
    return users, SimpleNamespace(members=members)


def test_the_spec_table_names_every_action_of_the_policy():
    assert set(SPEC_TABLE) == set(policy.TABLE)


@pytest.mark.parametrize("action", sorted(SPEC_TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_policy_matches_spec(action, role):
    users, partnership = fake_partnership()
    expected = role in SPEC_TABLE[action]
    if action == "add_other_side_first_lead":
        expected = False  # both sides already have a lead
    assert policy.may(users[role], action, partnership) is expected


@pytest.mark.parametrize("role", ["client_lead", "vendor_lead"])
def test_a_lead_may_add_the_other_sides_first_lead_only_while_it_has_none(role):
    users, partnership = fake_partnership()
    other = "vendor" if role.startswith("client") else "client"
    partnership.members = [
        m for m in partnership.members if not (m.side == other and m.role == "lead")
    ]
    assert policy.may(users[role], "add_other_side_first_lead", partnership)
    member_of_same_side = role.replace("lead", "member")
    assert not policy.may(users[member_of_same_side], "add_other_side_first_lead", partnership)


@pytest.mark.parametrize("action", sorted(SPEC_TABLE))
def test_non_members_get_not_found_and_members_without_the_right_get_forbidden(action):
    users, partnership = fake_partnership()
    with pytest.raises(policy.NotFound):
        policy.require(users["non_member"], action, partnership)
    for role in ROLES[:4]:
        if role not in SPEC_TABLE[action]:
            with pytest.raises(policy.Forbidden):
                policy.require(users[role], action, partnership)


def test_anonymous_users_are_not_members():
    _, partnership = fake_partnership()
    anonymous = SimpleNamespace(is_authenticated=False, id=None)
    assert not policy.may(anonymous, "view", partnership)
    assert not policy.may(None, "view", partnership)


FRAMEWORK_ENDPOINTS = {"static", "bootstrap.static", "api-docs.openapi_json"}


def test_every_route_of_the_app_declares_its_policy_action(app):
    undeclared = []
    for endpoint, view in app.view_functions.items():
        if endpoint in FRAMEWORK_ENDPOINTS:
            continue
        action = getattr(view, "policy_action", None)
        if action not in guard.ROUTE_KINDS:
            undeclared.append(endpoint)
    assert undeclared == []
    assert len(app.view_functions) > 10  # the check above looked at the real routes
