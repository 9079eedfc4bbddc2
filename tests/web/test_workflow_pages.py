"""The phase workflow in the browser: every step by its page and form, as each role sees it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from partnership.extensions import db
from partnership.i18n.render import reading_words
from partnership.models import AuditEvent, Commitment, Directive, Goal, Phase, User
from partnership.services import commitments, lookups, statements
from partnership.services import phases as phase_service

from ..helpers import phase_in, row_counts, today

GOAL = {
    "goal-title": "Wholesale customers place orders without calling us",
    "goal-success_criterion": "Half of the orders arrive through the portal by June",
    "goal-priority": "must",
}
PRESCRIPTIVE = "Use React and Redux for the frontend"
CLIENT_RATINGS = {
    "review-rating_delivery": "4",
    "review-rating_transparency": "5",
    "review-rating_quality": "4",
    "review-rating_collaboration": "5",
}
VENDOR_RATINGS = {
    "review-rating_goal_clarity": "4",
    "review-rating_autonomy": "5",
    "review-rating_responsiveness": "3",
    "review-rating_scope_stability": "4",
}


# --- Helpers that read like the users' actions ---------------------------------------------------


def text_of(response) -> str:
    """The page as a reader sees it: tags that only isolate text (<bdi>) left out."""
    return response.get_data(as_text=True).replace("<bdi>", "").replace("</bdi>", "")


def plan_phase(browser, partnership, name="Discovery", **fields):
    data = {
        "plan-name": name,
        "plan-objective": "Learn what the portal must do",
        "plan-planned_start": today().isoformat(),
        "plan-planned_end": (today() + timedelta(days=30)).isoformat(),
        **fields,
    }
    return browser.post(f"/partnerships/{partnership.id}/phases", data=data)


def last_phase() -> Phase:
    return db.session.scalars(select(Phase).order_by(Phase.id.desc())).first()


def as_commitment(world, phase, due: date | None = None) -> int:
    """A commitment due on ``due``; one in the past was made for today, and the days passed
    (a live commitment cannot be made due in the past: SPEC §2)."""
    due = due or today() + timedelta(days=3)
    commitment = commitments.add(
        world.vendor_lead, phase, {"title": "Checkout page", "due_date": max(due, today())}
    )
    if due < today():
        commitment.due_date = due
        db.session.commit()
    return commitment.id


def post_and_follow(browser, url, data=None):
    """Post a button or form, then read the page it leads to (where a flash shows)."""
    response = browser.post(url, data=data or {})
    assert response.status_code == 302, text_of(response)[:500]
    return browser.get(response.location)


# --- A whole phase, by pages ---------------------------------------------------------------------


def test_a_phase_goes_from_plan_to_a_passed_gate_by_pages(world, as_):
    client_lead, vendor_lead = as_(world.client_lead), as_(world.vendor_lead)
    client_member, vendor_member = as_(world.client_member), as_(world.vendor_member)

    response = plan_phase(client_lead, world.partnership)
    assert response.status_code == 302
    phase = last_phase()
    assert response.location.endswith(f"/phases/{phase.id}")
    page = text_of(client_lead.get(f"/partnerships/{world.partnership.id}"))
    assert "Discovery" in page and f"/phases/{phase.id}" in page

    response = client_lead.post(f"/phases/{phase.id}/goals", data=GOAL)
    assert response.status_code == 302
    goal = db.session.scalars(select(Goal)).one()

    page = text_of(post_and_follow(client_lead, f"/phases/{phase.id}/start"))
    assert "Phase started" in page
    assert phase.status == "active"

    response = client_member.post(
        f"/phases/{phase.id}/directives",
        data={
            "directive-text": "Show the order status on the first screen",
            "directive-channel": "ticket",
            "directive-goal_id": str(goal.id),
        },
    )
    assert response.status_code == 302
    directive = db.session.scalars(select(Directive)).one()
    assert directive.goal_id == goal.id and directive.adds_scope is False
    assert "Waiting for the vendor" in text_of(vendor_member.get(f"/phases/{phase.id}"))

    response = vendor_member.post(
        f"/directives/{directive.id}/response",
        data={
            f"answer-{directive.id}-response": "accepted",
            f"answer-{directive.id}-note": "In the next build",
        },
    )
    assert response.status_code == 302
    assert directive.response.response == "accepted"

    response = vendor_member.post(
        f"/phases/{phase.id}/commitments",
        data={
            "commitment-title": "Order status page",
            "commitment-due_date": (today() + timedelta(days=5)).isoformat(),
            "commitment-goal_id": str(goal.id),
        },
    )
    assert response.status_code == 302
    commitment = db.session.scalars(select(Commitment)).one()
    new_due = today() + timedelta(days=9)
    response = vendor_member.post(
        f"/commitments/{commitment.id}/events",
        data={
            f"event-{commitment.id}-type": "slip",
            f"event-{commitment.id}-note": "The order API answers slowly; we tune it first",
            f"event-{commitment.id}-new_due_date": new_due.isoformat(),
        },
    )
    assert response.status_code == 302
    page = text_of(client_lead.get(f"/phases/{phase.id}"))
    assert "The order API answers slowly" in page
    assert "told in advance" in page

    page = text_of(post_and_follow(vendor_lead, f"/phases/{phase.id}/close"))
    assert "closed for review" in page
    assert phase.status == "review"

    response = client_lead.post(
        f"/phases/{phase.id}/reviews",
        data={
            **CLIENT_RATINGS,
            f"review-outcome_{goal.id}": "met",
            "review-decision": "go",
            "review-comment": "Slipped once, said so early",
        },
    )
    assert response.status_code == 302
    assert phase.status == "review"  # one review is not a gate
    response = vendor_lead.post(
        f"/phases/{phase.id}/reviews",
        data={
            **VENDOR_RATINGS,
            "review-decision": "go_with_conditions",
            "review-conditions": "Goals for phase two are fixed before it starts",
        },
    )
    assert response.status_code == 302
    assert phase.status == "passed"
    assert goal.outcome == "met"

    page = text_of(client_member.get(f"/phases/{phase.id}"))
    assert "Gate: passed" in page
    assert "Slipped once, said so early" in page
    assert "Goals for phase two are fixed before it starts" in page
    assert "Submit the review" not in page


def test_a_no_go_from_one_side_stops_the_phase(world, as_):
    phase = phase_in(world, "review")
    response = as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews",
        data={
            **CLIENT_RATINGS,
            "review-decision": "no_go",
            "review-comment": "Too many silent slips",
        },
    )
    assert response.status_code == 302
    as_(world.vendor_lead).post(
        f"/phases/{phase.id}/reviews", data={**VENDOR_RATINGS, "review-decision": "go"}
    )
    assert phase.status == "stopped"
    page = text_of(as_(world.vendor_member).get(f"/phases/{phase.id}"))
    assert "Gate: stopped" in page
    assert "Too many silent slips" in page


# --- Status transitions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("planned", "start", "active"),
        ("active", "close", "review"),
    ],
)
def test_a_legal_transition_by_its_button_changes_the_status(world, as_, status, action, after):
    phase = phase_in(world, status)
    page = post_and_follow(as_(world.client_lead), f"/phases/{phase.id}/{action}")
    assert page.status_code == 200
    assert phase.status == after


@pytest.mark.parametrize(
    ("status", "action", "reason"),
    [
        ("active", "start", "Only a planned phase can start"),
        ("review", "start", "Only a planned phase can start"),
        ("planned", "close", "Only an active phase can be closed"),
        ("review", "close", "Only an active phase can be closed"),
    ],
)
def test_an_illegal_transition_flashes_the_reason_and_changes_nothing(
    world, as_, status, action, reason
):
    phase = phase_in(world, status)
    before = row_counts()
    page = post_and_follow(as_(world.client_lead), f"/phases/{phase.id}/{action}")
    assert reason in text_of(page)
    assert row_counts() == before
    assert phase.status == status


def test_a_second_phase_cannot_start_while_one_is_open(world, as_):
    phase_in(world, "active", "One")
    second = phase_in(world, name="Two")
    before = row_counts()
    page = post_and_follow(as_(world.client_lead), f"/phases/{second.id}/start")
    assert "a partnership runs one phase at a time" in text_of(page)
    assert row_counts() == before and second.status == "planned"


def test_a_later_phase_cannot_start_before_an_earlier_undecided_one(world, as_):
    phase_in(world, name="One")
    second = phase_in(world, name="Two")
    page = post_and_follow(as_(world.client_lead), f"/phases/{second.id}/start")
    assert "comes first and has not been decided" in text_of(page)
    assert second.status == "planned"


def test_decided_phases_keep_their_status_and_their_plan(world, as_):
    phase = phase_in(world, "review")
    as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", data={**CLIENT_RATINGS, "review-decision": "go"}
    )
    as_(world.vendor_lead).post(
        f"/phases/{phase.id}/reviews", data={**VENDOR_RATINGS, "review-decision": "go"}
    )
    assert phase.status == "passed"
    before = row_counts()
    for action in ("start", "close"):
        post_and_follow(as_(world.client_lead), f"/phases/{phase.id}/{action}")
    response = as_(world.client_lead).post(f"/phases/{phase.id}/edit", data={"name": "Renamed"})
    assert response.status_code == 422
    assert "its plan is part of the record" in text_of(response)
    assert row_counts() == before
    assert phase.status == "passed" and phase.name == "Discovery"


def test_only_the_client_lead_starts_and_only_leads_close(world, as_):
    planned = phase_in(world)
    assert as_(world.vendor_lead).post(f"/phases/{planned.id}/start").status_code == 403
    assert as_(world.client_member).post(f"/phases/{planned.id}/start").status_code == 403
    phase_service.start(world.client_lead, planned)
    assert as_(world.vendor_member).post(f"/phases/{planned.id}/close").status_code == 403
    assert planned.status == "active"
    post_and_follow(as_(world.vendor_lead), f"/phases/{planned.id}/close")
    assert planned.status == "review"


def test_planned_phases_move_up_and_down_and_an_illegal_move_says_why(world, as_):
    one, two = phase_in(world, name="One"), phase_in(world, name="Two")
    lead = as_(world.vendor_lead)
    page = post_and_follow(lead, f"/phases/{two.id}/move/up")
    assert "Phase moved" in text_of(page)
    assert two.position < one.position
    before = row_counts()
    page = post_and_follow(lead, f"/phases/{two.id}/move/up")
    assert "already at that end" in text_of(page)
    assert row_counts() == before
    post_and_follow(lead, f"/phases/{two.id}/move/down")
    assert one.position < two.position
    assert as_(world.vendor_member).post(f"/phases/{two.id}/move/up").status_code == 403


def test_the_partnership_page_offers_to_move_planned_phases_and_the_button_moves_once(world, as_):
    """The move buttons are bare forms from ``_macros.html``: each carries its one-time token
    (a page with two planned phases once failed drawing them)."""
    one, two = phase_in(world, name="One"), phase_in(world, name="Two")
    lead = as_(world.client_lead)
    answer = lead.get(f"/partnerships/{world.partnership.id}")
    assert answer.status_code == 200
    page = text_of(answer)
    later = re.search(
        rf'action="/phases/{one.id}/move/down".*?name="form_token" value="([^"]+)"', page, re.S
    )
    assert later is not None and "Move earlier" in page and "Move later" in page
    form = {"form_token": later.group(1)}
    assert "Phase moved" in text_of(post_and_follow(lead, f"/phases/{one.id}/move/down", form))
    assert two.position < one.position
    again = post_and_follow(lead, f"/phases/{one.id}/move/down", form)
    assert "sent twice" in text_of(again)
    assert two.position < one.position


def test_an_open_phase_cannot_move(world, as_):
    active = phase_in(world, "active", "One")
    phase_in(world, name="Two")
    page = post_and_follow(as_(world.client_lead), f"/phases/{active.id}/move/down")
    assert "Only planned phases can be reordered" in text_of(page)


def test_a_lead_edits_the_plan_of_a_phase(world, as_):
    phase = phase_in(world)
    lead = as_(world.client_lead)
    assert lead.get(f"/phases/{phase.id}/edit").status_code == 200
    response = lead.post(
        f"/phases/{phase.id}/edit",
        data={
            "name": "Discovery and design",
            "objective": "Agree the scope",
            "planned_start": "2026-03-01",
            "planned_end": "2026-03-31",
        },
    )
    assert response.status_code == 302
    assert phase.name == "Discovery and design" and phase.planned_end == date(2026, 3, 31)
    assert as_(world.client_member).get(f"/phases/{phase.id}/edit").status_code == 403


# --- Forms keep what was typed -------------------------------------------------------------------


def test_a_phase_plan_with_its_end_before_its_start_is_shown_again_with_the_text(world, as_):
    before = row_counts()
    response = plan_phase(
        as_(world.client_lead),
        world.partnership,
        name="Build the checkout",
        **{"plan-planned_end": (today() - timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 422
    assert "The end must not be before the start" in text_of(response)
    assert 'value="Build the checkout"' in text_of(response)
    assert row_counts() == before


def test_a_goal_without_a_title_is_shown_again_with_the_criterion_typed(world, as_):
    phase = phase_in(world)
    before = row_counts()
    response = as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", data={**GOAL, "goal-title": "  "}
    )
    assert response.status_code == 422
    assert GOAL["goal-success_criterion"] in text_of(response)
    assert "Nothing was saved" in text_of(response)
    assert row_counts() == before


def test_a_commitment_refused_by_the_service_keeps_its_title(world, as_):
    phase = phase_in(world)
    before = row_counts()
    response = as_(world.vendor_member).post(
        f"/phases/{phase.id}/commitments",
        data={"commitment-title": "Checkout prototype", "commitment-due_date": "1999-12-31"},
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "between 2000 and 2200" in page
    assert 'value="Checkout prototype"' in page
    assert row_counts() == before


def test_a_slip_without_a_new_date_keeps_its_reason_typed(world, as_):
    phase = phase_in(world, "active")
    commitment = db.session.get(Commitment, as_commitment(world, phase))
    before = row_counts()
    response = as_(world.vendor_member).post(
        f"/commitments/{commitment.id}/events",
        data={
            f"event-{commitment.id}-type": "slip",
            f"event-{commitment.id}-note": "The payment provider changed its API",
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "A slip needs the new due date." in page
    assert "The payment provider changed its API" in page
    assert row_counts() == before


def test_a_decline_without_a_note_is_refused_next_to_the_note(world, as_):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_member,
        phase,
        {"text": "Add a PDF export of orders", "channel": "email", "adds_scope": True},
    )
    response = as_(world.vendor_lead).post(
        f"/directives/{directive.id}/response", data={f"answer-{directive.id}-response": "declined"}
    )
    assert response.status_code == 422
    assert "Say why" in text_of(response)
    assert directive.response is None


def test_a_go_with_conditions_without_conditions_keeps_the_comment(world, as_):
    phase = phase_in(world, "review")
    before = row_counts()
    response = as_(world.vendor_lead).post(
        f"/phases/{phase.id}/reviews",
        data={
            **VENDOR_RATINGS,
            "review-decision": "go_with_conditions",
            "review-comment": "Good phase overall",
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "Say which conditions" in page
    assert "Good phase overall" in page
    assert '<option selected value="5">' in page  # the autonomy rating is kept too
    assert row_counts() == before


def test_a_review_missing_a_rating_says_which(world, as_):
    phase = phase_in(world, "review")
    ratings = {k: v for k, v in CLIENT_RATINGS.items() if not k.endswith("quality")}
    response = as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", data={**ratings, "review-decision": "go"}
    )
    assert response.status_code == 422
    assert "Rate this from 1 to 5" in text_of(response)
    assert phase.reviews == []


def test_the_client_review_asks_an_outcome_for_each_current_goal(world, as_):
    phase = phase_in(world, "active")
    goal = statements.add_goal(world.client_lead, phase, {"title": "Orders in two minutes"})
    phase_service.close(world.client_lead, phase)
    page = text_of(as_(world.client_lead).get(f"/phases/{phase.id}"))
    assert f'name="review-outcome_{goal.id}"' in page
    assert "Outcome of the goal" in page
    assert 'name="review-rating_delivery"' in page
    vendor_page = text_of(as_(world.vendor_lead).get(f"/phases/{phase.id}"))
    assert 'name="review-rating_autonomy"' in vendor_page
    assert "review-outcome_" not in vendor_page


# --- Who sees and may do what --------------------------------------------------------------------


def test_a_vendor_member_sees_no_goal_form_and_may_not_post_one(world, as_):
    phase = phase_in(world)
    browser = as_(world.vendor_member)
    page = text_of(browser.get(f"/phases/{phase.id}"))
    assert "goal-title" not in page and "Add a goal" not in page
    before = row_counts()
    assert browser.post(f"/phases/{phase.id}/goals", data=GOAL).status_code == 403
    assert row_counts() == before


def test_each_role_sees_only_its_own_forms(world, as_):
    phase = phase_in(world, "active")
    pages = {
        role: text_of(as_(world.role(role)).get(f"/phases/{phase.id}"))
        for role in ("client_lead", "client_member", "vendor_lead", "vendor_member")
    }
    assert "goal-title" in pages["client_lead"]
    assert all(
        "goal-title" not in pages[r] for r in ("client_member", "vendor_lead", "vendor_member")
    )
    assert "directive-text" in pages["client_member"]
    assert "directive-text" not in pages["vendor_lead"]
    assert "commitment-title" in pages["vendor_member"]
    assert "commitment-title" not in pages["client_lead"]
    assert "Close for review" in pages["vendor_lead"]
    assert "Close for review" not in pages["vendor_member"]


def test_an_outsider_gets_404_on_the_phase_page_and_its_forms(world, as_):
    phase = phase_in(world, "active")
    browser = as_(world.outsider)
    assert browser.get(f"/phases/{phase.id}").status_code == 404
    assert browser.post(f"/phases/{phase.id}/goals", data=GOAL).status_code == 404
    assert browser.post(f"/phases/{phase.id}/start").status_code == 404
    assert browser.get(f"/partnerships/{world.partnership.id}/audit").status_code == 404


def test_a_logged_out_visitor_is_sent_to_log_in(world, client):
    phase = phase_in(world)
    response = client.get(f"/phases/{phase.id}")
    assert response.status_code == 302 and "/login" in response.location


# --- What the phase page shows -------------------------------------------------------------------


def test_a_prescriptive_goal_shows_its_category_reasons_and_suggestion(world, as_):
    phase = phase_in(world)
    as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", data={"goal-title": PRESCRIPTIVE, "goal-priority": "should"}
    )
    goal = db.session.scalars(select(Goal)).one()
    assert goal.category == "prescriptive"
    page = text_of(as_(world.vendor_member).get(f"/phases/{phase.id}"))
    assert "badge-prescriptive" in page
    reasons, suggestion = reading_words(goal.reasons, goal.suggestion, "en")
    assert reasons and suggestion
    for sentence in [*reasons, suggestion]:
        assert sentence.replace("'", "&#39;") in page


def test_a_goal_reads_in_the_readers_language_whoever_wrote_it(world, as_):
    """The reading is stored as codes: a Spanish reader of an English goal reads Spanish."""
    phase = phase_in(world)
    as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", data={"goal-title": PRESCRIPTIVE, "goal-priority": "should"}
    )
    goal = db.session.scalars(select(Goal)).one()
    world.vendor_member.language = "es"
    db.session.commit()
    page = text_of(as_(world.vendor_member).get(f"/phases/{phase.id}"))
    spanish, _ = reading_words(goal.reasons, None, "es")
    english, _ = reading_words(goal.reasons, None, "en")
    assert spanish != english
    for sentence in spanish:
        assert sentence in page


def test_an_edited_goal_lists_its_previous_versions(world, as_):
    phase = phase_in(world, "active")
    goal = statements.add_goal(world.client_lead, phase, {"title": "Orders in two minutes"})
    lead = as_(world.client_lead)
    assert "Orders in two minutes" in text_of(lead.get(f"/goals/{goal.id}/edit"))
    response = lead.post(
        f"/goals/{goal.id}/edit",
        data={"title": "Orders in one minute", "success_criterion": "", "priority": "must"},
    )
    assert response.status_code == 302
    page = text_of(lead.get(f"/phases/{phase.id}"))
    assert "Revised once" in page
    assert "“Orders in two minutes”" in page
    assert as_(world.vendor_lead).get(f"/goals/{goal.id}/edit").status_code == 403


def test_a_goal_edit_refused_keeps_the_typed_text(world, as_):
    phase = phase_in(world)
    goal = statements.add_goal(world.client_lead, phase, {"title": "Orders in two minutes"})
    response = as_(world.client_lead).post(
        f"/goals/{goal.id}/edit",
        data={"title": "", "success_criterion": "Measured over a week", "priority": "must"},
    )
    assert response.status_code == 422
    assert "Measured over a week" in text_of(response)
    assert goal.revisions == []


def test_a_goal_removed_after_the_start_stays_struck_through(world, as_):
    phase = phase_in(world, "active")
    goal = statements.add_goal(world.client_lead, phase, {"title": "Export orders to Excel"})
    page = text_of(post_and_follow(as_(world.client_lead), f"/goals/{goal.id}/remove"))
    assert "Goal removed" in page
    assert '<span class="goal-removed" dir="auto">Export orders to Excel</span>' in page
    assert "removed after start" in page
    assert goal.removed_at is not None


def test_a_goal_removed_before_the_start_is_gone(world, as_):
    phase = phase_in(world)
    goal = statements.add_goal(world.client_lead, phase, {"title": "Export orders to Excel"})
    post_and_follow(as_(world.client_lead), f"/goals/{goal.id}/remove")
    assert db.session.scalars(select(Goal)).all() == []


def test_a_slip_recorded_after_the_due_date_is_shown_as_told_late(world, as_):
    phase = phase_in(world, "active")
    commitment_id = as_commitment(world, phase, due=today() - timedelta(days=2))
    page = text_of(as_(world.client_lead).get(f"/phases/{phase.id}"))
    assert "badge-late" in page
    as_(world.vendor_member).post(
        f"/commitments/{commitment_id}/events",
        data={
            f"event-{commitment_id}-type": "slip",
            f"event-{commitment_id}-note": "Forgot to say",
            f"event-{commitment_id}-new_due_date": (today() + timedelta(days=4)).isoformat(),
        },
    )
    page = text_of(as_(world.client_lead).get(f"/phases/{phase.id}"))
    assert "told late" in page
    assert "Vendor Member" in page  # the event's author


def test_a_delivery_shows_its_evidence_and_state(world, as_):
    phase = phase_in(world, "active")
    commitment_id = as_commitment(world, phase)
    as_(world.vendor_member).post(
        f"/commitments/{commitment_id}/events",
        data={
            f"event-{commitment_id}-type": "delivered",
            f"event-{commitment_id}-evidence": "https://git.example/acme/portal/pull/12",
        },
    )
    page = text_of(as_(world.client_member).get(f"/phases/{phase.id}"))
    assert "https://git.example/acme/portal/pull/12" in page
    assert "badge-delivered" in page


# --- Inbox ---------------------------------------------------------------------------------------


def test_home_sends_a_logged_in_user_to_the_inbox(world, as_):
    response = as_(world.client_member).get("/")
    assert response.status_code == 302 and response.location.endswith("/inbox")


def test_the_inbox_lists_a_directive_waiting_for_the_vendor(world, as_):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_member,
        phase,
        {"text": "Show stock levels next to each product", "channel": "ticket"},
    )
    page = text_of(as_(world.vendor_member).get("/inbox"))
    assert "Waiting for you" in page
    assert "Show stock levels next to each product" in page
    assert f"/phases/{phase.id}#directive-{directive.id}" in page
    assert "Show stock levels" not in text_of(as_(world.client_member).get("/inbox"))


def test_the_inbox_lists_a_review_to_submit_to_each_lead(world, as_):
    phase = phase_in(world, "review")
    for lead in (world.client_lead, world.vendor_lead):
        page = text_of(as_(lead).get("/inbox"))
        assert "Submit your side&#39;s review of Discovery" in page
        assert f"/phases/{phase.id}#reviews-heading" in page
    as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", data={**CLIENT_RATINGS, "review-decision": "go"}
    )
    assert (
        "review of Discovery"
        not in text_of(as_(world.client_lead).get("/inbox")).split("What happened")[0]
    )
    assert "review of Discovery" in text_of(as_(world.vendor_lead).get("/inbox"))


def test_an_empty_inbox_says_so(world, as_):
    page = text_of(as_(world.outsider).get("/inbox"))
    assert "Nothing waits for you" in page


# --- Audit trail ---------------------------------------------------------------------------------


def test_the_audit_trail_is_for_leads_only(world, as_):
    phase_in(world)
    url = f"/partnerships/{world.partnership.id}/audit"
    assert as_(world.client_member).get(url).status_code == 403
    assert as_(world.vendor_member).get(url).status_code == 403
    page = text_of(as_(world.vendor_lead).get(url))
    assert "planned a phase" in page and "Discovery" in page and "Client Lead" in page
    partnership_page = text_of(
        as_(world.client_member).get(f"/partnerships/{world.partnership.id}")
    )
    assert url not in partnership_page


def test_the_audit_trail_shows_before_and_after_and_the_gate(world, as_):
    phase = phase_in(world, "review")
    as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", data={**CLIENT_RATINGS, "review-decision": "go"}
    )
    as_(world.vendor_lead).post(
        f"/phases/{phase.id}/reviews", data={**VENDOR_RATINGS, "review-decision": "no_go"}
    )
    page = text_of(as_(world.client_lead).get(f"/partnerships/{world.partnership.id}/audit"))
    assert "gate: the phase stopped" in page
    assert "review → stopped" in page
    assert "the gate (automatic)" in page


def test_the_audit_trail_reads_as_sentences_with_items_named_by_what_they_are(world, as_):
    phase = phase_in(world, "active")
    commitment = commitments.add(
        world.vendor_member, phase, {"title": "Checkout", "due_date": date.today() + timedelta(9)}
    )
    commitments.log_event(
        world.vendor_member,
        commitment,
        {"type": "slip", "new_due_date": date.today() + timedelta(20), "note": "Card provider"},
    )
    statements.add_goal(world.client_lead, phase, {"title": "Faster orders"})
    html = text_of(as_(world.client_lead).get(f"/partnerships/{world.partnership.id}/audit"))
    page = " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]).split()).replace(" : ", ": ")
    assert "logged a slip: the commitment “Checkout”" in page
    assert "added a goal: the goal “Faster orders”" in page
    assert "New due date:" in page  # fields by their label
    for code in ("#", "commitmentevent", "commitment_id", "new_due_date", "due_date"):
        assert code not in page, code


def test_the_audit_trail_is_paginated(world, as_):
    phase = phase_in(world)
    for n in range(55):
        statements.add_goal(world.client_lead, phase, {"title": f"Goal number {n}"})
    total = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    assert total > 50
    url = f"/partnerships/{world.partnership.id}/audit"
    first = text_of(as_(world.client_lead).get(url))
    assert "Goal number 54" in first and "Goal number 0<" not in first
    assert f"{url}?page=2" in first
    second = text_of(as_(world.client_lead).get(f"{url}?page=2"))
    assert "planned a phase" in second
    assert as_(world.client_lead).get(f"{url}?page=99").status_code == 200


# --- The partnership page's phases ---------------------------------------------------------------


def test_the_partnership_page_lists_phases_and_offers_planning_to_leads(world, as_):
    url = f"/partnerships/{world.partnership.id}"
    page = text_of(as_(world.client_lead).get(url))
    assert "No phases yet: a phase is a stretch of work" in page
    assert 'name="plan-name"' in page
    assert 'name="plan-name"' not in text_of(as_(world.client_member).get(url))
    phase_in(world, "active", "One")
    phase_in(world, name="Two")
    page = text_of(as_(world.vendor_lead).get(url))
    assert "badge-active" in page and "badge-planned" in page
    assert "Move earlier" not in page  # the only planned phase has no planned neighbour above
    assert (
        as_(world.vendor_member)
        .post(f"/partnerships/{world.partnership.id}/phases", data={"plan-name": "Three"})
        .status_code
        == 403
    )


# --- Speed ---------------------------------------------------------------------------------------


def queries_of(browser, url: str) -> int:
    statements_seen = []

    def record(*_args):
        statements_seen.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert browser.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements_seen)


def add_history(world, phase, n: int) -> None:
    for i in range(n):
        goal = statements.add_goal(world.client_lead, phase, {"title": f"Goal {i}"})
        statements.edit_goal(world.client_lead, goal, {"title": f"Goal {i}, restated"})
        directive = statements.send_directive(
            world.client_member,
            phase,
            {"text": f"Request {i}", "channel": "ticket", "goal_id": goal.id},
        )
        statements.respond(world.vendor_member, directive, {"response": "accepted"})
        commitment = lookups.item(Commitment, as_commitment(world, phase))
        commitments.log_event(
            world.vendor_member,
            commitment,
            {"type": "slip", "note": "Later", "new_due_date": today() + timedelta(days=9)},
        )


def forget_everything_loaded(world) -> None:
    """Empty the session, as a new request starts, and load the world's users again."""
    ids = {
        role: world.role(role).id
        for role in ("client_lead", "client_member", "vendor_lead", "vendor_member")
    }
    db.session.expunge_all()
    for role, user_id in ids.items():
        setattr(world, role, db.session.get(User, user_id))


def test_the_phase_page_query_count_stays_flat_as_the_history_grows(world, as_):
    phase_id = phase_in(world, "active").id
    browser = as_(world.vendor_member)
    add_history(world, db.session.get(Phase, phase_id), 1)
    forget_everything_loaded(world)
    small = queries_of(browser, f"/phases/{phase_id}")
    forget_everything_loaded(world)
    add_history(world, db.session.get(Phase, phase_id), 6)
    forget_everything_loaded(world)
    assert queries_of(browser, f"/phases/{phase_id}") == small != 0
