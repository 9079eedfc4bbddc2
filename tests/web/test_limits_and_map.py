"""Limits told, never applied in silence; long pages with a map (SPEC §9 "Clear")."""

from __future__ import annotations

import html
import io
import json
import re

import pytest

from partnership.domain.vocabulary import MAX_GOAL_TITLE, MAX_TEXT
from partnership.extensions import db
from partnership.models import Directive, Goal
from partnership.services import export_import, statements

from ..domain.document_builders import valid_document
from ..helpers import login, phase_in, row_counts


def text(response) -> str:
    return html.unescape(re.sub(r"</?bdi>", "", response.get_data(as_text=True)))


# --- A goal's title is short ---------------------------------------------------------------------


def test_a_long_goal_title_is_refused_on_the_page_naming_the_limit_and_where_detail_goes(
    world, as_
):
    phase = phase_in(world)
    before = row_counts()
    long = "Customers " + "x" * 5000
    answer = as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", data={"goal-title": long, "goal-priority": "must"}
    )
    assert answer.status_code == 422
    words = text(answer)
    assert "5,010 characters long; keep it to 200 characters" in words
    assert "put the detail in the success criterion" in words
    assert long in words  # what was typed comes back whole, never cut
    assert row_counts() == before


def test_a_long_goal_title_is_refused_by_the_api_with_its_field(world, api):
    phase = phase_in(world)
    answer = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", json={"title": "t" * (MAX_GOAL_TITLE + 1), "priority": "must"}
    )
    assert answer.status_code == 422
    assert answer.json["error"]["field"] == "title"
    assert "keep it to 200 characters" in answer.json["error"]["message"]
    ok = api.as_(world.client_lead).post(
        f"/phases/{phase.id}/goals", json={"title": "t" * MAX_GOAL_TITLE, "priority": "must"}
    )
    assert ok.status_code == 201


def test_an_older_long_title_stays_while_the_rest_of_the_goal_changes(app, world, api):
    phase = phase_in(world)
    goal = statements.add_goal(world.client_lead, phase, {"title": "Short"})
    goal.title = ("an imported title " * 30).strip()  # history from before the limit
    db.session.commit()
    answer = api.as_(world.client_lead).patch(f"/goals/{goal.id}", json={"priority": "could"})
    assert answer.status_code == 200
    assert db.session.get(Goal, goal.id).priority == "could"
    page = app.test_client()
    login(page, world.client_lead.email)
    kept = page.post(f"/goals/{goal.id}/edit", data={"title": goal.title, "priority": "must"})
    assert kept.status_code == 302
    retitled = page.post(
        f"/goals/{goal.id}/edit", data={"title": goal.title + " and more", "priority": "must"}
    )
    assert retitled.status_code == 422
    assert "keep it to 200 characters" in text(retitled)


# --- Limits are told -----------------------------------------------------------------------------


def test_no_field_has_a_maxlength_that_would_cut_what_is_typed(world, as_):
    phase = phase_in(world, "active")
    for user, path in [
        (world.client_lead, f"/phases/{phase.id}"),
        (world.vendor_lead, f"/phases/{phase.id}"),
        (world.client_lead, f"/partnerships/{world.partnership.id}"),
        (world.client_lead, "/partnerships/new"),
        (world.client_lead, f"/partnerships/{world.partnership.id}/edit"),
        (world.client_lead, "/account/"),
    ]:
        assert "maxlength" not in as_(user).get(path).get_data(as_text=True), path


def test_text_areas_say_their_limit_and_carry_it_for_the_live_counter(world, as_):
    phase = phase_in(world, "active")
    page = as_(world.client_lead).get(f"/phases/{phase.id}").get_data(as_text=True)
    area = re.search(r'<textarea[^>]*id="directive-text"[^>]*>', page).group(0)
    assert 'data-limit="5000"' in area and 'aria-describedby="directive-text-count"' in area
    counter = re.search(r'<div[^>]*id="directive-text-count"[^>]*>([^<]*)</div>', page)
    assert counter.group(1).strip() == "Up to 5,000 characters."  # the no-JavaScript hint
    assert 'data-limit="200"' in re.search(r'<input[^>]*id="goal-title"[^>]*>', page).group(0)


