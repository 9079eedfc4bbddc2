"""Search a partnership's goals, directives and commitments (SPEC §9 "Clear")."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from partnership.extensions import db
from partnership.services import commitments, statements

from ..helpers import World, login, phase_in, today


@pytest.fixture
def member(app, world):
    client = app.test_client()
    assert login(client, world.client_member.email).status_code == 302
    return client


def text(response) -> str:
    return html.unescape(re.sub(r"</?(bdi|mark)>", "", response.get_data(as_text=True)))


def search(client, world, q, **params):
    return client.get(
        f"/partnerships/{world.partnership.id}/search", query_string={"q": q, **params}
    )


def promise(world, phase, title):
    return commitments.add(
        world.vendor_lead, phase, {"title": title, "due_date": today() + timedelta(days=3)}
    )


@pytest.fixture
def history(world):
    done = phase_in(world, "active", "Discovery")
    statements.add_goal(
        world.client_lead,
        done,
        {"title": "Customers reorder", "success_criterion": "A third of ORDERS are repeats"},
    )
    statements.send_directive(
        world.client_lead, done, {"text": "Keep the order page fast", "channel": "ticket"}
    )
    promise(world, done, "Order history page")
    promise(world, done, "Login with SSO")
    return done


def test_search_finds_goals_by_title_or_criterion_directives_and_commitments(
    world, member, history
):
    words = text(search(member, world, "order"))
    assert "3 goals, directives and commitments hold “order”." in words
    assert "Customers reorder" in words and "Keep the order page fast" in words
    assert "Order history page" in words and "Login with SSO" not in words
    found = search(member, world, "repeats").get_data(as_text=True)
    assert "<mark>repeats</mark>" in found  # the place is marked
    assert f'href="/phases/{history.id}#goal-' in found


def test_search_never_shows_another_partnerships_items(app, world, member, history):
    other = World.build(prefix="other.")
    phase = phase_in(other, "active", "Elsewhere")
    promise(other, phase, "Order secret plan")
    assert "Order secret plan" not in text(search(member, world, "order"))


def test_percent_and_underscore_mean_themselves(world, member, history):
    promise(world, history, "Cut costs by 10% a_year")
    assert "1 goal, directive or commitment holds" in text(search(member, world, "10% a_"))
    # unescaped, "n_w" would match "Login with SSO" (_ is any one character in LIKE)
    assert "0 goals, directives and commitments hold" in text(search(member, world, "n_w"))


def test_results_are_paginated_in_a_fixed_number_of_queries(app, world, member, history):
    for n in range(23):
        promise(world, history, f"Report {n:02d}")
    first = text(search(member, world, "report"))
    assert "23 goals, directives and commitments hold “report”." in first
    assert "Page 1 of 2." in first and first.count("Report ") == 20
    second = text(search(member, world, "report", page=2))
    assert second.count("Report ") == 3
    beyond = text(search(member, world, "report", page=99999999))
    assert "Page 2 of 2." in beyond

    def queries(q):
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert search(member, world, q).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    assert queries("report") == queries("Report 07")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("a\x00b", "contains control characters"),
        ("x" * 201, "at most 200 characters are allowed"),
    ],
)
def test_odd_searches_are_refused_in_words_never_a_500(world, member, history, typed, said):
    answer = search(member, world, typed)
    assert answer.status_code == 422
    assert said in text(answer)


def test_a_lone_surrogate_or_broken_utf8_in_the_address_is_never_a_500(world, member, history):
    for raw in ("%ED%A0%80", "%FF%FE", "%C3", "%F0%9F%98%80order"):
        answer = member.get(f"/partnerships/{world.partnership.id}/search?q={raw}")
        assert answer.status_code in (200, 422), raw


def test_an_empty_search_says_what_to_type(world, member, history):
    answer = search(member, world, "   ")
    assert answer.status_code == 200
    assert "Type a few words" in text(answer)


def test_only_members_search(app, world, history):
    outsider = app.test_client()
    login(outsider, world.outsider.email)
    assert search(outsider, world, "order").status_code == 404


def test_the_partnership_page_has_the_search_box(world, member):
    page = member.get(f"/partnerships/{world.partnership.id}").get_data(as_text=True)
    assert f'action="/partnerships/{world.partnership.id}/search"' in page
    assert 'role="search"' in page
