"""What cannot be taken back asks first, and says what it will do (SPEC §9 "Clear").

A button is a link to its confirmation page (it works without JavaScript); a final form sent
with ``ask_first`` answers a summary to confirm. Nothing changes until the confirmation is sent.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from partnership.extensions import db
from partnership.models import ApiToken, Commitment, Goal
from partnership.services import accounts, commitments, inbox, phases, reviews, statements

from ..helpers import RATINGS, make_user, phase_in, row_counts, today


def text(response) -> str:
    """The page as read: isolates of people's words (<bdi>, U+2068…U+2069) left out."""
    page = html.unescape(re.sub(r"</?bdi>", "", response.get_data(as_text=True)))
    return page.replace("\u2068", "").replace("\u2069", "")


def promise(world, phase, title="Checkout page", days=3):
    return commitments.add(
        world.vendor_lead, phase, {"title": title, "due_date": today() + timedelta(days=days)}
    )


# --- Buttons: a link to a page that asks ---------------------------------------------------------


def test_close_for_review_is_a_link_to_a_page_that_warns_of_the_open_commitments(world, as_):
    phase = phase_in(world, "active")
    promise(world, phase, "Checkout page")
    promise(world, phase, "Order history")
    done = promise(world, phase, "Login")
    commitments.log_event(world.vendor_lead, done, {"type": "delivered", "evidence": "v1.2"})
    lead = as_(world.client_lead)

    page = text(lead.get(f"/phases/{phase.id}"))
    assert f'href="/phases/{phase.id}/close" data-confirm' in page
    assert f'action="/phases/{phase.id}/close"' not in page  # no button that acts at once

    before = row_counts()
    asking = lead.get(f"/phases/{phase.id}/close")
    assert asking.status_code == 200
    words = text(asking)
    assert "Close “Discovery” for review?" in words
    assert "2 commitments are still open" in words
    assert "Checkout page" in words and "Order history" in words and "Login" not in words
    assert "stay in the vendor's inbox and on the next phase's page" in words
    assert f'<form method="post" action="/phases/{phase.id}/close"' in words
    assert row_counts() == before and phase.status == "active"

    lead.post(f"/phases/{phase.id}/close")
    assert phase.status == "review"


def test_the_close_page_of_a_phase_that_cannot_close_says_why_and_offers_no_button(world, as_):
    phase = phase_in(world, "review")
    words = text(as_(world.client_lead).get(f"/phases/{phase.id}/close"))
    assert "Only an active phase can be closed for review" in words
    assert "Close it for review</button>" not in words


def test_a_confirmation_page_is_guarded_like_its_action(world, as_):
    phase = phase_in(world, "active")
    assert as_(world.vendor_member).get(f"/phases/{phase.id}/close").status_code == 403
    assert as_(world.outsider).get(f"/phases/{phase.id}/close").status_code == 404
    assert as_(world.vendor_lead).get(f"/phases/{phase.id}/start").status_code == 403


def test_the_start_page_says_goals_become_scope_changes_and_warns_of_no_goals(world, as_):
    phase = phase_in(world)
    words = text(as_(world.client_lead).get(f"/phases/{phase.id}/start"))
    assert "Start “Discovery”?" in words
    assert "are scope changes" in words
    assert "The phase has no goals yet" in words
    assert phase.status == "planned"


def test_the_start_page_of_a_phase_that_must_wait_says_why(world, as_):
    phase_in(world, "active", "One")
    second = phase_in(world, name="Two")
    words = text(as_(world.client_lead).get(f"/phases/{second.id}/start"))
    assert "a partnership runs one phase at a time" in words
    assert "Start the phase</button>" not in words


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ("planned", "the goal is deleted from the plan"),
        ("active", "the goal stays on record as removed"),
    ],
)
def test_removing_a_goal_asks_first_and_says_what_removal_means_now(world, as_, status, said):
    phase = phase_in(world, status)
    goal = statements.add_goal(world.client_lead, phase, {"title": "Customers reorder"})
    lead = as_(world.client_lead)
    assert f'href="/goals/{goal.id}/remove" data-confirm' in text(lead.get(f"/phases/{phase.id}"))
    words = text(lead.get(f"/goals/{goal.id}/remove"))
    assert "Remove the goal “Customers reorder”?" in words and said in words
    assert db.session.get(Goal, goal.id).removed_at is None
    lead.post(f"/goals/{goal.id}/remove")
    db.session.expire_all()
    gone = db.session.get(Goal, goal.id)
    assert gone is None or gone.removed_at is not None