def test_a_text_over_the_limit_is_refused_whole_with_the_limit_named(world, as_):
    phase = phase_in(world, "active")
    typed = "Please " + "y" * MAX_TEXT
    answer = as_(world.client_member).post(
        f"/phases/{phase.id}/directives",
        data={"directive-text": typed, "directive-channel": "ticket"},
    )
    assert answer.status_code == 422
    words = text(answer)
    assert "This is 5,007 characters long; at most 5,000 characters are allowed." in words
    assert typed in words
    assert db.session.query(Directive).count() == 0


def test_the_limit_is_named_in_the_readers_language_with_its_numbers(world, as_, app):
    world.client_lead.language = "sv"
    db.session.commit()
    phase = phase_in(world, "active")
    answer = as_(world.client_lead).post(
        f"/phases/{phase.id}/directives",
        data={"directive-text": "y" * (MAX_TEXT + 1), "directive-channel": "ticket"},
    )
    assert "5\xa0001" in text(answer)  # Swedish groups digits with a no-break space


# --- The phase page has a map --------------------------------------------------------------------


def test_the_phase_page_opens_with_a_map_of_its_parts(world, as_):
    phase = phase_in(world, "active")
    page = as_(world.client_lead).get(f"/phases/{phase.id}").get_data(as_text=True)
    start = page.index('aria-label="On this page"')
    for anchor in ("#goals-heading", "#directives-heading", "#commitments-heading"):
        assert page.index(f'href="{anchor}"', start) < page.index('id="goals-heading"')
    assert 'href="#reviews-heading"' in page[start:]


def test_when_it_is_the_readers_turn_to_review_the_map_leads_to_the_form(world, as_):
    phase = phase_in(world, "review")
    page = as_(world.vendor_lead).get(f"/phases/{phase.id}").get_data(as_text=True)
    link = page.index('href="#review-form"')
    assert link < page.index('id="goals-heading"') < page.index('id="review-form"')
    # sent back (refused, or "Change it"), the form is where the reader left it
    assert f'action="/phases/{phase.id}/reviews#review-form"' in page
    member = as_(world.vendor_member).get(f"/phases/{phase.id}").get_data(as_text=True)
    assert 'href="#review-form"' not in member  # not a lead: not their turn


def test_the_live_reading_of_a_goal_is_next_to_its_text_above_the_button(world, as_):
    phase = phase_in(world)
    page = as_(world.client_lead).get(f"/phases/{phase.id}").get_data(as_text=True)
    criterion = page.index('id="goal-success_criterion"')
    hint = page.index('data-hint-for="goal-title,goal-success_criterion"')
    button = page.index('name="goal-submit"')
    assert criterion < hint < button


@pytest.mark.parametrize(("phases", "said"), [(1, "with 1 phase."), (2, "with 2 phases.")])
def test_the_import_flash_counts_phases_in_good_grammar(world, as_, phases, said):
    document = valid_document()
    document["phases"] = document["phases"][:phases]
    answer = as_(world.client_lead).post(
        "/import",
        data={"document": (io.BytesIO(json.dumps(document).encode()), "h.json")},
        content_type="multipart/form-data",
    )
    if answer.status_code != 302:  # a document of fewer phases must still be valid
        pytest.skip(text(answer)[:300])
    assert said in text(as_(world.client_lead).get(answer.location))


def test_the_import_page_says_the_button_is_at_work_while_sending(world, as_):
    page = text(as_(world.client_lead).get("/import"))
    assert 'data-sending="Importing… a long history takes a few seconds"' in page


def test_export_import_leaves_a_long_title_of_history_as_it_was(world):
    document = valid_document()
    document["phases"][0]["goals"][0]["title"] = "A title of history " * 20
    imported = export_import.import_document(world.client_lead, document)
    assert imported.phases[0].goals[0].title == "A title of history " * 20
