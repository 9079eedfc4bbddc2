"""The phase workflow through the API (SPEC §2, §7): the status machine, goals, directives,
commitments and their events, the two-sided review and its gate, and bad input on all of them.

Each test builds the state it starts from through the services (quick, and not under test
here), then takes the one step it is about through the API.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from partnership.extensions import db
from partnership.models import AuditEvent, Goal, Review
from partnership.services import commitments, phases, statements

from ..helpers import decide, phase_in, row_counts

CLIENT_RATINGS = {"delivery": 4, "transparency": 5, "quality": 4, "collaboration": 4}
VENDOR_RATINGS = {"goal_clarity": 4, "autonomy": 3, "responsiveness": 5, "scope_stability": 4}
RATINGS = {"client": CLIENT_RATINGS, "vendor": VENDOR_RATINGS}

OUTCOME_GOAL = {
    "title": "Customers can place an order in under two minutes",
    "success_criterion": "Median checkout time under two minutes in the pilot",
    "priority": "must",
}
PRESCRIPTIVE_GOAL = {"title": "Use React and Redux for the frontend", "priority": "should"}
DIRECTIVE = {
    "text": "Customers must be able to reorder a past order",
    "channel": "ticket",
    "adds_scope": True,
}


# --- builders -------------------------------------------------------------------------------


def today():
    return datetime.now(UTC).date()


def goal_of(world, phase, body=OUTCOME_GOAL):
    return statements.add_goal(world.client_lead, phase, body)


def directive_in(world, phase, body=DIRECTIVE):
    return statements.send_directive(world.client_member, phase, body)


def commitment_due(world, phase, due):
    """A commitment due on ``due``; one in the past was made for today, and the days passed
    (a live commitment cannot be made due in the past: SPEC §2)."""
    made = max(due, today())
    commitment = commitments.add(
        world.vendor_member, phase, {"title": "Checkout pilot", "due_date": made}
    )
    if due < made:
        commitment.due_date = due
        db.session.commit()
    return commitment


def review_body(side: str, decision: str = "go", **extra) -> dict:
    return {"ratings": dict(RATINGS[side]), "decision": decision} | extra


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]


def phase_view(api, world, phase) -> dict:
    response = api.as_(world.client_member).get(f"/phases/{phase.id}")
    assert response.status_code == 200
    return response.get_json()


def phase_names_in_order(api, world) -> list[str]:
    body = api.as_(world.vendor_member).get(f"/partnerships/{world.partnership.id}").get_json()
    return [p["name"] for p in sorted(body["phases"], key=lambda p: p["order"])]


# --- the status machine ---------------------------------------------------------------------


def test_the_client_lead_starts_a_planned_phase(api, world):
    phase = phase_in(world, "planned")
    response = api.as_(world.client_lead).post(f"/phases/{phase.id}/start")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "active"
    assert body["started_at"] is not None and body["closed_at"] is None


def test_a_lead_closes_an_active_phase_for_review(api, world):
    phase = phase_in(world, "active")
    response = api.as_(world.vendor_lead).post(f"/phases/{phase.id}/close")
    assert response.status_code == 200
    assert response.get_json()["status"] == "review"
    assert response.get_json()["closed_at"] is not None


@pytest.mark.parametrize("open_status", ["active", "review"])
def test_a_phase_cannot_start_while_another_is_open(api, world, open_status):
    phase_in(world, open_status, name="Discovery")
    later = phase_in(world, "planned", name="Build")
    as_user = api.as_(world.client_lead)
    before = row_counts()
    response = as_user.post(f"/phases/{later.id}/start")
    assert response.status_code == 409
    message = error_of(response)["message"]
    assert "Discovery" in message and open_status in message
    assert "one phase at a time" in message
    assert row_counts() == before


def test_a_later_phase_cannot_start_while_an_earlier_one_is_undecided(api, world):
    phase_in(world, "planned", name="Discovery")
    later = phase_in(world, "planned", name="Build")
    response = api.as_(world.client_lead).post(f"/phases/{later.id}/start")
    assert response.status_code == 409
    message = error_of(response)["message"]
    assert "Discovery" in message and "first" in message
    assert later.status == "planned"


def test_the_next_phase_starts_once_the_previous_one_passed(api, world):
    phase_in(world, "passed", name="Discovery")
    build = phase_in(world, "planned", name="Build")
    response = api.as_(world.client_lead).post(f"/phases/{build.id}/start")
    assert response.status_code == 200
    assert response.get_json()["status"] == "active"


def test_starting_a_phase_twice_is_a_conflict(api, world):
    phase = phase_in(world, "planned")
    as_lead = api.as_(world.client_lead)
    assert as_lead.post(f"/phases/{phase.id}/start").status_code == 200
    again = as_lead.post(f"/phases/{phase.id}/start")
    assert again.status_code == 409
    assert error_of(again)["code"] == "conflict"


@pytest.mark.parametrize("status", ["review", "passed", "stopped"])
def test_a_phase_past_planned_cannot_start_again(api, world, status):
    phase = phase_in(world, status)
    response = api.as_(world.client_lead).post(f"/phases/{phase.id}/start")
    assert response.status_code == 409
    assert phase.status == status


@pytest.mark.parametrize("status", ["planned", "review", "passed", "stopped"])
def test_only_an_active_phase_can_be_closed(api, world, status):
    phase = phase_in(world, status)
    as_user = api.as_(world.client_lead)
    before = row_counts()
    response = as_user.post(f"/phases/{phase.id}/close")
    assert response.status_code == 409
    assert status in error_of(response)["message"]
    assert row_counts() == before
    assert phase.status == status


def test_a_stopped_partnership_plans_and_starts_a_recovery_phase(api, world):
    phase_in(world, "stopped", name="Discovery")
    as_lead = api.as_(world.client_lead)
    planned = as_lead.post(
        f"/partnerships/{world.partnership.id}/phases",
        json={"name": "Recovery", "objective": "Agree a smaller scope"},
    )
    assert planned.status_code == 201
    assert planned.get_json()["status"] == "planned"
    started = as_lead.post(f"/phases/{planned.get_json()['id']}/start")
    assert started.status_code == 200
    assert started.get_json()["status"] == "active"


def test_planning_a_phase_puts_it_at_the_end_of_the_plan(api, world):
    phase_in(world, "planned", name="Discovery")
    response = api.as_(world.vendor_lead).post(
        f"/partnerships/{world.partnership.id}/phases",
        json={"name": "Build", "planned_start": "2026-03-01", "planned_end": "2026-04-30"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["order"] == 2 and body["status"] == "planned"
    assert (body["planned_start"], body["planned_end"]) == ("2026-03-01", "2026-04-30")


def test_a_phase_cannot_end_before_it_starts(api, world):
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/phases",
        json={"name": "Build", "planned_start": "2026-05-01", "planned_end": "2026-04-30"},
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "planned_end"


def test_a_planned_phase_moves_up_before_the_planned_phase_above_it(api, world):
    for name in ("Discovery", "Build", "Rollout"):
        phase_in(world, "planned", name=name)
    rollout = world.partnership.phases[-1]
    response = api.as_(world.client_lead).post(
        f"/phases/{rollout.id}/move", json={"direction": "up"}
    )
    assert response.status_code == 200
    assert response.get_json()["order"] == 2
    assert phase_names_in_order(api, world) == ["Discovery", "Rollout", "Build"]


def test_a_planned_phase_moves_down_after_the_planned_phase_below_it(api, world):
    for name in ("Discovery", "Build"):
        phase_in(world, "planned", name=name)
    discovery = world.partnership.phases[0]
    response = api.as_(world.vendor_lead).post(
        f"/phases/{discovery.id}/move", json={"direction": "down"}
    )
    assert response.status_code == 200
    assert phase_names_in_order(api, world) == ["Build", "Discovery"]


def test_moving_a_phase_first_lets_it_start_first(api, world):
    phase_in(world, "planned", name="Discovery")
    build = phase_in(world, "planned", name="Build")
    as_lead = api.as_(world.client_lead)
    assert as_lead.post(f"/phases/{build.id}/move", json={"direction": "up"}).status_code == 200
    assert as_lead.post(f"/phases/{build.id}/start").status_code == 200


@pytest.mark.parametrize("which, direction", [(0, "up"), (1, "down")])
def test_a_phase_at_an_end_of_the_plan_cannot_move_past_it(api, world, which, direction):
    for name in ("Discovery", "Build"):
        phase_in(world, "planned", name=name)
    phase = world.partnership.phases[which]
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/move", json={"direction": direction}
    )
    assert response.status_code == 409
    assert phase_names_in_order(api, world) == ["Discovery", "Build"]


def test_a_planned_phase_cannot_move_before_a_started_one(api, world):
    phase_in(world, "active", name="Discovery")
    build = phase_in(world, "planned", name="Build")
    response = api.as_(world.client_lead).post(f"/phases/{build.id}/move", json={"direction": "up"})
    assert response.status_code == 409
    assert phase_names_in_order(api, world) == ["Discovery", "Build"]


def test_moving_in_an_unknown_direction_names_the_field(api, world):
    phase = phase_in(world, "planned")
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/move", json={"direction": "sideways"}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "direction"


@pytest.mark.parametrize("status", ["planned", "active", "review"])
def test_the_plan_of_an_undecided_phase_can_be_edited(api, world, status):
    phase = phase_in(world, status)
    response = api.as_(world.client_lead).patch(
        f"/phases/{phase.id}", json={"objective": "Learn what matters"}
    )
    assert response.status_code == 200
    assert response.get_json()["objective"] == "Learn what matters"


@pytest.mark.parametrize("status", ["passed", "stopped"])
def test_the_plan_of_a_decided_phase_is_part_of_the_record(api, world, status):
    phase = phase_in(world, status)
    as_user = api.as_(world.client_lead)
    before = row_counts()
    response = as_user.patch(f"/phases/{phase.id}", json={"name": "Rewritten history"})
    assert response.status_code == 409
    assert status in error_of(response)["message"]
    assert row_counts() == before
    assert phase.name == "Discovery"


# --- goals ----------------------------------------------------------------------------------


def test_a_goal_comes_back_classified_with_its_reasons(api, world):
    phase = phase_in(world, "planned")
    response = api.as_(world.client_lead).post(f"/phases/{phase.id}/goals", json=OUTCOME_GOAL)
    assert response.status_code == 201
    goal = response.get_json()
    assert goal["category"] == "outcome"
    assert goal["reasons"] and all(isinstance(r, str) for r in goal["reasons"])
    assert goal["author"]["id"] == world.client_lead.id
    assert goal["priority"] == "must" and goal["revisions"] == []


def test_a_prescriptive_goal_says_why_it_reads_so(api, world):
    phase = phase_in(world, "planned")
    response = api.as_(world.client_lead).post(f"/phases/{phase.id}/goals", json=PRESCRIPTIVE_GOAL)
    assert response.status_code == 201
    goal = response.get_json()
    assert goal["category"] == "prescriptive"
    assert any("React" in reason for reason in goal["reasons"])


def test_a_goal_with_an_unknown_priority_names_the_field(api, world):
    phase = phase_in(world, "planned")
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", json=OUTCOME_GOAL | {"priority": "urgent"}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "priority"


def test_rewording_a_prescriptive_goal_as_an_outcome_reclassifies_it(api, world):
    phase = phase_in(world, "planned")
    goal = goal_of(world, phase, PRESCRIPTIVE_GOAL)
    response = api.as_(world.client_lead).patch(
        f"/goals/{goal.id}", json={"title": "Customers find any product within a second"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["category"] == "outcome"
    assert not any("React" in reason for reason in body["reasons"])


@pytest.mark.parametrize("status", ["planned", "active"])
def test_editing_a_goal_keeps_the_previous_text_as_a_revision(api, world, status):
    phase = phase_in(world, status)
    goal = goal_of(world, phase)
    response = api.as_(world.client_lead).patch(
        f"/goals/{goal.id}", json={"title": "Customers reorder in one click", "priority": "could"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["title"] == "Customers reorder in one click" and body["priority"] == "could"
    [revision] = body["revisions"]
    assert revision["title"] == OUTCOME_GOAL["title"]
    assert revision["priority"] == "must"
    assert revision["replaced_by"]["id"] == world.client_lead.id


def test_removing_a_goal_before_the_start_deletes_it(api, world):
    phase = phase_in(world, "planned")
    goal = goal_of(world, phase)
    response = api.as_(world.client_lead).delete(f"/goals/{goal.id}")
    assert response.status_code == 204
    assert phase_view(api, world, phase)["goals"] == []
    assert db.session.scalar(select(func.count()).select_from(Goal)) == 0


def test_removing_a_goal_after_the_start_keeps_it_on_record_as_removed(api, world):
    phase = phase_in(world, "active")
    goal = goal_of(world, phase)
    response = api.as_(world.client_lead).delete(f"/goals/{goal.id}")
    assert response.status_code == 204
    [kept] = phase_view(api, world, phase)["goals"]
    assert kept["id"] == goal.id and kept["removed_at"] is not None
    assert kept["title"] == OUTCOME_GOAL["title"]


def test_a_removed_goal_cannot_be_edited_or_removed_again(api, world):
    phase = phase_in(world, "active")
    goal = goal_of(world, phase)
    as_lead = api.as_(world.client_lead)
    assert as_lead.delete(f"/goals/{goal.id}").status_code == 204
    assert as_lead.patch(f"/goals/{goal.id}", json={"title": "Back again"}).status_code == 409
    assert as_lead.delete(f"/goals/{goal.id}").status_code == 409


@pytest.mark.parametrize("status", ["review", "passed"])
def test_goals_are_frozen_once_the_phase_is_closed(api, world, status):
    phase = phase_in(world, "active")
    goal = goal_of(world, phase)
    phases.close(world.client_lead, phase)
    if status == "passed":
        decide(world, phase)
    as_lead = api.as_(world.client_lead)
    before = row_counts()
    assert as_lead.post(f"/phases/{phase.id}/goals", json=OUTCOME_GOAL).status_code == 409
    assert as_lead.patch(f"/goals/{goal.id}", json={"title": "Changed"}).status_code == 409
    assert as_lead.delete(f"/goals/{goal.id}").status_code == 409
    assert row_counts() == before


# --- directives -----------------------------------------------------------------------------


def test_a_client_member_sends_a_directive_during_an_active_phase(api, world):
    phase = phase_in(world, "active")
    response = api.as_(world.client_member).post(f"/phases/{phase.id}/directives", json=DIRECTIVE)
    assert response.status_code == 201
    body = response.get_json()
    assert body["channel"] == "ticket" and body["adds_scope"] is True
    assert body["category"] in {"outcome", "constraint", "prescriptive"}
    assert body["reasons"] and body["response"] is None


@pytest.mark.parametrize("status", ["planned", "review", "passed", "stopped"])
def test_directives_are_sent_only_while_the_phase_is_active(api, world, status):
    phase = phase_in(world, status)
    as_client = api.as_(world.client_lead)
    before = row_counts()
    response = as_client.post(f"/phases/{phase.id}/directives", json=DIRECTIVE)
    assert response.status_code == 409
    assert "active" in error_of(response)["message"]
    assert row_counts() == before


def test_a_directive_may_point_at_a_goal_of_its_phase(api, world):
    phase = phase_in(world, "active")
    goal = goal_of(world, phase)
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/directives", json=DIRECTIVE | {"goal_id": goal.id}
    )
    assert response.status_code == 201
    assert response.get_json()["goal_id"] == goal.id


def test_a_directive_cannot_point_at_a_goal_of_another_phase(api, world):
    earlier = phase_in(world, "active", name="Discovery")
    other_goal = goal_of(world, earlier)
    phases.close(world.client_lead, earlier)
    decide(world, earlier)
    phase = phase_in(world, "active", name="Build")
    as_client = api.as_(world.client_lead)
    before = row_counts()
    response = as_client.post(
        f"/phases/{phase.id}/directives", json=DIRECTIVE | {"goal_id": other_goal.id}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "goal_id"
    assert row_counts() == before


def test_a_directive_with_an_unknown_channel_names_the_field(api, world):
    phase = phase_in(world, "active")
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/directives", json=DIRECTIVE | {"channel": "pigeon"}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "channel"


def test_the_vendor_answers_a_directive_once(api, world):
    phase = phase_in(world, "active")
    directive = directive_in(world, phase)
    as_vendor = api.as_(world.vendor_member)
    first = as_vendor.post(
        f"/directives/{directive.id}/response",
        json={"response": "accepted", "note": "In the next sprint"},
    )
    assert first.status_code == 200
    assert first.get_json()["response"]["response"] == "accepted"
    assert first.get_json()["response"]["by"]["id"] == world.vendor_member.id
    second = api.as_(world.vendor_lead).post(
        f"/directives/{directive.id}/response", json={"response": "declined", "note": "Changed"}
    )
    assert second.status_code == 409
    assert error_of(second)["code"] == "conflict"
    [kept] = phase_view(api, world, phase)["directives"]
    assert kept["response"]["response"] == "accepted"


@pytest.mark.parametrize("response_kind", ["declined", "accepted_replanned"])
def test_declining_or_replanning_a_directive_needs_a_note(api, world, response_kind):
    phase = phase_in(world, "active")
    directive = directive_in(world, phase)
    as_vendor = api.as_(world.vendor_lead)
    before = row_counts()
    response = as_vendor.post(
        f"/directives/{directive.id}/response", json={"response": response_kind}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "note"
    assert row_counts() == before


def test_a_directive_declined_with_a_note_is_answered(api, world):
    phase = phase_in(world, "active")
    directive = directive_in(world, phase)
    response = api.as_(world.vendor_lead).post(
        f"/directives/{directive.id}/response",
        json={"response": "declined", "note": "Outside the fixed price; let us re-plan"},
    )
    assert response.status_code == 200
    assert response.get_json()["response"]["note"] == "Outside the fixed price; let us re-plan"


# --- commitments and their events -----------------------------------------------------------


def test_the_vendor_logs_a_commitment(api, world):
    phase = phase_in(world, "active")
    due = today() + timedelta(days=7)
    response = api.as_(world.vendor_member).post(
        f"/phases/{phase.id}/commitments",
        json={"title": "Checkout pilot", "due_date": due.isoformat()},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["due_date"] == body["current_due_date"] == due.isoformat()
    assert body["state"] == "open" and body["late"] is False and body["events"] == []


def test_a_slip_without_a_new_due_date_names_the_field(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    as_vendor = api.as_(world.vendor_member)
    before = row_counts()
    response = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={"type": "slip", "note": "The payment API is late"},
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "new_due_date"
    assert row_counts() == before


def test_a_delivery_without_evidence_names_the_field(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    as_vendor = api.as_(world.vendor_member)
    before = row_counts()
    response = as_vendor.post(
        f"/commitments/{commitment.id}/events", json={"type": "delivered", "note": "Done"}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "evidence"
    assert row_counts() == before


def test_a_delivery_with_evidence_closes_the_commitment(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    response = api.as_(world.vendor_member).post(
        f"/commitments/{commitment.id}/events",
        json={"type": "delivered", "evidence": "https://ci.example.com/builds/42"},
    )
    assert response.status_code == 201
    assert response.get_json()["evidence"] == "https://ci.example.com/builds/42"
    [view] = phase_view(api, world, phase)["commitments"]
    assert view["state"] == "delivered" and view["late"] is False


@pytest.mark.parametrize("days_until_due", [7, 0], ids=["before the due date", "on it"])
def test_a_slip_recorded_by_the_due_date_is_disclosed_in_advance(api, world, days_until_due):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=days_until_due))
    new_due = today() + timedelta(days=14)
    response = api.as_(world.vendor_member).post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "The payment API is late",
            "new_due_date": new_due.isoformat(),
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["disclosed_in_advance"] is True
    assert body["new_due_date"] == new_due.isoformat()
    [view] = phase_view(api, world, phase)["commitments"]
    assert view["current_due_date"] == new_due.isoformat()


def test_a_slip_recorded_after_the_due_date_is_not_disclosed_in_advance(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() - timedelta(days=1))
    response = api.as_(world.vendor_member).post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "We noticed late",
            "new_due_date": (today() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 201
    assert response.get_json()["disclosed_in_advance"] is False


def test_a_second_slip_is_judged_against_the_due_date_the_first_one_set(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() - timedelta(days=10))
    as_vendor = api.as_(world.vendor_member)
    late = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "Late",
            "new_due_date": (today() + timedelta(days=5)).isoformat(),
        },
    )
    early = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "Told early",
            "new_due_date": (today() + timedelta(days=9)).isoformat(),
        },
    )
    assert late.get_json()["disclosed_in_advance"] is False
    assert early.get_json()["disclosed_in_advance"] is True


def test_a_delivered_commitment_cannot_slip(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    as_vendor = api.as_(world.vendor_member)
    delivered = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={"type": "delivered", "evidence": "Merged in #12"},
    )
    assert delivered.status_code == 201
    before = row_counts()
    slip = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "Oops",
            "new_due_date": (today() + timedelta(days=9)).isoformat(),
        },
    )
    assert slip.status_code == 409
    assert "delivered" in error_of(slip)["message"]
    assert row_counts() == before


def test_progress_is_still_logged_on_a_delivered_commitment(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    as_vendor = api.as_(world.vendor_member)
    as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={"type": "delivered", "evidence": "Merged in #12"},
    )
    response = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={"type": "progress", "note": "Monitoring in production"},
    )
    assert response.status_code == 201


# --- reviews and the gate -------------------------------------------------------------------


@pytest.mark.parametrize("status", ["planned", "active"])
def test_no_review_before_the_phase_is_in_review(api, world, status):
    phase = phase_in(world, status)
    as_lead = api.as_(world.client_lead)
    before = row_counts()
    response = as_lead.post(f"/phases/{phase.id}/reviews", json=review_body("client"))
    assert response.status_code == 409
    assert status in error_of(response)["message"]
    assert row_counts() == before


def test_a_lead_submits_their_sides_review(api, world):
    phase = phase_in(world, "review")
    response = api.as_(world.vendor_lead).post(
        f"/phases/{phase.id}/reviews",
        json=review_body("vendor", comment="Clear goals, little interference"),
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["side"] == "vendor" and body["decision"] == "go"
    assert body["ratings"] == VENDOR_RATINGS
    assert body["author"]["id"] == world.vendor_lead.id
    assert phase.status == "review"  # one review does not decide the gate


def test_a_side_reviews_a_phase_only_once(api, world):
    phase = phase_in(world, "review")
    as_lead = api.as_(world.client_lead)
    assert (
        as_lead.post(f"/phases/{phase.id}/reviews", json=review_body("client")).status_code == 201
    )
    before = row_counts()
    again = as_lead.post(f"/phases/{phase.id}/reviews", json=review_body("client", "no_go"))
    assert again.status_code == 409
    assert "already" in error_of(again)["message"]
    assert row_counts() == before
    [kept] = phase_view(api, world, phase)["reviews"]
    assert kept["decision"] == "go"


@pytest.mark.parametrize(
    "side, ratings, field",
    [
        ("client", CLIENT_RATINGS | {"speed": 4}, "ratings.speed"),
        ("client", CLIENT_RATINGS | {"autonomy": 4}, "ratings.autonomy"),  # the vendor's criterion
        ("vendor", VENDOR_RATINGS | {"quality": 4}, "ratings.quality"),
        ("client", {k: v for k, v in CLIENT_RATINGS.items() if k != "quality"}, "ratings.quality"),
        ("vendor", {}, "ratings.goal_clarity"),
    ],
)
def test_a_review_names_a_wrong_or_missing_criterion(api, world, side, ratings, field):
    phase = phase_in(world, "review")
    as_lead = api.as_(world.role(f"{side}_lead"))
    before = row_counts()
    response = as_lead.post(
        f"/phases/{phase.id}/reviews", json=review_body(side) | {"ratings": ratings}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == field
    assert row_counts() == before


@pytest.mark.parametrize("value", [0, 6, "5", 4.5, True, None, -1])
@pytest.mark.parametrize("side, criterion", [("client", "delivery"), ("vendor", "autonomy")])
def test_a_rating_outside_one_to_five_names_its_criterion(api, world, side, criterion, value):
    phase = phase_in(world, "review")
    as_lead = api.as_(world.role(f"{side}_lead"))
    before = row_counts()
    body = review_body(side)
    body["ratings"][criterion] = value
    response = as_lead.post(f"/phases/{phase.id}/reviews", json=body)
    assert response.status_code == 422
    assert error_of(response)["field"] == f"ratings.{criterion}"
    assert row_counts() == before


def test_ratings_that_are_not_an_object_name_the_field(api, world):
    phase = phase_in(world, "review")
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", json=review_body("client") | {"ratings": [4]}
    )
    assert response.status_code == 422
    assert error_of(response)["field"].startswith("ratings")


def test_an_unknown_decision_names_the_field(api, world):
    phase = phase_in(world, "review")
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", json=review_body("client", "maybe")
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "decision"


def test_a_go_with_conditions_needs_the_conditions(api, world):
    phase = phase_in(world, "review")
    as_lead = api.as_(world.client_lead)
    before = row_counts()
    response = as_lead.post(
        f"/phases/{phase.id}/reviews", json=review_body("client", "go_with_conditions")
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "conditions"
    assert row_counts() == before


def test_the_clients_goal_outcomes_set_each_goals_outcome(api, world):
    phase = phase_in(world, "active")
    checkout = goal_of(world, phase)
    search = goal_of(world, phase, OUTCOME_GOAL | {"title": "Customers find any product fast"})
    phases.close(world.client_lead, phase)
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews",
        json=review_body(
            "client", goal_outcomes={str(checkout.id): "met", str(search.id): "partly_met"}
        ),
    )
    assert response.status_code == 201
    outcomes = {g["id"]: g["outcome"] for g in phase_view(api, world, phase)["goals"]}
    assert outcomes == {checkout.id: "met", search.id: "partly_met"}


def test_the_client_rates_the_outcome_of_every_current_goal(api, world):
    phase = phase_in(world, "active")
    checkout = goal_of(world, phase)
    search = goal_of(world, phase, OUTCOME_GOAL | {"title": "Customers find any product fast"})
    removed = goal_of(world, phase, OUTCOME_GOAL | {"title": "Stock levels on each product"})
    statements.remove_goal(world.client_lead, removed)
    phases.close(world.client_lead, phase)
    as_lead = api.as_(world.client_lead)
    before = row_counts()
    response = as_lead.post(
        f"/phases/{phase.id}/reviews",
        json=review_body("client", goal_outcomes={str(checkout.id): "met"}),
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == f"goal_outcomes.{search.id}"
    assert row_counts() == before


@pytest.mark.parametrize("key", ["999999", "abc", "-1", "99999999999999999999999"])
def test_an_outcome_for_a_goal_not_of_this_phase_names_it(api, world, key):
    phase = phase_in(world, "active")
    goal_of(world, phase)
    phases.close(world.client_lead, phase)
    as_lead = api.as_(world.client_lead)
    before = row_counts()
    response = as_lead.post(
        f"/phases/{phase.id}/reviews", json=review_body("client", goal_outcomes={key: "met"})
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == f"goal_outcomes.{key}"
    assert row_counts() == before


def test_an_outcome_outside_the_three_names_the_goal(api, world):
    phase = phase_in(world, "active")
    goal = goal_of(world, phase)
    phases.close(world.client_lead, phase)
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews",
        json=review_body("client", goal_outcomes={str(goal.id): "brilliant"}),
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == f"goal_outcomes.{goal.id}"


def test_the_vendor_does_not_rate_the_goals_outcomes(api, world):
    phase = phase_in(world, "active")
    goal = goal_of(world, phase)
    phases.close(world.client_lead, phase)
    as_vendor = api.as_(world.vendor_lead)
    before = row_counts()
    response = as_vendor.post(
        f"/phases/{phase.id}/reviews",
        json=review_body("vendor", goal_outcomes={str(goal.id): "met"}),
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "goal_outcomes"
    assert row_counts() == before


@pytest.mark.parametrize(
    "client_decision, vendor_decision, status",
    [
        ("go", "go", "passed"),
        ("go_with_conditions", "go", "passed"),
        ("go", "go_with_conditions", "passed"),
        ("go", "no_go", "stopped"),
        ("no_go", "go", "stopped"),
        ("no_go", "no_go", "stopped"),
    ],
)
def test_the_gate_decides_when_both_reviews_are_in(
    api, world, client_decision, vendor_decision, status
):
    phase = phase_in(world, "review")
    conditions = {"conditions": "Fix the checkout bugs first"}
    first = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews",
        json=review_body("client", client_decision, **conditions),
    )
    assert first.status_code == 201
    assert phase_view(api, world, phase)["status"] == "review"
    second = api.as_(world.vendor_lead).post(
        f"/phases/{phase.id}/reviews",
        json=review_body("vendor", vendor_decision, **conditions),
    )
    assert second.status_code == 201
    view = phase_view(api, world, phase)
    assert view["status"] == status and view["decided_at"] is not None
    assert {r["side"] for r in view["reviews"]} == {"client", "vendor"}
    decided = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.target_type == "phase",
            AuditEvent.target_id == phase.id,
            AuditEvent.action == f"phase.{status}",
        )
    ).all()
    assert len(decided) == 1


def test_no_api_route_changes_or_deletes_a_review(app):
    writes = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and "review" in rule.rule
        for method in rule.methods - {"GET", "HEAD", "OPTIONS"}
    }
    assert writes == {("/api/v1/phases/<id:phase_id>/reviews", "POST")}


def test_a_submitted_review_cannot_be_patched_or_deleted(api, world):
    phase = phase_in(world, "review")
    as_lead = api.as_(world.client_lead)
    review_id = as_lead.post(f"/phases/{phase.id}/reviews", json=review_body("client")).get_json()[
        "id"
    ]
    for method in ("PATCH", "PUT", "DELETE"):
        for path in (
            f"/reviews/{review_id}",
            f"/phases/{phase.id}/reviews/{review_id}",
            f"/phases/{phase.id}/reviews",
        ):
            response = as_lead.request(method, path, json={"decision": "no_go"})
            assert response.status_code in (404, 405), (method, path)
            assert error_of(response)
    review = db.session.get(Review, review_id)
    db.session.refresh(review)
    assert review.decision == "go"


# --- bad input is refused by name, never with a 500 -----------------------------------------


def text_cases(world):
    """(who, path, body, field) for every text field a workflow endpoint takes."""
    active = phase_in(world, "active", name="Now")
    planned = phase_in(world, "planned", name="Later")
    goal = goal_of(world, active)
    directive = directive_in(world, active)
    commitment = commitment_due(world, active, today() + timedelta(days=7))
    return {
        "phase name": (
            world.client_lead,
            "POST",
            f"/partnerships/{world.partnership.id}/phases",
            {"name": "A\x00B"},
            "name",
        ),
        "phase objective": (
            world.client_lead,
            "PATCH",
            f"/phases/{planned.id}",
            {"objective": "x\x00"},
            "objective",
        ),
        "goal title": (
            world.client_lead,
            "POST",
            f"/phases/{active.id}/goals",
            OUTCOME_GOAL | {"title": "Orders\x00"},
            "title",
        ),
        "goal criterion": (
            world.client_lead,
            "PATCH",
            f"/goals/{goal.id}",
            {"success_criterion": "\x00"},
            "success_criterion",
        ),
        "directive text": (
            world.client_member,
            "POST",
            f"/phases/{active.id}/directives",
            DIRECTIVE | {"text": "Do\x00it"},
            "text",
        ),
        "response note": (
            world.vendor_member,
            "POST",
            f"/directives/{directive.id}/response",
            {"response": "declined", "note": "no\x00"},
            "note",
        ),
        "commitment title": (
            world.vendor_member,
            "POST",
            f"/phases/{active.id}/commitments",
            {"title": "Pilot\x00", "due_date": "2026-03-01"},
            "title",
        ),
        "event note": (
            world.vendor_member,
            "POST",
            f"/commitments/{commitment.id}/events",
            {"type": "risk", "note": "risk\x00"},
            "note",
        ),
    }


TEXT_CASES = [
    "phase name",
    "phase objective",
    "goal title",
    "goal criterion",
    "directive text",
    "response note",
    "commitment title",
    "event note",
]


@pytest.mark.parametrize("case", TEXT_CASES)
def test_a_nul_character_in_text_is_refused_by_field(api, world, case):
    who, method, path, body, field = text_cases(world)[case]
    as_user = api.as_(who)
    before = row_counts()
    response = as_user.request(method, path, json=body)
    assert response.status_code == 422
    assert error_of(response)["field"] == field
    assert row_counts() == before


@pytest.mark.parametrize("field", ["comment", "conditions"])
def test_a_nul_character_in_a_review_is_refused_by_field(api, world, field):
    phase = phase_in(world, "review")
    as_lead = api.as_(world.client_lead)
    before = row_counts()
    response = as_lead.post(
        f"/phases/{phase.id}/reviews", json=review_body("client", **{field: "fine\x00"})
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == field
    assert row_counts() == before


@pytest.mark.parametrize("goal_id", [2**70, 2**63, 0, -3, "1", 1.5, True])
@pytest.mark.parametrize("endpoint", ["directives", "commitments"])
def test_a_goal_id_that_is_no_id_is_refused_by_name(api, world, endpoint, goal_id):
    phase = phase_in(world, "active")
    if endpoint == "directives":
        who, body = world.client_lead, DIRECTIVE
    else:
        who, body = world.vendor_lead, {"title": "Pilot", "due_date": "2026-03-01"}
    as_user = api.as_(who)
    before = row_counts()
    response = as_user.post(f"/phases/{phase.id}/{endpoint}", json=body | {"goal_id": goal_id})
    assert response.status_code == 422
    assert error_of(response)["field"] == "goal_id"
    assert row_counts() == before


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/phases/{id}"),
        ("PATCH", "/phases/{id}"),
        ("POST", "/phases/{id}/start"),
        ("POST", "/phases/{id}/close"),
        ("POST", "/phases/{id}/goals"),
        ("PATCH", "/goals/{id}"),
        ("DELETE", "/goals/{id}"),
        ("POST", "/directives/{id}/response"),
        ("POST", "/commitments/{id}/events"),
        ("POST", "/phases/{id}/reviews"),
        ("GET", "/partnerships/{id}/audit"),
    ],
)
@pytest.mark.parametrize("huge", [2**64, 2**63, 10**30])
def test_an_id_in_the_path_past_64_bits_is_not_found(api, user, method, path, huge):
    response = api.as_(user).request(method, path.format(id=huge), json={})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def body_cases(world):
    phase = phase_in(world, "active")
    directive = directive_in(world, phase)
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    goal = goal_of(world, phase)
    return [
        (world.client_lead, "POST", f"/partnerships/{world.partnership.id}/phases"),
        (world.client_lead, "PATCH", f"/phases/{phase.id}"),
        (world.client_lead, "POST", f"/phases/{phase.id}/move"),
        (world.client_lead, "POST", f"/phases/{phase.id}/goals"),
        (world.client_lead, "PATCH", f"/goals/{goal.id}"),
        (world.client_lead, "POST", f"/phases/{phase.id}/directives"),
        (world.vendor_lead, "POST", f"/directives/{directive.id}/response"),
        (world.vendor_lead, "POST", f"/phases/{phase.id}/commitments"),
        (world.vendor_lead, "POST", f"/commitments/{commitment.id}/events"),
        (world.client_lead, "POST", f"/phases/{phase.id}/reviews"),
    ]


@pytest.mark.parametrize("body", [[], [1, 2], "text", 42, None], ids=repr)
def test_a_body_that_is_not_a_json_object_is_refused_in_the_error_shape(api, world, body):
    for who, method, path in body_cases(world):
        as_user = api.as_(who)
        before = row_counts()
        # sent as raw text: the test client would send no body at all for json=None
        response = as_user.request(
            method, path, data=json.dumps(body), content_type="application/json"
        )
        assert response.status_code in (400, 422), (method, path, response.status_code)
        assert error_of(response)
        assert row_counts() == before


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-45",
        "2026-02-30",
        "tomorrow",
        "01/03/2026",
        20260301,
        "2026-03-01T10:00:00",
        "99999-01-01",
    ],
)
def test_a_date_that_is_no_date_is_refused_by_name(api, world, value):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=7))
    cases = [
        (
            world.client_lead,
            f"/partnerships/{world.partnership.id}/phases",
            {"name": "Build", "planned_start": value},
            "planned_start",
        ),
        (
            world.vendor_lead,
            f"/phases/{phase.id}/commitments",
            {"title": "Pilot", "due_date": value},
            "due_date",
        ),
        (
            world.vendor_lead,
            f"/commitments/{commitment.id}/events",
            {"type": "slip", "note": "Late", "new_due_date": value},
            "new_due_date",
        ),
    ]
    for who, path, body, field in cases:
        as_user = api.as_(who)
        before = row_counts()
        response = as_user.post(path, json=body)
        assert response.status_code == 422, (path, response.get_json())
        assert error_of(response)["field"] == field
        assert row_counts() == before


def test_an_unknown_field_is_named_rather_than_ignored(api, world):
    phase = phase_in(world, "planned")
    response = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", json=OUTCOME_GOAL | {"owner": "me"}
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "owner"


# --- live dates (SPEC §2: a live commitment is due today or later; a slip moves it later) ---


def test_a_commitment_cannot_be_made_due_in_the_past(api, world):
    phase = phase_in(world, "active")
    vendor = api.as_(world.vendor_member)
    before = row_counts()
    response = vendor.post(
        f"/phases/{phase.id}/commitments",
        json={"title": "Pilot", "due_date": (today() - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "due_date"
    assert "today or later" in error_of(response)["message"]
    assert row_counts() == before
    response = vendor.post(
        f"/phases/{phase.id}/commitments", json={"title": "Pilot", "due_date": today().isoformat()}
    )
    assert response.status_code == 201


@pytest.mark.parametrize("days", [0, -1, -3], ids=["same-date", "a-day-earlier", "earlier"])
def test_a_slip_never_moves_the_date_earlier(api, world, days):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() + timedelta(days=5))
    vendor = api.as_(world.vendor_member)
    before = row_counts()
    response = vendor.post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "Sooner after all",
            "new_due_date": (today() + timedelta(days=5 + days)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "new_due_date"
    assert row_counts() == before


def test_a_late_commitment_slips_to_today_or_later_not_to_another_past_day(api, world):
    phase = phase_in(world, "active")
    commitment = commitment_due(world, phase, today() - timedelta(days=10))
    as_vendor = api.as_(world.vendor_member)
    past = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={
            "type": "slip",
            "note": "Late",
            "new_due_date": (today() - timedelta(days=2)).isoformat(),
        },
    )
    assert past.status_code == 422
    assert error_of(past)["field"] == "new_due_date"
    later = as_vendor.post(
        f"/commitments/{commitment.id}/events",
        json={"type": "slip", "note": "Late", "new_due_date": today().isoformat()},
    )
    assert later.status_code == 201