def test_peoples_words_in_a_question_keep_their_own_direction(world, as_):
    phase = phase_in(world, "active")
    page = as_(world.client_lead).get(f"/phases/{phase.id}/close").get_data(as_text=True)
    assert "Close “\u2068Discovery\u2069” for review?" in page


def test_removing_a_member_asks_first_and_the_last_lead_is_told_why_not(world, as_):
    lead = as_(world.client_lead)
    member = next(m for m in world.partnership.members if m.user_id == world.client_member.id)
    me = next(m for m in world.partnership.members if m.user_id == world.client_lead.id)
    words = text(lead.get(f"/partnerships/{world.partnership.id}/members/{member.id}/remove"))
    assert "Remove Client Member from the partnership?" in words
    assert "will no longer see the partnership" in words
    assert len(world.partnership.members) == 4

    # their own row is leaving, and the side's only lead is told to hand over first
    words = text(lead.get(f"/partnerships/{world.partnership.id}/members/{me.id}/remove"))
    assert "your side's only lead" in words and "Leave the partnership</button>" not in words

    lead.post(f"/partnerships/{world.partnership.id}/members/{member.id}/remove")
    db.session.expire_all()
    assert len(world.partnership.members) == 3


def test_revoking_a_token_asks_first_and_no_one_else_can_see_the_question(world, as_):
    token, _secret = accounts.create_token(world.vendor_lead, "CI pipeline")
    words = text(as_(world.vendor_lead).get(f"/account/tokens/{token.id}/revoke"))
    assert "Revoke the token “CI pipeline”?" in words and "stop working at once" in words
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert as_(world.client_lead).get(f"/account/tokens/{token.id}/revoke").status_code == 404
    as_(world.vendor_lead).post(f"/account/tokens/{token.id}/revoke")
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None


def test_a_set_password_link_is_made_only_once_confirmed(world, as_):
    newcomer = make_user("nadia@example.com", "Nadia")
    newcomer.password_hash = None
    member = world.partnership.members[0].__class__(user=newcomer, side="client", role="member")
    world.partnership.members.append(member)
    db.session.commit()
    path = f"/partnerships/{world.partnership.id}/members/{member.id}/set-password-link"
    words = text(as_(world.client_lead).get(path))
    assert "Make a set-password link for Nadia?" in words and "It works once, for 7 days" in words
    assert newcomer.password_reset_hash is None
    answer = as_(world.client_lead).post(path)
    assert answer.status_code == 200 and "/set-password/" in text(answer)


# --- Final forms: a summary to confirm -----------------------------------------------------------


CLIENT_REVIEW = {
    "review-rating_delivery": "4",
    "review-rating_transparency": "5",
    "review-rating_quality": "4",
    "review-rating_collaboration": "5",
    "review-decision": "go_with_conditions",
    "review-conditions": "The tracking page ships first",
}


def test_a_review_sent_from_the_page_is_summarised_first_and_submitted_once_confirmed(world, as_):
    phase = phase_in(world, "review")
    reviews.submit(world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "no_go"})
    lead = as_(world.client_lead)
    assert 'name="ask_first" value="1"' in text(lead.get(f"/phases/{phase.id}"))

    before = row_counts()
    asking = lead.post(f"/phases/{phase.id}/reviews", data={**CLIENT_REVIEW, "ask_first": "1"})
    assert asking.status_code == 200
    words = text(asking)
    assert "Submit your side's review?" in words
    assert "Go with conditions" in words and "The tracking page ships first" in words
    assert "A review cannot be changed once submitted." in words
    assert "the phase stops (a side said no go)" in words  # the vendor said no go already
    assert row_counts() == before and phase.status == "review"

    sent_again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', words))
    sent_again.pop("csrf_token", None)
    assert "ask_first" not in sent_again
    assert lead.post(f"/phases/{phase.id}/reviews", data=sent_again).status_code == 302
    assert phase.status == "stopped"


def test_change_it_brings_the_review_form_back_filled_in(world, as_):
    phase = phase_in(world, "review")
    answer = as_(world.client_lead).post(
        f"/phases/{phase.id}/reviews", data={**CLIENT_REVIEW, "change": "1"}
    )
    assert answer.status_code == 200
    assert "The tracking page ships first</textarea>" in text(answer)
    assert phase.reviews == []


def test_an_answer_to_a_directive_is_summarised_and_warns_of_scope_on_a_fixed_price(world, as_):
    phase = phase_in(world, "active")
    directive = statements.send_directive(
        world.client_lead,
        phase,
        {"text": "Add a loyalty scheme", "channel": "email", "adds_scope": True},
    )
    words = text(
        as_(world.vendor_lead).post(
            f"/directives/{directive.id}/response",
            data={f"answer-{directive.id}-response": "accepted", "ask_first": "1"},
        )
    )
    assert "Send this answer?" in words and "Add a loyalty scheme" in words
    assert "counts as scope creep" in words
    assert directive.response is None


@pytest.mark.parametrize(("kind", "asks"), [("delivered", True), ("progress", False)])
def test_a_delivery_asks_first_and_a_progress_note_does_not(world, as_, kind, asks):
    phase = phase_in(world, "active")
    commitment = promise(world, phase)
    field = {"delivered": "evidence", "progress": "note"}[kind]
    answer = as_(world.vendor_lead).post(
        f"/commitments/{commitment.id}/events",
        data={
            f"event-{commitment.id}-type": kind,
            f"event-{commitment.id}-{field}": "Release 1.4",
            "ask_first": "1",
        },
    )
    db.session.expire_all()
    logged = db.session.get(Commitment, commitment.id).events
    if asks:
        assert answer.status_code == 200 and "as delivered?" in text(answer)
        assert logged == []
    else:
        assert answer.status_code == 302 and len(logged) == 1


# --- The gate says what each side decided ----------------------------------------------------


def test_the_gate_box_shows_each_decision_and_the_conditions(world, as_):
    phase = phase_in(world, "review")
    reviews.submit(
        world.client_lead,
        phase,
        {
            "ratings": RATINGS["client"],
            "decision": "go_with_conditions",
            "conditions": "The tracking page ships first",
        },
    )
    reviews.submit(world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"})
    words = text(as_(world.client_member).get(f"/phases/{phase.id}"))
    assert "Both sides said go. The next phase may start." not in words
    assert "the go depends on conditions" in words
    gate = words[words.index("Gate: passed") :][:2500]
    assert "The client said:" in gate and "go with conditions" in gate
    assert "The tracking page ships first" in gate
    overview = text(as_(world.client_member).get(f"/partnerships/{world.partnership.id}"))
    assert "the client said go with conditions" in overview
    assert "The client's conditions:" in overview and "The tracking page ships first" in overview


# --- A promise outlives its phase --------------------------------------------------------------


def test_an_open_commitment_stays_in_the_vendors_inbox_and_takes_events_after_the_gate(
    world, api, as_
):
    phase = phase_in(world, "active")
    owed = promise(world, phase, "Checkout page", days=1)
    settled = promise(world, phase, "Login", days=1)
    commitments.log_event(world.vendor_lead, settled, {"type": "delivered", "evidence": "v1"})
    phases.close(world.client_lead, phase)
    reviews.submit(
        world.client_lead,
        phase,
        {"ratings": RATINGS["client"], "decision": "go", "goal_outcomes": {}},
    )
    reviews.submit(world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"})
    assert phase.status == "passed"

    waiting = [i.ids.get("commitment_id") for i in inbox.waiting(world.vendor_lead)]
    assert owed.id in waiting and settled.id not in waiting
    nxt = phase_in(world, name="Next")
    words = text(as_(world.vendor_member).get(f"/phases/{nxt.id}"))
    assert "Still open from an earlier phase: 1 commitment" in words and "Checkout page" in words
    page = text(as_(world.vendor_member).get(f"/phases/{phase.id}"))
    assert "Still open after the gate" in page

    late = api.as_(world.vendor_member).post(
        f"/commitments/{settled.id}/events", json={"type": "progress", "note": "More"}
    )
    assert late.status_code == 409
    assert (
        "after the gate, only a commitment still open takes events" in late.json["error"]["message"]
    )
    delivered = api.as_(world.vendor_member).post(
        f"/commitments/{owed.id}/events", json={"type": "delivered", "evidence": "v1.1"}
    )
    assert delivered.status_code == 201
    assert owed.id not in [i.ids.get("commitment_id") for i in inbox.waiting(world.vendor_lead)]
